//! The in-memory session store and the rules of each operation.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use indexmap::IndexMap;

use super::dtos::{CreateSession, GetSession};
use super::errors::{ApiError, FieldError};
use crate::evo_voice::{
    DeleteChatMember, InviteChatMember, PatchSession, SessionCallState, SessionDialState,
    SessionInfo, SessionLogInfo, SessionMemberCallState, SessionMemberInfo, SessionMemberRoles,
};

/// The sessions a server holds, shared by every request (and by the test that made it).
///
/// Cloning gives another handle on the same sessions. IDs are `session-1`, `session-2`, … in
/// creation order.
///
/// Every change a request makes to a session adds an entry to its `log`; a session keeps
/// the newest [`DEFAULT_LOG_LIMIT`](Self::DEFAULT_LOG_LIMIT) entries (or the limit given to
/// [`with_log_limit`](Self::with_log_limit)) and drops the oldest, so that a session under
/// long load holds a bounded log, as a feed of its most recent activity.
///
/// ```
/// use serde_jsv::evo_voice::SessionInfo;
/// use serde_jsv::server::SessionStore;
///
/// let store = SessionStore::new();
/// let id = store.insert(SessionInfo { display_name: Some("Seeded".into()), ..SessionInfo::default() });
/// assert_eq!(id, "session-1");
/// assert_eq!(store.get(&id).unwrap().display_name.as_deref(), Some("Seeded"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct SessionStore {
    inner: Arc<Mutex<Sessions>>,
}

#[derive(Debug)]
struct Sessions {
    by_id: IndexMap<String, SessionInfo>,
    created: u64,
    calls: u64,
    /// The most entries a session's log keeps.
    log_limit: usize,
}

impl Default for Sessions {
    fn default() -> Sessions {
        Sessions {
            by_id: IndexMap::new(),
            created: 0,
            calls: 0,
            log_limit: SessionStore::DEFAULT_LOG_LIMIT,
        }
    }
}

impl Sessions {
    fn next_id(&mut self) -> String {
        self.created += 1;
        format!("session-{}", self.created)
    }

    fn next_call_sid(&mut self) -> String {
        self.calls += 1;
        // Twilio Call SIDs are `CA` and 32 hex digits.
        format!("CA{:032x}", self.calls)
    }

    /// Session `id` and the log limit, to change it and log the change.
    fn session(&mut self, id: &str) -> Result<(&mut SessionInfo, usize), ApiError> {
        let limit = self.log_limit;
        self.by_id
            .get_mut(id)
            .map(|session| (session, limit))
            .ok_or_else(|| ApiError::not_found(format!("Session '{id}' not found")))
    }
}

impl SessionStore {
    /// How many log entries a session keeps unless told otherwise: the newest 1,000.
    pub const DEFAULT_LOG_LIMIT: usize = 1_000;

    /// An empty store.
    pub fn new() -> SessionStore {
        SessionStore::default()
    }

    /// An empty store whose sessions keep the newest `limit` log entries (0 keeps none):
    /// adding an entry to a full log drops the oldest one.
    ///
    /// ```
    /// use serde_jsv::server::{SessionServer, SessionStore};
    ///
    /// // A server whose sessions keep their 50 most recent log entries.
    /// let store = SessionStore::with_log_limit(50);
    /// let server = SessionServer::new().with_store(store.clone());
    /// assert_eq!(server.store().log_limit(), 50);
    /// ```
    pub fn with_log_limit(limit: usize) -> SessionStore {
        let store = SessionStore::default();
        store.lock().log_limit = limit;
        store
    }

    /// The most log entries a session keeps.
    pub fn log_limit(&self) -> usize {
        self.lock().log_limit
    }

    /// Adds a session as given (a test fixture, say), and returns its ID: the session's own
    /// `id` if it has one, else a new one written into it.
    pub fn insert(&self, mut session: SessionInfo) -> String {
        let mut sessions = self.lock();
        let id = match session.id.clone() {
            Some(id) => id,
            None => sessions.next_id(),
        };
        session.id = Some(id.clone());
        sessions.by_id.insert(id.clone(), session);
        id
    }

    /// A copy of session `id`.
    pub fn get(&self, id: &str) -> Option<SessionInfo> {
        self.lock().by_id.get(id).cloned()
    }

    /// The IDs of every session, in creation order.
    pub fn ids(&self) -> Vec<String> {
        self.lock().by_id.keys().cloned().collect()
    }

    /// How many sessions there are.
    pub fn len(&self) -> usize {
        self.lock().by_id.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> MutexGuard<'_, Sessions> {
        // A handler that panicked mid-update leaves whole values behind; keep serving.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `CreateSession`: a new connected session with no members.
    pub(crate) fn create(
        &self,
        request: CreateSession,
        user: Option<&str>,
    ) -> Result<SessionInfo, ApiError> {
        let mut sessions = self.lock();
        let now = now_utc();
        let id = sessions.next_id();
        let mut log = Vec::new();
        push_log(
            &mut log,
            sessions.log_limit,
            &now,
            "Session created".to_owned(),
        );
        let session = SessionInfo {
            id: Some(id.clone()),
            dial_state: SessionDialState::Active,
            call_state: SessionCallState::Connected,
            display_name: request.display_name,
            account_id: request.account_id,
            channel: request.channel.unwrap_or_default(),
            direction: request.direction.unwrap_or_default(),
            destination: request.destination,
            from_address: request.from_address,
            members: Some(Vec::new()),
            log: Some(log),
            date_created: Some(now.clone()),
            date_last_modified: Some(now),
            created_by: user.map(str::to_owned),
            last_modified_by: user.map(str::to_owned),
            ..SessionInfo::default()
        };
        sessions.by_id.insert(id, session.clone());
        Ok(session)
    }

    /// `GetSession`.
    pub(crate) fn read(&self, request: GetSession) -> Result<SessionInfo, ApiError> {
        let id = required(request.session_id, "SessionId", "Session Id")?;
        self.lock().session(&id).map(|(session, _)| session.clone())
    }

    /// `InviteChatMember`: adds a ringing member; a user ID (email) joins as an agent, a
    /// phone number as a transfer target.
    pub(crate) fn invite(
        &self,
        request: InviteChatMember,
        user: Option<&str>,
    ) -> Result<SessionInfo, ApiError> {
        let (id, member) = match (
            required(request.session_id, "SessionId", "Session Id"),
            required(request.member_to_add, "MemberToAdd", "Member To Add"),
        ) {
            (Ok(id), Ok(member)) => (id, member),
            (id, member) => {
                let errors = [id.err(), member.err()]
                    .into_iter()
                    .flatten()
                    .flat_map(|err| err.errors)
                    .collect();
                return Err(ApiError::validation(errors));
            }
        };
        let mut sessions = self.lock();
        let call_sid = sessions.next_call_sid();
        let (session, log_limit) = sessions.session(&id)?;
        let members = session.members.get_or_insert_with(Vec::new);
        if members
            .iter()
            .any(|existing| existing.identity.as_deref() == Some(member.as_str()))
        {
            return Err(ApiError::new(
                axum::http::StatusCode::CONFLICT,
                "Conflict",
                format!("'{member}' is already a member of session '{id}'"),
            ));
        }
        let role = if member.contains('@') {
            SessionMemberRoles::Agent
        } else {
            SessionMemberRoles::Transfer
        };
        let application_data = request
            .caller_id
            .map(|caller_id| IndexMap::from([("callerId".to_owned(), caller_id)]));
        members.push(SessionMemberInfo {
            identity: Some(member.clone()),
            call_state: SessionMemberCallState::Ringing,
            role,
            application_data,
            call_sid: Some(call_sid.clone()),
            ..SessionMemberInfo::default()
        });
        session.most_recent_participant_call_sid = Some(call_sid);
        touch(session, log_limit, user, format!("Invited {member}"));
        Ok(session.clone())
    }

    /// `PatchSession`: sets the members that were sent, leaves the others.
    pub(crate) fn patch(
        &self,
        request: PatchSession,
        user: Option<&str>,
    ) -> Result<SessionInfo, ApiError> {
        let id = required(request.session_id, "SessionId", "Session Id")?;
        let mut errors = Vec::new();
        let mut check = |unknown: Option<&str>, field: &'static str, label: &str| {
            if let Some(name) = unknown {
                errors.push(FieldError {
                    code: "Enum",
                    field,
                    message: format!(
                        "'{label}' has a range of values which does not include '{name}'."
                    ),
                });
            }
        };
        check(
            request
                .call_state
                .as_ref()
                .filter(|s| s.is_unknown())
                .map(|s| s.as_str()),
            "CallState",
            "Call State",
        );
        check(
            request
                .hold_reason
                .as_ref()
                .filter(|s| s.is_unknown())
                .map(|s| s.as_str()),
            "HoldReason",
            "Hold Reason",
        );
        check(
            request
                .queue_state
                .as_ref()
                .filter(|s| s.is_unknown())
                .map(|s| s.as_str()),
            "QueueState",
            "Queue State",
        );
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let mut sessions = self.lock();
        let (session, log_limit) = sessions.session(&id)?;
        let mut changed = Vec::new();
        if let Some(console_data) = request.console_data {
            session.console_data = Some(console_data);
            changed.push("consoleData".to_owned());
        }
        if let Some(call_state) = request.call_state {
            session.ended = call_state == SessionCallState::Disconnected;
            changed.push(format!("callState={}", call_state.as_str()));
            session.call_state = call_state;
        }
        if let Some(hold_reason) = request.hold_reason {
            changed.push(format!("holdReason={}", hold_reason.as_str()));
            session.hold_reason = hold_reason;
        }
        if let Some(queue_state) = request.queue_state {
            changed.push(format!("queueState={}", queue_state.as_str()));
            session.queue_state = queue_state;
        }
        if !changed.is_empty() {
            touch(
                session,
                log_limit,
                user,
                format!("Patched {}", changed.join(", ")),
            );
        }
        Ok(session.clone())
    }

    /// `DeleteChatMember`: the member is `memberToRemove`, or the `{memberId}` of the path
    /// when that is missing; it matches a member's identity, endpoint ID or call SID.
    pub(crate) fn remove_member(
        &self,
        request: DeleteChatMember,
        member_id: Option<String>,
        user: Option<&str>,
    ) -> Result<SessionInfo, ApiError> {
        let target = request
            .member_to_remove
            .filter(|member| !member.is_empty())
            .or(member_id);
        let (id, member) = match (
            required(request.session_id, "SessionId", "Session Id"),
            required(target, "MemberToRemove", "Member To Remove"),
        ) {
            (Ok(id), Ok(member)) => (id, member),
            (id, member) => {
                let errors = [id.err(), member.err()]
                    .into_iter()
                    .flatten()
                    .flat_map(|err| err.errors)
                    .collect();
                return Err(ApiError::validation(errors));
            }
        };
        let mut sessions = self.lock();
        let (session, log_limit) = sessions.session(&id)?;
        let members = session.members.get_or_insert_with(Vec::new);
        let matches = |candidate: &SessionMemberInfo| {
            [
                &candidate.identity,
                &candidate.endpoint_id,
                &candidate.call_sid,
            ]
            .into_iter()
            .any(|field| field.as_deref() == Some(member.as_str()))
        };
        let Some(index) = members.iter().position(matches) else {
            return Err(ApiError::not_found(format!(
                "Member '{member}' is not in session '{id}'"
            )));
        };
        members.remove(index);
        touch(session, log_limit, user, format!("Removed {member}"));
        Ok(session.clone())
    }
}

/// A present, non-empty value, or a `NotEmpty` field error worded as FluentValidation words it.
fn required(value: Option<String>, field: &'static str, label: &str) -> Result<String, ApiError> {
    match value {
        Some(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(ApiError::validation(vec![FieldError {
            code: "NotEmpty",
            field,
            message: format!("'{label}' must not be empty."),
        }])),
    }
}

fn touch(session: &mut SessionInfo, log_limit: usize, user: Option<&str>, message: String) {
    let now = now_utc();
    push_log(
        session.log.get_or_insert_with(Vec::new),
        log_limit,
        &now,
        message,
    );
    session.date_last_modified = Some(now);
    if let Some(user) = user {
        session.last_modified_by = Some(user.to_owned());
    }
}

/// Adds an entry to `log`, then drops the oldest entries beyond `limit` (also those of a
/// log that was seeded longer than the limit).
fn push_log(log: &mut Vec<SessionLogInfo>, limit: usize, date: &str, message: String) {
    log.push(SessionLogInfo {
        date: Some(date.to_owned()),
        message: Some(message),
    });
    let excess = log.len().saturating_sub(limit);
    log.drain(..excess);
}

/// The current time as ServiceStack writes a UTC `DateTime`: `2024-03-01T10:11:12Z`.
fn now_utc() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or_default();
    format_utc(seconds)
}

fn format_utc(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64;
    let second_of_day = unix_seconds % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3_600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(format_utc(1_709_287_872), "2024-03-01T10:11:12Z");
    }

    #[test]
    fn invite_and_remove() {
        let store = SessionStore::new();
        let session = store.create(CreateSession::new("x"), None).unwrap();
        let id = session.id.unwrap();
        let invited = store
            .invite(InviteChatMember::new(&id, "agent@example.com"), Some("ops"))
            .unwrap();
        let member = &invited.members.as_ref().unwrap()[0];
        assert_eq!(member.role, SessionMemberRoles::Agent);
        assert_eq!(invited.last_modified_by.as_deref(), Some("ops"));
        let again = store
            .invite(InviteChatMember::new(&id, "agent@example.com"), None)
            .unwrap_err();
        assert_eq!(again.status, axum::http::StatusCode::CONFLICT);
        let by_sid =
            store.remove_member(DeleteChatMember::default(), member.call_sid.clone(), None);
        assert_eq!(by_sid.unwrap_err().errors[0].field, "SessionId");
        let removed = store
            .remove_member(
                DeleteChatMember {
                    session_id: Some(id),
                    member_to_remove: None,
                },
                member.call_sid.clone(),
                None,
            )
            .unwrap();
        assert_eq!(removed.members.unwrap().len(), 0);
    }

    fn messages(session: &SessionInfo) -> Vec<&str> {
        session
            .log
            .iter()
            .flatten()
            .map(|entry| entry.message.as_deref().unwrap())
            .collect()
    }

    fn patch_hold(id: &str, reason: &str) -> PatchSession {
        PatchSession {
            session_id: Some(id.to_owned()),
            hold_reason: Some(reason.parse().unwrap()),
            ..PatchSession::default()
        }
    }

    #[test]
    fn a_full_log_drops_its_oldest_entries() {
        let store = SessionStore::with_log_limit(3);
        let id = store
            .create(CreateSession::new("x"), None)
            .unwrap()
            .id
            .unwrap();
        assert_eq!(messages(&store.get(&id).unwrap()), ["Session created"]);
        store.patch(patch_hold(&id, "Transferring"), None).unwrap();
        store
            .invite(InviteChatMember::new(&id, "agent@example.com"), None)
            .unwrap();
        let full = store.get(&id).unwrap();
        assert_eq!(
            messages(&full),
            [
                "Session created",
                "Patched holdReason=Transferring",
                "Invited agent@example.com"
            ]
        );
        store.patch(patch_hold(&id, "None"), None).unwrap();
        let removed = store
            .remove_member(
                DeleteChatMember {
                    session_id: Some(id.clone()),
                    member_to_remove: Some("agent@example.com".into()),
                },
                None,
                None,
            )
            .unwrap();
        let expected = [
            "Invited agent@example.com",
            "Patched holdReason=None",
            "Removed agent@example.com",
        ];
        // The answer and the stored session agree.
        assert_eq!(messages(&removed), expected);
        assert_eq!(messages(&store.get(&id).unwrap()), expected);
        // Other sessions keep their own log.
        let other = store.create(CreateSession::new("y"), None).unwrap();
        assert_eq!(messages(&other), ["Session created"]);
    }

    #[test]
    fn the_default_limit_holds_under_long_load() {
        let store = SessionStore::new();
        assert_eq!(store.log_limit(), SessionStore::DEFAULT_LOG_LIMIT);
        let id = store
            .create(CreateSession::new("x"), None)
            .unwrap()
            .id
            .unwrap();
        let reasons = ["Transferring", "None"];
        let rounds = SessionStore::DEFAULT_LOG_LIMIT + 10;
        for round in 0..rounds {
            store
                .patch(patch_hold(&id, reasons[round % 2]), None)
                .unwrap();
        }
        let session = store.get(&id).unwrap();
        let log = messages(&session);
        assert_eq!(log.len(), SessionStore::DEFAULT_LOG_LIMIT);
        // The newest entry is the last patch; "Session created" is long gone.
        let last = reasons[(rounds - 1) % 2];
        assert_eq!(
            log.last().copied(),
            Some(format!("Patched holdReason={last}").as_str())
        );
        assert!(!log.contains(&"Session created"));
    }

    #[test]
    fn a_seeded_log_longer_than_the_limit_is_trimmed_at_the_next_change() {
        let store = SessionStore::with_log_limit(2);
        let seeded: Vec<_> = (0..5)
            .map(|n| SessionLogInfo {
                date: Some("2024-03-01T10:11:12Z".into()),
                message: Some(format!("seed {n}")),
            })
            .collect();
        let id = store.insert(SessionInfo {
            log: Some(seeded),
            ..SessionInfo::default()
        });
        // Inserted as given.
        assert_eq!(store.get(&id).unwrap().log.unwrap().len(), 5);
        store.patch(patch_hold(&id, "None"), None).unwrap();
        assert_eq!(
            messages(&store.get(&id).unwrap()),
            ["seed 4", "Patched holdReason=None"]
        );
        // A limit of 0 keeps no entries.
        let silent = SessionStore::with_log_limit(0);
        let session = silent.create(CreateSession::new("z"), None).unwrap();
        assert_eq!(session.log, Some(Vec::new()));
    }

    #[test]
    fn invite_reports_every_missing_member() {
        let err = SessionStore::new()
            .invite(InviteChatMember::default(), None)
            .unwrap_err();
        let fields: Vec<_> = err.errors.iter().map(|error| error.field).collect();
        assert_eq!(fields, ["SessionId", "MemberToAdd"]);
        assert_eq!(err.code, "NotEmpty");
    }
}
