//! The HTTP API's handlers: JSON in, JSON out, errors as `{"error": "..."}` with their status.
//!
//! The index work is blocking (redb, alignment), so each handler hands it to tokio's blocking
//! pool; redb lets reads run beside the one writer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::matched::matched_json;
use super::view::story_view;
use super::App;
use crate::error::Error;
use crate::extract::extract;
use crate::index::store::{Lookup, StoryInfo};
use crate::model::{Article, Origin, Place, Problem};
use crate::read::FieldMap;

/// An API error: a status and a message.
pub struct ApiError(pub StatusCode, pub String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({"error": self.1}))).into_response()
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
    }
}

type ApiResult = Result<Response, ApiError>;

/// Runs blocking index work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
}

/// The body as JSON: a body past the limit is 413, broken JSON 400.
fn json_body(body: Result<Bytes, BytesRejection>) -> Result<Value, ApiError> {
    let bytes = body.map_err(|r| ApiError(r.status(), r.body_text()))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, format!("broken JSON: {e}")))
}

/// One document object of a request → an extracted article. A document without text is
/// 422; anything else wrong with it, 400.
fn article(doc: Value, n: usize, fields: &FieldMap) -> Result<Article, ApiError> {
    let origin = Origin {
        path: "request".into(),
        place: Place::Line(n as u64 + 1),
    };
    let status = |p: Problem| match p {
        Problem::Empty => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::BAD_REQUEST,
    };
    let record = fields
        .record(doc, origin)
        .map_err(|w| ApiError(status(w.problem), w.to_string()))?;
    extract(record).map_err(|w| ApiError(status(w.problem), w.to_string()))
}

/// `GET /healthz`.
pub async fn healthz() -> &'static str {
    "ok"
}

/// `GET /v1/stats`.
pub async fn stats(State(app): State<Arc<App>>) -> ApiResult {
    let stats = blocking(move || Ok(app.store.stats()?)).await?;
    Ok(Json(stats).into_response())
}

/// `POST /v1/documents`: one document object, an array of them, or `{"documents": [...]}`.
pub async fn add_documents(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let value = json_body(body)?;
    let docs = match value {
        Value::Array(docs) => docs,
        Value::Object(mut o) if o.get("documents").is_some_and(Value::is_array) => {
            match o.remove("documents") {
                Some(Value::Array(docs)) => docs,
                _ => Vec::new(),
            }
        }
        Value::Object(o) => vec![Value::Object(o)],
        _ => {
            return Err(ApiError(
                StatusCode::BAD_REQUEST,
                "expected a document object, an array of them, or {\"documents\": [...]}".into(),
            ))
        }
    };
    if docs.is_empty() {
        return Err(ApiError(StatusCode::BAD_REQUEST, "no documents".into()));
    }
    let fields = FieldMap::default();
    let articles = docs
        .into_iter()
        .enumerate()
        .map(|(n, d)| article(d, n, &fields))
        .collect::<Result<Vec<_>, _>>()?;
    let done = blocking(move || {
        let docs = articles
            .into_iter()
            .map(|a| app.indexer.newcomer(a))
            .collect();
        let placed = app.indexer.add(&app.store, docs)?;
        let r = app.store.read()?;
        let mut out = Vec::new();
        for o in &placed {
            let story = r.story_of(o.doc)?.unwrap_or(o.doc);
            out.push(json!({"id": o.id, "added": o.added, "story": story}));
        }
        Ok(out)
    })
    .await?;
    let added = done.iter().filter(|d| d["added"] == true).count();
    let status = if added > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({"added": added, "present": done.len() - added, "documents": done})),
    )
        .into_response())
}

/// `POST /v1/match`: one document in; its relations, story, original and changes out.
pub async fn match_document(
    State(app): State<Arc<App>>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let value = json_body(body)?;
    if !value.is_object() {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "expected one document object".into(),
        ));
    }
    let article = article(value, 0, &FieldMap::default())?;
    let out = blocking(move || Ok(matched_json(&app, &article)?)).await?;
    Ok(Json(out).into_response())
}

/// Paging and filters of `GET /v1/stories`.
#[derive(Debug, Deserialize)]
pub struct StoriesQuery {
    page: Option<usize>,
    per_page: Option<usize>,
    site: Option<String>,
    q: Option<String>,
}

/// Most stories a page of `GET /v1/stories` returns.
pub const MAX_PER_PAGE: usize = 200;

/// `GET /v1/stories`: stories of two or more documents, newest first.
pub async fn stories(State(app): State<Arc<App>>, Query(query): Query<StoriesQuery>) -> ApiResult {
    let mut all: Vec<StoryInfo> = blocking(move || Ok(app.store.story_infos()?)).await?;
    let site = query.site.as_deref().map(str::to_lowercase);
    let text = query.q.as_deref().map(str::to_lowercase);
    all.retain(|s| {
        let site_ok = site
            .as_deref()
            .is_none_or(|x| x.is_empty() || s.sites.iter().any(|y| y.to_lowercase() == x));
        let text_ok = text.as_deref().is_none_or(|t| {
            t.is_empty()
                || s.headline
                    .as_deref()
                    .is_some_and(|h| h.to_lowercase().contains(t))
        });
        site_ok && text_ok
    });
    all.sort_by(|x, y| {
        y.newest
            .cmp(&x.newest)
            .then(y.size.cmp(&x.size))
            .then(x.id.cmp(&y.id))
    });
    let per_page = query.per_page.unwrap_or(50).clamp(1, MAX_PER_PAGE);
    let page = query.page.unwrap_or(1).max(1);
    let total = all.len();
    let shown: Vec<StoryInfo> = all
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    Ok(
        Json(json!({"page": page, "per_page": per_page, "total": total, "stories": shown}))
            .into_response(),
    )
}

/// `GET /v1/stories/{id}`.
pub async fn story(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let id: u32 = id
        .parse()
        .map_err(|_| ApiError(StatusCode::NOT_FOUND, format!("no story {id}")))?;
    let view = blocking(move || {
        let r = app.store.read()?;
        Ok(story_view(&r, &app.indexer, id)?
            .map(|v| v.json())
            .transpose()?)
    })
    .await?;
    match view {
        Some(v) => Ok(Json(v).into_response()),
        None => Err(ApiError(StatusCode::NOT_FOUND, format!("no story {id}"))),
    }
}

/// `GET /v1/documents/{id}`.
pub async fn document(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let shown = id.clone();
    let doc = blocking(move || {
        let r = app.store.read()?;
        let Some(at) = r.doc_by_id(&id)? else {
            return Ok(None);
        };
        let Some(doc) = r.doc(at)? else {
            return Ok(None);
        };
        let mut links = Vec::new();
        for o in r.linked(at)? {
            if let (Some(link), Some(other)) = (r.link(at, o)?, r.meta(o)?) {
                links.push(json!({"id": other.id, "relation": link.relation, "score": link.score}));
            }
        }
        let m = doc.meta;
        Ok(Some(json!({
            "id": m.id, "url": m.url, "site": m.site, "title": m.title,
            "published": m.published.map(|p| p.1), "chars": m.chars, "credits": m.credits,
            "text": doc.text, "story": r.story_of(at)?.unwrap_or(at), "links": links,
        })))
    })
    .await?;
    match doc {
        Some(d) => Ok(Json(d).into_response()),
        None => Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("no document {shown}"),
        )),
    }
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such route".into())
}
