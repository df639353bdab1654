//! `cargo run -p vigil-coder --example explain -- "SENTENCE"`: the coder's trace on the
//! tokenizer-only path.

fn main() -> anyhow::Result<()> {
    let text = std::env::args().skip(1).collect::<Vec<_>>().join(" ");
    let coder = vigil_coder::Coder::load(&vigil_core::paths::data_dir())?;
    let doc = vigil_coder::tokenize_only(&text);
    print!("{}", coder.explain(&doc));
    Ok(())
}
