//! Vigil's time-expression stage: finds dates, times, durations and sets in article text and
//! normalises them to TIMEX3-style values (`vigil_core::TimeExpr`).
//!
//! Consumes the document text, its publication date and its dateline; produces the `times`
//! layer, sorted by span. Also scores itself on TempEval-3 TimeML files ([`eval_timeml`]).
//!
//! Key design decision: a HeidelTime-style rule engine of our own, in two passes. Recognition
//! ([`rules`]) matches hand-written patterns over a light view of the workspace tokenizer's tokens
//! ([`token`]: letter runs, digit runs, single marks) using the word lists of
//! `data/time/lexicon.tsv` and builds an unanchored meaning ([`sem::Sem`]); resolution
//! ([`resolve`]) walks the expressions in text order and anchors each on the article date, or,
//! for expressions that count from another event ("three weeks later", "the next day"), on the
//! reference time — the most recent specific date mentioned before. Year-less dates lean to the
//! past, as news reports what has happened, unless a nearby cue ("will", "next") says otherwise;
//! without an article date the year stays `XXXX` unless explicit years in the text settle it.
//!
//! A range ("October 2-3", "between 2019 and 2021") is one expression whose value is
//! `start/end` (`2023-10-02/2023-10-03`) with `start`/`end` set; a part of a period ("mid-August",
//! "early next year") keeps the period's value and narrows `start`/`end`.
#![deny(missing_docs)]

pub mod lexicon;
pub mod resolve;
pub mod rules;
pub mod sem;
pub mod timeml;
pub mod token;

use chrono::NaiveDate;
use lexicon::Lexicon;
use resolve::{Anchor, Ctx};
use sem::{Sem, YearSpec};
use std::sync::OnceLock;
use vigil_core::{
    AnnotatedDoc, Annotator, DateValue, Dateline, Granularity, Span, TimeExpr, TimexType,
};

pub use timeml::eval_timeml;

/// The time-expression tagger. Holds the compiled lexicon.
#[derive(Debug, Clone)]
pub struct TimeTagger {
    lex: Lexicon,
}

impl Default for TimeTagger {
    fn default() -> Self {
        TimeTagger::new()
    }
}

fn shared() -> &'static TimeTagger {
    static TAGGER: OnceLock<TimeTagger> = OnceLock::new();
    TAGGER.get_or_init(TimeTagger::new)
}

/// Tags `text` with the article date `anchor` (see [`TimeTagger::tag_text`]).
pub fn tag(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
    shared().tag_text(text, anchor, None)
}

/// Like [`tag`], but following TimeML's annotation conventions where they differ from
/// Vigil's: the two ends of a range ("between 1982 and 1992", "April 24-25") come out as two
/// expressions instead of one range, and an offset from another event ("three days later",
/// "two weeks after the vote") is the duration TimeML annotates, not the date Vigil derives
/// from it. Used for TempEval-3 scoring.
pub fn tag_timeml(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
    shared().tag_with(&token::tokenize(text), anchor, None, true)
}

impl TimeTagger {
    /// Builds the tagger from the embedded lexicon.
    pub fn new() -> TimeTagger {
        TimeTagger {
            lex: Lexicon::embedded(),
        }
    }

    /// Finds and normalises the time expressions of `text`, sorted by span.
    ///
    /// `published` anchors relative expressions; without it, a dateline (given, or found at the
    /// start of the text) supplies month and day, and explicit years in the text the year.
    pub fn tag_text(
        &self,
        text: &str,
        published: Option<NaiveDate>,
        dateline: Option<&Dateline>,
    ) -> Vec<TimeExpr> {
        self.tag_with(&token::tokenize(text), published, dateline, false)
    }

    fn tag_with(
        &self,
        toks: &[token::Tok],
        published: Option<NaiveDate>,
        dateline: Option<&Dateline>,
        timeml: bool,
    ) -> Vec<TimeExpr> {
        let r = rules::Rules::new(toks, &self.lex);
        let cands = r.find_all();

        // Explicit years in text order, for documents without an article date.
        let explicit: Vec<(usize, i32)> = cands
            .iter()
            .filter_map(|c| explicit_year(&c.sem).map(|y| (c.s, y)))
            .collect();
        let first_year = explicit.first().map(|&(_, y)| y);

        let dateline_md = match dateline {
            Some(d) => match (d.year, d.month, d.day) {
                (y, Some(m), Some(dd)) => Some((y, m, dd)),
                _ => None,
            },
            None => detect_dateline(toks, &cands),
        };
        let anchor = match (published, dateline_md) {
            (Some(d), _) => Anchor::Full(d),
            (None, Some((Some(y), m, d))) => match NaiveDate::from_ymd_opt(y, m, d) {
                Some(x) => Anchor::Full(x),
                None => Anchor::None,
            },
            (None, Some((None, m, d))) => {
                match first_year.and_then(|y| NaiveDate::from_ymd_opt(y, m, d)) {
                    Some(x) => Anchor::Full(x),
                    None => Anchor::MonthDay(m, d),
                }
            }
            (None, None) => Anchor::None,
        };

        let mut ctx = Ctx::new(anchor);
        let mut out = Vec::with_capacity(cands.len());
        // Candidates come in text order, so the explicit years before each one are a growing
        // prefix of `explicit`: one pass, not a rescan per candidate.
        let mut years_before = 0;
        for c in &cands {
            if !matches!(anchor, Anchor::Full(_)) {
                while explicit.get(years_before).is_some_and(|&(s, _)| s < c.s) {
                    years_before += 1;
                }
                ctx.doc_year = years_before
                    .checked_sub(1)
                    .map(|k| explicit[k].1)
                    .or(first_year);
            }
            if let (true, Sem::Range(a, b)) = (timeml, &c.sem) {
                let conn = (c.s + 1..c.e).find(|&k| {
                    matches!(
                        toks[k].low.as_str(),
                        "-" | "\u{2013}" | "\u{2014}" | "to" | "through" | "until" | "till" | "and"
                    )
                });
                let parts = resolve::resolve_range_parts(a, b, c.tense, &mut ctx);
                if let (Some(k), Some((va, vb))) = (conn, parts) {
                    for (s, e, v, sem) in [(c.s, k, va, a), (k + 1, c.e, vb, b)] {
                        if let (Some(x), Some(y)) = (toks.get(s), toks.get(e.wrapping_sub(1))) {
                            if s < e {
                                out.push(TimeExpr {
                                    span: Span::new(x.start, y.end),
                                    kind: kind_of(sem),
                                    value: v,
                                    rule: c.rule.to_string(),
                                });
                            }
                        }
                    }
                    continue;
                }
            }
            let Some(mut value) = resolve::resolve(&c.sem, c.tense, &mut ctx) else {
                continue;
            };
            let mut kind = kind_of(&c.sem);
            let mut e = c.e;
            if let (
                true,
                Sem::Anchored {
                    duration, signal, ..
                },
            ) = (timeml, &c.sem)
            {
                // TimeML: the duration is the timex, "later" is a signal outside it.
                kind = TimexType::Duration;
                value = DateValue {
                    value: duration.clone(),
                    start: None,
                    end: None,
                    granularity: Granularity::Unknown,
                };
                if *signal {
                    e -= 1;
                }
            }
            if matches!(kind, TimexType::Date | TimexType::Time)
                && value.start.is_some()
                && updates_reference(&c.sem, value.granularity)
            {
                ctx.ref_date = match &c.sem {
                    Sem::Range(..) => value.end,
                    _ => value.start,
                };
            }
            let (Some(a), Some(b)) = (toks.get(c.s), toks.get(e - 1)) else {
                continue;
            };
            out.push(TimeExpr {
                span: Span::new(a.start, b.end),
                kind,
                value,
                rule: c.rule.to_string(),
            });
        }
        out.sort_by_key(|t| t.span);
        out
    }
}

impl Annotator for TimeTagger {
    fn name(&self) -> &str {
        "time"
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> anyhow::Result<()> {
        // The tokens of the nlp stage when it ran (the same tokenizer), else our own.
        let text = &doc.doc.text;
        let toks = if doc.tokens.is_empty() {
            token::tokenize(text)
        } else {
            token::view(text, &doc.tokens)
        };
        doc.times = self.tag_with(&toks, doc.doc.published, doc.doc.dateline.as_ref(), false);
        Ok(())
    }
}

fn kind_of(sem: &Sem) -> TimexType {
    match sem {
        Sem::Duration(_) => TimexType::Duration,
        Sem::Set(_) => TimexType::Set,
        Sem::Time { .. } | Sem::PartDay { .. } => TimexType::Time,
        Sem::Part { inner, .. } => match kind_of(inner) {
            TimexType::Time => TimexType::Time,
            _ => TimexType::Date,
        },
        _ => TimexType::Date,
    }
}

fn explicit_year(sem: &Sem) -> Option<i32> {
    match sem {
        Sem::Date { y, .. } | Sem::Year(y) => Some(*y),
        Sem::Cal {
            year: YearSpec::Explicit(y),
            ..
        } => Some(*y),
        Sem::Range(a, _) => explicit_year(a),
        _ => None,
    }
}

/// Which expressions move the reference time: specific days, and explicitly written months
/// and years (a vague "last year" is not a narrative anchor).
fn updates_reference(sem: &Sem, g: Granularity) -> bool {
    match g {
        Granularity::Day | Granularity::Time => true,
        Granularity::Month | Granularity::Year => {
            matches!(sem, Sem::Cal { .. } | Sem::Year(_) | Sem::Date { .. })
        }
        _ => false,
    }
}

/// A dateline at the top of the text: "BAKU, Azerbaijan, December 26." — a month-day (and
/// maybe year) among the first tokens, after a comma, closed by a period, dash or parenthesis.
fn detect_dateline(toks: &[token::Tok], cands: &[rules::Cand]) -> Option<(Option<i32>, u32, u32)> {
    let c = cands.first()?;
    if c.s == 0 || c.s > 12 || toks[..c.s].iter().any(|t| t.para && t.start > 0) {
        return None;
    }
    if toks.get(c.s - 1).map(|t| t.low.as_str()) != Some(",") {
        return None;
    }
    let close = toks.get(c.e).map(|t| t.low.as_str());
    if !matches!(
        close,
        Some("." | "-" | "\u{2013}" | "\u{2014}" | "(" | "_") | None
    ) {
        return None;
    }
    match &c.sem {
        Sem::Date { y, m, d } => Some((Some(*y), *m, *d)),
        Sem::Cal {
            year,
            month,
            day: Some(d),
        } => Some((
            match year {
                YearSpec::Explicit(y) => Some(*y),
                _ => None,
            },
            *month,
            *d,
        )),
        _ => None,
    }
}
