//! Ingest: sniffing, decoding (UTF-8/UTF-16/Windows-1252), HTML, JSON and JSON Lines. The first
//! byte picks the name the bytes arrive under, so every format path is reached both by
//! extension and by sniffing. Must never panic; every input gives documents or rejections.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigil_ingest::{read_bytes, IngestOptions, Item};

const NAMES: [&str; 6] = ["-", "a.txt", "a.html", "a.jsonl", "a.json", "a.bin"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let name = NAMES[pick as usize % NAMES.len()];
    let opts = IngestOptions { max_bytes: 1 << 20 };
    for item in read_bytes(bytes, name, &opts) {
        match item {
            Item::Doc(d) => assert!(!d.doc.text.is_empty()),
            Item::Rejected(r) => assert!(!r.to_string().contains('\n')),
        }
    }
});
