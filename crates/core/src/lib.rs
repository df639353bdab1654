//! Vigil's shared vocabulary: the plain data types every pipeline stage reads and writes,
//! and the CAMEO/PLOVER codebooks.
//!
//! The key design decision (borrowed from spaCy's `Doc`): one [`Document`] owns the text, and
//! every annotation — sentences, tokens, entity mentions, time expressions, places, events — is a
//! layer in an [`AnnotatedDoc`] that points back into that text by byte [`Span`]. Stages are
//! functions that add a layer ([`Annotator`]); they never copy or rewrite the text, so provenance
//! is always a pair of byte offsets a user can check against the article.
#![deny(missing_docs)]

pub mod cameo;
pub mod codebook;
pub mod hex;
pub mod model;
pub mod paths;
pub mod span;

pub use cameo::{CameoCode, CameoCodeError};
pub use codebook::{Codebook, CodebookError, QuadClass};
pub use hex::hex;
pub use model::*;
pub use span::{Span, SpanError};
