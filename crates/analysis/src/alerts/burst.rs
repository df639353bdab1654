//! Burst detection: more events of one kind toward one target within a window than the
//! series' own history makes plausible (Poisson upper tail with a gamma-style prior rate).

use super::{best_of_overlapping, evidence_of, fmt_p, score_of, Alert, AlertKind, Context, Item};
use crate::record::{actor_country, actor_key, actor_label};
use crate::stats::poisson_sf;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What "one kind" of event means for a burst series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindField {
    /// The CAMEO root ("04").
    CameoRoot,
    /// The PLOVER event type ("CONSULT"); events without one fall back to the CAMEO root.
    Plover,
}

/// Burst detector parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BurstParams {
    /// Run the detector.
    pub enabled: bool,
    /// Window length in days.
    pub window_days: i64,
    /// Alert when P(X ≥ count) × (days of data / window_days) is at most this.
    pub p_threshold: f64,
    /// Minimum count in the window (distinct actors or events, see the series).
    pub min_count: usize,
    /// Prior rate of events per series per year: the expectation while data is short.
    pub prior_events_per_year: f64,
    /// How many days of data the prior is worth; the series' own history outweighs it
    /// once longer.
    pub prior_weight_days: f64,
    /// Kind of event that defines a series.
    pub kind: KindField,
    /// Take the target country from the event's place when the target actor has none
    /// ("visited Baku" with no target actor).
    pub target_from_place: bool,
    /// Ignore events whose source is from the target country (bursts are about outside
    /// attention to a target).
    pub exclude_domestic: bool,
    /// Series target country × source sector × kind, counting DISTINCT source actors
    /// (country + sector): several different services visiting one country.
    pub by_source_sector: bool,
    /// Series target country × source country × source sector × kind, counting episodes
    /// of fused events: one actor suddenly very active toward a target.
    pub by_source_country: bool,
    /// In the source-country series, events less than this many days after the previous
    /// one form one episode and count once: a visit reported over several days (visited,
    /// met, held talks, next-day follow-ups) is one episode, not a burst. 0 counts events.
    pub episode_gap_days: i64,
    /// Series target country × kind over every source sector (sector `*`), counting
    /// DISTINCT source countries: robust to an actor's sector being coded differently
    /// (an intelligence minister coded GOV). Reported only when no sector-specific burst
    /// already holds the same evidence.
    pub by_any_sector: bool,
}

impl Default for BurstParams {
    fn default() -> Self {
        BurstParams {
            enabled: true,
            window_days: 28,
            p_threshold: 0.001,
            min_count: 3,
            prior_events_per_year: 2.0,
            prior_weight_days: 30.0,
            kind: KindField::CameoRoot,
            target_from_place: true,
            exclude_domestic: true,
            by_source_sector: true,
            by_source_country: true,
            episode_gap_days: 3,
            by_any_sector: true,
        }
    }
}

/// A point of a series: the event and the unit it counts as.
struct Point<'a> {
    date: NaiveDate,
    unit: String,
    label: String,
    item: &'a Item<'a>,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SeriesKind {
    Sector,
    Dyad,
}

type SeriesKey = (SeriesKind, String, String, String, String);

pub(super) fn detect(ctx: &Context, p: &BurstParams) -> Vec<Alert> {
    let mut series: BTreeMap<SeriesKey, Vec<Point>> = BTreeMap::new();
    for it in ctx.items {
        let e = &it.fused.representative;
        let target = actor_country(e.target.as_ref()).or_else(|| {
            if p.target_from_place {
                e.place
                    .as_ref()
                    .and_then(|pl| pl.country.as_deref())
                    .map(str::to_uppercase)
            } else {
                None
            }
        });
        let (Some(target), Some(src)) = (target, e.source.as_ref()) else {
            continue;
        };
        let src_country = actor_country(Some(src));
        if p.exclude_domestic && src_country.as_deref() == Some(target.as_str()) {
            continue;
        }
        let Some(fallback) = actor_key(src) else {
            continue;
        };
        let kind = match (p.kind, &e.plover) {
            (KindField::Plover, Some(t)) => t.to_uppercase(),
            _ => e.root.clone(),
        };
        let label = actor_label(&vigil_core::Actor {
            name: None,
            ..src.clone()
        });
        // An actor in several sectors ("intelligence minister": GOV and SPY) belongs to
        // each sector's series.
        let mut sectors: Vec<String> = Vec::new();
        for sec in &src.sectors {
            let sec = sec.trim().to_uppercase();
            if !sec.is_empty() && !sectors.contains(&sec) {
                sectors.push(sec);
            }
        }
        if sectors.is_empty() {
            sectors.push("-".to_string());
        }
        if p.by_any_sector {
            series
                .entry((
                    SeriesKind::Sector,
                    target.clone(),
                    String::new(),
                    "*".to_string(),
                    kind.clone(),
                ))
                .or_default()
                .push(Point {
                    date: it.date,
                    unit: src_country.clone().unwrap_or_else(|| fallback.clone()),
                    label: label.clone(),
                    item: it,
                });
        }
        for sector in sectors {
            // Distinct actors are counted as country + sector.
            let group = match &src_country {
                Some(c) if sector == "-" => c.clone(),
                Some(c) => format!("{c}{sector}"),
                None => fallback.clone(),
            };
            if p.by_source_sector {
                series
                    .entry((
                        SeriesKind::Sector,
                        target.clone(),
                        String::new(),
                        sector.clone(),
                        kind.clone(),
                    ))
                    .or_default()
                    .push(Point {
                        date: it.date,
                        unit: group.clone(),
                        label: label.clone(),
                        item: it,
                    });
            }
            if p.by_source_country {
                let who = src_country.clone().unwrap_or_else(|| group.clone());
                series
                    .entry((SeriesKind::Dyad, target.clone(), who, sector, kind.clone()))
                    .or_default()
                    .push(Point {
                        date: it.date,
                        unit: it.fused.id.clone(),
                        label: label.clone(),
                        item: it,
                    });
            }
        }
    }
    let mut out = Vec::new();
    for (key, mut points) in series {
        points.sort_by(|a, b| (a.date, &a.item.fused.id).cmp(&(b.date, &b.item.fused.id)));
        if key.0 == SeriesKind::Dyad && p.episode_gap_days > 0 {
            let mut episode = 0usize;
            let mut last: Option<NaiveDate> = None;
            for pt in points.iter_mut() {
                if last.is_some_and(|l| (pt.date - l).num_days() >= p.episode_gap_days) {
                    episode += 1;
                }
                last = Some(pt.date);
                pt.unit = format!("episode {episode}");
            }
        }
        out.extend(series_alerts(ctx, p, &key, &points));
    }
    // An any-sector burst that a sector-specific burst already explains adds nothing.
    let specific: Vec<BTreeSet<&str>> = out
        .iter()
        .filter(|a| !a.key.contains("/sector=*/"))
        .map(|a| a.evidence.iter().map(String::as_str).collect())
        .collect();
    let redundant: Vec<bool> = out
        .iter()
        .map(|a| {
            a.key.contains("/sector=*/")
                && specific
                    .iter()
                    .any(|s| a.evidence.iter().all(|id| s.contains(id.as_str())))
        })
        .collect();
    out.into_iter()
        .zip(redundant)
        .filter(|(_, r)| !r)
        .map(|(a, _)| a)
        .collect()
}

fn series_alerts(ctx: &Context, p: &BurstParams, key: &SeriesKey, points: &[Point]) -> Vec<Alert> {
    let w = p.window_days.max(1);
    let prior_events = p.prior_events_per_year * p.prior_weight_days / 365.0;
    // Candidate windows end at each distinct event day.
    // (window start, end, corrected p, count, (first point, last point, expected, raw p))
    type Cand = (NaiveDate, NaiveDate, f64, usize, (usize, usize, f64, f64));
    let mut cands: Vec<Cand> = Vec::new();
    let mut i = 0;
    while i < points.len() {
        let end = points[i].date;
        let mut hi = i;
        while hi + 1 < points.len() && points[hi + 1].date == end {
            hi += 1;
        }
        i = hi + 1;
        if !ctx.reportable(end) {
            continue;
        }
        let start = end - Duration::days(w - 1);
        let lo = points.partition_point(|pt| pt.date < start);
        let units: BTreeSet<&str> = points[lo..=hi].iter().map(|pt| pt.unit.as_str()).collect();
        let k = units.len();
        if k < p.min_count {
            continue;
        }
        // Baseline: the series' own events outside the window, over the days of data
        // outside the window, plus the prior.
        let span = (ctx.data_end - ctx.data_start).num_days() + 1;
        let outside_days = (span - w).max(0) as f64;
        // Dyad series count episodes, so their baseline does too; the sector series keep
        // the (conservative) event count as their baseline.
        let outside = if key.0 == SeriesKind::Dyad {
            points[..lo]
                .iter()
                .chain(&points[hi + 1..])
                .map(|pt| pt.unit.as_str())
                .collect::<BTreeSet<_>>()
                .len() as f64
        } else {
            (points.len() - (hi + 1 - lo)) as f64
        };
        let rate = (outside + prior_events) / (outside_days + p.prior_weight_days).max(1.0);
        let mu = rate * w as f64;
        // Scan correction: the series was watched over (watched days / w) windows, any of
        // which could have alerted by chance.
        let raw = poisson_sf(k as u64, mu);
        let pv = (raw * (ctx.watched_days() as f64 / w as f64).max(1.0)).min(1.0);
        if pv <= p.p_threshold {
            cands.push((start, end, pv, k, (lo, hi, mu, raw)));
        }
    }
    best_of_overlapping(&cands)
        .into_iter()
        .map(|(_, _, pv, k, (lo, hi, mu, raw))| make_alert(key, &points[lo..=hi], k, mu, raw, pv))
        .collect()
}

fn make_alert(key: &SeriesKey, pts: &[Point], k: usize, mu: f64, raw: f64, pv: f64) -> Alert {
    let (kind, target, who, sector, what) = key;
    let first = pts.first().map(|p| p.date).unwrap_or_default();
    let last = pts.last().map(|p| p.date).unwrap_or(first);
    let days = (last - first).num_days() + 1;
    // First appearance of each distinct unit, in order.
    let mut seen = BTreeSet::new();
    let mut listed = Vec::new();
    for pt in pts {
        if seen.insert(pt.unit.as_str()) {
            listed.push(format!("{} {}", pt.label, pt.date));
        }
    }
    let items: Vec<&Item> = pts.iter().map(|p| p.item).collect();
    let n_events = pts.len();
    let what_desc = describe_kind(what, &items);
    let sector_desc = if sector == "-" {
        "actors without sector".to_string()
    } else if sector == "*" {
        "source countries, any sector,".to_string()
    } else {
        format!("{sector} actors")
    };
    let (explanation, key_str) = match kind {
        SeriesKind::Sector => (
            format!(
                "{n_events} {what_desc} by {k} distinct {sector_desc} ({}) toward {target} within {days} days ({first}..{last}); expected {mu:.2} (p={}, scan-corrected {})",
                listed.join(", "),
                fmt_p(raw),
                fmt_p(pv),
            ),
            format!("burst/target={target}/sector={sector}/kind={what}"),
        ),
        SeriesKind::Dyad => (
            format!(
                "{k} episodes ({n_events} {what_desc}) by {who} {sector_desc} toward {target} within {days} days ({}); expected {mu:.2} (p={}, scan-corrected {})",
                listed.join(", "),
                fmt_p(raw),
                fmt_p(pv)
            ),
            format!("burst/target={target}/source={who}/sector={sector}/kind={what}"),
        ),
    };
    Alert {
        kind: AlertKind::Burst,
        score: score_of(pv),
        p_value: Some(pv),
        explanation,
        evidence: evidence_of(&items),
        key: key_str,
        window_start: first,
        window_end: last,
    }
}

/// "events of CAMEO root 04 (CONSULT/visit)" using the most common PLOVER type/mode.
fn describe_kind(kind: &str, items: &[&Item]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for it in items {
        *counts
            .entry(crate::record::kind_label(&it.fused.representative))
            .or_insert(0) += 1;
    }
    let common = counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k.clone());
    let is_root = kind.len() == 2 && kind.bytes().all(|b| b.is_ascii_digit());
    match (is_root, common) {
        (true, Some(c)) if !c.starts_with("CAMEO") => format!("events of CAMEO root {kind} ({c})"),
        (true, _) => format!("events of CAMEO root {kind}"),
        (false, _) => format!("{kind} events"),
    }
}
