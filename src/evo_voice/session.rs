//! `SessionInfo` and the small records it holds.

use serde::{Deserialize, Serialize};

use super::{
    EntityInfo, FlowChannels, SessionCallState, SessionDialState, SessionDirections,
    SessionHoldReasons, SessionMemberInfo, SessionQueueStates,
};

/// A session: one call, chat or fax, with its members and log (the C# class `SessionInfo`,
/// derived from [`EntityInfo`]).
///
/// Members are declared in the order a ServiceStack server writes them: the class's own
/// first, in C# declaration order, then the five `EntityInfo` members (`id`, `dateCreated`,
/// `dateLastModified`, `createdBy`, `lastModifiedBy`). They are repeated here rather than
/// flattened, so that [`serde_jsv::to_string`](crate::to_string) writes exactly what the
/// server writes and PascalCase names (`DialState`) still match on read.
///
/// Strings and lists are `None` when the server sends no value (JSV omits nulls); enums and
/// bools are always present and default to their first variant and `false`.
///
/// ```
/// use serde_jsv::evo_voice::{SessionCallState, SessionInfo};
///
/// let session = SessionInfo {
///     call_state: SessionCallState::Ringing,
///     id: Some("s1".into()),
///     ..SessionInfo::default()
/// };
/// let text = serde_jsv::to_string(&session)?;
/// assert_eq!(
///     text,
///     "{dialState:None,callState:Ringing,queueState:None,channel:Voice,ended:False,\
///      holdReason:None,direction:Incoming,wasMissed:False,id:s1}"
/// );
/// assert_eq!(serde_jsv::from_str::<SessionInfo>(&text)?, session);
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionInfo {
    /// The state of the session.
    pub dial_state: SessionDialState,
    /// The call state of the session.
    pub call_state: SessionCallState,
    /// The queue state of the session.
    pub queue_state: SessionQueueStates,
    /// The ID of the account associated with the flow.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_id: Option<String>,
    /// The name of the account associated with the session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub account_name: Option<String>,
    /// The ID of the customer this session is associated with.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub customer_id: Option<String>,
    /// The customer breadcrumb this session is associated with.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub customer_breadcrumb: Option<Vec<CustomerBreadcrumb>>,
    /// The name of the customer this session is associated with.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub customer_name: Option<String>,
    /// The ID of the endpoint associated with this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub endpoint_id: Option<String>,
    /// The name of the endpoint associated with this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub endpoint_name: Option<String>,
    /// The date the call completed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_completed: Option<String>,
    /// The destination of the session (e.g. what was entered into the Dial box).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub destination: Option<String>,
    /// The to address, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub to_address: Option<String>,
    /// The from address, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from_address: Option<String>,
    /// The from name, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from_name: Option<String>,
    /// The name of whoever answered, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub answered_by_name: Option<String>,
    /// The ID of the queue member assigned to this call.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub queue_member_id: Option<String>,
    /// The flow channel.
    pub channel: FlowChannels,
    /// Whether the session has ended.
    pub ended: bool,
    /// The outcome of the call.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outcome: Option<String>,
    /// The Twilio Call SID of this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub call_sid: Option<String>,
    /// Any console data for this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub console_data: Option<String>,
    /// The name of the hold queue for this call.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hold_queue_name: Option<String>,
    /// The ID of the user who put this call on hold.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub held_by_user_id: Option<String>,
    /// The reason for the hold.
    pub hold_reason: SessionHoldReasons,
    /// The SID of the conference, if in a conference call.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub conference_sid: Option<String>,
    /// The display name for this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// The log entries for this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub log: Option<Vec<SessionLogInfo>>,
    /// The members of this session.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub members: Option<Vec<SessionMemberInfo>>,
    /// The callback number (typically used for SIP to User calls).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub callback_number: Option<String>,
    /// The ID of the endpoint that answered.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub answered_by_id: Option<String>,
    /// Whether this session is incoming or outgoing.
    pub direction: SessionDirections,
    /// The phone number that this session is coming from (used with SMS chats).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from_phone_number: Option<String>,
    /// The Call SID of the most recently added conference participant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub most_recent_participant_call_sid: Option<String>,
    /// Whether this session was missed.
    pub was_missed: bool,
    /// The ring queue that the call is currently in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ring_queue_id: Option<String>,
    /// The ID of the object (from `EntityInfo`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// The date the object was created (from `EntityInfo`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_created: Option<String>,
    /// The date the object was last modified (from `EntityInfo`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_last_modified: Option<String>,
    /// The user that created this object (from `EntityInfo`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_by: Option<String>,
    /// The user that last modified this object (from `EntityInfo`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_modified_by: Option<String>,
}

impl SessionInfo {
    /// The `EntityInfo` members of this session.
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

/// One step of the path from the top-level customer down to the customer a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerBreadcrumb {
    /// The ID of the customer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// The name of the customer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub name: Option<String>,
}

/// One entry of a session's log.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionLogInfo {
    /// When the entry was written, as the server formats it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<String>,
    /// The text of the entry.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
}
