//! The session request DTOs: invite a member, remove a member, patch a session.

use serde::{Deserialize, Serialize};

use super::{SessionCallState, SessionHoldReasons, SessionInfo, SessionQueueStates};
use crate::request::{Method, Route, ServiceStackRequest};

/// Adds a member to a chat session: `POST /sessions/{sessionId}/members`.
///
/// Requires authentication, role `User`. Answers with the updated [`SessionInfo`].
///
/// ```
/// use serde_jsv::evo_voice::InviteChatMember;
///
/// let invite = InviteChatMember::new("s1", "+15551234567");
/// assert_eq!(serde_jsv::to_string(&invite)?, "{sessionId:s1,memberToAdd:+15551234567}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct InviteChatMember {
    /// The ID of the session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub session_id: Option<String>,
    /// The member to add: a cell phone number or a user ID (email).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub member_to_add: Option<String>,
    /// The outbound caller ID to use.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub caller_id: Option<String>,
}

impl InviteChatMember {
    /// An invitation of `member` (a phone number or user ID) to session `session_id`, with
    /// the default caller ID.
    pub fn new(session_id: impl Into<String>, member: impl Into<String>) -> Self {
        InviteChatMember {
            session_id: Some(session_id.into()),
            member_to_add: Some(member.into()),
            caller_id: None,
        }
    }
}

impl ServiceStackRequest for InviteChatMember {
    type Response = SessionInfo;
    const TYPE_NAME: &'static str = "InviteChatMember";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] =
        &[Route::new("/sessions/{sessionId}/members", &[Method::Post])];
}

/// Removes a member from a chat session: `DELETE /sessions/{sessionId}/members/{memberId}`.
///
/// Requires authentication, role `User`. Answers with the updated [`SessionInfo`].
///
/// # How `{memberId}` is filled
///
/// The route names `{memberId}`, but the DTO has no such member: the service reads the
/// member from `memberToRemove`, which the API documents as a query parameter. ServiceStack's
/// .NET client would refuse the route. This DTO fills `{memberId}` with `memberToRemove`
/// (through [`ServiceStackRequest::path_variable`]), and `memberToRemove` is still sent in
/// the query string, so the server sees the member however it binds the request:
/// `DELETE /sessions/s1/members/agent%40example.com?memberToRemove=agent%40example.com`.
/// Without a `memberToRemove` the route cannot be filled.
///
/// ```
/// use serde_jsv::evo_voice::DeleteChatMember;
/// use serde_jsv::request::ServiceStackRequest;
///
/// let delete = DeleteChatMember::new("s1", "agent@example.com");
/// assert_eq!(delete.path_variable("memberId").as_deref(), Some("agent@example.com"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeleteChatMember {
    /// The ID of the session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub session_id: Option<String>,
    /// The member to remove: a cell phone number or a user ID (email). (The API's own
    /// description reads "The member to add", copied from [`InviteChatMember`].)
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub member_to_remove: Option<String>,
}

impl DeleteChatMember {
    /// A removal of `member` (a phone number or user ID) from session `session_id`.
    pub fn new(session_id: impl Into<String>, member: impl Into<String>) -> Self {
        DeleteChatMember {
            session_id: Some(session_id.into()),
            member_to_remove: Some(member.into()),
        }
    }
}

impl ServiceStackRequest for DeleteChatMember {
    type Response = SessionInfo;
    const TYPE_NAME: &'static str = "DeleteChatMember";
    const METHOD: Method = Method::Delete;
    const ROUTES: &'static [Route] = &[Route::new(
        "/sessions/{sessionId}/members/{memberId}",
        &[Method::Delete],
    )];

    /// `{memberId}` ← `memberToRemove` (see the type's docs).
    fn path_variable(&self, name: &str) -> Option<String> {
        if name.eq_ignore_ascii_case("memberId") {
            self.member_to_remove.clone()
        } else {
            None
        }
    }
}

/// Updates a session's console data, call state, hold reason or queue state:
/// `PATCH /sessions/{sessionId}`.
///
/// ServiceStack names an operation after its request DTO; this one is `PatchSession` (the
/// name of the metadata page the seed comes from, following the API's `Verb` + resource
/// naming: `HoldSession`, `DeleteChatMember`). Requires authentication. Answers with the
/// updated [`SessionInfo`]. Members left `None` are not sent, and so are left unchanged.
///
/// ```
/// use serde_jsv::evo_voice::{PatchSession, SessionCallState};
///
/// let patch = PatchSession {
///     call_state: Some(SessionCallState::Hold),
///     ..PatchSession::new("s1")
/// };
/// assert_eq!(serde_jsv::to_string(&patch)?, "{sessionId:s1,callState:Hold}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PatchSession {
    /// The ID of the session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub session_id: Option<String>,
    /// The new console data for the session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub console_data: Option<String>,
    /// The new call state (C# `SessionCallState?`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub call_state: Option<SessionCallState>,
    /// The new hold reason (C# `SessionHoldReasons?`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hold_reason: Option<SessionHoldReasons>,
    /// The new queue state (C# `SessionQueueStates?`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub queue_state: Option<SessionQueueStates>,
}

impl PatchSession {
    /// A patch of session `session_id` that changes nothing yet.
    pub fn new(session_id: impl Into<String>) -> Self {
        PatchSession {
            session_id: Some(session_id.into()),
            ..PatchSession::default()
        }
    }
}

impl ServiceStackRequest for PatchSession {
    type Response = SessionInfo;
    const TYPE_NAME: &'static str = "PatchSession";
    const METHOD: Method = Method::Patch;
    const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}", &[Method::Patch])];
}
