//! What crossed the wire: the middleware that logs every request with `tracing` and, when
//! asked, hands each request/response pair to a callback.

use std::sync::Arc;
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

/// Logs each request and, with a callback installed, records it.
pub(crate) async fn observe(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let Some(callback) = app.config.on_exchange.clone() else {
        let response = next.run(request).await;
        log(&method, &uri, response.status(), started);
        return response;
    };

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
    callback(&Exchange {
        method,
        uri,
        request_headers,
        request_body,
        status: response_parts.status,
        response_headers: response_parts.headers.clone(),
        response_body: response_body.clone(),
    });
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
