//! Modality cues: how the text commits to an event (asserted, negated, speculative,
//! hypothetical, future, question). Reported speech is found by the extractor, which knows the
//! reporting verbs and their speakers.
//!
//! Cues are looked for in the auxiliary window between the subject and the verb ("did not",
//! "will", "would", "may"), in the sentence before the verb ("It is unlikely that ...", "if",
//! "X denied that ..."), and at the end of the sentence ("?"). The strongest cue wins, in the
//! order question > negated > speculative > hypothetical > future.

use crate::resolve::Sent;
use vigil_core::Modality;

const NEG: &[&str] = &["not", "n't", "never", "no", "neither", "nor", "cannot"];
const DENY: &[&str] = &[
    "deny", "denies", "denied", "denying", "refute", "refuted", "refutes", "refuting",
];
const SPEC_AUX: &[&str] = &["may", "might", "could", "can"];
const SPEC_ANY: &[&str] = &[
    "likely", "unlikely", "possibly", "possible", "probably", "perhaps", "maybe", "allegedly",
    "apparently", "speculate", "speculated", "speculation", "speculating", "rumor", "rumors",
    "rumour", "rumours", "rumored", "rumoured", "conceivably", "presumably", "supposedly",
];
const HYPO_AUX: &[&str] = &["would", "should"];
const HYPO_ANY: &[&str] = &["if", "unless", "whether"];
const FUT_AUX: &[&str] = &["will", "shall", "'ll", "wo"];
const FUT_BEFORE_TO: &[&str] = &[
    "plan", "plans", "planned", "planning", "intend", "intends", "intended", "expected", "set",
    "going", "scheduled", "aims", "aim", "aiming", "due", "poised", "about", "willing", "ready",
    "committed", "determined", "eager", "keen",
];

/// A modality decision and the words that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModalityCue {
    /// The modality.
    pub modality: Modality,
    /// Cue words found (for `explain`).
    pub cues: Vec<String>,
}

fn rank(m: Modality) -> u8 {
    match m {
        Modality::Question => 7,
        Modality::Negated => 6,
        Modality::Speculative => 5,
        Modality::Hypothetical => 4,
        Modality::Future => 3,
        Modality::Reported => 2,
        Modality::Asserted => 1,
    }
}

/// Decides the modality of a predicate at tokens `v..v_end` whose auxiliary window starts at
/// `aux_lo`; `lo` is where the clause (or the reported complement) begins.
pub fn modality(s: &Sent, lo: usize, aux_lo: usize, v: usize, v_end: usize) -> ModalityCue {
    let mut best = Modality::Asserted;
    let mut cues = Vec::new();
    let mut set = |m: Modality, cue: String, cues: &mut Vec<String>| {
        cues.push(format!("{}:{cue}", m.as_str()));
        if rank(m) > rank(best) {
            best = m;
        }
    };
    let last = s
        .low
        .iter()
        .rev()
        .find(|t| !matches!(t.as_str(), "\"" | "'" | "”" | "’" | ")"));
    if last.is_some_and(|t| t == "?") {
        set(Modality::Question, "?".into(), &mut cues);
    }
    let aux_lo = aux_lo.min(v);
    for k in aux_lo..v {
        let w = s.low[k].as_str();
        if NEG.contains(&w) {
            set(Modality::Negated, w.into(), &mut cues);
        } else if SPEC_AUX.contains(&w) {
            set(Modality::Speculative, w.into(), &mut cues);
        } else if HYPO_AUX.contains(&w) {
            set(Modality::Hypothetical, w.into(), &mut cues);
        } else if FUT_AUX.contains(&w) {
            set(Modality::Future, w.into(), &mut cues);
        } else if w == "to" && k > 0 && FUT_BEFORE_TO.contains(&s.low[k - 1].as_str()) {
            set(Modality::Future, format!("{} to", s.low[k - 1]), &mut cues);
        } else if w == "to" && k > 0 && matches!(s.low[k - 1].as_str(), "is" | "are" | "was" | "were") {
            set(Modality::Future, format!("{} to", s.low[k - 1]), &mut cues);
        }
    }
    // right after the verb: "will likely", "attacked possibly"
    for k in v_end..(v_end + 1).min(s.len()) {
        let w = s.low[k].as_str();
        if SPEC_ANY.contains(&w) {
            set(Modality::Speculative, w.into(), &mut cues);
        }
    }
    let lo = lo.min(v);
    for k in lo..v {
        let w = s.low[k].as_str();
        if SPEC_ANY.contains(&w) {
            set(Modality::Speculative, w.into(), &mut cues);
        } else if HYPO_ANY.contains(&w) {
            set(Modality::Hypothetical, w.into(), &mut cues);
        } else if DENY.contains(&w) {
            set(Modality::Negated, w.into(), &mut cues);
        } else if w == "only" && k + 1 < s.len() && s.low[k + 1] == "speculate" {
            set(Modality::Speculative, "only speculate".into(), &mut cues);
        }
    }
    ModalityCue {
        modality: best,
        cues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, verb: &str) -> Modality {
        let w = crate::text::words(text);
        let s = Sent::new(w);
        let v = s.low.iter().position(|t| t == verb).unwrap();
        modality(&s, 0, 0, v, v + 1).modality
    }

    #[test]
    fn cues() {
        assert_eq!(m("Russia attacked Ukraine.", "attacked"), Modality::Asserted);
        assert_eq!(m("Russia did not attack Ukraine.", "attack"), Modality::Negated);
        assert_eq!(m("Russia may attack Ukraine.", "attack"), Modality::Speculative);
        assert_eq!(
            m("It is unlikely that Russia would attack Ukraine.", "attack"),
            Modality::Speculative
        );
        assert_eq!(m("Russia would attack Ukraine.", "attack"), Modality::Hypothetical);
        assert_eq!(m("If provoked, Russia attacks Ukraine.", "attacks"), Modality::Hypothetical);
        assert_eq!(m("Russia will attack Ukraine.", "attack"), Modality::Future);
        assert_eq!(m("Russia plans to visit Ukraine.", "visit"), Modality::Future);
        assert_eq!(m("Will Russia attack Ukraine?", "attack"), Modality::Question);
        assert_eq!(m("Moscow denied that Russia attacked Ukraine.", "attacked"), Modality::Negated);
    }
}
