//! `authenticate`, tokens changed after build, the refresh-token URI (relative or a central
//! auth server) and `on_authentication_required`, against the loopback replay server that
//! records what was sent; one suite for the async and the blocking client.

#![cfg(feature = "blocking")]

mod both_clients;
mod client_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use both_clients::{Client, Config};
use client_support::*;
use serde_jsv::builtin::Authenticate;
use serde_jsv::client::Error;

const SIGNED_IN: &str = "{userId:7,sessionId:sess-1,userName:ann,bearerToken:jwt-1,\
                         refreshToken:refresh-1,authProvider:credentials}";

fn signed_in() -> Reply {
    response(
        "200 OK",
        Some("application/jsv; charset=utf-8"),
        &[
            (
                "Set-Cookie",
                "ss-id=sess-1; path=/; samesite=strict; httponly",
            ),
            (
                "Set-Cookie",
                "ss-pid=perm-1; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/",
            ),
        ],
        SIGNED_IN.as_bytes(),
    )
}

fn unauthorized() -> Reply {
    response(
        "401 Unauthorized",
        Some("application/jsv"),
        &[],
        b"{ResponseStatus:{ErrorCode:TokenException,Message:Token has expired}}",
    )
}

fn get_s1() -> GetSession {
    GetSession {
        id: "s1".into(),
        page: 0,
        tags: None,
    }
}

fn authenticate_posts_credentials_and_keeps_tokens_and_cookies<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        signed_in(),
        jsv_ok(SESSION_JSV),
        unauthorized(),
        jsv_ok("{accessToken:jwt-2}"),
        jsv_ok(SESSION_JSV),
    ]);
    let client = C::build(
        &server.url(),
        Config {
            bearer: Some("expired-jwt".into()),
            ..Config::default()
        },
    );
    let answer = client
        .authenticate(&Authenticate::credentials("ann", "p@ss word"))
        .unwrap();
    assert_eq!(answer.session_id.as_deref(), Some("sess-1"));
    assert_eq!(answer.bearer_token.as_deref(), Some("jwt-1"));
    // The new bearer token, the session cookies; then the refresh token on a 401.
    client.send(&get_s1()).unwrap();
    client.send(&get_s1()).unwrap();

    let [auth, get, expired, refresh, again] = server.requests().try_into().unwrap();
    assert_eq!(
        auth.request_line,
        "POST /auth/credentials?format=jsv HTTP/1.1",
        "{}",
        C::FLAVOUR
    );
    assert_eq!(
        auth.body_text(),
        "{provider:credentials,userName:ann,password:p@ss word}"
    );
    assert_eq!(auth.header("content-type"), Some("application/jsv"));
    // The expired token is not sent with the sign-in meant to replace it.
    assert_eq!(auth.header("authorization"), None);
    assert_eq!(get.header("authorization"), Some("Bearer jwt-1"));
    // The cookie store sends the session cookies back, in no particular order.
    let mut cookies: Vec<&str> = get
        .header("cookie")
        .unwrap_or_default()
        .split("; ")
        .collect();
    cookies.sort_unstable();
    assert_eq!(cookies, ["ss-id=sess-1", "ss-pid=perm-1"]);
    assert_eq!(expired.header("authorization"), Some("Bearer jwt-1"));
    assert_eq!(
        refresh.request_line,
        "POST /access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(refresh.body_text(), "{refreshToken:refresh-1}");
    assert_eq!(refresh.header("authorization"), None);
    assert_eq!(again.header("authorization"), Some("Bearer jwt-2"));
}

fn refused_credentials_are_an_api_error_and_start_no_refresh<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![response(
        "401 Unauthorized",
        Some("application/jsv"),
        &[],
        b"{responseStatus:{errorCode:Unauthorized,message:Invalid UserName or Password}}",
    )]);
    let client = C::build(
        &server.url(),
        Config {
            refresh_token: Some("r1".into()),
            ..Config::default()
        },
    );
    let calls = Arc::new(AtomicUsize::new(0));
    client.on_auth_fail(Arc::clone(&calls));
    let err = client
        .authenticate(&Authenticate::credentials("ann", "wrong"))
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.error_code(), Some("Unauthorized"));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

fn refresh_token_set_after_build_is_used<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        unauthorized(),
        jsv_ok("{accessToken:jwt-9}"),
        jsv_ok(SESSION_JSV),
        unauthorized(),
    ]);
    let client = C::build(&server.url(), Config::default());
    client.set_refresh_token(Some("kept-from-yesterday"));
    client.send(&get_s1()).unwrap();
    // Turned off again: the next 401 is returned as it is.
    client.set_refresh_token(None);
    let err = client.send(&get_s1()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));

    let [_, refresh, again, last] = server.requests().try_into().unwrap();
    assert_eq!(refresh.body_text(), "{refreshToken:kept-from-yesterday}");
    assert_eq!(again.header("authorization"), Some("Bearer jwt-9"));
    assert_eq!(last.header("authorization"), Some("Bearer jwt-9"));
}

fn an_absolute_refresh_uri_reaches_a_central_auth_server_without_secrets<C: Client>() {
    let auth_server = ReplayServer::start_in_thread(vec![jsv_ok("{accessToken:jwt-central}")]);
    let server = ReplayServer::start_in_thread(vec![unauthorized(), jsv_ok(SESSION_JSV)]);
    let client = C::build(
        &server.url(),
        Config {
            bearer: Some("old".into()),
            refresh_token: Some("r-central".into()),
            default_headers: vec![
                ("x-api-key".into(), "api-secret".into()),
                ("x-tenant".into(), "acme".into()),
            ],
            ..Config::default()
        },
    );
    client
        .set_refresh_token_uri(&format!("{}/auth/access-token", auth_server.url()))
        .unwrap();
    client.send(&get_s1()).unwrap();

    let [refresh] = auth_server.requests().try_into().unwrap();
    assert_eq!(
        refresh.request_line,
        "POST /auth/access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(refresh.body_text(), "{refreshToken:r-central}");
    assert_eq!(refresh.header("authorization"), None);
    assert_eq!(refresh.header("x-api-key"), None);
    assert_eq!(refresh.header("x-tenant"), Some("acme"));
    let [_, again] = server.requests().try_into().unwrap();
    assert_eq!(again.header("authorization"), Some("Bearer jwt-central"));

    // A relative one goes under the base URL; an unusable one is refused.
    assert!(
        client
            .set_refresh_token_uri("ftp://auth.example.com/x")
            .is_err()
    );
    client.set_refresh_token_uri("custom/token").unwrap();
}

fn a_401_from_the_refresh_uri_itself_is_a_refresh_error<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        unauthorized(),
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{ResponseStatus:{ErrorCode:RefreshTokenException,Message:Refresh token revoked}}",
        ),
    ]);
    let client = C::build(
        &server.url(),
        Config {
            refresh_token: Some("revoked".into()),
            ..Config::default()
        },
    );
    let err = client
        .send(&InviteMember {
            session_id: "s1".into(),
            identity: "a".into(),
            display_name: None,
        })
        .unwrap_err();
    match &err {
        Error::Refresh(inner) => assert_eq!(inner.status().map(|s| s.as_u16()), Some(401)),
        other => panic!("{}: expected Error::Refresh, got {other:?}", C::FLAVOUR),
    }
    assert_eq!(err.error_code(), Some("RefreshTokenException"));
    // The POST was sent once: after a failed refresh it is not sent again.
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests[0]
            .request_line
            .starts_with("POST /sessions/s1/members")
    );
}

fn the_callback_signs_in_once_and_the_request_is_retried_once<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        unauthorized(),
        signed_in(),
        jsv_ok(SESSION_JSV),
        unauthorized(),
        signed_in(),
        unauthorized(),
    ]);
    let client = C::build(&server.url(), Config::default());
    let calls = Arc::new(AtomicUsize::new(0));
    client.on_auth_sign_in(Authenticate::credentials("ann", "pw"), Arc::clone(&calls));
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let requests = server.requests();
    let lines: Vec<&str> = requests.iter().map(|r| r.request_line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "GET /sessions/s1?format=jsv HTTP/1.1",
            "POST /auth/credentials?format=jsv HTTP/1.1",
            "GET /sessions/s1?format=jsv HTTP/1.1",
        ]
    );
    assert_eq!(requests[2].header("authorization"), Some("Bearer jwt-1"));

    // Still refused after signing in again: the 401 comes back, the callback ran once more.
    // (The sign-in's refresh token now drives the next round, as in .NET: refresh first.)
    client.set_refresh_token(None);
    let err = client.send(&get_s1()).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(server.requests().len(), 6);
}

fn a_failing_callback_fails_the_request_without_sending_it_again<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![unauthorized()]);
    let client = C::build(&server.url(), Config::default());
    let calls = Arc::new(AtomicUsize::new(0));
    client.on_auth_fail(Arc::clone(&calls));
    let err = client
        .send(&InviteMember {
            session_id: "s1".into(),
            identity: "a".into(),
            display_name: None,
        })
        .unwrap_err();
    match &err {
        Error::Refresh(inner) => {
            assert!(inner.to_string().contains("vault is locked"), "{inner}")
        }
        other => panic!("{}: expected Error::Refresh, got {other:?}", C::FLAVOUR),
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests().len(), 1);
}

fn a_callback_whose_sign_in_is_refused_does_not_wait_for_itself<C: Client>() {
    let server = ReplayServer::start_in_thread(vec![
        unauthorized(),
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{responseStatus:{errorCode:Unauthorized,message:Invalid UserName or Password}}",
        ),
    ]);
    let client = C::build(&server.url(), Config::default());
    let calls = Arc::new(AtomicUsize::new(0));
    client.on_auth_sign_in(
        Authenticate::credentials("ann", "wrong"),
        Arc::clone(&calls),
    );
    let err = client.send(&get_s1()).unwrap_err();
    match &err {
        Error::Refresh(inner) => assert_eq!(inner.error_code(), Some("Unauthorized")),
        other => panic!("{}: expected Error::Refresh, got {other:?}", C::FLAVOUR),
    }
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests().len(), 2);
}

both!(
    authenticate_posts_credentials_and_keeps_tokens_and_cookies,
    refused_credentials_are_an_api_error_and_start_no_refresh,
    refresh_token_set_after_build_is_used,
    an_absolute_refresh_uri_reaches_a_central_auth_server_without_secrets,
    a_401_from_the_refresh_uri_itself_is_a_refresh_error,
    the_callback_signs_in_once_and_the_request_is_retried_once,
    a_failing_callback_fails_the_request_without_sending_it_again,
    a_callback_whose_sign_in_is_refused_does_not_wait_for_itself,
);
