//! Actor dictionaries (`*.actors.txt`): primary phrase, `+synonyms`, and tab-indented
//! date-limited codes such as `[AZE >911221]` or `[USAGOV 20090120-20170120]`.

use super::{phrase_words, plural, PhraseIndex};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// One date restriction: the code applies from `from` to `to` inclusive (open ends allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated {
    /// CAMEO actor code.
    pub code: String,
    /// First day, inclusive.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive.
    pub to: Option<NaiveDate>,
}

/// One actor record.
#[derive(Debug, Clone)]
pub struct ActorEntry {
    /// Primary phrase, as written ("RUSSIAN_FEDERATION").
    pub name: String,
    /// Code when no restriction applies.
    pub default: Option<String>,
    /// Date-limited codes.
    pub dated: Vec<Dated>,
    /// `file:line` of the record.
    pub origin: String,
    /// True for records from a country-level file.
    pub country_file: bool,
}

impl ActorEntry {
    /// The code valid on `date`. Without a date, the most recent period wins (an open-ended
    /// `>date` restriction, else the latest end), then the default.
    pub fn code_at(&self, date: Option<NaiveDate>) -> Option<&str> {
        match date {
            Some(d) => {
                for r in &self.dated {
                    if r.from.is_none_or(|f| f <= d) && r.to.is_none_or(|t| d <= t) {
                        return Some(&r.code);
                    }
                }
                self.default.as_deref()
            }
            None => {
                let best = self.dated.iter().max_by_key(|r| {
                    (
                        r.to.is_none() && r.from.is_some(),
                        r.to.unwrap_or(NaiveDate::MIN),
                    )
                });
                match best {
                    Some(r) if r.from.is_some() || r.to.is_some() => Some(&r.code),
                    _ => self
                        .default
                        .as_deref()
                        .or(self.dated.first().map(|r| r.code.as_str())),
                }
            }
        }
    }
}

/// All actor records and their phrase index.
#[derive(Debug, Default)]
pub struct ActorDict {
    /// Records in load order.
    pub entries: Vec<ActorEntry>,
    /// Phrase → record index.
    pub index: PhraseIndex,
    country_codes: BTreeSet<String>,
}

/// Parses `YYYYMMDD` or `YYMMDD` (two-digit years up to 29 are 20xx).
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        8 => (s[..4].parse::<i32>().ok()?, &s[4..]),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy <= 29 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        _ => return None,
    };
    let m: u32 = rest[..2].parse().ok()?;
    let d: u32 = rest[2..4].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Parses the inside of `[...]`: `CODE`, `CODE >D`, `CODE <D`, `CODE D1-D2`.
fn parse_restriction(inner: &str) -> Option<Dated> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?.to_string();
    // the range may be written with spaces: `< 950601`, `19950601 - 19990815`
    let range: String = parts.collect();
    let (from, to) = match (!range.is_empty()).then_some(range.as_str()) {
        None => (None, None),
        Some(r) => {
            if let Some(d) = r.strip_prefix('>') {
                (Some(parse_date(d)?), None)
            } else if let Some(d) = r.strip_prefix('<') {
                (None, Some(parse_date(d)?))
            } else {
                let (a, b) = r.split_once('-')?;
                (Some(parse_date(a)?), Some(parse_date(b)?))
            }
        }
    };
    Some(Dated { code, from, to })
}

/// Splits `PHRASE [CODE]` into the phrase and the bracket contents.
fn split_code(line: &str) -> (&str, Option<&str>) {
    match (line.find('['), line.rfind(']')) {
        (Some(a), Some(b)) if a < b => (&line[..a], Some(line[a + 1..b].trim())),
        _ => (line, None),
    }
}

fn strip_comment(line: &str) -> &str {
    let cut = line.find(['#', ';']).unwrap_or(line.len());
    &line[..cut]
}

impl ActorDict {
    /// Parses one actor file.
    pub fn parse(&mut self, text: &str, label: &str) {
        let country_file = label.to_lowercase().contains("countr");
        let mut current: Option<(ActorEntry, Vec<String>)> = None;
        for (ln, raw) in text.lines().enumerate() {
            let line = strip_comment(raw);
            if line.trim().is_empty() || line.trim_start().starts_with('<') {
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            let t = line.trim();
            if indented && t.starts_with('[') {
                if let Some((e, _)) = current.as_mut() {
                    let (_, code) = split_code(t);
                    if let Some(r) = code.and_then(parse_restriction) {
                        if r.from.is_none() && r.to.is_none() {
                            e.default.get_or_insert(r.code);
                        } else {
                            e.dated.push(r);
                        }
                    }
                }
                continue;
            }
            if let Some(syn) = t.strip_prefix('+') {
                if let Some((e, phrases)) = current.as_mut() {
                    let (p, code) = split_code(syn);
                    phrases.push(p.trim().to_string());
                    if let Some(c) = code.and_then(parse_restriction) {
                        if e.default.is_none() && c.from.is_none() {
                            e.default = Some(c.code);
                        }
                    }
                }
                continue;
            }
            self.flush(current.take());
            let (p, code) = split_code(t);
            let mut e = ActorEntry {
                name: p.trim().trim_end_matches('_').to_string(),
                default: None,
                dated: Vec::new(),
                origin: format!("{label}:{}", ln + 1),
                country_file,
            };
            if let Some(r) = code.and_then(parse_restriction) {
                if r.from.is_none() && r.to.is_none() {
                    e.default = Some(r.code);
                } else {
                    e.dated.push(r);
                }
            }
            current = Some((e, vec![p.trim().to_string()]));
        }
        self.flush(current.take());
    }

    fn flush(&mut self, cur: Option<(ActorEntry, Vec<String>)>) {
        let Some((e, phrases)) = cur else { return };
        if e.default.is_none() && e.dated.is_empty() {
            return;
        }
        if e.country_file {
            for c in e.default.iter().chain(e.dated.iter().map(|d| &d.code)) {
                if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
                    self.country_codes.insert(c.clone());
                }
            }
        }
        let id = self.entries.len() as u32;
        for p in &phrases {
            let (words, stopped) = phrase_words(p);
            if words.is_empty() {
                continue;
            }
            self.index.insert(&words, id);
            // nationality nouns ("ALBANIAN_", "IRAQI_") are stopped in the country files but
            // their plurals ("Albanians", "Iraqis") name the same actor
            let nationality = stopped
                && e.country_file
                && words.len() == 1
                && (words[0].ends_with("AN") || words[0].ends_with('I'));
            if !stopped || nationality {
                let mut pl = words.clone();
                if let Some(last) = pl.last_mut() {
                    *last = plural(last);
                }
                self.index.insert(&pl, id);
            }
        }
        self.entries.push(e);
    }

    /// Sorts the index.
    pub fn finish(&mut self) {
        self.index.finish();
    }

    /// Three-letter country codes seen in country files (minus the non-state prefixes).
    pub fn country_codes(&self) -> BTreeSet<String> {
        const NON_STATE: &[&str] = &["IGO", "NGO", "IMG", "MNC", "UIS", "ELI", "REB", "GOV"];
        self.country_codes
            .iter()
            .filter(|c| !NON_STATE.contains(&c.as_str()))
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "AZERBAIJAN_\n+AZERBAIJANI_\n+BAKU_\n\t[USRAZE <911018]\n\t[AZEUNR 911018-911221]\n\t[AZE >911221]\n\nBARACK_OBAMA_ [USAELI]\n+OBAMA_\n\t[USAGOV 20090120-20170120]\n";

    #[test]
    fn date_limited_codes() {
        let mut d = ActorDict::default();
        d.parse(SAMPLE, "Test.Countries.actors.txt");
        d.finish();
        let w: Vec<String> = ["BAKU"].iter().map(|s| s.to_string()).collect();
        let (len, id) = d.index.longest(&w, 0).unwrap();
        assert_eq!(len, 1);
        let e = &d.entries[id as usize];
        assert_eq!(e.code_at(None), Some("AZE"));
        assert_eq!(
            e.code_at(NaiveDate::from_ymd_opt(1990, 1, 1)),
            Some("USRAZE")
        );
        let o = &d.entries[1];
        assert_eq!(
            o.code_at(NaiveDate::from_ymd_opt(2010, 1, 1)),
            Some("USAGOV")
        );
        assert_eq!(
            o.code_at(NaiveDate::from_ymd_opt(2020, 1, 1)),
            Some("USAELI")
        );
        assert!(d.country_codes().contains("AZE"));
    }
}
