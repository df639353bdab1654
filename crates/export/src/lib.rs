//! `vigil export`: the store's events (and optionally documents) as files other engines read —
//! Hive-partitioned Parquet for Spark, DuckDB, pandas and BigQuery external tables, GDELT 2.0's
//! 61-column event TSV, or JSON Lines.
//!
//! Consumes a [`Store`] through its trait only (SQLite or a server database alike); produces part
//! files in a directory plus a state file ([`state::STATE_FILE`]). Key design decisions:
//! - **Ingest order is the export cursor.** Documents are walked by their ingest sequence
//!   ([`Store::documents_after`]) and the walk stops at the first document not yet extracted,
//!   so an export never skips a document that a worker is still coding: the next `--since last`
//!   run starts exactly where this one stopped.
//! - **Deterministic files.** Documents are cut into chunks of [`CHUNK_DOCS`]; a chunk's files
//!   are named by its first and last ingest sequence number (`part-000000000001-000000010000`)
//!   and hold rows in ingest order, so the same store and the same runs give byte-identical
//!   files.
//! - **Bounded memory.** One chunk is open at a time and rows are encoded every few thousand.
#![deny(missing_docs)]

pub mod schema;
mod sink;
pub mod state;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, FixedOffset, NaiveDate};
use std::path::PathBuf;
use vigil_core::Event;
use vigil_store::{DocSeq, EventQuery, Store};

/// Documents per chunk: the unit of a part file's name and of the state file's progress.
pub const CHUNK_DOCS: usize = 20_000;
/// Documents read from the store per call.
const PAGE_DOCS: usize = 1_000;

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Apache Parquet, Hive-partitioned by day (`day=YYYY-MM-DD/part-….parquet`).
    Parquet,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header (`part-….tsv`).
    Gdelt,
    /// One event JSON object per line, as `vigil events --format jsonl` (`part-….jsonl`).
    Jsonl,
}

impl Format {
    /// The name used on the command line and in the state file.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Gdelt => "gdelt",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Which documents to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Everything; the directory must not hold an export yet.
    All,
    /// What is new since the last export into the directory (everything the first time).
    Last,
    /// Documents with ingest sequence number greater than this.
    Seq(i64),
    /// Documents ingested at or after this time.
    Time(DateTime<FixedOffset>),
}

impl std::str::FromStr for Since {
    type Err = String;
    /// `last`, an ingest sequence number, or an RFC 3339 time (`2026-11-29T08:00:00Z`).
    fn from_str(s: &str) -> std::result::Result<Since, String> {
        if s == "last" {
            return Ok(Since::Last);
        }
        if let Ok(n) = s.parse::<i64>() {
            return Ok(Since::Seq(n));
        }
        DateTime::parse_from_rfc3339(s).map(Since::Time).map_err(|_| {
            format!("{s:?}: expected `last`, an ingest sequence number or an RFC 3339 time such as 2026-11-29T08:00:00Z")
        })
    }
}

/// What to export and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// File format.
    pub format: Format,
    /// Output directory (created if missing).
    pub out: PathBuf,
    /// Which documents.
    pub since: Since,
    /// Export the documents (text and metadata) too, under `documents/`.
    pub documents: bool,
}

/// One exported event with what it needs from its document.
#[derive(Debug, Clone)]
pub struct Row {
    /// The event.
    pub event: Event,
    /// The document's ingest sequence number.
    pub doc_seq: i64,
    /// The partition day: the event's date, else the article date (as `vigil events` filters).
    pub day: Option<NaiveDate>,
    /// Article date.
    pub published: Option<NaiveDate>,
    /// Article URL.
    pub url: Option<String>,
}

/// What an export run wrote.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Summary {
    /// Documents covered.
    pub documents: usize,
    /// Events written.
    pub events: usize,
    /// Files written, in order.
    pub files: Vec<PathBuf>,
    /// Ingest sequence number of the last document covered (the next `--since last` start).
    pub last_seq: i64,
    /// Documents left for a later run because they (or an earlier one) are not extracted yet.
    pub pending_stop: bool,
}

/// The starting point from the state file and `--since`; checks the directory's format.
fn start(opts: &Options, st: Option<&state::State>) -> Result<i64> {
    if let Some(s) = st {
        if s.format != opts.format.as_str() || s.documents != opts.documents {
            bail!(
                "{} holds a {} export{}; export {} into another directory",
                opts.out.display(),
                s.format,
                if s.documents { " with documents" } else { "" },
                opts.format.as_str()
            );
        }
    }
    Ok(match (&opts.since, st) {
        (Since::All, Some(_)) => bail!(
            "{} already holds an export; add `--since last` to append what is new, or choose an empty directory",
            opts.out.display()
        ),
        (Since::All, None) | (Since::Time(_), _) => 0,
        (Since::Last, s) => s.map_or(0, |s| s.last_seq),
        (Since::Seq(n), _) => *n,
    })
}

/// The rows of one document.
fn rows_of(store: &dyn Store, d: &DocSeq) -> Result<Vec<Row>> {
    let meta = store.doc_meta(&d.id)?;
    let q = EventQuery {
        doc_id: Some(d.id.clone()),
        ..EventQuery::default()
    };
    let published = meta.as_ref().and_then(|m| m.published);
    let url = meta.and_then(|m| m.url);
    Ok(store
        .events(&q)?
        .into_iter()
        .map(|event| Row {
            day: event.date.as_ref().and_then(|d| d.start).or(published),
            doc_seq: d.seq,
            published,
            url: url.clone(),
            event,
        })
        .collect())
}

/// Whether `--since TIME` selects the document (one without a recorded time does not).
fn selected(since: &Since, d: &DocSeq) -> bool {
    match since {
        Since::Time(t) => d
            .ingested_at
            .as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .is_some_and(|at| at >= *t),
        _ => true,
    }
}

/// The chunk being filled.
struct Chunk {
    sink: Box<dyn sink::Sink>,
    first: i64,
    last: i64,
    docs: usize,
}

impl Chunk {
    fn new(opts: &Options) -> Chunk {
        Chunk {
            sink: sink::new_sink(opts.format, &opts.out),
            first: 0,
            last: 0,
            docs: 0,
        }
    }
}

/// Closes `chunk` (if it covers any document) and records its end in the state file.
fn close(chunk: Chunk, opts: &Options, sum: &mut Summary) -> Result<()> {
    if chunk.docs == 0 {
        return Ok(());
    }
    let name = format!("{:012}-{:012}", chunk.first, chunk.last);
    sum.files.extend(chunk.sink.finish(&name)?);
    sum.last_seq = chunk.last;
    let st = state::State {
        version: 1,
        format: opts.format.as_str().to_string(),
        documents: opts.documents,
        last_seq: chunk.last,
    };
    state::write(&opts.out, &st)
}

/// Adds one document to the chunk.
fn add_doc(store: &dyn Store, opts: &Options, chunk: &mut Chunk, d: &DocSeq) -> Result<usize> {
    if chunk.docs == 0 {
        chunk.first = d.seq;
    }
    chunk.last = d.seq;
    chunk.docs += 1;
    if !selected(&opts.since, d) {
        return Ok(0);
    }
    let rows = rows_of(store, d)?;
    let n = rows.len();
    let doc = match opts.documents {
        true => store.document(&d.id)?.map(|doc| (d.seq, doc)),
        false => None,
    };
    chunk.sink.add(rows, doc)?;
    Ok(n)
}

/// Exports the store's extracted documents after the starting point into `opts.out`.
pub fn export(store: &dyn Store, opts: &Options) -> Result<Summary> {
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("creating {}", opts.out.display()))?;
    let prior = state::read(&opts.out)?;
    let mut after = start(opts, prior.as_ref())?;
    let mut sum = Summary {
        last_seq: after,
        ..Summary::default()
    };
    let mut chunk = Chunk::new(opts);
    'pages: loop {
        let page = store.documents_after(after, PAGE_DOCS)?;
        if page.is_empty() {
            break;
        }
        for d in &page {
            if !d.extracted {
                sum.pending_stop = true;
                break 'pages;
            }
            sum.events += add_doc(store, opts, &mut chunk, d)?;
            sum.documents += usize::from(selected(&opts.since, d));
            after = d.seq;
            if chunk.docs >= CHUNK_DOCS {
                close(
                    std::mem::replace(&mut chunk, Chunk::new(opts)),
                    opts,
                    &mut sum,
                )?;
            }
        }
    }
    close(chunk, opts, &mut sum)
        .with_context(|| format!("finishing the export in {}", opts.out.display()))?;
    Ok(sum)
}
