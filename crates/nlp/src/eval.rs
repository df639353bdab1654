//! UD evaluation on gold tokenisation (CoNLL 2018 style): UPOS, XPOS, lemma accuracy, UAS and
//! LAS, where LAS compares only the universal part of the relation (before `:`).

use crate::annotate::Nlp;
use crate::conllu::{self, UdSentence};
use serde_json::json;
use std::path::Path;

/// Loads the models in `models_dir` and scores them on a CoNLL-U file. Keys: `upos`, `xpos`,
/// `lemma`, `uas`, `las`, `sentences`, `tokens`.
pub fn eval_ud(models_dir: &Path, conllu: &Path) -> anyhow::Result<serde_json::Value> {
    let nlp = Nlp::load(models_dir)?;
    let sents = conllu::read(conllu)?;
    Ok(eval_sentences(&nlp, &sents))
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Scores an [`Nlp`] on gold-tokenised sentences.
pub fn eval_sentences(nlp: &Nlp, sents: &[UdSentence]) -> serde_json::Value {
    let (mut n, mut upos, mut xpos, mut lemma, mut uas, mut las) = (0usize, 0, 0, 0, 0, 0);
    for s in sents {
        let words: Vec<&str> = s.iter().map(|w| w.form.as_str()).collect();
        let ann = nlp.annotate_tokens(&words);
        for (g, a) in s.iter().zip(&ann) {
            n += 1;
            upos += (g.upos == a.upos) as usize;
            xpos += (g.xpos == a.xpos) as usize;
            lemma += (g.lemma == a.lemma) as usize;
            let head = a.head.map_or(0, |h| h + 1);
            if head == g.head {
                uas += 1;
                if universal(&g.deprel) == universal(&a.deprel) {
                    las += 1;
                }
            }
        }
    }
    let r = |x: usize| (x as f64 / n.max(1) as f64 * 10000.0).round() / 10000.0;
    json!({
        "upos": r(upos),
        "xpos": r(xpos),
        "lemma": r(lemma),
        "uas": r(uas),
        "las": r(las),
        "sentences": sents.len(),
        "tokens": n,
    })
}
