//! `Jsv<T>`: a JSV request body in, a JSV response out, as axum's `Json<T>` does for JSON.

use ::axum::body::Bytes;
use ::axum::extract::rejection::{BytesRejection, FailedToBufferBody as AxumBufferError};
use ::axum::extract::{FromRequest, Request};
use ::axum::http::request::Parts;
use ::axum::http::{StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ErrorCase, ServiceStackError};
use super::format::Format;
use super::locate::member_at;
use super::rejection::{
    FailedToBufferBody, InvalidBody, JsvRejection, MissingJsvContentType, PayloadTooLarge,
};

/// JSV extractor and response, the JSV twin of axum's `Json<T>`.
///
/// As an extractor it reads the request body as JSV into `T`. The request is refused (see
/// [`JsvRejection`]) when its `Content-Type` is not `application/jsv` or `text/jsv`, when the
/// body is over the limit (axum's `DefaultBodyLimit`), or when the body is not JSV that fits
/// `T`; each refusal is answered the way a ServiceStack host answers it: a status and an
/// `ErrorResponse` body in the format the request asked for, its message naming the line,
/// column and member of the error.
///
/// As a response it writes `T` as JSV with `Content-Type: application/jsv; charset=utf-8`.
///
/// ```
/// use axum::{Router, routing::post};
/// use serde::{Deserialize, Serialize};
/// use serde_jsv::axum::Jsv;
///
/// #[derive(Deserialize)]
/// struct Hello { name: String }
///
/// #[derive(Serialize)]
/// struct HelloResponse { result: String }
///
/// async fn hello(Jsv(request): Jsv<Hello>) -> Jsv<HelloResponse> {
///     Jsv(HelloResponse { result: format!("Hello, {}!", request.name) })
/// }
///
/// let app: Router = Router::new().route("/hello", post(hello));
/// ```
///
/// A refused request, answered without reaching the handler:
///
/// ```
/// # tokio_test_block_on(async {
/// use axum::extract::FromRequest;
/// use axum::http::Request;
/// use serde_jsv::axum::Jsv;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Hello { #[allow(dead_code)] ended: bool }
///
/// let request = Request::post("/hello")
///     .header("Content-Type", "application/jsv")
///     .header("Accept", "application/jsv")
///     .body(axum::body::Body::from("{ended:yes}"))
///     .unwrap();
/// let rejection = Jsv::<Hello>::from_request(request, &()).await.unwrap_err();
/// assert_eq!(rejection.status().as_u16(), 400);
/// assert!(rejection.body_text().starts_with(
///     "{responseStatus:{errorCode:SerializationException,message:\"Could not deserialize 'application/jsv' request using Hello'\nError: JSV parse error at line 1, column 8: expected True or False, found `yes`\","
/// ));
/// assert!(rejection.body_text().contains("fieldName:ended"));
/// # });
/// # fn tokio_test_block_on<F: std::future::Future>(future: F) -> F::Output {
/// #     let waker = std::task::Waker::noop();
/// #     let mut context = std::task::Context::from_waker(&waker);
/// #     let mut future = std::pin::pin!(future);
/// #     loop {
/// #         if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut context) { return out; }
/// #     }
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[must_use]
pub struct Jsv<T>(pub T);

impl<T, S> FromRequest<S> for Jsv<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = JsvRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (format, case) = error_style(request.uri(), request.headers(), request.extensions());
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        if Format::from_media_type(&content_type) != Some(Format::Jsv) {
            return Err(MissingJsvContentType(
                ServiceStackError::with_status(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "NotSupportedException",
                    format!("ContentType not supported '{content_type}'"),
                )
                .format(format)
                .case(case),
            )
            .into());
        }
        let bytes = read_body(request, state, format, case).await?;
        decode::<T>(&bytes, Format::Jsv, &content_type)
            .map(Jsv)
            .map_err(|error| InvalidBody(error.format(format).case(case)).into())
    }
}

impl<T: Serialize> IntoResponse for Jsv<T> {
    fn into_response(self) -> Response {
        super::Negotiated::new(Format::Jsv, self.0).into_response()
    }
}

impl<T> From<T> for Jsv<T> {
    fn from(inner: T) -> Self {
        Jsv(inner)
    }
}

/// The format and case errors for this request are written in.
pub(crate) fn error_style(
    uri: &::axum::http::Uri,
    headers: &::axum::http::HeaderMap,
    extensions: &::axum::http::Extensions,
) -> (Format, ErrorCase) {
    let case = extensions
        .get::<ErrorCase>()
        .copied()
        .unwrap_or(ErrorCase::Camel);
    (Format::of_request(uri, headers), case)
}

/// [`error_style`] from request parts.
pub(crate) fn parts_error_style(parts: &Parts) -> (Format, ErrorCase) {
    error_style(&parts.uri, &parts.headers, &parts.extensions)
}

/// Reads the whole body, within axum's `DefaultBodyLimit`.
pub(crate) async fn read_body<S: Send + Sync>(
    request: Request,
    state: &S,
    format: Format,
    case: ErrorCase,
) -> Result<Bytes, JsvRejection> {
    Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            let too_large = matches!(
                &rejection,
                BytesRejection::FailedToBufferBody(AxumBufferError::LengthLimitError(_))
            );
            if too_large {
                PayloadTooLarge(
                    ServiceStackError::with_status(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "RequestEntityTooLarge",
                        format!(
                            "The request body could not be read: {}",
                            rejection.body_text()
                        ),
                    )
                    .format(format)
                    .case(case),
                )
                .into()
            } else {
                FailedToBufferBody(
                    ServiceStackError::with_status(
                        StatusCode::BAD_REQUEST,
                        "SerializationException",
                        format!(
                            "The request body could not be read: {}",
                            rejection.body_text()
                        ),
                    )
                    .format(format)
                    .case(case),
                )
                .into()
            }
        })
}

/// The C# style name of `T`: its last path segment, without generic arguments.
pub(crate) fn type_name<T: ?Sized>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}

/// Reads `bytes` (JSV or JSON) into `T`; a failure is ServiceStack's `SerializationException`
/// naming line, column and member.
pub(crate) fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    format: Format,
    content_type: &str,
) -> Result<T, ServiceStackError> {
    decode_as(bytes, format, content_type, type_name::<T>())
}

/// [`decode`], naming the request type `name` in the error.
pub(crate) fn decode_as<T: DeserializeOwned>(
    bytes: &[u8],
    format: Format,
    content_type: &str,
    name: &str,
) -> Result<T, ServiceStackError> {
    let (detail, member) = match format {
        Format::Jsv => match crate::from_slice::<T>(bytes) {
            Ok(value) => return Ok(value),
            Err(error) => {
                let member = error
                    .offset()
                    .and_then(|offset| member_at(&String::from_utf8_lossy(bytes), offset, false));
                let detail = if error.line() > 0 {
                    format!(
                        "JSV parse error at line {}, column {}: {}",
                        error.line(),
                        error.column(),
                        error.message()
                    )
                } else {
                    format!("JSV parse error: {}", error.message())
                };
                (detail, member)
            }
        },
        _ => match serde_json::from_slice::<T>(bytes) {
            Ok(value) => return Ok(value),
            Err(error) => {
                let text = String::from_utf8_lossy(bytes);
                let member = offset_of(&text, error.line(), error.column())
                    .and_then(|offset| member_at(&text, offset, true));
                let message = error.to_string();
                // serde_json appends " at line L column C"; say it first, as for JSV.
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(head, _)| head);
                (
                    format!(
                        "JSON parse error at line {}, column {}: {message}",
                        error.line(),
                        error.column()
                    ),
                    member,
                )
            }
        },
    };
    let mut error = ServiceStackError::with_status(
        StatusCode::BAD_REQUEST,
        "SerializationException",
        format!("Could not deserialize '{content_type}' request using {name}'\nError: {detail}"),
    );
    if let Some(member) = member {
        error = error.field_error("SerializationException", member, detail);
    }
    Err(error)
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    Some((start + column.saturating_sub(1)).min(text.len()))
}
