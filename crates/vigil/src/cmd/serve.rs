//! `vigil serve`: the HTTP API and dashboard (crate `vigil-serve`) over a store.

use anyhow::{Context, Result};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `vigil serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    db: crate::DbArg,
    /// Address to listen on. Off loopback, a token is required.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// File holding the bearer token for writes (and, off loopback, for every request).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// Store only events whose calibrated confidence is at least this (0-1) when documents are
    /// ingested through the API; default: the cut chosen on dev data, as `vigil analyze`.
    #[arg(long, value_name = "P", value_parser = super::parse_confidence)]
    min_confidence: Option<f64>,
    /// Largest ingest request body, in bytes.
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    max_body: usize,
}

/// Runs `vigil serve` until Ctrl-C.
pub fn run(a: Args, data_dir: &Path) -> Result<ExitCode> {
    let token = match &a.token_file {
        Some(p) => {
            let t = std::fs::read_to_string(p)
                .with_context(|| format!("reading token file {}", p.display()))?;
            let t = t.trim().to_string();
            anyhow::ensure!(
                t.len() >= 16,
                "token in {} is shorter than 16 characters",
                p.display()
            );
            Some(t)
        }
        None => None,
    };
    vigil_serve::check_bind(&a.addr, token.is_some())?;
    let mut config = vigil_serve::Config::new(a.db.db);
    config.addr = a.addr;
    config.token = token;
    config.data_dir = data_dir.to_path_buf();
    config.max_body = a.max_body;
    config.min_confidence = a.min_confidence;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(vigil_serve::serve(config))?;
    Ok(ExitCode::SUCCESS)
}
