//! The geocoding stage and the lookups other stages use.

use crate::gazetteer::{Gazetteer, Kind, NameHit};
use crate::recognise::{recognise, Candidate, Cues, Stoplist};
use crate::resolve::{resolve, Resolution};
use crate::text::{key, words, words_of, Word};
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::path::Path;
use vigil_core::{AnnotatedDoc, Annotator, Place, PlaceMention, Span, Token};

/// NER labels whose spans are treated as location mentions.
const LOCATION_LABELS: [&str; 4] = ["LOC", "GPE", "LOCATION", "B-LOC"];

/// Recognises and resolves toponyms against the project gazetteer.
#[derive(Debug)]
pub struct Geocoder {
    gaz: Gazetteer,
    stop: Stoplist,
    cues: Cues,
}

impl Geocoder {
    /// Loads `gazetteer.tsv.gz`, `stoplist.txt` and the `cues/` word lists from `data_dir` (the repository's `data/geo`,
    /// or the `data` directory containing it).
    pub fn load(data_dir: &Path) -> Result<Geocoder> {
        let dir = if data_dir.join("gazetteer.tsv.gz").exists() {
            data_dir.to_path_buf()
        } else {
            data_dir.join("geo")
        };
        let gaz = Gazetteer::load(&dir)?;
        let stop_path = dir.join("stoplist.txt");
        let stop_text = std::fs::read_to_string(&stop_path)
            .with_context(|| format!("reading {}", stop_path.display()))?;
        let mut stop = Stoplist::default();
        for l in stop_text.lines().map(str::trim) {
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            match l.strip_prefix('!') {
                Some(never) => stop.never.insert(key(never)),
                None => stop.common.insert(key(l)),
            };
        }
        let cues = Cues::load(&dir.join("cues"))?;
        Ok(Geocoder { gaz, stop, cues })
    }

    /// The underlying gazetteer.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gaz
    }

    /// Finds and resolves the toponyms of `text`. `ner` are byte spans an NER marked as
    /// locations; `blocked` are spans (person names) that cannot hold a toponym.
    pub fn geocode(
        &self,
        text: &str,
        ner: &[(usize, usize)],
        blocked: &[(usize, usize)],
    ) -> Vec<PlaceMention> {
        self.geocode_words(text, &words_of(text), ner, blocked)
    }

    /// Like [`Geocoder::geocode`], over `tokens` the workspace tokenizer produced from `text`.
    pub fn geocode_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        ner: &[(usize, usize)],
        blocked: &[(usize, usize)],
    ) -> Vec<PlaceMention> {
        self.geocode_words(text, &words(text, tokens), ner, blocked)
    }

    fn geocode_words(
        &self,
        text: &str,
        ws: &[Word],
        ner: &[(usize, usize)],
        blocked: &[(usize, usize)],
    ) -> Vec<PlaceMention> {
        let cands: Vec<Candidate> =
            recognise(&self.gaz, &self.stop, &self.cues, text, ws, ner, blocked);
        resolve(&self.gaz, text, &cands)
            .into_iter()
            .map(|r: Resolution| PlaceMention {
                span: Span::new(r.start, r.end),
                place: self.gaz.entries[r.entry as usize].place.clone(),
                adjectival: r.adjectival,
            })
            .collect()
    }

    /// ISO3 of the country a name, demonym or adjective denotes ("Azerbaijan", "Azerbaijani",
    /// "Azerbaijanis", "the United States", "U.S." → `AZE`/`USA`).
    pub fn country_of_name(&self, s: &str) -> Option<&str> {
        let mut k = key(s);
        if let Some(rest) = k.strip_prefix("the ") {
            k = rest.to_string();
        }
        let hits = self.gaz.lookup(&k);
        // A country reading wins over a same-named city or state ("Georgia", "Mexico").
        hits.iter()
            .map(|h| &self.gaz.entries[h.entry() as usize])
            .find(|e| e.kind == Kind::Country)
            .and_then(|e| e.place.country.as_deref())
    }

    /// ISO3 for an ISO 3166-1 alpha-2 code.
    pub fn iso3_from_iso2(&self, s: &str) -> Option<&str> {
        self.gaz
            .iso2
            .get(&s.trim().to_ascii_uppercase())
            .map(String::as_str)
    }

    /// The national capital of a country.
    pub fn capital_of(&self, iso3: &str) -> Option<&Place> {
        self.gaz
            .capitals
            .get(&iso3.trim().to_ascii_uppercase())
            .map(|&i| &self.gaz.entries[i as usize].place)
    }

    /// ISO3 of the country whose capital carries this name ("Baku" → `AZE`).
    pub fn is_capital(&self, name: &str) -> Option<&str> {
        self.gaz
            .lookup(&key(name))
            .iter()
            .filter(|h| !matches!(h, NameHit::Demonym(_)))
            .map(|h| &self.gaz.entries[h.entry() as usize])
            .filter(|e| e.capital)
            .max_by_key(|e| e.population)
            .and_then(|e| e.place.country.as_deref())
    }
}

impl Annotator for Geocoder {
    fn name(&self) -> &str {
        "geo"
    }

    fn annotate(&self, doc: &mut AnnotatedDoc) -> Result<()> {
        let mut ner = Vec::new();
        let mut blocked = Vec::new();
        for e in &doc.entities {
            let span = (e.span.start(), e.span.end());
            if LOCATION_LABELS.contains(&e.label.as_str()) {
                ner.push(span);
            } else if e.label == "PER" || e.label == "PERSON" {
                blocked.push(span);
            }
        }
        let mut places = if doc.tokens.is_empty() {
            self.geocode(&doc.doc.text, &ner, &blocked)
        } else {
            self.geocode_tokens(&doc.doc.text, &doc.tokens, &ner, &blocked)
        };
        // Tokens, when a tokenizer ran, must agree with the match boundaries: a match may not
        // start or end inside a token, except at a hyphen ("Russian-backed") or a final dot.
        if !doc.tokens.is_empty() {
            let starts: BTreeSet<usize> = doc.tokens.iter().map(|t| t.span.start()).collect();
            let ends: BTreeSet<usize> = doc.tokens.iter().map(|t| t.span.end()).collect();
            let text = &doc.doc.text;
            places.retain(|p| {
                let (s, e) = (p.span.start(), p.span.end());
                let start_ok = starts.contains(&s) || text[..s].ends_with('-');
                let end_ok = ends.contains(&e)
                    || ends.contains(&(e + 1))
                    || ends.contains(&e.saturating_sub(1))
                    || text[e..].starts_with('-');
                start_ok && end_ok
            });
        }
        places.sort_by_key(|p| p.span);
        doc.places = places;
        Ok(())
    }
}
