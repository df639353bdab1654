//! The time tagger with and without an article date (relative expressions resolve against it;
//! without one, datelines and explicit years are used). Spans must be valid.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let tagger = vigil_time::TimeTagger::new();
    for published in [None, NaiveDate::from_ymd_opt(2024, 2, 29)] {
        for t in tagger.tag_text(text, published, None) {
            assert!(t.span.end() <= text.len());
        }
    }
    let _ = vigil_time::tag_timeml(text, NaiveDate::from_ymd_opt(1999, 12, 31));
});
