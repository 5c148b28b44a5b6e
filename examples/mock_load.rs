//! Throughput and latency of the mock Evo Voice host on loopback: concurrent clients invite,
//! read and remove members of a few shared sessions, for a few seconds; prints requests per
//! second and the p50/p99/max latency. A measurement to run and report, not a test.
//!
//! Run: `cargo run --release --example mock_load --features server,client -- [CLIENTS] [SECONDS]`
//! (defaults: 64 clients, 5 seconds).

use std::time::{Duration, Instant};

use serde_jsv::evo_voice::SessionInfo;
use serde_jsv::server::SessionServer;

#[tokio::main(flavor = "multi_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let clients: usize = args.next().map_or(Ok(64), |a| a.parse())?;
    let seconds: u64 = args.next().map_or(Ok(5), |a| a.parse())?;

    let server = SessionServer::new();
    let store = server.store();
    let sessions: Vec<String> = (0..4)
        .map(|n| {
            store.insert(SessionInfo {
                display_name: Some(format!("load {n}")),
                ..SessionInfo::default()
            })
        })
        .collect();
    let (_, handle) = server.serve("127.0.0.1:0").await?;
    let base = handle.base_url();
    let deadline = Instant::now() + Duration::from_secs(seconds);

    let mut tasks = Vec::new();
    for client_no in 0..clients {
        let base = base.clone();
        let session = sessions[client_no % sessions.len()].clone();
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut latencies = Vec::new();
            let mut failures = 0usize;
            let mut round = 0usize;
            while Instant::now() < deadline {
                let member = format!("c{client_no}-{round}@example.com");
                let requests = [
                    http.post(format!("{base}/sessions/{session}/members"))
                        .header("Content-Type", "application/jsv")
                        .header("Accept", "application/jsv")
                        .body(format!("{{memberToAdd:{member}}}")),
                    http.get(format!("{base}/json/reply/GetSession?sessionId={session}")),
                    http.delete(format!("{base}/sessions/{session}/members/{member}"))
                        .header("Accept", "application/jsv"),
                ];
                for request in requests {
                    let started = Instant::now();
                    let ok = match request.send().await {
                        Ok(response) => {
                            let ok = response.status().is_success();
                            ok && response.bytes().await.is_ok()
                        }
                        Err(_) => false,
                    };
                    latencies.push(started.elapsed());
                    failures += usize::from(!ok);
                }
                round += 1;
            }
            (latencies, failures)
        }));
    }
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (mine, failed) = task.await?;
        latencies.extend(mine);
        failures += failed;
    }
    let elapsed = started.elapsed().max(Duration::from_secs(seconds));
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    println!(
        "{clients} clients, {:.1} s: {} requests, {:.0} req/s, p50 {:?}, p99 {:?}, max {:?}, {failures} failed",
        elapsed.as_secs_f64(),
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
        latencies.last().copied().unwrap_or_default(),
    );
    handle.shutdown().await?;
    Ok(())
}
