//! Geoparsing evaluation on GeoWebNews, GeoVirus and LGL/TR-News style XML.
//!
//! Gold offsets in all three formats are character offsets into `<text>`; they are converted to
//! byte offsets, and a gold span whose text does not read as its name is realigned to the nearest
//! place within a few characters where it does (GeoVirus offsets are one character late).

use crate::gazetteer::Kind;
use crate::geocoder::Geocoder;
use crate::text::haversine_km;
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::path::Path;
use vigil_core::PlaceMention;

/// The gold file's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// GeoWebNews `GWN.xml`: `<toponym><extractedName/><start/><end/><geonamesID/><latitude/>…`.
    GeoWebNews,
    /// GeoVirus: `<locations><location><name/><start/><end/><lat/><lon/><page/>`.
    GeoVirus,
    /// LGL / TR-News: `<toponyms><toponym><phrase/><start/><end/><gaztag geonameid>…`.
    Lgl,
}

impl Format {
    /// Short name used in the metrics.
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::GeoWebNews => "geowebnews",
            Format::GeoVirus => "geovirus",
            Format::Lgl => "lgl",
        }
    }
}

/// One gold toponym, with byte offsets into its article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldToponym {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The name as annotated.
    pub name: String,
    /// Gold latitude.
    pub lat: Option<f64>,
    /// Gold longitude.
    pub lon: Option<f64>,
    /// Gold GeoNames id.
    pub geonameid: Option<u64>,
    /// GeoNames id of the gold country (LGL format).
    pub country_geonameid: Option<u64>,
}

/// One article with its gold toponyms.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldArticle {
    /// Article text.
    pub text: String,
    /// Gold toponyms.
    pub toponyms: Vec<GoldToponym>,
}

/// The parsed gold file.
#[derive(Debug, Clone)]
pub struct GoldSet {
    /// Detected format.
    pub format: Format,
    /// Articles in file order.
    pub articles: Vec<GoldArticle>,
    /// Gold spans that had to be realigned.
    pub realigned: usize,
    /// Gold spans whose name could not be found near the given offsets (kept as given).
    pub misaligned: usize,
}

/// Detects the format from the first toponym-bearing element.
pub fn detect_format(doc: &roxmltree::Document) -> Result<Format> {
    for n in doc.descendants().filter(|n| n.is_element()) {
        match n.tag_name().name() {
            "extractedName" => return Ok(Format::GeoWebNews),
            "location" if n.parent().is_some_and(|p| p.has_tag_name("locations")) => {
                return Ok(Format::GeoVirus)
            }
            "phrase" | "gaztag" => return Ok(Format::Lgl),
            _ => {}
        }
    }
    bail!("no GeoWebNews, GeoVirus or LGL/TR-News toponyms found")
}

fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn child_text(n: roxmltree::Node, name: &str) -> Option<String> {
    let c = n.children().find(|c| c.has_tag_name(name))?;
    let t: String = c
        .descendants()
        .filter(|d| d.is_text())
        .filter_map(|d| d.text())
        .collect();
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn num<T: std::str::FromStr>(s: Option<String>) -> Option<T> {
    s.and_then(|s| s.trim().parse().ok())
}

/// Parses gold XML text in any of the three formats.
pub fn parse_gold(xml: &str) -> Result<GoldSet> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, opts).context("parsing gold XML")?;
    let format = detect_format(&doc)?;
    let mut set = GoldSet {
        format,
        articles: Vec::new(),
        realigned: 0,
        misaligned: 0,
    };
    for art in doc.descendants().filter(|n| n.has_tag_name("article")) {
        // <text> may hold CDATA: roxmltree gives it as text either way.
        let text = child(art, "text")
            .map(|t| {
                t.descendants()
                    .filter(|d| d.is_text())
                    .filter_map(|d| d.text())
                    .collect::<String>()
            })
            .unwrap_or_default();
        let chars: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(text.len()))
            .collect();
        let (list, item) = match format {
            Format::GeoWebNews | Format::Lgl => ("toponyms", "toponym"),
            Format::GeoVirus => ("locations", "location"),
        };
        let mut toponyms = Vec::new();
        let Some(list) = child(art, list) else {
            set.articles.push(GoldArticle { text, toponyms });
            continue;
        };
        for t in list.children().filter(|c| c.has_tag_name(item)) {
            let name_tag = match format {
                Format::GeoWebNews => "extractedName",
                Format::GeoVirus => "name",
                Format::Lgl => "phrase",
            };
            let name = child_text(t, name_tag).unwrap_or_default();
            let (Some(cs), Some(ce)) = (
                num::<usize>(child_text(t, "start")),
                num::<usize>(child_text(t, "end")),
            ) else {
                continue;
            };
            let (lat, lon, gid, cgid) = match format {
                Format::GeoWebNews => (
                    num(child_text(t, "latitude")),
                    num(child_text(t, "longitude")),
                    num(child_text(t, "geonamesID")),
                    None,
                ),
                Format::GeoVirus => (
                    num(child_text(t, "lat")),
                    num(child_text(t, "lon")),
                    None,
                    None,
                ),
                Format::Lgl => match child(t, "gaztag") {
                    Some(g) => (
                        num(child_text(g, "lat")),
                        num(child_text(g, "lon")),
                        g.attribute("geonameid").and_then(|s| s.parse().ok()),
                        child(g, "country")
                            .and_then(|c| c.attribute("geonameid"))
                            .and_then(|s| s.parse().ok()),
                    ),
                    None => (None, None, None, None),
                },
            };
            let nchars = chars.len() - 1;
            let (mut cs, mut ce) = (cs.min(nchars), ce.min(nchars));
            if cs > ce {
                std::mem::swap(&mut cs, &mut ce);
            }
            let slice = |a: usize, b: usize| &text[chars[a]..chars[b]];
            if !name.is_empty() && slice(cs, ce) != name {
                let len = ce - cs;
                let fix = [1isize, -1, 2, -2, 3, -3].into_iter().find_map(|d| {
                    let a = cs as isize + d;
                    let b = a + len as isize;
                    (a >= 0 && b as usize <= nchars && slice(a as usize, b as usize) == name)
                        .then_some((a as usize, b as usize))
                });
                match fix {
                    Some((a, b)) => {
                        cs = a;
                        ce = b;
                        set.realigned += 1;
                    }
                    None => set.misaligned += 1,
                }
            }
            toponyms.push(GoldToponym {
                start: chars[cs],
                end: chars[ce],
                name,
                lat,
                lon,
                geonameid: gid,
                country_geonameid: cgid,
            });
        }
        set.articles.push(GoldArticle { text, toponyms });
    }
    Ok(set)
}

/// Country (ISO3) of the gazetteer city nearest to a point: how a bare coordinate gets a country.
fn nearest_country(geo: &Geocoder, lat: f64, lon: f64) -> Option<String> {
    let coslat = lat.to_radians().cos();
    geo.gazetteer()
        .entries
        .iter()
        .filter(|e| e.kind == Kind::City)
        .filter_map(|e| {
            let (la, lo) = (e.place.lat?, e.place.lon?);
            let mut dl = (lo - lon).abs();
            if dl > 180.0 {
                dl = 360.0 - dl;
            }
            let d = (la - lat).powi(2) + (dl * coslat).powi(2);
            Some((d, e))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .and_then(|(_, e)| e.place.country.clone())
}

fn gold_country(geo: &Geocoder, t: &GoldToponym) -> Option<String> {
    let gaz = geo.gazetteer();
    let by_id = |id: u64| {
        gaz.by_geonameid
            .get(&id)
            .and_then(|&i| gaz.entries[i as usize].place.country.clone())
    };
    t.geonameid
        .and_then(by_id)
        .or_else(|| t.country_geonameid.and_then(by_id))
        .or_else(|| nearest_country(geo, t.lat?, t.lon?))
}

fn system_country(geo: &Geocoder, p: &PlaceMention) -> Option<String> {
    p.place
        .country
        .clone()
        .or_else(|| nearest_country(geo, p.place.lat?, p.place.lon?))
}

/// An NER run over a text: byte spans of the location mentions it found.
pub type NerFn<'a> = &'a dyn Fn(&str) -> Vec<(usize, usize)>;

/// Scores the geocoder on a gold file (format detected from content).
///
/// `ner`, when given, returns byte spans of location mentions in a text; they are passed to the
/// geocoder as an NER layer. Accuracy metrics (`acc_161km`, `country_acc`, `mean_km`) are over
/// gold toponyms that carry coordinates and that the system recognised (a system mention
/// overlaps the gold span); `acc_161km_all` counts unrecognised ones as misses; `recall` is the
/// fraction of gold toponyms with coordinates that were recognised; `precision` the fraction of
/// system mentions overlapping any gold toponym.
pub fn eval_geo(geo: &Geocoder, file: &Path, ner: Option<NerFn<'_>>) -> Result<serde_json::Value> {
    let xml =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let gold = parse_gold(&xml).with_context(|| format!("in {}", file.display()))?;
    Ok(score(geo, &gold, ner))
}

/// Scores the geocoder on parsed gold data.
pub fn score(geo: &Geocoder, gold: &GoldSet, ner: Option<NerFn<'_>>) -> serde_json::Value {
    let (mut n_gold, mut n, mut within, mut country_ok) = (0usize, 0usize, 0usize, 0usize);
    let mut km_sum = 0.0;
    let mut kms = Vec::new();
    let (mut n_sys, mut sys_hit) = (0usize, 0usize);
    for art in &gold.articles {
        let spans = ner.map(|f| f(&art.text)).unwrap_or_default();
        let places = geo.geocode(&art.text, &spans, &[]);
        n_sys += places.len();
        sys_hit += places
            .iter()
            .filter(|p| {
                art.toponyms
                    .iter()
                    .any(|t| t.start < p.span.end() && p.span.start() < t.end)
            })
            .count();
        for t in &art.toponyms {
            let (Some(glat), Some(glon)) = (t.lat, t.lon) else {
                continue;
            };
            n_gold += 1;
            let best = places
                .iter()
                .filter(|p| t.start < p.span.end() && p.span.start() < t.end)
                .max_by_key(|p| p.span.end().min(t.end) - p.span.start().max(t.start));
            let Some(p) = best else { continue };
            let (Some(plat), Some(plon)) = (p.place.lat, p.place.lon) else {
                continue;
            };
            n += 1;
            let km = haversine_km(glat, glon, plat, plon);
            km_sum += km;
            kms.push(km);
            if km <= 161.0 {
                within += 1;
            }
            let gc = gold_country(geo, t);
            if gc.is_some() && gc == system_country(geo, p) {
                country_ok += 1;
            }
        }
    }
    kms.sort_by(f64::total_cmp);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let round = |x: f64| (x * 10000.0).round() / 10000.0;
    json!({
        "format": gold.format.as_str(),
        "articles": gold.articles.len(),
        "n_gold": n_gold,
        "n": n,
        "recall": round(ratio(n, n_gold)),
        "precision": round(ratio(sys_hit, n_sys)),
        "acc_161km": round(ratio(within, n)),
        "acc_161km_all": round(ratio(within, n_gold)),
        "country_acc": round(ratio(country_ok, n)),
        "mean_km": round(if n == 0 { 0.0 } else { km_sum / n as f64 }),
        "median_km": round(kms.get(kms.len() / 2).copied().unwrap_or(0.0)),
        "n_system": n_sys,
        "gold_realigned": gold.realigned,
        "gold_misaligned": gold.misaligned,
        "ner": ner.is_some(),
    })
}
