//! `vigil train`: reproduce the shipped models from the shared data.

use anyhow::{bail, Result};
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `vigil train`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `vigil train`.
pub fn run(_a: Args, _data_dir: &Path) -> Result<ExitCode> {
    bail!("train: the model crates are not built yet")
}
