//! Learned event typing: which PLOVER type a (source, target, predicate) triple in a parsed
//! sentence expresses, with a calibrated probability.
//!
//! Consumes an [`vigil_core::AnnotatedDoc`] that the `nlp` stage has tokenized, tagged,
//! lemmatised and parsed, a sentence index, the byte spans of the source and target mentions
//! and optionally the predicate token (and optionally the dictionary's pattern or CAMEO code as
//! extra features); produces a [`PloverType`] and its probability ([`TypeModel::predict`]).
//! Trains from the PLV sentences (`<s>source</s> … <t>target</t>` with a gold PLOVER root,
//! [`plv`]) and cross-validates itself ([`cross_validate`]).
//!
//! Key design decision: a multinomial logistic regression (full-batch AdaGrad, L2, no sampling,
//! so training is deterministic) over sparse string features — sentence words and lemma
//! n-grams with the two mentions masked, the predicate's lemma and dependents (negation,
//! modals and particles come from there, not from word lists), the dependency path between the
//! source and target heads and the case markers on each. Logistic rather than the workspace's
//! perceptron because the coder needs a probability: the scores are temperature-scaled, with the
//! temperature fitted on out-of-fold predictions during training.
#![deny(missing_docs)]

pub mod features;
pub mod model;
pub mod plv;
pub mod refine;
pub mod types;

pub use features::{pair_features, Pair};
pub use model::{cross_validate, CvReport, TrainOptions, TypeModel};
pub use plv::{read_plv, PlvRecord};
pub use refine::{Policy, Typer};
pub use types::PloverType;

/// File name of the typing model in the models directory.
pub const MODEL_FILE: &str = "typing.model.gz";
