//! Amounts of time and points on the clock: durations and offsets ("three weeks later"),
//! sets ("every week"), vague references ("recently") and clock times ("3 p.m.").

use super::{rel, Rules, M, PLURAL_UNIT_CUES};
use crate::sem::{AnchorOn, Sem, Unit};
use crate::token::Kind;

impl Rules<'_> {
    /// "3 p.m.", "10:35 a.m. EST", "noon", "midnight Friday", "5 p.m. EST Nov. 6".
    pub(super) fn clock(&self, i: usize) -> M {
        let (mut j, h, m) = if let Some(v) = self.lex.get("clock", self.w(i)) {
            let (h, m) = v.split_once(':')?;
            (i + 1, h.parse::<u32>().ok()?, Some(m.parse::<u32>().ok()?))
        } else {
            if self.kind(i) != Some(Kind::Num)
                || self.w(i).len() > 2
                || (i > 0 && self.glued(i) && !matches!(self.prev(i), "(" | "\""))
            {
                return None;
            }
            let h: u32 = self.w(i).parse().ok()?;
            let (j, m) = if self.is(i + 1, ":")
                && self.glued(i + 1)
                && self.glued(i + 2)
                && self.kind(i + 2) == Some(Kind::Num)
                && self.w(i + 2).len() == 2
            {
                (i + 3, Some(self.w(i + 2).parse::<u32>().ok()?))
            } else {
                (i + 1, None)
            };
            if m.is_some_and(|m| m > 59) || h > 24 {
                return None;
            }
            // am/pm
            let (j2, pm) = if self.any(j, &["a", "p"]) && self.is(j + 1, ".") && self.is(j + 2, "m")
            {
                // The final period of "p.m." also ends a sentence when a capital follows.
                let sentence_end = self.t.get(j + 4).is_some_and(|t| {
                    t.cap
                        && !self.lex.has("month", &t.low)
                        && !self.lex.has("weekday", &t.low)
                        && !matches!(t.low.as_str(), "est" | "edt" | "gmt")
                });
                let e = if self.is(j + 3, ".") && self.glued(j + 3) && !sentence_end {
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
        if self.any(
            j,
            &[
                "est", "edt", "gmt", "utc", "pst", "pdt", "cst", "cdt", "mst", "mdt", "bst", "cet",
            ],
        ) {
            j += 1;
        } else if self.is(j, "local") && self.is(j + 1, "time") {
            j += 2;
        }
        // optional day after: "noon Saturday", "5 p.m. EST Nov. 6", "3 p.m. today"
        let k = if self.any(j, &["on", ","]) { j + 1 } else { j };
        let day = self
            .weekday_expr(k)
            .filter(|(_, s, _)| matches!(s, Sem::Weekday { .. }))
            .or_else(|| {
                self.deictic_day(k)
                    .filter(|(_, s, _)| matches!(s, Sem::Rel { .. }))
            })
            .or_else(|| {
                self.month_date(k).filter(|(_, s, _)| {
                    matches!(s, Sem::Cal { day: Some(_), .. } | Sem::Date { .. })
                })
            });
        if let Some((l, d, _)) = day {
            return Some((
                l,
                Sem::Time {
                    h,
                    m,
                    day: Some(Box::new(d)),
                },
                "clock_day",
            ));
        }
        Some((j, Sem::Time { h, m, day: None }, "clock"))
    }

    /// "three weeks", "the past two months", "48 hours", "five-year", "two days ago",
    /// "three weeks later", "a year earlier", "several years".
    pub(super) fn duration(&self, i: usize) -> M {
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
        if self.any(
            k,
            &[
                "past",
                "last",
                "next",
                "coming",
                "first",
                "previous",
                "following",
                "latest",
                "final",
                "recent",
                "other",
                "initial",
                "remaining",
                "same",
                "prior",
            ],
        ) {
            lead = self.w(k);
            k += 1;
        }
        if !the
            && self.any(k, &["few", "several", "couple"])
            && lead.is_empty()
            && self.is(i, "the")
        {
            return None;
        }
        let (j, n) = self.count(k)?;
        if self.kind(k) == Some(Kind::Num) && self.w(k).len() == 4 && n.is_some_and(|v| v >= 1000.0)
        {
            return None;
        }
        // "two to three weeks", "12 to 18 months": one vague amount, read as its lower bound.
        let j = match (self.w(j), self.count(j + 1)) {
            ("to" | "or" | "-", Some((j2, Some(_)))) if n.is_some() && self.unit(j2).is_some() => {
                j2
            }
            _ => j,
        };
        // "$1.76 a year", "four flights a week": a rate, not a time expression.
        if k == i
            && matches!(self.w(k), "a" | "an")
            && k > 0
            && !self.any(j + 1, &["ago", "earlier", "later", "before", "after", "-"])
        {
            let p = self.w(k - 1);
            let rate = self.kind(k - 1) == Some(Kind::Num)
                || matches!(
                    p,
                    "million"
                        | "billion"
                        | "thousand"
                        | "percent"
                        | "%"
                        | "cents"
                        | "dollars"
                        | "times"
                        | "once"
                        | "twice"
                )
                || (p.len() > 3
                    && p.ends_with('s')
                    && self.kind(k - 1) == Some(Kind::Word)
                    && !self.cap(k - 1));
            if rate {
                return None;
            }
        }
        let mut j = j;
        // "five-year", "16-hour"
        let hyphen = self.is(j, "-") && self.glued(j);
        if hyphen {
            j += 1;
        }
        if self.any(
            j,
            &[
                "more",
                "additional",
                "straight",
                "consecutive",
                "full",
                "long",
                "whole",
            ],
        ) && !hyphen
        {
            j += 1;
        }
        let (e, unit, plural) = self.unit(j)?;
        // A figure followed by a capitalised "Year" across a line is a table, not a duration.
        if self.kind(k) == Some(Kind::Num) && self.cap(j) {
            return None;
        }
        if n.is_some_and(|v| v >= 10_000.0)
            && matches!(
                unit,
                Unit::Year | Unit::Decade | Unit::Century | Unit::Quarter | Unit::Month
            )
        {
            return None;
        }
        if hyphen && plural && !self.is(e, "-") {
            // "five-years" is not English; keep clear of list constructs.
            return None;
        }
        if matches!(self.w(k), "a" | "an")
            && plural
            && (self.kind(k + 1) == Some(Kind::Num) || self.unit(k + 1).is_some())
        {
            return None;
        }
        // "a year-earlier quarter" belongs to the quarter rules.
        if self.is(e, "-") && self.glued(e) && self.any(e + 1, &["earlier", "ago"]) {
            return None;
        }
        if unit == Unit::Weekend {
            return None;
        }
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
                "ago" | "earlier"
                    if unit == Unit::Year && n == Some(1.0) && matches!(self.w(k), "a" | "one") =>
                {
                    return Some((e + 1, Sem::YearAgo { quarter: false }, "year_ago"));
                }
                "ago" => {
                    return Some((
                        e + 1,
                        match n {
                            Some(v) if v.fract() == 0.0 => rel(unit, -(v as i64), AnchorOn::Dct),
                            _ => Sem::Ref("PAST_REF".into()),
                        },
                        "ago",
                    ));
                }
                "earlier" | "later" | "afterwards" | "afterward" | "before" | "after"
                | "previously" | "prior" | "since" => {
                    let w = self.w(e);
                    let back = matches!(w, "earlier" | "before" | "previously" | "prior");
                    // "three weeks later" closes the expression; "three weeks after Moore's
                    // visit" needs something after the signal, and the signal stays outside.
                    let standalone = matches!(
                        w,
                        "earlier" | "later" | "afterwards" | "afterward" | "previously"
                    );
                    let followed = matches!(w, "before" | "after")
                        && self.kind(e + 1).is_some_and(|k| k != Kind::Punct);
                    if let Some(v) = n.filter(|v| v.fract() == 0.0) {
                        let n = if back { -(v as i64) } else { v as i64 };
                        let anchored = Sem::Anchored {
                            duration: unit.duration(Some(v)),
                            date: Box::new(rel(unit, n, AnchorOn::Ref)),
                            signal: standalone,
                        };
                        if standalone {
                            return Some((e + 1, anchored, "offset_ref"));
                        }
                        if followed {
                            return Some((e, anchored, "offset_event"));
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
    pub(super) fn vague_duration(&self, i: usize) -> M {
        let mut k = i;
        if self.is(k, "the") {
            k += 1;
        }
        let lead = self.any(
            k,
            &[
                "recent",
                "coming",
                "past",
                "next",
                "last",
                "previous",
                "following",
                "early",
                "later",
            ],
        );
        if lead {
            k += 1;
        }
        let (j, unit, plural) = self.unit(k)?;
        if !plural || unit == Unit::Weekend {
            return None;
        }
        let cued = k > 0 && self.any(k - 1, PLURAL_UNIT_CUES);
        if !(lead || cued || (self.is(j, "-") && self.glued(j))) {
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
        // "recent years", "past years": TimeML reads vague years behind us as PAST_REF, while
        // "recent weeks" stays a vague duration.
        if unit == Unit::Year && k > i && self.any(k - 1, &["recent", "past"]) && !self.is(i, "the")
        {
            return Some((e, Sem::Ref("PAST_REF".into()), "recent_years"));
        }

        Some((e, Sem::Duration(unit.duration(None)), "vague_duration"))
    }

    /// Sets: "every week", "each Monday", "annually", "twice a year".
    pub(super) fn set(&self, i: usize) -> M {
        if let Some((j, v)) = self.lex_at("set", i) {
            // "average daily volume", "the party daily": adjective or noun, not a recurrence.
            if i > 0 && self.is(i - 1, "average") {
                return None;
            }
            return Some((j, Sem::Set(v.to_string()), "set_word"));
        }
        let (mut k, freq) = match self.w(i) {
            "every" | "each" | "per" => (i + 1, false),
            "once" | "twice" | "thrice" if self.any(i + 1, &["a", "per", "every", "each"]) => {
                (i + 2, true)
            }
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
        if let Some(m) = self
            .lex
            .get("month", self.w(k))
            .filter(|_| self.cap(k))
            .and_then(|m| m.parse::<u32>().ok())
        {
            return Some((k + 1, Sem::Set(format!("XXXX-{m:02}")), "set_month"));
        }
        if let Some((j, part)) = self.partday(k) {
            return Some((
                j,
                Sem::Set(format!("TXX{part}").replace("TXX", "T")),
                "set_partday",
            ));
        }
        let (j, n) = match self.count(k) {
            Some((j, n)) if !matches!(self.w(k), "a" | "an") => (j, n),
            _ => (k, Some(1.0)),
        };
        let (e, unit, _) = self.unit(j)?;
        Some((e, Sem::Set(unit.duration(n)), "set_every"))
    }

    /// Vague references from the lexicon ("now", "recently", "the future").
    pub(super) fn vague_ref(&self, i: usize) -> M {
        let (j, v) = self.lex_at("ref", i)?;
        // "now" as a discourse marker before a comma is still PRESENT_REF in TimeML.
        if v == "FUTURE_REF"
            && self.is(j - 1, "future")
            && j - i == 1
            && self.kind(j) == Some(Kind::Word)
            && !self.any(j, &["and", "or", "but", "as", "is", "was", "will"])
        {
            return None;
        }
        Some((j, Sem::Ref(v.to_string()), "vague_ref"))
    }
}
