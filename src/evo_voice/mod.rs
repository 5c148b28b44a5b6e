//! The Evo Voice session API: models and request DTOs (feature `evo-voice`).
//!
//! Types for the session operations of the Evo Voice ServiceStack API, camelCase on the
//! wire, with members in the order the server writes them, so that writing a value gives
//! the server's bytes and reading takes the server's text, compact or indented.
//!
//! ```
//! use serde_jsv::evo_voice::{SessionCallState, SessionInfo, SessionMemberRoles};
//!
//! let text = "{dialState:None,callState:Connected,queueState:None,displayName:\"Doe, Jane\",\
//!             members:[{identity:agent@example.com,isOriginalMember:True,callState:Connected,\
//!             role:Agent,muted:False}],channel:Voice,ended:False,holdReason:None,\
//!             direction:Incoming,wasMissed:False,id:s1}";
//! let session: SessionInfo = serde_jsv::from_str(text)?;
//! assert_eq!(session.call_state, SessionCallState::Connected);
//! assert_eq!(session.display_name.as_deref(), Some("Doe, Jane"));
//! assert_eq!(session.members.as_ref().unwrap()[0].role, SessionMemberRoles::Agent);
//! assert_eq!(session.id.as_deref(), Some("s1"));
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! * Models: [`SessionInfo`] (with its [`EntityInfo`] members last), [`SessionMemberInfo`],
//!   [`CustomerBreadcrumb`], [`SessionLogInfo`] and the enums.
//! * Request DTOs: [`InviteChatMember`], [`DeleteChatMember`], [`PatchSession`]; each
//!   implements [`ServiceStackRequest`](crate::request::ServiceStackRequest) and answers
//!   with a [`SessionInfo`].
//!
//! Nullability follows the C# DTOs: strings, lists and maps are `Option` and omitted when
//! `None`; enums and bools are always written and default to their first variant and
//! `false`. Member names also match case-insensitively on read, so a server writing
//! PascalCase (`DialState:None`) reads into the same types.
//!
//! # Forward compatibility
//!
//! A newer server may add members or enum values. Members this crate does not know are
//! skipped by the deserializer. Every enum has an `Unknown(String)` variant that keeps a
//! name it does not know, and writes it back unchanged:
//!
//! ```
//! use serde_jsv::evo_voice::{FlowChannels, SessionInfo};
//!
//! let session: SessionInfo = serde_jsv::from_str("{channel:Video,recording:{url:x},id:s1}")?;
//! assert_eq!(session.channel, FlowChannels::Unknown("Video".into()));
//! assert!(serde_jsv::to_string(&session)?.contains(",channel:Video,"));
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! The enums are `#[non_exhaustive]`: a later version of this crate may turn an `Unknown`
//! name into a known variant. An `Unknown` that no reader would take back as a name (empty,
//! or starting with `{` or `[`; such text is refused on read too) is a serialization error
//! rather than text that loses the value later.
//!
//! # Declaring your own request DTO
//!
//! The API has many more operations than the ones here. A DTO for any of them is a serde
//! struct plus an implementation of
//! [`ServiceStackRequest`](crate::request::ServiceStackRequest), copied from the operation's
//! metadata page (its name, its route and its return type):
//!
//! ```
//! use serde::Serialize;
//! use serde_jsv::evo_voice::{SessionHoldReasons, SessionInfo};
//! use serde_jsv::request::{Method, Route, ServiceStackRequest};
//!
//! /// Hold the specified session.
//! #[derive(Serialize)]
//! #[serde(rename_all = "camelCase")]
//! struct HoldSession {
//!     session_id: String,
//!     #[serde(skip_serializing_if = "Option::is_none")]
//!     call_sid: Option<String>,
//!     reason: SessionHoldReasons,
//! }
//!
//! impl ServiceStackRequest for HoldSession {
//!     type Response = SessionInfo;
//!     const TYPE_NAME: &'static str = "HoldSession";
//!     const METHOD: Method = Method::Post;
//!     const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}/hold", &[Method::Post])];
//! }
//!
//! let hold = HoldSession { session_id: "s1".into(), call_sid: None, reason: SessionHoldReasons::Transferring };
//! assert_eq!(serde_jsv::to_string(&hold)?, "{sessionId:s1,reason:Transferring}");
//! assert!(HoldSession::ROUTES[0].serves(HoldSession::METHOD));
//! # Ok::<(), serde_jsv::Error>(())
//! ```
//!
//! When a route names a variable that no member carries, override
//! [`path_variable`](crate::request::ServiceStackRequest::path_variable), as
//! [`DeleteChatMember`] does for `{memberId}`.

mod entity;
mod enums;
mod member;
mod requests;
mod session;

pub use entity::EntityInfo;
pub use enums::{
    FlowChannels, SessionCallState, SessionDialState, SessionDirections, SessionHoldReasons,
    SessionMemberCallState, SessionMemberRoles, SessionQueueStates,
};
pub use member::SessionMemberInfo;
pub use requests::{DeleteChatMember, InviteChatMember, PatchSession};
pub use session::{CustomerBreadcrumb, SessionInfo, SessionLogInfo};
