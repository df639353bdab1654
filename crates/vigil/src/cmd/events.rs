//! `vigil events`: stored events, filtered, in several formats.

use crate::output::{write_events, EventFormat};
use crate::DbArg;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use std::process::ExitCode;
use vigil_store::EventQuery;

/// Arguments of `vigil events`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EventFormat::Table)]
    format: EventFormat,
    /// Actor code, name or text (case-insensitive substring), source or target.
    #[arg(long)]
    actor: Option<String>,
    /// ISO 3166-1 alpha-3 country of source or target.
    #[arg(long)]
    country: Option<String>,
    /// CAMEO code prefix.
    #[arg(long)]
    cameo: Option<String>,
    /// PLOVER event type (e.g. CONSULT).
    #[arg(long)]
    plover: Option<String>,
    /// Modality: asserted, reported, speculative, negated, hypothetical, future, question.
    #[arg(long)]
    modality: Option<String>,
    /// Only events with coder confidence at least this (0-1).
    #[arg(long, value_parser = super::parse_confidence)]
    min_confidence: Option<f64>,
    /// Only events on or after this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Maximum rows.
    #[arg(long, value_parser = super::parse_limit)]
    limit: Option<usize>,
}

/// Parses a YYYY-MM-DD option.
pub fn parse_day(s: &Option<String>, what: &str) -> Result<Option<NaiveDate>> {
    s.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .with_context(|| format!("--{what} {s:?}: expected YYYY-MM-DD"))
        })
        .transpose()
}

/// Runs `vigil events`.
pub fn run(a: Args) -> Result<ExitCode> {
    let store = super::open_store_read(&a.db.db)?;
    let q = EventQuery {
        actor: a.actor,
        country: a.country,
        cameo: a.cameo,
        plover: a.plover,
        modality: a.modality,
        min_confidence: a.min_confidence,
        since: parse_day(&a.since, "since")?,
        until: parse_day(&a.until, "until")?,
        doc_id: None,
        limit: a.limit,
        cursor: None,
    };
    q.validate().map_err(anyhow::Error::msg)?;
    let events = store.events(&q)?;
    let url_of = |id: &str| store.doc_meta(id).ok().flatten().and_then(|m| m.url);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    write_events(&mut out, &events, a.format, &url_of)?;
    std::io::Write::flush(&mut out)?;
    Ok(ExitCode::SUCCESS)
}
