//! Lists gold toponyms resolved more than 161 km away (development aid).
//! Usage: cargo run --release -p vigil-geo --example geo_errors -- FILE

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let file = PathBuf::from(std::env::args().nth(1).unwrap_or_default());
    let geo = vigil_geo::Geocoder::load(&vigil_core::paths::data_dir())?;
    let gold = vigil_geo::parse_gold(&std::fs::read_to_string(&file)?)?;
    let mut errs: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    for art in &gold.articles {
        let places = geo.geocode(&art.text, &[], &[]);
        for t in &art.toponyms {
            let (Some(la), Some(lo)) = (t.lat, t.lon) else { continue };
            let Some(p) = places.iter().find(|p| t.start < p.span.end() && p.span.start() < t.end) else {
                *missed.entry(t.name.clone()).or_default() += 1;
                continue;
            };
            let km = vigil_geo::text::haversine_km(la, lo, p.place.lat.unwrap_or(0.0), p.place.lon.unwrap_or(0.0));
            if km > 161.0 {
                let e = errs.entry(format!("{} -> {} {} {:?} ({:.0} km; gold {la},{lo})", t.name, p.place.name, p.place.kind, p.place.country, km)).or_insert((0, String::new()));
                e.0 += 1;
            }
        }
    }
    let mut v: Vec<_> = errs.into_iter().collect();
    v.sort_by(|a, b| b.1 .0.cmp(&a.1 .0));
    for (k, (n, _)) in v.iter().take(120) { println!("{n:3} {k}"); }
    let mut m: Vec<_> = missed.into_iter().collect();
    m.sort_by(|a, b| b.1.cmp(&a.1));
    println!("--- missed");
    for (k, n) in m.iter().take(80) { print!("{k}:{n}  "); }
    println!();
    Ok(())
}
