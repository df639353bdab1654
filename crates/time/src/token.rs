//! The rules' view of the text: words, digit runs and single punctuation marks, each with its
//! byte span and whether it is glued to the previous token (no whitespace between).
//!
//! Derived from the workspace tokenizer's tokens (`vigil-text`): its atoms, with a letter run,
//! an apostrophe and a letter run inside one token joined into one word ("o'clock"). So the rules
//! never see a word boundary the rest of the pipeline does not.

use vigil_core::Token;
use vigil_text::{Atom, AtomKind};

/// Token class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, with internal apostrophes ("o'clock"; not a possessive "'s").
    Word,
    /// A run of ASCII digits.
    Num,
    /// Any other single non-space character.
    Punct,
}

/// One token.
#[derive(Debug, Clone)]
pub struct Tok {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Lower-cased text (apostrophes normalised to `'`).
    pub low: String,
    /// Class.
    pub kind: Kind,
    /// No whitespace between this token and the previous one.
    pub glued: bool,
    /// First character is upper-case.
    pub cap: bool,
    /// A blank line or the text start lies between this token and the previous one.
    pub para: bool,
}

fn is_apos(s: &str) -> bool {
    s == "'" || s == "\u{2019}"
}

/// Tokenizes `text` with the workspace tokenizer and returns the rules' view of it.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let (_, tokens) = vigil_text::tokenize(text);
    view(text, &tokens)
}

/// The rules' view of `tokens`, which the workspace tokenizer produced from `text`.
pub fn view(text: &str, tokens: &[Token]) -> Vec<Tok> {
    let atoms = vigil_text::atoms(text, tokens);
    let mut toks: Vec<Tok> = Vec::with_capacity(atoms.len());
    let mut last_end = 0usize;
    let mut i = 0;
    while i < atoms.len() {
        let a = atoms[i];
        let mut end = a.end;
        i += 1;
        let kind = match a.kind {
            AtomKind::Alpha => {
                while let Some(j) = joined_word_part(text, &atoms, i, a.token) {
                    end = atoms[j].end;
                    i = j + 1;
                }
                Kind::Word
            }
            AtomKind::Digit => Kind::Num,
            AtomKind::Other => Kind::Punct,
        };
        let gap = &text[last_end..a.start];
        let raw = &text[a.start..end];
        toks.push(Tok {
            start: a.start,
            end,
            low: raw.replace('\u{2019}', "'").to_lowercase(),
            kind,
            glued: !toks.is_empty() && gap.is_empty(),
            cap: raw.chars().next().is_some_and(char::is_uppercase),
            para: toks.is_empty() || gap.matches('\n').count() >= 2,
        });
        last_end = end;
    }
    toks
}

/// When atoms `i` and `i + 1` are an apostrophe and a letter run in token `token`, and not a
/// possessive "'s", the index of the letter run that continues the word.
fn joined_word_part(text: &str, atoms: &[Atom], i: usize, token: usize) -> Option<usize> {
    let (ap, next) = (atoms.get(i)?, atoms.get(i + 1)?);
    let joined = ap.token == token
        && next.token == token
        && is_apos(&text[ap.start..ap.end])
        && next.kind == AtomKind::Alpha
        && !matches!(&text[next.start..next.end], "s" | "S");
    joined.then_some(i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_dates_and_glue() {
        let t = tokenize("Sept. 6, 2023 mid-August year's o'clock");
        let lows: Vec<&str> = t.iter().map(|t| t.low.as_str()).collect();
        assert_eq!(
            lows,
            ["sept", ".", "6", ",", "2023", "mid", "-", "august", "year", "'", "s", "o'clock"]
        );
        assert!(t[1].glued && !t[2].glued && t[6].glued && t[7].glued);
        assert!(t[0].para && t[0].cap && !t[2].para);
    }
}
