//! Connecting and migrating. Writers create and upgrade the schema; readers connect with
//! `default_transaction_read_only=on`, so a query command cannot write even by mistake, and
//! refuse a database without a Vigil schema.

use super::schema::{MIGRATE_LOCK, PG_MIGRATIONS};
use super::{PgStore, Pool};
use crate::{Result, StoreError};
use r2d2_postgres::postgres::{Config, GenericClient, NoTls};
use r2d2_postgres::PostgresConnectionManager;
use std::collections::BTreeSet;
use std::str::FromStr;
use std::sync::Mutex;
use std::time::Duration;

/// Connections a store keeps at most (a CLI process uses one at a time; `serve` more).
const POOL_SIZE: u32 = 4;
/// How long to wait for a connection before reporting the server unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

impl PgStore {
    /// Connects to `url` (`postgres://user@host:port/db`), creating or upgrading the schema.
    pub fn open(url: &str) -> Result<PgStore> {
        let store = PgStore::connect(url, false)?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects to an existing Vigil database for queries only; never creates or changes it.
    pub fn open_read_only(url: &str) -> Result<PgStore> {
        let store = PgStore::connect(url, true)?;
        let found = store.schema_version()?;
        if found == 0 {
            return Err(StoreError::Missing { path: store.name });
        }
        check_version(found)?;
        Ok(store)
    }

    /// Schema version of the database (0 when it holds no Vigil schema).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(version_of(&mut *self.conn()?, &self.name)?.unwrap_or(0))
    }

    fn connect(url: &str, read_only: bool) -> Result<PgStore> {
        let name = redact(url);
        let mut config =
            Config::from_str(url).map_err(|e| StoreError::Connect(format!("{name}: {e}")))?;
        if config.get_application_name().is_none() {
            config.application_name("vigil");
        }
        if read_only {
            let opts = config.get_options().unwrap_or("").to_string();
            config.options(format!("{opts} -c default_transaction_read_only=on").trim());
        }
        let manager = PostgresConnectionManager::new(config, NoTls);
        let pool: Pool = r2d2_postgres::r2d2::Pool::builder()
            .max_size(POOL_SIZE)
            .min_idle(Some(1))
            .connection_timeout(CONNECT_TIMEOUT)
            .build(manager)
            .map_err(|e| StoreError::Connect(format!("{name}: {e}")))?;
        Ok(PgStore {
            pool,
            name,
            months: Mutex::new(BTreeSet::new()),
        })
    }

    /// Brings the schema up to date in one transaction under an advisory lock; the version is
    /// re-read under the lock, so concurrent openers create the tables exactly once.
    fn migrate(&self) -> Result<()> {
        let supported = PG_MIGRATIONS.len() as i64;
        let current = self.schema_version()?;
        check_version(current)?;
        if current == supported {
            return Ok(());
        }
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
        let current = version_of(&mut tx, &self.name)?.unwrap_or(0);
        check_version(current)?;
        for (i, sql) in PG_MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.batch_execute(sql)?;
            let v = (i + 1).to_string();
            tx.execute(
                "INSERT INTO vigil_meta (key, value) VALUES ('schema_version', $1)
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&v],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// The schema version (`None`: no schema yet); another program's `documents` table is refused.
fn version_of(tx: &mut impl GenericClient, name: &str) -> Result<Option<i64>> {
    if !has_table(tx, "vigil_meta")? {
        if has_table(tx, "documents")? {
            return Err(StoreError::NotVigil { path: name.into() });
        }
        return Ok(None);
    }
    let row = tx.query_opt(
        "SELECT value FROM vigil_meta WHERE key = 'schema_version'",
        &[],
    )?;
    Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()))
}

/// Whether the current schema has table `name`. Reads `pg_tables` rather than `to_regclass`:
/// the catalog cache behind the latter may predate a table another process just committed
/// (seen when two writers create a new store at once).
pub(crate) fn has_table(tx: &mut impl GenericClient, name: &str) -> Result<bool> {
    Ok(tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables
                            WHERE schemaname = current_schema() AND tablename = $1)",
            &[&name],
        )?
        .get(0))
}

fn check_version(found: i64) -> Result<()> {
    let supported = PG_MIGRATIONS.len() as i64;
    if found > supported {
        return Err(StoreError::TooNew { found, supported });
    }
    Ok(())
}

/// `url` with any password replaced by `***`, for messages and reports.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let auth_end = rest.find('/').unwrap_or(rest.len());
    let Some(at) = rest[..auth_end].rfind('@') else {
        return url.to_string();
    };
    match rest[..at].find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &rest[..colon],
            &rest[at..]
        ),
        None => url.to_string(),
    }
}
