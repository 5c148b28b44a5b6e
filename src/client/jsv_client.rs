//! The async client.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use tracing::Instrument as _;

use crate::client::ResponseValue;
use crate::client::auth::Secret;
use crate::client::builder::{BuilderState, JsvClientBuilder, Settings};
use crate::client::decode::{self, RawResponse};
use crate::client::error::{Error, from_reqwest};
use crate::client::exchange::Prepared;
use crate::client::raw::RawBody;
use crate::client::resend::{Attempts, Next, Payload, Renewal};
use crate::client::retry::Outcome;
use crate::request::{Method, ServiceStackRequest};

mod uploads;

/// An async client for ServiceStack APIs speaking JSV. Cheap to clone (clones share the
/// connection pool and the current access token).
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use serde_jsv::client::JsvClient;
/// use serde_jsv::request::{Method, Route, ServiceStackRequest};
///
/// #[derive(Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct GetSession { session_id: String }
///
/// #[derive(Deserialize, Debug)]
/// #[serde(rename_all = "camelCase")]
/// struct Session { id: String, ended: bool }
///
/// impl ServiceStackRequest for GetSession {
///     type Response = Session;
///     const TYPE_NAME: &'static str = "GetSession";
///     const METHOD: Method = Method::Get;
///     const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}", &[Method::Get])];
/// }
///
/// # #[cfg(feature = "server")]
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let server = serde_jsv::server::SessionServer::spawn_background()?;
/// # let id = server.store().insert(serde_jsv::evo_voice::SessionInfo::default());
/// # let base_url = server.base_url(); // http://127.0.0.1:<port>
/// let client = JsvClient::new(base_url)?;
/// // GET /sessions/session-1?format=jsv with Accept: application/jsv, text/jsv
/// let session = client.send(&GetSession { session_id: id }).await?;
/// assert!(!session.ended);
/// println!("{session:?}");
/// # Ok(())
/// # }
/// # #[cfg(not(feature = "server"))]
/// # fn main() {}
/// ```
#[derive(Clone)]
pub struct JsvClient {
    http: reqwest::Client,
    settings: Arc<Settings>,
}

impl JsvClient {
    /// A client with the default settings for `base_url` (`http` or `https`, may include a
    /// path prefix such as `/api-v2`).
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

    pub(crate) fn from_parts(http: reqwest::Client, settings: Settings) -> JsvClient {
        JsvClient {
            http,
            settings: Arc::new(settings),
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

    /// Sends `request` with its own method (`R::METHOD`) and decodes the response.
    pub async fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(R::METHOD, request).await
    }

    /// [`send`](Self::send), keeping status, headers and the raw body.
    pub async fn send_with_response<R: ServiceStackRequest>(
        &self,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error> {
        self.send_as_with_response(R::METHOD, request).await
    }

    /// Sends `request` with `method`, whatever `R::METHOD` says, and decodes the response:
    /// [`get`](Self::get), [`post`](Self::post) and the others with the method as a value.
    pub async fn send_as<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<R::Response, Error> {
        Ok(self
            .send_as_with_response(method, request)
            .await?
            .into_inner())
    }

    /// [`send_as`](Self::send_as), keeping status, headers and the raw body.
    pub async fn send_as_with_response<R: ServiceStackRequest>(
        &self,
        method: Method,
        request: &R,
    ) -> Result<ResponseValue<R::Response>, Error> {
        let prepared = self.settings.prepare(request, method)?;
        let raw = self.run(&prepared).await?;
        self.settings.finish(prepared.url, raw)
    }

    /// Sends `method` to a URL or path of your own with an optional pre-encoded body, and
    /// returns the body undecoded. Everything else is what [`send`](Self::send) does: the
    /// `Accept` header, default headers, credentials and the refresh-token round, the
    /// timeout, retries (of idempotent methods: GET, HEAD, OPTIONS, PUT, DELETE), the
    /// size limit, the tracing span, and a non-2xx status as [`Error::Api`] (which keeps
    /// the body and the parsed `ResponseStatus`).
    ///
    /// * `url_or_path`: a path (`/sessions/s1?format=jsv`) is joined to the base URL,
    ///   path prefix included; an absolute `http`/`https` URL is used as it is. No
    ///   negotiation is applied: add `format=jsv` yourself if the host needs it. The
    ///   client's credentials (and default headers such as `Authorization` or `Cookie`)
    ///   only go to the base URL's origin; an absolute URL on another origin gets none,
    ///   and a 401 from it starts no refresh.
    /// * `method`: a [`Method`] or any [`reqwest::Method`].
    /// * `body`: sent as it is with the client's body content type, unless the
    ///   [`RawBody`](crate::client::RawBody) sets its own.
    ///
    /// ```
    /// use serde_jsv::client::{JsvClient, RawBody};
    /// use serde_jsv::request::Method;
    ///
    /// # #[cfg(feature = "server")]
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let server = serde_jsv::server::SessionServer::new()
    /// #     .require_bearer_token("secret")
    /// #     .run_in_background()?;
    /// # let base_url = server.base_url();
    /// let client = JsvClient::builder(base_url).bearer_token("secret").build()?;
    /// let created = client
    ///     .send_raw(Method::Post, "/sessions?format=jsv", Some(RawBody::new("{displayName:Demo}")))
    ///     .await?;
    /// println!("{} {:?}", created.status(), created.content_type());
    /// let session: serde_jsv::Value = serde_jsv::from_slice(created.raw_body())?;
    /// println!("{session:?}");
    /// match client.send_raw(Method::Get, "/sessions/s9?format=jsv", None).await {
    ///     Err(err) if err.error_code() == Some("NotFound") => println!("gone"),
    ///     other => println!("{:?}", other?.body_text()),
    /// }
    /// # Ok(())
    /// # }
    /// # #[cfg(not(feature = "server"))]
    /// # fn main() {}
    /// ```
    pub async fn send_raw(
        &self,
        method: impl Into<reqwest::Method>,
        url_or_path: &str,
        body: Option<RawBody>,
    ) -> Result<ResponseValue<Bytes>, Error> {
        let prepared = self
            .settings
            .prepare_raw(method.into(), url_or_path, body)?;
        let raw = self.run(&prepared).await?;
        self.settings.finish_raw(prepared.url, raw)
    }

    /// Sends `request` as a GET.
    pub async fn get<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Get, request).await
    }

    /// Sends `request` as a POST.
    pub async fn post<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Post, request).await
    }

    /// Sends `request` as a PUT.
    pub async fn put<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Put, request).await
    }

    /// Sends `request` as a PATCH.
    pub async fn patch<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Patch, request).await
    }

    /// Sends `request` as a DELETE.
    pub async fn delete<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.send_as(Method::Delete, request).await
    }

    /// The client's settings.
    pub(crate) fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Sends `prepared` inside its tracing span.
    pub(crate) async fn run(&self, prepared: &Prepared) -> Result<RawResponse, Error> {
        let span = prepared.span();
        self.execute(prepared, Payload::Prepared, &span)
            .instrument(span.clone())
            .await
    }

    /// Sends `payload` with retries and the refresh-token flow (a body that cannot be sent
    /// twice gets one attempt); returns the last response read.
    async fn execute(
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
                Payload::Prepared => self.attempt(prepared).await,
                Payload::Form(form) => self.attempt_upload(prepared, form).await,
            };
            if let Ok(raw) = &attempt {
                span.record("status", raw.status.as_u16());
            }
            match attempts.next(Outcome::of(&attempt), || settings.renewal(prepared)) {
                Next::Return => return attempt,
                Next::Renew(via) => attempts.renewed(self.renew(via, generation).await)?,
                Next::Retry(delay) => tokio::time::sleep(delay).await,
            }
        }
    }

    async fn attempt(&self, prepared: &Prepared) -> Result<RawResponse, Error> {
        let mut builder = self
            .http
            .request(prepared.http_method(), prepared.url.clone())
            .headers(self.settings.hooked_headers(prepared));
        builder = builder.timeout(self.settings.request_timeout());
        if let Some(body) = &prepared.body {
            builder = builder.body(body.clone());
        }
        let response = builder.send().await.map_err(from_reqwest)?;
        let raw = decode::read_async(response, self.settings.max_response_size).await?;
        self.settings
            .hooks
            .after(&prepared.method, &prepared.url, &raw);
        Ok(raw)
    }

    /// Renews the credentials `via` the refresh token or the callback, unless another
    /// request did since `generation` (then its token is the one to retry with). One
    /// renewal runs at a time. A refresh token removed since the 401 falls back to the
    /// callback.
    async fn renew(&self, via: Renewal, generation: u64) -> Result<(), Error> {
        let refresh = match via {
            Renewal::RefreshToken => self.settings.refresh_request(),
            Renewal::Callback | Renewal::None => None,
        };
        let Some(prepared) = refresh else {
            return self.run_auth_callback(generation).await;
        };
        let _turn = self.settings.auth.refresh_turn.lock().await;
        if self.settings.auth.generation() != generation {
            return Ok(());
        }
        let prepared = prepared?;
        let raw = self.attempt(&prepared).await?;
        self.settings.finish_refresh(raw)
    }
}

impl fmt::Debug for JsvClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsvClient")
            .field("settings", &self.settings)
            .finish()
    }
}
