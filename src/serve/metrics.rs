//! `GET /metrics`: what the server has done, in the Prometheus text format: requests by
//! route and status, their latency as a histogram by route, documents added, and what the
//! index holds.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use crate::index::store::Stats;

/// The latency histogram's bucket bounds, in seconds.
const BOUNDS: [f64; 13] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// One route's latencies: counts per bucket (the last past every bound), their sum, count.
#[derive(Debug, Clone, Default)]
struct Histogram {
    buckets: [u64; BOUNDS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        let i = BOUNDS
            .iter()
            .position(|&b| seconds <= b)
            .unwrap_or(BOUNDS.len());
        self.buckets[i] += 1;
        self.sum += seconds;
        self.count += 1;
    }
}

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    /// (route, status) → requests.
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    /// route → latencies.
    latency: Mutex<BTreeMap<String, Histogram>>,
    /// Documents added through the API.
    added: AtomicU64,
}

impl Metrics {
    /// Counts a request answered on `route` with `status` after `took`.
    pub fn observe(&self, route: &str, status: u16, took: Duration) {
        // A poisoned lock holds whole counts: each is written in one step.
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests.entry((route.to_string(), status)).or_default() += 1;
        drop(requests);
        let mut latency = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        latency
            .entry(route.to_string())
            .or_default()
            .observe(took.as_secs_f64());
    }

    /// Counts documents added.
    pub fn added(&self, n: u64) {
        self.added.fetch_add(n, Ordering::Relaxed);
    }

    /// The text format, with what the index holds now.
    pub fn render(&self, stats: &Stats) -> String {
        let mut out = String::new();
        let gauge = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        };
        gauge(
            &mut out,
            "retold_documents",
            "Documents the index holds.",
            stats.documents,
        );
        gauge(
            &mut out,
            "retold_links",
            "Links the index holds.",
            stats.links,
        );
        gauge(
            &mut out,
            "retold_stories",
            "Stories the index holds (a document alone is a story of one).",
            stats.stories,
        );
        let _ = writeln!(
            out,
            "# HELP retold_documents_added_total Documents added through the API.\n\
             # TYPE retold_documents_added_total counter\n\
             retold_documents_added_total {}",
            self.added.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP retold_requests_total Requests answered, by route and status.\n\
             # TYPE retold_requests_total counter"
        );
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        for ((route, status), n) in requests.iter() {
            let _ = writeln!(
                out,
                "retold_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        drop(requests);
        let _ = writeln!(
            out,
            "# HELP retold_request_seconds Time to answer a request, by route.\n\
             # TYPE retold_request_seconds histogram"
        );
        let latency = self.latency.lock().unwrap_or_else(|e| e.into_inner());
        for (route, h) in latency.iter() {
            let route = label(route);
            let mut below = 0;
            for (bound, n) in BOUNDS.iter().zip(&h.buckets) {
                below += n;
                let _ = writeln!(
                    out,
                    "retold_request_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {below}"
                );
            }
            let _ = writeln!(
                out,
                "retold_request_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 retold_request_seconds_sum{{route=\"{route}\"}} {}\n\
                 retold_request_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        out
    }
}

/// A label value escaped as the text format asks.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets_add_up() {
        let m = Metrics::default();
        m.observe("/v1/match", 200, Duration::from_millis(3));
        m.observe("/v1/match", 200, Duration::from_millis(30));
        m.observe("/v1/match", 400, Duration::from_secs(20));
        m.added(7);
        let text = m.render(&Stats {
            documents: 5,
            stories: 2,
            links: 9,
        });
        assert!(text.contains("retold_documents 5\n"), "{text}");
        assert!(text.contains("retold_documents_added_total 7\n"), "{text}");
        assert!(text.contains("retold_requests_total{route=\"/v1/match\",status=\"200\"} 2\n"));
        assert!(
            text.contains("retold_request_seconds_bucket{route=\"/v1/match\",le=\"0.005\"} 1\n")
        );
        assert!(text.contains("retold_request_seconds_bucket{route=\"/v1/match\",le=\"0.05\"} 2\n"));
        assert!(text.contains("retold_request_seconds_bucket{route=\"/v1/match\",le=\"10\"} 2\n"));
        assert!(text.contains("retold_request_seconds_bucket{route=\"/v1/match\",le=\"+Inf\"} 3\n"));
        assert!(text.contains("retold_request_seconds_count{route=\"/v1/match\"} 3\n"));
    }

    #[test]
    fn labels_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
