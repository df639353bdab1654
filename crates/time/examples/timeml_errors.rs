//! Prints TempEval-3 metrics and the disagreements with the gold standard, for rule work:
//! `cargo run --release -p vigil-time --example timeml_errors -- DIR [KIND]`.

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .unwrap_or_else(|| "../shared/data/time/tempeval3".into());
    let only = args.next();
    let (m, mism) = vigil_time::timeml::eval_timeml_detailed(std::path::Path::new(&dir))?;
    for x in &mism {
        if only.as_deref().is_some_and(|o| o != x.what) {
            continue;
        }
        println!("{}\t{}\t{:?}\t{:?}", x.what, x.file, x.gold, x.system);
    }
    println!("{}", serde_json::to_string_pretty(&m)?);
    Ok(())
}
