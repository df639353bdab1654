//! Stored events joined with their article metadata: the input of every analysis, built the
//! same way for the CLI's analysis commands and the API.

use std::collections::BTreeMap;
use vigil_analysis::EventRecord;
use vigil_core::Event;
use vigil_store::{Result, Store};

/// Wraps each event with its document's source, date, title and URL (one lookup per document).
pub fn load_records(store: &dyn Store, events: Vec<Event>) -> Result<Vec<EventRecord>> {
    let mut cache = BTreeMap::new();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        if !cache.contains_key(&e.doc_id) {
            let meta = store.doc_meta(&e.doc_id)?;
            cache.insert(e.doc_id.clone(), meta);
        }
        let meta = cache.get(&e.doc_id).cloned().flatten();
        let mut r = EventRecord::new(e);
        if let Some(m) = meta {
            r.doc_source = m.source;
            r.doc_published = m.published;
            r.doc_title = m.title;
            r.doc_url = m.url;
        }
        out.push(r);
    }
    Ok(out)
}
