//! `retold serve`: every route and error of the HTTP API, over a real socket, and the web
//! page in headless Chromium (load, search, paste, see the result).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

fn seeds() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/seeds")
}

/// A running `retold serve`, stopped when dropped.
pub(crate) struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(db: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_retold"))
        .arg("serve")
        .arg("--db")
        .arg(db)
        .arg("--addr")
        .arg("127.0.0.1:0")
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server { child, port }
}

/// One HTTP/1.1 request; the status and the body.
fn request(port: u16, method: &str, path: &str, body: Option<&[u8]>) -> (u16, String) {
    request_with(port, method, path, "", body)
}

/// One HTTP/1.1 request with extra header lines (each ending `\r\n`); the status and body.
fn request_with(
    port: u16,
    method: &str,
    path: &str,
    headers: &str,
    body: Option<&[u8]>,
) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let body = body.unwrap_or(b"");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\ncontent-type: application/json\r\n{headers}content-length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (headers, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let body = if headers
        .to_lowercase()
        .contains("transfer-encoding: chunked")
    {
        unchunk(rest)
    } else {
        rest.to_owned()
    };
    (status, body)
}

fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, tail)) = rest.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || tail.len() < n {
            break;
        }
        out.push_str(&tail[..n]);
        rest = tail[n..].trim_start_matches("\r\n");
    }
    out
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn seed_docs() -> Vec<Value> {
    let mut names: Vec<_> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| {
            let id = p.file_name().unwrap().to_str().unwrap();
            json!({"id": id, "text": std::fs::read_to_string(p).unwrap()})
        })
        .collect()
}

#[test]
fn every_route_answers_and_every_error_has_its_status() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("retold.db"), &["--body-limit", "200000"]);
    let port = server.port;
    assert_eq!(request(port, "GET", "/healthz", None), (200, "ok".into()));
    let (status, body) = request(port, "GET", "/v1/stats", None);
    assert_eq!(status, 200);
    assert_eq!(
        json_of(&body),
        json!({"documents": 0, "stories": 0, "links": 0})
    );

    // Ingest: the four wire and report seeds (an array), then the spin alone (an object).
    let docs = seed_docs();
    let four: Vec<Value> = docs.iter().skip(1).cloned().collect();
    let (status, body) = request(
        port,
        "POST",
        "/v1/documents",
        Some(json!(four).to_string().as_bytes()),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(json_of(&body)["added"], 4);
    let (status, body) = request(
        port,
        "POST",
        "/v1/documents",
        Some(docs[0].to_string().as_bytes()),
    );
    assert_eq!(status, 201, "{body}");
    // Again: nothing added, 200.
    let wrapped = json!({"documents": docs}).to_string();
    let (status, body) = request(port, "POST", "/v1/documents", Some(wrapped.as_bytes()));
    assert_eq!(status, 200, "{body}");
    assert_eq!(json_of(&body)["present"], 5);
    let (_, body) = request(port, "GET", "/v1/stats", None);
    assert_eq!(
        json_of(&body),
        json!({"documents": 5, "stories": 1, "links": 10})
    );

    let id = stories_are_listed_and_read(port);
    documents_are_read(port, id);
    a_match_finds_its_story_and_stores_nothing(port, &docs, id);
    errors_have_their_status(port);
}

/// Stories: listed, filtered by text and by site, and read whole; returns the one story's id.
fn stories_are_listed_and_read(port: u16) -> u64 {
    let (status, body) = request(port, "GET", "/v1/stories", None);
    assert_eq!(status, 200);
    let list = json_of(&body);
    assert_eq!(list["total"], 1);
    let id = list["stories"][0]["id"].as_u64().unwrap();
    let (_, body) = request(port, "GET", "/v1/stories?q=kim&site=News2IN", None);
    assert_eq!(json_of(&body)["total"], 1);
    let (_, body) = request(port, "GET", "/v1/stories?q=volcano", None);
    assert_eq!(json_of(&body)["total"], 0);
    let (status, body) = request(port, "GET", &format!("/v1/stories/{id}"), None);
    assert_eq!(status, 200);
    let story = json_of(&body);
    assert_eq!(story["size"], 5);
    let spin = story["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "spin");
    assert_eq!(spin.unwrap()["id"], "000_f99236a16d69789a.txt");
    assert!(story["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["text"] == "dialogue and confrontation"));
    let (status, body) = request(port, "GET", &format!("/stories/{id}"), None);
    assert_eq!(status, 200);
    assert!(
        body.contains("<del") && body.contains("purchase"),
        "the story page shows changes"
    );

    id
}

/// Documents, the description and the page.
fn documents_are_read(port: u16, id: u64) {
    let (status, body) = request(port, "GET", "/v1/documents/001_893361a9b7fe18e1.txt", None);
    assert_eq!(status, 200);
    let doc = json_of(&body);
    assert_eq!(doc["story"], id);
    assert!(doc["text"].as_str().unwrap().contains("Kim"));

    // The description and the page.
    let (status, body) = request(port, "GET", "/v1/openapi.json", None);
    assert_eq!(status, 200);
    assert!(json_of(&body)["paths"]["/v1/match"].is_object());
    let (status, body) = request(port, "GET", "/", None);
    assert_eq!(status, 200);
    assert!(body.contains("Paste an article"));
}

/// Match: a new spin-like copy of 001 (a few words swapped) finds its story and source.
fn a_match_finds_its_story_and_stores_nothing(port: u16, docs: &[Value], id: u64) {
    let wire = docs[1]["text"]
        .as_str()
        .unwrap()
        .replace("ordered", "instructed");
    let pasted = json!({"id": "pasted", "text": wire}).to_string();
    let (status, body) = request(port, "POST", "/v1/match", Some(pasted.as_bytes()));
    assert_eq!(status, 200, "{body}");
    let m = json_of(&body);
    assert_eq!(m["stored"], Value::Null);
    assert_eq!(m["relations"][0]["id"], "001_893361a9b7fe18e1.txt", "{m}");
    assert_eq!(m["story"]["id"], id);
    assert_eq!(m["story"]["size"], 5);
    assert_eq!(m["original"]["id"], "001_893361a9b7fe18e1.txt", "{m}");
    assert_eq!(m["changes"]["with"], "001_893361a9b7fe18e1.txt");
    // Nothing was stored.
    let (_, body) = request(port, "GET", "/v1/stats", None);
    assert_eq!(json_of(&body)["documents"], 5);
}

/// Errors: JSON with a message and the right status.
fn errors_have_their_status(port: u16) {
    let error = |(status, body): (u16, String)| (status, json_of(&body)["error"].is_string());
    assert_eq!(
        error(request(port, "POST", "/v1/match", Some(b"{broken"))),
        (400, true)
    );
    assert_eq!(
        error(request(port, "POST", "/v1/documents", Some(b"[]"))),
        (400, true)
    );
    let empty = json!({"id": "e", "text": "   "}).to_string();
    assert_eq!(
        error(request(port, "POST", "/v1/match", Some(empty.as_bytes()))),
        (422, true)
    );
    assert_eq!(
        error(request(
            port,
            "POST",
            "/v1/documents",
            Some(empty.as_bytes())
        )),
        (422, true)
    );
    let huge = json!({"id": "h", "text": "word ".repeat(100_000)}).to_string();
    assert_eq!(
        error(request(
            port,
            "POST",
            "/v1/documents",
            Some(huge.as_bytes())
        )),
        (413, true)
    );
    assert_eq!(
        error(request(port, "GET", "/v1/documents/nope", None)),
        (404, true)
    );
    assert_eq!(
        error(request(port, "GET", "/v1/stories/999", None)),
        (404, true)
    );
    assert_eq!(
        error(request(port, "GET", "/v1/stories/x", None)),
        (404, true)
    );
    assert_eq!(error(request(port, "GET", "/nowhere", None)), (404, true));
    assert_eq!(
        error(request(port, "DELETE", "/v1/stats", None)),
        (405, true)
    );
    assert_eq!(
        error(request(port, "GET", "/v1/stories?page=-1", None)),
        (400, true)
    );
    assert_eq!(
        error(request(port, "GET", "/v1/stories?per_page=abc", None)),
        (400, true)
    );
    assert_eq!(
        error(request(port, "GET", "/v1/stories?per_page=201", None)),
        (400, true)
    );
    let long = format!("/v1/stories?q={}", "a".repeat(9000));
    assert_eq!(error(request(port, "GET", &long, None)), (414, true));
    // A batch is answered per document: the bad one rejected with its reason, the rest kept.
    let batch = json!([{"id": "ok-1", "text": "The ferry to the island runs again after the storm, the port said."},
        {"id": "bad", "text": "   "}, 7]);
    let (status, body) = request(
        port,
        "POST",
        "/v1/documents",
        Some(batch.to_string().as_bytes()),
    );
    assert_eq!(status, 201, "{body}");
    let answer = json_of(&body);
    assert_eq!(
        (answer["added"].clone(), answer["rejected"].clone()),
        (json!(1), json!(2))
    );
    assert_eq!(answer["documents"][0]["status"], "added");
    assert_eq!(answer["documents"][1]["status"], "rejected");
    assert_eq!(answer["documents"][1]["code"], 422);
    assert!(answer["documents"][2]["error"].is_string());
}

#[test]
fn the_web_page_lists_searches_and_matches_a_pasted_article() {
    use crate::browser::{browser, chromium};
    let Some(exe) = browser() else {
        let required = std::env::var("RETOLD_BROWSER_TESTS").is_ok_and(|v| v == "1");
        assert!(!required, "RETOLD_BROWSER_TESTS=1 but no Chromium on PATH");
        eprintln!("skipped: no chromium, chromium-browser or google-chrome on PATH");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("retold.db"), &[]);
    let port = server.port;
    let docs = json!(seed_docs()).to_string();
    assert_eq!(
        request(port, "POST", "/v1/documents", Some(docs.as_bytes())).0,
        201
    );
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the target directory")
        .join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let page = |fragment: &str| format!("http://127.0.0.1:{port}/{fragment}");
    // Load and search: the page fetches the stories and lists them.
    let wait = "--virtual-time-budget=15000".to_string();
    let dom = chromium(
        &exe,
        &[wait.clone(), "--dump-dom".into()],
        &page("#q=confrontation"),
    );
    assert!(dom.contains("1 stories of two or more documents"), "{dom}");
    assert!(dom.contains("href=\"/stories/0\""), "{dom}");
    let dom = chromium(
        &exe,
        &[wait.clone(), "--dump-dom".into()],
        &page("#q=volcano"),
    );
    assert!(dom.contains("0 stories of two or more documents"), "{dom}");
    // Paste: a reworded copy of the AP wire (001), with a script in it that must stay text.
    let wire = std::fs::read_to_string(format!("{}/001_893361a9b7fe18e1.txt", seeds())).unwrap();
    let pasted = wire.replace("ordered", "instructed") + "\n\n<img src=x onerror=alert(1)>";
    let encoded: String = pasted
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let url = page(&format!("#paste={encoded}"));
    let dom = chromium(&exe, &[wait.clone(), "--dump-dom".into()], &url);
    assert!(dom.contains("Story: "), "{dom}");
    assert!(dom.contains("Original: "), "{dom}");
    assert!(
        dom.contains("What changed from 001_893361a9b7fe18e1.txt"),
        "{dom}"
    );
    assert!(dom.contains("ordered → instructed"), "{dom}");
    assert!(!dom.contains("<img src=\"x\""), "pasted markup stays text");
    let shot = shots.join("serve-paste-390.png");
    let _ = std::fs::remove_file(&shot);
    chromium(
        &exe,
        &[
            wait,
            "--window-size=390,1600".into(),
            format!("--screenshot={}", shot.display()),
        ],
        &url,
    );
    assert!(std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0) > 5_000);
}

#[test]
fn id_less_posts_are_kept_each_once_and_a_repost_names_its_first() {
    let dir = tempfile::tempdir().unwrap();
    let server = start(&dir.path().join("retold.db"), &[]);
    let port = server.port;
    let volcano = "The volcano on the island erupted on Tuesday, sending ash two kilometres into the sky. Three villages were evacuated.";
    let budget = "The city council passed its budget on Monday after a long debate. Spending on schools rises by four percent.";
    let post = |doc: Value| {
        let (status, body) = request(
            port,
            "POST",
            "/v1/documents",
            Some(doc.to_string().as_bytes()),
        );
        (status, json_of(&body))
    };
    let (status, first) = post(json!({"text": volcano}));
    assert_eq!(status, 201, "{first}");
    let (status, second) = post(json!({"text": budget}));
    assert_eq!(
        status, 201,
        "a second id-less text is its own document: {second}"
    );
    let id = first["documents"][0]["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("sha-"), "{id}");
    assert_ne!(id, second["documents"][0]["id"].as_str().unwrap());
    let (status, again) = post(json!({"text": volcano}));
    assert_eq!(status, 200);
    assert_eq!(again["documents"][0]["status"], "present");
    assert_eq!(again["documents"][0]["present_as"], id.as_str());
    let (status, repost) = post(json!({"id": "repost", "site": "Elsewhere", "text": volcano}));
    assert_eq!(status, 201);
    assert_eq!(repost["documents"][0]["exact_copy_of"], id.as_str());
    let (status, body) = request(port, "GET", "/v1/documents/repost", None);
    assert_eq!(status, 200);
    assert_eq!(json_of(&body)["links"][0]["relation"], "exact");
    // Matching the same text again: exact, as compare says.
    let (_, body) = request(
        port,
        "POST",
        "/v1/match",
        Some(json!({"text": volcano}).to_string().as_bytes()),
    );
    let m = json_of(&body);
    assert_eq!(m["relations"][0]["relation"], "exact", "{m}");
    assert!(
        m["relations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["relation"] == "exact"),
        "{m}"
    );
    let (_, body) = request(port, "GET", "/v1/stats", None);
    assert_eq!(json_of(&body)["documents"], 3);
}

#[test]
fn a_token_guards_writes_and_a_rate_limit_answers_429() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "s3cret-token\n").unwrap();
    let server = start(
        &dir.path().join("retold.db"),
        &["--token-file", token.to_str().unwrap(), "--rate-limit", "5"],
    );
    let port = server.port;
    let doc = json!({"id": "a", "text": "The harbour reopened on Friday after repairs, the port authority said."}).to_string();
    let (status, body) = request(port, "POST", "/v1/documents", Some(doc.as_bytes()));
    assert_eq!(status, 401, "{body}");
    assert!(json_of(&body)["error"].is_string());
    let (status, _) = request_with(
        port,
        "POST",
        "/v1/documents",
        "authorization: Bearer wrong\r\n",
        Some(doc.as_bytes()),
    );
    assert_eq!(status, 401);
    let (status, body) = request_with(
        port,
        "POST",
        "/v1/documents",
        "authorization: Bearer s3cret-token\r\n",
        Some(doc.as_bytes()),
    );
    assert_eq!(status, 201, "{body}");
    // Reads stay open; past five a second, 429 with a JSON error.
    let statuses: Vec<u16> = (0..12)
        .map(|_| request(port, "GET", "/v1/stats", None).0)
        .collect();
    assert!(statuses.contains(&200), "{statuses:?}");
    assert!(statuses.contains(&429), "{statuses:?}");
    std::thread::sleep(Duration::from_millis(1100));
    let (status, body) = request(port, "GET", "/metrics", None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("retold_documents 1\n"), "{body}");
    assert!(body.contains("retold_documents_added_total 1\n"), "{body}");
    assert!(
        body.contains("retold_requests_total{route=\"/v1/documents\",status=\"401\"} 2"),
        "{body}"
    );
    assert!(
        body.contains("retold_request_seconds_bucket{route=\"/v1/stats\""),
        "{body}"
    );
}

#[test]
fn a_server_killed_during_a_large_post_keeps_nothing_half_and_a_retry_adds_the_rest() {
    use std::collections::BTreeSet;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("retold.db");
    let docs: Vec<Value> = (0..300)
        .map(|i| json!({"id": format!("n{i}"), "text": format!(
            "Report {i}: the river at station {} rose by {} centimetres overnight, the agency for district {} said on its site.",
            i * 31 % 997, i * 7 % 89, i * 13 % 101)}))
        .collect();
    let body = json!(docs).to_string();
    let mut killed_mid = false;
    for delay in [50u64, 200, 600, 1500] {
        std::fs::remove_file(&db).ok();
        let mut server = start(&db, &["--body-limit", "10000000"]);
        let port = server.port;
        let sent = body.clone();
        let poster = std::thread::spawn(move || {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            let head = format!("POST /v1/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", sent.len());
            let _ = s.write_all(head.as_bytes());
            let _ = s.write_all(sent.as_bytes());
            let mut raw = Vec::new();
            let _ = s.read_to_end(&mut raw);
            String::from_utf8_lossy(&raw).starts_with("HTTP/1.1 201")
        });
        std::thread::sleep(Duration::from_millis(delay));
        // SIGKILL: no shutdown, no chance to finish the transaction.
        let _ = server.child.kill();
        let _ = server.child.wait();
        let answered = poster.join().unwrap();
        drop(server);
        let stored = retold::index::store::Store::open(&db)
            .unwrap()
            .stats()
            .unwrap()
            .documents;
        assert!(
            stored == 0 || stored == 300,
            "a batch is stored whole or not at all: {stored}"
        );
        if stored == 0 && !answered {
            killed_mid = true;
        }
        // The retry adds exactly what is missing.
        let server = start(&db, &["--body-limit", "10000000"]);
        let (status, reply) = request(server.port, "POST", "/v1/documents", Some(body.as_bytes()));
        let reply = json_of(&reply);
        assert!(status == 201 || status == 200, "{reply}");
        assert_eq!(reply["added"].as_u64().unwrap() + stored, 300, "{reply}");
        let (_, stats) = request(server.port, "GET", "/v1/stats", None);
        assert_eq!(json_of(&stats)["documents"], 300);
        drop(server);
        let ids: BTreeSet<String> = retold::index::store::Store::open(&db)
            .unwrap()
            .ids()
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(ids.len(), 300);
        if killed_mid {
            break;
        }
    }
    assert!(
        killed_mid,
        "no server was killed while the batch was being stored"
    );
}
