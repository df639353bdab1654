//! Opening a SQLite store: which files are accepted, and schema creation that is safe when
//! several processes open the same new file at once.
//!
//! Rules: writers ([`SqliteStore::open`]) create a missing file; readers
//! ([`SqliteStore::open_read_only`]) never create or modify anything and also work on a file
//! the user cannot write. A file holding another program's tables is refused before anything
//! is written to it (no WAL switch, no schema). `:memory:` and URI names are refused: a store
//! that vanishes at exit would silently lose every ingested document.

use crate::schema::{APPLICATION_ID, MIGRATIONS};
use crate::{Result, SqliteStore, StoreError};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a writer waits for another writer's transaction before giving up. Batches are
/// committed in well under a second, so this only runs out when a writer is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(120);

impl SqliteStore {
    /// Opens the store at `path` for reading and writing, creating and migrating it if needed.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        check_name(path)?;
        // Some lock changes while a new file is set up (switching it to WAL, first reads
        // beside another process's schema creation) answer SQLITE_BUSY without consulting the
        // busy handler; the whole opening is then retried, within the same patience.
        let start = Instant::now();
        loop {
            match Self::open_once(path) {
                Err(e) if is_busy(&e) && start.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                r => return r,
            }
        }
    }

    fn open_once(path: &Path) -> Result<SqliteStore> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Refuse another program's file before changing anything in it.
        check_owner(&conn, path, true)?;
        // WAL lets readers run beside the writer; FULL sync makes a committed batch survive a
        // power cut or kill -9, which is what "reported as committed" promises.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore { conn };
        store.migrate(path)?;
        Ok(store)
    }

    /// Opens an existing store for queries only. Never creates the file and never writes to
    /// it, so it also reads stores on read-only files and media.
    pub fn open_read_only(path: &Path) -> Result<SqliteStore> {
        check_name(path)?;
        if !path.is_file() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags).and_then(probe) {
            Ok(c) => c,
            // A WAL store on a file or directory we cannot write has no usable -shm file;
            // `immutable=1` reads it without one (nothing else may write it meanwhile, which
            // is true of read-only media).
            Err(_) => {
                Connection::open_with_flags(immutable_uri(path), flags | OpenFlags::SQLITE_OPEN_URI)
                    .and_then(probe)?
            }
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        check_owner(&conn, path, false)?;
        let store = SqliteStore { conn };
        let found = store.schema_version()?;
        if found > MIGRATIONS.len() as i64 {
            return Err(StoreError::TooNew {
                found,
                supported: MIGRATIONS.len() as i64,
            });
        }
        Ok(store)
    }

    /// An in-memory store, for tests and one-shot runs inside a program.
    pub fn in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mut store = SqliteStore { conn };
        store.migrate(Path::new(":memory:"))?;
        Ok(store)
    }

    /// Schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Brings the schema up to date in one write transaction. The version is read inside the
    /// transaction, so when several processes open a new store at once exactly one creates the
    /// tables and the others find them made.
    fn migrate(&mut self, path: &Path) -> Result<()> {
        let supported = MIGRATIONS.len() as i64;
        if self.schema_version()? == supported {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        check_owner(&tx, path, true)?;
        let current: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if current > supported {
            return Err(StoreError::TooNew {
                found: current,
                supported,
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
        Ok(())
    }
}

/// True for SQLite's "busy" and "locked" answers: another connection holds a lock.
fn is_busy(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::Db(rusqlite::Error::SqliteFailure(f, _))
            if matches!(f.code, ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// Runs a trivial read so that open errors that SQLite defers (locking, -shm) show up here.
fn probe(conn: Connection) -> rusqlite::Result<Connection> {
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(conn)
}

fn immutable_uri(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for b in abs.to_string_lossy().bytes() {
        match b {
            b'?' | b'#' | b'%' => uri.push_str(&format!("%{b:02X}")),
            _ => uri.push(b as char),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

fn check_name(path: &Path) -> Result<()> {
    let name = path.to_string_lossy();
    if name.is_empty() || name == ":memory:" || name.starts_with("file:") {
        return Err(StoreError::NotAFile {
            name: name.into_owned(),
        });
    }
    Ok(())
}

/// Accepts a Vigil store (by application id, or a version-1 store by its tables) and, when
/// `empty_ok`, a file with no tables at all (a new store). Anything else is another program's.
fn check_owner(conn: &Connection, path: &Path, empty_ok: bool) -> Result<()> {
    // One statement, so one snapshot: read separately, the three could straddle another
    // process's schema creation (no id yet, but its tables) and refuse a store being made.
    let (app, version, names): (i64, i64, String) = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id()),
                (SELECT user_version FROM pragma_user_version()),
                (SELECT coalesce(group_concat(name, char(10)), '') FROM sqlite_master
                  WHERE type = 'table')",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let tables: Vec<&str> = names.lines().collect();
    let has = |t: &str| tables.contains(&t);
    let ours = app == APPLICATION_ID
        || (app == 0 && version >= 1 && has("documents") && has("events") && has("doc_fts"));
    let fresh = app == 0 && version == 0 && tables.is_empty();
    if ours || (fresh && empty_ok) {
        return Ok(());
    }
    Err(StoreError::NotVigil {
        path: path.display().to_string(),
    })
}
