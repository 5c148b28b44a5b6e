//! What crossed the wire: the middleware that logs every request with `tracing` and, when
//! asked, hands each request/response pair to a callback.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;

/// The callback [`SessionServer::on_exchange`](super::SessionServer::on_exchange) installs.
pub(crate) type ExchangeCallback = Arc<dyn Fn(&Exchange) + Send + Sync>;

/// One request and the response the server gave it, bodies included.
///
/// Handed to the callback set with [`SessionServer::on_exchange`](super::SessionServer::on_exchange)
/// after the response is built and before it is sent, so a client that waits for its response
/// sees the callback done.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request method.
    pub method: Method,
    /// The request target: path and query, as received.
    pub uri: Uri,
    /// The request headers.
    pub request_headers: HeaderMap,
    /// The request body.
    pub request_body: Bytes,
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub response_headers: HeaderMap,
    /// The response body.
    pub response_body: Bytes,
}

impl Exchange {
    /// The request body as text (invalid UTF-8 replaced).
    pub fn request_text(&self) -> String {
        String::from_utf8_lossy(&self.request_body).into_owned()
    }

    /// The response body as text (invalid UTF-8 replaced).
    pub fn response_text(&self) -> String {
        String::from_utf8_lossy(&self.response_body).into_owned()
    }

    /// A request header as text, if present and readable.
    pub fn request_header(&self, name: &str) -> Option<&str> {
        self.request_headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    }

    /// The response `Content-Type`, if any.
    pub fn response_content_type(&self) -> Option<&str> {
        self.response_headers
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
    }
}

/// Every request a server received, with its response, in the order the responses were
/// built: hand one to [`SessionServer::record_into`](super::SessionServer::record_into), then
/// read it while the server runs or after.
///
/// ```
/// use serde_jsv::server::{Received, SessionServer};
///
/// let received = Received::new();
/// let server = SessionServer::new().record_into(&received).run_in_background()?;
/// let url = format!("{}/sessions/nope", server.base_url());
/// # let mut socket = std::net::TcpStream::connect(server.addr())?;
/// # use std::io::{Read, Write};
/// # write!(socket, "GET /sessions/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")?;
/// # let mut answer = String::new();
/// # socket.read_to_string(&mut answer)?;
/// // … after a client GETs `url` …
/// let last = received.last().unwrap();
/// assert_eq!((last.method.as_str(), last.uri.path(), last.status.as_u16()), ("GET", "/sessions/nope", 404));
/// assert_eq!(received.len(), 1);
/// # let _ = url;
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Received {
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Received {
    /// An empty log.
    pub fn new() -> Received {
        Received::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Exchange>> {
        self.exchanges
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub(crate) fn push(&self, exchange: Exchange) {
        self.lock().push(exchange);
    }

    /// Every exchange so far, oldest first.
    pub fn all(&self) -> Vec<Exchange> {
        self.lock().clone()
    }

    /// The latest exchange.
    pub fn last(&self) -> Option<Exchange> {
        self.lock().last().cloned()
    }

    /// How many requests were received.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets what was received so far.
    pub fn clear(&self) {
        self.lock().clear();
    }
}

/// Logs each request and, with a callback installed, records it.
pub(crate) async fn observe(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    if app.config.on_exchange.is_none() && app.config.received.is_none() {
        let response = next.run(request).await;
        log(&method, &uri, response.status(), started);
        return response;
    }

    let (parts, body) = request.into_parts();
    let request_headers = parts.headers.clone();
    let request_body = match to_bytes(body, app.config.body_limit).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let response =
                (StatusCode::PAYLOAD_TOO_LARGE, "request body too large").into_response();
            log(&method, &uri, response.status(), started);
            return response;
        }
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(request_body.clone())))
        .await;
    let (response_parts, body) = response.into_parts();
    // The server's own bodies are small and already in memory.
    let response_body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    log(&method, &uri, response_parts.status, started);
    let exchange = Exchange {
        method,
        uri,
        request_headers,
        request_body,
        status: response_parts.status,
        response_headers: response_parts.headers.clone(),
        response_body: response_body.clone(),
    };
    if let Some(callback) = &app.config.on_exchange {
        callback(&exchange);
    }
    if let Some(received) = &app.config.received {
        received.push(exchange);
    }
    Response::from_parts(response_parts, Body::from(response_body))
}

fn log(method: &Method, uri: &Uri, status: StatusCode, started: Instant) {
    tracing::info!(
        target: "serde_jsv::server",
        %method,
        %uri,
        status = status.as_u16(),
        elapsed_us = started.elapsed().as_micros() as u64,
        "request"
    );
}
