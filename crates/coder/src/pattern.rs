//! Matching one verb pattern against a sentence around a verb, TABARI style: pattern words
//! must occur in order (gaps allowed up to a limit), `+`/`$` bind the next actor mention.

use crate::dict::{verbs::Alt, Elem, Pattern};
use crate::resolve::{Mention, Sent};

/// Largest gap (in tokens) between consecutive pattern elements.
pub const GAP: usize = 6;

/// A successful match.
#[derive(Debug, Clone, PartialEq)]
pub struct PatMatch {
    /// Matched words (×2) plus bound actors: the most specific pattern wins.
    pub score: usize,
    /// Mention bound by `+`/`%`.
    pub target: Option<usize>,
    /// Mention bound by `$`.
    pub source: Option<usize>,
    /// Token where the first post-verb word element matched.
    pub first_word: Option<usize>,
}

/// Token equals pattern word, allowing a regular plural of the word.
pub fn word_eq(tok: &str, w: &str) -> bool {
    if tok == w {
        return true;
    }
    if let Some(stem) = tok.strip_suffix('S') {
        if stem == w {
            return true;
        }
        if let Some(s2) = stem.strip_suffix('E') {
            if s2 == w {
                return true;
            }
        }
        if let Some(s3) = tok.strip_suffix("IES") {
            if w.len() == s3.len() + 1 && w.ends_with('Y') && w.starts_with(s3) {
                return true;
            }
        }
    }
    false
}

/// Length of the first alternative of `alt` matching at `i`, if any.
fn alt_at(s: &Sent, alt: &Alt, i: usize, hi: usize) -> Option<usize> {
    alt.iter().find_map(|words| {
        let end = i + words.len();
        (end <= hi
            && words
                .iter()
                .enumerate()
                .all(|(k, w)| word_eq(&s.up[i + k], w)))
        .then_some(words.len())
    })
}

fn slots_at(s: &Sent, slots: &[Alt], i: usize, hi: usize) -> Option<usize> {
    let mut p = i;
    for a in slots {
        p += alt_at(s, a, p, hi)?;
    }
    Some(p - i)
}

fn slot_text(slots: &[Alt]) -> String {
    slots
        .iter()
        .map(|a| a.first().map(|w| w.join("_")).unwrap_or_default())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Matches `p` for a verb at `vs..ve` inside the window `lo..hi`; `Err` says which element
/// failed.
pub fn match_pattern(
    p: &Pattern,
    s: &Sent,
    vs: usize,
    ve: usize,
    lo: usize,
    hi: usize,
    mentions: &[Mention],
) -> Result<PatMatch, String> {
    let mut m = PatMatch {
        score: 0,
        target: None,
        source: None,
        first_word: None,
    };
    let coded = |mi: usize| mentions[mi].coded();
    // after the verb (TABARI semantics: later words may intervene, up to GAP)
    let reach = |pos: usize| (pos + GAP + 1).min(hi);
    let mut pos = ve;
    for e in &p.post {
        match e {
            Elem::Words(slots) => {
                let lim = reach(pos);
                let found = (pos..lim).find_map(|q| slots_at(s, slots, q, hi).map(|l| (q, l)));
                match found {
                    Some((q, l)) => {
                        pos = q + l;
                        m.score += 2 * l;
                        m.first_word.get_or_insert(q);
                    }
                    None => return Err(format!("no {:?} after the verb", slot_text(slots))),
                }
            }
            Elem::Target | Elem::Compound | Elem::Source => {
                let lim = reach(pos);
                let found = mentions
                    .iter()
                    .enumerate()
                    .find(|(mi, mm)| mm.start >= pos && mm.start < lim && coded(*mi));
                match found {
                    Some((mi, mm)) => {
                        pos = mm.end;
                        m.score += 1;
                        if matches!(e, Elem::Source) {
                            m.source = Some(mi);
                        } else {
                            m.target = Some(mi);
                        }
                    }
                    None => return Err("no actor after the verb for +/$".into()),
                }
            }
            Elem::Skip => {}
        }
    }
    // before the verb, right to left
    let mut pos = vs;
    for e in p.pre.iter().rev() {
        match e {
            Elem::Words(slots) => {
                let low = pos.saturating_sub(GAP + 1).max(lo);
                let found = (low..pos)
                    .rev()
                    .find_map(|q| slots_at(s, slots, q, pos).map(|l| (q, l)));
                match found {
                    Some((q, l)) => {
                        pos = q;
                        m.score += 2 * l;
                    }
                    None => return Err(format!("no {:?} before the verb", slot_text(slots))),
                }
            }
            Elem::Target | Elem::Compound | Elem::Source => {
                let low = pos.saturating_sub(GAP + 1).max(lo);
                let found = mentions
                    .iter()
                    .enumerate()
                    .rev()
                    .find(|(mi, mm)| mm.end <= pos && mm.end >= low && coded(*mi));
                match found {
                    Some((mi, mm)) => {
                        pos = mm.start;
                        m.score += 1;
                        if matches!(e, Elem::Target | Elem::Compound) {
                            m.target = Some(mi);
                        } else {
                            m.source = Some(mi);
                        }
                    }
                    None => return Err("no actor before the verb for +/$".into()),
                }
            }
            Elem::Skip => {}
        }
    }
    if m.score == 0 {
        return Err("empty pattern".into());
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_tolerance() {
        assert!(word_eq("TALKS", "TALK"));
        assert!(word_eq("POLICIES", "POLICY"));
        assert!(word_eq("BOXES", "BOX"));
        assert!(!word_eq("TALKED", "TALK"));
    }
}
