//! Limits on full-text queries. FTS5's cost grows with the number of terms and phrases in a
//! query, so an unbounded query (a pasted article, 16,000 words) would run for minutes; a query
//! over the limits is refused with a message instead. Every [`crate::Store`] applies them.

use crate::{Result, StoreError};

/// Longest accepted query, in bytes.
pub const MAX_QUERY_BYTES: usize = 1024;
/// Most whitespace-separated terms in a query.
pub const MAX_QUERY_TERMS: usize = 32;

/// Checks a full-text query against the limits: not empty, at most [`MAX_QUERY_BYTES`] bytes
/// and [`MAX_QUERY_TERMS`] terms, no NUL.
pub fn check_search_query(query: &str) -> Result<()> {
    let bad = |why: String| Err(StoreError::BadQuery(why));
    if query.trim().is_empty() {
        return bad("the query is empty; give one or more words".into());
    }
    if query.len() > MAX_QUERY_BYTES {
        return bad(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted",
            query.len()
        ));
    }
    let terms = query.split_whitespace().count();
    if terms > MAX_QUERY_TERMS {
        return bad(format!(
            "the query has {terms} terms; at most {MAX_QUERY_TERMS} are accepted"
        ));
    }
    if query.contains('\0') {
        return bad("the query contains a NUL character".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits() {
        assert!(check_search_query("Baku visit").is_ok());
        assert!(check_search_query("  ").is_err());
        assert!(check_search_query(&"word ".repeat(40)).is_err());
        assert!(check_search_query(&"x".repeat(2000)).is_err());
    }
}
