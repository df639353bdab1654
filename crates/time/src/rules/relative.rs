//! Deictic and relative patterns: "yesterday", "last week", "the year", "early next year",
//! "the next morning".

use super::{rel, Rules, M};
use crate::sem::{AnchorOn, Part, Sem, Unit, YearSpec};

impl Rules<'_> {
    /// today, yesterday, tonight, this morning, last night, the day before yesterday ...
    pub(super) fn deictic_day(&self, i: usize) -> M {
        let (j, n) = match self.w(i) {
            "today" => (i + 1, 0),
            "yesterday" => (i + 1, -1),
            "tomorrow" => (i + 1, 1),
            "overnight" => {
                return Some((
                    i + 1,
                    Sem::PartDay {
                        part: "NI".into(),
                        day: Box::new(rel(Unit::Day, 0, AnchorOn::Dct)),
                    },
                    "overnight",
                ))
            }
            "tonight" => {
                return Some((
                    i + 1,
                    Sem::PartDay {
                        part: "NI".into(),
                        day: Box::new(rel(Unit::Day, 0, AnchorOn::Dct)),
                    },
                    "tonight",
                ))
            }
            "the"
                if self.is(i + 1, "day")
                    && self.is(i + 2, "before")
                    && self.is(i + 3, "yesterday") =>
            {
                (i + 4, -2)
            }
            "the"
                if self.is(i + 1, "day")
                    && self.is(i + 2, "after")
                    && self.is(i + 3, "tomorrow") =>
            {
                (i + 4, 2)
            }
            "this" | "last" => {
                let (l, part) = self.partday(i + 1)?;
                let n = if self.is(i, "this") {
                    0
                } else if part == "NI" {
                    -1
                } else {
                    return None;
                };
                return Some((
                    l,
                    Sem::PartDay {
                        part,
                        day: Box::new(rel(Unit::Day, n, AnchorOn::Dct)),
                    },
                    "deictic_partday",
                ));
            }
            _ => return None,
        };
        if let Some((l, part)) = self.partday(j) {
            return Some((
                l,
                Sem::PartDay {
                    part,
                    day: Box::new(rel(Unit::Day, n, AnchorOn::Dct)),
                },
                "deictic_partday",
            ));
        }
        Some((j, rel(Unit::Day, n, AnchorOn::Dct), "deictic_day"))
    }

    /// "last week", "this year", "the past month", "next weekend", "the coming year",
    /// "last January", "this summer", "the following day", "that day".
    pub(super) fn relative_period(&self, i: usize) -> M {
        let mut k = i;
        let the = self.is(k, "the");
        if the {
            k += 1;
        }
        // "this past spring" = "last spring"
        if !the && self.is(k, "this") && self.is(k + 1, "past") {
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
        let k = if self.is(k, "fiscal") && self.is(k + 1, "year") {
            k + 1
        } else {
            k
        };
        if let Some((j, unit, plural)) = self.unit(k) {
            if plural || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
                return None;
            }
            if unit == Unit::Quarter {
                return Some((
                    j,
                    Sem::QuarterRel {
                        n: if anchor == AnchorOn::Ref {
                            None
                        } else {
                            Some(n)
                        },
                        year_ago: false,
                    },
                    "rel_quarter",
                ));
            }
            // "the past year", "the last decade": the period just before the article.
            return Some((j, rel(unit, n, anchor), "rel_period"));
        }
        if the {
            return None;
        }
        if let Some((j, m)) = self.month(k).or_else(|| {
            self.lex
                .get("month", self.w(k))
                .and_then(|m| m.parse().ok())
                .filter(|_| self.cap(k))
                .map(|m| (k + 1, m))
        }) {
            // "last Oct. 23": the day fixes the date; leave it to the month-day rule.
            if self.day(j).is_some() {
                return None;
            }
            let spec = match word {
                "last" | "past" | "previous" => YearSpec::Last,
                "next" | "coming" => YearSpec::Next,
                _ => YearSpec::This,
            };
            return Some((
                j,
                Sem::Cal {
                    year: spec,
                    month: m,
                    day: None,
                },
                "rel_month",
            ));
        }
        if let Some(s) = self.lex.get("season", self.w(k)) {
            let spec = match word {
                "last" | "past" | "previous" => YearSpec::Last,
                "next" | "coming" => YearSpec::Next,
                _ => YearSpec::This,
            };
            return Some((
                k + 1,
                Sem::Season {
                    s: s.to_string(),
                    year: spec,
                },
                "rel_season",
            ));
        }
        None
    }

    /// "the year", "the full year", "the fiscal year", "the weekend", "the week" ("the day" is
    /// too often generic to tag).
    pub(super) fn the_unit(&self, i: usize) -> M {
        let this_weekend = self.is(i, "this") && self.is(i + 1, "weekend");
        if !(self.is(i, "the") || this_weekend) {
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
        // "the week of March 6": the week containing that day.
        if unit == Unit::Week && k == i + 1 && self.is(j, "of") {
            if let Some((e, day, _)) = self.month_date(j + 1) {
                if matches!(day, Sem::Cal { day: Some(_), .. } | Sem::Date { .. }) {
                    return Some((e, Sem::WeekOf(Box::new(day)), "week_of"));
                }
            }
        }
        if plural || (self.is(j, "-") && self.glued(j)) || self.any(j, &["of", "before", "after"]) {
            return None;
        }
        let latest = self.is(i + 1, "latest");
        // "the year ended Sept. 30" is a stretch of time ending on a date.
        let span_of = self.any(j, &["ended", "ending", "ends", "through"]);
        let sem = match unit {
            Unit::Year if span_of && !latest => Sem::Duration(Unit::Year.duration(Some(1.0))),
            Unit::Year if latest => rel(Unit::Year, -1, AnchorOn::Dct),
            Unit::Year => rel(Unit::Year, 0, AnchorOn::Dct),
            Unit::Month if k == i + 1 => rel(Unit::Month, 0, AnchorOn::Dct),
            Unit::Weekend if k == i + 1 => rel(Unit::Weekend, 0, AnchorOn::Dct),
            Unit::Week if k == i + 1 => rel(Unit::Week, 0, AnchorOn::Dct),
            _ => return None,
        };
        Some((j, sem, "the_unit"))
    }

    /// Parts of periods: "early next year", "mid-August", "late 2022", "the end of the month",
    /// "earlier this year", "year-end", "the mid-1990s".
    pub(super) fn part_of(&self, i: usize) -> M {
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
                let p = if self.is(k, "earlier") {
                    Part::BeforeAnchor
                } else {
                    Part::AfterAnchor
                };
                (p, k + 1)
            }
            "early" | "late" if the => {
                // "the early 1980s", "the late 1970s"
                (
                    if self.is(k, "early") {
                        Part::Early
                    } else {
                        Part::Late
                    },
                    k + 1,
                )
            }
            "year"
                if !the
                    && ((self.is(k + 1, "-") && self.glued(k + 1) && self.is(k + 2, "end"))
                        || self.is(k + 1, "end")) =>
            {
                // "year-end" is the last day of the year; "year end" the end period.
                if self.is(k + 1, "-") {
                    return Some((
                        k + 3,
                        Sem::Cal {
                            year: YearSpec::This,
                            month: 12,
                            day: Some(31),
                        },
                        "year_end",
                    ));
                }
                return Some((
                    k + 2,
                    Sem::Part {
                        part: Part::End,
                        inner: Box::new(rel(Unit::Year, 0, AnchorOn::Dct)),
                    },
                    "year_end",
                ));
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
            .or_else(|| {
                self.year_expr(j)
                    .filter(|(_, s, _)| !matches!(s, Sem::Range(..)))
            })
            .or_else(|| self.relative_period(j))
            .or_else(|| self.deictic_day(j).filter(|_| !the))
            .or_else(|| self.weekday_expr(j).filter(|_| !the))
            .or_else(|| self.season(j))
            .or_else(|| {
                // "the end of the year", "the end of the month", "mid-decade"
                let l = if self.is(j, "the") { j + 1 } else { j };
                let (e, unit, plural) = self.unit(l)?;
                if plural || matches!(unit, Unit::Second | Unit::Minute | Unit::Hour) {
                    return None;
                }
                if unit == Unit::Quarter {
                    return Some((
                        e,
                        Sem::QuarterRel {
                            n: None,
                            year_ago: false,
                        },
                        "the_quarter",
                    ));
                }
                Some((e, rel(unit, 0, AnchorOn::Dct), "rel_period"))
            })?;
        let (e, sem, _) = inner;
        if earlier
            && !matches!(
                sem,
                Sem::Rel { .. } | Sem::Weekday { .. } | Sem::PartDay { .. }
            )
        {
            return None;
        }
        // Dates of a single day are parts of a day: "early Tuesday", "late yesterday".
        Some((
            e,
            Sem::Part {
                part,
                inner: Box::new(sem),
            },
            "part_of",
        ))
    }

    /// "the day", "the week" anchored on the reference time: "that day", "the same day",
    /// "the next day" are in `relative_period`; "the next morning" here.
    pub(super) fn ref_partday(&self, i: usize) -> M {
        if !(self.is(i, "the") && self.any(i + 1, &["next", "following", "previous"])) {
            return None;
        }
        let (j, part) = self.partday(i + 2)?;
        let n = if self.is(i + 1, "previous") { -1 } else { 1 };
        Some((
            j,
            Sem::PartDay {
                part,
                day: Box::new(rel(Unit::Day, n, AnchorOn::Ref)),
            },
            "ref_partday",
        ))
    }
}
