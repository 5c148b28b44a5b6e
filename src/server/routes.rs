//! Routing, ServiceStack style, and the one handler that serves every request.
//!
//! axum's router cannot express ServiceStack's routing rules (a `.jsv` suffix on any route,
//! literals matched case-insensitively, `/{format}/reply/{Operation}` for every operation),
//! so the server registers a single fallback handler and resolves the path here, from the
//! `ROUTES` of each request DTO: the routes served are exactly the routes the client reads.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::dtos::{CreateSession, GetSession};
use super::errors::{ApiError, FieldError};
use super::negotiate::{
    BodyFormat, Format, FormatHints, bind, body_format, content_type_header, encode, merge,
    pairs_to_map, parse_body, parse_urlencoded, percent_decode, response_format,
};
use crate::Map;
use crate::builtin::{GetAccessToken, GetAccessTokenResponse};
use crate::evo_voice::{DeleteChatMember, InviteChatMember, PatchSession, SessionInfo};
use crate::request::{Route, ServiceStackRequest};

/// The operations the server implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Operation {
    CreateSession,
    GetSession,
    InviteChatMember,
    PatchSession,
    DeleteChatMember,
    GetAccessToken,
}

/// What an operation answers with.
#[derive(Debug)]
enum Reply {
    Session(Box<SessionInfo>),
    AccessToken(Box<GetAccessTokenResponse>),
    /// The answers of a batch, in order.
    Batch(Vec<Reply>),
}

impl serde::Serialize for Reply {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Reply::Session(session) => session.serialize(serializer),
            Reply::AccessToken(answer) => answer.serialize(serializer),
            Reply::Batch(items) => items.serialize(serializer),
        }
    }
}

impl Reply {
    fn encode(&self, format: Format) -> Result<Vec<u8>, String> {
        encode(self, format)
    }
}

impl Operation {
    const ALL: [Operation; 6] = [
        Operation::CreateSession,
        Operation::GetSession,
        Operation::InviteChatMember,
        Operation::PatchSession,
        Operation::DeleteChatMember,
        Operation::GetAccessToken,
    ];

    fn type_name(self) -> &'static str {
        match self {
            Operation::CreateSession => CreateSession::TYPE_NAME,
            Operation::GetSession => GetSession::TYPE_NAME,
            Operation::InviteChatMember => InviteChatMember::TYPE_NAME,
            Operation::PatchSession => PatchSession::TYPE_NAME,
            Operation::DeleteChatMember => DeleteChatMember::TYPE_NAME,
            Operation::GetAccessToken => "GetAccessToken",
        }
    }

    fn routes(self) -> &'static [Route] {
        match self {
            Operation::CreateSession => CreateSession::ROUTES,
            Operation::GetSession => GetSession::ROUTES,
            Operation::InviteChatMember => InviteChatMember::ROUTES,
            Operation::PatchSession => PatchSession::ROUTES,
            Operation::DeleteChatMember => DeleteChatMember::ROUTES,
            Operation::GetAccessToken => GetAccessToken::ROUTES,
        }
    }

    fn named(name: &str) -> Option<Operation> {
        Operation::ALL
            .into_iter()
            .find(|operation| operation.type_name().eq_ignore_ascii_case(name))
    }

    fn execute(self, app: &AppState, members: Map, user: Option<&str>) -> Result<Reply, ApiError> {
        let store = &app.store;
        let name = self.type_name();
        let session = match self {
            Operation::CreateSession => store.create(bind(members, name)?, user),
            Operation::GetSession => store.read(bind(members, name)?),
            Operation::InviteChatMember => store.invite(bind(members, name)?, user),
            Operation::PatchSession => store.patch(bind(members, name)?, user),
            Operation::DeleteChatMember => {
                // `{memberId}` is no member of the DTO; it is read beside it.
                let member_id = members
                    .iter()
                    .find(|(key, _)| key.eq_ignore_ascii_case("memberId"))
                    .and_then(|(_, value)| value.as_str())
                    .map(str::to_owned);
                store.remove_member(bind(members, name)?, member_id, user)
            }
            Operation::GetAccessToken => return access_token(app, bind(members, name)?),
        };
        session.map(|session| Reply::Session(Box::new(session)))
    }
}

/// `GetAccessToken`: the configured bearer token, for the configured refresh token.
fn access_token(app: &AppState, request: GetAccessToken) -> Result<Reply, ApiError> {
    let (Some(refresh), Some(access)) = (&app.config.refresh_token, &app.config.bearer_token)
    else {
        return Err(ApiError::not_found(
            "GetAccessToken is not enabled on this server",
        ));
    };
    match request.refresh_token {
        Some(token) if token == *refresh => {
            Ok(Reply::AccessToken(Box::new(GetAccessTokenResponse {
                access_token: Some(access.clone()),
                ..GetAccessTokenResponse::default()
            })))
        }
        Some(token) if !token.is_empty() => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Invalid RefreshToken",
        )),
        _ => Err(ApiError::validation(vec![FieldError {
            code: "NotEmpty",
            field: "RefreshToken",
            message: "'Refresh Token' must not be empty.".to_owned(),
        }])),
    }
}

/// How a request body is read.
#[derive(Debug, Clone, Copy)]
enum BodyRule {
    /// By its `Content-Type` (user routes).
    ContentType,
    /// In the handler's format whatever the `Content-Type` says, except form bodies
    /// (predefined routes, `docs/format.md` §12).
    Fixed(Format),
}

/// A request matched to an operation.
#[derive(Debug)]
struct Resolved {
    operation: Operation,
    path_variables: Map,
    body: BodyRule,
    /// `/json/reply/{Name}[]`: a list of DTOs, run in order.
    batch: bool,
}

/// Why a request matched no operation.
#[derive(Debug)]
enum Unresolved {
    NotFound,
    MethodNotAllowed(Vec<&'static str>),
}

/// Matches a method and path to an operation; also says which format the path asks for.
fn resolve(
    method: &Method,
    path: &str,
    query_format: Option<Format>,
) -> (Result<Resolved, Unresolved>, FormatHints) {
    let mut hints = FormatHints {
        query: query_format,
        ..FormatHints::default()
    };
    let segments: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();

    // `/json/reply/{Op}`, `/jsv/reply/{Op}`: any method, body in the route's format.
    let predefined = match segments[..] {
        [format, reply, name] if reply.eq_ignore_ascii_case("reply") => {
            exact_format(format).map(|format| (format, name))
        }
        _ => None,
    };
    if let Some((format, name)) = predefined {
        hints.route = Some(format);
        let (name, batch) = split_batch(name);
        let resolved = Operation::named(name)
            .map(|operation| Resolved {
                operation,
                path_variables: Map::new(),
                body: BodyRule::Fixed(format),
                batch,
            })
            .ok_or(Unresolved::NotFound);
        return (resolved, hints);
    }

    // `/api/{Op}` and `/api/{Op}.jsv`: any method; JSON unless `?format=` or the suffix says
    // otherwise, and the `Accept` header is not consulted.
    if let ["api", name] = segments[..] {
        let (name, suffix) = split_suffix(name);
        hints.route = suffix;
        hints.ignore_accept = true;
        let body = BodyRule::Fixed(query_format.or(suffix).unwrap_or(Format::Json));
        let (name, batch) = split_batch(name);
        let resolved = Operation::named(name)
            .map(|operation| Resolved {
                operation,
                path_variables: Map::new(),
                body,
                batch,
            })
            .ok_or(Unresolved::NotFound);
        return (resolved, hints);
    }

    // User routes, with an optional `.jsv`/`.json` suffix on the last segment.
    let mut segments = segments;
    if let Some(last) = segments.last_mut() {
        let (stem, suffix) = split_suffix(last);
        *last = stem;
        hints.route = suffix;
    }
    let mut allowed = Vec::new();
    for operation in Operation::ALL {
        for route in operation.routes() {
            let Some(path_variables) = match_template(route.path, &segments) else {
                continue;
            };
            if route
                .verbs
                .iter()
                .any(|verb| verb.as_str() == method.as_str())
                || route.verbs.is_empty()
            {
                return (
                    Ok(Resolved {
                        operation,
                        path_variables,
                        body: BodyRule::ContentType,
                        batch: false,
                    }),
                    hints,
                );
            }
            allowed.extend(route.verbs.iter().map(|verb| verb.as_str()));
        }
    }
    let unresolved = if allowed.is_empty() {
        Unresolved::NotFound
    } else {
        Unresolved::MethodNotAllowed(allowed)
    };
    (Err(unresolved), hints)
}

/// `Name[]` (brackets raw or percent-encoded, any case) → (`Name`, batch).
fn split_batch(name: &str) -> (&str, bool) {
    for brackets in ["[]", "%5B%5D", "%5b%5d", "%5B%5d", "%5b%5D"] {
        if let Some(stem) = name.strip_suffix(brackets) {
            return (stem, true);
        }
    }
    (name, false)
}

/// `json` or `jsv`, exactly as the predefined routes spell them (any case).
fn exact_format(segment: &str) -> Option<Format> {
    Format::from_name(segment).filter(|_| !segment.contains('.'))
}

/// `s1.jsv` → (`s1`, JSV); `s1` → (`s1`, none).
fn split_suffix(segment: &str) -> (&str, Option<Format>) {
    match segment.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => match exact_format(extension) {
            Some(format) => (stem, Some(format)),
            None => (segment, None),
        },
        _ => (segment, None),
    }
}

/// The path variables of `template` if `segments` match it; literals compare ignoring case.
fn match_template(template: &str, segments: &[&str]) -> Option<Map> {
    let parts: Vec<&str> = template
        .strip_prefix('/')
        .unwrap_or(template)
        .split('/')
        .collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut variables = Map::new();
    for (part, segment) in parts.iter().zip(segments) {
        match part
            .strip_prefix('{')
            .and_then(|rest| rest.strip_suffix('}'))
        {
            Some(name) => {
                variables.insert(name.to_owned(), percent_decode(segment, false).into());
            }
            None if part.eq_ignore_ascii_case(segment) => {}
            None => return None,
        }
    }
    Some(variables)
}

/// The credentials a request carries: `Authorization: Bearer …` or ServiceStack's `ss-tok`
/// cookie.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let from_header = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    from_header.or_else(|| {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(';'))
            .filter_map(|cookie| cookie.trim().split_once('='))
            .find(|(name, _)| *name == "ss-tok")
            .map(|(_, token)| token)
    })
}

/// `GET /metadata`: the HTML page a ServiceStack host serves, listing its operations and
/// their routes.
pub(crate) async fn metadata_page() -> axum::response::Html<String> {
    let mut rows = String::new();
    for operation in Operation::ALL {
        let name = operation.type_name();
        let mut routes: Vec<String> = operation
            .routes()
            .iter()
            .map(|route| {
                let verbs: Vec<&str> = route.verbs.iter().map(|verb| verb.as_str()).collect();
                let verbs = if verbs.is_empty() {
                    "ANY".to_owned()
                } else {
                    verbs.join(",")
                };
                format!("{verbs} {}", route.path)
            })
            .collect();
        routes.push(format!("ANY /json/reply/{name}"));
        routes.push(format!("ANY /jsv/reply/{name}"));
        routes.push(format!("ANY /api/{name}"));
        rows.push_str(&format!(
            "<tr><th><a href=\"?op={name}\">{name}</a></th><td>{}</td></tr>\n",
            routes.join("<br>")
        ));
    }
    axum::response::Html(format!(
        "<!doctype html>\n<html><head><title>Evo Voice Metadata</title></head>\n<body>\n\
         <h1>Evo Voice</h1>\n<p>The following operations are supported. For a formal definition, \
         see the <a href=\"/types/metadata\">service metadata</a>.</p>\n\
         <table class=\"operations\">\n{rows}</table>\n\
         <p>Formats: <a href=\"/json/metadata\">JSON</a>, <a href=\"/jsv/metadata\">JSV</a></p>\n\
         </body></html>\n"
    ))
}

/// The one handler: resolve, authenticate, bind, run, answer in the negotiated format.
pub(crate) async fn dispatch(State(app): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().map(parse_urlencoded).unwrap_or_default();
    let query_format = query
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("format"))
        .and_then(|(_, value)| Format::from_name(value));
    let (resolved, hints) = resolve(&parts.method, parts.uri.path(), query_format);
    let format = response_format(hints, &parts.headers, app.config.accept_mode);

    let answer = match resolved {
        Ok(resolved) => handle(&app, &parts, body, query, resolved, format).await,
        Err(unresolved) => Err(unresolved.into_error(&parts.method, parts.uri.path())),
    };
    let encoded = answer.and_then(|reply| {
        reply.encode(format).map_err(|message| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "SerializationException",
                message,
            )
        })
    });
    match encoded {
        Ok(bytes) => {
            let mut response = (StatusCode::OK, bytes).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type_header(format));
            response
        }
        Err(error) => {
            tracing::debug!(status = %error.status, code = %error.code, "failed");
            error.into_response(format, app.config.error_case)
        }
    }
}

impl Unresolved {
    fn into_error(self, method: &Method, path: &str) -> ApiError {
        match self {
            Unresolved::NotFound => {
                ApiError::not_found(format!("Handler for Request not found: {method} {path}"))
            }
            Unresolved::MethodNotAllowed(allowed) => ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                format!("{method} is not allowed on {path}"),
            )
            .with_header(header::ALLOW, &allowed.join(", ")),
        }
    }
}

/// Runs a resolved request: authenticate, read the body, bind, execute.
async fn handle(
    app: &AppState,
    parts: &Parts,
    body: Body,
    query: Vec<(String, String)>,
    resolved: Resolved,
    response_format: Format,
) -> Result<Reply, ApiError> {
    let operation = resolved.operation;
    tracing::debug!(
        operation = operation.type_name(),
        ?response_format,
        "resolved"
    );
    let user = authenticate(app, operation, &parts.headers)?;

    let bytes = to_bytes(body, app.config.body_limit).await.map_err(|err| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            format!("The request body could not be read: {err}"),
        )
    })?;
    let content_type = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    let declared = content_type.and_then(body_format);
    let body_format = match (resolved.body, declared) {
        (_, Some(BodyFormat::Form)) => BodyFormat::Form,
        (BodyRule::Fixed(format), _) => BodyFormat::Text(format),
        (BodyRule::ContentType, Some(declared)) => declared,
        (BodyRule::ContentType, None) if bytes.is_empty() || content_type.is_none() => {
            BodyFormat::Text(response_format)
        }
        (BodyRule::ContentType, None) => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "NotSupportedException",
                format!(
                    "Unsupported Content-Type '{}'",
                    content_type.unwrap_or_default()
                ),
            ));
        }
    };
    if resolved.batch {
        return run_batch(app, &bytes, body_format, operation, user);
    }
    let body_members = parse_body(&bytes, body_format, operation.type_name())?;
    let members = merge(
        merge(body_members, pairs_to_map(query)),
        resolved.path_variables,
    );
    operation.execute(app, members, user)
}

/// A batch (`POST /json/reply/{Name}[]`): a list of DTOs, run in order and answered by the
/// list of answers. The first failure stops the batch and is the answer, its index in
/// `ResponseStatus.Meta.AutoBatchIndex`, as ServiceStack's auto-batching does.
fn run_batch(
    app: &AppState,
    bytes: &[u8],
    body_format: BodyFormat,
    operation: Operation,
    user: Option<&'static str>,
) -> Result<Reply, ApiError> {
    let name = format!("{}[]", operation.type_name());
    let items = match body_format {
        _ if bytes.iter().all(u8::is_ascii_whitespace) => Vec::new(),
        BodyFormat::Text(Format::Jsv) => {
            crate::from_slice::<Vec<Map>>(bytes).map_err(|err| ApiError::binding(&name, &err))?
        }
        BodyFormat::Text(_) => serde_json::from_slice::<Vec<serde_json::Value>>(bytes)
            .map_err(|err| ApiError::binding(&name, &err))?
            .into_iter()
            .map(|item| match crate::Value::from(item) {
                crate::Value::Map(map) => Ok(map),
                _ => Err(ApiError::binding(&name, &"a batch item is not an object")),
            })
            .collect::<Result<_, _>>()?,
        BodyFormat::Form => {
            return Err(ApiError::binding(&name, &"a batch is a JSON or JSV list"));
        }
    };
    let mut replies = Vec::with_capacity(items.len());
    for (index, members) in items.into_iter().enumerate() {
        match operation.execute(app, members, user) {
            Ok(reply) => replies.push(reply),
            Err(error) => return Err(error.with_meta("AutoBatchIndex", index.to_string())),
        }
    }
    Ok(Reply::Batch(replies))
}

/// The user a request acts as, or 401 when a token is required and not given.
fn authenticate(
    app: &AppState,
    operation: Operation,
    headers: &HeaderMap,
) -> Result<Option<&'static str>, ApiError> {
    match &app.config.bearer_token {
        // The access-token service is how a client without a valid token gets one.
        _ if operation == Operation::GetAccessToken => Ok(None),
        None => Ok(None),
        Some(expected) if bearer_token(headers) == Some(expected.as_str()) => Ok(Some("api-user")),
        Some(_) => Err(ApiError::unauthorized()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn resolve_ok(method: Method, path: &str) -> (Resolved, FormatHints) {
        let (resolved, hints) = resolve(&method, path, None);
        (
            resolved.unwrap_or_else(|err| panic!("{path}: {err:?}")),
            hints,
        )
    }

    #[test]
    fn user_routes_with_suffixes() {
        let (resolved, hints) = resolve_ok(Method::DELETE, "/sessions/s%201/members/a%40b.jsv");
        assert_eq!(resolved.operation, Operation::DeleteChatMember);
        assert_eq!(resolved.path_variables["sessionId"], "s 1");
        assert_eq!(resolved.path_variables["memberId"], "a@b");
        assert_eq!(hints.route, Some(Format::Jsv));
        let (resolved, hints) = resolve_ok(Method::POST, "/Sessions/s1/Members.json");
        assert_eq!(resolved.operation, Operation::InviteChatMember);
        assert_eq!(hints.route, Some(Format::Json));
        let (resolved, _) = resolve_ok(Method::PATCH, "/sessions/s1");
        assert_eq!(resolved.operation, Operation::PatchSession);
        let (resolved, _) = resolve_ok(Method::POST, "/sessions");
        assert_eq!(resolved.operation, Operation::CreateSession);
    }

    #[test]
    fn predefined_routes() {
        let (resolved, hints) = resolve_ok(Method::POST, "/jsv/reply/InviteChatMember");
        assert_eq!(resolved.operation, Operation::InviteChatMember);
        assert!(matches!(resolved.body, BodyRule::Fixed(Format::Jsv)));
        assert_eq!(hints.route, Some(Format::Jsv));
        let (resolved, hints) = resolve_ok(Method::GET, "/api/getsession.jsv");
        assert_eq!(resolved.operation, Operation::GetSession);
        assert!(hints.ignore_accept);
        assert_eq!(hints.route, Some(Format::Jsv));
        let (_, hints) = resolve_ok(Method::GET, "/api/GetSession");
        assert_eq!(hints.route, None);
        assert!(
            resolve(&Method::GET, "/xml/reply/GetSession", None)
                .0
                .is_err()
        );
    }

    #[test]
    fn wrong_method_and_unknown_paths() {
        let (resolved, _) = resolve(&Method::PUT, "/sessions/s1", None);
        match resolved {
            Err(Unresolved::MethodNotAllowed(allowed)) => assert_eq!(allowed, ["GET", "PATCH"]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            resolve(&Method::GET, "/nope", None).0,
            Err(Unresolved::NotFound)
        ));
        assert!(matches!(
            resolve(&Method::GET, "/sessions/s1/members/x/y", None).0,
            Err(Unresolved::NotFound)
        ));
    }

    #[test]
    fn tokens_from_header_or_cookie() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("ss-id=1; ss-tok=abc"),
        );
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer xyz"),
        );
        assert_eq!(bearer_token(&headers), Some("xyz"));
    }
}
