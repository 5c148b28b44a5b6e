//! The client's one error type.
//!
//! ```
//! use serde_jsv::client::Error;
//!
//! fn explain(err: &Error) -> String {
//!     match err.response_status() {
//!         // The server's ResponseStatus, from a JSV or JSON body.
//!         Some(status) => format!(
//!             "{} {}: {}",
//!             err.status().map_or(0, |s| s.as_u16()),
//!             err.error_code().unwrap_or("?"),
//!             status.message.as_deref().unwrap_or("")
//!         ),
//!         None if err.is_timeout() => "timed out".into(),
//!         None => err.to_string(),
//!     }
//! }
//! # let _ = explain;
//! ```
//!
//! Nothing secret reaches `Debug` or `Display`: request credentials are never stored here,
//! and response headers that carry them (`Set-Cookie`, `Authorization`, …) are printed as
//! `[redacted]`.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

use crate::client::url::UrlError;
use crate::response::{ResponseError, ResponseStatus};

/// A boxed error from the transport.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How much of a body error messages show.
const BODY_PREVIEW: usize = 200;

/// Everything that can go wrong sending a request.
#[non_exhaustive]
pub enum Error {
    /// The request could not be built: a body that would not serialize, an invalid base
    /// URL or header value.
    InvalidRequest(String),
    /// No URL could be built for the DTO (no route matches, …).
    Url(UrlError),
    /// No connection could be made: refused, DNS, TLS handshake.
    Connect(BoxError),
    /// No complete answer within the timeout.
    Timeout(BoxError),
    /// Another transport failure: connection reset, truncated body, protocol error.
    Transport(BoxError),
    /// The server answered with a status outside 2xx.
    Api(Box<ApiError>),
    /// The response body is larger than the configured limit.
    BodyTooLarge(Box<BodyTooLarge>),
    /// A 2xx response whose body could not be read as the response type.
    Decode(Box<DecodeError>),
    /// Getting a new access token with the refresh token failed, or the
    /// `on_authentication_required` callback did (the inner error says how).
    Refresh(Box<Error>),
}

/// A response with an error status: what ServiceStack said and how.
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The HTTP version of the response (`HTTP/1.1`, `HTTP/2.0`).
    pub version: reqwest::Version,
    /// The response headers.
    pub headers: HeaderMap,
    /// The `ResponseStatus` found in the body (JSV or JSON), if any.
    pub response_status: Option<ResponseStatus>,
    /// The raw body (kept whether or not it parsed).
    pub body: Bytes,
}

/// A response body past the size limit.
pub struct BodyTooLarge {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The limit, in bytes.
    pub limit: usize,
}

/// A 2xx response that could not be decoded.
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// What went wrong.
    pub reason: DecodeReason,
}

/// Why a body could not be decoded.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeReason {
    /// The `Content-Type` is neither JSV nor JSON (an HTML page, say); holds it, if any.
    UnsupportedContentType(Option<String>),
    /// The JSV did not read as the response type.
    Jsv(crate::Error),
    /// The JSON did not read as the response type.
    Json(serde_json::Error),
    /// A member the client needs is missing (`accessToken` in a refresh answer).
    MissingMember(&'static str),
}

impl fmt::Display for DecodeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeReason::UnsupportedContentType(Some(kind)) => {
                write!(f, "unsupported content type `{kind}`")
            }
            DecodeReason::UnsupportedContentType(None) => f.write_str("no content type"),
            DecodeReason::Jsv(err) => write!(f, "invalid JSV: {err:#}"),
            DecodeReason::Json(err) => write!(f, "invalid JSON: {err}"),
            DecodeReason::MissingMember(name) => write!(f, "the response has no `{name}`"),
        }
    }
}

impl Error {
    /// The HTTP status, when a response was received.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::BodyTooLarge(large) => Some(large.status),
            Error::Decode(decode) => Some(decode.status),
            Error::Refresh(inner) => inner.status(),
            _ => None,
        }
    }

    /// The response headers, when a response was received.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(api) => Some(&api.headers),
            Error::BodyTooLarge(large) => Some(&large.headers),
            Error::Decode(decode) => Some(&decode.headers),
            Error::Refresh(inner) => inner.headers(),
            _ => None,
        }
    }

    /// The server's `ResponseStatus`, when an error response carried one.
    pub fn response_status(&self) -> Option<&ResponseStatus> {
        match self {
            Error::Api(api) => api.response_status.as_ref(),
            Error::Refresh(inner) => inner.response_status(),
            _ => None,
        }
    }

    /// The `ResponseStatus.ErrorCode` (`NotFound`, `ValidationException`, …).
    pub fn error_code(&self) -> Option<&str> {
        self.response_status()?.error_code.as_deref()
    }

    /// The `ResponseStatus.Message`.
    pub fn message(&self) -> Option<&str> {
        self.response_status()?.message.as_deref()
    }

    /// The field errors of the `ResponseStatus` (empty when there are none).
    pub fn field_errors(&self) -> &[ResponseError] {
        self.response_status().map_or(&[], |status| &status.errors)
    }

    /// The raw response body, when one was read.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(api) => Some(&api.body),
            Error::Decode(decode) => Some(&decode.body),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout(_) => true,
            Error::Refresh(inner) => inner.is_timeout(),
            _ => false,
        }
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        match self {
            Error::Connect(_) => true,
            Error::Refresh(inner) => inner.is_connect(),
            _ => false,
        }
    }

    /// Whether the server answered with `status`.
    pub fn is_status(&self, status: StatusCode) -> bool {
        self.status() == Some(status)
    }
}

/// Sorts a reqwest error into connect / timeout / other.
pub(crate) fn from_reqwest(err: reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout(Box::new(err))
    } else if err.is_connect() {
        Error::Connect(Box::new(err))
    } else if err.is_builder() {
        Error::InvalidRequest(err.to_string())
    } else {
        Error::Transport(Box::new(err))
    }
}

/// Sorts an I/O error from a blocking body read (reqwest wraps its own errors in it).
#[cfg(feature = "blocking")]
pub(crate) fn from_io(err: std::io::Error) -> Error {
    let timed_out = err.kind() == std::io::ErrorKind::TimedOut;
    match err.into_inner() {
        Some(inner) => match inner.downcast::<reqwest::Error>() {
            Ok(reqwest_err) => from_reqwest(*reqwest_err),
            Err(other) if timed_out => Error::Timeout(other),
            Err(other) => Error::Transport(other),
        },
        None if timed_out => Error::Timeout("body read timed out".into()),
        None => Error::Transport("body read failed".into()),
    }
}

impl From<UrlError> for Error {
    fn from(err: UrlError) -> Error {
        Error::Url(err)
    }
}

/// The start of a body, as text, for error messages.
pub(crate) fn body_preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(BODY_PREVIEW)]);
    let mut preview: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if body.len() > BODY_PREVIEW {
        preview.push('…');
    }
    preview
}

fn content_type(headers: &HeaderMap) -> &str {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("no content type")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            Error::Url(err) => write!(f, "no URL for the request: {err}"),
            Error::Connect(err) => write!(f, "could not connect: {}", chain(err.as_ref())),
            Error::Timeout(err) => write!(f, "timed out: {}", chain(err.as_ref())),
            Error::Transport(err) => write!(f, "transport error: {}", chain(err.as_ref())),
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::BodyTooLarge(large) => write!(
                f,
                "HTTP {}: response body larger than the {}-byte limit",
                large.status, large.limit
            ),
            Error::Decode(decode) => fmt::Display::fmt(decode, f),
            Error::Refresh(inner) => write!(f, "refreshing the access token failed: {inner}"),
        }
    }
}

/// An error and its sources, `: `-separated (reqwest's top-level message alone is vague).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(next) = source {
        let next_text = next.to_string();
        if !text.contains(&next_text) {
            text.push_str(": ");
            text.push_str(&next_text);
        }
        source = next.source();
    }
    text
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match &self.response_status {
            Some(status) => {
                if let Some(code) = &status.error_code {
                    write!(f, ": {code}")?;
                }
                if let Some(message) = &status.message {
                    write!(f, ": {message}")?;
                }
                for error in &status.errors {
                    write!(
                        f,
                        "; {}: {}",
                        error.field_name.as_deref().unwrap_or("?"),
                        error
                            .message
                            .as_deref()
                            .or(error.error_code.as_deref())
                            .unwrap_or("")
                    )?;
                }
                Ok(())
            }
            None if self.body.is_empty() => Ok(()),
            None => write!(
                f,
                " ({}), body starts with: {}",
                content_type(&self.headers),
                body_preview(&self.body)
            ),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the HTTP {} response ({}): {}; body starts with: {}",
            self.status,
            content_type(&self.headers),
            self.reason,
            body_preview(&self.body)
        )
    }
}

/// Header names whose values are credentials.
pub(crate) fn is_secret_header(name: &header::HeaderName) -> bool {
    name == header::AUTHORIZATION
        || name == header::PROXY_AUTHORIZATION
        || name == header::COOKIE
        || name == header::SET_COOKIE
        || name.as_str().starts_with("x-api-key")
}

/// Headers for `Debug`, credentials redacted.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_secret_header(name) || value.is_sensitive() {
                map.entry(&name.as_str(), &"[redacted]");
            } else {
                map.entry(&name.as_str(), &String::from_utf8_lossy(value.as_bytes()));
            }
        }
        map.finish()
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("version", &self.version)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("response_status", &self.response_status)
            .field("body", &body_preview(&self.body))
            .finish()
    }
}

impl fmt::Debug for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyTooLarge")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("limit", &self.limit)
            .finish()
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("reason", &self.reason)
            .field("body", &body_preview(&self.body))
            .finish()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => {
                f.debug_tuple("InvalidRequest").field(message).finish()
            }
            Error::Url(err) => f.debug_tuple("Url").field(err).finish(),
            Error::Connect(err) => f.debug_tuple("Connect").field(err).finish(),
            Error::Timeout(err) => f.debug_tuple("Timeout").field(err).finish(),
            Error::Transport(err) => f.debug_tuple("Transport").field(err).finish(),
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::BodyTooLarge(large) => f.debug_tuple("BodyTooLarge").field(large).finish(),
            Error::Decode(decode) => f.debug_tuple("Decode").field(decode).finish(),
            Error::Refresh(inner) => f.debug_tuple("Refresh").field(inner).finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Url(err) => Some(err),
            Error::Connect(err) | Error::Timeout(err) | Error::Transport(err) => Some(err.as_ref()),
            Error::Decode(decode) => match &decode.reason {
                DecodeReason::Jsv(err) => Some(err),
                DecodeReason::Json(err) => Some(err),
                DecodeReason::UnsupportedContentType(_) | DecodeReason::MissingMember(_) => None,
            },
            Error::Refresh(inner) => Some(inner.as_ref()),
            _ => None,
        }
    }
}
