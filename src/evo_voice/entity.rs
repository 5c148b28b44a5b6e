//! `EntityInfo`: the members every stored Evo Voice object carries.

use serde::{Deserialize, Serialize};

/// The members every stored Evo Voice object carries (the C# base class `EntityInfo`).
///
/// ServiceStack writes a derived class's own members first and these last, so types that
/// extend it ([`SessionInfo`](super::SessionInfo)) repeat these five fields at the end of
/// their own declaration instead of using `#[serde(flatten)]`, which would change the member
/// order and bypass the deserializer's case-insensitive member matching.
/// [`SessionInfo::entity_info`](super::SessionInfo::entity_info) gives them back as an
/// `EntityInfo`.
///
/// ```
/// use serde_jsv::evo_voice::EntityInfo;
///
/// let info: EntityInfo = serde_jsv::from_str("{id:s1,createdBy:ops@example.com}")?;
/// assert_eq!(info.id.as_deref(), Some("s1"));
/// assert_eq!(serde_jsv::to_string(&info)?, "{id:s1,createdBy:ops@example.com}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EntityInfo {
    /// The ID of the object.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub id: Option<String>,
    /// The date the object was created.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_created: Option<String>,
    /// The date the object was last modified.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date_last_modified: Option<String>,
    /// The user that created this object.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_by: Option<String>,
    /// The user that last modified this object.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_modified_by: Option<String>,
}
