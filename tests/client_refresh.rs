//! Requests that get a 401 at the same time share one refresh: the async client from many
//! tasks and the blocking client from many threads, against a small axum server that checks
//! the bearer token and counts the `GetAccessToken` calls.
#![cfg(all(feature = "client", feature = "blocking", feature = "server"))]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_jsv::client::{Error, blocking};
use serde_jsv::request::Method;

/// How many requests get their 401 together.
const CONCURRENT: usize = 8;

/// The token server: `/ping` wants `Bearer new-token`; `/access-token` hands it out after
/// a pause long enough for every request to have had its 401, and counts the calls.
/// `refuse_refresh` makes `/access-token` answer 401 instead.
fn app(refreshes: Arc<AtomicUsize>, refuse_refresh: bool) -> Router {
    let jsv = |status: StatusCode, body: &'static str| {
        (status, [(header::CONTENT_TYPE, "application/jsv")], body).into_response()
    };
    Router::new()
        .route(
            "/ping",
            get(move |headers: HeaderMap| async move {
                let bearer = headers.get(header::AUTHORIZATION);
                if bearer.is_some_and(|value| value == "Bearer new-token") {
                    jsv(StatusCode::OK, "{ok:True}")
                } else {
                    jsv(
                        StatusCode::UNAUTHORIZED,
                        "{ResponseStatus:{ErrorCode:TokenException,Message:Token has expired}}",
                    )
                }
            }),
        )
        .route(
            "/access-token",
            post(move || async move {
                refreshes.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(150)).await;
                if refuse_refresh {
                    jsv(
                        StatusCode::UNAUTHORIZED,
                        "{ResponseStatus:{ErrorCode:Unauthorized,Message:Refresh token revoked}}",
                    )
                } else {
                    jsv(StatusCode::OK, "{accessToken:new-token}")
                }
            }),
        )
}

/// Serves `app` on a loopback port from a runtime of its own thread; returns the base URL.
fn serve_in_thread(app: Router) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    url
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_401s_share_one_refresh() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let url = serve_in_thread(app(refreshes.clone(), false));
    let client = serde_jsv::client::JsvClient::builder(url)
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send_raw(Method::Get, "/ping", None).await })
        })
        .collect();
    for task in tasks {
        let body = task.await.unwrap().unwrap();
        assert_eq!(body.as_ref(), b"{ok:True}");
    }
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
    // Later requests use the new token without another refresh.
    client.send_raw(Method::Get, "/ping", None).await.unwrap();
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
}

#[test]
fn concurrent_401s_share_one_refresh_in_the_blocking_client() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let url = serve_in_thread(app(refreshes.clone(), false));
    let client = blocking::JsvClient::builder(url)
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .build()
        .unwrap();
    let threads: Vec<_> = (0..CONCURRENT)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || client.send_raw(Method::Get, "/ping", None))
        })
        .collect();
    for thread in threads {
        let body = thread.join().unwrap().unwrap();
        assert_eq!(body.as_ref(), b"{ok:True}");
    }
    assert_eq!(refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_refresh_is_reported_to_every_waiting_request() {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let url = serve_in_thread(app(refreshes.clone(), true));
    let client = serde_jsv::client::JsvClient::builder(url)
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..3)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.send_raw(Method::Get, "/ping", None).await })
        })
        .collect();
    for task in tasks {
        match task.await.unwrap() {
            Err(Error::Refresh(inner)) => {
                assert_eq!(inner.error_code(), Some("Unauthorized"), "{inner}")
            }
            other => panic!("expected a refresh error, got {other:?}"),
        }
    }
    // No token came, so each request tried in turn: one refresh at a time, never two at once.
    assert_eq!(refreshes.load(Ordering::SeqCst), 3);
}
