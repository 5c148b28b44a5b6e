//! The embedded session server run on its own thread (`SessionServer::run_in_background`),
//! driven by the blocking client: every route, the negotiated formats, error mapping,
//! credentials, and shutdown.
#![cfg(all(feature = "server", feature = "blocking"))]

use std::sync::{Arc, Mutex};

use serde::Serialize;
use serde_jsv::client::blocking::JsvClient;
use serde_jsv::client::{Negotiation, SessionCookies};
use serde_jsv::evo_voice::{
    DeleteChatMember, FlowChannels, InviteChatMember, PatchSession, SessionCallState, SessionInfo,
    SessionMemberRoles,
};
use serde_jsv::request::{Method, Route, ServiceStackRequest};
use serde_jsv::server::{
    AcceptMode, CreateSession, ErrorCase, Exchange, GetSession, RunningServer, SessionServer,
};

const JSV: &str = "application/jsv; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

type Log = Arc<Mutex<Vec<Exchange>>>;

fn started(server: SessionServer) -> (RunningServer, Log) {
    let log: Log = Arc::default();
    let sink = log.clone();
    let server = server.on_exchange(move |exchange| sink.lock().unwrap().push(exchange.clone()));
    (server.run_in_background().unwrap(), log)
}

fn last(log: &Log) -> Exchange {
    log.lock().unwrap().last().cloned().expect("no exchange")
}

#[test]
fn every_route_in_both_formats() {
    let (server, log) = started(SessionServer::new());
    let client = JsvClient::new(server.base_url()).unwrap();

    let session = client
        .send(&CreateSession {
            channel: Some(FlowChannels::Voice),
            from_address: Some("+15550001".into()),
            ..CreateSession::new("Blocking")
        })
        .unwrap();
    let id = session.id.unwrap();
    let exchange = last(&log);
    assert_eq!(exchange.uri.to_string(), "/sessions?format=jsv");
    assert_eq!(
        exchange.request_text(),
        "{displayName:Blocking,channel:Voice,fromAddress:+15550001}"
    );
    assert_eq!(exchange.response_content_type(), Some(JSV));

    let invited = client
        .send(&InviteChatMember::new(&id, "agent@example.com"))
        .unwrap();
    assert_eq!(
        invited.members.as_ref().unwrap()[0].role,
        SessionMemberRoles::Agent
    );
    let exchange = last(&log);
    assert_eq!(exchange.method, "POST");
    assert_eq!(exchange.uri.path(), "/sessions/session-1/members");
    assert_eq!(
        exchange.request_header("content-type"),
        Some("application/jsv")
    );
    assert_eq!(
        exchange.request_text(),
        "{sessionId:session-1,memberToAdd:agent@example.com}"
    );

    let patched = client
        .send(&PatchSession {
            call_state: Some(SessionCallState::Disconnected),
            ..PatchSession::new(&id)
        })
        .unwrap();
    assert_eq!(patched.call_state, SessionCallState::Disconnected);
    assert!(patched.ended);
    assert_eq!(
        last(&log).request_text(),
        "{sessionId:session-1,callState:Disconnected}"
    );

    let removed = client
        .send(&DeleteChatMember::new(&id, "agent@example.com"))
        .unwrap();
    assert_eq!(removed.members.unwrap().len(), 0);
    assert_eq!(last(&log).method, "DELETE");

    // The same session read back as JSV and, through a `.json` route, as JSON.
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct GetSessionJson {
        session_id: String,
    }
    impl ServiceStackRequest for GetSessionJson {
        type Response = SessionInfo;
        const TYPE_NAME: &'static str = "GetSession";
        const METHOD: Method = Method::Get;
        const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}.json", &[])];
    }
    let jsv = client.send_with_response(&GetSession::new(&id)).unwrap();
    assert_eq!(jsv.content_type(), Some(JSV));
    let json_client = JsvClient::builder(server.base_url())
        .negotiation(Negotiation::AcceptHeader)
        .build()
        .unwrap();
    let json = json_client
        .send_with_response(&GetSessionJson {
            session_id: id.clone(),
        })
        .unwrap();
    assert_eq!(json.content_type(), Some(JSON));
    assert_eq!(*jsv, *json);
    assert_eq!(server.store().get(&id).as_ref(), Some(&*jsv));
    server.shutdown().unwrap();
}

#[test]
fn predefined_routes() {
    let (server, log) = started(SessionServer::new());
    let client = JsvClient::builder(server.base_url())
        .negotiation(Negotiation::ReplyRoute)
        .build()
        .unwrap();
    let id = client
        .send(&CreateSession::new("Reply"))
        .unwrap()
        .id
        .unwrap();
    assert_eq!(last(&log).uri.path(), "/jsv/reply/CreateSession");
    client
        .send(&InviteChatMember::new(&id, "+15551234567"))
        .unwrap();
    client
        .send(&PatchSession {
            console_data: Some("a:b,c".into()),
            ..PatchSession::new(&id)
        })
        .unwrap();
    let session = client.send(&GetSession::new(&id)).unwrap();
    assert_eq!(session.console_data.as_deref(), Some("a:b,c"));
    assert_eq!(
        last(&log).uri.to_string(),
        "/jsv/reply/GetSession?sessionId=session-1"
    );
    let session = client
        .send(&DeleteChatMember::new(&id, "+15551234567"))
        .unwrap();
    assert_eq!(session.members.unwrap().len(), 0);
    for exchange in log.lock().unwrap().iter() {
        assert!(
            exchange.uri.path().starts_with("/jsv/reply/"),
            "{}",
            exchange.uri
        );
        assert_eq!(exchange.response_content_type(), Some(JSV));
    }
}

#[test]
fn errors_map_to_the_client_error() {
    let (server, _) = started(SessionServer::new().error_case(ErrorCase::Camel));
    let client = JsvClient::new(server.base_url()).unwrap();
    let id = client.send(&CreateSession::new("x")).unwrap().id.unwrap();

    let err = client.send(&GetSession::new("missing")).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(err.error_code(), Some("NotFound"));
    assert_eq!(err.message(), Some("Session 'missing' not found"));

    let err = client
        .send(&InviteChatMember {
            session_id: Some(id.clone()),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.error_code(), Some("NotEmpty"));
    let fields: Vec<_> = err
        .field_errors()
        .iter()
        .map(|e| e.field_name.as_deref().unwrap())
        .collect();
    assert_eq!(fields, ["MemberToAdd"]);

    let err = client
        .send(&DeleteChatMember::new(&id, "nobody"))
        .unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), err.error_code()),
        (Some(404), Some("NotFound"))
    );
    server.shutdown().unwrap();
}

#[test]
fn bearer_tokens_and_cookies() {
    let (server, _) = started(
        SessionServer::new()
            .require_bearer_token("t0k")
            .refresh_token("r"),
    );
    let err = JsvClient::new(server.base_url())
        .unwrap()
        .send(&CreateSession::new("x"))
        .unwrap_err();
    assert_eq!(
        (err.status().map(|s| s.as_u16()), err.error_code()),
        (Some(401), Some("Unauthorized"))
    );

    let client = JsvClient::builder(server.base_url())
        .bearer_token("t0k")
        .build()
        .unwrap();
    client.send(&CreateSession::new("x")).unwrap();
    let cookies = JsvClient::builder(server.base_url())
        .session_cookies(SessionCookies::new().ss_tok("t0k"))
        .build()
        .unwrap();
    cookies.send(&GetSession::new("session-1")).unwrap();
    let refreshing = JsvClient::builder(server.base_url())
        .refresh_token("r")
        .build()
        .unwrap();
    refreshing.send(&GetSession::new("session-1")).unwrap();
}

#[test]
fn strict_servicestack_accept_still_gets_jsv() {
    let (server, _) = started(SessionServer::new().accept_mode(AcceptMode::ServiceStack));
    for negotiation in [
        Negotiation::Auto,
        Negotiation::AcceptHeader,
        Negotiation::Suffix,
    ] {
        let client = JsvClient::builder(server.base_url())
            .negotiation(negotiation)
            .build()
            .unwrap();
        let answer = client.send_with_response(&CreateSession::new("x")).unwrap();
        assert_eq!(answer.content_type(), Some(JSV), "{negotiation:?}");
    }
}

#[test]
fn shutdown_closes_the_port_and_drop_stops_the_server() {
    let server = SessionServer::spawn_background().unwrap();
    let base = server.base_url();
    let client = JsvClient::new(&base).unwrap();
    client.send(&CreateSession::new("x")).unwrap();
    server.shutdown().unwrap();
    let err = client.send(&GetSession::new("session-1")).unwrap_err();
    assert!(err.is_connect(), "{err:?}");

    let dropped = SessionServer::spawn_background().unwrap();
    let addr = dropped.addr();
    drop(dropped);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn a_shared_store_outlives_its_server() {
    let server = SessionServer::new();
    let store = server.store();
    let running = server.run_in_background().unwrap();
    let client = JsvClient::new(running.base_url()).unwrap();
    client.send(&CreateSession::new("kept")).unwrap();
    running.shutdown().unwrap();

    let again = SessionServer::new()
        .with_store(store.clone())
        .run_in_background()
        .unwrap();
    let client = JsvClient::new(again.base_url()).unwrap();
    let session = client.send(&GetSession::new("session-1")).unwrap();
    assert_eq!(session.display_name.as_deref(), Some("kept"));
    let next = client.send(&CreateSession::new("next")).unwrap();
    assert_eq!(next.id.as_deref(), Some("session-2"));
    assert_eq!(store.len(), 2);
}
