//! Event fusion: reports of the same real-world event from different sentences, articles and
//! publishers become one [`FusedEvent`] that keeps every mention as evidence.
//!
//! Two mentions are the same event when they share the CAMEO root, their actors are
//! compatible (same country and compatible sectors, or one CAMEO code extending the other; a
//! missing actor is a wildcard), their date ranges lie within a tolerance of each other, and
//! their places do not rule it out. Clustering is complete-linkage (a mention joins a cluster
//! only if it is compatible with every member), because wildcard compatibility is not
//! transitive: "RUSSPY visited ?" must not glue a Baku visit and a Tehran visit together.
//!
//! Disagreements are tolerated on purpose so [`crate::contradictions`] can find them: dates
//! within the tolerance that do not overlap ("October 2-3" vs "October 5") fuse when the
//! places agree; places in different countries fuse only when the dates overlap. Inside one
//! article, two day-precise dates that do not overlap are two events ("again on Friday").

use crate::record::{
    actor_key, actors_compatible, place_relation, range_gap_days, ranges_overlap, EventRecord,
    PlaceRelation,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use vigil_core::{Event, Modality};

/// Fusion parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FusionParams {
    /// Largest gap in days between two mentions' date ranges for them to be one event.
    pub date_tolerance_days: i64,
    /// Two located places in one country further apart than this (km) are different sites.
    pub place_far_km: f64,
}

impl Default for FusionParams {
    fn default() -> Self {
        FusionParams {
            date_tolerance_days: 3,
            place_far_km: 150.0,
        }
    }
}

/// One real-world event and every mention reporting it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusedEvent {
    /// Stable id: hash of the sorted mention ids.
    pub id: String,
    /// The most informative mention (factual first, then most specific actors, narrowest
    /// date, highest confidence).
    pub representative: Event,
    /// Ids of every mention, chronological.
    pub mentions: Vec<String>,
    /// Number of mentions (GDELT NumMentions).
    pub num_mentions: usize,
    /// Distinct publishers (GDELT NumSources); an article without a source counts as its own.
    pub num_sources: usize,
    /// Distinct articles (GDELT NumArticles).
    pub num_articles: usize,
    /// The distinct publishers, sorted.
    pub sources: Vec<String>,
    /// First day any mention dates it to.
    pub date_start: Option<NaiveDate>,
    /// Last day any mention dates it to.
    pub date_end: Option<NaiveDate>,
    /// The day the event is placed at (the representative's anchor date).
    pub anchor_date: Option<NaiveDate>,
    /// Source actor key of the representative.
    pub source_key: Option<String>,
    /// Target actor key of the representative.
    pub target_key: Option<String>,
    /// Mentions per modality (`asserted`, `negated`, ...).
    pub modality: BTreeMap<String, usize>,
    /// True when at least one mention is asserted or reported.
    pub factual: bool,
}

impl FusedEvent {
    /// The fused event's date range (None when no mention is dated).
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((self.date_start?, self.date_end?))
    }
}

/// Clusters mentions of the same real-world event. Output is sorted by anchor date, then id.
pub fn fuse(records: &[EventRecord], params: &FusionParams) -> Vec<FusedEvent> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&records[a], &records[b]);
        let da = ra.date_range().map(|r| r.0);
        let db = rb.date_range().map(|r| r.0);
        // Undated last.
        (
            da.is_none(),
            da,
            &ra.event.doc_id,
            ra.event.sentence,
            &ra.event.id,
        )
            .cmp(&(
                db.is_none(),
                db,
                &rb.event.doc_id,
                rb.event.sentence,
                &rb.event.id,
            ))
    });

    let mut clusters: Vec<Vec<usize>> = Vec::new();
    // Per CAMEO root: open clusters and the last day they cover.
    let mut active: BTreeMap<&str, Vec<(usize, NaiveDate)>> = BTreeMap::new();
    for &i in &order {
        let r = &records[i];
        let range = r.date_range();
        let identifiable = r.event.source.is_some() || r.event.target.is_some();
        let Some(range) = range.filter(|_| identifiable) else {
            clusters.push(vec![i]);
            continue;
        };
        let open = active.entry(r.event.root.as_str()).or_default();
        open.retain(|&(_, end)| (range.0 - end).num_days() <= params.date_tolerance_days);
        let mut joined = false;
        for (ci, end) in open.iter_mut() {
            if clusters[*ci]
                .iter()
                .all(|&j| same_event(r, &records[j], params))
            {
                clusters[*ci].push(i);
                *end = (*end).max(range.1);
                joined = true;
                break;
            }
        }
        if !joined {
            open.push((clusters.len(), range.1));
            clusters.push(vec![i]);
        }
    }

    let mut out: Vec<FusedEvent> = clusters
        .iter()
        .map(|members| build(records, members))
        .collect();
    out.sort_by(|a, b| (a.anchor_date, &a.id).cmp(&(b.anchor_date, &b.id)));
    out
}

/// True when two mentions can be reports of the same real-world event.
fn same_event(a: &EventRecord, b: &EventRecord, params: &FusionParams) -> bool {
    if a.event.root != b.event.root {
        return false;
    }
    if !actors_compatible(a.event.source.as_ref(), b.event.source.as_ref())
        || !actors_compatible(a.event.target.as_ref(), b.event.target.as_ref())
    {
        return false;
    }
    let (ra, rb) = match (a.date_range(), b.date_range()) {
        (Some(x), Some(y)) => (x, y),
        _ => return false,
    };
    if range_gap_days(ra, rb) > params.date_tolerance_days {
        return false;
    }
    let overlap = ranges_overlap(ra, rb);
    if a.event.doc_id == b.event.doc_id && a.day_precise() && b.day_precise() && !overlap {
        return false;
    }
    let place = place_relation(
        a.event.place.as_ref(),
        b.event.place.as_ref(),
        params.place_far_km,
    );
    if place == PlaceRelation::Conflict && !overlap {
        return false;
    }
    // Conflicting places and conflicting dates together leave nothing in common but the dyad.
    if place == PlaceRelation::Conflict && a.day_precise() && b.day_precise() && !overlap {
        return false;
    }
    true
}

fn build(records: &[EventRecord], members: &[usize]) -> FusedEvent {
    let mut ms: Vec<&EventRecord> = members.iter().map(|&i| &records[i]).collect();
    ms.sort_by(|a, b| (a.anchor_date(), &a.event.id).cmp(&(b.anchor_date(), &b.event.id)));
    let rep = ms
        .iter()
        .copied()
        .min_by(|a, b| representative_order(a, b))
        .unwrap_or(ms[0]);
    let mentions: Vec<String> = ms.iter().map(|r| r.event.id.clone()).collect();
    let mut sorted_ids = mentions.clone();
    sorted_ids.sort();
    let mut h = Sha256::new();
    for id in &sorted_ids {
        h.update(id.as_bytes());
        h.update(b",");
    }
    let id: String = vigil_core::hex(&h.finalize()[..8]);
    let sources: BTreeSet<String> = ms.iter().map(|r| source_name(r)).collect();
    let articles: BTreeSet<&str> = ms.iter().map(|r| r.event.doc_id.as_str()).collect();
    let mut modality = BTreeMap::new();
    for r in &ms {
        *modality
            .entry(r.event.modality.as_str().to_string())
            .or_insert(0) += 1;
    }
    let ranges: Vec<(NaiveDate, NaiveDate)> = ms.iter().filter_map(|r| r.date_range()).collect();
    FusedEvent {
        id: format!("F{id}"),
        representative: rep.event.clone(),
        num_mentions: mentions.len(),
        mentions,
        num_sources: sources.len(),
        num_articles: articles.len(),
        sources: sources.into_iter().collect(),
        date_start: ranges.iter().map(|r| r.0).min(),
        date_end: ranges.iter().map(|r| r.1).max(),
        anchor_date: rep.anchor_date(),
        source_key: rep.event.source.as_ref().and_then(actor_key),
        target_key: rep.event.target.as_ref().and_then(actor_key),
        factual: ms.iter().any(|r| r.is_factual()),
        modality,
    }
}

/// The publisher of a mention; an article without one stands for itself.
pub(crate) fn source_name(r: &EventRecord) -> String {
    match r.doc_source.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => format!("doc:{}", r.event.doc_id),
    }
}

/// Ordering that puts the best representative first.
fn representative_order(a: &EventRecord, b: &EventRecord) -> std::cmp::Ordering {
    fn specificity(e: &Event) -> usize {
        let code = |a: &Option<vigil_core::Actor>| {
            a.as_ref()
                .map(|a| 1 + a.code.len() + a.sectors.len() + usize::from(a.name.is_some()))
                .unwrap_or(0)
        };
        code(&e.source) + code(&e.target) + usize::from(e.place.is_some())
    }
    fn width(r: &EventRecord) -> i64 {
        r.date_range()
            .map(|(s, e)| (e - s).num_days())
            .unwrap_or(i64::MAX)
    }
    fn modality_rank(m: Modality) -> u8 {
        match m {
            Modality::Asserted => 0,
            Modality::Reported => 1,
            _ => 2,
        }
    }
    modality_rank(a.event.modality)
        .cmp(&modality_rank(b.event.modality))
        .then(specificity(&b.event).cmp(&specificity(&a.event)))
        .then(width(a).cmp(&width(b)))
        .then(
            b.event
                .confidence
                .partial_cmp(&a.event.confidence)
                .unwrap_or(std::cmp::Ordering::Equal),
        )
        .then(a.event.id.cmp(&b.event.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::{place, R};
    use vigil_core::Modality;

    #[test]
    fn same_event_from_different_sources_is_one_with_gdelt_counts() {
        let recs = vec![
            R::new("a1", "doc-a", "apa", "2023-11-28", "042", "RUSSPY", "AZE").build(),
            // Same article, second sentence, less specific target.
            R::new("a2", "doc-a", "apa", "2023-11-28", "040", "RUSSPY", "").build(),
            R::new("b1", "doc-b", "tass", "2023-11-29", "042", "RUS", "AZEGOV").build(),
            R::new("c1", "doc-c", "apa", "2023-11-28", "042", "RUSSPY", "AZE").build(),
            // Different event: other target, other kind, other month.
            R::new("x1", "doc-d", "apa", "2023-11-28", "042", "RUSSPY", "IRN").build(),
            R::new("x2", "doc-d", "apa", "2023-11-28", "111", "RUSSPY", "AZE").build(),
            R::new("x3", "doc-e", "apa", "2024-01-15", "042", "RUSSPY", "AZE").build(),
        ];
        let fused = fuse(&recs, &FusionParams::default());
        assert_eq!(fused.len(), 4, "{fused:#?}");
        let visit = fused
            .iter()
            .find(|f| f.mentions.contains(&"a1".to_string()))
            .expect("visit");
        assert_eq!(visit.mentions, vec!["a1", "a2", "c1", "b1"]);
        assert_eq!(
            (visit.num_mentions, visit.num_sources, visit.num_articles),
            (4, 2, 3)
        );
        assert_eq!(visit.sources, vec!["apa", "tass"]);
        assert_eq!(visit.representative.id, "a1");
        assert_eq!(visit.source_key.as_deref(), Some("RUSSPY"));
        assert_eq!(visit.date_start, Some(crate::testutil::d("2023-11-28")));
        assert_eq!(visit.date_end, Some(crate::testutil::d("2023-11-29")));
        assert!(visit.factual);
        // Ids are stable and order-independent.
        let mut rev = recs.clone();
        rev.reverse();
        assert_eq!(fuse(&rev, &FusionParams::default()), fused);
    }

    #[test]
    fn wildcards_do_not_chain_distinct_events() {
        // "RUSSPY visited ?" is compatible with both, but the two visits are not one event.
        let recs = vec![
            R::new("t", "d1", "p1", "2023-11-28", "042", "RUSSPY", "AZE").build(),
            R::new("w", "d2", "p2", "2023-11-28", "042", "RUSSPY", "").build(),
            R::new("u", "d3", "p3", "2023-11-28", "042", "RUSSPY", "IRN").build(),
        ];
        let fused = fuse(&recs, &FusionParams::default());
        assert_eq!(fused.len(), 2);
        assert!(fused
            .iter()
            .all(|f| !(f.mentions.contains(&"t".into()) && f.mentions.contains(&"u".into()))));
    }

    #[test]
    fn tolerance_and_places_bound_fusion() {
        let baku = place("Baku", "AZE", 40.41, 49.87);
        let moscow = place("Moscow", "RUS", 55.75, 37.62);
        let recs = vec![
            R::new("a", "d1", "p1", "2023-10-02", "042", "RUSSPY", "AZE")
                .range("2023-10-02", "2023-10-03")
                .at(baku.clone())
                .build(),
            // Within tolerance, same place: fused (a date contradiction, not a new event).
            R::new("b", "d2", "p2", "2023-10-05", "042", "RUSSPY", "AZE")
                .at(baku.clone())
                .build(),
            // Far in time: a new event.
            R::new("c", "d3", "p3", "2023-10-20", "042", "RUSSPY", "AZE")
                .at(baku)
                .build(),
            // Other country and non-overlapping dates: a new event.
            R::new("d", "d4", "p4", "2023-10-05", "042", "RUSSPY", "AZE")
                .at(moscow)
                .build(),
        ];
        let fused = fuse(&recs, &FusionParams::default());
        let groups: Vec<Vec<String>> = fused.iter().map(|f| f.mentions.clone()).collect();
        assert!(
            groups.contains(&vec!["a".to_string(), "b".to_string()]),
            "{groups:?}"
        );
        assert!(groups.contains(&vec!["c".to_string()]));
        assert!(groups.contains(&vec!["d".to_string()]));
    }

    #[test]
    fn two_dated_mentions_in_one_article_stay_two_events() {
        let recs = vec![
            R::new("a", "d1", "p1", "2023-10-02", "042", "RUSSPY", "AZE").build(),
            R::new("b", "d1", "p1", "2023-10-04", "042", "RUSSPY", "AZE").build(),
        ];
        assert_eq!(fuse(&recs, &FusionParams::default()).len(), 2);
    }

    #[test]
    fn modality_summary_and_representative_prefers_fact() {
        let recs = vec![
            R::new("s", "d1", "p1", "2023-10-02", "042", "RUSSPY", "AZE")
                .modality(Modality::Speculative)
                .build(),
            R::new("n", "d2", "p2", "2023-10-02", "042", "RUSSPY", "AZE")
                .modality(Modality::Negated)
                .build(),
            R::new("r", "d3", "p3", "2023-10-02", "042", "RUSSPY", "AZE")
                .modality(Modality::Reported)
                .build(),
        ];
        let fused = fuse(&recs, &FusionParams::default());
        assert_eq!(fused.len(), 1);
        assert_eq!(fused[0].representative.id, "r");
        assert_eq!(fused[0].modality.get("negated"), Some(&1));
        assert_eq!(fused[0].modality.get("speculative"), Some(&1));
        assert!(fused[0].factual);
    }
}

#[cfg(test)]
mod scale {
    use super::*;
    use crate::testutil::R;

    /// `cargo test --release -p vigil-analysis -- --ignored --nocapture` prints timings.
    #[test]
    #[ignore]
    fn fuse_and_alert_100k() {
        let countries = [
            "RUS", "USA", "CHN", "AZE", "IRN", "TUR", "UKR", "FRA", "DEU", "GBR", "IND", "BRA",
        ];
        let sectors = ["GOV", "MIL", "SPY", ""];
        let codes = [
            "010", "020", "036", "042", "043", "057", "111", "130", "173", "190",
        ];
        let start = crate::testutil::d("2023-01-01");
        let mut recs = Vec::new();
        let mut x: u64 = 7;
        for i in 0..100_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (x >> 33) as usize;
            let s = format!("{}{}", countries[r % 12], sectors[(r / 12) % 4]);
            let t = format!("{}{}", countries[(r / 48) % 12], sectors[(r / 576) % 4]);
            let day = (start + chrono::Duration::days((i / 275) as i64)).to_string();
            recs.push(
                R::new(
                    &format!("e{i}"),
                    &format!("d{}", i / 5),
                    &format!("p{}", r % 50),
                    &day,
                    codes[(r / 2304) % 10],
                    &s,
                    &t,
                )
                .build(),
            );
        }
        let t0 = std::time::Instant::now();
        let fused = fuse(&recs, &FusionParams::default());
        println!(
            "fuse: {} -> {} in {:?}",
            recs.len(),
            fused.len(),
            t0.elapsed()
        );
        let t0 = std::time::Instant::now();
        let a = crate::alerts(&recs, &crate::AlertParams::default(), None);
        println!("alerts: {} in {:?}", a.len(), t0.elapsed());
        for k in [
            crate::AlertKind::Burst,
            crate::AlertKind::Escalation,
            crate::AlertKind::NewDyad,
        ] {
            let of: Vec<&crate::Alert> = a.iter().filter(|x| x.kind == k).collect();
            println!("{:?}: {}", k, of.len());
            for x in of.iter().take(3) {
                println!("  {:.2} {}", x.score, x.explanation);
            }
        }
    }
}
