//! Request and response hooks: code of yours run on every request the client sends and
//! every response it reads (ServiceStack's `RequestFilter` and `ResponseFilter`).
//!
//! ```
//! use std::sync::{Arc, Mutex};
//! use serde_jsv::client::JsvClient;
//!
//! let log = Arc::new(Mutex::new(Vec::new()));
//! let seen = Arc::clone(&log);
//! let client = JsvClient::builder("https://api.example.com")
//!     // Runs just before each request goes out: add or change headers.
//!     .request_hook(|request| {
//!         let id = format!("req-{}", request.url().path().len());
//!         request.headers_mut().insert("x-request-id", id.parse().unwrap());
//!     })
//!     // Runs on each response read, whatever its status.
//!     .response_hook(move |response| {
//!         seen.lock().unwrap().push((response.status().as_u16(), response.url().path().to_owned()));
//!     })
//!     .build()?;
//! # let _ = client;
//! # Ok::<(), serde_jsv::client::Error>(())
//! ```
//!
//! Hooks run, in the order they were added, on every HTTP exchange: each retry, the
//! refresh-token request, the requests of `authenticate`, batches and one-way requests,
//! and on the async and the blocking client alike. A request hook sees the final headers
//! (credentials included, so take care what you log) and may change them; the method, URL
//! and body are read-only. A response hook sees the status, headers and the whole body as
//! read (within the size limit) before it is decoded; it is not called when no response
//! was read (a timeout, a refused connection, a body over the limit). Hooks must not block
//! for long: on the async client they run on the runtime's thread.

use std::fmt;
use std::sync::Arc;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url, Version};

use crate::client::error::RedactedHeaders;

/// A request about to be sent, as a request hook sees it.
pub struct OutgoingRequest<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: Option<&'a [u8]>,
}

impl OutgoingRequest<'_> {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URL, query string included.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The headers to be sent (`Accept`, `Content-Type`, default headers, credentials).
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The headers to be sent, to change. Mark a value you add that holds a secret with
    /// `HeaderValue::set_sensitive(true)` to keep it out of `Debug` output.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.headers
    }

    /// The body (the JSV text of a DTO, a batch), if any.
    pub fn body(&self) -> Option<&[u8]> {
        self.body
    }
}

impl fmt::Debug for OutgoingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingRequest")
            .field("method", self.method)
            .field("url", &self.url.as_str())
            .field("headers", &RedactedHeaders(self.headers))
            .field("body_len", &self.body.map(<[u8]>::len))
            .finish()
    }
}

/// A response as read, as a response hook sees it.
pub struct IncomingResponse<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a Url,
    pub(crate) status: StatusCode,
    pub(crate) version: Version,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
}

impl IncomingResponse<'_> {
    /// The method of the request answered.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL of the request answered.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The status, 2xx or not.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The HTTP version.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The whole body, undecoded.
    pub fn body(&self) -> &[u8] {
        self.body
    }
}

impl fmt::Debug for IncomingResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IncomingResponse")
            .field("method", self.method)
            .field("url", &self.url.as_str())
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

type RequestHook = Arc<dyn Fn(&mut OutgoingRequest<'_>) + Send + Sync>;
type ResponseHook = Arc<dyn Fn(&IncomingResponse<'_>) + Send + Sync>;

/// The hooks of a client.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    request: Vec<RequestHook>,
    response: Vec<ResponseHook>,
}

impl Hooks {
    pub(crate) fn add_request(
        &mut self,
        hook: impl Fn(&mut OutgoingRequest<'_>) + Send + Sync + 'static,
    ) {
        self.request.push(Arc::new(hook));
    }

    pub(crate) fn add_response(
        &mut self,
        hook: impl Fn(&IncomingResponse<'_>) + Send + Sync + 'static,
    ) {
        self.response.push(Arc::new(hook));
    }

    /// Runs the request hooks over `headers`.
    pub(crate) fn before(
        &self,
        method: &Method,
        url: &Url,
        headers: &mut HeaderMap,
        body: Option<&[u8]>,
    ) {
        if self.request.is_empty() {
            return;
        }
        let mut request = OutgoingRequest {
            method,
            url,
            headers,
            body,
        };
        for hook in &self.request {
            hook(&mut request);
        }
    }

    /// Runs the response hooks.
    pub(crate) fn after(
        &self,
        method: &Method,
        url: &Url,
        raw: &crate::client::decode::RawResponse,
    ) {
        if self.response.is_empty() {
            return;
        }
        let response = IncomingResponse {
            method,
            url,
            status: raw.status,
            version: raw.version,
            headers: &raw.headers,
            body: &raw.body,
        };
        for hook in &self.response {
            hook(&response);
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("request", &self.request.len())
            .field("response", &self.response.len())
            .finish()
    }
}

impl crate::client::builder::Settings {
    /// The headers of `prepared` after the request hooks ran.
    pub(crate) fn hooked_headers(&self, prepared: &crate::client::exchange::Prepared) -> HeaderMap {
        let mut headers = self.headers(prepared);
        self.hooks.before(
            &prepared.method,
            &prepared.url,
            &mut headers,
            prepared.body.as_deref(),
        );
        headers
    }
}
