//! `vigil train`: reproduce the shipped models from the shared data, deterministically.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `vigil train`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Which model.
    #[arg(value_enum)]
    what: What,
    /// Output directory (default: the data directory's `models/`).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Training data directory (default: the matching set in ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Override the number of training epochs.
    #[arg(long)]
    epochs: Option<usize>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum What {
    /// POS tagger + lemmatiser, from UD English EWT train.
    Tagger,
    /// Dependency parser, from UD English EWT train (uses the tagger in the output directory).
    Parser,
    /// Named-entity recogniser, from CoNLL-2003 (CoNLL++) train.
    Ner,
    /// Event typing model (PLOVER type of a source-target pair), from the PLV sentences
    /// (`--data FILE`: a PLV TSV).
    Coder,
    /// Event confidence calibration (Platt scaling + default cut), from the PLOVER dev half
    /// (`--data FILE`: a PLOVER gold JSON); writes `calibration.tsv`.
    Calibration,
}

/// Runs `vigil train`.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let out = a.out.unwrap_or_else(|| data_dir.join("models"));
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;
    let summary = match a.what {
        What::Tagger | What::Parser => {
            let dir = match a.data {
                Some(d) => d,
                None => super::eval::shared_file("treebank/ud-english-ewt")?,
            };
            let mut opts = vigil_nlp::TrainOptions::default();
            if let Some(e) = a.epochs {
                opts = opts.with_epochs(e);
            }
            let target = match a.what {
                What::Tagger => vigil_nlp::TrainTarget::Tagger,
                _ => vigil_nlp::TrainTarget::Parser,
            };
            vigil_nlp::train(target, &dir, &out, &opts)?
        }
        What::Ner => {
            let dir = match a.data {
                Some(d) => d,
                None => super::eval::shared_file("ner/conll2003")?,
            };
            let mut opts = vigil_ner::TrainOptions::default();
            if let Some(e) = a.epochs {
                opts.epochs = e;
            }
            vigil_ner::train(&dir, data_dir, &out, &opts)?
        }
        What::Coder => {
            let file = match a.data {
                Some(f) => f,
                None => super::eval::shared_file(super::plv::DEFAULT_PLV)?,
            };
            super::plv::train(data_dir, &file, &out, true)?
        }
        What::Calibration => {
            let file = match a.data {
                Some(f) => f,
                None => super::eval::shared_file("gold/plover/PLOVER_GSR_CAMEO.dev.json")?,
            };
            super::explain::train_calibration(data_dir, &file, &out)?
        }
    };
    println!("{summary}");
    Ok(ExitCode::SUCCESS)
}
