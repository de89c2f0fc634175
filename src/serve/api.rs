//! The HTTP API's handlers: JSON in, JSON out, errors as `{"error": "..."}` with their status.
//!
//! The index work is blocking (redb, alignment), so each handler hands it to tokio's blocking
//! pool; redb lets reads run beside the one writer.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
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
use crate::read::{content_id, flatten, FieldMap};

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

/// One document object of a request → an extracted article, or the status and reason it
/// is turned down for: 422 for a document without text, 400 for anything else. A document
/// without an id is named by its content ([`content_id`]), so posting it again adds nothing.
fn article(doc: Value, n: usize, fields: &FieldMap) -> Result<Article, ApiError> {
    let origin = Origin {
        path: "request".into(),
        place: Place::Line(n as u64 + 1),
    };
    let status = |p: Problem| match p {
        Problem::Empty => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::BAD_REQUEST,
    };
    if let Value::Object(object) = &doc {
        fields
            .check_types(object)
            .map_err(|reason| ApiError(StatusCode::BAD_REQUEST, format!("{origin}: {reason}")))?;
    }
    let mut record = fields
        .record(doc, origin)
        .map_err(|w| ApiError(status(w.problem), w.to_string()))?;
    if !record.named {
        record.id = content_id(&record);
    }
    // A page past the depth or size limits is read as text: the request's work stays bounded.
    let _ = flatten::bound_html(&mut record);
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
    let mut answers: Vec<Value> = vec![Value::Null; docs.len()];
    let mut articles = Vec::with_capacity(docs.len());
    let mut first_error = None;
    for (n, doc) in docs.into_iter().enumerate() {
        match article(doc, n, &fields) {
            Ok(a) => articles.push((n, a)),
            Err(ApiError(status, reason)) => {
                answers[n] = json!({"index": n, "status": "rejected", "added": false,
                    "code": status.as_u16(), "error": reason});
                first_error.get_or_insert(ApiError(status, reason));
            }
        }
    }
    // A request of one document, turned down: its error, with its status.
    if articles.is_empty() && answers.len() == 1 {
        if let Some(e) = first_error {
            return Err(e);
        }
    }
    let counted = Arc::clone(&app);
    let done = blocking(move || {
        let (places, articles): (Vec<usize>, Vec<Article>) = articles.into_iter().unzip();
        let newcomers = articles
            .into_iter()
            .map(|a| app.indexer.newcomer(a))
            .collect();
        let placed = app.indexer.add(&app.store, newcomers)?;
        let r = app.store.read()?;
        for (n, o) in places.into_iter().zip(&placed) {
            let story = r.story_of(o.doc)?.unwrap_or(o.doc);
            answers[n] = if o.added {
                let copy_of = match o.same_text {
                    Some(d) => r.meta(d)?.map(|m| m.id),
                    None => None,
                };
                json!({"index": n, "id": o.id, "status": "added", "added": true,
                    "story": story, "links": o.links, "exact_copy_of": copy_of})
            } else {
                let held = r.meta(o.doc)?.map_or_else(|| o.id.clone(), |m| m.id);
                json!({"index": n, "id": o.id, "status": "present", "added": false,
                    "story": story, "present_as": held})
            };
        }
        Ok(answers)
    })
    .await?;
    let count = |status: &str| done.iter().filter(|d| d["status"] == status).count();
    let (added, present, rejected) = (count("added"), count("present"), count("rejected"));
    counted.metrics.added(added as u64);
    let status = if added > 0 {
        StatusCode::CREATED
    } else if present > 0 {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut answer = json!({"added": added, "present": present, "rejected": rejected,
        "documents": done});
    if added + present == 0 {
        answer["error"] = json!(format!("all {rejected} documents were rejected"));
    }
    Ok((status, Json(answer)).into_response())
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

/// Paging and filters of `GET /v1/stories`, as written (checked before use).
#[derive(Debug, Deserialize)]
pub struct StoriesQuery {
    page: Option<String>,
    per_page: Option<String>,
    site: Option<String>,
    q: Option<String>,
}

/// Most stories a page of `GET /v1/stories` returns.
pub const MAX_PER_PAGE: usize = 200;

/// Most story listings one request of `GET /v1/stories` reads: past it, a filtered listing
/// answers with what it found and says it is not complete.
pub const MAX_SCANNED: usize = 50_000;

/// The last page number `GET /v1/stories` takes (a page past what [`MAX_SCANNED`] reaches
/// is empty and not complete).
pub const MAX_PAGE: usize = 10_000;

/// A checked page request.
struct Paging {
    page: usize,
    per_page: usize,
}

impl Paging {
    /// The page and its size, each a whole number in its range, else a 400 naming it.
    fn of(query: &StoriesQuery) -> Result<Paging, ApiError> {
        let number = |name: &str, value: &Option<String>, default: usize, max: usize| {
            let Some(v) = value else {
                return Ok(default);
            };
            match v.parse::<usize>() {
                Ok(n) if (1..=max).contains(&n) => Ok(n),
                _ => Err(ApiError(
                    StatusCode::BAD_REQUEST,
                    format!("{name} must be a whole number from 1 to {max}, not {v:?}"),
                )),
            }
        };
        let per_page = number("per_page", &query.per_page, 50, MAX_PER_PAGE)?;
        let page = number("page", &query.page, 1, MAX_PAGE)?;
        Ok(Paging { page, per_page })
    }
}

/// `GET /v1/stories`: stories of two or more documents, newest first, read in that order
/// from the index's ordered listing (no request sorts or loads every story).
pub async fn stories(
    State(app): State<Arc<App>>,
    query: Result<Query<StoriesQuery>, QueryRejection>,
) -> ApiResult {
    let Query(query) = query.map_err(|r| ApiError(StatusCode::BAD_REQUEST, r.body_text()))?;
    let paging = Paging::of(&query)?;
    let site = query
        .site
        .as_deref()
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty());
    let text = query
        .q
        .as_deref()
        .map(str::to_lowercase)
        .filter(|s| !s.is_empty());
    let keep = move |s: &StoryInfo| {
        let site_ok = site
            .as_deref()
            .is_none_or(|x| s.sites.iter().any(|y| y.to_lowercase() == x));
        let text_ok = text.as_deref().is_none_or(|t| {
            s.headline
                .as_deref()
                .is_some_and(|h| h.to_lowercase().contains(t))
        });
        site_ok && text_ok
    };
    let Paging { page, per_page } = paging;
    let (shown, total, complete) = blocking(move || {
        let skip = (page - 1) * per_page;
        Ok(app.store.story_page(keep, skip, per_page, MAX_SCANNED)?)
    })
    .await?;
    Ok(
        Json(json!({"page": page, "per_page": per_page, "total": total,
        "complete": complete, "stories": shown}))
        .into_response(),
    )
}

/// `GET /v1/stories/{id}`.
pub async fn story(
    State(app): State<Arc<App>>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let id = path_of(id)?;
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
pub async fn document(
    State(app): State<Arc<App>>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let id = path_of(id)?;
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

/// A path's parameter, or a 400 saying why it could not be read (a bad percent escape).
pub fn path_of(id: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    id.map(|Path(id)| id)
        .map_err(|r| ApiError(StatusCode::BAD_REQUEST, r.body_text()))
}

/// A route asked with a method it does not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError(
        StatusCode::METHOD_NOT_ALLOWED,
        "this route does not take that method".into(),
    )
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such route".into())
}
