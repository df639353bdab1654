//! `vigil eval petrarch`: PETRARCH-1's own unit-test suite (`PETR.UnitTest.records.xml` with
//! its `PETR.Validate.*` dictionaries), coded with only those dictionaries and the records'
//! supplied Penn Treebank parses, scored by exact match of the expected events.
//!
//! The suite tests the dictionary language (patterns, synsets, compounds, agents, date
//! restrictions, discards); the supplied parses keep parser errors out of that measurement.

pub mod code;
pub mod records;
pub mod tree;

use crate::dict::Dictionaries;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use code::{Coded, Sentence};
use records::{Expected, Record};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Per-category tally.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    expected: usize,
    found: usize,
    extra: usize,
    records: usize,
    records_exact: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.expected += o.expected;
        self.found += o.found;
        self.extra += o.extra;
        self.records += o.records;
        self.records_exact += o.records_exact;
    }

    fn json(&self) -> Value {
        let rate = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        json!({
            "expected_events": self.expected,
            "exact": self.found,
            "exact_match": rate(self.found, self.expected),
            "extra_events": self.extra,
            "records": self.records,
            "records_exact": self.records_exact,
        })
    }
}

fn to_expected(c: &Coded) -> Expected {
    Expected {
        source: c.source.clone(),
        target: c.target.clone(),
        code: c.code.clone(),
    }
}

/// Codes one record: its events, or `None` when its parse does not read.
pub fn code_record(d: &Dictionaries, r: &Record) -> Option<Vec<Coded>> {
    let tree = tree::Tree::parse(&r.parse)?;
    if d.discards.find(&r.text).is_some() {
        return Some(Vec::new());
    }
    let date = NaiveDate::parse_from_str(&r.date, "%Y%m%d").ok();
    Some(Sentence::new(d, &tree, date).events())
}

fn score(d: &Dictionaries, r: &Record) -> (Tally, Vec<Coded>) {
    let got = code_record(d, r).unwrap_or_default();
    let got_e: Vec<Expected> = got.iter().map(to_expected).collect();
    let found = r.expected.iter().filter(|e| got_e.contains(e)).count();
    let extra = got_e.iter().filter(|g| !r.expected.contains(g)).count();
    let t = Tally {
        expected: r.expected.len(),
        found,
        extra,
        records: 1,
        records_exact: usize::from(found == r.expected.len() && extra == 0),
    };
    (t, got)
}

/// Runs the suite in `dir`; `verbose` adds every record's expected and produced events.
pub fn eval_petrarch(dir: &Path, verbose: bool) -> Result<Value> {
    let file = |kind: &str| dir.join(format!("PETR.Validate.{kind}.txt"));
    let files = ["actors", "agents", "verbs", "discards"].map(file).to_vec();
    let d = Dictionaries::load_files(files)?;
    let path = dir.join("PETR.UnitTest.records.xml");
    let xml = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
    let records = records::read_records(&String::from_utf8_lossy(&xml));
    let mut by_cat: BTreeMap<String, Tally> = BTreeMap::new();
    let mut all = Tally::default();
    let mut detail = Vec::new();
    let mut unread = 0;
    for r in records.iter().filter(|r| r.valid && !r.error) {
        unread += usize::from(tree::Tree::parse(&r.parse).is_none());
        let (t, got) = score(&d, r);
        by_cat.entry(r.category.clone()).or_default().add(&t);
        all.add(&t);
        if verbose {
            let show = |e: &Expected| format!("{} {} {}", e.source, e.target, e.code);
            detail.push(json!({
                "id": r.id,
                "category": r.category,
                "ok": t.records_exact == 1,
                "expected": r.expected.iter().map(show).collect::<Vec<_>>(),
                "got": got.iter().map(|c| show(&to_expected(c))).collect::<Vec<_>>(),
            }));
        }
    }
    let mut out = json!({
        "suite": "PETRARCH-1 unit tests (valid records, supplied parses, PETR.Validate dictionaries)",
        "parses_unreadable": unread,
        "overall": all.json(),
        "by_category": by_cat.iter().map(|(k, t)| (k.clone(), t.json())).collect::<serde_json::Map<_, _>>(),
    });
    if verbose {
        out["records"] = Value::Array(detail);
    }
    Ok(out)
}
