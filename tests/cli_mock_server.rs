//! `jsv mock-server`: its first line, a request, SIGTERM, `--help`.

#![cfg(feature = "cli")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn jsv() -> Command {
    Command::new(env!("CARGO_BIN_EXE_jsv"))
}

#[test]
fn help_exits_zero() {
    let output = jsv().args(["mock-server", "--help"]).output().unwrap();
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("--port"), "{text}");
    assert!(
        text.contains("listening on http://127.0.0.1:PORT"),
        "{text}"
    );
}

#[cfg(unix)]
#[test]
fn serves_until_sigterm() {
    let mut child = jsv()
        .args(["mock-server", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let url = first
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("first line: {first:?}"));
    let (host, port) = url.split_once(':').unwrap();
    assert_eq!(host, "127.0.0.1");
    let port: u16 = port.parse().unwrap();
    assert_ne!(port, 0);

    // An unknown session: 404 with a camelCase JSON error body, as a .NET Core host answers.
    let mut socket = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        socket,
        "GET /sessions/nope HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    socket.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 404"), "{response}");
    assert!(
        response.ends_with(
            r#"{"responseStatus":{"errorCode":"NotFound","message":"Session 'nope' not found","errors":[]}}"#
        ),
        "{response}"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit}");
}

/// A supervisor may stop the server the moment it reads the first line: the signal handler is
/// in place before that line is printed, so SIGTERM (and SIGINT) always stop it cleanly
/// rather than killing it. Repeated because the window it closes is small.
#[cfg(unix)]
#[test]
fn a_signal_right_after_the_first_line_stops_cleanly() {
    for (round, signal) in ["-TERM", "-INT"].iter().cycle().take(12).enumerate() {
        let mut child = jsv()
            .args(["mock-server", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(first.starts_with("listening on http://"), "{first:?}");
        let status = Command::new("kill")
            .args([*signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        let exit = child.wait().unwrap();
        assert!(exit.success(), "round {round}, {signal}: {exit}");
    }
}
