//! `Store`: read access to a Vigil store; events, alerts and search hits as JSON lines.

use crate::{parse_day, to_py};
use anyhow::Context;
use pyo3::prelude::*;
use std::sync::Mutex;
use vigil_analysis::AlertParams;
use vigil_store::EventQuery;

/// The one place a store is opened: a SQLite file or a `postgres://` URL.
fn open(path_or_url: &str) -> anyhow::Result<Box<dyn vigil_store::Store + Send>> {
    let path = std::path::Path::new(path_or_url);
    let name = vigil_store::display_name(path);
    if vigil_store::is_postgres(path) {
        return vigil_store::open_read_only(path).with_context(|| format!("opening store {name}"));
    }
    // Reading must not leave an empty database behind a mistyped path.
    if !path.is_file() {
        anyhow::bail!("opening store {path_or_url}: no such file");
    }
    vigil_store::open(path).with_context(|| format!("opening store {name}"))
}

/// An open store. The connection is used by one Python thread at a time.
#[pyclass(frozen, module = "vigil._vigil")]
pub struct Store {
    inner: Mutex<Box<dyn vigil_store::Store + Send>>,
}

fn json_lines<T: serde::Serialize>(items: &[T]) -> PyResult<Vec<String>> {
    items
        .iter()
        .map(|i| serde_json::to_string(i).map_err(|e| to_py(e.into())))
        .collect()
}

#[pymethods]
impl Store {
    /// Opens the store at `path_or_url`.
    #[new]
    fn new(path_or_url: &str) -> PyResult<Store> {
        Ok(Store {
            inner: Mutex::new(open(path_or_url).map_err(to_py)?),
        })
    }

    /// Stored events matching the filters (as `vigil events`), as JSON lines.
    #[pyo3(signature = (actor=None, country=None, cameo=None, since=None, until=None, doc_id=None, limit=None))]
    #[allow(clippy::too_many_arguments)]
    fn events_json(
        &self,
        py: Python<'_>,
        actor: Option<String>,
        country: Option<String>,
        cameo: Option<String>,
        since: Option<&str>,
        until: Option<&str>,
        doc_id: Option<String>,
        limit: Option<usize>,
    ) -> PyResult<Vec<String>> {
        let q = EventQuery {
            actor,
            country,
            cameo,
            since: parse_day(since, "since")?,
            until: parse_day(until, "until")?,
            doc_id,
            limit,
            ..EventQuery::default()
        };
        let events = py
            .detach(|| self.lock().events(&q))
            .map_err(|e| to_py(e.into()))?;
        json_lines(&events)
    }

    /// Alerts over every stored event (as `vigil alerts --json`); `params` is the JSON of
    /// `--params` (missing fields keep their defaults).
    #[pyo3(signature = (since=None, params=None))]
    fn alerts_json(
        &self,
        py: Python<'_>,
        since: Option<&str>,
        params: Option<&str>,
    ) -> PyResult<Vec<String>> {
        let since = parse_day(since, "since")?;
        let params: AlertParams = match params {
            Some(p) => serde_json::from_str(p)
                .context("parsing alert parameters")
                .map_err(to_py)?,
            None => AlertParams::default(),
        };
        let alerts = py
            .detach(|| -> anyhow::Result<_> {
                let store = self.lock();
                let events = store.events(&EventQuery::default())?;
                let records = vigil_analysis::records(events, |id| store.doc_meta(id))?;
                Ok(vigil_analysis::alerts(&records, &params, since))
            })
            .map_err(to_py)?;
        json_lines(&alerts)
    }

    /// Full-text search (as `vigil search --json`), as JSON lines.
    #[pyo3(signature = (query, limit=20))]
    fn search_json(&self, py: Python<'_>, query: &str, limit: usize) -> PyResult<Vec<String>> {
        let hits = py
            .detach(|| vigil_store::Store::search_words(&**self.lock(), query, limit))
            .with_context(|| format!("search {query:?}"))
            .map_err(to_py)?;
        json_lines(&hits)
    }
}

impl Store {
    fn lock(&self) -> std::sync::MutexGuard<'_, Box<dyn vigil_store::Store + Send>> {
        // A panic while holding the lock cannot leave the read-only connection inconsistent.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}
