//! Datelines at the top of wire copy: "BAKU, Azerbaijan, December 26.", "WASHINGTON (AP) —",
//! "KYIV, Ukraine —", "MOSCOW, Dec 26 (Reuters) -", "NEW DELHI:".
//!
//! The dateline stays in the text (it is part of what the publisher wrote, and later stages
//! use its place as the default event location); this module only records what it says.
//! Shape: place segments separated by commas, an optional date, an optional agency in
//! parentheses or slashes, then a terminator (dash, colon, or the period after a date).
//! An all-caps place is the wire convention and is enough on its own; a title-case place
//! ("Kyiv, Ukraine") is only accepted with a date or an agency, because ordinary sentences
//! start with capitalised words too.

use crate::metadata::month_from_name;
use vigil_core::{Dateline, Span};

/// Labels that look like an all-caps place before a colon but are headline furniture.
const NOT_PLACES: &[&str] = &[
    "UPDATE",
    "UPDATED",
    "BREAKING",
    "BREAKING NEWS",
    "EXCLUSIVE",
    "WATCH",
    "LISTEN",
    "WARNING",
    "NOTE",
    "EDITOR'S NOTE",
    "EDITORS NOTE",
    "OPINION",
    "ANALYSIS",
    "CORRECTION",
    "LIVE",
    "VIDEO",
    "PHOTOS",
    "PHOTO",
    "FILE",
    "BY",
    "FACT CHECK",
    "COMMENT",
    "EDITORIAL",
    "URGENT",
    "FLASH",
    "ALERT",
    "NEW",
    "READ",
    "SEE",
    "AP",
    "REUTERS",
    "AFP",
    "A",
    "I",
    "OK",
    "Q",
    "TV",
];

/// Lowercase words allowed inside a title-case place name ("Rio de Janeiro").
const PARTICLES: &[&str] = &[
    "de", "da", "do", "del", "dos", "la", "le", "les", "al", "el", "di", "of", "upon", "am", "an",
    "der", "sur", "en",
];

/// How many lines from the top may hold the dateline (a headline and a byline may precede it).
const MAX_LINES: usize = 4;

/// Finds the dateline at the top of `text` (span in bytes of `text`).
pub fn find(text: &str) -> Option<Dateline> {
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        if line.trim().is_empty() {
            continue;
        }
        seen += 1;
        let lead = line.len() - line.trim_start().len();
        let body = &line[lead..];
        // "By Nate Raymond. BOSTON (Reuters) - ...": a byline run into the dateline.
        let after_byline = byline_end(body);
        for skip in [Some(0), after_byline].into_iter().flatten() {
            if let Some(mut d) = parse(&body[skip..]) {
                let at = start + lead + skip;
                d.span = Span::new(d.span.start() + at, d.span.end() + at);
                return Some(d);
            }
        }
        if seen >= MAX_LINES || !is_preamble(line) {
            return None;
        }
    }
    None
}

/// Where the text after a leading "By Name Surname." byline starts, if the line has one.
fn byline_end(line: &str) -> Option<usize> {
    if !(line.starts_with("By ") || line.starts_with("BY ")) {
        return None;
    }
    let mut end = line.len().min(100);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let window = &line[..end];
    for sep in [". ", " | ", " - ", " — "] {
        if let Some(i) = window.find(sep) {
            let rest = &line[i + sep.len()..];
            if rest.starts_with(|c: char| c.is_uppercase()) {
                return Some(i + sep.len());
            }
        }
    }
    None
}

/// A headline or byline line that may come before the dateline: short, not a sentence.
fn is_preamble(line: &str) -> bool {
    let t = line.trim();
    t.split_whitespace().count() <= 20 && !t.ends_with(['.', '!', '?', '"', '”'])
}

/// Parses a dateline at the very start of `line`; the span is relative to `line`.
pub fn parse(line: &str) -> Option<Dateline> {
    let mut p = Parser { s: line, pos: 0 };
    let first = p.segment()?;
    let caps = is_caps(first);
    if NOT_PLACES.contains(&first) || first.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return None;
    }
    let mut place_end = p.pos;
    let mut date: Option<(u32, u32, Option<i32>)> = None;
    // Further place segments or the date, each after ", ".
    for _ in 0..3 {
        let save = p.pos;
        if !p.eat(",") {
            break;
        }
        p.spaces();
        if let Some(d) = p.date() {
            date = Some(d);
            break;
        }
        if p.segment().is_some() {
            place_end = p.pos;
            continue;
        }
        p.pos = save;
        break;
    }
    if date.is_none() {
        // "MOSCOW Dec 26 (Reuters)" style without the comma.
        let save = p.pos;
        p.spaces();
        match p.date() {
            Some(d) => date = Some(d),
            None => p.pos = save,
        }
    }
    let save = p.pos;
    p.spaces();
    let agency = p.agency();
    if !agency {
        p.pos = save;
    }
    let after_agency = p.pos;
    p.spaces();
    let term = match p.terminator(date.is_some()) {
        Some(t) => Some(t),
        // "MEXICO CITY (AP) Mexico's Senate ...": the dash was lost in scraping.
        None if caps && agency => {
            p.pos = after_agency;
            None
        }
        None => return None,
    };
    if !caps && date.is_none() && !agency {
        return None;
    }
    // A colon also ends headline kickers ("UKRAINE WAR: ..."); a dateline colon opens the
    // body's first sentence, so a real sentence must follow.
    if term == Some(':') && (!caps || line[p.pos..].split_whitespace().count() < 6) {
        return None;
    }
    // The text after the dateline must start like prose (or the line may end there). Wire
    // copy sometimes omits the space after a dash or colon ("WASHINGTON—President").
    let rest = &line[p.pos..];
    let glued_ok =
        matches!(term, Some('—' | '–' | ':' | '\u{FFFD}')) && rest.starts_with(char::is_uppercase);
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) && !glued_ok {
        return None;
    }
    let place = line[..place_end].trim().to_string();
    let (month, day, year) = match date {
        Some((m, d, y)) => (Some(m), Some(d), y),
        None => (None, None, None),
    };
    Some(Dateline {
        span: Span::new(0, p.pos),
        place,
        month,
        day,
        year,
    })
}

fn is_caps(s: &str) -> bool {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    fn spaces(&mut self) {
        let r = self.rest();
        self.pos += r.len() - r.trim_start_matches([' ', '\t']).len();
    }

    /// A word: letters plus inner `.`, `'`, `’`, `-`, `&` ("ST.", "WINSTON-SALEM", "D.C.").
    fn word(&mut self) -> Option<&'a str> {
        let r = self.rest();
        let first = r.chars().next()?;
        if !first.is_alphabetic() {
            return None;
        }
        let len = r
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-' | '&')))
            .map(|(i, _)| i)
            .unwrap_or(r.len());
        let w = &r[..len];
        self.pos += len;
        Some(w)
    }

    /// A place segment: up to five capitalised words (title-case names may contain
    /// particles). Returns the segment text. Month names end the segment.
    fn segment(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let mut end = self.pos;
        let mut words = 0;
        loop {
            let save = self.pos;
            let Some(w) = self.word() else {
                self.pos = save;
                break;
            };
            if words == 0 && w.eq_ignore_ascii_case("by") {
                self.pos = save;
                break;
            }
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            let particle = words > 0 && PARTICLES.contains(&w);
            if (!capital && !particle) || month_from_name(w).is_some() && !is_caps(w) {
                self.pos = save;
                break;
            }
            words += 1;
            if !particle {
                end = self.pos;
            }
            // A period ends the segment unless it marks a short abbreviation ("ST. LOUIS").
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if words >= 5 || (w.ends_with('.') && letters > 3) {
                break;
            }
            let after = self.pos;
            self.spaces();
            if self.pos == after {
                break;
            }
        }
        self.pos = end;
        if end == start {
            return None;
        }
        Some(&self.s[start..end])
    }

    /// "December 26", "Dec. 26, 2023", "26 December 2023".
    fn date(&mut self) -> Option<(u32, u32, Option<i32>)> {
        let save = self.pos;
        if let Some(w) = self.word() {
            if let Some(m) = month_from_name(w) {
                self.spaces();
                if let Some(d) = self.number(1, 31) {
                    let y = self.year();
                    return Some((m, d as u32, y));
                }
            }
            self.pos = save;
            return None;
        }
        if let Some(d) = self.number(1, 31) {
            self.spaces();
            if let Some(m) = self.word().and_then(month_from_name) {
                let after = self.pos;
                self.spaces();
                let y = self.number(1000, 2999).map(|y| y as i32);
                if y.is_none() {
                    self.pos = after;
                }
                return Some((m, d as u32, y));
            }
        }
        self.pos = save;
        None
    }

    /// ", 2023" or " 2023" after a month and day.
    fn year(&mut self) -> Option<i32> {
        let save = self.pos;
        self.eat(",");
        self.spaces();
        match self.number(1000, 2999) {
            Some(y) => Some(y as i32),
            None => {
                self.pos = save;
                None
            }
        }
    }

    fn number(&mut self, lo: u64, hi: u64) -> Option<u64> {
        let r = self.rest();
        let len = r.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 || len > 4 {
            return None;
        }
        let n: u64 = r[..len].parse().ok()?;
        if n < lo || n > hi {
            return None;
        }
        // Ordinal suffix: "26th".
        let mut total = len;
        let suffix = &r[len..];
        for s in ["st", "nd", "rd", "th"] {
            if suffix.starts_with(s) && !suffix[2..].starts_with(|c: char| c.is_alphanumeric()) {
                total += 2;
                break;
            }
        }
        if r[total..].starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        self.pos += total;
        Some(n)
    }

    /// "(AP)", "(Reuters)", "/Trend/": a short bracketed agency name.
    fn agency(&mut self) -> bool {
        let r = self.rest();
        let (open, close, max) = match r.chars().next() {
            Some('(') => ('(', ')', 40),
            Some('/') => ('/', '/', 30),
            _ => return false,
        };
        let inner = &r[open.len_utf8()..];
        match inner.find(close) {
            Some(i)
                if i > 0
                    && i <= max
                    && inner[..i].chars().next().is_some_and(char::is_uppercase) =>
            {
                self.pos += open.len_utf8() + i + close.len_utf8();
                true
            }
            _ => false,
        }
    }

    /// The dateline's end: a dash, a colon, or (after a date) a period. Returns it as a char.
    fn terminator(&mut self, dated: bool) -> Option<char> {
        for (lit, c) in [("—", '—'), ("–", '–'), ("--", '-'), ("-", '-'), (":", ':')] {
            if self.eat(lit) {
                return Some(c);
            }
        }
        // A dash turned into U+FFFD by a bad encoding upstream.
        if self.eat("\u{FFFD}") {
            return Some('\u{FFFD}');
        }
        if dated && self.eat(".") {
            return Some('.');
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, place: &str, md: Option<(u32, u32)>, year: Option<i32>, covered: &str) {
        let d = parse(line).unwrap_or_else(|| panic!("no dateline in {line:?}"));
        assert_eq!(d.place, place, "{line}");
        assert_eq!(d.month.zip(d.day), md, "{line}");
        assert_eq!(d.year, year, "{line}");
        assert_eq!(d.span.slice(line), Some(covered), "{line}");
    }

    #[test]
    fn wire_styles() {
        check(
            "BAKU, Azerbaijan, December 26. By Staff",
            "BAKU, Azerbaijan",
            Some((12, 26)),
            None,
            "BAKU, Azerbaijan, December 26.",
        );
        check(
            "WASHINGTON (AP) — The Senate voted",
            "WASHINGTON",
            None,
            None,
            "WASHINGTON (AP) —",
        );
        check(
            "KYIV, Ukraine — Russian drones struck",
            "KYIV, Ukraine",
            None,
            None,
            "KYIV, Ukraine —",
        );
        check(
            "MOSCOW, Dec 26 (Reuters) - Russia said",
            "MOSCOW",
            Some((12, 26)),
            None,
            "MOSCOW, Dec 26 (Reuters) -",
        );
        check(
            "NEW DELHI: The government on Monday approved the budget.",
            "NEW DELHI",
            None,
            None,
            "NEW DELHI:",
        );
        check(
            "SAN DIEGO, Calif. (AP) — A fire",
            "SAN DIEGO, Calif.",
            None,
            None,
            "SAN DIEGO, Calif. (AP) —",
        );
        check(
            "Kyiv, Ukraine, Dec. 26, 2023 (Xinhua) -- Ukraine said",
            "Kyiv, Ukraine",
            Some((12, 26)),
            Some(2023),
            "Kyiv, Ukraine, Dec. 26, 2023 (Xinhua) --",
        );
        check(
            "MEXICO CITY (AP) Mexico's Senate passed it.",
            "MEXICO CITY",
            None,
            None,
            "MEXICO CITY (AP)",
        );
        check(
            "BEIRUT (AP) \u{FFFD} A militia spokesman says",
            "BEIRUT",
            None,
            None,
            "BEIRUT (AP) \u{FFFD}",
        );
        check(
            "WASHINGTON\u{2014}President Trump said",
            "WASHINGTON",
            None,
            None,
            "WASHINGTON\u{2014}",
        );
        check("SOUTH WAZIRISTAN, April 5 (APP):Chief of Army Staff visited troops on the border today.", "SOUTH WAZIRISTAN", Some((4, 5)), None, "SOUTH WAZIRISTAN, April 5 (APP):");
        check(
            "THE HAGUE, Netherlands, 26 December 2023 — Judges",
            "THE HAGUE, Netherlands",
            Some((12, 26)),
            Some(2023),
            "THE HAGUE, Netherlands, 26 December 2023 —",
        );
    }

    #[test]
    fn prose_is_not_a_dateline() {
        for l in [
            "Russia said on Tuesday it would respond.",
            "The president, speaking in Kyiv — said nothing.",
            "UPDATE: talks resumed",
            "UKRAINE WAR: Russia strikes Kyiv",
            "Ukraine, Russia and Belarus - a history",
            "NATO-Russia relations are at a low.",
            "A — B",
            "In December 26 people died.",
        ] {
            assert!(parse(l).is_none(), "{l}");
        }
    }

    #[test]
    fn byline_before_dateline() {
        let t = "By Nate Example. BOSTON (Reuters) - A restaurant owner was arrested.";
        let d = find(t).unwrap();
        assert_eq!(d.place, "BOSTON");
        assert_eq!(d.span.slice(t), Some("BOSTON (Reuters) -"));
        assert!(parse("By Jane Doe (AP) — text").is_none());
    }

    #[test]
    fn after_headline() {
        let t = "Azerbaijan and Turkey sign energy deal\n\nBAKU, Azerbaijan, December 26. Azerbaijan signed.";
        let d = find(t).unwrap();
        assert_eq!(
            &t[d.span.start()..d.span.end()],
            "BAKU, Azerbaijan, December 26."
        );
        assert!(
            find("The ministry said on Monday that it would act.\nWASHINGTON (AP) — x").is_none()
        );
    }
}
