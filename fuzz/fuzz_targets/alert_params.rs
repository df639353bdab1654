//! `vigil alerts --params`: any JSON is either rejected (parse error or `check`) or runs every
//! detector to completion on a small set of events spread over a year.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use vigil_analysis::{AlertParams, EventRecord};
use vigil_core::{Actor, DateValue, Event, Modality, Provenance, Span};

fn records() -> Vec<EventRecord> {
    let mut out = Vec::new();
    for i in 0..40u32 {
        let day = NaiveDate::from_ymd_opt(2023, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(i * 9))));
        let actor = |c: &str| Actor {
            text: c.into(),
            code: format!("{c}GOV"),
            country: Some(c.into()),
            sectors: vec!["GOV".into()],
            ..Actor::default()
        };
        let cameo = if i % 3 == 0 { "190" } else { "042" };
        let e = Event {
            id: format!("e{i}"),
            doc_id: format!("d{}", i / 2),
            sentence: 0,
            span: Span::new(0, 10),
            cameo: cameo.into(),
            root: cameo[..2].into(),
            quad_class: if i % 3 == 0 { 4 } else { 1 },
            goldstein: if i % 3 == 0 { -10.0 } else { 1.9 },
            plover: None,
            plover_mode: None,
            source: Some(actor(if i % 2 == 0 { "RUS" } else { "FRA" })),
            target: Some(actor("AZE")),
            date: day.map(DateValue::day),
            place: None,
            modality: Modality::Asserted,
            attribution: None,
            confidence: 0.9,
            provenance: Provenance {
                predicate: None,
                source: None,
                target: None,
                rule: "fuzz".into(),
                coder: "fuzz".into(),
            },
        };
        out.push(EventRecord::new(e));
    }
    out
}

fuzz_target!(|json: &str| {
    let Ok(params) = serde_json::from_str::<AlertParams>(json) else {
        return;
    };
    if params.check().is_err() {
        return;
    }
    let _ = vigil_analysis::alerts(&records(), &params, NaiveDate::from_ymd_opt(2023, 6, 1));
});
