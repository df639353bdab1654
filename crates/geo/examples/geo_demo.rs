//! Prints the places found in the text given on stdin, one per line (development aid).
//! Usage: echo "Talks in Baku." | cargo run --release -p vigil-geo --example geo_demo

use std::io::Read;

fn main() -> anyhow::Result<()> {
    let geo = vigil_geo::Geocoder::load(&vigil_core::paths::data_dir())?;
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    for p in geo.geocode(&text, &[], &[]) {
        println!(
            "{:?}\t{}\t{}\t{}\t{:?}\t{:?}\t{:?}\t{:?},{:?}",
            p.span,
            &text[p.span.start()..p.span.end()],
            p.place.kind,
            p.place.name,
            p.place.country,
            p.place.admin1,
            p.place.geonameid,
            p.place.lat,
            p.place.lon
        );
    }
    Ok(())
}
