//! A reqwest client that speaks JSV to ServiceStack APIs (feature `client`; `blocking` adds
//! [`blocking::JsvClient`]).
//!
//! ```no_run
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::client::JsvClient;
//! use serde_jsv::request::{Method, Route, ServiceStackRequest};
//!
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct InviteMember {
//!     session_id: String,
//!     identity: String,
//! }
//!
//! #[derive(Deserialize, Debug)]
//! #[serde(rename_all = "camelCase")]
//! struct Session {
//!     id: String,
//! }
//!
//! impl ServiceStackRequest for InviteMember {
//!     type Response = Session;
//!     const TYPE_NAME: &'static str = "InviteMember";
//!     const METHOD: Method = Method::Post;
//!     const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}/members", &[Method::Post])];
//! }
//!
//! # async fn run() -> Result<(), serde_jsv::client::Error> {
//! let client = JsvClient::builder("https://api.example.com")
//!     .bearer_token("secret")
//!     .build()?;
//! let invite = InviteMember { session_id: "s1".into(), identity: "agent:7".into() };
//! // POST /sessions/s1/members?format=jsv, body {sessionId:s1,identity:"agent:7"}
//! match client.send(&invite).await {
//!     Ok(session) => println!("{session:?}"),
//!     Err(err) if err.error_code() == Some("NotFound") => println!("no such session"),
//!     Err(err) => return Err(err),
//! }
//! # Ok(()) }
//! ```
//!
//! What a request looks like:
//!
//! * **URL**: built from the DTO's routes exactly as ServiceStack's .NET clients do
//!   ([`url`]), then adjusted by the [`Negotiation`] strategy (by default `format=jsv` on
//!   user routes, `/jsv/reply/{Name}` for DTOs without routes).
//! * **Headers**: `Accept: application/jsv, text/jsv`; for POST/PUT/PATCH the DTO as JSV
//!   with `Content-Type: application/jsv` (configurable); credentials ([`auth`]); the
//!   cookies servers set, such as the `ss-id`/`ss-pid` session of an `Authenticate` call
//!   (a cookie store, on by default: `cookie_store(false)` turns it off).
//! * **Response**: decoded by its `Content-Type`, JSV or JSON ([`decode`]); a non-2xx
//!   status becomes [`Error::Api`] with the server's `ResponseStatus`.
//! * **Robustness**: a timeout on every request (30 s), retries of idempotent requests on
//!   connect errors and 502/503/504 ([`RetryPolicy`], honouring `Retry-After`), a response
//!   size limit (16 MiB), one refresh-token round on a 401 (shared by requests that get their
//!   401 together).
//! * **Tracing**: one `jsv_request` span per request with `method`, `path` (no query) and
//!   `status`; credentials are never logged.
//!
//! Beyond `send`, what ServiceStack's own clients do, with the same names on the blocking
//! client: batches and one-way requests ([`batch`]: `send_all`, `send_one_way`,
//! `send_all_one_way`); signing in and staying signed in ([`reauth`]: `authenticate`,
//! `set_refresh_token`, `set_refresh_token_uri`, `on_authentication_required`); request
//! and response [`hooks`]; ServiceStack's built-in DTOs, AutoQuery included, in
//! [`crate::builtin`]. A Rust `Result` is what ServiceStack's `api()` returns in other
//! languages: the error side is [`Error`], with the server's `ResponseStatus`.
//!
//! [`JsvClient::send_raw`] sends a URL or path of your own with a pre-encoded body
//! ([`RawBody`]) through the same machinery and hands back the body undecoded (the `jsv`
//! command-line tool is built on it).

pub mod auth;
pub mod batch;
mod builder;
pub mod decode;
pub mod error;
mod exchange;
pub mod hooks;
mod jsv_client;
pub mod negotiation;
pub mod raw;
pub mod reauth;
pub mod retry;
pub mod url;
mod value;

#[cfg(feature = "blocking")]
pub mod blocking;

pub use auth::{RefreshToken, Secret, SessionCookies};
pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, JsvClientBuilder,
};
pub use error::{ApiError, BodyTooLarge, DecodeError, DecodeReason, Error};
pub use jsv_client::JsvClient;
pub use negotiation::Negotiation;
pub use raw::RawBody;
pub use retry::RetryPolicy;
pub use value::ResponseValue;

/// The reqwest version the client is built on, for its types (`StatusCode`, `HeaderMap`,
/// `Client`).
pub use reqwest;
