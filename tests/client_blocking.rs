//! The blocking client against the same loopback replay server (run on its own thread).

#![cfg(feature = "blocking")]

mod client_support;

use std::time::{Duration, Instant};

use client_support::*;
use serde_jsv::client::blocking::JsvClient;
use serde_jsv::client::{DecodeReason, Error, RawBody, RetryPolicy, SessionCookies, reqwest};
use serde_jsv::request::Method;

fn fast_retry() -> RetryPolicy {
    RetryPolicy::new(2).backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn client(server: &ReplayServer) -> JsvClient {
    JsvClient::builder(server.url())
        .timeout(Duration::from_secs(5))
        .retry(fast_retry())
        .build()
        .unwrap()
}

fn get_s1() -> GetSession {
    GetSession {
        id: "s1".into(),
        page: 0,
        tags: None,
    }
}

#[test]
fn get_and_post_send_what_the_async_client_sends() {
    let server = ReplayServer::start_in_thread(vec![
        jsv_ok(SESSION_JSV),
        jsv_ok(SESSION_JSV),
        response("200 OK", Some("text/jsv"), &[], b"{result:hi}"),
    ]);
    let client = JsvClient::builder(server.url())
        .bearer_token("t-secret")
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "agent:7".into(),
        display_name: Some("Ann".into()),
    };
    client.send(&invite).unwrap();
    assert_eq!(
        client.send(&Hello { name: "x".into() }).unwrap().result,
        "hi"
    );

    let [get, post, hello] = server.requests().try_into().unwrap();
    assert_eq!(get.request_line, "GET /sessions/s1?format=jsv HTTP/1.1");
    assert_eq!(get.header("accept"), Some("application/jsv, text/jsv"));
    assert_eq!(get.header("authorization"), Some("Bearer t-secret"));
    assert_eq!(
        post.request_line,
        "POST /sessions/s1/members?format=jsv HTTP/1.1"
    );
    assert_eq!(post.header("content-type"), Some("application/jsv"));
    assert_eq!(
        post.body_text(),
        "{sessionId:s1,identity:\"agent:7\",displayName:Ann}"
    );
    assert_eq!(hello.request_line, "POST /jsv/reply/Hello HTTP/1.1");
    assert!(!format!("{client:?}").contains("t-secret"));
}

#[test]
fn json_bodies_and_response_values() {
    let body = br#"{"id":"s1","name":"Demo","members":[{"identity":"agent:7","muted":true}]}"#;
    let server = ReplayServer::start_in_thread(vec![response(
        "200 OK",
        Some("application/json"),
        &[("X-Id", "1")],
        body,
    )]);
    let value = client(&server).send_with_response(&get_s1()).unwrap();
    assert_eq!(*value, session());
    assert_eq!(value.headers()["x-id"], "1");
    assert_eq!(value.raw_body(), body);
}

#[test]
fn error_bodies_map_to_response_status() {
    let server = ReplayServer::start_in_thread(vec![
        response(
            "404 Not Found",
            Some("application/jsv"),
            &[],
            NOT_FOUND_JSV.as_bytes(),
        ),
        response(
            "400 Bad Request",
            Some("application/jsv; charset=utf-8"),
            &[],
            VALIDATION_ERROR_JSV.as_bytes(),
        ),
        response(
            "404 Not Found",
            Some("application/json"),
            &[],
            NOT_FOUND_JSON.as_bytes(),
        ),
    ]);
    let client = client(&server);
    let err = client.send(&get_s1()).unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), err.error_code()),
        (Some(404), Some("NotFound"))
    );
    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "".into(),
        display_name: None,
    };
    let err = client.send(&invite).unwrap_err();
    assert_eq!(err.field_errors()[0].field_name.as_deref(), Some("Name"));
    let err = client.delete(&get_s1()).unwrap_err();
    assert_eq!(err.message(), Some("Session 's1' not found"));
    assert_eq!(
        server.requests()[2].request_line,
        "DELETE /sessions/s1?format=jsv HTTP/1.1"
    );
}

#[test]
fn refresh_token_flow() {
    let server = ReplayServer::start_in_thread(vec![
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:TokenException}}",
        ),
        jsv_ok("{AccessToken:fresh}"),
        jsv_ok(SESSION_JSV),
    ]);
    let client = JsvClient::builder(server.url())
        .bearer_token("stale")
        .refresh_token("rt")
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    let [first, refresh, retried] = server.requests().try_into().unwrap();
    assert_eq!(first.header("authorization"), Some("Bearer stale"));
    assert_eq!(
        refresh.request_line,
        "POST /access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(refresh.body_text(), "{refreshToken:rt}");
    assert_eq!(retried.header("authorization"), Some("Bearer fresh"));
}

/// The refresh answer is read in either casing, JSV or JSON, even when the client's read
/// options match member names exactly (they govern the caller's DTOs, not the token).
#[test]
fn refresh_answer_in_either_casing_and_format() {
    let answers = [
        ("application/jsv", "{AccessToken:fresh}"),
        ("application/jsv", "{accessToken:fresh,meta:{k:v}}"),
        ("application/json", r#"{"AccessToken":"fresh"}"#),
        (
            "application/json",
            r#"{"accessToken":"fresh","meta":{"k":"v"}}"#,
        ),
    ];
    for (content_type, answer) in answers {
        let server = ReplayServer::start_in_thread(vec![
            response("401 Unauthorized", None, &[], b""),
            response("200 OK", Some(content_type), &[], answer.as_bytes()),
            jsv_ok(SESSION_JSV),
        ]);
        let client = JsvClient::builder(server.url())
            .bearer_token("stale")
            .refresh_token("rt")
            .read_options(serde_jsv::de::Options::new().case_insensitive(false))
            .build()
            .unwrap();
        assert_eq!(client.send(&get_s1()).unwrap(), session(), "{answer}");
        let [_, refresh, retried] = server.requests().try_into().unwrap();
        assert_eq!(refresh.body_text(), "{refreshToken:rt}");
        assert_eq!(
            retried.header("authorization"),
            Some("Bearer fresh"),
            "{answer}"
        );
    }
}

#[test]
fn retries_on_503_for_get_only() {
    let unavailable = || response("503 Service Unavailable", None, &[], b"");
    let server =
        ReplayServer::start_in_thread(vec![unavailable(), jsv_ok(SESSION_JSV), unavailable()]);
    let client = client(&server);
    client.send(&get_s1()).unwrap();
    assert_eq!(server.requests().len(), 2);
    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "a".into(),
        display_name: None,
    };
    assert_eq!(
        client
            .send(&invite)
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(503)
    );
    assert_eq!(server.requests().len(), 3);
}

#[test]
fn bad_bodies() {
    let big = "x".repeat(32 * 1024);
    let mut streamed =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/jsv\r\nConnection: close\r\n\r\n".to_vec();
    streamed.extend_from_slice(big.as_bytes());
    let server = ReplayServer::start_in_thread(vec![
        response("200 OK", Some("text/html"), &[], HTML_502.as_bytes()),
        response("200 OK", Some("application/jsv"), &[], b"{id:s1,members:[{"),
        raw(b"HTTP/1.1 200 OK\r\nContent-Type: application/jsv\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{id:s1"),
        raw(&streamed),
        response("200 OK", Some("application/jsv"), &[], big.as_bytes()),
    ]);
    let client = JsvClient::builder(server.url())
        .max_response_size(4096)
        .build()
        .unwrap();

    let html = client.send(&get_s1()).unwrap_err();
    assert!(
        matches!(&html, Error::Decode(d) if matches!(d.reason, DecodeReason::UnsupportedContentType(_)))
    );
    assert!(
        html.to_string()
            .contains("body starts with: <!DOCTYPE html>"),
        "{html}"
    );
    let truncated_jsv = client.send(&get_s1()).unwrap_err();
    assert!(matches!(&truncated_jsv, Error::Decode(d) if matches!(d.reason, DecodeReason::Jsv(_))));
    let cut_short = client.send(&get_s1()).unwrap_err();
    assert!(matches!(cut_short, Error::Transport(_)), "{cut_short:?}");
    for _ in 0..2 {
        let err = client.send(&get_s1()).unwrap_err();
        assert!(
            matches!(&err, Error::BodyTooLarge(large) if large.limit == 4096),
            "{err:?}"
        );
    }
}

#[test]
fn timeouts_and_refused_connections() {
    let server = ReplayServer::start_in_thread(vec![Reply::Hang]);
    let client = JsvClient::builder(server.url())
        .timeout(Duration::from_millis(300))
        .retry(fast_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&get_s1()).unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));

    let refused = JsvClient::builder(format!("http://{}", closed_port()))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = refused.send(&get_s1()).unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}

#[test]
fn send_raw_goes_through_the_same_machinery() {
    let unavailable = || response("503 Service Unavailable", None, &[], b"");
    let server = ReplayServer::start_in_thread(vec![
        // A GET retried past a 503, then a POST with a body.
        unavailable(),
        jsv_ok(SESSION_JSV),
        response("201 Created", Some("text/jsv"), &[], b"{id:s2}"),
        // An error status, then the refresh round on a 401.
        response(
            "400 Bad Request",
            Some("application/jsv"),
            &[],
            VALIDATION_ERROR_JSV.as_bytes(),
        ),
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        jsv_ok("{accessToken:fresh}"),
        jsv_ok("{}"),
        // Too large.
        jsv_ok(&"x".repeat(2048)),
    ]);
    let client = JsvClient::builder(format!("{}/api", server.url()))
        .bearer_token("stale")
        .refresh_token("rt")
        .session_cookies(SessionCookies::new().ss_pid("pid"))
        .retry(fast_retry())
        .max_response_size(1024)
        .build()
        .unwrap();

    let got = client
        .send_raw(Method::Get, "/sessions/s1?format=jsv", None)
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.raw_body(), SESSION_JSV.as_bytes());
    assert_eq!(got.version(), reqwest::Version::HTTP_11);
    let created = client
        .send_raw(Method::Post, "sessions", Some(RawBody::new("{name:Demo}")))
        .unwrap();
    assert_eq!(
        (created.status().as_u16(), &created[..]),
        (201, &b"{id:s2}"[..])
    );

    let err = client
        .send_raw(Method::Put, "/sessions/s1", Some(RawBody::new("{name:}")))
        .unwrap_err();
    assert_eq!(err.error_code(), Some("ValidationException"));
    assert_eq!(err.field_errors()[0].field_name.as_deref(), Some("Name"));
    assert_eq!(err.body(), Some(VALIDATION_ERROR_JSV.as_bytes()));
    client
        .send_raw(Method::Delete, "/sessions/s1", None)
        .unwrap();
    let err = client.send_raw(Method::Get, "/big", None).unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge(large) if large.limit == 1024),
        "{err:?}"
    );

    let requests = server.requests();
    let lines: Vec<&str> = requests.iter().map(|r| r.request_line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "GET /api/sessions/s1?format=jsv HTTP/1.1",
            "GET /api/sessions/s1?format=jsv HTTP/1.1",
            "POST /api/sessions HTTP/1.1",
            "PUT /api/sessions/s1 HTTP/1.1",
            "DELETE /api/sessions/s1 HTTP/1.1",
            "POST /api/access-token?format=jsv HTTP/1.1",
            "DELETE /api/sessions/s1 HTTP/1.1",
            "GET /api/big HTTP/1.1",
        ]
    );
    assert_eq!(requests[0].header("authorization"), Some("Bearer stale"));
    assert_eq!(requests[0].header("cookie"), Some("ss-pid=pid"));
    assert_eq!(
        requests[0].header("accept"),
        Some("application/jsv, text/jsv")
    );
    assert_eq!(requests[2].header("content-type"), Some("application/jsv"));
    assert_eq!(requests[2].body_text(), "{name:Demo}");
    assert_eq!(requests[6].header("authorization"), Some("Bearer fresh"));
}

#[test]
fn send_raw_to_a_closed_port_is_a_connect_error() {
    let client = JsvClient::builder("http://127.0.0.1:9")
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client
        .send_raw(Method::Get, &format!("http://{}/x", closed_port()), None)
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}

#[test]
fn cookies_the_server_sets_are_sent_back() {
    let server = ReplayServer::start_in_thread(vec![
        response(
            "200 OK",
            Some("application/jsv"),
            &[("Set-Cookie", "ss-id=abc123; path=/; httponly")],
            SESSION_JSV.as_bytes(),
        ),
        jsv_ok(SESSION_JSV),
    ]);
    let client = client(&server);
    client.send(&get_s1()).unwrap();
    client.send(&get_s1()).unwrap();
    let [first, second] = server.requests().try_into().unwrap();
    assert_eq!(first.header("cookie"), None);
    assert_eq!(second.header("cookie"), Some("ss-id=abc123"));
}
