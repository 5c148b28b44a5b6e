//! One suite, two clients: every retry, refresh, timeout, redirect and error scenario runs
//! against the async `JsvClient` and the blocking one, through a small harness ([`Flavour`])
//! that gives both the same synchronous face. The two clients keep separate send loops
//! (one awaits, one blocks); this suite is what holds them to the same behaviour.

#![cfg(feature = "blocking")]

mod client_support;

use std::error::Error as _;
use std::time::Duration;

use bytes::Bytes;
use client_support::*;
use serde_jsv::client::reqwest::{self, StatusCode};
use serde_jsv::client::{DecodeReason, Error, RawBody, ResponseValue, RetryPolicy};
use serde_jsv::request::{Method, ServiceStackRequest};

/// What a scenario needs from a client, whichever flavour it is.
trait Flavour: Sized {
    type Builder: Builder<Client = Self>;
    fn builder(base_url: &str) -> Self::Builder;
    fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error>;
    fn send_as<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<R::Response, Error>;
    fn send_as_with_response<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error>;
    fn send_raw(
        &self,
        method: Method,
        url_or_path: &str,
        body: Option<RawBody>,
    ) -> Result<ResponseValue<Bytes>, Error>;
    fn set_bearer_token(&self, token: &str);
    fn clear_bearer_token(&self);
    fn debug(&self) -> String;
}

/// The builder methods the scenarios use.
trait Builder: Sized {
    type Client;
    fn timeout(self, timeout: Duration) -> Self;
    fn no_timeout(self) -> Self;
    fn retry(self, retry: RetryPolicy) -> Self;
    fn bearer_token(self, token: &str) -> Self;
    fn refresh_token(self, token: &str) -> Self;
    fn secret_header(self, name: &str, value: &str) -> Self;
    /// Uses a reqwest client of the caller's whose own timeout is `timeout`.
    fn callers_client_with_timeout(self, timeout: Duration) -> Self;
    fn build(self) -> Result<Self::Client, Error>;
}

/// Forwards the builder methods both builders have under the same names.
macro_rules! forward_builder {
    () => {
        fn timeout(self, timeout: Duration) -> Self {
            Self(self.0.timeout(timeout))
        }
        fn no_timeout(self) -> Self {
            Self(self.0.no_timeout())
        }
        fn retry(self, retry: RetryPolicy) -> Self {
            Self(self.0.retry(retry))
        }
        fn bearer_token(self, token: &str) -> Self {
            Self(self.0.bearer_token(token))
        }
        fn refresh_token(self, token: &str) -> Self {
            Self(self.0.refresh_token(token))
        }
        fn secret_header(self, name: &str, value: &str) -> Self {
            Self(self.0.secret_header(name, value))
        }
    };
}

/// The async client, driven by a runtime of its own.
struct Async {
    client: serde_jsv::client::JsvClient,
    runtime: tokio::runtime::Runtime,
}

struct AsyncBuilder(serde_jsv::client::JsvClientBuilder);

impl Builder for AsyncBuilder {
    type Client = Async;
    forward_builder!();
    fn callers_client_with_timeout(self, timeout: Duration) -> Self {
        let http = reqwest::Client::builder().timeout(timeout).build().unwrap();
        AsyncBuilder(self.0.reqwest_client(http))
    }
    fn build(self) -> Result<Async, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Ok(Async {
            client: self.0.build()?,
            runtime,
        })
    }
}

impl Flavour for Async {
    type Builder = AsyncBuilder;
    fn builder(base_url: &str) -> AsyncBuilder {
        AsyncBuilder(serde_jsv::client::JsvClient::builder(base_url))
    }
    fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.runtime.block_on(self.client.send(request))
    }
    fn send_as<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<R::Response, Error> {
        self.runtime.block_on(self.client.send_as(method, request))
    }
    fn send_as_with_response<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error> {
        self.runtime
            .block_on(self.client.send_as_with_response(method, request))
    }
    fn send_raw(
        &self,
        method: Method,
        url_or_path: &str,
        body: Option<RawBody>,
    ) -> Result<ResponseValue<Bytes>, Error> {
        self.runtime
            .block_on(self.client.send_raw(method, url_or_path, body))
    }
    fn set_bearer_token(&self, token: &str) {
        self.client.set_bearer_token(token);
    }
    fn clear_bearer_token(&self) {
        self.client.clear_bearer_token();
    }
    fn debug(&self) -> String {
        format!("{:?}", self.client)
    }
}

/// The blocking client.
struct Blocking(serde_jsv::client::blocking::JsvClient);

struct BlockingBuilder(serde_jsv::client::blocking::JsvClientBuilder);

impl Builder for BlockingBuilder {
    type Client = Blocking;
    forward_builder!();
    fn callers_client_with_timeout(self, timeout: Duration) -> Self {
        let http = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .build()
            .unwrap();
        BlockingBuilder(self.0.reqwest_client(http))
    }
    fn build(self) -> Result<Blocking, Error> {
        self.0.build().map(Blocking)
    }
}

impl Flavour for Blocking {
    type Builder = BlockingBuilder;
    fn builder(base_url: &str) -> BlockingBuilder {
        BlockingBuilder(serde_jsv::client::blocking::JsvClient::builder(base_url))
    }
    fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.0.send(request)
    }
    fn send_as<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<R::Response, Error> {
        self.0.send_as(method, request)
    }
    fn send_as_with_response<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error> {
        self.0.send_as_with_response(method, request)
    }
    fn send_raw(
        &self,
        method: Method,
        url_or_path: &str,
        body: Option<RawBody>,
    ) -> Result<ResponseValue<Bytes>, Error> {
        self.0.send_raw(method, url_or_path, body)
    }
    fn set_bearer_token(&self, token: &str) {
        self.0.set_bearer_token(token);
    }
    fn clear_bearer_token(&self) {
        self.0.clear_bearer_token();
    }
    fn debug(&self) -> String {
        format!("{:?}", self.0)
    }
}

/// Runs each scenario against both clients: `async_client::name` and
/// `blocking_client::name`.
macro_rules! both_clients {
    ($($scenario:ident),* $(,)?) => {
        mod async_client {
            $( #[test] fn $scenario() { super::$scenario::<super::Async>(); } )*
        }
        mod blocking_client {
            $( #[test] fn $scenario() { super::$scenario::<super::Blocking>(); } )*
        }
    };
}

both_clients!(
    idempotent_requests_are_retried_on_gateway_statuses,
    connect_failures_are_retried_then_reported,
    a_timeout_is_reported_and_not_retried,
    no_timeout_holds_with_the_callers_reqwest_client,
    a_401_refreshes_once_and_retries_with_the_new_token,
    a_401_from_the_refresh_uri_is_a_refresh_error,
    servicestack_errors_answer_the_usual_questions,
    undecodable_bodies_keep_their_cause_as_the_source,
    the_bearer_token_can_be_replaced_and_cleared,
    secret_headers_stay_on_the_base_origin,
    a_redirect_to_another_origin_keeps_secret_headers_home,
    send_as_answers_like_its_siblings,
);

fn fast_retry() -> RetryPolicy {
    RetryPolicy::new(2).backoff(Duration::from_millis(1), Duration::from_millis(5))
}

fn get_s1() -> GetSession {
    GetSession {
        id: "s1".into(),
        page: 0,
        tags: None,
    }
}

fn invite() -> InviteMember {
    InviteMember {
        session_id: "s1".into(),
        identity: "agent:7".into(),
        display_name: None,
    }
}

fn unavailable() -> Reply {
    response("503 Service Unavailable", Some("text/html"), &[], b"busy")
}

/// `Display` of every error in the chain leaves its source out.
fn assert_chain_prints_once(err: &Error) {
    let top = err.to_string();
    let mut source = err.source();
    while let Some(next) = source {
        let text = next.to_string();
        assert!(!top.contains(&text), "`{top}` repeats its source `{text}`");
        source = next.source();
    }
}

fn idempotent_requests_are_retried_on_gateway_statuses<F: Flavour>() {
    let server =
        ReplayServer::start_in_thread(vec![unavailable(), unavailable(), jsv_ok(SESSION_JSV)]);
    let client = F::builder(&server.url())
        .retry(fast_retry())
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    assert_eq!(server.requests().len(), 3);

    // A POST is not idempotent: the 503 comes back at once.
    let server = ReplayServer::start_in_thread(vec![unavailable(), jsv_ok(SESSION_JSV)]);
    let client = F::builder(&server.url())
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.send(&invite()).unwrap_err();
    assert!(err.is_status(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(
        err.url().map(reqwest::Url::path),
        Some("/sessions/s1/members")
    );
    assert_eq!(server.requests().len(), 1);
}

fn connect_failures_are_retried_then_reported<F: Flavour>() {
    let addr = closed_port();
    let client = F::builder(&format!("http://{addr}"))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.send(&get_s1()).unwrap_err();
    assert!(err.is_connect() && err.is_request(), "{err:?}");
    assert!(!err.is_status() && !err.is_timeout() && !err.is_decode());
    assert_eq!(err.status(), None);
    assert_eq!(err.url().and_then(reqwest::Url::port), Some(addr.port()));
    assert_eq!(err.to_string(), "could not connect");
    assert!(err.source().is_some());
    assert_chain_prints_once(&err);
}

fn a_timeout_is_reported_and_not_retried<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![Reply::Hang, jsv_ok(SESSION_JSV)]);
    let client = F::builder(&server.url())
        .timeout(Duration::from_millis(300))
        .retry(fast_retry())
        .build()
        .unwrap();
    let err = client.send(&get_s1()).unwrap_err();
    assert!(err.is_timeout() && err.is_request(), "{err:?}");
    assert!(!err.is_connect());
    assert_chain_prints_once(&err);
    // The service may still be running: a timed-out request is not sent again.
    assert_eq!(server.requests().len(), 1);
}

fn no_timeout_holds_with_the_callers_reqwest_client<F: Flavour>() {
    // The caller's reqwest client gives up after 200 ms; the answer takes 700 ms.
    let slow = || Reply::Delayed(Duration::from_millis(700), jsv_bytes(SESSION_JSV));
    let server = ReplayServer::start_in_thread(vec![slow(), slow()]);
    let client = F::builder(&server.url())
        .callers_client_with_timeout(Duration::from_millis(200))
        .no_timeout()
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    // Our own timeout governs the caller's client as well, in the other direction too.
    let client = F::builder(&server.url())
        .callers_client_with_timeout(Duration::from_secs(30))
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    assert!(client.send(&get_s1()).unwrap_err().is_timeout());
}

fn a_401_refreshes_once_and_retries_with_the_new_token<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        jsv_ok("{accessToken:new-token}"),
        jsv_ok(SESSION_JSV),
    ]);
    let client = F::builder(&server.url())
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    let [first, refresh, retried] = server.requests().try_into().unwrap();
    assert_eq!(first.header("authorization"), Some("Bearer old-token"));
    assert_eq!(
        refresh.request_line,
        "POST /access-token?format=jsv HTTP/1.1"
    );
    assert_eq!(refresh.body_text(), "{refreshToken:refresh-secret}");
    assert_eq!(refresh.header("authorization"), None);
    assert_eq!(retried.header("authorization"), Some("Bearer new-token"));
    assert!(!client.debug().contains("new-token"));
}

fn a_401_from_the_refresh_uri_is_a_refresh_error<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        response(
            "401 Unauthorized",
            Some("application/jsv"),
            &[],
            b"{responseStatus:{errorCode:TokenException,message:Refresh token has expired}}",
        ),
    ]);
    let client = F::builder(&server.url())
        .bearer_token("old-token")
        .refresh_token("refresh-secret")
        .build()
        .unwrap();
    let err = client.send(&get_s1()).unwrap_err();
    let Error::Refresh(inner) = &err else {
        panic!("{err:?}")
    };
    assert!(inner.is_unauthorized());
    // The questions a caller asks are answered through the refresh wrapper.
    assert!(err.is_unauthorized() && err.is_status());
    assert_eq!(err.error_code(), Some("TokenException"));
    assert_eq!(err.url().map(reqwest::Url::path), Some("/access-token"));
    assert_eq!(err.to_string(), "refreshing the access token failed");
    assert_eq!(
        err.source().unwrap().to_string(),
        "HTTP 401 Unauthorized: TokenException: Refresh token has expired"
    );
    // The request is not sent again after a failed refresh.
    assert_eq!(server.requests().len(), 2);
}

fn servicestack_errors_answer_the_usual_questions<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![
        response(
            "400 Bad Request",
            Some("application/jsv"),
            &[],
            b"{responseStatus:{errorCode:NotEmpty,message:'Identity' must not be empty.,errors:[{errorCode:NotEmpty,fieldName:Identity,message:'Identity' must not be empty.},{errorCode:Email,fieldName:DisplayName,message:not an e-mail}]}}",
        ),
        response("401 Unauthorized", Some("application/jsv"), &[], b"{}"),
        response(
            "403 Forbidden",
            Some("application/json"),
            &[],
            br#"{"responseStatus":{"errorCode":"Forbidden","message":"Admins only"}}"#,
        ),
        response(
            "400 Bad Request",
            Some("application/jsv"),
            &[],
            b"{responseStatus:{errorCode:ArgumentException,message:bad page}}",
        ),
    ]);
    let client = F::builder(&server.url()).build().unwrap();

    let validation = client.send(&invite()).unwrap_err();
    assert!(validation.is_validation_error() && validation.is_status());
    assert_eq!(validation.error_code(), Some("NotEmpty"));
    let identity = validation.field_error("identity").unwrap();
    assert_eq!(identity.error_code.as_deref(), Some("NotEmpty"));
    assert_eq!(
        identity.message.as_deref(),
        Some("'Identity' must not be empty.")
    );
    assert_eq!(
        validation
            .field_error("DISPLAYNAME")
            .and_then(|e| e.error_code.as_deref()),
        Some("Email")
    );
    assert!(validation.field_error("name").is_none());
    assert!(!validation.is_unauthorized() && !validation.is_forbidden());
    assert_eq!(
        validation.url().map(reqwest::Url::as_str),
        Some(format!("{}/sessions/s1/members?format=jsv", server.url()).as_str())
    );

    let unauthorized = client.send(&get_s1()).unwrap_err();
    assert!(unauthorized.is_unauthorized() && !unauthorized.is_validation_error());
    let forbidden = client.send(&get_s1()).unwrap_err();
    assert!(forbidden.is_forbidden() && !forbidden.is_unauthorized());
    assert_eq!(forbidden.message(), Some("Admins only"));
    // A 400 without field errors is not a validation failure.
    let plain = client.send(&get_s1()).unwrap_err();
    assert!(plain.is_status() && !plain.is_validation_error());
    for err in [&validation, &unauthorized, &forbidden, &plain] {
        assert!(err.source().is_none(), "{err:?}");
        assert!(!err.is_request() && !err.is_decode() && !err.is_builder());
    }
}

fn undecodable_bodies_keep_their_cause_as_the_source<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![
        jsv_ok("{id:s1,members:[{identity:a,muted:perhaps}]}"),
        response("200 OK", Some("text/html"), &[], b"<html>login</html>"),
    ]);
    let client = F::builder(&server.url()).build().unwrap();
    let bad_bool = client.send(&get_s1()).unwrap_err();
    assert!(
        bad_bool.is_decode() && !bad_bool.is_status(),
        "{bad_bool:?}"
    );
    assert_eq!(bad_bool.status(), Some(StatusCode::OK));
    let cause = bad_bool.source().unwrap();
    let jsv = cause.downcast_ref::<serde_jsv::Error>().unwrap();
    assert!(jsv.line() == 1 && jsv.column() > 0, "{jsv}");
    assert_chain_prints_once(&bad_bool);

    let html = client.send(&get_s1()).unwrap_err();
    let Error::Decode(decode) = &html else {
        panic!("{html:?}")
    };
    assert!(matches!(
        decode.reason,
        DecodeReason::UnsupportedContentType(Some(_))
    ));
    assert!(html.source().is_none());
}

fn the_bearer_token_can_be_replaced_and_cleared<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![
        jsv_ok(SESSION_JSV),
        jsv_ok(SESSION_JSV),
        jsv_ok(SESSION_JSV),
    ]);
    let client = F::builder(&server.url())
        .bearer_token("first")
        .build()
        .unwrap();
    client.send(&get_s1()).unwrap();
    client.set_bearer_token("second");
    client.send(&get_s1()).unwrap();
    client.clear_bearer_token();
    client.send(&get_s1()).unwrap();
    let sent: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("Bearer first".to_owned()),
            Some("Bearer second".to_owned()),
            None
        ]
    );
}

fn secret_headers_stay_on_the_base_origin<F: Flavour>() {
    let home = ReplayServer::start_in_thread(vec![jsv_ok(SESSION_JSV)]);
    let elsewhere = ReplayServer::start_in_thread(vec![jsv_ok("{}")]);
    let client = F::builder(&home.url())
        .secret_header("x-signature", "sig-secret")
        .bearer_token("bearer-secret")
        .build()
        .unwrap();
    assert!(!client.debug().contains("sig-secret"), "{}", client.debug());
    client.send(&get_s1()).unwrap();
    client
        .send_raw(Method::Get, &format!("{}/x", elsewhere.url()), None)
        .unwrap();
    let [at_home] = home.requests().try_into().unwrap();
    assert_eq!(at_home.header("x-signature"), Some("sig-secret"));
    let [away] = elsewhere.requests().try_into().unwrap();
    assert_eq!(away.header("x-signature"), None);
    assert_eq!(away.header("authorization"), None);
}

fn a_redirect_to_another_origin_keeps_secret_headers_home<F: Flavour>() {
    let elsewhere = ReplayServer::start_in_thread(vec![jsv_ok(SESSION_JSV)]);
    let away = format!("{}/sessions/s1", elsewhere.url());
    let home = ReplayServer::start_in_thread(vec![
        // Same origin: followed, the secret goes along.
        response("302 Found", None, &[("Location", "/moved/s1")], b""),
        jsv_ok(SESSION_JSV),
        // Another origin (another port): not followed.
        response("302 Found", None, &[("Location", away.as_str())], b""),
    ]);
    let client = F::builder(&home.url())
        .secret_header("x-signature", "sig-secret")
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    let err = client.send(&get_s1()).unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::FOUND), "{err:?}");
    assert_eq!(
        err.headers()
            .and_then(|h| h.get("location"))
            .and_then(|v| v.to_str().ok()),
        Some(away.as_str())
    );
    let [first, moved, _] = home.requests().try_into().unwrap();
    assert_eq!(first.header("x-signature"), Some("sig-secret"));
    assert_eq!(moved.request_line, "GET /moved/s1 HTTP/1.1");
    assert_eq!(moved.header("x-signature"), Some("sig-secret"));
    assert!(elsewhere.requests().is_empty());

    // Without secret headers, reqwest's own policy applies (it drops only Authorization
    // and Cookie), and the redirect is followed.
    let elsewhere = ReplayServer::start_in_thread(vec![jsv_ok(SESSION_JSV)]);
    let away = format!("{}/sessions/s1", elsewhere.url());
    let home = ReplayServer::start_in_thread(vec![response(
        "302 Found",
        None,
        &[("Location", away.as_str())],
        b"",
    )]);
    let client = F::builder(&home.url())
        .bearer_token("bearer-secret")
        .build()
        .unwrap();
    assert_eq!(client.send(&get_s1()).unwrap(), session());
    let [followed] = elsewhere.requests().try_into().unwrap();
    assert_eq!(followed.header("authorization"), None);
}

fn send_as_answers_like_its_siblings<F: Flavour>() {
    let server = ReplayServer::start_in_thread(vec![jsv_ok(SESSION_JSV), jsv_ok(SESSION_JSV)]);
    let client = F::builder(&server.url()).build().unwrap();
    let session_only: Session = client.send_as(Method::Delete, &get_s1()).unwrap();
    assert_eq!(session_only, session());
    let full = client
        .send_as_with_response(Method::Get, &get_s1())
        .unwrap();
    assert_eq!(full.status(), StatusCode::OK);
    assert_eq!(full.into_inner(), session());
    let [delete, get] = server.requests().try_into().unwrap();
    assert_eq!(
        delete.request_line,
        "DELETE /sessions/s1?format=jsv HTTP/1.1"
    );
    assert_eq!(get.request_line, "GET /sessions/s1?format=jsv HTTP/1.1");
}

/// The bytes of a `200 OK` JSV answer.
fn jsv_bytes(body: &str) -> Vec<u8> {
    match jsv_ok(body) {
        Reply::Bytes(bytes) => bytes,
        _ => unreachable!("jsv_ok writes bytes"),
    }
}
