//! Ingestion: turns files, directories and stdin into cleaned [`vigil_core::Document`]s.
//!
//! Consumes bytes (plain text, HTML, JSON Lines or JSON; format by extension, else by
//! sniffing the content) and produces one [`Item`] per article: either an [`Ingested`]
//! document or a [`Rejection`] with a one-line reason. Every text goes through the same
//! cleaning ([`clean::clean_article`]): normalise whitespace, read header metadata lines
//! (`date 2023-12-26`), drop boilerplate lines, find the dateline.
//!
//! Key design decision: bad input is data, not an error. Nothing here returns `Err` or panics
//! for any file content; binary, empty, over-size and malformed inputs become rejections that
//! name the file (and line), while the good parts of the same file are still ingested.
//! Document ids are content hashes ([`vigil_core::Document::new`]), so ingesting the same
//! article twice gives the same id.
#![deny(missing_docs)]

pub mod boilerplate;
pub mod clean;
pub mod dateline;
pub mod decode;
pub mod entities;
mod expand;
pub mod html;
pub mod jsonl;
pub mod metadata;
pub mod normalize;
pub mod sniff;
mod stream;

pub use expand::expand_inputs;
use expand::io_reason;
use sniff::Format;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
pub use stream::{stream_input, ItemStream};
use vigil_core::Document;

/// Ingestion settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestOptions {
    /// Inputs larger than this many bytes are rejected without being read.
    pub max_bytes: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// An input (or one article in it) that was not ingested, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The file (`path`), the line (`path:line`), or `<stdin>`.
    pub origin: String,
    /// One-line reason.
    pub reason: String,
}

impl Rejection {
    fn new(origin: impl Into<String>, reason: impl Into<String>) -> Rejection {
        Rejection {
            origin: origin.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            printable(&self.origin),
            printable(&self.reason)
        )
    }
}

/// `s` with control characters (newline, ESC, …) written as escapes, so a file name cannot
/// break a one-line message or forge another line on a terminal.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A successfully ingested article.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The document (content-hash id, metadata, cleaned text, dateline).
    pub doc: Document,
    /// Where it came from: `path`, `path:line` for JSONL, `path[i]` for JSON arrays, `<stdin>`.
    pub origin: String,
    /// How many invalid UTF-8 sequences were replaced by U+FFFD in this article's bytes.
    pub repaired_utf8: usize,
    /// Problems that did not stop the article (e.g. a `published` value that is not a date).
    pub warnings: Vec<String>,
}

/// One result of reading an input.
// Boxing `Ingested` would change the public API the CLI matches on; items are consumed one at
// a time, so the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// An article.
    Doc(Ingested),
    /// Something that could not be ingested.
    Rejected(Rejection),
}

/// An input to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A regular file.
    File(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

/// The origin name used for standard input.
pub const STDIN_ORIGIN: &str = "<stdin>";

fn too_large(size: u64, opts: &IngestOptions) -> String {
    format!(
        "too large: {size} bytes exceeds the limit of {} bytes",
        opts.max_bytes
    )
}

/// Reads one input into documents/rejections (never panics, never returns Err for bad content).
pub fn read_input(input: &Input, opts: &IngestOptions) -> Vec<Item> {
    match input {
        Input::Stdin => read_whole(std::io::stdin().lock(), STDIN_ORIGIN, opts),
        Input::File(path) => {
            let origin = path.display().to_string();
            match read_file(path, opts) {
                Ok(bytes) => read_named(&bytes, &origin, Some(&origin), opts),
                Err(reason) => reject(&origin, reason),
            }
        }
    }
}

/// Reads a nameless input (standard input) whole, up to `max_bytes`.
fn read_whole(reader: impl Read, origin: &str, opts: &IngestOptions) -> Vec<Item> {
    let mut buf = Vec::new();
    match reader
        .take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
    {
        Err(e) => reject(origin, io_reason(&e)),
        Ok(n) if n as u64 > opts.max_bytes => reject(
            origin,
            format!("too large: more than {} bytes", opts.max_bytes),
        ),
        Ok(_) => read_named(&buf, origin, None, opts),
    }
}

/// Reads a file after checking its size from metadata, so a huge file is never loaded.
fn read_file(path: &Path, opts: &IngestOptions) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".to_string());
    }
    if meta.len() > opts.max_bytes {
        return Err(too_large(meta.len(), opts));
    }
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let mut buf = Vec::with_capacity(meta.len() as usize);
    // The file may grow between the size check and the read.
    file.take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| io_reason(&e))?;
    if buf.len() as u64 > opts.max_bytes {
        return Err(format!("too large: more than {} bytes", opts.max_bytes));
    }
    Ok(buf)
}

fn reject(origin: &str, reason: impl Into<String>) -> Vec<Item> {
    vec![Item::Rejected(Rejection::new(origin, reason))]
}

/// Same from bytes already in memory; `name` picks the format by extension when it has one,
/// else sniffing.
///
/// `name` is also the origin and, for single-article formats, the document's `external_id`
/// (except for `-` / `<stdin>` / empty, which mean standard input).
pub fn read_bytes(bytes: &[u8], name: &str, opts: &IngestOptions) -> Vec<Item> {
    if name.is_empty() || name == "-" || name == STDIN_ORIGIN {
        read_named(bytes, STDIN_ORIGIN, None, opts)
    } else {
        read_named(bytes, name, Some(name), opts)
    }
}

fn read_named(bytes: &[u8], origin: &str, path: Option<&str>, opts: &IngestOptions) -> Vec<Item> {
    if bytes.len() as u64 > opts.max_bytes {
        return reject(origin, too_large(bytes.len() as u64, opts));
    }
    if let Some(reason) = sniff::binary_reason(bytes) {
        return reject(origin, reason);
    }
    let named = path.and_then(sniff::format_from_name);
    let (text, repaired) = decode_document(bytes, named);
    if text.trim().is_empty() {
        let reason = if bytes.is_empty() {
            "empty file"
        } else {
            "empty file (only whitespace)"
        };
        return reject(origin, reason);
    }
    let format = named.unwrap_or_else(|| sniff::sniff(&text));
    match format {
        Format::Text => vec![single(origin, path, &text, repaired, Meta::default())],
        Format::Html => {
            let a = html::extract(&text);
            let meta = Meta {
                title: a.title,
                published: a.published,
                source: a.site_name,
                url: a.url,
                id: None,
            };
            vec![single(origin, path, &a.text, repaired, meta)]
        }
        Format::Jsonl => read_jsonl(bytes, &text, origin, path),
        Format::Json => read_json(bytes, &text, origin, path),
    }
}

/// Decodes the whole input. Pages that are not valid UTF-8 but declare a single-byte Western
/// charset are decoded as Windows-1252 (no repairs needed); everything else is UTF-8 with
/// repairs counted.
fn decode_document(bytes: &[u8], named: Option<Format>) -> (String, usize) {
    if std::str::from_utf8(bytes).is_err()
        && matches!(named, None | Some(Format::Html))
        && declares_western_charset(bytes)
    {
        return (bytes.iter().map(|&b| entities::cp1252(b)).collect(), 0);
    }
    decode::decode(bytes)
}

fn declares_western_charset(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let Some(pos) = lower.windows(8).position(|w| w == b"charset=") else {
        return false;
    };
    let rest = &lower[pos + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    [
        "windows-1252",
        "iso-8859-1",
        "iso-8859-15",
        "latin1",
        "latin-1",
        "cp1252",
        "us-ascii",
    ]
    .iter()
    .any(|c| rest.starts_with(c.as_bytes()))
}

/// Metadata from the container (HTML head or JSON fields); wins over header lines in the text.
type Meta = metadata::Metadata;

/// Builds one document from a raw body; rejects it when nothing is left after cleaning.
fn single(origin: &str, path: Option<&str>, raw: &str, repaired: usize, container: Meta) -> Item {
    match build(raw, container, path.map(str::to_string)) {
        Ok(doc) => Item::Doc(Ingested {
            doc,
            origin: origin.to_string(),
            repaired_utf8: repaired,
            warnings: Vec::new(),
        }),
        Err(reason) => Item::Rejected(Rejection::new(origin, reason)),
    }
}

fn build(raw: &str, container: Meta, default_id: Option<String>) -> Result<Document, String> {
    if raw.trim().is_empty() {
        return Err("empty text".to_string());
    }
    let cleaned = clean::clean_article(raw);
    if cleaned.text.is_empty() {
        return Err("no text left after removing boilerplate and metadata lines".to_string());
    }
    let meta = container.or(cleaned.meta);
    let mut doc = Document::new(meta.title, cleaned.text);
    doc.published = meta.published;
    doc.source = meta.source;
    doc.url = meta.url;
    doc.external_id = meta.id.or(default_id);
    doc.dateline = cleaned.dateline;
    Ok(doc)
}

/// One article per line; blank lines are skipped, bad lines become `path:line` rejections.
fn read_jsonl(bytes: &[u8], text: &str, origin: &str, path: Option<&str>) -> Vec<Item> {
    // Decode line by line (when the file is UTF-8) so repairs are counted per article.
    let lines: Vec<(String, usize)> = if decode::has_utf16_bom(bytes) {
        text.split('\n').map(|l| (l.to_string(), 0)).collect()
    } else {
        let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        body.split(|&b| b == b'\n')
            .map(decode::decode_utf8)
            .collect()
    };
    let mut items = Vec::new();
    for (i, (line, repaired)) in lines.iter().enumerate() {
        let at = format!("{origin}:{}", i + 1);
        items.extend(jsonl_line(line, at, path, *repaired));
    }
    if items.is_empty() {
        items = reject(origin, "no JSON lines");
    }
    items
}

/// One line of a JSON Lines input, found at `at` (`path:line`); `None` for a blank line.
/// Shared by the whole-file reader and the streaming one ([`stream_input`]).
fn jsonl_line(line: &str, at: String, path: Option<&str>, repaired: usize) -> Option<Item> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    Some(match serde_json::from_str::<serde_json::Value>(line) {
        Ok(v) => from_value(&v, &at, path, repaired),
        Err(e) => Item::Rejected(Rejection::new(at, format!("invalid JSON: {e}"))),
    })
}

/// A JSON document: one article object, or an array of them. A file that turns out to hold
/// several objects on separate lines is read as JSON Lines.
fn read_json(bytes: &[u8], text: &str, origin: &str, path: Option<&str>) -> Vec<Item> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) if items.is_empty() => {
            reject(origin, "empty JSON array")
        }
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| from_value(v, &format!("{origin}[{i}]"), path, 0))
            .collect(),
        Ok(v) => vec![from_value(&v, origin, path, count_repairs(text))],
        Err(_) if text.trim_start().starts_with('{') && text.trim().lines().count() > 1 => {
            read_jsonl(bytes, text, origin, path)
        }
        Err(e) => reject(origin, format!("invalid JSON: {e}")),
    }
}

fn count_repairs(text: &str) -> usize {
    text.chars().filter(|&c| c == '\u{FFFD}').count()
}

/// One article given as a JSON object (the fields of a JSONL line: `text`, `title`,
/// `published`, `source`, `url`, `id`), cleaned exactly as a line of a JSONL file is; `origin`
/// names it in a rejection. Lets callers that hold articles in memory (the Python package)
/// build the same documents as `vigil code` on a file.
pub fn read_record(v: &serde_json::Value, origin: &str) -> Item {
    from_value(v, origin, None, 0)
}

fn from_value(v: &serde_json::Value, at: &str, path: Option<&str>, repaired: usize) -> Item {
    let rec = match jsonl::record(v) {
        Ok(r) => r,
        Err(reason) => return Item::Rejected(Rejection::new(at, reason)),
    };
    let body = if looks_like_markup(&rec.text) {
        html::to_text(&rec.text)
    } else {
        rec.text
    };
    let container = Meta {
        title: rec.title,
        published: rec.published,
        source: rec.source,
        url: rec.url,
        id: rec.id,
    };
    // Without an id of its own, a record is identified by where it was read.
    let default_id = path.map(|_| at.to_string());
    let warnings = rec
        .bad_date
        .map(|v| format!("published value {v:?} is not a date; stored without one"))
        .into_iter()
        .collect();
    match build(&body, container, default_id) {
        Ok(doc) => Item::Doc(Ingested {
            doc,
            origin: at.to_string(),
            repaired_utf8: repaired,
            warnings,
        }),
        Err(reason) => Item::Rejected(Rejection::new(at, reason)),
    }
}

/// HTML inside a JSON text field (some scrapers store the article body as markup).
fn looks_like_markup(t: &str) -> bool {
    let lower = t.get(..t.len().min(4096)).unwrap_or(t).to_ascii_lowercase();
    sniff::looks_like_html(lower.trim_start()) || lower.contains("</p>") || lower.contains("<br")
}
