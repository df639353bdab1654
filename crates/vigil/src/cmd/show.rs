//! `vigil show`: one event and the words it came from.

use crate::DbArg;
use anyhow::{bail, Result};
use std::process::ExitCode;
use vigil_core::{Actor, Event, Span};

/// Arguments of `vigil show`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Print the event as JSON instead.
    #[arg(long)]
    json: bool,
    /// Event id (from `vigil events`).
    event_id: String,
}

/// The sentence with source as `[S …]`, predicate as `<…>` and target as `[T …]`.
pub fn mark_evidence(text: &str, e: &Event) -> String {
    let sent = e.span;
    let mut marks: Vec<(Span, &str, &str)> = Vec::new();
    if let Some(s) = e.provenance.source {
        marks.push((s, "[S ", "]"));
    }
    if let Some(p) = e.provenance.predicate {
        marks.push((p, "<", ">"));
    }
    if let Some(t) = e.provenance.target {
        marks.push((t, "[T ", "]"));
    }
    // Keep only marks inside the sentence, on char boundaries, and not overlapping each other.
    marks.retain(|(s, _, _)| {
        sent.contains(*s) && text.is_char_boundary(s.start()) && text.is_char_boundary(s.end())
    });
    marks.sort_by_key(|(s, _, _)| (s.start(), s.end()));
    let mut out = String::new();
    let mut pos = sent.start();
    for (s, open, close) in marks {
        if s.start() < pos {
            continue;
        }
        out.push_str(&text[pos..s.start()]);
        out.push_str(open);
        out.push_str(&text[s.start()..s.end()]);
        out.push_str(close);
        pos = s.end();
    }
    if text.is_char_boundary(pos) && text.is_char_boundary(sent.end()) && pos <= sent.end() {
        out.push_str(&text[pos..sent.end()]);
    }
    out.trim().to_string()
}

fn actor_line(a: &Option<Actor>) -> String {
    match a {
        None => "-".into(),
        Some(a) => format!(
            "{:?} -> {} (country {}, sectors {})",
            a.text,
            if a.code.is_empty() { "-" } else { &a.code },
            a.country.as_deref().unwrap_or("-"),
            if a.sectors.is_empty() {
                "-".to_string()
            } else {
                a.sectors.join(",")
            }
        ),
    }
}

/// Runs `vigil show`.
pub fn run(a: Args) -> Result<ExitCode> {
    let store = super::open_store_read(&a.db.db)?;
    let Some(e) = store.event(&a.event_id)? else {
        bail!(
            "no event with id {:?} in {}",
            a.event_id,
            vigil_store::display_name(&a.db.db)
        );
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&e)?);
        return Ok(ExitCode::SUCCESS);
    }
    let doc = store.document(&e.doc_id)?;
    println!("event     {}", e.id);
    if let Some(d) = &doc {
        println!(
            "document  {} {:?} {}",
            d.id,
            d.title.as_deref().unwrap_or("(untitled)"),
            d.published.map(|p| p.to_string()).unwrap_or_default()
        );
        if let Some(u) = &d.url {
            println!("url       {u}");
        }
        println!(
            "sentence  #{} bytes {}..{}",
            e.sentence,
            e.span.start(),
            e.span.end()
        );
        println!("evidence  {}", mark_evidence(&d.text, &e));
    }
    println!(
        "cameo     {} (root {}, quad class {}, goldstein {:+.1})",
        e.cameo, e.root, e.quad_class, e.goldstein
    );
    println!(
        "plover    {} {}",
        e.plover.as_deref().unwrap_or("-"),
        e.plover_mode.as_deref().unwrap_or("")
    );
    println!("source    {}", actor_line(&e.source));
    println!("target    {}", actor_line(&e.target));
    println!(
        "date      {}",
        e.date
            .as_ref()
            .map(|d| format!("{} ({:?})", d.value, d.granularity))
            .unwrap_or_else(|| "-".into())
    );
    println!(
        "place     {}",
        e.place
            .as_ref()
            .map(|p| format!("{} ({})", p.name, p.country.as_deref().unwrap_or("-")))
            .unwrap_or_else(|| "-".into())
    );
    print!("modality  {}", e.modality);
    if let Some(at) = &e.attribution {
        print!(" (by {:?}, cue {:?})", at.text, at.cue);
    }
    println!();
    println!("rule      {}", e.provenance.rule);
    println!(
        "coder     {} (confidence {:.2})",
        e.provenance.coder, e.confidence
    );
    Ok(ExitCode::SUCCESS)
}
