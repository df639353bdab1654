//! A small tokenizer for the rules: words, digit runs and single punctuation marks, each with
//! its byte span and whether it is glued to the previous token (no whitespace between).

/// Token class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, with internal apostrophes ("year's", "o'clock").
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

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// An apostrophe starting a possessive "'s", which becomes its own tokens so that
/// "yesterday's" still starts with "yesterday".
fn possessive(chars: &[(usize, char)], j: usize) -> bool {
    matches!(chars.get(j + 1), Some((_, 's' | 'S')))
        && !chars.get(j + 2).is_some_and(|(_, c)| c.is_alphabetic())
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut last_end = 0usize;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let gap = &text[last_end..b];
        let glued = !toks.is_empty() && gap.is_empty();
        let para = toks.is_empty() || gap.matches('\n').count() >= 2;
        let mut j = i + 1;
        let kind = if c.is_alphabetic() {
            while j < chars.len() {
                let cj = chars[j].1;
                if cj.is_alphabetic() {
                    j += 1;
                } else if is_apos(cj)
                    && j + 1 < chars.len()
                    && chars[j + 1].1.is_alphabetic()
                    && !possessive(&chars, j)
                {
                    j += 2;
                } else {
                    break;
                }
            }
            Kind::Word
        } else if c.is_ascii_digit() {
            while j < chars.len() && chars[j].1.is_ascii_digit() {
                j += 1;
            }
            Kind::Num
        } else {
            Kind::Punct
        };
        let end = if j < chars.len() {
            chars[j].0
        } else {
            text.len()
        };
        let raw = &text[b..end];
        let low: String = raw
            .chars()
            .map(|ch| if is_apos(ch) { '\'' } else { ch })
            .collect::<String>()
            .to_lowercase();
        toks.push(Tok {
            start: b,
            end,
            low,
            kind,
            glued,
            cap: c.is_uppercase(),
            para,
        });
        last_end = end;
        i = j;
    }
    toks
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
    }
}
