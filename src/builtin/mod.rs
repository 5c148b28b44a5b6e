//! ServiceStack's built-in DTOs: sign-in, access tokens, AutoQuery and the small responses.
//!
//! Every ServiceStack host serves these types (they live in ServiceStack's own assemblies),
//! so API metadata references them without declaring them. They are written here as a
//! ServiceStack server writes them under camelCase: members in `[DataMember(Order)]` order,
//! null members left out, value types (`offset`, `total`) always present. Reading accepts
//! PascalCase too (JSV member names match case-insensitively).
//!
//! ```
//! use serde_jsv::builtin::{Authenticate, AuthenticateResponse};
//! use serde_jsv::request::ServiceStackRequest;
//!
//! let sign_in = Authenticate::credentials("agent@example.com", "p@ss word");
//! assert_eq!(
//!     serde_jsv::to_string(&sign_in)?,
//!     "{provider:credentials,userName:agent@example.com,password:p@ss word}"
//! );
//! // `Debug` keeps secrets out of logs.
//! assert!(!format!("{sign_in:?}").contains("p@ss"));
//! assert_eq!(Authenticate::ROUTES[1].path, "/auth/{provider}");
//!
//! let answer: AuthenticateResponse =
//!     serde_jsv::from_str("{userId:1,sessionId:s9,userName:agent,bearerToken:eyJ0,refreshToken:r1}")?;
//! assert_eq!(answer.bearer_token.as_deref(), Some("eyJ0"));
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! AutoQuery requests are ordinary request DTOs carrying [`QueryBase`]'s members and
//! answering [`QueryResponse<T>`]; see [`QueryDb`] for the two ways to write one.
//!
//! | ServiceStack | here |
//! |---|---|
//! | `Authenticate`, `AuthenticateResponse` | [`Authenticate`], [`AuthenticateResponse`] |
//! | `GetAccessToken`, `GetAccessTokenResponse` | [`GetAccessToken`], [`GetAccessTokenResponse`] |
//! | `QueryBase`, `QueryDb<T>`, `QueryResponse<T>` | [`QueryBase`], [`QueryDb`], [`QueryResponse`] |
//! | `IdResponse`, `EmptyResponse` | [`IdResponse`], [`EmptyResponse`] |
//! | `ResponseStatus`, `ResponseError` | [`ResponseStatus`], [`ResponseError`] (from [`crate::response`]) |

mod auth;
mod lenient;
mod query;
mod responses;

pub use self::auth::{Authenticate, AuthenticateResponse, GetAccessToken, GetAccessTokenResponse};
pub use self::query::{QueryBase, QueryDb, QueryResponse};
pub use self::responses::{EmptyResponse, IdResponse};
pub use crate::response::{Meta, ResponseError, ResponseStatus};
