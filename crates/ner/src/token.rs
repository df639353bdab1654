//! Per-token precomputation: every string-valued property a feature needs is hashed once here.

use crate::hash::{mix, Fnv};

/// Token flag bits.
pub(crate) mod flag {
    /// First character is upper case.
    pub const INIT_CAP: u16 = 1;
    /// All cased characters upper case (and at least one letter).
    pub const ALL_CAPS: u16 = 1 << 1;
    /// All letters lower case.
    pub const LOWER: u16 = 1 << 2;
    /// Contains a digit.
    pub const HAS_DIGIT: u16 = 1 << 3;
    /// Only digits.
    pub const ALL_DIGIT: u16 = 1 << 4;
    /// Contains a hyphen.
    pub const HYPHEN: u16 = 1 << 5;
    /// Contains a period.
    pub const DOT: u16 = 1 << 6;
    /// No letters or digits at all.
    pub const PUNCT: u16 = 1 << 7;
    /// Upper case after the first character with lower case too ("McDonald", "iPhone").
    pub const MIXED: u16 = 1 << 8;
    /// Contains an apostrophe.
    pub const APOS: u16 = 1 << 9;
    /// A double quote mark token.
    pub const QUOTE: u16 = 1 << 10;
}

/// Hashes and flags of one token.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokInfo {
    pub word: u64,
    pub lower: u64,
    pub shape: u64,
    pub sshape: u64,
    /// Lower-case prefixes of 1..=4 chars (0 when the word is shorter).
    pub pre: [u64; 4],
    /// Lower-case suffixes of 1..=4 chars (0 when the word is shorter).
    pub suf: [u64; 4],
    pub flags: u16,
    pub nchars: u8,
}

fn class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'a'
    } else {
        c
    }
}

/// Hash of the lower-cased word (shared with the gazetteer).
pub(crate) fn lower_hash(w: &str) -> u64 {
    let mut h = Fnv::new();
    for c in w.chars() {
        if c.is_ascii() {
            h.bytes(&[c.to_ascii_lowercase() as u8]);
        } else {
            for l in c.to_lowercase() {
                h.char(l);
            }
        }
    }
    h.finish()
}

impl TokInfo {
    /// Computes everything for one word; `lower` is a scratch buffer reused across tokens.
    pub(crate) fn new(w: &str, lower: &mut String) -> TokInfo {
        lower.clear();
        for c in w.chars() {
            if c.is_ascii() {
                lower.push(c.to_ascii_lowercase());
            } else {
                lower.extend(c.to_lowercase());
            }
        }
        let mut t = TokInfo {
            word: crate::hash::hash_str(w),
            lower: crate::hash::hash_str(lower),
            ..TokInfo::default()
        };
        // Shapes: long shape keeps runs up to 4, short shape collapses runs.
        let mut shape = Fnv::new();
        let mut sshape = Fnv::new();
        let (mut last, mut run) = ('\0', 0usize);
        let (mut n_up, mut n_low, mut n_dig, mut n_other, mut n) = (0, 0, 0, 0, 0usize);
        let mut later_upper = false;
        for (i, c) in w.chars().enumerate() {
            n += 1;
            let k = class(c);
            if k == last {
                run += 1;
            } else {
                run = 1;
                sshape.char(k);
            }
            if run <= 4 {
                shape.char(k);
            }
            last = k;
            match k {
                'X' => {
                    n_up += 1;
                    if i > 0 {
                        later_upper = true;
                    }
                }
                'x' | 'a' => n_low += 1,
                'd' => n_dig += 1,
                _ => {
                    n_other += 1;
                    match c {
                        '-' => t.flags |= flag::HYPHEN,
                        '.' => t.flags |= flag::DOT,
                        '\'' | '’' => t.flags |= flag::APOS,
                        _ => {}
                    }
                }
            }
        }
        t.shape = shape.finish();
        t.sshape = sshape.finish();
        t.nchars = n.min(255) as u8;
        if w.chars().next().is_some_and(char::is_uppercase) {
            t.flags |= flag::INIT_CAP;
        }
        if n_up > 0 && n_low == 0 {
            t.flags |= flag::ALL_CAPS;
        }
        if n_low > 0 && n_up == 0 {
            t.flags |= flag::LOWER;
        }
        if later_upper && n_low > 0 {
            t.flags |= flag::MIXED;
        }
        if n_dig > 0 {
            t.flags |= flag::HAS_DIGIT;
            if n_dig == n {
                t.flags |= flag::ALL_DIGIT;
            }
        }
        if n_other == n {
            t.flags |= flag::PUNCT;
            if matches!(w, "\"" | "``" | "''" | "“" | "”" | "„") {
                t.flags |= flag::QUOTE;
            }
        }
        // Affixes over characters of the lower-cased form.
        let chars: Vec<(usize, char)> = lower.char_indices().collect();
        let m = chars.len();
        for k in 1..=4usize {
            if m > k {
                let end = chars[k].0;
                t.pre[k - 1] = mix(crate::hash::hash_str(&lower[..end]) ^ k as u64);
                let start = chars[m - k].0;
                t.suf[k - 1] = mix(crate::hash::hash_str(&lower[start..]) ^ ((k as u64) << 8));
            }
        }
        t
    }

    pub(crate) fn has(&self, f: u16) -> bool {
        self.flags & f != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_lower_hash() {
        let mut buf = String::new();
        let t = TokInfo::new("NATO", &mut buf);
        assert!(t.has(flag::ALL_CAPS) && t.has(flag::INIT_CAP));
        let u = TokInfo::new("Nato", &mut buf);
        assert_eq!(t.lower, u.lower);
        assert_eq!(t.lower, lower_hash("nato"));
        assert_ne!(t.word, u.word);
        assert!(TokInfo::new("1996-08-22", &mut buf).has(flag::HYPHEN));
        assert!(TokInfo::new(",", &mut buf).has(flag::PUNCT));
        assert!(TokInfo::new("McDonald", &mut buf).has(flag::MIXED));
    }
}
