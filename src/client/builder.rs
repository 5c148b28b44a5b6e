//! Client settings and the builder.
//!
//! ```
//! use std::time::Duration;
//! use serde_jsv::client::{JsvClient, Negotiation, RetryPolicy};
//!
//! let client = JsvClient::builder("https://api.example.com/v1")
//!     .timeout(Duration::from_secs(10))
//!     .negotiation(Negotiation::Auto)
//!     .body_content_type("text/jsv")
//!     .max_response_size(4 * 1024 * 1024)
//!     .retry(RetryPolicy::none())
//!     .default_header("x-tenant", "acme")
//!     // Redacted in `Debug`, never sent to another origin.
//!     .secret_header("x-api-key", "k-123")
//!     .build()?;
//! assert!(!format!("{client:?}").contains("k-123"));
//! assert_eq!(client.base_url(), "https://api.example.com/v1");
//! # Ok::<(), serde_jsv::client::Error>(())
//! ```
//!
//! Defaults: 30 s per request (connecting, sending and reading the body), 10 s to connect,
//! [`Negotiation::Auto`], request bodies as `application/jsv` (ServiceStack's canonical
//! JSV type; `text/jsv` is accepted by servers too), responses up to 16 MiB, the default
//! [`RetryPolicy`], JSV read with [`crate::de::Options::default`].

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::client::auth::{self, AuthState, RefreshToken, Secret, SessionCookies};
use crate::client::error::{BoxError, Context, Error, InvalidHeader, is_secret_header};
use crate::client::negotiation::{ACCEPT_JSV, APPLICATION_JSV, Negotiation};
use crate::client::retry::RetryPolicy;
use crate::client::url::KeyCase;

/// The default cap on response bodies: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 16 * 1024 * 1024;
/// The default time allowed for a whole request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time allowed to connect.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What a request timeout of `None` is sent as: reqwest falls back to its client's own
/// timeout when a request has none, so "no timeout" must be a timeout too long to matter
/// (100 years; a longer one would overflow `Instant`).
const UNBOUNDED: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// Everything a client needs besides its reqwest client, shared by clones.
pub(crate) struct Settings {
    /// The base URL, without a trailing `/`.
    pub(crate) base: String,
    /// The base URL parsed, for the origin check of secret headers.
    pub(crate) base_url: url::Url,
    pub(crate) timeout: Option<Duration>,
    pub(crate) default_headers: HeaderMap,
    /// `Accept` and the default headers, as every request to the base URL's origin sends
    /// them: built once, cloned per request.
    pub(crate) origin_headers: HeaderMap,
    pub(crate) accept: HeaderValue,
    pub(crate) body_content_type: HeaderValue,
    pub(crate) negotiation: Negotiation,
    pub(crate) key_case: KeyCase,
    pub(crate) max_response_size: usize,
    pub(crate) retry: RetryPolicy,
    pub(crate) read_options: crate::de::Options,
    pub(crate) auth: AuthState,
    /// Request and response hooks.
    pub(crate) hooks: crate::client::hooks::Hooks,
}

impl Settings {
    /// The timeout to set on every request. Always a value, so that
    /// [`no_timeout`](JsvClientBuilder::no_timeout) also holds against a reqwest client of
    /// the caller's that has a timeout of its own (the blocking one has 30 s by default).
    pub(crate) fn request_timeout(&self) -> Duration {
        self.timeout.unwrap_or(UNBOUNDED)
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("base", &self.base)
            .field("timeout", &self.timeout)
            .field(
                "default_headers",
                &crate::client::error::RedactedHeaders(&self.default_headers),
            )
            .field("accept", &self.accept)
            .field("body_content_type", &self.body_content_type)
            .field("negotiation", &self.negotiation)
            .field("key_case", &self.key_case)
            .field("max_response_size", &self.max_response_size)
            .field("retry", &self.retry)
            .field("auth", &self.auth)
            .field("hooks", &self.hooks)
            .finish()
    }
}

/// What a builder collects; errors are kept until `build`.
pub(crate) struct BuilderState {
    base_url: String,
    pub(crate) timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    /// Whether the client keeps the cookies servers set (used when it builds its own
    /// reqwest client).
    pub(crate) cookie_store: bool,
    default_headers: HeaderMap,
    accept: String,
    body_content_type: String,
    pub(crate) user_agent: String,
    negotiation: Negotiation,
    key_case: KeyCase,
    max_response_size: usize,
    retry: RetryPolicy,
    read_options: crate::de::Options,
    bearer: Option<Secret>,
    basic: Option<(String, Option<Secret>)>,
    cookies: SessionCookies,
    refresh: Option<RefreshToken>,
    /// How many default headers were given, to name a header whose name is invalid.
    headers_given: usize,
    /// Whether a header was given with `secret_header`.
    pub(crate) has_secret_headers: bool,
    invalid_headers: Vec<InvalidHeader>,
    pub(crate) hooks: crate::client::hooks::Hooks,
}

impl BuilderState {
    pub(crate) fn new(base_url: String) -> BuilderState {
        BuilderState {
            base_url,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: Some(DEFAULT_CONNECT_TIMEOUT),
            cookie_store: true,
            default_headers: HeaderMap::new(),
            accept: ACCEPT_JSV.to_owned(),
            body_content_type: APPLICATION_JSV.to_owned(),
            user_agent: concat!("serde_jsv/", env!("CARGO_PKG_VERSION")).to_owned(),
            negotiation: Negotiation::default(),
            key_case: KeyCase::default(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            retry: RetryPolicy::default(),
            read_options: crate::de::Options::default(),
            bearer: None,
            basic: None,
            cookies: SessionCookies::default(),
            refresh: None,
            headers_given: 0,
            has_secret_headers: false,
            invalid_headers: Vec::new(),
            hooks: Default::default(),
        }
    }

    pub(crate) fn set_timeout(&mut self, timeout: Option<Duration>) {
        self.timeout = timeout;
    }
    pub(crate) fn set_connect_timeout(&mut self, timeout: Option<Duration>) {
        self.connect_timeout = timeout;
    }
    /// Adds a default header, or remembers why it is invalid (every invalid header is
    /// reported by `build`).
    pub(crate) fn add_header<K, V>(&mut self, name: K, value: V, secret: bool)
    where
        K: TryInto<HeaderName>,
        K::Error: Into<BoxError>,
        V: TryInto<HeaderValue>,
        V::Error: Into<BoxError>,
    {
        self.headers_given += 1;
        let name = match name.try_into() {
            Ok(name) => name,
            Err(err) => {
                let position = format!("#{}", self.headers_given);
                self.invalid_headers
                    .push(InvalidHeader::new(position, err.into()));
                return;
            }
        };
        match value.try_into() {
            Ok(mut value) => {
                if secret || name == header::AUTHORIZATION || name == header::COOKIE {
                    value.set_sensitive(true);
                }
                self.has_secret_headers |= secret || is_secret_header(&name);
                self.default_headers.insert(name, value);
            }
            Err(err) => self
                .invalid_headers
                .push(InvalidHeader::new(name.as_str(), err.into())),
        }
    }
    pub(crate) fn add_headers(&mut self, headers: HeaderMap) {
        self.has_secret_headers |= headers
            .iter()
            .any(|(name, value)| value.is_sensitive() || is_secret_header(name));
        self.default_headers.extend(headers);
    }
    pub(crate) fn set_accept(&mut self, value: &str) {
        self.accept = value.to_owned();
    }
    pub(crate) fn set_body_content_type(&mut self, value: &str) {
        self.body_content_type = value.to_owned();
    }
    pub(crate) fn set_user_agent(&mut self, value: &str) {
        self.user_agent = value.to_owned();
    }
    pub(crate) fn set_negotiation(&mut self, negotiation: Negotiation) {
        self.negotiation = negotiation;
    }
    pub(crate) fn set_key_case(&mut self, key_case: KeyCase) {
        self.key_case = key_case;
    }
    pub(crate) fn set_max_response_size(&mut self, bytes: usize) {
        self.max_response_size = bytes;
    }
    pub(crate) fn set_retry(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }
    pub(crate) fn set_read_options(&mut self, options: crate::de::Options) {
        self.read_options = options;
    }
    pub(crate) fn set_bearer(&mut self, token: Secret) {
        self.bearer = Some(token);
    }
    pub(crate) fn set_basic(&mut self, user: String, password: Option<Secret>) {
        self.basic = Some((user, password));
    }
    pub(crate) fn set_cookies(&mut self, cookies: SessionCookies) {
        self.cookies = cookies;
    }
    pub(crate) fn set_refresh_token(&mut self, token: Secret) {
        let path = self
            .refresh
            .take()
            .map_or_else(|| RefreshToken::DEFAULT_PATH.to_owned(), |r| r.path);
        self.refresh = Some(RefreshToken { token, path });
    }
    pub(crate) fn set_refresh_path(&mut self, path: String) {
        match &mut self.refresh {
            Some(refresh) => refresh.path = path,
            None => {
                self.refresh = Some(RefreshToken {
                    token: Secret::new(String::new()),
                    path,
                });
            }
        }
    }

    /// Validates everything and produces the settings.
    pub(crate) fn into_settings(mut self) -> Result<Settings, Error> {
        let mut url = url::Url::parse(&self.base_url)
            .map_err(|err| Context::error("invalid base URL", err))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Error::InvalidRequest(
                "the base URL must be http or https".into(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::InvalidRequest(
                "the base URL must not have a query string or fragment".into(),
            ));
        }
        // Credentials in the URL move to basic auth, so that no URL we print holds them.
        if !url.username().is_empty() || url.password().is_some() {
            if self.basic.is_none() {
                let decode = |text: &str| {
                    percent_encoding::percent_decode_str(text)
                        .decode_utf8_lossy()
                        .into_owned()
                };
                self.basic = Some((
                    decode(url.username()),
                    url.password().map(|p| Secret::new(decode(p))),
                ));
            }
            let _ = url.set_username("");
            let _ = url.set_password(None);
        }
        // Every invalid header at once, the default headers' and these.
        let mut invalid = self.invalid_headers;
        let mut header = |name: HeaderName, value: &str| match HeaderValue::from_str(value) {
            Ok(value) => value,
            Err(err) => {
                invalid.push(InvalidHeader::new(name.as_str(), err));
                HeaderValue::from_static("")
            }
        };
        let accept = header(header::ACCEPT, &self.accept);
        let body_content_type = header(header::CONTENT_TYPE, &self.body_content_type);
        let mut default_headers = self.default_headers;
        if !default_headers.contains_key(header::USER_AGENT) {
            let user_agent = header(header::USER_AGENT, &self.user_agent);
            default_headers.insert(header::USER_AGENT, user_agent);
        }
        if !invalid.is_empty() {
            return Err(Error::InvalidHeaders(invalid));
        }
        let secrets_valid = self
            .bearer
            .as_ref()
            .is_none_or(|t| auth::valid_header_text(t.expose()))
            && self.basic.as_ref().is_none_or(|(user, password)| {
                auth::valid_header_text(user)
                    && password
                        .as_ref()
                        .is_none_or(|p| auth::valid_header_text(p.expose()))
            });
        if !secrets_valid {
            return Err(Error::InvalidRequest(
                "a credential holds characters not allowed in a header".into(),
            ));
        }
        if self
            .refresh
            .as_ref()
            .is_some_and(|r| r.token.expose().is_empty())
        {
            return Err(Error::InvalidRequest(
                "a refresh path was set without a refresh token".into(),
            ));
        }
        let mut settings = Settings {
            base: url.as_str().trim_end_matches('/').to_owned(),
            base_url: url,
            timeout: self.timeout,
            default_headers,
            origin_headers: HeaderMap::new(),
            accept,
            body_content_type,
            negotiation: self.negotiation,
            key_case: self.key_case,
            max_response_size: self.max_response_size,
            retry: self.retry,
            read_options: self.read_options,
            auth: AuthState::new(self.bearer, self.basic, self.cookies, self.refresh),
            hooks: self.hooks,
        };
        settings.origin_headers = settings.base_headers(false);
        Ok(settings)
    }
}

/// The builder methods shared by the async and the blocking builder.
macro_rules! shared_builder_methods {
    () => {
        /// The time allowed for a whole request: connecting, sending, and reading the
        /// response body (30 s by default).
        pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
            self.state.set_timeout(Some(timeout));
            self
        }

        /// Removes the request timeout (a server that never answers then blocks forever).
        /// It holds with a [reqwest client of your own](Self::reqwest_client) too, whatever
        /// timeout that client was built with.
        pub fn no_timeout(mut self) -> Self {
            self.state.set_timeout(None);
            self
        }

        /// The time allowed to connect (10 s by default). Ignored with a custom reqwest
        /// client, which has its own.
        pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
            self.state.set_connect_timeout(Some(timeout));
            self
        }

        /// Whether to keep the cookies servers set and send them back to the same site,
        /// as ServiceStack's .NET clients do with their `CookieContainer`: after an
        /// `Authenticate` request, the `ss-id`/`ss-pid` session cookies it set go with
        /// every later request. On by default. Cookies given with
        /// [`session_cookies`](Self::session_cookies) or a `Cookie` default header take
        /// precedence: when the client sends a `Cookie` header of its own, the stored
        /// cookies are not added. Ignored with a custom reqwest client, which keeps (or
        /// not) cookies as it was built to.
        pub fn cookie_store(mut self, enabled: bool) -> Self {
            self.state.cookie_store = enabled;
            self
        }

        /// A header sent with every request (it replaces `Accept` if so named): a name and
        /// a value as reqwest takes them (`&str`, `String`, `HeaderName`, `HeaderValue`,
        /// bytes, …). Invalid names or values make `build` fail with
        /// [`Error::InvalidHeaders`](crate::client::Error::InvalidHeaders), which lists every
        /// one of them. `Authorization`, `Cookie` and `X-Api-Key*` are treated as
        /// [secrets](Self::secret_header).
        pub fn default_header<K, V>(mut self, name: K, value: V) -> Self
        where
            K: TryInto<reqwest::header::HeaderName>,
            K::Error: Into<crate::client::error::BoxError>,
            V: TryInto<reqwest::header::HeaderValue>,
            V::Error: Into<crate::client::error::BoxError>,
        {
            self.state.add_header(name, value, false);
            self
        }

        /// A header that holds a credential (an API key, a signature, a tenant token): sent
        /// with every request to the base URL's origin, `[redacted]` in `Debug`, and never
        /// sent to another origin, neither by an absolute URL nor by a redirect (see
        /// [secret headers](crate::client::JsvClientBuilder#secret-headers-and-other-origins)).
        ///
        /// ```
        /// use serde_jsv::client::JsvClient;
        ///
        /// let client = JsvClient::builder("https://api.example.com")
        ///     .secret_header("x-signature", "s3cr3t")
        ///     .build()?;
        /// assert!(format!("{client:?}").contains("\"x-signature\": \"[redacted]\""));
        /// # Ok::<(), serde_jsv::client::Error>(())
        /// ```
        pub fn secret_header<K, V>(mut self, name: K, value: V) -> Self
        where
            K: TryInto<reqwest::header::HeaderName>,
            K::Error: Into<crate::client::error::BoxError>,
            V: TryInto<reqwest::header::HeaderValue>,
            V::Error: Into<crate::client::error::BoxError>,
        {
            self.state.add_header(name, value, true);
            self
        }

        /// Headers sent with every request. Values marked sensitive
        /// (`HeaderValue::set_sensitive`) are treated as [secrets](Self::secret_header).
        pub fn default_headers(mut self, headers: reqwest::header::HeaderMap) -> Self {
            self.state.add_headers(headers);
            self
        }

        /// The `Accept` header (default `application/jsv, text/jsv`).
        pub fn accept(mut self, value: &str) -> Self {
            self.state.set_accept(value);
            self
        }

        /// The `Content-Type` of JSV request bodies (default `application/jsv`).
        pub fn body_content_type(mut self, value: &str) -> Self {
            self.state.set_body_content_type(value);
            self
        }

        /// The `User-Agent` (default `serde_jsv/<version>`).
        pub fn user_agent(mut self, value: &str) -> Self {
            self.state.set_user_agent(value);
            self
        }

        /// How to ask for JSV; see [`Negotiation`](crate::client::Negotiation).
        pub fn negotiation(mut self, negotiation: crate::client::Negotiation) -> Self {
            self.state.set_negotiation(negotiation);
            self
        }

        /// How query-string keys are cased (camelCase by default, as .NET sends them).
        pub fn query_key_case(mut self, key_case: crate::client::url::KeyCase) -> Self {
            self.state.set_key_case(key_case);
            self
        }

        /// The largest response body accepted, in bytes (16 MiB by default); a larger one
        /// is [`Error::BodyTooLarge`](crate::client::Error::BodyTooLarge).
        pub fn max_response_size(mut self, bytes: usize) -> Self {
            self.state.set_max_response_size(bytes);
            self
        }

        /// When to retry; see [`RetryPolicy`](crate::client::RetryPolicy).
        pub fn retry(mut self, retry: crate::client::RetryPolicy) -> Self {
            self.state.set_retry(retry);
            self
        }

        /// How JSV responses are read (read mode, depth limit, name matching).
        pub fn read_options(mut self, options: crate::de::Options) -> Self {
            self.state.set_read_options(options);
            self
        }

        /// Sends `Authorization: Bearer <token>`.
        pub fn bearer_token(mut self, token: impl Into<crate::client::Secret>) -> Self {
            self.state.set_bearer(token.into());
            self
        }

        /// Sends `Authorization: Basic …` (a bearer token, if set, takes precedence).
        pub fn basic_auth(
            mut self,
            user: impl Into<String>,
            password: Option<impl Into<crate::client::Secret>>,
        ) -> Self {
            self.state.set_basic(user.into(), password.map(Into::into));
            self
        }

        /// Sends ServiceStack session cookies (`ss-id`, `ss-pid`, `ss-tok`).
        pub fn session_cookies(mut self, cookies: crate::client::SessionCookies) -> Self {
            self.state.set_cookies(cookies);
            self
        }

        /// Enables the refresh-token flow: on a 401, get a new access token once and
        /// retry once (see [`auth`](crate::client::auth)).
        pub fn refresh_token(mut self, token: impl Into<crate::client::Secret>) -> Self {
            self.state.set_refresh_token(token.into());
            self
        }

        /// Runs `hook` just before every request is sent, to read or change its headers
        /// (ServiceStack's `RequestFilter`); see [`hooks`](crate::client::hooks). Hooks
        /// run in the order added.
        pub fn request_hook(
            mut self,
            hook: impl Fn(&mut crate::client::hooks::OutgoingRequest<'_>) + Send + Sync + 'static,
        ) -> Self {
            self.state.hooks.add_request(hook);
            self
        }

        /// Runs `hook` on every response read, before it is decoded (ServiceStack's
        /// `ResponseFilter`); see [`hooks`](crate::client::hooks).
        pub fn response_hook(
            mut self,
            hook: impl Fn(&crate::client::hooks::IncomingResponse<'_>) + Send + Sync + 'static,
        ) -> Self {
            self.state.hooks.add_response(hook);
            self
        }

        /// Where the `GetAccessToken` service is: a path under the base URL (default
        /// `/access-token`) or an absolute `http`/`https` URL (a central auth server).
        pub fn refresh_path(mut self, path: impl Into<String>) -> Self {
            self.state.set_refresh_path(path.into());
            self
        }
    };
}

#[cfg(feature = "blocking")]
pub(crate) use shared_builder_methods;

/// The redirect policy of the reqwest clients the builders make: reqwest's default (up to
/// 10 redirects) and, when the client holds [secret headers](JsvClientBuilder::secret_header),
/// no redirect to an origin other than the request's, since reqwest would forward them.
pub(crate) fn redirect_policy(guard_secrets: bool) -> reqwest::redirect::Policy {
    if !guard_secrets {
        return reqwest::redirect::Policy::default();
    }
    reqwest::redirect::Policy::custom(|attempt| {
        let leaves_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| !crate::client::url::same_origin(first, attempt.url()));
        if leaves_origin {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Builds a [`JsvClient`](crate::client::JsvClient); start with
/// [`JsvClient::builder`](crate::client::JsvClient::builder).
///
/// # Secret headers and other origins
///
/// Credentials (the bearer token, basic auth, session cookies), `Authorization`, `Cookie`,
/// `X-Api-Key*` default headers and every header given with
/// [`secret_header`](Self::secret_header) only go to the base URL's origin
/// (scheme, host and port). A request to another origin (an absolute URL given to
/// [`send_raw`](crate::client::JsvClient::send_raw), an absolute refresh-token URI) is sent
/// without them, and when the client holds secret headers, a redirect to another origin is
/// not followed: the 3xx answer comes back as [`Error::Api`](crate::client::Error::Api)
/// with its `Location`. (reqwest itself drops only `Authorization` and `Cookie` on a
/// redirect to another host.) A reqwest client of your own
/// ([`reqwest_client`](Self::reqwest_client)) keeps its own redirect policy.
#[must_use]
pub struct JsvClientBuilder {
    pub(crate) state: BuilderState,
    pub(crate) http: Option<reqwest::Client>,
}

impl JsvClientBuilder {
    shared_builder_methods!();

    /// Uses this reqwest client (its own connect timeout, proxies, TLS settings). The
    /// request timeout is still applied per request.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<crate::client::JsvClient, Error> {
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder()
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
        Ok(crate::client::JsvClient::from_parts(http, settings))
    }
}

impl std::fmt::Debug for JsvClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsvClientBuilder").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::exchange::{Prepared, Scope};

    fn settings() -> Settings {
        let mut state = BuilderState::new("https://api.example.com/v1".into());
        state.add_header("x-signature", "sig", true);
        state.add_header("x-api-key", "key", false);
        state.add_header("x-tenant", "acme", false);
        state.set_bearer(Secret::new("bearer"));
        assert!(state.has_secret_headers);
        state.into_settings().unwrap()
    }

    fn prepared(url: &str, scope: Scope) -> Prepared {
        Prepared {
            method: reqwest::Method::POST,
            url: url::Url::parse(url).unwrap(),
            body: None,
            content_type: None,
            scope,
        }
    }

    #[test]
    fn secrets_only_go_to_the_base_origin_whatever_the_scope() {
        let settings = settings();
        let home = settings.headers(&prepared(
            "https://api.example.com/v1/sessions",
            Scope::Client,
        ));
        assert_eq!(home["x-signature"], "sig");
        assert_eq!(home["x-api-key"], "key");
        assert!(home.contains_key(header::AUTHORIZATION));
        // An absolute refresh URI on a central auth server: the refresh scope would send
        // the default headers, but not the secret ones to another origin.
        for url in [
            "https://auth.example.com/access-token",
            "http://api.example.com/v1/access-token",
            "https://api.example.com:8443/v1/access-token",
        ] {
            for scope in [Scope::Refresh, Scope::Client] {
                let away = settings.headers(&prepared(url, scope));
                assert!(!away.contains_key("x-signature"), "{url} {scope:?}");
                assert!(!away.contains_key("x-api-key"), "{url} {scope:?}");
                assert!(!away.contains_key(header::AUTHORIZATION), "{url} {scope:?}");
                assert_eq!(away["x-tenant"], "acme");
            }
        }
        let refresh = settings.headers(&prepared(
            "https://api.example.com/v1/access-token",
            Scope::Refresh,
        ));
        assert_eq!(refresh["x-signature"], "sig");
        assert!(!refresh.contains_key(header::AUTHORIZATION));
    }

    #[test]
    fn sensitive_values_of_a_header_map_count_as_secret_headers() {
        let mut state = BuilderState::new("https://api.example.com".into());
        let mut headers = HeaderMap::new();
        headers.insert("x-plain", HeaderValue::from_static("1"));
        state.add_headers(headers.clone());
        assert!(!state.has_secret_headers);
        let mut value = HeaderValue::from_static("2");
        value.set_sensitive(true);
        headers.insert("x-token", value);
        state.add_headers(headers);
        assert!(state.has_secret_headers);
    }
}
