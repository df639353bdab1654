//! The CAMEO verb dictionary (`CAMEO.2.0.txt` format): `&SYNSET` lists, `--- NAME [code] ---`
//! verb blocks, verb lines with `{irregular forms}` and `[code]`, and `- pre * post [code]`
//! patterns where `+` is the target, `$` the source, `%` a compound actor and `^` a skipped
//! phrase.

use super::{plural, split_words, FxMap};
use std::collections::HashMap;

/// A pattern or verb code: `[042:043]` means 042 for source→target and 043 for the reverse
/// direction; `[---]` is the null code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Code {
    /// Code for the source acting on the target.
    pub active: Option<String>,
    /// Code for the reverse direction (after `:`).
    pub passive: Option<String>,
}

impl Code {
    /// Parses the inside of `[...]`.
    pub fn parse(s: &str) -> Code {
        let norm = |x: &str| {
            let x = x.trim();
            // CAMEO codes are digits; some dictionaries add letters (`174K`). `---`, `+++`
            // and other markers are no code.
            let code = x.bytes().next().is_some_and(|b| b.is_ascii_digit())
                && x.bytes().all(|b| b.is_ascii_alphanumeric());
            code.then(|| x.to_string())
        };
        match s.split_once(':') {
            Some((a, b)) => Code {
                active: norm(a),
                passive: norm(b),
            },
            None => Code {
                active: norm(s),
                passive: None,
            },
        }
    }

    /// True for the null code.
    pub fn is_null(&self) -> bool {
        self.active.is_none() && self.passive.is_none()
    }

    /// Display form (`042:043`, `---`).
    pub fn display(&self) -> String {
        match (&self.active, &self.passive) {
            (None, None) => "---".into(),
            (Some(a), None) => a.clone(),
            (a, Some(p)) => format!("{}:{p}", a.as_deref().unwrap_or("")),
        }
    }
}

/// Alternatives for one slot: each alternative is a run of consecutive words.
pub type Alt = Vec<Vec<String>>;

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Elem {
    /// Consecutive slots (a single word, a `{...}` phrase or a `WORD_WORD` run).
    Words(Vec<Alt>),
    /// `+`: the target actor.
    Target,
    /// `$`: the source actor.
    Source,
    /// `%`: a compound actor (treated as the target).
    Compound,
    /// `^`: skip a phrase.
    Skip,
}

/// A verb pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// Elements before the verb, in text order.
    pub pre: Vec<Elem>,
    /// Elements after the verb, in text order.
    pub post: Vec<Elem>,
    /// `pre_joined[k]`: `pre[k]` must end exactly where `pre[k + 1]` (or the verb) starts
    /// (`_` in the pattern, as in `IN_*`); otherwise other words may come between.
    pub pre_joined: Vec<bool>,
    /// `post_joined[k]`: `post[k]` must start exactly where `post[k - 1]` (or the verb) ends.
    pub post_joined: Vec<bool>,
    /// The code it assigns.
    pub code: Code,
    /// The pattern as written (for provenance).
    pub text: String,
    /// Dictionary file it came from.
    pub file: String,
    /// Literal (non-synset) words the pattern needs: a sentence lacking one cannot match, so
    /// the pattern is skipped without a scan.
    pub literals: Vec<String>,
}

/// A pattern while it is parsed: elements and join flags on each side of `*`.
#[derive(Debug, Default)]
struct PatternParts {
    pre: Vec<Elem>,
    post: Vec<Elem>,
    pre_joined: Vec<bool>,
    post_joined: Vec<bool>,
    /// `*_`: the first element after the verb is joined to it.
    verb_joined_next: bool,
}

impl PatternParts {
    /// Appends an element; `joined` says a `_` connected it to the previous atom. Word runs
    /// joined by `_` become one element of consecutive slots.
    fn push(&mut self, e: Elem, after_star: bool, joined: bool) {
        let (elems, flags) = if after_star {
            (&mut self.post, &mut self.post_joined)
        } else {
            (&mut self.pre, &mut self.pre_joined)
        };
        if joined {
            if let (Elem::Words(new), Some(Elem::Words(prev))) = (&e, elems.last_mut()) {
                prev.extend(new.iter().cloned());
                return;
            }
        }
        if after_star {
            let first_joined = elems.is_empty() && self.verb_joined_next;
            flags.push(joined || first_joined);
        } else {
            if let (true, Some(j)) = (joined, flags.last_mut()) {
                *j = true;
            }
            flags.push(false);
        }
        elems.push(e);
    }
}

/// A verb synonym block.
#[derive(Debug, Clone)]
pub struct VerbBlock {
    /// Block name from the `---` header.
    pub name: String,
    /// Block code (used by verbs without their own).
    pub code: Code,
    /// Patterns shared by every verb of the block.
    pub patterns: Vec<Pattern>,
    /// Source file label.
    pub file: String,
}

/// One surface form of a verb (possibly multi-word).
#[derive(Debug, Clone)]
pub struct VerbForm {
    /// Words of the form, upper case.
    pub words: Vec<String>,
    /// Index of the verb word within `words`.
    pub verb_pos: usize,
    /// Block index.
    pub block: u32,
    /// The verb's own code (else the block's).
    pub code: Option<Code>,
    /// Primary (dictionary) form, e.g. `ASK_FOR`.
    pub lemma: String,
}

/// The compiled verb dictionary.
#[derive(Debug, Default)]
pub struct VerbDict {
    /// Blocks in file order.
    pub blocks: Vec<VerbBlock>,
    /// All verb forms.
    pub forms: Vec<VerbForm>,
    /// Verb word → forms whose verb word it is (multi-word forms first).
    pub index: FxMap<String, Vec<u32>>,
    /// Synsets by label (without the `&`).
    pub synsets: HashMap<String, Alt>,
    /// Patterns skipped (undefined synset or malformed).
    pub skipped: usize,
    /// Transformation lines (`~`), counted but not used.
    pub transformations: usize,
    /// Vigil extension: blocks headed `--- +NAME [code] ---` add their patterns to block NAME
    /// (and their code, when NAME has the null code).
    extensions: Vec<u32>,
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'A' | b'E' | b'I' | b'O' | b'U')
}

/// Regular forms of an upper-case verb: itself, 3sg, past, gerund (plus doubled-consonant
/// variants for short consonant-vowel-consonant stems).
pub fn regular_forms(v: &str) -> Vec<String> {
    let b = v.as_bytes();
    let n = b.len();
    let mut out = vec![v.to_string()];
    if n == 0 {
        return out;
    }
    let last = b[n - 1];
    let cons_y = last == b'Y' && n > 1 && !is_vowel(b[n - 2]);
    out.push(if cons_y {
        format!("{}IES", &v[..n - 1])
    } else if v.ends_with('S')
        || v.ends_with("SH")
        || v.ends_with("CH")
        || v.ends_with('X')
        || v.ends_with('Z')
        || v.ends_with('O')
    {
        format!("{v}ES")
    } else {
        format!("{v}S")
    });
    out.push(if last == b'E' {
        format!("{v}D")
    } else if cons_y {
        format!("{}IED", &v[..n - 1])
    } else {
        format!("{v}ED")
    });
    out.push(if last == b'E' && !v.ends_with("EE") && n > 2 {
        format!("{}ING", &v[..n - 1])
    } else {
        format!("{v}ING")
    });
    let cvc = n >= 3
        && !is_vowel(last)
        && !matches!(last, b'W' | b'X' | b'Y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3]);
    if cvc {
        out.push(format!("{v}{}ED", last as char));
        out.push(format!("{v}{}ING", last as char));
    }
    out
}

/// Splits a verb phrase (`WIRE_+TAP`, `+ASK_FOR`, `HURRY`) into words and the verb index.
fn verb_phrase(s: &str) -> (Vec<String>, usize) {
    let mut words = Vec::new();
    let mut pos = 0;
    for w in s.split('_').filter(|w| !w.is_empty()) {
        if let Some(v) = w.strip_prefix('+') {
            pos = words.len();
            words.extend(split_words(v));
        } else {
            words.extend(split_words(w));
        }
    }
    (words, pos)
}

fn strip_comment(s: &str) -> &str {
    s.split('#').next().unwrap_or("")
}

/// Splits `TEXT [CODE]` at the last bracket.
fn split_code(line: &str) -> (&str, Option<Code>) {
    match (line.rfind('['), line.rfind(']')) {
        (Some(a), Some(b)) if a < b => (&line[..a], Some(Code::parse(&line[a + 1..b]))),
        _ => (line, None),
    }
}

impl VerbDict {
    fn word_alt(&self, w: &str) -> Option<Alt> {
        if let Some(label) = w.strip_prefix('&') {
            return self.synsets.get(label.trim_end_matches('_')).cloned();
        }
        let words = split_words(w);
        (!words.is_empty()).then(|| vec![words])
    }

    /// Parses a pattern body (without the leading `-` and the code) into the elements before
    /// and after `*`, each with its "joined" flag (see [`Pattern`]).
    fn parse_pattern(&self, body: &str) -> Option<PatternParts> {
        let mut parts = PatternParts::default();
        let mut seen_star = false;
        // `_` joins the next atom to the previous one; white space separates them.
        let mut joined = false;
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            let elem = match c {
                ' ' | '\t' | '(' | ')' => {
                    joined = false;
                    continue;
                }
                '_' => {
                    joined = true;
                    continue;
                }
                '*' => {
                    seen_star = true;
                    // a join before `*` binds the last upper element to the verb
                    if let (true, Some(j)) = (joined, parts.pre_joined.last_mut()) {
                        *j = true;
                    }
                    joined = chars.peek() == Some(&'_');
                    if joined {
                        chars.next();
                    }
                    parts.verb_joined_next = joined;
                    continue;
                }
                '+' => Elem::Target,
                '$' => Elem::Source,
                '%' => Elem::Compound,
                '^' => Elem::Skip,
                '{' => {
                    let inner: String = chars.by_ref().take_while(|&d| d != '}').collect();
                    let slots = inner
                        .split([' ', '\t', '_'])
                        .filter(|w| !w.is_empty())
                        .map(|w| self.word_alt(w))
                        .collect::<Option<Vec<Alt>>>()?;
                    if slots.is_empty() {
                        continue;
                    }
                    Elem::Words(slots)
                }
                _ => {
                    let mut w = String::from(c);
                    while let Some(&d) = chars.peek() {
                        if d.is_whitespace() || matches!(d, '(' | ')' | '{' | '}' | '_' | '*') {
                            break;
                        }
                        w.push(d);
                        chars.next();
                    }
                    Elem::Words(vec![self.word_alt(&w)?])
                }
            };
            parts.push(elem, seen_star, joined);
            joined = false;
        }
        seen_star.then_some(parts)
    }

    /// Parses one verb file: synsets (`&NAME` and `+member` lines), block headers
    /// (`--- NAME [code] ---`), patterns (`- ...`), transformations (`~`) and verb lines.
    pub fn parse(&mut self, text: &str, label: &str) {
        let mut cur_syn: Option<(String, bool)> = None;
        let mut cur_block: Option<u32> = None;
        for raw in text.lines() {
            let t = strip_comment(raw).trim();
            if t.is_empty() {
                cur_syn = None;
                continue;
            }
            if let Some(lbl) = t.strip_prefix('&') {
                let lbl = lbl.split_whitespace().next().unwrap_or("");
                let name = lbl.trim_end_matches('_').to_string();
                self.synsets.entry(name.clone()).or_default();
                cur_syn = Some((name, lbl.ends_with('_')));
                cur_block = None;
                continue;
            }
            if let Some((name, no_plural)) = &cur_syn {
                if let Some(item) = t.strip_prefix('+') {
                    self.synset_member(name, *no_plural, item.trim());
                    continue;
                }
                cur_syn = None;
            }
            if t.starts_with("---") {
                cur_block = Some(self.block_header(t, label));
                continue;
            }
            let Some(b) = cur_block else { continue };
            if t.starts_with('~') {
                self.transformations += 1;
            } else if let Some(body) = t.strip_prefix('-') {
                self.pattern_line(b, body, label);
            } else {
                self.verb_line(b, t);
            }
        }
    }

    /// A `+member` line of synset `name`; an embedded synset (`+&OTHER`) adds the other set's
    /// members.
    fn synset_member(&mut self, name: &str, no_plural: bool, item: &str) {
        if let Some(other) = item.strip_prefix('&') {
            let members = self.synsets.get(other.trim_end_matches('_')).cloned();
            let set = self.synsets.entry(name.to_string()).or_default();
            set.extend(members.unwrap_or_default());
            return;
        }
        let stopped = item.ends_with('_');
        let words = split_words(&item.replace('_', " "));
        if words.is_empty() {
            return;
        }
        let set = self.synsets.entry(name.to_string()).or_default();
        if !no_plural && !stopped {
            let mut pl = words.clone();
            if let Some(l) = pl.last_mut() {
                *l = plural(l);
            }
            set.push(pl);
        }
        set.push(words);
    }

    /// A `--- NAME [code] ---` block header; the new block's index.
    fn block_header(&mut self, t: &str, label: &str) -> u32 {
        let inner = t.trim_matches('-').trim();
        let (name, code) = split_code(inner);
        self.blocks.push(VerbBlock {
            name: name.trim().to_string(),
            code: code.unwrap_or_default(),
            patterns: Vec::new(),
            file: label.to_string(),
        });
        let id = self.blocks.len() as u32 - 1;
        if name.trim().starts_with('+') {
            self.extensions.push(id);
        }
        id
    }

    /// A pattern line (`- PRE * POST [code]`) of block `b`; malformed ones are counted.
    fn pattern_line(&mut self, b: u32, body: &str, label: &str) {
        let (body, code) = split_code(body);
        let parts = code.and_then(|code| Some((code, self.parse_pattern(body)?)));
        let Some((code, parts)) = parts else {
            self.skipped += 1;
            return;
        };
        let PatternParts {
            pre,
            post,
            pre_joined,
            post_joined,
            ..
        } = parts;
        let literals = pre
            .iter()
            .chain(post.iter())
            .filter_map(|e| match e {
                Elem::Words(slots) => Some(slots),
                _ => None,
            })
            .flatten()
            .filter(|alt| alt.len() == 1)
            .flat_map(|alt| alt[0].iter().cloned())
            .collect();
        let text = format!(
            "{} [{}]",
            body.split_whitespace().collect::<Vec<_>>().join(" "),
            code.display()
        );
        self.blocks[b as usize].patterns.push(Pattern {
            pre,
            post,
            pre_joined,
            post_joined,
            code,
            text,
            file: label.to_string(),
            literals,
        });
    }

    /// A verb line of block `b`: `PHRASE {forms} [code]`; without `{forms}` the regular
    /// forms are generated.
    fn verb_line(&mut self, b: u32, t: &str) {
        let (head, code) = split_code(t);
        let (phrase, forms) = match (head.find('{'), head.find('}')) {
            (Some(a), Some(c)) if a < c => (&head[..a], Some(&head[a + 1..c])),
            _ => (head, None),
        };
        let phrase = phrase.trim();
        if phrase.is_empty() {
            return;
        }
        let lemma = phrase.replace('+', "");
        let (words, pos) = verb_phrase(phrase);
        if words.is_empty() {
            return;
        }
        let mut variants: Vec<(Vec<String>, usize)> = vec![(words.clone(), pos)];
        match forms {
            Some(list) => variants.extend(
                list.split([' ', '\t', ','])
                    .filter(|f| f.chars().any(char::is_alphabetic))
                    .map(verb_phrase)
                    .filter(|(w, _)| !w.is_empty()),
            ),
            None => {
                for f in regular_forms(&words[pos]).into_iter().skip(1) {
                    let mut w = words.clone();
                    w[pos] = f;
                    variants.push((w, pos));
                }
            }
        }
        for (w, p) in variants {
            let id = self.forms.len() as u32;
            self.index.entry(w[p].clone()).or_default().push(id);
            self.forms.push(VerbForm {
                words: w,
                verb_pos: p,
                block: b,
                code: code.clone(),
                lemma: lemma.clone(),
            });
        }
    }

    /// Applies `--- +NAME ---` extension blocks and orders each index entry longest first.
    pub fn finish(&mut self) {
        for &e in &self.extensions {
            let name = self.blocks[e as usize]
                .name
                .trim_start_matches('+')
                .to_string();
            let pats = std::mem::take(&mut self.blocks[e as usize].patterns);
            let code = self.blocks[e as usize].code.clone();
            if let Some(b) = self.blocks.iter_mut().find(|b| b.name == name) {
                // a code on the extension header fills a null block code
                if b.code.is_null() && !code.is_null() {
                    b.code = code;
                }
                // extension patterns first: on equal scores the earlier pattern wins
                let mut all = pats;
                all.append(&mut b.patterns);
                b.patterns = all;
            }
        }
        let forms = &self.forms;
        for v in self.index.values_mut() {
            v.sort_by_key(|&id| std::cmp::Reverse(forms[id as usize].words.len()));
        }
    }

    /// Effective code of a form (its own, else its block's).
    pub fn form_code(&self, id: u32) -> &Code {
        let f = &self.forms[id as usize];
        f.code
            .as_ref()
            .unwrap_or(&self.blocks[f.block as usize].code)
    }

    /// Number of patterns.
    pub fn pattern_count(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "&FOOD\n+RICE\n+FOOD_AID\n\n---  VISIT   [042:043]  ---\nVISIT \n- * (FOR TALKS)    [046:046]     # VISIT\n- * &FOOD   [073]\n\n---  ASK   [---]  ---\n+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]\nQUERY {QUERYING QUERIES QUERIED }\nWIRE_+TAP\n- * (FOR {&FOOD AID}) [0233]\n- $ * &NOPE [1]\n";

    #[test]
    fn parses_blocks_forms_and_patterns() {
        let mut d = VerbDict::default();
        d.parse(SAMPLE, "t");
        d.finish();
        assert_eq!(d.blocks.len(), 2);
        assert_eq!(d.blocks[0].code.active.as_deref(), Some("042"));
        assert_eq!(d.blocks[0].code.passive.as_deref(), Some("043"));
        assert!(d.index.contains_key("VISITED"));
        assert!(d.index.contains_key("VISITING"));
        assert!(d.index.contains_key("QUERIED"));
        assert!(!d.index.contains_key("QUERYED"));
        let asked = &d.forms[d.index["ASKED"][0] as usize];
        assert_eq!(asked.words, ["ASKED", "FOR"]);
        assert_eq!(
            d.form_code(d.index["ASKED"][0]).active.as_deref(),
            Some("020")
        );
        let tapped = &d.forms[d.index["TAPPED"][0] as usize];
        assert_eq!(tapped.words, ["WIRE", "TAPPED"]);
        assert_eq!(tapped.verb_pos, 1);
        // undefined synset → skipped
        assert_eq!(d.blocks[1].patterns.len(), 1);
        assert_eq!(d.skipped, 1);
        let p = &d.blocks[0].patterns[1];
        match &p.post[0] {
            Elem::Words(slots) => assert!(slots[0].contains(&vec!["RICES".to_string()])),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn regular() {
        assert_eq!(
            regular_forms("ACCUSE"),
            ["ACCUSE", "ACCUSES", "ACCUSED", "ACCUSING"]
        );
        assert!(regular_forms("PLAN").contains(&"PLANNED".to_string()));
        assert!(regular_forms("DENY").contains(&"DENIED".to_string()));
    }
}
