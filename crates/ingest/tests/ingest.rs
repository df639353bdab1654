//! End-to-end ingestion tests: fixtures are written by each test into a temporary directory.

use std::fs;
use std::path::{Path, PathBuf};
use vigil_core::Document;
use vigil_ingest::{
    expand_inputs, read_bytes, read_input, IngestOptions, Ingested, Input, Item, Rejection,
};

fn write(dir: &Path, rel: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p
}

fn split(items: Vec<Item>) -> (Vec<Ingested>, Vec<Rejection>) {
    let mut docs = Vec::new();
    let mut rejs = Vec::new();
    for it in items {
        match it {
            Item::Doc(d) => docs.push(d),
            Item::Rejected(r) => rejs.push(r),
        }
    }
    (docs, rejs)
}

fn date(y: i32, m: u32, d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(y, m, d)
}

const SCRAPED_TXT: &str = "date 2023-12-26\r\n\
\r\n\
BAKU, Azerbaijan, December 26. Azerbaijan's Foreign Minister met his Georgian counterpart in Baku on Tuesday to discuss a new rail freight corridor, the ministry said.  \r\n\
\r\n\
\r\n\
\r\n\
The two ministers agreed to share customs data at the border crossing near Red Bridge and to meet again in February.\r\n\
\r\n\
Officials said more than 40 companies had signed up for the pilot scheme.\r\n\
Share this:\r\n\
Facebook Twitter WhatsApp Telegram\r\n\
We use cookies to give you the best experience on our website.\r\n\
Subscribe to our newsletter\r\n\
Leave a review\r\n";

#[test]
fn plain_text_with_metadata_dateline_and_boilerplate() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "baku.txt", SCRAPED_TXT.as_bytes());
    let (docs, rejs) = split(read_input(
        &Input::File(path.clone()),
        &IngestOptions::default(),
    ));
    assert!(rejs.is_empty(), "{rejs:?}");
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.repaired_utf8, 0);
    assert_eq!(d.origin, path.display().to_string());
    let doc = &d.doc;
    assert_eq!(
        doc.text,
        "BAKU, Azerbaijan, December 26. Azerbaijan's Foreign Minister met his Georgian counterpart in Baku on Tuesday to discuss a new rail freight corridor, the ministry said.\n\n\
The two ministers agreed to share customs data at the border crossing near Red Bridge and to meet again in February.\n\n\
Officials said more than 40 companies had signed up for the pilot scheme."
    );
    assert_eq!(doc.published, date(2023, 12, 26));
    assert_eq!(
        doc.external_id.as_deref(),
        Some(path.display().to_string().as_str())
    );
    assert_eq!(doc.source, None);
    assert_eq!(doc.title, None);
    assert_eq!(doc.id, Document::content_id(None, &doc.text));
    let dl = doc.dateline.as_ref().expect("dateline");
    assert_eq!(dl.place, "BAKU, Azerbaijan");
    assert_eq!((dl.month, dl.day, dl.year), (Some(12), Some(26), None));
    assert_eq!(
        dl.span.slice(&doc.text),
        Some("BAKU, Azerbaijan, December 26.")
    );

    // Re-ingesting is a no-op for the store: same id.
    let again = split(read_input(&Input::File(path), &IngestOptions::default())).0;
    assert_eq!(again[0].doc.id, doc.id);
}

const SCRAPED_HTML: &str = r##"<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Port strike enters second week | Harbour Courier</title>
<meta property="og:title" content="Port strike enters second week">
<meta property="og:site_name" content="Harbour Courier">
<meta property="article:published_time" content="2024-03-11T06:45:00+01:00">
<link rel="canonical" href="https://harbour-courier.example/news/port-strike">
<script>window.dataLayer = []; if (a < b && c > d) { track("<p>pageview</p>"); }</script>
<style>.share { display: flex; }</style>
</head>
<body>
<header><div class="logo">Harbour Courier</div><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article>
<h1>Port strike enters second week</h1>
<div class="byline">By Staff Reporter</div>
<p>ROTTERDAM, Netherlands (AP) &mdash; Dock workers extended their strike on Monday after talks with the port authority broke down, the union said.</p>
<p>&ldquo;We&#8217;re not going back until the safety rules are written down,&rdquo; a union spokesperson told reporters&nbsp;outside the terminal. Container traffic fell by a third, according to the authority&#x2019;s figures.</p>
<div class="social-share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
<p>Shipping companies said they would share the cost of diverting vessels to Antwerp &amp; Hamburg.</p>
<noscript><img src="pixel.gif">Enable JavaScript</noscript>
<form action="/subscribe"><input type="email"><button>Sign up</button></form>
</article></main>
<aside><h3>Most read</h3><ul><li>Other story</li></ul></aside>
<footer><p>&copy; 2024 Harbour Courier. All rights reserved.</p></footer>
</body></html>"##;

#[test]
fn html_page_is_stripped_and_metadata_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "strike.html", SCRAPED_HTML.as_bytes());
    let (docs, rejs) = split(read_input(&Input::File(path), &IngestOptions::default()));
    assert!(rejs.is_empty(), "{rejs:?}");
    let doc = &docs[0].doc;
    assert_eq!(doc.title.as_deref(), Some("Port strike enters second week"));
    assert_eq!(doc.source.as_deref(), Some("Harbour Courier"));
    assert_eq!(doc.published, date(2024, 3, 11));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://harbour-courier.example/news/port-strike")
    );
    assert_eq!(
        doc.text,
        "Port strike enters second week\n\n\
By Staff Reporter\n\n\
ROTTERDAM, Netherlands (AP) — Dock workers extended their strike on Monday after talks with the port authority broke down, the union said.\n\n\
“We’re not going back until the safety rules are written down,” a union spokesperson told reporters outside the terminal. Container traffic fell by a third, according to the authority’s figures.\n\n\
Shipping companies said they would share the cost of diverting vessels to Antwerp & Hamburg."
    );
    for junk in [
        "dataLayer",
        "display",
        "Home",
        "Most read",
        "All rights",
        "Enable JavaScript",
        "Facebook",
        "Sign up",
    ] {
        assert!(!doc.text.contains(junk), "{junk} left in text");
    }
    let dl = doc
        .dateline
        .as_ref()
        .expect("dateline after headline and byline");
    assert_eq!(dl.place, "ROTTERDAM, Netherlands");
    assert_eq!(
        dl.span.slice(&doc.text),
        Some("ROTTERDAM, Netherlands (AP) —")
    );
    assert_eq!(
        doc.id,
        Document::content_id(doc.title.as_deref(), &doc.text)
    );
}

#[test]
fn jsonl_good_bad_and_date_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut body = Vec::new();
    body.extend_from_slice(br#"{"id": "a-1", "url": "https://wire.example/1", "title": "Ministers meet", "date": "2019-11-25 23:43:03Z", "source": "Example Wire", "text": "KYIV, Ukraine \u2014 The foreign ministers of Ukraine and Poland met on Monday.\n\nRead more: Grain exports rise"}"#);
    body.push(b'\n');
    body.extend_from_slice(br#"{"id": 2, "title": "Talks end", "published": "2023-12-26T10:00:00Z", "text": "The talks ended without agreement, a diplomat said."}"#);
    body.extend_from_slice(b"\n\n");
    body.extend_from_slice(
        br#"{"id": "a-3", "title": "Cut off", "text": "The delegation arrived in"#,
    );
    body.push(b'\n');
    body.extend_from_slice(br#"{"id": "a-4", "title": "Empty", "text": "   "}"#);
    body.push(b'\n');
    body.extend_from_slice(b"{\"id\": \"a-5\", \"title\": \"Repaired\", \"text\": \"S\xe3o Paulo police detained 12 protesters on Friday.\"}\n");
    body.extend_from_slice(br#"{"id": "a-6", "title": "No text"}"#);
    body.push(b'\n');
    let path = write(dir.path(), "feed.jsonl", &body);
    let origin = path.display().to_string();
    let (docs, rejs) = split(read_input(&Input::File(path), &IngestOptions::default()));

    assert_eq!(docs.len(), 3, "{docs:#?}");
    let a = &docs[0];
    assert_eq!(a.origin, format!("{origin}:1"));
    assert_eq!(a.doc.external_id.as_deref(), Some("a-1"));
    assert_eq!(a.doc.url.as_deref(), Some("https://wire.example/1"));
    assert_eq!(a.doc.source.as_deref(), Some("Example Wire"));
    assert_eq!(a.doc.published, date(2019, 11, 25));
    assert_eq!(
        a.doc.text,
        "KYIV, Ukraine — The foreign ministers of Ukraine and Poland met on Monday."
    );
    assert_eq!(
        a.doc.dateline.as_ref().map(|d| d.place.as_str()),
        Some("KYIV, Ukraine")
    );
    assert_eq!(
        a.doc.id,
        Document::content_id(Some("Ministers meet"), &a.doc.text)
    );

    let b = &docs[1];
    assert_eq!(b.doc.external_id.as_deref(), Some("2"));
    assert_eq!(b.doc.published, date(2023, 12, 26));
    assert_eq!(b.doc.source, None);

    let c = &docs[2];
    assert_eq!(c.origin, format!("{origin}:6"));
    assert_eq!(c.repaired_utf8, 1);
    assert_eq!(
        c.doc.text,
        "S\u{FFFD}o Paulo police detained 12 protesters on Friday."
    );

    assert_eq!(rejs.len(), 3, "{rejs:?}");
    assert_eq!(rejs[0].origin, format!("{origin}:4"));
    assert!(
        rejs[0]
            .reason
            .starts_with("invalid JSON: EOF while parsing"),
        "{}",
        rejs[0]
    );
    assert_eq!(rejs[1].origin, format!("{origin}:5"));
    assert_eq!(rejs[1].reason, "empty text");
    assert_eq!(rejs[2].origin, format!("{origin}:7"));
    assert!(rejs[2].reason.contains("missing \"text\""));
    assert_eq!(
        rejs[0].to_string(),
        format!("{origin}:4: {}", rejs[0].reason)
    );
}

#[test]
fn bad_inputs_are_rejected_with_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let opts = IngestOptions::default();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "report.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec(),
            "PDF",
        ),
        (
            "blob.txt",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec(),
            "GIF image",
        ),
        (
            "nul.txt",
            b"Text with a \x00 NUL byte inside".to_vec(),
            "NUL",
        ),
        (
            "ctrl.dat",
            (0u8..200)
                .map(|i| if i % 3 == 0 { 1 } else { b'a' })
                .collect(),
            "control bytes",
        ),
        ("empty.txt", Vec::new(), "empty file"),
        (
            "blank.txt",
            b"  \n\n\t \r\n".to_vec(),
            "empty file (only whitespace)",
        ),
        (
            "junk.txt",
            b"Share this:\nFacebook Twitter\nLeave a review\n".to_vec(),
            "no text left",
        ),
        (
            "meta-only.txt",
            b"date 2023-12-26\ntitle: Nothing here\n".to_vec(),
            "no text left",
        ),
        (
            "bad.json",
            b"{\"text\": \"unterminated".to_vec(),
            "invalid JSON",
        ),
    ];
    for (name, bytes, want) in cases {
        let path = write(dir.path(), name, &bytes);
        let (docs, rejs) = split(read_input(&Input::File(path.clone()), &opts));
        assert!(docs.is_empty(), "{name}: {docs:?}");
        assert_eq!(rejs.len(), 1, "{name}");
        assert_eq!(rejs[0].origin, path.display().to_string());
        assert!(rejs[0].reason.contains(want), "{name}: {}", rejs[0].reason);
        assert!(
            !rejs[0].reason.contains('\n'),
            "{name}: reason must be one line"
        );
    }
}

#[test]
fn oversize_file_is_rejected_from_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let f = fs::File::create(&path).unwrap();
    // Sparse: 64 MiB on paper, nothing on disk; only the size check can see it.
    f.set_len(64 * 1024 * 1024).unwrap();
    drop(f);
    let small = IngestOptions { max_bytes: 1024 };
    let (docs, rejs) = split(read_input(&Input::File(path.clone()), &small));
    assert!(docs.is_empty());
    assert!(
        rejs[0]
            .reason
            .contains("too large: 67108864 bytes exceeds the limit of 1024 bytes"),
        "{}",
        rejs[0]
    );
    let (_, rejs) = split(read_input(&Input::File(path), &IngestOptions::default()));
    assert!(
        rejs[0].reason.contains("too large"),
        "default limit is 50 MiB: {}",
        rejs[0]
    );

    let (_, rejs) = split(read_bytes(&[b'a'; 2000], "mem.txt", &small));
    assert!(rejs[0].reason.contains("too large"));
    assert_eq!(IngestOptions::default().max_bytes, 50 * 1024 * 1024);
}

#[test]
fn invalid_utf8_is_repaired_and_counted() {
    let bytes = b"Protesters gathered in Bogot\xe1 on Sunday, police said.\n\nThe mayor\x92s office \xff\xfe did not comment.";
    let (docs, rejs) = split(read_bytes(bytes, "latin.txt", &IngestOptions::default()));
    assert!(rejs.is_empty());
    assert_eq!(docs[0].repaired_utf8, 4);
    assert_eq!(
        docs[0].doc.text,
        "Protesters gathered in Bogot\u{FFFD} on Sunday, police said.\n\nThe mayor\u{FFFD}s office \u{FFFD}\u{FFFD} did not comment."
    );
}

#[test]
fn windows_1252_page_is_decoded_not_repaired() {
    let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"><title>Caf\xe9 talks</title></head><body><p>The mayor\x92s caf\xe9 closed.</p></body></html>";
    let (docs, _) = split(read_bytes(page, "page.htm", &IngestOptions::default()));
    assert_eq!(docs[0].repaired_utf8, 0);
    assert_eq!(docs[0].doc.text, "The mayor’s café closed.");
    assert_eq!(docs[0].doc.title.as_deref(), Some("Café talks"));
}

#[test]
fn boilerplate_removal_keeps_real_sentences() {
    let text = "\
Advertisement
WASHINGTON (AP) — The Senate voted on Thursday to share intelligence with allies in the Pacific.
Shares of defense contractors rose after the vote.
Click here to sign up for our daily briefing
Sign up to our free newsletter
The State Department said it would follow up with partners next week.
Read more: What the vote means for Taiwan
Copyright 2024 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.
Leave a review";
    let (docs, _) = split(read_bytes(
        text.as_bytes(),
        "vote.txt",
        &IngestOptions::default(),
    ));
    let doc = &docs[0].doc;
    assert_eq!(
        doc.text,
        "WASHINGTON (AP) — The Senate voted on Thursday to share intelligence with allies in the Pacific.\n\
Shares of defense contractors rose after the vote.\n\
The State Department said it would follow up with partners next week."
    );
    let dl = doc.dateline.as_ref().unwrap();
    assert_eq!((dl.place.as_str(), dl.span.start()), ("WASHINGTON", 0));
    assert_eq!(dl.span.slice(&doc.text), Some("WASHINGTON (AP) —"));
}

#[test]
fn header_metadata_lines_and_prose_lookalikes() {
    let text = "Title: Flooding closes border crossing\nSource: Valley Times\nURL: https://valley.example/flood\nPublished: 14 July 2021\n\nDate night plans were cancelled across the valley as rivers rose.";
    let (docs, _) = split(read_bytes(
        text.as_bytes(),
        "flood.txt",
        &IngestOptions::default(),
    ));
    let doc = &docs[0].doc;
    assert_eq!(
        doc.title.as_deref(),
        Some("Flooding closes border crossing")
    );
    assert_eq!(doc.source.as_deref(), Some("Valley Times"));
    assert_eq!(doc.url.as_deref(), Some("https://valley.example/flood"));
    assert_eq!(doc.published, date(2021, 7, 14));
    assert_eq!(
        doc.text,
        "Date night plans were cancelled across the valley as rivers rose."
    );
    assert!(doc.dateline.is_none());
}

#[test]
fn directory_recursion_with_mixed_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(
        &root,
        "b.txt",
        b"KYIV, Ukraine \xe2\x80\x94 Air raid sirens sounded across the capital overnight.",
    );
    write(&root, "a/z.html", b"<html><head><title>Quake</title></head><body><p>A magnitude 6.1 earthquake struck off the coast on Monday.</p></body></html>");
    write(&root, "a/feed.jsonl", b"{\"id\":\"f1\",\"text\":\"Farmers blocked the motorway with tractors.\"}\n{\"id\":\"f2\",\"text\":\"Police cleared the road by evening.\"}\n");
    write(&root, "a/scan.pdf", b"%PDF-1.4 binary");
    write(&root, ".hidden.txt", b"should be skipped");
    write(&root, "a/.git/config", b"[core]");
    write(&root, "c/empty.txt", b"");
    let missing = dir.path().join("nope.txt");
    let (inputs, rejs) = expand_inputs(&[root.clone(), PathBuf::from("-"), missing.clone()]);
    let want: Vec<Input> = [
        "a/feed.jsonl",
        "a/scan.pdf",
        "a/z.html",
        "b.txt",
        "c/empty.txt",
    ]
    .iter()
    .map(|r| Input::File(root.join(r)))
    .chain([Input::Stdin])
    .collect();
    assert_eq!(inputs, want);
    assert_eq!(rejs.len(), 1);
    assert_eq!(rejs[0].origin, missing.display().to_string());
    assert_eq!(rejs[0].reason, "no such file or directory");

    let opts = IngestOptions::default();
    let mut docs = Vec::new();
    let mut bad = Vec::new();
    for input in inputs.iter().filter(|i| **i != Input::Stdin) {
        let (d, r) = split(read_input(input, &opts));
        docs.extend(d);
        bad.extend(r);
    }
    let texts: Vec<&str> = docs.iter().map(|d| d.doc.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Farmers blocked the motorway with tractors.",
            "Police cleared the road by evening.",
            "A magnitude 6.1 earthquake struck off the coast on Monday.",
            "KYIV, Ukraine — Air raid sirens sounded across the capital overnight.",
        ]
    );
    assert_eq!(docs[2].doc.title.as_deref(), Some("Quake"));
    assert_eq!(docs[0].doc.external_id.as_deref(), Some("f1"));
    let reasons: Vec<String> = bad.iter().map(|r| r.to_string()).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(
        reasons[0].ends_with(
            "scan.pdf: binary file (PDF document); only text, HTML and JSON(L) are ingested"
        ),
        "{reasons:?}"
    );
    assert!(reasons[1].ends_with("empty.txt: empty file"), "{reasons:?}");
}

#[test]
fn stdin_style_bytes_are_sniffed() {
    let opts = IngestOptions::default();
    let (docs, _) = split(read_bytes(
        b"{\"text\":\"Rebels seized the town.\",\"date\":\"2023-12-26\"}\n",
        "-",
        &opts,
    ));
    assert_eq!(docs[0].origin, "<stdin>:1");
    assert_eq!(docs[0].doc.published, date(2023, 12, 26));
    assert_eq!(docs[0].doc.external_id, None);
    let (docs, _) = split(read_bytes(
        b"<!doctype html><p>Troops withdrew &amp; regrouped.</p>",
        "-",
        &opts,
    ));
    assert_eq!(docs[0].doc.text, "Troops withdrew & regrouped.");
    assert_eq!(docs[0].origin, "<stdin>");
    let (docs, _) = split(read_bytes(b"The court adjourned until March.", "-", &opts));
    assert_eq!(docs[0].doc.text, "The court adjourned until March.");
    assert_eq!(docs[0].doc.external_id, None);
    // A file without extension is sniffed too.
    let (docs, _) = split(read_bytes(
        b"<html><body><p>Sniffed page.</p></body></html>",
        "dump/page",
        &opts,
    ));
    assert_eq!(docs[0].doc.text, "Sniffed page.");
}

#[test]
fn json_array_file() {
    let j = br#"[{"id":"x1","title":"One","text":"<p>Talks <b>resumed</b>.</p><p>Second paragraph.</p>"}, {"id":"x2","text":""}, 5]"#;
    let (docs, rejs) = split(read_bytes(j, "batch.json", &IngestOptions::default()));
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].doc.text, "Talks resumed.\n\nSecond paragraph.");
    assert_eq!(docs[0].origin, "batch.json[0]");
    assert_eq!(
        rejs.iter().map(|r| r.origin.as_str()).collect::<Vec<_>>(),
        ["batch.json[1]", "batch.json[2]"]
    );
}

/// Deterministic pseudo-random bytes (xorshift), so the "never panics" check is reproducible.
fn noise(seed: u64, len: usize, alphabet: &[u8]) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize]
        })
        .collect()
}

#[test]
fn never_panics_on_odd_input() {
    let opts = IngestOptions::default();
    let html_alpha = b"<>/!-=\"' &#x;abpnavscript\n\t\xe2\x80\x94\xff{}[]:,ABDEC123.()";
    let json_alpha = b"{}[]\":,\\ntextdate 0123456789-TZ\n\xc3\xa9\xff";
    let text_alpha = b"ABCDE abcde,.:()-/\n\n\xe2\x80\x94\xe2\x80\x93 2023 Dec 26 KYIV (AP)";
    for seed in 0..150u64 {
        for (alpha, name) in [
            (&html_alpha[..], "x.html"),
            (&json_alpha[..], "x.jsonl"),
            (&text_alpha[..], "x.txt"),
            (&html_alpha[..], "-"),
        ] {
            let bytes = noise(seed, 50 + (seed as usize * 37) % 900, alpha);
            let items = read_bytes(&bytes, name, &opts);
            assert!(!items.is_empty());
            for it in items {
                if let Item::Doc(d) = it {
                    if let Some(dl) = &d.doc.dateline {
                        assert!(dl.span.slice(&d.doc.text).is_some());
                    }
                }
            }
        }
    }
    // Every prefix of a real page and of a real article (cuts inside tags, entities, UTF-8).
    for cut in 0..SCRAPED_HTML.len() {
        let _ = read_bytes(&SCRAPED_HTML.as_bytes()[..cut], "cut.html", &opts);
    }
    for cut in 0..SCRAPED_TXT.len() {
        let _ = read_bytes(&SCRAPED_TXT.as_bytes()[..cut], "cut.txt", &opts);
    }
}
