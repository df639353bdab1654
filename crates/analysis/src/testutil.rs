//! Builders for constructed event streams in tests.

use crate::record::EventRecord;
use chrono::NaiveDate;
use vigil_core::{
    Actor, DateValue, Event, Granularity, Modality, Place, Provenance, QuadClass, Span,
};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// "RUSSPY" → country RUS, sectors [SPY]; "IGOUNO" → no country.
pub fn actor(code: &str) -> Actor {
    let (country, rest) = if code.starts_with("IGO") || code.len() < 3 {
        (None, code)
    } else {
        (Some(code[..3].to_string()), &code[3..])
    };
    let sectors = rest
        .as_bytes()
        .chunks(3)
        .filter(|c| !c.is_empty())
        .map(|c| String::from_utf8_lossy(c).to_string())
        .filter(|_| country.is_some())
        .collect();
    Actor {
        text: code.to_string(),
        name: None,
        code: code.to_string(),
        country,
        sectors,
        span: None,
    }
}

pub fn place(name: &str, country: &str, lat: f64, lon: f64) -> Place {
    Place {
        name: name.to_string(),
        geonameid: None,
        country: Some(country.to_string()),
        admin1: None,
        lat: Some(lat),
        lon: Some(lon),
        kind: "city".to_string(),
    }
}

pub fn goldstein_of(cameo: &str) -> f64 {
    match &cameo[..2] {
        "01" => 0.0,
        "02" => 3.0,
        "03" => 4.0,
        "04" => 1.0,
        "05" => 3.5,
        "06" => 6.0,
        "07" => 7.0,
        "08" => 5.0,
        "09" => -2.0,
        "10" => -5.0,
        "11" => -2.0,
        "12" => -4.0,
        "13" => -6.0,
        "14" => -6.5,
        "15" => -7.2,
        "16" => -4.0,
        "17" => -7.0,
        "18" => -9.0,
        "19" => -10.0,
        _ => -10.0,
    }
}

/// A record builder.
pub struct R(pub EventRecord);

impl R {
    /// Event `id` in document `doc` from publisher `publisher`, coded `cameo`, dated `day`.
    pub fn new(
        id: &str,
        doc: &str,
        publisher: &str,
        day: &str,
        cameo: &str,
        src: &str,
        tgt: &str,
    ) -> R {
        let root = cameo[..2].to_string();
        let quad = QuadClass::of(cameo).map(|q| q.as_u8()).unwrap_or(0);
        let (plover, mode) = match root.as_str() {
            "04" => (
                Some("CONSULT".to_string()),
                (cameo == "042" || cameo == "043").then(|| "visit".to_string()),
            ),
            "19" => (Some("ASSAULT".to_string()), None),
            _ => (None, None),
        };
        let ev = Event {
            id: id.to_string(),
            doc_id: doc.to_string(),
            sentence: 0,
            span: Span::new(0, 10),
            cameo: cameo.to_string(),
            root,
            quad_class: quad,
            goldstein: goldstein_of(cameo),
            plover,
            plover_mode: mode,
            source: (!src.is_empty()).then(|| actor(src)),
            target: (!tgt.is_empty()).then(|| actor(tgt)),
            date: Some(DateValue::day(d(day))),
            place: None,
            modality: Modality::Asserted,
            attribution: None,
            confidence: 0.9,
            provenance: Provenance {
                predicate: None,
                source: None,
                target: None,
                rule: "test".to_string(),
                coder: "test".to_string(),
            },
        };
        let mut r = EventRecord::new(ev);
        r.doc_source = Some(publisher.to_string());
        r.doc_published = Some(d(day));
        r.doc_title = Some(format!("Title of {doc}"));
        R(r)
    }

    pub fn range(mut self, start: &str, end: &str) -> R {
        self.0.event.date = Some(DateValue {
            value: format!("{start}/{end}"),
            start: Some(d(start)),
            end: Some(d(end)),
            granularity: Granularity::Day,
        });
        self
    }

    pub fn month(mut self, start: &str, end: &str) -> R {
        self.0.event.date = Some(DateValue {
            value: start[..7].to_string(),
            start: Some(d(start)),
            end: Some(d(end)),
            granularity: Granularity::Month,
        });
        self
    }

    pub fn published(mut self, day: &str) -> R {
        self.0.doc_published = Some(d(day));
        self
    }

    pub fn modality(mut self, m: Modality) -> R {
        self.0.event.modality = m;
        self
    }

    pub fn at(mut self, p: Place) -> R {
        self.0.event.place = Some(p);
        self
    }

    pub fn named(mut self, name: &str) -> R {
        if let Some(a) = self.0.event.source.as_mut() {
            a.name = Some(name.to_string());
        }
        self
    }

    pub fn build(self) -> EventRecord {
        self.0
    }
}
