//! Recognition: hand-written patterns over tokens, HeidelTime style. Each pattern returns the
//! tokens it covers and a [`Sem`]; the longest match at a position wins and matching resumes
//! after it.

use crate::lexicon::Lexicon;
use crate::sem::{AnchorOn, Sem, Tense, Unit};
use crate::token::{Kind, Tok};

mod amount;
mod calendar;
mod relative;

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
    "in",
    "since",
    "of",
    "by",
    "until",
    "till",
    "from",
    "to",
    "before",
    "after",
    "during",
    "between",
    "and",
    "through",
    "early",
    "late",
    "mid",
    "fiscal",
    "year",
    "summer",
    "winter",
    "spring",
    "autumn",
    "fall",
    "end",
    "beginning",
    "start",
    "around",
    "about",
    "circa",
    "as",
    "for",
    "or",
    "than",
    "-",
    "the",
];

/// How much farther a tense cue after an expression counts than one before it.
const AFTER_WEIGHT: usize = 3;

/// Prepositions after which a bare plural unit ("years") is a duration.
const PLURAL_UNIT_CUES: &[&str] = &[
    "for", "within", "over", "in", "after", "before", "than", "take", "took", "takes", "taking",
    "lasted", "last",
];

/// The pattern matcher over one document's tokens.
pub struct Rules<'a> {
    t: &'a [Tok],
    lex: &'a Lexicon,
    /// Sentence id of each token.
    sent: Vec<usize>,
    /// Per token, the nearest tense cue before it in its sentence (index, tense).
    cue_before: Vec<Option<(usize, Tense)>>,
    /// Per token, the nearest tense cue at or after it in its sentence.
    cue_from: Vec<Option<(usize, Tense)>>,
    /// Index of the first "quarter"/"quarterly" token.
    first_quarter: Option<usize>,
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
                        && !(i >= 2
                            && t[i - 2].kind == Kind::Word
                            && t[i - 2].low.len() <= 4
                            && tok.kind == Kind::Num));
                if boundary {
                    id += 1;
                }
            }
            sent.push(id);
        }
        // Cue positions are computed once per text, so finding an expression's tense is
        // constant time and the stage stays linear however many expressions a (run-on)
        // sentence holds.
        let cue: Vec<Option<Tense>> = (0..t.len()).map(|i| tense_cue(t, lex, i)).collect();
        let mut cue_before = vec![None; t.len()];
        for i in 1..t.len() {
            if sent[i - 1] == sent[i] {
                cue_before[i] = cue[i - 1].map(|c| (i - 1, c)).or(cue_before[i - 1]);
            }
        }
        let mut cue_from = vec![None; t.len()];
        for i in (0..t.len()).rev() {
            cue_from[i] = cue[i].map(|c| (i, c)).or_else(|| {
                (i + 1 < t.len() && sent[i + 1] == sent[i])
                    .then(|| cue_from[i + 1])
                    .flatten()
            });
        }
        let first_quarter = t
            .iter()
            .position(|t| matches!(t.low.as_str(), "quarter" | "quarterly"));
        Rules {
            t,
            lex,
            sent,
            cue_before,
            cue_from,
            first_quarter,
        }
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
        let first = self.t.get(i)?;
        if !self.lex.starts(cat, &first.low) {
            return None;
        }
        let max = self.lex.max_len(cat);
        for len in (1..=max).rev() {
            if i + len > self.t.len() {
                continue;
            }
            if len == 1 {
                return self.lex.get(cat, &first.low).map(|v| (i + 1, v));
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
            if matches!(p, "," | "." | "$" | "#" | "/" | ":")
                || self.kind(i - 1) == Some(Kind::Word)
            {
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
            while self.is(j, ",")
                && self.glued(j)
                && self.kind(j + 1) == Some(Kind::Num)
                && self.glued(j + 1)
                && self.w(j + 1).len() == 3
            {
                s.push_str(self.w(j + 1));
                j += 2;
            }
            let mut v: f64 = s.parse().ok()?;
            if self.is(j, ".")
                && self.glued(j)
                && self.kind(j + 1) == Some(Kind::Num)
                && self.glued(j + 1)
            {
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
                if let Some(u) = self
                    .lex
                    .get("number", self.w(k))
                    .and_then(|v| v.parse::<f64>().ok())
                {
                    if u < 10.0
                        && self.kind(k) == Some(Kind::Word)
                        && !matches!(self.w(k), "a" | "an")
                    {
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
        if self.kind(i) == Some(Kind::Num)
            && self.glued(i + 1)
            && self.any(i + 1, &["st", "nd", "rd", "th"])
        {
            return Some((i + 2, self.w(i).parse().ok()?));
        }
        if let Some(v) = self.lex.get("ordinal", self.w(i)) {
            return Some((i + 1, v.parse().ok()?));
        }
        if let Some(tens) = self
            .lex
            .get("number", self.w(i))
            .and_then(|v| v.parse::<u32>().ok())
        {
            if (20..=90).contains(&tens) && tens % 10 == 0 && self.is(i + 1, "-") {
                if let Some(u) = self
                    .lex
                    .get("ordinal", self.w(i + 2))
                    .and_then(|v| v.parse::<u32>().ok())
                {
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
                &[
                    "in", "since", "early", "late", "mid", "last", "next", "this", "until", "by",
                    "of", "during", "from", "through", "-", "till", "before", "after", "and", "or",
                    "to", "each", "every", "that",
                ],
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
            if self.glued(i + 1)
                && matches!(self.w(i + 1), ":" | "." | ",")
                && self.kind(i + 2) == Some(Kind::Num)
                && self.glued(i + 2)
            {
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
        if self.is(i, "'")
            && self.kind(i + 1) == Some(Kind::Num)
            && self.glued(i + 1)
            && self.w(i + 1).len() == 2
        {
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
        if i > 0
            && matches!(
                self.prev(i),
                "$" | "#"
                    | "no"
                    | "number"
                    | "nos"
                    | "route"
                    | "flight"
                    | "article"
                    | "resolution"
                    | "page"
                    | "model"
                    | "room"
                    | "box"
            )
        {
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
        if matches!(
            next,
            "people"
                | "men"
                | "women"
                | "children"
                | "feet"
                | "foot"
                | "miles"
                | "metres"
                | "meters"
                | "km"
                | "kilometers"
                | "kilometres"
                | "tons"
                | "tonnes"
                | "troops"
                | "soldiers"
                | "times"
                | "points"
                | "yards"
                | "pounds"
        ) {
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
        self.lex
            .get("partday", self.w(i))
            .map(|v| (i + 1, v.to_string()))
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
                if matches!(
                    sem,
                    Sem::Duration(_)
                        | Sem::Anchored { .. }
                        | Sem::Time { .. }
                        | Sem::Rel { .. }
                        | Sem::Cal { .. }
                        | Sem::Date { .. }
                        | Sem::Year(_)
                        | Sem::Ref(_)
                ) {
                    return Some((e, sem, rule));
                }
            }
        }
        let (e, sem, rule) = self.core(i)?;
        // "the next year or so": the hedge belongs to the expression.
        let e = if self.is(e, "or")
            && self.is(e + 1, "so")
            && matches!(sem, Sem::Duration(_) | Sem::Rel { .. })
        {
            e + 2
        } else {
            e
        };
        // ranges with explicit connectives
        if i > 0 && self.any(i - 1, &["between", "from"]) && is_point(&sem) {
            let conn: &[&str] = if self.is(i - 1, "between") {
                &["and"]
            } else {
                &["to", "until", "through", "till", "-"]
            };
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

    /// Nearest tense cue in the sentence, outside `[s, e)`. The governing verb usually comes
    /// first ("he was charged Thursday"), so cues after the expression count less; on a tie
    /// the cue before wins.
    pub fn tense(&self, s: usize, e: usize) -> Tense {
        let sid = self.sent[s];
        let before = self.cue_before[s].map(|(i, t)| (s - i, t));
        let after = match (self.sent.get(e), self.cue_from.get(e)) {
            (Some(&se), Some(&Some((j, t)))) if se == sid => Some(((j + 1 - e) * AFTER_WEIGHT, t)),
            _ => None,
        };
        match (before, after) {
            (Some((db, tb)), Some((da, ta))) => {
                if da < db {
                    ta
                } else {
                    tb
                }
            }
            (Some((_, t)), None) | (None, Some((_, t))) => t,
            (None, None) => Tense::Unknown,
        }
    }

    /// True when the text before token `i` talks about quarters (an earnings report, where
    /// "a year ago" compares with the year-ago quarter).
    fn quarter_context(&self, i: usize) -> bool {
        self.first_quarter.is_some_and(|q| q < i)
    }

    /// The day named right before token `i` ("Monday at", "on Oct. 2,"), if any.
    fn day_before(&self, found: &[Cand], i: usize) -> Option<Sem> {
        let prev = found.last()?;
        let gap_ok = prev.e == i || (prev.e + 1 == i && self.any(prev.e, &["at", ","]));
        let day_like = matches!(
            prev.sem,
            Sem::Weekday { .. }
                | Sem::Cal { day: Some(_), .. }
                | Sem::Date { .. }
                | Sem::Holiday { .. }
                | Sem::Rel {
                    unit: Unit::Day,
                    ..
                }
        );
        (gap_ok && day_like).then(|| prev.sem.clone())
    }

    /// Scans the whole text.
    pub fn find_all(&self) -> Vec<Cand> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.t.len() {
            match self.at(i) {
                Some((e, sem, rule)) if e > i => {
                    let sem = match sem {
                        Sem::YearAgo { .. } => Sem::YearAgo {
                            quarter: self.quarter_context(i),
                        },
                        // "Monday at 3 p.m.": the clock time is on the day just named (the two
                        // stay separate expressions, as in TimeML).
                        Sem::Time { h, m, day: None } => Sem::Time {
                            h,
                            m,
                            day: self.day_before(&out, i).map(Box::new),
                        },
                        other => other,
                    };
                    // A preposition that looks ahead ("through January", "effective Feb. 1")
                    // settles a month date.
                    let tense = if matches!(sem, Sem::Cal { .. })
                        && i > 0
                        && self.lex.has("future_prep", self.w(i - 1))
                    {
                        Tense::Future
                    } else {
                        self.tense(i, e)
                    };
                    out.push(Cand {
                        s: i,
                        e,
                        sem,
                        rule,
                        tense,
                    });
                    i = e;
                }
                _ => i += 1,
            }
        }
        out
    }
}

/// The tense a token signals on its own: a future or past cue word, "'ll", or a long "-ed" word.
fn tense_cue(t: &[Tok], lex: &Lexicon, i: usize) -> Option<Tense> {
    let w = t[i].low.as_str();
    if lex.has("future", w) || w.ends_with("'ll") {
        Some(Tense::Future)
    } else if lex.has("past", w) || (w.len() >= 5 && w.ends_with("ed") && t[i].kind == Kind::Word) {
        Some(Tense::Past)
    } else {
        None
    }
}

fn rel(unit: Unit, n: i64, anchor: AnchorOn) -> Sem {
    Sem::Rel { unit, n, anchor }
}

fn is_point(s: &Sem) -> bool {
    matches!(
        s,
        Sem::Cal { .. } | Sem::Date { .. } | Sem::Year(_) | Sem::Weekday { .. } | Sem::Time { .. }
    )
}

fn same_kind(a: &Sem, b: &Sem) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
        || matches!(
            (a, b),
            (
                Sem::Cal { .. } | Sem::Date { .. },
                Sem::Cal { .. } | Sem::Date { .. }
            )
        )
}
