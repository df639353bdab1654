//! Per-stage wall time of the full pipeline on one file, to find which stage grows faster
//! than its input (`cargo run --release -p vigil-pipeline --example stage_times -- FILE`).

use vigil_core::Document;
use vigil_pipeline::{Depth, Pipeline, PipelineOptions};

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow::anyhow!("usage: stage_times FILE"))?;
    let text = std::fs::read_to_string(&path)?;
    let p = Pipeline::load(&PipelineOptions::default(), Depth::Full)?;
    let names: Vec<String> = p.stage_names().iter().map(|s| s.to_string()).collect();
    let mut spent = vec![std::time::Duration::ZERO; names.len()];
    let ad = p.process_timed(Document::new(None, text), &mut spent)?;
    for (n, t) in names.iter().zip(&spent) {
        println!("{n:>8} {:8.3} s", t.as_secs_f64());
    }
    println!(
        "{} sentences, {} events",
        ad.sentences.len(),
        ad.events.len()
    );
    Ok(())
}
