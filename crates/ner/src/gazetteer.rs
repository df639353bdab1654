//! Gazetteer lists (`data/ner/{loc,org,per,misc}.txt`) compiled into hashed phrase tables.
//!
//! Matching is case-insensitive over whole tokens, longest match first, separately per list,
//! and only from a capitalised token: the lists contain common words ("Reading", "Split") and
//! the model should see list membership as evidence for names, not for ordinary words.

use crate::hash::{combine, IdBuild};
use crate::token::{flag, lower_hash, TokInfo};
use anyhow::{Context, Result};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// The lists, in feature-bit order.
pub const LISTS: [&str; 4] = ["loc", "org", "per", "misc"];
const MAX_LEN: usize = 6;
const SEED: u64 = 0x6761_7a65_7474_6565;

/// Compiled gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Phrase hash → bit set of lists containing the whole phrase.
    phrases: HashMap<u64, u8, IdBuild>,
    /// Phrase-prefix hash → bit set of lists with a longer phrase starting so.
    prefixes: HashMap<u64, u8, IdBuild>,
    /// Lower-case first tokens of person names.
    first_names: HashSet<u64, IdBuild>,
    /// Lower-case last tokens of person names.
    last_names: HashSet<u64, IdBuild>,
    /// Lower-case token → bit set of lists with an entry containing it.
    words: HashMap<u64, u8, IdBuild>,
    /// SHA-256 (hex, 16 bytes) over the list contents: a model records the lists it was
    /// trained with.
    fingerprint: String,
}

/// Per-token gazetteer evidence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct GazTok {
    /// Bit `2*list` = token begins a match, bit `2*list+1` = token continues one.
    pub bits: u8,
    /// Bit 0: known first name, bit 1: known last name.
    pub names: u8,
    /// Lists with an entry containing this word anywhere.
    pub words: u8,
}

impl Gazetteer {
    /// Loads the lists from `dir` (normally `data/ner`). A missing list is an error.
    pub fn load(dir: &Path) -> Result<Gazetteer> {
        let mut g = Gazetteer::default();
        let mut sha = Sha256::new();
        for (i, name) in LISTS.iter().enumerate() {
            let path = dir.join(format!("{name}.txt"));
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading gazetteer {}", path.display()))?;
            sha.update(name.as_bytes());
            sha.update(text.as_bytes());
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                g.add(line, i);
            }
        }
        g.fingerprint = vigil_core::hex(&sha.finalize()[..16]);
        Ok(g)
    }

    /// Builds a gazetteer from in-memory lists (tests and tiny training runs).
    pub fn from_lists(lists: &[(&str, &[&str])]) -> Gazetteer {
        let mut g = Gazetteer::default();
        let mut sha = Sha256::new();
        for (name, entries) in lists {
            if let Some(i) = LISTS.iter().position(|l| l == name) {
                for e in *entries {
                    sha.update(e.as_bytes());
                    g.add(e, i);
                }
            }
        }
        g.fingerprint = vigil_core::hex(&sha.finalize()[..16]);
        g
    }

    fn add(&mut self, entry: &str, list: usize) {
        let toks: Vec<&str> = entry.split_whitespace().collect();
        if toks.is_empty() || toks.len() > MAX_LEN {
            return;
        }
        let bit = 1u8 << list;
        let mut h = SEED;
        for (k, t) in toks.iter().enumerate() {
            let th = lower_hash(t);
            *self.words.entry(th).or_default() |= bit;
            h = combine(h, th);
            if k + 1 < toks.len() {
                *self.prefixes.entry(h).or_default() |= bit;
            }
        }
        *self.phrases.entry(h).or_default() |= bit;
        if list == 2 && toks.len() >= 2 {
            self.first_names.insert(lower_hash(toks[0]));
            if let Some(last) = toks.last() {
                self.last_names.insert(lower_hash(last));
            }
        }
    }

    /// The lists' fingerprint.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Marks list matches over a sentence.
    pub(crate) fn mark(&self, toks: &[TokInfo], out: &mut Vec<GazTok>) {
        out.clear();
        out.resize(toks.len(), GazTok::default());
        for (i, t) in toks.iter().enumerate() {
            if self.first_names.contains(&t.lower) {
                out[i].names |= 1;
            }
            if self.last_names.contains(&t.lower) {
                out[i].names |= 2;
            }
            out[i].words = self.words.get(&t.lower).copied().unwrap_or(0);
        }
        for l in 0..LISTS.len() {
            let bit = 1u8 << l;
            let mut i = 0;
            while i < toks.len() {
                if !toks[i].has(flag::INIT_CAP) {
                    i += 1;
                    continue;
                }
                let mut h = SEED;
                let mut best = 0;
                for (k, t) in toks[i..toks.len().min(i + MAX_LEN)].iter().enumerate() {
                    h = combine(h, t.lower);
                    if self.phrases.get(&h).is_some_and(|b| b & bit != 0) {
                        best = k + 1;
                    }
                    let longer = matches!(self.prefixes.get(&h), Some(b) if b & bit != 0);
                    if !longer {
                        break;
                    }
                }
                if best == 0 {
                    i += 1;
                    continue;
                }
                out[i].bits |= 1 << (2 * l);
                for o in &mut out[i + 1..i + best] {
                    o.bits |= 1 << (2 * l + 1);
                }
                i += best;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_match_per_list() {
        let g = Gazetteer::from_lists(&[
            ("loc", &["new york", "york", "new york city"]),
            ("per", &["john smith"]),
        ]);
        let mut buf = String::new();
        let toks: Vec<TokInfo> = ["In", "New", "York", "City", "John", "Smith", "new", "york"]
            .iter()
            .map(|w| TokInfo::new(w, &mut buf))
            .collect();
        let mut out = Vec::new();
        g.mark(&toks, &mut out);
        let loc: Vec<u8> = out.iter().map(|g| g.bits & 3).collect();
        assert_eq!(loc, vec![0, 1, 2, 2, 0, 0, 0, 0]);
        assert_eq!(out[4].bits >> 4 & 3, 1);
        assert_eq!(out[5].bits >> 4 & 3, 2);
        assert_eq!(out[4].names, 1);
        assert_eq!(out[5].names, 2);
    }
}
