//! The small responses: `IdResponse`, `EmptyResponse`.

use serde::{Deserialize, Serialize};

use crate::response::ResponseStatus;

/// ServiceStack's `EmptyResponse`: the answer of an operation with nothing to return but
/// room for an error.
///
/// ```
/// use serde_jsv::builtin::EmptyResponse;
///
/// assert_eq!(serde_jsv::to_string(&EmptyResponse::default())?, "{}");
/// let failed: EmptyResponse = serde_jsv::from_str("{responseStatus:{errorCode:Forbidden}}")?;
/// assert_eq!(failed.response_status.unwrap().error_code.as_deref(), Some("Forbidden"));
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmptyResponse {
    /// What went wrong, on failure.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::response::camel::serialize"
    )]
    pub response_status: Option<ResponseStatus>,
}

/// ServiceStack's `IdResponse`: the id of what an operation created or changed (AutoQuery
/// CRUD answers with it).
///
/// ```
/// use serde_jsv::builtin::IdResponse;
///
/// let created = IdResponse::new("s42");
/// assert_eq!(serde_jsv::to_string(&created)?, "{id:s42}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdResponse {
    /// The id, as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What went wrong, on failure.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::response::camel::serialize"
    )]
    pub response_status: Option<ResponseStatus>,
}

impl IdResponse {
    /// A response carrying `id`.
    pub fn new(id: impl Into<String>) -> IdResponse {
        IdResponse {
            id: Some(id.into()),
            response_status: None,
        }
    }
}
