//! Escalation: a dyad's recent interactions are significantly more hostile than its own
//! baseline (Welch t-test on Goldstein values; two-proportion z-test on the conflict share).

use super::{best_of_overlapping, evidence_of, fmt_p, score_of, Alert, AlertKind, Context, Item};
use crate::record::actor_country;
use crate::stats::{mean_var, two_proportion_greater, welch_greater};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Escalation detector parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EscalationParams {
    /// Run the detector.
    pub enabled: bool,
    /// Length of the recent window in days.
    pub recent_days: i64,
    /// Length of the baseline window (immediately before the recent one) in days.
    pub baseline_days: i64,
    /// Minimum fused events in the recent window.
    pub min_recent: usize,
    /// Minimum fused events in the baseline window.
    pub min_baseline: usize,
    /// Minimum days of data inside the baseline window: at the start of the data the
    /// baseline is cut short, and a few days are no baseline.
    pub min_baseline_days: i64,
    /// Alert when the corrected p-value (2 × the smaller one × the number of recent windows
    /// in the data) is at most this.
    pub p_threshold: f64,
    /// A Goldstein drop smaller than this is not an escalation, however significant.
    pub min_goldstein_drop: f64,
    /// A conflict-share increase smaller than this is not an escalation.
    pub min_share_increase: f64,
    /// QuadClasses counted as conflict for the share test (4 = material conflict).
    pub conflict_quad_classes: Vec<u8>,
    /// Floor on each sample variance of Goldstein values, so that two constant samples do
    /// not yield an infinite t statistic.
    pub variance_floor: f64,
}

impl Default for EscalationParams {
    fn default() -> Self {
        EscalationParams {
            enabled: true,
            recent_days: 28,
            baseline_days: 180,
            min_recent: 3,
            min_baseline: 5,
            p_threshold: 0.001,
            min_baseline_days: 60,
            min_goldstein_drop: 1.0,
            min_share_increase: 0.15,
            conflict_quad_classes: vec![4],
            variance_floor: 1.0,
        }
    }
}

/// Test results for one recent window.
#[derive(Clone)]
struct Finding {
    lo_b: usize,
    lo_r: usize,
    hi: usize,
    mean_b: f64,
    mean_r: f64,
    share_b: f64,
    share_r: f64,
    t: f64,
    p_t: f64,
    z: f64,
    p_z: f64,
}

pub(super) fn detect(ctx: &Context, p: &EscalationParams) -> Vec<Alert> {
    let mut dyads: BTreeMap<(String, String), Vec<&Item>> = BTreeMap::new();
    for it in ctx.items {
        let e = &it.fused.representative;
        if let (Some(s), Some(t)) = (
            actor_country(e.source.as_ref()),
            actor_country(e.target.as_ref()),
        ) {
            dyads.entry((s, t)).or_default().push(it);
        }
    }
    let mut out = Vec::new();
    for ((s, t), mut items) in dyads {
        items.sort_by(|a, b| (a.date, &a.fused.id).cmp(&(b.date, &b.fused.id)));
        out.extend(dyad_alerts(ctx, p, &s, &t, &items));
    }
    out
}

fn dyad_alerts(
    ctx: &Context,
    p: &EscalationParams,
    s: &str,
    t: &str,
    items: &[&Item],
) -> Vec<Alert> {
    let recent = p.recent_days.max(1);
    let is_conflict = |it: &&&Item| {
        p.conflict_quad_classes
            .contains(&it.fused.representative.quad_class)
    };
    let mut cands: Vec<(NaiveDate, NaiveDate, f64, usize, Finding)> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let end = items[i].date;
        let mut hi = i;
        while hi + 1 < items.len() && items[hi + 1].date == end {
            hi += 1;
        }
        i = hi + 1;
        if !ctx.reportable(end) {
            continue;
        }
        let r_start = end - Duration::days(recent - 1);
        let b_start = r_start - Duration::days(p.baseline_days.max(1));
        let covered = (r_start - b_start.max(ctx.data_start)).num_days();
        if covered < p.min_baseline_days {
            continue;
        }
        let lo_r = items.partition_point(|it| it.date < r_start);
        let lo_b = items.partition_point(|it| it.date < b_start);
        let (base, rec) = (&items[lo_b..lo_r], &items[lo_r..=hi]);
        if base.len() < p.min_baseline || rec.len() < p.min_recent {
            continue;
        }
        let g = |xs: &[&Item]| -> Vec<f64> {
            xs.iter()
                .map(|it| it.fused.representative.goldstein)
                .collect()
        };
        let (gb, gr) = (g(base), g(rec));
        let (mean_b, _) = mean_var(&gb);
        let (mean_r, _) = mean_var(&gr);
        let (t, _, p_t) = welch_greater(&gb, &gr, p.variance_floor);
        let (xb, xr) = (
            base.iter().filter(is_conflict).count(),
            rec.iter().filter(is_conflict).count(),
        );
        let (z, p_z) = two_proportion_greater(xr, rec.len(), xb, base.len());
        let share_b = xb as f64 / base.len() as f64;
        let share_r = xr as f64 / rec.len() as f64;
        let mut best = 1.0f64;
        if mean_b - mean_r >= p.min_goldstein_drop {
            best = best.min(p_t);
        }
        if share_r - share_b >= p.min_share_increase {
            best = best.min(p_z);
        }
        // Bonferroni over the two tests and scan correction over the recent windows watched.
        let windows = (ctx.watched_days() as f64 / recent as f64).max(1.0);
        let pv = (2.0 * best * windows).min(1.0);
        if pv <= p.p_threshold {
            cands.push((
                r_start,
                end,
                pv,
                rec.len(),
                Finding {
                    lo_b,
                    lo_r,
                    hi,
                    mean_b,
                    mean_r,
                    share_b,
                    share_r,
                    t,
                    p_t,
                    z,
                    p_z,
                },
            ));
        }
    }
    best_of_overlapping(&cands)
        .into_iter()
        .map(|(start, end, pv, _, f)| {
            let rec = &items[f.lo_r..=f.hi];
            // Evidence: the recent hostile events (negative Goldstein or conflict QuadClass).
            let pulling: Vec<&Item> = rec
                .iter()
                .copied()
                .filter(|it| {
                    let e = &it.fused.representative;
                    e.goldstein < 0.0 || p.conflict_quad_classes.contains(&e.quad_class)
                })
                .collect();
            let nb = f.lo_r - f.lo_b;
            Alert {
                kind: AlertKind::Escalation,
                score: score_of(pv),
                p_value: Some(pv),
                explanation: format!(
                    "{s} -> {t} shifted toward conflict: Goldstein mean {:.1} over {} events ({start}..{end}) vs {:.1} over {nb} events in the previous {} days; conflict share (QuadClass {}) {:.0}% vs {:.0}% (Welch t={:.2}, p={}; z={:.2}, p={}; corrected for 2 tests and the scan p={})",
                    f.mean_r,
                    rec.len(),
                    f.mean_b,
                    p.baseline_days,
                    p.conflict_quad_classes.iter().map(|q| q.to_string()).collect::<Vec<_>>().join("+"),
                    100.0 * f.share_r,
                    100.0 * f.share_b,
                    f.t,
                    fmt_p(f.p_t),
                    f.z,
                    fmt_p(f.p_z),
                    fmt_p(pv),
                ),
                evidence: evidence_of(&pulling),
                key: format!("escalation/{s}->{t}"),
                window_start: start,
                window_end: end,
            }
        })
        .collect()
}
