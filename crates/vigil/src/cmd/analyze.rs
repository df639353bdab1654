//! `vigil analyze` (ingest + extract + report) and `vigil extract`.

use super::ingest::ingest_into;
use crate::output::{write_events, EventFormat};
use crate::{progress, DbArg};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_ingest::IngestOptions;
use vigil_pipeline::{extract_pending_with, Depth, Extracted, Pipeline};
use vigil_store::{EventQuery, Store};

/// Arguments of `vigil analyze`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = IngestOptions::default().max_bytes)]
    max_bytes: u64,
    /// Extra dictionary directory (repeatable).
    #[arg(long = "dict", value_name = "DIR")]
    dicts: Vec<PathBuf>,
    /// Store only events whose calibrated confidence is at least this (0-1); default: the cut
    /// chosen on dev data, the same as `vigil code`.
    #[arg(long, value_name = "P", value_parser = super::parse_confidence)]
    min_confidence: Option<f64>,
    /// Rows of the events table in the report.
    #[arg(long, default_value_t = 40)]
    max_events: usize,
    /// Files, directories or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Arguments of `vigil extract`.
#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    #[command(flatten)]
    db: DbArg,
    /// Extra dictionary directory (repeatable).
    #[arg(long = "dict", value_name = "DIR")]
    dicts: Vec<PathBuf>,
}

/// Most events the report of `vigil analyze` loads: the report stays bounded in memory however
/// large the store; `vigil timeline`, `alerts` and `export` read everything.
const REPORT_EVENTS: usize = 50_000;

/// Codes the stored documents still pending, with a progress bar over them.
fn extract_with_bar(store: &mut dyn Store, pipeline: &Pipeline) -> Result<Extracted> {
    let pb = progress::docs_bar(0, "coded");
    let x = extract_pending_with(store, pipeline, &mut |done, total| {
        pb.set_length(total as u64);
        pb.set_position(done as u64);
    })?;
    pb.finish_and_clear();
    Ok(x)
}

/// Runs `vigil extract`.
pub fn run_extract(a: ExtractArgs, data_dir: &Path) -> Result<ExitCode> {
    let mut store = super::open_store(&a.db.db)?;
    let pipeline = super::code::load_pipeline(data_dir, &a.dicts, Depth::Full)?;
    let x = extract_with_bar(store.as_mut(), &pipeline)?;
    Ok(report_extracted(&x))
}

/// Prints what an extraction run did (`extract`, `worker`); failures make the status 1.
pub fn report_extracted(x: &Extracted) -> ExitCode {
    println!(
        "extracted {} events from {} documents, {} failed",
        x.events, x.documents, x.failed
    );
    if x.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `vigil analyze`: streams the inputs, coding each batch of new documents on all cores
/// as it is stored, then codes any older pending documents, then reports.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let mut store = super::open_store(&a.db.db)?;
    let mut pipeline = super::code::load_pipeline(data_dir, &a.dicts, Depth::Full)?;
    if let Some(c) = a.min_confidence {
        pipeline.set_min_confidence(c);
    }
    let opts = IngestOptions {
        max_bytes: a.max_bytes,
    };
    let (sum, mut x) = ingest_into(store.as_mut(), &a.paths, &opts, Some(&pipeline))?;
    x.add(extract_with_bar(store.as_mut(), &pipeline).context("extracting events")?);
    let stats = store.stats()?;
    println!("== Vigil report ({})", vigil_store::display_name(&a.db.db));
    println!(
        "ingested: added {}, duplicate {}, rejected {}; extracted {} events from {} documents ({} failed)",
        sum.added, sum.duplicates, sum.rejected, x.events, x.documents, x.failed
    );
    println!(
        "store: {} documents, {} events",
        stats.documents, stats.events
    );
    let q = EventQuery {
        limit: Some(REPORT_EVENTS),
        ..EventQuery::default()
    };
    let events = store.events(&q)?;
    if stats.events > events.len() {
        println!(
            "(the report below covers the first {} events by date; `vigil timeline`, `alerts` and `export` read all)",
            events.len()
        );
    }
    println!(
        "\n== Events ({} of {})",
        events.len().min(a.max_events),
        stats.events
    );
    let shown: Vec<_> = events.iter().take(a.max_events).cloned().collect();
    let mut out = std::io::stdout().lock();
    write_events(&mut out, &shown, EventFormat::Table, &|_| None)?;
    drop(out);
    super::analysis::print_report(store.as_ref(), &events)?;
    Ok(if x.failed > 0 {
        ExitCode::from(1)
    } else {
        sum.exit_code()
    })
}
