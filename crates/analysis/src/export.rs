//! Event exports shared by the CLI, the HTTP API and `vigil export`: JSON Lines (the data
//! model), CSV with a header, and GDELT 2.0's 61-column event table (tab-separated, no header).
//! Pure formatting onto a writer.

use std::io::{self, Write};
use vigil_core::{Actor, Event};

/// Writes one JSON object per event and line (the serde form of [`Event`]).
pub fn write_jsonl(out: &mut dyn Write, events: &[Event]) -> io::Result<()> {
    for e in events {
        serde_json::to_writer(&mut *out, e)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes GDELT rows, one per event; `url_of` gives a document's URL (the id is used without).
pub fn write_gdelt(
    out: &mut dyn Write,
    events: &[Event],
    url_of: &dyn Fn(&str) -> Option<String>,
) -> io::Result<()> {
    for e in events {
        let row = gdelt_row(e, url_of(&e.doc_id).as_deref());
        debug_assert_eq!(row.len(), 61);
        writeln!(out, "{}", row.join("\t"))?;
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes events as CSV with a header line (RFC 4180 quoting).
pub fn write_csv(out: &mut dyn Write, events: &[Event]) -> io::Result<()> {
    writeln!(out, "id,doc_id,sentence,date_start,date_end,source_code,source_country,cameo,root,quad_class,goldstein,target_code,target_country,plover,plover_mode,modality,place,place_country,confidence,rule")?;
    for e in events {
        let d = |f: fn(&vigil_core::DateValue) -> Option<chrono::NaiveDate>| {
            e.date
                .as_ref()
                .and_then(f)
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        let fields = [
            e.id.clone(),
            e.doc_id.clone(),
            e.sentence.to_string(),
            d(|v| v.start),
            d(|v| v.end),
            e.source
                .as_ref()
                .map(|a| a.code.clone())
                .unwrap_or_default(),
            e.source
                .as_ref()
                .and_then(|a| a.country.clone())
                .unwrap_or_default(),
            e.cameo.clone(),
            e.root.clone(),
            e.quad_class.to_string(),
            e.goldstein.to_string(),
            e.target
                .as_ref()
                .map(|a| a.code.clone())
                .unwrap_or_default(),
            e.target
                .as_ref()
                .and_then(|a| a.country.clone())
                .unwrap_or_default(),
            e.plover.clone().unwrap_or_default(),
            e.plover_mode.clone().unwrap_or_default(),
            e.modality.as_str().to_string(),
            e.place.as_ref().map(|p| p.name.clone()).unwrap_or_default(),
            e.place
                .as_ref()
                .and_then(|p| p.country.clone())
                .unwrap_or_default(),
            format!("{:.3}", e.confidence),
            e.provenance.rule.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

fn tsv(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The ten actor columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode, Religion1Code,
/// Religion2Code, Type1Code, Type2Code, Type3Code.
fn gdelt_actor(a: &Option<Actor>) -> Vec<String> {
    let Some(a) = a else {
        return vec![String::new(); 10];
    };
    let name = a
        .name
        .clone()
        .unwrap_or_else(|| a.text.to_uppercase())
        .replace('_', " ");
    let mut types = a.sectors.iter().take(3).cloned().collect::<Vec<_>>();
    types.resize(3, String::new());
    let mut v = vec![
        tsv(&a.code),
        tsv(&name),
        a.country.clone().unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
    ];
    v.extend(types);
    v
}

/// The eight geo columns: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID.
fn gdelt_geo(p: Option<&vigil_core::Place>) -> Vec<String> {
    let Some(p) = p else {
        return vec![String::new(); 8];
    };
    // GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state.
    let ty = match p.kind.as_str() {
        "country" => "1",
        "admin1" => "5",
        _ => "4",
    };
    vec![
        ty.into(),
        tsv(&p.name),
        p.country.clone().unwrap_or_default(),
        p.admin1.clone().unwrap_or_default(),
        String::new(),
        p.lat.map(|x| format!("{x:.4}")).unwrap_or_default(),
        p.lon.map(|x| format!("{x:.4}")).unwrap_or_default(),
        p.geonameid.map(|g| g.to_string()).unwrap_or_default(),
    ]
}

/// One GDELT 2.0 event row (61 columns). Deviations, documented in the README: country codes are
/// ISO 3166-1 alpha-3 (GDELT's geo columns use FIPS 10-4), and mention/source/article counts are
/// 1 for an unfused event; AvgTone is not computed (0).
pub fn gdelt_row(e: &Event, url: Option<&str>) -> Vec<String> {
    let day = e
        .date
        .as_ref()
        .and_then(|d| d.start)
        .map(|d| d.format("%Y%m%d").to_string())
        .unwrap_or_default();
    let (monthyear, year, fraction) = match e.date.as_ref().and_then(|d| d.start) {
        Some(d) => {
            use chrono::Datelike;
            (
                d.format("%Y%m").to_string(),
                d.format("%Y").to_string(),
                format!("{:.4}", d.year() as f64 + d.ordinal0() as f64 / 365.0),
            )
        }
        None => Default::default(),
    };
    // GLOBALEVENTID must be an integer: the first 13 hex digits of our id fit in 52 bits.
    let gid = u64::from_str_radix(&e.id[..e.id.len().min(13)], 16).unwrap_or(0);
    let base = e.cameo.get(..3).unwrap_or(&e.cameo).to_string();
    let mut row = vec![gid.to_string(), day.clone(), monthyear, year, fraction];
    row.extend(gdelt_actor(&e.source));
    row.extend(gdelt_actor(&e.target));
    row.extend([
        "1".to_string(),
        e.cameo.clone(),
        base,
        e.root.clone(),
        e.quad_class.to_string(),
        format!("{:.1}", e.goldstein),
        "1".into(),
        "1".into(),
        "1".into(),
        "0".into(),
    ]);
    row.extend(gdelt_geo(None));
    row.extend(gdelt_geo(None));
    row.extend(gdelt_geo(e.place.as_ref()));
    row.push(day);
    row.push(tsv(url.unwrap_or(&e.doc_id)));
    row
}
