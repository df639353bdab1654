//! Toponym recognition: gazetteer matching over capitalised words, merged with NER location spans.

use crate::gazetteer::{Gazetteer, Kind, NameHit};
use crate::text::{
    is_all_caps, is_capitalised, is_name_connector, joinable_gap, key, key_of, Word,
};
use anyhow::Context;
use std::collections::BTreeSet;
use std::path::Path;

/// A candidate toponym in the text, before resolution.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Name key of the covered text.
    pub key: String,
    /// Entries the name can denote.
    pub hits: Vec<NameHit>,
    /// An NER layer marked this span as a location.
    pub ner: bool,
    /// The reading as a place needs support from context (person-like or organisation-like
    /// context): a locative preposition, a "City, Country" pair, NER, or the document's countries.
    pub weak: bool,
    /// The name is an ordinary English word more often than a place ("Nice", "Mobile"): only a
    /// locative preposition, a "City, Country" pair or NER licenses it.
    pub common_word: bool,
    /// Starts a sentence (capitalisation says nothing).
    pub sentence_initial: bool,
    /// Preceded by a locative preposition ("in", "near" ...).
    pub locative: bool,
}

/// Names that are not places by default.
#[derive(Debug, Default, Clone)]
pub struct Stoplist {
    /// Usually ordinary words or given names: need local support (preposition, pair, NER).
    pub common: BTreeSet<String>,
    /// Never places without NER (month and day names).
    pub never: BTreeSet<String>,
}

/// Context words around a name, read from `data/geo/cues/` (documented in data/SOURCES.md).
#[derive(Debug, Default, Clone)]
pub struct Cues {
    /// Titles before a name that make it a person's ("Mr", "Gen"); `titles.txt`.
    pub titles: BTreeSet<String>,
    /// Verbs of saying after a lone name ("Allen said" is a person); `speech-verbs.txt`.
    pub speech_verbs: BTreeSet<String>,
    /// Lower-case words before a name that make a place reading likely; `locative-words.txt`.
    pub locatives: BTreeSet<String>,
    /// Capitalised words that can precede a place name without making it part of a person's
    /// name ("North", "Greater"); `place-prefixes.txt`.
    pub place_prefixes: BTreeSet<String>,
    /// Capitalised words that can follow a place name in a longer place name ("City");
    /// `place-suffixes.txt`.
    pub place_suffixes: BTreeSet<String>,
    /// Capitalised words after a name that make the phrase a smaller feature (a street,
    /// school, embassy): the name alone would resolve to the wrong point;
    /// `facility-suffixes.txt`.
    pub facility_suffixes: BTreeSet<String>,
}

impl Cues {
    /// Loads the six lists from `dir` (one word per line, `#` comments).
    pub fn load(dir: &Path) -> anyhow::Result<Cues> {
        let read = |name: &str| -> anyhow::Result<BTreeSet<String>> {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            Ok(text
                .lines()
                .map(|l| l.split('#').next().unwrap_or("").trim())
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect())
        };
        Ok(Cues {
            titles: read("titles.txt")?,
            speech_verbs: read("speech-verbs.txt")?,
            locatives: read("locative-words.txt")?,
            place_prefixes: read("place-prefixes.txt")?,
            place_suffixes: read("place-suffixes.txt")?,
            facility_suffixes: read("facility-suffixes.txt")?,
        })
    }
}

/// True when the text before `pos` ends a sentence (or nothing precedes it).
pub fn sentence_initial(text: &str, pos: usize) -> bool {
    for c in text[..pos].chars().rev() {
        if c.is_whitespace() {
            if c == '\n' {
                return true;
            }
            continue;
        }
        return matches!(
            c,
            '.' | '!' | '?' | '"' | '“' | '”' | ':' | '—' | '(' | '[' | '\'' | '‘'
        );
    }
    true
}

/// Finds gazetteer names in `text`. `stop` holds keys that are ordinary words more often than
/// places (see [`Stoplist`]), `cues` the context words around names (see [`Cues`]); `ner` are byte spans an NER marked as locations; `blocked` are spans (person names)
/// that cannot contain a toponym.
pub fn recognise(
    g: &Gazetteer,
    stop: &Stoplist,
    cues: &Cues,
    text: &str,
    ws: &[Word],
    ner: &[(usize, usize)],
    blocked: &[(usize, usize)],
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let wtext = |i: usize| &text[ws[i].start..ws[i].end];
    let mut i = 0;
    while i < ws.len() {
        let first = wtext(i);
        if !is_capitalised(first) {
            i += 1;
            continue;
        }
        let mut found = None;
        let max_n = g.max_words.min(ws.len() - i);
        'len: for n in (1..=max_n).rev() {
            let last = wtext(i + n - 1);
            if !is_capitalised(last) {
                continue;
            }
            for j in i + 1..i + n {
                if !joinable_gap(&text[ws[j - 1].end..ws[j].start]) {
                    continue 'len;
                }
                let w = wtext(j);
                if !is_capitalised(w) && !is_name_connector(w) && !w.chars().all(char::is_numeric) {
                    continue 'len;
                }
            }
            let (s, e) = (ws[i].start, ws[i + n - 1].end);
            let k = key_of(text, &ws[i..i + n]);
            let hits = g.lookup(&k);
            if hits.is_empty() || stop.never.contains(&k) {
                continue;
            }
            // "Mass." is Massachusetts, "Mass" is not.
            if g.dotted.contains(&k) && !text[e..].starts_with('.') {
                continue;
            }
            // A short all-caps word ("IT", "AP", "NATO") is a place only if it is a known
            // abbreviation; a four-letter one ("BAKU" in a dateline) may also be a full name.
            let letters: String = text[s..e].chars().filter(|c| c.is_alphabetic()).collect();
            let nletters = letters.chars().count();
            if is_all_caps(&letters)
                && nletters <= 4
                && !g.abbreviations.contains(&letters)
                && (nletters <= 3 || !hits.iter().any(|h| matches!(h, NameHit::Primary(_))))
            {
                continue;
            }
            found = Some((n, s, e, k, hits.to_vec()));
            break;
        }
        let Some((n, s, mut e, k, hits)) = found else {
            i += 1;
            continue;
        };
        // "U.S." and "D.C." keep their final dot.
        if n >= 2 && text[e..].starts_with('.') && ws[i + n - 1].end - ws[i + n - 1].start <= 2 {
            e += 1;
        }
        // The tail of a compound such as "Indo-Pacific" is not a place of its own, unless the
        // head is one too ("Syrian-Turkish border").
        if i > 0
            && &text[ws[i - 1].end..s] == "-"
            && is_capitalised(wtext(i - 1))
            && !matches!(out.last(), Some(c) if c.end >= ws[i - 1].end)
        {
            i += n;
            continue;
        }
        let sent0 = sentence_initial(text, s);
        let prev = (i > 0).then(|| wtext(i - 1));
        let locative = prev.is_some_and(|p| {
            cues.locatives.contains(&p.to_lowercase()) && text[ws[i - 1].end..s].trim().is_empty()
        });
        let any_big = hits.iter().any(|h| {
            let en = &g.entries[h.entry() as usize];
            matches!(h, NameHit::Demonym(_))
                || matches!(en.kind, Kind::Country | Kind::Continent)
                || (matches!(en.kind, Kind::Region | Kind::Sea | Kind::Admin1)
                    && matches!(h, NameHit::Primary(_)))
        });
        let next_word =
            (i + n < ws.len() && text[e..ws[i + n].start].trim().is_empty()).then(|| wtext(i + n));
        if next_word.is_some_and(|w| cues.facility_suffixes.contains(w)) {
            i += n;
            continue;
        }
        let common_word = stop.common.contains(&k);
        let mut weak = false;
        if n == 1 && !any_big {
            // "Michael Jackson", "Mr. Allen", "Tyler said": a lone name of a minor city glued to
            // another capitalised word, after a title or before a verb of saying is more likely
            // a person's.
            let prev_glued = i > 0
                && !sent0
                && is_capitalised(wtext(i - 1))
                && !cues.place_prefixes.contains(wtext(i - 1))
                && text[ws[i - 1].end..s] == *" "
                && !matches!(out.last(), Some(c) if c.end >= ws[i - 1].end);
            let next_glued = i + 1 < ws.len()
                && is_capitalised(wtext(i + 1))
                && !cues.place_suffixes.contains(wtext(i + 1))
                && text[e..ws[i + 1].start] == *" ";
            let titled = i > 0 && cues.titles.contains(wtext(i - 1));
            let speaks = next_word.is_some_and(|w| cues.speech_verbs.contains(w))
                && hits.iter().all(|h| {
                    let en = &g.entries[h.entry() as usize];
                    !en.capital && en.population < 500_000
                });
            // Big cities keep their reading next to another name ("Toronto Police").
            let minor = hits.iter().all(|h| {
                let en = &g.entries[h.entry() as usize];
                !en.capital && en.population < 1_000_000
            });
            weak |= titled || (minor && (prev_glued || next_glued || speaks));
        }
        out.push(Candidate {
            start: s,
            end: e,
            key: k,
            hits,
            ner: false,
            weak,
            common_word,
            sentence_initial: sent0,
            locative,
        });
        i += n;
    }
    // Names inside person names are not places.
    // Sorted spans with a running maximum of ends: "inside some person name" is one binary
    // search per candidate, not a scan of every name (linear cost in long documents).
    let mut blocked: Vec<(usize, usize)> = blocked.to_vec();
    blocked.sort_unstable();
    let mut reach = Vec::with_capacity(blocked.len());
    let mut max_end = 0;
    for &(_, be) in &blocked {
        max_end = max_end.max(be);
        reach.push(max_end);
    }
    out.retain(|c| {
        let k = blocked.partition_point(|&(bs, _)| bs <= c.start);
        !(k > 0 && reach[k - 1] >= c.end)
    });
    // NER location spans confirm matches, and add the ones the matcher missed (lowercase,
    // stoplisted, or split differently) when the whole span is a known name.
    // Matches overlapping an NER span start at most `longest` bytes before it: with the matches
    // sorted by start, each span looks at its neighbourhood only. NER spans do not overlap one
    // another, so the candidates added here need no checking against later spans.
    out.sort_by_key(|c| (c.start, c.end));
    let longest = out.iter().map(|c| c.end - c.start).max().unwrap_or(0);
    let matched = out.len();
    for &(ns, ne) in ner {
        let mut covered = false;
        let from = out[..matched].partition_point(|c| c.start + longest < ns);
        for c in out[from..matched].iter_mut() {
            if c.start >= ne {
                break;
            }
            if ns < c.end {
                c.ner = true;
                c.weak = false;
                c.common_word = false;
                covered = true;
            }
        }
        if covered || ne > text.len() || !text.is_char_boundary(ns) || !text.is_char_boundary(ne) {
            continue;
        }
        let mut span = &text[ns..ne];
        let mut s = ns;
        for article in ["the ", "The "] {
            if let Some(rest) = span.strip_prefix(article) {
                span = rest;
                s += article.len();
            }
        }
        let k = key(span);
        let hits = g.lookup(&k);
        if !hits.is_empty() {
            out.push(Candidate {
                start: s,
                end: ne,
                key: k,
                hits: hits.to_vec(),
                ner: true,
                weak: false,
                common_word: false,
                sentence_initial: sentence_initial(text, s),
                locative: false,
            });
        }
    }
    out.sort_by_key(|c| (c.start, c.end));
    out
}
