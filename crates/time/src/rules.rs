//! Recognition: hand-written patterns over tokens, HeidelTime style. Each pattern returns the
//! tokens it covers and a [`Sem`]; the longest match at a position wins and matching resumes
//! after it.

use crate::lexicon::Lexicon;
use crate::sem::{AnchorOn, Part, Sem, Tense, Unit, YearSpec};
use crate::token::{Kind, Tok};

/// A recognised expression: tokens `[s, e)`.
#[derive(Debug, Clone)]
pub struct Cand {
    /// First token.
    pub s: usize,
    /// One past the last token.
    pub e: usize,
    /// Meaning.
    pub sem: Sem,
    /// Rule name (for provenance).
    pub rule: &'static str,
    /// Tense of the surrounding clause.
    pub tense: Tense,
}

type M = Option<(usize, Sem, &'static str)>;

/// Words after which a bare four-digit number is read as a year.
const YEAR_CUES: &[&str] = &[
    "in", "since", "of", "by", "until", "till", "from", "to", "before", "after", "during",
    "between", "and", "through", "early", "late", "mid", "fiscal", "year", "summer", "winter",
    "spring", "autumn", "fall", "end", "beginning", "start", "around", "about", "circa", "as",
    "for", "or", "than", "-", "the",
];

/// Prepositions after which a bare plural unit ("years") is a duration.
const PLURAL_UNIT_CUES: &[&str] = &["for", "within", "over", "in", "after", "before", "than", "take", "took", "takes", "taking", "lasted", "last"];

/// The pattern matcher over one document's tokens.
pub struct Rules<'a> {
    t: &'a [Tok],
    lex: &'a Lexicon,
    /// Sentence id of each token.
    sent: Vec<usize>,
}

impl<'a> Rules<'a> {
    /// Prepares matching over `t`.
    pub fn new(t: &'a [Tok], lex: &'a Lexicon) -> Rules<'a> {
        let mut sent = Vec::with_capacity(t.len());
        let mut id = 0;
        for (i, tok) in t.iter().enumerate() {
            if i > 0 {
                let prev = &t[i - 1].low;
                let boundary = tok.para
                    || (matches!(prev.as_str(), "." | "!" | "?")
                        && (tok.cap || tok.kind == Kind::Punct)
                        && !(i >= 2 && t[i - 2].kind == Kind::Word && t[i - 2].low.len() <= 4 && tok.kind == Kind::Num));
                if boundary {
                    id += 1;
                }
            }
            sent.push(id);
        }
        Rules { t, lex, sent }
    }

    fn w(&self, i: usize) -> &str {
        self.t.get(i).map(|t| t.low.as_str()).unwrap_or("")
    }

    fn is(&self, i: usize, s: &str) -> bool {
        self.w(i) == s
    }

    fn any(&self, i: usize, set: &[&str]) -> bool {
        set.contains(&self.w(i))
    }

    fn glued(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.glued)
    }

    fn cap(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.cap)
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.t.get(i).map(|t| t.kind)
    }

    fn prev(&self, i: usize) -> &str {
        if i == 0 {
            ""
        } else {
            self.w(i - 1)
        }
    }

    /// Longest lexicon phrase of `cat` starting at `i`.
    fn lex_at(&self, cat: &str, i: usize) -> Option<(usize, &'a str)> {
        let max = self.lex.max_len(cat);
        for len in (1..=max).rev() {
            if i + len > self.t.len() {
                continue;
            }
            let phrase = self.t[i..i + len]
                .iter()
                .map(|t| t.low.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(v) = self.lex.get(cat, &phrase) {
                return Some((i + len, v));
            }
        }
        None
    }

    /// A digit run that is a whole number on its own (not part of "1,000", "6.5" or "S-400").
    fn plain_num(&self, i: usize) -> Option<u32> {
        if self.kind(i) != Some(Kind::Num) {
            return None;
        }
        if self.glued(i + 1)
            && matches!(self.w(i + 1), "," | "." | ":" | "/")
            && self.kind(i + 2) == Some(Kind::Num)
            && self.glued(i + 2)
        {
            return None;
        }
        if i > 0 && self.glued(i) {
            let p = self.w(i - 1);
            if matches!(p, "," | "." | "$" | "#" | "/" | ":") || self.kind(i - 1) == Some(Kind::Word) {
                return None;
            }
            // "S-400" is a code, "mid-1996" and "post-1959" are years.
            if p == "-"
                && i >= 2
                && self.glued(i - 1)
                && self.kind(i - 2) == Some(Kind::Word)
                && !self.any(i - 2, &["mid", "pre", "post", "early", "late"])
            {
                return None;
            }
        }
        self.w(i).parse().ok()
    }

    /// A count: digits (with thousands groups and "5 1/2"), number words, or a vague quantity
    /// ("several" → `None` amount). Returns (end, amount).
    fn count(&self, i: usize) -> Option<(usize, Option<f64>)> {
        if self.kind(i) == Some(Kind::Num) {
            if i > 0 && self.glued(i) && matches!(self.prev(i), "," | "." | "$" | "/") {
                return None;
            }
            let mut j = i + 1;
            let mut s = self.w(i).to_string();
            while self.is(j, ",") && self.glued(j) && self.kind(j + 1) == Some(Kind::Num) && self.glued(j + 1) && self.w(j + 1).len() == 3 {
                s.push_str(self.w(j + 1));
                j += 2;
            }
            let mut v: f64 = s.parse().ok()?;
            if self.is(j, ".") && self.glued(j) && self.kind(j + 1) == Some(Kind::Num) && self.glued(j + 1) {
                let frac: f64 = format!("0.{}", self.w(j + 1)).parse().ok()?;
                v += frac;
                j += 2;
            } else if self.w(j) == "1" && self.is(j + 1, "/") && self.w(j + 2) == "2" {
                v += 0.5;
                j += 3;
            }
            return Some((j, Some(v)));
        }
        if let Some((j, v)) = self.lex_at("number", i) {
            if v == "X" {
                return Some((j, None));
            }
            let mut n: f64 = v.parse().ok()?;
            let mut j = j;
            // "twenty-five", "twenty five", "one hundred"
            if (20.0..100.0).contains(&n) && n % 10.0 == 0.0 {
                let k = if self.is(j, "-") { j + 1 } else { j };
                if let Some(u) = self.lex.get("number", self.w(k)).and_then(|v| v.parse::<f64>().ok()) {
                    if u < 10.0 && self.kind(k) == Some(Kind::Word) && !matches!(self.w(k), "a" | "an") {
                        n += u;
                        j = k + 1;
                    }
                }
            }
            if self.is(j, "hundred") {
                n *= 100.0;
                j += 1;
            }
            if self.is(j, "and") && self.is(j + 1, "a") && self.is(j + 2, "half") {
                n += 0.5;
                j += 3;
            }
            return Some((j, Some(n)));
        }
        None
    }

    /// An ordinal: "3rd", "third", "twenty-first".
    fn ordinal(&self, i: usize) -> Option<(usize, u32)> {
        if self.kind(i) == Some(Kind::Num) && self.glued(i + 1) && self.any(i + 1, &["st", "nd", "rd", "th"]) {
            return Some((i + 2, self.w(i).parse().ok()?));
        }
        if let Some(v) = self.lex.get("ordinal", self.w(i)) {
            return Some((i + 1, v.parse().ok()?));
        }
        if let Some(tens) = self.lex.get("number", self.w(i)).and_then(|v| v.parse::<u32>().ok()) {
            if (20..=90).contains(&tens) && tens % 10 == 0 && self.is(i + 1, "-") {
                if let Some(u) = self.lex.get("ordinal", self.w(i + 2)).and_then(|v| v.parse::<u32>().ok()) {
                    if u < 10 {
                        return Some((i + 3, tens + u));
                    }
                }
            }
        }
        None
    }

    fn unit(&self, i: usize) -> Option<(usize, Unit, bool)> {
        let w = self.w(i);
        let u = Unit::from_code(self.lex.get("unit", w)?)?;
        Some((i + 1, u, w.ends_with('s')))
    }

    /// A month name. Abbreviations need a period or a following number; "May" and "March"
    /// need a date-like neighbour, since they are also ordinary words.
    fn month(&self, i: usize) -> Option<(usize, u32)> {
        let w = self.w(i);
        let m: u32 = self.lex.get("month", w)?.parse().ok()?;
        if !self.cap(i) {
            return None;
        }
        let full = w.len() > 4 || matches!(w, "june" | "july" | "may");
        let dot = self.is(i + 1, ".") && self.glued(i + 1);
        let next_num = self.kind(if dot { i + 2 } else { i + 1 }) == Some(Kind::Num);
        if !full && w != "may" && !dot && !next_num {
            return None;
        }
        if w == "may" || w == "march" {
            let cue = self.any(
                i.wrapping_sub(1),
                &["in", "since", "early", "late", "mid", "last", "next", "this", "until", "by", "of", "during", "from", "through", "-", "till", "before", "after", "and", "or", "to", "each", "every", "that"],
            ) && i > 0;
            let after = self.kind(i + 1) == Some(Kind::Num)
                || self.any(i + 1, &["last", "next", "this"]) && self.any(i + 2, &["year"]);
            if !cue && !after {
                return None;
            }
        }
        Some((if dot && !full { i + 2 } else { i + 1 }, m))
    }

    /// Day of month (1–31), with an optional ordinal suffix.
    fn day(&self, i: usize) -> Option<(usize, u32)> {
        if self.kind(i) == Some(Kind::Num) && self.w(i).len() <= 2 {
            if self.glued(i + 1) && matches!(self.w(i + 1), ":" | "." | ",") && self.kind(i + 2) == Some(Kind::Num) && self.glued(i + 2) {
                return None;
            }
            let d: u32 = self.w(i).parse().ok()?;
            if !(1..=31).contains(&d) {
                return None;
            }
            if self.glued(i + 1) && self.any(i + 1, &["st", "nd", "rd", "th"]) {
                return Some((i + 2, d));
            }
            if self.glued(i + 1) && self.kind(i + 1) == Some(Kind::Word) {
                return None;
            }
            return Some((i + 1, d));
        }
        let (j, d) = self.ordinal(i)?;
        (1..=31).contains(&d).then_some((j, d))
    }

    /// A four-digit year (or "'98").
    fn year_num(&self, i: usize) -> Option<(usize, i32)> {
        if self.is(i, "'") && self.kind(i + 1) == Some(Kind::Num) && self.glued(i + 1) && self.w(i + 1).len() == 2 {
            let v: i32 = self.w(i + 1).parse().ok()?;
            if self.glued(i + 2) && self.kind(i + 2) == Some(Kind::Word) {
                return None;
            }
            return Some((i + 2, if v >= 30 { 1900 + v } else { 2000 + v }));
        }
        if self.w(i).len() != 4 {
            return None;
        }
        let y = self.plain_num(i)? as i32;
        if !(1000..=2199).contains(&y) {
            return None;
        }
        if self.glued(i + 1) && (self.kind(i + 1) == Some(Kind::Word) || self.is(i + 1, "%")) {
            return None;
        }
        if self.is(i + 1, "%") {
            return None;
        }
        Some((i + 1, y))
    }

    /// A year standing alone in running text, with guards against counts and codes.
    fn bare_year(&self, i: usize) -> Option<(usize, i32)> {
        let (j, y) = self.year_num(i)?;
        if self.is(i, "'") {
            return Some((j, y));
        }
        let cue = i > 0 && self.any(i - 1, YEAR_CUES);
        if !cue && !(1900..=2099).contains(&y) {
            return None;
        }
        if i > 0 && matches!(self.prev(i), "$" | "#" | "no" | "number" | "nos" | "route" | "flight" | "article" | "resolution" | "page" | "model" | "room" | "box") {
            return None;
        }
        // "2000 troops": a count, unless a cue says year.
        let next = self.w(j);
        if !cue
            && self.kind(j) == Some(Kind::Word)
            && !self.cap(j)
            && next.len() > 3
            && next.ends_with('s')
            && !self.lex.has("unit", next)
        {
            return None;
        }
        if matches!(next, "people" | "men" | "women" | "children" | "feet" | "foot" | "miles" | "metres" | "meters" | "km" | "kilometers" | "kilometres" | "tons" | "tonnes" | "troops" | "soldiers" | "times" | "points" | "yards" | "pounds") {
            return None;
        }
        Some((j, y))
    }

    fn weekday(&self, i: usize) -> Option<(usize, u32)> {
        if !self.cap(i) {
            return None;
        }
        let wd: u32 = self.lex.get("weekday", self.w(i))?.parse().ok()?;
        Some((i + 1, wd))
    }

    fn partday(&self, i: usize) -> Option<(usize, String)> {
        self.lex.get("partday", self.w(i)).map(|v| (i + 1, v.to_string()))
    }

    // ---------------------------------------------------------------- dates

    /// Month-day-year, day-month-year, month-year, month alone, with ranges.
    fn month_date(&self, i: usize) -> M {
        // day month [year]: "6 September 2023"
        if let Some((j, d)) = self.day(i) {
            let j2 = if self.is(j, "of") { j + 1 } else { j };
            if let Some((k, m)) = self.month(j2) {
                if let Some((l, y)) = self.opt_year(k) {
                    return Some((l, Sem::Date { y, m, d }, "day_month_year"));
                }
                return Some((k, Sem::Cal { year: YearSpec::Implicit, month: m, day: Some(d) }, "day_month"));
            }
        }
        let (j, m) = self.month(i)?;
        // month day
        if let Some((k, d)) = self.day(j) {
            if self.glued(k) && self.is(k, ":") && self.glued(k + 1) && self.kind(k + 1) == Some(Kind::Num) {
                return None;
            }
            // range: "October 2-3", "October 2 to 5", "Oct. 30 - Nov. 2"
            if let Some((l, end)) = self.range_tail(k, m, d) {
                return Some((l, end, "month_day_range"));
            }
            if let Some((l, y)) = self.opt_year(k) {
                return Some((l, Sem::Date { y, m, d }, "month_day_year"));
            }
            return Some((k, Sem::Cal { year: YearSpec::Implicit, month: m, day: Some(d) }, "month_day"));
        }
        // month year: "September 2023", "June of 1994"
        let k = if self.is(j, ",") || self.is(j, "of") { j + 1 } else { j };
        if let Some((l, y)) = self.year_num(k) {
            return Some((l, Sem::Cal { year: YearSpec::Explicit(y), month: m, day: None }, "month_year"));
        }
        // "January this year", "March last year"
        if self.is(j, "this") && self.is(j + 1, "year") {
            return Some((j + 2, Sem::Cal { year: YearSpec::This, month: m, day: None }, "month_this_year"));
        }
        if self.any(j, &["last", "next"]) && self.is(j + 1, "year") {
            let off = if self.is(j, "last") { -1 } else { 1 };
            return Some((j + 2, Sem::Cal { year: YearSpec::Offset(off), month: m, day: None }, "month_rel_year"));
        }
        Some((j, Sem::Cal { year: YearSpec::Implicit, month: m, day: None }, "month"))
    }

    /// ", 2023" or " 2023" after a month-day.
    fn opt_year(&self, k: usize) -> Option<(usize, i32)> {
        let k2 = if self.is(k, ",") { k + 1 } else { k };
        let (l, y) = self.year_num(k2)?;
        // "Oct. 2, 1000 people" is not a year.
        if self.kind(l) == Some(Kind::Word) && !self.cap(l) && self.w(l).ends_with('s') && self.w(l).len() > 3 {
            return None;
        }
        Some((l, y))
    }

    /// The end of a day range after "Month D".
    fn range_tail(&self, k: usize, m: u32, d: u32) -> Option<(usize, Sem)> {
        if !self.any(k, &["-", "\u{2013}", "\u{2014}", "to", "through", "until", "till", "and"]) {
            return None;
        }
        let start_cal = |y: Option<i32>| match y {
            Some(y) => Sem::Date { y, m, d },
            None => Sem::Cal { year: YearSpec::Implicit, month: m, day: Some(d) },
        };
        // "Oct. 30 - Nov. 2[, 2023]"
        if let Some((l, m2)) = self.month(k + 1) {
            if let Some((l2, d2)) = self.day(l) {
                let y = self.opt_year(l2);
                let end = match y {
                    Some((_, y)) => Sem::Date { y, m: m2, d: d2 },
                    None => Sem::Cal { year: YearSpec::Implicit, month: m2, day: Some(d2) },
                };
                let e = y.map(|(e, _)| e).unwrap_or(l2);
                return Some((e, Sem::Range(Box::new(start_cal(y.map(|(_, y)| y))), Box::new(end))));
            }
        }
        let (l, d2) = self.day(k + 1)?;
        if d2 <= d || self.is(l, ":") || self.any(l, &["p", "a", "pm", "am", "percent", "%"]) {
            return None;
        }
        // "2-3" must be glued or spelled "to", so "October 2 - 3 p.m." is not read as days.
        let y = self.opt_year(l);
        let e = y.map(|(e, _)| e).unwrap_or(l);
        let yy = y.map(|(_, y)| y);
        let end = match yy {
            Some(y) => Sem::Date { y, m, d: d2 },
            None => Sem::Cal { year: YearSpec::Implicit, month: m, day: Some(d2) },
        };
        Some((e, Sem::Range(Box::new(start_cal(yy)), Box::new(end))))
    }

    /// Numeric dates: 2023-12-26, 12/26/2023, 26.12.2023.
    fn numeric_date(&self, i: usize) -> M {
        if self.kind(i) != Some(Kind::Num) || (i > 0 && self.glued(i) && self.kind(i - 1) != Some(Kind::Punct)) {
            return None;
        }
        let a = self.w(i);
        let sep = self.w(i + 1);
        if !matches!(sep, "-" | "/" | ".") || !self.glued(i + 1) || !self.glued(i + 2) || !self.glued(i + 3) || self.w(i + 3) != sep || !self.glued(i + 4) {
            return None;
        }
        let b = self.w(i + 2);
        let c = self.w(i + 4);
        if self.kind(i + 2) != Some(Kind::Num) || self.kind(i + 4) != Some(Kind::Num) {
            return None;
        }
        if self.glued(i + 5) && (self.kind(i + 5) == Some(Kind::Num) || self.kind(i + 5) == Some(Kind::Word) || matches!(self.w(i + 5), "-" | "/")) {
            return None;
        }
        let (y, m, d) = if a.len() == 4 && sep == "-" {
            (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?)
        } else if c.len() == 4 && sep == "/" {
            (c.parse().ok()?, a.parse().ok()?, b.parse().ok()?)
        } else if c.len() == 4 && sep == "." {
            (c.parse().ok()?, b.parse().ok()?, a.parse().ok()?)
        } else {
            return None;
        };
        chrono::NaiveDate::from_ymd_opt(y, m, d)?;
        Some((i + 5, Sem::Date { y, m, d }, "numeric_date"))
    }

    /// Years, year ranges, decades, centuries, "fiscal 1989", "the year 2000".
    fn year_expr(&self, i: usize) -> M {
        // decades: "1990s", "'90s", "the 1990s"
        let k = if self.is(i, "the") { i + 1 } else { i };
        if self.kind(k) == Some(Kind::Num) && self.w(k).len() == 4 && self.w(k).ends_with('0') && self.is(k + 1, "s") && self.glued(k + 1) {
            let y: i32 = self.w(k).parse().ok()?;
            return Some((k + 2, Sem::Decade(y / 10), "decade"));
        }
        if self.is(k, "'") && self.kind(k + 1) == Some(Kind::Num) && self.w(k + 1).len() == 2 && self.glued(k + 1) && self.is(k + 2, "s") && self.glued(k + 2) {
            let y: i32 = self.w(k + 1).parse().ok()?;
            let full = if y >= 30 { 1900 + y } else { 2000 + y };
            return Some((k + 3, Sem::Decade(full / 10), "decade"));
        }
        // centuries: "the 20th century"
        if let Some((j, n)) = self.ordinal(k) {
            if self.is(j, "century") && (1..=21).contains(&n) {
                return Some((j + 1, Sem::Century(n as i32 - 1), "century"));
            }
        }
        if self.is(i, "fiscal") || (self.is(i, "the") && self.is(i + 1, "year")) {
            let j = if self.is(i, "fiscal") { if self.is(i + 1, "year") { i + 2 } else { i + 1 } } else { i + 2 };
            if let Some((l, y)) = self.year_num(j) {
                return Some((l, Sem::Year(y), "fiscal_year"));
            }
            return None;
        }
        let (j, y) = self.bare_year(i)?;
        // "2019-2021", "1990-91"
        if self.any(j, &["-", "\u{2013}"]) && self.glued(j) {
            if let Some((l, y2)) = self.year_num(j + 1) {
                if y2 > y {
                    return Some((l, Sem::Range(Box::new(Sem::Year(y)), Box::new(Sem::Year(y2))), "year_range"));
                }
            }
            if self.kind(j + 1) == Some(Kind::Num) && self.w(j + 1).len() == 2 && self.glued(j + 1) {
                let y2 = y / 100 * 100 + self.w(j + 1).parse::<i32>().ok()?;
                if y2 > y && !self.glued(j + 2) {
                    return Some((j + 2, Sem::Range(Box::new(Sem::Year(y)), Box::new(Sem::Year(y2))), "year_range"));
                }
            }
            return None;
        }
        Some((j, Sem::Year(y), "year"))
    }

    /// "Monday", "Monday, Oct. 26", "Monday morning", "last Tuesday", "next Friday".
    fn weekday_expr(&self, i: usize) -> M {
        let (shift, k) = match self.w(i) {
            "last" | "past" | "previous" => (-1, i + 1),
            "next" | "coming" => (1, i + 1),
            "this" if self.is(i + 1, "coming") => (1, i + 2),
            "this" => (0, i + 1),
            "the" if self.any(i + 1, &["previous", "past"]) => (-1, i + 2),
            "the" if self.any(i + 1, &["next", "following", "coming"]) => (1, i + 2),
            _ => (0, i),
        };
        let k = if self.is(k, "coming") && shift == 0 && k > i { k + 1 } else { k };
        let (j, wd) = self.weekday(k)?;
        let shift = if self.is(i, "this") && self.is(i + 1, "coming") { 1 } else { shift };
        if k == i {
            // "Monday, Oct. 26[, 1998]"
            let c = if self.is(j, ",") { j + 1 } else { j };
            if let Some((l, sem, _)) = self.month_date(c) {
                if matches!(sem, Sem::Cal { day: Some(_), .. } | Sem::Date { .. } | Sem::Range(..)) {
                    return Some((l, sem, "weekday_date"));
                }
            }
        }
        let base = Sem::Weekday { wd, shift };
        if let Some((l, part)) = self.partday(j) {
            return Some((l, Sem::PartDay { part, day: Box::new(base) }, "weekday_partday"));
        }
        Some((j, base, "weekday"))
    }

    /// today, yesterday, tonight, this morning, last night, the day before yesterday ...
    fn deictic_day(&self, i: usize) -> M {
        let (j, n) = match self.w(i) {
            "today" => (i + 1, 0),
            "yesterday" => (i + 1, -1),
            "tomorrow" => (i + 1, 1),
            "overnight" => return Some((i + 1, Sem::PartDay { part: "NI".into(), day: Box::new(rel(Unit::Day, 0, AnchorOn::Dct)) }, "overnight")),
            "tonight" => return Some((i + 1, Sem::PartDay { part: "NI".into(), day: Box::new(rel(Unit::Day, 0, AnchorOn::Dct)) }, "tonight")),
            "the" if self.is(i + 1, "day") && self.is(i + 2, "before") && self.is(i + 3, "yesterday") => (i + 4, -2),
            "the" if self.is(i + 1, "day") && self.is(i + 2, "after") && self.is(i + 3, "tomorrow") => (i + 4, 2),
            "this" | "last" => {
                let (l, part) = self.partday(i + 1)?;
                let n = if self.is(i, "this") {
                    0
                } else if part == "NI" {
                    -1
                } else {
                    return None;
                };
                return Some((l, Sem::PartDay { part, day: Box::new(rel(Unit::Day, n, AnchorOn::Dct)) }, "deictic_partday"));
            }
            _ => return None,
        };
        if let Some((l, part)) = self.partday(j) {
            return Some((l, Sem::PartDay { part, day: Box::new(rel(Unit::Day, n, AnchorOn::Dct)) }, "deictic_partday"));
        }
        Some((j, rel(Unit::Day, n, AnchorOn::Dct), "deictic_day"))
    }

    /// "last week", "this year", "the past month", "next weekend", "the coming year",
    /// "last January", "this summer", "the following day", "that day".
    fn relative_period(&self, i: usize) -> M {
        let mut k = i;
        let the = self.is(k, "the");
        if the {
            k += 1;
        }
        let word = self.w(k);
        let (n, anchor): (i64, AnchorOn) = match word {
            "last" | "past" | "previous" if !the || word != "last" => {
                if word == "previous" {
                    (-1, AnchorOn::Ref)
                } else {
                    (-1, AnchorOn::Dct)
                }
            }
            "last" => (-1, AnchorOn::Dct),
            "this" if !the => (0, AnchorOn::Dct),
            "current" | "present" => (0, AnchorOn::Dct),
            "next" | "coming" if the || word == "next" => {
                if the && word == "next" {
                    (1, AnchorOn::Ref)
                } else {
                    (1, AnchorOn::Dct)
                }
            }
            "following" | "subsequent" if the => (1, AnchorOn::Ref),
            "same" if the => (0, AnchorOn::Ref),
            "that" if !the => (0, AnchorOn::Ref),
            _ => return None,
        };
        k += 1;
        // "last fiscal year"
        let k = if self.is(k, "fiscal") && self.is(k + 1, "year") { k + 1 } else { k };
        if let Some((j, unit, plural)) = self.unit(k) {
            if plural || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
                return None;
            }
            if unit == Unit::Quarter {
                return Some((j, Sem::QuarterRel { n: if anchor == AnchorOn::Ref { None } else { Some(n) }, year_ago: false }, "rel_quarter"));
            }
            // "the past year", "the last decade": the period just before the article.
            return Some((j, rel(unit, n, anchor), "rel_period"));
        }
        if the {
            return None;
        }
        if let Some((j, m)) = self.month(k).or_else(|| self.lex.get("month", self.w(k)).and_then(|m| m.parse().ok()).filter(|_| self.cap(k)).map(|m| (k + 1, m))) {
            let spec = match word {
                "last" | "past" | "previous" => YearSpec::Last,
                "next" | "coming" => YearSpec::Next,
                _ => YearSpec::This,
            };
            return Some((j, Sem::Cal { year: spec, month: m, day: None }, "rel_month"));
        }
        if let Some(s) = self.lex.get("season", self.w(k)) {
            let spec = match word {
                "last" | "past" | "previous" => YearSpec::Last,
                "next" | "coming" => YearSpec::Next,
                _ => YearSpec::This,
            };
            return Some((k + 1, Sem::Season { s: s.to_string(), year: spec }, "rel_season"));
        }
        None
    }

    /// Quarters: "the third quarter", "third-quarter", "the fourth quarter of 1990",
    /// "the year-earlier quarter", "Q3 2023".
    fn quarter(&self, i: usize) -> M {
        let mut k = i;
        if self.is(k, "the") {
            k += 1;
        }
        // "the 1988 second quarter"
        let mut year = YearSpec::Implicit;
        if let Some((j, y)) = self.year_num(k) {
            if self.ordinal(j).is_some() || self.is(j, "fiscal") {
                year = YearSpec::Explicit(y);
                k = j;
            }
        }
        // "this year's third quarter"
        if self.any(k, &["this", "last", "next"]) && self.is(k + 1, "year") && self.is(k + 2, "'") && self.is(k + 3, "s") {
            year = YearSpec::Offset(match self.w(k) {
                "this" => 0,
                "last" => -1,
                _ => 1,
            });
            k += 4;
        }
        if self.is(i, "the") && k == i + 1 {
            if let Some((j, y)) = self.year_num(k) {
                if self.any(j, &["quarter", "period"]) {
                    return Some((j + 1, Sem::QuarterOfYear(y), "quarter_of_year"));
                }
            }
        }
        let mut year_ago = false;
        if self.any(k, &["comparable", "same"]) {
            k += 1;
        }
        if self.is(k, "year") && self.is(k + 1, "-") && self.any(k + 2, &["earlier", "ago"]) {
            year_ago = true;
            k += 3;
        }
        if self.is(k, "fiscal") {
            k += 1;
        }
        if self.is(k, "q") && self.glued(k + 1) && self.kind(k + 1) == Some(Kind::Num) {
            let q: u32 = self.w(k + 1).parse().ok()?;
            if !(1..=4).contains(&q) {
                return None;
            }
            let mut j = k + 2;
            if let Some((l, y)) = self.year_num(j) {
                year = YearSpec::Explicit(y);
                j = l;
            }
            return Some((j, Sem::Quarter { q, year }, "quarter"));
        }
        if let Some((j, q)) = self.ordinal(k) {
            if !(1..=4).contains(&q) {
                return None;
            }
            let j = if self.is(j, "-") && self.glued(j) { j + 1 } else { j };
            let j = if self.is(j, "fiscal") { j + 1 } else { j };
            if !self.is(j, "quarter") {
                return None;
            }
            let mut e = j + 1;
            let k2 = if self.is(e, "of") || self.is(e, ",") { e + 1 } else { e };
            if let Some((l, y)) = self.year_num(k2) {
                year = YearSpec::Explicit(y);
                e = l;
            } else if self.is(e, "of") && self.is(e + 1, "fiscal") {
                if let Some((l, y)) = self.year_num(e + 2) {
                    year = YearSpec::Explicit(y);
                    e = l;
                }
            } else if self.is(e, "of") && self.any(e + 1, &["this", "last", "next"]) && self.is(e + 2, "year") {
                year = match self.w(e + 1) {
                    "this" => YearSpec::Offset(0),
                    "last" => YearSpec::Offset(-1),
                    _ => YearSpec::Offset(1),
                };
                e += 3;
            }
            if year_ago {
                return Some((e, Sem::QuarterRel { n: None, year_ago: true }, "quarter_year_ago"));
            }
            return Some((e, Sem::Quarter { q, year }, "quarter"));
        }
        if self.is(i, "the") || year_ago {
            // "the quarter", "the latest quarter", "the year-ago quarter/period"
            if year_ago {
                if self.is(k, "quarter") || self.is(k, "period") {
                    return Some((k + 1, Sem::YearAgo { quarter: false }, "year_ago_quarter"));
                }
                if let Some((l, y, n)) = self.year_ago_duration(k) {
                    return Some((l, Sem::Duration(y.duration(n)), "year_ago_duration"));
                }
                if !self.is(i, "the") {
                    return Some((k, Sem::YearAgo { quarter: false }, "year_ago"));
                }
                return None;
            }
            let mut k = i + 1;
            let mut latest = false;
            if self.any(k, &["latest", "recent", "most", "comparable", "same"]) {
                latest = self.any(k, &["latest", "most", "recent"]);
                if self.is(k, "most") {
                    k += 1;
                }
                k += 1;
            }
            if self.is(k, "fiscal") {
                k += 1;
            }
            if self.is(k, "quarter") || (k > i + 1 && self.is(k, "period")) {
                // "the latest quarter" is the last one completed, whatever was mentioned before.
                let n = if latest { Some(-1) } else { None };
                return Some((k + 1, Sem::QuarterRel { n, year_ago }, "the_quarter"));
            }
            if year_ago && self.is(k, "period") {
                return Some((k + 1, Sem::QuarterRel { n: None, year_ago: true }, "year_ago_period"));
            }
        }
        None
    }

    /// "nine months" after "the year-earlier".
    fn year_ago_duration(&self, k: usize) -> Option<(usize, Unit, Option<f64>)> {
        let (j, n) = self.count(k)?;
        let (e, u, _) = self.unit(j)?;
        Some((e, u, n))
    }

    /// "the year", "the full year", "the fiscal year", "the weekend", "the week", "the day".
    fn the_unit(&self, i: usize) -> M {
        if !self.is(i, "the") && !(self.is(i, "this") && self.is(i + 1, "weekend")) {
            return None;
        }
        let mut k = i + 1;
        if self.is(k, "latest") && self.is(k + 1, "fiscal") {
            k += 1;
        }
        if self.any(k, &["full", "fiscal", "entire", "whole"]) {
            k += 1;
        }
        let (j, unit, plural) = self.unit(k)?;
        if plural || (self.is(j, "-") && self.glued(j)) || self.any(j, &["of", "before", "after", "'"]) {
            return None;
        }
        let latest = self.is(i + 1, "latest");
        let span_of = i > 0 && self.any(i - 1, &["for", "during", "over", "through", "throughout"]);
        let sem = match unit {
            Unit::Year if span_of && !latest => Sem::Duration(Unit::Year.duration(Some(1.0))),
            Unit::Year if latest => rel(Unit::Year, -1, AnchorOn::Dct),
            Unit::Year => rel(Unit::Year, 0, AnchorOn::Dct),
            Unit::Month if k == i + 1 => rel(Unit::Month, 0, AnchorOn::Dct),
            Unit::Weekend if k == i + 1 => rel(Unit::Weekend, 0, AnchorOn::Dct),
            Unit::Week if k == i + 1 => rel(Unit::Week, 0, AnchorOn::Ref),
            Unit::Day if k == i + 1 => rel(Unit::Day, 0, AnchorOn::Ref),
            _ => return None,
        };
        Some((j, sem, "the_unit"))
    }

    /// Spelled-out years: "nineteen ninety-six", "two thousand three".
    fn spelled_year(&self, i: usize) -> M {
        let k = if self.is(i, "the") && self.is(i + 1, "year") { i + 2 } else { i };
        let (j, base) = if self.is(k, "nineteen") {
            (k + 1, 1900)
        } else if self.is(k, "two") && self.is(k + 1, "thousand") {
            let j = if self.is(k + 2, "and") { k + 3 } else { k + 2 };
            match self.count(j) {
                Some((e, Some(v))) if (1.0..100.0).contains(&v) && self.kind(j) == Some(Kind::Word) && !matches!(self.w(j), "a" | "an") => {
                    return Some((e, Sem::Year(2000 + v as i32), "spelled_year"));
                }
                _ => return Some((k + 2, Sem::Year(2000), "spelled_year")).filter(|_| k > i),
            }
        } else {
            return None;
        };
        let (e, v) = self.count(j)?;
        let v = v?;
        if self.kind(j) != Some(Kind::Word) || !(10.0..100.0).contains(&v) {
            return None;
        }
        Some((e, Sem::Year(base + v as i32), "spelled_year"))
    }

    /// Seasons: "summer", "the summer of 1994", "winter 2022", "last summer" (see
    /// `relative_period`).
    fn season(&self, i: usize) -> M {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let s = self.lex.get("season", self.w(k))?;
        if s == "FA" && !self.cap(k) && self.is(k, "fall") && !self.is(i, "the") && !self.any(k.wrapping_sub(1), &["in", "this", "last", "next", "early", "late", "during"]) {
            return None;
        }
        let j = k + 1;
        let j2 = if self.is(j, "of") { j + 1 } else { j };
        if let Some((l, y)) = self.year_num(j2) {
            return Some((l, Sem::Season { s: s.to_string(), year: YearSpec::Explicit(y) }, "season_year"));
        }
        if self.is(i, "the") || self.any(k.wrapping_sub(1), &["in", "during", "this", "since", "until", "by", "early", "late", "mid", "-"]) {
            return Some((j, Sem::Season { s: s.to_string(), year: YearSpec::Implicit }, "season"));
        }
        None
    }

    /// Holidays from the lexicon.
    fn holiday(&self, i: usize) -> M {
        if !self.cap(i) {
            return None;
        }
        let (j, v) = self.lex_at("holiday", i)?;
        let (m, rule) = v.split_once('-')?;
        let month = m.parse().ok()?;
        let rule = rule.to_string();
        let k = if self.is(j, ",") { j + 1 } else { j };
        if let Some((l, y)) = self.year_num(k) {
            return Some((l, Sem::Holiday { month, rule, year: YearSpec::Explicit(y) }, "holiday"));
        }
        Some((j, Sem::Holiday { month, rule, year: YearSpec::Implicit }, "holiday"))
    }

    /// Parts of periods: "early next year", "mid-August", "late 2022", "the end of the month",
    /// "earlier this year", "year-end", "the mid-1990s".
    fn part_of(&self, i: usize) -> M {
        let mut k = i;
        let the = self.is(k, "the");
        if the {
            k += 1;
        }
        let (part, mut j) = match self.w(k) {
            "early" if !the => (Part::Early, k + 1),
            "mid" if self.is(k + 1, "-") => (Part::Mid, k + 2),
            "mid" => (Part::Mid, k + 1),
            "late" if !the => (Part::Late, k + 1),
            "end" | "close" if the && self.is(k + 1, "of") => (Part::End, k + 2),
            "beginning" | "start" if the && self.is(k + 1, "of") => (Part::Start, k + 2),
            "middle" if the && self.is(k + 1, "of") => (Part::Mid, k + 2),
            "earlier" | "later" if !the && self.any(k + 1, &["this", "that"]) => {
                let p = if self.is(k, "earlier") { Part::Early } else { Part::Late };
                (p, k + 1)
            }
            "early" | "late" if the => {
                // "the early 1980s", "the late 1970s"
                (if self.is(k, "early") { Part::Early } else { Part::Late }, k + 1)
            }
            "year" if !the && ((self.is(k + 1, "-") && self.glued(k + 1) && self.is(k + 2, "end")) || self.is(k + 1, "end")) => {
                let e = if self.is(k + 1, "-") { k + 3 } else { k + 2 };
                return Some((e, Sem::Part { part: Part::End, inner: Box::new(rel(Unit::Year, 0, AnchorOn::Dct)) }, "year_end"));
            }
            _ => return None,
        };
        if self.is(j, "-") && self.glued(j) {
            j += 1;
        }
        let earlier = self.any(k, &["earlier", "later"]);
        let inner = self
            .month_date(j)
            .filter(|(_, s, _)| matches!(s, Sem::Cal { day: None, .. }))
            .or_else(|| self.year_expr(j).filter(|(_, s, _)| !matches!(s, Sem::Range(..))))
            .or_else(|| self.relative_period(j))
            .or_else(|| self.deictic_day(j).filter(|_| !the))
            .or_else(|| self.weekday_expr(j).filter(|_| !the && !earlier))
            .or_else(|| self.season(j))
            .or_else(|| {
                // "the end of the year", "the end of the month", "mid-decade"
                let l = if self.is(j, "the") { j + 1 } else { j };
                let (e, unit, plural) = self.unit(l)?;
                if plural || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
                    return None;
                }
                if unit == Unit::Quarter {
                    return Some((e, Sem::QuarterRel { n: None, year_ago: false }, "the_quarter"));
                }
                Some((e, rel(unit, 0, AnchorOn::Dct), "rel_period"))
            })?;
        let (e, sem, _) = inner;
        if earlier && !matches!(sem, Sem::Rel { .. }) {
            return None;
        }
        // Dates of a single day are parts of a day: "early Tuesday", "late yesterday".
        Some((e, Sem::Part { part, inner: Box::new(sem) }, "part_of"))
    }

    // ---------------------------------------------------------------- clock times

    /// "3 p.m.", "10:35 a.m. EST", "noon", "midnight Friday", "5 p.m. EST Nov. 6".
    fn clock(&self, i: usize) -> M {
        let (mut j, h, m) = if let Some(v) = self.lex.get("clock", self.w(i)) {
            let (h, m) = v.split_once(':')?;
            (i + 1, h.parse::<u32>().ok()?, Some(m.parse::<u32>().ok()?))
        } else {
            if self.kind(i) != Some(Kind::Num) || self.w(i).len() > 2 || (i > 0 && self.glued(i) && !matches!(self.prev(i), "(" | "\"")) {
                return None;
            }
            let h: u32 = self.w(i).parse().ok()?;
            let (j, m) = if self.is(i + 1, ":") && self.glued(i + 1) && self.glued(i + 2) && self.kind(i + 2) == Some(Kind::Num) && self.w(i + 2).len() == 2 {
                (i + 3, Some(self.w(i + 2).parse::<u32>().ok()?))
            } else {
                (i + 1, None)
            };
            if m.is_some_and(|m| m > 59) || h > 24 {
                return None;
            }
            // am/pm
            let (j2, pm) = if self.any(j, &["a", "p"]) && self.is(j + 1, ".") && self.is(j + 2, "m") {
                let e = if self.is(j + 3, ".") && self.glued(j + 3) && !self.t.get(j + 4).is_some_and(|t| t.cap && !self.lex.has("month", &t.low) && !self.lex.has("weekday", &t.low) && t.low != "est" && t.low != "edt" && t.low != "gmt") {
                    j + 4
                } else if self.is(j + 3, ".") && self.glued(j + 3) && self.t.get(j + 4).is_none() {
                    j + 4
                } else {
                    j + 3
                };
                (e, Some(self.is(j, "p")))
            } else if self.any(j, &["am", "pm"]) {
                (j + 1, Some(self.is(j, "pm")))
            } else if self.is(j, "o'clock") {
                (j + 1, None)
            } else {
                (j, None)
            };
            if j2 == j && m.is_none() {
                return None;
            }
            if j2 == j && !self.glued(i + 1) {
                return None;
            }
            let h = match pm {
                Some(true) if h < 12 => h + 12,
                Some(false) if h == 12 => 0,
                _ => h,
            };
            if pm.is_some() && h > 24 {
                return None;
            }
            (j2, h, m)
        };
        if self.any(j, &["est", "edt", "gmt", "utc", "pst", "pdt", "cst", "cdt", "mst", "mdt", "bst", "cet"]) {
            j += 1;
        } else if self.is(j, "local") && self.is(j + 1, "time") {
            j += 2;
        }
        // optional day after: "noon Saturday", "5 p.m. EST Nov. 6", "3 p.m. today"
        let k = if self.any(j, &["on", ","]) { j + 1 } else { j };
        let day = self
            .weekday_expr(k)
            .filter(|(_, s, _)| matches!(s, Sem::Weekday { .. }))
            .or_else(|| self.deictic_day(k).filter(|(_, s, _)| matches!(s, Sem::Rel { .. })))
            .or_else(|| self.month_date(k).filter(|(_, s, _)| matches!(s, Sem::Cal { day: Some(_), .. } | Sem::Date { .. })));
        if let Some((l, d, _)) = day {
            return Some((l, Sem::Time { h, m, day: Some(Box::new(d)) }, "clock_day"));
        }
        Some((j, Sem::Time { h, m, day: None }, "clock"))
    }

    // ---------------------------------------------------------------- durations and offsets

    /// "three weeks", "the past two months", "48 hours", "five-year", "two days ago",
    /// "three weeks later", "a year earlier", "several years".
    fn duration(&self, i: usize) -> M {
        let mut k = i;
        let mut the = false;
        if self.is(k, "the") {
            the = true;
            k += 1;
        }
        let mut lead = "";
        if self.is(k, "this") && self.is(k + 1, "past") && !the {
            k += 1;
        }
        if self.any(k, &["past", "last", "next", "coming", "first", "previous", "following", "latest", "final", "recent", "other", "initial", "remaining", "same", "prior"]) {
            lead = self.w(k);
            k += 1;
        }
        if !the && self.any(k, &["few", "several", "couple"]) && lead.is_empty() && self.is(i, "the") {
            return None;
        }
        let (j, n) = self.count(k)?;
        if self.kind(k) == Some(Kind::Num) && self.w(k).len() == 4 && n.is_some_and(|v| v >= 1000.0) {
            return None;
        }
        let mut j = j;
        // "five-year", "16-hour"
        let hyphen = self.is(j, "-") && self.glued(j);
        if hyphen {
            j += 1;
        }
        if self.any(j, &["more", "additional", "straight", "consecutive", "full", "long", "whole"]) && !hyphen {
            j += 1;
        }
        let (e, unit, plural) = self.unit(j)?;
        if hyphen && plural && !self.is(e, "-") {
            // "five-years" is not English; keep clear of list constructs.
            return None;
        }
        if matches!(self.w(k), "a" | "an") && plural && (self.kind(k + 1) == Some(Kind::Num) || self.unit(k + 1).is_some()) {
            return None;
        }
        // "a year-earlier quarter" belongs to the quarter rules.
        if self.is(e, "-") && self.glued(e) && self.any(e + 1, &["earlier", "ago"]) {
            return None;
        }
        if unit == Unit::Weekend {
            return None;
        }
        let e = e;
        // Ages ("6-year-old", "52 years old") are not time expressions in TimeML.
        if (self.is(e, "-") && self.is(e + 1, "old")) || self.is(e, "old") {
            return None;
        }
        // "the two-week strike": the determiner belongs to the noun, not to the timex.
        if hyphen && the {
            return None;
        }
        // "the year-earlier nine months": handled by the quarter rules; here offsets.
        if !hyphen && lead.is_empty() && !the {
            match self.w(e) {
                "ago" | "earlier" if unit == Unit::Year && n == Some(1.0) && matches!(self.w(k), "a" | "one") => {
                    return Some((e + 1, Sem::YearAgo { quarter: false }, "year_ago"));
                }
                "ago" => {
                    return Some((e + 1, match n {
                        Some(v) if v.fract() == 0.0 => rel(unit, -(v as i64), AnchorOn::Dct),
                        _ => Sem::Ref("PAST_REF".into()),
                    }, "ago"));
                }
                "earlier" | "later" | "afterwards" | "afterward" | "before" | "after" | "previously" | "prior" | "since" => {
                    let w = self.w(e);
                    let back = matches!(w, "earlier" | "before" | "previously" | "prior");
                    // "before"/"after"/"since" only take part when something follows them.
                    let standalone = matches!(w, "earlier" | "later" | "afterwards" | "afterward" | "previously");
                    if let (Some(v), true) = (n, standalone) {
                        if v.fract() == 0.0 {
                            let n = if back { -(v as i64) } else { v as i64 };
                            return Some((e + 1, rel(unit, n, AnchorOn::Ref), "offset_ref"));
                        }
                    }
                }
                "from" if self.is(e + 1, "now") => {
                    if let Some(v) = n.filter(|v| v.fract() == 0.0) {
                        return Some((e + 2, rel(unit, v as i64, AnchorOn::Dct), "from_now"));
                    }
                }
                _ => {}
            }
        }
        if lead == "same" || lead == "other" {
            return None;
        }
        Some((e, Sem::Duration(unit.duration(n)), "duration"))
    }

    /// Bare plural units after a preposition ("for years", "within hours"), "recent years",
    /// "the coming weeks", "decades-long".
    fn vague_duration(&self, i: usize) -> M {
        let mut k = i;
        if self.is(k, "the") {
            k += 1;
        }
        let lead = self.any(k, &["recent", "coming", "past", "next", "last", "previous", "following", "early", "later"]);
        if lead {
            k += 1;
        }
        let (j, unit, plural) = self.unit(k)?;
        if !plural || unit == Unit::Weekend {
            return None;
        }
        if !lead && !(k > 0 && self.any(k - 1, PLURAL_UNIT_CUES)) && !(self.is(j, "-") && self.glued(j)) {
            return None;
        }
        if !lead && self.is(i, "the") {
            return None;
        }
        let mut e = j;
        if self.is(j, "-") && self.glued(j) && self.any(j + 1, &["long", "old"]) {
            e = j + 2;
        }
        if self.is(e, "ago") {
            return Some((e + 1, Sem::Ref("PAST_REF".into()), "vague_ago"));
        }

        Some((e, Sem::Duration(unit.duration(None)), "vague_duration"))
    }

    /// Sets: "every week", "each Monday", "annually", "twice a year".
    fn set(&self, i: usize) -> M {
        if let Some((j, v)) = self.lex_at("set", i) {
            return Some((j, Sem::Set(v.to_string()), "set_word"));
        }
        let (mut k, freq) = match self.w(i) {
            "every" | "each" | "per" => (i + 1, false),
            "once" | "twice" | "thrice" if self.any(i + 1, &["a", "per", "every", "each"]) => (i + 2, true),
            _ => {
                let (j, _) = self.count(i)?;
                if self.is(j, "times") && self.any(j + 1, &["a", "per", "every", "each"]) {
                    (j + 2, true)
                } else {
                    return None;
                }
            }
        };
        let _ = freq;
        if self.is(k, "other") {
            k += 1;
        }
        if let Some((j, wd)) = self.weekday(k) {
            if let Some((l, part)) = self.partday(j) {
                return Some((l, Sem::Set(format!("XXXX-WXX-{wd}T{part}")), "set_weekday"));
            }
            return Some((j, Sem::Set(format!("XXXX-WXX-{wd}")), "set_weekday"));
        }
        if let Some(m) = self.lex.get("month", self.w(k)).filter(|_| self.cap(k)).and_then(|m| m.parse::<u32>().ok()) {
            return Some((k + 1, Sem::Set(format!("XXXX-{m:02}")), "set_month"));
        }
        if let Some((j, part)) = self.partday(k) {
            return Some((j, Sem::Set(format!("TXX{part}").replace("TXX", "T")), "set_partday"));
        }
        let (j, n) = match self.count(k) {
            Some((j, n)) if !matches!(self.w(k), "a" | "an") => (j, n),
            _ => (k, Some(1.0)),
        };
        let (e, unit, _) = self.unit(j)?;
        Some((e, Sem::Set(unit.duration(n)), "set_every"))
    }

    /// Vague references from the lexicon ("now", "recently", "the future").
    fn vague_ref(&self, i: usize) -> M {
        let (j, v) = self.lex_at("ref", i)?;
        // "now" as a discourse marker before a comma is still PRESENT_REF in TimeML.
        if v == "FUTURE_REF" && self.is(j - 1, "future") && j - i == 1 && self.kind(j) == Some(Kind::Word) && !self.any(j, &["and", "or", "but", "as", "is", "was", "will"]) {
            return None;
        }
        Some((j, Sem::Ref(v.to_string()), "vague_ref"))
    }

    /// "the day", "the week" anchored on the reference time: "that day", "the same day",
    /// "the next day" are in `relative_period`; "the next morning" here.
    fn ref_partday(&self, i: usize) -> M {
        if !(self.is(i, "the") && self.any(i + 1, &["next", "following", "previous"])) {
            return None;
        }
        let (j, part) = self.partday(i + 2)?;
        let n = if self.is(i + 1, "previous") { -1 } else { 1 };
        Some((j, Sem::PartDay { part, day: Box::new(rel(Unit::Day, n, AnchorOn::Ref)) }, "ref_partday"))
    }

    /// All patterns at `i`; the longest wins (earlier patterns win ties).
    fn core(&self, i: usize) -> M {
        let pats: [&dyn Fn(usize) -> M; 19] = [
            &|i| self.the_unit(i),
            &|i| self.spelled_year(i),
            &|i| self.numeric_date(i),
            &|i| self.part_of(i),
            &|i| self.month_date(i),
            &|i| self.weekday_expr(i),
            &|i| self.deictic_day(i),
            &|i| self.quarter(i),
            &|i| self.relative_period(i),
            &|i| self.ref_partday(i),
            &|i| self.holiday(i),
            &|i| self.season(i),
            &|i| self.clock(i),
            &|i| self.year_expr(i),
            &|i| self.duration(i),
            &|i| self.set(i),
            &|i| self.vague_duration(i),
            &|i| self.vague_ref(i),
            &|_| None,
        ];
        let mut best: M = None;
        for p in pats {
            if let Some(m) = p(i) {
                if best.as_ref().is_none_or(|b| m.0 > b.0) {
                    best = Some(m);
                }
            }
        }
        best
    }

    /// A full match at `i`: optional approximators ("about", "at least"), the core, and
    /// "between X and Y" / "from X to Y" ranges.
    fn at(&self, i: usize) -> M {
        if let Some((j, _)) = self.lex_at("approx", i) {
            if let Some((e, sem, rule)) = self.core(j) {
                if matches!(sem, Sem::Duration(_) | Sem::Time { .. } | Sem::Rel { .. } | Sem::Cal { .. } | Sem::Date { .. } | Sem::Year(_) | Sem::Ref(_)) {
                    return Some((e, sem, rule));
                }
            }
        }
        let (e, sem, rule) = self.core(i)?;
        // ranges with explicit connectives
        if i > 0 && self.any(i - 1, &["between", "from"]) && is_point(&sem) {
            let conn: &[&str] = if self.is(i - 1, "between") { &["and"] } else { &["to", "until", "through", "till", "-"] };
            if self.any(e, conn) {
                if let Some((e2, sem2, _)) = self.core(e + 1) {
                    if is_point(&sem2) && same_kind(&sem, &sem2) {
                        return Some((e2, Sem::Range(Box::new(sem), Box::new(sem2)), "range"));
                    }
                }
            }
        }
        Some((e, sem, rule))
    }

    /// Nearest tense cue in the sentence, outside `[s, e)`.
    pub fn tense(&self, s: usize, e: usize) -> Tense {
        // A preposition that looks ahead ("through January", "effective Feb. 1") decides.
        if s > 0 && self.lex.has("future_prep", self.w(s - 1)) {
            return Tense::Future;
        }
        let sid = self.sent[s];
        let mut best: Option<(usize, Tense)> = None;
        let mut consider = |idx: usize, dist: usize| {
            let w = self.w(idx);
            let t = if self.lex.has("future", w) || w.ends_with("'ll") {
                Some(Tense::Future)
            } else if self.lex.has("past", w) || (w.len() >= 5 && w.ends_with("ed") && self.kind(idx) == Some(Kind::Word)) {
                Some(Tense::Past)
            } else {
                None
            };
            if let Some(t) = t {
                if best.is_none_or(|(d, _)| dist < d) {
                    best = Some((dist, t));
                }
            }
        };
        let mut i = s;
        while i > 0 && self.sent[i - 1] == sid {
            i -= 1;
            consider(i, s - i);
        }
        let mut j = e;
        while j < self.t.len() && self.sent[j] == sid {
            consider(j, j + 1 - e);
            j += 1;
        }
        best.map(|(_, t)| t).unwrap_or(Tense::Unknown)
    }

    /// True when the text before token `i` talks about quarters (an earnings report, where
    /// "a year ago" compares with the year-ago quarter).
    fn quarter_context(&self, i: usize) -> bool {
        self.t[..i]
            .iter()
            .any(|t| matches!(t.low.as_str(), "quarter" | "quarterly"))
    }

    /// Scans the whole text.
    pub fn find_all(&self) -> Vec<Cand> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.t.len() {
            match self.at(i) {
                Some((e, sem, rule)) if e > i => {
                    let sem = match sem {
                        Sem::YearAgo { .. } => Sem::YearAgo { quarter: self.quarter_context(i) },
                        other => other,
                    };
                    let tense = self.tense(i, e);
                    out.push(Cand { s: i, e, sem, rule, tense });
                    i = e;
                }
                _ => i += 1,
            }
        }
        out
    }

}

fn rel(unit: Unit, n: i64, anchor: AnchorOn) -> Sem {
    Sem::Rel { unit, n, anchor }
}

fn is_point(s: &Sem) -> bool {
    matches!(s, Sem::Cal { .. } | Sem::Date { .. } | Sem::Year(_) | Sem::Weekday { .. } | Sem::Time { .. })
}

fn same_kind(a: &Sem, b: &Sem) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        || matches!((a, b), (Sem::Cal { .. } | Sem::Date { .. }, Sem::Cal { .. } | Sem::Date { .. }))
}
