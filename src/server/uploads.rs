//! Attachments on a session: a `multipart/form-data` upload route, the other side of the
//! client's `post_file_with_request`.
//!
//! | method | route | |
//! |---|---|---|
//! | `POST` | `/sessions/{sessionId}/attachments` | [`UploadAttachment`] and one or more files: answers [`UploadAttachmentResponse`] |
//! | `GET` | `/sessions/{sessionId}/attachments/{attachmentId}` | the stored file, as it was sent, with its `Content-Type` |
//!
//! The text parts bind to the DTO as a ServiceStack host binds a form (names in any case,
//! JSV values read as JSV), the path's `{sessionId}` over them. Every part with a file name
//! is a file, read as it arrives. An upload whose body passes
//! [`SessionServer::upload_limit`](super::SessionServer::upload_limit) (16 MiB by default) is
//! refused with 413 `RequestEntityTooLarge`: its bytes past the limit are read and dropped
//! (up to 64 MiB more, then the connection is cut) so that a client still sending gets the
//! answer, not a reset connection. The server keeps the newest attachments up to
//! [`SessionServer::attachment_limit`](super::SessionServer::attachment_limit) bytes in all
//! (256 MiB by default) and forgets the oldest beyond it, so that a long-running mock host's
//! memory stays bounded; a forgotten attachment's download answers 404.

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody, to_bytes};
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::errors::{ApiError, FieldError};
use super::negotiate::{
    Format, FormatHints, bind, content_type_header, encode, merge, pairs_to_map, parse_urlencoded,
    response_format,
};
use crate::Map;
use crate::request::{Method, Route, ServiceStackRequest};

/// The default limit on an upload's body: 16 MiB.
pub(crate) const DEFAULT_UPLOAD_LIMIT: usize = 16 << 20;

/// How many bytes of attachments are kept by default: sixteen uploads at the upload limit.
pub(crate) const DEFAULT_ATTACHMENT_LIMIT: usize = 256 << 20;

/// How much of an upload past the limit is read (and dropped) before answering 413.
const DRAIN_LIMIT: u64 = 64 << 20;

/// The most of an upload's body after its closing boundary (the epilogue, the end of a
/// chunked body) that is read before answering; past it, the connection is closed.
const EPILOGUE_LIMIT: usize = 64 << 10;

/// An upload's body, read by the multipart parser through one handle and finished through
/// the other. The parser stops at the closing boundary; the rest (the `0` chunk that ends a
/// chunked body, often on its own packet) is read before the answer goes out. Otherwise
/// hyper, finding the body unfinished, closes the connection after answering, while the
/// client may already be sending its next request on it: that request would fail with
/// "connection closed before message completed".
#[derive(Clone)]
struct SharedBody(Arc<Mutex<Body>>);

impl SharedBody {
    fn new(body: Body) -> SharedBody {
        SharedBody(Arc::new(Mutex::new(body)))
    }

    fn lock(&self) -> MutexGuard<'_, Body> {
        self.0.lock().unwrap_or_else(|poison| poison.into_inner())
    }

    /// Reads what the parser left (up to [`EPILOGUE_LIMIT`]) and drops it.
    async fn finish(&self) {
        let rest = std::mem::take(&mut *self.lock());
        // Too much left, or a broken body: hyper closes the connection, as it would have.
        let _ = to_bytes(rest, EPILOGUE_LIMIT).await;
    }
}

impl HttpBody for SharedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut *self.lock()).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.lock().is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.lock().size_hint()
    }
}

/// Attaches the uploaded files to a session: `POST /sessions/{sessionId}/attachments`, sent
/// as `multipart/form-data` with the files (see
/// [`JsvClient::post_file_with_request`](crate::client::JsvClient::post_file_with_request)).
///
/// ```
/// use serde_jsv::server::UploadAttachment;
///
/// let request = UploadAttachment::new("session-1").description("the transcript");
/// assert_eq!(
///     serde_jsv::to_string(&request)?,
///     "{sessionId:session-1,description:the transcript}"
/// );
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UploadAttachment {
    /// The session the files are attached to.
    pub session_id: String,
    /// A description kept with each file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl UploadAttachment {
    /// An upload to the session `session_id`.
    pub fn new(session_id: impl Into<String>) -> UploadAttachment {
        UploadAttachment {
            session_id: session_id.into(),
            description: None,
        }
    }

    /// Describes the files.
    pub fn description(mut self, text: impl Into<String>) -> UploadAttachment {
        self.description = Some(text.into());
        self
    }
}

impl ServiceStackRequest for UploadAttachment {
    type Response = UploadAttachmentResponse;
    const TYPE_NAME: &'static str = "UploadAttachment";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[Route::new(
        "/sessions/{sessionId}/attachments",
        &[Method::Post],
    )];
}

/// The answer to [`UploadAttachment`]: what was stored, one entry per file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct UploadAttachmentResponse {
    /// The session.
    pub session_id: String,
    /// The files, in the order they were sent.
    pub attachments: Vec<SessionAttachment>,
}

/// A file attached to a session.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionAttachment {
    /// Its ID (`attachment-1`, `attachment-2`, … on the server), for
    /// `GET /sessions/{sessionId}/attachments/{attachmentId}`.
    pub id: String,
    /// The form field it came in.
    pub field_name: String,
    /// The file name it was sent with.
    pub file_name: String,
    /// Its `Content-Type` as sent (`application/octet-stream` when none was).
    pub content_type: String,
    /// Its length in bytes.
    pub content_length: u64,
    /// The upload's description, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// An attachment and its bytes.
struct Stored {
    session_id: String,
    info: SessionAttachment,
    content: Bytes,
}

/// The attachments kept, oldest first, and what they hold in all.
#[derive(Default)]
struct Attachments {
    stored: VecDeque<Stored>,
    bytes: usize,
    /// How many attachments were ever stored: the next ID is one more, so that an ID is
    /// never given twice, even after older attachments were forgotten.
    count: u64,
}

impl Attachments {
    /// Keeps `new` (the files of one upload), then forgets the oldest attachments while more
    /// than `limit` bytes are kept, never one of `new`.
    fn keep(&mut self, new: Vec<Stored>, limit: usize) {
        let older = self.stored.len();
        for stored in new {
            self.bytes += stored.content.len();
            self.stored.push_back(stored);
        }
        for _ in 0..older {
            if self.bytes <= limit {
                break;
            }
            if let Some(oldest) = self.stored.pop_front() {
                self.bytes -= oldest.content.len();
            }
        }
    }
}

#[derive(Clone)]
struct UploadState {
    app: AppState,
    attachments: Arc<Mutex<Attachments>>,
}

/// The attachment routes, for the session server's router.
pub(crate) fn router<S>(app: AppState) -> Router<S> {
    let state = UploadState {
        app,
        attachments: Arc::default(),
    };
    Router::new()
        .route(
            "/sessions/{session_id}/attachments",
            post(upload).layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/sessions/{session_id}/attachments/{attachment_id}",
            get(download),
        )
        .with_state(state)
}

/// The format to answer in: `?format=`, else `Accept`.
fn format_of(app: &AppState, query: Option<&str>, headers: &HeaderMap) -> Format {
    let query_format = query
        .map(parse_urlencoded)
        .unwrap_or_default()
        .into_iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("format"))
        .and_then(|(_, value)| Format::from_name(&value));
    let hints = FormatHints {
        query: query_format,
        ..FormatHints::default()
    };
    response_format(hints, headers, app.config.accept_mode)
}

fn authorize(app: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    match &app.config.bearer_token {
        Some(expected) if super::routes::bearer_token(headers) != Some(expected.as_str()) => {
            Err(ApiError::unauthorized())
        }
        _ => Ok(()),
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLarge",
        format!("The upload is larger than the {limit}-byte limit"),
    )
}

async fn upload(
    State(state): State<UploadState>,
    Path(session_id): Path<String>,
    request: Request,
) -> Response {
    let format = format_of(&state.app, request.uri().query(), request.headers());
    match receive(&state, session_id, request).await {
        Ok(answer) => match encode(&answer, format) {
            Ok(bytes) => {
                let mut response = (StatusCode::OK, bytes).into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, content_type_header(format));
                response
            }
            Err(message) => ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "SerializationException",
                message,
            )
            .into_response(format, state.app.config.error_case),
        },
        Err(error) => {
            let mut response = error.into_response(format, state.app.config.error_case);
            if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
                // The rest of the body is not read: say so, rather than leave the client
                // sending into a connection that is about to close.
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            response
        }
    }
}

/// A file part read so far.
struct Received {
    field_name: String,
    file_name: String,
    content_type: String,
    content: Bytes,
}

async fn receive(
    state: &UploadState,
    session_id: String,
    request: Request,
) -> Result<UploadAttachmentResponse, ApiError> {
    let app = &state.app;
    authorize(app, request.headers())?;
    let limit = app.config.upload_limit;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    // An upload over the limit is read to its end (and dropped) before the 413 goes out,
    // so that clients still sending see the answer rather than a broken connection;
    // beyond `DRAIN_LIMIT` more, the connection is cut.
    let refuse_at = (limit as u64).saturating_add(DRAIN_LIMIT);
    if declared.is_some_and(|length| length > refuse_at) {
        return Err(too_large(limit));
    }
    let mut over = declared.is_some_and(|length| length > limit as u64);
    let query = request
        .uri()
        .query()
        .map(parse_urlencoded)
        .unwrap_or_default();
    let (parts, body) = request.into_parts();
    let body = SharedBody::new(body);
    let request = Request::from_parts(parts, Body::new(body.clone()));
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "NotSupportedException",
                format!(
                    "An upload must be multipart/form-data: {}",
                    rejection.body_text()
                ),
            )
        })?;

    let mut fields = Vec::new();
    let mut files = Vec::new();
    let mut total = 0u64;
    let failed = |err, over| {
        if over {
            too_large(limit)
        } else {
            malformed(err)
        }
    };
    loop {
        let field = multipart
            .next_field()
            .await
            .map_err(|err| failed(err, over))?;
        let Some(mut field) = field else { break };
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let mut content = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|err| failed(err, over))? {
            total += chunk.len() as u64;
            over |= total > limit as u64;
            if total > refuse_at {
                return Err(too_large(limit));
            }
            if !over {
                content.extend_from_slice(&chunk);
            }
        }
        if over {
            continue;
        }
        match file_name {
            Some(file_name) => files.push(Received {
                field_name: name,
                file_name,
                content_type: content_type.unwrap_or_else(|| "application/octet-stream".to_owned()),
                content: Bytes::from(content),
            }),
            None => fields.push((name, String::from_utf8_lossy(&content).into_owned())),
        }
    }
    drop(multipart);
    body.finish().await;

    if over {
        return Err(too_large(limit));
    }
    let mut path = Map::new();
    path.insert("sessionId".to_owned(), session_id.into());
    let members = merge(merge(pairs_to_map(fields), pairs_to_map(query)), path);
    let request: UploadAttachment = bind(members, UploadAttachment::TYPE_NAME)?;
    if request.session_id.is_empty() {
        return Err(ApiError::validation(vec![FieldError {
            code: "NotEmpty",
            field: "SessionId",
            message: "'Session Id' must not be empty.".to_owned(),
        }]));
    }
    if app.store.get(&request.session_id).is_none() {
        return Err(ApiError::not_found(format!(
            "Session '{}' not found",
            request.session_id
        )));
    }
    if files.is_empty() {
        return Err(ApiError::validation(vec![FieldError {
            code: "NotEmpty",
            field: "Files",
            message: "'Files' must not be empty: send at least one file part.".to_owned(),
        }]));
    }

    let mut kept = state
        .attachments
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    let mut attachments = Vec::with_capacity(files.len());
    let mut new = Vec::with_capacity(files.len());
    for file in files {
        kept.count += 1;
        let info = SessionAttachment {
            id: format!("attachment-{}", kept.count),
            field_name: file.field_name,
            file_name: file.file_name,
            content_type: file.content_type,
            content_length: file.content.len() as u64,
            description: request.description.clone(),
        };
        attachments.push(info.clone());
        new.push(Stored {
            session_id: request.session_id.clone(),
            info,
            content: file.content,
        });
    }
    kept.keep(new, app.config.attachment_limit);
    tracing::debug!(
        session = %request.session_id,
        files = attachments.len(),
        bytes = total,
        "attachments stored"
    );
    Ok(UploadAttachmentResponse {
        session_id: request.session_id,
        attachments,
    })
}

fn malformed(err: axum::extract::multipart::MultipartError) -> ApiError {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            err.body_text(),
        );
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "SerializationException",
        format!("The multipart body could not be read: {}", err.body_text()),
    )
}

async fn download(
    State(state): State<UploadState>,
    Path((session_id, attachment_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    let format = format_of(&state.app, request.uri().query(), request.headers());
    if let Err(error) = authorize(&state.app, request.headers()) {
        return error.into_response(format, state.app.config.error_case);
    }
    let kept = state
        .attachments
        .lock()
        .unwrap_or_else(|poison| poison.into_inner());
    let Some(found) = kept
        .stored
        .iter()
        .find(|stored| stored.session_id == session_id && stored.info.id == attachment_id)
    else {
        return ApiError::not_found(format!(
            "Attachment '{attachment_id}' not found on session '{session_id}'"
        ))
        .into_response(format, state.app.config.error_case);
    };
    let mut response = (StatusCode::OK, found.content.clone()).into_response();
    if let Ok(value) = HeaderValue::from_str(&found.info.content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}
