//! The PETRARCH/TABARI dictionaries, read in their own formats and compiled into hash-keyed
//! phrase indexes at load time.

pub mod actors;
pub mod agents;
pub mod lists;
pub mod verbs;

use anyhow::{Context, Result};
use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash (the rustc hasher): dictionary keys are short upper-case words, hashed for every
/// token of every sentence, where SipHash's DoS resistance buys nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        for chunk in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// HashMap with [`FxHasher`].
pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// HashSet with [`FxHasher`].
pub type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;
use std::path::{Path, PathBuf};

pub use actors::{ActorDict, ActorEntry};
pub use agents::{AgentDict, AgentEntry};
pub use lists::{Discards, Issues};
pub use verbs::{Code, Elem, Pattern, VerbDict};

/// Splits text into upper-case words with the article tokenizer (`vigil_nlp::tokenize`), so a
/// dictionary phrase has exactly the words the text it should match has ("EL-SISI" → `EL`, `-`,
/// `SISI`, as in text).
pub fn split_words(text: &str) -> Vec<String> {
    let (_, tokens) = vigil_nlp::tokenize(text);
    tokens.into_iter().map(|t| t.text.to_uppercase()).collect()
}

/// Upper-cases a dictionary phrase (`_` joins words) and splits it into words the same way
/// text is split. Returns the words and whether the phrase was "stopped" (trailing `_`: no
/// plural/stem forms).
pub fn phrase_words(raw: &str) -> (Vec<String>, bool) {
    let raw = raw.trim();
    let stopped = raw.ends_with('_');
    (split_words(&raw.replace('_', " ")), stopped)
}

/// Regular English plural of an upper-case noun (the PETRARCH rule: `S`, `Y`→`IES`, `SS`→`ES`).
pub fn plural(w: &str) -> String {
    if let Some(stem) = w.strip_suffix('Y') {
        if !stem.ends_with(['A', 'E', 'O', 'U']) {
            return format!("{stem}IES");
        }
    }
    if w.ends_with("SS") || w.ends_with("SH") || w.ends_with("CH") || w.ends_with('X') {
        return format!("{w}ES");
    }
    format!("{w}S")
}

/// Phrase → value index: keyed by the first word, candidates sorted longest first, so a
/// longest match at a position costs one hash lookup and a few slice comparisons.
#[derive(Debug, Default)]
pub struct PhraseIndex {
    map: FxMap<String, Vec<Candidate>>,
}

/// The words after the first, and the value.
type Candidate = (Box<[String]>, u32);

impl PhraseIndex {
    /// Adds a phrase; the first value stored for an identical phrase wins.
    pub fn insert(&mut self, words: &[String], id: u32) {
        let Some((first, rest)) = words.split_first() else {
            return;
        };
        let v = self.map.entry(first.clone()).or_default();
        if v.iter().any(|(r, _)| r.as_ref() == rest) {
            return;
        }
        v.push((rest.to_vec().into_boxed_slice(), id));
    }

    /// Sorts candidate lists longest first; call once after all inserts.
    pub fn finish(&mut self) {
        for v in self.map.values_mut() {
            // stable: among equal lengths the earlier-loaded file wins
            v.sort_by_key(|(r, _)| std::cmp::Reverse(r.len()));
        }
    }

    /// Longest phrase starting at `words[i]`: (length in words, value).
    pub fn longest(&self, words: &[String], i: usize) -> Option<(usize, u32)> {
        let cands = self.map.get(words.get(i)?)?;
        for (rest, id) in cands {
            let end = i + 1 + rest.len();
            if end <= words.len() && words[i + 1..end] == rest[..] {
                return Some((1 + rest.len(), *id));
            }
        }
        None
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.map.values().map(Vec::len).sum()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Every dictionary the coder uses.
#[derive(Debug)]
pub struct Dictionaries {
    /// Actors (countries, organisations, people) with date-limited codes.
    pub actors: ActorDict,
    /// Agents (sector nouns).
    pub agents: AgentDict,
    /// Verb blocks and patterns.
    pub verbs: VerbDict,
    /// Sentence/story discard phrases.
    pub discards: Discards,
    /// Issue phrases.
    pub issues: Issues,
    /// Prepositions (`*prepositions*` files: one word a line), upper case.
    pub prepositions: BTreeSet<String>,
    /// Three-letter codes that are countries (from the country-level actor entries).
    pub countries: BTreeSet<String>,
    /// Files read, in load order.
    pub files: Vec<PathBuf>,
}

fn sorted_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading dictionary directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    Ok(v)
}

fn file_kind(p: &Path) -> &'static str {
    let n = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if n.contains("actors") {
        "actors"
    } else if n.contains("agents") {
        "agents"
    } else if n.contains("verbs") || n.starts_with("cameo") {
        "verbs"
    } else if n.contains("discard") {
        "discards"
    } else if n.contains("issue") {
        "issues"
    } else if n.contains("preposition") {
        "prepositions"
    } else {
        "other"
    }
}

impl Dictionaries {
    /// Loads `dict_dir/phoenix`, `dict_dir/vigil` and each extra directory. Files are assigned a
    /// role by name (`*actors*`, `*agents*`, `*verbs*`/`CAMEO*`, `*discard*`, `*issue*`). User and
    /// project files are read before the Phoenix ones so that their entries win.
    pub fn load(dict_dir: &Path, extra: &[PathBuf]) -> Result<Dictionaries> {
        let mut dirs: Vec<PathBuf> = extra.to_vec();
        let vigil = dict_dir.join("vigil");
        if vigil.is_dir() {
            dirs.push(vigil);
        }
        dirs.push(dict_dir.join("phoenix"));
        let mut files = Vec::new();
        for d in &dirs {
            files.extend(sorted_files(d)?);
        }
        Self::load_files(files)
    }

    /// Loads exactly `files` (in this order; roles by name as in [`Dictionaries::load`]).
    pub fn load_files(files: Vec<PathBuf>) -> Result<Dictionaries> {
        let mut actors = ActorDict::default();
        let mut agents = AgentDict::default();
        let mut verbs = VerbDict::default();
        let mut discards = Discards::default();
        let mut issues = Issues::default();
        let mut prepositions = BTreeSet::new();
        for f in &files {
            let text = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
            let text = String::from_utf8_lossy(&text);
            let label = f
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match file_kind(f) {
                "actors" => actors.parse(&text, &label),
                "agents" => agents.parse(&text, &label),
                "verbs" => verbs.parse(&text, &label),
                "discards" => discards.parse(&text),
                "issues" => issues.parse(&text),
                "prepositions" => prepositions.extend(
                    text.lines()
                        .map(|l| l.split('#').next().unwrap_or("").trim().to_uppercase())
                        .filter(|l| !l.is_empty()),
                ),
                _ => {}
            }
        }
        actors.finish();
        agents.finish();
        verbs.finish();
        discards.finish()?;
        issues.finish()?;
        let countries = actors.country_codes();
        Ok(Dictionaries {
            actors,
            agents,
            verbs,
            discards,
            issues,
            prepositions,
            countries,
            files,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals() {
        assert_eq!(plural("POLICY"), "POLICIES");
        assert_eq!(plural("BOY"), "BOYS");
        assert_eq!(plural("BOSS"), "BOSSES");
        assert_eq!(plural("TROOP"), "TROOPS");
    }

    #[test]
    fn phrase_words_split_like_text() {
        for (p, t) in [
            ("ABDEL_FATTAH_EL-SISI_", "Abdel Fattah el-Sisi"),
            ("PORT-AU-PRINCE", "Port-au-Prince"),
            ("MR._X", "Mr. X"),
            ("U.S._ARMY", "U.S. Army"),
            ("GUINEA-BISSAU", "Guinea-Bissau"),
            ("NON-STATE_ACTOR", "non-state actor"),
            ("DID_N'T", "didn't"),
        ] {
            assert_eq!(phrase_words(p).0, split_words(t), "{p}");
        }
        let (w, stopped) = phrase_words("RUSSIA'S_FOREIGN_INTELLIGENCE_SERVICE_(SVR)_");
        assert!(stopped);
        assert_eq!(
            w,
            [
                "RUSSIA",
                "'S",
                "FOREIGN",
                "INTELLIGENCE",
                "SERVICE",
                "(",
                "SVR",
                ")"
            ]
        );
    }
}
