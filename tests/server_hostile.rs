//! Hostile and heavy use of the mock host on loopback, bounded in count and time:
//! 64 concurrent clients inviting and removing members of the same sessions, malformed and
//! oversized bodies, unknown routes, wrong verbs, and a slow client beside quick ones.

#![cfg(all(feature = "server", feature = "client"))]

use std::collections::BTreeSet;
use std::time::Duration;

use serde_jsv::evo_voice::SessionInfo;
use serde_jsv::server::{ErrorCase, SessionServer};
use tokio::io::AsyncWriteExt;

const CLIENTS: usize = 64;
const ROUNDS: usize = 6;
const SESSIONS: usize = 4;

async fn send(
    client: &reqwest::Client,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: String,
) -> (u16, String) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = client.request(method, url);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.body(body).send().await.expect("request failed");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

fn identities(session: &SessionInfo) -> BTreeSet<String> {
    session
        .members
        .iter()
        .flatten()
        .filter_map(|member| member.identity.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_invites_and_removals_lose_nothing() {
    let server = SessionServer::new();
    let store = server.store();
    let ids: Vec<String> = (0..SESSIONS)
        .map(|n| {
            store.insert(SessionInfo {
                display_name: Some(format!("load {n}")),
                members: Some(Vec::new()),
                ..SessionInfo::default()
            })
        })
        .collect();
    let (_, handle) = server.serve("127.0.0.1:0").await.unwrap();
    let base = handle.base_url();

    // Each client invites ROUNDS members of its own into one shared session, half through
    // the `[Route]` in JSV and half through `/json/reply` in JSON, and removes every other one.
    let mut tasks = Vec::new();
    for client_no in 0..CLIENTS {
        let base = base.clone();
        let session = ids[client_no % SESSIONS].clone();
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut kept = Vec::new();
            for round in 0..ROUNDS {
                let member = format!("c{client_no}-r{round}@example.com");
                let (status, body) = if round % 2 == 0 {
                    send(
                        &client,
                        "POST",
                        &format!("{base}/sessions/{session}/members"),
                        &[
                            ("Content-Type", "application/jsv"),
                            ("Accept", "application/jsv"),
                        ],
                        format!("{{memberToAdd:{member}}}"),
                    )
                    .await
                } else {
                    send(
                        &client,
                        "POST",
                        &format!("{base}/json/reply/InviteChatMember"),
                        &[("Content-Type", "application/json")],
                        format!(r#"{{"sessionId":"{session}","memberToAdd":"{member}"}}"#),
                    )
                    .await
                };
                assert_eq!(status, 200, "invite {member}: {body}");
                if round % 2 == 1 {
                    let (status, body) = send(
                        &client,
                        "DELETE",
                        &format!("{base}/sessions/{session}/members/{member}"),
                        &[("Content-Type", "application/json")],
                        String::new(),
                    )
                    .await;
                    assert_eq!(status, 200, "remove {member}: {body}");
                } else {
                    kept.push(member);
                }
            }
            (session, kept)
        }));
    }
    let mut expected: Vec<BTreeSet<String>> = vec![BTreeSet::new(); SESSIONS];
    for task in tasks {
        let (session, kept) = tokio::time::timeout(Duration::from_secs(120), task)
            .await
            .expect("a client took over two minutes")
            .expect("a client panicked");
        let index = ids.iter().position(|id| *id == session).unwrap();
        expected[index].extend(kept);
    }
    for (id, expected) in ids.iter().zip(&expected) {
        let session = store.get(id).unwrap();
        assert_eq!(identities(&session), *expected, "session {id}");
        assert_eq!(expected.len(), CLIENTS / SESSIONS * ROUNDS.div_ceil(2));
    }
    handle.shutdown().await.unwrap();
}

#[tokio::test]
async fn bad_requests_get_servicestack_errors() {
    let server = SessionServer::new()
        .error_case(ErrorCase::Camel)
        .body_limit(4096);
    let store = server.store();
    let id = store.insert(SessionInfo::default());
    let (_, handle) = server.serve("127.0.0.1:0").await.unwrap();
    let base = handle.base_url();
    let client = reqwest::Client::new();
    let jsv = [
        ("Content-Type", "application/jsv"),
        ("Accept", "application/jsv"),
    ];
    let json = [
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
    ];
    let members = format!("{base}/sessions/{id}/members");

    // Malformed JSV: 400, the line, column and member named.
    let (status, body) = send(
        &client,
        "POST",
        &members,
        &jsv,
        "{memberToAdd:\"x@example.com,\ncallerId:1}".into(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.starts_with("{responseStatus:{errorCode:SerializationException,message:\"Could not deserialize 'application/jsv' request using InviteChatMember'\nError: JSV parse error at line "),
        "{body}"
    );
    let (status, body) = send(
        &client,
        "POST",
        &members,
        &jsv,
        "{memberToAdd:[oops}".into(),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("fieldName:memberToAdd"), "{body}");

    // Malformed JSON: 400, same shape.
    let (status, body) = send(
        &client,
        "POST",
        &members,
        &json,
        r#"{"memberToAdd": tru}"#.into(),
    )
    .await;
    assert_eq!(status, 400);
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        value["responseStatus"]["errorCode"],
        "SerializationException"
    );
    assert_eq!(
        value["responseStatus"]["message"],
        "Could not deserialize 'application/json' request using InviteChatMember'\nError: JSON parse error at line 1, column 20: expected ident"
    );
    assert_eq!(
        value["responseStatus"]["errors"][0]["fieldName"],
        "memberToAdd"
    );

    // Oversized: 413.
    let big = format!("{{memberToAdd:{}}}", "x".repeat(10_000));
    let (status, body) = send(&client, "POST", &members, &jsv, big).await;
    assert_eq!(status, 413, "{body}");
    assert!(
        body.starts_with("{responseStatus:{errorCode:RequestEntityTooLarge,"),
        "{body}"
    );

    // Unknown route and unknown operation: 404.
    let (status, body) = send(
        &client,
        "GET",
        &format!("{base}/nowhere"),
        &json,
        String::new(),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        r#"{"responseStatus":{"errorCode":"NotFound","message":"Handler for Request not found: GET /nowhere","errors":[]}}"#
    );
    let (status, _) = send(
        &client,
        "POST",
        &format!("{base}/json/reply/NoSuchThing"),
        &json,
        "{}".into(),
    )
    .await;
    assert_eq!(status, 404);

    // Wrong verb: 405 with `Allow`.
    let response = client
        .put(format!("{base}/sessions/{id}"))
        .header("Accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "GET, PATCH");
    assert_eq!(
        response.text().await.unwrap(),
        format!(
            r#"{{"responseStatus":{{"errorCode":"MethodNotAllowed","message":"PUT is not allowed on /sessions/{id}","errors":[]}}}}"#
        )
    );

    // The server is still whole: a good request works.
    let (status, body) = send(
        &client,
        "POST",
        &members,
        &jsv,
        "{memberToAdd:ok@example.com}".into(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    handle.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_client_does_not_stall_the_others() {
    let server = SessionServer::new();
    let id = server.store().insert(SessionInfo::default());
    let (addr, handle) = server.serve("127.0.0.1:0").await.unwrap();
    let base = handle.base_url();

    // A client that promises a body and sends it a byte at a time, very slowly.
    let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
    slow.write_all(
        format!(
            "POST /sessions/{id}/members HTTP/1.1\r\nHost: x\r\nContent-Type: application/jsv\r\n\
             Content-Length: 40\r\n\r\n{{memb"
        )
        .as_bytes(),
    )
    .await
    .unwrap();

    // Meanwhile 200 quick requests all get through, well within the bound.
    let client = reqwest::Client::new();
    let quick = async {
        for n in 0..200 {
            let (status, body) = send(
                &client,
                "GET",
                &format!("{base}/sessions/{id}"),
                &[("Accept", "application/jsv")],
                String::new(),
            )
            .await;
            assert_eq!(status, 200, "request {n}: {body}");
        }
    };
    tokio::time::timeout(Duration::from_secs(30), quick)
        .await
        .expect("quick requests stalled behind a slow client");

    // The slow client is still being served: finish its body and read the answer.
    slow.write_all(b"erToAdd:slow@example.com}            ")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = async {
        use tokio::io::AsyncReadExt;
        let mut buffer = [0u8; 4096];
        loop {
            let n = slow.read(&mut buffer).await.unwrap();
            answer.extend_from_slice(&buffer[..n]);
            if n == 0 || answer.windows(4).any(|w| w == b"\r\n\r\n") && answer.ends_with(b"}") {
                break;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .expect("the slow client got no answer");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("slow@example.com"), "{answer}");
    handle.shutdown().await.unwrap();
}
