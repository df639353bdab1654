//! Vigil's analysis layer: what an analyst asks of stored events, and what should make them
//! look up before they ask.
//!
//! **Consumes** [`EventRecord`]s: coded events (`vigil_core::Event`) with the metadata of the
//! article each came from, handed over by the store. This crate reads no files and knows no
//! SQL; every function is pure and its output deterministic (sorted, no hash-map order).
//!
//! **Produces**
//! - [`fuse()`]: reports of the same real-world event clustered into [`FusedEvent`]s with
//!   GDELT's mention/source/article counts, every mention kept as evidence;
//! - [`contradictions()`]: mentions of one fused event that disagree on date, place, or
//!   whether it happened at all;
//! - queries: [`timeline()`], [`dyads()`], [`network()`];
//! - [`alerts()`]: bursts, escalations and new dyads with a score, a one-line explanation and
//!   the evidence event ids;
//! - text renderings for the CLI ([`render_timeline`] ...); every result type is `Serialize`;
//! - [`export`]: CSV and GDELT 2.0 event rows, shared by the CLI and the HTTP API.
//!
//! **Key design decision**: alerts count *fused factual* events. Speculative, negated,
//! hypothetical, future and question mentions are dropped before counting, then the rest is
//! fused, so "one story repeated by ten outlets" is one event and "an expert wonders whether
//! X will visit" is none. Burst series count *distinct source actors* where that is the
//! question (several different intelligence services visiting one country), and every
//! baseline is the series' own history plus a weak prior for when history is short. The
//! statistics are documented in `docs/alerts.md`.
#![deny(missing_docs)]

pub mod alerts;
pub mod contradiction;
pub mod dyads;
pub mod export;
pub mod fusion;
pub mod network;
pub mod record;
pub mod render;
pub mod stats;
pub mod timeline;

#[cfg(test)]
mod testutil;

pub use alerts::{
    alerts, Alert, AlertKind, AlertParams, BurstParams, DyadLevel, EscalationParams, KindField,
    NewDyadParams,
};
pub use contradiction::{contradictions, Contradiction, ContradictionKind};
pub use dyads::{dyads, DyadStat, Period};
pub use fusion::{fuse, FusedEvent, FusionParams};
pub use network::{network, Edge, Network, Node};
pub use record::{records, EventRecord};
pub use render::{
    render_alerts, render_contradictions, render_dyads, render_fused, render_timeline,
};
pub use timeline::{timeline, TimelineEntry, TimelineFilter};
