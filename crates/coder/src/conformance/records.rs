//! Reads PETRARCH unit-test records (`PETR.UnitTest.records.xml`): a flat XML dialect with
//! `<Sentence date id category valid>` elements holding `<EventCoding>`s, `<Text>` and a Penn
//! Treebank `<Parse>`. Only that dialect is read; it is not a general XML parser.

/// One expected event.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// Source actor code (may be empty).
    pub source: String,
    /// Target actor code (may be empty).
    pub target: String,
    /// Event code.
    pub code: String,
}

/// One unit-test record.
#[derive(Debug, Clone)]
pub struct Record {
    /// Record id (`DEMO-00`).
    pub id: String,
    /// Test category (`DEMO`, `PATTERN` …).
    pub category: String,
    /// `YYYYMMDD`.
    pub date: String,
    /// `valid="true"`: PETRARCH is expected to pass it.
    pub valid: bool,
    /// Expected events; empty with `noevents`.
    pub expected: Vec<Expected>,
    /// The record expects no events at all.
    pub noevents: bool,
    /// The record tests an input error (not scored).
    pub error: bool,
    /// Sentence text.
    pub text: String,
    /// Penn Treebank parse.
    pub parse: String,
}

/// Removes `<!-- … -->` comments (commented-out records included).
fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(a) = rest.find("<!--") {
        out.push_str(&rest[..a]);
        rest = match rest[a..].find("-->") {
            Some(b) => &rest[a + b + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Value of `key="v"` or `key = 'v'` inside a start tag.
pub fn attr(tag: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(k) = tag[from..].find(key) {
        let at = from + k;
        from = at + key.len();
        let before_ok = at == 0 || tag[..at].ends_with(|c: char| c.is_whitespace());
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| before_ok) else {
            continue;
        };
        let rest = rest.trim_start();
        let q = rest.chars().next()?;
        if q != '"' && q != '\'' {
            continue;
        }
        let end = rest[1..].find(q)?;
        return Some(rest[1..1 + end].to_string());
    }
    None
}

/// Text between `<name>` and `</name>` in `body`.
fn inner<'a>(body: &'a str, name: &str) -> &'a str {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let Some(a) = body.find(&open) else { return "" };
    let start = a + open.len();
    let end = body[start..].find(&close).map_or(body.len(), |b| start + b);
    &body[start..end]
}

fn codings(body: &str) -> (Vec<Expected>, bool, bool) {
    let (mut out, mut noevents, mut error) = (Vec::new(), false, false);
    let mut rest = body;
    while let Some(a) = rest.find("<EventCoding") {
        let end = rest[a..].find('>').map_or(rest.len(), |b| a + b);
        let tag = &rest[a..end];
        rest = &rest[end..];
        if attr(tag, "noevents").is_some() {
            noevents = true;
        } else if attr(tag, "error").is_some() {
            error = true;
        } else if let Some(code) = attr(tag, "eventcode") {
            out.push(Expected {
                source: attr(tag, "sourcecode").unwrap_or_default(),
                target: attr(tag, "targetcode").unwrap_or_default(),
                code,
            });
        }
    }
    (out, noevents, error)
}

/// Every `<Sentence>` record in `xml`, in file order.
pub fn read_records(xml: &str) -> Vec<Record> {
    let xml = strip_comments(xml);
    let mut out = Vec::new();
    let mut rest = xml.as_str();
    while let Some(a) = rest.find("<Sentence ") {
        let tag_end = rest[a..].find('>').map_or(rest.len(), |b| a + b);
        let tag = &rest[a..tag_end];
        let close = rest[tag_end..]
            .find("</Sentence>")
            .map_or(rest.len(), |b| tag_end + b);
        let body = &rest[tag_end..close];
        let (expected, noevents, error) = codings(body);
        out.push(Record {
            id: attr(tag, "id").unwrap_or_default(),
            category: attr(tag, "category").unwrap_or_default(),
            date: attr(tag, "date").unwrap_or_default(),
            valid: attr(tag, "valid").is_some_and(|v| v.eq_ignore_ascii_case("true")),
            expected,
            noevents,
            error,
            text: inner(body, "Text")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            parse: inner(body, "Parse").to_string(),
        });
        rest = &rest[close..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_record() {
        let xml = "<!-- <Sentence id=\"X\"></Sentence> --><Sentence date=\"20010203\" id=\"T-1\" category=\"DEMO\" valid=\"true\">\n<EventCoding sourcecode=\"AAA\" targetcode='BBB' eventcode=\"010\"></EventCoding>\n<Text>\nThe cat\n sat.\n</Text>\n<Parse>(ROOT (S (NP (NN cat)) (VP (VBD sat))))</Parse>\n</Sentence>";
        let r = read_records(xml);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].id, "T-1");
        assert!(r[0].valid);
        assert_eq!(r[0].text, "The cat sat.");
        assert_eq!(r[0].expected[0].target, "BBB");
    }
}
