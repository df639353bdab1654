//! A [`Depth::Full`] pipeline parses only the sentences the coder says can yield an event
//! (`Coder::sentences_to_parse`); `vigil explain` parses every sentence. Both must code the
//! same events, byte for byte: the selection reads only steps that do not depend on the parse.
//! Checked on the bundled samples, sentences written for this test, and the VOA corpus under
//! `../shared` when present. Skips with a note when the models are not installed (fails under
//! `VIGIL_CI=1`).

use std::path::Path;
use vigil_core::Document;
use vigil_pipeline::{Depth, Explainer, Pipeline, PipelineOptions};

/// Written for this test: events in some sentences, none in others, pronouns, passives and
/// one-sided force.
const OWN: &str = "Freedonia and Sylvania signed a border treaty in Ostrava on Monday. \
The Sylvanian president said he would visit Japan next week. It will also meet officials \
from Brazil. Gunmen attacked a police convoy near Kabul. The convoy was attacked by Taliban \
fighters. Shares in the company rose 4 percent after it reported higher profits. Analysts \
expect the central bank to raise rates. France accused Germany of spying on its diplomats. \
Russia denied that it had sent troops to Ukraine. Will China impose sanctions on Australia?";

fn json_texts(path: &Path) -> Vec<(String, Option<String>)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let body = v.get("text")?.as_str()?.to_string();
            let date = v
                .get("published")
                .and_then(|d| d.as_str())
                .map(str::to_string);
            Some((body, date))
        })
        .collect()
}

fn documents() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut texts: Vec<(String, Option<String>)> = vec![(OWN.to_string(), None)];
    let mut visits: Vec<_> = std::fs::read_dir(root.join("samples/fictional-visits"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    visits.sort();
    for p in visits {
        if let Ok(t) = std::fs::read_to_string(&p) {
            texts.push((t, None));
        }
    }
    texts.extend(json_texts(&root.join("samples/voa/voa_security.jsonl")));
    texts.extend(json_texts(
        &root.join("../shared/data/corpus/voa/voa_sample.jsonl"),
    ));
    texts
        .into_iter()
        .map(|(t, date)| {
            let mut d = Document::new(None, t);
            d.published =
                date.and_then(|s| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok());
            d
        })
        .collect()
}

#[test]
fn selective_parse_codes_the_same_events_as_a_full_parse() {
    let opts = PipelineOptions::default();
    let mut pipeline = Pipeline::load(&opts, Depth::Full).expect("load pipeline");
    if pipeline.warnings().iter().any(|w| w.contains("not loaded")) {
        assert!(
            std::env::var_os("VIGIL_CI").is_none(),
            "models missing under CI: {:?}",
            pipeline.warnings()
        );
        eprintln!("skipping: models not installed ({:?})", pipeline.warnings());
        return;
    }
    pipeline.set_min_confidence(0.0);
    let explainer = Explainer::load(&opts).expect("load explainer");
    let docs = documents();
    assert!(docs.len() >= 30, "{} documents", docs.len());
    let mut events = 0;
    for d in docs {
        let full = explainer.explain(d.clone()).expect("explain").doc.events;
        let selective = pipeline.process(d).expect("process").events;
        let a = serde_json::to_string(&full).expect("json");
        let b = serde_json::to_string(&selective).expect("json");
        assert_eq!(a, b, "events differ");
        events += full.len();
    }
    eprintln!("{events} events, identical with and without the selective parse");
    assert!(
        events > 20,
        "only {events} events: the check would prove little"
    );
}
