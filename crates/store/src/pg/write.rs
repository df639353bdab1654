//! Writing a [`Batch`]: documents (with their `tsvector`), events and extraction marks in one
//! transaction. Month partitions the batch needs are created first, each in its own short
//! transaction, so that a batch never holds the lock that creating a partition takes.

use super::schema::{partition_for, PARTITION_LOCK};
use super::PgStore;
use crate::{Batch, BatchStats, Result};
use chrono::NaiveDate;
use postgres::{GenericClient, Transaction};
use std::collections::{BTreeSet, HashMap};
use vigil_core::Event;

/// Text beyond this many bytes is stored but not indexed for search (a `tsvector` holds at
/// most 1 MB, and news articles are far shorter).
const FTS_MAX_BYTES: usize = 200_000;

const INSERT_DOC: &str = "
    INSERT INTO documents (id, external_id, source, url, title, published, ingested_at, json, fts)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
            setweight(to_tsvector('simple', COALESCE($5, '')), 'A') || to_tsvector('simple', $9))
    ON CONFLICT (id) DO NOTHING";
const ENQUEUE: &str =
    "INSERT INTO work_queue (doc_id, seq) SELECT id, seq FROM documents WHERE id = $1
    ON CONFLICT (doc_id) DO NOTHING";
const INSERT_EVENT: &str = "
    INSERT INTO events (id, doc_id, sentence, cameo, root, quad_class, goldstein, source_code,
        source_country, target_code, target_country, actors, day, modality, plover, confidence, json)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";

impl PgStore {
    /// [`crate::Store::commit`] for PostgreSQL.
    pub(crate) fn commit_batch(&self, batch: &Batch) -> Result<BatchStats> {
        let days = self.event_days(batch)?;
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        let stats = write_batch(&mut tx, batch, &days)?;
        tx.commit()?;
        Ok(stats)
    }

    /// The `day` of every event in the batch (event date, else article date), after making
    /// sure each month's partition exists.
    pub(crate) fn event_days(&self, batch: &Batch) -> Result<HashMap<String, Option<NaiveDate>>> {
        let mut published: HashMap<String, Option<NaiveDate>> = batch
            .documents
            .iter()
            .map(|d| (d.id.clone(), d.published))
            .collect();
        let missing: Vec<String> = batch
            .events
            .iter()
            .map(|(id, _)| id.clone())
            .filter(|id| !published.contains_key(id))
            .collect();
        if !missing.is_empty() {
            let rows = self.conn()?.query(
                "SELECT id, published FROM documents WHERE id = ANY($1)",
                &[&missing],
            )?;
            for r in rows {
                published.insert(r.get(0), r.get(1));
            }
        }
        let mut days = HashMap::new();
        for (doc_id, events) in &batch.events {
            let doc_day = published.get(doc_id).copied().flatten();
            for e in events {
                days.insert(e.id.clone(), event_day(e).or(doc_day));
            }
        }
        self.ensure_partitions(days.values().flatten().copied())?;
        Ok(days)
    }

    fn ensure_partitions(&self, days: impl Iterator<Item = NaiveDate>) -> Result<()> {
        let wanted: BTreeSet<_> = days.filter_map(partition_for).collect();
        for (name, from, to) in wanted {
            if self
                .months
                .lock()
                .map(|m| m.contains(&name))
                .unwrap_or(false)
            {
                continue;
            }
            let mut c = self.conn()?;
            let mut tx = c.transaction()?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&PARTITION_LOCK])?;
            if !super::open::has_table(&mut tx, &name)? {
                // `name`, `from` and `to` are digits and fixed text made from a date.
                tx.batch_execute(&format!(
                    "CREATE TABLE {name} PARTITION OF events FOR VALUES FROM ('{from}') TO ('{to}')"
                ))?;
            }
            tx.commit()?;
            if let Ok(mut m) = self.months.lock() {
                m.insert(name);
            }
        }
        Ok(())
    }
}

fn event_day(e: &Event) -> Option<NaiveDate> {
    e.date.as_ref().and_then(|d| d.start)
}

/// Writes `batch` inside `tx`; `days` comes from [`PgStore::event_days`].
pub(crate) fn write_batch(
    tx: &mut Transaction<'_>,
    batch: &Batch,
    days: &HashMap<String, Option<NaiveDate>>,
) -> Result<BatchStats> {
    let mut stats = BatchStats::default();
    let insert_doc = tx.prepare(INSERT_DOC)?;
    let enqueue = tx.prepare(ENQUEUE)?;
    for d in &batch.documents {
        let json = serde_json::to_string(d)?;
        let fts_text = truncate(&d.text, FTS_MAX_BYTES);
        let n = tx.execute(
            &insert_doc,
            &[
                &d.id,
                &d.external_id,
                &d.source,
                &d.url,
                &d.title,
                &d.published,
                &d.ingested_at,
                &json,
                &fts_text,
            ],
        )?;
        if n == 1 {
            tx.execute(&enqueue, &[&d.id])?;
            stats.added += 1;
        } else {
            stats.duplicates += 1;
        }
    }
    for (doc_id, events) in &batch.events {
        mark(tx, doc_id, &batch.coder, None)?;
        stats.events += insert_events(tx, doc_id, events, days)?;
    }
    for (doc_id, reason) in &batch.failures {
        mark(tx, doc_id, &batch.coder, Some(reason))?;
    }
    Ok(stats)
}

/// Removes a document's events, records which coder handled it (and why it failed) and takes
/// it off the work queue.
fn mark(tx: &mut Transaction<'_>, doc_id: &str, coder: &str, failure: Option<&str>) -> Result<()> {
    tx.execute("DELETE FROM events WHERE doc_id = $1", &[&doc_id])?;
    tx.execute(
        "UPDATE documents SET coder = $2, failure = $3 WHERE id = $1",
        &[&doc_id, &coder, &failure],
    )?;
    tx.execute("DELETE FROM work_queue WHERE doc_id = $1", &[&doc_id])?;
    Ok(())
}

/// Inserts one document's events. Two events with one id (same sentence, predicate and code)
/// keep the last, as SQLite's `INSERT OR REPLACE` does; every one is counted, as there.
fn insert_events(
    tx: &mut impl GenericClient,
    doc_id: &str,
    events: &[Event],
    days: &HashMap<String, Option<NaiveDate>>,
) -> Result<usize> {
    let last: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let st = tx.prepare(INSERT_EVENT)?;
    for (i, e) in events.iter().enumerate() {
        if last.get(e.id.as_str()) != Some(&i) {
            continue;
        }
        let day = days.get(&e.id).copied().flatten();
        let json = serde_json::to_string(e)?;
        tx.execute(
            &st,
            &[
                &e.id,
                &doc_id,
                &(e.sentence as i64),
                &e.cameo,
                &e.root,
                &i16::from(e.quad_class),
                &e.goldstein,
                &e.source.as_ref().map(|a| &a.code),
                &e.source.as_ref().and_then(|a| a.country.as_ref()),
                &e.target.as_ref().map(|a| &a.code),
                &e.target.as_ref().and_then(|a| a.country.as_ref()),
                &crate::actors_key(e),
                &day,
                &e.modality.as_str(),
                &e.plover,
                &e.confidence,
                &json,
            ],
        )?;
    }
    Ok(events.len())
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
