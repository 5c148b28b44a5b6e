//! The client's one error type, in reqwest's vocabulary.
//!
//! ```
//! use serde_jsv::client::Error;
//!
//! fn explain(err: &Error) -> String {
//!     if err.is_validation_error() {
//!         // A 400 with field errors: ServiceStack's validation feature.
//!         let name = err.field_error("name").and_then(|e| e.message.as_deref());
//!         format!("invalid: {}", name.unwrap_or("see the other fields"))
//!     } else if err.is_unauthorized() {
//!         "sign in again".into()
//!     } else if let Some(status) = err.response_status() {
//!         // The server's ResponseStatus, from a JSV or JSON body.
//!         format!(
//!             "{} {}: {}",
//!             err.status().map_or(0, |s| s.as_u16()),
//!             err.error_code().unwrap_or("?"),
//!             status.message.as_deref().unwrap_or("")
//!         )
//!     } else if err.is_timeout() {
//!         "timed out".into()
//!     } else {
//!         err.to_string()
//!     }
//! }
//! # let _ = explain;
//! ```
//!
//! # Why there is no `api()`
//!
//! ServiceStack's TypeScript, Dart and Python clients have an `api()` method that returns an
//! `ApiResult` holding either the response or the `ResponseStatus`, so that callers need
//! no `try`/`catch`. A Rust `Result<R::Response, Error>` already is that value: match on it,
//! or call [`Error::response_status`], [`Error::field_error`], [`Error::is_unauthorized`]
//! on the `Err`. The client has one error channel, this type.
//!
//! # Display and sources
//!
//! As in reqwest, `Display` describes this error alone and [`source`](std::error::Error::source)
//! gives the cause (the reqwest error, the JSV or JSON error of a body that did not decode,
//! the refresh failure), so `anyhow`'s `{:#}` or a loop over sources prints each part once.
//! A server's answer (status, `ErrorCode`, message, field errors) is not a cause: it is part
//! of the `Display` of [`Error::Api`].
//!
//! Nothing secret reaches `Debug` or `Display`: request credentials are never stored here,
//! and response headers that carry them (`Set-Cookie`, `Authorization`, …) are printed as
//! `[redacted]`.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url};

use crate::client::url::UrlError;
use crate::response::{ResponseError, ResponseStatus};

/// A boxed error from the transport.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// How much of a body error messages show.
const BODY_PREVIEW: usize = 200;

/// Everything that can go wrong sending a request.
///
/// The variants say where it went wrong; the `is_*` methods answer the questions callers
/// usually ask, with reqwest's names and meanings.
#[non_exhaustive]
pub enum Error {
    /// The request or the client could not be built, for a reason stated in the message
    /// (a base URL that is not `http` or `https`, an empty batch, …).
    InvalidRequest(String),
    /// The request or the client could not be built because of another error, kept as the
    /// [`source`](std::error::Error::source): an unreadable base URL, a request DTO that
    /// does not serialize as JSV, reqwest refusing its settings.
    Builder(BoxError),
    /// Default headers given to the builder that are not valid: every one of them, not
    /// just the first.
    InvalidHeaders(Vec<InvalidHeader>),
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
    /// A JSV error of your own, converted with `?` (`From<serde_jsv::Error>`): for example
    /// reading [`ResponseValue::raw_body`](crate::client::ResponseValue::raw_body) yourself.
    /// Bodies the client decodes fail as [`Error::Decode`] instead, request DTOs that do
    /// not serialize as [`Error::Builder`].
    Jsv(crate::Error),
}

/// A response with an error status: what ServiceStack said and how.
#[non_exhaustive]
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
    /// The URL of the request, when known.
    pub url: Option<Url>,
}

/// A response body past the size limit.
#[non_exhaustive]
pub struct BodyTooLarge {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The limit, in bytes.
    pub limit: usize,
    /// The URL of the request, when known.
    pub url: Option<Url>,
}

/// A 2xx response that could not be decoded.
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// What went wrong.
    pub reason: DecodeReason,
    /// The URL of the request, when known.
    pub url: Option<Url>,
}

/// One default header the builder could not accept.
#[derive(Debug)]
#[non_exhaustive]
pub struct InvalidHeader {
    /// The header's name; `#N` (its place among the headers given to `default_header` and
    /// `secret_header`, from 1) when the name itself is invalid.
    pub name: String,
    /// Why it was refused: the `http` crate's `InvalidHeaderName` or `InvalidHeaderValue`,
    /// or the error of your own `TryInto` conversion.
    pub error: BoxError,
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
            DecodeReason::Jsv(err) => write!(f, "invalid JSV: {err}"),
            DecodeReason::Json(err) => write!(f, "invalid JSON: {err}"),
            DecodeReason::MissingMember(name) => write!(f, "the response has no `{name}`"),
        }
    }
}

impl ApiError {
    /// The error for a response with `status`, `headers` and `body`; the `ResponseStatus`
    /// is read from the body as the client reads it (by `Content-Type`, JSV or JSON).
    /// Useful to build the errors a test double returns.
    ///
    /// ```
    /// use serde_jsv::client::reqwest::{StatusCode, header};
    /// use serde_jsv::client::{ApiError, Error};
    ///
    /// let mut headers = header::HeaderMap::new();
    /// headers.insert(header::CONTENT_TYPE, "application/jsv".parse().unwrap());
    /// let body = "{responseStatus:{errorCode:NotFound,message:No such session}}";
    /// let err = Error::from(ApiError::new(StatusCode::NOT_FOUND, headers, body));
    /// assert_eq!(err.error_code(), Some("NotFound"));
    /// assert_eq!(err.to_string(), "HTTP 404 Not Found: NotFound: No such session");
    /// ```
    pub fn new(status: StatusCode, headers: HeaderMap, body: impl Into<Bytes>) -> ApiError {
        let body = body.into();
        let response_status = crate::client::decode::response_status_of(&headers, &body);
        ApiError {
            status,
            version: reqwest::Version::HTTP_11,
            headers,
            response_status,
            body,
            url: None,
        }
    }

    /// Sets the URL of the request.
    pub fn with_url(mut self, url: Url) -> ApiError {
        self.url = Some(url);
        self
    }

    /// Sets the HTTP version (`HTTP/1.1` by default).
    pub fn with_version(mut self, version: reqwest::Version) -> ApiError {
        self.version = version;
        self
    }
}

impl BodyTooLarge {
    /// A response with `status` and `headers` whose body passed `limit` bytes.
    pub fn new(status: StatusCode, headers: HeaderMap, limit: usize) -> BodyTooLarge {
        BodyTooLarge {
            status,
            headers,
            limit,
            url: None,
        }
    }

    /// Sets the URL of the request.
    pub fn with_url(mut self, url: Url) -> BodyTooLarge {
        self.url = Some(url);
        self
    }
}

impl DecodeError {
    /// A response with `status`, `headers` and `body` that could not be decoded.
    pub fn new(
        status: StatusCode,
        headers: HeaderMap,
        body: impl Into<Bytes>,
        reason: DecodeReason,
    ) -> DecodeError {
        DecodeError {
            status,
            headers,
            body: body.into(),
            reason,
            url: None,
        }
    }

    /// Sets the URL of the request.
    pub fn with_url(mut self, url: Url) -> DecodeError {
        self.url = Some(url);
        self
    }
}

impl InvalidHeader {
    /// The header `name` refused because of `error`.
    pub fn new(name: impl Into<String>, error: impl Into<BoxError>) -> InvalidHeader {
        InvalidHeader {
            name: name.into(),
            error: error.into(),
        }
    }
}

impl Error {
    /// The HTTP status, when the error comes from a response ([`Error::Api`],
    /// [`Error::Decode`], [`Error::BodyTooLarge`], or a refresh that got one).
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::BodyTooLarge(large) => Some(large.status),
            Error::Decode(decode) => Some(decode.status),
            Error::Refresh(inner) => inner.status(),
            _ => None,
        }
    }

    /// The URL of the request, when one was sent (for a failed refresh: the refresh URL).
    pub fn url(&self) -> Option<&Url> {
        match self {
            Error::Api(api) => api.url.as_ref(),
            Error::BodyTooLarge(large) => large.url.as_ref(),
            Error::Decode(decode) => decode.url.as_ref(),
            Error::Connect(err) | Error::Timeout(err) | Error::Transport(err) => {
                reqwest_error(err.as_ref()).and_then(reqwest::Error::url)
            }
            Error::Refresh(inner) => inner.url(),
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

    /// The `ResponseStatus.ErrorCode` (`NotFound`, `ValidationException`, `NotEmpty`, …).
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

    /// The error about the field `name`, compared case-insensitively (`name`, `Name` and
    /// `NAME` find ServiceStack's `Name`), with its code and message: .NET's
    /// `ex.GetFieldErrors()` filtered by name, TypeScript's `errorResponse(status, name)`.
    ///
    /// ```
    /// use serde_jsv::client::reqwest::{StatusCode, header::HeaderMap};
    /// use serde_jsv::client::{ApiError, Error};
    ///
    /// let body = "{responseStatus:{errorCode:NotEmpty,message:'Name' must not be empty.,\
    ///             errors:[{errorCode:NotEmpty,fieldName:Name,message:'Name' must not be empty.}]}}";
    /// let err = Error::from(ApiError::new(StatusCode::BAD_REQUEST, HeaderMap::new(), body));
    /// assert!(err.is_validation_error());
    /// let name = err.field_error("name").unwrap();
    /// assert_eq!(name.error_code.as_deref(), Some("NotEmpty"));
    /// assert_eq!(name.message.as_deref(), Some("'Name' must not be empty."));
    /// assert!(err.field_error("email").is_none());
    /// ```
    pub fn field_error(&self, name: &str) -> Option<&ResponseError> {
        self.field_errors().iter().find(|error| {
            error
                .field_name
                .as_deref()
                .is_some_and(|field| field.eq_ignore_ascii_case(name))
        })
    }

    /// The raw response body, when one was read.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(api) => Some(&api.body),
            Error::Decode(decode) => Some(&decode.body),
            _ => None,
        }
    }

    /// Whether the server answered with a status outside 2xx ([`Error::Api`]), as
    /// reqwest's `is_status` after `error_for_status`. The status itself is
    /// [`status`](Self::status).
    pub fn is_status(&self) -> bool {
        match self {
            Error::Api(_) => true,
            Error::Refresh(inner) => inner.is_status(),
            _ => false,
        }
    }

    /// Whether the server answered 401 Unauthorized (to the request, or to the refresh
    /// request that tried to recover from one).
    pub fn is_unauthorized(&self) -> bool {
        self.is_status() && self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether the server answered 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.is_status() && self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// Whether this is a validation failure: a 400 Bad Request whose `ResponseStatus`
    /// carries field errors. (ServiceStack also copies the first field error's code, e.g.
    /// `NotEmpty`, to the top-level [`error_code`](Self::error_code), so that code alone does
    /// not tell a validation error from another 400.)
    pub fn is_validation_error(&self) -> bool {
        self.is_status()
            && self.status() == Some(StatusCode::BAD_REQUEST)
            && !self.field_errors().is_empty()
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

    /// Whether sending the request or receiving its answer failed on the wire: connect
    /// errors, timeouts and other transport failures, as reqwest's `is_request` (plus its
    /// `is_body` for a body cut short).
    pub fn is_request(&self) -> bool {
        match self {
            Error::Connect(_) | Error::Timeout(_) | Error::Transport(_) => true,
            Error::Refresh(inner) => inner.is_request(),
            _ => false,
        }
    }

    /// Whether a body could not be decoded: a 2xx answer that is not the response type
    /// ([`Error::Decode`]), or your own JSV error converted with `?` ([`Error::Jsv`]).
    pub fn is_decode(&self) -> bool {
        match self {
            Error::Decode(_) | Error::Jsv(_) => true,
            Error::Refresh(inner) => inner.is_decode(),
            _ => false,
        }
    }

    /// Whether the request or the client could not be built (nothing was sent): invalid
    /// settings or headers, no URL for the DTO, a DTO that does not serialize.
    pub fn is_builder(&self) -> bool {
        match self {
            Error::InvalidRequest(_)
            | Error::Builder(_)
            | Error::InvalidHeaders(_)
            | Error::Url(_) => true,
            Error::Refresh(inner) => inner.is_builder(),
            _ => false,
        }
    }
}

/// The reqwest error inside a transport error, if it is one.
fn reqwest_error<'a>(
    err: &'a (dyn std::error::Error + Send + Sync + 'static),
) -> Option<&'a reqwest::Error> {
    err.downcast_ref::<reqwest::Error>()
}

/// Sorts a reqwest error into connect / timeout / other.
pub(crate) fn from_reqwest(err: reqwest::Error) -> Error {
    if err.is_timeout() {
        Error::Timeout(Box::new(err))
    } else if err.is_connect() {
        Error::Connect(Box::new(err))
    } else if err.is_builder() {
        Error::Builder(Box::new(err))
    } else {
        Error::Transport(Box::new(err))
    }
}

/// Sorts an I/O error from a blocking body read (reqwest wraps its own errors in it).
#[cfg(feature = "blocking")]
pub(crate) fn from_io(err: std::io::Error) -> Error {
    let timed_out = err.kind() == std::io::ErrorKind::TimedOut;
    if err
        .get_ref()
        .is_some_and(|inner| inner.is::<reqwest::Error>())
    {
        if let Some(inner) = err.into_inner()
            && let Ok(reqwest_err) = inner.downcast::<reqwest::Error>()
        {
            return from_reqwest(*reqwest_err);
        }
        return Error::Transport("body read failed".into());
    }
    if timed_out {
        Error::Timeout(Box::new(err))
    } else {
        Error::Transport(Box::new(err))
    }
}

/// A message with the error behind it, for [`Error::Builder`] sources that need context
/// ("invalid base URL" → the URL parser's error).
#[derive(Debug)]
pub(crate) struct Context {
    pub(crate) message: &'static str,
    pub(crate) source: BoxError,
}

impl Context {
    pub(crate) fn error(message: &'static str, source: impl Into<BoxError>) -> Error {
        Error::Builder(Box::new(Context {
            message,
            source: source.into(),
        }))
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for Context {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl From<UrlError> for Error {
    fn from(err: UrlError) -> Error {
        Error::Url(err)
    }
}

impl From<crate::Error> for Error {
    /// [`Error::Jsv`]: lets `?` carry a `serde_jsv` error out of a function returning the
    /// client's error.
    fn from(err: crate::Error) -> Error {
        Error::Jsv(err)
    }
}

impl From<ApiError> for Error {
    fn from(err: ApiError) -> Error {
        Error::Api(Box::new(err))
    }
}

impl From<BodyTooLarge> for Error {
    fn from(err: BodyTooLarge) -> Error {
        Error::BodyTooLarge(Box::new(err))
    }
}

impl From<DecodeError> for Error {
    fn from(err: DecodeError) -> Error {
        Error::Decode(Box::new(err))
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
            Error::Builder(_) => f.write_str("invalid request or client settings"),
            Error::InvalidHeaders(headers) => {
                f.write_str("invalid default headers: ")?;
                for (i, invalid) in headers.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "`{}` ({})", invalid.name, invalid.error)?;
                }
                Ok(())
            }
            // Transparent: the URL error is the whole story.
            Error::Url(err) => fmt::Display::fmt(err, f),
            Error::Connect(_) => f.write_str("could not connect"),
            Error::Timeout(_) => f.write_str("timed out"),
            Error::Transport(_) => f.write_str("transport error"),
            Error::Api(api) => fmt::Display::fmt(api, f),
            Error::BodyTooLarge(large) => write!(
                f,
                "HTTP {}: response body larger than the {}-byte limit",
                large.status, large.limit
            ),
            Error::Decode(decode) => fmt::Display::fmt(decode, f),
            Error::Refresh(_) => f.write_str("refreshing the access token failed"),
            Error::Jsv(err) => fmt::Display::fmt(err, f),
        }
    }
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
            "could not decode the HTTP {} response ({})",
            self.status,
            content_type(&self.headers),
        )?;
        // The JSV or JSON error itself is the source; the other reasons have none.
        match &self.reason {
            DecodeReason::Jsv(_) => f.write_str(" as JSV")?,
            DecodeReason::Json(_) => f.write_str(" as JSON")?,
            other => write!(f, ": {other}")?,
        }
        if !self.body.is_empty() {
            write!(f, "; body starts with: {}", body_preview(&self.body))?;
        }
        Ok(())
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
            .field("url", &self.url.as_ref().map(Url::as_str))
            .finish()
    }
}

impl fmt::Debug for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyTooLarge")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("limit", &self.limit)
            .field("url", &self.url.as_ref().map(Url::as_str))
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
            .field("url", &self.url.as_ref().map(Url::as_str))
            .finish()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(message) => {
                f.debug_tuple("InvalidRequest").field(message).finish()
            }
            Error::Builder(err) => f.debug_tuple("Builder").field(err).finish(),
            Error::InvalidHeaders(headers) => {
                f.debug_tuple("InvalidHeaders").field(headers).finish()
            }
            Error::Url(err) => f.debug_tuple("Url").field(err).finish(),
            Error::Connect(err) => f.debug_tuple("Connect").field(err).finish(),
            Error::Timeout(err) => f.debug_tuple("Timeout").field(err).finish(),
            Error::Transport(err) => f.debug_tuple("Transport").field(err).finish(),
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::BodyTooLarge(large) => f.debug_tuple("BodyTooLarge").field(large).finish(),
            Error::Decode(decode) => f.debug_tuple("Decode").field(decode).finish(),
            Error::Refresh(inner) => f.debug_tuple("Refresh").field(inner).finish(),
            Error::Jsv(err) => f.debug_tuple("Jsv").field(err).finish(),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Builder(err)
            | Error::Connect(err)
            | Error::Timeout(err)
            | Error::Transport(err) => Some(err.as_ref()),
            // Transparent: the source of the URL or JSV error, not the error again.
            Error::Url(err) => std::error::Error::source(err),
            Error::Jsv(err) => std::error::Error::source(err),
            Error::Decode(decode) => match &decode.reason {
                DecodeReason::Jsv(err) => Some(err),
                DecodeReason::Json(err) => Some(err),
                DecodeReason::UnsupportedContentType(_) | DecodeReason::MissingMember(_) => None,
            },
            Error::Refresh(inner) => Some(inner.as_ref()),
            Error::InvalidRequest(_)
            | Error::InvalidHeaders(_)
            | Error::Api(_)
            | Error::BodyTooLarge(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    /// Every error's `Display` leaves its source out, so a chain prints each part once.
    fn assert_chain_prints_once(err: &Error) {
        let top = err.to_string();
        let mut source = err.source();
        while let Some(next) = source {
            let text = next.to_string();
            assert!(!top.contains(&text), "`{top}` repeats its source `{text}`");
            source = next.source();
        }
    }

    fn jsv_error() -> crate::Error {
        crate::from_str::<i32>("x").unwrap_err()
    }

    #[test]
    fn display_leaves_the_source_out() {
        let headers = HeaderMap::new();
        let errors = [
            Error::InvalidRequest("empty batch".into()),
            Context::error("invalid base URL", "relative URL without a base"),
            Error::Timeout(Box::new(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "deadline passed",
            ))),
            Error::Transport("connection reset".into()),
            Error::Decode(Box::new(DecodeError::new(
                StatusCode::OK,
                headers.clone(),
                "x",
                DecodeReason::Jsv(jsv_error()),
            ))),
            Error::Refresh(Box::new(Error::Connect("refused".into()))),
            Error::Jsv(jsv_error()),
            Error::Url(UrlError::NotAnObject { type_name: "X" }),
        ];
        for err in &errors {
            assert_chain_prints_once(err);
        }
        let refresh = &errors[5];
        assert_eq!(refresh.to_string(), "refreshing the access token failed");
        assert_eq!(refresh.source().unwrap().to_string(), "could not connect");
        assert!(refresh.is_connect() && refresh.is_request() && !refresh.is_status());
        let decode = &errors[4];
        assert_eq!(
            decode.to_string(),
            "could not decode the HTTP 200 OK response (no content type) as JSV; body starts with: x"
        );
        assert!(decode.source().unwrap().is::<crate::Error>());
    }

    #[test]
    fn predicates_follow_reqwest() {
        let api = |status: StatusCode, body: &'static str| {
            Error::from(ApiError::new(status, HeaderMap::new(), body))
        };
        let unauthorized = api(StatusCode::UNAUTHORIZED, "");
        assert!(unauthorized.is_status() && unauthorized.is_unauthorized());
        assert!(!unauthorized.is_forbidden() && !unauthorized.is_request());
        assert!(api(StatusCode::FORBIDDEN, "").is_forbidden());
        let refresh = Error::Refresh(Box::new(unauthorized));
        assert!(refresh.is_unauthorized() && refresh.is_status());
        assert_eq!(refresh.status(), Some(StatusCode::UNAUTHORIZED));

        // A 400 without field errors is not a validation error, with them it is.
        let plain = api(
            StatusCode::BAD_REQUEST,
            "{ResponseStatus:{ErrorCode:ArgumentException,Message:bad}}",
        );
        assert!(!plain.is_validation_error());
        let validation = api(
            StatusCode::BAD_REQUEST,
            "{ResponseStatus:{ErrorCode:NotEmpty,Errors:[{ErrorCode:NotEmpty,FieldName:Name,Message:required}]}}",
        );
        assert!(validation.is_validation_error());
        assert_eq!(
            validation
                .field_error("NAME")
                .and_then(|e| e.message.as_deref()),
            Some("required")
        );
        // The same body under another status is not a validation failure.
        let conflict = api(
            StatusCode::CONFLICT,
            "{ResponseStatus:{Errors:[{ErrorCode:NotEmpty,FieldName:Name}]}}",
        );
        assert!(!conflict.is_validation_error());

        let too_large = Error::from(BodyTooLarge::new(StatusCode::OK, HeaderMap::new(), 10));
        assert!(!too_large.is_status() && too_large.status() == Some(StatusCode::OK));
        assert!(Error::from(jsv_error()).is_decode());
        assert!(Error::InvalidHeaders(vec![]).is_builder());
        let url = Url::parse("http://example.com/x").unwrap();
        let with_url =
            ApiError::new(StatusCode::NOT_FOUND, HeaderMap::new(), "").with_url(url.clone());
        assert_eq!(Error::from(with_url).url(), Some(&url));
    }
}
