//! Stored documents → stored events: the extraction step shared by `vigil extract`,
//! `vigil analyze` and `vigil serve`'s ingest endpoint.

use crate::Pipeline;
use anyhow::Result;
use rayon::prelude::*;
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

/// Extracts events for every stored document not yet extracted by this version. Each batch of
/// documents is committed with its events in one transaction.
pub fn extract_pending(store: &mut dyn Store, pipeline: &Pipeline) -> Result<Extracted> {
    let pending = store.pending_documents(pipeline.fingerprint())?;
    let mut done = Extracted::default();
    for ids in pending.chunks(EXTRACT_BATCH) {
        let mut docs = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(d) = store.document(id)? {
                docs.push(d);
            }
        }
        let (batch, failed) = code_documents(pipeline, docs);
        done.failed += failed;
        let st = store.commit(&batch)?;
        done.documents += batch.events.len();
        done.events += st.events;
    }
    Ok(done)
}

/// Codes `docs` in parallel into one [`Batch`] (events per document, failures with their
/// reason, stamped with the pipeline's fingerprint); also returns how many failed. Shared by
/// `extract_pending` and the queue worker, so both store exactly the same thing.
pub fn code_documents(pipeline: &Pipeline, docs: Vec<vigil_core::Document>) -> (Batch, usize) {
    let results: Vec<_> = docs
        .into_par_iter()
        .map(|d| {
            let id = d.id.clone();
            (id, pipeline.process(d))
        })
        .collect();
    let mut batch = Batch {
        coder: pipeline.fingerprint().to_string(),
        ..Batch::default()
    };
    let mut failed = 0;
    for (id, r) in results {
        match r {
            Ok(ad) => batch.events.push((id, ad.events)),
            Err(e) => {
                eprintln!("extraction failed for {id}: {e:#}");
                failed += 1;
                // Marked failed for this fingerprint: not retried by every later run.
                batch.failures.push((id, format!("{e:#}")));
            }
        }
    }
    (batch, failed)
}
