//! One module per subcommand.

pub mod analysis;
pub mod analyze;
pub mod bench;
pub mod code;
pub mod eval;
pub mod events;
pub mod explain;
pub mod export;
pub mod ingest;
pub mod plv;
pub mod search;
pub mod serve;
pub mod show;
pub mod train;
pub mod worker;

use anyhow::{Context, Result};
use std::path::Path;
use vigil_store::AnyStore;

/// Opens (creating if missing) the store for writing, with the path in the error: a SQLite
/// file or a `postgres://` URL.
pub fn open_store(db: &Path) -> Result<AnyStore> {
    vigil_store::open(db)
        .with_context(|| format!("opening store {}", vigil_store::display_name(db)))
}

/// Opens an existing store for a query command: never creates or modifies it.
pub fn open_store_read(db: &Path) -> Result<AnyStore> {
    vigil_store::open_read_only(db)
        .with_context(|| format!("opening store {}", vigil_store::display_name(db)))
}

/// `--min-confidence` values: a probability.
pub fn parse_confidence(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{s:?} is not a probability between 0 and 1")),
    }
}

/// `--limit` values: SQLite counts rows in an i64, so larger numbers get a clear message.
pub fn parse_limit(s: &str) -> std::result::Result<usize, String> {
    let n: u64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a whole number of rows"))?;
    if n > i64::MAX as u64 {
        return Err(format!("at most {} rows", i64::MAX));
    }
    usize::try_from(n).map_err(|_| format!("at most {} rows", usize::MAX))
}
