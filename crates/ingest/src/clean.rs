//! The text-cleaning sequence every format ends with.

use crate::metadata::Metadata;
use crate::{boilerplate, dateline, metadata, normalize::normalize_text};
use vigil_core::Dateline;

/// An article body after cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Cleaned {
    /// Normalised text without header metadata lines and furniture.
    pub text: String,
    /// Metadata read from the header lines.
    pub meta: Metadata,
    /// Dateline found at the top of `text` (span into `text`).
    pub dateline: Option<Dateline>,
}

/// Normalises, reads and removes header metadata, removes boilerplate lines, normalises again
/// (removed lines leave blank runs behind) and finally finds the dateline, so that its span
/// indexes the final text.
pub fn clean_article(raw: &str) -> Cleaned {
    let text = normalize_text(raw);
    let (meta, rest) = metadata::extract_leading(&text);
    let text = normalize_text(&boilerplate::strip(&rest));
    let dateline = dateline::find(&text);
    Cleaned {
        text,
        meta,
        dateline,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_sequence() {
        let raw = "date 2023-12-26\r\n\r\nBAKU, Azerbaijan, December 26. Azerbaijan and Georgia signed a transit deal.  \r\n\r\n\r\n\r\nThe deal covers rail freight.\r\nShare this:\r\nLeave a review\r\n";
        let c = clean_article(raw);
        assert_eq!(
            c.text,
            "BAKU, Azerbaijan, December 26. Azerbaijan and Georgia signed a transit deal.\n\nThe deal covers rail freight."
        );
        assert_eq!(
            c.meta.published,
            chrono::NaiveDate::from_ymd_opt(2023, 12, 26)
        );
        let d = c.dateline.unwrap();
        assert_eq!(
            d.span.slice(&c.text),
            Some("BAKU, Azerbaijan, December 26.")
        );
        assert_eq!((d.month, d.day, d.year), (Some(12), Some(26), None));
    }
}
