//! `vigil explain`: every layer for one sentence.

use anyhow::{bail, Result};
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `vigil explain`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `vigil explain`.
pub fn run(_a: Args, _data_dir: &Path) -> Result<ExitCode> {
    bail!("explain: not built yet")
}
