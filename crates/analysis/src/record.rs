//! The input record (an event plus the metadata of the article it came from) and the small
//! derived views every analysis shares: the event's date, actor keys, place comparison.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use vigil_core::{Actor, DocMeta, Event, Granularity, Place};

/// One stored event with the article metadata the analyses need. The store builds these; this
/// crate never reads files or the database.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// The coded event.
    pub event: Event,
    /// Publisher / source of the article (`Document::source`).
    #[serde(default)]
    pub doc_source: Option<String>,
    /// Publication date of the article.
    #[serde(default)]
    pub doc_published: Option<NaiveDate>,
    /// Headline of the article.
    #[serde(default)]
    pub doc_title: Option<String>,
    /// URL of the article.
    #[serde(default)]
    pub doc_url: Option<String>,
}

/// Wraps events with the metadata of their articles, looking each article up once through
/// `meta_of` (the store's `doc_meta`). Events keep their order.
pub fn records<E>(
    events: Vec<Event>,
    mut meta_of: impl FnMut(&str) -> Result<Option<DocMeta>, E>,
) -> Result<Vec<EventRecord>, E> {
    let mut cache: std::collections::BTreeMap<String, Option<DocMeta>> = Default::default();
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        if !cache.contains_key(&e.doc_id) {
            let meta = meta_of(&e.doc_id)?;
            cache.insert(e.doc_id.clone(), meta);
        }
        let meta = cache.get(&e.doc_id).cloned().flatten();
        let mut r = EventRecord::new(e);
        if let Some(m) = meta {
            r.doc_source = m.source;
            r.doc_published = m.published;
            r.doc_title = m.title;
            r.doc_url = m.url;
        }
        out.push(r);
    }
    Ok(out)
}

impl EventRecord {
    /// Wraps an event with no article metadata.
    pub fn new(event: Event) -> EventRecord {
        EventRecord {
            event,
            doc_source: None,
            doc_published: None,
            doc_title: None,
            doc_url: None,
        }
    }

    /// The inclusive day range the event is said to cover: its own date when the year is
    /// known, else the article's publication day.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        if let Some(d) = &self.event.date {
            if let Some(s) = d.start {
                let e = d.end.unwrap_or(s).max(s);
                return Some((s, e));
            }
        }
        self.doc_published.map(|p| (p, p))
    }

    /// True when the event's own date is precise to the day (or better), so that two such
    /// dates that do not overlap really cannot both hold.
    pub fn day_precise(&self) -> bool {
        match &self.event.date {
            Some(d) => {
                d.start.is_some() && matches!(d.granularity, Granularity::Day | Granularity::Time)
            }
            None => false,
        }
    }

    /// The single day used to place the event on a time line and in time series.
    ///
    /// A short range ("October 2-3") is placed at its first day; a long one ("in October")
    /// at the publication day when that falls inside the range (the report is the best clue
    /// to when it was news), else at its first day.
    pub fn anchor_date(&self) -> Option<NaiveDate> {
        let (s, e) = self.date_range()?;
        if (e - s).num_days() <= MAX_POINT_RANGE_DAYS {
            return Some(s);
        }
        match self.doc_published {
            Some(p) if p >= s && p <= e => Some(p),
            _ => Some(s),
        }
    }

    /// True when the text claims the event happened (asserted or reported).
    pub fn is_factual(&self) -> bool {
        self.event.modality.is_factual()
    }

    /// Country (ISO3) of the event's place.
    pub fn place_country(&self) -> Option<&str> {
        self.event.place.as_ref().and_then(|p| p.country.as_deref())
    }
}

/// Ranges up to this many days are treated as a point at their first day.
const MAX_POINT_RANGE_DAYS: i64 = 7;

/// Key of an actor as a network node: the CAMEO code when the coder gave one, else
/// country + sectors, else the canonical name or text. `None` for an actor with nothing.
pub fn actor_key(a: &Actor) -> Option<String> {
    if !a.code.trim().is_empty() {
        return Some(a.code.trim().to_uppercase());
    }
    if let Some(c) = &a.country {
        let mut k = c.to_uppercase();
        for s in &a.sectors {
            k.push_str(&s.to_uppercase());
        }
        return Some(k);
    }
    let n = a.name.as_deref().unwrap_or(&a.text).trim();
    if n.is_empty() {
        None
    } else {
        Some(n.to_uppercase())
    }
}

/// Coarse group of an actor for counting *distinct* actors: country + primary sector
/// (`RUSSPY` whether the coder wrote `RUSSPY` or `RUSSPYELI`), else the key.
pub fn actor_group(a: &Actor) -> Option<String> {
    match &a.country {
        Some(c) => Some(format!(
            "{}{}",
            c.to_uppercase(),
            primary_sector(a).unwrap_or_default()
        )),
        None => actor_key(a),
    }
}

/// The actor's first sector code, upper-cased.
pub fn primary_sector(a: &Actor) -> Option<String> {
    a.sectors
        .first()
        .map(|s| s.trim().to_uppercase())
        .filter(|s| !s.is_empty())
}

/// Human label: "RUS SPY (SERGEY_NARYSHKIN)".
pub fn actor_label(a: &Actor) -> String {
    let base = match &a.country {
        Some(c) => {
            let mut s = c.to_uppercase();
            for sec in &a.sectors {
                s.push(' ');
                s.push_str(&sec.to_uppercase());
            }
            s
        }
        None => actor_key(a).unwrap_or_else(|| "?".to_string()),
    };
    match &a.name {
        Some(n) if !n.is_empty() => format!("{base} ({n})"),
        _ => base,
    }
}

/// Country of an actor, upper-cased.
pub fn actor_country(a: Option<&Actor>) -> Option<String> {
    a.and_then(|a| a.country.as_deref())
        .map(|c| c.trim().to_uppercase())
        .filter(|c| !c.is_empty())
}

/// Two actor descriptions could name the same actor: same country with compatible sectors,
/// or (without countries) one CAMEO code extending the other. A missing actor is a wildcard.
pub fn actors_compatible(a: Option<&Actor>, b: Option<&Actor>) -> bool {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        _ => return true,
    };
    match (actor_country(Some(a)), actor_country(Some(b))) {
        (Some(ca), Some(cb)) => ca == cb && sectors_compatible(a, b),
        _ => {
            let (ka, kb) = (actor_key(a), actor_key(b));
            match (ka, kb) {
                (Some(ka), Some(kb)) => ka.starts_with(&kb) || kb.starts_with(&ka),
                _ => true,
            }
        }
    }
}

fn sectors_compatible(a: &Actor, b: &Actor) -> bool {
    if a.sectors.is_empty() || b.sectors.is_empty() {
        return true;
    }
    a.sectors
        .iter()
        .any(|s| b.sectors.iter().any(|t| s.eq_ignore_ascii_case(t)))
}

/// How two reported places relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceRelation {
    /// At least one side has no usable place.
    Unknown,
    /// Same country and, when both are located, near each other.
    Compatible,
    /// Different countries, or located further apart than the threshold.
    Conflict,
}

/// Compares two places; `far_km` is the distance beyond which two located places in one
/// country cannot be the same site.
pub fn place_relation(a: Option<&Place>, b: Option<&Place>, far_km: f64) -> PlaceRelation {
    let (a, b) = match (a, b) {
        (Some(a), Some(b)) => (a, b),
        _ => return PlaceRelation::Unknown,
    };
    let ca = a.country.as_deref().map(str::to_uppercase);
    let cb = b.country.as_deref().map(str::to_uppercase);
    match (&ca, &cb) {
        (Some(x), Some(y)) if x != y => return PlaceRelation::Conflict,
        (None, None) if a.name.eq_ignore_ascii_case(&b.name) => {
            return PlaceRelation::Compatible;
        }
        _ => {}
    }
    if is_point(a) && is_point(b) {
        if let Some(d) = distance_km(a, b) {
            return if d > far_km {
                PlaceRelation::Conflict
            } else {
                PlaceRelation::Compatible
            };
        }
    }
    if ca.is_some() && cb.is_some() {
        PlaceRelation::Compatible
    } else {
        PlaceRelation::Unknown
    }
}

/// A located place smaller than a region (a city, a site), whose coordinates mean a spot.
fn is_point(p: &Place) -> bool {
    p.lat.is_some()
        && p.lon.is_some()
        && !matches!(
            p.kind.as_str(),
            "country" | "admin1" | "region" | "continent"
        )
}

/// Great-circle distance between two located places.
pub fn distance_km(a: &Place, b: &Place) -> Option<f64> {
    let (la1, lo1, la2, lo2) = (a.lat?, a.lon?, b.lat?, b.lon?);
    let (p1, p2) = (la1.to_radians(), la2.to_radians());
    let dp = (la2 - la1).to_radians();
    let dl = (lo2 - lo1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    Some(2.0 * 6371.0 * h.sqrt().min(1.0).asin())
}

/// Days between two inclusive ranges (0 when they overlap).
pub fn range_gap_days(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> i64 {
    let g1 = (b.0 - a.1).num_days();
    let g2 = (a.0 - b.1).num_days();
    g1.max(g2).max(0)
}

/// True when two inclusive ranges share a day.
pub fn ranges_overlap(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// "2023-10-02" or "2023-10-02..2023-10-03".
pub fn fmt_range(r: (NaiveDate, NaiveDate)) -> String {
    if r.0 == r.1 {
        r.0.to_string()
    } else {
        format!("{}..{}", r.0, r.1)
    }
}

/// A short name for the kind of an event: PLOVER type/mode when known, else "CAMEO xx".
pub fn kind_label(e: &Event) -> String {
    match (&e.plover, &e.plover_mode) {
        (Some(t), Some(m)) if !m.is_empty() => format!("{t}/{m}"),
        (Some(t), _) => t.clone(),
        _ => format!("CAMEO {}", e.root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{actor, d, place, R};

    #[test]
    fn anchor_date_prefers_precise_dates_then_publication() {
        let r = R::new("a", "d", "p", "2023-10-02", "042", "RUSSPY", "AZE").build();
        assert_eq!(r.anchor_date(), Some(d("2023-10-02")));
        assert!(r.day_precise());
        let m = R::new("a", "d", "p", "2023-10-02", "042", "RUSSPY", "AZE")
            .month("2023-10-01", "2023-10-31")
            .published("2023-10-20")
            .build();
        assert_eq!(m.anchor_date(), Some(d("2023-10-20")));
        assert!(!m.day_precise());
        let mut u = m.clone();
        u.event.date = None;
        assert_eq!(u.date_range(), Some((d("2023-10-20"), d("2023-10-20"))));
    }

    #[test]
    fn actor_compatibility_and_keys() {
        let (spy, gov, bare) = (actor("RUSSPY"), actor("RUSGOV"), actor("RUS"));
        assert!(actors_compatible(Some(&spy), Some(&bare)));
        assert!(!actors_compatible(Some(&spy), Some(&gov)));
        assert!(actors_compatible(Some(&spy), None));
        assert!(!actors_compatible(Some(&spy), Some(&actor("IRNSPY"))));
        assert!(actors_compatible(
            Some(&actor("IGOUNO")),
            Some(&actor("IGOUNOKBO"))
        ));
        assert_eq!(actor_group(&actor("RUSSPYELI")).as_deref(), Some("RUSSPY"));
        assert_eq!(actor_label(&spy), "RUS SPY");
    }

    #[test]
    fn places_relate_by_country_and_distance() {
        let baku = place("Baku", "AZE", 40.41, 49.87);
        let ganja = place("Ganja", "AZE", 40.68, 46.36);
        let tehran = place("Tehran", "IRN", 35.69, 51.39);
        let far = PlaceRelation::Conflict;
        assert_eq!(place_relation(Some(&baku), Some(&ganja), 150.0), far);
        assert_eq!(
            place_relation(Some(&baku), Some(&ganja), 400.0),
            PlaceRelation::Compatible
        );
        assert_eq!(place_relation(Some(&baku), Some(&tehran), 150.0), far);
        assert_eq!(
            place_relation(Some(&baku), None, 150.0),
            PlaceRelation::Unknown
        );
        let d = distance_km(&baku, &ganja).unwrap_or_default();
        assert!((290.0..310.0).contains(&d), "{d}");
    }
}
