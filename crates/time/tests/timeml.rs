//! TempEval-3 scoring on small TimeML files written for the test, and on the shared TBAQ set
//! when it is present.

use std::io::Write;

const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2023-10-05" temporalFunction="false" functionInDocument="CREATION_TIME">2023-10-05</TIMEX3></DCT>
<TEXT>
Talks in Smith &amp; Sons' hall ended <TIMEX3 tid="t1" type="DATE" value="2023-10-04">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3>. They resume <TIMEX3 tid="t3" type="DATE" value="2023-11">next month</TIMEX3> &lt;unless&gt; delayed until <TIMEX3 tid="t4" type="DATE" value="2024">next year</TIMEX3>.
</TEXT>
</TimeML>
"#;

#[test]
fn scores_a_small_directory() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("nested");
    std::fs::create_dir(&sub).unwrap();
    let mut f = std::fs::File::create(sub.join("a.tml")).unwrap();
    f.write_all(DOC.as_bytes()).unwrap();
    let m = vigil_time::eval_timeml(dir.path()).unwrap();
    assert_eq!(m["files"], 1);
    assert_eq!(m["gold"], 4);
    assert_eq!(m["extent_f1_strict"], 1.0, "{m}");
    assert_eq!(m["value_f1"], 1.0, "{m}");
    assert_eq!(m["type_accuracy"], 1.0, "{m}");
    for k in ["extent_f1_relaxed", "precision", "recall"] {
        assert!(m[k].is_number(), "{k} missing");
    }
}

#[test]
fn text_offsets_survive_entities() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("b.tml");
    std::fs::write(&p, DOC).unwrap();
    let doc = vigil_time::timeml::read_timeml(&p).unwrap();
    assert!(doc.text.contains("Smith & Sons'"));
    assert!(doc.text.contains("<unless>"));
    let spans: Vec<&str> = doc.gold.iter().map(|g| &doc.text[g.start..g.end]).collect();
    assert_eq!(
        spans,
        ["yesterday", "three days", "next month", "next year"]
    );
    assert_eq!(doc.dct, chrono::NaiveDate::from_ymd_opt(2023, 10, 5));
}

#[test]
fn empty_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(vigil_time::eval_timeml(dir.path()).is_err());
}

/// Smoke test on the shared TBAQ set (skipped on a clone without ../shared). The reported
/// figures come from a release build: see the crate report.
#[test]
fn shared_tbaq_runs() {
    let Some(shared) = vigil_core::paths::shared_data_dir() else {
        eprintln!("skipping: no shared data directory");
        return;
    };
    let dir = shared.join("time").join("tempeval3").join("TimeBank");
    if !dir.is_dir() {
        eprintln!("skipping: {} not found", dir.display());
        return;
    }
    let m = vigil_time::eval_timeml(&dir).unwrap();
    assert!(m["gold"].as_u64().unwrap() > 500);
    assert!(m["extent_f1_relaxed"].as_f64().unwrap() > 0.5);
}
