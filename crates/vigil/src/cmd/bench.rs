//! `vigil bench`: throughput, side by side with a reference measured in the same run.

use anyhow::{bail, Result};
use std::path::Path;
use std::process::ExitCode;

/// Arguments of `vigil bench`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `vigil bench`.
pub fn run(_a: Args, _data_dir: &Path) -> Result<ExitCode> {
    bail!("bench: the linguistic stages are not built yet")
}
