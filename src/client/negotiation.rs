//! How the client asks a ServiceStack server for JSV.
//!
//! ```
//! use serde::Serialize;
//! use serde_jsv::client::Negotiation;
//! use serde_jsv::client::url::KeyCase;
//! use serde_jsv::request::{Method, Route, ServiceStackRequest};
//!
//! #[derive(Serialize)]
//! struct GetSession { id: String }
//! impl ServiceStackRequest for GetSession {
//!     type Response = serde_jsv::Value;
//!     const TYPE_NAME: &'static str = "GetSession";
//!     const METHOD: Method = Method::Get;
//!     const ROUTES: &'static [Route] = &[Route::new("/sessions/{id}", &[])];
//! }
//! #[derive(Serialize)]
//! struct Ping {}
//! impl ServiceStackRequest for Ping {
//!     type Response = serde_jsv::Value;
//!     const TYPE_NAME: &'static str = "Ping";
//!     const METHOD: Method = Method::Post;
//! }
//!
//! let get = GetSession { id: "s1".into() };
//! let path = |n: Negotiation| n.request_path(&get, Method::Get, KeyCase::Camel).unwrap().to_string();
//! assert_eq!(path(Negotiation::Auto), "/sessions/s1?format=jsv");
//! assert_eq!(path(Negotiation::AcceptHeader), "/sessions/s1");
//! assert_eq!(path(Negotiation::Suffix), "/sessions/s1.jsv");
//! assert_eq!(path(Negotiation::ReplyRoute), "/jsv/reply/GetSession?id=s1");
//!
//! // A DTO without routes goes to the JSV predefined route.
//! let ping = Negotiation::Auto.request_path(&Ping {}, Method::Post, KeyCase::Camel).unwrap();
//! assert_eq!(ping.to_string(), "/jsv/reply/Ping");
//! ```
//!
//! Why the default is [`Negotiation::Auto`] (`docs/format.md` §12 and §17): ServiceStack picks the
//! response format from, in order, `?format=`, the predefined-route prefix
//! (`/jsv/reply/…`), a `.jsv` suffix on user routes, then the `Accept` header. The header
//! is the weakest signal: `Accept: text/jsv` alone is not recognised (only
//! `application/jsv`), ASP.NET Core hosts match only the first entry of the header line,
//! and the `/api/{Name}` route ignores it. `?format=jsv` works on every route, and the
//! `/jsv/reply/{Name}` route both answers JSV and reads JSV request bodies (the generic
//! `/api/{Name}` and `/json/reply/{Name}` routes parse bodies as JSON whatever the
//! `Content-Type`). So `Auto` sends `Accept: application/jsv, text/jsv` on every request,
//! adds `format=jsv` to user routes, and sends DTOs without routes to `/jsv/reply/{Name}`.
//!
//! Whatever the strategy, the client decodes the response by its `Content-Type`, so a
//! server that answers JSON anyway (errors raised before content negotiation, hosts with
//! JSV switched off) is still understood.

use crate::client::url::{self, Fallback, KeyCase, RequestPath, UrlError, UrlOptions};
use crate::request::{Method, ServiceStackRequest};

/// The `Accept` header sent by every strategy: `application/jsv` first (the only JSV type
/// ServiceStack's header matching recognises), `text/jsv` for hosts that advertise it.
pub const ACCEPT_JSV: &str = "application/jsv, text/jsv";

/// The canonical JSV media type, the default request-body `Content-Type`.
pub const APPLICATION_JSV: &str = "application/jsv";

/// How requests ask for a JSV response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Negotiation {
    /// The `Accept` header, plus `format=jsv` in the query string of user routes (left out
    /// when the DTO has a member named `format`, which the parameter would overwrite);
    /// DTOs without routes go to `/jsv/reply/{Name}`. Gets JSV from any ServiceStack host
    /// that has JSV enabled.
    #[default]
    Auto,
    /// Only the `Accept` header: user-route URLs exactly as .NET builds them. DTOs without
    /// routes go to `/jsv/reply/{Name}`.
    AcceptHeader,
    /// The `Accept` header and `format=jsv` on every user route.
    FormatParam,
    /// A `.jsv` suffix on user routes (`/customers/1.jsv`, needs the host's default
    /// `AllowRouteContentTypeExtensions`); DTOs without routes go to `/api/{Name}.jsv`.
    Suffix,
    /// Every request to `/jsv/reply/{Name}`, ignoring the DTO's routes.
    ReplyRoute,
}

impl Negotiation {
    /// The route used for DTOs without routes.
    pub fn fallback(self) -> Fallback {
        match self {
            Negotiation::Suffix => Fallback::ApiJsv,
            _ => Fallback::JsvReply,
        }
    }

    /// The path and query string for `request` sent with `method` under this strategy.
    pub fn request_path<R: ServiceStackRequest>(
        self,
        request: &R,
        method: Method,
        key_case: KeyCase,
    ) -> Result<RequestPath, UrlError> {
        let options = UrlOptions::new()
            .fallback(self.fallback())
            .key_case(key_case);
        let routes = match self {
            Negotiation::ReplyRoute => &[],
            _ => R::ROUTES,
        };
        let mut path = url::resolve_with_routes(request, method, &options, routes)?;
        if path.route.is_some() {
            match self {
                Negotiation::Auto if !path.has_format_member() => path.append_query("format=jsv"),
                Negotiation::FormatParam => path.append_query("format=jsv"),
                Negotiation::Suffix => path.path.push_str(".jsv"),
                _ => {}
            }
        }
        Ok(path)
    }
}
