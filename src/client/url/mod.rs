//! URLs for request DTOs, built exactly as ServiceStack's .NET service clients build them.
//!
//! ```
//! use serde::Serialize;
//! use serde_jsv::client::url::{Fallback, request_path};
//! use serde_jsv::request::{Method, Route, ServiceStackRequest};
//!
//! #[derive(Serialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct GetMembers {
//!     id: String,
//!     page: i32,
//!     tags: Vec<String>,
//! }
//!
//! impl ServiceStackRequest for GetMembers {
//!     type Response = serde_jsv::Value;
//!     const TYPE_NAME: &'static str = "GetMembers";
//!     const METHOD: Method = Method::Get;
//!     const ROUTES: &'static [Route] = &[Route::new("/sessions/{Id}/members", &[Method::Get])];
//! }
//!
//! let dto = GetMembers { id: "a b".into(), page: 0, tags: vec!["x".into(), "y,z".into()] };
//! // The route is filled, `page` is skipped (0 is int's default), lists are JSV without
//! // their brackets, then percent-encoded; query keys are camelCase.
//! assert_eq!(
//!     request_path(&dto, Method::Get, Fallback::JsonReply)?,
//!     "/sessions/a%20b/members?tags=x%2C%22y%2Cz%22"
//! );
//! // POST: the path only, the DTO goes in the body.
//! assert!(request_path(&dto, Method::Post, Fallback::JsonReply).is_err()); // GET-only route
//! # Ok::<(), serde_jsv::client::url::UrlError>(())
//! ```
//!
//! The rules (from `docs/urls.md` §1, checked against the `client_urls` of the
//! conformance vectors):
//!
//! * **Route**: the DTO's [`Route`]s that serve the method are tried. Each `{Var}` (a path
//!   component between `/` or `.`) takes the member of that name, compared case-insensitively,
//!   or [`ServiceStackRequest::path_variable`]; a member that is `None` makes the route not
//!   match, except a wildcard `{Var*}`, which becomes empty. Default values *are* written in
//!   the path (`/items/0`). The route with most variables wins, then the shortest template;
//!   several winners with different variables are ambiguous.
//! * **No route**: the [`Fallback`] (`/json/reply/{Name}`, `/api/{Name}`, …). For GET and
//!   DELETE a `?` is appended even when the query string is empty, as .NET does.
//! * **Query string** (GET and DELETE only): every member not used in the path, in serde's
//!   order; key = the serde name in camelCase (ServiceStack's `ToCamelCase`, or snake_case
//!   with [`KeyCase::Snake`]), never encoded. `None`/`()` is skipped, and so is the default
//!   of a non-optional value type: `0`, `0.0`, `false`, `'\0'`, the first variant of a unit
//!   enum. Inside `Some` nothing is skipped (`Option<i32>` holding 0 is sent, like `int?`).
//!   Strings are sent as they are, never defaulted (`text=` for `""`). Any other value is
//!   written as JSV, its leading and trailing `[`/`]` trimmed (except an exact `[]`), and
//!   percent-encoded like .NET's `Uri.EscapeDataString` (everything but `A-Z a-z 0-9 - _ . ~`,
//!   uppercase hex).
//! * **Extra parameters**: a [`QueryParams`] member is appended verbatim after the others
//!   (ServiceStack's `IHasQueryParams`).
//!
//! .NET value types that Rust writes as strings (a `Guid`, a `DateTime`, a `decimal`) have
//! no default to skip: mark such members `#[serde(skip_serializing_if = "…")]` when
//! `Guid.Empty` or `DateTime.MinValue` must stay out of the URL.

mod members;
mod origin;

use std::borrow::Cow;
use std::fmt;

use indexmap::IndexMap;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Deserialize, Serialize};

use crate::request::{Method, Route, ServiceStackRequest};
use members::{MemberValue, Members};
pub(crate) use origin::same_origin;

/// The newtype name by which the URL builder recognises [`QueryParams`].
pub(crate) const QUERY_PARAMS_NAME: &str = "$serde_jsv::client::QueryParams";

/// What `Uri.EscapeDataString` leaves alone: RFC 3986 unreserved characters.
const DATA_STRING: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The route a DTO without [`Route`]s is sent to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Fallback {
    /// `/json/reply/{Name}`: `JsonServiceClient` and `ToGetUrl()` (the vectors' choice).
    #[default]
    JsonReply,
    /// `/jsv/reply/{Name}`: `JsvServiceClient`; answers JSV and reads JSV bodies.
    JsvReply,
    /// `/api/{Name}`: `JsonApiClient`; answers JSON unless told otherwise.
    Api,
    /// `/api/{Name}.jsv`: the `/api` route asked for JSV by its suffix.
    ApiJsv,
}

impl Fallback {
    /// The path for a DTO named `type_name`.
    pub fn path(self, type_name: &str) -> String {
        match self {
            Fallback::JsonReply => format!("/json/reply/{type_name}"),
            Fallback::JsvReply => format!("/jsv/reply/{type_name}"),
            Fallback::Api => format!("/api/{type_name}"),
            Fallback::ApiJsv => format!("/api/{type_name}.jsv"),
        }
    }
}

/// How query-string keys are cased.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum KeyCase {
    /// ServiceStack's `ToCamelCase` (`OptColor` → `optColor`, `ID` → `id`): the .NET
    /// clients' behaviour under every `TextCase` but snake case.
    #[default]
    Camel,
    /// `lowercase_underscore` (`OptColor` → `opt_color`): .NET under `TextCase.SnakeCase`.
    Snake,
}

/// Options of the URL builder ([`request_path_with`]).
///
/// ```
/// use serde_jsv::client::url::{Fallback, KeyCase, UrlOptions};
///
/// let options = UrlOptions::new().fallback(Fallback::Api).key_case(KeyCase::Snake);
/// assert_eq!(options.fallback, Fallback::Api);
/// assert_eq!(UrlOptions::new(), UrlOptions::default());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct UrlOptions {
    /// Where DTOs without routes go.
    pub fallback: Fallback,
    /// How query keys are cased.
    pub key_case: KeyCase,
}

impl UrlOptions {
    /// The defaults: [`Fallback::JsonReply`], [`KeyCase::Camel`].
    pub fn new() -> UrlOptions {
        UrlOptions::default()
    }

    /// Sets where DTOs without routes go.
    pub fn fallback(mut self, fallback: Fallback) -> UrlOptions {
        self.fallback = fallback;
        self
    }

    /// Sets how query keys are cased.
    pub fn key_case(mut self, key_case: KeyCase) -> UrlOptions {
        self.key_case = key_case;
        self
    }
}

/// Extra query-string parameters appended verbatim (key as it is, value percent-encoded)
/// after the DTO's members: ServiceStack's `IHasQueryParams.QueryParams`.
///
/// Anywhere else (a JSV or JSON body) it is written as a plain map. Mark the member
/// `#[serde(skip_serializing_if = "QueryParams::is_empty")]` to keep empty ones out of bodies.
///
/// ```
/// use serde::Serialize;
/// use serde_jsv::client::url::{Fallback, QueryParams, request_path};
/// use serde_jsv::request::{Method, ServiceStackRequest};
///
/// #[derive(Serialize)]
/// struct Search {
///     name: String,
///     #[serde(skip_serializing_if = "QueryParams::is_empty")]
///     extra: QueryParams,
/// }
/// impl ServiceStackRequest for Search {
///     type Response = serde_jsv::Value;
///     const TYPE_NAME: &'static str = "Search";
///     const METHOD: Method = Method::Get;
/// }
///
/// let mut extra = QueryParams::new();
/// extra.insert("x", "1&2");
/// let dto = Search { name: "n".into(), extra };
/// assert_eq!(
///     request_path(&dto, Method::Get, Fallback::JsonReply).unwrap(),
///     "/json/reply/Search?name=n&x=1%262"
/// );
/// assert_eq!(dto.extra.get("x"), Some("1&2"));
/// assert_eq!(dto.extra.iter().collect::<Vec<_>>(), [("x", "1&2")]);
/// ```
///
/// The map inside is the crate's own: parameters go in with [`insert`](Self::insert) or
/// `collect()` and come out with [`get`](Self::get) and [`iter`](Self::iter), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct QueryParams(IndexMap<String, String>);

impl QueryParams {
    /// No parameters.
    pub fn new() -> QueryParams {
        QueryParams::default()
    }

    /// Adds (or replaces) a parameter.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) -> &mut QueryParams {
        self.0.insert(key.into(), value.into());
        self
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many parameters there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The value of parameter `key` (compared exactly).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The parameters, in the order they were first inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(key, value)| (key.as_str(), value.as_str()))
    }
}

impl Serialize for QueryParams {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(QUERY_PARAMS_NAME, &self.0)
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for QueryParams {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        QueryParams(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

/// Why no URL could be built for a DTO.
#[derive(Debug)]
#[non_exhaustive]
pub enum UrlError {
    /// No route serves the method with the DTO's values (.NET: `InvalidOperationException`
    /// "None of the given rest routes matches …").
    NoMatchingRoute {
        /// The DTO's type name.
        type_name: &'static str,
        /// Each route template with the reason it did not match.
        reasons: Vec<(&'static str, String)>,
    },
    /// Several routes match equally well with different variables.
    AmbiguousRoutes {
        /// The DTO's type name.
        type_name: &'static str,
        /// The competing templates.
        routes: Vec<&'static str>,
    },
    /// The DTO does not serialize as a struct or map.
    NotAnObject {
        /// The DTO's type name.
        type_name: &'static str,
    },
    /// A member could not be written as JSV (its `Serialize` impl failed, or the value has
    /// no JSV form); the JSV error is the [`source`](std::error::Error::source).
    Serialize(crate::Error),
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::NoMatchingRoute { type_name, reasons } => {
                write!(
                    f,
                    "None of the given rest routes matches '{type_name}' request:"
                )?;
                for (route, reason) in reasons {
                    write!(f, "\n\t{route}:\t{reason}")?;
                }
                Ok(())
            }
            UrlError::AmbiguousRoutes { type_name, routes } => {
                write!(
                    f,
                    "Ambiguous matching routes found for '{type_name}' request:"
                )?;
                for route in routes {
                    write!(f, "\n\t{route}")?;
                }
                Ok(())
            }
            UrlError::NotAnObject { type_name } => {
                write!(
                    f,
                    "request DTO '{type_name}' does not serialize as a struct or map"
                )
            }
            UrlError::Serialize(_) => f.write_str("could not write a request member"),
        }
    }
}

impl std::error::Error for UrlError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            UrlError::Serialize(err) => Some(err),
            _ => None,
        }
    }
}

/// A resolved request URL, relative to the base URL: the path and the query string apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    /// The percent-encoded path: `/sessions/s1`.
    pub path: String,
    /// The query string without `?`; `Some("")` keeps a bare trailing `?` (.NET does that
    /// for predefined routes), `None` has no `?`.
    pub query: Option<String>,
    /// The route template used; `None` when the fallback route was used.
    pub route: Option<&'static str>,
    /// Whether the DTO has a member named `format` (case-insensitive).
    format_member: bool,
}

impl RequestPath {
    /// Whether the DTO has a member named `format` (case-insensitive), which a `format`
    /// query parameter would overwrite on the server.
    pub(crate) fn has_format_member(&self) -> bool {
        self.format_member
    }

    /// A path and query as they are, for tests of what is built from them.
    #[cfg(test)]
    pub(crate) fn from_parts(path: &str, query: Option<&str>) -> RequestPath {
        RequestPath {
            path: path.to_owned(),
            query: query.map(str::to_owned),
            route: None,
            format_member: false,
        }
    }

    /// Appends `key=value` (both taken as already encoded) to the query string.
    pub(crate) fn append_query(&mut self, pair: &str) {
        match &mut self.query {
            Some(query) if !query.is_empty() => {
                query.push('&');
                query.push_str(pair);
            }
            _ => self.query = Some(pair.to_owned()),
        }
    }
}

impl fmt::Display for RequestPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        if let Some(query) = &self.query {
            write!(f, "?{query}")?;
        }
        Ok(())
    }
}

/// The path and query string .NET's service clients send for `request` with `method`
/// (`ToUrl(request, method, fallback)`), as one string.
pub fn request_path<R: ServiceStackRequest>(
    request: &R,
    method: Method,
    fallback: Fallback,
) -> Result<String, UrlError> {
    request_path_with(request, method, &UrlOptions::new().fallback(fallback))
}

/// [`request_path`] with all the [`UrlOptions`] (query keys in snake_case, say).
///
/// ```
/// use serde::Serialize;
/// use serde_jsv::client::url::{KeyCase, UrlOptions, request_path_with};
/// use serde_jsv::request::{Method, ServiceStackRequest};
///
/// #[derive(Serialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct FindItems { opt_color: String }
/// impl ServiceStackRequest for FindItems {
///     type Response = serde_jsv::Value;
///     const TYPE_NAME: &'static str = "FindItems";
///     const METHOD: Method = Method::Get;
/// }
///
/// let dto = FindItems { opt_color: "dark red".into() };
/// let snake = UrlOptions::new().key_case(KeyCase::Snake);
/// assert_eq!(
///     request_path_with(&dto, Method::Get, &snake)?,
///     "/json/reply/FindItems?opt_color=dark%20red"
/// );
/// # Ok::<(), serde_jsv::client::url::UrlError>(())
/// ```
pub fn request_path_with<R: ServiceStackRequest>(
    request: &R,
    method: Method,
    options: &UrlOptions,
) -> Result<String, UrlError> {
    resolve(request, method, options).map(|path| path.to_string())
}

/// Resolves `request`'s route and query string for `method`.
pub(crate) fn resolve<R: ServiceStackRequest>(
    request: &R,
    method: Method,
    options: &UrlOptions,
) -> Result<RequestPath, UrlError> {
    resolve_with_routes(request, method, options, R::ROUTES)
}

/// [`resolve`] with the routes given (an empty slice forces the fallback route).
pub(crate) fn resolve_with_routes<R: ServiceStackRequest>(
    request: &R,
    method: Method,
    options: &UrlOptions,
    routes: &'static [Route],
) -> Result<RequestPath, UrlError> {
    let members = members::collect(request, R::TYPE_NAME)?;
    let format_member = members
        .list
        .iter()
        .any(|member| member.name.eq_ignore_ascii_case("format"));
    if routes.is_empty() {
        let query = (!method.has_body() && members.is_object)
            .then(|| query_string(&members, &[], options.key_case));
        return Ok(RequestPath {
            path: options.fallback.path(R::TYPE_NAME),
            query,
            route: None,
            format_member,
        });
    }

    let mut matches = Vec::new();
    let mut reasons = Vec::new();
    for route in routes {
        if !route.serves(method) {
            let verbs: Vec<&str> = route.verbs.iter().map(|verb| verb.as_str()).collect();
            reasons.push((
                route.path,
                format!(
                    "Allowed HTTP methods '{}' does not support the specified '{method}' method.",
                    verbs.join(",")
                ),
            ));
            continue;
        }
        match fill_route(route, &members, request, R::TYPE_NAME) {
            Ok(filled) => matches.push(filled),
            Err(reason) => reasons.push((route.path, reason)),
        }
    }
    let chosen = choose(matches, R::TYPE_NAME, reasons)?;
    let query = if method.has_body() {
        None
    } else {
        Some(query_string(
            &members,
            &chosen.used_members,
            options.key_case,
        ))
        .filter(|q| !q.is_empty())
    };
    Ok(RequestPath {
        path: chosen.path,
        query,
        route: Some(chosen.template),
        format_member,
    })
}

/// The DTO's members as the text fields of a form (a multipart upload), as ServiceStack's
/// clients send them (`QueryStringSerializer`, then decoded): every member but `None`, named
/// as serde names it, defaults kept; strings as they are, other values as JSV, a list without
/// its outer brackets (an empty list as an empty field); [`QueryParams`] entries as fields of
/// their own.
pub(crate) fn form_fields<R: ServiceStackRequest>(
    request: &R,
) -> Result<Vec<(String, String)>, UrlError> {
    let members = members::collect(request, R::TYPE_NAME)?;
    let mut fields = Vec::with_capacity(members.list.len());
    for member in members.list {
        match member.value {
            MemberValue::Null => {}
            MemberValue::Str(text) => fields.push((member.name.into_owned(), text)),
            MemberValue::Jsv { text, .. } => {
                let text = match text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                    Some(inner) => inner.to_owned(),
                    None => text,
                };
                fields.push((member.name.into_owned(), text));
            }
            MemberValue::QueryParams(entries) => fields.extend(entries),
        }
    }
    Ok(fields)
}

/// A route filled from the DTO.
struct FilledRoute {
    template: &'static str,
    path: String,
    /// The variable names as the template writes them (without `*`), for the ambiguity
    /// check.
    variables: Vec<&'static str>,
    /// Members consumed by the path (left out of the query string), as indices into
    /// [`Members::list`].
    used_members: Vec<usize>,
}

/// The `{Name}` / `{Name*}` components of a template (between `/` or `.`).
fn route_variables(template: &str) -> impl Iterator<Item = &str> {
    template.split(['/', '.']).filter_map(|component| {
        let inner = component.strip_prefix('{')?.strip_suffix('}')?;
        (!inner.is_empty() && !inner.contains(['{', '}'])).then_some(inner)
    })
}

fn fill_route<'m, R: ServiceStackRequest>(
    route: &Route,
    members: &'m Members,
    request: &R,
    type_name: &str,
) -> Result<FilledRoute, String> {
    // Each variable's text before percent-encoding, by the `{inner}` it replaces.
    let mut values: Vec<(&'static str, Cow<'m, str>)> = Vec::new();
    let mut variables = Vec::new();
    let mut used_members = Vec::new();
    let mut unmatched = Vec::new();
    for inner in route_variables(route.path) {
        let (name, wildcard) = match inner.strip_suffix('*') {
            Some(name) => (name, true),
            None => (inner, false),
        };
        let value = match members.find(name) {
            Some(index) => {
                used_members.push(index);
                match &members.list[index].value {
                    MemberValue::Null if wildcard => Some(Cow::Borrowed("")),
                    MemberValue::Null | MemberValue::QueryParams(_) => None,
                    MemberValue::Str(text) => Some(Cow::Borrowed(text.as_str())),
                    MemberValue::Jsv { text, .. } => {
                        Some(Cow::Borrowed(text.trim_matches(['[', ']'])))
                    }
                }
            }
            None => match request.path_variable(name) {
                Some(text) => Some(Cow::Owned(text)),
                None => {
                    return Err(format!(
                        "Variable '{name}' does not match any property of '{type_name}'."
                    ));
                }
            },
        };
        match value {
            Some(value) => values.push((inner, value)),
            None => unmatched.push(name),
        }
        variables.push(name);
    }
    if !unmatched.is_empty() {
        return Err(format!(
            "Could not match following variables: {}",
            unmatched.join(",")
        ));
    }
    Ok(FilledRoute {
        template: route.path,
        path: substitute(route.path, &values),
        variables,
        used_members,
    })
}

/// `template` with every `{inner}` of `values` replaced by its value, percent-encoded;
/// other text (and braces that name no variable) as it is.
fn substitute(template: &str, values: &[(&str, Cow<'_, str>)]) -> String {
    let mut path = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let inner = &after[..close];
            let (_, value) = values.iter().find(|(name, _)| *name == inner)?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                push_escaped(&mut path, value);
                rest = &after[close + 1..];
            }
            None => {
                path.push('{');
                rest = after;
            }
        }
    }
    path.push_str(rest);
    path
}

/// The variable names lowercased and sorted: two routes with the same set are not
/// ambiguous.
fn variable_set(route: &FilledRoute) -> Vec<String> {
    let mut set: Vec<String> = route
        .variables
        .iter()
        .map(|name| name.to_ascii_lowercase())
        .collect();
    set.sort();
    set
}

fn choose(
    mut matches: Vec<FilledRoute>,
    type_name: &'static str,
    reasons: Vec<(&'static str, String)>,
) -> Result<FilledRoute, UrlError> {
    let Some(most) = matches.iter().map(|m| m.variables.len()).max() else {
        return Err(UrlError::NoMatchingRoute { type_name, reasons });
    };
    matches.retain(|m| m.variables.len() == most);
    if matches.len() > 1 {
        let first = variable_set(&matches[0]);
        if matches[1..].iter().any(|m| variable_set(m) != first) {
            return Err(UrlError::AmbiguousRoutes {
                type_name,
                routes: matches.iter().map(|m| m.template).collect(),
            });
        }
    }
    // Stable: the first of the shortest templates.
    let best = (0..matches.len())
        .min_by_key(|&i| matches[i].template.len())
        .unwrap_or(0);
    Ok(matches.swap_remove(best))
}

/// The query string of the members not in `used` (indices into [`Members::list`]), written
/// into one buffer: the members in serde's order, then the [`QueryParams`] entries.
fn query_string(members: &Members, used: &[usize], key_case: KeyCase) -> String {
    // Room for the usual short query plus `&format=jsv`, appended by the negotiation.
    let mut query = String::with_capacity(64);
    let is_used = |member: &members::Member| {
        used.iter()
            .any(|&index| members.list[index].name == member.name)
    };
    let mut has_params = false;
    for member in &members.list {
        if is_used(member) {
            continue;
        }
        let value = match &member.value {
            MemberValue::Null
            | MemberValue::Jsv {
                is_default: true, ..
            } => continue,
            MemberValue::Str(text) => text.as_str(),
            MemberValue::Jsv { text, .. } if text == "[]" => text.as_str(),
            MemberValue::Jsv { text, .. } => text.trim_matches(['[', ']']),
            MemberValue::QueryParams(_) => {
                has_params = true;
                continue;
            }
        };
        if !query.is_empty() {
            query.push('&');
        }
        match key_case {
            KeyCase::Camel => push_camel_case(&mut query, &member.name),
            KeyCase::Snake => query.push_str(&to_snake_case(&member.name)),
        }
        query.push('=');
        push_escaped(&mut query, value);
    }
    if has_params {
        for member in &members.list {
            if let MemberValue::QueryParams(entries) = &member.value {
                if is_used(member) {
                    continue;
                }
                for (key, value) in entries {
                    if !query.is_empty() {
                        query.push('&');
                    }
                    query.push_str(key);
                    query.push('=');
                    push_escaped(&mut query, value);
                }
            }
        }
    }
    query
}

/// Appends `text` percent-encoded as .NET's `Uri.EscapeDataString` does: UTF-8, every byte
/// but `A-Z a-z 0-9 - _ . ~` as `%XX` with uppercase hex.
fn push_escaped(out: &mut String, text: &str) {
    // Ids and names are usually unreserved throughout: copied whole, without the encoder.
    let unreserved = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~');
    if text.as_bytes().iter().all(unreserved) {
        out.push_str(text);
        return;
    }
    for chunk in utf8_percent_encode(text, DATA_STRING) {
        out.push_str(chunk);
    }
}

/// Percent-encodes `text` as .NET's `Uri.EscapeDataString`: UTF-8, every byte but
/// `A-Z a-z 0-9 - _ . ~` as `%XX` with uppercase hex.
#[cfg(test)]
fn escape_data_string(text: &str) -> String {
    utf8_percent_encode(text, DATA_STRING).to_string()
}

/// ServiceStack's `ToCamelCase`: lowercases the leading run of capitals (`Id` → `id`,
/// `OptColor` → `optColor`, `IDCard` → `idCard`, `ID` → `id`).
pub(crate) fn to_camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    push_camel_case(&mut out, name);
    out
}

/// Appends [`to_camel_case`]`(name)` to `out`.
fn push_camel_case(out: &mut String, name: &str) {
    // Only a leading run of capitals changes; a name that starts otherwise is kept.
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        out.push_str(name);
        return;
    }
    let mut chars = name.chars().peekable();
    let mut leading = true;
    let mut first = true;
    while let Some(c) = chars.next() {
        // Past the end counts as a capital, so a trailing capital is lowered (`ID` → `id`).
        let next_upper = chars.peek().is_none_or(|n| n.is_ascii_uppercase());
        if leading && c.is_ascii_uppercase() && (next_upper || first) {
            out.push(c.to_ascii_lowercase());
        } else {
            leading = false;
            out.push(c);
        }
        first = false;
    }
}

/// ServiceStack's `ToLowercaseUnderscore` (`OptColor` → `opt_color`).
pub(crate) fn to_snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in to_camel_case(name).chars() {
        if c.is_ascii_digit() || c.is_lowercase() || c == '_' {
            out.push(c);
        } else {
            out.push('_');
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_matches_servicestack() {
        for (name, camel) in [
            ("Id", "id"),
            ("ID", "id"),
            ("OptColor", "optColor"),
            ("", ""),
            ("URLPath", "urlPath"),
            ("already", "already"),
        ] {
            assert_eq!(to_camel_case(name), camel, "{name}");
        }
    }

    #[test]
    fn escaping_and_casing_match_dotnet() {
        let escaped = |text| {
            let mut out = String::new();
            push_escaped(&mut out, text);
            out
        };
        assert_eq!(escaped("aZ09-_.~"), "aZ09-_.~");
        assert_eq!(escaped("a/b é"), "a%2Fb%20%C3%A9");
        assert_eq!(
            escape_data_string("a b&c=d?e#f ~!"),
            "a%20b%26c%3Dd%3Fe%23f%20~%21"
        );
        assert_eq!(to_camel_case("IDCard"), "idCard");
        assert_eq!(to_camel_case("q"), "q");
        assert_eq!(to_snake_case("OptColor"), "opt_color");
        assert_eq!(to_snake_case("text"), "text");
    }

    #[test]
    fn variables_are_whole_components() {
        let vars: Vec<&str> = route_variables("/items/{Id}.{Format}/x{y}/{Path*}").collect();
        assert_eq!(vars, ["Id", "Format", "Path*"]);
    }
}
