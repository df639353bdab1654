//! The hard cases of news text, on example sentences written for these tests.

use chrono::NaiveDate;
use vigil_core::{
    AnnotatedDoc, Annotator, Dateline, Document, Granularity, Span, TimeExpr, TimexType,
};
use vigil_time::{tag, tag_timeml, TimeTagger};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn find<'a>(text: &str, times: &'a [TimeExpr], covered: &str) -> &'a TimeExpr {
    times
        .iter()
        .find(|t| t.span.slice(text) == Some(covered))
        .unwrap_or_else(|| {
            let got: Vec<_> = times
                .iter()
                .map(|t| t.span.slice(text).unwrap_or("?"))
                .collect();
            panic!("no expression {covered:?}; got {got:?}")
        })
}

#[test]
fn day_range_with_article_date() {
    let text = "The foreign ministers will meet in Geneva on October 2-3 to discuss the corridor.";
    let times = tag(text, Some(d(2023, 9, 20)));
    assert_eq!(times.len(), 1, "{times:?}");
    let t = find(text, &times, "October 2-3");
    assert_eq!(t.kind, TimexType::Date);
    assert_eq!(t.value.start, Some(d(2023, 10, 2)));
    assert_eq!(t.value.end, Some(d(2023, 10, 3)));
    assert_eq!(t.value.value, "2023-10-02/2023-10-03");
}

#[test]
fn day_range_without_article_date_keeps_year_unknown() {
    let text = "The foreign ministers met in Geneva on October 2-3 to discuss the corridor.";
    let times = tag(text, None);
    let t = find(text, &times, "October 2-3");
    assert_eq!(t.value.value, "XXXX-10-02/XXXX-10-03");
    assert_eq!(t.value.start, None);
    assert_eq!(t.value.end, None);
}

#[test]
fn day_range_in_timeml_mode_gives_two_ends() {
    let text = "Prices rose between 2019 and 2021, officials said.";
    let vigil = tag(text, Some(d(2023, 1, 10)));
    let t = find(text, &vigil, "2019 and 2021");
    assert_eq!(t.value.start, Some(d(2019, 1, 1)));
    assert_eq!(t.value.end, Some(d(2021, 12, 31)));
    let tml = tag_timeml(text, Some(d(2023, 1, 10)));
    assert_eq!(find(text, &tml, "2019").value.value, "2019");
    assert_eq!(find(text, &tml, "2021").value.value, "2021");
}

#[test]
fn bare_month_day_leans_to_the_past_across_new_year() {
    let text = "Police detained the two journalists on December 26, their lawyer said.";
    let times = tag(text, Some(d(2024, 1, 3)));
    let t = find(text, &times, "December 26");
    assert_eq!(t.value.value, "2023-12-26");
    assert_eq!(t.value.granularity, Granularity::Day);
}

#[test]
fn near_future_month_day_stays_in_the_article_year() {
    let text = "The summit will open on January 14 in Davos.";
    let times = tag(text, Some(d(2024, 1, 3)));
    assert_eq!(find(text, &times, "January 14").value.value, "2024-01-14");
}

#[test]
fn three_weeks_later_counts_from_the_last_date_mentioned() {
    let text = "Senator Moore visited Baku on September 6. Three weeks later, the two \
                governments signed the agreement.";
    let times = tag(text, Some(d(2023, 11, 20)));
    let visit = find(text, &times, "September 6");
    assert_eq!(visit.value.value, "2023-09-06");
    let later = find(text, &times, "Three weeks later");
    assert_eq!(later.kind, TimexType::Date);
    let target = d(2023, 9, 27);
    assert!(later.value.start.unwrap() <= target && target <= later.value.end.unwrap());
    assert_eq!(later.value.granularity, Granularity::Week);
}

#[test]
fn offset_after_an_event_counts_from_the_last_date() {
    let text = "Moore arrived on March 3, 2022. Two days after Moore's visit, the border reopened.";
    let times = tag(text, None);
    let t = find(text, &times, "Two days");
    assert_eq!(t.kind, TimexType::Date);
    assert_eq!(t.value.value, "2022-03-05");
    // TimeML annotates the duration itself.
    let tml = tag_timeml(text, None);
    assert_eq!(find(text, &tml, "Two days").value.value, "P2D");
}

#[test]
fn last_tuesday_and_bare_weekdays() {
    // 2023-10-05 is a Thursday.
    let text = "Protesters gathered last Tuesday. The ministry responded Monday. \
                The talks will resume Monday.";
    let times = tag(text, Some(d(2023, 10, 5)));
    assert_eq!(find(text, &times, "last Tuesday").value.value, "2023-10-03");
    let mondays: Vec<_> = times
        .iter()
        .filter(|t| t.span.slice(text) == Some("Monday"))
        .collect();
    assert_eq!(mondays.len(), 2);
    assert_eq!(mondays[0].value.value, "2023-10-02");
    assert_eq!(mondays[1].value.value, "2023-10-09");
}

#[test]
fn earlier_this_year_runs_up_to_the_article_date() {
    let text = "Earlier this year the army moved two brigades to the border.";
    let times = tag(text, Some(d(2023, 6, 15)));
    let t = find(text, &times, "Earlier this year");
    assert_eq!(t.value.value, "2023");
    assert_eq!(t.value.start, Some(d(2023, 1, 1)));
    assert_eq!(t.value.end, Some(d(2023, 6, 15)));
}

#[test]
fn parts_of_months_and_years() {
    let text = "The offensive began in mid-August and is expected to end early next year, \
                after a lull in late 2022.";
    let times = tag(text, Some(d(2023, 10, 1)));
    let mid = find(text, &times, "mid-August");
    assert_eq!(mid.value.value, "2023-08");
    assert!(mid.value.start.unwrap() > d(2023, 8, 5) && mid.value.end.unwrap() < d(2023, 8, 25));
    let early = find(text, &times, "early next year");
    assert_eq!(early.value.value, "2024");
    assert_eq!(early.value.start, Some(d(2024, 1, 1)));
    assert!(early.value.end.unwrap() < d(2024, 6, 1));
    let late = find(text, &times, "late 2022");
    assert_eq!(late.value.value, "2022");
    assert!(late.value.start.unwrap() > d(2022, 8, 1));
}

#[test]
fn dateline_is_a_date_and_anchors_without_article_date() {
    let text = "BAKU, Azerbaijan, December 26. Azerbaijani officials said yesterday that \
                the talks would continue.";
    let mut doc = Document::new(None, text.to_string());
    doc.dateline = Some(Dateline {
        span: Span::new(0, 29),
        place: "BAKU, Azerbaijan".into(),
        month: Some(12),
        day: Some(26),
        year: None,
    });
    let mut ad = AnnotatedDoc::new(doc.clone());
    TimeTagger::new().annotate(&mut ad).unwrap();
    assert_eq!(
        find(text, &ad.times, "December 26").value.value,
        "XXXX-12-26"
    );
    assert_eq!(find(text, &ad.times, "yesterday").value.value, "XXXX-12-25");

    // With a publication date the dateline gets its year (the past one, in January).
    doc.published = Some(d(2024, 1, 2));
    let mut ad = AnnotatedDoc::new(doc);
    TimeTagger::new().annotate(&mut ad).unwrap();
    assert_eq!(
        find(text, &ad.times, "December 26").value.value,
        "2023-12-26"
    );
    assert!(ad.times.windows(2).all(|w| w[0].span <= w[1].span));
}

#[test]
fn dateline_found_in_text_when_not_given() {
    let text = "BAKU, Azerbaijan, December 26. Officials said yesterday that talks went well.";
    let times = tag(text, None);
    assert_eq!(find(text, &times, "yesterday").value.value, "XXXX-12-25");
}

#[test]
fn no_article_date_keeps_year_unknown_unless_the_text_settles_it() {
    let text = "The ceasefire was signed on October 2.";
    let times = tag(text, None);
    let t = find(text, &times, "October 2");
    assert_eq!(t.value.value, "XXXX-10-02");
    assert_eq!(t.value.start, None);

    let text = "Fighting resumed on September 30, 2020. The ceasefire was signed on October 2.";
    let times = tag(text, None);
    assert_eq!(find(text, &times, "October 2").value.value, "2020-10-02");
}

#[test]
fn the_third_this_year_is_not_a_date() {
    let text = "It was the third this year, the ministry said.";
    let times = tag(text, Some(d(2023, 5, 1)));
    assert_eq!(times.len(), 1, "{times:?}");
    assert_eq!(find(text, &times, "this year").value.value, "2023");
}

#[test]
fn codes_and_counts_are_not_years() {
    let text = "Turkey bought the S-400 system; 1,000 people and 2000 troops were moved, \
                at a cost of $1999.";
    let times = tag(text, Some(d(2023, 5, 1)));
    assert!(times.is_empty(), "{times:?}");
}

#[test]
fn years_decades_durations_sets_and_refs() {
    let text = "In 2019 the group, founded in the 1990s, fought for three weeks; the \
                ceasefire held 48 hours. Inspections happen every week and the report is \
                published annually. Tensions rose recently, and currently no talks are \
                planned for the future.";
    let times = tag(text, Some(d(2023, 5, 1)));
    assert_eq!(find(text, &times, "2019").value.value, "2019");
    assert_eq!(find(text, &times, "the 1990s").value.value, "199");
    let w = find(text, &times, "three weeks");
    assert_eq!(
        (w.kind, w.value.value.as_str()),
        (TimexType::Duration, "P3W")
    );
    assert_eq!(find(text, &times, "48 hours").value.value, "PT48H");
    let s = find(text, &times, "every week");
    assert_eq!((s.kind, s.value.value.as_str()), (TimexType::Set, "P1W"));
    assert_eq!(find(text, &times, "annually").kind, TimexType::Set);
    assert_eq!(find(text, &times, "recently").value.value, "PAST_REF");
    assert_eq!(find(text, &times, "currently").value.value, "PRESENT_REF");
    assert_eq!(find(text, &times, "the future").value.value, "FUTURE_REF");
}

#[test]
fn relative_periods_seasons_and_clock_times() {
    let text = "Yesterday at 3 p.m. the rebels attacked; two days ago they had \
                retreated. Last summer and last month were calm. Talks resume next month, \
                at noon on Monday morning this week.";
    let times = tag(text, Some(d(2023, 10, 5)));
    assert_eq!(find(text, &times, "Yesterday").value.value, "2023-10-04");
    let t = find(text, &times, "3 p.m.");
    assert_eq!(
        (t.kind, t.value.value.as_str()),
        (TimexType::Time, "2023-10-04T15:00")
    );
    assert_eq!(find(text, &times, "two days ago").value.value, "2023-10-03");
    assert_eq!(find(text, &times, "Last summer").value.value, "2023-SU");
    assert_eq!(find(text, &times, "last month").value.value, "2023-09");
    assert_eq!(find(text, &times, "next month").value.value, "2023-11");
    assert_eq!(find(text, &times, "this week").value.value, "2023-W40");
}

#[test]
fn date_formats() {
    let text = "Filed 2023-12-26, amended 12/27/2023, signed on Sept. 6 and on 6 September 2023.";
    let times = tag(text, Some(d(2024, 1, 3)));
    assert_eq!(find(text, &times, "2023-12-26").value.value, "2023-12-26");
    assert_eq!(find(text, &times, "12/27/2023").value.value, "2023-12-27");
    assert_eq!(find(text, &times, "Sept. 6").value.value, "2023-09-06");
    assert_eq!(
        find(text, &times, "6 September 2023").value.value,
        "2023-09-06"
    );
}

#[test]
fn clock_like_numbers_after_a_month_are_not_times() {
    let text = "The score on October 2 was 2-3 after extra time.";
    let times = tag(text, Some(d(2023, 10, 5)));
    assert_eq!(times.len(), 1, "{times:?}");
    assert_eq!(find(text, &times, "October 2").value.value, "2023-10-02");
}

#[test]
fn absurd_numbers_do_not_panic() {
    let text =
        "It ended 2147483647 years later, 99999999999 days ago, in year 9999 on February 30.";
    let times = tag(text, Some(d(2023, 5, 1)));
    assert!(times
        .iter()
        .all(|t| t.value.start.is_none() || t.value.start <= t.value.end));
    let _ = tag(text, None);
}

#[test]
fn clock_time_takes_the_day_just_named() {
    let text = "The council will meet Monday at 3 p.m. in Yerevan.";
    let times = tag(text, Some(d(2023, 10, 5)));
    assert_eq!(find(text, &times, "Monday").value.value, "2023-10-09");
    let t = find(text, &times, "3 p.m.");
    assert_eq!(
        (t.kind, t.value.value.as_str()),
        (TimexType::Time, "2023-10-09T15:00")
    );
}
