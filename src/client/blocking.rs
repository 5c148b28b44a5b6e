//! The blocking client: [`JsvClient`] on `reqwest::blocking`, with the same API minus
//! `async`.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::client::blocking::JsvClient;
//! use serde_jsv::request::{Method, ServiceStackRequest};
//!
//! /// No routes: sent to ServiceStack's predefined `/jsv/reply/CreateSession`.
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct CreateSession { display_name: String }
//! #[derive(Deserialize, Debug)]
//! #[serde(rename_all = "camelCase")]
//! struct Session { id: String, display_name: String }
//! impl ServiceStackRequest for CreateSession {
//!     type Response = Session;
//!     const TYPE_NAME: &'static str = "CreateSession";
//!     const METHOD: Method = Method::Post;
//! }
//!
//! # #[cfg(feature = "server")]
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = serde_jsv::server::SessionServer::spawn_background()?;
//! # let base_url = server.base_url();
//! let client = JsvClient::new(base_url)?;
//! // POST /jsv/reply/CreateSession with the body {displayName:Support}
//! let session = client.send(&CreateSession { display_name: "Support".into() })?;
//! assert_eq!(session.display_name, "Support");
//! println!("{}", session.id);
//! # Ok(())
//! # }
//! # #[cfg(not(feature = "server"))]
//! # fn main() {}
//! ```
//!
//! Like `reqwest::blocking`, it must not be created, used or dropped inside an async
//! runtime (it runs its own); use [`crate::client::JsvClient`] there.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::client::ResponseValue;
use crate::client::auth::Secret;
use crate::client::builder::{BuilderState, Settings, redirect_policy, shared_builder_methods};
use crate::client::decode::{self, RawResponse};
use crate::client::error::{Error, from_reqwest};
use crate::client::exchange::Prepared;
use crate::client::raw::RawBody;
use crate::client::resend::{Attempts, Next, Payload, Renewal};
use crate::client::retry::Outcome;
use crate::request::{Method, ServiceStackRequest};

mod uploads;

/// A blocking client for ServiceStack APIs speaking JSV; see the [module docs](self).
#[derive(Clone)]
pub struct JsvClient {
    http: reqwest::blocking::Client,
    settings: Arc<Settings>,
}

/// Builds a blocking [`JsvClient`]; the same options as the async
/// [`JsvClientBuilder`](crate::client::JsvClientBuilder).
#[must_use]
pub struct JsvClientBuilder {
    state: BuilderState,
    http: Option<reqwest::blocking::Client>,
}

impl JsvClientBuilder {
    shared_builder_methods!();

    /// Uses this reqwest blocking client. The request timeout (or
    /// [`no_timeout`](Self::no_timeout)) is still applied per request, overriding the
    /// client's own.
    pub fn reqwest_client(mut self, client: reqwest::blocking::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<JsvClient, Error> {
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::blocking::Client::builder()
                    // The per-request timeout below governs; the blocking default (30 s)
                    // would otherwise cap it.
                    .timeout(self.state.timeout)
                    .cookie_store(self.state.cookie_store)
                    .redirect(redirect_policy(self.state.has_secret_headers));
                if let Some(timeout) = self.state.connect_timeout {
                    builder = builder.connect_timeout(timeout);
                }
                builder
                    .build()
                    .map_err(|err| Error::Builder(Box::new(err)))?
            }
        };
        let settings = self.state.into_settings()?;
        Ok(JsvClient {
            http,
            settings: Arc::new(settings),
        })
    }
}

impl fmt::Debug for JsvClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsvClientBuilder").finish_non_exhaustive()
    }
}

impl JsvClient {
    /// A client with the default settings for `base_url`.
    pub fn new(base_url: impl Into<String>) -> Result<JsvClient, Error> {
        JsvClient::builder(base_url).build()
    }

    /// A builder for `base_url`.
    pub fn builder(base_url: impl Into<String>) -> JsvClientBuilder {
        JsvClientBuilder {
            state: BuilderState::new(base_url.into()),
            http: None,
        }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.settings.base
    }

    /// The URL `request` is sent to with `method`, after negotiation.
    pub fn url_for<R: ServiceStackRequest>(
        &self,
        request: &R,
        method: Method,
    ) -> Result<reqwest::Url, Error> {
        Ok(self.settings.prepare(request, method)?.url)
    }

    /// Replaces the bearer token (e.g. after authenticating): later requests, and the
    /// clones of this client, send `Authorization: Bearer <token>`.
    pub fn set_bearer_token(&self, token: impl Into<Secret>) {
        self.settings.auth.set_bearer(Some(token.into()));
    }

    /// Removes the bearer token: later requests fall back to basic auth, if set, or send
    /// no `Authorization`.
    pub fn clear_bearer_token(&self) {
        self.settings.auth.set_bearer(None);
    }

    /// Sends `request` with `R::METHOD` and decodes the response.
    pub fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(R::METHOD, request)
    }

    /// [`send`](Self::send), keeping status, headers and the raw body.
    pub fn send_with_response<R: ServiceStackRequest>(
        &self,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error> {
        self.send_as_with_response(R::METHOD, request)
    }

    /// Sends `request` with `method`, whatever `R::METHOD` says, and decodes the response:
    /// [`get`](Self::get), [`post`](Self::post) and the others with the method as a value.
    pub fn send_as<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<R::Response, Error> {
        Ok(self.send_as_with_response(method, request)?.into_inner())
    }

    /// [`send_as`](Self::send_as), keeping status, headers and the raw body.
    pub fn send_as_with_response<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error> {
        let prepared = self.settings.prepare(request, method)?;
        let raw = self.run(&prepared)?;
        self.settings.finish(prepared.url, raw)
    }

    /// Sends `method` to a URL or path of your own with an optional pre-encoded body and
    /// returns the body undecoded, through the same machinery as [`send`](Self::send);
    /// see the async [`send_raw`](crate::client::JsvClient::send_raw).
    ///
    /// ```
    /// use serde_jsv::client::blocking::JsvClient;
    /// use serde_jsv::client::{Error, RawBody};
    /// use serde_jsv::request::Method;
    ///
    /// # #[cfg(feature = "server")]
    /// # fn main() -> Result<(), Error> {
    /// # let server = serde_jsv::server::SessionServer::spawn_background().unwrap();
    /// # let base_url = server.base_url();
    /// let client = JsvClient::new(base_url)?;
    /// // PUT http://127.0.0.1:<port>/sessions/s1?format=jsv with Content-Type: application/jsv
    /// let body = RawBody::new("{displayName:Renamed}");
    /// match client.send_raw(Method::Put, "/sessions/s1?format=jsv", Some(body)) {
    ///     Ok(answer) => println!("{} {}", answer.status(), answer.body_text()),
    ///     // This server updates sessions with PATCH: 405 Method Not Allowed.
    ///     Err(Error::Api(api)) => {
    ///         assert_eq!(api.status, 405);
    ///         println!("{}: {}", api.status, String::from_utf8_lossy(&api.body));
    ///     }
    ///     Err(err) => return Err(err),
    /// }
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "server"))]
    /// # fn main() {}
    /// ```
    pub fn send_raw(
        &self,
        method: impl Into<reqwest::Method>,
        url_or_path: &str,
        body: Option<RawBody>,
    ) -> Result<ResponseValue<Bytes>, Error> {
        let prepared = self
            .settings
            .prepare_raw(method.into(), url_or_path, body)?;
        let raw = self.run(&prepared)?;
        self.settings.finish_raw(prepared.url, raw)
    }

    /// Sends `request` as a GET.
    pub fn get<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Get, request)
    }

    /// Sends `request` as a POST.
    pub fn post<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Post, request)
    }

    /// Sends `request` as a PUT.
    pub fn put<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Put, request)
    }

    /// Sends `request` as a PATCH.
    pub fn patch<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Patch, request)
    }

    /// Sends `request` as a DELETE.
    pub fn delete<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Delete, request)
    }

    /// The client's settings.
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Sends `prepared` inside its tracing span.
    pub(crate) fn run(&self, prepared: &Prepared) -> Result<RawResponse, Error> {
        let span = prepared.span();
        span.in_scope(|| self.execute(prepared, Payload::Prepared, &span))
    }

    /// Sends `payload` with retries and the refresh-token flow (a body that cannot be sent
    /// twice gets one attempt); returns the last response read.
    fn execute(
        &self,
        prepared: &Prepared,
        mut payload: Payload<'_>,
        span: &tracing::Span,
    ) -> Result<RawResponse, Error> {
        let settings = &self.settings;
        let mut attempts = Attempts::new(&settings.retry, &prepared.method, payload.body());
        loop {
            let generation = settings.auth.generation();
            let attempt = match &mut payload {
                Payload::Prepared => self.attempt(prepared),
                Payload::Form(form) => self.attempt_upload(prepared, form),
            };
            if let Ok(raw) = &attempt {
                span.record("status", raw.status.as_u16());
            }
            match attempts.next(Outcome::of(&attempt), || settings.renewal(prepared)) {
                Next::Return => return attempt,
                Next::Renew(via) => attempts.renewed(self.renew(via, generation))?,
                Next::Retry(delay) => std::thread::sleep(delay),
            }
        }
    }

    fn attempt(&self, prepared: &Prepared) -> Result<RawResponse, Error> {
        let mut builder = self
            .http
            .request(prepared.http_method(), prepared.url.clone())
            .headers(self.settings.hooked_headers(prepared));
        builder = builder.timeout(self.settings.request_timeout());
        if let Some(body) = &prepared.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().map_err(from_reqwest)?;
        let raw = decode::read_blocking(response, self.settings.max_response_size)?;
        self.settings
            .hooks
            .after(&prepared.method, &prepared.url, &raw);
        Ok(raw)
    }

    /// The blocking [`renew`](crate::client::JsvClient::renew).
    fn renew(&self, via: Renewal, generation: u64) -> Result<(), Error> {
        let refresh = match via {
            Renewal::RefreshToken => self.settings.refresh_request(),
            Renewal::Callback | Renewal::None => None,
        };
        let Some(prepared) = refresh else {
            return self.run_auth_callback(generation);
        };
        let _turn = self
            .settings
            .auth
            .refresh_turn_blocking
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if self.settings.auth.generation() != generation {
            return Ok(());
        }
        let prepared = prepared?;
        let raw = self.attempt(&prepared)?;
        self.settings.finish_refresh(raw)
    }
}

impl fmt::Debug for JsvClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::JsvClient")
            .field("settings", &self.settings)
            .finish()
    }
}
