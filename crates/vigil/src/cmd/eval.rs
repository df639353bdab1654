//! `vigil eval`: accuracy against gold data from outside the project.

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `vigil eval`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

/// Common eval flags.
#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// Print exactly one JSON object of metrics on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand, Debug)]
enum What {
    /// POS tags and dependencies on UD EWT test (gold tokenisation): upos, xpos, uas, las.
    Ud {
        #[command(flatten)]
        c: Common,
        /// CoNLL-U file (default: EWT test in ../shared).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Named entities, entity-level exact match (conlleval): precision, recall, f1.
    Ner {
        #[command(flatten)]
        c: Common,
        /// CoNLL/IOB file (default: CoNLL++ test in ../shared).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Time expressions, TempEval-3 scoring on TimeML files.
    Time {
        #[command(flatten)]
        c: Common,
        /// Directory of .tml files (default: TBAQ in ../shared).
        #[arg(long)]
        timeml: Option<PathBuf>,
    },
    /// Toponym recognition and resolution: acc_161km, country_acc, mean_km, recall.
    Geo {
        #[command(flatten)]
        c: Common,
        /// GeoWebNews, GeoVirus or LGL/TR-News XML (default: GeoWebNews in ../shared).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Event coding against PLOVER gold records.
    Plover {
        #[command(flatten)]
        c: Common,
        /// PLOVER gold JSON array (default: the dev half in ../shared).
        #[arg(long)]
        gold: Option<PathBuf>,
        /// Print per-record misses on stderr.
        #[arg(long)]
        verbose: bool,
    },
    /// Dictionary-language conformance: PETRARCH-1's unit-test suite with its own
    /// dictionaries and supplied parses, exact match of the expected events.
    Petrarch {
        #[command(flatten)]
        c: Common,
        /// Suite directory (default: conformance/petrarch1 in ../shared).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Add every record's expected and produced events to the output.
        #[arg(long)]
        verbose: bool,
    },
    /// Learned event typing on PLV sentences (marked pair + PLOVER type), cross-validated:
    /// type_accuracy (pair given), pair_recall, pair_accuracy, type_accuracy_when_found.
    Plv {
        #[command(flatten)]
        c: Common,
        /// PLV TSV file (default: PLV_train.tsv in ../shared).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Cross-validation folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Leave out the dictionary's verdict (CAMEO root, PLOVER type) as features.
        #[arg(long)]
        no_dictionary_features: bool,
        /// Training iterations (default: the shipped setting).
        #[arg(long)]
        iterations: Option<usize>,
        /// L2 penalty (default: the shipped setting).
        #[arg(long)]
        l2: Option<f32>,
        /// AdaGrad step size (default: the shipped setting).
        #[arg(long)]
        learning_rate: Option<f32>,
    },
}

/// A default gold file under `../shared/data`, or a clear error.
pub fn shared_file(rel: &str) -> Result<PathBuf> {
    match vigil_core::paths::shared_data_dir() {
        Some(d) if d.join(rel).exists() => Ok(d.join(rel)),
        _ => bail!(
            "gold data {rel} not found: it lives in ../shared/data beside the repository \
             (or set VIGIL_SHARED, or pass the file explicitly)"
        ),
    }
}

/// Prints metrics: JSON when asked, else `key value` lines.
pub fn print_metrics(v: &serde_json::Value, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(v)?);
    } else if let Some(o) = v.as_object() {
        for (k, val) in o {
            match val {
                serde_json::Value::Number(n) => println!("{k:<24} {n}"),
                serde_json::Value::String(s) => println!("{k:<24} {s}"),
                other => println!("{k:<24} {other}"),
            }
        }
    }
    Ok(())
}

/// Runs `vigil eval`.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let models = data_dir.join("models");
    let (metrics, json) = match a.what {
        What::Ud { c, data } => {
            let file = match data {
                Some(f) => f,
                None => shared_file("treebank/ud-english-ewt/en_ewt-ud-test.conllu")?,
            };
            (vigil_nlp::eval_ud(&models, &file)?, c.json)
        }
        What::Ner { c, data } => {
            let file = match data {
                Some(f) => f,
                None => shared_file("ner/conll2003/conllpp_test.txt")?,
            };
            let ner = vigil_ner::Ner::load(&models, data_dir)?;
            (vigil_ner::eval_conll(&ner, &file)?, c.json)
        }
        What::Time { c, timeml } => {
            let dir = match timeml {
                Some(d) => d,
                None => shared_file("time/tempeval3")?,
            };
            (vigil_time::eval_timeml(&dir)?, c.json)
        }
        What::Geo { c, data } => {
            let file = match data {
                Some(f) => f,
                None => shared_file("geo/geowebnews/GWN.xml")?,
            };
            let geo = vigil_geo::Geocoder::load(data_dir)?;
            let nlp = vigil_nlp::Nlp::load(&models).ok();
            let ner = vigil_ner::Ner::load(&models, data_dir).ok();
            let finder = |text: &str| location_spans(nlp.as_ref(), ner.as_ref(), text);
            let finder_ref: Option<vigil_geo::eval::NerFn<'_>> = if nlp.is_some() && ner.is_some() {
                Some(&finder)
            } else {
                None
            };
            (vigil_geo::eval_geo(&geo, &file, finder_ref)?, c.json)
        }
        What::Plover { c, gold, verbose } => {
            let gold = match gold {
                Some(g) => g,
                None => shared_file("gold/plover/PLOVER_GSR_CAMEO.dev.json")?,
            };
            (
                super::explain::eval_plover(data_dir, &gold, verbose)?,
                c.json,
            )
        }
        What::Petrarch { c, dir, verbose } => {
            let dir = match dir.or_else(|| {
                vigil_core::paths::shared_data_dir().map(|d| d.join("conformance/petrarch1"))
            }) {
                Some(d) if d.is_dir() => d,
                _ => {
                    eprintln!("skipped: conformance/petrarch1 not found in ../shared/data");
                    return Ok(ExitCode::SUCCESS);
                }
            };
            (
                vigil_coder::conformance::eval_petrarch(&dir, verbose)?,
                c.json,
            )
        }
        What::Plv {
            c,
            data,
            folds,
            no_dictionary_features,
            iterations,
            l2,
            learning_rate,
        } => {
            let file = match data {
                Some(f) => f,
                None => shared_file(super::plv::DEFAULT_PLV)?,
            };
            let mut o = vigil_typing::TrainOptions::default();
            o.iterations = iterations.unwrap_or(o.iterations);
            o.l2 = l2.unwrap_or(o.l2);
            o.learning_rate = learning_rate.unwrap_or(o.learning_rate);
            let dict = !no_dictionary_features;
            (super::plv::eval(data_dir, &file, folds, dict, &o)?, c.json)
        }
    };
    print_metrics(&metrics, json)?;
    Ok(ExitCode::SUCCESS)
}

/// Byte spans of LOC entities the NER finds in `text` (tokenised and tagged first).
fn location_spans(
    nlp: Option<&vigil_nlp::Nlp>,
    ner: Option<&vigil_ner::Ner>,
    text: &str,
) -> Vec<(usize, usize)> {
    use vigil_core::{AnnotatedDoc, Annotator, Document};
    let (Some(nlp), Some(ner)) = (nlp, ner) else {
        return Vec::new();
    };
    let mut ad = AnnotatedDoc::new(Document::new(None, text.to_string()));
    if nlp.annotate(&mut ad).is_err() || ner.annotate(&mut ad).is_err() {
        return Vec::new();
    }
    ad.entities
        .iter()
        .filter(|e| e.label == "LOC")
        .map(|e| (e.span.start(), e.span.end()))
        .collect()
}
