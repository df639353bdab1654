//! `vigil export`: the store as a data lake (Parquet by day, GDELT TSV or JSONL), incrementally.
//! The work is `vigil_export`'s; this module parses arguments and prints the summary.

use crate::DbArg;
use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_export::{Format, Options, Since};

/// Export formats on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Apache Parquet, Hive-partitioned by day (`day=YYYY-MM-DD/part-….parquet`).
    Parquet,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header.
    Gdelt,
    /// One event JSON object per line (as `vigil events --format jsonl`).
    Jsonl,
}

/// Arguments of `vigil export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Parquet)]
    format: ExportFormat,
    /// Output directory (created if missing); holds the part files and `_vigil_export.json`.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Only what is new: `last` (since the previous export into DIR), an ingest sequence
    /// number, or an RFC 3339 ingest time (2026-11-29T08:00:00Z).
    #[arg(long, value_name = "WHEN", value_parser = clap::value_parser!(Since))]
    since: Option<Since>,
    /// Export the documents (text and metadata) too, under DIR/documents/.
    #[arg(long)]
    documents: bool,
}

/// Runs `vigil export`.
pub fn run(a: Args) -> Result<ExitCode> {
    let format = match a.format {
        ExportFormat::Parquet => Format::Parquet,
        ExportFormat::Gdelt => Format::Gdelt,
        ExportFormat::Jsonl => Format::Jsonl,
    };
    if a.documents && format == Format::Gdelt {
        anyhow::bail!("--documents needs --format parquet or jsonl (GDELT's table has no place for article text)");
    }
    let store = super::open_store_read(&a.db.db)?;
    let opts = Options {
        format,
        out: a.out,
        since: a.since.unwrap_or(Since::All),
        documents: a.documents,
    };
    let sum = vigil_export::export(store.as_ref(), &opts)?;
    println!(
        "exported {} events from {} documents into {} file(s) in {}{}; next --since last starts after document {}",
        sum.events,
        sum.documents,
        sum.files.len(),
        opts.out.display(),
        match sum.rewritten {
            0 => String::new(),
            n => format!(" ({n} re-extracted chunk(s) rewritten)"),
        },
        sum.last_seq
    );
    if sum.pending_stop {
        eprintln!("note: stopped at a document not extracted yet; run `vigil extract` (or let the workers finish) and export again with --since last");
    }
    Ok(ExitCode::SUCCESS)
}
