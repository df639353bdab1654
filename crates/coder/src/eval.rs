//! `vigil eval plover`: codes the text of each PLOVER gold-standard record and compares event
//! type, source/target country and sector with the human coding.

use crate::Coder;
use anyhow::{Context, Result};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::Path;
use vigil_core::{Annotator, Event};

/// Maps the gold files' older PLOVER type names to the current ones (PLOVER 2021 crosswalk).
pub fn current_plover_name(old: &str) -> &str {
    match old {
        "DEMAND" => "REQUEST",
        "DISAPPROVE" => "ACCUSE",
        "FIGHT" => "ASSAULT",
        "INVESTIGATE" => "ACCUSE",
        "YIELD" => "CONCEDE",
        other => other,
    }
}

fn gold_actors(v: Option<&Value>) -> Vec<(String, Option<String>)> {
    let Some(Value::Array(a)) = v else {
        return Vec::new();
    };
    a.iter()
        .filter_map(|x| {
            let code = x.get("code")?.as_str()?.trim().to_uppercase();
            if code.len() < 3 {
                return None;
            }
            let sector = x
                .get("sector")
                .and_then(Value::as_str)
                .map(|s| s.trim().to_uppercase())
                .filter(|s| !s.starts_with('*'))
                .and_then(|s| s.get(..3).map(str::to_string));
            Some((code.get(..3)?.to_string(), sector))
        })
        .collect()
}

#[derive(Default)]
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Prf {
    fn add(&mut self, gold: &BTreeSet<String>, pred: &BTreeSet<String>) {
        self.tp += gold.intersection(pred).count();
        self.fp += pred.difference(gold).count();
        self.fn_ += gold.difference(pred).count();
    }
    fn f1(&self) -> f64 {
        let p = if self.tp + self.fp == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        let r = if self.tp + self.fn_ == 0 {
            0.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn round4(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// The event that stands for the record: the first one in the text with a PLOVER type (a news
/// lead sentence states its main event first; later predicates are mostly background).
pub fn primary_event(events: &[Event]) -> Option<&Event> {
    let mut best: Option<&Event> = None;
    for e in events.iter().filter(|e| e.plover.is_some()) {
        if best.is_none_or(|b| e.provenance.predicate < b.provenance.predicate) {
            best = Some(e);
        }
    }
    best
}

/// Runs the evaluation. `annotate` runs the upstream stages on a text; the coder then codes it.
/// The JSON has a `reliability` field: the primary events' confidence against whether they are
/// fully right (type, and source/target countries where the gold names them).
pub fn eval_plover(
    coder: &Coder,
    gold: &Path,
    annotate: &dyn Fn(&str) -> Result<vigil_core::AnnotatedDoc>,
    verbose: bool,
) -> Result<Value> {
    let (mut v, points) = eval_plover_points(coder, gold, annotate, verbose)?;
    v["reliability"] = crate::calibration::reliability(&points);
    Ok(v)
}

/// Fits the confidence calibration on the gold file with `coder`'s evidence scores (its own
/// calibration switched off) and returns it with the reliability before and after.
pub fn fit_calibration(
    coder: &mut Coder,
    gold: &Path,
    annotate: &dyn Fn(&str) -> Result<vigil_core::AnnotatedDoc>,
) -> Result<(crate::calibration::Calibration, Value)> {
    coder.set_calibration(None);
    let (_, points) = eval_plover_points(coder, gold, annotate, false)?;
    let c = crate::calibration::Calibration::fit(&points);
    let after: Vec<(f64, bool)> = points.iter().map(|&(x, y)| (c.apply(x), y)).collect();
    let kept = after.iter().filter(|p| p.0 >= c.cut).count();
    let kept_right = after.iter().filter(|p| p.0 >= c.cut && p.1).count();
    let summary = json!({
        "a": c.a, "b": c.b, "cut": c.cut,
        "events": points.len(),
        "precision_all": round4(points.iter().filter(|p| p.1).count() as f64 / points.len().max(1) as f64),
        "kept_at_cut": kept,
        "precision_at_cut": round4(kept_right as f64 / kept.max(1) as f64),
        "evidence_score": crate::calibration::reliability(&points),
        "calibrated": crate::calibration::reliability(&after),
    });
    Ok((c, summary))
}

/// Counts over the PLOVER records.
#[derive(Default)]
struct Tally {
    n: usize,
    correct: usize,
    any_correct: usize,
    coded: usize,
    /// Source/target country and sector sets.
    sc: Prf,
    tc: Prf,
    ss: Prf,
    ts: Prf,
}

impl Tally {
    fn summary(&self) -> Value {
        let rate = |k: usize| {
            if self.n == 0 {
                0.0
            } else {
                k as f64 / self.n as f64
            }
        };
        json!({
            "n": self.n,
            "event_accuracy": round4(rate(self.correct)),
            "event_any_accuracy": round4(rate(self.any_correct)),
            "coded": self.coded,
            "source_country_f1": round4(self.sc.f1()),
            "target_country_f1": round4(self.tc.f1()),
            "source_sector_f1": round4(self.ss.f1()),
            "target_sector_f1": round4(self.ts.f1()),
        })
    }
}

/// Country and sector codes of one side over the events `same`.
fn side_codes(
    same: &[&Event],
    f: &dyn Fn(&Event) -> Option<&vigil_core::Actor>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut c = BTreeSet::new();
    let mut s = BTreeSet::new();
    for e in same {
        if let Some(a) = f(e) {
            if a.code.len() >= 3 && !a.code.starts_with("---") {
                c.insert(a.code[..3].to_string());
            }
            if let Some(sec) = a.code.get(3..6) {
                s.insert(sec.to_string());
            }
        }
    }
    (c, s)
}

/// Country and sector sets of a gold side.
fn gold_sides(v: Option<&Value>) -> (BTreeSet<String>, BTreeSet<String>) {
    let g = gold_actors(v);
    (
        g.iter().map(|x| x.0.clone()).collect(),
        g.iter().filter_map(|x| x.1.clone()).collect(),
    )
}

fn eval_plover_points(
    coder: &Coder,
    gold: &Path,
    annotate: &dyn Fn(&str) -> Result<vigil_core::AnnotatedDoc>,
    verbose: bool,
) -> Result<(Value, Vec<(f64, bool)>)> {
    let mut points = Vec::new();
    let raw =
        std::fs::read_to_string(gold).with_context(|| format!("reading {}", gold.display()))?;
    let records: Vec<Value> =
        serde_json::from_str(&raw).with_context(|| format!("parsing {}", gold.display()))?;
    let mut t = Tally::default();
    for r in &records {
        let ev = r.get("event").and_then(Value::as_str).unwrap_or("");
        let text = r.get("text").and_then(Value::as_str).unwrap_or("");
        if ev == "DOCUMENT" || ev.is_empty() || text.trim().is_empty() {
            continue;
        }
        let mut doc = annotate(text)?;
        coder.annotate(&mut doc)?;
        if let Some(point) = score_record(&mut t, r, &doc.events, verbose) {
            points.push(point);
        }
    }
    Ok((t.summary(), points))
}

/// Scores one record's events against its gold; the primary event's (confidence, fully right)
/// when there is one.
fn score_record(t: &mut Tally, r: &Value, events: &[Event], verbose: bool) -> Option<(f64, bool)> {
    let ev = r.get("event").and_then(Value::as_str).unwrap_or("");
    t.n += 1;
    let gold_ev = current_plover_name(ev);
    let prim = primary_event(events);
    t.coded += prim.is_some() as usize;
    let pred_ev = prim.and_then(|e| e.plover.as_deref()).unwrap_or("-");
    let ok = pred_ev == gold_ev;
    t.correct += ok as usize;
    let any = events.iter().any(|e| e.plover.as_deref() == Some(gold_ev));
    t.any_correct += any as usize;
    // all conjunct events of the primary predicate
    let same: Vec<&Event> = match prim {
        Some(p) => events
            .iter()
            .filter(|e| e.provenance.predicate == p.provenance.predicate && e.cameo == p.cameo)
            .collect(),
        None => Vec::new(),
    };
    let (psc, pss) = side_codes(&same, &|e| e.source.as_ref());
    let (ptc, pts) = side_codes(&same, &|e| e.target.as_ref());
    let (gsc, gss) = gold_sides(r.get("source"));
    let (gtc, gts) = gold_sides(r.get("target"));
    t.sc.add(&gsc, &psc);
    t.tc.add(&gtc, &ptc);
    t.ss.add(&gss, &pss);
    t.ts.add(&gts, &pts);
    if verbose && (!ok || gsc != psc || gtc != ptc) {
        let id = r.get("id").and_then(Value::as_str).unwrap_or("?");
        let text = r.get("text").and_then(Value::as_str).unwrap_or("");
        eprintln!(
            "{id}: event gold {gold_ev} got {pred_ev}{}  source gold {gsc:?} got {psc:?}  target gold {gtc:?} got {ptc:?}\n    {text}\n    rule: {}",
            if any && !ok { " (gold type among other events)" } else { "" },
            prim.map_or("-", |e| e.provenance.rule.as_str())
        );
    }
    let fully = ok && (gsc.is_empty() || gsc == psc) && (gtc.is_empty() || gtc == ptc);
    prim.map(|p| (p.confidence, fully))
}
