//! `vigil analyze` (ingest + extract + report) and `vigil extract`.

use super::ingest::{ingest_into, Summary};
use crate::output::{write_events, EventFormat};
use crate::DbArg;
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vigil_ingest::IngestOptions;
use vigil_pipeline::{extract_pending, Depth};
use vigil_store::EventQuery;

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

/// Runs `vigil extract`.
pub fn run_extract(a: ExtractArgs, data_dir: &Path) -> Result<ExitCode> {
    let mut store = super::open_store(&a.db.db)?;
    let pipeline = super::code::load_pipeline(data_dir, &a.dicts, Depth::Full)?;
    let x = extract_pending(store.as_mut(), &pipeline)?;
    println!(
        "extracted {} events from {} documents, {} failed",
        x.events, x.documents, x.failed
    );
    Ok(if x.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Runs `vigil analyze`.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let mut store = super::open_store(&a.db.db)?;
    let pipeline = super::code::load_pipeline(data_dir, &a.dicts, Depth::Full)?;
    let sum: Summary = ingest_into(
        store.as_mut(),
        &a.paths,
        &IngestOptions {
            max_bytes: a.max_bytes,
        },
    )?;
    let x = extract_pending(store.as_mut(), &pipeline).context("extracting events")?;
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
    let events = store.events(&EventQuery::default())?;
    println!(
        "\n== Events ({} of {})",
        events.len().min(a.max_events),
        events.len()
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
