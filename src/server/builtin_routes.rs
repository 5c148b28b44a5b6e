//! The server side of [`crate::builtin`] and of the client's batch and one-way calls:
//! signing in, access tokens, batches, one-way requests and an AutoQuery over the sessions.
//!
//! It is a middleware in front of the session routes: it answers the requests it knows and
//! hands everything else (and each item of a batch or one-way request) to the routes
//! behind it, so it works whatever those routes are.
//!
//! | method | route | what |
//! |---|---|---|
//! | `GET`, `POST` | `/auth`, `/auth/{provider}`, `/{json,jsv}/reply/Authenticate` | ServiceStack's `Authenticate` with the `credentials` provider; with no provider and no user name (a bare `GET /auth`), the session of the `ss-id`/`ss-pid` cookie, or 401 |
//! | any | `/access-token`, `/{json,jsv}/reply/GetAccessToken` | a refresh token issued by a sign-in → `{accessToken:…}` |
//! | `POST` | `/{json,jsv}/reply/{Name}[]` | a batch: a list in, a list of responses out |
//! | any | `/{json,jsv}/oneway/{Name}`, `/{json,jsv}/oneway/{Name}[]` | one-way: run, answer `204 No Content` |
//! | `GET` | `/sessions`, `/{json,jsv}/reply/QuerySessions` | [`QuerySessions`]: paged, ordered, answers `QueryResponse<SessionInfo>` |
//!
//! The server remembers the refresh tokens and session cookies of the last 10,000 sign-ins;
//! those of older ones are refused as expired ones are.

use std::collections::HashMap;
use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use super::errors::{ApiError, ErrorCase, FieldError};
use super::negotiate::{
    AcceptMode, BodyFormat, Format, FormatHints, bind, body_format, content_type_header, encode,
    merge, pairs_to_map, parse_body, parse_urlencoded, percent_decode, response_format,
};
use super::state::SessionStore;
use crate::builtin::{Authenticate, AuthenticateResponse, GetAccessTokenResponse, QueryResponse};
use crate::evo_voice::{FlowChannels, SessionInfo};
use crate::request::{Method as DtoMethod, Route, ServiceStackRequest};
use crate::{Map, Value};

/// Searches the sessions, ServiceStack AutoQuery style: `GET /sessions`.
///
/// The paging members are `QueryBase`'s, written inline as generated code writes them;
/// `total` is only counted when `include` names `total`, as AutoQuery does by default.
/// `order_by` takes comma-separated member names of [`SessionInfo`] (camelCase, any case;
/// a leading `-` sorts that one descending), `order_by_desc` sorts descending; `fields`
/// keeps only the named members (the others come back empty).
///
/// ```
/// use serde_jsv::server::QuerySessions;
///
/// let query = QuerySessions {
///     ended: Some(false),
///     order_by_desc: Some("dateCreated".into()),
///     ..QuerySessions::page(0, 20)
/// };
/// assert_eq!(serde_jsv::to_string(&query)?, "{ended:False,skip:0,take:20,orderByDesc:dateCreated}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QuerySessions {
    /// Only sessions of this account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Only sessions on this channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<FlowChannels>,
    /// Only ended (or only open) sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<bool>,
    /// How many sessions to skip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip: Option<i32>,
    /// How many sessions to return at most.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub take: Option<i32>,
    /// Members to order by (comma-separated; `-name` for descending).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
    /// Members to order by, descending (comma-separated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_by_desc: Option<String>,
    /// `total` to count every matching session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
    /// The members to return (comma-separated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<crate::builtin::Meta>,
}

impl QuerySessions {
    /// One page: skip `skip` sessions, return at most `take`.
    pub fn page(skip: i32, take: i32) -> QuerySessions {
        QuerySessions {
            skip: Some(skip),
            take: Some(take),
            ..QuerySessions::default()
        }
    }
}

impl ServiceStackRequest for QuerySessions {
    type Response = QueryResponse<SessionInfo>;
    const TYPE_NAME: &'static str = "QuerySessions";
    const METHOD: DtoMethod = DtoMethod::Get;
    const ROUTES: &'static [Route] = &[Route::new("/sessions", &[DtoMethod::Get])];
}

/// What the middleware needs: the server's settings and what it has issued.
#[derive(Clone)]
pub(crate) struct Extras {
    store: SessionStore,
    accept_mode: AcceptMode,
    error_case: ErrorCase,
    body_limit: usize,
    /// The bearer token the session routes require, if any.
    bearer_token: Option<String>,
    /// The refresh token configured on the server, if any.
    refresh_token: Option<String>,
    /// user name → password.
    users: Arc<HashMap<String, String>>,
    issued: Arc<Mutex<Issued>>,
}

/// How many sign-ins the server remembers: the refresh tokens and session cookies of older
/// ones stop working (401, as after ServiceStack's session expiry), so that a server under
/// long load holds a bounded number.
const SIGN_IN_LIMIT: usize = 10_000;

/// Tokens and sessions handed out by sign-ins, oldest first.
#[derive(Default)]
struct Issued {
    /// refresh token → the bearer token it gets.
    refresh_tokens: IndexMap<String, String>,
    /// `ss-id`/`ss-pid` values of signed-in sessions → who signed in.
    sessions: IndexMap<String, Arc<SignedIn>>,
}

impl Issued {
    /// Remembers a sign-in: its refresh token and both session cookies, then forgets the
    /// oldest sign-ins beyond `limit`.
    fn remember(
        &mut self,
        refresh_token: String,
        bearer_token: String,
        permanent_id: String,
        signed_in: SignedIn,
        limit: usize,
    ) {
        let signed_in = Arc::new(signed_in);
        // A token issued again (the server's configured one) becomes the newest.
        self.refresh_tokens.shift_remove(&refresh_token);
        self.refresh_tokens.insert(refresh_token, bearer_token);
        self.sessions
            .insert(signed_in.session_id.clone(), Arc::clone(&signed_in));
        self.sessions.insert(permanent_id, signed_in);
        let excess = self.refresh_tokens.len().saturating_sub(limit);
        self.refresh_tokens.drain(..excess);
        // Two cookies per sign-in.
        let excess = self.sessions.len().saturating_sub(limit.saturating_mul(2));
        self.sessions.drain(..excess);
    }
}

/// A signed-in session: what a bare `Authenticate` answers about it.
struct SignedIn {
    user_id: String,
    user_name: String,
    /// The `ss-id` the sign-in set.
    session_id: String,
}

impl Extras {
    pub(crate) fn new(store: SessionStore, config: &super::Config) -> Extras {
        Extras {
            store,
            accept_mode: config.accept_mode,
            error_case: config.error_case,
            body_limit: config.body_limit,
            bearer_token: config.bearer_token.clone(),
            refresh_token: config.refresh_token.clone(),
            users: Arc::new(config.users.iter().cloned().collect()),
            issued: Arc::new(Mutex::new(Issued::default())),
        }
    }

    fn issued(&self) -> MutexGuard<'_, Issued> {
        self.issued
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }
}

/// A random token (std's randomly keyed hasher: unpredictable enough for a test server).
fn random_token(prefix: &str) -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    let high = hasher.finish();
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(high);
    format!("{prefix}{high:016x}{:016x}", hasher.finish())
}

/// What a request is, for this middleware.
enum Target {
    Authenticate {
        provider: Option<String>,
        route: Option<Format>,
    },
    AccessToken {
        route: Option<Format>,
    },
    Batch {
        route: Format,
        name: String,
    },
    OneWay {
        route: Format,
        name: String,
        batch: bool,
    },
    QuerySessions {
        route: Option<Format>,
    },
    Other,
}

fn classify(method: &Method, path: &str) -> Target {
    let decoded = percent_decode(path, false);
    let segments: Vec<&str> = decoded.trim_start_matches('/').split('/').collect();
    let format_of =
        |segment: &str| Format::from_name(segment).filter(|format| !matches!(format, Format::Html));
    match segments[..] {
        [auth] if auth.eq_ignore_ascii_case("auth") => Target::Authenticate {
            provider: None,
            route: None,
        },
        [auth, provider] if auth.eq_ignore_ascii_case("auth") => Target::Authenticate {
            provider: Some(provider.to_owned()),
            route: None,
        },
        [token] if token.eq_ignore_ascii_case("access-token") => {
            Target::AccessToken { route: None }
        }
        [sessions] if method == Method::GET => {
            // `/sessions`, or `/sessions.jsv` / `/sessions.json` asking for a format.
            let (stem, route) = match sessions.rsplit_once('.') {
                Some((stem, suffix)) => (stem, format_of(suffix)),
                None => (sessions, None),
            };
            if stem.eq_ignore_ascii_case("sessions") && (route.is_some() || !sessions.contains('.'))
            {
                Target::QuerySessions { route }
            } else {
                Target::Other
            }
        }
        [format, kind, name] => {
            let Some(route) = format_of(format) else {
                return Target::Other;
            };
            let (name, batch) = match name.strip_suffix("[]") {
                Some(name) => (name, true),
                None => (name, false),
            };
            if kind.eq_ignore_ascii_case("oneway") {
                return Target::OneWay {
                    route,
                    name: name.to_owned(),
                    batch,
                };
            }
            if !kind.eq_ignore_ascii_case("reply") {
                return Target::Other;
            }
            if batch {
                Target::Batch {
                    route,
                    name: name.to_owned(),
                }
            } else if name.eq_ignore_ascii_case("Authenticate") {
                Target::Authenticate {
                    provider: None,
                    route: Some(route),
                }
            } else if name.eq_ignore_ascii_case("GetAccessToken") {
                Target::AccessToken { route: Some(route) }
            } else if name.eq_ignore_ascii_case(QuerySessions::TYPE_NAME) {
                Target::QuerySessions { route: Some(route) }
            } else {
                Target::Other
            }
        }
        _ => Target::Other,
    }
}

/// The middleware: answers what it knows, passes the rest on.
pub(crate) async fn layer(State(extras): State<Extras>, request: Request, next: Next) -> Response {
    let target = classify(request.method(), request.uri().path());
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().map(parse_urlencoded).unwrap_or_default();
    let query_format = query
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("format"))
        .and_then(|(_, value)| Format::from_name(value));
    let route = match &target {
        Target::Authenticate { route, .. }
        | Target::AccessToken { route }
        | Target::QuerySessions { route } => *route,
        Target::Batch { route, .. } | Target::OneWay { route, .. } => Some(*route),
        Target::Other => None,
    };
    let hints = FormatHints {
        query: query_format,
        route,
        ignore_accept: false,
    };
    let format = response_format(hints, &parts.headers, extras.accept_mode);
    let result = match target {
        Target::Other => {
            let request = Request::from_parts(extras.session_auth(parts), body);
            return next.run(request).await;
        }
        Target::Authenticate { provider, route } => {
            sign_in(&extras, &parts, body, query, provider, route, format).await
        }
        Target::AccessToken { route } => {
            access_token(&extras, parts, body, query, route, format, next).await
        }
        Target::QuerySessions { route } => {
            query_sessions(&extras, &parts, body, query, route, format).await
        }
        Target::Batch { route, name } => {
            return match batch(&extras, parts, body, route, &name, format, next).await {
                Ok((content_type, body)) => reply(StatusCode::OK, content_type, body),
                Err(failed) => failed,
            };
        }
        Target::OneWay {
            route,
            name,
            batch: true,
        } => {
            return match batch(&extras, parts, body, route, &name, format, next).await {
                Ok(_) => StatusCode::NO_CONTENT.into_response(),
                Err(failed) => failed,
            };
        }
        Target::OneWay {
            route,
            name,
            batch: false,
        } => one_way(&extras, parts, body, route, &name, next).await,
    };
    result.unwrap_or_else(|error| error.into_response(format, extras.error_case))
}

fn reply(status: StatusCode, content_type: HeaderValue, body: Vec<u8>) -> Response {
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, content_type);
    response
}

fn encoded<T: Serialize>(value: &T, format: Format) -> Result<Response, ApiError> {
    let bytes = encode(value, format).map_err(|message| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "SerializationException",
            message,
        )
    })?;
    Ok(reply(StatusCode::OK, content_type_header(format), bytes))
}

async fn read_body(extras: &Extras, body: Body) -> Result<Bytes, ApiError> {
    to_bytes(body, extras.body_limit).await.map_err(|err| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!("The request body could not be read: {err}"),
        )
    })
}

/// The members of a request: body (in the route's format, else by `Content-Type`), then
/// the query string.
fn members(
    parts: &Parts,
    bytes: &[u8],
    route: Option<Format>,
    response_format: Format,
    query: Vec<(String, String)>,
    type_name: &str,
) -> Result<Map, ApiError> {
    let declared = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(body_format);
    let format = match (route, declared) {
        (_, Some(BodyFormat::Form)) => BodyFormat::Form,
        (Some(route), _) => BodyFormat::Text(route),
        (None, Some(declared)) => declared,
        (None, None) => BodyFormat::Text(response_format),
    };
    let body = parse_body(bytes, format, type_name)?;
    Ok(merge(body, pairs_to_map(query)))
}

/// Cookies of the request, `name=value` pairs.
fn cookies(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

impl Extras {
    /// Whether the request carries a signed-in session cookie.
    fn has_session(&self, headers: &HeaderMap) -> bool {
        let issued = self.issued();
        cookies(headers).any(|(name, value)| {
            matches!(name, "ss-id" | "ss-pid") && issued.sessions.contains_key(value)
        })
    }

    /// The signed-in session of the request's `ss-id` or `ss-pid` cookie.
    fn current_session(&self, headers: &HeaderMap) -> Option<Arc<SignedIn>> {
        let issued = self.issued();
        cookies(headers)
            .filter(|(name, _)| matches!(*name, "ss-id" | "ss-pid"))
            .find_map(|(_, value)| issued.sessions.get(value).cloned())
    }

    /// A request signed in by session cookie alone is let through to routes that want the
    /// bearer token, as ServiceStack accepts either.
    fn session_auth(&self, mut parts: Parts) -> Parts {
        if let Some(token) = &self.bearer_token
            && bearer(&parts.headers).is_none()
            && self.has_session(&parts.headers)
            && let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}"))
        {
            parts.headers.insert(header::AUTHORIZATION, value);
        }
        parts
    }

    /// 401 unless the request may read sessions.
    fn check_access(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let Some(expected) = &self.bearer_token else {
            return Ok(());
        };
        let token_cookie = cookies(headers)
            .find(|(name, _)| *name == "ss-tok")
            .map(|(_, v)| v);
        if bearer(headers).or(token_cookie) == Some(expected.as_str()) || self.has_session(headers)
        {
            Ok(())
        } else {
            Err(ApiError::unauthorized())
        }
    }
}

/// `Authenticate` with the `credentials` provider.
async fn sign_in(
    extras: &Extras,
    parts: &Parts,
    body: Body,
    query: Vec<(String, String)>,
    provider: Option<String>,
    route: Option<Format>,
    format: Format,
) -> Result<Response, ApiError> {
    if parts.method != Method::GET && parts.method != Method::POST {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "MethodNotAllowed",
            format!("{} is not allowed on {}", parts.method, parts.uri.path()),
        )
        .with_header(header::ALLOW, "GET, POST"));
    }
    let bytes = read_body(extras, body).await?;
    let mut members = members(parts, &bytes, route, format, query, "Authenticate")?;
    if let Some(provider) = provider {
        super::negotiate::set_member(&mut members, "provider".into(), Value::String(provider));
    }
    let request: Authenticate = bind(members, "Authenticate")?;
    if request.provider.is_none() && request.user_name.is_none() {
        // No provider and no user name: ServiceStack answers the current session.
        return current_session(extras, parts, format);
    }
    let provider = request.provider.as_deref().unwrap_or("credentials");
    if !provider.eq_ignore_ascii_case("credentials") {
        return Err(ApiError::not_found(format!(
            "No configuration was added for OAuth provider '{provider}'"
        )));
    }
    let user_name = request.user_name.clone().unwrap_or_default();
    let password = request.password.clone().unwrap_or_default();
    let mut missing = Vec::new();
    if user_name.is_empty() {
        missing.push(FieldError {
            code: "NotEmpty",
            field: "UserName",
            message: "'User Name' must not be empty.".into(),
        });
    }
    if password.is_empty() {
        missing.push(FieldError {
            code: "NotEmpty",
            field: "Password",
            message: "'Password' must not be empty.".into(),
        });
    }
    if !missing.is_empty() {
        return Err(ApiError::validation(missing));
    }
    if extras.users.get(&user_name) != Some(&password) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Invalid UserName or Password",
        ));
    }

    let bearer_token = extras
        .bearer_token
        .clone()
        .unwrap_or_else(|| random_token("jwt-"));
    let refresh_token = extras
        .refresh_token
        .clone()
        .unwrap_or_else(|| random_token("refresh-"));
    let session_id = random_token("");
    let permanent_id = random_token("");
    let user_id = extras
        .users
        .keys()
        .filter(|name| name.as_str() <= user_name.as_str())
        .count();
    extras.issued().remember(
        refresh_token.clone(),
        bearer_token.clone(),
        permanent_id.clone(),
        SignedIn {
            user_id: user_id.to_string(),
            user_name: user_name.clone(),
            session_id: session_id.clone(),
        },
        SIGN_IN_LIMIT,
    );
    let answer = AuthenticateResponse {
        user_id: Some(user_id.to_string()),
        session_id: Some(session_id.clone()),
        user_name: Some(user_name.clone()),
        display_name: Some(user_name),
        bearer_token: Some(bearer_token),
        refresh_token: Some(refresh_token),
        auth_provider: Some("credentials".into()),
        ..AuthenticateResponse::default()
    };
    let mut response = encoded(&answer, format)?;
    let headers = response.headers_mut();
    let mut set = |cookie: String| {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    };
    set(format!(
        "ss-id={session_id}; path=/; samesite=strict; httponly"
    ));
    set(format!(
        "ss-pid={permanent_id}; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/; samesite=strict; httponly"
    ));
    if request.remember_me == Some(true) {
        set("ss-opt=perm; expires=Fri, 01 Jan 2100 00:00:00 GMT; path=/".into());
    }
    Ok(response)
}

/// A bare `Authenticate` (`GET /auth`, or no provider and no user name): the session of the
/// request's session cookies, as ServiceStack answers it, or 401 `Not Authenticated`.
fn current_session(extras: &Extras, parts: &Parts, format: Format) -> Result<Response, ApiError> {
    let signed_in = extras
        .current_session(&parts.headers)
        .ok_or_else(ApiError::unauthorized)?;
    let answer = AuthenticateResponse {
        user_id: Some(signed_in.user_id.clone()),
        session_id: Some(signed_in.session_id.clone()),
        user_name: Some(signed_in.user_name.clone()),
        display_name: Some(signed_in.user_name.clone()),
        ..AuthenticateResponse::default()
    };
    encoded(&answer, format)
}

/// `GetAccessToken` for refresh tokens this middleware issued; others go on to the routes
/// behind it.
async fn access_token(
    extras: &Extras,
    parts: Parts,
    body: Body,
    query: Vec<(String, String)>,
    route: Option<Format>,
    format: Format,
    next: Next,
) -> Result<Response, ApiError> {
    let bytes = read_body(extras, body).await?;
    let members = members(&parts, &bytes, route, format, query, "GetAccessToken")?;
    let request: crate::builtin::GetAccessToken = bind(members, "GetAccessToken")?;
    let issued = request
        .refresh_token
        .as_ref()
        .and_then(|token| extras.issued().refresh_tokens.get(token).cloned());
    match issued {
        Some(access_token) => encoded(
            &GetAccessTokenResponse {
                access_token: Some(access_token),
                ..GetAccessTokenResponse::default()
            },
            format,
        ),
        None => Ok(next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await),
    }
}

/// Runs each item of a list body through the routes behind, as `/{format}/reply/{name}`;
/// answers the list of their bodies. The first failure is answered as it is, with
/// `X-AutoBatch-Completed` saying how many items ran before it (ServiceStack's header).
async fn batch(
    extras: &Extras,
    parts: Parts,
    body: Body,
    route: Format,
    name: &str,
    format: Format,
    next: Next,
) -> Result<(HeaderValue, Vec<u8>), Response> {
    let fail = |error: ApiError| error.into_response(format, extras.error_case);
    let bytes = read_body(extras, body).await.map_err(fail)?;
    let items = list_items(&bytes, route, name).map_err(fail)?;
    let parts = extras.session_auth(parts);
    let item_uri = match parts.uri.query() {
        Some(query) => format!("/{}/reply/{name}?{query}", route_name(route)),
        None => format!("/{}/reply/{name}", route_name(route)),
    };
    let item_uri: axum::http::Uri = item_uri
        .parse()
        .map_err(|_| fail(ApiError::not_found(format!("Operation '{name}' not found"))))?;
    let mut answers = Vec::with_capacity(items.len());
    let mut content_type = content_type_header(route);
    for (done, item) in items.into_iter().enumerate() {
        let mut request = Request::new(Body::from(item));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = item_uri.clone();
        *request.headers_mut() = parts.headers.clone();
        request.headers_mut().remove(header::CONTENT_LENGTH);
        request.headers_mut().remove(header::TRANSFER_ENCODING);
        request
            .headers_mut()
            .insert(header::CONTENT_TYPE, content_type_header(route));
        let response = next.clone().run(request).await;
        if !response.status().is_success() {
            let mut response = response;
            response
                .headers_mut()
                .insert("x-autobatch-completed", HeaderValue::from(done as u64));
            return Err(response);
        }
        if let Some(value) = response.headers().get(header::CONTENT_TYPE) {
            content_type = value.clone();
        }
        let body = to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        answers.push(body);
    }
    let mut out =
        Vec::with_capacity(answers.iter().map(Bytes::len).sum::<usize>() + answers.len() + 2);
    out.push(b'[');
    for (at, answer) in answers.iter().enumerate() {
        if at > 0 {
            out.push(b',');
        }
        out.extend_from_slice(answer);
    }
    out.push(b']');
    Ok((content_type, out))
}

/// The predefined-route prefix of `format`.
fn route_name(format: Format) -> &'static str {
    match format {
        Format::Json => "json",
        _ => "jsv",
    }
}

/// The items of a batch body, each written back as a body of its own.
fn list_items(bytes: &[u8], format: Format, name: &str) -> Result<Vec<Vec<u8>>, ApiError> {
    let type_name = format!("{name}[]");
    let not_a_list = || ApiError::binding(&type_name, &"the body is not a list");
    match format {
        Format::Json => {
            let items: Vec<serde_json::Value> =
                serde_json::from_slice(bytes).map_err(|err| ApiError::binding(&type_name, &err))?;
            items
                .iter()
                .map(|item| {
                    serde_json::to_vec(item).map_err(|err| ApiError::binding(&type_name, &err))
                })
                .collect()
        }
        _ => match crate::from_slice::<Value>(bytes)
            .map_err(|err| ApiError::binding(&type_name, &err))?
        {
            Value::List(items) => items
                .iter()
                .map(|item| crate::to_vec(item).map_err(|err| ApiError::binding(&type_name, &err)))
                .collect(),
            Value::Null => Ok(Vec::new()),
            _ => Err(not_a_list()),
        },
    }
}

/// One request run by the routes behind as `/{format}/reply/{name}`, answered `204`.
async fn one_way(
    extras: &Extras,
    parts: Parts,
    body: Body,
    route: Format,
    name: &str,
    next: Next,
) -> Result<Response, ApiError> {
    let mut parts = extras.session_auth(parts);
    let uri = match parts.uri.query() {
        Some(query) => format!("/{}/reply/{name}?{query}", route_name(route)),
        None => format!("/{}/reply/{name}", route_name(route)),
    };
    parts.uri = uri
        .parse()
        .map_err(|_| ApiError::not_found(name.to_owned()))?;
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.status().is_success() {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Ok(response)
    }
}

/// `QuerySessions`: filter, order, page.
async fn query_sessions(
    extras: &Extras,
    parts: &Parts,
    body: Body,
    query: Vec<(String, String)>,
    route: Option<Format>,
    format: Format,
) -> Result<Response, ApiError> {
    extras.check_access(&parts.headers)?;
    let bytes = read_body(extras, body).await?;
    let members = members(
        parts,
        &bytes,
        route,
        format,
        query,
        QuerySessions::TYPE_NAME,
    )?;
    let request: QuerySessions = bind(members, QuerySessions::TYPE_NAME)?;
    let page = run_query(&extras.store, &request)?;
    encoded(&page, format)
}

/// The AutoQuery itself, on a snapshot of the store.
fn run_query(
    store: &SessionStore,
    request: &QuerySessions,
) -> Result<QueryResponse<SessionInfo>, ApiError> {
    let mut rows: Vec<(SessionInfo, Map)> = store
        .ids()
        .iter()
        .filter_map(|id| store.get(id))
        .filter(|session| {
            request
                .account_id
                .as_ref()
                .is_none_or(|account| session.account_id.as_ref() == Some(account))
                && request
                    .channel
                    .as_ref()
                    .is_none_or(|channel| &session.channel == channel)
                && request.ended.is_none_or(|ended| session.ended == ended)
        })
        .map(|session| {
            let members = match crate::to_value(&session) {
                Ok(Value::Map(map)) => map,
                _ => Map::new(),
            };
            (session, members)
        })
        .collect();

    let mut order = Vec::new();
    for (list, descending) in [(&request.order_by, false), (&request.order_by_desc, true)] {
        for field in list.iter().flat_map(|list| list.split(',')) {
            let field = field.trim();
            let (field, flip) = match field.strip_prefix('-') {
                Some(field) => (field, true),
                None => (field, false),
            };
            if field.is_empty() {
                continue;
            }
            let name = member_name(field)?;
            order.push((name, descending != flip));
        }
    }
    if !order.is_empty() {
        rows.sort_by(|(_, a), (_, b)| {
            order
                .iter()
                .map(|(name, descending)| {
                    let ordering = compare(a.get(*name), b.get(*name));
                    if *descending {
                        ordering.reverse()
                    } else {
                        ordering
                    }
                })
                .find(|ordering| ordering.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }

    let total = rows.len();
    let skip = request.skip.unwrap_or(0);
    let take = request.take;
    if skip < 0 || take.is_some_and(|take| take < 0) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "ArgumentException",
            "Skip and Take must not be negative",
        ));
    }
    let fields: Option<Vec<&'static str>> = request
        .fields
        .as_deref()
        .map(|list| {
            list.split(',')
                .map(str::trim)
                .filter(|field| !field.is_empty())
                .map(member_name)
                .collect::<Result<_, _>>()
        })
        .transpose()?;
    let results = rows
        .into_iter()
        .skip(skip as usize)
        .take(take.map_or(usize::MAX, |take| take as usize))
        .map(|(session, members)| match &fields {
            None => Ok(session),
            Some(fields) => {
                let kept: Map = members
                    .into_iter()
                    .filter(|(name, _)| fields.contains(&name.as_str()))
                    .collect();
                crate::from_value(Value::Map(kept))
                    .map_err(|err| ApiError::binding(QuerySessions::TYPE_NAME, &err))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let include_total = request.include.as_deref().is_some_and(|include| {
        include
            .split(',')
            .any(|part| part.trim().eq_ignore_ascii_case("total"))
    });
    Ok(QueryResponse {
        offset: skip,
        total: if include_total {
            i32::try_from(total).unwrap_or(i32::MAX)
        } else {
            0
        },
        results,
        meta: None,
        response_status: None,
    })
}

/// The camelCase name of a `SessionInfo` member, found in any case; an unknown one is an
/// `ArgumentException`, as AutoQuery answers.
fn member_name(field: &str) -> Result<&'static str, ApiError> {
    SESSION_MEMBERS
        .iter()
        .copied()
        .find(|name| name.eq_ignore_ascii_case(field))
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "ArgumentException",
                format!("Could not find field {field}"),
            )
        })
}

/// The members of [`SessionInfo`] on the wire.
const SESSION_MEMBERS: &[&str] = &[
    "dialState",
    "callState",
    "queueState",
    "accountId",
    "accountName",
    "customerId",
    "customerBreadcrumb",
    "customerName",
    "endpointId",
    "endpointName",
    "dateCompleted",
    "destination",
    "toAddress",
    "fromAddress",
    "fromName",
    "answeredByName",
    "queueMemberId",
    "channel",
    "ended",
    "outcome",
    "callSid",
    "consoleData",
    "holdQueueName",
    "heldByUserId",
    "holdReason",
    "conferenceSid",
    "displayName",
    "log",
    "members",
    "callbackNumber",
    "answeredById",
    "direction",
    "fromPhoneNumber",
    "mostRecentParticipantCallSid",
    "wasMissed",
    "ringQueueId",
    "id",
    "dateCreated",
    "dateLastModified",
    "createdBy",
    "lastModifiedBy",
];

/// Orders two member values: missing first, numbers by value, then text.
fn compare(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    let text = |value: Option<&Value>| value.and_then(Value::as_str).map(str::to_owned);
    match (text(a), text(b)) {
        (Some(a), Some(b)) => match (a.parse::<f64>(), b.parse::<f64>()) {
            (Ok(x), Ok(y)) => x.total_cmp(&y),
            _ => a.cmp(&b),
        },
        (a, b) => a.is_some().cmp(&b.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_in(issued: &mut Issued, n: usize, limit: usize) {
        issued.remember(
            format!("refresh-{n}"),
            format!("jwt-{n}"),
            format!("pid-{n}"),
            SignedIn {
                user_id: n.to_string(),
                user_name: format!("user{n}"),
                session_id: format!("id-{n}"),
            },
            limit,
        );
    }

    #[test]
    fn the_oldest_sign_ins_are_forgotten_past_the_limit() {
        let mut issued = Issued::default();
        for n in 0..5 {
            sign_in(&mut issued, n, 3);
        }
        let refresh: Vec<_> = issued.refresh_tokens.keys().map(String::as_str).collect();
        assert_eq!(refresh, ["refresh-2", "refresh-3", "refresh-4"]);
        assert_eq!(issued.refresh_tokens["refresh-4"], "jwt-4");
        let cookies: Vec<_> = issued.sessions.keys().map(String::as_str).collect();
        assert_eq!(cookies, ["id-2", "pid-2", "id-3", "pid-3", "id-4", "pid-4"]);
        // Both cookies of a sign-in name the same session.
        assert_eq!(issued.sessions["pid-3"].session_id, "id-3");
        assert_eq!(issued.sessions["id-3"].user_name, "user3");
    }

    #[test]
    fn a_refresh_token_issued_again_becomes_the_newest() {
        let mut issued = Issued::default();
        for n in 0..3 {
            sign_in(&mut issued, n, 3);
        }
        issued.remember(
            "refresh-0".into(),
            "jwt-again".into(),
            "pid-again".into(),
            SignedIn {
                user_id: "0".into(),
                user_name: "user0".into(),
                session_id: "id-again".into(),
            },
            3,
        );
        sign_in(&mut issued, 3, 3);
        let refresh: Vec<_> = issued.refresh_tokens.keys().map(String::as_str).collect();
        assert_eq!(refresh, ["refresh-2", "refresh-0", "refresh-3"]);
        assert_eq!(issued.refresh_tokens["refresh-0"], "jwt-again");
    }

    #[test]
    fn the_server_remembers_ten_thousand_sign_ins() {
        let mut issued = Issued::default();
        for n in 0..SIGN_IN_LIMIT + 5 {
            sign_in(&mut issued, n, SIGN_IN_LIMIT);
        }
        assert_eq!(issued.refresh_tokens.len(), SIGN_IN_LIMIT);
        assert_eq!(issued.sessions.len(), 2 * SIGN_IN_LIMIT);
        assert!(!issued.refresh_tokens.contains_key("refresh-4"));
        assert!(issued.refresh_tokens.contains_key("refresh-5"));
        assert!(
            issued
                .sessions
                .contains_key(&format!("pid-{}", SIGN_IN_LIMIT + 4))
        );
    }
}
