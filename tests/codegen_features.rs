//! The module generated from the synthetic TicketDesk fixture compiles (it is included
//! below), matches the generator's output, and every type round-trips through JSV and JSON
//! with the wire text ServiceStack writes.

#[allow(dead_code)] // a test uses only part of the API
mod tickets {
    include!("generated/features.rs");
}

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_jsv::builtin::{IdResponse, QueryResponse};
use serde_jsv::dotnet::{DateTime, Decimal, Guid, TimeSpan};
use serde_jsv::request::{Method, ServiceStackRequest};
use tickets::*;

/// Writes `value` in JSV and JSON and reads both back unchanged; returns the JSV text.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T) -> String {
    let jsv = serde_jsv::to_string(value).unwrap();
    let back: T = serde_jsv::from_str(&jsv).unwrap_or_else(|err| panic!("{jsv}: {err}"));
    assert_eq!(&back, value, "JSV {jsv}");
    let pretty = serde_jsv::to_string_pretty(value).unwrap();
    let back: T = serde_jsv::from_str(&pretty).unwrap();
    assert_eq!(&back, value, "pretty JSV {pretty}");
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|err| panic!("{json}: {err}"));
    assert_eq!(&back, value, "JSON {json}");
    jsv
}

fn date(text: &str) -> DateTime {
    serde_jsv::from_str(text).unwrap()
}

fn entity_ref() -> Guid {
    serde_jsv::from_str("0123456789abcdef0123456789abcdef").unwrap()
}

fn sample_ticket() -> Ticket {
    Ticket {
        title: Some("Printer on fire".into()),
        r#type: TicketKind::Bug,
        status: TicketStatus::InProgress,
        priority: Priority::High,
        flags: TicketFlags::PINNED | TicketFlags::CONFIDENTIAL,
        grade: ',',
        estimate: TimeSpan::from_ticks(54_000_000_000),
        story_points: Some(3),
        cost: "12.50".parse::<Decimal>().unwrap(),
        labels: Some(vec!["hardware".into(), "a,b".into()]),
        related_ticket_ids: Some(
            [
                ("blocks".to_owned(), vec![7, 9]),
                ("duplicates".to_owned(), vec![]),
            ]
            .into_iter()
            .collect(),
        ),
        extension: Some(serde_jsv::from_str("{source:email}").unwrap()),
        title_history: Some(vec![Revision {
            before: Some("Printer".into()),
            after: Some("Printer on fire".into()),
            changed_by: Some("ann".into()),
            changed_at: date("2024-03-01T10:11:12Z"),
        }]),
        assignee_user_id: Some(42),
        url_slug: Some("printer-on-fire".into()),
        created_date: date("2024-02-29T08:00:00Z"),
        created_by: Some("bob".into()),
        modified_date: None,
        id: 17,
        r#ref: entity_ref(),
    }
}

#[test]
fn the_module_is_the_generators_output() {
    #[cfg(feature = "codegen")]
    {
        use serde_jsv::codegen::{self, Options};
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated/features.rs");
        let metadata = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/metadata/features.metadata.json"
        ))
        .unwrap();
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let (options, source) = Options::parse_header(&committed)
            .unwrap_or_else(|_| (Options::default(), "features.metadata.json".into()));
        let doc = codegen::parse_metadata(&metadata).unwrap();
        let generated = codegen::generate_from(&doc, &options, &source).unwrap();
        if std::env::var_os("SERDE_JSV_BLESS").is_some() {
            std::fs::write(path, &generated.code).unwrap();
        } else {
            assert!(
                committed == generated.code,
                "tests/generated/features.rs is stale; rerun with SERDE_JSV_BLESS=1"
            );
        }
    }
}

#[test]
fn ticket_members_come_derived_first_with_servicestack_text() {
    let jsv = round_trip(&sample_ticket());
    assert_eq!(
        jsv,
        "{title:Printer on fire,type:Bug,status:in-progress,priority:High,flags:5,grade:\",\",\
         estimate:PT1H30M,storyPoints:3,cost:12.50,labels:[hardware,\"a,b\"],\
         relatedTicketIds:{blocks:[7,9],duplicates:[]},extension:{source:email},\
         titleHistory:[{before:Printer,after:Printer on fire,changedBy:ann,\
         changedAt:2024-03-01T10:11:12Z}],assigneeUserID:42,urlSlug:printer-on-fire,\
         createdDate:2024-02-29T08:00:00Z,createdBy:bob,id:17,ref:0123456789abcdef0123456789abcdef}"
    );
    // A default ticket writes every value type, Priority's nameless .NET default as 0.
    // (DateTime.MinValue reads back with another kind, as in .NET, so only the text is checked.)
    let empty = serde_jsv::to_string(&Ticket::default()).unwrap();
    serde_jsv::from_str::<Ticket>(&empty).unwrap();
    assert!(
        empty.starts_with("{type:Bug,status:open,priority:0,flags:0,"),
        "{empty}"
    );
}

#[test]
fn enums_write_names_member_values_and_integers() {
    assert_eq!(round_trip(&TicketStatus::InProgress), "in-progress");
    assert_eq!(
        serde_jsv::from_str::<TicketStatus>("IN-PROGRESS").unwrap(),
        TicketStatus::InProgress
    );
    assert_eq!(
        round_trip(&TicketStatus::Unknown("archived".into())),
        "archived"
    );
    assert_eq!(round_trip(&TicketKind::Question), "Question");
    assert_eq!(round_trip(&Priority::Urgent), "Urgent");
    assert_eq!(Priority::default(), Priority::Unknown("0".into()));
    let flags = TicketFlags::LOCKED | TicketFlags::NEEDS_TRIAGE;
    assert_eq!(round_trip(&flags), "10");
    assert!(flags.contains(TicketFlags::LOCKED) && !flags.contains(TicketFlags::PINNED));
    assert_eq!(serde_json::to_string(&flags).unwrap(), "10");
    // Unknown bits survive; names are read as .NET reads them.
    assert_eq!(round_trip(&TicketFlags(64)), "64");
    assert_eq!(
        serde_jsv::from_str::<TicketFlags>("Pinned, Locked").unwrap(),
        TicketFlags(3)
    );
    assert!(serde_jsv::from_str::<TicketFlags>("Sticky").is_err());
}

#[test]
fn a_data_contract_type_uses_its_orders_aliases_and_emit_default() {
    let summary = TicketSummary {
        id: 3,
        title: Some("t".into()),
        external_ref: Some("X-1".into()),
        is_overdue: false,
    };
    assert_eq!(round_trip(&summary), "{id:3,title:t,ext_ref:X-1}");
    let overdue = TicketSummary {
        is_overdue: true,
        ..summary
    };
    assert_eq!(
        round_trip(&overdue),
        "{id:3,title:t,ext_ref:X-1,isOverdue:True}"
    );
}

#[test]
fn every_other_type_round_trips() {
    let comment = Comment {
        ticket_id: 17,
        body: Some("Seen it\nyes".into()),
        mentions: Some(vec!["ann".into()]),
        created_date: date("2024-03-01T09:30:00Z"),
        created_by: Some("bob".into()),
        modified_date: Some(date("2024-03-02T09:30:00Z")),
        id: 5,
        r#ref: entity_ref(),
    };
    round_trip(&comment);
    let page = CommentPage {
        has_more: true,
        items: Some(vec![comment.clone()]),
        total: 9,
        skip: 1,
    };
    assert!(round_trip(&page).starts_with("{hasMore:True,items:[{ticketId:17,"));
    round_trip(&PagedResult::<Comment> {
        items: Some(vec![comment]),
        total: 1,
        skip: 0,
    });
    let attachment = Attachment {
        file_name: Some("a.png".into()),
        content_type: Some("image/png".into()),
        size_bytes: 1 << 40,
        thumbnail: Some(vec![1, 2, 3]),
        id: 2,
        r#ref: entity_ref(),
    };
    assert!(round_trip(&attachment).contains(",thumbnail:AQID,"));
    let links = ResourceLinks {
        self_: Some("/tickets/17".into()),
        next: None,
    };
    assert_eq!(round_trip(&links), "{self:/tickets/17}");
    let detail = TicketDetailResponse {
        ticket: Some(sample_ticket()),
        comments: Some(page),
        attachments: Some(vec![attachment]),
        links: Some(links),
        last_priority_change: Some(Revision {
            before: Some(Priority::Low),
            after: Some(Priority::Urgent),
            changed_by: None,
            changed_at: date("2024-03-01T10:11:12Z"),
        }),
        response_status: None,
    };
    round_trip(&detail);
    let stats = TicketStatsResponse {
        counts_by_status: Some(
            [(TicketStatus::Open, 4), (TicketStatus::InProgress, 2)]
                .into_iter()
                .collect(),
        ),
        daily_opened: Some(vec![Some(1), None, Some(3)]),
        average_resolution: TimeSpan::from_ticks(-10_000_000),
        backlog_cost: "1.10".parse::<Decimal>().unwrap(),
        oldest: Some(vec![TicketSummary::default()]),
        response_status: None,
    };
    let jsv = round_trip(&stats);
    assert!(
        jsv.starts_with("{countsByStatus:{open:4,in-progress:2},dailyOpened:[1,,3],"),
        "{jsv}"
    );
    round_trip(&TrackedEntity {
        id: 1,
        created_by: Some("x".into()),
        created_date: date("2024-03-01T09:30:00Z"),
        ..Default::default()
    });
    round_trip(&Entity {
        id: 1,
        r#ref: entity_ref(),
    });
    round_trip(&FileContent {
        path: Some("a/b.txt".into()),
        content_type: Some("text/plain".into()),
        content: Some(b"hi".to_vec()),
        last_modified: date("2024-03-01T10:11:12Z"),
    });
    // Requests.
    round_trip(&QueryTickets {
        r#match: Some("fire".into()),
        statuses: Some(vec![TicketStatus::Open, TicketStatus::Blocked]),
        ids: Some(vec![1, 2]),
        created_after: Some(date("2024-01-01T09:30:00Z")),
        take: Some(10),
        ..Default::default()
    });
    round_trip(&GetTicket {
        id: 17,
        url_slug: None,
        expand: Some(vec!["comments".into()]),
    });
    round_trip(&UpdateTicket {
        id: 17,
        title: None,
        r#type: Some(TicketKind::Task),
        priority: Some(Priority::Low),
        flags: Some(TicketFlags::RESTRICTED),
        story_points: None,
        due_date: Some(date("2024-04-01T09:30:00Z")),
    });
    round_trip(&CreateComment {
        ticket_id: 17,
        body: Some("b".into()),
        mentions: None,
    });
    round_trip(&DeleteAttachment {
        ticket_id: 17,
        id: 3,
    });
    round_trip(&GetFile {
        path: Some("a/b c.txt".into()),
    });
    round_trip(&GetTicketStats { days: 30 });
}

#[test]
fn requests_carry_their_verbs_routes_and_responses() {
    fn response_of<R: ServiceStackRequest>(_: &R) -> &'static str {
        std::any::type_name::<R::Response>()
    }
    assert_eq!(QueryTickets::METHOD, Method::Get);
    assert_eq!(QueryTickets::ROUTES[0].path, "/tickets");
    assert!(
        response_of(&QueryTickets::default())
            .ends_with("QueryResponse<codegen_features::tickets::Ticket>")
    );
    let _: Option<QueryResponse<Ticket>> = None::<<QueryTickets as ServiceStackRequest>::Response>;
    assert_eq!(GetTicket::ROUTES.len(), 2);
    assert_eq!(GetTicket::ROUTES[1].path, "/tickets/by-slug/{URLSlug}");
    assert_eq!(UpdateTicket::METHOD, Method::Put);
    assert!(UpdateTicket::ROUTES[0].serves(Method::Patch));
    let _: Option<IdResponse> = None::<<CreateComment as ServiceStackRequest>::Response>;
    let _: Option<()> = None::<<DeleteAttachment as ServiceStackRequest>::Response>;
    let _: Option<FileContent> = None::<<GetFile as ServiceStackRequest>::Response>;
    assert_eq!(GetFile::ROUTES[0].path, "/files/{Path*}");
    assert!(GetTicketStats::ROUTES[0].verbs.is_empty());
    assert_eq!(DeleteAttachment::TYPE_NAME, "DeleteAttachment");
}
