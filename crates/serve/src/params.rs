//! Query parameters: the CLI's filter names, parsed by hand so that every bad value gets a 400
//! with a one-line reason (never a 500, never a silent default).

use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use utoipa::IntoParams;
use vigil_store::EventQuery;

/// Largest page of events.
pub const MAX_LIMIT: usize = 10_000;
/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 100;

/// `Query<T>` whose rejection is a JSON 400.
pub struct Q<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Q<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| Q(q.0))
            .map_err(|e| ApiError::bad_request(e.body_text()))
    }
}

/// Event filters shared by `/api/events`, `/api/timeline`, `/api/dyads` and `/api/network`
/// (the names of `vigil events`' options).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// Actor code, name or text (case-insensitive substring), source or target.
    pub actor: Option<String>,
    /// ISO 3166-1 alpha-3 country of source or target.
    pub country: Option<String>,
    /// CAMEO code prefix ("04", "042").
    pub cameo: Option<String>,
    /// PLOVER event type ("CONSULT").
    pub plover: Option<String>,
    /// asserted, reported, speculative, negated, hypothetical, future or question.
    pub modality: Option<String>,
    /// Events on or after this day (YYYY-MM-DD).
    pub since: Option<String>,
    /// Events on or before this day (YYYY-MM-DD).
    pub until: Option<String>,
    /// Coder confidence at least this (0-1).
    pub min_confidence: Option<String>,
}

/// Paging and format of `/api/events`.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1-10000 (default 100).
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// json (default), csv or gdelt.
    pub format: Option<String>,
}

/// Parses a YYYY-MM-DD parameter.
pub fn day(v: &Option<String>, name: &str) -> Result<Option<NaiveDate>, ApiError> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| ApiError::bad_request(format!("{name} {s:?}: expected YYYY-MM-DD")))
        })
        .transpose()
}

/// Parses a page size in 1..=`max`.
pub fn limit(v: &Option<String>, default: usize, max: usize) -> Result<usize, ApiError> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => match s.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::bad_request(format!(
                "limit {s:?}: expected a whole number from 1 to {max}"
            ))),
        },
    }
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

impl FilterParams {
    /// The store query these filters mean, validated like the CLI's.
    pub fn query(&self) -> Result<EventQuery, ApiError> {
        let min_confidence = match text(&self.min_confidence) {
            None => None,
            Some(s) => Some(s.parse::<f64>().map_err(|_| {
                ApiError::bad_request(format!(
                    "min_confidence {s:?}: expected a number from 0 to 1"
                ))
            })?),
        };
        if let Some(c) = text(&self.country) {
            if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                return Err(ApiError::bad_request(format!(
                    "country {c:?}: expected an ISO 3166-1 alpha-3 code such as AZE"
                )));
            }
        }
        let q = EventQuery {
            actor: text(&self.actor),
            country: text(&self.country),
            cameo: text(&self.cameo),
            plover: text(&self.plover),
            modality: text(&self.modality),
            min_confidence,
            since: day(&self.since, "since")?,
            until: day(&self.until, "until")?,
            ..EventQuery::default()
        };
        q.validate().map_err(ApiError::bad_request)?;
        Ok(q)
    }
}

/// Output format of `/api/events`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `{"events": [...], "next_cursor": ...}`.
    Json,
    /// CSV with a header.
    Csv,
    /// GDELT 2.0 event rows.
    Gdelt,
}

impl PageParams {
    /// The format asked for.
    pub fn format(&self) -> Result<Format, ApiError> {
        match self.format.as_deref().unwrap_or("json") {
            "json" | "" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "gdelt" => Ok(Format::Gdelt),
            f => Err(ApiError::bad_request(format!(
                "format {f:?}: expected json, csv or gdelt"
            ))),
        }
    }
}
