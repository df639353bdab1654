//! Calendar patterns: month-day dates and ranges, numeric dates, years, decades and
//! centuries, weekdays, quarters, seasons and holidays.

use super::{Rules, M};
use crate::sem::{Sem, Unit, YearSpec};
use crate::token::Kind;

impl Rules<'_> {
    /// Month-day-year, day-month-year, month-year, month alone, with ranges.
    pub(super) fn month_date(&self, i: usize) -> M {
        // day month [year]: "6 September 2023"
        if let Some((j, d)) = self.day(i) {
            let j2 = if self.is(j, "of") { j + 1 } else { j };
            if let Some((k, m)) = self.month(j2) {
                if let Some((l, y)) = self.opt_year(k) {
                    return Some((l, Sem::Date { y, m, d }, "day_month_year"));
                }
                return Some((
                    k,
                    Sem::Cal {
                        year: YearSpec::Implicit,
                        month: m,
                        day: Some(d),
                    },
                    "day_month",
                ));
            }
        }
        let (j, m) = self.month(i)?;
        // month day
        if let Some((k, d)) = self.day(j) {
            if self.glued(k)
                && self.is(k, ":")
                && self.glued(k + 1)
                && self.kind(k + 1) == Some(Kind::Num)
            {
                return None;
            }
            // range: "October 2-3", "October 2 to 5", "Oct. 30 - Nov. 2"
            if let Some((l, end)) = self.range_tail(k, m, d) {
                return Some((l, end, "month_day_range"));
            }
            if let Some((l, y)) = self.opt_year(k) {
                return Some((l, Sem::Date { y, m, d }, "month_day_year"));
            }
            return Some((
                k,
                Sem::Cal {
                    year: YearSpec::Implicit,
                    month: m,
                    day: Some(d),
                },
                "month_day",
            ));
        }
        // month year: "September 2023", "June of 1994"
        let k = if self.is(j, ",") || self.is(j, "of") {
            j + 1
        } else {
            j
        };
        if let Some((l, y)) = self.year_num(k) {
            return Some((
                l,
                Sem::Cal {
                    year: YearSpec::Explicit(y),
                    month: m,
                    day: None,
                },
                "month_year",
            ));
        }
        // "January this year", "March last year"
        if self.is(j, "this") && self.is(j + 1, "year") {
            return Some((
                j + 2,
                Sem::Cal {
                    year: YearSpec::This,
                    month: m,
                    day: None,
                },
                "month_this_year",
            ));
        }
        if self.any(j, &["last", "next"]) && self.is(j + 1, "year") {
            let off = if self.is(j, "last") { -1 } else { 1 };
            return Some((
                j + 2,
                Sem::Cal {
                    year: YearSpec::Offset(off),
                    month: m,
                    day: None,
                },
                "month_rel_year",
            ));
        }
        Some((
            j,
            Sem::Cal {
                year: YearSpec::Implicit,
                month: m,
                day: None,
            },
            "month",
        ))
    }

    /// ", 2023" or " 2023" after a month-day.
    pub(super) fn opt_year(&self, k: usize) -> Option<(usize, i32)> {
        let k2 = if self.is(k, ",") { k + 1 } else { k };
        let (l, y) = self.year_num(k2)?;
        // "Oct. 2, 1000 people" is not a year.
        if self.kind(l) == Some(Kind::Word)
            && !self.cap(l)
            && self.w(l).ends_with('s')
            && self.w(l).len() > 3
        {
            return None;
        }
        Some((l, y))
    }

    /// The end of a day range after "Month D".
    pub(super) fn range_tail(&self, k: usize, m: u32, d: u32) -> Option<(usize, Sem)> {
        if !self.any(
            k,
            &[
                "-", "\u{2013}", "\u{2014}", "to", "through", "until", "till", "and",
            ],
        ) {
            return None;
        }
        let start_cal = |y: Option<i32>| match y {
            Some(y) => Sem::Date { y, m, d },
            None => Sem::Cal {
                year: YearSpec::Implicit,
                month: m,
                day: Some(d),
            },
        };
        // "Oct. 30 - Nov. 2[, 2023]"
        if let Some((l, m2)) = self.month(k + 1) {
            if let Some((l2, d2)) = self.day(l) {
                let y = self.opt_year(l2);
                let end = match y {
                    Some((_, y)) => Sem::Date { y, m: m2, d: d2 },
                    None => Sem::Cal {
                        year: YearSpec::Implicit,
                        month: m2,
                        day: Some(d2),
                    },
                };
                let e = y.map(|(e, _)| e).unwrap_or(l2);
                return Some((
                    e,
                    Sem::Range(Box::new(start_cal(y.map(|(_, y)| y))), Box::new(end)),
                ));
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
            None => Sem::Cal {
                year: YearSpec::Implicit,
                month: m,
                day: Some(d2),
            },
        };
        Some((e, Sem::Range(Box::new(start_cal(yy)), Box::new(end))))
    }

    /// Numeric dates: 2023-12-26, 12/26/2023, 26.12.2023.
    pub(super) fn numeric_date(&self, i: usize) -> M {
        if self.kind(i) != Some(Kind::Num)
            || (i > 0 && self.glued(i) && self.kind(i - 1) != Some(Kind::Punct))
        {
            return None;
        }
        let a = self.w(i);
        let sep = self.w(i + 1);
        if !matches!(sep, "-" | "/" | ".")
            || !self.glued(i + 1)
            || !self.glued(i + 2)
            || !self.glued(i + 3)
            || self.w(i + 3) != sep
            || !self.glued(i + 4)
        {
            return None;
        }
        let b = self.w(i + 2);
        let c = self.w(i + 4);
        if self.kind(i + 2) != Some(Kind::Num) || self.kind(i + 4) != Some(Kind::Num) {
            return None;
        }
        if self.glued(i + 5)
            && (self.kind(i + 5) == Some(Kind::Num)
                || self.kind(i + 5) == Some(Kind::Word)
                || matches!(self.w(i + 5), "-" | "/"))
        {
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
    pub(super) fn year_expr(&self, i: usize) -> M {
        // decades: "1990s", "'90s", "the 1990s"
        let k = if self.is(i, "the") { i + 1 } else { i };
        if self.kind(k) == Some(Kind::Num)
            && self.w(k).len() == 4
            && self.w(k).ends_with('0')
            && self.is(k + 1, "s")
            && self.glued(k + 1)
        {
            let y: i32 = self.w(k).parse().ok()?;
            return Some((k + 2, Sem::Decade(y / 10), "decade"));
        }
        if self.is(k, "'")
            && self.kind(k + 1) == Some(Kind::Num)
            && self.w(k + 1).len() == 2
            && self.glued(k + 1)
            && self.is(k + 2, "s")
            && self.glued(k + 2)
        {
            let y: i32 = self.w(k + 1).parse().ok()?;
            let full = if y >= 30 { 1900 + y } else { 2000 + y };
            return Some((k + 3, Sem::Decade(full / 10), "decade"));
        }
        // "the nineties"
        if k > i {
            if let Some(d) = self
                .lex
                .get("decade", self.w(k))
                .and_then(|d| d.parse().ok())
            {
                return Some((k + 1, Sem::Decade(d), "decade_word"));
            }
        }
        // centuries: "the 20th century"
        if let Some((j, n)) = self.ordinal(k) {
            if self.is(j, "century") && (1..=21).contains(&n) {
                return Some((j + 1, Sem::Century(n as i32 - 1), "century"));
            }
        }
        if self.is(i, "fiscal") || (self.is(i, "the") && self.is(i + 1, "year")) {
            let j = if self.is(i, "fiscal") {
                if self.is(i + 1, "year") {
                    i + 2
                } else {
                    i + 1
                }
            } else {
                i + 2
            };
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
                    return Some((
                        l,
                        Sem::Range(Box::new(Sem::Year(y)), Box::new(Sem::Year(y2))),
                        "year_range",
                    ));
                }
            }
            if self.kind(j + 1) == Some(Kind::Num) && self.w(j + 1).len() == 2 && self.glued(j + 1)
            {
                let y2 = y / 100 * 100 + self.w(j + 1).parse::<i32>().ok()?;
                if y2 > y && !self.glued(j + 2) {
                    return Some((
                        j + 2,
                        Sem::Range(Box::new(Sem::Year(y)), Box::new(Sem::Year(y2))),
                        "year_range",
                    ));
                }
            }
            return None;
        }
        Some((j, Sem::Year(y), "year"))
    }

    /// "Monday", "Monday, Oct. 26", "Monday morning", "last Tuesday", "next Friday".
    pub(super) fn weekday_expr(&self, i: usize) -> M {
        let (shift, k) = match self.w(i) {
            "last" | "past" | "previous" => (-1, i + 1),
            "next" | "coming" => (1, i + 1),
            "this" if self.is(i + 1, "coming") => (1, i + 2),
            "this" => (0, i + 1),
            "the" if self.any(i + 1, &["previous", "past"]) => (-1, i + 2),
            "the" if self.any(i + 1, &["next", "following", "coming"]) => (1, i + 2),
            _ => (0, i),
        };
        let k = if self.is(k, "coming") && shift == 0 && k > i {
            k + 1
        } else {
            k
        };
        let (j, wd) = self.weekday(k)?;
        let shift = if self.is(i, "this") && self.is(i + 1, "coming") {
            1
        } else {
            shift
        };
        if k == i {
            // "Monday, Oct. 26[, 1998]"
            let c = if self.is(j, ",") { j + 1 } else { j };
            if let Some((l, sem, _)) = self.month_date(c) {
                if matches!(
                    sem,
                    Sem::Cal { day: Some(_), .. } | Sem::Date { .. } | Sem::Range(..)
                ) {
                    return Some((l, sem, "weekday_date"));
                }
            }
        }
        let base = Sem::Weekday { wd, shift };
        if let Some((l, part)) = self.partday(j) {
            return Some((
                l,
                Sem::PartDay {
                    part,
                    day: Box::new(base),
                },
                "weekday_partday",
            ));
        }
        Some((j, base, "weekday"))
    }

    /// Quarters: "the third quarter", "third-quarter", "the fourth quarter of 1990",
    /// "the year-earlier quarter", "Q3 2023".
    pub(super) fn quarter(&self, i: usize) -> M {
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
        if self.any(k, &["this", "last", "next"])
            && self.is(k + 1, "year")
            && self.is(k + 2, "'")
            && self.is(k + 3, "s")
        {
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
            let hyphen = self.is(j, "-") && self.glued(j);
            // "the third-quarter results": the determiner belongs to the noun.
            if hyphen && self.is(i, "the") {
                return None;
            }
            let j = if hyphen { j + 1 } else { j };
            let j = if self.is(j, "fiscal") { j + 1 } else { j };
            if !self.is(j, "quarter") {
                return None;
            }
            let mut e = j + 1;
            let k2 = if self.is(e, "of") || self.is(e, ",") {
                e + 1
            } else {
                e
            };
            if let Some((l, y)) = self.year_num(k2) {
                year = YearSpec::Explicit(y);
                e = l;
            } else if self.is(e, "of") && self.is(e + 1, "fiscal") {
                if let Some((l, y)) = self.year_num(e + 2) {
                    year = YearSpec::Explicit(y);
                    e = l;
                }
            } else if self.is(e, "of")
                && self.any(e + 1, &["this", "last", "next"])
                && self.is(e + 2, "year")
            {
                year = match self.w(e + 1) {
                    "this" => YearSpec::Offset(0),
                    "last" => YearSpec::Offset(-1),
                    _ => YearSpec::Offset(1),
                };
                e += 3;
            }
            if year_ago {
                return Some((
                    e,
                    Sem::QuarterRel {
                        n: None,
                        year_ago: true,
                    },
                    "quarter_year_ago",
                ));
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
                return Some((
                    k + 1,
                    Sem::QuarterRel {
                        n: None,
                        year_ago: true,
                    },
                    "year_ago_period",
                ));
            }
        }
        None
    }

    /// "nine months" after "the year-earlier".
    pub(super) fn year_ago_duration(&self, k: usize) -> Option<(usize, Unit, Option<f64>)> {
        let (j, n) = self.count(k)?;
        let (e, u, _) = self.unit(j)?;
        Some((e, u, n))
    }

    /// Spelled-out years: "nineteen ninety-six", "two thousand three".
    pub(super) fn spelled_year(&self, i: usize) -> M {
        let k = if self.is(i, "the") && self.is(i + 1, "year") {
            i + 2
        } else {
            i
        };
        let (j, base) = if self.is(k, "nineteen") {
            (k + 1, 1900)
        } else if self.is(k, "two") && self.is(k + 1, "thousand") {
            let j = if self.is(k + 2, "and") { k + 3 } else { k + 2 };
            match self.count(j) {
                Some((e, Some(v)))
                    if (1.0..100.0).contains(&v)
                        && self.kind(j) == Some(Kind::Word)
                        && !matches!(self.w(j), "a" | "an") =>
                {
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
    pub(super) fn season(&self, i: usize) -> M {
        let k = if self.is(i, "the") { i + 1 } else { i };
        let s = self.lex.get("season", self.w(k))?;
        if s == "FA"
            && !self.cap(k)
            && self.is(k, "fall")
            && !self.is(i, "the")
            && !self.any(
                k.wrapping_sub(1),
                &["in", "this", "last", "next", "early", "late", "during"],
            )
        {
            return None;
        }
        let j = k + 1;
        let j2 = if self.is(j, "of") { j + 1 } else { j };
        if let Some((l, y)) = self.year_num(j2) {
            return Some((
                l,
                Sem::Season {
                    s: s.to_string(),
                    year: YearSpec::Explicit(y),
                },
                "season_year",
            ));
        }
        if self.is(i, "the")
            || self.any(
                k.wrapping_sub(1),
                &[
                    "in", "during", "this", "since", "until", "by", "early", "late", "mid", "-",
                ],
            )
        {
            return Some((
                j,
                Sem::Season {
                    s: s.to_string(),
                    year: YearSpec::Implicit,
                },
                "season",
            ));
        }
        None
    }

    /// Holidays from the lexicon.
    pub(super) fn holiday(&self, i: usize) -> M {
        if !self.cap(i) {
            return None;
        }
        let (j, v) = self.lex_at("holiday", i)?;
        let (m, rule) = v.split_once('-')?;
        let month = m.parse().ok()?;
        let rule = rule.to_string();
        let k = if self.is(j, ",") { j + 1 } else { j };
        if let Some((l, y)) = self.year_num(k) {
            return Some((
                l,
                Sem::Holiday {
                    month,
                    rule,
                    year: YearSpec::Explicit(y),
                },
                "holiday",
            ));
        }
        Some((
            j,
            Sem::Holiday {
                month,
                rule,
                year: YearSpec::Implicit,
            },
            "holiday",
        ))
    }
}
