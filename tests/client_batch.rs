//! Batches and one-way requests against the loopback replay server, which records exactly
//! what was sent (request line, headers, body); one suite for the async and the blocking
//! client.

#![cfg(feature = "blocking")]

mod both_clients;
mod client_support;

use std::time::Duration;

use both_clients::{Client, Config};
use client_support::*;
use serde_jsv::client::{Error, RetryPolicy};

fn invite(session: &str, identity: &str) -> InviteMember {
    InviteMember {
        session_id: session.into(),
        identity: identity.into(),
        display_name: None,
    }
}

fn client<C: Client>(server: &ReplayServer) -> C {
    C::build(
        &server.url(),
        Config {
            bearer: Some("t-secret".into()),
            ..Config::default()
        },
    )
}

fn batch_posts_one_jsv_list_to_the_reply_route_with_brackets<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![jsv_ok(
        "[{id:s1,members:[{identity:a}]},{id:s2,name:Two}]",
    )]);
    let client: C = client(&server);
    let sessions = client
        .send_all(&[invite("s1", "a"), invite("s2", "b,c")])
        .unwrap();
    assert_eq!(sessions.len(), 2, "{}", C::FLAVOUR);
    assert_eq!(sessions[0].members[0].identity, "a");
    assert_eq!(sessions[1].name.as_deref(), Some("Two"));

    let [sent] = server.requests().try_into().unwrap();
    // The `[]` literally, not %5B%5D; the DTO's own route is not used.
    assert_eq!(sent.request_line, "POST /jsv/reply/InviteMember[] HTTP/1.1");
    assert_eq!(
        sent.body_text(),
        "[{sessionId:s1,identity:a},{sessionId:s2,identity:\"b,c\"}]"
    );
    assert_eq!(sent.header("content-type"), Some("application/jsv"));
    assert_eq!(sent.header("accept"), Some("application/jsv, text/jsv"));
    assert_eq!(sent.header("authorization"), Some("Bearer t-secret"));
}

fn batch_answers_in_json_are_read_too<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![response(
        "200 OK",
        Some("application/json; charset=utf-8"),
        &[],
        br#"[{"result":"hi a"},{"result":"hi b"}]"#,
    )]);
    let client: C = client(&server);
    let answers = client
        .send_all(&[Hello { name: "a".into() }, Hello { name: "b".into() }])
        .unwrap();
    let texts: Vec<&str> = answers.iter().map(|a| a.result.as_str()).collect();
    assert_eq!(texts, ["hi a", "hi b"]);
    let [sent] = server.requests().try_into().unwrap();
    assert_eq!(sent.request_line, "POST /jsv/reply/Hello[] HTTP/1.1");
    assert_eq!(sent.body_text(), "[{name:a},{name:b}]");
}

fn empty_batches_are_errors_and_send_nothing<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![]);
    let client: C = client(&server);
    let none: [InviteMember; 0] = [];
    for result in [
        client.send_all(&none).map(drop),
        client.send_all_one_way(&none),
    ] {
        match result {
            Err(Error::InvalidRequest(message)) => {
                assert!(message.contains("empty batch"), "{message}")
            }
            other => panic!("{}: expected InvalidRequest, got {other:?}", C::FLAVOUR),
        }
    }
    assert!(server.requests().is_empty());
}

fn batch_failures_carry_the_response_status_and_are_not_retried<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        response(
            "400 Bad Request",
            Some("application/jsv"),
            &[],
            VALIDATION_ERROR_JSV.as_bytes(),
        ),
        response("503 Service Unavailable", Some("text/plain"), &[], b"busy"),
    ]);
    let client = C::build(
        &server.url(),
        Config {
            retry: Some(
                RetryPolicy::new(3).backoff(Duration::from_millis(1), Duration::from_millis(2)),
            ),
            ..Config::default()
        },
    );
    let err = client.send_all(&[invite("s1", "a")]).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.error_code(), Some("ValidationException"));
    // A POST batch that may have reached the server is not sent again.
    let err = client.send_all(&[invite("s1", "a")]).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.requests().len(), 2, "{}", C::FLAVOUR);
}

fn one_way_uses_the_dto_verb_and_ignores_the_body<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        response("204 No Content", None, &[], b""),
        response("200 OK", Some("text/html"), &[], b"<html>queued</html>"),
        response("200 OK", None, &[], b""),
    ]);
    let client: C = client(&server);
    client.send_one_way(&invite("s1", "agent:7")).unwrap();
    client
        .send_one_way(&GetSession {
            id: "s 1".into(),
            page: 0,
            tags: Some(vec!["x".into(), "y".into()]),
        })
        .unwrap();
    client.send_one_way(&Hello { name: "n".into() }).unwrap();

    let [post, get, hello] = server.requests().try_into().unwrap();
    assert_eq!(post.request_line, "POST /jsv/oneway/InviteMember HTTP/1.1");
    assert_eq!(post.body_text(), "{sessionId:s1,identity:\"agent:7\"}");
    assert_eq!(post.header("content-type"), Some("application/jsv"));
    assert_eq!(post.header("authorization"), Some("Bearer t-secret"));
    // GET: the members in the query string, as .NET's client puts them there.
    assert_eq!(
        get.request_line,
        "GET /jsv/oneway/GetSession?id=s%201&tags=x%2Cy HTTP/1.1"
    );
    assert!(get.body.is_empty());
    assert_eq!(hello.request_line, "POST /jsv/oneway/Hello HTTP/1.1");
}

fn send_all_one_way_posts_the_list<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![response("204 No Content", None, &[], b"")]);
    let client: C = client(&server);
    client
        .send_all_one_way(&[Hello { name: "a".into() }, Hello { name: "b c".into() }])
        .unwrap();
    let [sent] = server.requests().try_into().unwrap();
    assert_eq!(sent.request_line, "POST /jsv/oneway/Hello[] HTTP/1.1");
    assert_eq!(sent.body_text(), "[{name:a},{name:b c}]");
}

fn one_way_failures_are_api_errors<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        response(
            "404 Not Found",
            Some("application/jsv"),
            &[],
            NOT_FOUND_JSV.as_bytes(),
        ),
        response(
            "500 Internal Server Error",
            Some("text/plain"),
            &[],
            b"boom",
        ),
    ]);
    let client: C = client(&server);
    let err = client.send_one_way(&invite("s1", "a")).unwrap_err();
    assert_eq!(err.error_code(), Some("NotFound"));
    let err = client
        .send_all_one_way(&[Hello { name: "a".into() }])
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(500));
}

fn a_401_on_a_batch_refreshes_and_resends_the_same_body_once<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        jsv_ok("{accessToken:new-token}"),
        jsv_ok("[{id:s1}]"),
    ]);
    let client = C::build(
        &server.url(),
        Config {
            bearer: Some("old-token".into()),
            refresh_token: Some("r1".into()),
            ..Config::default()
        },
    );
    let sessions = client.send_all(&[invite("s1", "a")]).unwrap();
    assert_eq!(sessions[0].id, "s1");
    let [first, refresh, again] = server.requests().try_into().unwrap();
    assert_eq!(
        first.request_line,
        "POST /jsv/reply/InviteMember[] HTTP/1.1"
    );
    assert_eq!(first.header("authorization"), Some("Bearer old-token"));
    assert_eq!(
        refresh.request_line,
        "POST /access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(again.request_line, first.request_line);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("authorization"), Some("Bearer new-token"));
}

both!(
    batch_posts_one_jsv_list_to_the_reply_route_with_brackets,
    batch_answers_in_json_are_read_too,
    empty_batches_are_errors_and_send_nothing,
    batch_failures_carry_the_response_status_and_are_not_retried,
    one_way_uses_the_dto_verb_and_ignores_the_body,
    send_all_one_way_posts_the_list,
    one_way_failures_are_api_errors,
    a_401_on_a_batch_refreshes_and_resends_the_same_body_once,
);
