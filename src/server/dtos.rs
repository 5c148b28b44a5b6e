//! The two operations the seed does not define but a session server needs: create a session
//! and read one back.
//!
//! The Evo Voice API documents only invite, remove and patch for sessions; these DTOs follow
//! the same conventions (camelCase members, `None` omitted, a [`SessionInfo`] answer) so that
//! the client sends them like any other request DTO.

use serde::{Deserialize, Serialize};

use crate::evo_voice::{FlowChannels, SessionDirections, SessionInfo};
use crate::request::{Method, Route, ServiceStackRequest};

/// Creates a session: `POST /sessions`. Answers with the new [`SessionInfo`], whose `id` the
/// other operations take.
///
/// ```
/// use serde_jsv::evo_voice::FlowChannels;
/// use serde_jsv::server::CreateSession;
///
/// let create = CreateSession { channel: Some(FlowChannels::Chat), ..CreateSession::new("Support chat") };
/// assert_eq!(serde_jsv::to_string(&create)?, "{displayName:Support chat,channel:Chat}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CreateSession {
    /// The display name of the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The ID of the account the session belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// The channel; `Voice` when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<FlowChannels>,
    /// The direction; `Incoming` when not given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direction: Option<SessionDirections>,
    /// What was dialled, if anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// The from address, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
}

impl CreateSession {
    /// A session named `display_name`, everything else left to the server.
    pub fn new(display_name: impl Into<String>) -> Self {
        CreateSession {
            display_name: Some(display_name.into()),
            ..CreateSession::default()
        }
    }
}

impl ServiceStackRequest for CreateSession {
    type Response = SessionInfo;
    const TYPE_NAME: &'static str = "CreateSession";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[Route::new("/sessions", &[Method::Post])];
}

/// Reads one session: `GET /sessions/{sessionId}`.
///
/// ```
/// use serde_jsv::server::GetSession;
///
/// assert_eq!(serde_jsv::to_string(&GetSession::new("session-1"))?, "{sessionId:session-1}");
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetSession {
    /// The ID of the session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl GetSession {
    /// A read of session `session_id`.
    pub fn new(session_id: impl Into<String>) -> Self {
        GetSession {
            session_id: Some(session_id.into()),
        }
    }
}

impl ServiceStackRequest for GetSession {
    type Response = SessionInfo;
    const TYPE_NAME: &'static str = "GetSession";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/sessions/{sessionId}", &[Method::Get])];
}
