//! `cargo run --release -p vigil-coder --example stress -- FILE...`: codes every file (plain
//! text, or Reuters SGML bodies) on the tokenizer-only path to check robustness and speed.

use std::time::Instant;
use vigil_core::Annotator;

fn main() -> anyhow::Result<()> {
    let coder = vigil_coder::Coder::load(&vigil_core::paths::data_dir())?;
    let mut texts = Vec::new();
    for f in std::env::args().skip(1) {
        let raw = String::from_utf8_lossy(&std::fs::read(&f)?).into_owned();
        if raw.contains("<BODY>") {
            for part in raw.split("<BODY>").skip(1) {
                texts.push(part.split("</BODY>").next().unwrap_or("").to_string());
            }
        } else {
            texts.push(raw);
        }
    }
    let mut docs: Vec<_> = texts
        .iter()
        .map(|t| vigil_coder::tokenize_only(t))
        .collect();
    let sents: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let t = Instant::now();
    let mut events = 0;
    for d in docs.iter_mut() {
        coder.annotate(d)?;
        events += d.events.len();
    }
    let el = t.elapsed().as_secs_f64();
    eprintln!(
        "{} docs, {sents} sentences, {events} events in {el:.2}s = {:.0} sentences/s",
        docs.len(),
        sents as f64 / el
    );
    Ok(())
}
