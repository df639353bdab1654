//! Whitespace normalisation shared by every format.

/// Normalises line endings and blank lines.
///
/// CRLF and lone CR become LF; each line loses leading and trailing horizontal whitespace
/// (indentation carries no meaning in prose, and the metadata and dateline rules look at line
/// starts); runs of blank lines collapse to one blank line, so paragraphs stay separated by
/// exactly one; leading and trailing blank lines go. Zero-width characters and stray control
/// characters are removed and no-break spaces become spaces, because later stages tokenise on
/// ordinary whitespace.
pub fn normalize_text(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut blank_run = 0usize;
    let mut started = false;
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    for raw in unified.split('\n') {
        let line = clean_line(raw);
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if started {
            out.push('\n');
            if blank_run > 0 {
                out.push('\n');
            }
        }
        out.push_str(&line);
        started = true;
        blank_run = 0;
    }
    out
}

fn clean_line(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '\u{00a0}' | '\u{2007}' | '\u{202f}' => s.push(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => {}
            '\t' => s.push('\t'),
            c if c.is_control() => {}
            c => s.push(c),
        }
    }
    s.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_trailing_space_and_blank_runs() {
        let t = "  Line one  \r\nline two\r\n\r\n\r\n\r\n\rPara two\t \n\n\n";
        assert_eq!(normalize_text(t), "Line one\nline two\n\nPara two");
    }

    #[test]
    fn zero_width_and_nbsp() {
        assert_eq!(normalize_text("a\u{a0}b\u{200b}c\u{7}"), "a bc");
        assert_eq!(normalize_text(" \n\t\n"), "");
    }
}
