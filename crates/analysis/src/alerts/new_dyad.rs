//! New dyad: the first contact of a kind (CAMEO root) between two actors, once the data is
//! long enough for "first" to mean something.

use super::{evidence_of, Alert, AlertKind, Context, Item};
use crate::record::{actor_country, actor_group, kind_label};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Granularity of the actors in a dyad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DyadLevel {
    /// Country + primary sector (`RUSSPY`, `AZEGOV`), else the actor code.
    Actor,
    /// Country only.
    Country,
}

/// New-dyad detector parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NewDyadParams {
    /// Run the detector.
    pub enabled: bool,
    /// What an actor is.
    pub level: DyadLevel,
    /// Days of data required before a contact can count as new.
    pub min_history_days: i64,
    /// Also report contacts between two actors of the same country.
    pub include_domestic: bool,
    /// Only these CAMEO roots (empty: all).
    pub roots: Vec<String>,
    /// Minimum score (log10(1 + earlier events of the source) + log10(1 + earlier events of
    /// the target)): contacts between actors never seen before are not remarkable.
    pub min_score: f64,
}

impl Default for NewDyadParams {
    fn default() -> Self {
        NewDyadParams {
            enabled: true,
            level: DyadLevel::Country,
            min_history_days: 30,
            include_domestic: false,
            roots: Vec::new(),
            min_score: 0.3,
        }
    }
}

pub(super) fn detect(ctx: &Context, p: &NewDyadParams) -> Vec<Alert> {
    let key_of = |a: Option<&vigil_core::Actor>| match p.level {
        DyadLevel::Actor => a.and_then(actor_group),
        DyadLevel::Country => actor_country(a),
    };
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    let mut activity: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    let mut i = 0;
    while i < ctx.items.len() {
        // One day at a time, so two unfused reports of the same first contact make one alert.
        let day = ctx.items[i].date;
        let mut j = i;
        while j < ctx.items.len() && ctx.items[j].date == day {
            j += 1;
        }
        let todays = &ctx.items[i..j];
        i = j;
        let mut fresh: BTreeMap<(String, String, String), Vec<&Item>> = BTreeMap::new();
        let mut touched: Vec<String> = Vec::new();
        for it in todays {
            let e = &it.fused.representative;
            let (Some(s), Some(t)) = (key_of(e.source.as_ref()), key_of(e.target.as_ref())) else {
                continue;
            };
            touched.push(s.clone());
            touched.push(t.clone());
            if s == t {
                continue;
            }
            let (sc, tc) = (
                actor_country(e.source.as_ref()),
                actor_country(e.target.as_ref()),
            );
            if !p.include_domestic && sc.is_some() && sc == tc {
                continue;
            }
            if !p.roots.is_empty() && !p.roots.iter().any(|r| r == &e.root) {
                continue;
            }
            let key = (s, t, e.root.clone());
            if !seen.contains(&key) {
                fresh.entry(key).or_default().push(it);
            }
        }
        let history = (day - ctx.data_start).num_days();
        for ((s, t, root), its) in fresh {
            let a_s = activity.get(&s).copied().unwrap_or(0);
            let a_t = activity.get(&t).copied().unwrap_or(0);
            let score = (1.0 + a_s as f64).log10() + (1.0 + a_t as f64).log10();
            let eligible =
                history >= p.min_history_days && score >= p.min_score && ctx.reportable(day);
            if eligible {
                let mentions: usize = its.iter().map(|it| it.fused.num_mentions).sum();
                let sources: BTreeSet<&str> = its
                    .iter()
                    .flat_map(|it| it.fused.sources.iter().map(String::as_str))
                    .collect();
                out.push(Alert {
                    kind: AlertKind::NewDyad,
                    score,
                    p_value: None,
                    explanation: format!(
                        "first {} contact {s} -> {t} in {history} days of data, on {day}: {mentions} mention{} from {} source{}; {s} had {a_s} and {t} {a_t} earlier events",
                        describe(&root, &kind_label(&its[0].fused.representative)),
                        if mentions == 1 { "" } else { "s" },
                        sources.len(),
                        if sources.len() == 1 { "" } else { "s" },
                    ),
                    evidence: evidence_of(&its),
                    key: format!("new_dyad/{s}->{t}/root={root}"),
                    window_start: day,
                    window_end: day,
                });
            }
            seen.insert((s, t, root));
        }
        for k in touched {
            *activity.entry(k).or_insert(0) += 1;
        }
    }
    out
}

/// "CONSULT/visit (CAMEO root 04)", or "CAMEO root 17" without a PLOVER type.
fn describe(root: &str, label: &str) -> String {
    if label.starts_with("CAMEO") {
        format!("CAMEO root {root}")
    } else {
        format!("{label} (CAMEO root {root})")
    }
}
