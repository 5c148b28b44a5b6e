//! The async client against a bare loopback server that replays ServiceStack-style
//! responses byte for byte and records the requests it got.

#![cfg(feature = "client")]

mod client_support;

use std::time::{Duration, Instant};

use client_support::*;
use serde_jsv::client::{
    DecodeReason, Error, JsvClient, Negotiation, RawBody, RetryPolicy, SessionCookies, reqwest,
};
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
        page: 2,
        tags: Some(vec!["a b".into(), "c,d".into()]),
    }
}

#[tokio::test]
async fn get_sends_the_route_query_and_accept_and_decodes_jsv() {
    let server = ReplayServer::start(vec![jsv_ok(SESSION_JSV)]).await;
    let got = client(&server).send(&get_s1()).await.unwrap();
    assert_eq!(got, session());

    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        request.request_line,
        "GET /sessions/s1?page=2&tags=a%20b%2C%22c%2Cd%22&format=jsv HTTP/1.1"
    );
    assert_eq!(request.header("accept"), Some("application/jsv, text/jsv"));
    assert_eq!(request.header("content-type"), None);
    assert!(
        request
            .header("user-agent")
            .unwrap()
            .starts_with("serde_jsv/")
    );
    assert_eq!(request.header("authorization"), None);
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn post_sends_the_dto_as_a_jsv_body() {
    let server = ReplayServer::start(vec![jsv_ok(SESSION_JSV), jsv_ok(SESSION_JSV)]).await;
    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "agent:7".into(),
        display_name: None,
    };
    client(&server).send(&invite).await.unwrap();
    let text_jsv = JsvClient::builder(server.url())
        .body_content_type("text/jsv")
        .negotiation(Negotiation::AcceptHeader)
        .build()
        .unwrap();
    text_jsv.send(&invite).await.unwrap();

    let [first, second] = server.requests().try_into().unwrap();
    assert_eq!(
        first.request_line,
        "POST /sessions/s1/members?format=jsv HTTP/1.1"
    );
    assert_eq!(first.header("content-type"), Some("application/jsv"));
    assert_eq!(first.body_text(), "{sessionId:s1,identity:\"agent:7\"}");
    assert_eq!(first.header("content-length"), Some("33"));
    assert_eq!(second.request_line, "POST /sessions/s1/members HTTP/1.1");
    assert_eq!(second.header("content-type"), Some("text/jsv"));
    assert_eq!(second.body_text(), first.body_text());
}

#[tokio::test]
async fn forced_methods_and_the_predefined_route() {
    let server = ReplayServer::start(vec![
        response(
            "200 OK",
            Some("text/jsv"),
            &[],
            b"{Result:\"Hello, world\"}",
        ),
        jsv_ok(SESSION_JSV),
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let client = client(&server);
    let hello = client
        .send(&Hello {
            name: "world".into(),
        })
        .await
        .unwrap();
    assert_eq!(hello.result, "Hello, world");
    client.delete(&get_s1()).await.unwrap();
    // A GET route forced to PUT: no route serves it, so nothing is sent.
    let err = client.put(&get_s1()).await.unwrap_err();
    assert!(matches!(err, Error::Url(_)), "{err:?}");
    client.get(&get_s1()).await.unwrap();

    let lines: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.request_line)
        .collect();
    assert_eq!(
        lines,
        [
            "POST /jsv/reply/Hello HTTP/1.1",
            "DELETE /sessions/s1?page=2&tags=a%20b%2C%22c%2Cd%22&format=jsv HTTP/1.1",
            "GET /sessions/s1?page=2&tags=a%20b%2C%22c%2Cd%22&format=jsv HTTP/1.1",
        ]
    );
    assert_eq!(server.requests()[0].body_text(), "{name:world}");
}

#[tokio::test]
async fn json_responses_are_decoded_too() {
    let body = br#"{"id":"s1","name":"Demo","members":[{"identity":"agent:7","muted":true}]}"#;
    let server = ReplayServer::start(vec![response(
        "200 OK",
        Some("application/json; charset=utf-8"),
        &[],
        body,
    )])
    .await;
    let value = client(&server).send_with_response(&get_s1()).await.unwrap();
    assert_eq!(*value, session());
    assert_eq!(value.status(), 200);
    assert_eq!(
        value.content_type(),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(value.raw_body(), body);
    assert_eq!(value.url().path(), "/sessions/s1");
}

#[tokio::test]
async fn send_with_response_keeps_status_headers_and_the_jsv() {
    let server = ReplayServer::start(vec![response(
        "201 Created",
        Some("application/jsv"),
        &[("X-Request-Id", "r-1")],
        SESSION_JSV.as_bytes(),
    )])
    .await;
    let value = client(&server).send_with_response(&get_s1()).await.unwrap();
    assert_eq!(value.status(), 201);
    assert_eq!(value.headers()["x-request-id"], "r-1");
    assert_eq!(value.body_text(), SESSION_JSV);
    assert_eq!(value.into_inner(), session());
}

#[tokio::test]
async fn error_statuses_carry_the_response_status() {
    let server = ReplayServer::start(vec![
        response(
            "404 Not Found",
            Some("application/jsv; charset=utf-8"),
            &[],
            NOT_FOUND_JSV.as_bytes(),
        ),
        response(
            "400 Bad Request",
            Some("text/jsv"),
            &[],
            VALIDATION_ERROR_JSV.as_bytes(),
        ),
        response(
            "404 Not Found",
            Some("application/json; charset=utf-8"),
            &[],
            NOT_FOUND_JSON.as_bytes(),
        ),
        response(
            "502 Bad Gateway",
            Some("text/html"),
            &[],
            HTML_502.as_bytes(),
        ),
    ])
    .await;
    let client = client(&server).clone();
    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "".into(),
        display_name: None,
    };

    let not_found = client.send(&get_s1()).await.unwrap_err();
    assert_eq!(not_found.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(not_found.error_code(), Some("NotFound"));
    assert_eq!(not_found.message(), Some("Session 's1' not found"));
    assert_eq!(
        not_found.to_string(),
        "HTTP 404 Not Found: NotFound: Session 's1' not found"
    );

    let invalid = client.send(&invite).await.unwrap_err();
    assert_eq!(invalid.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(invalid.error_code(), Some("ValidationException"));
    let [field] = invalid.field_errors() else {
        panic!("{invalid:?}")
    };
    assert_eq!(field.field_name.as_deref(), Some("Name"));
    assert_eq!(field.error_code.as_deref(), Some("NotEmpty"));
    assert_eq!(field.meta.as_ref().unwrap()["PropertyName"], "Name");

    let json = client.send(&get_s1()).await.unwrap_err();
    assert_eq!(json.error_code(), Some("NotFound"));
    assert_eq!(json.body(), Some(NOT_FOUND_JSON.as_bytes()));

    // An HTML page from a proxy: no ResponseStatus, the body is kept and shown. POST, so
    // the 502 is not retried.
    let html = client.send(&invite).await.unwrap_err();
    assert_eq!(html.status().map(|s| s.as_u16()), Some(502));
    assert!(html.response_status().is_none());
    assert_eq!(html.body(), Some(HTML_502.as_bytes()));
    assert!(
        html.to_string()
            .starts_with("HTTP 502 Bad Gateway (text/html), body starts with: <!DOCTYPE html>"),
        "{html}"
    );
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn unreadable_success_bodies_are_decode_errors() {
    let server = ReplayServer::start(vec![
        response(
            "200 OK",
            Some("text/html; charset=utf-8"),
            &[],
            b"<html><body>Login</body></html>",
        ),
        response(
            "200 OK",
            Some("application/jsv"),
            &[],
            b"{id:s1,members:[{identity:x,muted:maybe}]}",
        ),
        response("200 OK", None, &[], SESSION_JSV.as_bytes()),
        response("200 OK", Some("application/json"), &[], b"{\"id\":"),
        // Complete HTTP, truncated JSV.
        response(
            "200 OK",
            Some("application/jsv"),
            &[],
            b"{id:s1,members:[{identity:",
        ),
        // Garbage bytes that are not UTF-8.
        response("200 OK", Some("application/jsv"), &[], b"\xff\xfe{\x00"),
    ])
    .await;
    let client = client(&server);

    let html = client.send(&get_s1()).await.unwrap_err();
    let Error::Decode(decode) = &html else {
        panic!("{html:?}")
    };
    assert!(matches!(
        decode.reason,
        DecodeReason::UnsupportedContentType(Some(_))
    ));
    assert_eq!(html.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(
        html.to_string(),
        "could not decode the HTTP 200 OK response (text/html; charset=utf-8): unsupported content type `text/html; charset=utf-8`; body starts with: <html><body>Login</body></html>"
    );

    let bad_bool = client.send(&get_s1()).await.unwrap_err();
    let Error::Decode(decode) = &bad_bool else {
        panic!("{bad_bool:?}")
    };
    let DecodeReason::Jsv(jsv) = &decode.reason else {
        panic!("{bad_bool:?}")
    };
    assert_eq!(jsv.column(), 35);

    let untyped = client.send(&get_s1()).await.unwrap_err();
    assert!(
        matches!(&untyped, Error::Decode(d) if matches!(d.reason, DecodeReason::UnsupportedContentType(None)))
    );

    let json = client.send(&get_s1()).await.unwrap_err();
    assert!(matches!(&json, Error::Decode(d) if matches!(d.reason, DecodeReason::Json(_))));

    let truncated = client.send(&get_s1()).await.unwrap_err();
    assert!(matches!(&truncated, Error::Decode(d) if matches!(d.reason, DecodeReason::Jsv(_))));

    let garbage = client.send(&get_s1()).await.unwrap_err();
    assert!(matches!(&garbage, Error::Decode(_)), "{garbage:?}");
}

#[tokio::test]
async fn a_body_cut_short_is_a_transport_error() {
    // Promises 100 bytes, sends 20, closes.
    let server = ReplayServer::start(vec![raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/jsv\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{id:s1,name:Demo,mem",
    )])
    .await;
    let err = client(&server).send(&get_s1()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    // Garbage instead of HTTP.
    let server = ReplayServer::start(vec![raw(b"SSH-2.0-OpenSSH_9.6\r\n")]).await;
    let err = client(&server).send(&get_s1()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn oversized_bodies_stop_at_the_limit() {
    let big = format!("{{id:s1,name:{}}}", "x".repeat(64 * 1024));
    // Declared too large: refused before reading.
    let declared = response("200 OK", Some("application/jsv"), &[], big.as_bytes());
    // Streamed without a length: refused once past the limit.
    let mut streamed =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/jsv\r\nConnection: close\r\n\r\n".to_vec();
    streamed.extend_from_slice(big.as_bytes());
    // An error body is limited too.
    let error = response(
        "500 Internal Server Error",
        Some("application/jsv"),
        &[],
        big.as_bytes(),
    );
    let server = ReplayServer::start(vec![declared, raw(&streamed), error]).await;
    let client = JsvClient::builder(server.url())
        .max_response_size(16 * 1024)
        .build()
        .unwrap();
    for _ in 0..3 {
        let err = client.send(&get_s1()).await.unwrap_err();
        let Error::BodyTooLarge(large) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(large.limit, 16 * 1024);
    }
    // Just under the limit is fine.
    let server = ReplayServer::start(vec![jsv_ok(&big)]).await;
    let client = JsvClient::builder(server.url())
        .max_response_size(big.len())
        .build()
        .unwrap();
    assert_eq!(
        client.send(&get_s1()).await.unwrap().name.unwrap().len(),
        64 * 1024
    );
}

#[tokio::test]
async fn credentials_are_sent_and_never_printed() {
    let server = ReplayServer::start(vec![
        response(
            "200 OK",
            Some("application/jsv"),
            &[("Set-Cookie", "ss-id=server-secret; path=/")],
            SESSION_JSV.as_bytes(),
        ),
        jsv_ok(SESSION_JSV),
        response(
            "403 Forbidden",
            Some("application/jsv"),
            &[("Set-Cookie", "ss-tok=server-secret")],
            b"{ResponseStatus:{ErrorCode:Forbidden}}",
        ),
    ])
    .await;
    let bearer = JsvClient::builder(server.url())
        .bearer_token("bearer-secret")
        .session_cookies(
            SessionCookies::new()
                .ss_id("id-secret")
                .ss_pid("pid-secret")
                .ss_tok("tok-secret"),
        )
        .build()
        .unwrap();
    let value = bearer.send_with_response(&get_s1()).await.unwrap();
    assert!(!format!("{value:?}").contains("server-secret"), "{value:?}");
    let basic = JsvClient::builder(server.url().replace("http://", "http://user:pass-secret@"))
        .build()
        .unwrap();
    assert!(!basic.base_url().contains("pass-secret"));
    basic.send(&get_s1()).await.unwrap();
    let err = basic.send(&get_s1()).await.unwrap_err();
    assert_eq!(err.error_code(), Some("Forbidden"));

    let [first, second, _] = server.requests().try_into().unwrap();
    assert_eq!(first.header("authorization"), Some("Bearer bearer-secret"));
    assert_eq!(
        first.header("cookie"),
        Some("ss-id=id-secret; ss-pid=pid-secret; ss-tok=tok-secret")
    );
    assert_eq!(
        second.header("authorization"),
        Some("Basic dXNlcjpwYXNzLXNlY3JldA==")
    );

    for printed in [
        format!("{bearer:?}"),
        format!("{basic:?}"),
        format!("{err:?}"),
        err.to_string(),
    ] {
        for secret in [
            "bearer-secret",
            "id-secret",
            "pid-secret",
            "tok-secret",
            "pass-secret",
            "server-secret",
        ] {
            assert!(!printed.contains(secret), "{secret} in {printed}");
        }
    }
}

/// What an `Authenticate` answer sets: ServiceStack's session cookies.
fn authenticated() -> Reply {
    response(
        "200 OK",
        Some("application/jsv"),
        &[
            (
                "Set-Cookie",
                "ss-id=abc123; path=/; samesite=strict; httponly",
            ),
            (
                "Set-Cookie",
                "ss-pid=def456; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/",
            ),
        ],
        SESSION_JSV.as_bytes(),
    )
}

#[tokio::test]
async fn cookies_the_server_sets_are_sent_back() {
    let server = ReplayServer::start(vec![authenticated(), jsv_ok(SESSION_JSV)]).await;
    let client = client(&server);
    client.send(&get_s1()).await.unwrap();
    client.send(&get_s1()).await.unwrap();
    let [first, second] = server.requests().try_into().unwrap();
    assert_eq!(first.header("cookie"), None);
    let cookie = second.header("cookie").expect("the stored cookies");
    assert!(cookie.contains("ss-id=abc123"), "{cookie}");
    assert!(cookie.contains("ss-pid=def456"), "{cookie}");
}

#[tokio::test]
async fn the_cookie_store_can_be_turned_off_and_explicit_cookies_win() {
    let server = ReplayServer::start(vec![authenticated(), jsv_ok(SESSION_JSV)]).await;
    let client = JsvClient::builder(server.url())
        .cookie_store(false)
        .build()
        .unwrap();
    client.send(&get_s1()).await.unwrap();
    client.send(&get_s1()).await.unwrap();
    assert_eq!(server.requests()[1].header("cookie"), None);

    let server = ReplayServer::start(vec![authenticated(), jsv_ok(SESSION_JSV)]).await;
    let client = JsvClient::builder(server.url())
        .session_cookies(SessionCookies::new().ss_id("mine"))
        .build()
        .unwrap();
    client.send(&get_s1()).await.unwrap();
    client.send(&get_s1()).await.unwrap();
    assert_eq!(server.requests()[1].header("cookie"), Some("ss-id=mine"));
}

#[tokio::test]
async fn a_401_refreshes_the_access_token_once_and_retries() {
    let unauthorized = || {
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:TokenException,Message:Token has expired}}",
        )
    };
    let server = ReplayServer::start(vec![
        unauthorized(),
        jsv_ok("{accessToken:new-token}"),
        jsv_ok(SESSION_JSV),
        // A second call uses the new token straight away.
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let client = JsvClient::builder(server.url())
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).await.unwrap(), session());
    client.send(&get_s1()).await.unwrap();

    let [first, refresh, retried, later] = server.requests().try_into().unwrap();
    assert_eq!(first.header("authorization"), Some("Bearer old-token"));
    assert_eq!(
        refresh.request_line,
        "POST /access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(refresh.body_text(), "{refreshToken:refresh-secret}");
    assert_eq!(refresh.header("content-type"), Some("application/jsv"));
    assert_eq!(refresh.header("authorization"), None);
    assert_eq!(retried.request_line, first.request_line);
    assert_eq!(retried.header("authorization"), Some("Bearer new-token"));
    assert_eq!(later.header("authorization"), Some("Bearer new-token"));
    assert!(!format!("{client:?}").contains("new-token"));
}

#[tokio::test]
async fn refresh_happens_once_and_its_failure_is_reported() {
    let unauthorized = || {
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:Unauthorized}}",
        )
    };
    let server = ReplayServer::start(vec![
        unauthorized(),
        response(
            "200 OK",
            Some("application/json"),
            &[],
            br#"{"accessToken":"still-bad"}"#,
        ),
        unauthorized(),
        // Next call: the refresh itself is refused.
        unauthorized(),
        response(
            "400 Bad Request",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:ArgumentException,Message:Invalid RefreshToken}}",
        ),
    ])
    .await;
    let client = JsvClient::builder(server.url())
        .refresh_token("refresh-secret")
        .refresh_path("/auth/refresh")
        .build()
        .unwrap();
    let err = client.send(&get_s1()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(matches!(err, Error::Api(_)));
    let err = client.send(&get_s1()).await.unwrap_err();
    let Error::Refresh(inner) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(inner.error_code(), Some("ArgumentException"));
    assert_eq!(err.error_code(), Some("ArgumentException"));
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    assert_eq!(
        requests[1].request_line,
        "POST /auth/refresh?format=jsv HTTP/1.1"
    );
    assert_eq!(
        requests[2].header("authorization"),
        Some("Bearer still-bad")
    );
}

#[tokio::test]
async fn gateway_errors_are_retried_for_get_but_not_post() {
    let unavailable = || response("503 Service Unavailable", Some("text/plain"), &[], b"busy");
    let server = ReplayServer::start(vec![
        unavailable(),
        response("504 Gateway Timeout", None, &[], b""),
        jsv_ok(SESSION_JSV),
        unavailable(),
        response(
            "500 Internal Server Error",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:Boom}}",
        ),
    ])
    .await;
    let client = client(&server);
    assert_eq!(client.send(&get_s1()).await.unwrap(), session());
    assert_eq!(server.requests().len(), 3);

    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "a".into(),
        display_name: None,
    };
    let err = client.send(&invite).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 4);

    // 500 is not retried even for GET.
    let err = client.send(&get_s1()).await.unwrap_err();
    assert_eq!(err.error_code(), Some("Boom"));
    assert_eq!(server.requests().len(), 5);
}

#[tokio::test]
async fn retries_give_up_after_the_limit() {
    let unavailable = || {
        response(
            "503 Service Unavailable",
            None,
            &[("Retry-After", "0")],
            b"",
        )
    };
    let server = ReplayServer::start(vec![
        unavailable(),
        unavailable(),
        unavailable(),
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let err = client(&server).send(&get_s1()).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 3, "one try and two retries");
}

#[tokio::test]
async fn a_retry_after_longer_than_the_policy_allows_returns_at_once() {
    let server = ReplayServer::start(vec![
        response(
            "503 Service Unavailable",
            None,
            &[("Retry-After", "Sat, 06 Nov 2094 08:49:37 GMT")],
            b"",
        ),
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let started = Instant::now();
    let err = client(&server).send(&get_s1()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    let headers = err.headers().expect("the answer's headers");
    assert_eq!(
        headers.get("retry-after").unwrap(),
        "Sat, 06 Nov 2094 08:49:37 GMT"
    );
    assert_eq!(
        server.requests().len(),
        1,
        "no retry before the server's date"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = ReplayServer::start(vec![Reply::Hang]).await;
    let client = JsvClient::builder(server.url())
        .timeout(Duration::from_millis(300))
        .retry(fast_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&get_s1()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(matches!(err, Error::Timeout(_)));
    // Timeouts are not retried.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_connect_error_retried_for_get() {
    let addr = closed_port();
    let client = JsvClient::builder(format!("http://{addr}"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.send(&get_s1()).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(err.status().is_none());
    assert!(err.to_string().starts_with("could not connect"), "{err}");
    let invite = InviteMember {
        session_id: "s1".into(),
        identity: "a".into(),
        display_name: None,
    };
    assert!(client.send(&invite).await.unwrap_err().is_connect());
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn url_for_shows_where_a_request_goes() {
    let client = JsvClient::builder("http://127.0.0.1:9/api-v2/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/api-v2");
    assert_eq!(
        client.url_for(&get_s1(), Method::Get).unwrap().as_str(),
        "http://127.0.0.1:9/api-v2/sessions/s1?page=2&tags=a%20b%2C%22c%2Cd%22&format=jsv"
    );
    assert_eq!(
        client
            .url_for(&Hello { name: "x".into() }, Method::Get)
            .unwrap()
            .as_str(),
        "http://127.0.0.1:9/api-v2/jsv/reply/Hello?name=x"
    );
    assert!(JsvClient::new("ftp://example.com").is_err());
    assert!(JsvClient::new("not a url").is_err());
    // Every invalid header is reported, not just the first.
    let err = JsvClient::builder("http://x")
        .default_header("bad name", "v")
        .default_header("x-ok", "fine")
        .default_header("x-bad-value", "line\nbreak")
        .accept("tab\tand\nnewline")
        .build()
        .unwrap_err();
    let Error::InvalidHeaders(invalid) = &err else {
        panic!("{err:?}")
    };
    let names: Vec<&str> = invalid.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["#1", "x-bad-value", "accept"]);
    assert!(err.is_builder());
    assert_eq!(
        err.to_string(),
        "invalid default headers: `#1` (invalid HTTP header name); `x-bad-value` (failed to parse header value); `accept` (failed to parse header value)"
    );
}

/// Records every span and event field as text, to check what the client logs.
mod capture {
    use std::fmt::Debug;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};

    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    #[derive(Clone, Default)]
    pub struct Capture {
        pub lines: Arc<Mutex<Vec<String>>>,
        next_id: Arc<AtomicU64>,
    }

    struct Fields(String);

    impl Visit for Fields {
        fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
            self.0.push_str(&format!(" {}={:?}", field.name(), value));
        }
    }

    impl Subscriber for Capture {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, span: &Attributes<'_>) -> Id {
            let mut fields = Fields(format!("span {}", span.metadata().name()));
            span.record(&mut fields);
            self.lines.lock().unwrap().push(fields.0);
            Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
        }
        fn record(&self, _: &Id, values: &Record<'_>) {
            let mut fields = Fields("record".into());
            values.record(&mut fields);
            self.lines.lock().unwrap().push(fields.0);
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, event: &Event<'_>) {
            let mut fields = Fields(format!("event {}", event.metadata().target()));
            event.record(&mut fields);
            self.lines.lock().unwrap().push(fields.0);
        }
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }
}

#[tokio::test]
async fn one_span_per_request_without_secrets() {
    let capture = capture::Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));
    let server = ReplayServer::start(vec![
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:TokenException}}",
        ),
        jsv_ok("{accessToken:fresh-secret}"),
        response("503 Service Unavailable", None, &[], b""),
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let client = JsvClient::builder(server.url())
        .bearer_token("stale-secret")
        .refresh_token("refresh-secret")
        .retry(fast_retry())
        .build()
        .unwrap();
    client.send(&get_s1()).await.unwrap();
    let lines = capture.lines.lock().unwrap().clone();
    let ours: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("jsv_request") || l.starts_with("record") || l.contains("serde_jsv"))
        .collect();
    assert!(
        ours.iter()
            .any(|l| l.as_str() == "span jsv_request method=\"GET\" path=\"/sessions/s1\""),
        "{ours:#?}"
    );
    assert!(
        ours.iter().any(|l| l.as_str() == "record status=200"),
        "{ours:#?}"
    );
    assert!(ours.iter().any(|l| l.contains("retrying")), "{ours:#?}");
    for line in &lines {
        for secret in ["stale-secret", "refresh-secret", "fresh-secret"] {
            assert!(!line.contains(secret), "{secret} logged: {line}");
        }
    }
}

// ---- send_raw: a URL or path of your own, bytes in, bytes out ----

#[tokio::test]
async fn send_raw_joins_paths_to_the_base_and_returns_the_bytes() {
    let server = ReplayServer::start(vec![
        jsv_ok(SESSION_JSV),
        response(
            "201 Created",
            Some("text/jsv"),
            &[("X-Id", "s2")],
            b"{id:s2}",
        ),
        jsv_ok(""),
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let client = JsvClient::builder(format!("{}/api/", server.url()))
        .bearer_token("bearer-secret")
        .default_header("x-tenant", "acme")
        .retry(fast_retry())
        .build()
        .unwrap();
    let got = client
        .send_raw(Method::Get, "/sessions/s1?format=jsv", None)
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.version(), reqwest::Version::HTTP_11);
    assert_eq!(got.content_type(), Some("application/jsv; charset=utf-8"));
    assert_eq!(got.raw_body(), SESSION_JSV.as_bytes());
    assert_eq!(&got[..], SESSION_JSV.as_bytes());
    assert_eq!(
        got.url().as_str(),
        format!("{}/api/sessions/s1?format=jsv", server.url())
    );
    let decoded: Session = serde_jsv::from_slice(got.raw_body()).unwrap();
    assert_eq!(decoded, session());

    let created = client
        .send_raw(Method::Post, "sessions", Some(RawBody::new("{name:Demo}")))
        .await
        .unwrap();
    assert_eq!(
        (created.status().as_u16(), &created[..]),
        (201, &b"{id:s2}"[..])
    );
    assert_eq!(created.headers()["x-id"], "s2");
    // Any method, and a body with its own content type.
    let purge = reqwest::Method::from_bytes(b"PURGE").unwrap();
    client
        .send_raw(purge, "", Some(RawBody::json(r#"{"all":true}"#)))
        .await
        .unwrap();
    // An absolute URL on the base's origin gets the credentials too.
    client
        .send_raw(Method::Delete, &format!("{}/other?x=1", server.url()), None)
        .await
        .unwrap();

    let [get, post, purge, delete] = server.requests().try_into().unwrap();
    assert_eq!(get.request_line, "GET /api/sessions/s1?format=jsv HTTP/1.1");
    assert_eq!(get.header("accept"), Some("application/jsv, text/jsv"));
    assert_eq!(get.header("authorization"), Some("Bearer bearer-secret"));
    assert_eq!(get.header("x-tenant"), Some("acme"));
    assert_eq!(get.header("content-type"), None);
    assert!(get.body.is_empty());
    assert_eq!(post.request_line, "POST /api/sessions HTTP/1.1");
    assert_eq!(post.header("content-type"), Some("application/jsv"));
    assert_eq!(post.body_text(), "{name:Demo}");
    assert_eq!(purge.request_line, "PURGE /api HTTP/1.1");
    assert_eq!(purge.header("content-type"), Some("application/json"));
    assert_eq!(purge.body_text(), r#"{"all":true}"#);
    assert_eq!(delete.request_line, "DELETE /other?x=1 HTTP/1.1");
    assert_eq!(delete.header("authorization"), Some("Bearer bearer-secret"));
}

#[tokio::test]
async fn send_raw_maps_errors_retries_and_limits_like_send() {
    let unavailable = || response("503 Service Unavailable", None, &[], b"");
    let big = "x".repeat(4096);
    let server = ReplayServer::start(vec![
        // An error status: the typed error, body kept.
        response(
            "404 Not Found",
            Some("application/jsv"),
            &[],
            NOT_FOUND_JSV.as_bytes(),
        ),
        // GET is retried on 503; POST and extension methods are not.
        unavailable(),
        unavailable(),
        jsv_ok(SESSION_JSV),
        unavailable(),
        unavailable(),
        // The size limit.
        jsv_ok(&big),
    ])
    .await;
    let client = JsvClient::builder(server.url())
        .retry(fast_retry())
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = client
        .send_raw(Method::Get, "/sessions/s1", None)
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 404);
    assert_eq!(api.version, reqwest::Version::HTTP_11);
    assert_eq!(&api.body[..], NOT_FOUND_JSV.as_bytes());
    assert_eq!(err.error_code(), Some("NotFound"));

    let ok = client.send_raw(Method::Get, "/s", None).await.unwrap();
    assert_eq!(ok.raw_body(), SESSION_JSV.as_bytes());
    let err = client
        .send_raw(Method::Post, "/s", Some(RawBody::new("{}")))
        .await
        .unwrap_err();
    assert!(err.is_status(), "{err:?}");
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE),
        "{err:?}"
    );
    let purge = reqwest::Method::from_bytes(b"PURGE").unwrap();
    let err = client.send_raw(purge, "/s", None).await.unwrap_err();
    assert!(err.is_status(), "{err:?}");
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE),
        "{err:?}"
    );
    let err = client
        .send_raw(Method::Get, "/big", None)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::BodyTooLarge(large) if large.limit == 1024),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 7);

    // Nothing is sent for a URL that is not http(s) or that holds credentials.
    for bad in ["ftp://127.0.0.1/x", "http://user:pw-secret@127.0.0.1/x"] {
        let err = client.send_raw(Method::Get, bad, None).await.unwrap_err();
        assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
        assert!(!err.to_string().contains("pw-secret"), "{err}");
    }
    assert_eq!(server.requests().len(), 7);
}

#[tokio::test]
async fn send_raw_refreshes_on_401_but_keeps_credentials_to_the_base_origin() {
    let server = ReplayServer::start(vec![
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        jsv_ok("{accessToken:new-token}"),
        jsv_ok(SESSION_JSV),
    ])
    .await;
    let elsewhere = ReplayServer::start(vec![
        jsv_ok("{}"),
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
    ])
    .await;
    let client = JsvClient::builder(server.url())
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .session_cookies(SessionCookies::new().ss_id("id-secret"))
        .default_header("x-api-key", "key-secret")
        .default_header("x-tenant", "acme")
        .build()
        .unwrap();
    client
        .send_raw(Method::Get, "/sessions/s1", None)
        .await
        .unwrap();
    // Another origin (another port): no credentials, and a 401 starts no refresh.
    let foreign = format!("{}/x", elsewhere.url());
    client.send_raw(Method::Get, &foreign, None).await.unwrap();
    let err = client
        .send_raw(Method::Get, &foreign, None)
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");

    let [first, refresh, retried] = server.requests().try_into().unwrap();
    assert_eq!(first.header("authorization"), Some("Bearer old-token"));
    assert_eq!(
        refresh.request_line,
        "POST /access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(retried.request_line, "GET /sessions/s1 HTTP/1.1");
    assert_eq!(retried.header("authorization"), Some("Bearer new-token"));
    for request in elsewhere.requests() {
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.header("cookie"), None);
        assert_eq!(request.header("x-api-key"), None);
        assert_eq!(request.header("x-tenant"), Some("acme"));
        assert_eq!(request.header("accept"), Some("application/jsv, text/jsv"));
    }
}

#[tokio::test]
async fn send_raw_is_traced_like_send() {
    let capture = capture::Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));
    let server = ReplayServer::start(vec![jsv_ok("")]).await;
    let client = JsvClient::builder(server.url())
        .bearer_token("bearer-secret")
        .build()
        .unwrap();
    let body = RawBody::new("{password:body-secret}");
    assert!(!format!("{body:?}").contains("body-secret"));
    let got = client
        .send_raw(Method::Put, "/sessions/s1?q=query-secret", Some(body))
        .await
        .unwrap();
    assert!(got.is_empty());
    let lines = capture.lines.lock().unwrap().clone();
    let span = "span jsv_request method=\"PUT\" path=\"/sessions/s1\"";
    assert!(lines.iter().any(|l| l == span), "{lines:#?}");
    assert!(lines.iter().any(|l| l == "record status=200"), "{lines:#?}");
    for line in &lines {
        for secret in ["bearer-secret", "body-secret", "query-secret"] {
            assert!(!line.contains(secret), "{secret} logged: {line}");
        }
    }
}
