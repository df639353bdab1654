use super::*;
use crate::testutil::{d, R};
use chrono::Duration;
use vigil_core::Modality;

const CODES: [&str; 6] = ["042", "057", "111", "036", "043", "190"];
const DYADS: [(&str, &str); 5] = [
    ("RUSGOV", "UKRGOV"),
    ("USAGOV", "CHNGOV"),
    ("AZEGOV", "ARMGOV"),
    ("TURGOV", "AZEGOV"),
    ("FRAGOV", "DEUGOV"),
];

/// A year of ordinary, steady news: every dyad acts every 3 days, cycling through the same
/// mix of codes, each story carried by two outlets.
fn steady(start: &str, days: i64) -> Vec<EventRecord> {
    let s = d(start);
    let mut out = Vec::new();
    let mut n = 0;
    for (k, (src, tgt)) in DYADS.iter().enumerate() {
        let mut day = k as i64 % 3;
        let mut step = 0;
        while day < days {
            let date = (s + Duration::days(day)).to_string();
            let code = CODES[(step + k) % CODES.len()];
            for outlet in ["wire-a", "wire-b"] {
                n += 1;
                out.push(
                    R::new(
                        &format!("s{n}"),
                        &format!("doc{n}"),
                        outlet,
                        &date,
                        code,
                        src,
                        tgt,
                    )
                    .build(),
                );
            }
            day += 3;
            step += 1;
        }
    }
    out
}

fn of_kind(alerts: &[Alert], kind: AlertKind) -> Vec<&Alert> {
    alerts.iter().filter(|a| a.kind == kind).collect()
}

#[test]
fn steady_series_raise_nothing() {
    let recs = steady("2023-01-01", 365);
    let got = alerts(&recs, &AlertParams::default(), None);
    assert!(got.is_empty(), "unexpected alerts: {got:#?}");
}

fn intel_visits() -> Vec<EventRecord> {
    vec![
        // The Russian visit, told by two outlets and twice in one article.
        R::new("v1a", "d-r1", "apa", "2023-11-28", "042", "RUSSPY", "AZE")
            .named("SERGEY_NARYSHKIN")
            .build(),
        R::new(
            "v1b",
            "d-r1",
            "apa",
            "2023-11-28",
            "040",
            "RUSSPY",
            "AZEGOV",
        )
        .build(),
        R::new("v1c", "d-r2", "tass", "2023-11-28", "042", "RUSSPY", "AZE").build(),
        // A minister of intelligence: both GOV and SPY.
        R::new(
            "v2",
            "d-i1",
            "trend",
            "2023-12-05",
            "042",
            "IRNGOVSPY",
            "AZE",
        )
        .build(),
        R::new(
            "v3a",
            "d-t1",
            "anadolu",
            "2023-12-19",
            "042",
            "TURSPY",
            "AZE",
        )
        .build(),
        R::new(
            "v3b",
            "d-t2",
            "report.az",
            "2023-12-20",
            "043",
            "AZEGOV",
            "TURSPY",
        )
        .build(),
    ]
}

#[test]
fn burst_of_different_intelligence_services_is_found_and_explained() {
    let mut recs = steady("2023-06-01", 240);
    recs.extend(intel_visits());
    let got = alerts(&recs, &AlertParams::default(), None);
    let bursts = of_kind(&got, AlertKind::Burst);
    assert_eq!(bursts.len(), 1, "{got:#?}");
    let b = bursts[0];
    println!("{}", b.explanation);
    assert_eq!(b.key, "burst/target=AZE/sector=SPY/kind=04");
    for needle in [
        "AZE",
        "RUS SPY",
        "IRN GOV SPY",
        "TUR SPY",
        "3 distinct SPY actors",
        "CONSULT/visit",
    ] {
        assert!(
            b.explanation.contains(needle),
            "{needle} missing: {}",
            b.explanation
        );
    }
    assert!(b.p_value.is_some_and(|p| p < 0.001), "{b:?}");
    assert_eq!(
        (b.window_start, b.window_end),
        (d("2023-11-28"), d("2023-12-19"))
    );
    // Every mention of the three visits is evidence, the hosting event is not (domestic
    // source toward a foreign target).
    for id in ["v1a", "v1b", "v1c", "v2", "v3a"] {
        assert!(
            b.evidence.contains(&id.to_string()),
            "{id} not in {:?}",
            b.evidence
        );
    }
    assert!(!b.evidence.contains(&"v3b".to_string()));
    // Without the background the prior alone still flags it.
    let got = alerts(&intel_visits(), &AlertParams::default(), None);
    assert_eq!(of_kind(&got, AlertKind::Burst).len(), 1, "{got:#?}");
}

#[test]
fn one_story_repeated_is_not_a_burst() {
    let mut recs = steady("2023-06-01", 240);
    for i in 0..10 {
        recs.push(
            R::new(
                &format!("r{i}"),
                &format!("rd{i}"),
                &format!("outlet{i}"),
                "2023-11-28",
                "042",
                "RUSSPY",
                "AZE",
            )
            .build(),
        );
    }
    let got = alerts(&recs, &AlertParams::default(), None);
    assert!(of_kind(&got, AlertKind::Burst).is_empty(), "{got:#?}");
}

#[test]
fn speculation_and_denial_never_alert() {
    let mut recs = steady("2023-06-01", 240);
    for (i, mut r) in intel_visits().into_iter().enumerate() {
        r.event.modality = if i % 2 == 0 {
            Modality::Speculative
        } else {
            Modality::Negated
        };
        recs.push(r);
    }
    let got = alerts(&recs, &AlertParams::default(), None);
    assert!(of_kind(&got, AlertKind::Burst).is_empty(), "{got:#?}");
    assert!(of_kind(&got, AlertKind::NewDyad).is_empty(), "{got:#?}");
}

#[test]
fn repeated_visits_by_one_service_are_a_dyad_burst_not_a_sector_burst() {
    let mut recs = steady("2023-06-01", 240);
    for (i, day) in ["2023-11-02", "2023-11-09", "2023-11-16", "2023-11-23"]
        .iter()
        .enumerate()
    {
        recs.push(
            R::new(
                &format!("x{i}"),
                &format!("xd{i}"),
                "apa",
                day,
                "042",
                "RUSSPY",
                "AZE",
            )
            .build(),
        );
    }
    let got = alerts(&recs, &AlertParams::default(), None);
    let bursts = of_kind(&got, AlertKind::Burst);
    assert_eq!(bursts.len(), 1, "{got:#?}");
    assert_eq!(
        bursts[0].key,
        "burst/target=AZE/source=RUS/sector=SPY/kind=04"
    );
    assert!(
        bursts[0]
            .explanation
            .starts_with("4 episodes (4 events of CAMEO root 04"),
        "{}",
        bursts[0].explanation
    );
}

#[test]
fn one_visit_reported_over_two_days_is_one_episode_not_a_burst() {
    let mut recs = steady("2023-06-01", 240);
    for (i, (day, cameo)) in [
        ("2023-11-02", "042"),
        ("2023-11-02", "040"),
        ("2023-11-03", "046"),
        ("2023-11-03", "040"),
    ]
    .iter()
    .enumerate()
    {
        recs.push(
            R::new(
                &format!("v{i}"),
                &format!("vd{i}"),
                "apa",
                day,
                cameo,
                "RUSSPY",
                "AZE",
            )
            .build(),
        );
    }
    let got = alerts(&recs, &AlertParams::default(), None);
    assert!(of_kind(&got, AlertKind::Burst).is_empty(), "{got:#?}");
}

#[test]
fn since_limits_reporting_not_baseline() {
    let mut recs = steady("2023-06-01", 240);
    recs.extend(intel_visits());
    let got = alerts(&recs, &AlertParams::default(), Some(d("2024-01-15")));
    assert!(of_kind(&got, AlertKind::Burst).is_empty());
    let got = alerts(&recs, &AlertParams::default(), Some(d("2023-12-01")));
    assert_eq!(of_kind(&got, AlertKind::Burst).len(), 1);
}

/// ARM -> GEO: ten months of cooperation every three days, then threats and assaults every
/// three days for three weeks while the cooperation goes on. Returns the hostile ids.
fn turning_hostile(recs: &mut Vec<EventRecord>) -> Vec<String> {
    let coop = ["042", "057", "036", "043"];
    for i in 0..110 {
        let day = (d("2023-01-01") + Duration::days(3 * i)).to_string();
        let code = coop[i as usize % coop.len()];
        recs.push(
            R::new(
                &format!("c{i}"),
                &format!("cd{i}"),
                "wire-a",
                &day,
                code,
                "ARMGOV",
                "GEOGOV",
            )
            .build(),
        );
    }
    let hostile = ["138", "190", "183", "173"];
    let mut ids = Vec::new();
    for i in 0..8 {
        let day = (d("2023-10-28") + Duration::days(3 * i)).to_string();
        let code = hostile[i as usize % hostile.len()];
        let id = format!("h{i}");
        recs.push(
            R::new(
                &id,
                &format!("hd{i}"),
                "wire-b",
                &day,
                code,
                "ARMMIL",
                "GEOMIL",
            )
            .build(),
        );
        ids.push(id);
    }
    ids
}

#[test]
fn escalation_is_found_on_a_dyad_turning_hostile() {
    let mut recs = steady("2023-01-01", 330);
    let hostile = turning_hostile(&mut recs);
    let got = alerts(&recs, &AlertParams::default(), None);
    let esc = of_kind(&got, AlertKind::Escalation);
    assert_eq!(esc.len(), 1, "{got:#?}");
    let e = esc[0];
    assert_eq!(e.key, "escalation/ARM->GEO");
    assert!(
        e.explanation
            .starts_with("ARM -> GEO shifted toward conflict"),
        "{}",
        e.explanation
    );
    assert!(e.p_value.is_some_and(|p| p <= 0.001));
    for id in &hostile {
        assert!(
            e.evidence.contains(id),
            "{id} missing from {:?}",
            e.evidence
        );
    }
}

#[test]
fn new_dyad_after_history() {
    let mut recs = steady("2023-01-01", 120);
    // IRN and AZE governments are active elsewhere, then meet for the first time.
    recs.push(
        R::new(
            "n0",
            "nd0",
            "wire-a",
            "2023-01-10",
            "042",
            "IRNGOV",
            "IRQGOV",
        )
        .build(),
    );
    recs.push(
        R::new(
            "n1",
            "nd1",
            "wire-a",
            "2023-03-10",
            "042",
            "IRNGOV",
            "IRQGOV",
        )
        .build(),
    );
    recs.push(
        R::new(
            "n2",
            "nd2",
            "wire-a",
            "2023-04-20",
            "040",
            "IRNGOV",
            "AZEGOV",
        )
        .build(),
    );
    recs.push(
        R::new(
            "n3",
            "nd3",
            "wire-b",
            "2023-04-20",
            "040",
            "IRNGOV",
            "AZEGOV",
        )
        .build(),
    );
    // The second contact is not new.
    recs.push(
        R::new(
            "n4",
            "nd4",
            "wire-b",
            "2023-04-29",
            "040",
            "IRNGOV",
            "AZEGOV",
        )
        .build(),
    );
    let got = alerts(&recs, &AlertParams::default(), None);
    let nd = of_kind(&got, AlertKind::NewDyad);
    assert_eq!(nd.len(), 1, "{got:#?}");
    assert_eq!(nd[0].key, "new_dyad/IRN->AZE/root=04");
    assert_eq!(nd[0].evidence, vec!["n2".to_string(), "n3".to_string()]);
    assert!(
        nd[0].explanation.contains("IRN -> AZE"),
        "{}",
        nd[0].explanation
    );
    assert!(
        nd[0].explanation.contains("2 sources"),
        "{}",
        nd[0].explanation
    );
    // Before enough history, a first contact is not news.
    let mut p = AlertParams::default();
    p.new_dyad.min_history_days = 200;
    assert!(of_kind(&alerts(&recs, &p, None), AlertKind::NewDyad).is_empty());
}

#[test]
fn params_deserialise_partially_and_reject_typos() {
    let p: AlertParams =
        serde_json::from_str(r#"{"burst": {"window_days": 21}, "new_dyad": {"level": "country"}}"#)
            .expect("partial params");
    assert_eq!(p.burst.window_days, 21);
    assert_eq!(p.burst.min_count, BurstParams::default().min_count);
    assert_eq!(p.new_dyad.level, DyadLevel::Country);
    assert!(serde_json::from_str::<AlertParams>(r#"{"burst": {"windw_days": 21}}"#).is_err());
    // Round trip.
    let j = serde_json::to_string(&AlertParams::default()).expect("serialise");
    assert_eq!(
        serde_json::from_str::<AlertParams>(&j).expect("parse"),
        AlertParams::default()
    );
}

#[test]
fn output_is_deterministic() {
    let mut recs = steady("2023-06-01", 240);
    recs.extend(intel_visits());
    let a = alerts(&recs, &AlertParams::default(), None);
    recs.reverse();
    let b = alerts(&recs, &AlertParams::default(), None);
    assert_eq!(a, b);
}

#[test]
fn rendered_alerts_show_explanation_and_evidence() {
    let mut recs = steady("2023-01-01", 330);
    recs.extend(intel_visits());
    turning_hostile(&mut recs);
    let got = alerts(&recs, &AlertParams::default(), None);
    let text = crate::render_alerts(&got);
    println!("{text}");
    assert!(text.starts_with("#  "));
    assert!(text.contains("evidence: v1a"));
    assert!(text.contains("burst/target=AZE/sector=SPY/kind=04"));
    assert!(text.contains("escalation/ARM->GEO"));
}

/// The events a coder should produce from `samples/fictional-visits/` (constructed by hand).
fn sample_folder_as_coded() -> Vec<EventRecord> {
    let m = |r: R, m: Modality| r.modality(m).build();
    vec![
        R::new("o1", "other-01", "f1", "2025-02-23", "010", "ESP", "").build(),
        R::new(
            "o3",
            "other-03",
            "f3",
            "2025-03-07",
            "057",
            "BRAGOV",
            "ARGGOV",
        )
        .build(),
        R::new(
            "o3b",
            "other-03",
            "f3",
            "2025-03-07",
            "040",
            "BRAGOV",
            "ARGGOV",
        )
        .build(),
        R::new("o6", "other-06", "f6", "2025-03-18", "042", "JPNGOV", "AUS").build(),
        R::new(
            "o6b",
            "other-06",
            "f6",
            "2025-03-18",
            "040",
            "JPNGOV",
            "AUSGOV",
        )
        .build(),
        R::new("o9", "other-09", "f9", "2025-04-02", "020", "IGOUNO", "SDN").build(),
        R::new("n1", "intel-01", "i1", "2025-03-04", "042", "RUSSPY", "AZE").build(),
        R::new(
            "n2",
            "intel-01",
            "i1",
            "2025-03-04",
            "040",
            "RUSSPY",
            "AZEGOV",
        )
        .build(),
        R::new(
            "n3",
            "intel-01",
            "i1",
            "2025-03-04",
            "040",
            "RUSSPY",
            "AZESPY",
        )
        .build(),
        R::new(
            "n4",
            "intel-02",
            "i2",
            "2025-03-04",
            "040",
            "RUSSPY",
            "AZEGOV",
        )
        .published("2025-03-05")
        .build(),
        R::new(
            "n5",
            "intel-02",
            "i2",
            "2025-03-04",
            "043",
            "AZEGOV",
            "RUSSPY",
        )
        .published("2025-03-05")
        .build(),
        R::new(
            "k1",
            "intel-03",
            "i3",
            "2025-03-12",
            "042",
            "IRNGOVSPY",
            "AZE",
        )
        .published("2025-03-13")
        .build(),
        R::new(
            "k2",
            "intel-03",
            "i3",
            "2025-03-12",
            "040",
            "IRNGOVSPY",
            "AZESPY",
        )
        .published("2025-03-13")
        .build(),
        R::new("t1", "intel-04", "i4", "2025-03-26", "042", "TURSPY", "AZE")
            .published("2025-03-27")
            .build(),
        R::new(
            "t2",
            "intel-04",
            "i4",
            "2025-03-26",
            "040",
            "TURSPY",
            "AZEGOV",
        )
        .published("2025-03-27")
        .build(),
        R::new("e1", "intel-05", "i5", "2025-03-04", "042", "RUSSPY", "AZE")
            .published("2025-03-29")
            .build(),
        R::new("e2", "intel-05", "i5", "2025-03-12", "042", "IRNSPY", "AZE")
            .published("2025-03-29")
            .build(),
        R::new("e3", "intel-05", "i5", "2025-03-26", "042", "TURSPY", "AZE")
            .published("2025-03-29")
            .build(),
        m(
            R::new("e4", "intel-05", "i5", "2025-03-29", "036", "RUS", "AZE"),
            Modality::Speculative,
        ),
        m(
            R::new("e5", "intel-05", "i5", "2025-03-29", "040", "IRN", "AZE"),
            Modality::Speculative,
        ),
        m(
            R::new("h1", "intel-06", "i6", "2025-03-31", "138", "IRN", "AZE"),
            Modality::Negated,
        ),
        m(
            R::new("h2", "intel-06", "i6", "2025-03-31", "150", "RUS", "AZE"),
            Modality::Negated,
        ),
    ]
}

#[test]
fn sample_folder_story_raises_the_aze_burst() {
    let recs = sample_folder_as_coded();
    let got = alerts(&recs, &AlertParams::default(), None);
    let bursts = of_kind(&got, AlertKind::Burst);
    assert_eq!(bursts.len(), 1, "{got:#?}");
    let b = bursts[0];
    assert_eq!(b.key, "burst/target=AZE/sector=SPY/kind=04");
    assert!(b.p_value.is_some_and(|p| p < 1e-3), "{b:?}");
    for id in ["n1", "k1", "t1", "e1", "e2", "e3"] {
        assert!(b.evidence.contains(&id.to_string()), "{id}: {b:?}");
    }
    for id in ["e4", "e5", "h1", "h2"] {
        assert!(!b.evidence.contains(&id.to_string()), "{id}: {b:?}");
    }
    // Nothing else in a month of unrelated news is a burst or an escalation.
    assert!(of_kind(&got, AlertKind::Escalation).is_empty());
    println!("{}", crate::render_alerts(&got));
}

#[test]
fn any_sector_series_catches_a_visitor_coded_without_spy() {
    let mut recs = sample_folder_as_coded();
    for r in recs.iter_mut() {
        if let Some(s) = r.event.source.as_mut() {
            if s.code == "IRNGOVSPY" || s.code == "IRNSPY" {
                *s = crate::testutil::actor("IRNGOV");
            }
        }
    }
    let got = alerts(&recs, &AlertParams::default(), None);
    let bursts = of_kind(&got, AlertKind::Burst);
    assert_eq!(bursts.len(), 1, "{got:#?}");
    assert_eq!(bursts[0].key, "burst/target=AZE/sector=*/kind=04");
    let x = &bursts[0].explanation;
    assert!(
        x.contains("3 distinct source countries, any sector,"),
        "{x}"
    );
    assert!(
        x.contains("RUS SPY")
            && x.contains("IRN GOV")
            && x.contains("TUR SPY")
            && x.contains("AZE"),
        "{x}"
    );
}
