//! Rule-based tokenizer and sentence splitter following UD English EWT conventions.
//!
//! Tokens keep exact byte spans into the input; `Token::text` is the covered text except that
//! curly quotes become straight ones (`“`→`"`, `’`→`'`) so the tagger sees one form.
//!
//! EWT conventions followed: clitics split (`do|n't`, `ca|n't`, `John|'s`, `we|'re`,
//! `can|not`), punctuation split, currency and percent signs split from numbers, hyphenated
//! compounds split at the hyphen (`center|-|north`) except after common prefixes (`non-stop`,
//! `e-mail`, `anti-American`) and between digits (phone numbers), abbreviations and initials keep
//! their period (`U.S.`, `Mr.`, `J.`), URLs and e-mail addresses stay whole.

use vigil_core::{Sentence, Span, Token};

/// Splits `text` into sentences and tokens. `Sentence::token_start/token_end` index into the
/// returned token vector; every span indexes into `text`.
pub fn tokenize(text: &str) -> (Vec<Sentence>, Vec<Token>) {
    let mut tokens: Vec<Token> = Vec::new();
    let mut sentences: Vec<Sentence> = Vec::new();
    for (pstart, pend) in paragraphs(text) {
        let first = tokens.len();
        let chunks = whitespace_chunks(text, pstart, pend);
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (i, &(cs, ce)) in chunks.iter().enumerate() {
            let next = chunks.get(i + 1).map(|&(s, e)| &text[s..e]);
            split_chunk(text, cs, ce, next, &mut spans);
        }
        for (s, e) in spans {
            tokens.push(Token::new(Span::new(s, e), normalise(&text[s..e])));
        }
        split_sentences(text, &tokens, first, &mut sentences);
    }
    (sentences, tokens)
}

/// Paragraph byte ranges: a blank line (newline, optional whitespace, newline) always ends one,
/// and so does a newline followed by an indent of two or more spaces or a tab (plain-text
/// newswire such as Reuters marks paragraphs that way, and its tables have no full stops).
fn paragraphs(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            let mut j = i + 1;
            while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            let indent = &bytes[i + 1..j];
            let indented =
                indent.contains(&b'\t') || indent.iter().filter(|&&c| c == b' ').count() >= 2;
            if j < bytes.len() && (bytes[j] == b'\n' || (indented && i > start)) {
                out.push((start, i));
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out.push((start, bytes.len()));
    out
}

fn whitespace_chunks(text: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur: Option<usize> = None;
    for (off, c) in text[start..end].char_indices() {
        let pos = start + off;
        if c.is_whitespace() || c == '\u{200b}' {
            if let Some(s) = cur.take() {
                out.push((s, pos));
            }
        } else if cur.is_none() {
            cur = Some(pos);
        }
    }
    if let Some(s) = cur {
        out.push((s, end));
    }
    out
}

fn normalise(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{00ab}' | '\u{00bb}' => '"',
            '\u{2018}' | '\u{2019}' | '\u{201a}' => '\'',
            c => c,
        })
        .collect()
}

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '"'
            | '\''
            | '`'
            | '\u{201c}'
            | '\u{2018}'
            | '\u{00ab}'
            | '<'
            | '\u{201e}'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | '\u{201d}'
            | '\u{2019}'
            | '\u{00bb}'
            | '>'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\u{2026}'
    )
}

/// Abbreviations that keep their period. Lower-case, without the final period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt",
    "cpl", "pvt", "cmdr", "adm", "brig", "gov", "sen", "rep", "reps", "sens", "st", "ste", "jr",
    "sr", "rev", "hon", "pres", "supt", "mt", "ft", "fr", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "inc", "corp", "co", "ltd", "bros", "vs", "etc", "al", "approx", "dept",
    "est", "fig", "govt", "univ", "ave", "blvd", "rd", "assn", "natl", "intl", "cf", "ca", "viz",
    "esp", "pp", "vol", "vols", "ed", "eds", "op", "mssrs", "mme", "mlle", "gens", "cos", "plc",
    "ms", "mdm", "dist", "div", "min", "max", "hr", "hrs", "mins", "sec", "secs", "yr", "yrs",
    "mo", "mos", "wk", "wks", "tel", "ext", "excl", "incl", "dia", "no", "nos",
];

/// Abbreviations that (almost) never end a sentence: titles, months, initials.
const NON_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt",
    "cpl", "pvt", "cmdr", "adm", "brig", "gov", "sen", "rep", "reps", "sens", "st", "ste", "rev",
    "hon", "pres", "supt", "mt", "ft", "fr", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "vs", "cf", "viz", "no", "nos", "mme", "mlle", "gens",
    "mdm", "vol", "tel", "pp", "fig",
];

/// Hyphen prefixes EWT keeps attached (`non-stop`, `e-mail`).
const HYPHEN_PREFIXES: &[&str] = &[
    "e", "non", "mid", "pre", "anti", "re", "post", "co", "over", "pro", "multi", "ex", "sub",
    "semi", "psycho", "neo", "cross", "inter", "intra", "counter", "ultra", "pseudo", "quasi",
    "trans", "micro", "macro", "mega", "mini", "bi", "tri", "un", "de", "self", "vice", "x",
];

/// Capitalised words that typically begin a sentence; used to decide whether an ambiguous
/// abbreviation like `U.S.` or `Inc.` ends one.
const STARTERS: &[&str] = &[
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "my",
    "on",
    "at",
    "for",
    "if",
    "when",
    "while",
    "after",
    "before",
    "as",
    "however",
    "meanwhile",
    "also",
    "so",
    "some",
    "many",
    "most",
    "one",
    "two",
    "both",
    "what",
    "who",
    "why",
    "how",
    "where",
    "officials",
    "analysts",
    "earlier",
    "last",
    "next",
    "today",
    "yesterday",
    "no",
    "not",
    "since",
    "under",
    "with",
    "from",
    "to",
    "by",
    "during",
    "although",
    "though",
    "because",
    "other",
    "such",
    "all",
    "each",
    "now",
    "then",
    "still",
    "yet",
    "moreover",
    "thus",
    "instead",
    "here",
];

fn lower_no_dot(s: &str) -> String {
    s.trim_end_matches('.').to_lowercase()
}

/// True for `U.S.`, `J.`, `a.m.`, `e.g.`: single letters each followed by a period.
fn is_letter_dot_seq(s: &str) -> bool {
    let mut chars = s.chars();
    let mut n = 0;
    loop {
        match chars.next() {
            None => return n > 0,
            Some(c) if c.is_alphabetic() => {
                if chars.next() != Some('.') {
                    return false;
                }
                n += 1;
            }
            Some(_) => return false,
        }
    }
}

/// Whether a word ending in `.` keeps the period as part of the token.
fn is_abbreviation(word_with_dot: &str, next: Option<&str>) -> bool {
    if is_letter_dot_seq(word_with_dot) {
        return true;
    }
    let base = lower_no_dot(word_with_dot);
    if base.is_empty() || word_with_dot.ends_with("..") {
        return false;
    }
    if base == "no" || base == "nos" {
        // "No. 1" but not "said no."
        return next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()));
    }
    ABBREVIATIONS.contains(&base.as_str())
}

/// Splits one whitespace-delimited chunk into token byte spans (absolute offsets).
fn split_chunk(
    text: &str,
    start: usize,
    end: usize,
    next_chunk: Option<&str>,
    out: &mut Vec<(usize, usize)>,
) {
    let mut s = start;
    let mut e = end;
    // Leading openers, one token each ("``" as one).
    let mut lead = Vec::new();
    while s < e {
        let rest = &text[s..e];
        if rest.starts_with("``") {
            lead.push((s, s + 2));
            s += 2;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        if is_opener(c) && rest.len() > c.len_utf8() && !(is_apos(c) && is_year_clip(rest)) {
            lead.push((s, s + c.len_utf8()));
            s += c.len_utf8();
        } else if (c == '-' || c == '\u{2014}' || c == '\u{2013}')
            && rest.len() > c.len_utf8()
            && !rest[c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
        {
            // "-word" or "—word": a dash, not a negative number.
            let l = rest
                .chars()
                .take_while(|&d| d == c)
                .map(char::len_utf8)
                .sum::<usize>();
            lead.push((s, s + l));
            s += l;
        } else {
            break;
        }
    }
    // Trailing closers and final punctuation, collected in reverse.
    let mut trail = Vec::new();
    while s < e {
        let core = &text[s..e];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        if c == '.' {
            let dots = core.chars().rev().take_while(|&d| d == '.').count();
            if dots >= 2 {
                trail.push((e - dots, e));
                e -= dots;
                continue;
            }
            if core.len() > 1 && is_abbreviation(core, next_chunk) && !is_url_or_email(core) {
                break;
            }
            if core.len() == 1 {
                break;
            }
            trail.push((e - 1, e));
            e -= 1;
            continue;
        }
        if c == '\u{2026}' && core.len() > c.len_utf8() {
            trail.push((e - c.len_utf8(), e));
            e -= c.len_utf8();
            continue;
        }
        if core.ends_with("''") && core.len() > 2 {
            trail.push((e - 2, e));
            e -= 2;
            continue;
        }
        if is_closer(c) && core.len() > c.len_utf8() {
            if is_apos(c) {
                // Plural possessive "parents'" keeps the apostrophe as its own token too.
                trail.push((e - c.len_utf8(), e));
                e -= c.len_utf8();
                continue;
            }
            if c == ':' && is_url_or_email(core) {
                break;
            }
            trail.push((e - c.len_utf8(), e));
            e -= c.len_utf8();
            continue;
        }
        if (c == '-' || c == '\u{2014}' || c == '\u{2013}') && core.len() > c.len_utf8() {
            let l = core
                .chars()
                .rev()
                .take_while(|&d| d == c)
                .map(char::len_utf8)
                .sum::<usize>();
            if l < core.len() {
                trail.push((e - l, e));
                e -= l;
                continue;
            }
        }
        break;
    }
    out.extend(lead);
    if s < e {
        split_core(text, s, e, out);
    }
    out.extend(trail.into_iter().rev());
}

fn is_year_clip(s: &str) -> bool {
    // '90s, '05
    let b = s.as_bytes();
    s.starts_with('\'') && b.len() >= 3 && b[1].is_ascii_digit() && b[2].is_ascii_digit()
}

fn is_url_or_email(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    if l.starts_with("http://") || l.starts_with("https://") || l.starts_with("www.") {
        return true;
    }
    if l.starts_with("ftp://") || l.starts_with("mailto:") {
        return true;
    }
    if let Some(at) = l.find('@') {
        let (user, dom) = l.split_at(at);
        return !user.is_empty() && dom[1..].contains('.') && !dom.ends_with('.');
    }
    // bare domains such as example.com
    let tlds = [".com", ".org", ".net", ".gov", ".edu", ".co.uk", ".int"];
    tlds.iter()
        .any(|t| l.ends_with(t) || l.contains(&format!("{t}/")))
        && l.chars().next().is_some_and(|c| c.is_alphanumeric())
        && !l.contains("..")
}

/// Splits the core of a chunk (openers and closers removed): URLs stay whole; clitics,
/// currency, percent, hyphens, slashes and dashes split.
fn split_core(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let core = &text[s..e];
    // A run this long without whitespace is not a word (an inline blob, a mangled table):
    // keep it whole rather than recurse once per separator inside it.
    if is_url_or_email(core) || core.len() > MAX_SPLIT_BYTES {
        out.push((s, e));
        return;
    }
    // Currency symbols before numbers.
    if let Some(c) = core.chars().next() {
        if matches!(c, '$' | '\u{00a3}' | '\u{20ac}' | '\u{00a5}' | '#')
            && core.len() > c.len_utf8()
        {
            out.push((s, s + c.len_utf8()));
            split_core(text, s + c.len_utf8(), e, out);
            return;
        }
    }
    if let Some(rest) = core.strip_suffix('%') {
        if !rest.is_empty() {
            split_core(text, s, e - 1, out);
            out.push((e - 1, e));
            return;
        }
    }
    // Internal separators: hyphens (unless prefix or digits), slashes between words, dashes.
    let chars: Vec<(usize, char)> = core.char_indices().collect();
    for (k, &(off, c)) in chars.iter().enumerate() {
        let is_sep = match c {
            '\u{2014}' | '\u{2013}' | '\u{2026}' => true,
            '-' => {
                if k == 0 || k + 1 == chars.len() {
                    false
                } else if chars[k + 1].1 == '-' || chars[k - 1].1 == '-' {
                    true
                } else {
                    let left = &core[..off];
                    let right = &core[off + 1..];
                    let left_word = left.rsplit(['-', '/']).next().unwrap_or(left);
                    let keep_prefix = HYPHEN_PREFIXES.contains(&left_word.to_lowercase().as_str())
                        && !left.contains('-');
                    let digits = left.ends_with(|x: char| x.is_ascii_digit())
                        && right.starts_with(|x: char| x.is_ascii_digit());
                    !(keep_prefix || digits)
                }
            }
            '/' => {
                k > 0
                    && k + 1 < chars.len()
                    && chars[k - 1].1.is_alphabetic()
                    && chars[k + 1].1.is_alphabetic()
                    && core.len() > 3
            }
            _ => false,
        };
        if is_sep {
            let mut sep_end = off + c.len_utf8();
            if c == '-' {
                while core[sep_end..].starts_with('-') {
                    sep_end += 1;
                }
            }
            let mut seg_start = off;
            if c == '-' && off > 0 && core[..off].ends_with('-') {
                return split_run(text, s, e, out);
            }
            if seg_start > 0 {
                split_core(text, s, s + seg_start, out);
            } else {
                seg_start = 0;
            }
            out.push((s + seg_start, s + sep_end));
            if sep_end < core.len() {
                split_core(text, s + sep_end, e, out);
            }
            return;
        }
    }
    split_clitics(text, s, e, out);
}

/// Longest whitespace-free chunk that is split into sub-tokens.
const MAX_SPLIT_BYTES: usize = 256;

/// Fallback for odd runs of hyphens: split every run of separators out.
fn split_run(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let core = &text[s..e];
    let mut cur = 0;
    let mut in_sep = false;
    for (off, c) in core.char_indices() {
        let sep = c == '-';
        if off > cur && sep != in_sep {
            out.push((s + cur, s + off));
            cur = off;
        }
        in_sep = sep;
    }
    if cur < core.len() {
        out.push((s + cur, e));
    }
}

/// Splits English clitics off the end of a word.
fn split_clitics(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let core = &text[s..e];
    if core.eq_ignore_ascii_case("cannot") {
        out.push((s, s + 3));
        out.push((s + 3, e));
        return;
    }
    let apos_pos = core
        .char_indices()
        .filter(|&(_, c)| is_apos(c))
        .map(|(i, _)| i)
        .next_back();
    if let Some(ap) = apos_pos {
        let after: String = core[ap..].replace('\u{2019}', "'").to_ascii_lowercase();
        let before = &core[..ap];
        if after == "'t" && before.len() > 1 && before.ends_with(['n', 'N']) {
            let split = ap - 1;
            out.push((s, s + split));
            out.push((s + split, e));
            return;
        }
        if matches!(after.as_str(), "'s" | "'re" | "'ve" | "'ll" | "'d" | "'m")
            && before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric())
        {
            out.push((s, s + ap));
            out.push((s + ap, e));
            return;
        }
    }
    out.push((s, e));
}

fn first_char(t: &Token) -> char {
    t.text.chars().next().unwrap_or(' ')
}

fn is_terminal(t: &str) -> bool {
    matches!(t, "." | "!" | "?" | "..." | "\u{2026}" | "?!" | "!?")
        || (t.len() > 3 && t.bytes().all(|b| b == b'.'))
}

fn is_closing_tok(t: &str) -> bool {
    matches!(t, "\"" | "'" | ")" | "]" | "}" | "''" | "\u{00bb}")
}

/// Appends the sentences of tokens `first..` (one paragraph) to `out`.
fn split_sentences(text: &str, tokens: &[Token], first: usize, out: &mut Vec<Sentence>) {
    let n = tokens.len();
    if first >= n {
        return;
    }
    let mut start = first;
    let mut i = first;
    while i < n {
        let t = &tokens[i];
        let mut boundary = false;
        let mut end = i + 1;
        if is_terminal(&t.text) {
            // absorb further terminals and attached closers
            while end < n
                && (is_terminal(&tokens[end].text)
                    || (is_closing_tok(&tokens[end].text)
                        && tokens[end].span.start() == tokens[end - 1].span.end()))
            {
                end += 1;
            }
            boundary = match tokens.get(end) {
                None => true,
                Some(nx) => starts_sentence(nx),
            };
        } else if t.text.ends_with('.') && t.text.len() > 1 {
            // abbreviation kept its period
            let base = lower_no_dot(&t.text);
            let initial = t.text.chars().count() == 2 && first_char(t).is_uppercase();
            if !initial && !NON_FINAL.contains(&base.as_str()) {
                while end < n
                    && is_closing_tok(&tokens[end].text)
                    && tokens[end].span.start() == tokens[end - 1].span.end()
                {
                    end += 1;
                }
                boundary = match tokens.get(end) {
                    None => true,
                    Some(nx) => {
                        let w = nx.text.to_lowercase();
                        first_char(nx).is_uppercase() && STARTERS.contains(&w.as_str())
                    }
                };
            }
        }
        if boundary {
            push_sentence(text, tokens, start, end, out);
            start = end;
            i = end;
        } else {
            i += 1;
        }
    }
    if start < n {
        push_sentence(text, tokens, start, n, out);
    }
}

fn starts_sentence(t: &Token) -> bool {
    let c = first_char(t);
    if c.is_lowercase() {
        return false;
    }
    !matches!(c, ',' | ';' | ':' | ')' | ']' | '}' | '%' | '-')
}

fn push_sentence(_text: &str, tokens: &[Token], a: usize, b: usize, out: &mut Vec<Sentence>) {
    out.push(Sentence {
        span: Span::new(tokens[a].span.start(), tokens[b - 1].span.end()),
        token_start: a,
        token_end: b,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let (_, t) = tokenize(s);
        for tok in &t {
            let covered = &s[tok.span.start()..tok.span.end()];
            assert_eq!(normalise(covered), tok.text);
        }
        t.into_iter().map(|t| t.text).collect()
    }

    fn sents(s: &str) -> Vec<String> {
        let (ss, _) = tokenize(s);
        ss.iter()
            .map(|x| s[x.span.start()..x.span.end()].to_string())
            .collect()
    }

    #[test]
    fn clitics_and_punctuation() {
        assert_eq!(toks("I don't know."), ["I", "do", "n't", "know", "."]);
        assert_eq!(
            toks("We can't, won't."),
            ["We", "ca", "n't", ",", "wo", "n't", "."]
        );
        assert_eq!(
            toks("John's car isn't here"),
            ["John", "'s", "car", "is", "n't", "here"]
        );
        assert_eq!(
            toks("they're we've I'll he'd I'm"),
            ["they", "'re", "we", "'ve", "I", "'ll", "he", "'d", "I", "'m"]
        );
        assert_eq!(toks("the parents' house"), ["the", "parents", "'", "house"]);
        assert_eq!(toks("I cannot go"), ["I", "can", "not", "go"]);
        assert_eq!(toks("It\u{2019}s fine"), ["It", "'s", "fine"]);
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            toks("Mr. Smith met Lt. Col. Jones in St. Petersburg."),
            [
                "Mr.",
                "Smith",
                "met",
                "Lt.",
                "Col.",
                "Jones",
                "in",
                "St.",
                "Petersburg",
                "."
            ]
        );
        assert_eq!(toks("the U.S. said"), ["the", "U.S.", "said"]);
        assert_eq!(toks("J. R. R. Tolkien"), ["J.", "R.", "R.", "Tolkien"]);
        assert_eq!(toks("on Sept. 11"), ["on", "Sept.", "11"]);
        assert_eq!(
            toks("No. 1 and said no."),
            ["No.", "1", "and", "said", "no", "."]
        );
    }

    #[test]
    fn numbers_urls_emails() {
        assert_eq!(
            toks("3.5 percent of 1,000 is $35 or 3.5%"),
            ["3.5", "percent", "of", "1,000", "is", "$", "35", "or", "3.5", "%"]
        );
        assert_eq!(
            toks("See http://example.com/a-b?x=1."),
            ["See", "http://example.com/a-b?x=1", "."]
        );
        assert_eq!(
            toks("Mail john.doe@example.org, now"),
            ["Mail", "john.doe@example.org", ",", "now"]
        );
        assert_eq!(toks("www.un.org"), ["www.un.org"]);
    }

    #[test]
    fn hyphens_and_dashes() {
        assert_eq!(toks("center-north"), ["center", "-", "north"]);
        assert_eq!(
            toks("non-stop e-mail anti-American"),
            ["non-stop", "e-mail", "anti-American"]
        );
        assert_eq!(toks("call 713-853-1234"), ["call", "713-853-1234"]);
        assert_eq!(toks("wait -- no"), ["wait", "--", "no"]);
        assert_eq!(toks("yes\u{2014}no"), ["yes", "\u{2014}", "no"]);
        assert_eq!(toks("and/or"), ["and", "/", "or"]);
        assert_eq!(toks("11/28/2000"), ["11/28/2000"]);
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            toks("\u{201c}Go!\u{201d} he said (quietly)."),
            ["\"", "Go", "!", "\"", "he", "said", "(", "quietly", ")", "."]
        );
        assert_eq!(toks("'90s"), ["'90s"]);
        assert_eq!(toks("Wait..."), ["Wait", "..."]);
    }

    #[test]
    fn sentence_splitting() {
        assert_eq!(sents("He left. She stayed."), ["He left.", "She stayed."]);
        assert_eq!(
            sents("Mr. Smith met Gen. Jones. Then they ate."),
            ["Mr. Smith met Gen. Jones.", "Then they ate."]
        );
        assert_eq!(
            sents("\"Help!\" he said. Nobody came."),
            ["\"Help!\" he said.", "Nobody came."]
        );
        assert_eq!(
            sents("He said \"No.\" Then he left."),
            ["He said \"No.\"", "Then he left."]
        );
        assert_eq!(
            sents("J. R. R. Tolkien wrote it."),
            ["J. R. R. Tolkien wrote it."]
        );
        assert_eq!(
            sents("It moved to the U.S. The firm said so."),
            ["It moved to the U.S.", "The firm said so."]
        );
        assert_eq!(sents("The U.S. Army came."), ["The U.S. Army came."]);
        assert_eq!(
            sents("Really? Yes! 3.5 is 3.5."),
            ["Really?", "Yes!", "3.5 is 3.5."]
        );
        assert_eq!(
            sents("Headline\n\nBody text here"),
            ["Headline", "Body text here"]
        );
        assert_eq!(sents("line one\nline two."), ["line one\nline two."]);
        assert_eq!(
            sents("Maize 48.0 (nil)\n    Sorghum nil"),
            ["Maize 48.0 (nil)", "Sorghum nil"]
        );
        assert_eq!(sents("On Sept. 11 it rained."), ["On Sept. 11 it rained."]);
        assert_eq!(sents("(He left.) Then"), ["(He left.)", "Then"]);
    }

    #[test]
    fn spans_and_indices_are_consistent() {
        let text = "  First one.  Second, with \u{201c}quotes\u{201d}.\n\n\nThird ";
        let (ss, ts) = tokenize(text);
        assert_eq!(ss.len(), 3);
        let mut prev = 0;
        for s in &ss {
            assert!(s.token_start < s.token_end);
            assert_eq!(s.token_start, prev);
            prev = s.token_end;
            assert_eq!(s.span.start(), ts[s.token_start].span.start());
        }
        assert_eq!(prev, ts.len());
        for t in &ts {
            assert!(text.get(t.span.start()..t.span.end()).is_some());
            assert!(!t.span.is_empty());
        }
        assert!(tokenize("").0.is_empty());
        assert!(tokenize(" \n\n ").1.is_empty());
    }
}

#[cfg(test)]
mod pathological_tests {
    use super::tokenize;

    #[test]
    fn long_separator_runs_and_opener_runs_stay_cheap() {
        let blob = "a-b/".repeat(20_000);
        let (_, toks) = tokenize(&format!("Start {blob} end."));
        assert!(toks.iter().any(|t| t.text.len() > 1000));
        let quotes = "\"".repeat(100_000);
        let (_, toks) = tokenize(&format!("{quotes}word"));
        assert!(!toks.is_empty());
    }
}
