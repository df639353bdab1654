//! The store: where ingested documents and extracted events live, and where the query/analysis
//! path meets the ingest/extract path.
//!
//! Consumes [`Document`]s and [`Event`]s; produces them back through queries and full-text search.
//! The [`Store`] trait is the only thing the pipeline and the CLI see, so a server database can be
//! sit beside [`SqliteStore`] without touching either: [`PgStore`] (PostgreSQL or Citus) is
//! chosen by a `postgres://` `--db` value through [`open`] and [`open_read_only`]. The key design decision: every write is a
//! [`Batch`] committed in one transaction (SQLite WAL, `synchronous=FULL`), so a crash — even
//! `kill -9` — loses nothing that was reported as committed and never leaves a document without
//! the events extracted from it. The store never interprets CAMEO or text; it files and filters.
#![deny(missing_docs)]

mod open;
mod pg;
mod query;
mod schema;
mod sqlite;
pub mod testing;

pub use pg::{Claim, PgStore};
pub use query::{check_search_query, MAX_QUERY_BYTES, MAX_QUERY_TERMS};
pub use sqlite::SqliteStore;
/// Article metadata beside an event; defined in `vigil-core` so analysis can use it too.
pub use vigil_core::DocMeta;

use chrono::NaiveDate;
use serde::Serialize;
use std::path::Path;
use vigil_core::{Document, Event};

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The underlying database failed.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// The PostgreSQL server failed or refused a statement.
    #[error("postgres error: {}", pg_message(.0))]
    Pg(#[from] postgres::Error),
    /// No connection to the PostgreSQL server (bad URL, server down, authentication).
    #[error("cannot connect to {0}")]
    Connect(String),
    /// A stored JSON value could not be decoded.
    #[error("corrupt stored value: {0}")]
    Json(#[from] serde_json::Error),
    /// The database was written by a newer Vigil.
    #[error("database schema version {found} is newer than this vigil supports ({supported}); upgrade vigil")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Highest version this build knows.
        supported: i64,
    },
    /// A query command was pointed at a file that does not exist.
    #[error("no store at {path} (create one with `vigil ingest --db {path} FILES`)")]
    Missing {
        /// The path given.
        path: String,
    },
    /// The file is an SQLite database of another program; it was not modified.
    #[error("{path} is not a Vigil store (it holds other tables); refusing to touch it")]
    NotVigil {
        /// The path given.
        path: String,
    },
    /// `:memory:`, an empty name or an SQLite URI was given as store path.
    #[error("{name:?} is not a store file: a store must be a file path, because an in-memory store would lose everything at exit")]
    NotAFile {
        /// The name given.
        name: String,
    },
    /// A search query over the limits or empty.
    #[error("bad search query: {0}")]
    BadQuery(String),
    /// The backend does not implement an optional operation.
    #[error("this store does not support {0}")]
    Unsupported(&'static str),
}

/// A server error's own message (the driver's `Display` says only "db error").
fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return format!("{}: {}", db.severity(), db.message());
    }
    match std::error::Error::source(e) {
        Some(s) => format!("{e}: {s}"),
        None => e.to_string(),
    }
}

/// Result alias.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A store of either kind, as a `--db` value names it.
pub type AnyStore = Box<dyn Store + Send>;

/// Whether a `--db` value names a PostgreSQL server rather than a SQLite file.
pub fn is_postgres(db: &Path) -> bool {
    let s = db.to_string_lossy();
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// Opens the store `db` names for reading and writing: a `postgres://` URL (schema created or
/// upgraded) or a SQLite file (created if missing, see [`SqliteStore::open`]).
pub fn open(db: &Path) -> Result<AnyStore> {
    if is_postgres(db) {
        return Ok(Box::new(PgStore::open(&db.to_string_lossy())?));
    }
    Ok(Box::new(SqliteStore::open(db)?))
}

/// Opens an existing store for queries only; never creates or changes anything.
pub fn open_read_only(db: &Path) -> Result<AnyStore> {
    if is_postgres(db) {
        return Ok(Box::new(PgStore::open_read_only(&db.to_string_lossy())?));
    }
    Ok(Box::new(SqliteStore::open_read_only(db)?))
}

/// `db` for messages and reports: a URL's password is replaced by `***`.
pub fn display_name(db: &Path) -> String {
    pg::redact(&db.to_string_lossy())
}

/// One lowercase haystack of both actors' codes, names and texts, for the actor filter.
pub(crate) fn actors_key(e: &Event) -> String {
    let mut s = String::new();
    for a in [&e.source, &e.target].into_iter().flatten() {
        s.push_str(&a.code);
        s.push('\t');
        if let Some(n) = &a.name {
            s.push_str(n);
            s.push('\t');
        }
        s.push_str(&a.text);
        s.push('\t');
    }
    s.to_lowercase()
}

/// Documents and the events extracted from them, written together.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// Documents to add; ones already stored (same content id) are skipped.
    pub documents: Vec<Document>,
    /// Events per document id; replaces any events stored for that document and marks it
    /// extracted with `coder`.
    pub events: Vec<(String, Vec<Event>)>,
    /// Documents the extractor gave up on, with the reason; marked as extracted by `coder`
    /// (so the same coder does not retry them forever) and their events removed.
    pub failures: Vec<(String, String)>,
    /// Version string of the extractor that produced `events`.
    pub coder: String,
}

/// What a committed batch changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BatchStats {
    /// New documents.
    pub added: usize,
    /// Documents already present.
    pub duplicates: usize,
    /// Events written.
    pub events: usize,
}

/// Filters for [`Store::events`]. Empty filters match everything.
#[derive(Debug, Default, Clone)]
pub struct EventQuery {
    /// Case-insensitive substring of the source or target actor's code, name or text.
    pub actor: Option<String>,
    /// ISO3 country of source or target.
    pub country: Option<String>,
    /// CAMEO code prefix ("04", "042").
    pub cameo: Option<String>,
    /// PLOVER event type ("CONSULT"), case-insensitive.
    pub plover: Option<String>,
    /// Modality ("asserted", "reported", ...), as `Modality::as_str` spells it.
    pub modality: Option<String>,
    /// Events with coder confidence at least this.
    pub min_confidence: Option<f64>,
    /// Events dated on or after this day (event date, else article date).
    pub since: Option<NaiveDate>,
    /// Events dated on or before this day.
    pub until: Option<NaiveDate>,
    /// Only these documents.
    pub doc_id: Option<String>,
    /// Maximum rows.
    pub limit: Option<usize>,
    /// Keyset pagination: only events ordered after the event with this id (the last id of
    /// the previous page). An id that is not stored matches nothing.
    pub cursor: Option<String>,
}

impl EventQuery {
    /// Checks the values a user typed, so the CLI and the HTTP API reject the same things with
    /// the same one-line reason: a modality Vigil does not know, a confidence outside [0, 1],
    /// a date range that ends before it starts.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if let Some(m) = &self.modality {
            if vigil_core::Modality::parse(&m.to_lowercase()).is_none() {
                return Err(format!(
                    "modality {m:?}: expected asserted, reported, speculative, negated, hypothetical, future or question"
                ));
            }
        }
        if let Some(c) = self.min_confidence {
            if !(0.0..=1.0).contains(&c) {
                return Err(format!("min_confidence {c}: expected a number from 0 to 1"));
            }
        }
        if let (Some(a), Some(b)) = (self.since, self.until) {
            if a > b {
                return Err(format!("since {a} is after until {b}"));
            }
        }
        Ok(())
    }
}

/// A full-text hit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    /// Document id.
    pub doc_id: String,
    /// Headline.
    pub title: Option<String>,
    /// Publication date.
    pub published: Option<NaiveDate>,
    /// Text around the match, matched terms in `[` `]`.
    pub snippet: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

/// A stored document's place in ingest order (see [`Store::documents_after`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocSeq {
    /// Ingest sequence number: increases with every newly stored document, never reused.
    pub seq: i64,
    /// Document id.
    pub id: String,
    /// When it was ingested (RFC 3339, UTC), as recorded by the ingesting process.
    pub ingested_at: Option<String>,
    /// The fingerprint of the coder that extracted it (or gave up on it), `None` while it
    /// is pending: its events are final until a re-extraction changes this.
    pub coder: Option<String>,
}

impl DocSeq {
    /// Whether some coder has extracted it (or given up on it).
    pub fn extracted(&self) -> bool {
        self.coder.is_some()
    }
}

/// Counts of what is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StoreStats {
    /// Documents.
    pub documents: usize,
    /// Documents with events extracted.
    pub extracted: usize,
    /// Events.
    pub events: usize,
}

/// Storage of documents and events. Implementations must make [`Store::commit`] atomic.
pub trait Store {
    /// Writes a batch in one transaction.
    fn commit(&mut self, batch: &Batch) -> Result<BatchStats>;
    /// A stored document.
    fn document(&self, id: &str) -> Result<Option<Document>>;
    /// Metadata of a stored document.
    fn doc_meta(&self, id: &str) -> Result<Option<DocMeta>>;
    /// Documents not yet extracted by `coder` (all documents when `coder` changed) with an
    /// ingest sequence greater than `after`, at most `limit`, in ingest order, as (sequence,
    /// id): a page, so extraction over any number of pending documents holds one page.
    /// Documents `coder` failed on are not pending.
    fn pending_documents(
        &self,
        coder: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, String)>>;
    /// How many documents are pending for `coder` (for progress reports).
    fn pending_count(&self, coder: &str) -> Result<usize>;
    /// Events matching a query, ordered by date then id.
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>>;
    /// One event by id.
    fn event(&self, id: &str) -> Result<Option<Event>>;
    /// Full-text search over titles and texts (SQLite FTS5 query syntax).
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// [`Store::search`] for what people type: plain words such as "U.S." or "al-Qaeda" are
    /// FTS5 syntax errors, so a query that does not parse is retried with each word quoted.
    /// The error of the first attempt is returned when the retry fails too.
    fn search_words(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        // Limits first, so an empty or oversized query gets its own message, not FTS5's.
        check_search_query(query)?;
        match self.search(query, limit) {
            Ok(h) => Ok(h),
            Err(first) => {
                let quoted: Vec<String> = query
                    .split_whitespace()
                    .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
                    .collect();
                self.search(&quoted.join(" "), limit).map_err(|_| first)
            }
        }
    }
    /// Counts.
    fn stats(&self) -> Result<StoreStats>;
    /// At most `limit` documents with ingest sequence greater than `after`, in ingest order:
    /// the cursor of incremental exports (`vigil export --since`). Backends that keep no
    /// ingest sequence answer [`StoreError::Unsupported`].
    fn documents_after(&self, after: i64, limit: usize) -> Result<Vec<DocSeq>> {
        let _ = (after, limit);
        Err(StoreError::Unsupported("listing documents in ingest order"))
    }
    /// A value that changes whenever documents or events are committed, for caches of
    /// analyses over the whole store. Equal revisions mean unchanged contents. The default
    /// derives it from the counts; stores override it with something cheaper and exact.
    fn revision(&self) -> Result<Revision> {
        Ok(Revision::from_stats(&self.stats()?))
    }
}

/// An opaque store revision (see [`Store::revision`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision(pub [i64; 3]);

impl Revision {
    /// A revision from the counts: changes with every commit that adds documents, marks or
    /// events (not with one that replaces events by as many others).
    pub fn from_stats(s: &StoreStats) -> Revision {
        let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
        Revision([n(s.documents), n(s.extracted), n(s.events)])
    }
}
