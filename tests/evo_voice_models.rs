//! The Evo Voice models and request DTOs: enum forward compatibility, nullability and
//! defaults, member names and order, routes.
#![cfg(feature = "evo-voice")]

use serde_jsv::evo_voice::{
    CustomerBreadcrumb, DeleteChatMember, EntityInfo, FlowChannels, InviteChatMember, PatchSession,
    SessionCallState, SessionDialState, SessionDirections, SessionHoldReasons, SessionInfo,
    SessionLogInfo, SessionMemberCallState, SessionMemberInfo, SessionMemberRoles,
    SessionQueueStates,
};
use serde_jsv::request::{Method, ServiceStackRequest};

/// The text a camelCase server writes for a session with only `id` set.
const MINIMAL: &str = "{dialState:None,callState:Disconnected,queueState:None,channel:Voice,ended:False,\
                       holdReason:None,direction:Incoming,wasMissed:False,id:s1}";

/// Checks one enum type: every known name reads exactly and in any ASCII case, writes back as
/// itself in JSV and JSON; an unknown name is kept as `Unknown` and written back verbatim.
macro_rules! check_enum {
    ($ty:ty, [$($name:literal),+]) => {{
        assert_eq!(<$ty>::VARIANTS, [$($name),+], "{}", stringify!($ty));
        assert_eq!(<$ty>::default().as_str(), <$ty>::VARIANTS[0], "default of {}", stringify!($ty));
        for name in <$ty>::VARIANTS {
            for spelling in [name.to_string(), name.to_lowercase(), name.to_uppercase()] {
                let value: $ty = serde_jsv::from_str(&spelling).unwrap();
                assert!(!value.is_unknown(), "{spelling}");
                assert_eq!(value.as_str(), *name);
                assert_eq!(value, spelling.parse().unwrap());
                let json: $ty = serde_json::from_str(&format!("{spelling:?}")).unwrap();
                assert_eq!(json, value);
            }
            let value: $ty = name.parse().unwrap();
            assert_eq!(serde_jsv::to_string(&value).unwrap(), *name);
            assert_eq!(serde_json::to_string(&value).unwrap(), format!("{name:?}"));
            assert_eq!(value.to_string(), *name);
        }
        // A value a newer server may send: kept, exactly as sent, and written back.
        for future in ["Escalated", "escalated", "On Hold, Music", "\u{200B}"] {
            let value: $ty = serde_jsv::from_str(&serde_jsv::to_string(future).unwrap()).unwrap();
            assert_eq!(value, <$ty>::Unknown(future.to_owned()));
            assert!(value.is_unknown());
            assert_eq!(serde_jsv::to_string(&value).unwrap(), serde_jsv::to_string(future).unwrap());
            let json: $ty = serde_json::from_str(&serde_json::to_string(future).unwrap()).unwrap();
            assert_eq!(json, value);
            assert_eq!(serde_json::to_string(&value).unwrap(), serde_json::to_string(future).unwrap());
        }
    }};
}

#[test]
fn every_enum_reads_known_names_in_any_case_and_keeps_unknown_ones() {
    check_enum!(SessionDialState, ["None", "Active"]);
    check_enum!(
        SessionCallState,
        ["Disconnected", "Ringing", "Connected", "Hold", "Passive"]
    );
    check_enum!(
        SessionQueueStates,
        [
            "None",
            "Queued",
            "Ringing",
            "Connected",
            "Hold",
            "Disconnected"
        ]
    );
    check_enum!(FlowChannels, ["Voice", "Chat", "Fax"]);
    check_enum!(SessionHoldReasons, ["None", "Transferring"]);
    check_enum!(
        SessionMemberCallState,
        ["None", "Ringing", "Connected", "Hold"]
    );
    check_enum!(SessionMemberRoles, ["None", "Caller", "Agent", "Transfer"]);
    check_enum!(SessionDirections, ["Incoming", "Outgoing"]);
}

#[test]
fn a_newer_server_does_not_break_an_old_client() {
    // New enum values at every level, and new members: scalars, objects, lists.
    let text = "{dialState:Predictive,callState:Parked,queueState:Overflow,channel:Video,\
                recording:{url:\"https://x/y\",parts:[1,2]},ended:True,holdReason:Consult,\
                members:[{identity:a,callState:Whispering,role:Supervisor,muted:True,\
                language:en-GB,skills:[sales,support]}],direction:Internal,tags:[],wasMissed:False,\
                id:s1,tenant:{id:t1}}";
    let session: SessionInfo = serde_jsv::from_str(text).unwrap();
    assert_eq!(
        session.dial_state,
        SessionDialState::Unknown("Predictive".into())
    );
    assert_eq!(
        session.call_state,
        SessionCallState::Unknown("Parked".into())
    );
    assert_eq!(
        session.queue_state,
        SessionQueueStates::Unknown("Overflow".into())
    );
    assert_eq!(session.channel, FlowChannels::Unknown("Video".into()));
    assert_eq!(
        session.hold_reason,
        SessionHoldReasons::Unknown("Consult".into())
    );
    assert_eq!(
        session.direction,
        SessionDirections::Unknown("Internal".into())
    );
    let member = &session.members.as_ref().unwrap()[0];
    assert_eq!(
        member.call_state,
        SessionMemberCallState::Unknown("Whispering".into())
    );
    assert_eq!(
        member.role,
        SessionMemberRoles::Unknown("Supervisor".into())
    );
    assert!(member.muted && session.ended);
    assert_eq!(session.id.as_deref(), Some("s1"));

    // The known members are written back in the server's order, the unknown names as sent.
    assert_eq!(
        serde_jsv::to_string(&session).unwrap(),
        "{dialState:Predictive,callState:Parked,queueState:Overflow,channel:Video,ended:True,\
         holdReason:Consult,members:[{identity:a,isOriginalMember:False,callState:Whispering,\
         role:Supervisor,muted:True}],direction:Internal,wasMissed:False,id:s1}"
    );

    // The same through JSON.
    let json = serde_json::json!({
        "channel": "Video", "callState": "parked", "escalation": {"level": 2}, "id": "s1"
    });
    let session: SessionInfo = serde_json::from_value(json).unwrap();
    assert_eq!(session.channel, FlowChannels::Unknown("Video".into()));
    assert_eq!(
        session.call_state,
        SessionCallState::Unknown("parked".into())
    );
}

#[test]
fn an_empty_or_structured_enum_is_an_error_unless_the_member_is_nullable() {
    let err = serde_jsv::from_str::<SessionInfo>("{callState:,id:s1}").unwrap_err();
    assert_eq!((err.line(), err.column()), (1, 12), "{err}");
    assert!(serde_json::from_str::<SessionInfo>(r#"{"callState":""}"#).is_err());
    // An object or a list is no enum name either.
    for text in ["{callState:{a:1}}", "{members:[{role:[Agent]}]}"] {
        let err = serde_jsv::from_str::<SessionInfo>(text).unwrap_err();
        assert!(err.to_string().contains("an object or a list"), "{err}");
    }

    let patch: PatchSession =
        serde_jsv::from_str("{sessionId:s1,callState:,holdReason:None}").unwrap();
    assert_eq!(patch.call_state, None);
    assert_eq!(patch.hold_reason, Some(SessionHoldReasons::None));
}

/// The write side of the rule above: an `Unknown` name that would not read back as a name
/// is an error, in JSV and in JSON alike, rather than text that loses the value later.
#[test]
fn an_unknown_name_that_cannot_read_back_is_not_written() {
    for name in ["", "{x", "[Agent]"] {
        let session = SessionInfo {
            call_state: SessionCallState::Unknown(name.to_owned()),
            ..SessionInfo::default()
        };
        let err = serde_jsv::to_string(&session).unwrap_err();
        assert!(
            err.to_string().contains("SessionCallState::Unknown"),
            "{name:?}: {err}"
        );
        assert!(serde_json::to_string(&session).is_err(), "{name:?}");
    }
    // Any other unknown name round trips.
    let session = SessionInfo {
        call_state: SessionCallState::Unknown("Parked x}".to_owned()),
        ..SessionInfo::default()
    };
    let text = serde_jsv::to_string(&session).unwrap();
    assert_eq!(serde_jsv::from_str::<SessionInfo>(&text).unwrap(), session);
}

#[test]
fn nullability_and_defaults_follow_the_csharp_dtos() {
    let session = SessionInfo {
        id: Some("s1".into()),
        ..SessionInfo::default()
    };
    // Enums and bools are always written; absent strings and lists are omitted.
    assert_eq!(serde_jsv::to_string(&session).unwrap(), MINIMAL);
    // Missing enums and bools read as their defaults.
    assert_eq!(
        serde_jsv::from_str::<SessionInfo>("{id:s1}").unwrap(),
        session
    );
    assert_eq!(
        serde_json::from_str::<SessionInfo>(r#"{"id":"s1"}"#).unwrap(),
        session
    );
    // An empty string is not null, and an empty list is not an absent one.
    let session: SessionInfo = serde_jsv::from_str("{displayName:\"\",log:[],members:[]}").unwrap();
    assert_eq!(session.display_name.as_deref(), Some(""));
    assert_eq!(session.log, Some(vec![]));
    assert_eq!(session.members, Some(vec![]));
    assert_eq!(session.customer_breadcrumb, None);
    let text = serde_jsv::to_string(&session).unwrap();
    assert!(
        text.contains(",displayName:\"\",log:[],members:[],"),
        "{text}"
    );
}

#[test]
fn pascal_case_names_read_through_case_insensitive_matching() {
    let text = "{DialState:Active,CallState:Hold,QueueState:Queued,CustomerBreadcrumb:[{Id:c1,Name:Acme}],\
                Channel:Chat,Ended:True,HoldReason:Transferring,Log:[{Date:2024-03-01,Message:hi}],\
                Members:[{Identity:a,IsOriginalMember:True,ApplicationData:{Team:Sales},CallState:Hold,\
                Role:Caller,Muted:True}],Direction:Outgoing,WasMissed:True,Id:s1,DateCreated:2024-03-01}";
    let session: SessionInfo = serde_jsv::from_str(text).unwrap();
    let expected = SessionInfo {
        dial_state: SessionDialState::Active,
        call_state: SessionCallState::Hold,
        queue_state: SessionQueueStates::Queued,
        customer_breadcrumb: Some(vec![CustomerBreadcrumb {
            id: Some("c1".into()),
            name: Some("Acme".into()),
        }]),
        channel: FlowChannels::Chat,
        ended: true,
        hold_reason: SessionHoldReasons::Transferring,
        log: Some(vec![SessionLogInfo {
            date: Some("2024-03-01".into()),
            message: Some("hi".into()),
        }]),
        members: Some(vec![SessionMemberInfo {
            identity: Some("a".into()),
            is_original_member: true,
            // Map keys are data: never re-cased.
            application_data: Some(
                [("Team".to_owned(), "Sales".to_owned())]
                    .into_iter()
                    .collect(),
            ),
            call_state: SessionMemberCallState::Hold,
            role: SessionMemberRoles::Caller,
            muted: true,
            ..SessionMemberInfo::default()
        }]),
        direction: SessionDirections::Outgoing,
        was_missed: true,
        id: Some("s1".into()),
        date_created: Some("2024-03-01".into()),
        ..SessionInfo::default()
    };
    assert_eq!(session, expected);
}

#[test]
fn application_data_keeps_order_and_drops_null_values() {
    let member: SessionMemberInfo =
        serde_jsv::from_str("{applicationData:{z:1,a:,m:\"\"}}").unwrap();
    let data = member.application_data.as_ref().unwrap();
    assert_eq!(data.keys().collect::<Vec<_>>(), ["z", "m"]);
    assert_eq!(data["m"], "");
    assert!(
        serde_jsv::to_string(&member)
            .unwrap()
            .contains("applicationData:{z:1,m:\"\"}")
    );

    let member: SessionMemberInfo =
        serde_json::from_str(r#"{"applicationData":{"b":"2","x":null,"a":"1"}}"#).unwrap();
    assert_eq!(
        member.application_data.unwrap().keys().collect::<Vec<_>>(),
        ["b", "a"]
    );
    let member: SessionMemberInfo = serde_jsv::from_str("{identity:a,applicationData:}").unwrap();
    assert_eq!(member.application_data, None);
}

#[test]
fn entity_info_members_come_last_and_convert() {
    let info = EntityInfo {
        id: Some("s1".into()),
        date_created: Some("2024-03-01T10:11:12Z".into()),
        date_last_modified: Some("2024-03-02".into()),
        created_by: Some("a@example.com".into()),
        last_modified_by: Some("b@example.com".into()),
    };
    let mut session = SessionInfo {
        ring_queue_id: Some("q".into()),
        ..SessionInfo::default()
    };
    session.set_entity_info(info.clone());
    assert_eq!(session.entity_info(), info);
    let text = serde_jsv::to_string(&session).unwrap();
    assert!(
        text.ends_with(
            ",ringQueueId:q,id:s1,dateCreated:\"2024-03-01T10:11:12Z\",dateLastModified:2024-03-02,\
             createdBy:a@example.com,lastModifiedBy:b@example.com}"
        ),
        "{text}"
    );
    // A SessionInfo text reads as an EntityInfo too (the other members are skipped).
    assert_eq!(serde_jsv::from_str::<EntityInfo>(&text).unwrap(), info);
}

/// Compile-time: every DTO answers with a `SessionInfo`.
fn answers_with_session<R: ServiceStackRequest<Response = SessionInfo>>()
-> (&'static str, Method, &'static str) {
    (R::TYPE_NAME, R::METHOD, R::ROUTES[0].path)
}

#[test]
fn request_dtos_carry_name_method_and_route() {
    assert_eq!(
        answers_with_session::<InviteChatMember>(),
        (
            "InviteChatMember",
            Method::Post,
            "/sessions/{sessionId}/members"
        )
    );
    assert_eq!(
        answers_with_session::<DeleteChatMember>(),
        (
            "DeleteChatMember",
            Method::Delete,
            "/sessions/{sessionId}/members/{memberId}"
        )
    );
    assert_eq!(
        answers_with_session::<PatchSession>(),
        ("PatchSession", Method::Patch, "/sessions/{sessionId}")
    );
    for routes in [
        InviteChatMember::ROUTES,
        DeleteChatMember::ROUTES,
        PatchSession::ROUTES,
    ] {
        assert_eq!(routes.len(), 1);
    }
    assert!(
        InviteChatMember::ROUTES[0].serves(Method::Post)
            && !InviteChatMember::ROUTES[0].serves(Method::Get)
    );
    assert!(DeleteChatMember::ROUTES[0].serves(Method::Delete));
    assert!(PatchSession::ROUTES[0].serves(Method::Patch));
}

#[test]
fn delete_chat_member_fills_member_id_from_member_to_remove() {
    let delete = DeleteChatMember::new("s1", "+15551234567");
    assert_eq!(
        delete.path_variable("memberId").as_deref(),
        Some("+15551234567")
    );
    assert_eq!(
        delete.path_variable("MemberId").as_deref(),
        Some("+15551234567")
    );
    // sessionId is a member: the client fills it from the DTO, not from path_variable.
    assert_eq!(delete.path_variable("sessionId"), None);
    assert_eq!(DeleteChatMember::default().path_variable("memberId"), None);
    // memberToRemove is still sent (in the query string) under its own name.
    assert_eq!(
        serde_jsv::to_string(&delete).unwrap(),
        "{sessionId:s1,memberToRemove:+15551234567}"
    );
    // The other DTOs have no variable without a member.
    assert_eq!(
        InviteChatMember::new("s1", "a").path_variable("memberId"),
        None
    );
    assert_eq!(PatchSession::new("s1").path_variable("memberId"), None);
}

#[test]
fn request_dtos_write_their_members_in_declaration_order() {
    let invite = InviteChatMember {
        caller_id: Some("+15550000000".into()),
        ..InviteChatMember::new("s1", "a@x.io")
    };
    assert_eq!(
        serde_jsv::to_string(&invite).unwrap(),
        "{sessionId:s1,memberToAdd:a@x.io,callerId:+15550000000}"
    );
    assert_eq!(
        serde_json::to_string(&invite).unwrap(),
        r#"{"sessionId":"s1","memberToAdd":"a@x.io","callerId":"+15550000000"}"#
    );

    let patch = PatchSession {
        console_data: Some("{\"k\":1}".into()),
        call_state: Some(SessionCallState::Hold),
        hold_reason: Some(SessionHoldReasons::Transferring),
        queue_state: Some(SessionQueueStates::Queued),
        ..PatchSession::new("s1")
    };
    let text = serde_jsv::to_string(&patch).unwrap();
    assert_eq!(
        text,
        "{sessionId:s1,consoleData:\"{\"\"k\"\":1}\",callState:Hold,holdReason:Transferring,queueState:Queued}"
    );
    assert_eq!(serde_jsv::from_str::<PatchSession>(&text).unwrap(), patch);
    // Unset members are not sent, so the server leaves them unchanged.
    assert_eq!(
        serde_jsv::to_string(&PatchSession::new("s1")).unwrap(),
        "{sessionId:s1}"
    );
}
