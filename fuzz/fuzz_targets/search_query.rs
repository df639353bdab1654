//! Full-text queries against a small store: any query gives hits, a clear "bad query" error
//! or an FTS5 syntax error — never a panic, and never a long run (the query limits).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigil_core::Document;
use vigil_store::{Batch, SqliteStore, Store};

fn store() -> &'static std::sync::Mutex<SqliteStore> {
    static S: OnceLock<std::sync::Mutex<SqliteStore>> = OnceLock::new();
    S.get_or_init(|| {
        let mut s = SqliteStore::in_memory().expect("in-memory store");
        let docs = [
            "Officials met in Baku on Monday to discuss trade.",
            "Police in Lima arrested protesters near the U.S. embassy.",
            "The al-Qaeda statement was denied by the ministry.",
        ]
        .iter()
        .map(|t| Document::new(Some("Title".into()), t.to_string()))
        .collect();
        s.commit(&Batch {
            documents: docs,
            ..Batch::default()
        })
        .expect("commit");
        std::sync::Mutex::new(s)
    })
}

fuzz_target!(|query: &str| {
    let s = store().lock().expect("store lock");
    let _ = s.search(query, 10);
});
