//! Credentials: bearer tokens, basic auth, ServiceStack session cookies, refresh tokens.
//!
//! ```
//! use serde_jsv::client::{JsvClient, SessionCookies};
//!
//! let client = JsvClient::builder("https://api.example.com")
//!     .bearer_token("eyJhbGciOi…")
//!     // On a 401, POST {refreshToken:…} to /access-token, take `accessToken`, retry once.
//!     .refresh_token("rt-123")
//!     .session_cookies(SessionCookies::new().ss_id("abc").ss_pid("def"))
//!     .build()?;
//! // Secrets are never printed.
//! assert!(!format!("{client:?}").contains("rt-123"));
//! # Ok::<(), serde_jsv::client::Error>(())
//! ```
//!
//! The refresh flow follows ServiceStack's own clients: on a 401 the client sends
//! `GetAccessToken` (`POST /access-token` with `refreshToken`, path configurable), reads
//! `accessToken` from the answer (JSV or JSON), uses it as the bearer token from then on,
//! and retries the request once. A second 401 is returned as it is. Requests that get a 401
//! at the same time share one refresh: one of them gets the new token, the others wait for
//! it and retry with it.

use std::fmt;
use std::sync::RwLock;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine as _;
use reqwest::header::{self, HeaderMap, HeaderValue};

/// A credential: readable by the client, `[redacted]` in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Secret {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Secret {
        Secret(value.to_owned())
    }
}

/// ServiceStack session cookies: `ss-id` (temporary session), `ss-pid` (permanent
/// session), `ss-tok` (JWT in a cookie).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionCookies {
    ss_id: Option<Secret>,
    ss_pid: Option<Secret>,
    ss_tok: Option<Secret>,
}

impl SessionCookies {
    /// No cookies.
    pub fn new() -> SessionCookies {
        SessionCookies::default()
    }

    /// Sets `ss-id`.
    pub fn ss_id(mut self, value: impl Into<Secret>) -> SessionCookies {
        self.ss_id = Some(value.into());
        self
    }

    /// Sets `ss-pid`.
    pub fn ss_pid(mut self, value: impl Into<Secret>) -> SessionCookies {
        self.ss_pid = Some(value.into());
        self
    }

    /// Sets `ss-tok`.
    pub fn ss_tok(mut self, value: impl Into<Secret>) -> SessionCookies {
        self.ss_tok = Some(value.into());
        self
    }

    /// Whether no cookie is set.
    pub fn is_empty(&self) -> bool {
        self.ss_id.is_none() && self.ss_pid.is_none() && self.ss_tok.is_none()
    }

    /// The `Cookie` header text: `ss-id=…; ss-pid=…; ss-tok=…`.
    fn header_text(&self) -> String {
        [
            ("ss-id", &self.ss_id),
            ("ss-pid", &self.ss_pid),
            ("ss-tok", &self.ss_tok),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name}={}", v.expose())))
        .collect::<Vec<_>>()
        .join("; ")
    }
}

/// The refresh-token flow's settings (set them with the builder's `refresh_token` and
/// `refresh_path`). Its fields are the client's own: the token is never handed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshToken {
    /// The refresh token.
    pub(crate) token: Secret,
    /// Where the `GetAccessToken` service is: a path relative to the base URL (default
    /// `/access-token`) or an absolute `http`/`https` URL (a central auth server; it gets
    /// neither the client's credentials nor default headers holding secrets).
    pub(crate) path: String,
}

impl RefreshToken {
    /// The default path of ServiceStack's `GetAccessToken` service.
    pub const DEFAULT_PATH: &'static str = "/access-token";

    /// A refresh token sent to [`RefreshToken::DEFAULT_PATH`].
    pub fn new(token: impl Into<Secret>) -> RefreshToken {
        RefreshToken {
            token: token.into(),
            path: RefreshToken::DEFAULT_PATH.to_owned(),
        }
    }

    /// The path (or URL) the refresh request goes to.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// The credentials a client sends; the bearer token can change (refresh).
#[derive(Default)]
pub(crate) struct AuthState {
    bearer: RwLock<Option<Secret>>,
    pub(crate) basic: Option<(String, Option<Secret>)>,
    pub(crate) cookies: SessionCookies,
    /// The refresh token; it can change after build (`set_refresh_token`, `authenticate`).
    refresh_token: RwLock<Option<Secret>>,
    /// Where to send it (kept when the token changes).
    refresh_path: RwLock<String>,
    /// The `on_authentication_required` callbacks.
    pub(crate) reauth: crate::client::reauth::Callbacks,
    /// How many refreshes have installed a new access token. A request remembers the value
    /// it was sent under: after a 401, a changed value means another request refreshed in
    /// the meantime, so this one retries with the new token instead of refreshing again.
    generation: AtomicU64,
    /// One refresh at a time, for the async client (held across the refresh request).
    pub(crate) refresh_turn: tokio::sync::Mutex<()>,
    /// One refresh at a time, for the blocking client.
    #[cfg(feature = "blocking")]
    pub(crate) refresh_turn_blocking: std::sync::Mutex<()>,
}

impl AuthState {
    pub(crate) fn new(
        bearer: Option<Secret>,
        basic: Option<(String, Option<Secret>)>,
        cookies: SessionCookies,
        refresh: Option<RefreshToken>,
    ) -> AuthState {
        let (refresh_token, refresh_path) = match refresh {
            Some(RefreshToken { token, path }) => (Some(token), path),
            None => (None, RefreshToken::DEFAULT_PATH.to_owned()),
        };
        AuthState {
            bearer: RwLock::new(bearer),
            basic,
            cookies,
            refresh_token: RwLock::new(refresh_token),
            refresh_path: RwLock::new(refresh_path),
            reauth: Default::default(),
            generation: AtomicU64::new(0),
            refresh_turn: tokio::sync::Mutex::new(()),
            #[cfg(feature = "blocking")]
            refresh_turn_blocking: std::sync::Mutex::new(()),
        }
    }

    /// See [`AuthState::generation`]: read it before a request takes its credentials.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Installs a refreshed access token and tells waiting requests about it.
    pub(crate) fn install_refreshed(&self, token: Secret) {
        self.set_bearer(Some(token));
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    pub(crate) fn set_bearer(&self, token: Option<Secret>) {
        let mut bearer = self
            .bearer
            .write()
            .unwrap_or_else(|poison| poison.into_inner());
        *bearer = token;
    }

    /// The refresh-token settings, when a refresh token is set.
    pub(crate) fn refresh(&self) -> Option<RefreshToken> {
        let token = read(&self.refresh_token).clone()?;
        let path = read(&self.refresh_path).clone();
        Some(RefreshToken { token, path })
    }

    /// Whether a refresh token is set.
    pub(crate) fn has_refresh_token(&self) -> bool {
        read(&self.refresh_token).is_some()
    }

    /// Replaces the refresh token (`None` turns the refresh flow off); the path stays.
    pub(crate) fn set_refresh_token(&self, token: Option<Secret>) {
        *write(&self.refresh_token) = token;
    }

    /// Replaces where the refresh token is sent.
    pub(crate) fn set_refresh_path(&self, path: String) {
        *write(&self.refresh_path) = path;
    }

    /// Counts a new access token installed by other means than the refresh flow (an
    /// `authenticate` call, the `on_authentication_required` callback): requests that got a
    /// 401 before it retry with it instead of starting another round.
    pub(crate) fn bump_generation(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// The credential headers of a sign-in request: like [`apply`](Self::apply) but without
    /// the bearer token, which may be the expired one the sign-in is meant to replace (a
    /// JWT host refuses any request carrying an expired token).
    pub(crate) fn apply_sign_in(&self, headers: &mut HeaderMap) {
        if let Some((user, password)) = &self.basic {
            let pair = format!("{user}:{}", password.as_ref().map_or("", Secret::expose));
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            insert_secret(headers, header::AUTHORIZATION, &format!("Basic {encoded}"));
        }
        self.apply_cookies(headers);
    }

    pub(crate) fn has_bearer(&self) -> bool {
        self.bearer.read().map(|b| b.is_some()).unwrap_or(false)
    }

    /// Adds the credential headers, marked sensitive (so reqwest and `Debug` hide them).
    pub(crate) fn apply(&self, headers: &mut HeaderMap) {
        let bearer = self
            .bearer
            .read()
            .unwrap_or_else(|poison| poison.into_inner());
        if let Some(token) = bearer.as_ref() {
            insert_secret(
                headers,
                header::AUTHORIZATION,
                &format!("Bearer {}", token.expose()),
            );
        } else if let Some((user, password)) = &self.basic {
            let pair = format!("{user}:{}", password.as_ref().map_or("", Secret::expose));
            let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
            insert_secret(headers, header::AUTHORIZATION, &format!("Basic {encoded}"));
        }
        self.apply_cookies(headers);
    }

    fn apply_cookies(&self, headers: &mut HeaderMap) {
        if !self.cookies.is_empty() {
            let mut cookie = self.cookies.header_text();
            if let Some(existing) = headers.get(header::COOKIE).and_then(|v| v.to_str().ok()) {
                cookie = format!("{existing}; {cookie}");
            }
            insert_secret(headers, header::COOKIE, &cookie);
        }
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poison| poison.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|poison| poison.into_inner())
}

fn insert_secret(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    // Values were validated when the client was built; a token with invalid bytes is
    // dropped rather than sent half-encoded.
    if let Ok(mut value) = HeaderValue::from_str(value) {
        value.set_sensitive(true);
        headers.insert(name, value);
    }
}

impl fmt::Debug for AuthState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Auth")
            .field("bearer", &self.has_bearer())
            .field("basic_user", &self.basic.as_ref().map(|(user, _)| user))
            .field("cookies", &self.cookies)
            .field("refresh", &self.refresh())
            .finish()
    }
}

/// Whether `value` can be sent in a header (checked at build time).
pub(crate) fn valid_header_text(value: &str) -> bool {
    HeaderValue::from_str(value).is_ok()
}
