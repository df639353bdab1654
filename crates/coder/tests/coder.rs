//! End-to-end coder tests on hand-written sentences. They use the repository's dictionaries
//! (`data/`), not the shared data, and no trained models: the tokenizer-only path, or
//! hand-built dependency parses.

use std::sync::OnceLock;
use vigil_coder::Coder;
use vigil_core::{AnnotatedDoc, Annotator, Document, Event, Modality, Sentence, Span, Token};

fn coder() -> &'static Coder {
    static C: OnceLock<Coder> = OnceLock::new();
    C.get_or_init(|| Coder::load(&vigil_core::paths::data_dir()).expect("load coder"))
}

fn code(text: &str) -> Vec<Event> {
    let mut d = vigil_coder::tokenize_only(text);
    coder().annotate(&mut d).expect("annotate");
    d.events
}

fn find<'a>(evs: &'a [Event], root: &str) -> &'a Event {
    evs.iter()
        .find(|e| e.root == root)
        .unwrap_or_else(|| panic!("no event with root {root} in {evs:#?}"))
}

fn src(e: &Event) -> &str {
    e.source.as_ref().map_or("", |a| a.code.as_str())
}

fn tgt(e: &Event) -> &str {
    e.target.as_ref().map_or("", |a| a.code.as_str())
}

#[test]
fn asserted_event_is_fully_filled() {
    let mut d = vigil_coder::tokenize_only("Turkish police arrested Kurdish activists in Ankara.");
    d.doc.published = chrono::NaiveDate::from_ymd_opt(2024, 3, 1);
    coder().annotate(&mut d).unwrap();
    let e = find(&d.events, "17");
    assert_eq!(e.cameo, "173");
    assert_eq!(e.quad_class, 4);
    assert_eq!(e.plover.as_deref(), Some("COERCE"));
    assert_eq!(e.modality, Modality::Asserted);
    let s = e.source.as_ref().unwrap();
    assert_eq!(s.country.as_deref(), Some("TUR"));
    assert_eq!(s.sectors, vec!["COP".to_string()]);
    assert_eq!(d.text_of(s.span.unwrap()), "Turkish police");
    assert_eq!(d.text_of(e.provenance.predicate.unwrap()), "arrested");
    assert!(
        e.provenance.rule.contains("CAMEO.2.0"),
        "{}",
        e.provenance.rule
    );
    assert_eq!(e.provenance.coder, vigil_coder::CODER_VERSION);
    assert_eq!(e.date.as_ref().unwrap().value, "2024-03-01");
    assert!(e.confidence > 0.0 && e.confidence <= 1.0);
}

#[test]
fn modality_negated_and_denied() {
    let e = code("Azerbaijan did not attack Armenia.");
    assert_eq!(find(&e, "19").modality, Modality::Negated);
    let e = code("Iran denied that it threatened Israel.");
    let t = find(&e, "13");
    assert_eq!(t.modality, Modality::Negated);
    assert_eq!(src(t), "IRN");
    assert_eq!(tgt(t), "ISR");
}

#[test]
fn modality_speculative() {
    let e = code("It is unlikely that Russia would carry out a strike against Ukraine.");
    let s = find(&e, "19");
    assert_eq!(s.modality, Modality::Speculative);
    assert!(!s.modality.is_factual());
    assert_eq!((src(s), tgt(s)), ("RUS", "UKR"));
    let e = code("Russia may attack Ukraine.");
    assert_eq!(find(&e, "19").modality, Modality::Speculative);
}

#[test]
fn modality_hypothetical_future_question() {
    let e = code("If talks fail, Iran could attack Israel.");
    assert_eq!(find(&e, "19").modality, Modality::Hypothetical);
    let e = code("Egypt will attack Libya.");
    assert_eq!(find(&e, "19").modality, Modality::Future);
    let e = code("Will Iran attack Israel?");
    assert_eq!(find(&e, "19").modality, Modality::Question);
}

#[test]
fn future_cooperation_is_intent() {
    // CAMEO/PLOVER: a cooperative act announced for the future is an expressed intent (03x)
    let e = code("Egypt's president will visit Saudi Arabia.");
    let v = find(&e, "03");
    assert_eq!(v.cameo, "036");
    assert_eq!(v.modality, Modality::Future);
    assert_eq!(tgt(v), "SAU");
}

#[test]
fn modality_reported_with_attribution() {
    let e = code("Armenian troops shelled Azerbaijani villages, the ministry told Trend.");
    let a = find(&e, "19");
    assert_eq!(a.modality, Modality::Reported);
    assert_eq!(a.attribution.as_ref().unwrap().cue, "told");
    let e = code("According to the Interior Ministry, rebels attacked Iraqi soldiers.");
    let a = find(&e, "19");
    assert_eq!(a.modality, Modality::Reported);
    assert_eq!(a.attribution.as_ref().unwrap().cue, "according to");
    let e = code("The Ukrainian army said that Russian forces attacked Kharkiv.");
    let a = find(&e, "19");
    assert_eq!(a.modality, Modality::Reported);
    assert_eq!(src(a), "RUSMIL");
    let att = a.attribution.as_ref().unwrap();
    assert_eq!(att.actor.as_ref().unwrap().country.as_deref(), Some("UKR"));
    // the statement itself is not an extra event
    assert!(e.iter().all(|x| x.root != "01"), "{e:#?}");
}

#[test]
fn coordination_gives_one_event_per_conjunct() {
    let e = code("Hungarian and Romanian officials met Ukrainian diplomats on Monday.");
    let meets: Vec<&Event> = e.iter().filter(|x| x.root == "04").collect();
    let mut srcs: Vec<&str> = meets.iter().map(|x| src(x)).collect();
    srcs.sort();
    assert_eq!(srcs, vec!["HUNGOV", "ROUGOV"]);
    assert!(meets.iter().all(|x| tgt(x) == "UKRGOV"));
    let e = code("The United States and Japan held talks with China.");
    let talks: Vec<&Event> = e.iter().filter(|x| x.cameo == "046").collect();
    assert_eq!(talks.len(), 2);
    let ids: std::collections::BTreeSet<&str> = talks.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids.len(), 2, "conjunct events need distinct ids");
}

#[test]
fn apposition_gives_role_and_coreference_follows() {
    let text = "Sergey Naryshkin, director of Russia's Foreign Intelligence Service (SVR), \
                accused Britain of plotting a coup. Naryshkin later met Chinese officials in \
                Beijing. He criticized the European Union. The Russian intelligence chief also \
                threatened Estonia.";
    let e = code(text);
    let acc = find(&e, "11");
    let s = acc.source.as_ref().unwrap();
    assert_eq!(s.code, "RUSSPY");
    assert_eq!(s.country.as_deref(), Some("RUS"));
    assert_eq!(s.sectors, vec!["SPY".to_string()]);
    assert!(s
        .name
        .as_deref()
        .unwrap_or("")
        .to_uppercase()
        .contains("NARYSHKIN"));
    assert_eq!(tgt(acc), "GBR");
    // "Naryshkin" (name), "He" (pronoun), "the Russian intelligence chief" (description)
    let meet = find(&e, "04");
    assert_eq!(
        (src(meet), tgt(meet)),
        ("RUSSPY", "CHNGOV"),
        "Beijing is a place here"
    );
    let crit = e.iter().find(|x| x.sentence == 2).unwrap();
    assert_eq!(src(crit), "RUSSPY");
    assert_eq!(tgt(crit), "IGOEEC");
    let thr = find(&e, "13");
    assert_eq!((src(thr), tgt(thr)), ("RUSSPY", "EST"));
}

#[test]
fn capital_as_actor_and_as_place() {
    let e = code("Baku accused Yerevan of violating the ceasefire.");
    let a = find(&e, "11");
    assert_eq!((src(a), tgt(a)), ("AZEGOV", "ARMGOV"));
    let e = code("Armenian officials met Iranian diplomats in Baku.");
    let m = find(&e, "04");
    assert_eq!(tgt(m), "IRNGOV");
}

#[test]
fn passive_voice_swaps_roles() {
    let e = code("A refugee camp was attacked by Rwandan gunmen.");
    let a = find(&e, "19");
    assert_eq!(a.source.as_ref().unwrap().country.as_deref(), Some("RWA"));
    let e = code("Palestinian protesters were arrested by Israeli police.");
    let a = find(&e, "17");
    assert_eq!((src(a), tgt(a)), ("ISRCOP", "PSECVL"));
}

#[test]
fn light_verbs_and_verb_chains() {
    let e = code("Egypt's president paid a visit to Saudi Arabia.");
    assert_eq!(find(&e, "04").cameo, "042");
    let e = code("Tunisia has offered to release British prisoners.");
    assert_eq!(find(&e, "03").cameo, "0353");
    // a reporting verb with its own event object is an event, not a report
    let e = code("Ecuador declared a nationwide state of emergency after gangs attacked prisons.");
    assert_eq!(find(&e, "17").cameo, "1724");
    let e = code("Germany demanded that Russia release the journalists.");
    let d = find(&e, "10");
    assert_eq!((src(d), tgt(d)), ("DEU", "RUS"));
}

/// "Russia was attacked by Ukraine" with a hand-built UD parse: the parse path must give the
/// same roles as the positional path.
#[test]
fn parsed_input_uses_dependencies() {
    let text = "Yesterday Ukraine attacked Russia near Belgorod .";
    let mut tokens = Vec::new();
    let mut pos = 0;
    // (word, upos, head, deprel)
    let parse = [
        ("Yesterday", "NOUN", Some(2), "obl:tmod"),
        ("Ukraine", "PROPN", Some(2), "nsubj"),
        ("attacked", "VERB", None, "root"),
        ("Russia", "PROPN", Some(2), "obj"),
        ("near", "ADP", Some(5), "case"),
        ("Belgorod", "PROPN", Some(2), "obl"),
        (".", "PUNCT", Some(2), "punct"),
    ];
    for (w, upos, head, rel) in parse {
        let start = text[pos..].find(w).unwrap() + pos;
        let mut t = Token::new(Span::new(start, start + w.len()), w);
        t.upos = upos.into();
        t.head = head;
        t.deprel = rel.into();
        tokens.push(t);
        pos = start + w.len();
    }
    let mut d = AnnotatedDoc::new(Document::new(None, text.into()));
    d.sentences.push(Sentence {
        span: Span::new(0, text.len()),
        token_start: 0,
        token_end: tokens.len(),
    });
    d.tokens = tokens;
    coder().annotate(&mut d).unwrap();
    let a = find(&d.events, "19");
    assert_eq!((src(a), tgt(a)), ("UKR", "RUS"));
    assert!(coder().explain(&d).contains("(parse)"));
}

#[test]
fn explain_shows_resolutions_and_patterns() {
    let d = vigil_coder::tokenize_only("Turkish police arrested Kurdish activists.");
    let x = coder().explain(&d);
    assert!(x.contains("actor \"Turkish police\" -> TURCOP"), "{x}");
    assert!(x.contains("verb \"arrested\""), "{x}");
    assert!(x.contains("## events"), "{x}");
}

#[test]
fn user_dictionary_directory_is_loaded_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Mine.actors.txt"),
        "ZORBLAX_FEDERATION_ [ZZZGOV]\n+ZORBLAX_\n",
    )
    .unwrap();
    let c = Coder::load_with(&vigil_core::paths::data_dir(), &[dir.path().to_path_buf()]).unwrap();
    let mut d = vigil_coder::tokenize_only("Zorblax attacked Russia.");
    c.annotate(&mut d).unwrap();
    assert_eq!(src(find(&d.events, "19")), "ZZZGOV");
}

/// Adds a Day time expression and place mentions (as the time/geo stages would) to a doc.
fn with_layers(
    d: &mut AnnotatedDoc,
    times: &[(&str, (i32, u32, u32))],
    places: &[(&str, &str, bool)],
) {
    use vigil_core::{DateValue, Place, PlaceMention, TimeExpr, TimexType};
    let text = d.doc.text.clone();
    let mut from = 0;
    for (w, (y, m, day)) in times {
        let at = text[from..].find(w).unwrap() + from;
        from = at + w.len();
        let date = chrono::NaiveDate::from_ymd_opt(*y, *m, *day).unwrap();
        d.times.push(TimeExpr {
            span: Span::new(at, at + w.len()),
            kind: TimexType::Date,
            value: DateValue::day(date),
            rule: "test".into(),
        });
    }
    for (w, iso, adjectival) in places {
        for (at, _) in text.match_indices(w) {
            d.places.push(PlaceMention {
                span: Span::new(at, at + w.len()),
                place: Place {
                    name: (*w).to_string(),
                    geonameid: None,
                    country: Some((*iso).to_string()),
                    admin1: None,
                    lat: None,
                    lon: None,
                    kind: "city".into(),
                },
                adjectival: *adjectival,
            });
        }
    }
}

#[test]
fn apposition_gives_the_current_role_of_a_person_with_an_expired_dictionary_role() {
    // Phoenix lists Naryshkin only with a government role that ended in 2008
    let text = "Sergey Naryshkin, director of Russia's Foreign Intelligence Service, visited \
                Baku on March 4.";
    let mut d = vigil_coder::tokenize_only(text);
    d.doc.published = chrono::NaiveDate::from_ymd_opt(2025, 3, 4);
    with_layers(
        &mut d,
        &[("March 4", (2025, 3, 4))],
        &[("Russia", "RUS", false), ("Baku", "AZE", false)],
    );
    coder().annotate(&mut d).unwrap();
    let v = find(&d.events, "04");
    assert_eq!(v.cameo, "042");
    assert_eq!((src(v), tgt(v)), ("RUSSPY", "AZEGOV"));
    // the place visited, not the country inside the actor phrase
    assert_eq!(v.place.as_ref().map(|p| p.name.as_str()), Some("Baku"));
    // one event: the visit is not also coded as a hosting (043) by Azerbaijan
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
}

#[test]
fn each_clause_takes_its_own_date() {
    let text = "Iran's intelligence minister Esmail Hatibi visited Baku on March 12, and \
                Turkish intelligence chief Ibrahim Kalinov visited Baku on March 26.";
    let mut d = vigil_coder::tokenize_only(text);
    d.doc.published = chrono::NaiveDate::from_ymd_opt(2025, 3, 29);
    with_layers(
        &mut d,
        &[("March 12", (2025, 3, 12)), ("March 26", (2025, 3, 26))],
        &[("Iran", "IRN", false), ("Baku", "AZE", false)],
    );
    coder().annotate(&mut d).unwrap();
    let visits: Vec<&Event> = d.events.iter().filter(|e| e.cameo == "042").collect();
    assert_eq!(visits.len(), 2, "{:#?}", d.events);
    let by = |c: &str| {
        visits
            .iter()
            .find(|e| src(e).starts_with(c))
            .unwrap_or_else(|| panic!("no visit by {c}: {visits:#?}"))
    };
    assert_eq!(by("IRN").date.as_ref().unwrap().value, "2025-03-12");
    assert_eq!(by("TUR").date.as_ref().unwrap().value, "2025-03-26");
    for v in &visits {
        assert_eq!(v.place.as_ref().map(|p| p.name.as_str()), Some("Baku"));
        assert_eq!(tgt(v), "AZEGOV");
    }
    // the same person gets one canonical code: country, then the specific sector first
    assert_eq!(src(by("IRN")), "IRNSPYGOV");
}

#[test]
fn meetings_are_coded_once_per_mention() {
    let e = code("Turkish Foreign Minister Hakan Fidan met with Greek officials in Athens.");
    let meets: Vec<&Event> = e.iter().filter(|x| x.root == "04").collect();
    assert_eq!(meets.len(), 1, "{meets:#?}");
    assert!(src(meets[0]).starts_with("TUR"), "{meets:#?}");
    assert!(tgt(meets[0]).starts_with("GRC"), "{meets:#?}");
}

#[test]
fn generic_people_nouns_take_no_country_from_context() {
    let text = "Armenia accused Azerbaijan of shelling border villages. The two men discussed \
                the situation.";
    let e = code(text);
    assert!(
        !e.iter()
            .filter(|x| x.sentence == 1)
            .any(|x| src(x).ends_with("PPL")),
        "{e:#?}"
    );
}

#[test]
fn a_location_complement_is_not_an_apposition() {
    let text = "Hakan Fidan, head of Turkey's National Intelligence Organization, in Ankara \
                met Iraqi officials.";
    let x = coder().explain(&vigil_coder::tokenize_only(text));
    assert!(!x.contains("= \"in Ankara\""), "{x}");
}

#[test]
fn an_action_without_a_named_target_keeps_no_target() {
    // a protest by a coded side is an event even without a target (root 14 is one-sided)
    let e = code("Egyptian protesters rioted on Friday.");
    let r = find(&e, "14");
    assert!(r.target.is_none(), "{r:#?}");
    assert!(!r.provenance.rule.contains("default target"));
    // a passive's agent says nothing about where the patient is
    let e = code("A village was attacked by Rwandan gunmen.");
    assert!(e.iter().all(|x| tgt(x) != "RWA"), "{e:#?}");
    // statements and meetings need a named interlocutor
    let e = code("Egyptian officials met on Friday.");
    assert!(e.is_empty(), "{e:#?}");
}

#[test]
fn a_list_of_countries_shares_the_head_of_the_first_conjunct() {
    let e = code(
        "The heads of the intelligence services of Russia, Iran and Turkey visited Azerbaijan.",
    );
    let mut srcs: Vec<&str> = e.iter().filter(|x| x.cameo == "042").map(src).collect();
    srcs.sort();
    assert_eq!(srcs.len(), 3, "{e:#?}");
    for (s, c) in srcs.iter().zip(["IRN", "RUS", "TUR"]) {
        assert!(s.starts_with(c) && s.contains("SPY"), "{srcs:?}");
    }
    assert!(e.iter().all(|x| tgt(x) == "AZE"), "{e:#?}");
}

#[test]
fn a_plural_pronoun_does_not_refer_to_one_person() {
    let e = code("Hakan Fidan met Greek officials in Athens. They discussed migration.");
    assert!(
        e.iter()
            .filter(|x| x.sentence == 1)
            .all(|x| !src(x).starts_with("TUR")),
        "{e:#?}"
    );
}

#[test]
fn no_event_without_coded_actors_or_from_a_forecast() {
    // a sector-only side ("the company") is no coded actor; cognition verbs are no acts
    let e = code("The company said it expects higher profits next year.");
    assert!(e.is_empty(), "{e:#?}");
    let e = code("Economists expect the central bank to raise interest rates.");
    assert!(e.is_empty(), "{e:#?}");
    // a self-dyad is a role error, never an event
    let e = code("France accused France of delays.");
    assert!(e.iter().all(|x| src(x) != tgt(x)), "{e:#?}");
}
