//! `GET /types/metadata`: the host's API description, as a ServiceStack host serves it, so
//! that `jsv codegen` (and ServiceStack's own "Add Reference" tools) can generate DTOs from
//! this server.
//!
//! The document is the Evo Voice session API (`src/evo_voice/evo-voice-sessions.metadata.json`,
//! the same file the `evo_voice` module is generated from). It is answered in JSON, or in
//! JSV for `?format=jsv`, a `.jsv` suffix (`/types/metadata.jsv`) or an `Accept` header
//! naming `application/jsv` or `text/jsv`; `?format=json` and `.json` force JSON.

use std::sync::OnceLock;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The metadata document, as committed (JSON).
const METADATA_JSON: &str = include_str!("../evo_voice/evo-voice-sessions.metadata.json");

/// The routes of the metadata service, for any router state.
pub(crate) fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/types/metadata",
            get(|request: Request| async move { answer(&request, None) }),
        )
        .route(
            "/types/metadata.json",
            get(|request: Request| async move { answer(&request, Some(false)) }),
        )
        .route(
            "/types/metadata.jsv",
            get(|request: Request| async move { answer(&request, Some(true)) }),
        )
}

/// The document in JSV, converted once from the JSON (member order kept).
fn metadata_jsv() -> Result<&'static str, String> {
    static JSV: OnceLock<Result<String, String>> = OnceLock::new();
    JSV.get_or_init(|| {
        let value: serde_json::Value =
            serde_json::from_str(METADATA_JSON).map_err(|err| err.to_string())?;
        crate::to_string(&value).map_err(|err| err.to_string())
    })
    .as_deref()
    .map_err(Clone::clone)
}

/// Whether the caller asked for JSV: the path suffix first, then `?format=`, then `Accept`.
fn wants_jsv(request: &Request, suffix: Option<bool>) -> bool {
    if let Some(jsv) = suffix {
        return jsv;
    }
    let format = request.uri().query().and_then(|query| {
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            key.eq_ignore_ascii_case("format").then_some(value)
        })
    });
    if let Some(format) = format {
        return format
            .split('.')
            .next()
            .is_some_and(|f| f.eq_ignore_ascii_case("jsv"));
    }
    request
        .headers()
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|range| range.split(';').next().unwrap_or_default().trim())
        .any(|media| {
            media.eq_ignore_ascii_case("application/jsv") || media.eq_ignore_ascii_case("text/jsv")
        })
}

fn answer(request: &Request, suffix: Option<bool>) -> Response {
    let (body, content_type) = if wants_jsv(request, suffix) {
        match metadata_jsv() {
            Ok(jsv) => (jsv, "application/jsv; charset=utf-8"),
            Err(err) => {
                return (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("metadata: {err}"),
                )
                    .into_response();
            }
        }
    } else {
        (METADATA_JSON, "application/json; charset=utf-8")
    };
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
