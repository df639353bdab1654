//! One module per subcommand.

pub mod analysis;
pub mod analyze;
pub mod bench;
pub mod code;
pub mod eval;
pub mod events;
pub mod explain;
pub mod ingest;
pub mod search;
pub mod serve;
pub mod show;
pub mod train;

use anyhow::{Context, Result};
use std::path::Path;
use vigil_store::SqliteStore;

/// Opens the store, with the path in the error.
pub fn open_store(db: &Path) -> Result<SqliteStore> {
    SqliteStore::open(db).with_context(|| format!("opening store {}", db.display()))
}
