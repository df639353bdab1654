//! Contradictions between the mentions of one fused event: dates that cannot both hold,
//! places that cannot both be right, and a claim set against a denial.
//!
//! Only factual (asserted/reported) mentions take part in the date and place checks: a
//! speculation does not commit to a date. Dates conflict only when both are precise to the
//! day; "in October" and "October 5" do not contradict each other.

use crate::fusion::{source_name, FusedEvent, FusionParams};
use crate::record::{
    actor_label, fmt_range, kind_label, place_relation, EventRecord, PlaceRelation,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use vigil_core::Modality;

/// What the mentions disagree on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContradictionKind {
    /// Day-precise dates that do not overlap.
    Date,
    /// Different countries, or sites too far apart.
    Place,
    /// Asserted or reported on one side, negated on the other.
    Modality,
}

impl ContradictionKind {
    /// Lowercase name.
    pub fn as_str(&self) -> &'static str {
        match self {
            ContradictionKind::Date => "date",
            ContradictionKind::Place => "place",
            ContradictionKind::Modality => "modality",
        }
    }
}

/// Two groups of mentions of one fused event that cannot both be right.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// What they disagree on.
    pub kind: ContradictionKind,
    /// The fused event.
    pub fused_id: String,
    /// One line naming the event, both values and who reported each.
    pub explanation: String,
    /// What side A says ("2023-10-02..2023-10-03", "Baku, AZE", "asserted").
    pub value_a: String,
    /// Mention (event) ids on side A.
    pub side_a: Vec<String>,
    /// What side B says.
    pub value_b: String,
    /// Mention (event) ids on side B.
    pub side_b: Vec<String>,
}

/// Finds contradictions inside each fused event. `records` must hold the mentions the fused
/// events were built from. Output order: fused-event order, then kind.
pub fn contradictions(fused: &[FusedEvent], records: &[EventRecord]) -> Vec<Contradiction> {
    let mut by_id: BTreeMap<&str, &EventRecord> = BTreeMap::new();
    for r in records {
        by_id.entry(r.event.id.as_str()).or_insert(r);
    }
    let far_km = FusionParams::default().place_far_km;
    let mut out = Vec::new();
    for f in fused {
        if f.num_mentions < 2 {
            continue;
        }
        let ms: Vec<&EventRecord> = f
            .mentions
            .iter()
            .filter_map(|id| by_id.get(id.as_str()).copied())
            .collect();
        let what = describe(f);
        date_conflicts(f, &ms, &what, &mut out);
        place_conflicts(f, &ms, &what, far_km, &mut out);
        modality_conflict(f, &ms, &what, &mut out);
    }
    out
}

fn describe(f: &FusedEvent) -> String {
    let e = &f.representative;
    let side = |a: &Option<vigil_core::Actor>| {
        a.as_ref()
            .map(actor_label)
            .unwrap_or_else(|| "?".to_string())
    };
    format!(
        "{} -> {} {} ({}) [{}]",
        side(&e.source),
        side(&e.target),
        e.cameo,
        kind_label(e),
        f.id
    )
}

fn who(ms: &[&EventRecord]) -> String {
    let srcs: BTreeSet<String> = ms.iter().map(|r| source_name(r)).collect();
    let n = ms.len();
    format!(
        "{n} mention{}: {}",
        if n == 1 { "" } else { "s" },
        srcs.into_iter().collect::<Vec<_>>().join(", ")
    )
}

fn ids(ms: &[&EventRecord]) -> Vec<String> {
    ms.iter().map(|r| r.event.id.clone()).collect()
}

fn date_conflicts(f: &FusedEvent, ms: &[&EventRecord], what: &str, out: &mut Vec<Contradiction>) {
    let mut dated: Vec<(&EventRecord, (NaiveDate, NaiveDate))> = ms
        .iter()
        .filter(|r| r.is_factual() && r.day_precise())
        .filter_map(|r| r.date_range().map(|d| (*r, d)))
        .collect();
    dated.sort_by(|a, b| (a.1, &a.0.event.id).cmp(&(b.1, &b.0.event.id)));
    // Groups of mutually overlapping ranges: a range joins while it overlaps the group's
    // common days.
    let mut groups: Vec<((NaiveDate, NaiveDate), Vec<&EventRecord>)> = Vec::new();
    for (r, d) in dated {
        if let Some((common, members)) = groups.last_mut() {
            if d.0 <= common.1 && common.0 <= d.1 {
                *common = (common.0.max(d.0), common.1.min(d.1));
                members.push(r);
                continue;
            }
        }
        groups.push((d, vec![r]));
    }
    for pair in groups.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        out.push(Contradiction {
            kind: ContradictionKind::Date,
            fused_id: f.id.clone(),
            explanation: format!(
                "dates disagree for {what}: {} ({}) vs {} ({})",
                fmt_range(a.0),
                who(&a.1),
                fmt_range(b.0),
                who(&b.1)
            ),
            value_a: fmt_range(a.0),
            side_a: ids(&a.1),
            value_b: fmt_range(b.0),
            side_b: ids(&b.1),
        });
    }
}

fn place_conflicts(
    f: &FusedEvent,
    ms: &[&EventRecord],
    what: &str,
    far_km: f64,
    out: &mut Vec<Contradiction>,
) {
    // Greedy grouping: a mention joins the first group whose seed place it is compatible
    // with. Mentions are in chronological order, so the result is deterministic.
    let mut groups: Vec<Vec<&EventRecord>> = Vec::new();
    for r in ms
        .iter()
        .filter(|r| r.is_factual() && r.event.place.is_some())
    {
        let p = r.event.place.as_ref();
        let home = groups.iter_mut().find(|g| {
            g.iter().all(|s| {
                place_relation(s.event.place.as_ref(), p, far_km) != PlaceRelation::Conflict
            })
        });
        match home {
            Some(g) => g.push(r),
            None => groups.push(vec![r]),
        }
    }
    if groups.len() < 2 {
        return;
    }
    // Largest group first (ties: earliest), each other group set against it.
    groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
    let name = |g: &[&EventRecord]| {
        let names: BTreeSet<String> = g
            .iter()
            .filter_map(|r| r.event.place.as_ref())
            .map(|p| match &p.country {
                Some(c) if !p.name.eq_ignore_ascii_case(c) => format!("{}, {}", p.name, c),
                _ => p.name.clone(),
            })
            .collect();
        names.into_iter().collect::<Vec<_>>().join(" / ")
    };
    let a = &groups[0];
    for b in &groups[1..] {
        out.push(Contradiction {
            kind: ContradictionKind::Place,
            fused_id: f.id.clone(),
            explanation: format!(
                "places disagree for {what}: {} ({}) vs {} ({})",
                name(a),
                who(a),
                name(b),
                who(b)
            ),
            value_a: name(a),
            side_a: ids(a),
            value_b: name(b),
            side_b: ids(b),
        });
    }
}

fn modality_conflict(
    f: &FusedEvent,
    ms: &[&EventRecord],
    what: &str,
    out: &mut Vec<Contradiction>,
) {
    let claims: Vec<&EventRecord> = ms.iter().copied().filter(|r| r.is_factual()).collect();
    let denials: Vec<&EventRecord> = ms
        .iter()
        .copied()
        .filter(|r| r.event.modality == Modality::Negated)
        .collect();
    if claims.is_empty() || denials.is_empty() {
        return;
    }
    let claimed: BTreeSet<&str> = claims.iter().map(|r| r.event.modality.as_str()).collect();
    let value_a = claimed.into_iter().collect::<Vec<_>>().join("/");
    out.push(Contradiction {
        kind: ContradictionKind::Modality,
        fused_id: f.id.clone(),
        explanation: format!(
            "asserted vs denied for {what}: {value_a} by {} but negated by {}",
            who(&claims),
            who(&denials)
        ),
        value_a,
        side_a: ids(&claims),
        value_b: "negated".to_string(),
        side_b: ids(&denials),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fuse;
    use crate::testutil::{place, R};

    fn run(recs: &[EventRecord]) -> Vec<Contradiction> {
        let fused = fuse(recs, &FusionParams::default());
        contradictions(&fused, recs)
    }

    #[test]
    fn dates_that_cannot_both_hold() {
        let recs = vec![
            R::new("a", "d1", "apa", "2023-10-02", "042", "RUSSPY", "AZE")
                .range("2023-10-02", "2023-10-03")
                .build(),
            R::new("b", "d2", "tass", "2023-10-03", "042", "RUSSPY", "AZE").build(),
            R::new("c", "d3", "trend", "2023-10-05", "042", "RUSSPY", "AZE").build(),
            // "In October" is compatible with both.
            R::new("m", "d4", "bbc", "2023-10-06", "042", "RUSSPY", "AZE")
                .month("2023-10-01", "2023-10-31")
                .build(),
        ];
        let cs = run(&recs);
        assert_eq!(cs.len(), 1, "{cs:#?}");
        let c = &cs[0];
        assert_eq!(c.kind, ContradictionKind::Date);
        assert_eq!(c.value_a, "2023-10-03");
        assert_eq!(c.side_a, vec!["a", "b"]);
        assert_eq!(c.value_b, "2023-10-05");
        assert_eq!(c.side_b, vec!["c"]);
        assert!(
            c.explanation.contains("apa, tass") && c.explanation.contains("trend"),
            "{}",
            c.explanation
        );
        assert!(
            c.explanation.contains("RUS SPY -> AZE 042"),
            "{}",
            c.explanation
        );
    }

    #[test]
    fn places_in_different_countries_or_far_apart() {
        let baku = place("Baku", "AZE", 40.41, 49.87);
        let ganja = place("Ganja", "AZE", 40.68, 46.36);
        let sumqayit = place("Sumqayit", "AZE", 40.59, 49.67);
        let tehran = place("Tehran", "IRN", 35.69, 51.39);
        let recs = vec![
            R::new("a", "d1", "apa", "2023-10-02", "042", "RUSSPY", "AZE")
                .at(baku.clone())
                .build(),
            R::new("b", "d2", "tass", "2023-10-02", "042", "RUSSPY", "AZE")
                .at(sumqayit)
                .build(),
            R::new("c", "d3", "irna", "2023-10-02", "042", "RUSSPY", "AZE")
                .at(tehran)
                .build(),
            R::new("e", "d5", "apa", "2023-11-02", "111", "USAGOV", "AZEGOV")
                .at(baku)
                .build(),
            R::new("f", "d6", "tass", "2023-11-02", "111", "USAGOV", "AZEGOV")
                .at(ganja)
                .build(),
        ];
        let cs = run(&recs);
        assert_eq!(cs.len(), 2, "{cs:#?}");
        assert!(cs.iter().all(|c| c.kind == ContradictionKind::Place));
        let country = cs
            .iter()
            .find(|c| c.side_b == vec!["c"])
            .expect("country conflict");
        assert_eq!(country.side_a, vec!["a", "b"]);
        assert!(country.value_b.contains("Tehran"));
        let far = cs
            .iter()
            .find(|c| c.side_a == vec!["e"])
            .expect("distance conflict");
        assert_eq!(far.side_b, vec!["f"]);
        assert!(far.explanation.contains("Ganja"), "{}", far.explanation);
    }

    #[test]
    fn asserted_versus_negated() {
        let recs = vec![
            R::new("a", "d1", "apa", "2023-10-02", "138", "RUSGOV", "AZEGOV").build(),
            R::new("b", "d2", "tass", "2023-10-02", "138", "RUSGOV", "AZEGOV")
                .modality(Modality::Negated)
                .build(),
            R::new("s", "d3", "bbc", "2023-10-02", "138", "RUSGOV", "AZEGOV")
                .modality(Modality::Speculative)
                .build(),
        ];
        let cs = run(&recs);
        assert_eq!(cs.len(), 1, "{cs:#?}");
        assert_eq!(cs[0].kind, ContradictionKind::Modality);
        assert_eq!(
            (cs[0].side_a.clone(), cs[0].side_b.clone()),
            (vec!["a".to_string()], vec!["b".to_string()])
        );
        assert!(
            cs[0].explanation.contains("negated by 1 mention: tass"),
            "{}",
            cs[0].explanation
        );
        let text = crate::render_contradictions(&cs);
        assert!(
            text.contains("modality") && text.contains("A: a") && text.contains("B: b"),
            "{text}"
        );
    }

    #[test]
    fn agreeing_mentions_raise_nothing() {
        let recs = vec![
            R::new("a", "d1", "apa", "2023-10-02", "042", "RUSSPY", "AZE").build(),
            R::new("b", "d2", "tass", "2023-10-02", "042", "RUSSPY", "AZE").build(),
        ];
        assert!(run(&recs).is_empty());
    }
}
