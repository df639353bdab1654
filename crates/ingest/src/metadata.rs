//! Article metadata written into the text itself (`date 2023-12-26`, `Title: ...`), and the
//! date parser every format shares.

use chrono::{DateTime, NaiveDate};

/// Metadata read from the top of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `title:` line.
    pub title: Option<String>,
    /// `date` / `published` line.
    pub published: Option<NaiveDate>,
    /// `source:` line.
    pub source: Option<String>,
    /// `url:` line.
    pub url: Option<String>,
    /// `id:` line.
    pub id: Option<String>,
}

impl Metadata {
    /// Fills every field of `self` that is empty from `other`.
    pub fn or(self, other: Metadata) -> Metadata {
        Metadata {
            title: self.title.or(other.title),
            published: self.published.or(other.published),
            source: self.source.or(other.source),
            url: self.url.or(other.url),
            id: self.id.or(other.id),
        }
    }
}

/// How many leading lines may hold metadata: a header block, not the body.
const MAX_HEADER_LINES: usize = 12;

/// Reads metadata lines at the top of `text` and returns them with the remaining text.
///
/// Recognised: `key: value` (or `key = value`) for title, date, published, pubdate, source,
/// url, link, id, author, byline, tags; a YAML front-matter block between `---` lines; and
/// for date keys also the bare `date 2023-12-26` form, but only when the value parses as a
/// date, so that a first sentence such as "Date night is back" is kept. Lines are consumed
/// only while they are metadata (blank lines between them allowed); the first other line
/// ends the header. Expects normalised text (LF line ends).
pub fn extract_leading(text: &str) -> (Metadata, String) {
    let mut meta = Metadata::default();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut i = 0;
    // YAML front matter.
    if lines.first().map(|l| l.trim()) == Some("---") {
        if let Some(close) = lines
            .iter()
            .skip(1)
            .take(40)
            .position(|l| matches!(l.trim(), "---" | "..."))
        {
            for l in &lines[1..=close] {
                if let Some((k, v)) = split_key_value(l) {
                    apply(&mut meta, &k, v);
                }
            }
            i = close + 2;
        }
    }
    let mut consumed = i;
    let mut seen = 0;
    while i < lines.len() && seen < MAX_HEADER_LINES {
        let line = lines[i].trim();
        if line.is_empty() {
            i += 1;
            continue;
        }
        match parse_line(line) {
            Some((key, value)) => {
                let (value, more) = split_inline(value);
                apply(&mut meta, &key, value);
                if let Some((k2, v2)) = more.and_then(parse_line) {
                    let (v2, _) = split_inline(v2);
                    apply(&mut meta, &k2, v2);
                }
                i += 1;
                consumed = i;
                seen += 1;
            }
            None => break,
        }
    }
    let rest = lines[consumed.min(lines.len())..].join("\n");
    (meta, rest)
}

/// Splits "Some title LINK: http://..." (two fields on one header line, as some scrapers
/// write them) at the second key; only an upper- or title-case known key counts, so that a
/// headline containing a lowercase "source:" stays whole.
fn split_inline(value: &str) -> (&str, Option<&str>) {
    for (i, _) in value.match_indices(' ') {
        let rest = &value[i + 1..];
        let Some(colon) = rest.find(':') else { break };
        let key = &rest[..colon];
        let upper = key.chars().all(|c| c.is_ascii_uppercase());
        let title = key.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && key.chars().skip(1).all(|c| c.is_ascii_lowercase());
        if (upper || title) && is_known_key(&key.to_ascii_lowercase()) {
            return (value[..i].trim(), Some(rest));
        }
    }
    (value, None)
}

/// Parses one metadata line into (lowercased key, value); `None` when it is not one.
pub fn parse_line(line: &str) -> Option<(String, &str)> {
    if let Some((key, value)) = split_key_value(line) {
        if is_known_key(&key) && !value.is_empty() {
            if is_date_key(&key) && parse_date(value).is_none() {
                return None;
            }
            return Some((key, value));
        }
        return None;
    }
    // Bare "date 2023-12-26": only date keys, only with a real date.
    let (key, value) = line.split_once(char::is_whitespace)?;
    let key = key.to_ascii_lowercase();
    let value = value.trim();
    if is_date_key(&key) && parse_date(value).is_some() {
        return Some((key, value));
    }
    None
}

fn split_key_value(line: &str) -> Option<(String, &str)> {
    let pos = line.find([':', '='])?;
    let key = line[..pos].trim();
    if key.is_empty()
        || key.len() > 20
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == ' ')
    {
        return None;
    }
    let value = line[pos + 1..]
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .trim();
    Some((key.to_ascii_lowercase().replace([' ', '-'], "_"), value))
}

fn is_date_key(key: &str) -> bool {
    matches!(
        key,
        "date"
            | "published"
            | "pubdate"
            | "published_at"
            | "publish_date"
            | "date_published"
            | "dateline_date"
    )
}

fn is_known_key(key: &str) -> bool {
    is_date_key(key)
        || matches!(
            key,
            "title"
                | "headline"
                | "source"
                | "publisher"
                | "url"
                | "link"
                | "id"
                | "author"
                | "byline"
                | "tags"
                | "keywords"
        )
}

fn apply(meta: &mut Metadata, key: &str, value: &str) {
    let v = value.trim();
    if v.is_empty() {
        return;
    }
    match key {
        k if is_date_key(k) => meta.published = meta.published.or_else(|| parse_date(v)),
        "title" | "headline" => meta.title = meta.title.take().or_else(|| Some(v.to_string())),
        "source" | "publisher" => meta.source = meta.source.take().or_else(|| Some(v.to_string())),
        "url" | "link" => meta.url = meta.url.take().or_else(|| Some(v.to_string())),
        "id" => meta.id = meta.id.take().or_else(|| Some(v.to_string())),
        // author, byline, tags: header lines, not prose; the model has no field for them.
        _ => {}
    }
}

/// Parses the date forms found in feeds and scraped pages into a calendar day.
///
/// Accepted: ISO `2023-12-26`, with any time and zone after it (`2019-11-25 23:43:03Z`,
/// RFC 3339) — the day is taken as written, in the publisher's own zone, because that is the
/// day the article's relative expressions ("yesterday") count from; `2023/12/26`; RFC 2822
/// (`Tue, 26 Dec 2023 10:00:00 +0000`); and `December 26, 2023` / `26 Dec. 2023` with
/// optional weekday.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && (b[4] == b'-' || b[4] == b'/' || b[4] == b'.')
        && b[7] == b[4]
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || !b[10].is_ascii_digit())
    {
        let y: i32 = s[..4].parse().ok()?;
        let m: u32 = s[5..7].parse().ok()?;
        let d: u32 = s[8..10].parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if b.len() == 8 && b.iter().all(u8::is_ascii_digit) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    if let Ok(dt) = DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    parse_month_name_date(s)
}

/// "December 26, 2023", "26 Dec 2023", "Tuesday, Dec. 26, 2023 10:00 AM".
fn parse_month_name_date(s: &str) -> Option<NaiveDate> {
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for tok in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if month.is_none() {
            if let Some(m) = month_from_name(tok) {
                month = Some(m);
                continue;
            }
        }
        let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            if digits.len() == 4 && year.is_none() {
                year = digits.parse().ok();
            } else if digits.len() <= 2 && day.is_none() && year.is_none() {
                day = digits.parse().ok();
            }
        }
        if month.is_some() && day.is_some() && year.is_some() {
            break;
        }
    }
    NaiveDate::from_ymd_opt(year?, month?, day?)
}

/// Month number from an English month name or abbreviation ("Dec", "Sept", "december").
pub fn month_from_name(tok: &str) -> Option<u32> {
    let t = tok.trim_end_matches('.').to_ascii_lowercase();
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    for (i, m) in MONTHS.iter().enumerate() {
        if t == *m
            || (t.len() >= 3 && t.len() <= 4 && m.starts_with(&t) && (t.len() == 3 || t == "sept"))
        {
            return Some(i as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("2019-11-25 23:43:03Z"), d(2019, 11, 25));
        assert_eq!(parse_date("2023-12-26"), d(2023, 12, 26));
        assert_eq!(parse_date("2023-12-26T01:30:00+05:00"), d(2023, 12, 26));
        assert_eq!(parse_date("2023/12/26"), d(2023, 12, 26));
        assert_eq!(
            parse_date("Tue, 26 Dec 2023 10:00:00 +0000"),
            d(2023, 12, 26)
        );
        assert_eq!(parse_date("December 26, 2023"), d(2023, 12, 26));
        assert_eq!(parse_date("Tuesday, Sept. 5, 2023 at 10:00"), d(2023, 9, 5));
        assert_eq!(parse_date("26th Dec 2023"), d(2023, 12, 26));
        assert_eq!(parse_date("2023-13-01"), None);
        assert_eq!(parse_date("night is back"), None);
        assert_eq!(parse_date("May"), None);
    }

    #[test]
    fn leading_lines() {
        let (m, rest) = extract_leading("date 2023-12-26\n\nBAKU, Azerbaijan, December 26. Text.");
        assert_eq!(m.published, d(2023, 12, 26));
        assert_eq!(rest, "\nBAKU, Azerbaijan, December 26. Text.");
        let (m, rest) = extract_leading("Title: Talks resume\nSource: Example Wire\nURL: https://x.example/a\nPublished: 2024-01-02\nBody.");
        assert_eq!(m.title.as_deref(), Some("Talks resume"));
        assert_eq!(m.source.as_deref(), Some("Example Wire"));
        assert_eq!(m.url.as_deref(), Some("https://x.example/a"));
        assert_eq!(m.published, d(2024, 1, 2));
        assert_eq!(rest, "Body.");
    }

    #[test]
    fn prose_is_not_metadata() {
        for t in [
            "Date night is back in fashion.",
            "Title IX case heard",
            "Source: close to the talks, said more",
            "Date: unknown, officials said",
        ] {
            let (m, rest) = extract_leading(t);
            if t.starts_with("Source:") {
                // A key-value line is metadata by form; the value is kept verbatim.
                assert!(m.source.is_some());
                continue;
            }
            assert_eq!(rest, t, "{t}");
            assert_eq!(m, Metadata::default());
        }
    }

    #[test]
    fn two_fields_on_one_line() {
        let (m, rest) =
            extract_leading("TITLE: Parade route: a virtual tour LINK: http://x.example/a\nBody.");
        assert_eq!(m.title.as_deref(), Some("Parade route: a virtual tour"));
        assert_eq!(m.url.as_deref(), Some("http://x.example/a"));
        assert_eq!(rest, "Body.");
    }

    #[test]
    fn front_matter() {
        let (m, rest) = extract_leading("---\ntitle: \"A\"\ndate: 2022-02-24\n---\nBody text.");
        assert_eq!(m.title.as_deref(), Some("A"));
        assert_eq!(m.published, d(2022, 2, 24));
        assert_eq!(rest, "Body text.");
    }
}
