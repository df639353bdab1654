//! Feature extraction: a sentence is prepared once (token hashes, gazetteer marks, document
//! evidence), then each position yields a list of u64 feature hashes given the two previous
//! predicted tags.

use crate::gazetteer::{GazTok, Gazetteer};
use crate::hash::{combine, IdBuild};
use crate::token::{flag, TokInfo};
use crate::wordclass::{WordClasses, WordInfo, NONE};
use std::collections::HashMap;

/// Bumped whenever templates change: a model trained with other templates is rejected.
pub const FEATURE_VERSION: u32 = 7;

const BOUNDARY: u64 = 0x5eed_0000_0000_0001;
const START_TAG: u64 = 0xffff;

/// Case evidence gathered over a whole document, keyed by lower-cased word hash.
#[derive(Debug, Default)]
pub(crate) struct DocStats {
    /// (capitalised mid-sentence in mixed-case text, lower case in mixed-case text).
    counts: HashMap<u64, (u16, u16), IdBuild>,
}

fn caps_sentence(toks: &[TokInfo]) -> bool {
    let mut alpha = 0;
    let mut caps = 0;
    for t in toks {
        if t.has(flag::PUNCT) || t.has(flag::ALL_DIGIT) {
            continue;
        }
        alpha += 1;
        if t.has(flag::ALL_CAPS) && t.nchars > 1 {
            caps += 1;
        }
    }
    caps >= 2 && caps * 2 > alpha
}

/// Whether token `i` of a mixed-case sentence counts as capitalised (1), lower-case (2) or
/// neither (0) for document evidence.
fn case_evidence(toks: &[TokInfo], i: usize, caps: bool) -> u8 {
    let t = &toks[i];
    if caps || t.has(flag::ALL_CAPS) {
        return 0;
    }
    let after_start = i > 0 && !toks[i - 1].has(flag::PUNCT);
    if t.has(flag::INIT_CAP) && after_start {
        1
    } else if t.has(flag::LOWER) {
        2
    } else {
        0
    }
}

impl DocStats {
    pub(crate) fn add_sentence(&mut self, toks: &[TokInfo]) {
        let caps = caps_sentence(toks);
        for (i, t) in toks.iter().enumerate() {
            match case_evidence(toks, i, caps) {
                1 => self.counts.entry(t.lower).or_default().0 += 1,
                2 => self.counts.entry(t.lower).or_default().1 += 1,
                _ => {}
            }
        }
    }
}

/// A sentence ready for feature extraction.
#[derive(Debug, Default)]
pub(crate) struct Prepared {
    pub toks: Vec<TokInfo>,
    gaz: Vec<GazTok>,
    /// Document case evidence per token, excluding the token itself: bit 0 capitalised
    /// elsewhere, bit 1 lower case elsewhere, bit 2 no other occurrence.
    doc: Vec<u8>,
    caps: bool,
    /// Word classes learnt from unlabelled text.
    wi: Vec<WordInfo>,
    /// Whether each token lies between an odd number of quote marks (titles, slogans).
    quoted: Vec<bool>,
    /// Second-stage evidence from first-stage predictions over the document (empty for the
    /// first stage).
    nl: Vec<NonLocal>,
}

/// What the first stage predicted for this token and for other occurrences of the same word.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NonLocal {
    /// Bit `3*label + pos` (pos 0 = first token of the entity, 1 = inside, 2 = last; only
    /// the first five labels) for other occurrences; bit 15: predicted outside an entity.
    seen: u16,
    /// Most frequent label of other occurrences (label index + 1; 0 none; `O` = 0xff).
    major: u8,
    /// First-stage class of this token.
    own: u8,
}

/// How the first stage labelled every occurrence of one word in a document: per `seen` bit
/// and per label (`NonLocal::major` numbering), how many occurrences carry it.
#[derive(Debug, Default, Clone, Copy)]
struct WordTally {
    bits: [u32; 16],
    labels: [u32; 16],
}

/// What one occurrence contributes to its word's tally: `(seen bit, label + 1 or 0 for O)`,
/// or nothing (a lower-case word outside any entity).
fn occurrence(t: &TokInfo, cls: &[usize], i: usize) -> Option<(u16, u8)> {
    let c = cls.get(i).copied().unwrap_or(0);
    if c == 0 {
        return t.has(flag::INIT_CAP).then_some((1 << 15, 0));
    }
    let label = (c - 1) / 2;
    let first = c % 2 == 1;
    let next_inside = cls
        .get(i + 1)
        .is_some_and(|&n| n != 0 && n % 2 == 0 && (n - 1) / 2 == label);
    let pos = if first {
        0
    } else if next_inside {
        1
    } else {
        2
    };
    let bit = if label < 5 {
        1u16 << (3 * label + pos)
    } else {
        0
    };
    Some((bit, label.min(250) as u8 + 1))
}

impl WordTally {
    /// Adds (`up`) or removes one occurrence.
    fn count(&mut self, (bit, l): (u16, u8), up: bool) {
        let step = |slot: &mut u32| {
            *slot = if up {
                slot.saturating_add(1)
            } else {
                slot.saturating_sub(1)
            }
        };
        for (b, slot) in self.bits.iter_mut().enumerate() {
            if bit & (1 << b) != 0 {
                step(slot);
            }
        }
        step(&mut self.labels[usize::from(l).min(15)]);
    }

    /// The evidence of the other occurrences: this tally minus `own`.
    fn others(&self, own: Option<(u16, u8)>, own_class: u8) -> NonLocal {
        let mut t = *self;
        if let Some(o) = own {
            t.count(o, false);
        }
        let seen = (0..16).fold(0u16, |acc, b| acc | (u16::from(t.bits[b] > 0) << b));
        let (best, n) = t
            .labels
            .iter()
            .enumerate()
            .max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k)))
            .map(|(k, c)| (k, *c))
            .unwrap_or((0, 0));
        let major = match (n, best) {
            (0, _) => 0,
            (_, 0) => 0xff,
            (_, b) => b as u8,
        };
        NonLocal {
            seen,
            major,
            own: own_class,
        }
    }
}

/// Fills the second-stage evidence of a document's prepared sentences from first-stage
/// class predictions (`O`, `B-L0`, `I-L0`, `B-L1`, ...). Linear in the document: each word's
/// occurrences are tallied once, and a token's evidence is its word's tally minus itself
/// (not a walk over the other occurrences, which is quadratic in a word repeated throughout
/// a document).
pub(crate) fn set_nonlocal(doc: &mut [Prepared], preds: &[Vec<usize>]) {
    let mut tally: HashMap<u64, WordTally, IdBuild> = HashMap::default();
    for (p, cls) in doc.iter().zip(preds) {
        for (i, t) in p.toks.iter().enumerate() {
            if let Some(o) = occurrence(t, cls, i) {
                tally.entry(t.lower).or_default().count(o, true);
            }
        }
    }
    for (p, cls) in doc.iter_mut().zip(preds) {
        p.nl = p
            .toks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let own_class = cls.get(i).copied().unwrap_or(0).min(255) as u8;
                match tally.get(&t.lower) {
                    Some(w) => w.others(occurrence(t, cls, i), own_class),
                    None => NonLocal {
                        own: own_class,
                        ..NonLocal::default()
                    },
                }
            })
            .collect();
    }
}

/// Computes token info for a sentence.
pub(crate) fn tok_infos(words: &[&str], buf: &mut String) -> Vec<TokInfo> {
    words.iter().map(|w| TokInfo::new(w, buf)).collect()
}

impl Prepared {
    pub(crate) fn new(
        toks: Vec<TokInfo>,
        gaz: &Gazetteer,
        wc: &WordClasses,
        doc: Option<&DocStats>,
    ) -> Prepared {
        let mut p = Prepared {
            caps: caps_sentence(&toks),
            wi: toks.iter().map(|t| wc.get(t.lower)).collect(),
            quoted: Vec::with_capacity(toks.len()),
            ..Prepared::default()
        };
        let mut open = false;
        for t in &toks {
            if t.flags & flag::QUOTE != 0 {
                open = !open;
                p.quoted.push(false);
            } else {
                p.quoted.push(open);
            }
        }
        gaz.mark(&toks, &mut p.gaz);
        p.doc = (0..toks.len())
            .map(|i| {
                let Some(d) = doc else { return 4 };
                let (mut c, mut l) = d.counts.get(&toks[i].lower).copied().unwrap_or((0, 0));
                match case_evidence(&toks, i, p.caps) {
                    1 => c = c.saturating_sub(1),
                    2 => l = l.saturating_sub(1),
                    _ => {}
                }
                u8::from(c > 0) | u8::from(l > 0) << 1 | u8::from(c == 0 && l == 0) << 2
            })
            .collect();
        p.toks = toks;
        p
    }

    pub(crate) fn len(&self) -> usize {
        self.toks.len()
    }

    fn lower(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.toks.len() {
            BOUNDARY ^ i.unsigned_abs() as u64
        } else {
            self.toks[i as usize].lower
        }
    }

    fn sshape(&self, i: isize) -> u64 {
        if i < 0 || i as usize >= self.toks.len() {
            BOUNDARY
        } else {
            self.toks[i as usize].sshape
        }
    }

    fn wi_at(&self, i: isize) -> WordInfo {
        if i < 0 || i as usize >= self.toks.len() {
            WordInfo {
                cl: [NONE - 1; 3],
                capr: 0xff,
            }
        } else {
            self.wi[i as usize]
        }
    }

    fn gaz_at(&self, i: isize) -> (u8, u8) {
        if i < 0 || i as usize >= self.toks.len() {
            (0xff, 0xff)
        } else {
            let g = self.gaz[i as usize];
            (g.bits, g.names)
        }
    }

    /// Features of position `i` given the two previous tags (class indices, `None` at start).
    pub(crate) fn features(
        &self,
        i: usize,
        p1: Option<usize>,
        p2: Option<usize>,
        out: &mut Vec<u64>,
    ) {
        out.clear();
        let t = &self.toks[i];
        let ii = i as isize;
        let p1 = p1.map_or(START_TAG, |p| p as u64);
        let p2 = p2.map_or(START_TAG, |p| p as u64);
        let mut f = |tpl: u64, v: u64| out.push(combine(tpl, v));
        f(0, 0);
        f(1, t.word);
        f(2, t.lower);
        f(3, t.shape);
        f(4, t.sshape);
        for k in 0..4 {
            if t.pre[k] != 0 {
                f(5, t.pre[k]);
            }
            if t.suf[k] != 0 {
                f(6, t.suf[k]);
            }
        }
        f(7, u64::from(t.flags));
        for b in 0..10 {
            if t.flags & (1 << b) != 0 {
                f(8, b);
            }
        }
        f(9, u64::from(t.nchars.min(12)));
        f(10, u64::from(i == 0) << 16 | u64::from(t.flags));
        if self.quoted[i] {
            f(29, u64::from(t.flags & (flag::INIT_CAP | flag::ALL_CAPS)));
            f(29, p1 << 8);
        }
        f(11, self.lower(ii - 1));
        f(12, self.lower(ii + 1));
        f(13, self.lower(ii - 2));
        f(14, self.lower(ii + 2));
        f(15, self.sshape(ii - 1));
        f(16, self.sshape(ii + 1));
        f(17, combine(self.lower(ii - 1), t.lower));
        f(18, combine(t.lower, self.lower(ii + 1)));
        f(
            19,
            combine(combine(self.sshape(ii - 1), t.sshape), self.sshape(ii + 1)),
        );
        f(20, p1);
        f(21, p2 << 16 | p1);
        f(22, combine(p1, t.lower));
        f(23, combine(p1, t.sshape));
        f(24, combine(p1, self.lower(ii - 1)));
        f(25, combine(p1, self.lower(ii + 1)));
        f(26, combine(self.lower(ii - 1), t.sshape));
        f(27, combine(t.sshape, self.lower(ii + 1)));
        f(28, combine(self.lower(ii - 1), self.lower(ii + 1)));
        // Gazetteer.
        let (g, names) = self.gaz_at(ii);
        let case = u64::from(t.flags & (flag::INIT_CAP | flag::ALL_CAPS));
        for b in 0..8u64 {
            if g & (1 << b) != 0 {
                f(30, b);
                f(31, b << 8 | case);
                f(32, b << 8 | p1);
            }
        }
        f(33, u64::from(g));
        let (gp, np) = self.gaz_at(ii - 1);
        let (gn, nn) = self.gaz_at(ii + 1);
        f(34, u64::from(gp) << 8 | u64::from(g));
        f(35, u64::from(g) << 8 | u64::from(gn));
        f(36, u64::from(names) << 8 | case);
        f(
            37,
            u64::from(np) << 16 | u64::from(names) << 8 | u64::from(nn),
        );
        f(38, u64::from(self.gaz[i].words) << 8 | case);
        // Sports tables and scores: a place name followed by a number is usually a team.
        f(39, combine(u64::from(g), self.sshape(ii + 1)));
        f(39, combine(u64::from(g) << 8, self.sshape(ii - 1)));
        // Document and sentence context.
        let d = u64::from(self.doc[i]);
        f(40, d << 16 | case << 1 | u64::from(i == 0));
        f(41, combine(d, t.sshape));
        if self.caps {
            f(42, t.sshape);
            f(43, p1);
            f(44, combine(d, t.lower));
        }
        // Word classes.
        let w = self.wi[i];
        if w.cl[0] != NONE || w.capr != 0 {
            let (wp, wn) = (self.wi_at(ii - 1), self.wi_at(ii + 1));
            for g in 0..3 {
                f(60 + g as u64, u64::from(w.cl[g]));
                f(
                    63 + g as u64,
                    u64::from(wp.cl[g]) << 16 | u64::from(w.cl[g]),
                );
                f(
                    66 + g as u64,
                    u64::from(w.cl[g]) << 16 | u64::from(wn.cl[g]),
                );
            }
            f(69, u64::from(w.cl[1]) << 16 | p1);
            let (wp2, wn2) = (self.wi_at(ii - 2), self.wi_at(ii + 2));
            f(75, u64::from(wp2.cl[1]));
            f(76, u64::from(wn2.cl[1]));
            f(70, u64::from(w.cl[2]) << 16 | case);
            f(77, combine(u64::from(w.cl[1]), self.sshape(ii + 1)));
            f(71, u64::from(w.capr) << 16 | case << 1 | u64::from(i == 0));
            f(
                72,
                u64::from(wp.capr) << 8 | u64::from(w.capr) << 16 | u64::from(wn.capr),
            );
            f(
                73,
                u64::from(w.capr) << 16 | u64::from(self.caps) << 8 | u64::from(self.doc[i]),
            );
        } else {
            f(74, case << 1 | u64::from(i == 0));
        }
        if let Some(nl) = self.nl.get(i) {
            let own_prev = i.checked_sub(1).map_or(0xfe, |j| self.nl[j].own);
            let own_next = self.nl.get(i + 1).map_or(0xfe, |n| n.own);
            f(50, u64::from(nl.own));
            f(51, u64::from(own_prev) << 8 | u64::from(nl.own));
            f(52, u64::from(nl.own) << 8 | u64::from(own_next));
            f(53, u64::from(nl.major));
            f(54, u64::from(nl.major) << 8 | case);
            f(55, u64::from(nl.major) << 8 | p1);
            for b in 0..16u64 {
                if nl.seen & (1 << b) != 0 {
                    f(56, b);
                    f(57, b << 8 | case);
                }
            }
            f(58, u64::from(nl.seen));
            let maj_prev = i.checked_sub(1).map_or(0xfe, |j| self.nl[j].major);
            let maj_next = self.nl.get(i + 1).map_or(0xfe, |n| n.major);
            f(
                59,
                u64::from(maj_prev) << 16 | u64::from(nl.major) << 8 | u64::from(maj_next),
            );
        }
    }
}
