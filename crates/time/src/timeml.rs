//! TempEval-3 scoring of the tagger on TimeML (`.tml`) files.
//!
//! Each file's `<TEXT>` is flattened to plain text with the gold `TIMEX3` offsets recorded; the
//! document creation time (the `TIMEX3` with `functionInDocument="CREATION_TIME"`, normally
//! inside `<DCT>`) is the anchor and is not scored. Matching follows TempEval-3: strict = same
//! extent, relaxed = any overlap (one-to-one); value and type are attribute scores over the
//! relaxed matches, with precision over system and recall over gold expressions.

use anyhow::Context;
use chrono::NaiveDate;
use serde_json::json;
use std::path::{Path, PathBuf};
use vigil_core::TimexType;

/// A gold TIMEX3 in a flattened text.
#[derive(Debug, Clone)]
pub struct GoldTimex {
    /// Byte offset of the start in the flattened text.
    pub start: usize,
    /// Byte offset of the end.
    pub end: usize,
    /// TIMEX3 type attribute.
    pub kind: String,
    /// TIMEX3 value attribute.
    pub value: String,
}

/// One TimeML document: text, creation time and gold expressions.
#[derive(Debug, Clone)]
pub struct TimemlDoc {
    /// Source file.
    pub path: PathBuf,
    /// The `<TEXT>` content without tags, entities decoded.
    pub text: String,
    /// Document creation time.
    pub dct: Option<NaiveDate>,
    /// Gold expressions inside `<TEXT>`.
    pub gold: Vec<GoldTimex>,
}

/// Reads a TimeML file.
pub fn read_timeml(path: &Path) -> anyhow::Result<TimemlDoc> {
    let src =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let xml = roxmltree::Document::parse_with_options(&src, opts)
        .with_context(|| format!("parsing {}", path.display()))?;
    let dct = xml
        .descendants()
        .find(|n| {
            n.has_tag_name("TIMEX3") && n.attribute("functionInDocument") == Some("CREATION_TIME")
        })
        .and_then(|n| n.attribute("value"))
        .and_then(|v| v.get(..10))
        .and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
    let text_node = xml
        .descendants()
        .find(|n| n.has_tag_name("TEXT"))
        .with_context(|| format!("{}: no <TEXT>", path.display()))?;
    let mut text = String::new();
    let mut gold = Vec::new();
    flatten(text_node, &mut text, &mut gold);
    Ok(TimemlDoc {
        path: path.to_path_buf(),
        text,
        dct,
        gold,
    })
}

fn flatten(node: roxmltree::Node, text: &mut String, gold: &mut Vec<GoldTimex>) {
    for child in node.children() {
        if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
        } else if child.is_element() {
            let start = text.len();
            flatten(child, text, gold);
            if child.has_tag_name("TIMEX3")
                && child.attribute("functionInDocument") != Some("CREATION_TIME")
            {
                gold.push(GoldTimex {
                    start,
                    end: text.len(),
                    kind: child.attribute("type").unwrap_or("").to_string(),
                    value: child.attribute("value").unwrap_or("").to_string(),
                });
            }
        }
    }
}

fn tml_files(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for e in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let p = e?.path();
        // Skip hidden entries such as macOS "._x.tml" resource forks.
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            tml_files(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "tml") {
            out.push(p);
        }
    }
    Ok(())
}

fn type_name(k: TimexType) -> &'static str {
    match k {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// One disagreement between system and gold, for error analysis.
#[derive(Debug, Clone)]
pub struct Mismatch {
    /// File.
    pub file: String,
    /// "missed", "spurious", "extent", "value" or "type".
    pub what: &'static str,
    /// Gold text, type and value.
    pub gold: Option<(String, String, String)>,
    /// System text, type, value and rule.
    pub system: Option<(String, String, String, String)>,
}

/// Scores every `.tml` file under `dir` (recursively); returns the metrics and the mismatches.
pub fn eval_timeml_detailed(dir: &Path) -> anyhow::Result<(serde_json::Value, Vec<Mismatch>)> {
    let mut files = Vec::new();
    tml_files(dir, &mut files)?;
    files.sort();
    anyhow::ensure!(!files.is_empty(), "no .tml files under {}", dir.display());
    let (mut n_gold, mut n_sys, mut strict, mut relaxed, mut val_ok, mut type_ok) =
        (0, 0, 0, 0, 0, 0);
    let mut mism = Vec::new();
    for f in &files {
        let doc = read_timeml(f)?;
        let sys = crate::tag_timeml(&doc.text, doc.dct);
        n_gold += doc.gold.len();
        n_sys += sys.len();
        let file = f
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let slice = |a: usize, b: usize| doc.text.get(a..b).unwrap_or("").replace('\n', " ");
        let mut used = vec![false; sys.len()];
        for g in &doc.gold {
            let gi = (slice(g.start, g.end), g.kind.clone(), g.value.clone());
            // Best overlapping unused system expression.
            let best = sys
                .iter()
                .enumerate()
                .filter(|(k, s)| !used[*k] && s.span.start() < g.end && g.start < s.span.end())
                .max_by_key(|(_, s)| s.span.end().min(g.end) - s.span.start().max(g.start))
                .map(|(k, _)| k);
            let Some(k) = best else {
                mism.push(Mismatch {
                    file: file.clone(),
                    what: "missed",
                    gold: Some(gi),
                    system: None,
                });
                continue;
            };
            used[k] = true;
            let s = &sys[k];
            let si = (
                slice(s.span.start(), s.span.end()),
                type_name(s.kind).to_string(),
                s.value.value.clone(),
                s.rule.clone(),
            );
            relaxed += 1;
            let exact = s.span.start() == g.start && s.span.end() == g.end;
            if exact {
                strict += 1;
            }
            let vok = s.value.value == g.value;
            let tok = type_name(s.kind) == g.kind;
            if vok {
                val_ok += 1;
            }
            if tok {
                type_ok += 1;
            }
            let what = if !vok {
                "value"
            } else if !exact {
                "extent"
            } else if !tok {
                "type"
            } else {
                continue;
            };
            mism.push(Mismatch {
                file: file.clone(),
                what,
                gold: Some(gi),
                system: Some(si),
            });
        }
        for (k, s) in sys.iter().enumerate() {
            if !used[k] {
                mism.push(Mismatch {
                    file: file.clone(),
                    what: "spurious",
                    gold: None,
                    system: Some((
                        slice(s.span.start(), s.span.end()),
                        type_name(s.kind).to_string(),
                        s.value.value.clone(),
                        s.rule.clone(),
                    )),
                });
            }
        }
    }
    let (sp, sr) = (ratio(strict, n_sys), ratio(strict, n_gold));
    let (rp, rr) = (ratio(relaxed, n_sys), ratio(relaxed, n_gold));
    let (vp, vr) = (ratio(val_ok, n_sys), ratio(val_ok, n_gold));
    let (tp, tr) = (ratio(type_ok, n_sys), ratio(type_ok, n_gold));
    let metrics = json!({
        "files": files.len(),
        "gold": n_gold,
        "system": n_sys,
        "strict_matches": strict,
        "relaxed_matches": relaxed,
        "value_correct": val_ok,
        "type_correct": type_ok,
        "precision": sp,
        "recall": sr,
        "extent_f1_strict": f1(sp, sr),
        "precision_relaxed": rp,
        "recall_relaxed": rr,
        "extent_f1_relaxed": f1(rp, rr),
        "value_precision": vp,
        "value_recall": vr,
        "value_f1": f1(vp, vr),
        "type_f1": f1(tp, tr),
        "type_accuracy": ratio(type_ok, relaxed),
    });
    Ok((metrics, mism))
}

/// TempEval-3 scores over every `.tml` file under `dir`: `extent_f1_strict`,
/// `extent_f1_relaxed`, `value_f1`, `type_accuracy`, strict `precision`/`recall`, and counts.
pub fn eval_timeml(dir: &Path) -> anyhow::Result<serde_json::Value> {
    Ok(eval_timeml_detailed(dir)?.0)
}
