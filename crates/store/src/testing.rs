//! Helpers for tests that need a PostgreSQL server (this crate's and the CLI's): the server
//! comes from `VIGIL_TEST_POSTGRES` (set by `.ci/services/10-postgres.sh`); without it a test
//! skips with a printed note, except under `VIGIL_CI=1`, where a missing server is a failure.

use crate::{Result, StoreError};

/// The test server's URL, or `None` (after printing why) when the test should skip.
///
/// # Panics
/// When `VIGIL_CI=1` and `VIGIL_TEST_POSTGRES` is unset: CI must not skip these tests.
pub fn postgres_url(test: &str) -> Option<String> {
    match std::env::var("VIGIL_TEST_POSTGRES") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("VIGIL_CI").as_deref() != Ok("1"),
                "{test}: VIGIL_TEST_POSTGRES is not set under VIGIL_CI=1 (.ci/services/10-postgres.sh starts the server)"
            );
            eprintln!("note: {test} skipped: VIGIL_TEST_POSTGRES is not set (source .ci/services/10-postgres.sh)");
            None
        }
    }
}

/// Creates a new, empty database on the server of `base` and returns its URL, so tests that
/// run in parallel never see each other's tables.
pub fn fresh_database(base: &str, prefix: &str) -> Result<String> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let tag: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let name = format!("vt_{tag}_{}_{nanos}", std::process::id());
    let mut client = postgres::Client::connect(base, postgres::NoTls)?;
    // A database name cannot be a bound parameter; `name` is ASCII letters, digits and `_`.
    client.batch_execute(&format!("CREATE DATABASE {name}"))?;
    let (head, query) = match base.split_once('?') {
        Some((h, q)) => (h, format!("?{q}")),
        None => (base, String::new()),
    };
    let scheme_end = head.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match head[scheme_end..].find('/') {
        Some(i) => &head[..scheme_end + i],
        None => head,
    };
    if root.is_empty() {
        return Err(StoreError::Connect(format!("bad test server URL {base:?}")));
    }
    Ok(format!("{root}/{name}{query}"))
}
