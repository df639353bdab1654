//! `vigil._vigil`: the native half of the `vigil` Python package.
//!
//! Consumes Python strings, paths and numbers; produces JSON text (one event per string, exactly
//! the `vigil code --format jsonl` line, written by the same serde serializer of
//! `vigil_core::Event`) that the pure-Python half (`python/vigil/`) turns into dicts and
//! DataFrames. The key design decision: this crate only converts. Documents are built by
//! `vigil-ingest` (the JSONL record path), coded by `vigil-pipeline`, read back by `vigil-store`
//! and analysed by `vigil-analysis`, so Python sees the CLI's results and the CLI's error
//! messages. Work that takes time runs with the GIL released, on a rayon pool of the requested
//! size, results in input order.
#![deny(missing_docs)]

mod coder;
mod store;

use pyo3::prelude::*;

pyo3::create_exception!(
    _vigil,
    VigilError,
    pyo3::exceptions::PyException,
    "An error reported by Vigil; the message is the one the `vigil` command prints."
);

/// Turns a Rust error into a `VigilError` with the CLI's message (`{e:#}`: the error and its
/// context chain).
fn to_py(e: anyhow::Error) -> PyErr {
    VigilError::new_err(format!("{e:#}"))
}

/// Parses an optional `YYYY-MM-DD` argument, naming it in the error.
fn parse_day(s: Option<&str>, what: &str) -> PyResult<Option<chrono::NaiveDate>> {
    s.map(|s| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            pyo3::exceptions::PyValueError::new_err(format!("{what} {s:?}: expected YYYY-MM-DD"))
        })
    })
    .transpose()
}

/// The extension module.
#[pymodule]
fn _vigil(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<coder::Coder>()?;
    m.add_class::<store::Store>()?;
    m.add("VigilError", m.py().get_type::<VigilError>())?;
    m.add("CODER_VERSION", vigil_pipeline::CODER_VERSION)?;
    Ok(())
}
