//! Request and response hooks (ServiceStack's RequestFilter/ResponseFilter) on every
//! exchange, against the loopback replay server; one suite for both clients.

#![cfg(feature = "blocking")]

mod both_clients;
mod client_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use both_clients::{Client, Config};
use client_support::*;
use serde_jsv::client::reqwest::header::HeaderValue;

fn get_s1() -> GetSession {
    GetSession {
        id: "s1".into(),
        page: 0,
        tags: None,
    }
}

/// What the hooks saw: (method, path and query, body) per request; (status, path, body)
/// per response.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<(String, String, Option<String>)>>,
    responses: Mutex<Vec<(u16, String, String)>>,
}

fn recording_hooks(seen: &Arc<Seen>) -> Config {
    let counter = Arc::new(AtomicUsize::new(0));
    let on_request = Arc::clone(seen);
    let on_response = Arc::clone(seen);
    Config {
        bearer: Some("old".into()),
        refresh_token: Some("r1".into()),
        request_hooks: vec![
            Arc::new(move |request| {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let target = match request.url().query() {
                    Some(query) => format!("{}?{query}", request.url().path()),
                    None => request.url().path().to_owned(),
                };
                on_request.requests.lock().unwrap().push((
                    request.method().to_string(),
                    target,
                    request
                        .body()
                        .map(|body| String::from_utf8_lossy(body).into_owned()),
                ));
                request
                    .headers_mut()
                    .insert("x-request-id", HeaderValue::from(n as u64));
            }),
            // A second hook runs after the first and sees its header.
            Arc::new(|request| {
                let id = request.headers()["x-request-id"].clone();
                request.headers_mut().insert("x-trace", id);
            }),
        ],
        response_hooks: vec![Arc::new(move |response| {
            on_response.responses.lock().unwrap().push((
                response.status().as_u16(),
                response.url().path().to_owned(),
                String::from_utf8_lossy(response.body()).into_owned(),
            ));
        })],
        ..Config::default()
    }
}

fn hooks_see_every_exchange_retries_and_refreshes_included<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        jsv_ok("{accessToken:new}"),
        jsv_ok(SESSION_JSV),
        jsv_ok("[{result:hi}]"),
    ]);
    let seen = Arc::new(Seen::default());
    let client = C::build(&server.url(), recording_hooks(&seen));
    client.send(&get_s1()).unwrap();
    client.send_all(&[Hello { name: "a".into() }]).unwrap();

    let requests = seen.requests.lock().unwrap().clone();
    assert_eq!(
        requests,
        [
            ("GET".into(), "/sessions/s1?format=jsv".into(), None),
            (
                "POST".into(),
                "/access-token?format=jsv".into(),
                Some("{refreshToken:r1}".into())
            ),
            ("GET".into(), "/sessions/s1?format=jsv".into(), None),
            (
                "POST".into(),
                "/jsv/reply/Hello[]".into(),
                Some("[{name:a}]".into())
            ),
        ],
        "{}",
        C::FLAVOUR
    );
    let responses = seen.responses.lock().unwrap().clone();
    let statuses: Vec<(u16, &str)> = responses.iter().map(|r| (r.0, r.1.as_str())).collect();
    assert_eq!(
        statuses,
        [
            (401, "/sessions/s1"),
            (200, "/access-token"),
            (200, "/sessions/s1"),
            (200, "/jsv/reply/Hello[]"),
        ]
    );
    assert_eq!(responses[2].2, SESSION_JSV);

    // What the hooks added went on the wire, in order.
    let sent = server.requests();
    let ids: Vec<(Option<&str>, Option<&str>)> = sent
        .iter()
        .map(|r| (r.header("x-request-id"), r.header("x-trace")))
        .collect();
    assert_eq!(
        ids,
        [
            (Some("0"), Some("0")),
            (Some("1"), Some("1")),
            (Some("2"), Some("2")),
            (Some("3"), Some("3")),
        ]
    );
}

fn a_request_hook_can_replace_headers_the_client_set<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![response(
        "200 OK",
        Some("application/json"),
        &[],
        br#"{"id":"s1"}"#,
    )]);
    let client = C::build(
        &server.url(),
        Config {
            request_hooks: vec![Arc::new(|request| {
                request
                    .headers_mut()
                    .insert("accept", HeaderValue::from_static("application/json"));
                request.headers_mut().remove("user-agent");
            })],
            ..Config::default()
        },
    );
    assert_eq!(client.send(&get_s1()).unwrap().id, "s1");
    let [sent] = server.requests().try_into().unwrap();
    assert_eq!(sent.header("accept"), Some("application/json"));
    assert_eq!(sent.header("user-agent"), None);
}

fn no_response_hook_without_a_response<C: Client>() {
    let responses = Arc::new(AtomicUsize::new(0));
    let requests = Arc::new(AtomicUsize::new(0));
    let (on_request, on_response) = (Arc::clone(&requests), Arc::clone(&responses));
    let client = C::build(
        &format!("http://{}", closed_port()),
        Config {
            request_hooks: vec![Arc::new(move |_| {
                on_request.fetch_add(1, Ordering::SeqCst);
            })],
            response_hooks: vec![Arc::new(move |_| {
                on_response.fetch_add(1, Ordering::SeqCst);
            })],
            ..Config::default()
        },
    );
    let err = client.send(&get_s1()).unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    assert_eq!(responses.load(Ordering::SeqCst), 0);
}

both!(
    hooks_see_every_exchange_retries_and_refreshes_included,
    a_request_hook_can_replace_headers_the_client_set,
    no_response_hook_without_a_response,
);
