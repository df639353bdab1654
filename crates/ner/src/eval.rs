//! Entity-level exact-match scoring, conlleval style: an entity counts only when its label
//! and both boundaries match.

use crate::conll::{read_file, TaggedDoc};
use crate::gazetteer::Gazetteer;
use crate::model::Model;
use crate::train::{prepare_doc, tag_prepared};
use crate::Ner;
use anyhow::Result;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Entity chunks `(start, end, label)` of an IOB2 sequence; like conlleval, an `I-X` that does
/// not continue an `X` chunk starts a new one.
pub fn chunks(tags: &[impl AsRef<str>]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, String)> = None;
    for (i, t) in tags.iter().enumerate() {
        let t = t.as_ref();
        let (kind, label) = if t.len() > 2 && t.as_bytes()[1] == b'-' {
            (&t[..1], &t[2..])
        } else {
            ("O", "")
        };
        let continues = kind == "I" && cur.as_ref().is_some_and(|(_, l)| l == label);
        if !continues {
            if let Some((s, l)) = cur.take() {
                out.push((s, i, l));
            }
            if kind == "B" || kind == "I" {
                cur = Some((i, label.to_string()));
            }
        }
    }
    if let Some((s, l)) = cur {
        out.push((s, tags.len(), l));
    }
    out
}

#[derive(Default)]
struct Counts {
    gold: usize,
    pred: usize,
    correct: usize,
}

fn prf(c: &Counts) -> Value {
    let p = if c.pred > 0 {
        c.correct as f64 / c.pred as f64
    } else {
        0.0
    };
    let r = if c.gold > 0 {
        c.correct as f64 / c.gold as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    json!({"precision": p, "recall": r, "f1": f, "gold": c.gold, "predicted": c.pred, "correct": c.correct})
}

/// Tags every document of `file` with `ner` (sentences of a document share document-level
/// context) and scores against the gold tags.
///
/// Predicted labels that never occur in the gold file (e.g. `MISC` against UNER, which
/// annotates only PER/ORG/LOC) are dropped before scoring and listed under `ignored_labels`.
pub fn eval_conll(ner: &Ner, file: &Path) -> Result<Value> {
    let docs = read_file(file)?;
    Ok(eval_docs(ner, &docs, &file.display().to_string()))
}

/// [`eval_conll`] over already parsed documents.
pub fn eval_docs(ner: &Ner, docs: &[TaggedDoc], name: &str) -> Value {
    eval_with(ner.model(), ner.gazetteer(), docs, name)
}

pub(crate) fn eval_with(model: &Model, gaz: &Gazetteer, docs: &[TaggedDoc], name: &str) -> Value {
    let gold_labels: BTreeSet<String> = docs
        .iter()
        .flatten()
        .flat_map(|s| chunks(&s.tags))
        .map(|(_, _, l)| l)
        .collect();
    let mut per: BTreeMap<String, Counts> = BTreeMap::new();
    let mut ignored: BTreeSet<String> = BTreeSet::new();
    let mut total = Counts::default();
    let (mut n_sent, mut n_tok) = (0usize, 0usize);
    for doc in docs {
        let words: Vec<Vec<&str>> = doc
            .iter()
            .map(|s| s.words.iter().map(String::as_str).collect())
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let mut prepared = prepare_doc(&refs, gaz, &model.wc);
        let pred: Vec<Vec<&str>> = tag_prepared(model, &mut prepared)
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|c| model.tagset.classes[c].as_str())
                    .collect()
            })
            .collect();
        for (s, p) in doc.iter().zip(&pred) {
            n_sent += 1;
            n_tok += s.words.len();
            let g: BTreeSet<_> = chunks(&s.tags).into_iter().collect();
            let mut pc: BTreeSet<_> = BTreeSet::new();
            for c in chunks(p) {
                if gold_labels.contains(&c.2) {
                    pc.insert(c);
                } else {
                    ignored.insert(c.2);
                }
            }
            for c in &g {
                per.entry(c.2.clone()).or_default().gold += 1;
                total.gold += 1;
            }
            for c in &pc {
                let e = per.entry(c.2.clone()).or_default();
                e.pred += 1;
                total.pred += 1;
                if g.contains(c) {
                    e.correct += 1;
                    total.correct += 1;
                }
            }
        }
    }
    let mut v = prf(&total);
    v["file"] = json!(name);
    v["sentences"] = json!(n_sent);
    v["tokens"] = json!(n_tok);
    v["entities_gold"] = json!(total.gold);
    v["entities_predicted"] = json!(total.pred);
    v["per_label"] = Value::Object(per.iter().map(|(l, c)| (l.clone(), prf(c))).collect());
    v["ignored_labels"] = json!(ignored);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conlleval_chunks() {
        let t = ["B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG", "I-ORG"];
        assert_eq!(
            chunks(&t),
            vec![
                (0, 2, "PER".to_string()),
                (3, 4, "LOC".to_string()),
                (4, 5, "ORG".to_string()),
                (5, 7, "ORG".to_string())
            ]
        );
    }
}
