//! Reading responses: by `Content-Type`, within a size limit.
//!
//! ```
//! use serde_jsv::client::decode::decode_body;
//!
//! let jsv: Vec<i32> = decode_body(Some("application/jsv; charset=utf-8"), b"[1,2]").unwrap();
//! assert_eq!(jsv, [1, 2]);
//! let json: Vec<i32> = decode_body(Some("application/json"), b"[1,2]").unwrap();
//! assert_eq!(json, [1, 2]);
//! assert!(decode_body::<Vec<i32>>(Some("text/html"), b"<html>").is_err());
//! ```
//!
//! * `text/jsv`, `application/jsv` (parameters ignored) → serde_jsv;
//! * `application/json`, `text/json` and `*/*+json` → serde_json;
//! * anything else, or no `Content-Type` on a non-empty body → an error showing the status
//!   and the start of the body. An empty body decodes as JSV's empty value (so `()` and
//!   `Option` response types accept `204 No Content`).
//!
//! The body is read chunk by chunk and reading stops once it passes the limit: a
//! `Content-Length` above it fails before any byte is read, a streamed body as soon as it
//! crosses it.

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use serde::de::DeserializeOwned;

use crate::client::error::{ApiError, BodyTooLarge, DecodeError, DecodeReason, Error};
use crate::response::{self, ResponseStatus};

/// The formats the client reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jsv,
    Json,
}

/// The media type of `content_type`, lowercased, without parameters.
fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn format_of(content_type: Option<&str>) -> Option<Format> {
    let media = media_type(content_type?);
    match media.as_str() {
        "text/jsv" | "application/jsv" => Some(Format::Jsv),
        "application/json" | "text/json" => Some(Format::Json),
        _ if media.ends_with("+json") => Some(Format::Json),
        _ => None,
    }
}

fn strip_bom(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Decodes `body` as `T` according to `content_type` (see the module docs), with the
/// default JSV reader options.
pub fn decode_body<T: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<T, DecodeReason> {
    decode_with(content_type, body, &crate::de::Options::default())
}

pub(crate) fn decode_with<T: DeserializeOwned>(
    content_type: Option<&str>,
    body: &[u8],
    options: &crate::de::Options,
) -> Result<T, DecodeReason> {
    let body = strip_bom(body);
    if body.is_empty() {
        return options.from_slice(body).map_err(DecodeReason::Jsv);
    }
    match format_of(content_type) {
        Some(Format::Jsv) => options.from_slice(body).map_err(DecodeReason::Jsv),
        Some(Format::Json) => serde_json::from_slice(body).map_err(DecodeReason::Json),
        None => Err(DecodeReason::UnsupportedContentType(
            content_type.map(str::to_owned),
        )),
    }
}

/// A response read in full.
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) version: reqwest::Version,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The URL the answer came from (after redirects), for errors.
    pub(crate) url: Option<reqwest::Url>,
}

fn content_type_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// The `ResponseStatus` of an error body, read by its `Content-Type`.
pub(crate) fn response_status_of(headers: &HeaderMap, body: &[u8]) -> Option<ResponseStatus> {
    let body = strip_bom(body);
    match format_of(content_type_of(headers)) {
        Some(Format::Jsv) => std::str::from_utf8(body)
            .ok()
            .and_then(response::response_status_from_jsv),
        Some(Format::Json) => response::response_status_from_json(body),
        // No usable content type: ServiceStack error bodies are still recognisable
        // (an HTML page is not).
        None if content_type_of(headers).is_none() => response::response_status_from_body(body),
        None => None,
    }
}

impl RawResponse {
    fn content_type(&self) -> Option<&str> {
        content_type_of(&self.headers)
    }

    /// The decoded value of a 2xx response, or the error for any other status.
    pub(crate) fn into_value<T: DeserializeOwned>(
        self,
        options: &crate::de::Options,
    ) -> Result<(StatusCode, reqwest::Version, HeaderMap, Bytes, T), Error> {
        if !self.status.is_success() {
            return Err(self.into_api_error());
        }
        match decode_with(self.content_type(), &self.body, options) {
            Ok(value) => Ok((self.status, self.version, self.headers, self.body, value)),
            Err(reason) => Err(Error::Decode(Box::new(DecodeError {
                status: self.status,
                headers: self.headers,
                body: self.body,
                reason,
                url: self.url,
            }))),
        }
    }

    /// The error for a non-2xx response, with its `ResponseStatus` when the body has one.
    pub(crate) fn into_api_error(self) -> Error {
        let response_status = response_status_of(&self.headers, &self.body);
        Error::Api(Box::new(ApiError {
            status: self.status,
            version: self.version,
            headers: self.headers,
            response_status,
            body: self.body,
            url: self.url,
        }))
    }
}

/// The too-large error, checked against `Content-Length` before reading.
pub(crate) fn check_length(
    status: StatusCode,
    headers: &HeaderMap,
    content_length: Option<u64>,
    limit: usize,
    url: &reqwest::Url,
) -> Result<(), Error> {
    match content_length {
        Some(length) if length > limit as u64 => {
            Err(too_large(status, headers.clone(), limit, url))
        }
        _ => Ok(()),
    }
}

pub(crate) fn too_large(
    status: StatusCode,
    headers: HeaderMap,
    limit: usize,
    url: &reqwest::Url,
) -> Error {
    Error::BodyTooLarge(Box::new(BodyTooLarge {
        status,
        headers,
        limit,
        url: Some(url.clone()),
    }))
}

/// Reads an async response body, stopping past `limit` bytes.
pub(crate) async fn read_async(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<RawResponse, Error> {
    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let url = response.url().clone();
    check_length(status, &headers, response.content_length(), limit, &url)?;
    let capacity = response
        .content_length()
        .map_or(8 * 1024, |len| len as usize);
    // A body that arrives in one chunk (most small answers) is kept as that chunk, not
    // copied; the buffer is only made for a second chunk.
    let mut first: Option<Bytes> = None;
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(crate::client::error::from_reqwest)?
    {
        let read = first.as_ref().map_or(0, Bytes::len) + body.len();
        if read + chunk.len() > limit {
            return Err(too_large(status, headers, limit, &url));
        }
        if read == 0 && first.is_none() {
            first = Some(chunk);
            continue;
        }
        if let Some(first) = first.take() {
            body.reserve(capacity.min(limit).max(first.len() + chunk.len()));
            body.extend_from_slice(&first);
        }
        body.extend_from_slice(&chunk);
    }
    let body = match first {
        Some(first) => first,
        None => Bytes::from(body),
    };
    Ok(RawResponse {
        status,
        version,
        headers,
        body,
        url: Some(url),
    })
}

/// Reads a blocking response body, stopping past `limit` bytes.
#[cfg(feature = "blocking")]
pub(crate) fn read_blocking(
    mut response: reqwest::blocking::Response,
    limit: usize,
) -> Result<RawResponse, Error> {
    use std::io::Read as _;

    let status = response.status();
    let version = response.version();
    let headers = std::mem::take(response.headers_mut());
    let url = response.url().clone();
    check_length(status, &headers, response.content_length(), limit, &url)?;
    let capacity = response
        .content_length()
        .map_or(8 * 1024, |len| len as usize);
    let mut body = Vec::with_capacity(capacity.min(limit));
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let read = response
            .read(&mut chunk)
            .map_err(crate::client::error::from_io)?;
        if read == 0 {
            break;
        }
        if body.len() + read > limit {
            return Err(too_large(status, headers, limit, &url));
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Ok(RawResponse {
        status,
        version,
        headers,
        body: Bytes::from(body),
        url: Some(url),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_ignore_parameters_and_case() {
        assert_eq!(
            format_of(Some("Application/JSV; charset=utf-8")),
            Some(Format::Jsv)
        );
        assert_eq!(format_of(Some("text/jsv")), Some(Format::Jsv));
        assert_eq!(
            format_of(Some("application/problem+json")),
            Some(Format::Json)
        );
        assert_eq!(format_of(Some("text/html; charset=utf-8")), None);
        assert_eq!(format_of(None), None);
    }

    #[test]
    fn empty_bodies_read_as_unit() {
        decode_body::<()>(None, b"").unwrap();
        assert_eq!(
            decode_body::<Option<i32>>(Some("text/html"), b"").unwrap(),
            None
        );
    }
}
