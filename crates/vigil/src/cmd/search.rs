//! `vigil search`: full text over stored articles.

use crate::DbArg;
use anyhow::{Context, Result};
use std::process::ExitCode;
use vigil_store::Store;

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

/// Runs `vigil search`.
pub fn run(a: Args) -> Result<ExitCode> {
    let store = super::open_store_read(&a.db.db)?;
    let q = a.query.join(" ");
    // Limits first, so an empty or oversized query gets its own message, not FTS5's.
    vigil_store::check_search_query(&q)?;
    // Plain words such as "U.S." or "al-Qaeda" are FTS5 syntax errors; when the query does not
    // parse, search for its words as quoted terms instead.
    let hits = match store.search(&q, a.limit) {
        Ok(h) => h,
        Err(first) => {
            let quoted: Vec<String> = q
                .split_whitespace()
                .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                .collect();
            store
                .search(&quoted.join(" "), a.limit)
                .map_err(|_| first)
                .with_context(|| format!("search {q:?}"))?
        }
    };
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
