//! What the metadata cannot say: constructors, the `EntityInfo` view of a session, and the
//! `{memberId}` route variable of `DeleteChatMember`.

use super::{DeleteChatMember, EntityInfo, InviteChatMember, PatchSession, SessionInfo};

impl InviteChatMember {
    /// An invitation of `member` (a phone number or user ID) to session `session_id`, with
    /// the default caller ID.
    ///
    /// ```
    /// use serde_jsv::evo_voice::InviteChatMember;
    ///
    /// let invite = InviteChatMember::new("s1", "+15551234567");
    /// assert_eq!(serde_jsv::to_string(&invite)?, "{sessionId:s1,memberToAdd:+15551234567}");
    /// # Ok::<(), serde_jsv::Error>(())
    /// ```
    pub fn new(session_id: impl Into<String>, member: impl Into<String>) -> Self {
        InviteChatMember {
            session_id: Some(session_id.into()),
            member_to_add: Some(member.into()),
            caller_id: None,
        }
    }
}

impl DeleteChatMember {
    /// A removal of `member` (a phone number or user ID) from session `session_id`.
    pub fn new(session_id: impl Into<String>, member: impl Into<String>) -> Self {
        DeleteChatMember {
            session_id: Some(session_id.into()),
            member_to_remove: Some(member.into()),
        }
    }

    /// Fills the route variable `{memberId}`, which no member carries.
    ///
    /// The route is `DELETE /sessions/{sessionId}/members/{memberId}`, but the service reads
    /// the member from `memberToRemove`, which the API documents as a query parameter.
    /// ServiceStack's .NET client would refuse the route. `{memberId}` is filled with
    /// `memberToRemove`, which is still sent in the query string, so the server sees the
    /// member however it binds the request:
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
    pub fn path_variable_by_hand(&self, name: &str) -> Option<String> {
        if name.eq_ignore_ascii_case("memberId") {
            self.member_to_remove.clone()
        } else {
            None
        }
    }
}

impl PatchSession {
    /// A patch of session `session_id` that changes nothing yet; members left `None` are not
    /// sent, and so are left unchanged.
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
    pub fn new(session_id: impl Into<String>) -> Self {
        PatchSession {
            session_id: Some(session_id.into()),
            ..PatchSession::default()
        }
    }
}

impl SessionInfo {
    /// The `EntityInfo` members of this session (ServiceStack writes them last, so they are
    /// repeated in `SessionInfo` rather than flattened).
    pub fn entity_info(&self) -> EntityInfo {
        EntityInfo {
            id: self.id.clone(),
            date_created: self.date_created.clone(),
            date_last_modified: self.date_last_modified.clone(),
            created_by: self.created_by.clone(),
            last_modified_by: self.last_modified_by.clone(),
        }
    }

    /// Replaces the `EntityInfo` members of this session.
    pub fn set_entity_info(&mut self, info: EntityInfo) {
        let EntityInfo {
            id,
            date_created,
            date_last_modified,
            created_by,
            last_modified_by,
        } = info;
        self.id = id;
        self.date_created = date_created;
        self.date_last_modified = date_last_modified;
        self.created_by = created_by;
        self.last_modified_by = last_modified_by;
    }
}
