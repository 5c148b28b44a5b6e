//! Request DTOs: the Rust side of ServiceStack's `IReturn<T>` and `[Route]`.
//!
//! A request DTO is a serde-serializable struct that knows its response type, the HTTP method
//! it is sent with, and the route templates it can be sent to. The client in
//! `serde_jsv::client` (feature `client`) builds URLs from these exactly as ServiceStack's
//! .NET clients do.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::request::{Method, Route, ServiceStackRequest};
//!
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct GetCustomer {
//!     id: String,
//!     include_orders: bool,
//! }
//!
//! #[derive(Deserialize)]
//! struct Customer {
//!     name: String,
//! }
//!
//! impl ServiceStackRequest for GetCustomer {
//!     type Response = Customer;
//!     const TYPE_NAME: &'static str = "GetCustomer";
//!     const METHOD: Method = Method::Get;
//!     const ROUTES: &'static [Route] = &[Route::new("/customers/{id}", &[Method::Get])];
//! }
//!
//! assert_eq!(GetCustomer::ROUTES[0].path, "/customers/{id}");
//! ```
//!
//! Route variables are filled from the DTO's members, matched by name case-insensitively
//! (as ServiceStack does). When a route names a variable that no member carries, the DTO
//! supplies it by overriding [`ServiceStackRequest::path_variable`]; see that method.

use serde::Serialize;
use serde::de::DeserializeOwned;

/// An HTTP method a request DTO can be sent with.
///
/// `#[non_exhaustive]`: ServiceStack routes may name other verbs (`HEAD`, `OPTIONS`), which a
/// later version may add, so a `match` outside this crate needs a wildcard arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: members go to the route and the query string.
    Get,
    /// `POST`: members go to the route and the body.
    Post,
    /// `PUT`: members go to the route and the body.
    Put,
    /// `PATCH`: members go to the route and the body.
    Patch,
    /// `DELETE`: members go to the route and the query string.
    Delete,
}

impl Method {
    /// The method's name as it appears on the wire (`"GET"`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// Whether requests with this method carry the DTO in a body (POST, PUT, PATCH) rather
    /// than in the query string (GET, DELETE).
    pub const fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One `[Route(path, verbs)]` of a request DTO. Build it with the `const` [`Route::new`].
///
/// `#[non_exhaustive]`: ServiceStack's `[Route]` also carries `Summary` and `Notes`, which a
/// later version may add, so code outside this crate builds a route with `Route::new` and
/// reads its fields by name.
///
/// ```
/// use serde_jsv::request::{Method, Route};
///
/// const ROUTE: Route = Route::new("/sessions/{sessionId}", &[Method::Get]);
/// assert_eq!((ROUTE.path, ROUTE.verbs), ("/sessions/{sessionId}", &[Method::Get][..]));
/// ```
///
/// ```compile_fail,E0639
/// // Outside this crate a route is not a struct literal.
/// let route = serde_jsv::request::Route { path: "/sessions", verbs: &[] };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// The path template, with variables in braces: `/sessions/{sessionId}`. A variable may
    /// end in `*` (`/files/{Path*}`) to take the rest of the path.
    pub path: &'static str,
    /// The methods this route serves; empty means every method.
    pub verbs: &'static [Method],
}

impl Route {
    /// A route serving the given methods (an empty slice means every method).
    pub const fn new(path: &'static str, verbs: &'static [Method]) -> Route {
        Route { path, verbs }
    }

    /// Whether this route serves `method`.
    pub fn serves(&self, method: Method) -> bool {
        self.verbs.is_empty() || self.verbs.contains(&method)
    }
}

/// A ServiceStack request DTO: `IReturn<Response>` plus its `[Route]` attributes.
///
/// The DTO is serialized (with serde) for the body of POST/PUT/PATCH requests and for the
/// query string of GET/DELETE requests, so its serde attributes (`rename_all`,
/// `skip_serializing_if`, …) decide the member names on the wire.
pub trait ServiceStackRequest: Serialize {
    /// The response DTO the service answers with.
    type Response: DeserializeOwned;

    /// The C# type name, used by the routes that do not come from `[Route]`
    /// (`/json/reply/{TYPE_NAME}`, `/api/{TYPE_NAME}`).
    const TYPE_NAME: &'static str;

    /// The method `send` uses for this DTO.
    const METHOD: Method;

    /// The DTO's routes; empty when it has none (the client then uses a predefined route).
    const ROUTES: &'static [Route] = &[];

    /// The text for route variable `name` when no member of the DTO has that name.
    ///
    /// ServiceStack's .NET client rejects a route whose variable has no same-named member;
    /// we let the DTO fill it instead. The default returns `None`, which makes such a route
    /// unusable, as in .NET. The value is percent-encoded by the client, and a member used
    /// this way stays in the query string or body under its own name.
    ///
    /// `name` is the variable as the route spells it; compare it case-insensitively, as
    /// route variables are matched to members.
    ///
    /// ```
    /// use serde::Serialize;
    /// use serde_jsv::request::{Method, Route, ServiceStackRequest};
    ///
    /// #[derive(Serialize)]
    /// #[serde(rename_all = "camelCase")]
    /// struct RemoveTag {
    ///     item_id: String,
    ///     tag_to_remove: String,
    /// }
    ///
    /// impl ServiceStackRequest for RemoveTag {
    ///     type Response = ();
    ///     const TYPE_NAME: &'static str = "RemoveTag";
    ///     const METHOD: Method = Method::Delete;
    ///     const ROUTES: &'static [Route] = &[Route::new("/items/{itemId}/tags/{tag}", &[])];
    ///
    ///     // `{tag}` has no member of its own: fill it from `tagToRemove`.
    ///     fn path_variable(&self, name: &str) -> Option<String> {
    ///         name.eq_ignore_ascii_case("tag").then(|| self.tag_to_remove.clone())
    ///     }
    /// }
    ///
    /// let request = RemoveTag { item_id: "i1".into(), tag_to_remove: "urgent".into() };
    /// assert_eq!(request.path_variable("tag").as_deref(), Some("urgent"));
    /// assert_eq!(request.path_variable("itemId"), None);
    /// ```
    fn path_variable(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }
}
