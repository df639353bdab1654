//! The coder's own word lists (reporting verbs, adverbs, modifiers, modality cues …), read from
//! `data/dictionaries/vigil/lists/*.txt` once at load time.
//!
//! Each file is one entry per line, `#` starting a comment; the file's header says what the
//! words do and in which case they are written. Keeping them as data means a change of the
//! coder's vocabulary is a data change (it changes the extraction fingerprint) and never a code
//! change.

use crate::dict::VerbDict;
use anyhow::{Context, Result};
use std::collections::HashSet;
use std::path::Path;

/// A set of words read from one list file.
#[derive(Debug, Default, Clone)]
pub struct WordSet(HashSet<String>);

impl WordSet {
    /// Parses a list: one entry per line, `#` comments, surrounding blanks trimmed.
    pub fn parse(text: &str) -> WordSet {
        WordSet(
            text.lines()
                .map(|l| l.split_once('#').map_or(l, |(a, _)| a).trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        )
    }

    /// True when `w` is in the list (exact, case-sensitive: lists say their case).
    pub fn has(&self, w: &str) -> bool {
        self.0.contains(w)
    }

    /// Adds `words`.
    pub fn extend(&mut self, words: impl IntoIterator<Item = String>) {
        self.0.extend(words);
    }

    /// Iterates over the entries (unordered).
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

macro_rules! lexicon {
    ($($field:ident: $file:literal,)*) => {
        /// Every word list the coder uses, by role.
        #[derive(Debug, Default, Clone)]
        pub struct Lexicon {
            $(
                #[doc = concat!("Words of `", $file, ".txt`.")]
                pub $field: WordSet,
            )*
        }

        impl Lexicon {
            /// Reads every list from `dir` (`data/dictionaries/vigil/lists`).
            pub fn load(dir: &Path) -> Result<Lexicon> {
                Ok(Lexicon {
                    $($field: read(dir, $file)?,)*
                })
            }
        }
    };
}

lexicon! {
    reporting_verbs: "reporting-verbs",
    denial_verbs: "denial-verbs",
    non_event_verbs: "non-event-verbs",
    gate_one_sided_roots: "gate-one-sided-roots",
    gate_unknown_side_roots: "gate-unknown-side-roots",
    gate_agentless_roots: "gate-agentless-roots",
    statement_nouns: "statement-nouns",
    be_auxiliaries: "be-auxiliaries",
    adverbs: "adverbs",
    modal_words: "modal-words",
    nominal_words: "nominal-words",
    clause_openers: "clause-openers",
    determiners: "determiners",
    actor_modifiers: "actor-modifiers",
    pronouns: "pronouns",
    not_names: "not-names",
    person_nouns: "person-nouns",
    locative_prepositions: "locative-prepositions",
    prepositions: "prepositions",
    negation: "modality-negation",
    denial_words: "modality-denial-words",
    speculative_auxiliaries: "modality-speculative-auxiliaries",
    speculative_words: "modality-speculative-words",
    hypothetical_auxiliaries: "modality-hypothetical-auxiliaries",
    hypothetical_words: "modality-hypothetical-words",
    future_auxiliaries: "modality-future-auxiliaries",
    future_before_to: "modality-future-before-to",
    title_modifiers: "title-modifiers",
    passive_copulas: "passive-copulas",
    expletive_it_words: "expletive-it-words",
    np_target_prepositions: "np-target-prepositions",
    event_name_heads: "event-name-heads",
}

fn read(dir: &Path, name: &str) -> Result<WordSet> {
    let path = dir.join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading coder word list {}", path.display()))?;
    Ok(WordSet::parse(&text))
}

impl Lexicon {
    /// The lists of the project's data directory (`data_dir/dictionaries/vigil/lists`).
    pub fn load_from_data(data_dir: &Path) -> Result<Lexicon> {
        Lexicon::load(&data_dir.join("dictionaries").join("vigil").join("lists"))
    }

    /// Adds the verb dictionary's statement and denial verbs to `reporting_verbs` and
    /// `denial_verbs` (whose files then hold only the verbs the dictionary lacks): the
    /// single-word lemmas of the forms in blocks coded CAMEO 010 (make a public statement:
    /// "SAY", "ANNOUNCE") and 016 (deny responsibility: "REFUTE"), unless a form's own code
    /// says something else.
    pub fn add_verb_classes(&mut self, verbs: &VerbDict) {
        let class = |root: &str| -> Vec<String> {
            verbs
                .forms
                .iter()
                .filter(|f| !f.lemma.contains('_'))
                .filter(|f| {
                    let block = &verbs.blocks[f.block as usize].code;
                    let own_ok = f.code.as_ref().is_none_or(|c| c.is_null() || c == block);
                    block.active.as_deref() == Some(root) && block.passive.is_none() && own_ok
                })
                .map(|f| f.lemma.to_uppercase())
                .collect()
        };
        self.reporting_verbs.extend(class("010"));
        self.denial_verbs.extend(class("016"));
    }

    /// True when `w` (lower case) is a preposition recorded before an actor phrase.
    pub fn is_prep(&self, w: &str) -> bool {
        self.locative_prepositions.has(w) || self.prepositions.has(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_parse_with_comments() {
        let w = WordSet::parse("# header\nsay\n  tell # inline\n\n\"\n");
        assert!(w.has("say") && w.has("tell") && w.has("\""));
        assert!(!w.has("# header") && !w.has(""));
    }

    #[test]
    fn project_lists_load() {
        let lex = Lexicon::load_from_data(&vigil_core::paths::data_dir()).unwrap();
        assert!(lex.reporting_verbs.has("CLAIM"));
        assert!(lex.non_event_verbs.has("EXPECT"));
        assert!(lex.locative_prepositions.has("in"));
    }

    #[test]
    fn statement_and_denial_verbs_come_from_the_verb_dictionary() {
        let data = vigil_core::paths::data_dir();
        let dict = crate::Dictionaries::load(&data.join("dictionaries"), &[]).unwrap();
        let mut lex = Lexicon::load_from_data(&data).unwrap();
        assert!(
            !lex.reporting_verbs.has("SAY"),
            "SAY is the dictionary's, not the list's"
        );
        lex.add_verb_classes(&dict.verbs);
        for v in ["SAY", "TELL", "ANNOUNCE", "REPORT", "CLAIM"] {
            assert!(lex.reporting_verbs.has(v), "{v}");
        }
        assert!(lex.denial_verbs.has("REFUTE") && lex.denial_verbs.has("DENY"));
        // a form with its own, non-statement code in a statement block is not a reporting verb
        assert!(!lex.reporting_verbs.has("COMMUNICATE"));
    }
}
