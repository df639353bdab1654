//! Lists gold toponyms resolved more than 161 km away, and the most often missed ones
//! (development aid). Usage: cargo run --release -p vigil-geo --example geo_errors -- FILE

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let file = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or_else(|| anyhow::anyhow!("usage: geo_errors FILE"))?,
    );
    let geo = vigil_geo::Geocoder::load(&vigil_core::paths::data_dir())?;
    let gold = vigil_geo::parse_gold(&std::fs::read_to_string(&file)?)?;
    let mut errs: BTreeMap<String, usize> = BTreeMap::new();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    let mut spurious: BTreeMap<String, usize> = BTreeMap::new();
    for art in &gold.articles {
        let places = geo.geocode(&art.text, &[], &[]);
        for p in &places {
            if !art
                .toponyms
                .iter()
                .any(|t| t.start < p.span.end() && p.span.start() < t.end)
            {
                let k = format!(
                    "{} ({})",
                    &art.text[p.span.start()..p.span.end()],
                    p.place.kind
                );
                *spurious.entry(k).or_default() += 1;
            }
        }
        for t in &art.toponyms {
            let (Some(la), Some(lo)) = (t.lat, t.lon) else {
                continue;
            };
            let Some(p) = places
                .iter()
                .find(|p| t.start < p.span.end() && p.span.start() < t.end)
            else {
                *missed.entry(t.name.clone()).or_default() += 1;
                continue;
            };
            let (pla, plo) = (p.place.lat.unwrap_or(0.0), p.place.lon.unwrap_or(0.0));
            let km = vigil_geo::text::haversine_km(la, lo, pla, plo);
            if km > 161.0 {
                let k = format!(
                    "{} -> {} {} {:?} ({km:.0} km; gold {la},{lo})",
                    t.name, p.place.name, p.place.kind, p.place.country
                );
                *errs.entry(k).or_default() += 1;
            }
        }
    }
    let mut v: Vec<_> = errs.into_iter().collect();
    v.sort_by_key(|(_, n)| Reverse(*n));
    for (k, n) in v.iter().take(120) {
        println!("{n:3} {k}");
    }
    let mut m: Vec<_> = missed.into_iter().collect();
    m.sort_by_key(|(_, n)| Reverse(*n));
    println!("--- missed");
    for (k, n) in m.iter().take(80) {
        print!("{k}:{n}  ");
    }
    println!();
    let mut s: Vec<_> = spurious.into_iter().collect();
    s.sort_by_key(|(_, n)| Reverse(*n));
    println!("--- not in gold");
    for (k, n) in s.iter().take(100) {
        print!("{k}:{n}  ");
    }
    println!();
    Ok(())
}
