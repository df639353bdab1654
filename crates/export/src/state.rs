//! The export state file, `DIR/_vigil_export.json`: which format the directory holds, the
//! ingest sequence number of the last document exported into it, so `--since last` appends
//! only what is new, and per chunk a digest of which coder extracted each of its documents,
//! so `--since last` also rewrites the chunks whose documents were re-extracted since. The
//! leading underscore makes Spark and Hive skip it when they list the lake.

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Name of the state file inside the export directory.
pub const STATE_FILE: &str = "_vigil_export.json";

/// What an export directory holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Version of this file's layout.
    pub version: u32,
    /// `parquet`, `gdelt` or `jsonl`.
    pub format: String,
    /// Whether documents are exported beside the events.
    pub documents: bool,
    /// Ingest sequence number of the last document covered; the next `--since last` run
    /// starts after it.
    pub last_seq: i64,
    /// The chunks written, in ingest order (empty in a layout-1 file: such chunks are never
    /// checked for re-extraction).
    #[serde(default)]
    pub chunks: Vec<ChunkRecord>,
}

/// One chunk of the lake: the ingest range its part files cover and what they were made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChunkRecord {
    /// First ingest sequence number covered (the part files' name holds it).
    pub first: i64,
    /// Last ingest sequence number covered.
    pub last: i64,
    /// SHA-256 (hex) over each covered document's sequence number and extracting coder: it
    /// changes exactly when a document of the range is re-extracted (or a late one appears).
    pub digest: String,
}

/// Layout version written; version 1 (no chunk records) is still read.
pub const VERSION: u32 = 2;

/// The state of `dir`, or `None` when nothing was exported there yet.
pub fn read(dir: &Path) -> Result<Option<State>> {
    let path = dir.join(STATE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let state: State = serde_json::from_str(&text)
        .with_context(|| format!("{} is not an export state file", path.display()))?;
    if !(1..=VERSION).contains(&state.version) {
        anyhow::bail!(
            "{} has layout version {}; this vigil reads versions 1 to {VERSION}",
            path.display(),
            state.version
        );
    }
    Ok(Some(state))
}

/// Writes the state atomically (a temporary file renamed over the old one), so a crash leaves
/// either the old or the new state, never half of one.
pub fn write(dir: &Path, state: &State) -> Result<()> {
    let path = dir.join(STATE_FILE);
    let tmp = dir.join(format!(".{STATE_FILE}.tmp"));
    let mut text = serde_json::to_string_pretty(state)?;
    text.push('\n');
    std::fs::write(&tmp, text).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("writing {}", path.display()))
}
