//! What a recognised expression means before it is anchored: the rules build a [`Sem`], the
//! resolver turns it into a TIMEX3 value against the article date and the reference time.

/// Calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Second.
    Second,
    /// Minute.
    Minute,
    /// Hour.
    Hour,
    /// Day.
    Day,
    /// Week.
    Week,
    /// Two weeks.
    Fortnight,
    /// Weekend.
    Weekend,
    /// Month.
    Month,
    /// Quarter of a year.
    Quarter,
    /// Year.
    Year,
    /// Ten years.
    Decade,
    /// Hundred years.
    Century,
}

impl Unit {
    /// From the lexicon's unit code.
    pub fn from_code(c: &str) -> Option<Unit> {
        Some(match c {
            "S" => Unit::Second,
            "MIN" => Unit::Minute,
            "H" => Unit::Hour,
            "D" => Unit::Day,
            "W" => Unit::Week,
            "FN" => Unit::Fortnight,
            "WE" => Unit::Weekend,
            "M" => Unit::Month,
            "Q" => Unit::Quarter,
            "Y" => Unit::Year,
            "DE" => Unit::Decade,
            "CE" => Unit::Century,
            _ => return None,
        })
    }

    /// TIMEX3 duration value for `n` units (`None` = unspecified amount).
    pub fn duration(self, n: Option<f64>) -> String {
        let num = |k: f64| -> String {
            match n {
                None => "X".to_string(),
                Some(v) => {
                    let x = v * k;
                    if (x - x.round()).abs() < 1e-9 {
                        format!("{}", x.round() as i64)
                    } else {
                        format!("{x}")
                    }
                }
            }
        };
        // Half units of hours and years read better in the next smaller unit.
        if let Some(v) = n {
            if v.fract() != 0.0 {
                let whole = v.trunc() as i64;
                let part = |k: f64| (v.fract() * k).round() as i64;
                let w = |s: &str| {
                    if whole > 0 {
                        format!("{whole}{s}")
                    } else {
                        String::new()
                    }
                };
                match self {
                    Unit::Hour => return format!("PT{}{}M", w("H"), part(60.0)),
                    Unit::Year => return format!("P{}{}M", w("Y"), part(12.0)),
                    Unit::Month => return format!("P{}{}D", w("M"), part(30.0)),
                    Unit::Day => return format!("P{}T{}H", w("D"), part(24.0)),
                    Unit::Minute => return format!("PT{}M{}S", whole, part(60.0)),
                    _ => {}
                }
            }
        }
        match self {
            Unit::Second => format!("PT{}S", num(1.0)),
            Unit::Minute => format!("PT{}M", num(1.0)),
            Unit::Hour => format!("PT{}H", num(1.0)),
            Unit::Day => format!("P{}D", num(1.0)),
            Unit::Week => format!("P{}W", num(1.0)),
            Unit::Fortnight => format!("P{}W", num(2.0)),
            Unit::Weekend => format!("P{}D", num(2.0)),
            Unit::Month => format!("P{}M", num(1.0)),
            Unit::Quarter => format!("P{}Q", num(1.0)),
            Unit::Year => format!("P{}Y", num(1.0)),
            Unit::Decade => match n {
                None => "PXDE".to_string(),
                Some(_) => format!("P{}Y", num(10.0)),
            },
            Unit::Century => match n {
                None => "PXCE".to_string(),
                Some(_) => format!("P{}Y", num(100.0)),
            },
        }
    }
}

/// How a year-less calendar expression picks its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearSpec {
    /// Written out.
    Explicit(i32),
    /// Not given: news bias to the past, corrected by tense.
    Implicit,
    /// "this January": the article's year.
    This,
    /// "last January": the most recent one before the article's month.
    Last,
    /// "next January": the first one after the article's month.
    Next,
    /// "January last year": article year + offset.
    Offset(i32),
}

/// Where a relative expression counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorOn {
    /// The article date ("yesterday", "two days ago").
    Dct,
    /// The most recently mentioned date ("three weeks later", "the next day").
    Ref,
}

/// Part of a period ("early", "mid", "late", "the end of").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// First third.
    Early,
    /// Middle third.
    Mid,
    /// Last third.
    Late,
    /// First tenth.
    Start,
    /// Last tenth.
    End,
    /// From the start up to the anchor date ("earlier this year").
    BeforeAnchor,
    /// From the anchor date to the end ("later this month").
    AfterAnchor,
}

/// Tense of the clause around an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// Past cue nearest.
    Past,
    /// Future cue nearest.
    Future,
    /// No cue.
    Unknown,
}

/// Meaning of a time expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Sem {
    /// Month with optional day and a year rule.
    Cal {
        /// Year rule.
        year: YearSpec,
        /// Month 1–12.
        month: u32,
        /// Day of month.
        day: Option<u32>,
    },
    /// A calendar year.
    Year(i32),
    /// A decade, by its first three digits (199 = the 1990s).
    Decade(i32),
    /// A century by its first two digits (19 = the 20th century).
    Century(i32),
    /// A weekday: `shift` -1 last, +1 next, 0 bare (tense decides), 2 "this".
    Weekday {
        /// ISO weekday, Monday = 1.
        wd: u32,
        /// Direction.
        shift: i32,
    },
    /// `n` units from an anchor, expressed at the unit's own granularity ("last year",
    /// "two days ago", "three weeks later", "today").
    Rel {
        /// Unit.
        unit: Unit,
        /// Offset in units.
        n: i64,
        /// What it counts from.
        anchor: AnchorOn,
    },
    /// A numbered quarter with a year rule.
    Quarter {
        /// 1–4.
        q: u32,
        /// Year rule.
        year: YearSpec,
    },
    /// A quarter relative to the current one (`n` = -1 last quarter; `None` = "the quarter":
    /// the one last mentioned, else the last completed one). `year_ago` shifts back 4.
    QuarterRel {
        /// Offset from the current quarter, or `None` for the discourse quarter.
        n: Option<i64>,
        /// "year-earlier quarter".
        year_ago: bool,
    },
    /// A season.
    Season {
        /// TIMEX3 code (SP, SU, FA, WI).
        s: String,
        /// Year rule.
        year: YearSpec,
    },
    /// A holiday: a fixed day ("25") or the n-th weekday of the month ("4-4": fourth
    /// Thursday; "1-L": last Monday).
    Holiday {
        /// Month.
        month: u32,
        /// Day rule.
        rule: String,
        /// Year rule.
        year: YearSpec,
    },
    /// "a year ago", "a year earlier", "year-earlier": in a text about quarters the
    /// year-ago quarter, else last year.
    YearAgo {
        /// The text talks about quarters.
        quarter: bool,
    },
    /// An offset counted from the reference time: "three weeks later", "two days after the
    /// vote". Vigil reports the date; TimeML annotates the duration (with `signal`, the word
    /// "later"/"earlier" that closes the extent is left out).
    Anchored {
        /// The TIMEX3 duration value.
        duration: String,
        /// The anchored date.
        date: Box<Sem>,
        /// The extent ends with a signal word ("later") that TimeML leaves out.
        signal: bool,
    },
    /// "the week of March 6": the ISO week containing a day.
    WeekOf(Box<Sem>),
    /// "the 1988 quarter": the quarter under discussion, in the given year.
    QuarterOfYear(i32),
    /// A vague reference (`PAST_REF`, `PRESENT_REF`, `FUTURE_REF`).
    Ref(String),
    /// A duration, already as TIMEX3 value.
    Duration(String),
    /// A set, already as TIMEX3 value.
    Set(String),
    /// A clock time on a day (`None` = the anchor day).
    Time {
        /// Hour 0–24.
        h: u32,
        /// Minute.
        m: Option<u32>,
        /// Day.
        day: Option<Box<Sem>>,
    },
    /// A part of a day ("Monday morning", "tonight").
    PartDay {
        /// TIMEX3 code (MO, AF, EV, NI).
        part: String,
        /// Day.
        day: Box<Sem>,
    },
    /// A part of a period; the value stays the period's (TimeML puts the part in `mod`), the
    /// start/end narrow.
    Part {
        /// Which part.
        part: Part,
        /// Period.
        inner: Box<Sem>,
    },
    /// A range between two expressions.
    Range(Box<Sem>, Box<Sem>),
    /// A numeric date with a known year.
    Date {
        /// Year.
        y: i32,
        /// Month.
        m: u32,
        /// Day.
        d: u32,
    },
}
