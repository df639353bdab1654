//! The queue worker behind `vigil worker`: claims documents from a [`PgStore`]'s lease queue,
//! codes them with [`code_into`] (the same code as `extract`) and commits events, marks
//! and queue removal in one transaction while the lease is held. Stateless: any number run on
//! any number of machines, and one killed at any point loses nothing (its leases expire).

use crate::extract::{code_into, Extracted};
use crate::Pipeline;
use anyhow::{Context, Result};
use std::sync::mpsc;
use std::time::Duration;
use vigil_store::{Batch, PgStore, Store};

/// A document claimed this many times without being committed is marked failed instead of
/// being coded again (it has likely crashed or stalled the workers that took it).
pub const MAX_ATTEMPTS: i32 = 3;

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Documents claimed (and committed) together.
    pub batch: usize,
    /// Lease length: renewed while a batch is coded, so it only bounds how long a killed
    /// worker's documents wait.
    pub lease: Duration,
    /// Stop when the queue is empty (nothing queued, nothing leased by anyone).
    pub exit_when_idle: bool,
    /// Wait between polls of an empty queue.
    pub poll: Duration,
    /// This worker's lease owner name (unique per process).
    pub owner: String,
}

impl WorkerOptions {
    /// Defaults with an owner name made of host, process id and start time.
    pub fn new(batch: usize, lease: Duration, exit_when_idle: bool) -> WorkerOptions {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "host".into());
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        WorkerOptions {
            batch: batch.max(1),
            lease,
            exit_when_idle,
            poll: Duration::from_millis(500),
            owner: format!("{host}:{}:{nanos}", std::process::id()),
        }
    }
}

/// Runs the claim → code → commit loop until the queue is empty (with `exit_when_idle`) or
/// forever. Documents whose lease was lost before the commit are left to their new owner.
pub fn run_worker(store: &PgStore, pipeline: &Pipeline, opts: &WorkerOptions) -> Result<Extracted> {
    store
        .enqueue_pending(pipeline.fingerprint())
        .context("queueing documents not yet extracted by this version")?;
    let mut done = Extracted::default();
    loop {
        let claims = store.claim(&opts.owner, opts.batch, opts.lease)?;
        if claims.is_empty() {
            if opts.exit_when_idle && store.queued()? == 0 {
                return Ok(done);
            }
            std::thread::sleep(opts.poll);
            continue;
        }
        let batch = code_with_heartbeat(store, pipeline, &claims, opts)?;
        let (st, lost) = store.commit_claimed(&opts.owner, &batch)?;
        for id in &lost {
            eprintln!("lease lost for {id}; left to the worker that holds it now");
        }
        done.failed += batch
            .failures
            .iter()
            .filter(|(id, _)| !lost.contains(id))
            .count();
        done.documents += batch
            .events
            .iter()
            .filter(|(id, _)| !lost.contains(id))
            .count();
        done.events += st.events;
    }
}

/// Codes the claimed documents while a second thread renews their leases every third of a
/// lease, so a slow batch keeps its documents and a killed worker still loses them after one.
fn code_with_heartbeat(
    store: &PgStore,
    pipeline: &Pipeline,
    claims: &[vigil_store::Claim],
    opts: &WorkerOptions,
) -> Result<Batch> {
    let ids: Vec<String> = claims.iter().map(|c| c.doc_id.clone()).collect();
    let (stop, stopped) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        let ids = &ids;
        s.spawn(move || heartbeat(store, &opts.owner, ids, opts.lease, stopped));
        let batch = code_claimed(store, pipeline, claims);
        drop(stop);
        batch
    })
}

fn heartbeat(
    store: &PgStore,
    owner: &str,
    ids: &[String],
    lease: Duration,
    stopped: mpsc::Receiver<()>,
) {
    let every = (lease / 3).max(Duration::from_millis(100));
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
        if let Err(e) = store.renew(owner, ids, lease) {
            eprintln!("warning: renewing leases: {e:#}");
        }
    }
}

/// Loads and codes the claimed documents; ones claimed too often (or gone from the store)
/// become failures, so their queue rows are removed with the commit.
fn code_claimed(
    store: &PgStore,
    pipeline: &Pipeline,
    claims: &[vigil_store::Claim],
) -> Result<Batch> {
    let mut docs = Vec::with_capacity(claims.len());
    let mut given_up = Vec::new();
    for c in claims {
        if c.attempts > MAX_ATTEMPTS {
            eprintln!("giving up on {}: claimed {} times", c.doc_id, c.attempts);
            let why = format!("claimed {} times without a commit", c.attempts);
            given_up.push((c.doc_id.clone(), why));
        } else {
            match store.document(&c.doc_id)? {
                Some(d) => docs.push(d),
                None => given_up.push((c.doc_id.clone(), "document not stored".into())),
            }
        }
    }
    let mut batch = Batch::default();
    code_into(pipeline, docs, &mut batch);
    batch.failures.extend(given_up);
    Ok(batch)
}
