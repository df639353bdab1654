use chrono::NaiveDate;
use vigil_core::{Actor, DateValue, Document, Event, Modality, Provenance, Span};
use vigil_store::{Batch, EventQuery, PgStore, SqliteStore, Store};

/// The suite runs against every backend: SQLite in memory always, and a fresh PostgreSQL
/// database when `VIGIL_TEST_POSTGRES` names a server (see `vigil_store::testing`).
fn backends(test: &str) -> Vec<(&'static str, Box<dyn Store>)> {
    let mut out: Vec<(&'static str, Box<dyn Store>)> =
        vec![("sqlite", Box::new(SqliteStore::in_memory().unwrap()))];
    if let Some(base) = vigil_store::testing::postgres_url(test) {
        let url = vigil_store::testing::fresh_database(&base, test).unwrap();
        out.push(("postgres", Box::new(PgStore::open(&url).unwrap())));
    }
    out
}

/// Every pending document id for `coder`, in one page.
fn pending(s: &dyn Store, coder: &str) -> Vec<String> {
    let page = s.pending_documents(coder, 0, usize::MAX).unwrap();
    page.into_iter().map(|(_, id)| id).collect()
}

fn doc(title: &str, text: &str) -> Document {
    let mut d = Document::new(Some(title.into()), text.into());
    d.published = NaiveDate::from_ymd_opt(2023, 10, 5);
    d.source = Some("Wire".into());
    d
}

fn event(doc: &Document, cameo: &str, src: &str, tgt: &str) -> Event {
    let span = Span::new(0, doc.text.len());
    Event {
        id: Event::make_id(&doc.id, 0, Some(span), cameo),
        doc_id: doc.id.clone(),
        sentence: 0,
        span,
        cameo: cameo.into(),
        root: cameo[..2].into(),
        quad_class: 1,
        goldstein: 1.9,
        plover: Some("CONSULT".into()),
        plover_mode: Some("visit".into()),
        source: Some(Actor {
            text: "Naryshkin".into(),
            code: format!("{src}SPY"),
            country: Some(src.into()),
            sectors: vec!["SPY".into()],
            ..Actor::default()
        }),
        target: Some(Actor {
            text: "Baku".into(),
            code: format!("{tgt}GOV"),
            country: Some(tgt.into()),
            sectors: vec!["GOV".into()],
            ..Actor::default()
        }),
        date: NaiveDate::from_ymd_opt(2023, 10, 2).map(DateValue::day),
        place: None,
        modality: Modality::Asserted,
        attribution: None,
        confidence: 0.9,
        provenance: Provenance {
            predicate: Some(Span::new(10, 17)),
            source: None,
            target: None,
            rule: "test".into(),
            coder: "test/1".into(),
        },
    }
}

/// Commit, reopen (a new connection), re-add, query and search.
fn round_trip(open: &dyn Fn() -> Box<dyn Store>) {
    let d1 = doc("Spy chief visits", "Naryshkin visited Baku on October 2.");
    let d2 = doc("Weather", "Rain is expected in Paris.");
    let e1 = event(&d1, "042", "RUS", "AZE");
    {
        let mut s = open();
        let st = s
            .commit(&Batch {
                documents: vec![d1.clone(), d2.clone()],
                events: vec![(d1.id.clone(), vec![e1.clone()]), (d2.id.clone(), vec![])],
                coder: "c1".into(),
                ..Batch::default()
            })
            .unwrap();
        assert_eq!((st.added, st.duplicates, st.events), (2, 0, 1));
    }
    // Reopen: everything committed is there, and re-adding is a no-op.
    let mut s = open();
    let st = s
        .commit(&Batch {
            documents: vec![d1.clone()],
            ..Batch::default()
        })
        .unwrap();
    assert_eq!((st.added, st.duplicates), (0, 1));
    assert_eq!(s.document(&d1.id).unwrap().unwrap(), d1);
    assert_eq!(s.event(&e1.id).unwrap().unwrap(), e1);
    assert!(pending(s.as_ref(), "c1").is_empty());
    assert_eq!(pending(s.as_ref(), "c2").len(), 2);

    let q = |q: EventQuery| s.events(&q).unwrap().len();
    assert_eq!(q(EventQuery::default()), 1);
    assert_eq!(
        q(EventQuery {
            country: Some("aze".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            actor: Some("naryshkin".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        q(EventQuery {
            cameo: Some("19".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        q(EventQuery {
            since: NaiveDate::from_ymd_opt(2023, 10, 3),
            ..Default::default()
        }),
        0
    );
    let hits = s.search("Baku", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("[Baku]"));
    let stats = s.stats().unwrap();
    assert_eq!((stats.documents, stats.extracted, stats.events), (2, 2, 1));
}

#[test]
fn round_trip_idempotent_and_queries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    round_trip(&|| Box::new(SqliteStore::open(&path).unwrap()));
    assert_eq!(
        SqliteStore::open(&path).unwrap().schema_version().unwrap(),
        3
    );
}

#[test]
fn round_trip_idempotent_and_queries_postgres() {
    let Some(base) = vigil_store::testing::postgres_url("round_trip_postgres") else {
        return;
    };
    let url = vigil_store::testing::fresh_database(&base, "round_trip").unwrap();
    round_trip(&|| Box::new(PgStore::open(&url).unwrap()));
    assert_eq!(PgStore::open(&url).unwrap().schema_version().unwrap(), 1);
}

#[test]
fn re_extraction_replaces_events() {
    for (backend, mut s) in backends("re_extraction_replaces_events") {
        eprintln!("backend {backend}");
        let d1 = doc("A", "Naryshkin visited Baku.");
        let e1 = event(&d1, "042", "RUS", "AZE");
        let e2 = event(&d1, "043", "RUS", "AZE");
        s.commit(&Batch {
            documents: vec![d1.clone()],
            events: vec![(d1.id.clone(), vec![e1])],
            coder: "c1".into(),
            ..Batch::default()
        })
        .unwrap();
        let before = s.revision().unwrap();
        s.commit(&Batch {
            documents: vec![],
            events: vec![(d1.id.clone(), vec![e2.clone()])],
            coder: "c2".into(),
            ..Batch::default()
        })
        .unwrap();
        let all = s.events(&EventQuery::default()).unwrap();
        assert_eq!(all, vec![e2]);
        // On SQLite one event replaced by one other still changes the revision (a counter
        // kept by triggers); Postgres derives it from the counts, which this does not change
        // (a known limit, see `Store::revision`).
        if backend == "sqlite" {
            assert_ne!(s.revision().unwrap(), before, "{backend}");
        }
        assert_eq!(s.revision().unwrap(), s.revision().unwrap());
    }
}

#[test]
fn failed_documents_are_not_pending_for_the_same_coder() {
    for (backend, mut s) in backends("failed_documents_are_not_pending_for_the_same_coder") {
        eprintln!("backend {backend}");
        let d = doc("Long", "A document the extractor gives up on.");
        s.commit(&Batch {
            documents: vec![d.clone()],
            ..Batch::default()
        })
        .unwrap();
        assert_eq!(pending(s.as_ref(), "c1"), vec![d.id.clone()]);
        s.commit(&Batch {
            failures: vec![(d.id.clone(), "over budget".into())],
            coder: "c1".into(),
            ..Batch::default()
        })
        .unwrap();
        assert!(pending(s.as_ref(), "c1").is_empty());
        // A new coder version tries again.
        assert_eq!(pending(s.as_ref(), "c2"), vec![d.id.clone()]);
    }
}

#[test]
fn documents_after_walks_ingest_order_with_each_extracting_coder() {
    for (backend, mut s) in
        backends("documents_after_walks_ingest_order_with_each_extracting_coder")
    {
        eprintln!("backend {backend}");
        let docs: Vec<_> = (0..3)
            .map(|i| doc(&format!("Walk {i}"), &format!("Walked story {i} of three.")))
            .collect();
        s.commit(&Batch {
            documents: docs.clone(),
            ..Batch::default()
        })
        .unwrap();
        s.commit(&Batch {
            events: vec![(docs[0].id.clone(), vec![])],
            coder: "c1".into(),
            ..Batch::default()
        })
        .unwrap();
        s.commit(&Batch {
            failures: vec![(docs[2].id.clone(), "over budget".into())],
            coder: "c2".into(),
            ..Batch::default()
        })
        .unwrap();
        let all = s.documents_after(0, 10).unwrap();
        let ids: Vec<_> = all.iter().map(|d| d.id.clone()).collect();
        let coders: Vec<_> = all.iter().map(|d| d.coder.as_deref()).collect();
        assert_eq!(ids, docs.iter().map(|d| d.id.clone()).collect::<Vec<_>>());
        assert_eq!(coders, [Some("c1"), None, Some("c2")]);
        assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
        let rest = s.documents_after(all[0].seq, 1).unwrap();
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].id, docs[1].id);
        assert!(!rest[0].extracted());
    }
}

#[test]
fn pending_documents_come_in_pages_in_ingest_order() {
    for (backend, mut s) in backends("pending_documents_come_in_pages_in_ingest_order") {
        eprintln!("backend {backend}");
        let docs: Vec<_> = (0..5)
            .map(|i| doc(&format!("Page {i}"), &format!("Story number {i} of five.")))
            .collect();
        s.commit(&Batch {
            documents: docs.clone(),
            ..Batch::default()
        })
        .unwrap();
        s.commit(&Batch {
            events: vec![(docs[1].id.clone(), vec![])],
            coder: "c1".into(),
            ..Batch::default()
        })
        .unwrap();
        assert_eq!(s.pending_count("c1").unwrap(), 4);
        let (mut after, mut ids) = (0, Vec::new());
        loop {
            let page = s.pending_documents("c1", after, 2).unwrap();
            assert!(page.len() <= 2);
            let Some(&(last, _)) = page.last() else { break };
            after = last;
            ids.extend(page.into_iter().map(|(_, id)| id));
        }
        let want: Vec<_> = [0, 2, 3, 4].iter().map(|&i| docs[i].id.clone()).collect();
        assert_eq!(ids, want);
    }
}

#[test]
fn like_wildcards_match_literally() {
    for (backend, mut s) in backends("like_wildcards_match_literally") {
        eprintln!("backend {backend}");
        let d = doc("Spy chief visits", "Naryshkin visited Baku on October 2.");
        let e = event(&d, "042", "RUS", "AZE");
        s.commit(&Batch {
            documents: vec![d.clone()],
            events: vec![(d.id.clone(), vec![e])],
            coder: "c1".into(),
            ..Batch::default()
        })
        .unwrap();
        for pat in ["%", "_", "0_2"] {
            let q = EventQuery {
                cameo: Some(pat.into()),
                ..EventQuery::default()
            };
            assert!(s.events(&q).unwrap().is_empty(), "{pat}");
        }
        let q = EventQuery {
            actor: Some("%".into()),
            limit: Some(usize::MAX),
            ..EventQuery::default()
        };
        assert!(s.events(&q).unwrap().is_empty());
        let q = EventQuery {
            cameo: Some("04".into()),
            limit: Some(usize::MAX),
            ..EventQuery::default()
        };
        assert_eq!(s.events(&q).unwrap().len(), 1);
    }
}

#[test]
fn plover_modality_confidence_filters_and_cursor_pages() {
    for (backend, mut s) in backends("plover_modality_confidence_filters_and_cursor_pages") {
        eprintln!("backend {backend}");
        let docs: Vec<Document> = (0..5)
            .map(|i| {
                doc(
                    &format!("Visit {i}"),
                    &format!("Envoy {i} visited the capital."),
                )
            })
            .collect();
        let mut events = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let mut e = event(d, "042", "RUS", "AZE");
            e.confidence = 0.5 + i as f64 / 10.0;
            if i == 4 {
                e.modality = Modality::Negated;
                e.plover = Some("ASSAULT".into());
            }
            events.push((d.id.clone(), vec![e]));
        }
        s.commit(&Batch {
            documents: docs,
            events,
            coder: "c1".into(),
            ..Batch::default()
        })
        .unwrap();
        let ids = |q: EventQuery| -> Vec<String> {
            s.events(&q).unwrap().into_iter().map(|e| e.id).collect()
        };
        let all = ids(EventQuery::default());
        assert_eq!(all.len(), 5);
        let plover = |p: &str| EventQuery {
            plover: Some(p.into()),
            ..Default::default()
        };
        assert_eq!(ids(plover("consult")).len(), 4);
        assert_eq!(ids(plover("ASSAULT")).len(), 1);
        let modality = EventQuery {
            modality: Some("negated".into()),
            ..Default::default()
        };
        assert_eq!(ids(modality).len(), 1);
        let confident = EventQuery {
            min_confidence: Some(0.75),
            ..Default::default()
        };
        assert_eq!(ids(confident).len(), 2);
        // Pages of two, each starting after the last id of the previous one, give every event once.
        let mut pages = Vec::new();
        let mut cursor = None;
        loop {
            let page = ids(EventQuery {
                limit: Some(2),
                cursor: cursor.clone(),
                ..Default::default()
            });
            if page.is_empty() {
                break;
            }
            cursor = page.last().cloned();
            pages.extend(page);
        }
        assert_eq!(pages, all);
        let unknown = EventQuery {
            cursor: Some("nope".into()),
            ..Default::default()
        };
        assert!(ids(unknown).is_empty());
    }
}
