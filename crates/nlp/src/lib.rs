//! Vigil's linguistic core: tokenizer, sentence splitter, POS tagger, lemmatiser and dependency
//! parser, all in pure Rust.
//!
//! Consumes a document's text ([`vigil_core::Document::text`]); produces the sentence and token
//! layers of [`vigil_core::AnnotatedDoc`] with UPOS/XPOS tags, lemmas, and Universal
//! Dependencies heads and relations (stage [`Nlp`], name `"nlp"`).
//!
//! Key design decision: both statistical models are averaged perceptrons over hashed
//! sparse features (a greedy tagger, and an arc-eager transition parser with beam search and
//! global training), trained by this crate from UD English EWT ([`train()`]). They are small, load in
//! well under a second and annotate thousands of sentences per second on one core.
#![deny(missing_docs)]

pub mod annotate;
pub mod bench;
pub mod conllu;
pub mod eval;
mod hash;
pub mod lemma;
pub mod model_io;
pub mod parser;
mod perceptron;
pub mod tagger;
pub mod train;

pub use annotate::{parse_sentence, Nlp, TaggerBundle, WordAnnotation};
pub use bench::{bench_text, read_reuters, BenchResult};
pub use eval::eval_ud;
pub use train::{train, TrainOptions, TrainTarget};
/// The workspace tokenizer, re-exported from `vigil-text` (its home) so existing paths
/// (`vigil_nlp::tokenize`, `vigil_nlp::tokenize::tokenize`) keep working.
pub use vigil_text::tokenize;
