//! Times loading and tagging: `ner_bench MODELS_DIR DATA_DIR CONLL_FILE` (tags every document
//! of the file five times, excluding file reading).
use std::path::Path;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        anyhow::bail!("usage: ner_bench MODELS_DIR DATA_DIR CONLL_FILE");
    }
    let t = Instant::now();
    let gaz = vigil_ner::Gazetteer::load(&Path::new(&args[2]).join("ner"))?;
    let tg = t.elapsed().as_secs_f64();
    let model = vigil_ner::Model::load(&Path::new(&args[1]).join(vigil_ner::MODEL_FILE))?;
    let tm = t.elapsed().as_secs_f64() - tg;
    let ner = vigil_ner::Ner::from_parts(model, gaz)?;
    println!("load: gazetteer {tg:.3} s, model {tm:.3} s");
    let docs = vigil_ner::conll::read_file(Path::new(&args[3]))?;
    let words: Vec<Vec<Vec<&str>>> = docs
        .iter()
        .map(|d| {
            d.iter()
                .map(|s| s.words.iter().map(String::as_str).collect())
                .collect()
        })
        .collect();
    let (mut sents, mut toks) = (0usize, 0usize);
    let t = Instant::now();
    for _ in 0..5 {
        for d in &words {
            let refs: Vec<&[&str]> = d.iter().map(Vec::as_slice).collect();
            let out = ner.tag_doc(&refs);
            sents += out.len();
            toks += out.iter().map(Vec::len).sum::<usize>();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{sents} sentences, {toks} tokens in {secs:.3} s: {:.0} sentences/s, {:.0} tokens/s, {:.1} µs/sentence",
        sents as f64 / secs,
        toks as f64 / secs,
        secs * 1e6 / sents as f64
    );
    Ok(())
}
