//! Serving JSV from [axum](https://docs.rs/axum) (feature `axum`): extractors, responses,
//! ServiceStack-shaped errors and routes, so that ServiceStack's own clients (.NET, TypeScript,
//! Python) call a Rust service without change.
//!
//! ```
//! use axum::{Router, routing::post};
//! use serde::{Deserialize, Serialize};
//! use serde_jsv::axum::{Jsv, Negotiate, Negotiated, ServiceStackError};
//!
//! #[derive(Deserialize)]
//! #[serde(rename_all = "camelCase")]
//! struct Hello { name: String }
//!
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct HelloResponse { result: String }
//!
//! // A JSV body in; JSV or JSON out, as the request asks.
//! async fn hello(
//!     format: Negotiate,
//!     Jsv(hello): Jsv<Hello>,
//! ) -> Result<Negotiated<HelloResponse>, ServiceStackError> {
//!     if hello.name.is_empty() {
//!         let error = ServiceStackError::validation("NotEmpty", "Name", "'Name' must not be empty.");
//!         return Err(error.format(format.0));
//!     }
//!     Ok(format.respond(HelloResponse { result: format!("Hello, {}!", hello.name) }))
//! }
//!
//! let app: Router = Router::new().route("/hello", post(hello));
//! ```
//!
//! # The pieces
//!
//! | item | what it does |
//! |---|---|
//! | [`Jsv<T>`] | extractor: a JSV body (`Content-Type` checked, size limited); response: `T` as JSV |
//! | [`JsvQuery<T>`] | extractor: a DTO from the query string, by ServiceStack's rules ([`from_query_str`]) |
//! | [`Dto<T>`] | extractor: a DTO from body, query and path, as ServiceStack binds one |
//! | [`Negotiate`] / [`Negotiated<T>`] | the format the request asks for (`?format=`, route, `.jsv`/`.json` suffix, `Accept`) and a response in it |
//! | [`ServiceStackError`] | an `ErrorResponse` with a `ResponseStatus` (field errors included), status from the error kind |
//! | [`ServiceStackRouter`] | mounts a [`ServiceStackRequest`](crate::request::ServiceStackRequest) on its `ROUTES`, `/{format}/reply/{Name}`, `/api/{Name}` and their batch forms |
//!
//! # Rejections
//!
//! Each failure has its own type (see [`rejection`]), answered as a ServiceStack host answers:
//!
//! | failure | type | status | `ErrorCode` | `Message` |
//! |---|---|---|---|---|
//! | `Content-Type` not JSV | [`MissingJsvContentType`](rejection::MissingJsvContentType) | 415 | `NotSupportedException` | `ContentType not supported 'text/plain'` |
//! | body over the limit | [`PayloadTooLarge`](rejection::PayloadTooLarge) | 413 | `RequestEntityTooLarge` | `The request body could not be read: …` |
//! | body not readable | [`FailedToBufferBody`](rejection::FailedToBufferBody) | 400 | `SerializationException` | `The request body could not be read: …` |
//! | bad JSV or JSON | [`InvalidBody`](rejection::InvalidBody) | 400 | `SerializationException` | `Could not deserialize 'application/jsv' request using Hello'` + `\nError: JSV parse error at line L, column C: …`, and a field error naming the member |
//! | bad query value | [`InvalidQuery`](rejection::InvalidQuery) | 400 | `SerializationException` | `Unable to bind to request 'Hello'`, a field error `'x' is an Invalid value for 'page'` per member |
//!
//! The body is written in the format the request asked for ([`Format::of_request`]), its
//! member names in camelCase (`responseStatus`, `errorCode`, …) as a .NET Core ServiceStack
//! host writes them; add `axum::Extension(ErrorCase::Pascal)` as a layer for PascalCase.
//! The body limit is axum's: `axum::extract::DefaultBodyLimit` (2 MB unless changed).

mod error;
mod format;
mod jsv;
mod locate;
mod negotiated;
mod query;
pub mod rejection;
mod router;

pub use error::{ErrorCase, ServiceStackError};
pub use format::{Format, Negotiate};
pub use jsv::Jsv;
#[cfg(feature = "server")]
pub(crate) use jsv::decode_as;
pub use negotiated::Negotiated;
pub use query::{JsvQuery, from_query_str};
pub use router::{Dto, ServiceStackRouter, method_not_allowed, not_found};

#[cfg(test)]
mod tests;
