//! Anchoring: turns a [`Sem`] into a TIMEX3 value with start, end and granularity, against the
//! article date (DCT) and the reference time (the most recent date mentioned before).

use crate::sem::{AnchorOn, Part, Sem, Tense, Unit, YearSpec};
use chrono::{Datelike, Days, Months, NaiveDate};
use vigil_core::{DateValue, Granularity};

/// What relative expressions are anchored on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// A full article date.
    Full(NaiveDate),
    /// Only month and day are known (a dateline without a year).
    MonthDay(u32, u32),
    /// Nothing known.
    None,
}

/// Discourse state carried through a document.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// The article date.
    pub anchor: Anchor,
    /// Most recent specific date mentioned (the reference time).
    pub ref_date: Option<NaiveDate>,
    /// Most recent quarter mentioned.
    pub last_quarter: Option<(i32, u32)>,
    /// Year settled by explicit years in the document, used when the anchor has none.
    pub doc_year: Option<i32>,
}

impl Ctx {
    /// A fresh context.
    pub fn new(anchor: Anchor) -> Ctx {
        Ctx {
            anchor,
            ref_date: None,
            last_quarter: None,
            doc_year: None,
        }
    }

    fn dct(&self) -> Option<NaiveDate> {
        match self.anchor {
            Anchor::Full(d) => Some(d),
            _ => None,
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    ymd(ny, nm, 1)?.pred_opt()
}

fn dv(
    value: String,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    g: Granularity,
) -> DateValue {
    DateValue {
        value,
        start,
        end,
        granularity: g,
    }
}

fn unknown(value: impl Into<String>, g: Granularity) -> DateValue {
    dv(value.into(), None, None, g)
}

fn res_day(d: NaiveDate) -> DateValue {
    DateValue::day(d)
}

fn res_month(y: i32, m: u32) -> Option<DateValue> {
    Some(dv(
        format!("{y:04}-{m:02}"),
        Some(ymd(y, m, 1)?),
        Some(month_end(y, m)?),
        Granularity::Month,
    ))
}

fn res_year(y: i32) -> Option<DateValue> {
    Some(dv(
        format!("{y:04}"),
        Some(ymd(y, 1, 1)?),
        Some(ymd(y, 12, 31)?),
        Granularity::Year,
    ))
}

fn res_week(d: NaiveDate) -> Option<DateValue> {
    let w = d.iso_week();
    let mon = NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Mon)?;
    Some(dv(
        format!("{:04}-W{:02}", w.year(), w.week()),
        Some(mon),
        mon.checked_add_days(Days::new(6)),
        Granularity::Week,
    ))
}

fn res_weekend(d: NaiveDate) -> Option<DateValue> {
    let w = d.iso_week();
    let sat = NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Sat)?;
    Some(dv(
        format!("{:04}-W{:02}-WE", w.year(), w.week()),
        Some(sat),
        sat.succ_opt(),
        Granularity::Week,
    ))
}

fn res_quarter(y: i32, q: u32) -> Option<DateValue> {
    let m0 = (q - 1) * 3 + 1;
    Some(dv(
        format!("{y:04}-Q{q}"),
        Some(ymd(y, m0, 1)?),
        Some(month_end(y, m0 + 2)?),
        Granularity::Season,
    ))
}

fn season_start_month(s: &str) -> u32 {
    match s {
        "SP" => 3,
        "SU" => 6,
        "FA" => 9,
        _ => 12,
    }
}

fn res_season(y: i32, s: &str) -> Option<DateValue> {
    let m0 = season_start_month(s);
    let start = ymd(y, m0, 1)?;
    let end = start.checked_add_months(Months::new(3))?.pred_opt()?;
    Some(dv(
        format!("{y:04}-{s}"),
        Some(start),
        Some(end),
        Granularity::Season,
    ))
}

fn res_decade(d3: i32) -> Option<DateValue> {
    Some(dv(
        format!("{d3:03}"),
        Some(ymd(d3 * 10, 1, 1)?),
        Some(ymd(d3 * 10 + 9, 12, 31)?),
        Granularity::Decade,
    ))
}

fn res_century(c: i32) -> Option<DateValue> {
    Some(dv(
        format!("{c:02}"),
        Some(ymd(c * 100, 1, 1)?),
        Some(ymd(c * 100 + 99, 12, 31)?),
        Granularity::Decade,
    ))
}

/// Month index for comparisons.
fn mi(y: i32, m: u32) -> i64 {
    y as i64 * 12 + m as i64 - 1
}

/// Picks the year for a year-less month (and day) relative to the article date: the past is
/// preferred (news reports what happened), unless the tense points forward.
fn pick_year(dct: NaiveDate, month: u32, day: Option<u32>, spec: YearSpec, tense: Tense) -> i32 {
    let y0 = dct.year();
    let cands = [y0 - 1, y0, y0 + 1];
    // Signed distance in days (positive = after the article date).
    let dist = |y: i32| -> i64 {
        match day {
            // An impossible day ("February 30") is dropped later; rank it as the 28th.
            Some(d) => match ymd(y, month, d).or_else(|| ymd(y, month, 28)) {
                Some(c) => (c - dct).num_days(),
                None => 0,
            },
            None => (mi(y, month) - mi(y0, dct.month())) * 30,
        }
    };
    match spec {
        YearSpec::Explicit(y) => y,
        YearSpec::This => y0,
        YearSpec::Offset(k) => y0 + k,
        YearSpec::Last => *cands
            .iter()
            .rev()
            .find(|&&y| dist(y) < 0)
            .unwrap_or(&(y0 - 1)),
        YearSpec::Next => *cands.iter().find(|&&y| dist(y) > 0).unwrap_or(&(y0 + 1)),
        // Tense is read from cue words and is noisy, so it tilts the choice rather than
        // forbidding a direction: a past-tense clause may still mention next week's deadline.
        YearSpec::Implicit => {
            let (fwd, back) = match tense {
                Tense::Past => (4, 1),
                Tense::Future => (1, 4),
                Tense::Unknown => (3, 2),
            };
            *cands
                .iter()
                .min_by_key(|&&y| {
                    let d = dist(y);
                    if d > 0 {
                        d * fwd
                    } else {
                        -d * back
                    }
                })
                .unwrap_or(&y0)
        }
    }
}

/// The date of a holiday rule in year `y`.
fn holiday_date(y: i32, month: u32, rule: &str) -> Option<NaiveDate> {
    if let Ok(d) = rule.parse::<u32>() {
        return ymd(y, month, d);
    }
    let (wd, nth) = rule.split_once('-')?;
    let wd: i64 = wd.parse().ok()?;
    let first = ymd(y, month, 1)?;
    let cur = first.weekday().number_from_monday() as i64;
    let first_wd = 1 + (wd - cur).rem_euclid(7);
    if nth == "L" {
        let last = month_end(y, month)?.day() as i64;
        let mut d = first_wd;
        while d + 7 <= last {
            d += 7;
        }
        return ymd(y, month, d as u32);
    }
    let n: i64 = nth.parse().ok()?;
    ymd(y, month, (first_wd + 7 * (n - 1)) as u32)
}

fn season_of(d: NaiveDate) -> (i32, &'static str) {
    match d.month() {
        3..=5 => (d.year(), "SP"),
        6..=8 => (d.year(), "SU"),
        9..=11 => (d.year(), "FA"),
        12 => (d.year(), "WI"),
        _ => (d.year() - 1, "WI"),
    }
}

fn quarter_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3 + 1)
}

fn shift_quarter(y: i32, q: u32, n: i64) -> (i32, u32) {
    let idx = y as i64 * 4 + q as i64 - 1 + n;
    (idx.div_euclid(4) as i32, (idx.rem_euclid(4) + 1) as u32)
}

/// Resolves one expression. `None` when the text names an impossible date (those are dropped).
pub fn resolve(sem: &Sem, tense: Tense, ctx: &mut Ctx) -> Option<DateValue> {
    let dct = ctx.dct();
    Some(match sem {
        Sem::Date { y, m, d } => res_day(ymd(*y, *m, *d)?),
        Sem::Year(y) => res_year(*y)?,
        Sem::Decade(d) => res_decade(*d)?,
        Sem::Century(c) => res_century(*c)?,
        Sem::Ref(v) | Sem::Duration(v) | Sem::Set(v) => unknown(v.clone(), Granularity::Unknown),
        Sem::Cal { year, month, day } => resolve_cal(*year, *month, *day, tense, ctx)?,
        Sem::Holiday { month, rule, year } => {
            let y0 = match (year, dct) {
                (YearSpec::Explicit(y), _) => Some(*y),
                (_, Some(d)) => Some(d.year()),
                _ => ctx.doc_year,
            };
            match y0.and_then(|y| holiday_date(y, *month, rule)) {
                Some(h) => {
                    let y = match dct {
                        Some(d) => pick_year(d, *month, Some(h.day()), *year, tense),
                        None => h.year(),
                    };
                    res_day(holiday_date(y, *month, rule)?)
                }
                None => match rule.parse::<u32>() {
                    Ok(day) => unknown(format!("XXXX-{month:02}-{day:02}"), Granularity::Day),
                    Err(_) => unknown("XXXX-XX-XX", Granularity::Day),
                },
            }
        }
        Sem::Anchored { date, .. } => resolve(date, tense, ctx)?,
        Sem::WeekOf(day) => {
            let d = resolve(day, tense, ctx)?;
            match d.start {
                Some(s) => res_week(s)?,
                None => unknown("XXXX-WXX", Granularity::Week),
            }
        }
        Sem::QuarterOfYear(y) => match ctx.last_quarter {
            Some((_, q)) => res_quarter(*y, q)?,
            None => res_year(*y)?,
        },
        Sem::YearAgo { quarter } => match (ctx.last_quarter.filter(|_| *quarter), dct) {
            (Some((y, q)), _) => res_quarter(y - 1, q)?,
            (None, Some(d)) => res_year(d.year() - 1)?,
            (None, None) => unknown("XXXX", Granularity::Year),
        },
        Sem::Weekday { wd, shift } => match dct {
            Some(d) => res_day(weekday_date(d, *wd, *shift, tense)?),
            None => unknown(format!("XXXX-WXX-{wd}"), Granularity::Day),
        },
        Sem::Rel { unit, n, anchor } => {
            let base = match anchor {
                AnchorOn::Dct => dct,
                AnchorOn::Ref => ctx.ref_date.or(dct),
            };
            match base {
                // "the weekend" in a report is the one just past, unless the clause looks ahead.
                Some(b)
                    if *unit == Unit::Weekend
                        && *n == 0
                        && tense != Tense::Future
                        && b.weekday().number_from_monday() < 6 =>
                {
                    rel(b, *unit, -1)?
                }
                Some(b) => rel(b, *unit, *n)?,
                None => rel_unknown(ctx.anchor, *unit, *n),
            }
        }
        Sem::QuarterRel { n, year_ago } => {
            let (y, q) = match (n, ctx.last_quarter, dct) {
                (None, Some(lq), _) => lq,
                (None, None, Some(d)) => {
                    let (y, q) = quarter_of(d);
                    shift_quarter(y, q, -1)
                }
                (Some(k), _, Some(d)) => {
                    let (y, q) = quarter_of(d);
                    shift_quarter(y, q, *k)
                }
                _ => return Some(unknown("XXXX-QX", Granularity::Season)),
            };
            let (y, q) = if *year_ago { (y - 1, q) } else { (y, q) };
            if !*year_ago {
                ctx.last_quarter = Some((y, q));
            }
            res_quarter(y, q)?
        }
        Sem::Quarter { q, year } => {
            let y = match (year, dct) {
                (YearSpec::Explicit(y), _) => *y,
                (YearSpec::Implicit, Some(d)) => {
                    // "the third quarter" in news: the latest one that has begun.
                    let (cy, cq) = quarter_of(d);
                    if *q <= cq || tense == Tense::Future {
                        cy
                    } else {
                        cy - 1
                    }
                }
                (spec, Some(d)) => pick_year(d, (q - 1) * 3 + 1, None, *spec, tense),
                (_, None) => match ctx.doc_year {
                    Some(y) => y,
                    None => return Some(unknown(format!("XXXX-Q{q}"), Granularity::Season)),
                },
            };
            ctx.last_quarter = Some((y, *q));
            res_quarter(y, *q)?
        }
        Sem::Season { s, year } => {
            let y = match (year, dct) {
                (YearSpec::Explicit(y), _) => *y,
                (spec, Some(d)) => {
                    let (cy, cs) = season_of(d);
                    let order = |s: &str| season_start_month(s) as i64;
                    let cur = cy as i64 * 12 + order(cs);
                    let at = |y: i32| y as i64 * 12 + order(s);
                    match spec {
                        YearSpec::Last => {
                            if at(cy) < cur {
                                cy
                            } else {
                                cy - 1
                            }
                        }
                        YearSpec::Next => {
                            if at(cy) > cur {
                                cy
                            } else {
                                cy + 1
                            }
                        }
                        YearSpec::Offset(k) => d.year() + k,
                        YearSpec::This => cy,
                        _ => {
                            if at(cy) > cur && tense != Tense::Future {
                                cy - 1
                            } else {
                                cy
                            }
                        }
                    }
                }
                (_, None) => match ctx.doc_year {
                    Some(y) => y,
                    None => return Some(unknown(format!("XXXX-{s}"), Granularity::Season)),
                },
            };
            res_season(y, s)?
        }
        Sem::Time { h, m, day } => {
            let dayv = match day {
                Some(s) => resolve(s, tense, ctx)?,
                None => match dct {
                    Some(d) => res_day(d),
                    None => unknown("XXXX-XX-XX", Granularity::Day),
                },
            };
            let clock = match m {
                Some(m) => format!("{h:02}:{m:02}"),
                None => format!("{h:02}:00"),
            };
            dv(
                format!("{}T{clock}", dayv.value),
                dayv.start,
                dayv.end,
                Granularity::Time,
            )
        }
        Sem::PartDay { part, day } => {
            let dayv = resolve(day, tense, ctx)?;
            dv(
                format!("{}T{part}", dayv.value),
                dayv.start,
                dayv.end,
                Granularity::Time,
            )
        }
        Sem::Part { part, inner } => {
            let mut v = resolve(inner, tense, ctx)?;
            if let (Some(s), Some(e)) = (v.start, v.end) {
                let len = (e - s).num_days() + 1;
                let at = dct.map(|d| (d - s).num_days().clamp(0, len - 1));
                let (a, b) = match part {
                    Part::BeforeAnchor => (0, at.map_or(len, |x| x + 1)),
                    Part::AfterAnchor => (at.unwrap_or(0), len),
                    Part::Early => (0, len / 3),
                    Part::Mid => (len / 3, 2 * len / 3),
                    Part::Late => (2 * len / 3, len),
                    Part::Start => (0, (len / 10).max(1)),
                    Part::End => (len - (len / 10).max(1), len),
                };
                v.start = s.checked_add_days(Days::new(a as u64));
                v.end = s.checked_add_days(Days::new((b.max(a + 1) - 1) as u64));
            }
            v
        }
        Sem::Range(a, b) => {
            let (va, vb) = resolve_range_parts(a, b, tense, ctx)?;
            dv(
                format!("{}/{}", va.value, vb.value),
                va.start,
                vb.end,
                va.granularity,
            )
        }
    })
}

/// Resolves both ends of a range; a year-less end takes the start's year ("October 30 to
/// November 2"), rolling over when it would come before the start.
pub fn resolve_range_parts(
    a: &Sem,
    b: &Sem,
    tense: Tense,
    ctx: &mut Ctx,
) -> Option<(DateValue, DateValue)> {
    let va = resolve(a, tense, ctx)?;
    let b2 = match (b, va.start) {
        (
            Sem::Cal {
                year: YearSpec::Implicit,
                month,
                day,
            },
            Some(s),
        ) => {
            let mut y = s.year();
            if (*month, day.unwrap_or(1)) < (s.month(), 1) {
                y += 1;
            }
            Sem::Cal {
                year: YearSpec::Explicit(y),
                month: *month,
                day: *day,
            }
        }
        _ => b.clone(),
    };
    let vb = resolve(&b2, tense, ctx)?;
    Some((va, vb))
}

fn resolve_cal(
    spec: YearSpec,
    month: u32,
    day: Option<u32>,
    tense: Tense,
    ctx: &Ctx,
) -> Option<DateValue> {
    let y = match (spec, ctx.anchor) {
        (YearSpec::Explicit(y), _) => Some(y),
        (spec, Anchor::Full(d)) => Some(pick_year(d, month, day, spec, tense)),
        (_, _) => ctx.doc_year,
    };
    match (y, day) {
        (Some(y), Some(d)) => Some(res_day(ymd(y, month, d)?)),
        (Some(y), None) => res_month(y, month),
        (None, Some(d)) => {
            // Validate against a leap year so that "February 29" survives.
            ymd(2000, month, d)?;
            Some(unknown(format!("XXXX-{month:02}-{d:02}"), Granularity::Day))
        }
        (None, None) => Some(unknown(format!("XXXX-{month:02}"), Granularity::Month)),
    }
}

fn weekday_date(dct: NaiveDate, wd: u32, shift: i32, tense: Tense) -> Option<NaiveDate> {
    let cur = dct.weekday().number_from_monday() as i64;
    let wd = wd as i64;
    let back = (cur - wd).rem_euclid(7); // days back to the most recent (0 = today)
    let fwd = (wd - cur).rem_euclid(7); // days forward to the next (0 = today)
    let off: i64 = match shift {
        -1 => -(if back == 0 { 7 } else { back }),
        1 => {
            if fwd == 0 {
                7
            } else {
                fwd
            }
        }
        _ => match tense {
            Tense::Future => fwd,
            _ => -back,
        },
    };
    if off >= 0 {
        dct.checked_add_days(Days::new(off as u64))
    } else {
        dct.checked_sub_days(Days::new((-off) as u64))
    }
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64))
    } else {
        d.checked_sub_days(Days::new((-n) as u64))
    }
}

fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    // `as u32` would wrap an absurd offset into a plausible one.
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

/// Largest offset taken seriously ("10,000 years ago" is not a calendar date).
const MAX_OFFSET: i64 = 10_000;

fn rel(b: NaiveDate, unit: Unit, n: i64) -> Option<DateValue> {
    if n.abs() > MAX_OFFSET {
        return None;
    }
    Some(match unit {
        Unit::Second | Unit::Minute | Unit::Hour => res_day(b),
        Unit::Day => res_day(add_days(b, n)?),
        Unit::Week => res_week(add_days(b, 7 * n)?)?,
        Unit::Fortnight => res_week(add_days(b, 14 * n)?)?,
        Unit::Weekend => res_weekend(add_days(b, 7 * n)?)?,
        Unit::Month => {
            let d = add_months(b.with_day(1)?, n)?;
            res_month(d.year(), d.month())?
        }
        Unit::Quarter => {
            let (y, q) = quarter_of(b);
            let (y, q) = shift_quarter(y, q, n);
            res_quarter(y, q)?
        }
        Unit::Year => res_year(b.year() + n as i32)?,
        Unit::Decade => res_decade(b.year() / 10 + n as i32)?,
        Unit::Century => res_century(b.year() / 100 + n as i32)?,
    })
}

/// Relative expressions without a full article date: day and month arithmetic still works
/// from a dateline's month and day (in a leap year, so February 29 is possible), the year stays
/// unknown.
fn rel_unknown(anchor: Anchor, unit: Unit, n: i64) -> DateValue {
    if n.abs() > MAX_OFFSET {
        return unknown("XXXX", Granularity::Unknown);
    }
    if let Anchor::MonthDay(m, d) = anchor {
        if let Some(b) = ymd(2000, m, d) {
            match unit {
                Unit::Day => {
                    if let Some(x) = add_days(b, n) {
                        return unknown(x.format("XXXX-%m-%d").to_string(), Granularity::Day);
                    }
                }
                Unit::Month => {
                    if let Some(x) = b.with_day(1).and_then(|b| add_months(b, n)) {
                        return unknown(x.format("XXXX-%m").to_string(), Granularity::Month);
                    }
                }
                _ => {}
            }
        }
    }
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour | Unit::Day => {
            unknown("XXXX-XX-XX", Granularity::Day)
        }
        Unit::Week | Unit::Fortnight | Unit::Weekend => unknown("XXXX-WXX", Granularity::Week),
        Unit::Month => unknown("XXXX-XX", Granularity::Month),
        Unit::Quarter => unknown("XXXX-QX", Granularity::Season),
        Unit::Year => unknown("XXXX", Granularity::Year),
        Unit::Decade | Unit::Century => unknown("XXX", Granularity::Decade),
    }
}
