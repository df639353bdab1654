//! Progress bars for long runs (`ingest`, `extract`, `analyze` of a big JSONL): drawn on stderr
//! only when it is a terminal, so logs and pipes stay quiet and byte-identical.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Instant;

fn bar(total: u64, template: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total);
    pb.set_style(
        ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}

/// A bar over input bytes; [`Docs::tick`] writes the document count and rate beside it.
pub fn bytes_bar(total: u64) -> ProgressBar {
    bar(
        total,
        "{bar:30} {bytes}/{total_bytes} {msg} {elapsed} ETA {eta}",
    )
}

/// A bar over documents with rate and ETA.
pub fn docs_bar(total: u64, what: &str) -> ProgressBar {
    let template =
        format!("{{bar:30}} {{pos}}/{{len}} docs {what} {{per_sec}} {{elapsed}} ETA {{eta}}");
    bar(total, &template)
}

/// Documents counted for a bytes bar's message.
pub struct Docs {
    started: Instant,
    /// Documents read so far.
    pub n: u64,
}

impl Docs {
    /// Starts counting now.
    pub fn new() -> Docs {
        Docs {
            started: Instant::now(),
            n: 0,
        }
    }

    /// Shows `n` documents and their rate on `pb`.
    pub fn tick(&self, pb: &ProgressBar, what: &str) {
        if pb.is_hidden() {
            return;
        }
        let secs = self.started.elapsed().as_secs_f64().max(1e-3);
        pb.set_message(format!(
            "{} docs {what} ({:.0} docs/s)",
            self.n,
            self.n as f64 / secs
        ));
    }
}
