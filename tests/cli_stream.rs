//! The `jsv` conversion subcommands stream: a top-level list is converted item by item,
//! output starts before the input ends, and errors still say where they are in the stream.
#![cfg(feature = "cli")]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::thread;

use serde_jsv::Value;

fn jsv(args: &[&str], stdin: Vec<u8>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jsv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jsv binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let writer = thread::spawn(move || {
        let _ = pipe.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("jsv runs");
    writer.join().expect("the stdin writer finishes");
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A compact JSV list of `count` small sessions, about 100 bytes each.
fn sessions(count: usize) -> String {
    let mut text = String::from("[");
    for i in 0..count {
        if i > 0 {
            text.push(',');
        }
        text.push_str(&format!(
            "{{id:s{i},name:\"caller, {i}\",tags:[a,\"b:c\"],log:[{{date:\"2024-01-02T03:04:05Z\",message:hi}}],ended:False}}"
        ));
    }
    text.push(']');
    text
}

#[test]
fn a_large_list_round_trips_through_json_and_pretty_text() {
    let jsv_text = sessions(20_000);
    assert!(jsv_text.len() > 2 << 20);
    let expected: Value = serde_jsv::from_str(&jsv_text).unwrap();

    let json = jsv(&["to-json", "--compact"], jsv_text.clone().into_bytes());
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let again = jsv(&["from-json"], json.stdout);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        String::from_utf8(again.stdout).unwrap(),
        format!("{jsv_text}\n")
    );

    let pretty = jsv(&["fmt", "--pretty"], jsv_text.into_bytes());
    assert_eq!(pretty.status.code(), Some(0), "{}", stderr(&pretty));
    let pretty_text = String::from_utf8(pretty.stdout).unwrap();
    assert_eq!(
        serde_jsv::from_str::<Value>(&pretty_text).unwrap(),
        expected
    );
    let check = jsv(&["check"], pretty_text.into_bytes());
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert!(
        String::from_utf8_lossy(&check.stdout).contains("pretty JSV"),
        "{:?}",
        check.stdout
    );
}

#[test]
fn an_error_late_in_a_large_stream_is_placed_and_exits_1() {
    let mut text = sessions(20_000);
    text.pop();
    text.push_str(",\n{id:x}junk]");
    for args in [&["to-json"][..], &["fmt", "--compact"], &["check"]] {
        let output = jsv(args, text.clone().into_bytes());
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = stderr(&output);
        assert!(err.contains("line 2"), "{args:?}: {err}");
        assert!(err.contains("2 | {id:x}junk]"), "{args:?}: {err}");
    }
}

#[test]
fn a_json_error_deep_in_a_stream_shows_its_line() {
    let mut json = String::from("[");
    for i in 0..20_000 {
        json.push_str(&format!("{{\"id\":{i},\"name\":\"n{i}\"}},\n"));
    }
    json.push_str("{\"id\": 1, oops}]");
    let output = jsv(&["from-json"], json.into_bytes());
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(err.contains("line 20001, column 11"), "{err}");
    assert!(err.contains("20001 | {\"id\": 1, oops}]"), "{err}");
    assert!(err.contains('^'), "{err}");
}

#[test]
fn a_single_object_or_scalar_is_still_converted() {
    let output = jsv(&["to-json", "--compact"], b"{A:1,B:[x]}".to_vec());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "{\"A\":\"1\",\"B\":[\"x\"]}\n"
    );
    let output = jsv(&["fmt", "--compact"], b"[\n\t\n]".to_vec());
    assert_eq!(String::from_utf8_lossy(&output.stdout), "[]\n");
    let output = jsv(&["fmt", "--pretty"], b"[[],[1]]".to_vec());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "[\n\t[\n\t\t\n\t],\n\t[\n\t\t1\n\t]\n]\n"
    );
}
