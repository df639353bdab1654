//! The full pipeline (tokenise, tag, parse, NER, time, places, events) on one document, with
//! the project's data and models loaded once. Every event must point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vigil_core::Document;
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        let data = std::env::var_os("VIGIL_DATA")
            .map(Into::into)
            .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/../data").into());
        let opts = PipelineOptions {
            data_dir: data,
            extra_dictionaries: Vec::new(),
        };
        Pipeline::load(&opts, Depth::Full).expect("load the pipeline from data/")
    })
}

fuzz_target!(|text: &str| {
    if text.trim().is_empty() {
        return;
    }
    let ad = pipeline()
        .process(Document::new(None, text.to_string()))
        .expect("the pipeline never fails on text");
    for e in &ad.events {
        assert!(e.span.end() <= text.len());
    }
});
