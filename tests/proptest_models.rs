//! Property tests for the Evo Voice session models: round trips (compact, pretty, as a list),
//! JSV agreeing with serde_json, `Value` round trips and prefixes that never panic.
//!
//! 256 cases per property by default; `PROPTEST_CASES=…` for longer runs.
//!
//! The models hold no construct that `docs/data-model.md` names as lossy (no list of
//! `Option`s, no `Option<Option<_>>`, no floats), so nothing is filtered for the data model.
//! The enums are generated through `FromStr`, as their docs ask, so that `Unknown` only holds
//! names that are not known; an empty name is left out because the empty token is null
//! ("The empty token is null (D7) … an error for … any other non-optional scalar"), and so
//! is a name starting with `{` or `[`, which the enums reject on read (D5, `check_name` in
//! `src/evo_voice/enums.rs`: "no .NET enum name starts with `{` or `[`").
#![cfg(feature = "evo-voice")]

use indexmap::IndexMap;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_jsv::Value;
use serde_jsv::evo_voice::{
    CustomerBreadcrumb, FlowChannels, SessionCallState, SessionDialState, SessionDirections,
    SessionHoldReasons, SessionInfo, SessionLogInfo, SessionMemberCallState, SessionMemberInfo,
    SessionMemberRoles, SessionQueueStates,
};

const HOSTILE: &[&str] = &[
    ",",
    ":",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\"\"",
    "\r",
    "\n",
    "\r\n",
    "\t",
    " ",
    "  ",
    "",
    "\u{200B}",
    "é",
    "日本",
    "😀",
    "\u{10FFFF}",
    "True",
    "null",
    "None",
    "2024-03-01T10:11:12Z",
    "agent@example.com",
    "+15551234567",
    "{a:1}",
    "[1,2]",
    "\u{FEFF}",
];

fn hostile_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(HOSTILE).prop_map(str::to_owned),
        2 => "[a-zA-Z0-9 ._@-]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ];
    let text = prop::collection::vec(piece, 0..6).prop_map(|pieces| pieces.concat());
    prop_oneof![
        6 => text.clone(),
        1 => text.prop_map(|t| format!(" {t} ")),
        1 => Just(String::new()),
        1 => Just("\u{200B}".to_owned()),
    ]
}

fn opt_string() -> impl Strategy<Value = Option<String>> {
    prop::option::of(hostile_string())
}

/// A wire enum: a known name (any ASCII case), or any other non-empty name, via `FromStr`.
fn wire<T>(known: &'static [&'static str]) -> impl Strategy<Value = T>
where
    T: std::str::FromStr<Err = std::convert::Infallible> + std::fmt::Debug,
{
    prop_oneof![
        4 => prop::sample::select(known).prop_map(str::to_owned),
        1 => prop::sample::select(known).prop_map(str::to_lowercase),
        2 => hostile_string()
            .prop_filter("D7: the empty token is null, not a name", |t| !t.is_empty())
            .prop_filter(
                "evo_voice `check_name` (D5): text starting with `{` or `[` is no enum name",
                |t| !t.starts_with(['{', '[']),
            ),
    ]
    .prop_map(|name| match name.parse::<T>() {
        Ok(value) => value,
        Err(never) => match never {},
    })
}

fn member() -> impl Strategy<Value = SessionMemberInfo> {
    let data = prop::option::of(
        prop::collection::vec((hostile_string(), hostile_string()), 0..4)
            .prop_map(|pairs| pairs.into_iter().collect::<IndexMap<_, _>>()),
    );
    (
        (
            opt_string(),
            opt_string(),
            opt_string(),
            any::<bool>(),
            opt_string(),
        ),
        (
            data,
            wire::<SessionMemberCallState>(SessionMemberCallState::VARIANTS),
            wire::<SessionMemberRoles>(SessionMemberRoles::VARIANTS),
            opt_string(),
            any::<bool>(),
        ),
    )
        .prop_map(|(a, b)| SessionMemberInfo {
            identity: a.0,
            endpoint_id: a.1,
            display_name: a.2,
            is_original_member: a.3,
            avatar_url: a.4,
            application_data: b.0,
            call_state: b.1,
            role: b.2,
            call_sid: b.3,
            muted: b.4,
        })
}

fn session() -> impl Strategy<Value = SessionInfo> {
    let enums = (
        wire::<SessionDialState>(SessionDialState::VARIANTS),
        wire::<SessionCallState>(SessionCallState::VARIANTS),
        wire::<SessionQueueStates>(SessionQueueStates::VARIANTS),
        wire::<FlowChannels>(FlowChannels::VARIANTS),
        wire::<SessionHoldReasons>(SessionHoldReasons::VARIANTS),
        wire::<SessionDirections>(SessionDirections::VARIANTS),
        any::<bool>(),
        any::<bool>(),
    );
    let lists = (
        prop::option::of(prop::collection::vec(
            (opt_string(), opt_string()).prop_map(|(id, name)| CustomerBreadcrumb { id, name }),
            0..3,
        )),
        prop::option::of(prop::collection::vec(
            (opt_string(), opt_string())
                .prop_map(|(date, message)| SessionLogInfo { date, message }),
            0..4,
        )),
        prop::option::of(prop::collection::vec(member(), 0..3)),
    );
    let strings_a = (
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
    );
    let strings_b = (
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
    );
    let entity = (
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
        opt_string(),
    );
    (enums, lists, strings_a, strings_b, entity).prop_map(|(e, l, a, b, n)| SessionInfo {
        dial_state: e.0,
        call_state: e.1,
        queue_state: e.2,
        channel: e.3,
        hold_reason: e.4,
        direction: e.5,
        ended: e.6,
        was_missed: e.7,
        customer_breadcrumb: l.0,
        log: l.1,
        members: l.2,
        account_id: a.0,
        account_name: a.1,
        customer_id: a.2,
        customer_name: a.3,
        endpoint_id: a.4,
        endpoint_name: a.5,
        date_completed: a.6,
        destination: a.7,
        to_address: a.8,
        from_address: a.9,
        from_name: a.10,
        answered_by_name: a.11,
        queue_member_id: b.0,
        outcome: b.1,
        call_sid: b.2,
        console_data: b.3,
        hold_queue_name: b.4,
        held_by_user_id: b.5,
        conference_sid: b.6,
        display_name: b.7,
        callback_number: b.8,
        answered_by_id: b.9,
        from_phone_number: b.10,
        most_recent_participant_call_sid: b.11,
        ring_queue_id: n.0,
        id: n.1,
        date_created: n.2,
        date_last_modified: n.3,
        created_by: n.4,
        last_modified_by: n.5,
    })
}

fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "proptest-regressions/proptest_models.txt",
        ))),
        ..ProptestConfig::default()
    }
}

fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, TestCaseError> {
    serde_jsv::from_str(text).map_err(|err| TestCaseError::fail(format!("{err}\n{text}")))
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn session_round_trips(x in session()) {
        let text = serde_jsv::to_string(&x).unwrap();
        prop_assert_eq!(read::<SessionInfo>(&text)?, x.clone(), "text: {}", text);
        let pretty = serde_jsv::to_string_pretty(&x).unwrap();
        prop_assert_eq!(read::<SessionInfo>(&pretty)?, x, "pretty: {}", pretty);
    }

    #[test]
    fn member_round_trips(x in member()) {
        let text = serde_jsv::to_string(&x).unwrap();
        prop_assert_eq!(read::<SessionMemberInfo>(&text)?, x.clone(), "text: {}", text);
        let pretty = serde_jsv::to_string_pretty(&x).unwrap();
        prop_assert_eq!(read::<SessionMemberInfo>(&pretty)?, x, "pretty: {}", pretty);
    }

    #[test]
    fn session_lists_round_trip(xs in prop::collection::vec(session(), 0..4)) {
        let text = serde_jsv::to_string(&xs).unwrap();
        prop_assert_eq!(read::<Vec<SessionInfo>>(&text)?, xs.clone(), "text: {}", text);
        let pretty = serde_jsv::to_string_pretty(&xs).unwrap();
        prop_assert_eq!(read::<Vec<SessionInfo>>(&pretty)?, xs, "pretty: {}", pretty);
    }

    #[test]
    fn jsv_agrees_with_json(x in session()) {
        let jsv: SessionInfo = read(&serde_jsv::to_string(&x).unwrap())?;
        let json: SessionInfo = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
        prop_assert_eq!(jsv, json);
    }

    #[test]
    fn session_value_round_trips(x in session()) {
        let text = serde_jsv::to_string(&x).unwrap();
        let value: Value = read(&text)?;
        let value_text = serde_jsv::to_string(&value).unwrap();
        prop_assert_eq!(&value_text, &text);
        prop_assert_eq!(read::<Value>(&value_text)?, value.clone());
        prop_assert_eq!(serde_jsv::from_value::<SessionInfo>(value.clone()).unwrap(), x);
        let pretty = serde_jsv::to_string_pretty(&value).unwrap();
        prop_assert_eq!(read::<Value>(&pretty)?, value);
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn every_prefix_errors_or_parses(x in session()) {
        for text in [serde_jsv::to_string(&x).unwrap(), serde_jsv::to_string_pretty(&x).unwrap()] {
            for (end, _) in text.char_indices() {
                let prefix = &text[..end];
                let _ = serde_jsv::from_str::<SessionInfo>(prefix);
                let _ = serde_jsv::from_str::<Value>(prefix);
            }
        }
    }
}
