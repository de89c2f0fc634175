//! A bounded load generator for `retold serve`: N threads POST documents to `/v1/match` for a
//! fixed time; prints requests, errors, throughput, latency percentiles and the server's
//! resident memory sampled each second. With `--ingest-every K`, every K-th request instead
//! posts the document to `/v1/documents` under a new id, its text with a new last sentence (a
//! repost that changed a line), so that the index grows while it is matched against: a soak.
//!
//! Usage: cargo run --release --example load -- ADDR DOCS.jsonl [--threads N] [--seconds S]
//!        [--pid PID] [--ingest-every K]
//! DOCS.jsonl: one document object a line (sent as they are, round robin).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (Some(addr), Some(docs)) = (args.first().cloned(), args.get(1).cloned()) else {
        eprintln!("usage: load ADDR DOCS.jsonl [--threads N] [--seconds S] [--pid PID]");
        std::process::exit(2);
    };
    let threads: usize = flag("--threads").and_then(|v| v.parse().ok()).unwrap_or(8);
    let seconds: u64 = flag("--seconds").and_then(|v| v.parse().ok()).unwrap_or(60);
    let pid = flag("--pid");
    let ingest_every: usize = flag("--ingest-every")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let bodies: Arc<Vec<String>> = Arc::new(
        BufReader::new(std::fs::File::open(&docs).expect("DOCS.jsonl"))
            .lines()
            .map_while(Result::ok)
            .filter(|l| !l.trim().is_empty())
            .collect(),
    );
    assert!(!bodies.is_empty(), "no documents in {docs}");
    let stop = Arc::new(AtomicBool::new(false));
    let next = Arc::new(AtomicUsize::new(0));
    let latencies = Arc::new(Mutex::new(Vec::<f64>::new()));
    let errors = Arc::new(AtomicUsize::new(0));
    let ingested = Arc::new(Mutex::new(Vec::<f64>::new()));
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (stop, next, latencies, errors, bodies, addr, ingested) = (
                stop.clone(),
                next.clone(),
                latencies.clone(),
                errors.clone(),
                bodies.clone(),
                addr.clone(),
                ingested.clone(),
            );
            std::thread::spawn(move || {
                let (mut mine, mut added) = (Vec::new(), Vec::new());
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let body = &bodies[n % bodies.len()];
                    let t = Instant::now();
                    if ingest_every > 0 && n % ingest_every == 0 {
                        match post(&addr, "/v1/documents", &repost(body, n)) {
                            Ok(200 | 201) => added.push(t.elapsed().as_secs_f64() * 1000.0),
                            _ => {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        continue;
                    }
                    match post(&addr, "/v1/match", body) {
                        Ok(200) => mine.push(t.elapsed().as_secs_f64() * 1000.0),
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                }
                latencies.lock().unwrap().extend(mine);
                ingested.lock().unwrap().extend(added);
            })
        })
        .collect();
    let mut memory = Vec::new();
    while started.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(1));
        if let Some(kb) = pid.as_deref().and_then(rss_kb) {
            memory.push(kb / 1024);
        }
    }
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        let _ = w.join();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut l = latencies.lock().unwrap().clone();
    l.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        l.get(((l.len() as f64 * p) as usize).min(l.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0.0)
    };
    println!(
        "requests {}  errors {}  {:.1} req/s  latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}  ({} threads, {:.0} s)",
        l.len(),
        errors.load(Ordering::Relaxed),
        l.len() as f64 / elapsed,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        l.last().copied().unwrap_or(0.0),
        threads,
        elapsed
    );
    let mut added = ingested.lock().unwrap().clone();
    if !added.is_empty() {
        added.sort_by(f64::total_cmp);
        let at = |p: f64| added[((added.len() as f64 * p) as usize).min(added.len() - 1)];
        println!(
            "ingested {} documents ({:.1}/s), latency ms: p50 {:.1}  p99 {:.1}",
            added.len(),
            added.len() as f64 / elapsed,
            at(0.5),
            at(0.99)
        );
    }
    if !memory.is_empty() {
        let first = memory[0];
        let last = *memory.last().unwrap();
        let max = memory.iter().copied().max().unwrap_or(0);
        println!("server RSS MB: first {first}  last {last}  max {max}  (sampled each second)");
        let every: Vec<String> = memory.iter().step_by(10).map(|m| m.to_string()).collect();
        println!("server RSS MB every 10 s: {}", every.join(" "));
        // Flat memory: the last minute's peak against the second minute's.
        if memory.len() >= 180 {
            let second = memory[60..120].iter().max().copied().unwrap_or(0);
            let end = memory[memory.len() - 60..]
                .iter()
                .max()
                .copied()
                .unwrap_or(0);
            println!(
                "server RSS MB peak: second minute {second}, last minute {end} ({:+.1}%)",
                (end as f64 - second as f64) * 100.0 / second.max(1) as f64
            );
        }
    }
}

/// The document of `body` under the id `soak-N`, its text with one sentence more.
fn repost(body: &str, n: usize) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(body).expect("a JSON document");
    doc["id"] = format!("soak-{n}").into();
    for key in ["text", "body", "content"] {
        if let Some(text) = doc.get(key).and_then(|t| t.as_str()).map(str::to_string) {
            doc[key] = format!("{text} This report was updated, revision {n}.").into();
            break;
        }
    }
    doc.to_string()
}

/// One POST; the status.
fn post(addr: &str, path: &str, body: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let head = String::from_utf8_lossy(&raw[..raw.len().min(32)]).into_owned();
    Ok(head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0))
}

/// A process's resident memory in KB (Linux).
fn rss_kb(pid: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
