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
    let _ = data_dir;
    let (name, c) = match &a.what {
        What::Ud { c, .. } => ("ud", c),
        What::Ner { c, .. } => ("ner", c),
        What::Time { c, .. } => ("time", c),
        What::Geo { c, .. } => ("geo", c),
        What::Plover { c, .. } => ("plover", c),
    };
    let _ = c;
    bail!("eval {name}: this stage is not built yet")
}
