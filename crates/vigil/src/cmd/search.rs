//! `vigil search`: full text over stored articles.

use crate::DbArg;
use anyhow::{Context, Result};
use std::process::ExitCode;

/// Arguments of `vigil search`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Maximum hits.
    #[arg(long, default_value_t = 20, value_parser = super::parse_limit)]
    limit: usize,
    /// Print hits as JSON lines.
    #[arg(long)]
    json: bool,
    /// Query (SQLite FTS5 syntax: words, "phrases", AND/OR/NOT, prefix*).
    #[arg(required = true)]
    query: Vec<String>,
}

/// The query as an error message shows it: quoted, and cut after 60 characters so that a
/// refused 100 KB query still gives a one-line error.
fn shown_query(q: &str) -> String {
    const SHOWN: usize = 60;
    match q.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{:?}… ({} bytes)", &q[..cut], q.len()),
        None => format!("{q:?}"),
    }
}

/// Runs `vigil search`.
pub fn run(a: Args) -> Result<ExitCode> {
    let store = super::open_store_read(&a.db.db)?;
    let q = a.query.join(" ");
    let hits = store
        .search_words(&q, a.limit)
        .with_context(|| format!("search {}", shown_query(&q)))?;
    for h in &hits {
        if a.json {
            println!("{}", serde_json::to_string(h)?);
        } else {
            println!(
                "{}  {}  {}\n    {}",
                h.doc_id,
                h.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                h.title.as_deref().unwrap_or("(untitled)"),
                h.snippet.replace('\n', " ")
            );
        }
    }
    if hits.is_empty() {
        eprintln!("no matches for {q:?}");
    }
    Ok(ExitCode::SUCCESS)
}
