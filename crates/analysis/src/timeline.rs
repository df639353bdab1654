//! Chronological listing of events about an actor or a country, with modality marked.
//!
//! Every modality is listed (a denial or a speculation is part of the story); the modality
//! column lets the reader tell them apart.

use crate::record::{actor_label, kind_label, EventRecord};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_core::{Actor, Modality};

/// Which events a timeline shows. Empty filter: all events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TimelineFilter {
    /// Case-insensitive substring of the source or target actor's code, name or text.
    pub actor: Option<String>,
    /// ISO3 country of the source actor, target actor or place.
    pub country: Option<String>,
}

/// One line of a timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The day the event is placed at.
    pub date: Option<NaiveDate>,
    /// The date as the text gave it (TIMEX value, e.g. `2023-10`), or the publication day.
    pub date_value: String,
    /// How the text commits to it.
    pub modality: Modality,
    /// Event id.
    pub event_id: String,
    /// Document id.
    pub doc_id: String,
    /// Full CAMEO code.
    pub cameo: String,
    /// PLOVER type/mode or CAMEO root.
    pub kind: String,
    /// QuadClass 1-4.
    pub quad_class: u8,
    /// Goldstein value.
    pub goldstein: f64,
    /// Source actor label.
    pub source: Option<String>,
    /// Target actor label.
    pub target: Option<String>,
    /// Place name and country.
    pub place: Option<String>,
    /// Publisher.
    pub doc_source: Option<String>,
    /// Headline.
    pub doc_title: Option<String>,
    /// URL.
    pub doc_url: Option<String>,
}

/// The events matching `filter`, chronological (undated last), ties by document, sentence, id.
pub fn timeline(records: &[EventRecord], filter: &TimelineFilter) -> Vec<TimelineEntry> {
    let mut hits: Vec<&EventRecord> = records.iter().filter(|r| matches(r, filter)).collect();
    hits.sort_by(|a, b| {
        let (da, db) = (a.anchor_date(), b.anchor_date());
        (
            da.is_none(),
            da,
            &a.event.doc_id,
            a.event.sentence,
            &a.event.id,
        )
            .cmp(&(
                db.is_none(),
                db,
                &b.event.doc_id,
                b.event.sentence,
                &b.event.id,
            ))
    });
    hits.into_iter().map(entry).collect()
}

fn matches(r: &EventRecord, f: &TimelineFilter) -> bool {
    let e = &r.event;
    if let Some(q) = f.actor.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let q = q.to_lowercase();
        let hit = |a: &Option<Actor>| {
            a.as_ref().is_some_and(|a| {
                a.code.to_lowercase().contains(&q)
                    || a.text.to_lowercase().contains(&q)
                    || a.name
                        .as_ref()
                        .is_some_and(|n| n.to_lowercase().contains(&q))
            })
        };
        if !hit(&e.source) && !hit(&e.target) {
            return false;
        }
    }
    if let Some(c) = f
        .country
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        let is = |x: Option<&str>| x.is_some_and(|x| x.eq_ignore_ascii_case(c));
        let hit = is(e.source.as_ref().and_then(|a| a.country.as_deref()))
            || is(e.target.as_ref().and_then(|a| a.country.as_deref()))
            || is(r.place_country());
        if !hit {
            return false;
        }
    }
    true
}

fn entry(r: &EventRecord) -> TimelineEntry {
    let e = &r.event;
    let date_value = match &e.date {
        Some(d) => d.value.clone(),
        None => r
            .doc_published
            .map(|p| format!("{p} (published)"))
            .unwrap_or_default(),
    };
    TimelineEntry {
        date: r.anchor_date(),
        date_value,
        modality: e.modality,
        event_id: e.id.clone(),
        doc_id: e.doc_id.clone(),
        cameo: e.cameo.clone(),
        kind: kind_label(e),
        quad_class: e.quad_class,
        goldstein: e.goldstein,
        source: e.source.as_ref().map(actor_label),
        target: e.target.as_ref().map(actor_label),
        place: e.place.as_ref().map(|p| match &p.country {
            Some(c) if !p.name.eq_ignore_ascii_case(c) => format!("{}, {}", p.name, c),
            _ => p.name.clone(),
        }),
        doc_source: r.doc_source.clone(),
        doc_title: r.doc_title.clone(),
        doc_url: r.doc_url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{d, place, R};

    fn recs() -> Vec<EventRecord> {
        vec![
            R::new("c", "d3", "trend", "2023-12-19", "042", "TURSPY", "AZE").build(),
            R::new("a", "d1", "apa", "2023-11-28", "042", "RUSSPY", "AZE")
                .named("SERGEY_NARYSHKIN")
                .build(),
            R::new("s", "d4", "bbc", "2023-12-20", "042", "RUSSPY", "AZE")
                .modality(Modality::Speculative)
                .build(),
            R::new("x", "d5", "bbc", "2023-12-01", "190", "USAMIL", "")
                .at(place("Baku", "AZE", 40.4, 49.9))
                .build(),
            R::new("y", "d6", "bbc", "2023-12-02", "010", "FRAGOV", "DEUGOV").build(),
        ]
    }

    #[test]
    fn chronological_with_modality_and_filters() {
        let all = timeline(&recs(), &TimelineFilter::default());
        let ids: Vec<&str> = all.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, vec!["a", "x", "y", "c", "s"]);
        assert_eq!(all[4].modality, Modality::Speculative);
        assert_eq!(all[0].date, Some(d("2023-11-28")));

        let by_name = timeline(
            &recs(),
            &TimelineFilter {
                actor: Some("naryshkin".into()),
                country: None,
            },
        );
        assert_eq!(by_name.len(), 1);
        let by_code = timeline(
            &recs(),
            &TimelineFilter {
                actor: Some("russpy".into()),
                country: None,
            },
        );
        assert_eq!(by_code.len(), 2);
        // Country matches actors and the place.
        let aze = timeline(
            &recs(),
            &TimelineFilter {
                actor: None,
                country: Some("aze".into()),
            },
        );
        let ids: Vec<&str> = aze.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids, vec!["a", "x", "c", "s"]);

        let text = crate::render_timeline(&all);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("DATE"));
        assert!(lines[5].contains("speculative"), "{text}");
        assert!(lines[1].contains("RUS SPY (SERGEY_NARYSHKIN)"), "{text}");
    }
}
