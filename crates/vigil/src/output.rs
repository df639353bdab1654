//! Event printers: the table here; JSONL, CSV and GDELT 2.0's 61-column event TSV from
//! `vigil_analysis::export`, which `vigil serve` shares.

use std::io::{self, Write};
use vigil_core::{Actor, Event};

/// Output format for event listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    /// Aligned columns for a terminal.
    Table,
    /// One JSON object per line (the data model).
    Jsonl,
    /// Comma-separated values with a header.
    Csv,
    /// GDELT 2.0 event table layout: 61 tab-separated columns, no header.
    Gdelt,
}

/// Writes events in `format`. `published` gives an event's article date when it has no own date.
pub fn write_events(
    out: &mut dyn Write,
    events: &[Event],
    format: EventFormat,
    url_of: &dyn Fn(&str) -> Option<String>,
) -> io::Result<()> {
    match format {
        EventFormat::Jsonl => vigil_analysis::export::write_jsonl(out, events)?,
        EventFormat::Table => write_table(out, events)?,
        EventFormat::Csv => vigil_analysis::export::write_csv(out, events)?,
        EventFormat::Gdelt => vigil_analysis::export::write_gdelt(out, events, url_of)?,
    }
    Ok(())
}

fn actor_label(a: &Option<Actor>) -> String {
    match a {
        Some(a) if !a.code.is_empty() => a.code.clone(),
        Some(a) => a.text.clone(),
        None => "-".into(),
    }
}

fn date_label(e: &Event) -> String {
    match &e.date {
        Some(d) => d.value.clone(),
        None => "-".into(),
    }
}

fn write_table(out: &mut dyn Write, events: &[Event]) -> io::Result<()> {
    writeln!(
        out,
        "{:<16} {:<12} {:<14} {:<5} {:<14} {:<12} {:<12} {:<16}",
        "ID", "DATE", "SOURCE", "CAMEO", "TARGET", "PLOVER", "MODALITY", "PLACE"
    )?;
    for e in events {
        writeln!(
            out,
            "{:<16} {:<12} {:<14} {:<5} {:<14} {:<12} {:<12} {:<16}",
            e.id,
            date_label(e),
            truncate(&actor_label(&e.source), 14),
            e.cameo,
            truncate(&actor_label(&e.target), 14),
            e.plover.as_deref().unwrap_or("-"),
            e.modality.as_str(),
            truncate(e.place.as_ref().map(|p| p.name.as_str()).unwrap_or("-"), 16),
        )?;
    }
    Ok(())
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}
