//! Toponym resolution: picks one gazetteer entry per name and document.
//!
//! Every mention of a name in a document gets the same reading (one sense per document). A
//! reading's score is a prior from feature kind and population, plus support from the document:
//! the countries and first-level divisions its other places point to, and "City, Country" /
//! "City, State" pairs. Resolution runs a few rounds so that readings settle each other.

use crate::gazetteer::{Entry, Gazetteer, Kind, NameHit};
use crate::recognise::Candidate;
use std::collections::BTreeMap;

/// A resolved toponym.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Gazetteer entry.
    pub entry: u32,
    /// Reached through a demonym or adjective.
    pub adjectival: bool,
}

/// Cities below this population need support from context unless an NER confirmed them.
const SMALL_CITY: u64 = 100_000;

fn prior(e: &Entry, hit: &NameHit) -> f64 {
    let base = match hit {
        NameHit::Demonym(_) => match e.kind {
            Kind::Country => 9.5,
            _ => 8.0,
        },
        _ => match e.kind {
            Kind::Country => 10.0,
            Kind::Continent => 9.5,
            Kind::Region | Kind::Sea => 9.0,
            Kind::Admin1 => 6.0 + 0.1 * (1.0 + e.population as f64 / 1e5).ln(),
            Kind::City => {
                let capital = e.capital && matches!(hit, NameHit::Primary(_));
                1.0 + (e.population.max(1000) as f64 / 15_000.0).ln()
                    + if capital { 2.5 } else { 0.0 }
            }
        },
    };
    // Alternate names of big cities are mostly real exonyms ("Peking"); of small ones, noise.
    match hit {
        NameHit::Alternate(_) if e.kind != Kind::City => base,
        NameHit::Alternate(_) if e.population >= 1_000_000 => base - 0.5,
        NameHit::Alternate(_) => base - 1.5,
        _ => base,
    }
}

/// True when `inner` lies in (or is the same as) `outer`: a city in its country, state or region.
fn within(inner: &Entry, outer: &Entry) -> bool {
    match outer.kind {
        Kind::Country => {
            inner.place.country.is_some() && inner.place.country == outer.place.country
        }
        Kind::Admin1 | Kind::City => {
            inner.place.admin1.is_some() && inner.place.admin1 == outer.place.admin1
        }
        Kind::Region => {
            let c = inner.place.country.as_deref().unwrap_or("");
            outer.members.iter().any(|m| m == c)
        }
        Kind::Continent | Kind::Sea => false,
    }
}

#[derive(Default)]
struct Evidence {
    /// ISO3 → number of groups naming the country itself (or its people).
    countries: BTreeMap<String, usize>,
    /// ISO3 → number of groups resolved to a place inside the country.
    inside: BTreeMap<String, usize>,
    /// Admin-1 code → number of groups resolved to it or into it.
    admin1: BTreeMap<String, usize>,
    /// Entry → number of groups resolved to it: a place does not support itself when another
    /// name of the same place occurs ("Mexico City" does not make "Mexico" the city).
    entries: BTreeMap<u32, usize>,
}

impl Evidence {
    fn add(&mut self, idx: u32, e: &Entry, sign: isize) {
        let bump = |m: &mut BTreeMap<String, usize>, k: &str| {
            let v = m.entry(k.to_string()).or_insert(0);
            *v = (*v as isize + sign).max(0) as usize;
        };
        let v = self.entries.entry(idx).or_insert(0);
        *v = (*v as isize + sign).max(0) as usize;
        if let Some(c) = &e.place.country {
            if e.kind == Kind::Country {
                bump(&mut self.countries, c);
            } else if matches!(e.kind, Kind::City | Kind::Admin1) {
                bump(&mut self.inside, c);
            }
        }
        if let Some(a) = &e.place.admin1 {
            bump(&mut self.admin1, a);
        }
    }

    fn get(m: &BTreeMap<String, usize>, k: Option<&String>) -> usize {
        k.and_then(|k| m.get(k)).copied().unwrap_or(0)
    }

    fn same_place(&self, idx: u32) -> usize {
        self.entries.get(&idx).copied().unwrap_or(0)
    }
}

struct Group {
    members: Vec<usize>,
    hits: Vec<NameHit>,
    /// Per hit: support from "X, Y" pairs.
    pair_bonus: Vec<f64>,
    choice: usize,
}

/// Resolves candidates (sorted by start) against the gazetteer.
pub fn resolve(g: &Gazetteer, text: &str, cands: &[Candidate]) -> Vec<Resolution> {
    // One sense per document: group mentions by name key.
    let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in cands.iter().enumerate() {
        by_key.entry(c.key.as_str()).or_default().push(i);
    }
    let mut groups: Vec<Group> = by_key
        .into_values()
        .map(|members| {
            let hits = cands[members[0]].hits.clone();
            let n = hits.len();
            Group {
                members,
                hits,
                pair_bonus: vec![0.0; n],
                choice: 0,
            }
        })
        .collect();
    let mut group_of = vec![0usize; cands.len()];
    for (gi, gr) in groups.iter().enumerate() {
        for &m in &gr.members {
            group_of[m] = gi;
        }
    }
    let entry = |h: &NameHit| &g.entries[h.entry() as usize];

    // "Atlanta, Georgia", "Pandi, Bulacan", "BAKU, Azerbaijan": the second name contains the first.
    let mut paired = vec![false; cands.len()];
    // "Nelson, B.C." where no Nelson lies in British Columbia: the first name is a place the
    // gazetteer does not hold, and any reading of it would be wrong.
    let mut unknown_inner = vec![false; cands.len()];
    for a in 0..cands.len() {
        let Some(b) = (a + 1..cands.len()).find(|&b| cands[b].start >= cands[a].end) else {
            continue;
        };
        let gap = &text[cands[a].end..cands[b].start];
        if gap.trim() != "," && gap.trim() != "(" {
            continue;
        }
        let (ga, gb) = (group_of[a], group_of[b]);
        let mut best: Option<(f64, usize, usize)> = None;
        for (ia, ha) in groups[ga].hits.iter().enumerate() {
            for (ib, hb) in groups[gb].hits.iter().enumerate() {
                if matches!(ha, NameHit::Demonym(_)) || matches!(hb, NameHit::Demonym(_)) {
                    continue;
                }
                let (ea, eb) = (entry(ha), entry(hb));
                if std::ptr::eq(ea, eb) || !within(ea, eb) {
                    continue;
                }
                let s = prior(ea, ha) + prior(eb, hb);
                if !matches!(best, Some((bs, _, _)) if bs >= s) {
                    best = Some((s, ia, ib));
                }
            }
        }
        let container = groups[gb].hits.iter().all(|h| {
            !matches!(h, NameHit::Demonym(_))
                && matches!(entry(h).kind, Kind::Country | Kind::Admin1)
        });
        let inner_is_city = groups[ga].hits.iter().all(|h| entry(h).kind == Kind::City);
        if best.is_none() && container && inner_is_city {
            unknown_inner[a] = true;
        }
        if let Some((_, ia, ib)) = best {
            groups[ga].pair_bonus[ia] = 6.0;
            if ga != gb {
                groups[gb].pair_bonus[ib] = 6.0;
            }
            paired[a] = true;
            paired[b] = true;
        }
    }

    // Rounds: each group's choice given the others' current choices.
    let score = |gr: &Group, i: usize, ev: &Evidence| -> f64 {
        let h = &gr.hits[i];
        let e = entry(h);
        let mut s = prior(e, h) + gr.pair_bonus[i];
        let c = e.place.country.as_ref();
        let same = ev.same_place(h.entry());
        let (own_country, own_inside) = match e.kind {
            Kind::City | Kind::Admin1 => (0, same),
            _ => (0, 0),
        };
        // Every reading inside a country the document names gains the same, so the bonus
        // separates countries ("Georgia" the state in a US story) without pushing a city over
        // its own country ("Mexico" stays the country next to "Mexican").
        let in_country = |c: Option<&String>| {
            2.0 * (Evidence::get(&ev.countries, c)
                .saturating_sub(own_country)
                .min(1) as f64)
                + 1.0
                    * (Evidence::get(&ev.inside, c)
                        .saturating_sub(own_inside)
                        .min(2) as f64)
        };
        let admin1 = Evidence::get(&ev.admin1, e.place.admin1.as_ref()).saturating_sub(same);
        match e.kind {
            Kind::City | Kind::Admin1 => {
                s += in_country(c);
                s += 2.0 * (admin1.min(1) as f64);
            }
            Kind::Country => s += in_country(c),
            Kind::Region => {
                let n = e
                    .members
                    .iter()
                    .filter(|m| ev.countries.contains_key(*m) || ev.inside.contains_key(*m))
                    .count();
                s += 0.5 * n.min(2) as f64;
            }
            Kind::Continent | Kind::Sea => {}
        }
        s
    };
    let best_of = |gr: &Group, ev: &Evidence| -> usize {
        let mut best = 0;
        let mut best_s = f64::NEG_INFINITY;
        for i in 0..gr.hits.len() {
            let s = score(gr, i, ev);
            if s > best_s {
                best_s = s;
                best = i;
            }
        }
        best
    };
    let empty = Evidence::default();
    for gr in groups.iter_mut() {
        gr.choice = best_of(gr, &empty);
    }
    for _round in 0..3 {
        let mut ev = Evidence::default();
        for gr in &groups {
            ev.add(gr.hits[gr.choice].entry(), entry(&gr.hits[gr.choice]), 1);
        }
        let mut changed = false;
        for gr in groups.iter_mut() {
            let own = gr.hits[gr.choice];
            ev.add(own.entry(), entry(&own), -1);
            let c = best_of(gr, &ev);
            let new = gr.hits[c];
            ev.add(new.entry(), entry(&new), 1);
            if c != gr.choice {
                gr.choice = c;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }

    // Keep a reading only when it is strong enough on its own or the context supports it.
    let mut ev = Evidence::default();
    for gr in &groups {
        ev.add(gr.hits[gr.choice].entry(), entry(&gr.hits[gr.choice]), 1);
    }
    let mut out = Vec::new();
    for gr in &groups {
        let h = &gr.hits[gr.choice];
        let e = entry(h);
        let mut ev_others = Evidence {
            countries: ev.countries.clone(),
            inside: ev.inside.clone(),
            admin1: ev.admin1.clone(),
            entries: ev.entries.clone(),
        };
        ev_others.add(h.entry(), e, -1);
        let c = e.place.country.as_ref();
        let doc_support =
            Evidence::get(&ev_others.countries, c) > 0 || Evidence::get(&ev_others.inside, c) > 0;
        // Alternate names of countries, states and regions are curated; of cities, mined.
        let alternate = matches!(h, NameHit::Alternate(_)) && e.kind == Kind::City;
        let small = e.kind == Kind::City && e.population < SMALL_CITY;
        // One person-like use ("Tom Allen") makes every bare "Allen" of the document doubtful.
        let person_like = gr.members.iter().any(|&m| cands[m].weak);
        // What licenses a mention depends on how doubtful it is: ordinary words, person-like
        // names and places reached by a minor alternate name need local evidence; others may
        // lean on the document's countries.
        let local = |m: usize| {
            let cd = &cands[m];
            cd.ner || cd.locative || paired[m]
        };
        let supported = |m: usize| {
            let cd = &cands[m];
            if cd.common_word || person_like || (alternate && e.population < 1_000_000) {
                local(m)
            } else {
                local(m) || (!cd.sentence_initial && doc_support)
            }
        };
        let any_supported = gr.members.iter().any(|&m| supported(m));
        if gr.members.iter().any(|&m| unknown_inner[m]) && !gr.members.iter().any(|&m| paired[m]) {
            continue;
        }
        let weak = person_like || gr.members.iter().all(|&m| cands[m].common_word);
        if (weak || small || alternate) && !any_supported {
            continue;
        }
        for &m in &gr.members {
            out.push(Resolution {
                start: cands[m].start,
                end: cands[m].end,
                entry: h.entry(),
                adjectival: matches!(h, NameHit::Demonym(_)),
            });
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out
}
