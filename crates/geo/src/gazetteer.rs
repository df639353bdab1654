//! The compiled gazetteer: places from `data/geo/gazetteer.tsv.gz` indexed by name key.

use crate::text::{is_all_caps, key};
use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;
use vigil_core::Place;

/// Feature kind of a gazetteer entry, in the order a bare name prefers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A continent.
    Continent,
    /// A sovereign country or dependent territory.
    Country,
    /// A first-level administrative division (state, province).
    Admin1,
    /// A well-known multi-country or sub-national region ("South Caucasus", "Gaza Strip").
    Region,
    /// A sea, ocean, gulf or strait.
    Sea,
    /// A populated place (GeoNames cities ≥ 15,000 people).
    City,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "continent" => Kind::Continent,
            "country" => Kind::Country,
            "admin1" => Kind::Admin1,
            "region" => Kind::Region,
            "sea" => Kind::Sea,
            "city" => Kind::City,
            _ => return None,
        })
    }

    /// The name used in [`Place::kind`].
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Continent => "continent",
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::Region => "region",
            Kind::Sea => "sea",
            Kind::City => "city",
        }
    }
}

/// One place of the gazetteer.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The place as reported to callers.
    pub place: Place,
    /// Feature kind.
    pub kind: Kind,
    /// Population (0 when unknown).
    pub population: u64,
    /// National capital.
    pub capital: bool,
    /// Member countries (ISO3) of a region.
    pub members: Vec<String>,
}

/// How a name key reaches an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameHit {
    /// The entry's canonical name (or its ASCII fold).
    Primary(u32),
    /// One of its alternate names.
    Alternate(u32),
    /// A demonym or adjective of it ("Azerbaijani").
    Demonym(u32),
}

impl NameHit {
    /// Index of the entry.
    pub fn entry(&self) -> u32 {
        match *self {
            NameHit::Primary(i) | NameHit::Alternate(i) | NameHit::Demonym(i) => i,
        }
    }
}

/// All places plus the name index.
#[derive(Debug)]
pub struct Gazetteer {
    /// Entries in file order.
    pub entries: Vec<Entry>,
    /// Name key → entries it can denote.
    pub names: HashMap<String, Vec<NameHit>>,
    /// Surface forms written in capitals in the gazetteer ("US", "UAE", "NSW"): an all-caps word
    /// of three letters or fewer in the text matches only if it is one of these.
    pub abbreviations: BTreeSet<String>,
    /// Keys whose every surface form is a dotted abbreviation ("Mass.", "Ga."): they match
    /// only when the text has the dot.
    pub dotted: BTreeSet<String>,
    /// Longest name, in words.
    pub max_words: usize,
    /// ISO3 → country entry.
    pub countries: HashMap<String, u32>,
    /// ISO3 → capital city entry.
    pub capitals: HashMap<String, u32>,
    /// GeoNames id → entry.
    pub by_geonameid: HashMap<u64, u32>,
    /// ISO2 → ISO3.
    pub iso2: HashMap<String, String>,
    /// Keys with at least one surface form without a final dot (load-time scratch).
    undotted: BTreeSet<String>,
}

fn opt(s: &str) -> Option<String> {
    if s.is_empty() {
        None
    } else {
        Some(s.to_string())
    }
}

impl Gazetteer {
    /// Reads `gazetteer.tsv.gz` from `dir`.
    pub fn load(dir: &Path) -> Result<Gazetteer> {
        let path = dir.join("gazetteer.tsv.gz");
        let file = std::fs::File::open(&path)
            .with_context(|| format!("opening gazetteer {}", path.display()))?;
        let mut text = String::new();
        GzDecoder::new(file)
            .read_to_string(&mut text)
            .with_context(|| format!("reading gazetteer {}", path.display()))?;
        Gazetteer::parse(&text).with_context(|| format!("parsing {}", path.display()))
    }

    /// Parses the TSV text (see `scripts/build_gazetteer.py` for the columns).
    pub fn parse(text: &str) -> Result<Gazetteer> {
        let mut g = Gazetteer {
            entries: Vec::new(),
            names: HashMap::with_capacity(1 << 18),
            abbreviations: BTreeSet::new(),
            dotted: BTreeSet::new(),
            max_words: 1,
            countries: HashMap::new(),
            capitals: HashMap::new(),
            by_geonameid: HashMap::new(),
            iso2: HashMap::new(),
            undotted: BTreeSet::new(),
        };
        for (lineno, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 12 {
                bail!("line {}: expected 12 columns, got {}", lineno + 1, f.len());
            }
            let Some(kind) = Kind::parse(f[1]) else {
                bail!("line {}: unknown kind {:?}", lineno + 1, f[1]);
            };
            let id: u64 = f[0]
                .parse()
                .with_context(|| format!("line {}: bad id", lineno + 1))?;
            let lat: f64 = f[5]
                .parse()
                .with_context(|| format!("line {}: bad lat", lineno + 1))?;
            let lon: f64 = f[6]
                .parse()
                .with_context(|| format!("line {}: bad lon", lineno + 1))?;
            let idx = g.entries.len() as u32;
            let entry = Entry {
                place: Place {
                    name: f[2].to_string(),
                    geonameid: (id > 0).then_some(id),
                    country: opt(f[3]),
                    admin1: opt(f[4]),
                    lat: Some(lat),
                    lon: Some(lon),
                    kind: kind.as_str().to_string(),
                },
                kind,
                population: f[7].parse().unwrap_or(0),
                capital: f[8].split(',').any(|x| x == "capital"),
                members: f[11].split_whitespace().map(str::to_string).collect(),
            };
            let primary = key(f[2]);
            for (i, n) in f[9].split('|').filter(|n| !n.is_empty()).enumerate() {
                let k = key(n);
                // The first two forms are the canonical name and its ASCII fold.
                let hit = if k == primary || i < 2 {
                    NameHit::Primary(idx)
                } else {
                    NameHit::Alternate(idx)
                };
                g.add_name(n, k, hit);
            }
            for n in f[10].split('|').filter(|n| !n.is_empty()) {
                g.add_name(n, key(n), NameHit::Demonym(idx));
            }
            if id > 0 {
                g.by_geonameid.entry(id).or_insert(idx);
            }
            if let Some(c) = &entry.place.country {
                if kind == Kind::Country {
                    g.countries.insert(c.clone(), idx);
                    if let Some(i2) = f[8].split(',').find_map(|x| x.strip_prefix("iso2=")) {
                        g.iso2.insert(i2.to_string(), c.clone());
                    }
                }
                if entry.capital {
                    g.capitals.insert(c.clone(), idx);
                }
            }
            g.entries.push(entry);
        }
        if g.countries.is_empty() {
            bail!("gazetteer has no countries");
        }
        let undotted = std::mem::take(&mut g.undotted);
        g.dotted.retain(|k| !undotted.contains(k));
        Ok(g)
    }

    fn add_name(&mut self, surface: &str, k: String, hit: NameHit) {
        if k.is_empty() {
            return;
        }
        // Dotted abbreviations are short; tracking only short keys keeps loading fast.
        if k.len() <= 8 {
            if surface.ends_with('.') {
                self.dotted.insert(k.clone());
            } else {
                self.undotted.insert(k.clone());
            }
        }
        if surface.len() <= 8 && is_all_caps(surface) {
            let letters: String = surface.chars().filter(|c| c.is_alphabetic()).collect();
            if letters.chars().count() <= 4 {
                self.abbreviations.insert(letters);
            }
        }
        self.max_words = self.max_words.max(k.matches(' ').count() + 1);
        let v = self.names.entry(k).or_default();
        // A name listed twice for one entry (original and fold) keeps its strongest reading.
        if let Some(pos) = v.iter().position(|h| h.entry() == hit.entry()) {
            if matches!(hit, NameHit::Primary(_)) {
                v[pos] = hit;
            }
        } else {
            v.push(hit);
        }
    }

    /// Entries a name key can denote.
    pub fn lookup(&self, k: &str) -> &[NameHit] {
        self.names.get(k).map(Vec::as_slice).unwrap_or(&[])
    }
}
