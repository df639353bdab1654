//! Trains the NER model: `ner_train CONLL_DIR DATA_DIR OUT_DIR [EPOCHS] [--dev-each-epoch]`.
use std::path::Path;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        anyhow::bail!("usage: ner_train CONLL_DIR DATA_DIR OUT_DIR [EPOCHS] [--dev-each-epoch]");
    }
    let mut opts = vigil_ner::TrainOptions::default();
    if let Some(e) = args.get(4).and_then(|e| e.parse().ok()) {
        opts.epochs = e;
    }
    for a in &args {
        if let Some(v) = a.strip_prefix("--ensemble=") {
            opts.ensemble = v.parse()?;
        }
        if let Some(v) = a.strip_prefix("--prune=") {
            opts.prune = v.parse()?;
        }
        if let Some(v) = a.strip_prefix("--folds=") {
            opts.folds = v.parse()?;
        }
        if let Some(v) = a.strip_prefix("--seed=") {
            opts.seed = v.parse()?;
        }
    }
    opts.include_dev = args.iter().any(|a| a == "--include-dev");
    opts.dev_each_epoch = args.iter().any(|a| a == "--dev-each-epoch");
    let log = vigil_ner::train(
        Path::new(&args[1]),
        Path::new(&args[2]),
        Path::new(&args[3]),
        &opts,
    )?;
    print!("{log}");
    Ok(())
}
