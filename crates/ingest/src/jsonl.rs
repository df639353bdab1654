//! JSON Lines (one article object per line) and JSON (one object or an array of them).

use crate::metadata::parse_date;
use chrono::NaiveDate;
use serde_json::{Map, Value};

/// The article fields of one JSON object, before text cleaning.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// `id` (string or number).
    pub id: Option<String>,
    /// `url` or `link`.
    pub url: Option<String>,
    /// `title` or `headline`.
    pub title: Option<String>,
    /// `published`, else `date` (and a few common spellings).
    pub published: Option<NaiveDate>,
    /// The first date field that is present but not a readable date (reported, not used).
    pub bad_date: Option<String>,
    /// `source` (a string, or an object with a `name`).
    pub source: Option<String>,
    /// `text` (or `body` / `content`), raw.
    pub text: String,
}

/// Reads the article fields of a parsed JSON value; `Err` says what is wrong with it.
pub fn record(v: &Value) -> Result<Record, String> {
    let obj = v
        .as_object()
        .ok_or_else(|| format!("expected a JSON object, found {}", kind(v)))?;
    let text = match first(obj, &["text", "body", "content", "article"]) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return Err("missing \"text\" field".to_string()),
        Some(other) => return Err(format!("\"text\" is {}, not a string", kind(other))),
    };
    let date_keys = [
        "published",
        "date",
        "published_at",
        "publish_date",
        "pubdate",
        "datePublished",
        "date_published",
    ];
    let published = date_keys
        .iter()
        .filter_map(|k| obj.get(*k))
        .filter_map(|v| v.as_str())
        .find_map(parse_date);
    let bad_date = match published {
        Some(_) => None,
        None => date_keys
            .iter()
            .filter_map(|k| obj.get(*k))
            .find(|v| match v {
                Value::Null => false,
                Value::String(s) => !s.trim().is_empty(),
                _ => true,
            })
            .map(|v| truncate(&v.to_string(), 60)),
    };
    Ok(Record {
        id: first(obj, &["id", "_id", "doc_id", "article_id"]).and_then(scalar),
        url: first(obj, &["url", "link"]).and_then(scalar),
        title: first(obj, &["title", "headline"]).and_then(scalar),
        published,
        bad_date,
        source: obj.get("source").and_then(|s| match s {
            Value::Object(o) => o.get("name").and_then(scalar),
            other => scalar(other),
        }),
        text,
    })
}

/// At most `max` characters of `s` (a bad value is quoted in a one-line warning).
fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn first<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .find_map(|k| obj.get(*k).filter(|v| !v.is_null()))
}

/// A string or number as a trimmed non-empty string.
fn scalar(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_vs_published() {
        let a = record(&serde_json::json!({"id": 7, "text": "x", "date": "2019-11-25 23:43:03Z"}))
            .unwrap();
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2019, 11, 25));
        assert_eq!(a.id.as_deref(), Some("7"));
        let b = record(&serde_json::json!({"text": "x", "published": "2023-12-26", "date": "2001-01-01", "source": {"name": "Wire"}})).unwrap();
        assert_eq!(b.published, NaiveDate::from_ymd_opt(2023, 12, 26));
        assert_eq!(b.source.as_deref(), Some("Wire"));
        assert!(record(&serde_json::json!({"title": "t"}))
            .unwrap_err()
            .contains("missing"));
        assert!(record(&serde_json::json!({"text": 5}))
            .unwrap_err()
            .contains("number"));
        assert!(record(&serde_json::json!([1]))
            .unwrap_err()
            .contains("array"));
    }
}
