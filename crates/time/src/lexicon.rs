//! The word lists of `data/time/lexicon.tsv`, compiled into lookup tables.
//!
//! The file is embedded at compile time so that [`crate::tag`] needs no data directory, yet the
//! knowledge stays in an editable text file.

use std::collections::{HashMap, HashSet};

/// The lexicon source, embedded from the repository's data directory.
pub const LEXICON_TSV: &str = include_str!("../../../data/time/lexicon.tsv");

/// Compiled lexicon: category → phrase → value. Phrases are space-joined lower-case tokens.
///
/// Hash maps, not B-trees: the tables are only probed (never iterated), and the rules probe
/// them at every token of every article, so lookup cost is the stage's cost.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    cats: HashMap<String, HashMap<String, String>>,
    /// Longest phrase length in tokens, per category.
    max_len: HashMap<String, usize>,
    /// First tokens of the multi-token phrases, per category: lets a probe at a token that
    /// starts no phrase return without building candidate strings.
    firsts: HashMap<String, HashSet<String>>,
}

impl Lexicon {
    /// Parses the TSV format (`category<TAB>phrase[<TAB>value]`, `#` comments).
    pub fn parse(src: &str) -> anyhow::Result<Lexicon> {
        let mut lex = Lexicon::default();
        for (n, line) in src.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.split('\t');
            let (Some(cat), Some(phrase)) = (parts.next(), parts.next()) else {
                anyhow::bail!("lexicon line {}: expected category<TAB>phrase", n + 1);
            };
            let value = parts.next().unwrap_or("").to_string();
            let phrase = phrase.trim().to_lowercase();
            let len = phrase.split(' ').count();
            let m = lex.max_len.entry(cat.to_string()).or_insert(0);
            *m = (*m).max(len);
            if let Some(first) = phrase.split(' ').next() {
                lex.firsts
                    .entry(cat.to_string())
                    .or_default()
                    .insert(first.to_string());
            }
            lex.cats
                .entry(cat.to_string())
                .or_default()
                .insert(phrase, value);
        }
        Ok(lex)
    }

    /// The embedded lexicon.
    pub fn embedded() -> Lexicon {
        // The embedded file is part of the build and covered by tests, so failure here is a
        // programming error, not an input error.
        Lexicon::parse(LEXICON_TSV).expect("embedded data/time/lexicon.tsv is well-formed")
    }

    /// Value of a single-token or multi-token phrase in a category.
    pub fn get(&self, cat: &str, phrase: &str) -> Option<&str> {
        self.cats.get(cat)?.get(phrase).map(String::as_str)
    }

    /// True when some phrase of the category starts with this (lower-case) token.
    pub fn starts(&self, cat: &str, first: &str) -> bool {
        self.firsts.get(cat).is_some_and(|f| f.contains(first))
    }

    /// True when the phrase is listed in the category.
    pub fn has(&self, cat: &str, phrase: &str) -> bool {
        self.get(cat, phrase).is_some()
    }

    /// Longest phrase (in tokens) of a category.
    pub fn max_len(&self, cat: &str) -> usize {
        self.max_len.get(cat).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_parses() {
        let l = Lexicon::embedded();
        assert_eq!(l.get("month", "sept"), Some("9"));
        assert_eq!(l.get("ref", "the future"), Some("FUTURE_REF"));
        assert!(l.max_len("approx") >= 3);
    }
}
