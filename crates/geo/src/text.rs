//! Word tokens with byte offsets and the name keys the gazetteer is indexed by.

/// A maximal run of alphanumeric characters in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Splits `text` into alphanumeric runs. Apostrophes, hyphens and dots separate words, so
/// "Port-au-Prince" is three words and "U.S." two; keys are built the same way on both sides.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
            }
        } else if let Some(s) = start.take() {
            out.push(Word { start: s, end: i });
        }
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: text.len(),
        });
    }
    out
}

/// The lookup key of a name: its words lowercased and joined by single spaces
/// ("Côte d'Ivoire" → "côte d ivoire", "U.S." → "u s").
pub fn key(name: &str) -> String {
    let mut k = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            if gap && !k.is_empty() {
                k.push(' ');
            }
            gap = false;
            k.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    k
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
