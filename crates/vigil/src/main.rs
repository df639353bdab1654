//! `vigil`: news articles in, verifiable event data and alerts out.
//!
//! The binary only parses arguments and wires crates together; each subcommand lives in its own
//! module under `cmd/` and the stages it calls own all the logic.

mod cmd;
mod output;
mod progress;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Vigil turns news articles into structured, verifiable event data and watches it for patterns.
#[derive(Parser, Debug)]
#[command(name = "vigil", version, about, long_about = None)]
pub struct Cli {
    /// Data directory (dictionaries, models, gazetteer, codebooks). Default: $VIGIL_DATA, else
    /// `data/` in the current directory or an ancestor, else the build's own.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Worker threads for coding (`analyze`, `extract`, `code`); default: every core. Output
    /// is the same for any number.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    #[command(subcommand)]
    command: Command,
}

/// Common `--db` option.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArg {
    /// SQLite database file (created if missing), or a PostgreSQL server as
    /// `postgres://user@host:port/db`.
    #[arg(long, default_value = "vigil.db", value_name = "FILE|URL")]
    pub db: PathBuf,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Store articles (text, HTML, JSONL, directories, `-` for stdin); prints added/duplicate/rejected.
    Ingest(cmd::ingest::Args),
    /// Extract events from stored articles that have not been extracted by this version yet.
    Extract(cmd::analyze::ExtractArgs),
    /// Code articles to events without a store: events on stdout.
    Code(cmd::code::Args),
    /// List stored events.
    Events(cmd::events::Args),
    /// Full-text search over stored articles.
    Search(cmd::search::Args),
    /// Show an event's evidence: its sentence with actor and verb spans marked, and the rule.
    Show(cmd::show::Args),
    /// The main job: ingest + extract + store, then report events, timeline and alerts.
    Analyze(cmd::analyze::Args),
    /// Explain how one sentence is analysed: tokens, tags, parse, entities, times, places, actors, patterns.
    Explain(cmd::explain::Args),
    /// Evaluate a stage against gold data.
    Eval(cmd::eval::Args),
    /// Measure throughput.
    Bench(cmd::bench::Args),
    /// Train a statistical model from the shared data.
    Train(cmd::train::Args),
    /// Chronological events for an actor or country.
    Timeline(cmd::analysis::TimelineArgs),
    /// Event counts and Goldstein statistics per source→target country pair.
    Dyads(cmd::analysis::DyadsArgs),
    /// Actor network (nodes and weighted, typed edges).
    Network(cmd::analysis::NetworkArgs),
    /// Bursts, escalations and new dyads, each with evidence.
    Alerts(cmd::analysis::AlertsArgs),
    /// Fused reports of one event that disagree (dates, places, asserted vs denied).
    Contradictions(cmd::analysis::ContradictionsArgs),
    /// HTTP API and web dashboard over a store (localhost by default).
    Serve(cmd::serve::Args),
    /// Events (and documents) as files for other engines: Parquet by day, GDELT TSV or JSONL.
    Export(cmd::export::Args),
    /// Extraction worker on a PostgreSQL store's queue (run any number, anywhere).
    Worker(cmd::worker::Args),
}

/// `vigil timeline | head` should stop quietly when `head` exits, like any Unix filter, instead
/// of panicking on a closed stdout: restore the default SIGPIPE action that Rust's runtime
/// replaces with "ignore".
fn reset_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// `println!` panics when stdout cannot be written (`> /dev/full`, a closed socket). For every
/// command, present and future, that panic becomes a one-line error and exit status 2, like any
/// other error, instead of a panic message; other panics keep the default report.
fn quiet_stdout_failures() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") {
            eprintln!("vigil: error: {msg}");
            std::process::exit(2);
        }
        default(info);
    }));
}

fn main() -> ExitCode {
    reset_sigpipe();
    quiet_stdout_failures();
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        // Fails only when the pool was already built, which nothing does before this point.
        if let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
        {
            eprintln!("vigil: warning: --threads ignored: {e}");
        }
    }
    let data_dir = cli
        .data_dir
        .clone()
        .unwrap_or_else(vigil_core::paths::data_dir);
    let res: Result<ExitCode> = match cli.command {
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Extract(a) => cmd::analyze::run_extract(a, &data_dir),
        Command::Code(a) => cmd::code::run(a, &data_dir),
        Command::Events(a) => cmd::events::run(a),
        Command::Search(a) => cmd::search::run(a),
        Command::Show(a) => cmd::show::run(a),
        Command::Analyze(a) => cmd::analyze::run(a, &data_dir),
        Command::Explain(a) => cmd::explain::run(a, &data_dir),
        Command::Eval(a) => cmd::eval::run(a, &data_dir),
        Command::Bench(a) => cmd::bench::run(a, &data_dir),
        Command::Train(a) => cmd::train::run(a, &data_dir),
        Command::Timeline(a) => cmd::analysis::timeline(a),
        Command::Dyads(a) => cmd::analysis::dyads(a),
        Command::Network(a) => cmd::analysis::network(a),
        Command::Alerts(a) => cmd::analysis::alerts(a),
        Command::Contradictions(a) => cmd::analysis::contradictions(a),
        Command::Serve(a) => cmd::serve::run(a, &data_dir),
        Command::Export(a) => cmd::export::run(a),
        Command::Worker(a) => cmd::worker::run(a, &data_dir),
    };
    match res {
        Ok(code) => code,
        Err(e) => {
            eprintln!("vigil: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
