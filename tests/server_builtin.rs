//! The embedded server's side of the built-in DTOs, driven by both clients for real:
//! sign-in issuing tokens and session cookies, access tokens, batches, one-way requests and
//! the `QuerySessions` AutoQuery.

#![cfg(all(feature = "server", feature = "blocking"))]

mod both_clients;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use both_clients::{Client, Config};
use serde_jsv::builtin::{Authenticate, GetAccessToken};
use serde_jsv::client::Error;
use serde_jsv::evo_voice::{FlowChannels, InviteChatMember, PatchSession, SessionCallState};
use serde_jsv::server::{CreateSession, GetSession, QuerySessions, RunningServer, SessionServer};

const TOKEN: &str = "server-token";

fn server() -> RunningServer {
    SessionServer::new()
        .require_bearer_token(TOKEN)
        .user("ann@example.com", "correct horse")
        .run_in_background()
        .unwrap()
}

fn signed_in<C: Client>(server: &RunningServer) -> C {
    let client = C::build(&server.base_url(), Config::default());
    client
        .authenticate(&Authenticate::credentials(
            "ann@example.com",
            "correct horse",
        ))
        .unwrap();
    client
}

fn sign_in_issues_the_bearer_token_and_a_working_refresh_token<C: Client>() {
    let server = server();
    let client = C::build(&server.base_url(), Config::default());
    let err = client.send(&CreateSession::new("x")).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));

    let answer = client
        .authenticate(&Authenticate::credentials(
            "ann@example.com",
            "correct horse",
        ))
        .unwrap();
    assert_eq!(answer.bearer_token.as_deref(), Some(TOKEN));
    assert_eq!(answer.user_name.as_deref(), Some("ann@example.com"));
    assert_eq!(answer.auth_provider.as_deref(), Some("credentials"));
    let refresh = answer.refresh_token.clone().expect("a refresh token");
    let session = client.send(&CreateSession::new("Support")).unwrap();
    assert_eq!(session.display_name.as_deref(), Some("Support"));

    // The issued refresh token buys the access token at /access-token.
    let fresh = client.send(&GetAccessToken::new(refresh)).unwrap();
    assert_eq!(fresh.access_token.as_deref(), Some(TOKEN), "{}", C::FLAVOUR);
    let err = client.send(&GetAccessToken::new("not-issued")).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

fn bad_credentials_are_refused<C: Client>() {
    let server = server();
    let client = C::build(&server.base_url(), Config::default());
    let err = client
        .authenticate(&Authenticate::credentials("ann@example.com", "wrong"))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.error_code(), Some("Unauthorized"));
    let err = client
        .authenticate(&Authenticate::credentials("", ""))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.error_code(), Some("NotEmpty"));
    let err = client
        .authenticate(&Authenticate::new("github"))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
}

fn the_session_cookies_alone_authenticate<C: Client>() {
    let server = server();
    // A hook strips the bearer token: only the ss-id/ss-pid cookies remain.
    let client = C::build(
        &server.base_url(),
        Config {
            request_hooks: vec![Arc::new(|request| {
                request.headers_mut().remove("authorization");
            })],
            ..Config::default()
        },
    );
    assert!(client.send(&CreateSession::new("x")).is_err());
    client
        .authenticate(&Authenticate::credentials(
            "ann@example.com",
            "correct horse",
        ))
        .unwrap();
    let session = client.send(&CreateSession::new("By cookie")).unwrap();
    assert_eq!(session.display_name.as_deref(), Some("By cookie"));
    let page = client.send(&QuerySessions::default()).unwrap();
    assert_eq!(page.results.len(), 1);
}

fn on_authentication_required_signs_in_and_retries<C: Client>() {
    let server = server();
    let client = C::build(&server.base_url(), Config::default());
    let calls = Arc::new(AtomicUsize::new(0));
    client.on_auth_sign_in(
        Authenticate::credentials("ann@example.com", "correct horse"),
        Arc::clone(&calls),
    );
    let session = client.send(&CreateSession::new("After 401")).unwrap();
    assert_eq!(session.display_name.as_deref(), Some("After 401"));
    client.send(&CreateSession::new("No second call")).unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 1, "{}", C::FLAVOUR);
}

fn a_batch_invite_runs_every_item_in_order<C: Client>() {
    let server = server();
    let client: C = signed_in(&server);
    let id = client
        .send(&CreateSession::new("Batch"))
        .unwrap()
        .id
        .unwrap();
    let invites: Vec<InviteChatMember> = ["+15550001", "+15550002", "agent@example.com"]
        .into_iter()
        .map(|member| InviteChatMember::new(id.clone(), member))
        .collect();
    let answers = client.send_all(&invites).unwrap();
    let counts: Vec<usize> = answers
        .iter()
        .map(|session| session.members.as_ref().map_or(0, Vec::len))
        .collect();
    assert_eq!(counts, [1, 2, 3], "{}", C::FLAVOUR);

    // A failing item stops the batch; the ones before it ran.
    let again = [
        InviteChatMember::new(id.clone(), "+15550009"),
        InviteChatMember::new(id.clone(), "+15550001"),
        InviteChatMember::new(id.clone(), "+15550010"),
    ];
    let err = client.send_all(&again).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert_eq!(err.error_code(), Some("Conflict"));
    let headers = err.headers().expect("headers");
    assert_eq!(headers["x-autobatch-completed"], "1");
    let session = client.send(&GetSession::new(id)).unwrap();
    assert_eq!(session.members.map_or(0, |m| m.len()), 4);
}

fn one_way_requests_run_and_answer_no_content<C: Client>() {
    let server = server();
    let client: C = signed_in(&server);
    let id = client
        .send(&CreateSession::new("One way"))
        .unwrap()
        .id
        .unwrap();
    client
        .send_one_way(&PatchSession {
            call_state: Some(SessionCallState::Hold),
            ..PatchSession::new(id.clone())
        })
        .unwrap();
    client
        .send_all_one_way(&[
            InviteChatMember::new(id.clone(), "+15550001"),
            InviteChatMember::new(id.clone(), "+15550002"),
        ])
        .unwrap();
    let session = client.send(&GetSession::new(id.clone())).unwrap();
    assert_eq!(session.call_state, SessionCallState::Hold);
    assert_eq!(session.members.map_or(0, |m| m.len()), 2);
    let err = client
        .send_one_way(&InviteChatMember::new("no-such-session", "+1"))
        .unwrap_err();
    assert_eq!(err.error_code(), Some("NotFound"));
}

fn query_sessions_pages_orders_and_counts<C: Client>() {
    let server = server();
    let client: C = signed_in(&server);
    for (name, channel) in [
        ("Delta", FlowChannels::Voice),
        ("Alpha", FlowChannels::Chat),
        ("Echo", FlowChannels::Chat),
        ("Bravo", FlowChannels::Voice),
        ("Charlie", FlowChannels::Chat),
    ] {
        client
            .send(&CreateSession {
                channel: Some(channel),
                ..CreateSession::new(name)
            })
            .unwrap();
    }
    let names = |page: &serde_jsv::builtin::QueryResponse<serde_jsv::evo_voice::SessionInfo>| {
        page.results
            .iter()
            .map(|s| s.display_name.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    };

    let page = client
        .send(&QuerySessions {
            order_by: Some("displayName".into()),
            include: Some("total".into()),
            ..QuerySessions::page(1, 2)
        })
        .unwrap();
    assert_eq!((page.offset, page.total), (1, 5), "{}", C::FLAVOUR);
    assert_eq!(names(&page), ["Bravo", "Charlie"]);

    let page = client
        .send(&QuerySessions {
            channel: Some(FlowChannels::Chat),
            order_by_desc: Some("displayName".into()),
            ..QuerySessions::default()
        })
        .unwrap();
    assert_eq!(names(&page), ["Echo", "Charlie", "Alpha"]);
    // Without include=total, AutoQuery does not count.
    assert_eq!(page.total, 0);

    let page = client
        .send(&QuerySessions {
            fields: Some("id,displayName".into()),
            order_by: Some("-id".into()),
            ..QuerySessions::page(0, 1)
        })
        .unwrap();
    let only = &page.results[0];
    assert_eq!(only.display_name.as_deref(), Some("Charlie"));
    assert!(only.id.is_some());
    assert_eq!(only.date_created, None);

    let err = client
        .send(&QuerySessions {
            order_by: Some("shoeSize".into()),
            ..QuerySessions::default()
        })
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.error_code(), Some("ArgumentException"));
    let err = C::build(&server.base_url(), Config::default())
        .send(&QuerySessions::default())
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)) && err.status().map(|s| s.as_u16()) == Some(401));
}

/// An `Authenticate` with no provider and no user name asks for the current session, as
/// ServiceStack's `AuthenticateService` answers it: 401 before the sign-in, the session after.
fn a_bare_authenticate_answers_the_current_session<C: Client>() {
    let server = server();
    let client = C::build(&server.base_url(), Config::default());
    let err = client.authenticate(&Authenticate::default()).unwrap_err();
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(401),
        "{}",
        C::FLAVOUR
    );
    assert_eq!(err.error_code(), Some("Unauthorized"));
    assert_eq!(err.message(), Some("Not Authenticated"));

    let signed_in = client
        .authenticate(&Authenticate::credentials(
            "ann@example.com",
            "correct horse",
        ))
        .unwrap();
    let current = client.authenticate(&Authenticate::default()).unwrap();
    assert_eq!(current.user_name.as_deref(), Some("ann@example.com"));
    assert_eq!(current.display_name.as_deref(), Some("ann@example.com"));
    assert!(current.user_id.is_some());
    assert_eq!(current.user_id, signed_in.user_id, "{}", C::FLAVOUR);
    assert_eq!(current.session_id, signed_in.session_id);
    // No new tokens: the client keeps the ones it has.
    assert_eq!(current.bearer_token, None);
    assert_eq!(current.refresh_token, None);
    let session = client.send(&CreateSession::new("Still signed in")).unwrap();
    assert_eq!(session.display_name.as_deref(), Some("Still signed in"));
    // A provider without a user name is still a sign-in that lacks its members.
    let err = client
        .authenticate(&Authenticate::new("credentials"))
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
}

both!(
    a_bare_authenticate_answers_the_current_session,
    sign_in_issues_the_bearer_token_and_a_working_refresh_token,
    bad_credentials_are_refused,
    the_session_cookies_alone_authenticate,
    on_authentication_required_signs_in_and_retries,
    a_batch_invite_runs_every_item_in_order,
    one_way_requests_run_and_answer_no_content,
    query_sessions_pages_orders_and_counts,
);

/// Requests that get their 401 together share one callback call: eight tasks of the async
/// client, then eight threads of the blocking one.
#[test]
fn concurrent_401s_share_one_callback_call() {
    const CONCURRENT: usize = 8;
    let server = server();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let client = serde_jsv::client::JsvClient::new(server.base_url()).unwrap();
    let counted = Arc::clone(&calls);
    client.on_authentication_required(move |client| {
        counted.fetch_add(1, Ordering::SeqCst);
        async move {
            // Long enough for every request to have had its 401.
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            client
                .authenticate(&Authenticate::credentials(
                    "ann@example.com",
                    "correct horse",
                ))
                .await
                .map(drop)
        }
    });
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for n in 0..CONCURRENT {
            let client = client.clone();
            tasks
                .spawn(async move { client.send(&CreateSession::new(format!("async {n}"))).await });
        }
        while let Some(joined) = tasks.join_next().await {
            joined.unwrap().unwrap();
        }
    });
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let calls = Arc::new(AtomicUsize::new(0));
    let client = serde_jsv::client::blocking::JsvClient::new(server.base_url()).unwrap();
    let counted = Arc::clone(&calls);
    client.on_authentication_required(move |client| {
        counted.fetch_add(1, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(100));
        client
            .authenticate(&Authenticate::credentials(
                "ann@example.com",
                "correct horse",
            ))
            .map(drop)
    });
    std::thread::scope(|scope| {
        for n in 0..CONCURRENT {
            let client = client.clone();
            scope.spawn(move || {
                client
                    .send(&CreateSession::new(format!("blocking {n}")))
                    .unwrap()
            });
        }
    });
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(server.store().len(), 2 * CONCURRENT);
}

/// A bare `GET /auth` (and `GET /jsv/reply/Authenticate`), as a browser or curl sends it:
/// the session of the `ss-id` or `ss-pid` cookie, or 401.
#[test]
fn bare_get_auth_answers_the_session_of_the_cookie() {
    let server = server();
    let base = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let get = |path: &str, cookie: Option<String>| {
            let mut request = http.get(format!("{base}{path}"));
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send()
        };
        let answer = get("/auth?format=json", None).await.unwrap();
        assert_eq!(answer.status(), 401);
        assert_eq!(
            answer.headers()["www-authenticate"],
            "Bearer realm=\"/auth\""
        );
        let body: serde_json::Value = answer.json().await.unwrap();
        // Error bodies are PascalCase by default (`SessionServer::error_case`).
        assert_eq!(body["ResponseStatus"]["Message"], "Not Authenticated");
        let answer = get("/auth", Some("ss-id=never-issued".into()))
            .await
            .unwrap();
        assert_eq!(answer.status(), 401);

        let signed_in = http
            .post(format!("{base}/auth/credentials?format=json"))
            .json(&serde_json::json!({"userName": "ann@example.com", "password": "correct horse"}))
            .send()
            .await
            .unwrap();
        assert_eq!(signed_in.status(), 200);
        let cookie = |name: &str| {
            signed_in
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .find_map(|value| value.strip_prefix(&format!("{name}=")))
                .and_then(|rest| rest.split(';').next())
                .map(|value| format!("{name}={value}"))
                .unwrap()
        };
        let (ss_id, ss_pid) = (cookie("ss-id"), cookie("ss-pid"));
        let signed_in: serde_json::Value = signed_in.json().await.unwrap();

        let answer = get("/auth?format=json", Some(ss_id.clone())).await.unwrap();
        assert_eq!(answer.status(), 200);
        let current: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(current["userName"], "ann@example.com");
        assert_eq!(current["sessionId"], signed_in["sessionId"]);
        assert_eq!(current["userId"], signed_in["userId"]);
        assert!(current.get("bearerToken").is_none(), "{current}");
        // The permanent cookie names the same session; JSV on the predefined route.
        let answer = get("/jsv/reply/Authenticate", Some(ss_pid)).await.unwrap();
        assert_eq!(answer.status(), 200);
        let text = answer.text().await.unwrap();
        assert!(text.contains("userName:ann@example.com"), "{text}");
        let session_id = signed_in["sessionId"].as_str().unwrap();
        assert!(text.contains(&format!("sessionId:{session_id}")), "{text}");
    });
}

/// The predefined routes and JSON, as other ServiceStack clients send them.
#[test]
fn predefined_routes_and_json_bodies() {
    let server = server();
    let base = server.base_url();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let http = reqwest::Client::new();
        let post = |path: &str, content_type: &'static str, body: &'static str| {
            http.post(format!("{base}{path}"))
                .header("content-type", content_type)
                .body(body)
                .send()
        };

        // Sign in on /json/reply/Authenticate with a JSON body: a JSON answer.
        let answer = post(
            "/json/reply/Authenticate",
            "application/json",
            r#"{"provider":"credentials","userName":"ann@example.com","password":"correct horse","rememberMe":true}"#,
        )
        .await
        .unwrap();
        assert_eq!(answer.status(), 200);
        let cookies: Vec<String> = answer
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect();
        assert!(cookies.iter().any(|c| c.starts_with("ss-id=")), "{cookies:?}");
        assert!(cookies.iter().any(|c| c.starts_with("ss-pid=")), "{cookies:?}");
        assert!(cookies.iter().any(|c| c.starts_with("ss-opt=perm")), "{cookies:?}");
        let json: serde_json::Value =
            serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        assert_eq!(json["bearerToken"], TOKEN);
        let refresh = json["refreshToken"].as_str().unwrap().to_owned();

        // The refresh token on /jsv/reply/GetAccessToken, JSV in and out.
        let body = format!("{{refreshToken:{refresh}}}");
        let answer = http
            .post(format!("{base}/jsv/reply/GetAccessToken"))
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(
            answer.text().await.unwrap(),
            format!("{{accessToken:{TOKEN}}}")
        );

        // A JSON batch on /json/reply/CreateSession[], then a JSV AutoQuery on the
        // predefined route.
        let answer = http
            .post(format!("{base}/json/reply/CreateSession[]"))
            .bearer_auth(TOKEN)
            .body(r#"[{"displayName":"One"},{"displayName":"Two"}]"#)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let created: Vec<serde_json::Value> =
            serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        assert_eq!(created.len(), 2);
        assert_eq!(created[1]["displayName"], "Two");
        let answer = http
            .get(format!(
                "{base}/jsv/reply/QuerySessions?orderByDesc=displayName&include=total&fields=displayName"
            ))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let page: serde_jsv::builtin::QueryResponse<serde_jsv::Value> =
            serde_jsv::from_str(&answer.text().await.unwrap()).unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(page.results[0]["displayName"].as_str(), Some("Two"));

        // A `.json` suffix on the AutoQuery route answers JSON.
        let answer = http
            .get(format!("{base}/sessions.json?take=1"))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        let page: serde_json::Value =
            serde_json::from_slice(&answer.bytes().await.unwrap()).unwrap();
        assert_eq!(page["results"].as_array().map(Vec::len), Some(1));

        // A batch body that is no list is a 400.
        let answer = http
            .post(format!("{base}/jsv/reply/CreateSession[]"))
            .bearer_auth(TOKEN)
            .body("{displayName:One}")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400);
        // One-way answers 204 with no body.
        let answer = http
            .post(format!("{base}/jsv/oneway/CreateSession"))
            .bearer_auth(TOKEN)
            .body("{displayName:Three}")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 204);
        assert!(answer.bytes().await.unwrap().is_empty());
    });
    assert_eq!(server.store().len(), 3);
}
