//! `vigil worker`: a stateless extraction worker on a PostgreSQL store's lease queue.

use crate::DbArg;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use vigil_pipeline::{run_worker, Depth, WorkerOptions};
use vigil_store::PgStore;

/// Arguments of `vigil worker`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: DbArg,
    /// Documents claimed and committed together.
    #[arg(long, default_value_t = 64)]
    batch: usize,
    /// Exit when no document is queued or leased any more (instead of waiting for new ones).
    #[arg(long)]
    exit_when_idle: bool,
    /// Lease length in seconds: a killed worker's documents are taken over after this. A live
    /// worker renews its leases every third of it, however long a batch takes.
    #[arg(long, default_value_t = 300)]
    lease_secs: u64,
    /// Extra dictionary directory (repeatable).
    #[arg(long = "dict", value_name = "DIR")]
    dicts: Vec<PathBuf>,
}

/// Runs `vigil worker`.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    if !vigil_store::is_postgres(&a.db.db) {
        bail!(
            "vigil worker needs --db postgres://user@host:port/db; for a SQLite file use `vigil extract`"
        );
    }
    if a.lease_secs == 0 {
        bail!("--lease-secs must be at least 1");
    }
    let name = vigil_store::display_name(&a.db.db);
    let store = PgStore::open(&a.db.db.to_string_lossy())
        .with_context(|| format!("opening store {name}"))?;
    let pipeline = super::code::load_pipeline(data_dir, &a.dicts, Depth::Full)?;
    let opts = WorkerOptions::new(a.batch, Duration::from_secs(a.lease_secs), a.exit_when_idle);
    let x = run_worker(&store, &pipeline, &opts)?;
    Ok(super::analyze::report_extracted(&x))
}
