//! `GET /api/timeline`, `/api/dyads`, `/api/network`, `/api/alerts`, `/api/contradictions`:
//! the analyses of `vigil-analysis` over the filtered events, as the CLI runs them.

use crate::error::{ApiError, ErrorBody};
use crate::params::{self, FilterParams, Q};
use crate::records::load_records;
use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};
use vigil_analysis::{
    Alert, AlertParams, Contradiction, DyadStat, EventRecord, FusionParams, Network, Period,
    TimelineEntry, TimelineFilter,
};
use vigil_store::{EventQuery, Store};

/// Filtered events with their article metadata.
pub(crate) fn records(s: &dyn Store, q: &EventQuery) -> Result<Vec<EventRecord>, ApiError> {
    Ok(load_records(s, s.events(q)?)?)
}

/// Events on one day by QuadClass.
#[derive(Serialize, ToSchema)]
pub struct DayCount {
    /// The day.
    pub date: NaiveDate,
    /// Events of QuadClass 1-4 (verbal coop, material coop, verbal conflict, material conflict).
    pub quad: [usize; 4],
}

/// A timeline.
#[derive(Serialize, ToSchema)]
pub struct Timeline {
    /// Per-day counts of every matching event dated to the day.
    pub per_day: Vec<DayCount>,
    /// Matching events in total.
    pub total: usize,
    /// The first `limit` entries, chronological (undated last).
    #[schema(value_type = Vec<Object>)]
    pub entries: Vec<TimelineEntry>,
}

/// Timeline page size.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineParams {
    /// Entries returned, 1-10000 (default 1000); per-day counts cover all.
    pub limit: Option<String>,
}

/// Chronological events, like `vigil timeline`, with per-day counts by QuadClass.
#[utoipa::path(get, path = "/api/timeline", tag = "analysis",
    params(FilterParams, TimelineParams),
    responses(
        (status = 200, description = "Timeline", body = Timeline),
        (status = 400, description = "Bad parameter", body = ErrorBody)))]
pub async fn timeline(
    State(st): State<Arc<AppState>>,
    Q(f): Q<FilterParams>,
    Q(p): Q<TimelineParams>,
) -> Result<Json<Timeline>, ApiError> {
    let q = f.query()?;
    let limit = params::limit(&p.limit, 1000, params::MAX_LIMIT)?;
    let out = st
        .readers
        .run(move |s| {
            let recs = records(s, &q)?;
            // Only day-precise events are bars: a "1991" date is not January 1st.
            let mut days: BTreeMap<NaiveDate, [usize; 4]> = BTreeMap::new();
            for r in recs.iter().filter(|r| r.day_precise()) {
                if let (Some(d), 1..=4) = (r.anchor_date(), r.event.quad_class) {
                    days.entry(d).or_default()[r.event.quad_class as usize - 1] += 1;
                }
            }
            let tl = vigil_analysis::timeline(&recs, &TimelineFilter::default());
            Ok(Timeline {
                per_day: days
                    .into_iter()
                    .map(|(date, quad)| DayCount { date, quad })
                    .collect(),
                total: tl.len(),
                entries: tl.into_iter().take(limit).collect(),
            })
        })
        .await?;
    Ok(Json(out))
}

/// Dyad bucket.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DyadParams {
    /// week, month or all (default).
    pub period: Option<String>,
}

/// Dyad statistics.
#[derive(Serialize, ToSchema)]
pub struct Dyads {
    /// Per source→target country pair (and period).
    #[schema(value_type = Vec<Object>)]
    pub dyads: Vec<DyadStat>,
}

/// Event counts and Goldstein statistics per country pair, like `vigil dyads`.
#[utoipa::path(get, path = "/api/dyads", tag = "analysis", params(FilterParams, DyadParams),
    responses(
        (status = 200, description = "Dyads", body = Dyads),
        (status = 400, description = "Bad parameter", body = ErrorBody)))]
pub async fn dyads(
    State(st): State<Arc<AppState>>,
    Q(f): Q<FilterParams>,
    Q(p): Q<DyadParams>,
) -> Result<Json<Dyads>, ApiError> {
    let q = f.query()?;
    let period = match p.period.as_deref().unwrap_or("all") {
        "week" => Period::Week,
        "month" => Period::Month,
        "all" | "" => Period::All,
        other => {
            return Err(ApiError::bad_request(format!(
                "period {other:?}: expected week, month or all"
            )))
        }
    };
    let dyads = st
        .readers
        .run(move |s| Ok(vigil_analysis::dyads(&records(s, &q)?, period)))
        .await?;
    Ok(Json(Dyads { dyads }))
}

/// The actor network of the filtered events, like `vigil network --format json`.
#[utoipa::path(get, path = "/api/network", tag = "analysis", params(FilterParams),
    responses(
        (status = 200, description = "Nodes and typed, weighted edges with their event ids", body = Object),
        (status = 400, description = "Bad parameter", body = ErrorBody)))]
pub async fn network(
    State(st): State<Arc<AppState>>,
    Q(f): Q<FilterParams>,
) -> Result<Json<Network>, ApiError> {
    let q = f.query()?;
    let net = st
        .readers
        .run(move |s| Ok(vigil_analysis::network(&records(s, &q)?)))
        .await?;
    Ok(Json(net))
}

/// Which alerts.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertQuery {
    /// Only alerts whose window ends on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// At most this many, 1-1000 (default 100), highest score first.
    pub limit: Option<String>,
}

/// Alerts.
#[derive(Serialize, ToSchema)]
pub struct Alerts {
    /// Ranked by score; each with its explanation and evidence event ids.
    #[schema(value_type = Vec<Object>)]
    pub alerts: Vec<Alert>,
}

/// All stored events' alerts (bursts, escalations, new dyads), like `vigil alerts`.
pub(crate) fn current_alerts(
    s: &dyn Store,
    since: Option<NaiveDate>,
) -> Result<Vec<Alert>, ApiError> {
    let all = records(s, &EventQuery::default())?;
    Ok(vigil_analysis::alerts(&all, &AlertParams::default(), since))
}

/// Bursts, escalations and new dyads over every stored event, each with evidence.
#[utoipa::path(get, path = "/api/alerts", tag = "analysis", params(AlertQuery),
    responses(
        (status = 200, description = "Alerts, highest score first", body = Alerts),
        (status = 400, description = "Bad parameter", body = ErrorBody)))]
pub async fn alerts(
    State(st): State<Arc<AppState>>,
    Q(p): Q<AlertQuery>,
) -> Result<Json<Alerts>, ApiError> {
    let since = params::day(&p.since, "since")?;
    let limit = params::limit(&p.limit, 100, 1000)?;
    let state = st.clone();
    let all = st
        .readers
        .run(move |s| state.cached_alerts(s, since, |s| current_alerts(s, since)))
        .await?;
    let alerts = all.iter().take(limit).cloned().collect();
    Ok(Json(Alerts { alerts }))
}

/// Contradictions.
#[derive(Serialize, ToSchema)]
pub struct Contradictions {
    /// Fused reports that disagree on date, place or whether it happened.
    #[schema(value_type = Vec<Object>)]
    pub contradictions: Vec<Contradiction>,
}

/// Reports of one event that disagree, like `vigil contradictions`.
#[utoipa::path(get, path = "/api/contradictions", tag = "analysis",
    responses((status = 200, description = "Contradictions", body = Contradictions)))]
pub async fn contradictions(
    State(st): State<Arc<AppState>>,
) -> Result<Json<Contradictions>, ApiError> {
    let contradictions = st
        .readers
        .run(|s| {
            let all = records(s, &EventQuery::default())?;
            let fused = vigil_analysis::fuse(&all, &FusionParams::default());
            Ok(vigil_analysis::contradictions(&fused, &all))
        })
        .await?;
    Ok(Json(Contradictions { contradictions }))
}
