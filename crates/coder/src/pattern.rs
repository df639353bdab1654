//! Matching one verb pattern against a sentence around a verb, TABARI style: pattern words
//! must occur in order (gaps allowed up to a limit, none across a `_` join), `+`/`$`/`%` bind
//! the next coded actor phrase.
//!
//! The core ([`match_words`]) sees only upper-case words and actor spans, so the production
//! coder and the PETRARCH conformance harness run the same matcher.

use crate::dict::{verbs::Alt, Elem, Pattern};
use crate::resolve::{Mention, Sent};

/// An actor phrase the pattern may bind: token span and whether it has a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Only coded phrases bind `+`, `$` and `%`.
    pub coded: bool,
}

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
    /// True when `target` was bound by `%` (a compound actor).
    pub compound: bool,
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
fn alt_at(up: &[String], alt: &Alt, i: usize, hi: usize, plurals: bool) -> Option<usize> {
    let eq = |tok: &str, w: &str| if plurals { word_eq(tok, w) } else { tok == w };
    alt.iter().find_map(|words| {
        let end = i + words.len();
        (end <= hi && words.iter().enumerate().all(|(k, w)| eq(&up[i + k], w)))
            .then_some(words.len())
    })
}

fn slots_at(s: &[String], slots: &[Alt], i: usize, hi: usize, plurals: bool) -> Option<usize> {
    let mut p = i;
    for a in slots {
        p += alt_at(s, a, p, hi, plurals)?;
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
    let spans: Vec<ActorSpan> = mentions
        .iter()
        .map(|m| ActorSpan {
            start: m.start,
            end: m.end,
            coded: m.coded(),
        })
        .collect();
    match_words(p, &s.up, (vs, ve), (lo, hi), &spans, true)
}

/// [`match_pattern`] over plain upper-case words: the verb at `verb = (start, end)`, the
/// pattern confined to `window = (lo, hi)`; indices in the result are into `actors`.
/// `plurals`: a pattern word also matches its regular plural (Vigil's production matcher);
/// PETRARCH matches pattern words exactly (only synset members get plurals).
pub fn match_words(
    p: &Pattern,
    s: &[String],
    (vs, ve): (usize, usize),
    (lo, hi): (usize, usize),
    mentions: &[ActorSpan],
    plurals: bool,
) -> Result<PatMatch, String> {
    let mut m = PatMatch {
        score: 0,
        target: None,
        source: None,
        compound: false,
        first_word: None,
    };
    let words = Words {
        s,
        mentions,
        plurals,
        lo,
        hi,
    };
    words.after_verb(p, ve, &mut m)?;
    words.before_verb(p, vs, &mut m)?;
    if m.score == 0 {
        return Err("empty pattern".into());
    }
    Ok(m)
}

/// The sentence a pattern is matched against, with the window it may use.
struct Words<'a> {
    s: &'a [String],
    mentions: &'a [ActorSpan],
    plurals: bool,
    lo: usize,
    hi: usize,
}

impl Words<'_> {
    /// The pattern's elements after the verb ending at `ve`, left to right (TABARI semantics:
    /// later words may intervene, up to GAP; `_` in the pattern: no word may come between).
    fn after_verb(&self, p: &Pattern, ve: usize, m: &mut PatMatch) -> Result<(), String> {
        let (s, hi) = (self.s, self.hi);
        let mut pos = ve;
        for (k, e) in p.post.iter().enumerate() {
            let joined = p.post_joined.get(k).copied().unwrap_or(false);
            let lim = if joined {
                (pos + 1).min(hi)
            } else {
                (pos + GAP + 1).min(hi)
            };
            match e {
                Elem::Words(slots) => {
                    let found = (pos..lim)
                        .find_map(|q| slots_at(s, slots, q, hi, self.plurals).map(|l| (q, l)));
                    let Some((q, l)) = found else {
                        return Err(format!("no {:?} after the verb", slot_text(slots)));
                    };
                    pos = q + l;
                    m.score += 2 * l;
                    m.first_word.get_or_insert(q);
                }
                Elem::Target | Elem::Compound | Elem::Source => {
                    let found = self
                        .mentions
                        .iter()
                        .enumerate()
                        .find(|(_, mm)| mm.start >= pos && mm.start < lim && mm.coded);
                    let Some((mi, mm)) = found else {
                        return Err("no actor after the verb for +/$".into());
                    };
                    pos = mm.end;
                    m.score += 1;
                    if matches!(e, Elem::Source) {
                        m.source = Some(mi);
                    } else {
                        m.target = Some(mi);
                        m.compound = matches!(e, Elem::Compound);
                    }
                }
                Elem::Skip => {
                    // `^` passes over one phrase: the shortest actor phrase starting next, when
                    // one starts in reach
                    let next = self
                        .mentions
                        .iter()
                        .filter(|mm| mm.start >= pos && mm.start < lim);
                    if let Some(mm) = next.min_by_key(|mm| (mm.start, mm.end)) {
                        pos = mm.end;
                    }
                }
            }
        }
        Ok(())
    }

    /// The pattern's elements before the verb starting at `vs`, right to left.
    fn before_verb(&self, p: &Pattern, vs: usize, m: &mut PatMatch) -> Result<(), String> {
        let mut pos = vs;
        for (k, e) in p.pre.iter().enumerate().rev() {
            let joined = p.pre_joined.get(k).copied().unwrap_or(false);
            let low = pos.saturating_sub(GAP + 1).max(self.lo);
            match e {
                Elem::Words(slots) => {
                    let found = (low..pos)
                        .rev()
                        .find_map(|q| slots_at(self.s, slots, q, pos, self.plurals).map(|l| (q, l)))
                        .filter(|&(q, l)| !joined || q + l == pos);
                    let Some((q, l)) = found else {
                        return Err(format!("no {:?} before the verb", slot_text(slots)));
                    };
                    pos = q;
                    m.score += 2 * l;
                }
                Elem::Target | Elem::Compound | Elem::Source => {
                    let found = self.mentions.iter().enumerate().rev().find(|(_, mm)| {
                        mm.end <= pos && mm.end >= low && (!joined || mm.end == pos) && mm.coded
                    });
                    let Some((mi, mm)) = found else {
                        return Err("no actor before the verb for +/$".into());
                    };
                    pos = mm.start;
                    m.score += 1;
                    if matches!(e, Elem::Target | Elem::Compound) {
                        m.target = Some(mi);
                        m.compound = matches!(e, Elem::Compound);
                    } else {
                        m.source = Some(mi);
                    }
                }
                Elem::Skip => {}
            }
        }
        Ok(())
    }
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
