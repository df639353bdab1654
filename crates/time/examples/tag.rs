//! Tags a sentence from the command line: `tag "TEXT" [YYYY-MM-DD]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let text = args.next().unwrap_or_default();
    let anchor = args
        .next()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    for t in vigil_time::tag(&text, anchor) {
        println!(
            "{:?}\t{:?}\t{}\t{:?}..{:?}\t{:?}\t{}",
            t.span.slice(&text).unwrap_or(""),
            t.kind,
            t.value.value,
            t.value.start,
            t.value.end,
            t.value.granularity,
            t.rule
        );
    }
}
