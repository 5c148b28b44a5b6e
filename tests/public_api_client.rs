//! The client's public API as a user writes it: every client item of issue 15 and the
//! error helpers of issue 11, against the crate's loopback session server.
//!
//! `cargo semver-checks` means nothing before a first release; this file is the contract
//! instead: if a rename or a signature change breaks it, the change is a breaking one.

#![cfg(all(feature = "client", feature = "blocking", feature = "server"))]

use std::error::Error as StdError;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_jsv::client::reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde_jsv::client::reqwest::{self, StatusCode};
use serde_jsv::client::url::{Fallback, KeyCase, UrlError, UrlOptions, request_path_with};
use serde_jsv::client::{
    ApiError, BodyTooLarge, DecodeError, DecodeReason, Error, InvalidHeader, JsvClient,
    RefreshToken, ResponseValue, RetryPolicy,
};
use serde_jsv::request::{Method, Route, ServiceStackRequest};
use serde_jsv::server::SessionServer;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateSession {
    display_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    id: String,
    display_name: Option<String>,
}

impl ServiceStackRequest for CreateSession {
    type Response = Session;
    const TYPE_NAME: &'static str = "CreateSession";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[Route::new("/sessions", &[Method::Post])];
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GetSession {
    session_id: String,
}

impl ServiceStackRequest for GetSession {
    type Response = Session;
    const TYPE_NAME: &'static str = "GetSession";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}", &[Method::Get])];
}

/// The server's InviteChatMember, with `memberToAdd` optional so that it can be left out.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invite {
    session_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_to_add: Option<String>,
}

impl ServiceStackRequest for Invite {
    type Response = Session;
    const TYPE_NAME: &'static str = "InviteChatMember";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] =
        &[Route::new("/sessions/{sessionId}/members", &[Method::Post])];
}

/// A response type the server's answer does not fit (no `missingMember` in a session).
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Strict {
    missing_member: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct GetStrict {
    session_id: String,
}

impl ServiceStackRequest for GetStrict {
    type Response = Strict;
    const TYPE_NAME: &'static str = "GetSession";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}", &[Method::Get])];
}

/// What `anyhow`'s `{:#}` prints: each error of the chain, `: `-separated.
fn alternate_chain(err: &dyn StdError) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(next) = source {
        text.push_str(": ");
        text.push_str(&next.to_string());
        source = next.source();
    }
    text
}

#[tokio::test]
async fn servicestack_errors_as_reqwest_and_servicestack_users_ask_about_them() {
    let server = SessionServer::new()
        .require_bearer_token("secret")
        .run_in_background()
        .unwrap();
    let client = JsvClient::builder(server.base_url())
        .bearer_token("secret")
        .build()
        .unwrap();
    let created = client
        .send(&CreateSession {
            display_name: "Support".into(),
        })
        .await
        .unwrap();

    // A validation failure: 400 with field errors, the first code copied to the top.
    let invite = Invite {
        session_id: created.id.clone(),
        member_to_add: None,
    };
    let err = client.send(&invite).await.unwrap_err();
    assert!(err.is_validation_error(), "{err:?}");
    assert!(err.is_status() && !err.is_unauthorized() && !err.is_forbidden());
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert_eq!(err.error_code(), Some("NotEmpty"));
    let field = err
        .field_error("MEMBERTOADD")
        .expect("a field error for memberToAdd");
    assert_eq!(field.error_code.as_deref(), Some("NotEmpty"));
    assert!(field.message.as_deref().is_some_and(|m| !m.is_empty()));
    assert!(err.field_error("sessionId").is_none());
    assert_eq!(
        err.url().map(reqwest::Url::as_str),
        Some(
            format!(
                "{}/sessions/{}/members?format=jsv",
                server.base_url(),
                created.id
            )
            .as_str()
        )
    );
    // A server's answer is not a cause: no source, Display says it all.
    assert!(err.source().is_none());
    assert!(
        err.to_string()
            .starts_with("HTTP 400 Bad Request: NotEmpty"),
        "{err}"
    );

    // Without the token: 401.
    let anonymous = JsvClient::new(server.base_url()).unwrap();
    let err = anonymous
        .send(&GetSession {
            session_id: created.id.clone(),
        })
        .await
        .unwrap_err();
    assert!(err.is_unauthorized() && err.is_status() && !err.is_validation_error());

    // The token can be set after the fact, without a type annotation, and cleared.
    anonymous.set_bearer_token("secret");
    let session: Session = anonymous
        .send_as(
            Method::Get,
            &GetSession {
                session_id: created.id.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(session.display_name.as_deref(), Some("Support"));
    anonymous.clear_bearer_token();
    assert!(
        anonymous
            .send(&GetSession {
                session_id: created.id.clone()
            })
            .await
            .unwrap_err()
            .is_unauthorized()
    );

    // send_as_with_response keeps what send_as drops.
    let full: ResponseValue<Session> = client
        .send_as_with_response(
            Method::Get,
            &GetSession {
                session_id: created.id.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(full.status(), StatusCode::OK);
    assert_eq!(full.into_inner().id, created.id);

    // A 2xx body that is not the response type: is_decode, the JSV error as the source.
    let err = client
        .send(&GetStrict {
            session_id: created.id.clone(),
        })
        .await
        .unwrap_err();
    assert!(err.is_decode() && !err.is_status(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::OK));
    let jsv = err
        .source()
        .and_then(|s| s.downcast_ref::<serde_jsv::Error>())
        .expect("the serde_jsv error is the source");
    assert!(jsv.to_string().contains("missing_member"), "{jsv}");
    // {:#} prints the cause once.
    let printed = alternate_chain(&err);
    assert_eq!(printed.matches(&jsv.to_string()).count(), 1, "{printed}");
}

#[tokio::test]
async fn transport_errors_say_what_happened_on_the_wire() {
    // Connect: a port nobody listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = closed.local_addr().unwrap();
    drop(closed);
    let client = JsvClient::builder(format!("http://{addr}"))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .send(&GetSession {
            session_id: "s1".into(),
        })
        .await
        .unwrap_err();
    assert!(err.is_connect() && err.is_request() && !err.is_timeout());
    assert_eq!(err.status(), None);
    assert_eq!(err.url().and_then(|u| u.port()), Some(addr.port()));
    assert!(err.source().is_some());
    assert!(!err.to_string().contains(&err.source().unwrap().to_string()));

    // Timeout: a listener that never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let client = JsvClient::builder(format!("http://{}", silent.local_addr().unwrap()))
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .send(&GetSession {
            session_id: "s1".into(),
        })
        .await
        .unwrap_err();
    assert!(
        err.is_timeout() && err.is_request() && !err.is_connect(),
        "{err:?}"
    );
}

#[test]
fn the_blocking_client_has_the_same_names() {
    let server = SessionServer::spawn_background().unwrap();
    let client = serde_jsv::client::blocking::JsvClient::builder(server.base_url())
        // A caller's own reqwest client does not undo no_timeout.
        .reqwest_client(
            reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(5))
                .build()
                .unwrap(),
        )
        .no_timeout()
        .default_header(
            HeaderName::from_static("x-tenant"),
            HeaderValue::from_static("acme"),
        )
        .secret_header("x-api-key-2", String::from("k-secret"))
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains("k-secret"));
    client.set_bearer_token(String::from("t"));
    client.clear_bearer_token();
    let created = client
        .send(&CreateSession {
            display_name: "Blocking".into(),
        })
        .unwrap();
    let session: Session = client
        .send_as(
            Method::Get,
            &GetSession {
                session_id: created.id.clone(),
            },
        )
        .unwrap();
    assert_eq!(session.id, created.id);
    let err = client
        .send(&Invite {
            session_id: created.id,
            member_to_add: None,
        })
        .unwrap_err();
    assert!(err.is_validation_error());
    assert!(err.field_error("memberToAdd").is_some());
}

#[test]
fn the_builder_takes_header_types_and_reports_every_bad_header() {
    // Names and values as reqwest takes them.
    JsvClient::builder("https://api.example.com")
        .default_header("x-a", "1")
        .default_header(String::from("x-b"), String::from("2"))
        .default_header(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en"))
        .default_header("x-c", 3_u64)
        .build()
        .unwrap();

    let err = JsvClient::builder("https://api.example.com")
        .default_header("bad name", "v")
        .secret_header("x-key", "new\nline")
        .user_agent("bell\u{7}")
        .build()
        .unwrap_err();
    assert!(err.is_builder(), "{err:?}");
    let Error::InvalidHeaders(invalid) = &err else {
        panic!("{err:?}")
    };
    let names: Vec<&str> = invalid
        .iter()
        .map(|h: &InvalidHeader| h.name.as_str())
        .collect();
    assert_eq!(names, ["#1", "x-key", "user-agent"]);
    // The secret value is not in the error.
    assert!(!format!("{err:?} {err}").contains("new"), "{err:?}");
}

#[test]
fn error_payloads_and_url_options_are_built_with_constructors() {
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let url = reqwest::Url::parse("https://api.example.com/sessions/s1").unwrap();
    let api = ApiError::new(
        StatusCode::FORBIDDEN,
        headers.clone(),
        r#"{"responseStatus":{"errorCode":"Forbidden","message":"Admins only"}}"#,
    )
    .with_url(url.clone());
    let err = Error::from(api);
    assert!(err.is_forbidden() && err.is_status());
    assert_eq!(err.message(), Some("Admins only"));
    assert_eq!(err.url(), Some(&url));

    let large = Error::from(BodyTooLarge::new(StatusCode::OK, HeaderMap::new(), 1024));
    assert!(matches!(&large, Error::BodyTooLarge(b) if b.limit == 1024));
    let reason = DecodeReason::UnsupportedContentType(Some("text/html".into()));
    let decode = Error::from(DecodeError::new(
        StatusCode::OK,
        HeaderMap::new(),
        "<html>",
        reason,
    ));
    assert!(decode.is_decode());
    let header = InvalidHeader::new("x-a", "bad");
    assert_eq!(header.error.to_string(), "bad");

    // `?` carries a serde_jsv error into the client's error.
    fn read(text: &str) -> Result<i32, Error> {
        Ok(serde_jsv::from_str(text)?)
    }
    let err = read("twelve").unwrap_err();
    assert!(matches!(err, Error::Jsv(_)) && err.is_decode());

    let options = UrlOptions::new()
        .fallback(Fallback::JsvReply)
        .key_case(KeyCase::Snake);
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Ping {
        page_size: i32,
    }
    impl ServiceStackRequest for Ping {
        type Response = serde_jsv::Value;
        const TYPE_NAME: &'static str = "Ping";
        const METHOD: Method = Method::Get;
    }
    assert_eq!(
        request_path_with(&Ping { page_size: 5 }, Method::Get, &options).unwrap(),
        "/jsv/reply/Ping?page_size=5"
    );

    let refresh = RefreshToken::new("rt");
    assert_eq!(refresh.path(), RefreshToken::DEFAULT_PATH);
}

#[test]
fn a_request_that_cannot_be_built_keeps_its_cause() {
    /// `[None]` has no JSV form that reads back (it would be the empty list).
    #[derive(Serialize)]
    struct Lonely {
        items: Vec<Option<i32>>,
    }
    impl ServiceStackRequest for Lonely {
        type Response = serde_jsv::Value;
        const TYPE_NAME: &'static str = "Lonely";
        const METHOD: Method = Method::Post;
    }
    // Nothing listens there, and nothing is sent: the request fails while being built.
    let client = serde_jsv::client::blocking::JsvClient::new("http://127.0.0.1:9").unwrap();
    let err = client.send(&Lonely { items: vec![None] }).unwrap_err();
    assert!(err.is_builder() && !err.is_request(), "{err:?}");
    // The URL builder writes each member first: that is where it fails.
    assert!(
        matches!(&err, Error::Url(UrlError::Serialize(_))),
        "{err:?}"
    );
    let cause = err.source().expect("the JSV error is the source");
    assert!(cause.is::<serde_jsv::Error>(), "{cause:?}");
    let printed = alternate_chain(&err);
    assert_eq!(
        printed,
        format!("could not write a request member: {cause}"),
        "{printed}"
    );
}

#[test]
fn the_error_goes_where_anyhow_and_boxed_errors_go() {
    fn send_sync_static<T: Send + Sync + 'static>() {}
    send_sync_static::<Error>();
    send_sync_static::<serde_jsv::client::url::UrlError>();
    fn boxed() -> Result<(), Box<dyn StdError + Send + Sync>> {
        Err(Error::InvalidRequest("empty batch".into()))?;
        Ok(())
    }
    assert_eq!(
        boxed().unwrap_err().to_string(),
        "invalid request: empty batch"
    );
}
