//! The mock Evo Voice host judged by clients no one here wrote: ServiceStack's own Python
//! client (PyPI `servicestack`) and TypeScript client (npm `@servicestack/client`, under
//! node) call the session routes, one batch, a 400 with field errors and a 404, and check
//! that their own error objects show our `ResponseStatus` (see `tests/foreign/`).
//!
//! The clients are installed into `target/foreign-clients/` by
//! `.ci/install-foreign-clients.sh` (which `.ci/run` calls). Without them the tests fail when
//! `CI` is set, and otherwise print how to install them.

#![cfg(feature = "server")]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_jsv::server::{ErrorCase, Received, SessionServer};

fn clients_dir() -> PathBuf {
    match std::env::var_os("FOREIGN_CLIENTS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/foreign-clients"),
    }
}

/// Whether `marker` (a file of the installed client) exists; when not, fails under CI and
/// says how to install otherwise.
fn installed(name: &str, marker: &Path) -> bool {
    if marker.exists() {
        return true;
    }
    let advice = format!(
        "{name} is not installed ({} is missing): run .ci/install-foreign-clients.sh \
         (needs python3 with pip and node with npm), then run this test again",
        marker.display()
    );
    if std::env::var_os("CI").is_some() {
        panic!("{advice}");
    }
    eprintln!("skipped: {advice}");
    false
}

fn run(mut command: Command, what: &str) {
    let output = command
        .output()
        .unwrap_or_else(|err| panic!("cannot start {what}: {err}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.trim_end().ends_with("ok"),
        "{what} failed ({}):\nstdout:\n{stdout}\nstderr:\n{stderr}",
        output.status
    );
}

/// The mock as a .NET Core ServiceStack host answers: camelCase error bodies; and the log
/// of what it received.
fn mock_host() -> (serde_jsv::server::RunningServer, Received) {
    let received = Received::new();
    let server = SessionServer::new()
        .error_case(ErrorCase::Camel)
        .record_into(&received)
        .run_in_background()
        .expect("the mock host starts");
    (server, received)
}

/// `METHOD path` of each request received, with the `Content-Type` of body-less ones.
fn requests(received: &Received) -> Vec<String> {
    received
        .all()
        .iter()
        .map(|exchange| {
            let mut line = format!("{} {}", exchange.method, exchange.uri.path());
            if exchange.request_body.is_empty()
                && let Some(content_type) = exchange.request_header("content-type")
            {
                line.push_str(&format!(" (no body, {content_type})"));
            }
            line
        })
        .collect()
}

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/foreign")
        .join(name)
}

#[test]
fn python_servicestack_client() {
    let site = clients_dir().join("python");
    if !installed(
        "the Python servicestack client",
        &site.join("servicestack/clients.py"),
    ) {
        return;
    }
    let (server, received) = mock_host();
    let mut command = Command::new("python3");
    command
        .arg(script("python_client.py"))
        .arg(format!("{}/", server.base_url()))
        .arg(&site);
    run(command, "the Python client");
    server.shutdown().unwrap();
    // The client's own routes: `/api/{Name}`, the batch with its brackets percent-encoded
    // (`requests` encodes them; the node client sends them raw).
    assert_eq!(
        requests(&received),
        [
            "POST /api/CreateSession",
            "POST /api/InviteChatMember",
            "GET /api/GetSession",
            "PATCH /api/PatchSession",
            "DELETE /api/DeleteChatMember",
            "POST /api/InviteChatMember%5B%5D",
            "POST /api/InviteChatMember",
            "GET /api/GetSession",
        ]
    );
}

#[test]
fn npm_servicestack_client() {
    let prefix = clients_dir().join("node");
    if !installed(
        "@servicestack/client",
        &prefix.join("node_modules/@servicestack/client/package.json"),
    ) {
        return;
    }
    let (server, received) = mock_host();
    let mut command = Command::new("node");
    command
        .arg(script("node_client.cjs"))
        .arg(format!("{}/", server.base_url()))
        .arg(&prefix);
    run(command, "the node client");
    server.shutdown().unwrap();
    // The client's own routes, and its JSON Content-Type on body-less GET and DELETE.
    let json = "(no body, application/json)";
    assert_eq!(
        requests(&received),
        [
            "POST /api/CreateSession".to_owned(),
            "POST /api/InviteChatMember".to_owned(),
            format!("GET /api/GetSession {json}"),
            "PATCH /api/PatchSession".to_owned(),
            format!("DELETE /api/DeleteChatMember {json}"),
            "POST /api/InviteChatMember[]".to_owned(),
            "POST /api/InviteChatMember".to_owned(),
            "POST /api/InviteChatMember".to_owned(),
            format!("GET /api/GetSession {json}"),
        ]
    );
}
