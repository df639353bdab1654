//! Byte spans into a document's text.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A half-open byte range `[start, end)` into a document's text.
///
/// Invariant: `start <= end`. Constructed only through [`Span::new`] (panics on violation, a
/// programming error) or [`Span::checked`] (for offsets read from outside).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "[usize; 2]", into = "[usize; 2]")]
pub struct Span {
    start: usize,
    end: usize,
}

/// A span read from outside the program was malformed.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("invalid span: start {start} > end {end}")]
pub struct SpanError {
    /// Offending start.
    pub start: usize,
    /// Offending end.
    pub end: usize,
}

impl Span {
    /// Builds a span; `start <= end` must hold.
    pub fn new(start: usize, end: usize) -> Span {
        assert!(start <= end, "Span::new: start {start} > end {end}");
        Span { start, end }
    }

    /// Builds a span from untrusted offsets.
    pub fn checked(start: usize, end: usize) -> Result<Span, SpanError> {
        if start <= end {
            Ok(Span { start, end })
        } else {
            Err(SpanError { start, end })
        }
    }

    /// First byte.
    pub fn start(&self) -> usize {
        self.start
    }

    /// One past the last byte.
    pub fn end(&self) -> usize {
        self.end
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for a zero-length span.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The covered text, or `None` when the span is out of range or not on char boundaries.
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    /// Shifts the span right by `offset` bytes (sentence-relative → document-relative).
    pub fn shift(&self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

impl TryFrom<[usize; 2]> for Span {
    type Error = SpanError;
    fn try_from(v: [usize; 2]) -> Result<Self, Self::Error> {
        Span::checked(v[0], v[1])
    }
}

impl From<Span> for [usize; 2] {
    fn from(s: Span) -> Self {
        [s.start, s.end]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_round_trip_and_rejects_inverted() {
        let s = Span::new(3, 7);
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, "[3,7]");
        assert_eq!(serde_json::from_str::<Span>(&j).unwrap(), s);
        assert!(serde_json::from_str::<Span>("[7,3]").is_err());
    }

    #[test]
    fn overlap_and_cover() {
        let a = Span::new(0, 5);
        let b = Span::new(4, 9);
        assert!(a.overlaps(b));
        assert!(!a.overlaps(Span::new(5, 6)));
        assert_eq!(a.cover(b), Span::new(0, 9));
        assert_eq!(Span::new(1, 3).slice("hello"), Some("el"));
    }
}
