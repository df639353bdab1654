//! The discard list and the issues list: plain phrase lists matched as strings with
//! Aho-Corasick (case-insensitive), as PETRARCH does.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One discard phrase.
#[derive(Debug, Clone)]
pub struct DiscardEntry {
    /// Upper-case phrase.
    pub phrase: String,
    /// `+`: the whole story is not coded.
    pub story: bool,
    /// Trailing `_`: must end at a word boundary (else a stem).
    pub whole_word: bool,
}

/// "WEEKS AGO", "FIFTY YEARS AGO", "MONTHS LATER": Phoenix's other historical-background
/// markers, skipped for the same reason as bare years.
fn relative_time(p: &str) -> bool {
    let up = p.to_uppercase();
    let w: Vec<&str> = up.split_whitespace().collect();
    matches!(w.last(), Some(&"AGO") | Some(&"LATER"))
        && w.iter()
            .any(|x| matches!(*x, "DAYS" | "WEEKS" | "MONTHS" | "YEARS" | "DECADES"))
}

/// "WORLD WAR TWO", "NAPOLEONIC WARS": names of past wars, another background marker (a
/// sentence about a current act that mentions one is still coded, dated by its own clause).
fn historical_war(p: &str) -> bool {
    let up = p.to_uppercase().replace('_', " ");
    up.contains("WORLD WAR") || up.contains("NAPOLEONIC WARS")
}

/// Discard phrases and their automaton.
#[derive(Debug, Default)]
pub struct Discards {
    /// Entries.
    pub entries: Vec<DiscardEntry>,
    ac: Option<AhoCorasick>,
}

fn boundary_after(text: &str, end: usize) -> bool {
    text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric())
}

fn build(patterns: &[String]) -> anyhow::Result<Option<AhoCorasick>> {
    if patterns.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns)?,
    ))
}

impl Discards {
    /// Parses one discard file.
    pub fn parse(&mut self, text: &str) {
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (story, p) = match line.strip_prefix('+') {
                Some(p) => (true, p.trim()),
                None => (false, line),
            };
            // Phoenix discards every sentence that mentions a year from 1914 to 2013 (its way
            // of skipping historical background in real-time coding). Vigil dates each event
            // from its own time expression instead, so bare-year entries are not used.
            if p.chars().all(|c| c.is_ascii_digit()) || relative_time(p) || historical_war(p) {
                continue;
            }
            let whole_word = p.ends_with('_');
            let phrase = p.trim_end_matches('_').replace('_', " ").to_uppercase();
            if phrase.is_empty() {
                continue;
            }
            self.entries.push(DiscardEntry {
                phrase,
                story,
                whole_word,
            });
        }
    }

    /// Builds the automaton.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        let pats: Vec<String> = self
            .entries
            .iter()
            .map(|e| format!(" {}", e.phrase))
            .collect();
        self.ac = build(&pats)?;
        Ok(())
    }

    /// The first discard entry found in `text` (matched as `" " + phrase` in `" " + text`).
    pub fn find(&self, text: &str) -> Option<&DiscardEntry> {
        self.find_where(text, |_| true)
    }

    /// The first story-level (`+`) discard entry found in `text`, even when a sentence-level
    /// entry matches earlier.
    pub fn find_story(&self, text: &str) -> Option<&DiscardEntry> {
        self.find_where(text, |e| e.story)
    }

    fn find_where(
        &self,
        text: &str,
        keep: impl Fn(&DiscardEntry) -> bool,
    ) -> Option<&DiscardEntry> {
        let ac = self.ac.as_ref()?;
        let hay = format!(" {text}");
        for m in ac.find_overlapping_iter(&hay) {
            let e = &self.entries[m.pattern().as_usize()];
            if keep(e) && (!e.whole_word || boundary_after(&hay, m.end())) {
                return Some(e);
            }
        }
        None
    }
}

/// Issue phrases and their automaton.
#[derive(Debug, Default)]
pub struct Issues {
    /// (phrase, issue code); code empty for an ignore phrase (`~`).
    pub entries: Vec<(String, String)>,
    ac: Option<AhoCorasick>,
}

fn expand_issue(phrase: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for w in phrase.split_whitespace() {
        let (forms, hyphen): (Vec<String>, bool) = {
            let (w, hy) = match w.find('+') {
                Some(_) if !w.starts_with("n:") && !w.starts_with("v:") => (w.to_string(), true),
                _ => (w.to_string(), w.contains('+')),
            };
            let base = w
                .trim_start_matches("n:")
                .trim_start_matches("v:")
                .to_string();
            let mut f = vec![base.clone()];
            if w.starts_with("n:") {
                f.push(super::plural(&base.to_uppercase()).to_lowercase());
            } else if w.starts_with("v:") {
                let b = base.trim_end_matches('e');
                f.push(format!("{base}s"));
                f.push(format!("{b}ed"));
                f.push(format!("{b}ing"));
            }
            (f, hy)
        };
        let forms: Vec<String> = if hyphen {
            forms
                .iter()
                .flat_map(|f| [f.replace('+', " "), f.replace('+', "-")])
                .collect()
        } else {
            forms
        };
        let mut next = Vec::new();
        for o in &out {
            for f in &forms {
                next.push(if o.is_empty() {
                    f.clone()
                } else {
                    format!("{o} {f}")
                });
            }
        }
        out = next;
        if out.len() > 64 {
            break;
        }
    }
    out
}

impl Issues {
    /// Parses one issues file.
    pub fn parse(&mut self, text: &str) {
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() || line.starts_with('<') {
                continue;
            }
            if let Some(ign) = line.strip_prefix('~') {
                let ign = ign.trim_start_matches('~');
                self.entries
                    .push((ign.trim().to_lowercase(), String::new()));
                continue;
            }
            let Some(open) = line.rfind('[') else {
                continue;
            };
            let code = line[open + 1..].trim_end_matches(']').trim().to_string();
            for p in expand_issue(&line[..open]) {
                self.entries.push((p.to_lowercase(), code.clone()));
            }
        }
    }

    /// Builds the automaton.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        let pats: Vec<String> = self.entries.iter().map(|(p, _)| format!(" {p} ")).collect();
        self.ac = build(&pats)?;
        Ok(())
    }

    /// Issue codes found in `text` with counts, sorted; empty when an ignore phrase occurs.
    pub fn find(&self, text: &str) -> Vec<(String, usize)> {
        let Some(ac) = self.ac.as_ref() else {
            return Vec::new();
        };
        let hay: String = format!(
            " {} ",
            text.chars()
                .map(|c| if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    ' '
                })
                .collect::<String>()
        );
        let mut counts = std::collections::BTreeMap::new();
        for m in ac.find_overlapping_iter(&hay) {
            let (_, code) = &self.entries[m.pattern().as_usize()];
            if code.is_empty() {
                return Vec::new();
            }
            *counts.entry(code.clone()).or_insert(0) += 1;
        }
        counts.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discards_and_issues() {
        let mut d = Discards::default();
        d.parse("+ACADEMY AWARD\nBASEBALL\nWORLD CUP_\n1988\nWEEKS AGO\n");
        d.finish().unwrap();
        assert!(d.find("He won the Academy Award.").unwrap().story);
        assert!(d.find("the World Cupola").is_none());
        assert!(d.find("the World Cup final").is_some());
        assert!(d.find("They met in 1988, two weeks ago.").is_none());
        assert!(!historical_war("CHICAGO BEARS") && historical_war("WORLD_WAR_TWO"));
        let mut i = Issues::default();
        i.parse("n:genocide [ID_ATROCITY]\nethnic v:purge [ID_ATROCITY]\n~Armenian genocide\n");
        i.finish().unwrap();
        assert_eq!(
            i.find("They committed genocides."),
            vec![("ID_ATROCITY".into(), 1)]
        );
        assert!(i.find("the Armenian genocide").is_empty());
    }
}
