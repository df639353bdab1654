//! Modality cues: how the text commits to an event (asserted, negated, speculative,
//! hypothetical, future, question). Reported speech is found by the extractor, which knows the
//! reporting verbs and their speakers.
//!
//! Cues are looked for in the auxiliary window between the subject and the verb ("did not",
//! "will", "would", "may"), in the sentence before the verb ("It is unlikely that ...", "if",
//! "X denied that ..."), and at the end of the sentence ("?"). The strongest cue wins, in the
//! order question > negated > hedged ("unlikely") > conditional ("if") > modal ("may") >
//! "would" > future.

use crate::resolve::Sent;
use vigil_core::Modality;

const NEG: &[&str] = &["not", "n't", "never", "no", "neither", "nor", "cannot"];
const DENY: &[&str] = &[
    "deny", "denies", "denied", "denying", "refute", "refuted", "refutes", "refuting",
];
const SPEC_AUX: &[&str] = &["may", "might", "could", "can"];
const SPEC_ANY: &[&str] = &[
    "likely",
    "unlikely",
    "possibly",
    "possible",
    "probably",
    "perhaps",
    "maybe",
    "allegedly",
    "apparently",
    "speculate",
    "speculated",
    "speculation",
    "speculating",
    "rumor",
    "rumors",
    "rumour",
    "rumours",
    "rumored",
    "rumoured",
    "conceivably",
    "presumably",
    "supposedly",
];
const HYPO_AUX: &[&str] = &["would", "should"];
const HYPO_ANY: &[&str] = &["if", "unless", "whether"];
const FUT_AUX: &[&str] = &["will", "shall", "'ll", "wo"];
const FUT_BEFORE_TO: &[&str] = &[
    "plan",
    "plans",
    "planned",
    "planning",
    "intend",
    "intends",
    "intended",
    "expected",
    "set",
    "going",
    "scheduled",
    "aims",
    "aim",
    "aiming",
    "due",
    "poised",
    "about",
    "willing",
    "ready",
    "committed",
    "determined",
    "eager",
    "keen",
];

/// A modality decision and the words that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModalityCue {
    /// The modality.
    pub modality: Modality,
    /// Cue words found (for `explain`).
    pub cues: Vec<String>,
}

/// Decides the modality of a predicate at tokens `v..v_end` whose auxiliary window starts at
/// `aux_lo`. Denials and hedges are looked for from `clause_lo` (the whole clause: "Iran denied
/// that it ..."); conditions from `lo` (where the reported complement begins).
pub fn modality(
    s: &Sent,
    clause_lo: usize,
    lo: usize,
    aux_lo: usize,
    v: usize,
    v_end: usize,
) -> ModalityCue {
    let mut cues = Vec::new();
    let (mut question, mut negated, mut spec_lex, mut spec_aux) = (false, false, false, false);
    let (mut cond, mut would, mut future) = (false, false, false);
    let last = s
        .low
        .iter()
        .rev()
        .find(|t| !matches!(t.as_str(), "\"" | "'" | "”" | "’" | ")"));
    if last.is_some_and(|t| t == "?") {
        question = true;
        cues.push("question:?".to_string());
    }
    let aux_lo = aux_lo.min(v);
    for k in aux_lo..v {
        let w = s.low[k].as_str();
        if NEG.contains(&w) {
            negated = true;
            cues.push(format!("negated:{w}"));
        } else if SPEC_AUX.contains(&w) {
            spec_aux = true;
            cues.push(format!("speculative:{w}"));
        } else if HYPO_AUX.contains(&w) {
            would = true;
            cues.push(format!("hypothetical:{w}"));
        } else if FUT_AUX.contains(&w) {
            future = true;
            cues.push(format!("future:{w}"));
        } else if w == "to"
            && k > 0
            && (FUT_BEFORE_TO.contains(&s.low[k - 1].as_str())
                || matches!(s.low[k - 1].as_str(), "is" | "are" | "was" | "were"))
        {
            future = true;
            cues.push(format!("future:{} to", s.low[k - 1]));
        }
    }
    // right after the verb: "attacked possibly"
    if let Some(w) = s.low.get(v_end) {
        if SPEC_ANY.contains(&w.as_str()) {
            spec_lex = true;
            cues.push(format!("speculative:{w}"));
        }
    }
    for k in clause_lo.min(v)..v {
        let w = s.low[k].as_str();
        if SPEC_ANY.contains(&w) {
            spec_lex = true;
            cues.push(format!("speculative:{w}"));
        } else if DENY.contains(&w) {
            negated = true;
            cues.push(format!("negated:{w}"));
        } else if w == "only" && s.low.get(k + 1).is_some_and(|x| x == "speculate") {
            spec_lex = true;
            cues.push("speculative:only speculate".into());
        } else if HYPO_ANY.contains(&w) && k >= lo.min(v) {
            cond = true;
            cues.push(format!("hypothetical:{w}"));
        }
    }
    // Lexical hedges ("unlikely that X would") outrank conditionals, and an explicit "if"
    // outranks a modal verb ("if talks fail, Iran could attack").
    let modality = if question {
        Modality::Question
    } else if negated {
        Modality::Negated
    } else if spec_lex {
        Modality::Speculative
    } else if cond {
        Modality::Hypothetical
    } else if spec_aux {
        Modality::Speculative
    } else if would {
        Modality::Hypothetical
    } else if future {
        Modality::Future
    } else {
        Modality::Asserted
    };
    ModalityCue { modality, cues }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, verb: &str) -> Modality {
        let w = crate::text::words(text);
        let s = Sent::new(w);
        let v = s.low.iter().position(|t| t == verb).unwrap();
        modality(&s, 0, 0, 0, v, v + 1).modality
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
