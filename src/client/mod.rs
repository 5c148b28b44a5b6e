//! A reqwest client that speaks JSV to ServiceStack APIs (feature `client`; `blocking` adds
//! [`blocking::JsvClient`]).
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::client::JsvClient;
//! use serde_jsv::request::{Method, Route, ServiceStackRequest};
//!
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct CreateSession {
//!     display_name: String,
//! }
//!
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct GetSession {
//!     session_id: String,
//! }
//!
//! #[derive(Deserialize, Debug)]
//! #[serde(rename_all = "camelCase")]
//! struct Session {
//!     id: String,
//!     display_name: Option<String>,
//! }
//!
//! impl ServiceStackRequest for CreateSession {
//!     type Response = Session;
//!     const TYPE_NAME: &'static str = "CreateSession";
//!     const METHOD: Method = Method::Post;
//!     const ROUTES: &'static [Route] = &[Route::new("/sessions", &[Method::Post])];
//! }
//!
//! impl ServiceStackRequest for GetSession {
//!     type Response = Session;
//!     const TYPE_NAME: &'static str = "GetSession";
//!     const METHOD: Method = Method::Get;
//!     const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}", &[Method::Get])];
//! }
//!
//! # #[cfg(feature = "server")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # // The crate's loopback session server (feature `server`) plays the ServiceStack host.
//! # let server = serde_jsv::server::SessionServer::new()
//! #     .require_bearer_token("secret")
//! #     .run_in_background()?;
//! # let base_url = server.base_url();
//! let client = JsvClient::builder(&base_url)
//!     .bearer_token("secret")
//!     .build()?;
//! // POST /sessions?format=jsv, body {displayName:Support chat}
//! let created = client
//!     .send(&CreateSession { display_name: "Support chat".into() })
//!     .await?;
//! // GET /sessions/session-1?format=jsv
//! let session = client.send(&GetSession { session_id: created.id }).await?;
//! assert_eq!(session.display_name.as_deref(), Some("Support chat"));
//! match client.send(&GetSession { session_id: "s9".into() }).await {
//!     Err(err) if err.error_code() == Some("NotFound") => println!("no such session"),
//!     other => panic!("expected NotFound, got {other:?}"),
//! }
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "server"))]
//! # fn main() {}
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
//! * **Errors**: one [`Error`] type, asked about in reqwest's words (`is_status`,
//!   `is_timeout`, `is_connect`, `is_decode`, `status`, `url`) and ServiceStack's
//!   (`error_code`, `field_error`, `is_unauthorized`, `is_validation_error`). The
//!   `Result` is what ServiceStack's other clients return from `api()`: no second error
//!   channel.
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
mod resend;
pub mod retry;
pub mod upload;
pub mod url;
mod value;

#[cfg(feature = "blocking")]
pub mod blocking;

pub use auth::{RefreshToken, Secret, SessionCookies};
pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_TIMEOUT, JsvClientBuilder,
};
pub use error::{ApiError, BodyTooLarge, DecodeError, DecodeReason, Error, InvalidHeader};
pub use jsv_client::JsvClient;
pub use negotiation::Negotiation;
pub use raw::RawBody;
pub use retry::RetryPolicy;
pub use upload::UploadFile;
pub use value::ResponseValue;

/// The reqwest the client is built on, re-exported as part of the version contract.
///
/// reqwest's types appear in this API (`StatusCode`, `HeaderMap`, `HeaderName`,
/// `HeaderValue`, `Url`, `Method`, `Version`, the `Client` given to
/// [`JsvClientBuilder::reqwest_client`]), so the reqwest major version (0.12 today) is part
/// of serde_jsv's: a serde_jsv release that moves to another reqwest release line is a
/// breaking release. Name these types through this re-export
/// (`serde_jsv::client::reqwest::StatusCode`) and your build uses the same reqwest as
/// ours, whatever your own `Cargo.toml` says.
pub use reqwest;
