//! Scores a model: `ner_eval MODELS_DIR DATA_DIR FILE...` prints one JSON object per file.
use std::path::Path;
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        anyhow::bail!("usage: ner_eval MODELS_DIR DATA_DIR FILE...");
    }
    let t = Instant::now();
    let ner = vigil_ner::Ner::load(Path::new(&args[1]), Path::new(&args[2]))?;
    eprintln!("loaded in {:.3} s", t.elapsed().as_secs_f64());
    for f in &args[3..] {
        let t = Instant::now();
        let v = vigil_ner::eval_conll(&ner, Path::new(f))?;
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{f}: {:.0} sentences/s, {:.0} tokens/s (incl. reading the file)",
            v["sentences"].as_f64().unwrap_or(0.0) / secs,
            v["tokens"].as_f64().unwrap_or(0.0) / secs
        );
        println!("{}", serde_json::to_string_pretty(&v)?);
    }
    Ok(())
}
