//! Integration tests for every `/api/` route: good and bad parameters, auth, the body limit,
//! ingest with its alert stream, and the OpenAPI document against the router. The store is
//! built once through `POST /api/ingest` from articles written for this test.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;
use vigil_serve::{app, AppState, Config};

const TOKEN: &str = "test-token-0123456789";

/// Invented officials of real countries visit one capital within nine days, plus an unrelated
/// article: enough for a burst alert, fusion and every query.
const ARTICLES: &str = r#"{"id":"t1","title":"Romanian intelligence chief in Chisinau","published":"2024-05-06","source":"Test Wire","text":"CHISINAU, May 6. Romania's intelligence chief, Dorin Valescu, visited Moldova on May 6. Valescu met Moldova's security service chief in Chisinau."}
{"id":"t2","title":"Ukrainian intelligence chief in Chisinau","published":"2024-05-09","source":"Test Wire","text":"CHISINAU, May 9. Ukraine's intelligence chief, Pavlo Hrytsenko, visited Moldova on May 9. Hrytsenko met Moldova's security service chief in Chisinau."}
{"id":"t3","title":"Polish intelligence chief in Chisinau","published":"2024-05-14","source":"Test Wire","text":"CHISINAU, May 14. Poland's intelligence chief, Marek Zielak, visited Moldova on May 14. The two sides discussed border security."}
{"id":"t4","title":"Harvest","published":"2024-04-02","source":"Test Wire","text":"Farmers in the south of the country began the wheat harvest early this year because of warm weather."}
"#;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

fn config(db: &Path) -> Config {
    let mut c = Config::new(db.to_path_buf());
    c.data_dir = data_dir();
    c.readers = 2;
    // These tests are about the API, not the calibration: store every event the coder emits
    // (the default cut keeps fewer of these short invented articles; `vigil code` tests it).
    c.min_confidence = Some(0.0);
    c
}

fn app_with(c: Config) -> Router {
    app(Arc::new(AppState::open(c).unwrap()))
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn send(app: &Router, req: Request<Body>) -> Answer {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn post(app: &Router, uri: &str, token: Option<&str>, body: &str) -> Answer {
    let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/x-ndjson");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    send(app, b.body(Body::from(body.to_string())).unwrap()).await
}

/// A 400 with a JSON reason naming the parameter.
async fn bad(app: &Router, uri: &str, mentions: &str) {
    let a = get(app, uri).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.text());
    let why = a.json()["error"].as_str().unwrap().to_string();
    assert!(why.contains(mentions), "{uri}: {why}");
}

/// The shared store, built once by ingesting `ARTICLES` through the API.
fn store() -> &'static Path {
    static DB: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("api.db");
        let mut c = config(&db);
        c.token = Some(TOKEN.into());
        // Built on its own thread: the tests calling this already run inside a runtime.
        let a = std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().unwrap();
            rt.block_on(post(&app_with(c), "/api/ingest", Some(TOKEN), ARTICLES))
        })
        .join()
        .unwrap();
        assert_eq!(a.status, StatusCode::OK, "{}", a.text());
        (dir, db)
    })
    .1
}

fn reader() -> Router {
    app_with(config(store()))
}

#[tokio::test]
async fn openapi_lists_exactly_the_routes_the_router_serves() {
    let app = reader();
    let a = get(&app, "/api/openapi.json").await;
    assert_eq!(a.status, StatusCode::OK);
    let doc = a.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut listed: Vec<(String, String)> = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            listed.push((method.to_uppercase(), path.clone()));
        }
    }
    listed.sort();
    let mut expected: Vec<(String, String)> = [
        "GET /api/alerts",
        "GET /api/alerts/stream",
        "GET /api/contradictions",
        "GET /api/documents/{id}",
        "GET /api/dyads",
        "GET /api/events",
        "GET /api/events/{id}",
        "GET /api/health",
        "GET /api/network",
        "GET /api/search",
        "GET /api/timeline",
        "POST /api/ingest",
    ]
    .iter()
    .map(|s| {
        let (m, p) = s.split_once(' ').unwrap();
        (m.to_string(), p.to_string())
    })
    .collect();
    expected.sort();
    assert_eq!(listed, expected);
    // Every documented operation is routed (an unrouted one answers "no route", a wrong
    // method 405), and an undocumented path is not.
    for (method, path) in &listed {
        if path.ends_with("/stream") {
            continue; // never ends; covered by the ingest test
        }
        let uri = path.replace("{id}", "x");
        let m = Method::from_bytes(method.as_bytes()).unwrap();
        let a = send(
            &app,
            Request::builder()
                .method(m)
                .uri(&uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_ne!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        assert!(
            !a.text().contains("no route"),
            "{method} {uri}: {}",
            a.text()
        );
    }
    let a = get(&app, "/api/nothing").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.json()["error"].as_str().unwrap().contains("no route"));
}

#[tokio::test]
async fn events_filter_page_and_export() {
    let app = reader();
    let all = get(&app, "/api/events?limit=1000").await.json();
    let n = all["events"].as_array().unwrap().len();
    // Three visits at least; pages of two then need a cursor.
    assert!(n >= 3, "{all}");
    assert!(all["next_cursor"].is_null());
    // Pages of two, following next_cursor, give every event once and in order.
    let mut ids = Vec::new();
    let mut uri = "/api/events?limit=2".to_string();
    loop {
        let page = get(&app, &uri).await.json();
        for e in page["events"].as_array().unwrap() {
            ids.push(e["id"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/api/events?limit=2&cursor={c}"),
            None => break,
        }
    }
    let all_ids: Vec<String> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, all_ids);

    let count = |v: Value| v["events"].as_array().unwrap().len();
    let rou = get(&app, "/api/events?country=rou&cameo=04&plover=consult")
        .await
        .json();
    assert!(count(rou.clone()) >= 1, "{rou}");
    for e in rou["events"].as_array().unwrap() {
        assert!(e["cameo"].as_str().unwrap().starts_with("04"));
        assert_eq!(e["plover"], "CONSULT");
    }
    let pol = count(get(&app, "/api/events?actor=POLSPY").await.json());
    assert!(pol >= 1);
    assert_eq!(
        count(get(&app, "/api/events?actor=polspy").await.json()),
        pol
    );
    let later = count(
        get(&app, "/api/events?since=2024-05-10&until=2024-05-20")
            .await
            .json(),
    );
    assert!(later >= 1 && later < n);
    assert_eq!(
        count(get(&app, "/api/events?modality=negated").await.json()),
        0
    );
    assert!(count(get(&app, "/api/events?min_confidence=1").await.json()) <= n);

    let csv = get(&app, "/api/events?format=csv&limit=2").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(csv.text().starts_with("id,doc_id,"));
    assert_eq!(csv.text().lines().count(), 3);
    assert!(csv.headers.contains_key("x-next-cursor"));
    let gdelt = get(&app, "/api/events?format=gdelt").await;
    assert_eq!(gdelt.status, StatusCode::OK);
    for line in gdelt.text().lines() {
        assert_eq!(line.split('\t').count(), 61, "{line}");
    }

    bad(&app, "/api/events?limit=0", "limit").await;
    // A misspelt filter is refused, not ignored (which would answer with every event).
    bad(&app, "/api/events?contry=FRA", "contry").await;
    bad(&app, "/api/timeline?period=week", "period").await;
    bad(&app, "/api/health?verbose=1", "no parameters").await;
    bad(&app, "/api/events?limit=many", "limit").await;
    bad(&app, "/api/events?limit=10001", "limit").await;
    bad(&app, "/api/events?since=2024-02-30", "since").await;
    bad(&app, "/api/events?until=May", "until").await;
    bad(
        &app,
        "/api/events?since=2024-06-01&until=2024-05-01",
        "after until",
    )
    .await;
    bad(&app, "/api/events?modality=probably", "modality").await;
    bad(&app, "/api/events?min_confidence=2", "min_confidence").await;
    bad(&app, "/api/events?min_confidence=high", "min_confidence").await;
    bad(&app, "/api/events?country=Moldova", "country").await;
    bad(&app, "/api/events?format=xml", "format").await;
    bad(&app, "/api/events?cursor=0000", "cursor").await;
    // SQL in a value is a value.
    let a = get(&app, "/api/events?actor=%27%20OR%201%3D1%20--").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(count(a.json()), 0);
}

#[tokio::test]
async fn event_shows_its_evidence_and_document() {
    let app = reader();
    let evs = get(&app, "/api/events?actor=ROUSPY&cameo=042").await.json();
    let id = evs["events"][0]["id"].as_str().unwrap().to_string();
    let a = get(&app, &format!("/api/events/{id}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let d = a.json();
    let ev = &d["evidence"];
    let sentence = ev["sentence"].as_str().unwrap();
    let slice = |k: &str| {
        let r = &ev[k];
        &sentence[r["start"].as_u64().unwrap() as usize..r["end"].as_u64().unwrap() as usize]
    };
    assert_eq!(slice("predicate"), "visited", "{d}");
    assert!(
        slice("source").contains("Romania") || slice("source").contains("Valescu"),
        "{d}"
    );
    assert_eq!(
        d["document"]["title"],
        "Romanian intelligence chief in Chisinau"
    );
    assert!(d["event"]["provenance"]["rule"].as_str().is_some());
    let doc_id = d["event"]["doc_id"].as_str().unwrap();

    let doc = get(&app, &format!("/api/documents/{doc_id}")).await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert!(doc["document"]["text"]
        .as_str()
        .unwrap()
        .contains("Valescu"));
    assert!(doc["event_ids"]
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x == &Value::from(id.clone())));

    for uri in ["/api/events/nope", "/api/documents/nope"] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND);
        assert!(a.json()["error"].as_str().unwrap().contains("nope"));
    }
}

#[tokio::test]
async fn search_health_and_analyses() {
    let app = reader();
    let hits = get(&app, "/api/search?q=Chisinau&limit=2").await.json();
    assert_eq!(hits["hits"].as_array().unwrap().len(), 2);
    let odd = get(&app, "/api/search?q=U.S.%20%22").await;
    assert_eq!(odd.status, StatusCode::OK, "{}", odd.text());
    bad(&app, "/api/search", "q").await;
    bad(&app, "/api/search?q=wheat&limit=-1", "limit").await;

    let h = get(&app, "/api/health").await.json();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["store"]["documents"], 4);

    let tl = get(&app, "/api/timeline?country=MDA").await.json();
    assert!(tl["total"].as_u64().unwrap() >= 3);
    let days: Vec<&str> = tl["per_day"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["date"].as_str().unwrap())
        .collect();
    assert!(days.contains(&"2024-05-06"), "{tl}");
    assert_eq!(
        get(&app, "/api/timeline?limit=1").await.json()["entries"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    bad(&app, "/api/timeline?since=yesterday", "since").await;
    bad(&app, "/api/timeline?limit=0", "limit").await;

    let dy = get(&app, "/api/dyads?period=month").await.json();
    assert!(!dy["dyads"].as_array().unwrap().is_empty());
    bad(&app, "/api/dyads?period=decade", "period").await;
    bad(&app, "/api/dyads?country=1", "country").await;

    let net = get(&app, "/api/network").await.json();
    assert!(
        net["edges"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["target"].as_str().unwrap().starts_with("MDA")),
        "{net}"
    );
    bad(&app, "/api/network?min_confidence=x", "min_confidence").await;

    let al = get(&app, "/api/alerts").await.json();
    let burst = al["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"].as_str().unwrap().contains("target=MDA"));
    assert!(burst.is_some(), "{al}");
    assert!(!burst.unwrap()["evidence"].as_array().unwrap().is_empty());
    assert!(
        get(&app, "/api/alerts?since=2030-01-01").await.json()["alerts"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    bad(&app, "/api/alerts?since=soon", "since").await;
    bad(&app, "/api/alerts?limit=x", "limit").await;

    let c = get(&app, "/api/contradictions").await;
    assert_eq!(c.status, StatusCode::OK);
    assert!(c.json()["contradictions"].is_array());
}

#[tokio::test]
async fn dashboard_is_served_from_the_binary() {
    let app = reader();
    let a = get(&app, "/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.text().contains("<title>Vigil"));
    assert!(a.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    assert_eq!(get(&app, "/assets/app.js").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/assets/../Cargo.toml").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn writes_need_the_token_and_reads_need_it_off_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("auth.db");
    // No token configured: writes are off.
    let open = app_with(config(&db));
    let a = post(&open, "/api/ingest", Some(TOKEN), ARTICLES).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.text());
    assert!(a.json()["error"].as_str().unwrap().contains("--token-file"));
    // Token configured: missing or wrong token is 401.
    let mut c = config(&db);
    c.token = Some(TOKEN.into());
    let guarded = app_with(c.clone());
    assert_eq!(
        post(&guarded, "/api/ingest", None, ARTICLES).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(
            &guarded,
            "/api/ingest",
            Some("wrong-token-0123456789"),
            ARTICLES
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(get(&guarded, "/api/health").await.status, StatusCode::OK);
    // Bound off loopback, reads need the token too; the dashboard's files do not.
    c.addr = "0.0.0.0:0".parse().unwrap();
    let public = app_with(c);
    assert_eq!(
        get(&public, "/api/health").await.status,
        StatusCode::UNAUTHORIZED
    );
    let req = Request::get("/api/health")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&public, req).await.status, StatusCode::OK);
    assert_eq!(get(&public, "/").await.status, StatusCode::OK);
    // And the server refuses to start off loopback without a token.
    let any: std::net::SocketAddr = "0.0.0.0:8080".parse().unwrap();
    assert!(vigil_serve::check_bind(&any, false).is_err());
    assert!(vigil_serve::check_bind(&any, true).is_ok());
    assert!(vigil_serve::check_bind(&"127.0.0.1:8080".parse().unwrap(), false).is_ok());
}

#[tokio::test]
async fn ingest_rejects_oversize_and_bad_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(&dir.path().join("limit.db"));
    c.token = Some(TOKEN.into());
    c.max_body = 200;
    let app = app_with(c);
    let a = post(&app, "/api/ingest", Some(TOKEN), &"x".repeat(500)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.text());
    assert!(a.json()["error"].as_str().unwrap().contains("200"));
    let a = post(&app, "/api/ingest", Some(TOKEN), "just some words").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.json()["error"].as_str().unwrap().contains("JSON"));
    assert_eq!(
        post(&app, "/api/ingest", Some(TOKEN), "  ").await.status,
        StatusCode::BAD_REQUEST
    );
    // Every article rejected, with the CLI's reasons: 422.
    let a = post(
        &app,
        "/api/ingest",
        Some(TOKEN),
        "{\"title\":\"no text\"}\n{\"text\":\"\"}\n",
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.text());
    assert!(
        a.json()["error"].as_str().unwrap().contains("body:1"),
        "{}",
        a.text()
    );
}

#[tokio::test]
async fn ingest_extracts_and_streams_new_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = config(&dir.path().join("stream.db"));
    c.token = Some(TOKEN.into());
    let app = app_with(c);
    // An empty store has no alerts; the answer is cached until the store changes.
    let before = get(&app, "/api/alerts").await.json();
    assert!(before["alerts"].as_array().unwrap().is_empty(), "{before}");
    let stream = app
        .clone()
        .oneshot(
            Request::get("/api/alerts/stream")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(stream.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let a = post(&app, "/api/ingest", Some(TOKEN), ARTICLES).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text());
    let r = a.json();
    assert_eq!(r["added"], 4);
    assert_eq!(r["extracted"]["documents"], 4);
    let ids = r["event_ids"].as_array().unwrap();
    assert!(ids.len() >= 3, "{r}");
    // Every new event id is stored.
    let id = ids[0].as_str().unwrap();
    assert_eq!(
        get(&app, &format!("/api/events/{id}")).await.status,
        StatusCode::OK
    );
    // The alert stream carries the burst the ingest created.
    let mut body = stream.into_body();
    let mut seen = String::new();
    let deadline = std::time::Duration::from_secs(30);
    while !seen.contains("target=MDA") {
        let frame = tokio::time::timeout(deadline, body.frame())
            .await
            .expect("no alert within 30 s");
        let frame = frame.expect("stream ended").unwrap();
        if let Some(d) = frame.data_ref() {
            seen.push_str(&String::from_utf8_lossy(d));
        }
    }
    assert!(seen.contains("event: alert"), "{seen}");
    // The cached empty answer was dropped when the ingest changed the store.
    let after = get(&app, "/api/alerts").await.json();
    assert!(after.to_string().contains("target=MDA"), "{after}");
    // Re-ingesting is a no-op: duplicates, no new events.
    let again = post(&app, "/api/ingest", Some(TOKEN), ARTICLES)
        .await
        .json();
    assert_eq!(again["added"], 0);
    assert_eq!(again["duplicates"], 4);
    assert!(again["event_ids"].as_array().unwrap().is_empty());
}
