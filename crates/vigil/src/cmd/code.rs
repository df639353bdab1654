//! `vigil code`: articles in, events out, no store.

use crate::output::{write_events, EventFormat};
use anyhow::Result;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_core::Document;
use vigil_ingest::{expand_inputs, stream_input, IngestOptions, Item};
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};

/// Arguments of `vigil code`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = EventFormat::Jsonl)]
    format: EventFormat,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = IngestOptions::default().max_bytes)]
    max_bytes: u64,
    /// Extra dictionary directory (repeatable).
    #[arg(long = "dict", value_name = "DIR")]
    dicts: Vec<PathBuf>,
    /// Drop events whose calibrated confidence is below this (0-1); default: the cut chosen on
    /// dev data (`data/models/calibration.tsv`), the same one `analyze`, the worker and Python's
    /// `Coder` apply.
    #[arg(long, value_name = "P", value_parser = super::parse_confidence)]
    min_confidence: Option<f64>,
    /// Files, directories or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Loads the full pipeline, printing its warnings once.
pub fn load_pipeline(data_dir: &Path, dicts: &[PathBuf], depth: Depth) -> Result<Pipeline> {
    let p = Pipeline::load(
        &PipelineOptions {
            data_dir: data_dir.to_path_buf(),
            extra_dictionaries: dicts.to_vec(),
        },
        depth,
    )?;
    for w in p.warnings() {
        eprintln!("warning: {w}");
    }
    Ok(p)
}

/// Documents coded in parallel per round; events of a round are written before the next is read.
const ROUND: usize = 512;

/// Codes one round of documents on all cores and writes their events in input order; returns
/// (documents coded, documents failed).
fn code_round(
    pipeline: &Pipeline,
    docs: Vec<Document>,
    format: EventFormat,
    out: &mut dyn Write,
) -> Result<(usize, usize)> {
    let urls: BTreeMap<String, String> = docs
        .iter()
        .filter_map(|d| d.url.clone().map(|u| (d.id.clone(), u)))
        .collect();
    // Parallel over documents, output in input order: same input, same bytes out.
    let results: Vec<_> = docs.into_par_iter().map(|d| pipeline.process(d)).collect();
    let (mut ok, mut failed) = (0, 0);
    let mut all = Vec::new();
    for r in results {
        match r {
            Ok(ad) => {
                ok += 1;
                for n in &ad.notes {
                    eprintln!("note {}: {n}", ad.doc.id);
                }
                all.extend(ad.events);
            }
            Err(e) => {
                eprintln!("failed: {e:#}");
                failed += 1;
            }
        }
    }
    let url_of = |id: &str| urls.get(id).cloned();
    write_events(out, &all, format, &url_of)?;
    Ok((ok, failed))
}

/// Runs `vigil code`. JSONL and GDELT output is streamed in rounds (bounded memory for any
/// input size); the table and CSV have one header, so their rows are coded in one round.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let mut pipeline = load_pipeline(data_dir, &a.dicts, Depth::Full)?;
    if let Some(c) = a.min_confidence {
        pipeline.set_min_confidence(c);
    }
    let opts = IngestOptions {
        max_bytes: a.max_bytes,
    };
    let round = match a.format {
        EventFormat::Jsonl | EventFormat::Gdelt => ROUND,
        EventFormat::Table | EventFormat::Csv => usize::MAX,
    };
    let (inputs, missing) = expand_inputs(&a.paths);
    let mut rejected = missing.len();
    for r in &missing {
        eprintln!("rejected {r}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut ok = 0usize;
    let mut docs = Vec::new();
    for item in inputs.iter().flat_map(|i| stream_input(i, &opts)) {
        match item {
            Item::Doc(d) => docs.push(d.doc),
            Item::Rejected(r) => {
                eprintln!("rejected {r}");
                rejected += 1;
            }
        }
        if docs.len() >= round {
            let (o, f) = code_round(&pipeline, std::mem::take(&mut docs), a.format, &mut out)?;
            ok += o;
            rejected += f;
        }
    }
    let (o, f) = code_round(&pipeline, docs, a.format, &mut out)?;
    ok += o;
    rejected += f;
    out.flush()?;
    Ok(if ok == 0 && rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
