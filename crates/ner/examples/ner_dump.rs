//! Writes `word gold predicted` lines for a CoNLL file (error analysis):
//! `ner_dump MODELS_DIR DATA_DIR FILE`.
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        anyhow::bail!("usage: ner_dump MODELS_DIR DATA_DIR FILE");
    }
    let ner = vigil_ner::Ner::load(Path::new(&args[1]), Path::new(&args[2]))?;
    for doc in vigil_ner::conll::read_file(Path::new(&args[3]))? {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        println!("-DOCSTART- O O\n");
        for (s, p) in doc.iter().zip(ner.tag_doc(&refs)) {
            for ((w, g), p) in s.words.iter().zip(&s.tags).zip(&p) {
                println!("{w} {g} {p}");
            }
            println!();
        }
    }
    Ok(())
}
