//! Analysis commands over the store: timeline, dyads, network, alerts, contradictions. The
//! store hands events with their article metadata to the pure functions of `vigil-analysis`.

use crate::DbArg;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::process::ExitCode;
use vigil_analysis::{AlertParams, EventRecord, FusionParams, Period, TimelineFilter};
use vigil_core::Event;
use vigil_store::{EventQuery, Store};

/// Arguments of `vigil timeline`.
#[derive(clap::Args, Debug)]
pub struct TimelineArgs {
    #[command(flatten)]
    db: DbArg,
    /// Actor code, name or text (case-insensitive substring).
    #[arg(long)]
    actor: Option<String>,
    /// ISO3 country of source, target or place.
    #[arg(long)]
    country: Option<String>,
    /// JSON lines instead of a table.
    #[arg(long)]
    json: bool,
}

/// Arguments of `vigil dyads`.
#[derive(clap::Args, Debug)]
pub struct DyadsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Bucket size.
    #[arg(long, value_enum, default_value_t = PeriodArg::All)]
    period: PeriodArg,
    /// JSON lines instead of a table.
    #[arg(long)]
    json: bool,
}

/// Dyad period.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PeriodArg {
    /// ISO weeks.
    Week,
    /// Calendar months.
    Month,
    /// Whole span.
    All,
}

/// Arguments of `vigil network`.
#[derive(clap::Args, Debug)]
pub struct NetworkArgs {
    #[command(flatten)]
    db: DbArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NetFormat::Dot)]
    format: NetFormat,
}

/// Network output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NetFormat {
    /// Graphviz DOT.
    Dot,
    /// JSON nodes and edges.
    Json,
}

/// Arguments of `vigil alerts`.
#[derive(clap::Args, Debug)]
pub struct AlertsArgs {
    #[command(flatten)]
    db: DbArg,
    /// Only alerts whose window ends on or after this date (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Alert parameters as JSON (see docs/alerts.md); missing fields keep their defaults.
    #[arg(long, value_name = "FILE")]
    params: Option<PathBuf>,
    /// JSON lines instead of text.
    #[arg(long)]
    json: bool,
}

/// Arguments of `vigil contradictions`.
#[derive(clap::Args, Debug)]
pub struct ContradictionsArgs {
    #[command(flatten)]
    db: DbArg,
    /// JSON lines instead of text.
    #[arg(long)]
    json: bool,
}

/// Every stored event with its article's metadata (shared with `vigil serve`).
pub fn load_records(store: &dyn Store, events: Vec<Event>) -> Result<Vec<EventRecord>> {
    Ok(vigil_analysis::records(events, |id| store.doc_meta(id))?)
}

fn all_records(db: &DbArg) -> Result<Vec<EventRecord>> {
    let store = super::open_store_read(&db.db)?;
    let events = store.events(&EventQuery::default())?;
    load_records(store.as_ref(), events)
}

fn print_json_lines<T: serde::Serialize>(items: &[T]) -> Result<()> {
    for i in items {
        println!("{}", serde_json::to_string(i)?);
    }
    Ok(())
}

/// Timeline and alerts section of the `vigil analyze` report.
pub fn print_report(store: &dyn Store, events: &[Event]) -> Result<()> {
    let records = load_records(store, events.to_vec())?;
    let tl = vigil_analysis::timeline(&records, &TimelineFilter::default());
    // The report shows the most recent stretch; `vigil timeline` prints all of it.
    const RECENT: usize = 40;
    let from = tl.len().saturating_sub(RECENT);
    println!(
        "\n== Timeline ({} entries{})",
        tl.len(),
        if from > 0 {
            format!(", latest {RECENT}; all with `vigil timeline`")
        } else {
            String::new()
        }
    );
    print!("{}", vigil_analysis::render_timeline(&tl[from..]));
    let alerts = vigil_analysis::alerts(&records, &AlertParams::default(), None);
    // Alerts come ranked by score; the report shows the head, `vigil alerts` the rest.
    const SHOWN: usize = 15;
    println!(
        "\n== Alerts ({}{})",
        alerts.len(),
        if alerts.len() > SHOWN {
            format!(", top {SHOWN}; all with `vigil alerts`")
        } else {
            String::new()
        }
    );
    print!(
        "{}",
        vigil_analysis::render_alerts(&alerts[..alerts.len().min(SHOWN)])
    );
    let fused = vigil_analysis::fuse(&records, &FusionParams::default());
    let contra = vigil_analysis::contradictions(&fused, &records);
    if !contra.is_empty() {
        println!("\n== Contradictions ({})", contra.len());
        print!("{}", vigil_analysis::render_contradictions(&contra));
    }
    Ok(())
}

/// `vigil timeline`.
pub fn timeline(a: TimelineArgs) -> Result<ExitCode> {
    let records = all_records(&a.db)?;
    let tl = vigil_analysis::timeline(
        &records,
        &TimelineFilter {
            actor: a.actor,
            country: a.country,
        },
    );
    if a.json {
        print_json_lines(&tl)?;
    } else {
        print!("{}", vigil_analysis::render_timeline(&tl));
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil dyads`.
pub fn dyads(a: DyadsArgs) -> Result<ExitCode> {
    let records = all_records(&a.db)?;
    let period = match a.period {
        PeriodArg::Week => Period::Week,
        PeriodArg::Month => Period::Month,
        PeriodArg::All => Period::All,
    };
    let stats = vigil_analysis::dyads(&records, period);
    if a.json {
        print_json_lines(&stats)?;
    } else {
        print!("{}", vigil_analysis::render_dyads(&stats));
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil network`.
pub fn network(a: NetworkArgs) -> Result<ExitCode> {
    let records = all_records(&a.db)?;
    let net = vigil_analysis::network(&records);
    match a.format {
        NetFormat::Dot => print!("{}", net.to_dot()),
        NetFormat::Json => println!("{}", net.to_json()),
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil alerts`.
pub fn alerts(a: AlertsArgs) -> Result<ExitCode> {
    let records = all_records(&a.db)?;
    let params: AlertParams = match &a.params {
        Some(p) => {
            let s =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            let params: AlertParams =
                serde_json::from_str(&s).with_context(|| format!("parsing {}", p.display()))?;
            params
                .check()
                .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
            params
        }
        None => AlertParams::default(),
    };
    let since = super::events::parse_day(&a.since, "since")?;
    let alerts = vigil_analysis::alerts(&records, &params, since);
    if a.json {
        print_json_lines(&alerts)?;
    } else {
        print!("{}", vigil_analysis::render_alerts(&alerts));
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigil contradictions`.
pub fn contradictions(a: ContradictionsArgs) -> Result<ExitCode> {
    let records = all_records(&a.db)?;
    let fused = vigil_analysis::fuse(&records, &FusionParams::default());
    let c = vigil_analysis::contradictions(&fused, &records);
    if a.json {
        print_json_lines(&c)?;
    } else {
        print!("{}", vigil_analysis::render_contradictions(&c));
    }
    Ok(ExitCode::SUCCESS)
}
