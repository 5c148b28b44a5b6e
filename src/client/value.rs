//! A decoded response with its status, headers and raw body.

use std::fmt;
use std::ops::{Deref, DerefMut};

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{StatusCode, Url, Version};

use crate::client::error::RedactedHeaders;

/// A decoded response body with the status, headers and bytes it came with (progenitor's
/// `ResponseValue`). Dereferences to the value. Returned by
/// [`JsvClient::send_with_response`](crate::client::JsvClient::send_with_response), and
/// with the body bytes as the value by
/// [`JsvClient::send_raw`](crate::client::JsvClient::send_raw).
pub struct ResponseValue<T> {
    inner: T,
    status: StatusCode,
    version: Version,
    headers: HeaderMap,
    body: Bytes,
    url: Url,
}

impl<T> ResponseValue<T> {
    pub(crate) fn new(
        inner: T,
        status: StatusCode,
        version: Version,
        headers: HeaderMap,
        body: Bytes,
        url: Url,
    ) -> Self {
        ResponseValue {
            inner,
            status,
            version,
            headers,
            body,
            url,
        }
    }

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.inner
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The HTTP version of the response (`HTTP/1.1`, `HTTP/2.0`).
    pub fn version(&self) -> Version {
        self.version
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body exactly as received (JSV or JSON).
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 replaced).
    pub fn body_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// The `Content-Type` of the response, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }

    /// The URL the request was sent to (after negotiation, before redirects).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Maps the value, keeping the rest.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ResponseValue<U> {
        ResponseValue {
            inner: f(self.inner),
            status: self.status,
            version: self.version,
            headers: self.headers,
            body: self.body,
            url: self.url,
        }
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner
    }
}

impl<T> DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.inner
    }
}

impl<T: fmt::Debug> fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseValue")
            .field("inner", &self.inner)
            .field("status", &self.status)
            .field("version", &self.version)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("url", &self.url.as_str())
            .finish()
    }
}
