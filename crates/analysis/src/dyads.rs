//! Source→target country pair statistics per period: how much happens between two countries
//! and how cooperative or hostile it is.
//!
//! Only factual (asserted/reported) events count: a denied attack is not an attack. Mentions
//! are counted as stored (one per coded sentence), like GDELT's event table.

use crate::record::{actor_country, EventRecord};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Period over which dyad statistics are aggregated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// ISO week.
    Week,
    /// Calendar month.
    Month,
    /// Everything in one bucket.
    All,
}

/// Statistics of one source→target country pair in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DyadStat {
    /// Source country (ISO3).
    pub source: String,
    /// Target country (ISO3).
    pub target: String,
    /// Period label: `2023-W40`, `2023-10` or `all`.
    pub period: String,
    /// First day of the period (None for `all`).
    pub period_start: Option<NaiveDate>,
    /// Number of events.
    pub events: usize,
    /// Sum of Goldstein values.
    pub goldstein_sum: f64,
    /// Mean Goldstein value.
    pub goldstein_mean: f64,
    /// Events per QuadClass: verbal coop, material coop, verbal conflict, material conflict.
    pub quad_counts: [usize; 4],
}

/// Per source→target country pair and period. Events lacking either country, or undated
/// events when the period is not `All`, are skipped. Sorted by period, then pair.
pub fn dyads(records: &[EventRecord], period: Period) -> Vec<DyadStat> {
    type Key = (Option<NaiveDate>, String, String, String);
    let mut acc: BTreeMap<Key, DyadStat> = BTreeMap::new();
    for r in records.iter().filter(|r| r.is_factual()) {
        let e = &r.event;
        let (Some(s), Some(t)) = (
            actor_country(e.source.as_ref()),
            actor_country(e.target.as_ref()),
        ) else {
            continue;
        };
        let (label, start) = match period {
            Period::All => ("all".to_string(), None),
            _ => match r.anchor_date() {
                Some(d) => period_of(d, period),
                None => continue,
            },
        };
        let st = acc
            .entry((start, label.clone(), s.clone(), t.clone()))
            .or_insert_with(|| DyadStat {
                source: s,
                target: t,
                period: label,
                period_start: start,
                events: 0,
                goldstein_sum: 0.0,
                goldstein_mean: 0.0,
                quad_counts: [0; 4],
            });
        st.events += 1;
        st.goldstein_sum += e.goldstein;
        if (1..=4).contains(&e.quad_class) {
            st.quad_counts[usize::from(e.quad_class - 1)] += 1;
        }
    }
    acc.into_values()
        .map(|mut s| {
            s.goldstein_mean = s.goldstein_sum / s.events as f64;
            s
        })
        .collect()
}

/// Label and first day of the period holding `d`.
pub fn period_of(d: NaiveDate, period: Period) -> (String, Option<NaiveDate>) {
    match period {
        Period::Week => {
            let w = d.iso_week();
            let start = NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Mon);
            (format!("{}-W{:02}", w.year(), w.week()), start)
        }
        Period::Month => (
            format!("{}-{:02}", d.year(), d.month()),
            NaiveDate::from_ymd_opt(d.year(), d.month(), 1),
        ),
        Period::All => ("all".to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::R;
    use vigil_core::Modality;

    #[test]
    fn counts_goldstein_and_quadclass_per_period() {
        let recs = vec![
            R::new("a", "d1", "p", "2023-10-02", "042", "RUSGOV", "UKRGOV").build(),
            R::new("b", "d2", "p", "2023-10-03", "190", "RUSMIL", "UKR").build(),
            R::new("c", "d3", "p", "2023-10-16", "111", "RUSGOV", "UKRGOV").build(),
            R::new("n", "d4", "p", "2023-10-16", "190", "RUSGOV", "UKRGOV")
                .modality(Modality::Negated)
                .build(),
            R::new("z", "d5", "p", "2023-11-01", "057", "USAGOV", "UKRGOV").build(),
            R::new("q", "d6", "p", "2023-11-01", "057", "USAGOV", "").build(),
        ];
        let all = dyads(&recs, Period::All);
        assert_eq!(all.len(), 2);
        let ru = &all[0];
        assert_eq!(
            (ru.source.as_str(), ru.target.as_str(), ru.events),
            ("RUS", "UKR", 3)
        );
        assert_eq!(ru.quad_counts, [1, 0, 1, 1]);
        assert!((ru.goldstein_sum - (1.0 - 10.0 - 2.0)).abs() < 1e-9);
        assert!((ru.goldstein_mean - (-11.0 / 3.0)).abs() < 1e-9);

        let weeks = dyads(&recs, Period::Week);
        let labels: Vec<(&str, &str, usize)> = weeks
            .iter()
            .map(|w| (w.period.as_str(), w.source.as_str(), w.events))
            .collect();
        assert_eq!(
            labels,
            vec![
                ("2023-W40", "RUS", 2),
                ("2023-W42", "RUS", 1),
                ("2023-W44", "USA", 1)
            ]
        );
        let months = dyads(&recs, Period::Month);
        assert_eq!(months[0].period, "2023-10");
        assert_eq!(
            months[0].period_start,
            chrono::NaiveDate::from_ymd_opt(2023, 10, 1)
        );
        let text = crate::render_dyads(&months);
        assert!(
            text.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with("2023-10  RUS")),
            "{text}"
        );
    }
}
