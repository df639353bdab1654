//! HTML to article text: a small forgiving tokenizer (no DOM) that keeps the prose, drops
//! page furniture (`<script>`, `<nav>`, `<footer>`, share and related-links blocks, ...),
//! decodes character references and reads title, date, site name and canonical URL from the
//! head.
//!
//! Design: tokens first, then matching of the start and end tags of dropped elements with a
//! stack, so that an unclosed `<nav>` in broken markup drops nothing rather than the rest of
//! the page. Dropping by `class`/`id` ("share", "related", "comments") is a second, riskier
//! layer: when it leaves almost nothing, the page is extracted again without it.

use crate::entities::decode_entities;
use crate::metadata::parse_date;
use chrono::NaiveDate;

/// What an HTML page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HtmlArticle {
    /// `<title>` (site suffix removed), else `og:title`, else the first `<h1>`.
    pub title: Option<String>,
    /// `article:published_time` and similar meta tags, JSON-LD `datePublished`, or the first
    /// `<time datetime>`.
    pub published: Option<NaiveDate>,
    /// `og:site_name`.
    pub site_name: Option<String>,
    /// `<link rel="canonical">` or `og:url`.
    pub url: Option<String>,
    /// Body text: paragraphs separated by blank lines, not yet normalised.
    pub text: String,
}

/// Elements whose whole content is furniture or not text.
const DROP: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg",
    "iframe", "button", "select", "object", "canvas", "audio", "video", "head", "menu", "dialog",
];

/// Elements whose content is raw text up to the matching end tag.
const RAW: &[&str] = &["script", "style", "textarea", "xmp", "noscript", "template"];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "section",
    "article",
    "main",
    "hr",
    "figure",
    "address",
    "center",
    "body",
    "details",
    "summary",
];

/// Elements that end a line.
const LINE: &[&str] = &[
    "br",
    "li",
    "tr",
    "dt",
    "dd",
    "figcaption",
    "option",
    "caption",
];

/// `class`/`id` words that mark furniture blocks.
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "related",
    "comments",
    "comment-list",
    "newsletter",
    "advert",
    "advertisement",
    "ad",
    "ads",
    "adslot",
    "cookie",
    "cookies",
    "consent",
    "promo",
    "subscribe",
    "subscription",
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "outbrain",
    "taboola",
    "paywall",
    "recommended",
    "recirculation",
    "most-read",
    "popular",
    "byline-share",
];

/// Meta names (any of `name`, `property`, `itemprop`) that carry the publication date.
const DATE_META: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "og:pubdate",
    "cxenseparse:recs:publishtime",
    "article_date_original",
];

#[derive(Debug)]
enum Tok<'a> {
    Text(&'a str),
    Raw {
        owner: String,
        text: &'a str,
    },
    Start {
        name: String,
        attrs: Vec<(String, String)>,
        self_closing: bool,
    },
    End(String),
}

impl Tok<'_> {
    fn attr(&self, key: &str) -> Option<&str> {
        match self {
            Tok::Start { attrs, .. } => attrs
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// Extracts the article from an HTML page.
pub fn extract(html: &str) -> HtmlArticle {
    let toks = tokenize(html);
    let with_attrs = walk(&toks, true);
    let words = |s: &str| s.split_whitespace().count();
    let kept = words(&with_attrs.text);
    if kept < 25 {
        // A whole article inside a "social"-classed wrapper: the class rule ate the text.
        let plain = walk(&toks, false);
        if words(&plain.text) >= 4 * kept.max(1) {
            return plain;
        }
    }
    with_attrs
}

/// Strips markup from an HTML string and returns only its text (for HTML inside JSONL).
pub fn to_text(html: &str) -> String {
    extract(html).text
}

fn walk(toks: &[Tok], drop_by_attr: bool) -> HtmlArticle {
    let matches = match_ends(toks, drop_by_attr);
    let mut out = Out::default();
    let mut title = String::new();
    let mut in_title = false;
    let mut h1: Option<String> = None;
    let mut h1_buf: Option<String> = None;
    let mut og_title = None;
    let mut site_name = None;
    let mut canonical = None;
    let mut og_url = None;
    let mut meta_date = None;
    let mut ld_date = None;
    let mut time_date = None;
    let mut drop_until = 0usize;
    let mut pre = 0usize;
    for (i, tok) in toks.iter().enumerate() {
        let dropped = i < drop_until;
        match tok {
            Tok::Start {
                name, self_closing, ..
            } => {
                let n = name.as_str();
                match n {
                    // Only the first <title>: an <svg><title> later in the body is an icon label.
                    "title" => in_title = !self_closing && title.trim().is_empty(),
                    "h1" if h1.is_none() => h1_buf = Some(String::new()),
                    "meta" => {
                        let key = tok
                            .attr("property")
                            .or(tok.attr("name"))
                            .or(tok.attr("itemprop"));
                        let content = tok.attr("content").map(str::trim).filter(|c| !c.is_empty());
                        if let (Some(k), Some(c)) = (key, content) {
                            let k = k.to_ascii_lowercase();
                            match k.as_str() {
                                "og:title" | "twitter:title" if og_title.is_none() => {
                                    og_title = Some(c.to_string())
                                }
                                "og:site_name" if site_name.is_none() => {
                                    site_name = Some(c.to_string())
                                }
                                "og:url" if og_url.is_none() => og_url = Some(c.to_string()),
                                _ if meta_date.is_none() && DATE_META.contains(&k.as_str()) => {
                                    meta_date = parse_date(c)
                                }
                                _ => {}
                            }
                        }
                    }
                    "link"
                        if canonical.is_none()
                            && tok
                                .attr("rel")
                                .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
                    {
                        canonical = tok.attr("href").map(str::to_string);
                    }
                    "time" if time_date.is_none() => {
                        time_date = tok.attr("datetime").and_then(parse_date)
                    }
                    _ => {}
                }
                if dropped {
                    continue;
                }
                if let Some(&end) = matches.get(&i) {
                    drop_until = end;
                    continue;
                }
                if n == "pre" && !self_closing {
                    pre += 1;
                }
                if BLOCK.contains(&n) {
                    out.brk(2);
                } else if LINE.contains(&n) {
                    out.brk(1);
                } else if matches!(n, "td" | "th") {
                    out.space();
                }
            }
            Tok::End(name) => {
                let n = name.as_str();
                match n {
                    "title" => in_title = false,
                    "h1" => {
                        if let Some(b) = h1_buf.take() {
                            let b = collapse(&b);
                            if !b.is_empty() {
                                h1 = Some(b);
                            }
                        }
                    }
                    _ => {}
                }
                if dropped {
                    continue;
                }
                if n == "pre" {
                    pre = pre.saturating_sub(1);
                }
                if BLOCK.contains(&n) {
                    out.brk(2);
                } else if LINE.contains(&n) && n != "br" {
                    out.brk(1);
                }
            }
            Tok::Text(t) => {
                let decoded = decode_entities(t);
                if in_title {
                    title.push_str(&decoded);
                    continue;
                }
                if let Some(b) = h1_buf.as_mut() {
                    b.push_str(&decoded);
                }
                if !dropped {
                    if pre > 0 {
                        out.verbatim(&decoded);
                    } else {
                        out.text(&decoded);
                    }
                }
            }
            Tok::Raw { owner, text } => {
                if owner == "script" && ld_date.is_none() && text.contains("datePublished") {
                    ld_date = json_ld_date(text);
                }
                if owner == "textarea" && !dropped {
                    out.text(&decode_entities(text));
                }
            }
        }
    }
    let site_name = site_name.map(|s| collapse(&decode_entities(&s)));
    let og_title = og_title.map(|s| collapse(&decode_entities(&s)));
    let title = choose_title(
        &collapse(&title),
        og_title.as_deref(),
        h1.as_deref(),
        site_name.as_deref(),
    );
    HtmlArticle {
        title,
        published: meta_date.or(ld_date).or(time_date),
        site_name: site_name.filter(|s| !s.is_empty()),
        url: canonical
            .or(og_url)
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty()),
        text: out.s,
    }
}

/// `<title>` minus a " | Site" suffix; `og:title` when `<title>` is that plus decoration.
fn choose_title(
    title: &str,
    og: Option<&str>,
    h1: Option<&str>,
    site: Option<&str>,
) -> Option<String> {
    if !title.is_empty() {
        if let Some(og) = og.filter(|o| !o.is_empty() && title.starts_with(*o)) {
            return Some(og.to_string());
        }
        if let Some(site) = site.filter(|s| !s.is_empty()) {
            for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
                if let Some(stem) = title.strip_suffix(&format!("{sep}{site}")) {
                    return Some(stem.trim().to_string());
                }
            }
        }
        return Some(title.to_string());
    }
    og.filter(|o| !o.is_empty()).or(h1).map(str::to_string)
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `"datePublished": "..."` inside a JSON-LD script, without parsing the whole graph.
fn json_ld_date(script: &str) -> Option<NaiveDate> {
    let at = script.find("\"datePublished\"")?;
    let rest = script[at + "\"datePublished\"".len()..]
        .trim_start()
        .strip_prefix(':')?;
    let rest = rest.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    parse_date(&rest[..end])
}

/// For each dropped element's start token, the index of its matching end token.
fn match_ends(toks: &[Tok], drop_by_attr: bool) -> std::collections::BTreeMap<usize, usize> {
    let mut stacks: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    let mut out = std::collections::BTreeMap::new();
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Start {
                name,
                self_closing: false,
                ..
            } if !is_void(name) => {
                if DROP.contains(&name.as_str()) || (drop_by_attr && is_furniture(tok, name)) {
                    stacks.entry(name.as_str()).or_default().push(i);
                } else if let Some(s) = stacks.get_mut(name.as_str()) {
                    // Same-name elements nested in a dropped one must balance their ends.
                    s.push(usize::MAX);
                }
            }
            Tok::End(name) => {
                if let Some(s) = stacks.get_mut(name.as_str()) {
                    if let Some(start) = s.pop() {
                        if start != usize::MAX {
                            out.insert(start, i);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

fn is_furniture(tok: &Tok, name: &str) -> bool {
    if matches!(
        name,
        "html" | "body" | "article" | "main" | "p" | "h1" | "h2" | "h3"
    ) {
        return false;
    }
    if tok.attr("hidden").is_some() || tok.attr("aria-hidden") == Some("true") {
        return true;
    }
    if let Some(role) = tok.attr("role") {
        if matches!(
            role,
            "navigation" | "banner" | "contentinfo" | "complementary" | "dialog" | "alertdialog"
        ) {
            return true;
        }
    }
    if tok.attr("style").is_some_and(|s| {
        s.replace(' ', "")
            .to_ascii_lowercase()
            .contains("display:none")
    }) {
        return true;
    }
    for key in ["class", "id"] {
        if let Some(v) = tok.attr(key) {
            for word in v.split_whitespace() {
                let w = word.to_ascii_lowercase();
                if FURNITURE_WORDS.contains(&w.as_str())
                    || w.split(['-', '_'])
                        .any(|part| FURNITURE_WORDS.contains(&part) && part.len() > 2)
                {
                    return true;
                }
            }
        }
    }
    false
}

/// Text output with HTML whitespace rules: runs of whitespace become one space, block
/// boundaries become line breaks.
#[derive(Default)]
struct Out {
    s: String,
    pending_space: bool,
}

impl Out {
    fn text(&mut self, t: &str) {
        for c in t.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                self.pending_space = true;
                continue;
            }
            if self.pending_space && !self.s.is_empty() && !self.s.ends_with('\n') {
                self.s.push(' ');
            }
            self.pending_space = false;
            self.s.push(c);
        }
    }

    fn verbatim(&mut self, t: &str) {
        if self.pending_space && !self.s.is_empty() && !self.s.ends_with('\n') {
            self.s.push(' ');
        }
        self.pending_space = false;
        self.s.push_str(t);
    }

    fn space(&mut self) {
        self.pending_space = true;
    }

    fn brk(&mut self, n: usize) {
        self.pending_space = false;
        let trimmed = self.s.trim_end_matches([' ', '\t']).len();
        self.s.truncate(trimmed);
        if self.s.is_empty() {
            return;
        }
        let have = self.s.len() - self.s.trim_end_matches('\n').len();
        for _ in have..n {
            self.s.push('\n');
        }
    }
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let lower = s.to_ascii_lowercase();
    let b = s.as_bytes();
    let mut toks = Vec::new();
    let mut pos = 0;
    let mut text_start = 0;
    while let Some(off) = s[pos..].find('<') {
        let lt = pos + off;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        let (end, tok) = if lower[lt..].starts_with("<!--") {
            let end = lower[lt + 4..]
                .find("-->")
                .map(|i| lt + 4 + i + 3)
                .unwrap_or(s.len());
            (end, None)
        } else if next == b'!' || next == b'?' {
            (
                s[lt..].find('>').map(|i| lt + i + 1).unwrap_or(s.len()),
                None,
            )
        } else if next == b'/' && b.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) {
            let name_end = tag_name_end(b, lt + 2);
            let end = s[name_end..]
                .find('>')
                .map(|i| name_end + i + 1)
                .unwrap_or(s.len());
            (end, Some(Tok::End(lower[lt + 2..name_end].to_string())))
        } else if next.is_ascii_alphabetic() {
            match parse_start_tag(s, &lower, lt) {
                Some((end, tok)) => (end, Some(tok)),
                None => {
                    pos = lt + 1;
                    continue;
                }
            }
        } else {
            pos = lt + 1;
            continue;
        };
        if text_start < lt {
            toks.push(Tok::Text(&s[text_start..lt]));
        }
        let mut after = end;
        if let Some(tok) = tok {
            let raw_owner = match &tok {
                Tok::Start {
                    name,
                    self_closing: false,
                    ..
                } if RAW.contains(&name.as_str()) => Some(name.clone()),
                _ => None,
            };
            toks.push(tok);
            if let Some(owner) = raw_owner {
                let close = format!("</{owner}");
                let raw_end = lower[after..]
                    .find(&close)
                    .map(|i| after + i)
                    .unwrap_or(s.len());
                toks.push(Tok::Raw {
                    owner,
                    text: &s[after..raw_end],
                });
                after = raw_end;
            }
        }
        pos = after;
        text_start = after;
    }
    if text_start < s.len() {
        toks.push(Tok::Text(&s[text_start..]));
    }
    toks
}

fn tag_name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b':') {
        i += 1;
    }
    i
}

/// Parses `<name attr=value ...>` at `lt`; `None` when the tag never closes.
fn parse_start_tag<'a>(s: &'a str, lower: &str, lt: usize) -> Option<(usize, Tok<'a>)> {
    let b = s.as_bytes();
    let name_end = tag_name_end(b, lt + 1);
    let name = lower[lt + 1..name_end].to_string();
    let mut attrs = Vec::new();
    let mut i = name_end;
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            i += 1;
            break;
        }
        self_closing = false;
        let k_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let key = lower[k_start..i].to_string();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i] as char;
                let v_start = i + 1;
                let v_end = s[v_start..].find(q).map(|j| v_start + j)?;
                value = decode_entities(&s[v_start..v_end]);
                i = v_end + 1;
            } else {
                let v_start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(&s[v_start..i]);
            }
        }
        if !key.is_empty() {
            attrs.push((key, value));
        }
        if k_start == i {
            // Defensive: never loop without progress on odd bytes.
            i += 1;
        }
    }
    Some((
        i,
        Tok::Start {
            name,
            attrs,
            self_closing,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_furniture_and_decodes() {
        let html = r#"<!DOCTYPE html><html><head><title>Talks resume in Geneva | Example Wire</title>
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2023-12-26T08:00:00+04:00">
<script>var x = "<p>not text</p>";</script><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header><h1>Talks resume in Geneva</h1></header>
<article><p>GENEVA (AP) &mdash; Delegates met on Tuesday &amp; agreed to continue.</p>
<p>It&#8217;s the first meeting since&nbsp;June, officials said.<br>More talks are planned.</p>
<div class="share-buttons"><a>Facebook</a><a>Twitter</a></div></article>
<aside>Most read</aside><footer>&copy; 2023 Example Wire</footer></body></html>"#;
        let a = extract(html);
        assert_eq!(a.title.as_deref(), Some("Talks resume in Geneva"));
        assert_eq!(a.site_name.as_deref(), Some("Example Wire"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2023, 12, 26));
        let text = crate::normalize::normalize_text(&a.text);
        assert_eq!(
            text,
            "GENEVA (AP) — Delegates met on Tuesday & agreed to continue.\n\nIt’s the first meeting since June, officials said.\nMore talks are planned."
        );
    }

    #[test]
    fn broken_markup_never_loses_everything() {
        let a = extract(
            "<p>One <b>bold</b> claim <nav>unclosed nav then text</p><p>Two < three</p><a href=\"x",
        );
        let t = crate::normalize::normalize_text(&a.text);
        assert!(t.contains("One bold claim"), "{t}");
        assert!(t.contains("unclosed nav then text"), "{t}");
        assert!(t.contains("Two < three"), "{t}");
    }

    #[test]
    fn time_and_h1_fallbacks() {
        let a =
            extract("<head><title>Page</title></head><p>x<svg><title>Share icon</title></svg></p>");
        assert_eq!(a.title.as_deref(), Some("Page"));
        let a = extract("<body><h1>Flood  warning</h1><time datetime=\"2021-07-14\">July 14</time><p>Rivers rose.</p></body>");
        assert_eq!(a.title.as_deref(), Some("Flood warning"));
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2021, 7, 14));
    }

    #[test]
    fn json_ld_date_is_read() {
        let a = extract(
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished": "2020-03-01T10:00:00Z"}</script><p>x</p>"#,
        );
        assert_eq!(a.published, NaiveDate::from_ymd_opt(2020, 3, 1));
    }
}
