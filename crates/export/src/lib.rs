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
//!   are named by the ingest range it covers, from right after the previous chunk to its last
//!   document (`part-000000000001-000000010000`), and hold rows in ingest order, so the same
//!   store and the same runs give byte-identical files.
//! - **Re-extraction rewrites chunks.** The state file keeps, per chunk, a digest of which
//!   coder extracted each of its documents; `--since last` recomputes it from the store and
//!   rewrites (same file names) the chunks whose documents a new coder re-extracted, so the lake
//!   never keeps events the store has replaced.
//! - **Bounded memory.** One chunk is open at a time and rows are encoded every few thousand.
#![deny(missing_docs)]

pub mod schema;
mod sink;
pub mod state;

use anyhow::{bail, Context, Result};
use chrono::{DateTime, FixedOffset, NaiveDate};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
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
    /// Chunks written earlier and rewritten because their documents were re-extracted.
    pub rewritten: usize,
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
    digest: Sha256,
}

impl Chunk {
    /// An empty chunk starting at ingest sequence `first`: right after the previous chunk, so
    /// the recorded chunks cover every number up to the state's end, including numbers a
    /// server store hands out to documents that commit later.
    fn new(opts: &Options, first: i64) -> Chunk {
        Chunk {
            sink: sink::new_sink(opts.format, &opts.out),
            first,
            last: first,
            docs: 0,
            digest: Sha256::new(),
        }
    }

    /// The part files' name: the ingest range covered.
    fn name(&self) -> String {
        part_name(self.first, self.last)
    }
}

fn part_name(first: i64, last: i64) -> String {
    format!("{first:012}-{last:012}")
}

/// Feeds one document's place and extracting coder into a chunk digest.
fn digest_doc(h: &mut Sha256, d: &DocSeq) {
    h.update(d.seq.to_le_bytes());
    h.update(d.coder.as_deref().unwrap_or("").as_bytes());
    h.update([0]);
}

fn hex(h: Sha256) -> String {
    vigil_core::hex(&h.finalize())
}

/// One export run: its options, the lake's chunk records and what it wrote so far.
struct Run<'a> {
    store: &'a dyn Store,
    opts: &'a Options,
    chunks: Vec<state::ChunkRecord>,
    sum: Summary,
}

impl Run<'_> {
    /// Records the run's progress in the state file.
    fn save(&self) -> Result<()> {
        let st = state::State {
            version: state::VERSION,
            format: self.opts.format.as_str().to_string(),
            documents: self.opts.documents,
            last_seq: self.sum.last_seq,
            chunks: self.chunks.clone(),
        };
        state::write(&self.opts.out, &st)
    }

    /// Adds one document to the chunk.
    fn add_doc(&mut self, chunk: &mut Chunk, d: &DocSeq) -> Result<()> {
        chunk.last = d.seq;
        chunk.docs += 1;
        digest_doc(&mut chunk.digest, d);
        if !selected(&self.opts.since, d) {
            return Ok(());
        }
        let rows = rows_of(self.store, d)?;
        self.sum.events += rows.len();
        self.sum.documents += 1;
        let doc = match self.opts.documents {
            true => self.store.document(&d.id)?.map(|doc| (d.seq, doc)),
            false => None,
        };
        chunk.sink.add(rows, doc)
    }

    /// Closes a new chunk (if it covers any document) and records it in the state file.
    fn close(&mut self, chunk: Chunk) -> Result<()> {
        if chunk.docs == 0 {
            return Ok(());
        }
        let name = chunk.name();
        let (first, last) = (chunk.first, chunk.last);
        self.sum.files.extend(chunk.sink.finish(&name)?);
        self.sum.last_seq = last;
        self.chunks.push(state::ChunkRecord {
            first,
            last,
            digest: hex(chunk.digest),
        });
        self.save()
    }

    /// Rewrites the recorded chunks whose documents were re-extracted (or joined by a late
    /// commit) since they were written. Costs one pass over the exported documents' ingest
    /// metadata per run; only changed chunks are read and written again.
    fn refresh(&mut self) -> Result<()> {
        for i in 0..self.chunks.len() {
            let rec = self.chunks[i].clone();
            let docs = documents_between(self.store, rec.first, rec.last)?;
            let mut h = Sha256::new();
            docs.iter().for_each(|d| digest_doc(&mut h, d));
            if hex(h) == rec.digest {
                continue;
            }
            if docs.iter().any(|d| !d.extracted()) {
                self.sum.pending_stop = true;
                continue;
            }
            let name = part_name(rec.first, rec.last);
            remove_parts(&self.opts.out, |n| n == name)?;
            let mut chunk = Chunk::new(self.opts, rec.first);
            for d in &docs {
                self.add_doc(&mut chunk, d)?;
            }
            self.sum.files.extend(chunk.sink.finish(&name)?);
            self.chunks[i].digest = hex(chunk.digest);
            self.sum.rewritten += 1;
            self.save()?;
        }
        Ok(())
    }
}

/// The documents with ingest sequence in `first..=last`, in order.
fn documents_between(store: &dyn Store, first: i64, last: i64) -> Result<Vec<DocSeq>> {
    let mut out = Vec::new();
    let mut after = first - 1;
    loop {
        let page = store.documents_after(after, PAGE_DOCS)?;
        let done = page.len() < PAGE_DOCS;
        for d in page {
            if d.seq > last {
                return Ok(out);
            }
            after = d.seq;
            out.push(d);
        }
        if done {
            return Ok(out);
        }
    }
}

/// The ingest range in a part file's name (`part-FIRST-LAST.ext`).
fn part_range(file: &str) -> Option<(i64, i64)> {
    let stem = file.strip_prefix("part-")?.split('.').next()?;
    let (a, b) = stem.split_once('-')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Removes the part files (in `dir` and its partition folders) whose name `doomed` accepts.
fn remove_parts(dir: &Path, doomed: impl Fn(&str) -> bool) -> Result<()> {
    let mut folders = vec![dir.to_path_buf()];
    for e in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            folders.push(p);
        }
    }
    for folder in folders {
        let mut removed = false;
        for e in
            std::fs::read_dir(&folder).with_context(|| format!("listing {}", folder.display()))?
        {
            let p = e?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let Some((first, last)) = part_range(name) else {
                continue;
            };
            if p.is_file() && doomed(&part_name(first, last)) {
                std::fs::remove_file(&p).with_context(|| format!("removing {}", p.display()))?;
                removed = true;
            }
        }
        // A day partition left without files would list as an empty partition; a folder this
        // run removed nothing from is not the export's to remove.
        if removed && folder != dir && std::fs::read_dir(&folder)?.next().is_none() {
            std::fs::remove_dir(&folder)
                .with_context(|| format!("removing {}", folder.display()))?;
        }
    }
    Ok(())
}

/// Exports the store's extracted documents after the starting point into `opts.out`; with
/// `--since last`, first rewrites the chunks whose documents were re-extracted.
pub fn export(store: &dyn Store, opts: &Options) -> Result<Summary> {
    std::fs::create_dir_all(&opts.out)
        .with_context(|| format!("creating {}", opts.out.display()))?;
    let prior = state::read(&opts.out)?;
    let mut after = start(opts, prior.as_ref())?;
    let mut run = Run {
        store,
        opts,
        chunks: prior.map(|p| p.chunks).unwrap_or_default(),
        sum: Summary {
            last_seq: after,
            ..Summary::default()
        },
    };
    if opts.since == Since::Last {
        // Part files past the recorded end are a crashed run's: the append below redoes them.
        remove_parts(&opts.out, |n| part_range(n).is_some_and(|(f, _)| f > after))?;
        run.refresh()?;
    }
    let mut chunk = Chunk::new(opts, after + 1);
    'pages: loop {
        let page = store.documents_after(after, PAGE_DOCS)?;
        if page.is_empty() {
            break;
        }
        for d in &page {
            if !d.extracted() {
                run.sum.pending_stop = true;
                break 'pages;
            }
            run.add_doc(&mut chunk, d)?;
            after = d.seq;
            if chunk.docs >= CHUNK_DOCS {
                run.close(std::mem::replace(&mut chunk, Chunk::new(opts, after + 1)))?;
            }
        }
    }
    run.close(chunk)
        .with_context(|| format!("finishing the export in {}", opts.out.display()))?;
    Ok(run.sum)
}
