//! Modality cues: how the text commits to an event (asserted, negated, speculative,
//! hypothetical, future, question). Reported speech is found by the extractor, which knows the
//! reporting verbs and their speakers.
//!
//! Cues are looked for in the auxiliary window between the subject and the verb ("did not",
//! "will", "would", "may"), in the sentence before the verb ("It is unlikely that ...", "if",
//! "X denied that ..."), and at the end of the sentence ("?"). The strongest cue wins, in the
//! order question > negated > hedged ("unlikely") > conditional ("if") > modal ("may") >
//! "would" > future.

use crate::lexicon::Lexicon;
use crate::resolve::Sent;
use std::fmt;
use vigil_core::Modality;

/// The kind of a modality cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// A final "?".
    Question,
    /// A negation or denial ("not", "denied").
    Negated,
    /// A hedge or speculative modal ("may", "unlikely").
    Speculative,
    /// A condition or "would"/"should".
    Hypothetical,
    /// A future auxiliary or "plans to".
    Future,
}

/// One cue word and what it signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModalityCue {
    /// What the cue signals.
    pub kind: CueKind,
    /// The cue's words, lower case ("not", "plans to").
    pub word: String,
}

impl ModalityCue {
    fn new(kind: CueKind, word: impl Into<String>) -> ModalityCue {
        ModalityCue {
            kind,
            word: word.into(),
        }
    }

    /// A negation by a particle ("not", "never", "cannot"), not by a denial verb.
    pub fn is_negation_particle(&self) -> bool {
        self.kind == CueKind::Negated && is_negation_particle(&self.word)
    }

    /// A future auxiliary or "would".
    pub fn is_future_or_would(&self) -> bool {
        self.kind == CueKind::Future || (self.kind == CueKind::Hypothetical && self.word == "would")
    }
}

/// "not", "n't", "never", "cannot": the particles that make a future act a refusal.
pub fn is_negation_particle(word: &str) -> bool {
    matches!(word, "not" | "n't" | "never" | "cannot")
}

impl fmt::Display for ModalityCue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            CueKind::Question => "question",
            CueKind::Negated => "negated",
            CueKind::Speculative => "speculative",
            CueKind::Hypothetical => "hypothetical",
            CueKind::Future => "future",
        };
        write!(f, "{kind}:{}", self.word)
    }
}

/// A modality decision and the cues that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModalityDecision {
    /// The modality.
    pub modality: Modality,
    /// Cues found.
    pub cues: Vec<ModalityCue>,
}

/// Decides the modality of a predicate at tokens `v..v_end` whose auxiliary window starts at
/// `aux_lo`. Denials and hedges are looked for from `clause_lo` (the whole clause: "Iran denied
/// that it ..."); conditions from `lo` (where the reported complement begins).
pub fn modality(
    lex: &Lexicon,
    s: &Sent,
    clause_lo: usize,
    lo: usize,
    aux_lo: usize,
    v: usize,
    v_end: usize,
) -> ModalityDecision {
    let last = s
        .low
        .iter()
        .rev()
        .find(|t| !matches!(t.as_str(), "\"" | "'" | "”" | "’" | ")"));
    let question = last
        .is_some_and(|t| t == "?")
        .then(|| ModalityCue::new(CueKind::Question, "?"));
    let aux = aux_cues(lex, s, aux_lo.min(v), v);
    let lexical = lexical_cues(lex, s, (clause_lo, lo), v, v_end);
    let has = |cues: &[ModalityCue], k: CueKind| cues.iter().any(|c| c.kind == k);
    // Lexical hedges ("unlikely that X would") outrank conditionals, and an explicit "if"
    // outranks a modal verb ("if talks fail, Iran could attack").
    let modality = if question.is_some() {
        Modality::Question
    } else if has(&aux, CueKind::Negated) || has(&lexical, CueKind::Negated) {
        Modality::Negated
    } else if has(&lexical, CueKind::Speculative) {
        Modality::Speculative
    } else if has(&lexical, CueKind::Hypothetical) {
        Modality::Hypothetical
    } else if has(&aux, CueKind::Speculative) {
        Modality::Speculative
    } else if has(&aux, CueKind::Hypothetical) {
        Modality::Hypothetical
    } else if has(&aux, CueKind::Future) {
        Modality::Future
    } else {
        Modality::Asserted
    };
    let cues = question.into_iter().chain(aux).chain(lexical).collect();
    ModalityDecision { modality, cues }
}

/// Cues in the auxiliary window `from..v`: negation, modal, "would", future auxiliaries and
/// "plans to"/"is to".
fn aux_cues(lex: &Lexicon, s: &Sent, from: usize, v: usize) -> Vec<ModalityCue> {
    let mut cues = Vec::new();
    for k in from..v {
        let w = s.low[k].as_str();
        let kind = if lex.negation.has(w) {
            CueKind::Negated
        } else if lex.speculative_auxiliaries.has(w) {
            CueKind::Speculative
        } else if lex.hypothetical_auxiliaries.has(w) {
            CueKind::Hypothetical
        } else if lex.future_auxiliaries.has(w) {
            CueKind::Future
        } else if w == "to"
            && k > 0
            && (lex.future_before_to.has(&s.low[k - 1])
                || matches!(s.low[k - 1].as_str(), "is" | "are" | "was" | "were"))
        {
            cues.push(ModalityCue::new(
                CueKind::Future,
                format!("{} to", s.low[k - 1]),
            ));
            continue;
        } else {
            continue;
        };
        cues.push(ModalityCue::new(kind, w));
    }
    cues
}

/// Lexical cues: a hedge right after the verb ("attacked possibly"), then hedges and denials
/// from `clause_lo` and conditions from `lo` up to the verb.
fn lexical_cues(
    lex: &Lexicon,
    s: &Sent,
    (clause_lo, lo): (usize, usize),
    v: usize,
    v_end: usize,
) -> Vec<ModalityCue> {
    let mut cues = Vec::new();
    if let Some(w) = s.low.get(v_end) {
        if lex.speculative_words.has(w) {
            cues.push(ModalityCue::new(CueKind::Speculative, w.as_str()));
        }
    }
    for k in clause_lo.min(v)..v {
        let w = s.low[k].as_str();
        if lex.speculative_words.has(w) {
            cues.push(ModalityCue::new(CueKind::Speculative, w));
        } else if lex.denial_words.has(w) {
            cues.push(ModalityCue::new(CueKind::Negated, w));
        } else if w == "only" && s.low.get(k + 1).is_some_and(|x| x == "speculate") {
            cues.push(ModalityCue::new(CueKind::Speculative, "only speculate"));
        } else if lex.hypothetical_words.has(w) && k >= lo.min(v) {
            cues.push(ModalityCue::new(CueKind::Hypothetical, w));
        }
    }
    cues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, verb: &str) -> Modality {
        let w = crate::text::words(text);
        let s = Sent::new(w.iter().map(String::as_str).collect());
        let v = s.low.iter().position(|t| t == verb).unwrap();
        let lex = Lexicon::load_from_data(&vigil_core::paths::data_dir()).unwrap();
        modality(&lex, &s, 0, 0, 0, v, v + 1).modality
    }

    #[test]
    fn cues() {
        assert_eq!(
            m("Russia attacked Ukraine.", "attacked"),
            Modality::Asserted
        );
        assert_eq!(
            m("Russia did not attack Ukraine.", "attack"),
            Modality::Negated
        );
        assert_eq!(
            m("Russia may attack Ukraine.", "attack"),
            Modality::Speculative
        );
        assert_eq!(
            m("It is unlikely that Russia would attack Ukraine.", "attack"),
            Modality::Speculative
        );
        assert_eq!(
            m("Russia would attack Ukraine.", "attack"),
            Modality::Hypothetical
        );
        assert_eq!(
            m("If provoked, Russia attacks Ukraine.", "attacks"),
            Modality::Hypothetical
        );
        assert_eq!(
            m("If talks fail, Iran could attack Israel.", "attack"),
            Modality::Hypothetical
        );
        assert_eq!(
            m("We can only speculate whether Iran attacked.", "attacked"),
            Modality::Speculative
        );
        assert_eq!(m("Russia will attack Ukraine.", "attack"), Modality::Future);
        assert_eq!(
            m("Russia plans to visit Ukraine.", "visit"),
            Modality::Future
        );
        assert_eq!(
            m("Will Russia attack Ukraine?", "attack"),
            Modality::Question
        );
        assert_eq!(
            m("Moscow denied that Russia attacked Ukraine.", "attacked"),
            Modality::Negated
        );
    }
}
