//! What stands between the network and the handlers: the URI length, the bearer token of the
//! write routes, each client's request rate, and the time a request may take.
//!
//! Every refusal is JSON with a message, as every other error of the API. A timed-out
//! request is answered 503, but its work is not undone: an ingest still commits (a retry then
//! adds nothing), so a client may always retry.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::ApiError;

/// The longest request target (path and query) answered: past it, 414. (hyper refuses one
/// past 64 KiB before any handler runs, with an empty body.)
pub const MAX_URI: usize = 8 << 10;

/// How many clients the rate limiter remembers before it forgets the idle ones.
const CLIENTS: usize = 10_000;

/// The limits a server keeps.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    /// The bearer token write routes require, if any.
    pub token: Option<String>,
    /// Requests a second each client may make (a burst of as many is allowed); 0: no limit.
    pub rate: u32,
    /// The longest a request may take before it is answered 503.
    pub timeout: Option<Duration>,
}

/// The limits with the state they keep: each client's allowance.
pub struct Guard {
    limits: Limits,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

/// A client's allowance: requests it may still make, as of `at`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Guard {
    /// A guard keeping `limits`.
    pub fn new(limits: Limits) -> Guard {
        Guard {
            limits,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `client` may make a request now (and counts it when it may); with the seconds
    /// until it may, when not.
    fn admit(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let rate = f64::from(self.limits.rate);
        if rate <= 0.0 {
            return Ok(());
        }
        // A poisoned lock holds whole buckets: each is written in one step.
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= CLIENTS && !buckets.contains_key(&client) {
            // Forget the clients whose allowance is whole again: they lose nothing.
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * rate < rate);
        }
        let b = buckets.entry(client).or_insert(Bucket {
            tokens: rate,
            at: now,
        });
        b.tokens = (b.tokens + now.duration_since(b.at).as_secs_f64() * rate).min(rate);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / rate).ceil().max(1.0) as u64)
        }
    }

    /// Whether a request carries the token, when one is required.
    fn authorised(&self, request: &Request) -> bool {
        let Some(token) = &self.limits.token else {
            return true;
        };
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        same_bytes(given.trim().as_bytes(), token.as_bytes())
    }
}

/// Compares two secrets in time that depends on their lengths only.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Whether a request writes to the index.
fn writes(request: &Request) -> bool {
    request.method() == Method::POST && request.uri().path() == "/v1/documents"
}

/// The middleware: refuses what the limits refuse, else runs the request within its time.
pub async fn guard(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let target = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if target > MAX_URI {
        let message = format!("the request target is {target} bytes; the most is {MAX_URI}");
        return ApiError(StatusCode::URI_TOO_LONG, message).into_response();
    }
    if writes(&request) && !guard.authorised(&request) {
        let mut refused = ApiError(
            StatusCode::UNAUTHORIZED,
            "this route needs the server's token: Authorization: Bearer TOKEN".into(),
        )
        .into_response();
        refused.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer"),
        );
        return refused;
    }
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(client) = client {
        if let Err(wait) = guard.admit(client, Instant::now()) {
            let message = format!(
                "more than {} requests a second from {client}; retry in {wait} s",
                guard.limits.rate
            );
            let mut refused = ApiError(StatusCode::TOO_MANY_REQUESTS, message).into_response();
            refused
                .headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from(wait));
            return refused;
        }
    }
    match guard.limits.timeout {
        Some(limit) => match tokio::time::timeout(limit, next.run(request)).await {
            Ok(response) => response,
            Err(_) => ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "the request took longer than {} s; work already begun may still finish, and a retry is safe",
                    limit.as_secs_f64()
                ),
            )
            .into_response(),
        },
        None => next.run(request).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_past_its_rate_waits_and_others_do_not() {
        let guard = Guard::new(Limits {
            rate: 2,
            ..Limits::default()
        });
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t = Instant::now();
        assert!(guard.admit(a, t).is_ok());
        assert!(guard.admit(a, t).is_ok());
        assert_eq!(guard.admit(a, t), Err(1));
        assert!(
            guard.admit(b, t).is_ok(),
            "another client has its own allowance"
        );
        assert!(guard.admit(a, t + Duration::from_millis(600)).is_ok());
    }

    #[test]
    fn no_rate_admits_everything() {
        let guard = Guard::new(Limits::default());
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let t = Instant::now();
        assert!((0..1000).all(|_| guard.admit(a, t).is_ok()));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_bytes(b"s3cret", b"s3cret"));
        assert!(!same_bytes(b"s3cres", b"s3cret"));
        assert!(!same_bytes(b"s3cre", b"s3cret"));
        assert!(!same_bytes(b"", b"s3cret"));
    }
}
