//! The lease queue `vigil worker` takes documents from. A row per document waiting for
//! extraction; a worker claims rows with `FOR UPDATE SKIP LOCKED` and a lease (owner + expiry),
//! and [`PgStore::commit_claimed`] writes events, marks and queue removal in one transaction,
//! only for rows whose lease that worker still holds. A killed worker's rows become claimable
//! when the lease expires; a row claimed too often is handed back as given up, so one document
//! that crashes workers cannot circulate forever.

use super::write::write_batch;
use super::PgStore;
use crate::{Batch, BatchStats, Result};
use std::time::Duration;

/// A claimed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// Document id.
    pub doc_id: String,
    /// How many times it has been claimed, this time included.
    pub attempts: i32,
}

const CLAIM: &str = "
    WITH c AS (
        SELECT doc_id FROM work_queue
        WHERE lease_until IS NULL OR lease_until < clock_timestamp()
        ORDER BY seq
        LIMIT $1
        FOR UPDATE SKIP LOCKED)
    UPDATE work_queue q
    SET lease_owner = $2,
        lease_until = clock_timestamp() + make_interval(secs => $3),
        attempts = q.attempts + 1
    FROM c WHERE q.doc_id = c.doc_id
    RETURNING q.doc_id, q.attempts, q.seq";

impl PgStore {
    /// Queues every document not yet extracted by `coder` that is not queued already (after
    /// a coder change, or documents stored before the queue existed). Returns rows added.
    pub fn enqueue_pending(&self, coder: &str) -> Result<u64> {
        Ok(self.conn()?.execute(
            "INSERT INTO work_queue (doc_id, seq)
             SELECT id, seq FROM documents WHERE coder IS NULL OR coder <> $1
             ON CONFLICT (doc_id) DO NOTHING",
            &[&coder],
        )?)
    }

    /// Claims up to `n` queued documents whose lease is free or expired, in ingest order, for
    /// `lease`, on behalf of `owner`.
    pub fn claim(&self, owner: &str, n: usize, lease: Duration) -> Result<Vec<Claim>> {
        let n = i64::try_from(n).unwrap_or(i64::MAX);
        let secs = lease.as_secs_f64();
        let mut rows = self.conn()?.query(CLAIM, &[&n, &owner, &secs])?;
        rows.sort_by_key(|r| r.get::<_, i64>(2));
        Ok(rows
            .iter()
            .map(|r| Claim {
                doc_id: r.get(0),
                attempts: r.get(1),
            })
            .collect())
    }

    /// Extends `owner`'s unexpired leases on `ids` to `lease` from now: the heartbeat of a
    /// worker still coding them, so a batch may take longer than one lease while a killed
    /// worker's documents are still taken over after one. Returns how many it still held.
    pub fn renew(&self, owner: &str, ids: &[String], lease: Duration) -> Result<u64> {
        let secs = lease.as_secs_f64();
        Ok(self.conn()?.execute(
            "UPDATE work_queue SET lease_until = clock_timestamp() + make_interval(secs => $3)
             WHERE doc_id = ANY($1) AND lease_owner = $2 AND lease_until > clock_timestamp()",
            &[&ids, &owner, &secs],
        )?)
    }

    /// Rows still waiting, leased or not (0: nothing left for any worker).
    pub fn queued(&self) -> Result<usize> {
        let n: i64 = self
            .conn()?
            .query_one("SELECT count(*) FROM work_queue", &[])?
            .get(0);
        Ok(n.max(0) as usize)
    }

    /// Commits the part of `batch` whose documents `owner` still holds a lease on, in one
    /// transaction that also removes them from the queue. Returns what was written and the
    /// ids dropped because their lease was lost (another worker has them now).
    pub fn commit_claimed(&self, owner: &str, batch: &Batch) -> Result<(BatchStats, Vec<String>)> {
        let days = self.event_days(batch)?;
        let ids: Vec<String> = batch
            .events
            .iter()
            .map(|(id, _)| id.clone())
            .chain(batch.failures.iter().map(|(id, _)| id.clone()))
            .collect();
        let mut c = self.conn()?;
        let mut tx = c.transaction()?;
        // Locking the rows makes the check and the write atomic against a claim by another
        // worker: its `SKIP LOCKED` passes them by until this transaction ends.
        let held: Vec<String> = tx
            .query(
                "SELECT doc_id FROM work_queue
                 WHERE doc_id = ANY($1) AND lease_owner = $2 AND lease_until > clock_timestamp()
                 FOR UPDATE",
                &[&ids, &owner],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let held: std::collections::HashSet<String> = held.into_iter().collect();
        let keep = |id: &String| held.contains(id);
        let mine = Batch {
            documents: batch.documents.clone(),
            events: batch
                .events
                .iter()
                .filter(|(id, _)| keep(id))
                .cloned()
                .collect(),
            failures: batch
                .failures
                .iter()
                .filter(|(id, _)| keep(id))
                .cloned()
                .collect(),
            coder: batch.coder.clone(),
        };
        let stats = write_batch(&mut tx, &mine, &days)?;
        tx.commit()?;
        let lost = ids.into_iter().filter(|id| !keep(id)).collect();
        Ok((stats, lost))
    }
}
