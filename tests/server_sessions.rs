//! The embedded session server (`serde_jsv::server`) driven over loopback HTTP: by the async
//! `JsvClient` for every route and error, and by bare reqwest requests for content
//! negotiation, request bodies and headers, where the exact bytes matter.
#![cfg(all(feature = "server", feature = "client"))]

use std::sync::{Arc, Mutex};

use reqwest::header::CONTENT_TYPE;
use serde_jsv::Value;
use serde_jsv::client::{JsvClient, Negotiation};
use serde_jsv::evo_voice::{
    DeleteChatMember, FlowChannels, InviteChatMember, PatchSession, SessionCallState,
    SessionHoldReasons, SessionInfo, SessionMemberCallState, SessionMemberRoles,
    SessionQueueStates,
};
use serde_jsv::server::{
    AcceptMode, CreateSession, ErrorCase, Exchange, GetSession, ServerHandle, SessionServer,
};

const JSV: &str = "application/jsv; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

/// Request headers, as `(name, value)` pairs.
type Headers<'a> = &'a [(&'a str, &'a str)];

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
    let cases: &[(&str, Headers, &str)] = &[
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

    let cases: &[(&str, &str, Headers, &str, u16, &str)] = &[
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

// ---------------------------------------------------------------------------------------------
// The async client against the server.
// ---------------------------------------------------------------------------------------------

/// A server that records every exchange, and a client for it.
async fn started(
    server: SessionServer,
    negotiation: Negotiation,
) -> (ServerHandle, JsvClient, Arc<Mutex<Vec<Exchange>>>) {
    let log: Arc<Mutex<Vec<Exchange>>> = Arc::default();
    let sink = log.clone();
    let server = server.on_exchange(move |exchange| sink.lock().unwrap().push(exchange.clone()));
    let (_, handle) = server.serve("127.0.0.1:0").await.unwrap();
    let client = JsvClient::builder(handle.base_url())
        .negotiation(negotiation)
        .build()
        .unwrap();
    (handle, client, log)
}

fn last(log: &Mutex<Vec<Exchange>>) -> Exchange {
    log.lock().unwrap().last().cloned().expect("no exchange")
}

/// Create → get → invite → patch → delete, with each strategy the client offers: the server
/// understands every URL shape the client builds.
#[tokio::test]
async fn client_drives_every_route_with_every_negotiation() {
    for negotiation in [
        Negotiation::Auto,
        Negotiation::AcceptHeader,
        Negotiation::FormatParam,
        Negotiation::Suffix,
        Negotiation::ReplyRoute,
    ] {
        let (handle, client, log) = started(SessionServer::new(), negotiation).await;
        let context = format!("{negotiation:?}");

        let create = CreateSession {
            channel: Some(FlowChannels::Chat),
            destination: Some("support, tier 2".into()),
            ..CreateSession::new("Support chat")
        };
        let session = client.send(&create).await.expect(&context);
        let id = session.id.clone().unwrap();
        assert_eq!(id, "session-1", "{context}");
        assert_eq!(session.channel, FlowChannels::Chat);
        assert_eq!(session.destination.as_deref(), Some("support, tier 2"));
        assert_eq!(session.members.as_deref(), Some(&[][..]));
        let sent = last(&log);
        assert_eq!(sent.response_content_type(), Some(JSV), "{context}");
        assert_eq!(
            sent.request_header("content-type"),
            Some("application/jsv"),
            "{context}"
        );
        assert_eq!(
            sent.request_text(),
            "{displayName:Support chat,channel:Chat,destination:\"support, tier 2\"}",
            "{context}"
        );

        let read = client.send(&GetSession::new(&id)).await.expect(&context);
        assert_eq!(read, session, "{context}");

        let invited = client
            .send(&InviteChatMember {
                caller_id: Some("+15550100".into()),
                ..InviteChatMember::new(&id, "agent@example.com")
            })
            .await
            .expect(&context);
        let members = invited.members.clone().unwrap();
        assert_eq!(members.len(), 1, "{context}");
        assert_eq!(members[0].identity.as_deref(), Some("agent@example.com"));
        assert_eq!(members[0].role, SessionMemberRoles::Agent);
        assert_eq!(members[0].call_state, SessionMemberCallState::Ringing);
        assert_eq!(
            members[0].application_data.as_ref().unwrap()["callerId"],
            "+15550100"
        );
        let phone = client
            .send(&InviteChatMember::new(&id, "+15551234567"))
            .await
            .expect(&context);
        assert_eq!(
            phone.members.as_ref().unwrap()[1].role,
            SessionMemberRoles::Transfer
        );

        let patched = client
            .send(&PatchSession {
                console_data: Some("{\"note\":\"vip\"}".into()),
                call_state: Some(SessionCallState::Hold),
                hold_reason: Some(SessionHoldReasons::Transferring),
                queue_state: Some(SessionQueueStates::Queued),
                ..PatchSession::new(&id)
            })
            .await
            .expect(&context);
        assert_eq!(patched.call_state, SessionCallState::Hold, "{context}");
        assert_eq!(patched.hold_reason, SessionHoldReasons::Transferring);
        assert_eq!(patched.queue_state, SessionQueueStates::Queued);
        assert_eq!(patched.console_data.as_deref(), Some("{\"note\":\"vip\"}"));
        assert_eq!(last(&log).method, "PATCH", "{context}");

        let removed = client
            .send(&DeleteChatMember::new(&id, "agent@example.com"))
            .await
            .expect(&context);
        let members = removed.members.unwrap();
        assert_eq!(members.len(), 1, "{context}");
        assert_eq!(members[0].identity.as_deref(), Some("+15551234567"));
        let sent = last(&log);
        assert_eq!(sent.method, "DELETE", "{context}");
        assert!(sent.request_body.is_empty(), "{context}");
        assert!(
            sent.uri
                .query()
                .unwrap_or_default()
                .contains("memberToRemove=agent%40example.com"),
            "{context}: {}",
            sent.uri
        );

        // Everything the client sent asked for JSV, and got it.
        for exchange in log.lock().unwrap().iter() {
            assert_eq!(
                exchange.request_header("accept"),
                Some("application/jsv, text/jsv"),
                "{context}"
            );
            assert_eq!(
                exchange.response_content_type(),
                Some(JSV),
                "{context} {}",
                exchange.uri
            );
        }
        let log_entries = handle.store().get(&id).unwrap().log.unwrap();
        assert_eq!(log_entries.len(), 5, "{context}: {log_entries:?}");
        handle.shutdown().await.unwrap();
    }
}

/// The URLs each strategy produces, as the server received them.
#[tokio::test]
async fn client_urls_as_received() {
    let cases = [
        (
            Negotiation::Auto,
            "/sessions/session-1/members/a%40b.c?memberToRemove=a%40b.c&format=jsv",
        ),
        (
            Negotiation::AcceptHeader,
            "/sessions/session-1/members/a%40b.c?memberToRemove=a%40b.c",
        ),
        (
            Negotiation::Suffix,
            "/sessions/session-1/members/a%40b.c.jsv?memberToRemove=a%40b.c",
        ),
        (
            Negotiation::ReplyRoute,
            "/jsv/reply/DeleteChatMember?sessionId=session-1&memberToRemove=a%40b.c",
        ),
    ];
    for (negotiation, expected) in cases {
        let (handle, client, log) = started(SessionServer::new(), negotiation).await;
        client.send(&CreateSession::new("x")).await.unwrap();
        client
            .send(&InviteChatMember::new("session-1", "a@b.c"))
            .await
            .unwrap();
        client
            .send(&DeleteChatMember::new("session-1", "a@b.c"))
            .await
            .unwrap();
        assert_eq!(last(&log).uri.to_string(), expected, "{negotiation:?}");
        handle.shutdown().await.unwrap();
    }
}

#[tokio::test]
async fn client_errors_carry_the_response_status() {
    let (handle, client, _) = started(SessionServer::new(), Negotiation::Auto).await;
    let id = client
        .send(&CreateSession::new("x"))
        .await
        .unwrap()
        .id
        .unwrap();

    let err = client.send(&GetSession::new("nope")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err:?}");
    assert_eq!(err.error_code(), Some("NotFound"));
    assert_eq!(err.message(), Some("Session 'nope' not found"));
    assert!(err.field_errors().is_empty());
    let err = client
        .send(&InviteChatMember::new("nope", "a@b.c"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status().unwrap().as_u16(), err.error_code()),
        (404, Some("NotFound"))
    );

    let err = client
        .send(&InviteChatMember::new(&id, ""))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err:?}");
    assert_eq!(err.error_code(), Some("NotEmpty"));
    assert_eq!(err.message(), Some("'Member To Add' must not be empty."));
    let fields = err.field_errors();
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].field_name.as_deref(), Some("MemberToAdd"));
    assert_eq!(fields[0].error_code.as_deref(), Some("NotEmpty"));
    assert_eq!(
        fields[0].message.as_deref(),
        Some("'Member To Add' must not be empty.")
    );
    assert_eq!(
        fields[0]
            .meta
            .as_ref()
            .and_then(|meta| meta.get("PropertyName"))
            .map(String::as_str),
        Some("MemberToAdd")
    );
    // The raw body is kept.
    assert!(
        String::from_utf8_lossy(err.body().unwrap())
            .starts_with("{ResponseStatus:{ErrorCode:NotEmpty,")
    );

    let patch: PatchSession = serde_jsv::from_str(&format!(
        "{{sessionId:{id},callState:Parked,holdReason:Lunch}}"
    ))
    .unwrap();
    let err = client.send(&patch).await.unwrap_err();
    assert_eq!(
        (err.status().unwrap().as_u16(), err.error_code()),
        (400, Some("Enum"))
    );
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .filter_map(|e| e.field_name.as_deref())
        .collect();
    assert_eq!(fields, ["CallState", "HoldReason"]);

    client
        .send(&InviteChatMember::new(&id, "a@b.c"))
        .await
        .unwrap();
    let err = client
        .send(&InviteChatMember::new(&id, "a@b.c"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status().unwrap().as_u16(), err.error_code()),
        (409, Some("Conflict"))
    );
    let err = client
        .send(&DeleteChatMember::new(&id, "ghost"))
        .await
        .unwrap_err();
    assert_eq!(
        (err.status().unwrap().as_u16(), err.error_code()),
        (404, Some("NotFound"))
    );
    assert_eq!(
        err.message(),
        Some("Member 'ghost' is not in session 'session-1'")
    );
    handle.shutdown().await.unwrap();
}

/// A client forced onto JSON (a `.json` route) reads JSON answers and JSON errors alike;
/// camelCase error bodies map the same way.
#[tokio::test]
async fn client_reads_json_answers_and_camel_case_errors() {
    use serde::Serialize;
    use serde_jsv::request::{Method, Route, ServiceStackRequest};

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct GetSessionJson {
        session_id: String,
    }
    impl ServiceStackRequest for GetSessionJson {
        type Response = SessionInfo;
        const TYPE_NAME: &'static str = "GetSession";
        const METHOD: Method = Method::Get;
        const ROUTES: &'static [Route] =
            &[Route::new("/sessions/{sessionId}.json", &[Method::Get])];
    }

    let (handle, client, _) = started(
        SessionServer::new().error_case(ErrorCase::Camel),
        Negotiation::AcceptHeader,
    )
    .await;
    client.send(&CreateSession::new("Json")).await.unwrap();
    let answer = client
        .send_with_response(&GetSessionJson {
            session_id: "session-1".into(),
        })
        .await
        .unwrap();
    assert_eq!(answer.content_type(), Some(JSON));
    assert!(answer.body_text().starts_with(r#"{"dialState":"Active""#));
    assert_eq!(answer.display_name.as_deref(), Some("Json"));

    let err = client
        .send(&GetSessionJson {
            session_id: "nope".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.error_code(), Some("NotFound"));
    assert!(
        String::from_utf8_lossy(err.body().unwrap())
            .starts_with(r#"{"responseStatus":{"errorCode":"NotFound""#)
    );
    let err = client
        .send(&InviteChatMember::new("session-1", " "))
        .await
        .unwrap_err();
    assert_eq!(
        err.field_errors()[0].field_name.as_deref(),
        Some("MemberToAdd")
    );
    handle.shutdown().await.unwrap();
}

/// On a host that reads `Accept` as ServiceStack does, every strategy still gets JSV, and a
/// client that sends only `Accept: text/jsv` gets the HTML page back as an error.
#[tokio::test]
async fn client_gets_jsv_from_a_strict_servicestack_host() {
    for negotiation in [
        Negotiation::Auto,
        Negotiation::AcceptHeader,
        Negotiation::Suffix,
        Negotiation::ReplyRoute,
    ] {
        let (handle, client, _) = started(
            SessionServer::new().accept_mode(AcceptMode::ServiceStack),
            negotiation,
        )
        .await;
        let answer = client
            .send_with_response(&CreateSession::new("x"))
            .await
            .unwrap();
        assert_eq!(answer.content_type(), Some(JSV), "{negotiation:?}");
        handle.shutdown().await.unwrap();
    }
    let (_, handle) = SessionServer::new()
        .accept_mode(AcceptMode::ServiceStack)
        .serve("127.0.0.1:0")
        .await
        .unwrap();
    let client = JsvClient::builder(handle.base_url())
        .negotiation(Negotiation::AcceptHeader)
        .accept("text/jsv")
        .build()
        .unwrap();
    let err = client.send(&CreateSession::new("x")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200), "{err:?}");
    assert!(err.to_string().contains("text/html"), "{err}");
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn client_credentials_and_refresh() {
    let server = SessionServer::new()
        .require_bearer_token("access-1")
        .refresh_token("refresh-1");
    let (_, handle) = server.serve("127.0.0.1:0").await.unwrap();
    let base = handle.base_url();

    let anonymous = JsvClient::new(&base).unwrap();
    let err = anonymous.send(&CreateSession::new("x")).await.unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), err.error_code()),
        (Some(401), Some("Unauthorized"))
    );
    assert_eq!(err.message(), Some("Not Authenticated"));

    let bearer = JsvClient::builder(&base)
        .bearer_token("access-1")
        .build()
        .unwrap();
    let session = bearer.send(&CreateSession::new("x")).await.unwrap();
    assert_eq!(session.created_by.as_deref(), Some("api-user"));

    let cookies = JsvClient::builder(&base)
        .session_cookies(serde_jsv::client::SessionCookies::new().ss_tok("access-1"))
        .build()
        .unwrap();
    cookies.send(&GetSession::new("session-1")).await.unwrap();

    // A stale access token: the client trades its refresh token for a new one, once.
    let refreshing = JsvClient::builder(&base)
        .bearer_token("expired")
        .refresh_token("refresh-1")
        .build()
        .unwrap();
    refreshing
        .send(&GetSession::new("session-1"))
        .await
        .unwrap();
    let wrong = JsvClient::builder(&base)
        .refresh_token("stolen")
        .build()
        .unwrap();
    let err = wrong.send(&GetSession::new("session-1")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn client_sees_connection_refused_after_shutdown() {
    let (_, handle) = SessionServer::bind("127.0.0.1:0").await.unwrap();
    let client = JsvClient::new(handle.base_url()).unwrap();
    client.send(&CreateSession::new("x")).await.unwrap();
    handle.shutdown().await.unwrap();
    let err = client
        .send(&GetSession::new("session-1"))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
}
