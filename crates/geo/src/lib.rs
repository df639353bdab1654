//! Vigil geocoding stage: finds place names in an article and resolves each to one gazetteer
//! entry (GeoNames id, ISO3 country, admin-1 code, point).
//!
//! Consumes the document text and, when present, the NER layer (`LOC`/`GPE` spans confirm or add
//! toponyms, `PER` spans block them) and the token layer (match boundaries must agree with it).
//! Produces `AnnotatedDoc::places`: one [`vigil_core::PlaceMention`] per toponym or demonym
//! ("Azerbaijani officials" → Azerbaijan, adjectival), sorted by span.
//!
//! Key design decision: recognition is a word n-gram lookup into the project's compact gazetteer
//! (`data/geo/gazetteer.tsv.gz`, built by `scripts/build_gazetteer.py` from GeoNames, the CIA
//! World Factbook and project-authored lists), restricted to capitalised words and guarded by a
//! stoplist and context checks; resolution is one sense per document, scored by feature kind and
//! population plus support from the document's other places ("City, Country" pairs, countries and
//! states already mentioned). [`eval::eval_geo`] scores it on GeoWebNews, GeoVirus and
//! LGL/TR-News style gold files.
#![deny(missing_docs)]

pub mod eval;
pub mod gazetteer;
pub mod geocoder;
pub mod recognise;
pub mod resolve;
pub mod text;

pub use eval::{eval_geo, parse_gold, Format, GoldSet};
pub use gazetteer::{Gazetteer, Kind};
pub use geocoder::Geocoder;
