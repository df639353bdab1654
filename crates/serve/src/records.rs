//! Stored events joined with their article metadata: the input of every analysis, built the
//! same way for the CLI's analysis commands and the API.

use vigil_analysis::EventRecord;
use vigil_core::Event;
use vigil_store::{Result, Store};

/// Wraps each event with its document's source, date, title and URL (one lookup per document).
pub fn load_records(store: &dyn Store, events: Vec<Event>) -> Result<Vec<EventRecord>> {
    vigil_analysis::records(events, |id| store.doc_meta(id))
}
