//! Request DTOs generated from the TicketDesk fixture, sent with the client to a replay
//! server: each produces the verb, URL and body ServiceStack's clients produce for it (route
//! variables in the path, GET/DELETE members in the query, POST/PUT bodies in JSV), and the
//! typed response reads back.
#![cfg(feature = "client")]

mod client_support;

#[allow(dead_code)] // the test uses only part of the API
mod tickets {
    include!("generated/features.rs");
}

use client_support::*;
use serde_jsv::client::JsvClient;
use tickets::*;

#[tokio::test]
async fn generated_requests_take_their_routes_verbs_and_bodies() {
    let server = ReplayServer::start(vec![
        jsv_ok("{offset:0,total:1,results:[{title:Fire,type:Bug,status:in-progress,id:7}]}"),
        jsv_ok("{ticket:{title:Fire,id:17},links:{self:/tickets/17}}"),
        jsv_ok("{title:Fire,priority:Low,flags:6,id:17}"),
        jsv_ok("{id:5}"),
        response("204 No Content", None, &[], b""),
        jsv_ok("{path:a/b c.txt,content:aGk=}"),
        jsv_ok("{countsByStatus:{open:4},averageResolution:PT1H,backlogCost:1.10}"),
    ])
    .await;
    let client = JsvClient::new(server.url()).unwrap();

    let found = client
        .send(&QueryTickets {
            r#match: Some("fire".into()),
            take: Some(10),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(found.total, 1);
    assert_eq!(found.results[0].status, TicketStatus::InProgress);

    let detail = client
        .send(&GetTicket {
            id: 17,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(detail.links.unwrap().self_.as_deref(), Some("/tickets/17"));
    // `Id` is an Int32, never null, so both routes can be filled: ServiceStack's clients
    // refuse such a request as ambiguous, and so does ours (before sending anything).
    let err = client
        .send(&GetTicket {
            id: 0,
            url_slug: Some("printer on fire".into()),
            expand: None,
        })
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("/tickets/by-slug/{URLSlug}"),
        "{err}"
    );

    let updated = client
        .send(&UpdateTicket {
            id: 17,
            priority: Some(Priority::Low),
            flags: Some(TicketFlags::RESTRICTED),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (updated.priority, updated.flags),
        (Priority::Low, TicketFlags::RESTRICTED)
    );

    let created = client
        .send(&CreateComment {
            ticket_id: 17,
            body: Some("Seen, thanks".into()),
            mentions: None,
        })
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("5"));

    client
        .send(&DeleteAttachment {
            ticket_id: 17,
            id: 3,
        })
        .await
        .unwrap();

    let file = client
        .send(&GetFile {
            path: Some("a/b c.txt".into()),
        })
        .await
        .unwrap();
    assert_eq!(file.content.as_deref(), Some(&b"hi"[..]));

    let stats = client.send(&GetTicketStats { days: 30 }).await.unwrap();
    assert_eq!(stats.backlog_cost.to_string(), "1.10");

    let seen: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.request_line.clone(), r.body_text().to_owned()))
        // (`format=jsv`: the client asks for JSV in the URL as well as in `Accept`.)
        .collect();
    let expected = [
        ("GET /tickets?match=fire&take=10&format=jsv HTTP/1.1", ""),
        ("GET /tickets/17?format=jsv HTTP/1.1", ""),
        (
            "PUT /tickets/17?format=jsv HTTP/1.1",
            "{id:17,priority:Low,flags:6}",
        ),
        (
            "POST /tickets/17/comments?format=jsv HTTP/1.1",
            "{ticketId:17,body:\"Seen, thanks\"}",
        ),
        ("DELETE /tickets/17/attachments/3?format=jsv HTTP/1.1", ""),
        ("GET /files/a%2Fb%20c.txt?format=jsv HTTP/1.1", ""),
        ("GET /stats/tickets?days=30&format=jsv HTTP/1.1", ""),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(l, b)| (l.to_string(), b.to_string()))
        .collect();
    assert_eq!(seen, expected);
}
