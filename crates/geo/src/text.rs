//! Word view of the workspace tokenizer's tokens, and the name keys the gazetteer is indexed by.

use vigil_core::Token;
use vigil_text::AtomKind;

/// A maximal run of letters and digits inside one token of the workspace tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The words of `tokens` (from `vigil_text::tokenize(text)`): the letter and digit runs of each
/// token, adjacent ones joined. Apostrophes, hyphens and dots separate words, so "Port-au-Prince"
/// is three words and "U.S." two; gazetteer keys are built the same way ([`key`]).
pub fn words(text: &str, tokens: &[Token]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut last_token = usize::MAX;
    for a in vigil_text::atoms(text, tokens) {
        if a.kind == AtomKind::Other {
            last_token = usize::MAX;
            continue;
        }
        match out.last_mut() {
            Some(w) if last_token == a.token && w.end == a.start => w.end = a.end,
            _ => out.push(Word {
                start: a.start,
                end: a.end,
            }),
        }
        last_token = a.token;
    }
    out
}

/// The words of `text`, tokenized with the workspace tokenizer.
pub fn words_of(text: &str) -> Vec<Word> {
    let (_, tokens) = vigil_text::tokenize(text);
    words(text, &tokens)
}

/// The lookup key of `ws`, words of `text`: lowercased and joined by single spaces.
pub fn key_of(text: &str, ws: &[Word]) -> String {
    let mut k =
        String::with_capacity(ws.last().map_or(0, |w| w.end) - ws.first().map_or(0, |w| w.start));
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.extend(text[w.start..w.end].chars().flat_map(char::to_lowercase));
    }
    k
}

/// The lookup key of a name: its words lowercased and joined by single spaces
/// ("Côte d'Ivoire" → "côte d ivoire", "U.S." → "u s").
pub fn key(name: &str) -> String {
    key_of(name, &words_of(name))
}

/// True when the characters between two words may sit inside one name: spaces, hyphens,
/// apostrophes and dots, without a line break or comma ("St. Marc", "Xi'an", "Port-au-Prince").
pub fn joinable_gap(gap: &str) -> bool {
    gap.chars().count() <= 3
        && !gap.is_empty()
        && gap
            .chars()
            .all(|c| matches!(c, ' ' | '-' | '\'' | '’' | '.' | '\u{2010}' | '\u{2011}'))
        && gap.chars().filter(|c| *c == ' ').count() <= 1
}

/// True when the word starts with an uppercase letter.
pub fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// True when every letter of the word is uppercase.
pub fn is_all_caps(w: &str) -> bool {
    let mut any = false;
    for c in w.chars() {
        if c.is_lowercase() {
            return false;
        }
        any |= c.is_uppercase();
    }
    any
}

/// Lowercase words allowed inside a multi-word place name ("Rio de Janeiro", "Trinidad and Tobago").
pub fn is_name_connector(w: &str) -> bool {
    matches!(
        w,
        "de" | "del"
            | "della"
            | "di"
            | "da"
            | "das"
            | "do"
            | "dos"
            | "du"
            | "des"
            | "la"
            | "le"
            | "les"
            | "el"
            | "al"
            | "au"
            | "aux"
            | "and"
            | "of"
            | "the"
            | "on"
            | "upon"
            | "sur"
            | "am"
            | "an"
            | "im"
            | "der"
            | "den"
            | "y"
            | "e"
            | "kwa"
            | "en"
            | "s"
            | "d"
            | "l"
            | "bin"
            | "ibn"
            | "ad"
            | "ar"
            | "as"
            | "ash"
            | "az"
            | "es"
            | "et"
            | "i"
            | "na"
    )
}

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_punctuation_and_case() {
        assert_eq!(key("Côte d'Ivoire"), "côte d ivoire");
        assert_eq!(key("U.S."), "u s");
        assert_eq!(key("Port-au-Prince"), "port au prince");
        assert!(joinable_gap(". "));
        assert!(!joinable_gap(", "));
        assert!(!joinable_gap("\n"));
    }

    #[test]
    fn distance_is_sane() {
        let d = haversine_km(51.5074, -0.1278, 48.8566, 2.3522);
        assert!((d - 344.0).abs() < 5.0, "{d}");
    }
}
