//! The event gate on articles without political events: earnings, market and sports reports
//! (written for these tests, see `tests/fixtures/non_political/README.md`). Coded with the
//! tokenizer-only fallback here; the full-stack run is in `full_stack.rs`.

use std::path::PathBuf;
use vigil_coder::Coder;
use vigil_core::Annotator;

fn fixtures() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/non_political");
    let mut v: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("fixture");
            (p.display().to_string(), text)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn earnings_market_and_sports_reports_give_almost_no_events() {
    let coder = Coder::load(&vigil_core::paths::data_dir()).expect("load coder");
    let docs = fixtures();
    assert!(docs.len() >= 6);
    let mut total = 0;
    for (name, text) in &docs {
        let mut d = vigil_coder::tokenize_only(text);
        coder.annotate(&mut d).expect("annotate");
        for e in &d.events {
            eprintln!(
                "{name}: {} {:?} -> {:?} ({})",
                e.cameo, e.source, e.target, e.provenance.rule
            );
        }
        total += d.events.len();
    }
    // at most one event in the whole set (a sports result may still read as a clash)
    assert!(
        total <= 1,
        "{total} events in {} non-political articles",
        docs.len()
    );
}
