//! `SessionMemberInfo`: one participant of a session.

use indexmap::IndexMap;
use serde::{Deserialize, Deserializer, Serialize};

use super::{SessionMemberCallState, SessionMemberRoles};

/// One participant of a session: a caller, an agent or a transfer target.
///
/// The API documents none of these members; the notes below say what the names and the
/// samples show.
///
/// ```
/// use serde_jsv::evo_voice::{SessionMemberInfo, SessionMemberRoles};
///
/// let member: SessionMemberInfo = serde_jsv::from_str(
///     "{identity:agent@example.com,applicationData:{team:support},role:Agent,muted:True}",
/// )?;
/// assert_eq!(member.role, SessionMemberRoles::Agent);
/// assert_eq!(member.application_data.unwrap()["team"], "support");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionMemberInfo {
    /// Who the member is: a user ID (email) or a phone number.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub identity: Option<String>,
    /// The ID of the endpoint the member is on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub endpoint_id: Option<String>,
    /// The name shown for the member.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub display_name: Option<String>,
    /// Whether the member was in the session from its start.
    pub is_original_member: bool,
    /// The URL of the member's avatar image.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub avatar_url: Option<String>,
    /// Free-form data attached to the member (a C# `Dictionary<string, string>`; its keys
    /// are data and are never re-cased). Insertion order is kept, as .NET keeps it.
    ///
    /// ServiceStack never writes an entry whose value is null (R16), so values are plain
    /// strings; an entry that arrives null anyway (`{k:}`, JSON `"k":null`) is dropped on
    /// read, which is what writing it would do.
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "without_null_values"
    )]
    pub application_data: Option<IndexMap<String, String>>,
    /// The state of the member's call.
    pub call_state: SessionMemberCallState,
    /// The member's role in the session.
    pub role: SessionMemberRoles,
    /// The Twilio Call SID of the member's call.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub call_sid: Option<String>,
    /// Whether the member is muted.
    pub muted: bool,
}

/// Reads a map whose values may be null, dropping the null entries.
fn without_null_values<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<IndexMap<String, String>>, D::Error> {
    let map = Option::<IndexMap<String, Option<String>>>::deserialize(deserializer)?;
    Ok(map.map(|map| {
        map.into_iter()
            .filter_map(|(key, value)| Some((key, value?)))
            .collect()
    }))
}
