//! The client's own cost: requests per second on loopback through [`JsvClient`] against
//! bare `reqwest` + `serde_json` on the same server, in one run.
//!
//! Four cases, each timed in rounds that run both clients back to back (which goes first
//! alternates); the table gives the median round's rates and the median of the per-round
//! ratios:
//!
//! * `small, session server`: `GET /sessions/{id}` on the embedded session server seeded
//!   with 1,000 sessions, one session per request, round robin: JSV for `JsvClient`,
//!   JSON for reqwest + serde_json (the server encodes each).
//! * `small, fixed bytes`: the same session answered from pre-encoded bytes, so that only
//!   the clients differ.
//! * `small, fixed, lean client`: the same with `JsvClient` configured as bare reqwest is
//!   (no cookie store, no timeout), to show what those defaults cost.
//! * `large, fixed bytes`: a list of the 1,000 sessions per request.
//!
//! ```text
//! cargo run --release --example client_rps --features client,server
//! cargo run --release --example client_rps --features client,server -- --rounds 51 --small 1000
//! ```
//!
//! `--loop jsv|lean|bare N` runs only N small fixed-bytes requests through one client and
//! prints the client thread's CPU time per request; under `perf stat -e instructions:u`
//! it gives instruction counts that a busy machine does not disturb.
//!
//! Run it on a quiet machine; it prints the ratio per request (`JsvClient` time / bare
//! time: below 1 is faster).

use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_jsv::client::JsvClient;
use serde_jsv::client::reqwest::{self, header};
use serde_jsv::evo_voice::{
    FlowChannels, SessionCallState, SessionDirections, SessionInfo, SessionMemberInfo,
    SessionMemberRoles,
};
use serde_jsv::request::{Method, Route, ServiceStackRequest};
use serde_jsv::server::{GetSession, SessionServer, SessionStore};

/// `GET /sessions/{sessionId}` on the fixed-bytes server (the same route as the session
/// server's `GetSession`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FixedSession {
    session_id: String,
}

impl ServiceStackRequest for FixedSession {
    type Response = SessionInfo;
    const TYPE_NAME: &'static str = "GetSession";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/fixed/sessions/{sessionId}", &[Method::Get])];
}

/// `GET /fixed/sessions`: every session.
#[derive(Serialize, Deserialize)]
struct ListSessions {}

impl ServiceStackRequest for ListSessions {
    type Response = Vec<SessionInfo>;
    const TYPE_NAME: &'static str = "ListSessions";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] = &[Route::new("/fixed/sessions", &[Method::Get])];
}

fn session(i: usize) -> SessionInfo {
    let member = |n: usize, role| SessionMemberInfo {
        identity: Some(format!("agent:{n}")),
        display_name: Some(format!("Agent {n}")),
        endpoint_id: Some(format!("ep-{n:05}")),
        role,
        is_original_member: n.is_multiple_of(2),
        ..SessionMemberInfo::default()
    };
    SessionInfo {
        display_name: Some(format!("Support chat {i}")),
        account_id: Some("acct-42".into()),
        account_name: Some("Example, Inc.".into()),
        customer_id: Some(format!("cust-{:04}", i % 97)),
        customer_name: Some(format!("Customer {}", i % 97)),
        from_address: Some(format!("+1555{i:07}")),
        to_address: Some("+15550000000".into()),
        channel: FlowChannels::Chat,
        direction: SessionDirections::Incoming,
        call_state: SessionCallState::Connected,
        date_created: Some("2024-05-01T10:00:00Z".into()),
        members: Some(vec![
            member(i, SessionMemberRoles::Caller),
            member(i + 1, SessionMemberRoles::Agent),
        ]),
        ..SessionInfo::default()
    }
}

/// The pre-encoded answers of the fixed-bytes server.
struct Fixed {
    one_jsv: Vec<u8>,
    one_json: Vec<u8>,
    all_jsv: Vec<u8>,
    all_json: Vec<u8>,
}

fn fixed_router(fixed: Arc<Fixed>) -> axum::Router {
    use axum::http::{HeaderMap, HeaderValue};
    use axum::response::IntoResponse;
    use axum::routing::get;

    fn answer(headers: &HeaderMap, jsv: &[u8], json: &[u8]) -> axum::response::Response {
        let wants_jsv = headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("jsv"));
        let (body, kind) = if wants_jsv {
            (jsv.to_vec(), "application/jsv; charset=utf-8")
        } else {
            (json.to_vec(), "application/json; charset=utf-8")
        };
        let mut response = body.into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
        response
    }

    let one = fixed.clone();
    axum::Router::new()
        .route(
            "/fixed/sessions/{id}",
            get(move |headers: HeaderMap| {
                let fixed = one.clone();
                async move { answer(&headers, &fixed.one_jsv, &fixed.one_json) }
            }),
        )
        .route(
            "/fixed/sessions",
            get(move |headers: HeaderMap| {
                let fixed = fixed.clone();
                async move { answer(&headers, &fixed.all_jsv, &fixed.all_json) }
            }),
        )
}

/// One case: per-round timings of each client.
struct Case {
    name: &'static str,
    requests: usize,
    body_jsv: usize,
    body_json: usize,
    jsv: Vec<Duration>,
    bare: Vec<Duration>,
}

fn median<T: PartialOrd + Copy>(values: &[T]) -> T {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    sorted[sorted.len() / 2]
}

impl Case {
    fn print(&self) {
        let per = |d: Duration| d.as_secs_f64() / self.requests as f64;
        let (jsv, bare) = (per(median(&self.jsv)), per(median(&self.bare)));
        // Each round times both clients back to back: the median of the per-round ratios
        // cancels the machine's drift better than the ratio of the medians.
        let ratios: Vec<f64> = self
            .jsv
            .iter()
            .zip(&self.bare)
            .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64())
            .collect();
        println!(
            "{:<26} {:>9.0} {:>9.0} {:>8.1} {:>8.1} {:>7.3}   {:>8} {:>8}",
            self.name,
            1.0 / jsv,
            1.0 / bare,
            jsv * 1e6,
            bare * 1e6,
            median(&ratios),
            self.body_jsv,
            self.body_json,
        );
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |flag: &str, default: usize| -> Result<usize, Box<dyn Error>> {
        match args.iter().position(|a| a == flag) {
            Some(at) => Ok(args.get(at + 1).ok_or("missing value")?.parse()?),
            None => Ok(default),
        }
    };
    let rounds = arg("--rounds", 31)?;
    let small = arg("--small", 400)?;
    let large = arg("--large", 8)?;

    // The session server, seeded with 1,000 sessions.
    let store = SessionStore::new();
    let ids: Vec<String> = (0..1000).map(|i| store.insert(session(i))).collect();
    let sessions: Vec<SessionInfo> = ids.iter().filter_map(|id| store.get(id)).collect();
    let server = SessionServer::new().with_store(store).run_in_background()?;

    // The fixed-bytes server, on a thread of its own like the session server.
    let fixed = Arc::new(Fixed {
        one_jsv: serde_jsv::to_vec(&sessions[0])?,
        one_json: serde_json::to_vec(&sessions[0])?,
        all_jsv: serde_jsv::to_vec(&sessions)?,
        all_json: serde_json::to_vec(&sessions)?,
    });
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let fixed_url = format!("http://{}", listener.local_addr()?);
    let router = fixed_router(fixed.clone());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            axum::serve(listener, router).await.expect("serve");
        });
    });

    let jsv_client = JsvClient::new(server.base_url())?;
    let jsv_fixed = JsvClient::new(&fixed_url)?;
    // What the defaults cost: reqwest's bare client keeps no cookies and sets no timeout.
    let jsv_lean = JsvClient::builder(&fixed_url)
        .cookie_store(false)
        .no_timeout()
        .build()?;
    let bare = reqwest::Client::new();
    let base = server.base_url();

    // Both answers decode to the same sessions (and warm the connections).
    let id = &ids[0];
    let a = jsv_client.send(&GetSession::new(id.clone())).await?;
    let b: SessionInfo = bare_get(&bare, &format!("{base}/sessions/{id}")).await?;
    assert_eq!(a, b);
    let a = jsv_fixed.send(&ListSessions {}).await?;
    let b: Vec<SessionInfo> = bare_get(&bare, &format!("{fixed_url}/fixed/sessions")).await?;
    assert_eq!(a, b);
    assert_eq!(a.len(), 1000);

    // `--loop jsv|lean|bare N`: only N small fixed-bytes requests through one client, for
    // `perf stat` (the server's share is the same for each client); prints the CPU time of
    // the client's thread per request (the servers run on threads of their own).
    if let Some(at) = args.iter().position(|a| a == "--loop") {
        let which = args.get(at + 1).ok_or("missing client")?.clone();
        let n: usize = args.get(at + 2).ok_or("missing count")?.parse()?;
        let cpu_before = thread_cpu_ns();
        for i in 0..n {
            let id = &ids[i % ids.len()];
            match which.as_str() {
                "jsv" | "lean" => {
                    let client = if which == "jsv" {
                        &jsv_fixed
                    } else {
                        &jsv_lean
                    };
                    let request = FixedSession {
                        session_id: id.clone(),
                    };
                    std::hint::black_box(client.send(&request).await?);
                }
                "bare" => {
                    let url = format!("{fixed_url}/fixed/sessions/{id}");
                    let session: SessionInfo = bare_get(&bare, &url).await?;
                    std::hint::black_box(session);
                }
                other => return Err(format!("unknown client `{other}`").into()),
            }
        }
        if let (Some(before), Some(after)) = (cpu_before, thread_cpu_ns()) {
            println!(
                "{which}: {n} requests, client thread CPU {:.2} µs per request",
                (after - before) as f64 / n as f64 / 1e3
            );
        }
        return Ok(());
    }

    let one_jsv = jsv_client
        .send_raw(Method::Get, &format!("/sessions/{id}?format=jsv"), None)
        .await?;
    let mut cases = [
        Case {
            name: "small, session server",
            requests: small,
            body_jsv: one_jsv.raw_body().len(),
            body_json: bare
                .get(format!("{base}/sessions/{id}"))
                .header(header::ACCEPT, "application/json")
                .send()
                .await?
                .bytes()
                .await?
                .len(),
            jsv: Vec::new(),
            bare: Vec::new(),
        },
        Case {
            name: "small, fixed bytes",
            requests: small,
            body_jsv: fixed.one_jsv.len(),
            body_json: fixed.one_json.len(),
            jsv: Vec::new(),
            bare: Vec::new(),
        },
        Case {
            name: "small, fixed, lean client",
            requests: small,
            body_jsv: fixed.one_jsv.len(),
            body_json: fixed.one_json.len(),
            jsv: Vec::new(),
            bare: Vec::new(),
        },
        Case {
            name: "large (1,000), fixed bytes",
            requests: large,
            body_jsv: fixed.all_jsv.len(),
            body_json: fixed.all_json.len(),
            jsv: Vec::new(),
            bare: Vec::new(),
        },
    ];

    for round in 0..rounds {
        // Alternate which client goes first, so that neither always runs warmer.
        for first_jsv in [round % 2 == 0, round % 2 == 1] {
            let started = Instant::now();
            if first_jsv {
                for i in 0..small {
                    let id = &ids[i % ids.len()];
                    std::hint::black_box(jsv_client.send(&GetSession::new(id.clone())).await?);
                }
                cases[0].jsv.push(started.elapsed());
            } else {
                for i in 0..small {
                    let id = &ids[i % ids.len()];
                    let session: SessionInfo =
                        bare_get(&bare, &format!("{base}/sessions/{id}")).await?;
                    std::hint::black_box(session);
                }
                cases[0].bare.push(started.elapsed());
            }

            let started = Instant::now();
            if first_jsv {
                for i in 0..small {
                    let request = FixedSession {
                        session_id: ids[i % ids.len()].clone(),
                    };
                    std::hint::black_box(jsv_fixed.send(&request).await?);
                }
                cases[1].jsv.push(started.elapsed());
            } else {
                for i in 0..small {
                    let url = format!("{fixed_url}/fixed/sessions/{}", ids[i % ids.len()]);
                    let session: SessionInfo = bare_get(&bare, &url).await?;
                    std::hint::black_box(session);
                }
                cases[1].bare.push(started.elapsed());
            }

            let started = Instant::now();
            if first_jsv {
                for i in 0..small {
                    let request = FixedSession {
                        session_id: ids[i % ids.len()].clone(),
                    };
                    std::hint::black_box(jsv_lean.send(&request).await?);
                }
                cases[2].jsv.push(started.elapsed());
            } else {
                for i in 0..small {
                    let url = format!("{fixed_url}/fixed/sessions/{}", ids[i % ids.len()]);
                    let session: SessionInfo = bare_get(&bare, &url).await?;
                    std::hint::black_box(session);
                }
                cases[2].bare.push(started.elapsed());
            }

            let started = Instant::now();
            if first_jsv {
                for _ in 0..large {
                    std::hint::black_box(jsv_fixed.send(&ListSessions {}).await?);
                }
                cases[3].jsv.push(started.elapsed());
            } else {
                for _ in 0..large {
                    let all: Vec<SessionInfo> =
                        bare_get(&bare, &format!("{fixed_url}/fixed/sessions")).await?;
                    std::hint::black_box(all);
                }
                cases[3].bare.push(started.elapsed());
            }
        }
    }

    println!(
        "{rounds} rounds, median round; {small} small requests and {large} large ones per round"
    );
    println!(
        "{:<26} {:>9} {:>9} {:>8} {:>8} {:>7}   {:>8} {:>8}",
        "case", "jsv req/s", "bare req/s", "jsv µs", "bare µs", "ratio*", "JSV B", "JSON B"
    );
    for case in &cases {
        case.print();
    }
    breakdown(&jsv_fixed, &ids, &fixed);
    server.shutdown()?;
    Ok(())
}

/// What a bare reqwest user writes: GET, `Accept: application/json`, bytes, serde_json.
async fn bare_get<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    url: &str,
) -> Result<T, Box<dyn Error>> {
    let response = client
        .get(url)
        .header(header::ACCEPT, "application/json")
        .send()
        .await?
        .error_for_status()?;
    let bytes = response.bytes().await?;
    Ok(serde_json::from_slice(&bytes)?)
}

/// The CPU time of the calling thread in nanoseconds (Linux `schedstat`), if readable.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// Where a small request's time goes on the client, CPU only: the parts `JsvClient` adds
/// (the URL from the DTO) and the decoding each side does.
fn breakdown(client: &JsvClient, ids: &[String], fixed: &Fixed) {
    const N: usize = 20_000;
    let time = |f: &mut dyn FnMut(usize)| {
        let started = Instant::now();
        for i in 0..N {
            f(i);
        }
        started.elapsed().as_secs_f64() * 1e6 / N as f64
    };
    let url = time(&mut |i| {
        let request = FixedSession {
            session_id: ids[i % ids.len()].clone(),
        };
        std::hint::black_box(client.url_for(&request, Method::Get).ok());
    });
    let bare_url = time(&mut |i| {
        let url = format!("http://127.0.0.1:1/fixed/sessions/{}", ids[i % ids.len()]);
        std::hint::black_box(reqwest::Url::parse(&url).ok());
    });
    let jsv = time(&mut |_| {
        std::hint::black_box(serde_jsv::from_slice::<SessionInfo>(&fixed.one_jsv).ok());
    });
    let json = time(&mut |_| {
        std::hint::black_box(serde_json::from_slice::<SessionInfo>(&fixed.one_json).ok());
    });
    println!(
        "per small request, CPU: URL from the DTO {url:.2} µs (a formatted URL string: \
         {bare_url:.2} µs); decode JSV {jsv:.2} µs, JSON {json:.2} µs"
    );
}
