//! The embedded session server (`serde_jsv::server`) driven over loopback HTTP: by the async
//! `JsvClient` for every route and error, and by bare reqwest requests for content
//! negotiation, request bodies and headers, where the exact bytes matter.
#![cfg(all(feature = "server", feature = "client"))]

use std::sync::{Arc, Mutex};

use reqwest::header::CONTENT_TYPE;
use serde_jsv::Value;
use serde_jsv::evo_voice::SessionInfo;
use serde_jsv::server::{AcceptMode, ErrorCase, Exchange, ServerHandle, SessionServer};

const JSV: &str = "application/jsv; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

/// A bare HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Answer {
    /// The body read by its `Content-Type`, as an untyped JSV value.
    fn value(&self) -> Value {
        if self.content_type.starts_with("application/json") {
            serde_json::from_str::<serde_json::Value>(&self.body)
                .map(Value::from)
                .expect(&self.body)
        } else {
            serde_jsv::from_str(&self.body).expect(&self.body)
        }
    }
}

/// Sends one request with exactly the given headers and body.
async fn raw(base: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let client = reqwest::Client::new();
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = client.request(method, format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if !body.is_empty() {
        request = request.body(body.to_owned());
    }
    let response = request.send().await.expect("request failed");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.unwrap();
    Answer {
        status,
        content_type,
        headers,
        body,
    }
}

/// A server with one session (`session-1`) holding one member, and its base URL.
async fn seeded(server: SessionServer) -> (ServerHandle, String) {
    let (_, handle) = server.serve("127.0.0.1:0").await.unwrap();
    let base = handle.base_url();
    let created = raw(
        &base,
        "POST",
        "/sessions",
        &[("Content-Type", "application/jsv")],
        "{displayName:Seed}",
    )
    .await;
    assert_eq!(created.status, 200, "{created:?}");
    let invited = raw(
        &base,
        "POST",
        "/sessions/session-1/members",
        &[("Content-Type", "application/jsv")],
        "{memberToAdd:agent@example.com}",
    )
    .await;
    assert_eq!(invited.status, 200, "{invited:?}");
    (handle, base)
}

#[tokio::test]
async fn response_format_follows_servicestack_precedence() {
    let (handle, base) = seeded(SessionServer::new()).await;
    let cases: &[(&str, &[(&str, &str)], &str)] = &[
        // No hint: JSON.
        ("/sessions/session-1", &[], JSON),
        // The Accept header.
        ("/sessions/session-1", &[("Accept", "application/jsv")], JSV),
        ("/sessions/session-1", &[("Accept", "text/jsv")], JSV),
        (
            "/sessions/session-1",
            &[("Accept", "application/json")],
            JSON,
        ),
        (
            "/sessions/session-1",
            &[("Accept", "application/json;q=0.5, application/jsv")],
            JSV,
        ),
        ("/sessions/session-1", &[("Accept", "*/*")], JSON),
        // The suffix beats the header, ?format= beats both.
        (
            "/sessions/session-1.jsv",
            &[("Accept", "application/json")],
            JSV,
        ),
        (
            "/sessions/session-1.json",
            &[("Accept", "application/jsv")],
            JSON,
        ),
        (
            "/sessions/session-1?format=jsv",
            &[("Accept", "application/json")],
            JSV,
        ),
        ("/sessions/session-1.jsv?format=json", &[], JSON),
        (
            "/sessions/session-1?format=json.pretty",
            &[("Accept", "application/jsv")],
            JSON,
        ),
        // Predefined routes.
        (
            "/jsv/reply/GetSession?sessionId=session-1",
            &[("Accept", "application/json")],
            JSV,
        ),
        (
            "/json/reply/GetSession?sessionId=session-1",
            &[("Accept", "application/jsv")],
            JSON,
        ),
        (
            "/api/GetSession?sessionId=session-1",
            &[("Accept", "application/jsv")],
            JSON,
        ),
        ("/api/GetSession.jsv?sessionId=session-1", &[], JSV),
        ("/api/GetSession?sessionId=session-1&format=jsv", &[], JSV),
    ];
    for (path, headers, expected) in cases {
        let answer = raw(&base, "GET", path, headers, "").await;
        assert_eq!(answer.status, 200, "{path} {headers:?}: {answer:?}");
        assert_eq!(answer.content_type, *expected, "{path} {headers:?}");
        let value = answer.value();
        assert_eq!(value["id"], "session-1", "{path}");
        assert_eq!(
            value["members"][0]["identity"], "agent@example.com",
            "{path}"
        );
    }
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn responses_are_servicestack_bytes() {
    let (handle, base) = seeded(SessionServer::new()).await;
    let jsv = raw(&base, "GET", "/sessions/session-1.jsv", &[], "").await;
    // Members in declaration order, enums by name, bools as True/False, EntityInfo last,
    // `None` members left out.
    assert!(
        jsv.body
            .starts_with("{dialState:Active,callState:Connected,queueState:None,"),
        "{}",
        jsv.body
    );
    assert!(
        jsv.body.contains(",channel:Voice,ended:False,"),
        "{}",
        jsv.body
    );
    assert!(jsv.body.contains(",displayName:Seed,"), "{}", jsv.body);
    assert!(
        jsv.body
            .contains("members:[{identity:agent@example.com,isOriginalMember:False,"),
        "{}",
        jsv.body
    );
    assert!(
        jsv.body.contains(",id:session-1,dateCreated:"),
        "{}",
        jsv.body
    );
    assert!(!jsv.body.contains("accountId"), "{}", jsv.body);
    let typed: SessionInfo = serde_jsv::from_str(&jsv.body).unwrap();
    assert_eq!(typed.members.unwrap().len(), 1);

    let json = raw(&base, "GET", "/sessions/session-1.json", &[], "").await;
    assert!(
        json.body
            .starts_with(r#"{"dialState":"Active","callState":"Connected","#),
        "{}",
        json.body
    );
    assert!(json.body.contains(r#""ended":false"#), "{}", json.body);
    assert!(!json.body.contains("null"), "{}", json.body);
    let typed: SessionInfo = serde_json::from_str(&json.body).unwrap();
    assert_eq!(typed.display_name.as_deref(), Some("Seed"));
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn request_bodies_are_read_by_content_type() {
    let (handle, base) = seeded(SessionServer::new()).await;
    let bodies: &[(&str, &str, &str)] = &[
        (
            "application/jsv",
            "{memberToAdd:a1@example.com,callerId:+15550001}",
            "a1@example.com",
        ),
        (
            "text/jsv; charset=utf-8",
            "{MemberToAdd:a2@example.com}",
            "a2@example.com",
        ),
        (
            "application/json",
            r#"{"memberToAdd":"a3@example.com"}"#,
            "a3@example.com",
        ),
        (
            "application/json; charset=utf-8",
            r#"{"MEMBERTOADD":"a4@example.com"}"#,
            "a4@example.com",
        ),
        (
            "application/x-www-form-urlencoded",
            "memberToAdd=%2B15551234567",
            "+15551234567",
        ),
        // ServiceStack's indented JSV dump reads too.
        (
            "application/jsv",
            "{\n\tmemberToAdd: a5@example.com\n}",
            "a5@example.com",
        ),
    ];
    for (content_type, body, member) in bodies {
        let answer = raw(
            &base,
            "POST",
            "/sessions/session-1/members.jsv",
            &[("Content-Type", content_type)],
            body,
        )
        .await;
        assert_eq!(answer.status, 200, "{content_type}: {answer:?}");
        let value = answer.value();
        let members = value["members"].as_list().unwrap();
        assert_eq!(
            members.last().unwrap()["identity"],
            *member,
            "{content_type}"
        );
    }
    let value = raw(&base, "GET", "/sessions/session-1.jsv", &[], "")
        .await
        .value();
    let members = value["members"].as_list().unwrap();
    let member = |identity: &str| {
        members
            .iter()
            .find(|member| member["identity"] == identity)
            .unwrap()
    };
    assert_eq!(
        member("a1@example.com")["applicationData"]["callerId"],
        "+15550001"
    );
    assert_eq!(member("a1@example.com")["role"], "Agent");
    assert_eq!(member("+15551234567")["role"], "Transfer");

    // The query string and the path bind too, and the path wins over the body.
    let answer = raw(
        &base,
        "POST",
        "/sessions/session-1/members?memberToAdd=q@example.com&format=jsv",
        &[("Content-Type", "application/jsv")],
        "{sessionId:elsewhere}",
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.value()["id"], "session-1");

    // A predefined route reads the body in its own format, whatever the Content-Type says.
    let answer = raw(
        &base,
        "POST",
        "/jsv/reply/InviteChatMember",
        &[("Content-Type", "application/json")],
        "{sessionId:session-1,memberToAdd:r@example.com}",
    )
    .await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (200, JSV),
        "{answer:?}"
    );
    // JSV posted to /api/{Name} is read as JSON, as ServiceStack does: a binding error.
    let answer = raw(
        &base,
        "POST",
        "/api/InviteChatMember",
        &[("Content-Type", "application/jsv")],
        "{sessionId:session-1,memberToAdd:x@example.com}",
    )
    .await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (400, JSON),
        "{answer:?}"
    );
    assert_eq!(
        answer.value()["ResponseStatus"]["ErrorCode"],
        "SerializationException"
    );
    let answer = raw(
        &base,
        "POST",
        "/api/InviteChatMember.jsv",
        &[("Content-Type", "application/jsv")],
        "{sessionId:session-1,memberToAdd:x@example.com}",
    )
    .await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (200, JSV),
        "{answer:?}"
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn error_bodies_are_servicestack_shaped_in_the_negotiated_format() {
    let (handle, base) = seeded(SessionServer::new()).await;

    let missing = raw(
        &base,
        "GET",
        "/sessions/nope",
        &[("Accept", "application/jsv")],
        "",
    )
    .await;
    assert_eq!((missing.status, missing.content_type.as_str()), (404, JSV));
    assert_eq!(
        missing.body,
        "{ResponseStatus:{ErrorCode:NotFound,Message:Session 'nope' not found,Errors:[]}}"
    );
    let missing = raw(
        &base,
        "GET",
        "/sessions/nope",
        &[("Accept", "application/json")],
        "",
    )
    .await;
    assert_eq!((missing.status, missing.content_type.as_str()), (404, JSON));
    assert_eq!(
        missing.body,
        r#"{"ResponseStatus":{"ErrorCode":"NotFound","Message":"Session 'nope' not found","Errors":[]}}"#
    );

    let invalid = raw(
        &base,
        "POST",
        "/sessions/session-1/members?format=jsv",
        &[("Content-Type", "application/jsv")],
        "{memberToAdd:\"\"}",
    )
    .await;
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.body,
        "{ResponseStatus:{ErrorCode:NotEmpty,Message:'Member To Add' must not be empty.,Errors:[{ErrorCode:NotEmpty,\
         FieldName:MemberToAdd,Message:'Member To Add' must not be empty.,Meta:{PropertyName:MemberToAdd}}]}}"
    );

    let cases: &[(&str, &str, &[(&str, &str)], &str, u16, &str)] = &[
        ("GET", "/nowhere", &[], "", 404, "NotFound"),
        (
            "GET",
            "/json/reply/NoSuchOperation",
            &[],
            "",
            404,
            "NotFound",
        ),
        (
            "PUT",
            "/sessions/session-1",
            &[],
            "",
            405,
            "MethodNotAllowed",
        ),
        (
            "DELETE",
            "/sessions/session-1/members/ghost",
            &[],
            "",
            404,
            "NotFound",
        ),
        (
            "DELETE",
            "/sessions/nope/members/ghost",
            &[],
            "",
            404,
            "NotFound",
        ),
        (
            "POST",
            "/sessions/session-1/members",
            &[("Content-Type", "application/jsv")],
            "{memberToAdd:agent@example.com}",
            409,
            "Conflict",
        ),
        (
            "POST",
            "/sessions/session-1/members",
            &[("Content-Type", "application/jsv")],
            "{memberToAdd:",
            400,
            "SerializationException",
        ),
        (
            "POST",
            "/sessions/session-1/members",
            &[("Content-Type", "application/xml")],
            "<x/>",
            415,
            "NotSupportedException",
        ),
        (
            "PATCH",
            "/sessions/session-1",
            &[("Content-Type", "application/jsv")],
            "{callState:Parked,queueState:Lost}",
            400,
            "Enum",
        ),
        (
            "PATCH",
            "/sessions/session-1",
            &[("Content-Type", "application/jsv")],
            "{ended:maybe}",
            200,
            "",
        ),
        (
            "POST",
            "/jsv/reply/InviteChatMember",
            &[],
            "{memberToAdd:x}",
            400,
            "NotEmpty",
        ),
    ];
    for (method, path, headers, body, status, code) in cases {
        let answer = raw(&base, method, path, headers, body).await;
        assert_eq!(answer.status, *status, "{method} {path}: {answer:?}");
        if *status != 200 {
            assert_eq!(
                answer.value()["ResponseStatus"]["ErrorCode"],
                *code,
                "{method} {path}: {answer:?}"
            );
            assert!(
                answer.value()["ResponseStatus"]["Errors"]
                    .as_list()
                    .is_some(),
                "{answer:?}"
            );
        }
    }
    let not_allowed = raw(&base, "PUT", "/sessions/session-1", &[], "").await;
    assert_eq!(not_allowed.headers["allow"], "GET, PATCH");
    let enums = raw(
        &base,
        "PATCH",
        "/sessions/session-1.jsv",
        &[("Content-Type", "application/jsv")],
        "{callState:Parked,queueState:Lost}",
    )
    .await;
    let fields: Vec<_> = enums.value()["ResponseStatus"]["Errors"]
        .as_list()
        .unwrap()
        .iter()
        .map(|error| error["FieldName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["CallState", "QueueState"]);
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn camel_case_errors() {
    let (handle, base) = seeded(SessionServer::new().error_case(ErrorCase::Camel)).await;
    let missing = raw(&base, "GET", "/sessions/nope.jsv", &[], "").await;
    assert_eq!(
        missing.body,
        "{responseStatus:{errorCode:NotFound,message:Session 'nope' not found,errors:[]}}"
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn servicestack_accept_mode_does_not_know_text_jsv() {
    let (handle, base) = seeded(SessionServer::new().accept_mode(AcceptMode::ServiceStack)).await;
    let html = raw(
        &base,
        "GET",
        "/sessions/session-1",
        &[("Accept", "text/jsv")],
        "",
    )
    .await;
    assert_eq!(html.status, 200);
    assert!(html.content_type.starts_with("text/html"), "{html:?}");
    assert!(html.body.starts_with("<!doctype html>"), "{html:?}");
    let jsv = raw(
        &base,
        "GET",
        "/sessions/session-1",
        &[("Accept", "application/jsv, text/jsv")],
        "",
    )
    .await;
    assert_eq!(jsv.content_type, JSV);
    // Entries are compared in ServiceStack's order of preference, not the header's.
    let json = raw(
        &base,
        "GET",
        "/sessions/session-1",
        &[("Accept", "application/jsv, application/json")],
        "",
    )
    .await;
    assert_eq!(json.content_type, JSON);
    let json = raw(
        &base,
        "GET",
        "/sessions/session-1",
        &[("Accept", "*/*")],
        "",
    )
    .await;
    assert_eq!(json.content_type, JSON);
    let jsv = raw(
        &base,
        "GET",
        "/sessions/session-1?format=jsv",
        &[("Accept", "text/jsv")],
        "",
    )
    .await;
    assert_eq!(jsv.content_type, JSV);
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn bearer_token_is_required_when_configured() {
    let (_, handle) = SessionServer::new()
        .require_bearer_token("s3cret")
        .serve("127.0.0.1:0")
        .await
        .unwrap();
    let base = handle.base_url();
    let denied = raw(&base, "POST", "/sessions.jsv", &[], "").await;
    assert_eq!(denied.status, 401);
    assert_eq!(
        denied.body,
        "{ResponseStatus:{ErrorCode:Unauthorized,Message:Not Authenticated,Errors:[]}}"
    );
    assert!(denied.headers.contains_key("www-authenticate"));
    let wrong = raw(
        &base,
        "POST",
        "/sessions.jsv",
        &[("Authorization", "Bearer nope")],
        "",
    )
    .await;
    assert_eq!(wrong.status, 401);
    let ok = raw(
        &base,
        "POST",
        "/sessions.jsv",
        &[("Authorization", "Bearer s3cret")],
        "",
    )
    .await;
    assert_eq!(ok.status, 200, "{ok:?}");
    assert_eq!(ok.value()["createdBy"], "api-user");
    let cookie = raw(
        &base,
        "GET",
        "/sessions/session-1.jsv",
        &[("Cookie", "ss-id=x; ss-tok=s3cret")],
        "",
    )
    .await;
    assert_eq!(cookie.status, 200, "{cookie:?}");
    // Unknown routes are 404 before authentication, as in ServiceStack.
    assert_eq!(raw(&base, "GET", "/nowhere", &[], "").await.status, 404);
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let (_, handle) = SessionServer::new()
        .body_limit(64)
        .serve("127.0.0.1:0")
        .await
        .unwrap();
    let base = handle.base_url();
    let body = format!("{{displayName:{}}}", "x".repeat(100));
    let answer = raw(
        &base,
        "POST",
        "/sessions.jsv",
        &[("Content-Type", "application/jsv")],
        &body,
    )
    .await;
    assert_eq!(answer.status, 413, "{answer:?}");
    assert_eq!(
        answer.value()["ResponseStatus"]["ErrorCode"],
        "RequestEntityTooLarge"
    );
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn exchanges_are_recorded_and_the_store_is_shared() {
    let log: Arc<Mutex<Vec<Exchange>>> = Arc::default();
    let sink = log.clone();
    let server = SessionServer::new()
        .on_exchange(move |exchange| sink.lock().unwrap().push(exchange.clone()));
    let store = server.store();
    let (handle, base) = seeded(server).await;
    assert_eq!(store.ids(), ["session-1"]);
    assert_eq!(
        handle
            .store()
            .get("session-1")
            .unwrap()
            .members
            .unwrap()
            .len(),
        1
    );

    let exchanges = log.lock().unwrap().clone();
    assert_eq!(exchanges.len(), 2);
    let invite = &exchanges[1];
    assert_eq!(invite.method, "POST");
    assert_eq!(invite.uri.path(), "/sessions/session-1/members");
    assert_eq!(
        invite.request_header("content-type"),
        Some("application/jsv")
    );
    assert_eq!(invite.request_text(), "{memberToAdd:agent@example.com}");
    assert_eq!(invite.status, 200);
    assert_eq!(invite.response_content_type(), Some(JSON));
    assert!(
        invite
            .response_text()
            .contains(r#""identity":"agent@example.com""#)
    );
    drop(base);
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn bind_serves_until_shutdown() {
    let (addr, handle) = SessionServer::bind("127.0.0.1:0").await.unwrap();
    assert!(addr.ip().is_loopback());
    let base = format!("http://{addr}");
    assert_eq!(raw(&base, "POST", "/sessions", &[], "").await.status, 200);
    handle.shutdown().await.unwrap();
    let refused = reqwest::Client::new()
        .get(format!("{base}/sessions/session-1"))
        .send()
        .await;
    assert!(refused.is_err(), "{refused:?}");
}
