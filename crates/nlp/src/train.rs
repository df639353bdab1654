//! Training entry point behind `vigil train tagger|parser`: deterministic (fixed seeds, sorted
//! tables), reads a UD treebank directory, writes model files into the models directory.

use crate::annotate::{load_parser, save_parser, Nlp, TaggerBundle};
use crate::conllu::{self, UdSentence};
use crate::eval::eval_sentences;
use crate::lemma::Lemmatizer;
use crate::model_io::{LEMMA_LIST_FILE, PARSER_FILE, TAGGER_FILE};
use crate::parser::{Parser, ParserOptions};
use crate::tagger::{Tagger, TaggerOptions};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// Which model to train.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainTarget {
    /// POS tagger and lemmatiser (`tagger.bin.gz`).
    Tagger,
    /// Dependency parser (`parser.bin.gz`); uses the tagger in the output directory for
    /// predicted tags when one exists.
    Parser,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Tagger settings.
    pub tagger: TaggerOptions,
    /// Parser settings.
    pub parser: ParserOptions,
    /// Folds for jackknifed training tags for the parser (0 or 1: tag train with the final
    /// tagger instead).
    pub jackknife: usize,
    /// Epochs of the fold taggers that produce the parser's jackknifed training tags.
    pub jackknife_epochs: usize,
    /// Print progress lines to stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger: TaggerOptions::default(),
            parser: ParserOptions::default(),
            jackknife: 4,
            jackknife_epochs: 20,
            verbose: true,
        }
    }
}

impl TrainOptions {
    /// Overrides the number of epochs for both models.
    pub fn with_epochs(mut self, epochs: usize) -> TrainOptions {
        self.tagger.epochs = epochs;
        self.parser.epochs = epochs;
        self
    }
}

/// Finds the `*-ud-{split}.conllu` file in a treebank directory.
pub fn treebank_file(dir: &Path, split: &str) -> Option<PathBuf> {
    let suffix = format!("-ud-{split}.conllu");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(&suffix))
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// Trains `target` from `treebank_dir` (a UD directory with `*-ud-train.conllu`, optionally
/// `*-ud-dev.conllu` for a report) and writes the model into `out_dir`. Returns a summary.
pub fn train(
    target: TrainTarget,
    treebank_dir: &Path,
    out_dir: &Path,
    opts: &TrainOptions,
) -> anyhow::Result<String> {
    let train_path = treebank_file(treebank_dir, "train")
        .with_context(|| format!("no *-ud-train.conllu in {}", treebank_dir.display()))?;
    let train = conllu::read(&train_path)?;
    anyhow::ensure!(
        !train.is_empty(),
        "{} has no sentences",
        train_path.display()
    );
    let dev = match treebank_file(treebank_dir, "dev") {
        Some(p) => conllu::read(&p)?,
        None => Vec::new(),
    };
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let verbose = opts.verbose;
    let mut log = |s: &str| {
        if verbose {
            eprintln!("{s}");
        }
    };
    let start = std::time::Instant::now();
    let (path, nlp) = match target {
        TrainTarget::Tagger => {
            let bundle = train_tagger(&train, out_dir, &opts.tagger, &mut log)?;
            let path = out_dir.join(TAGGER_FILE);
            bundle.save(&path)?;
            let parser = load_parser(&out_dir.join(PARSER_FILE)).ok();
            (path, Nlp::from_parts(Some(bundle), parser))
        }
        TrainTarget::Parser => {
            let tagger = TaggerBundle::load(&out_dir.join(TAGGER_FILE)).ok();
            let tagged = predicted_tags(&train, tagger.as_ref(), out_dir, opts, &mut log)?;
            let parser = Parser::train(&tagged, &opts.parser, &mut log)?;
            let path = out_dir.join(PARSER_FILE);
            save_parser(&parser, &path)?;
            (path, Nlp::from_parts(tagger, Some(parser)))
        }
    };
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let mut summary = format!(
        "trained {:?} on {} sentences in {:.1}s -> {} ({} bytes)",
        target,
        train.len(),
        start.elapsed().as_secs_f64(),
        path.display(),
        size
    );
    if !dev.is_empty() && nlp.has_tagger() {
        let m = eval_sentences(&nlp, &dev);
        summary.push_str(&format!("; dev: {m}"));
    }
    Ok(summary)
}

fn lemma_list(out_dir: &Path) -> String {
    let own = out_dir.join(LEMMA_LIST_FILE);
    std::fs::read_to_string(&own)
        .or_else(|_| {
            std::fs::read_to_string(
                vigil_core::paths::data_dir()
                    .join("models")
                    .join(LEMMA_LIST_FILE),
            )
        })
        .unwrap_or_default()
}

fn train_tagger(
    train: &[UdSentence],
    out_dir: &Path,
    opts: &TaggerOptions,
    log: &mut dyn FnMut(&str),
) -> anyhow::Result<TaggerBundle> {
    let tagger = Tagger::train(train, opts, log);
    let words = train.iter().flatten().map(|w| {
        (
            w.form.as_str(),
            w.upos.as_str(),
            w.xpos.as_str(),
            w.lemma.as_str(),
        )
    });
    let lemmatizer = Lemmatizer::train(words, &lemma_list(out_dir));
    Ok(TaggerBundle { tagger, lemmatizer })
}

/// Training sentences with the tags a tagger predicts (jackknifed when requested), so the
/// parser learns from the same noisy tags it sees at run time.
pub fn predicted_tags(
    train: &[UdSentence],
    tagger: Option<&TaggerBundle>,
    out_dir: &Path,
    opts: &TrainOptions,
    log: &mut dyn FnMut(&str),
) -> anyhow::Result<Vec<UdSentence>> {
    let mut out = train.to_vec();
    let k = opts.jackknife;
    if k >= 2 && train.len() >= k * 2 {
        for fold in 0..k {
            let rest: Vec<UdSentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| s.clone())
                .collect();
            let mut quiet = |_: &str| {};
            // Single-pass fold taggers keep parser training affordable; their tags are only
            // slightly noisier than the shipped tagger's.
            let fold_opts = TaggerOptions {
                two_pass_folds: 0,
                epochs: opts.jackknife_epochs,
                ..opts.tagger.clone()
            };
            let t = Tagger::train(&rest, &fold_opts, &mut quiet);
            for (_, s) in out.iter_mut().enumerate().filter(|(i, _)| i % k == fold) {
                retag(&t, s);
            }
            log(&format!("jackknife fold {}/{} tagged", fold + 1, k));
        }
        let _ = out_dir;
    } else if let Some(tb) = tagger {
        for s in out.iter_mut() {
            retag(&tb.tagger, s);
        }
    }
    Ok(out)
}

fn retag(t: &Tagger, s: &mut UdSentence) {
    let words: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
    let tags: Vec<(String, String)> = t
        .tag(&words)
        .into_iter()
        .map(|(u, x)| (u.to_string(), x.to_string()))
        .collect();
    for (w, (u, x)) in s.iter_mut().zip(tags) {
        w.upos = u;
        w.xpos = x;
    }
}
