//! Placeholder while building.
#![deny(missing_docs)]
pub mod dict;
pub mod text;
