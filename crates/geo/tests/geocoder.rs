//! Behaviour tests on the committed gazetteer, from our own example sentences.

use std::sync::OnceLock;
use vigil_core::{AnnotatedDoc, Annotator, Document, Entity, PlaceMention, Span};
use vigil_geo::{parse_gold, Format, Geocoder};

fn geo() -> &'static Geocoder {
    static GEO: OnceLock<Geocoder> = OnceLock::new();
    GEO.get_or_init(|| {
        Geocoder::load(&vigil_core::paths::data_dir()).expect("gazetteer in data/geo loads")
    })
}

fn places(text: &str) -> Vec<PlaceMention> {
    geo().geocode(text, &[], &[])
}

fn find<'a>(ps: &'a [PlaceMention], text: &str, surface: &str) -> Option<&'a PlaceMention> {
    ps.iter()
        .find(|p| &text[p.span.start()..p.span.end()] == surface)
}

#[test]
fn baku_is_the_capital_of_azerbaijan() {
    let g = geo();
    assert_eq!(g.is_capital("Baku"), Some("AZE"));
    assert_eq!(g.capital_of("AZE").map(|p| p.name.as_str()), Some("Baku"));
    let text = "Foreign ministers met in Baku on Monday to discuss the border.";
    let ps = places(text);
    let baku = find(&ps, text, "Baku").expect("Baku found");
    assert_eq!(baku.place.country.as_deref(), Some("AZE"));
    assert_eq!(baku.place.kind, "city");
    assert!(!baku.adjectival);
}

#[test]
fn georgia_follows_context() {
    let text = "The storm knocked out power in Atlanta, Georgia, late on Tuesday.";
    let ps = places(text);
    let ga = find(&ps, text, "Georgia").expect("Georgia found");
    assert_eq!(ga.place.kind, "admin1");
    assert_eq!(ga.place.country.as_deref(), Some("USA"));
    let atl = find(&ps, text, "Atlanta").expect("Atlanta found");
    assert_eq!(atl.place.admin1, ga.place.admin1);

    let text = "Georgia and Armenia signed a transit deal in Tbilisi, officials said.";
    let ps = places(text);
    let ge = find(&ps, text, "Georgia").expect("Georgia found");
    assert_eq!(ge.place.kind, "country");
    assert_eq!(ge.place.country.as_deref(), Some("GEO"));
}

#[test]
fn demonyms_are_adjectival_country_mentions() {
    let text = "Azerbaijani officials rejected the claim, and two Azerbaijanis were detained.";
    let ps = places(text);
    for surface in ["Azerbaijani", "Azerbaijanis"] {
        let p = find(&ps, text, surface).unwrap_or_else(|| panic!("{surface} found"));
        assert!(p.adjectival);
        assert_eq!(p.place.country.as_deref(), Some("AZE"));
        assert_eq!(p.place.kind, "country");
    }
    let g = geo();
    assert_eq!(g.country_of_name("Azerbaijanis"), Some("AZE"));
    assert_eq!(g.country_of_name("French"), Some("FRA"));
    assert_eq!(g.country_of_name("the United States"), Some("USA"));
    assert_eq!(g.country_of_name("Georgia"), Some("GEO"));
    assert_eq!(g.country_of_name("Atlantis"), None);
    assert_eq!(g.iso3_from_iso2("az"), Some("AZE"));
    assert_eq!(g.iso3_from_iso2("GB"), Some("GBR"));
    assert_eq!(g.iso3_from_iso2("ZZ"), None);
}

#[test]
fn named_regions_resolve_to_region_points() {
    let text = "Tensions in the South Caucasus rose as Russian troops left.";
    let ps = places(text);
    let r = find(&ps, text, "South Caucasus").expect("region found");
    assert_eq!(r.place.kind, "region");
    assert!(r.place.lat.is_some() && r.place.lon.is_some());
    assert!(r.place.geonameid.is_none());
    let ru = find(&ps, text, "Russian").expect("demonym found");
    assert_eq!(ru.place.country.as_deref(), Some("RUS"));
}

#[test]
fn one_sense_per_document() {
    let text = "The fair opened in Paris, Texas, on Friday. Later, police in Paris said the \
                crowd was peaceful, and Paris officials thanked volunteers.";
    let ps = places(text);
    let paris: Vec<_> = ps
        .iter()
        .filter(|p| &text[p.span.start()..p.span.end()] == "Paris")
        .collect();
    assert_eq!(paris.len(), 3, "{ps:?}");
    assert!(paris
        .iter()
        .all(|p| p.place.country.as_deref() == Some("USA")));
    assert!(paris
        .iter()
        .all(|p| p.place.geonameid == paris[0].place.geonameid));
}

#[test]
fn common_words_need_context() {
    let text = "Nice weather returned on Sunday. Mobile phones were banned.";
    assert!(places(text).is_empty(), "{:?}", places(text));
    let text = "A truck attack in Nice killed dozens.";
    let ps = places(text);
    let nice = find(&ps, text, "Nice").expect("Nice after 'in'");
    assert_eq!(nice.place.country.as_deref(), Some("FRA"));
}

#[test]
fn annotator_uses_ner_and_sorts_places() {
    let text = "Nice was quiet. France and Italy sent police to the border.";
    let mut doc = AnnotatedDoc::new(Document::new(None, text.to_string()));
    doc.entities.push(Entity {
        span: Span::new(0, 4),
        token_start: 0,
        token_end: 1,
        label: "LOC".into(),
        source: "test".into(),
    });
    geo().annotate(&mut doc).expect("annotates");
    assert_eq!(geo().name(), "geo");
    let names: Vec<&str> = doc.places.iter().map(|p| doc.text_of(p.span)).collect();
    assert_eq!(names, ["Nice", "France", "Italy"]);
    assert!(doc.places.windows(2).all(|w| w[0].span <= w[1].span));
}

#[test]
fn eval_formats_are_detected_and_offsets_are_characters() {
    // GeoWebNews style; "Zürich" puts a two-byte character before the toponym.
    let gwn = r#"<?xml version="1.0" ?><articles><article file="0"><title>t</title>
<text>Zürich and Baku.</text><toponyms><toponym><extractedName>Baku</extractedName>
<normalisedName>Baku</normalisedName><type>Literal</type><modifierType/>
<nonLocational>No</nonLocational><start>11</start><end>15</end><geonamesID>587084</geonamesID>
<latitude>40.37767</latitude><longitude>49.89201</longitude></toponym></toponyms></article></articles>"#;
    let set = parse_gold(gwn).expect("parses");
    assert_eq!(set.format, Format::GeoWebNews);
    let a = &set.articles[0];
    let t = &a.toponyms[0];
    assert_eq!(&a.text[t.start..t.end], "Baku");
    assert_eq!(t.geonameid, Some(587084));

    // GeoVirus style, with offsets one character late as in the published file.
    let gv = r#"<articles><article><source>x</source><text>Cases rose in Göttingen and Baku.</text>
<locations><location><name>Baku</name><start>29</start><end>33</end><lat>40.4</lat><lon>49.9</lon>
<page>p</page></location></locations></article></articles>"#;
    let set = parse_gold(gv).expect("parses");
    assert_eq!(set.format, Format::GeoVirus);
    let a = &set.articles[0];
    assert_eq!(&a.text[a.toponyms[0].start..a.toponyms[0].end], "Baku");
    assert_eq!(set.realigned, 1);

    // LGL / TR-News style: CDATA text, one toponym without a gaztag.
    let lgl = r#"<articles><article docid="1"><feed>f</feed><title>t</title><domain>d</domain>
<url>u</url><dltime>x</dltime><text><![CDATA[Ministers from Tbilisi & Baku met in Kars.]]></text>
<toponyms><toponym><phrase>Tbilisi</phrase><start>15</start><end>22</end>
<gaztag geonameid="611717"><name>Tbilisi</name><fclass>P</fclass><fcode>PPLC</fcode>
<lat>41.69411</lat><lon>44.83368</lon><country geonameid="614540"/></gaztag></toponym>
<toponym><phrase>Baku</phrase><start>25</start><end>29</end></toponym>
</toponyms></article></articles>"#;
    let set = parse_gold(lgl).expect("parses");
    assert_eq!(set.format, Format::Lgl);
    let a = &set.articles[0];
    assert_eq!(a.toponyms.len(), 2);
    assert_eq!(&a.text[a.toponyms[0].start..a.toponyms[0].end], "Tbilisi");
    assert_eq!(a.toponyms[0].country_geonameid, Some(614540));
    assert_eq!(&a.text[a.toponyms[1].start..a.toponyms[1].end], "Baku");
    assert!(a.toponyms[1].lat.is_none());

    let m = vigil_geo::eval::score(geo(), &set, None);
    assert_eq!(m["n_gold"], 1);
    assert_eq!(m["recall"], 1.0);
    assert_eq!(m["acc_161km"], 1.0);
    assert_eq!(m["country_acc"], 1.0);

    assert!(parse_gold("<articles><article><text>x</text></article></articles>").is_err());
}

#[test]
fn eval_geo_reads_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("tiny.xml");
    std::fs::write(
        &path,
        r#"<articles><article><text>Protests spread from Kyiv to Lviv.</text><locations>
<location><name>Lviv</name><start>29</start><end>33</end><lat>49.84</lat><lon>24.02</lon>
<page>p</page></location></locations></article></articles>"#,
    )
    .expect("write");
    let spans = |t: &str| -> Vec<(usize, usize)> {
        t.find("Kyiv").map(|s| vec![(s, s + 4)]).unwrap_or_default()
    };
    let m = vigil_geo::eval_geo(geo(), &path, Some(&spans)).expect("scores");
    assert_eq!(m["format"], "geovirus");
    assert_eq!(m["recall"], 1.0);
    assert_eq!(m["acc_161km"], 1.0);
}

#[test]
fn datelines_and_territories() {
    let text = "BAKU, Azerbaijan, December 26. Clashes in the West Bank and Gaza Strip continued, \
                and Russian-backed units shelled the Donbas.";
    let ps = places(text);
    let baku = find(&ps, text, "BAKU").expect("all-caps dateline city");
    assert_eq!(baku.place.country.as_deref(), Some("AZE"));
    for region in ["West Bank", "Gaza Strip"] {
        let r = find(&ps, text, region).unwrap_or_else(|| panic!("{region} found"));
        assert_eq!(r.place.kind, "region");
        assert_eq!(r.place.country.as_deref(), Some("PSE"));
    }
    let ru = find(&ps, text, "Russian").expect("hyphenated demonym");
    assert!(ru.adjectival);
    assert_eq!(
        find(&ps, text, "Donbas").map(|p| p.place.country.as_deref()),
        Some(Some("UKR"))
    );
}

#[test]
fn person_names_are_not_towns() {
    let text = "Mr. Jackson met Tom Allen in Chicago. Allen said the vote would pass.";
    let ps = places(text);
    let names: Vec<&str> = ps
        .iter()
        .map(|p| &text[p.span.start()..p.span.end()])
        .collect();
    assert_eq!(names, ["Chicago"]);
}

#[test]
fn eval_geo_on_synthetic_lgl_file() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/tiny_lgl.xml");
    let m = vigil_geo::eval_geo(geo(), &path, None).expect("scores");
    assert_eq!(m["format"], "lgl");
    assert_eq!(m["n_gold"], 3, "Baku has no gaztag, so no coordinates: {m}");
    assert_eq!(m["recall"], 1.0, "{m}");
    assert_eq!(m["acc_161km"], 1.0, "{m}");
    assert_eq!(m["country_acc"], 1.0, "{m}");
    assert_eq!(m["gold_misaligned"], 0, "{m}");
}
