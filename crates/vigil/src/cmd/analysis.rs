//! Analysis commands over the store: timeline, dyads, network, alerts, contradictions.

use anyhow::{bail, Result};
use std::process::ExitCode;
use vigil_core::Event;
use vigil_store::SqliteStore;

/// Arguments of `vigil timeline`.
#[derive(clap::Args, Debug)]
pub struct TimelineArgs {}
/// Arguments of `vigil dyads`.
#[derive(clap::Args, Debug)]
pub struct DyadsArgs {}
/// Arguments of `vigil network`.
#[derive(clap::Args, Debug)]
pub struct NetworkArgs {}
/// Arguments of `vigil alerts`.
#[derive(clap::Args, Debug)]
pub struct AlertsArgs {}
/// Arguments of `vigil contradictions`.
#[derive(clap::Args, Debug)]
pub struct ContradictionsArgs {}

/// Timeline and alerts section of the `vigil analyze` report.
pub fn print_report(_store: &SqliteStore, _events: &[Event]) -> Result<()> {
    Ok(())
}

/// `vigil timeline`.
pub fn timeline(_a: TimelineArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
/// `vigil dyads`.
pub fn dyads(_a: DyadsArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
/// `vigil network`.
pub fn network(_a: NetworkArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
/// `vigil alerts`.
pub fn alerts(_a: AlertsArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
/// `vigil contradictions`.
pub fn contradictions(_a: ContradictionsArgs) -> Result<ExitCode> {
    bail!("not built yet")
}
