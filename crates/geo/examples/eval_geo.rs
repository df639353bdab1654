//! Prints `eval_geo` metrics for one gold file.
//! Usage: cargo run --release -p vigil-geo --example eval_geo -- FILE [DATA_DIR]

use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let file = PathBuf::from(
        args.next()
            .ok_or_else(|| anyhow::anyhow!("usage: eval_geo FILE [DATA_DIR]"))?,
    );
    let data = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(vigil_core::paths::data_dir);
    let t = std::time::Instant::now();
    let geo = vigil_geo::Geocoder::load(&data)?;
    eprintln!("loaded gazetteer in {:?}", t.elapsed());
    let v = vigil_geo::eval_geo(&geo, &file, None)?;
    println!("{}", serde_json::to_string_pretty(&v)?);
    Ok(())
}
