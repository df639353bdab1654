//! Table-driven test of the whole extraction stack (tokenizer, tagger, parser, NER, time, geo,
//! coder) through `Pipeline::load(.., Depth::Full)`: sentences written for this test →
//! expected (CAMEO root, source country, target country, modality) of the first event, or no
//! event at all. Skips with a note when the statistical models are not installed.

use vigil_core::{Document, Modality};
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};

/// (sentence, expected first event: (root, source country, target country, modality)).
type Row = (
    &'static str,
    Option<(&'static str, &'static str, &'static str, Modality)>,
);

const ROWS: &[Row] = &[
    (
        "Turkish police arrested Kurdish activists in Ankara on Monday.",
        Some(("17", "TUR", "TUR", Modality::Asserted)),
    ),
    (
        "Russian troops shelled Ukrainian positions near Kharkiv.",
        Some(("19", "RUS", "UKR", Modality::Asserted)),
    ),
    (
        "Japan accused China of violating its airspace.",
        Some(("11", "JPN", "CHN", Modality::Asserted)),
    ),
    (
        "The French foreign minister visited Morocco on Tuesday.",
        Some(("04", "FRA", "MAR", Modality::Asserted)),
    ),
    (
        "Egyptian President Abdel Fattah el-Sisi met the Italian prime minister in Cairo.",
        Some(("04", "EGY", "ITA", Modality::Asserted)),
    ),
    (
        "Soldiers from Guinea-Bissau attacked rebels from Senegal.",
        Some(("19", "GNB", "SEN", Modality::Asserted)),
    ),
    // a person named again by the first word of a family-name-first name; a place named in
    // the same clause is where, not whom
    (
        "Kim Jong Un is the leader of North Korea. Russian President Vladimir Putin met Kim on Friday.",
        Some(("04", "RUS", "PRK", Modality::Asserted)),
    ),
    (
        "Kim Jong Un is the leader of North Korea. The Russian president met with Kim in Vladivostok on Friday.",
        Some(("04", "RUS", "PRK", Modality::Asserted)),
    ),
    (
        "Chilean police arrested Pablo Ruiz in Santiago on Monday.",
        Some(("17", "CHL", "", Modality::Asserted)),
    ),
    // a city's name before "talks", "summit" ... names where they were held, not an actor
    (
        "Chilean diplomats criticized the Lima talks.",
        Some(("11", "CHL", "", Modality::Asserted)),
    ),
    // a verb right after an agent noun is the clause's verb, not a modifier of what follows
    (
        "Kenyan police detained opposition leaders in Nairobi.",
        Some(("17", "KEN", "KEN", Modality::Asserted)),
    ),
    // an actor's name leading an organisation's or event's name is not that actor
    (
        "Chilean officials criticized the Lima Summit organisers.",
        Some(("11", "CHL", "", Modality::Asserted)),
    ),
    // no events: no coded actors, a forecast, a market report
    (
        "The company said its quarterly profit rose 12 percent.",
        None,
    ),
    (
        "Economists expect the central bank to cut interest rates next month.",
        None,
    ),
];

/// Known misses, reported but not required: a negated signature is coded 03 (intent) instead of
/// 05x, and "Port-au-Prince" as a location complement still loses the event.
const PENDING: &[Row] = &[
    (
        "Germany did not sign the trade agreement with Brazil.",
        Some(("05", "DEU", "BRA", Modality::Negated)),
    ),
    (
        "Dominican police detained two Haitian officials in Port-au-Prince.",
        Some(("17", "DOM", "HTI", Modality::Asserted)),
    ),
];

type Got = Option<(String, String, String, Modality)>;

fn first_event(p: &Pipeline, text: &str) -> Got {
    let ad = p
        .process(Document::new(None, text.to_string()))
        .expect("pipeline");
    let country = |a: &Option<vigil_core::Actor>| {
        a.as_ref()
            .and_then(|a| a.country.clone())
            .unwrap_or_default()
    };
    ad.events.first().map(|e| {
        (
            e.root.clone(),
            country(&e.source),
            country(&e.target),
            e.modality,
        )
    })
}

fn matches(got: &Got, want: &Option<(&str, &str, &str, Modality)>) -> bool {
    match (got, want) {
        (None, None) => true,
        (Some((r, s, t, m)), Some((wr, ws, wt, wm))) => r == wr && s == ws && t == wt && m == wm,
        _ => false,
    }
}

#[test]
fn sentences_code_through_the_full_pipeline() {
    let mut p = Pipeline::load(&PipelineOptions::default(), Depth::Full).expect("load pipeline");
    // This checks the coding itself; the confidence cut is checked in the pipeline's unit test.
    p.set_min_confidence(0.0);
    if p.warnings().iter().any(|w| w.contains("not loaded")) {
        assert!(
            std::env::var_os("VIGIL_CI").is_none(),
            "models missing under CI: {:?}",
            p.warnings()
        );
        eprintln!("skipping: models not installed ({:?})", p.warnings());
        return;
    }
    let mut failures = Vec::new();
    for (text, want) in ROWS {
        let got = first_event(&p, text);
        if !matches(&got, want) {
            failures.push(format!("{text}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    for (text, want) in PENDING {
        let got = first_event(&p, text);
        let note = if matches(&got, want) {
            "passes now: move it to ROWS"
        } else {
            "pending"
        };
        eprintln!("{note}: {text}\n  want {want:?}\n  got  {got:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
