//! Format detection and binary-file recognition.

/// The input formats ingestion understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: one article per file.
    Text,
    /// An HTML page: one article per file.
    Html,
    /// JSON Lines: one article object per line.
    Jsonl,
    /// A JSON document: one article object or an array of them.
    Json,
}

/// Known binary formats by magic number, with the name used in the rejection reason.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x89PNG", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"RIFF", "RIFF media file"),
    (b"\x7fELF", "ELF executable"),
    (b"SQLite format 3\x00", "SQLite database"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "OLE document (DOC/XLS)",
    ),
    (b"{\\rtf", "RTF document"),
];

/// How many leading bytes the control-byte heuristic looks at.
const SNIFF_LEN: usize = 8192;

/// Returns why the bytes are binary, or `None` for text.
///
/// Binary means: a known magic number, a NUL byte in the first 8 KiB (text never has one;
/// UTF-16 with a byte-order mark is exempt), or more than 10 % control bytes there.
pub fn binary_reason(bytes: &[u8]) -> Option<String> {
    for (magic, name) in MAGIC {
        if bytes.starts_with(magic) {
            return Some(format!(
                "binary file ({name}); only text, HTML and JSON(L) are ingested"
            ));
        }
    }
    if crate::decode::has_utf16_bom(bytes) {
        return None;
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    if head.contains(&0) {
        return Some("binary file (contains NUL bytes), not text".to_string());
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    if !head.is_empty() && control * 10 > head.len() {
        return Some(format!(
            "binary file ({control} control bytes in the first {} bytes), not text",
            head.len()
        ));
    }
    None
}

/// Picks the format from the file name's extension; `None` when the name says nothing.
pub fn format_from_name(name: &str) -> Option<Format> {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = file.rsplit_once('.')?;
    if stem.is_empty() {
        return None;
    }
    match ext.to_ascii_lowercase().as_str() {
        "txt" | "text" | "md" => Some(Format::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// Guesses the format from the content.
pub fn sniff(text: &str) -> Format {
    let t = text.trim_start();
    if t.starts_with('{') {
        let first = t.lines().next().unwrap_or("");
        if serde_json::from_str::<serde_json::Value>(first)
            .map(|v| v.is_object())
            .unwrap_or(false)
        {
            return Format::Jsonl;
        }
        if serde_json::from_str::<serde_json::Value>(t).is_ok() {
            return Format::Json;
        }
        // A truncated first line still means JSONL when the next line is an object.
        if t.lines()
            .nth(1)
            .is_some_and(|l| l.trim_start().starts_with('{'))
        {
            return Format::Jsonl;
        }
    }
    if t.starts_with('[') && serde_json::from_str::<serde_json::Value>(t).is_ok() {
        return Format::Json;
    }
    if looks_like_html(t) {
        return Format::Html;
    }
    Format::Text
}

/// True when text (trimmed at the start) looks like an HTML page or fragment.
pub fn looks_like_html(t: &str) -> bool {
    let head: String = t
        .chars()
        .take(2048)
        .collect::<String>()
        .to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return true;
    }
    if !head.starts_with('<') {
        return false;
    }
    const TAGS: &[&str] = &[
        "<head", "<body", "<p>", "<p ", "<div", "<article", "<meta", "<title", "<h1", "<br",
        "<span", "<section", "<!--",
    ];
    TAGS.iter().any(|tag| head.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_and_nul() {
        assert!(binary_reason(b"%PDF-1.7\n...").unwrap().contains("PDF"));
        assert!(binary_reason(b"abc\0def").unwrap().contains("NUL"));
        assert!(binary_reason(b"\x01\x02\x03\x04 abc").is_some());
        assert!(binary_reason("plain text, caf\u{e9}".as_bytes()).is_none());
    }

    #[test]
    fn names_and_sniffing() {
        assert_eq!(format_from_name("a/b.HTM"), Some(Format::Html));
        assert_eq!(format_from_name("x.jsonl"), Some(Format::Jsonl));
        assert_eq!(format_from_name("notes"), None);
        assert_eq!(format_from_name(".hidden"), None);
        assert_eq!(sniff("{\"text\":\"a\"}\n{\"text\":\"b\"}"), Format::Jsonl);
        assert_eq!(sniff("  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff("<p>Hello</p>"), Format::Html);
        assert_eq!(sniff("Hello <b>world</b>"), Format::Text);
        assert_eq!(sniff("[{\"text\":\"a\"}]"), Format::Json);
    }
}
