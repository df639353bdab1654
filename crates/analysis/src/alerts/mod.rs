//! Early-warning alerts: bursts, escalations and new dyads, each with a score, a one-line
//! explanation and the evidence events.
//!
//! All three detectors run on *fused factual* events: speculative, negated, hypothetical,
//! future and question mentions are dropped first (they never raise an alert), and the rest
//! are fused so that one story repeated by ten outlets counts once. The statistics are
//! described in `docs/alerts.md`.

mod burst;
mod escalation;
mod new_dyad;

pub use burst::{BurstParams, KindField};
pub use escalation::EscalationParams;
pub use new_dyad::{DyadLevel, NewDyadParams};

use crate::fusion::{fuse, FusedEvent, FusionParams};
use crate::record::EventRecord;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Which detector raised an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    /// Unusual concentration of one kind of event toward one target.
    Burst,
    /// A dyad's interactions shifted toward conflict.
    Escalation,
    /// First contact of a kind between two actors.
    NewDyad,
}

impl AlertKind {
    /// snake_case name.
    pub fn as_str(&self) -> &'static str {
        match self {
            AlertKind::Burst => "burst",
            AlertKind::Escalation => "escalation",
            AlertKind::NewDyad => "new_dyad",
        }
    }
}

/// An alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// Detector.
    pub kind: AlertKind,
    /// Strength: −log10 p for bursts and escalations; log-activity of the two actors for
    /// new dyads. Higher is more remarkable.
    pub score: f64,
    /// p-value of the test, when the detector has one.
    pub p_value: Option<f64>,
    /// One line naming the target, the kind of event and the evidence.
    pub explanation: String,
    /// Ids of the evidence events (mentions), chronological.
    pub evidence: Vec<String>,
    /// Stable series key, e.g. `burst/target=AZE/sector=SPY/root=04`.
    pub key: String,
    /// First day of the evidence window.
    pub window_start: NaiveDate,
    /// Last day of the evidence window.
    pub window_end: NaiveDate,
}

/// All alert parameters; every field has a default, so a config file need only name what
/// it changes (`{"burst": {"window_days": 21}}`). Unknown fields are rejected.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertParams {
    /// Fusion applied before counting.
    pub fusion: FusionParams,
    /// Burst detector.
    pub burst: BurstParams,
    /// Escalation detector.
    pub escalation: EscalationParams,
    /// New-dyad detector.
    pub new_dyad: NewDyadParams,
}

/// Longest window, baseline, gap or tolerance accepted in [`AlertParams`], in days (a
/// century). Day arithmetic on dates stays far inside the calendar's range with it.
pub const MAX_PARAM_DAYS: i64 = 36_525;

impl AlertParams {
    /// Checks values the detectors do arithmetic with; `Err` names the field and the range.
    /// [`alerts`] returns no alerts for parameters that fail this check.
    pub fn check(&self) -> Result<(), String> {
        let days = [
            (
                "fusion.date_tolerance_days",
                self.fusion.date_tolerance_days,
            ),
            ("burst.window_days", self.burst.window_days),
            ("burst.episode_gap_days", self.burst.episode_gap_days),
            ("escalation.recent_days", self.escalation.recent_days),
            ("escalation.baseline_days", self.escalation.baseline_days),
            (
                "escalation.min_baseline_days",
                self.escalation.min_baseline_days,
            ),
            ("new_dyad.min_history_days", self.new_dyad.min_history_days),
        ];
        for (name, v) in days {
            if !(0..=MAX_PARAM_DAYS).contains(&v) {
                return Err(format!(
                    "{name} is {v}; it must be between 0 and {MAX_PARAM_DAYS} days"
                ));
            }
        }
        let reals = [
            ("fusion.place_far_km", self.fusion.place_far_km),
            ("burst.p_threshold", self.burst.p_threshold),
            (
                "burst.prior_events_per_year",
                self.burst.prior_events_per_year,
            ),
            ("burst.prior_weight_days", self.burst.prior_weight_days),
            ("escalation.p_threshold", self.escalation.p_threshold),
            (
                "escalation.min_goldstein_drop",
                self.escalation.min_goldstein_drop,
            ),
            (
                "escalation.min_share_increase",
                self.escalation.min_share_increase,
            ),
            ("escalation.variance_floor", self.escalation.variance_floor),
            ("new_dyad.min_score", self.new_dyad.min_score),
        ];
        for (name, v) in reals {
            if !v.is_finite() || v.abs() > 1e12 {
                return Err(format!("{name} is {v}; it must be a finite number"));
            }
        }
        Ok(())
    }
}

/// A fused factual event placed on a day, as the detectors see it.
pub(crate) struct Item<'a> {
    pub fused: &'a FusedEvent,
    pub date: NaiveDate,
}

/// Runs every enabled detector. With `since`, only alerts whose window ends on or after that
/// day are returned (earlier data still serves as baseline). Sorted by score (highest
/// first), then kind and key.
pub fn alerts(
    records: &[EventRecord],
    params: &AlertParams,
    since: Option<NaiveDate>,
) -> Vec<Alert> {
    if params.check().is_err() {
        return Vec::new();
    }
    let dates = records.iter().filter_map(EventRecord::anchor_date);
    let (Some(data_start), Some(data_end)) = (dates.clone().min(), dates.max()) else {
        return Vec::new();
    };
    let factual: Vec<EventRecord> = records.iter().filter(|r| r.is_factual()).cloned().collect();
    let fused = fuse(&factual, &params.fusion);
    let items: Vec<Item> = fused
        .iter()
        .filter_map(|f| f.anchor_date.map(|date| Item { fused: f, date }))
        .collect();
    let ctx = Context {
        items: &items,
        data_start,
        data_end,
        since,
    };
    let mut out = Vec::new();
    if params.burst.enabled {
        out.extend(burst::detect(&ctx, &params.burst));
    }
    if params.escalation.enabled {
        out.extend(escalation::detect(&ctx, &params.escalation));
    }
    if params.new_dyad.enabled {
        out.extend(new_dyad::detect(&ctx, &params.new_dyad));
    }
    out.retain(|a| match since {
        Some(s) => a.window_end >= s,
        None => true,
    });
    out.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.kind.cmp(&b.kind))
            .then(a.key.cmp(&b.key))
            .then(a.window_end.cmp(&b.window_end))
    });
    out
}

/// What every detector gets.
pub(crate) struct Context<'a> {
    /// Fused factual events with a date, sorted by date.
    pub items: &'a [Item<'a>],
    /// First day of data (any modality).
    pub data_start: NaiveDate,
    /// Last day of data (any modality).
    pub data_end: NaiveDate,
    /// Only windows ending on or after this day may alert.
    pub since: Option<NaiveDate>,
}

impl Context<'_> {
    /// True when `day` may be reported (no `since`, or on/after it).
    pub fn reportable(&self, day: NaiveDate) -> bool {
        match self.since {
            Some(s) => day >= s,
            None => true,
        }
    }

    /// Days over which alerts may be reported (from `since`, else the whole data): the
    /// number of windows a detector looked at is this over the window length.
    pub fn watched_days(&self) -> i64 {
        let from = match self.since {
            Some(s) => s.max(self.data_start),
            None => self.data_start,
        };
        ((self.data_end - from).num_days() + 1).max(1)
    }
}

/// −log10 p, finite.
pub(crate) fn score_of(p: f64) -> f64 {
    -(p.max(1e-300)).log10()
}

/// Evidence ids of fused events, chronological and de-duplicated in order.
pub(crate) fn evidence_of(items: &[&Item]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for it in items {
        for m in &it.fused.mentions {
            if !out.contains(m) {
                out.push(m.clone());
            }
        }
    }
    out
}

/// Formats a p-value compactly: `0.0012`, `3.4e-7`.
pub(crate) fn fmt_p(p: f64) -> String {
    if p >= 0.001 {
        format!("{p:.4}")
    } else {
        format!("{p:.1e}")
    }
}

/// Among alerting windows `(start, end, p, extra)` sorted by end, keeps the best of each run
/// of overlapping windows (lowest p; ties: larger `extra`, then earlier end).
pub(crate) fn best_of_overlapping<T: Clone>(
    windows: &[(NaiveDate, NaiveDate, f64, usize, T)],
) -> Vec<(NaiveDate, NaiveDate, f64, usize, T)> {
    let mut out: Vec<(NaiveDate, NaiveDate, f64, usize, T)> = Vec::new();
    let mut run_end: Option<NaiveDate> = None;
    for w in windows {
        let overlaps = run_end.is_some_and(|e| w.0 <= e);
        if overlaps {
            if let Some(best) = out.last_mut() {
                if w.2 < best.2 || (w.2 == best.2 && w.3 > best.3) {
                    *best = w.clone();
                }
            }
        } else {
            out.push(w.clone());
        }
        run_end = Some(run_end.map_or(w.1, |e| e.max(w.1)));
    }
    out
}

#[cfg(test)]
mod tests;
