//! Hand-checked regression set: sentences of public-domain Voice of America stories with the
//! events an expert would code (or none), `tests/fixtures/voa_checked.tsv`. Each sentence runs
//! alone through `Pipeline::load(.., Depth::Full)`; an event counts as right when its PLOVER type,
//! source country, target country and modality all match a listed answer. The test fails when
//! precision at the default confidence cut falls below the level measured (printed with recall).
//! Skips with a note when the statistical models are not installed (fails under `VIGIL_CI=1`).

use std::collections::BTreeMap;
use vigil_core::Document;
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};

/// Precision measured on this set (events fully right / events emitted) at the default
/// confidence cut with the typing model (2026-11-29, after the Phoenix reporting verbs: 13 of
/// 29 emitted events fully right, 0.448, recall 13/33 = 0.394; every event, no cut: 16 of 56,
/// 0.286, recall 0.485); the test fails below it, less the weight of about half an event.
const MEASURED_PRECISION: f64 = 0.435;

/// (PLOVER type, source country, target country, modality); "-" for none.
type Answer = (String, String, String, String);

fn rows() -> Vec<(String, Vec<Answer>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/voa_checked.tsv"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "three columns: {l}");
            let answers = cols[2]
                .split(';')
                .filter(|a| *a != "-")
                .map(|a| {
                    let f: Vec<&str> = a.split(' ').collect();
                    assert_eq!(f.len(), 4, "PLOVER SRC TGT MODALITY: {a}");
                    (f[0].into(), f[1].into(), f[2].into(), f[3].into())
                })
                .collect();
            (cols[1].to_string(), answers)
        })
        .collect()
}

fn coded(p: &Pipeline, text: &str, cut: f64) -> Vec<Answer> {
    let ad = p
        .process(Document::new(None, text.to_string()))
        .expect("pipeline");
    let country = |a: &Option<vigil_core::Actor>| {
        a.as_ref()
            .and_then(|a| a.country.clone())
            .unwrap_or_else(|| "-".into())
    };
    ad.events
        .iter()
        .filter(|e| e.confidence >= cut)
        .map(|e| {
            (
                e.plover.clone().unwrap_or_else(|| "-".into()),
                country(&e.source),
                country(&e.target),
                e.modality.to_string(),
            )
        })
        .collect()
}

#[test]
fn hand_checked_voa_events_keep_their_precision() {
    let mut p = Pipeline::load(&PipelineOptions::default(), Depth::Full).expect("load pipeline");
    if p.warnings().iter().any(|w| w.contains("not loaded")) {
        assert!(
            std::env::var_os("VIGIL_CI").is_none(),
            "models missing under CI: {:?}",
            p.warnings()
        );
        eprintln!("skipping: models not installed ({:?})", p.warnings());
        return;
    }
    let rows = rows();
    assert!(rows.len() >= 40, "the set has {} sentences", rows.len());
    // The pipeline applies the default cut itself; 0 shows every event it codes.
    let cut = p.min_confidence();
    p.set_min_confidence(0.0);
    let all = score(&p, &rows, 0.0, false);
    eprintln!(
        "all events (no cut): precision {:.3}, recall {:.3}",
        all.0, all.1
    );
    p.set_min_confidence(cut);
    let (precision, recall) = score(&p, &rows, 0.0, true);
    eprintln!(
        "at the default confidence cut {cut:.2}: precision {precision:.3}, recall {recall:.3}"
    );
    assert!(
        precision + 1e-9 >= MEASURED_PRECISION,
        "precision {precision:.3} fell below the measured {MEASURED_PRECISION:.3}"
    );
}

/// (precision, recall) of the events at or above `cut`; prints each wrong or missed event when
/// `verbose`.
fn score(p: &Pipeline, rows: &[(String, Vec<Answer>)], cut: f64, verbose: bool) -> (f64, f64) {
    let (mut emitted, mut right, mut expected, mut found) = (0usize, 0usize, 0usize, 0usize);
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (text, want) in rows {
        let got = coded(p, text, cut);
        let mut open: Vec<&Answer> = want.iter().collect();
        for g in &got {
            if let Some(k) = open.iter().position(|w| *w == g) {
                open.remove(k);
                right += 1;
            } else if verbose {
                eprintln!("wrong: {g:?}\n  in: {text}");
            }
        }
        for w in open.iter().filter(|_| verbose) {
            eprintln!("missed: {w:?}\n  in: {text}");
        }
        emitted += got.len();
        expected += want.len();
        found += want.len() - open.len();
        *counts
            .entry(if want.is_empty() {
                "no-event rows"
            } else {
                "event rows"
            })
            .or_default() += 1;
    }
    let precision = right as f64 / emitted.max(1) as f64;
    let recall = found as f64 / expected.max(1) as f64;
    if verbose {
        eprintln!(
            "voa_checked: {} sentences {counts:?}, {expected} expected events, {emitted} emitted, {right} right",
            rows.len()
        );
    }
    (precision, recall)
}
