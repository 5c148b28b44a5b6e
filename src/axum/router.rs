//! Mounting a request DTO where ServiceStack's clients look for it: its `[Route]` paths and
//! the predefined routes.

use std::future::Future;

use ::axum::Router;
use ::axum::extract::{FromRequest, FromRequestParts, MatchedPath, RawPathParams, Request};
use ::axum::http::{StatusCode, header};
use ::axum::response::{IntoResponse, Response};
use ::axum::routing::{MethodFilter, MethodRouter, any, on};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{ErrorCase, ServiceStackError};
use super::format::{Format, path_format, split_suffix};
use super::jsv::{decode, error_style, read_body, type_name};
use super::negotiated::Negotiated;
use super::query::{from_pairs, parse_pairs};
use super::rejection::{InvalidBody, JsvRejection, MissingJsvContentType};
use crate::request::{Method, ServiceStackRequest};
use crate::{Map, Value};

/// Extractor for a request DTO bound the way ServiceStack binds one: from the body (JSV,
/// JSON or a form, by `Content-Type`; a predefined route `/jsv/reply/…` or `/json/reply/…`
/// reads its own format), then the query string, then the route's path variables, later
/// sources overriding earlier ones member by member, names matched in any case. A GET or
/// DELETE has its members in the query string ([`JsvQuery`](super::JsvQuery) rules), and a
/// `Content-Type` with no body is fine. A `.jsv`/`.json` suffix on the last path variable is
/// a format, not part of the value.
///
/// [`ServiceStackRouter::service`] mounts handlers that take their DTO this way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dto<T>(pub T);

impl<T, S> FromRequest<S> for Dto<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = JsvRejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        bind_request(request, state).await.map(Dto)
    }
}

/// Binds `T` from a request: see [`Dto`].
async fn bind_request<T: DeserializeOwned, S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<T, JsvRejection> {
    let (format, case) = error_style(request.uri(), request.headers(), request.extensions());
    let (mut parts, body) = request.into_parts();
    let path_variables: Vec<(String, String)> =
        match RawPathParams::from_request_parts(&mut parts, state).await {
            Ok(params) => {
                let mut variables: Vec<(String, String)> = params
                    .iter()
                    .map(|(key, value)| (key.to_owned(), value.to_owned()))
                    .collect();
                // `/sessions/s1.jsv`: the suffix chose the format; it is not part of the ID
                // when the route ends in that variable.
                let ends_in_variable = parts
                    .extensions
                    .get::<MatchedPath>()
                    .is_some_and(|matched| matched.as_str().ends_with('}'));
                if let Some((_, last)) = variables.last_mut()
                    && ends_in_variable
                {
                    let (stem, suffix) = split_suffix(last);
                    if suffix.is_some() {
                        *last = stem.to_owned();
                    }
                }
                variables
            }
            Err(_) => Vec::new(),
        };
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut query = parse_pairs(parts.uri.query().unwrap_or_default());
    query.retain(|(key, _)| !key.eq_ignore_ascii_case("format"));
    let route_format = predefined_format(parts.uri.path());
    let request = Request::from_parts(parts, body);
    let bytes = read_body(request, state, format, case).await?;

    let bad = |error: ServiceStackError| -> JsvRejection {
        InvalidBody(error.format(format).case(case)).into()
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        // No body: members from the query string and the path, by ServiceStack's
        // query-string rules.
        let mut pairs = query;
        for (key, value) in path_variables {
            set_pair(&mut pairs, key, value);
        }
        return from_pairs(&mut pairs).map_err(bad);
    }

    let is_form = content_type.split(';').next().is_some_and(|essence| {
        essence
            .trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    });
    if is_form {
        let mut pairs = parse_pairs(&String::from_utf8_lossy(&bytes));
        for (key, value) in query.into_iter().chain(path_variables) {
            set_pair(&mut pairs, key, value);
        }
        return from_pairs(&mut pairs).map_err(bad);
    }
    let body_format = match (route_format, Format::from_media_type(&content_type)) {
        (Some(route), _) => route,
        (None, Some(declared)) => declared,
        (None, None) if content_type.is_empty() => format,
        (None, None) => {
            return Err(MissingJsvContentType(
                ServiceStackError::with_status(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "NotSupportedException",
                    format!("ContentType not supported '{content_type}'"),
                )
                .format(format)
                .case(case),
            )
            .into());
        }
    };
    let shown_type = if content_type.is_empty() {
        match body_format {
            Format::Jsv => "application/jsv",
            Format::Json => "application/json",
        }
    } else {
        content_type.as_str()
    };
    if query.is_empty() && path_variables.is_empty() {
        return decode::<T>(&bytes, body_format, shown_type).map_err(bad);
    }
    // Body, then query, then path: merged as members.
    let mut members = match decode::<Value>(&bytes, body_format, shown_type).map_err(bad)? {
        Value::Map(map) => map,
        _ => Map::new(),
    };
    for (key, text) in query.into_iter().chain(path_variables) {
        let value = if text.starts_with('{') || text.starts_with('[') {
            crate::from_str::<Value>(&text).unwrap_or(Value::String(text))
        } else {
            Value::String(text)
        };
        members.retain(|existing, _| !existing.eq_ignore_ascii_case(&key));
        members.insert(key, value);
    }
    crate::from_value::<T>(Value::Map(members)).map_err(|error| {
        bad(ServiceStackError::with_status(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            format!(
                "Unable to bind to request '{}': {}",
                type_name::<T>(),
                error.message()
            ),
        ))
    })
}

/// Sets `key` (any case) to `value`.
fn set_pair(pairs: &mut Vec<(String, String)>, key: String, value: String) {
    pairs.retain(|(existing, _)| !existing.eq_ignore_ascii_case(&key));
    pairs.push((key, value));
}

/// The body format of a predefined route: `/jsv/reply/…` JSV, `/json/reply/…` JSON.
fn predefined_format(path: &str) -> Option<Format> {
    let mut segments = path.trim_start_matches('/').split('/');
    let first = segments.next()?;
    let second = segments.next()?;
    if second.eq_ignore_ascii_case("reply") || second.eq_ignore_ascii_case("oneway") {
        return path_format(&format!("/{first}/{second}"));
    }
    None
}

/// Mounts request DTOs on a `Router` where ServiceStack's clients send them.
///
/// [`service`](Self::service) mounts a handler for the DTO `Req` on
///
/// * each of `Req::ROUTES`, for its verbs (all verbs when it names none), and with a
///   `.jsv`/`.json` suffix on a last literal segment;
/// * the predefined routes, any verb: `/json/reply/{Name}`, `/jsv/reply/{Name}` and
///   `/api/{Name}` (the defaults of the .NET, TypeScript and Python clients);
/// * the batch routes `/json/reply/{Name}[]`, `/jsv/reply/{Name}[]` and `/api/{Name}[]`
///   (brackets raw or percent-encoded): a list of DTOs in the body, run in order, answered
///   by the list of responses; the first failure stops the batch and is answered as
///   ServiceStack answers it (its status, the failed item's index in
///   `ResponseStatus.Meta.AutoBatchIndex`).
///
/// A path served with other verbs is answered by [`method_not_allowed`] (405, ServiceStack
/// shaped, with `Allow`); add [`not_found`] as the router's fallback for unknown paths.
/// Literal path segments match case-sensitively (ServiceStack ignores case).
///
/// The DTO is bound as [`Dto`] binds it and the response is written in the format the
/// request asks for ([`Format::of_request`]); a handler's [`ServiceStackError`] is written in
/// that format too. The handler takes the DTO alone: capture state in the closure.
///
/// ```
/// use axum::Router;
/// use serde::{Deserialize, Serialize};
/// use serde_jsv::axum::{ServiceStackError, ServiceStackRouter};
/// use serde_jsv::request::{Method, Route, ServiceStackRequest};
///
/// #[derive(Serialize, Deserialize, Default)]
/// #[serde(rename_all = "camelCase", default)]
/// struct Hello { name: String }
///
/// #[derive(Serialize, Deserialize)]
/// struct HelloResponse { result: String }
///
/// impl ServiceStackRequest for Hello {
///     type Response = HelloResponse;
///     const TYPE_NAME: &'static str = "Hello";
///     const METHOD: Method = Method::Get;
///     const ROUTES: &'static [Route] = &[Route::new("/hello/{name}", &[Method::Get])];
/// }
///
/// let app: Router = Router::new().service(|hello: Hello| async move {
///     if hello.name.is_empty() {
///         return Err(ServiceStackError::validation("NotEmpty", "Name", "'Name' must not be empty."));
///     }
///     Ok(HelloResponse { result: format!("Hello, {}!", hello.name) })
/// });
/// ```
pub trait ServiceStackRouter<S> {
    /// Mounts `handler` for request DTO `Req` (see the trait docs).
    fn service<Req, F, Fut, Res>(self, handler: F) -> Self
    where
        Req: ServiceStackRequest + DeserializeOwned + Send + 'static,
        F: Fn(Req) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<Res, ServiceStackError>> + Send + 'static,
        Res: Serialize + Send + 'static;
}

impl<S> ServiceStackRouter<S> for Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn service<Req, F, Fut, Res>(self, handler: F) -> Self
    where
        Req: ServiceStackRequest + DeserializeOwned + Send + 'static,
        F: Fn(Req) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Result<Res, ServiceStackError>> + Send + 'static,
        Res: Serialize + Send + 'static,
    {
        let single = {
            let handler = handler.clone();
            move |request: Request| {
                let handler = handler.clone();
                async move { run_one::<Req, F, Fut, Res>(request, handler).await }
            }
        };
        let batch = {
            let handler = handler.clone();
            move |request: Request| {
                let handler = handler.clone();
                async move { run_batch::<Req, F, Fut, Res>(request, handler).await }
            }
        };
        let mut router = self;
        for route in Req::ROUTES {
            let filter = route
                .verbs
                .iter()
                .map(|verb| method_filter(*verb))
                .reduce(MethodFilter::or);
            let method_router = |filter: Option<MethodFilter>| -> MethodRouter<S> {
                match filter {
                    Some(filter) => on(filter, single.clone()),
                    None => any(single.clone()),
                }
            };
            let path = axum_path(route.path);
            let last_is_literal = !path.rsplit('/').next().unwrap_or_default().contains('{');
            router = router.route(&path, method_router(filter));
            if last_is_literal && path != "/" {
                for suffix in [".jsv", ".json"] {
                    router = router.route(&format!("{path}{suffix}"), method_router(filter));
                }
            }
        }
        let name = Req::TYPE_NAME;
        for prefix in ["/json/reply/", "/jsv/reply/", "/api/"] {
            router = router
                .route(&format!("{prefix}{name}"), any(single.clone()))
                .route(&format!("{prefix}{name}[]"), any(batch.clone()))
                .route(&format!("{prefix}{name}%5B%5D"), any(batch.clone()))
                .route(&format!("{prefix}{name}%5b%5d"), any(batch.clone()));
        }
        router.method_not_allowed_fallback(method_not_allowed)
    }
}

/// Handler for paths no route serves: 404 `NotFound`, `Handler for Request not found: GET
/// /path`, in the request's format. Install it with `Router::fallback`.
///
/// ```
/// let app: axum::Router = axum::Router::new().fallback(serde_jsv::axum::not_found);
/// ```
pub async fn not_found(request: Request) -> ServiceStackError {
    let (format, case) = error_style(request.uri(), request.headers(), request.extensions());
    ServiceStackError::not_found(format!(
        "Handler for Request not found: {} {}",
        request.method(),
        request.uri().path()
    ))
    .format(format)
    .case(case)
}

/// Handler for a path served with other methods: 405 `MethodNotAllowed`, `PUT is not allowed
/// on /path`, in the request's format; axum adds the `Allow` header.
/// [`ServiceStackRouter::service`] installs it with `Router::method_not_allowed_fallback` on
/// routes that have no fallback of their own.
pub async fn method_not_allowed(request: Request) -> ServiceStackError {
    let (format, case) = error_style(request.uri(), request.headers(), request.extensions());
    ServiceStackError::with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        format!(
            "{} is not allowed on {}",
            request.method(),
            request.uri().path()
        ),
    )
    .format(format)
    .case(case)
}

/// `{Name*}` (ServiceStack's wildcard) is `{*Name}` in axum.
fn axum_path(path: &str) -> String {
    path.split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix("*}")) {
                Some(name) => format!("{{*{name}}}"),
                None => segment.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

fn method_filter(method: Method) -> MethodFilter {
    match method {
        Method::Get => MethodFilter::GET,
        Method::Post => MethodFilter::POST,
        Method::Put => MethodFilter::PUT,
        Method::Patch => MethodFilter::PATCH,
        Method::Delete => MethodFilter::DELETE,
        #[allow(unreachable_patterns)]
        _ => MethodFilter::GET,
    }
}

async fn run_one<Req, F, Fut, Res>(request: Request, handler: F) -> Response
where
    Req: DeserializeOwned,
    F: Fn(Req) -> Fut,
    Fut: Future<Output = Result<Res, ServiceStackError>>,
    Res: Serialize,
{
    let (format, case) = error_style(request.uri(), request.headers(), request.extensions());
    let dto = match bind_request::<Req, ()>(request, &()).await {
        Ok(dto) => dto,
        Err(rejection) => return rejection.into_response(),
    };
    match handler(dto).await {
        Ok(response) => Negotiated::new(format, response).into_response(),
        Err(error) => error.format(format).default_case(case).into_response(),
    }
}

async fn run_batch<Req, F, Fut, Res>(request: Request, handler: F) -> Response
where
    Req: DeserializeOwned,
    F: Fn(Req) -> Fut,
    Fut: Future<Output = Result<Res, ServiceStackError>>,
    Res: Serialize,
{
    let (format, case) = error_style(request.uri(), request.headers(), request.extensions());
    let items = match bind_request::<Vec<Req>, ()>(request, &()).await {
        Ok(items) => items,
        Err(rejection) => return rejection.into_response(),
    };
    let mut responses = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        match handler(item).await {
            Ok(response) => responses.push(response),
            Err(error) => return batch_error(error, index, format, case),
        }
    }
    Negotiated::new(format, responses).into_response()
}

/// A failed batch item, as ServiceStack reports it: the item's error, its index in
/// `ResponseStatus.Meta.AutoBatchIndex`.
fn batch_error(
    error: ServiceStackError,
    index: usize,
    format: Format,
    case: ErrorCase,
) -> Response {
    error
        .meta("AutoBatchIndex", index.to_string())
        .format(format)
        .default_case(case)
        .into_response()
}
