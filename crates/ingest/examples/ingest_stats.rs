//! Ingests the given files/directories and prints counts and throughput (for measuring the
//! cleaner on real corpora): `cargo run --release -p vigil-ingest --example ingest_stats -- DIR`.
use std::time::Instant;
use vigil_ingest::{expand_inputs, read_input, IngestOptions, Item};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    let verbose = std::env::var_os("VERBOSE").is_some();
    let (inputs, mut rejections) = expand_inputs(&paths);
    let opts = IngestOptions::default();
    let t = Instant::now();
    let (mut docs, mut bytes, mut repaired, mut datelines, mut titles, mut dated) =
        (0, 0usize, 0, 0, 0, 0);
    for input in &inputs {
        if let vigil_ingest::Input::File(p) = input {
            bytes += std::fs::metadata(p).map(|m| m.len() as usize).unwrap_or(0);
        }
        for item in read_input(input, &opts) {
            match item {
                Item::Doc(d) => {
                    docs += 1;
                    repaired += d.repaired_utf8;
                    titles += usize::from(d.doc.title.is_some());
                    dated += usize::from(d.doc.published.is_some());
                    if let Some(dl) = &d.doc.dateline {
                        datelines += 1;
                        if verbose {
                            println!("dateline {}: {:?}", d.origin, dl.span.slice(&d.doc.text));
                        }
                    }
                }
                Item::Rejected(r) => rejections.push(r),
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    for r in &rejections {
        println!("rejected {r}");
    }
    println!(
        "inputs {} docs {docs} rejected {} repaired_utf8 {repaired} with_title {titles} with_date {dated} datelines {datelines}",
        inputs.len(),
        rejections.len()
    );
    println!(
        "{:.1} MB in {secs:.3} s = {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
}
