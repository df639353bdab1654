//! Named-entity recognition for Vigil.
//!
//! Consumes the sentence and token layers of an [`AnnotatedDoc`] (token texts only) and
//! produces the entity layer: `PER`, `ORG`, `LOC`, `MISC` mentions (or whatever labels the
//! model was trained with) with byte spans and document-wide token ranges.
//!
//! Key design decision: a greedy left-to-right averaged perceptron over IOB2 tags, with every
//! string property of a token hashed once and features formed by combining 64-bit hashes, so
//! tagging allocates nothing per feature; weights live in an open-addressing table of 16-bit
//! quantised rows (one cache line per lookup). Besides lexical, shape, affix and context
//! features it uses gazetteer membership (GeoNames places, Phoenix organisations and people,
//! demonyms; `data/ner/*.txt`), word classes learnt from unlabelled news (clusters and
//! capitalisation rates, stored in the model), and document-level evidence: how a word is
//! cased elsewhere in the article, and, in a second pass, how the first pass labelled other
//! occurrences of it. The second stage is trained on cross-validated first-stage output so
//! that it learns how far to trust it. [`train()`] rebuilds `data/models/ner.model` from
//! CoNLL-2003 deterministically.
#![deny(missing_docs)]

pub mod conll;
pub mod eval;
mod features;
pub mod gazetteer;
mod hash;
mod model;
mod token;
pub mod train;
pub mod wordclass;

pub use eval::{eval_conll, eval_docs};
pub use gazetteer::Gazetteer;
pub use model::{Model, FORMAT_VERSION};
pub use train::{train, train_docs, TrainOptions, MODEL_FILE};
pub use wordclass::WordClasses;

use anyhow::{bail, Result};
use std::path::Path;
use vigil_core::{AnnotatedDoc, Annotator, Entity, Span};

/// A loaded recogniser: model weights plus the gazetteer they were trained with.
#[derive(Debug)]
pub struct Ner {
    model: Model,
    gaz: Gazetteer,
}

impl Ner {
    /// Loads `models_dir/ner.model` and the gazetteer lists in `data_dir/ner/`.
    pub fn load(models_dir: &Path, data_dir: &Path) -> Result<Ner> {
        let model = Model::load(&models_dir.join(MODEL_FILE))?;
        let gaz = Gazetteer::load(&data_dir.join("ner"))?;
        Ner::from_parts(model, gaz)
    }

    /// Combines a model and a gazetteer, checking that the model was trained with it.
    pub fn from_parts(model: Model, gaz: Gazetteer) -> Result<Ner> {
        if model.gaz_fingerprint != gaz.fingerprint() {
            bail!(
                "the NER model was trained with different gazetteer lists (model {}, lists {}); \
                 retrain with `vigil train ner` after changing data/ner/",
                model.gaz_fingerprint,
                gaz.fingerprint()
            );
        }
        Ok(Ner { model, gaz })
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Entity labels the model knows (without `B-`/`I-`).
    pub fn labels(&self) -> &[String] {
        &self.model.labels
    }

    /// IOB2 tags for one sentence, taken as a document of its own.
    pub fn tag(&self, words: &[&str]) -> Vec<String> {
        self.tag_doc(&[words]).pop().unwrap_or_default()
    }

    /// IOB2 tags for the sentences of one document (they share document-level evidence).
    pub fn tag_doc(&self, sentences: &[&[&str]]) -> Vec<Vec<String>> {
        self.tag_doc_ids(sentences)
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|c| self.model.tagset.classes[c].clone())
                    .collect()
            })
            .collect()
    }

    fn tag_doc_ids(&self, sentences: &[&[&str]]) -> Vec<Vec<usize>> {
        let mut prepared = train::prepare_doc(sentences, &self.gaz, &self.model.wc);
        train::tag_prepared(&self.model, &mut prepared)
    }
}

impl Annotator for Ner {
    fn name(&self) -> &str {
        "ner"
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> Result<()> {
        let words: Vec<Vec<&str>> = doc
            .sentences
            .iter()
            .map(|s| {
                doc.tokens
                    .get(s.token_start..s.token_end)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect()
            })
            .collect();
        let refs: Vec<&[&str]> = words.iter().map(Vec::as_slice).collect();
        let tags = self.tag_doc_ids(&refs);
        let mut found = Vec::new();
        for (s, t) in doc.sentences.iter().zip(&tags) {
            let names: Vec<&str> = t
                .iter()
                .map(|&c| self.model.tagset.classes[c].as_str())
                .collect();
            for (a, b, label) in eval::chunks(&names) {
                let (ts, te) = (s.token_start + a, s.token_start + b);
                let Ok(span) =
                    Span::checked(doc.tokens[ts].span.start(), doc.tokens[te - 1].span.end())
                else {
                    continue;
                };
                found.push(Entity {
                    span,
                    token_start: ts,
                    token_end: te,
                    label,
                    source: "ner".to_string(),
                });
            }
        }
        doc.entities.extend(found);
        Ok(())
    }
}
