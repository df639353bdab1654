//! Vigil's one tokenizer, shared by every stage.
//!
//! Consumes text (an article, a dictionary phrase, a gazetteer name); produces sentences and
//! tokens with exact byte spans ([`tokenize`], UD English EWT conventions), and lighter views
//! derived from those same tokens ([`atoms`]): the letter runs, digit runs and single marks
//! inside each token, for stages whose rules or keys work below the word (the time rules, the
//! gazetteer's name keys).
//!
//! Key design decision: there is exactly one segmentation of text into tokens in the workspace.
//! A view may split a token further but never joins across a token boundary, so two stages can
//! disagree about how fine a unit is but never about where a word ends — a phrase compiled with
//! this crate matches exactly when its words appear in the text.
#![deny(missing_docs)]

pub mod atoms;
pub mod tokenize;

pub use atoms::{atoms, Atom, AtomKind};
pub use tokenize::tokenize;
