//! Documents → stored events: the extraction step shared by `vigil extract`, `vigil analyze`
//! and `vigil serve`'s ingest endpoint.
//!
//! Documents are coded in parallel on rayon's pool (every core, or `--threads N`) and collected
//! in input order, so the committed batches — and everything read back from the store — are the
//! same whatever the number of threads.

use crate::Pipeline;
use anyhow::Result;
use rayon::prelude::*;
use vigil_core::Document;
use vigil_store::{Batch, Store};

/// Documents coded in parallel and committed together, with their events, in one transaction.
const EXTRACT_BATCH: usize = 64;

/// What an extraction run did.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Extracted {
    /// Documents whose events were stored.
    pub documents: usize,
    /// Events stored.
    pub events: usize,
    /// Documents the pipeline failed on (reported on stderr; marked failed in the store, so
    /// only a new extraction fingerprint retries them).
    pub failed: usize,
}

impl Extracted {
    /// Adds another run's counts.
    pub fn add(&mut self, o: Extracted) {
        self.documents += o.documents;
        self.events += o.events;
        self.failed += o.failed;
    }
}

/// Codes `docs` in parallel into `batch` (events, or failures with their reason), in input
/// order. The caller commits the batch, with the documents themselves when they are new.
pub fn code_into(pipeline: &Pipeline, docs: Vec<Document>, batch: &mut Batch) -> Extracted {
    let results: Vec<_> = docs
        .into_par_iter()
        .map(|d| {
            let id = d.id.clone();
            (id, pipeline.process(d))
        })
        .collect();
    batch.coder = pipeline.fingerprint().to_string();
    let mut done = Extracted::default();
    for (id, r) in results {
        match r {
            Ok(ad) => {
                done.documents += 1;
                done.events += ad.events.len();
                batch.events.push((id, ad.events));
            }
            Err(e) => {
                eprintln!("extraction failed for {id}: {e:#}");
                done.failed += 1;
                // Marked failed for this fingerprint: not retried by every later run.
                batch.failures.push((id, format!("{e:#}")));
            }
        }
    }
    done
}

/// Extracts events for every stored document not yet extracted by this version. Each batch of
/// documents is committed with its events in one transaction.
pub fn extract_pending(store: &mut dyn Store, pipeline: &Pipeline) -> Result<Extracted> {
    extract_pending_with(store, pipeline, &mut |_, _| {})
}

/// [`extract_pending`], calling `progress(done, total)` after each committed batch.
pub fn extract_pending_with(
    store: &mut dyn Store,
    pipeline: &Pipeline,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Extracted> {
    let coder = pipeline.fingerprint();
    let total = store.pending_count(coder)?;
    let mut done = Extracted::default();
    let (mut seen, mut after) = (0, 0);
    loop {
        // A page at a time from the last sequence seen: memory stays one page whatever the
        // number of pending documents, and a document stored meanwhile is picked up too.
        let page = store.pending_documents(coder, after, EXTRACT_BATCH)?;
        let Some(&(last, _)) = page.last() else {
            return Ok(done);
        };
        after = last;
        let mut docs = Vec::with_capacity(page.len());
        for (_, id) in &page {
            if let Some(d) = store.document(id)? {
                docs.push(d);
            }
        }
        let mut batch = Batch::default();
        let mut x = code_into(pipeline, docs, &mut batch);
        x.events = store.commit(&batch)?.events;
        done.add(x);
        seen += page.len();
        progress(seen, total.max(seen));
    }
}
