//! Recognises and removes page furniture that scrapers leave in article text: share rows,
//! subscribe prompts, cookie notices, copyright lines, "Leave a review" and the like.
//!
//! The rules work on whole lines and only fire on *short* lines, because the same words occur
//! in real sentences ("The ministry said it would share intelligence with Kyiv."). Three rule
//! kinds, from strictest to loosest:
//! 1. the whole line (lowercased, bullets and trailing punctuation stripped) is a known
//!    furniture phrase ("share", "read more", "advertisement");
//! 2. the line *starts* with a furniture prefix ("Read more:", "Sign up for") and has at most
//!    [`PREFIX_MAX_WORDS`] words (for prefixes that can also open prose, such as "Sponsored",
//!    the line must also not read like a sentence: 8+ words ending in a period);
//! 3. the line *contains* an unambiguous phrase ("all rights reserved", "we use cookies",
//!    "follow us on") and has at most [`CONTAINS_MAX_WORDS`] words;
//!
//! plus rows made only of social-network button labels ("Facebook Twitter WhatsApp Email").
//! The phrases live in `crates/ingest/data/boilerplate.txt`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Longest line (in words) the prefix rule may remove.
pub const PREFIX_MAX_WORDS: usize = 14;
/// Longest line (in words) the contains rule may remove.
pub const CONTAINS_MAX_WORDS: usize = 30;

/// The phrase lists, compiled into the binary from `data/boilerplate.txt` (plain text, so the
/// lists can be reviewed and extended without reading code).
const LISTS_TXT: &str = include_str!("../data/boilerplate.txt");

/// Parsed phrase lists; see `data/boilerplate.txt` for what each section means.
struct Lists {
    whole: BTreeSet<String>,
    prefix: Vec<String>,
    weak_prefix: Vec<String>,
    contains: Vec<String>,
    social: BTreeSet<String>,
}

fn lists() -> &'static Lists {
    // Parsed once, read-only afterwards.
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| parse_lists(LISTS_TXT))
}

fn parse_lists(txt: &str) -> Lists {
    let mut l = Lists {
        whole: BTreeSet::new(),
        prefix: Vec::new(),
        weak_prefix: Vec::new(),
        contains: Vec::new(),
        social: BTreeSet::new(),
    };
    let mut section = "";
    for line in txt.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            section = match name {
                "whole" => "whole",
                "prefix" => "prefix",
                "weak_prefix" => "weak_prefix",
                "contains" => "contains",
                "social" => "social",
                _ => "",
            };
            continue;
        }
        let phrase = line.to_lowercase();
        match section {
            "whole" => {
                l.whole.insert(phrase);
            }
            "prefix" => l.prefix.push(phrase),
            "weak_prefix" => l.weak_prefix.push(phrase),
            "contains" => l.contains.push(phrase),
            "social" => {
                l.social.insert(phrase);
            }
            _ => {}
        }
    }
    l
}

/// Lowercases and strips bullets, separators and trailing punctuation for matching.
fn key(line: &str) -> String {
    let t = line.trim().to_lowercase();
    let t = t.trim_start_matches(|c: char| {
        matches!(
            c,
            '•' | '·' | '|' | '-' | '–' | '—' | '>' | '»' | '›' | '*' | '#' | '►' | '▶' | '→'
        ) || c.is_whitespace()
    });
    let t = t.trim_end_matches(|c: char| {
        matches!(
            c,
            '.' | ':'
                | '!'
                | '»'
                | '›'
                | '>'
                | '→'
                | '…'
                | '|'
                | '-'
                | '–'
                | '—'
                | '+'
                | '►'
                | '▶'
                | ')'
                | '('
        ) || c.is_whitespace()
    });
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn word_count(line: &str) -> usize {
    line.split_whitespace().count()
}

/// True when the line is page furniture rather than article text.
pub fn is_boilerplate_line(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return false;
    }
    // Pure decoration: no letter or digit at all ("• • •", "|", "—").
    if !trimmed.chars().any(char::is_alphanumeric) {
        return !matches!(trimmed, "***" | "* * *");
    }
    let words = word_count(trimmed);
    // Long lines are prose for every rule; skip building the match key for them.
    if words > CONTAINS_MAX_WORDS {
        return false;
    }
    let k = key(trimmed);
    let lists = lists();
    if lists.whole.contains(k.as_str()) {
        return true;
    }
    // "Share 12", "Comments (4)": a furniture label with a counter.
    let no_count = k.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
    let no_count = no_count.trim_end_matches(|c: char| {
        c.is_ascii_digit() || c.is_whitespace() || c == '(' || c == ')'
    });
    if no_count != k && lists.whole.contains(no_count) {
        return true;
    }
    if words <= PREFIX_MAX_WORDS {
        if lists.prefix.iter().any(|p| k.starts_with(p.as_str())) {
            return true;
        }
        if lists.weak_prefix.iter().any(|p| k.starts_with(p.as_str()))
            && !looks_like_sentence(trimmed)
        {
            return true;
        }
    }
    if words <= CONTAINS_MAX_WORDS && lists.contains.iter().any(|p| contains_phrase(&k, p)) {
        return true;
    }
    if is_follow_prompt(&k, &lists.social) {
        return true;
    }
    is_social_row(&k, &lists.social)
}

/// A long line that ends like a sentence is prose even when it starts with a furniture word
/// ("Sponsored by the EU, the programme trained 400 judges.").
fn looks_like_sentence(line: &str) -> bool {
    let t = line.trim_end_matches(['"', '\'', '”', '’', ')']);
    word_count(line) >= 8 && t.ends_with(['.', '?', '!'])
}

/// Phrase match on word boundaries, so "share on x" does not match "share on xenophobia".
fn contains_phrase(hay: &str, phrase: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = hay[start..].find(phrase) {
        let s = start + pos;
        let e = s + phrase.len();
        let before_ok = s == 0
            || !hay[..s]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok =
            e == hay.len() || !hay[e..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return true;
        }
        start = s + phrase.len().max(1);
        while !hay.is_char_boundary(start) {
            start += 1;
        }
    }
    false
}

/// "Follow Reuters on X", "Follow the Courier on Telegram": short, and ends on a network.
fn is_follow_prompt(k: &str, social_words: &BTreeSet<String>) -> bool {
    let words: Vec<&str> = k.split_whitespace().collect();
    words.len() <= 8
        && words.first() == Some(&"follow")
        && words.len() >= 3
        && words[words.len() - 2] == "on"
        && words.last().is_some_and(|w| social_words.contains(*w))
}

/// A row of share-button labels: every token is a social network or share action.
fn is_social_row(k: &str, social_words: &BTreeSet<String>) -> bool {
    let toks: Vec<&str> = k
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '•' | '·' | ',' | '/'))
        .filter(|t| !t.is_empty())
        .collect();
    if toks.is_empty() || toks.len() > 14 {
        return false;
    }
    let social = toks.iter().filter(|t| social_words.contains(**t)).count();
    // A lone "Line" or "Save" is too ambiguous; require two labels or one unambiguous network.
    social == toks.len()
        && (toks.len() >= 2
            || matches!(
                toks[0],
                "facebook"
                    | "twitter"
                    | "whatsapp"
                    | "telegram"
                    | "linkedin"
                    | "reddit"
                    | "pinterest"
            ))
}

/// Removes furniture lines; everything else (including blank lines) is kept as is.
pub fn strip(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if is_boilerplate_line(line) {
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for l in [
            "Leave a review",
            "Share this:",
            "Share 14",
            "Facebook Twitter WhatsApp Email",
            "Facebook | Twitter | LinkedIn",
            "Subscribe to our daily newsletter for the latest headlines",
            "We use cookies to improve your experience on our site.",
            "Follow us on Telegram",
            "© 2023 Example Media Ltd. All rights reserved.",
            "Read more: Ceasefire talks stall again",
            "ADVERTISEMENT",
            "Advertisement - Scroll to continue",
            "Sign up",
            "Click here to download the full report",
            "• • •",
            "Tags: Azerbaijan, Energy, OPEC",
            "Follow Harbour Courier on X",
            "0 Comments",
            "Photo: Valley Times/Staff",
        ] {
            assert!(is_boilerplate_line(l), "{l}");
        }
    }

    #[test]
    fn real_sentences_survive() {
        for l in [
            "The ministry said it would share intelligence with its allies.",
            "Shares in the company fell 4 percent on Tuesday.",
            "More than 300 people signed up for the programme, officials said.",
            "Read the statement in full below, the spokesman told reporters.",
            "The newsletter was first published in 1998 by a group of exiles.",
            "He urged citizens to follow the news closely and to stay calm.",
            "Sponsored by the European Union, the project trained 400 judges in two years.",
            "Copyright infringement cases rose sharply last year.",
            "Twitter, now called X, suspended the account on Monday.",
            "X",
            "Follow the money, investigators said.",
            "Follow-up talks are planned on Telegram",
            "* * *",
            "Home Secretary James Cleverly said the plan would go ahead.",
        ] {
            assert!(!is_boilerplate_line(l), "{l}");
        }
    }

    #[test]
    fn every_section_is_loaded() {
        let l = lists();
        assert!(l.whole.contains("leave a review"));
        assert!(l.prefix.iter().any(|p| p == "read more:"));
        assert!(l.weak_prefix.iter().any(|p| p == "sponsored"));
        assert!(l.contains.iter().any(|p| p == "all rights reserved"));
        assert!(l.social.contains("whatsapp"));
    }

    #[test]
    fn strip_keeps_structure() {
        let t = "Para one.\n\nShare this:\nFacebook Twitter\n\nPara two.\nLeave a review";
        assert_eq!(strip(t), "Para one.\n\n\nPara two.");
    }
}
