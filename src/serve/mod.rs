//! Owns serving: the HTTP API and the web page over the persistent index.
//!
//! axum on tokio. Routes: `POST /v1/documents` (ingest), `POST /v1/match` (match, store
//! nothing), `GET /v1/stories` (paged, newest first, `site` and `q` filters),
//! `GET /v1/stories/{id}`, `GET /v1/documents/{id}`, `GET /v1/stats`, `GET /healthz`,
//! `GET /v1/openapi.json`; the web page at `/` (with `/app.js`, `/style.css`) and a story's
//! page at `/stories/{id}` (the report's story page). Errors are JSON with a message and the
//! status: 400 bad JSON, 404, 413 past the body limit, 422 a document without text. Binds
//! to loopback unless told otherwise.

pub mod api;
pub mod guard;
pub mod matched;
pub mod metrics;
pub mod view;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::rejection::PathRejection;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::error::{Error, Result};
use crate::index::store::Store;
use crate::output::html::story_html;
use crate::pipeline::ingest::{Indexer, IngestOptions};
use api::ApiError;
use guard::{Guard, Limits};
use metrics::Metrics;

/// The default address: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The default largest request body: 8 MiB, room for a batch of articles.
pub const DEFAULT_BODY_LIMIT: usize = 8 << 20;

/// The default longest time a request may take before it is answered 503.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How a server listens and what it allows.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// The largest request body, in bytes.
    pub body_limit: usize,
    /// The token, rate and time limits.
    pub limits: Limits,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            addr: DEFAULT_ADDR.parse().expect("the default address parses"),
            body_limit: DEFAULT_BODY_LIMIT,
            limits: Limits {
                timeout: Some(DEFAULT_TIMEOUT),
                ..Limits::default()
            },
        }
    }
}

/// What the handlers share.
pub struct App {
    /// The index.
    pub store: Store,
    /// How documents are matched and stored.
    pub indexer: Indexer,
    /// What the server has done, for `/metrics`.
    pub metrics: Metrics,
}

/// The router over an index (tests drive it directly).
pub fn router(app: Arc<App>, body_limit: usize, limits: Limits) -> Router {
    let guard = Arc::new(Guard::new(limits));
    Router::new()
        .route("/", get(index_page))
        .route("/app.js", get(app_js))
        .route("/style.css", get(style_css))
        .route("/stories/{id}", get(story_page))
        .route("/healthz", get(api::healthz))
        .route("/v1/stats", get(api::stats))
        .route("/v1/documents", post(api::add_documents))
        .route("/v1/documents/{id}", get(api::document))
        .route("/v1/match", post(api::match_document))
        .route("/v1/stories", get(api::stories))
        .route("/v1/stories/{id}", get(api::story))
        .route("/v1/openapi.json", get(openapi))
        .route("/metrics", get(metrics_text))
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(from_fn_with_state(guard, guard::guard))
        .layer(from_fn_with_state(Arc::clone(&app), observed))
        .with_state(app)
}

/// Counts every request with its route, status and time, for `/metrics`.
async fn observed(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("other", |p| p.as_str())
        .to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    app.metrics
        .observe(&route, response.status().as_u16(), started.elapsed());
    response
}

/// `GET /metrics`: the Prometheus text format.
async fn metrics_text(State(app): State<Arc<App>>) -> Response {
    let shown = tokio::task::spawn_blocking(move || {
        app.store.stats().map(|stats| app.metrics.render(&stats))
    })
    .await;
    match shown {
        Ok(Ok(text)) => (
            [(
                header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Ok(Err(e)) => ApiError::from(e).into_response(),
        Err(e) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Serves `store` as `options` say until interrupted (Ctrl-C or SIGTERM). `on_listen` is told
/// the address bound (the port, when 0 was asked for).
pub fn serve(
    store: Store,
    options: ServeOptions,
    on_listen: impl FnOnce(SocketAddr),
) -> Result<()> {
    let ServeOptions {
        addr,
        body_limit,
        limits,
    } = options;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("tokio runtime", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io(addr.to_string(), e))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::io(addr.to_string(), e))?;
        on_listen(bound);
        let indexer = Indexer::open(&store, &IngestOptions::default())?;
        let app = Arc::new(App {
            store,
            indexer,
            metrics: Metrics::default(),
        });
        let service =
            router(app, body_limit, limits).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(stopped())
            .await
            .map_err(|e| Error::io(bound.to_string(), e))
    })
}

/// Resolves on Ctrl-C or SIGTERM, so that the index is closed cleanly either way (an index
/// left open is repaired, slowly, on its next open).
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

const INDEX_HTML: &str = include_str!("page.html");
const APP_JS: &str = include_str!("app.js");
const STYLE_CSS: &str = include_str!("style.css");
const OPENAPI: &str = include_str!("openapi.json");

async fn index_page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        INDEX_HTML,
    )
        .into_response()
}

async fn app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
        .into_response()
}

async fn style_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLE_CSS,
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `/stories/{id}`: the report's story page, read from the index.
async fn story_page(
    State(app): State<Arc<App>>,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let id = match api::path_of(id) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    let Ok(n) = id.parse::<u32>() else {
        return ApiError(StatusCode::NOT_FOUND, format!("no story {id}")).into_response();
    };
    let page = tokio::task::spawn_blocking(move || -> Result<Option<String>> {
        let r = app.store.read()?;
        Ok(view::story_view(&r, &app.indexer, n)?
            .map(|v| story_html(&v.docs, &v.story, n as usize, "")))
    })
    .await;
    match page {
        Ok(Ok(Some(html))) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
        }
        Ok(Ok(None)) => ApiError(StatusCode::NOT_FOUND, format!("no story {n}")).into_response(),
        Ok(Err(e)) => ApiError::from(e).into_response(),
        Err(e) => ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}
