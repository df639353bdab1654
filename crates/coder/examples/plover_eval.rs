//! Development driver:
//! `cargo run --release -p vigil-coder --example plover_eval -- [--verbose] [--nlp] [GOLD]`
//! codes the PLOVER gold records, by default with the coder's own tokenizer only, with `--nlp`
//! after vigil-nlp's tokenizer, tagger and (when its model exists) parser; prints the metrics as
//! JSON and reports dictionary load time and coding speed.

use std::path::PathBuf;
use std::time::Instant;
use vigil_core::Annotator;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let gold = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .or_else(|| {
            vigil_core::paths::shared_data_dir()
                .map(|d| d.join("gold/plover/PLOVER_GSR_CAMEO.dev.json"))
        });
    let Some(gold) = gold else {
        eprintln!("no gold file and no ../shared: skipping");
        return Ok(());
    };
    let t = Instant::now();
    let coder = vigil_coder::Coder::load(&vigil_core::paths::data_dir())?;
    let d = coder.dictionaries();
    eprintln!(
        "load: {:.3}s ({} files, {} actor records / {} phrases, {} agent phrases, {} verb blocks, {} verb forms, {} patterns)",
        t.elapsed().as_secs_f64(),
        d.files.len(),
        d.actors.entries.len(),
        d.actors.index.len(),
        d.agents.index.len(),
        d.verbs.blocks.len(),
        d.verbs.forms.len(),
        d.verbs.pattern_count()
    );
    let nlp = if args.iter().any(|a| a == "--nlp") {
        let models = vigil_core::paths::data_dir().join("models");
        let n =
            vigil_nlp::Nlp::load(&models).or_else(|_| vigil_nlp::Nlp::load_tagger_only(&models))?;
        eprintln!("nlp: tagger {} parser {}", n.has_tagger(), n.has_parser());
        Some(n)
    } else {
        None
    };
    let annotate = |text: &str| {
        let mut d = vigil_coder::tokenize_only(text);
        if let Some(n) = &nlp {
            n.annotate(&mut d)?;
        }
        Ok(d)
    };
    let t = Instant::now();
    let v = vigil_coder::eval_plover(&coder, &gold, &annotate, verbose)?;
    eprintln!("eval: {:.3}s", t.elapsed().as_secs_f64());
    println!("{}", serde_json::to_string_pretty(&v)?);
    // speed: code every gold text 20 times (tokenizer + coder)
    let raw = std::fs::read_to_string(&gold)?;
    let recs: Vec<serde_json::Value> = serde_json::from_str(&raw)?;
    let texts: Vec<&str> = recs
        .iter()
        .filter_map(|r| r.get("text")?.as_str())
        .collect();
    let mut docs = Vec::new();
    for t in &texts {
        docs.push(annotate(t)?);
    }
    let sents: usize = docs.iter().map(|d| d.sentences.len()).sum::<usize>() * 20;
    let t = Instant::now();
    for _ in 0..20 {
        for d in docs.iter_mut() {
            coder.annotate(d)?;
        }
    }
    let el = t.elapsed().as_secs_f64();
    eprintln!(
        "coder only: {sents} sentences in {el:.3}s = {:.0} sentences/s ({:.3} ms/sentence)",
        sents as f64 / el,
        1000.0 * el / sents as f64
    );
    Ok(())
}
