//! The `jsv` binary, run for real: files, pipes, bad input, and HTTP against a one-shot
//! server on the loopback interface.
#![cfg(feature = "cli")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

use serde_jsv::Value;

/// Runs `jsv args…` with `stdin` piped in (written from a thread, so large inputs cannot
/// deadlock against a full stdout pipe).
fn jsv(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jsv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the jsv binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_vec();
    let writer = thread::spawn(move || {
        // The binary may stop reading early (usage errors); a broken pipe is fine then.
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().expect("jsv runs");
    writer.join().expect("the stdin writer finishes");
    output
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).expect("stderr is UTF-8")
}

#[track_caller]
fn assert_ok(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
}

/// Asserts exit status 1, nothing on stdout and a caret snippet on stderr.
#[track_caller]
fn assert_invalid(output: &Output, position: &str) {
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(output));
    assert!(
        output.stdout.is_empty(),
        "stdout should be empty: {:?}",
        stdout(output)
    );
    let err = stderr(output);
    assert!(err.contains(position), "no `{position}` in {err}");
    assert!(
        err.contains(" | ") && err.contains('^'),
        "no snippet in {err}"
    );
}

/// A file in the temporary directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, content: &[u8]) -> TempFile {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let unique = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("jsv-cli-{}-{unique}-{name}", std::process::id()));
        std::fs::write(&path, content).expect("temp file written");
        TempFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp path is UTF-8")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const SESSION_JSV: &str =
    r#"{Id:s1,Name:"a, b",Count:12,Ratio:-1.5,Code:007,Ended:True,Note:,Tags:[x,"y]",""],Meta:{}}"#;

#[test]
fn help_lists_commands_and_examples() {
    let output = jsv(&["--help"], b"");
    assert_ok(&output);
    let help = stdout(&output);
    for needle in [
        "from-json",
        "to-json",
        "fmt",
        "check",
        "get",
        "send",
        "Examples:",
        "Exit status",
    ] {
        assert!(help.contains(needle), "no `{needle}` in --help");
    }
    for command in ["from-json", "to-json", "fmt", "check", "get", "send"] {
        let output = jsv(&[command, "--help"], b"");
        assert_ok(&output);
        assert!(
            stdout(&output).contains("Examples:"),
            "{command} --help has no examples"
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let output = jsv(&["to-json", "--no-such-flag"], b"");
    assert_eq!(output.status.code(), Some(2));
    let output = jsv(&["frobnicate"], b"");
    assert_eq!(output.status.code(), Some(2));
    let output = jsv(&["fmt", "--compact", "--pretty"], b"");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn missing_file_is_an_io_error() {
    let output = jsv(&["check", "/nonexistent/jsv-cli/missing.jsv"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("missing.jsv"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn from_json_keeps_member_order_and_matches_the_library() {
    let json =
        r#"{"zeta":1,"alpha":[true,false,null,"a,b"],"mid":{"x":1.5,"y":""},"big":1e17,"neg":-3}"#;
    let expected = serde_jsv::to_string(&Value::from(
        serde_json::from_str::<serde_json::Value>(json).unwrap(),
    ))
    .unwrap();
    assert_eq!(
        expected,
        r#"{zeta:1,alpha:[True,False,,"a,b"],mid:{x:1.5,y:""},big:1e+17,neg:-3}"#
    );

    let file = TempFile::new("order.json", json.as_bytes());
    let output = jsv(&["from-json", file.path()], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{expected}\n"));

    let output = jsv(&["from-json", "--pretty"], json.as_bytes());
    assert_ok(&output);
    let pretty = serde_jsv::to_string_pretty(&Value::from(
        serde_json::from_str::<serde_json::Value>(json).unwrap(),
    ))
    .unwrap();
    assert_eq!(stdout(&output), format!("{pretty}\n"));
    assert!(pretty.starts_with("{\n\tzeta: 1,"));
}

#[test]
fn from_json_bad_input_writes_nothing() {
    let output = jsv(&["from-json"], b"{\"a\": [1, 2,\n  }\n");
    assert_invalid(&output, "line 2, column 3");
    assert!(stderr(&output).contains("JSON parse error"));

    // `[null]` has no JSV form: refused before anything is written.
    let output = jsv(&["from-json"], br#"{"a":[{"b":1}],"c":[null]}"#);
    assert_invalid(&output, "no JSV form");

    // Empty input is not JSON.
    let output = jsv(&["from-json"], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
}

#[test]
fn to_json_keeps_strings_by_default() {
    let file = TempFile::new("session.jsv", SESSION_JSV.as_bytes());
    let output = jsv(&["to-json", "--compact", file.path()], b"");
    assert_ok(&output);
    let expected = serde_json::Value::from(serde_jsv::from_str::<Value>(SESSION_JSV).unwrap());
    assert_eq!(stdout(&output), format!("{expected}\n"));
    assert!(stdout(&output).contains(r#""Count":"12""#));
    assert!(stdout(&output).contains(r#""Note":null"#));

    // Pretty JSON is the default.
    let output = jsv(&["to-json", file.path()], b"");
    assert_ok(&output);
    assert_eq!(
        stdout(&output),
        format!("{}\n", serde_json::to_string_pretty(&expected).unwrap())
    );
}

#[test]
fn to_json_infer_matches_the_library() {
    let output = jsv(
        &["to-json", "--infer", "--compact", "-"],
        SESSION_JSV.as_bytes(),
    );
    assert_ok(&output);
    let expected = serde_jsv::from_str::<Value>(SESSION_JSV)
        .unwrap()
        .to_json_inferred();
    assert_eq!(stdout(&output), format!("{expected}\n"));
    let json: serde_json::Value = serde_json::from_str(stdout(&output)).unwrap();
    assert_eq!(json["Count"], 12);
    assert_eq!(json["Ratio"], -1.5);
    assert_eq!(json["Code"], "007");
    assert_eq!(json["Ended"], true);
    assert_eq!(json["Tags"][1], "y]");

    let tricky = "[1E+17,1e5,+3,-0,0,1.50,True,true,False,18446744073709551616,-,.5,NaN]";
    let output = jsv(&["to-json", "--infer", "--compact"], tricky.as_bytes());
    assert_ok(&output);
    let expected = serde_jsv::from_str::<Value>(tricky)
        .unwrap()
        .to_json_inferred();
    assert_eq!(stdout(&output), format!("{expected}\n"));
}

#[test]
fn fmt_is_pretty_by_default_and_idempotent() {
    let output = jsv(&["fmt"], SESSION_JSV.as_bytes());
    assert_ok(&output);
    let pretty = stdout(&output).to_owned();
    let value = serde_jsv::from_str::<Value>(SESSION_JSV).unwrap();
    assert_eq!(pretty, format!("{value:#}\n"));
    assert!(pretty.starts_with("{\n\tId: s1,"));

    // Formatting formatted text changes nothing, from a file or a pipe, with or without
    // the explicit flag; the same for compact.
    let file = TempFile::new("pretty.jsv", pretty.as_bytes());
    for args in [&["fmt", file.path()][..], &["fmt", "--pretty", file.path()]] {
        let output = jsv(args, b"");
        assert_ok(&output);
        assert_eq!(stdout(&output), pretty, "{args:?}");
    }
    let output = jsv(&["fmt"], pretty.as_bytes());
    assert_eq!(stdout(&output), pretty);
    let output = jsv(&["fmt", "--compact"], SESSION_JSV.as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{SESSION_JSV}\n"));
    let output = jsv(&["fmt", "--compact"], output.stdout.as_slice());
    assert_eq!(stdout(&output), format!("{SESSION_JSV}\n"));
    // Pretty input comes back compact with --compact, byte for byte.
    let output = jsv(&["fmt", "--compact", file.path()], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{SESSION_JSV}\n"));

    // Quoting is normalised, whitespace in compact scalars is data: kept bare in compact
    // output, quoted in the pretty layout (which trims bare scalars).
    let input = br#"{"A":"x",B: y ,C:"a""b"}"#;
    let output = jsv(&["fmt", "--compact"], input);
    assert_ok(&output);
    assert_eq!(stdout(&output), "{A:x,B: y ,C:\"a\"\"b\"}\n");
    let output = jsv(&["fmt"], input);
    assert_ok(&output);
    let pretty = "{\n\tA: x,\n\tB: \" y \",\n\tC: \"a\"\"b\"\n}\n";
    assert_eq!(stdout(&output), pretty);
    let output = jsv(&["fmt"], output.stdout.as_slice());
    assert_ok(&output);
    assert_eq!(stdout(&output), pretty);
    let output = jsv(&["fmt", "--compact"], output.stdout.as_slice());
    assert_ok(&output);
    assert_eq!(stdout(&output), "{A:x,B: y ,C:\"a\"\"b\"}\n");
}

/// `jsv fmt` twice is `jsv fmt` once, in both layouts, on documents of every shape: roots
/// that are scalars, empty containers, nested lists, empty tokens, quoting.
#[test]
fn fmt_twice_changes_nothing() {
    let documents = [
        SESSION_JSV,
        "x",
        " padded ",
        "[]",
        "{}",
        "[[],[[]],{}]",
        "[a,,b,]",
        "{A:,B:[,],C:{D:{E:[1,[2,[3]]]}}}",
        r#"["a,b","c""d","",x y,"[",{k:"}"}]"#,
        "{\n\tA: 1,\n\tB: \n\t[\n\t\tx\n\t]\n}",
        "",
    ];
    for document in documents {
        for flags in [&["fmt"][..], &["fmt", "--compact"]] {
            let once = jsv(flags, document.as_bytes());
            assert_ok(&once);
            let twice = jsv(flags, once.stdout.as_slice());
            assert_ok(&twice);
            assert_eq!(stdout(&twice), stdout(&once), "{flags:?} on {document:?}");
            // And the value is kept.
            let before: Value = serde_jsv::from_str(document).unwrap();
            let after: Value = serde_jsv::from_str(stdout(&once)).unwrap();
            assert_eq!(after, before, "{flags:?} on {document:?}");
        }
    }
}

#[test]
fn fmt_read_mode_pretty_trims_scalars() {
    let output = jsv(
        &["fmt", "--compact", "--read-mode", "pretty"],
        b"{ A: x , B: [ 1 , 2 ] }",
    );
    assert_ok(&output);
    assert_eq!(stdout(&output), "{A:x,B:[1,2]}\n");
}

#[test]
fn check_reports_position_and_caret() {
    let output = jsv(&["check"], SESSION_JSV.as_bytes());
    assert_ok(&output);
    assert!(
        stdout(&output).starts_with("ok: <stdin>: compact JSV"),
        "{}",
        stdout(&output)
    );

    let output = jsv(&["check", "-q"], SESSION_JSV.as_bytes());
    assert_ok(&output);
    assert!(output.stdout.is_empty());

    let bad = TempFile::new("bad.jsv", b"{Id:s1,Name:\"unterminated}");
    let output = jsv(&["check", bad.path()], b"");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let err = stderr(&output);
    assert!(err.contains(bad.path()), "{err}");
    assert!(err.contains("line 1, column 13"), "{err}");
    assert!(err.contains("1 | {Id:s1,Name:\"unterminated}"), "{err}");
    assert!(err.contains("^"), "{err}");

    let output = jsv(&["check"], b"{\n\tA: 1,\n\tB: [x]y\n}");
    assert_invalid(&output, "line 3");
}

#[test]
fn bad_input_writes_nothing_on_stdout() {
    // The error is near the end, after plenty of valid output would have been produced.
    let mut bad = String::from("[");
    for i in 0..10_000 {
        bad.push_str(&format!("{{Id:{i},Name:n{i}}},"));
    }
    bad.push_str("{Id:x}junk]");
    for args in [
        &["to-json"][..],
        &["fmt"],
        &["fmt", "--compact"],
        &["to-json", "--infer"],
    ] {
        let output = jsv(args, bad.as_bytes());
        assert_invalid(&output, "line 1, column");
    }
    let output = jsv(&["to-json"], b"{A:1}trailing");
    assert_invalid(&output, "line 1, column 6");
}

#[test]
fn empty_input() {
    let output = jsv(&["check"], b"");
    assert_ok(&output);
    assert!(stdout(&output).contains("empty document"));
    let output = jsv(&["to-json"], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), "null\n");
    let output = jsv(&["fmt"], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), "");
}

#[test]
fn byte_order_mark_is_skipped() {
    let output = jsv(&["to-json", "--compact"], "\u{FEFF}{A:1,B:[x]}".as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), "{\"A\":\"1\",\"B\":[\"x\"]}\n");

    let output = jsv(&["fmt", "--compact"], "\u{FEFF}{\n\tA: 1\n}".as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), "{A:1}\n");
    let output = jsv(&["fmt"], "\u{FEFF}{A:1}".as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), "{\n\tA: 1\n}\n");

    let file = TempFile::new("bom.json", "\u{FEFF}{\"A\":[1,true]}".as_bytes());
    let output = jsv(&["from-json", file.path()], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), "{A:[1,True]}\n");
}

#[test]
fn invalid_utf8_is_invalid_input() {
    let output = jsv(&["to-json"], b"{A:\xff\xfe}");
    assert_invalid(&output, "line 1, column 4");
    assert!(stderr(&output).contains("UTF-8"));
}

#[test]
fn large_input_through_a_pipe() {
    let mut value = serde_jsv::Map::new();
    let items: Vec<Value> = (0..40_000)
        .map(|i| {
            let mut item = serde_jsv::Map::new();
            item.insert("Id".into(), Value::from(i));
            item.insert(
                "Name".into(),
                Value::from(format!("member {i}, \"quoted\"")),
            );
            item.insert("Muted".into(), Value::from(i % 2 == 0));
            item.insert("Score".into(), Value::from(f64::from(i) / 4.0));
            item.insert("Tags".into(), Value::from(vec!["a", "b:c", "[d]"]));
            Value::Map(item)
        })
        .collect();
    value.insert("Results".into(), Value::List(items));
    let value = Value::Map(value);
    let compact = value.to_string();
    assert!(compact.len() > 3_000_000, "{} bytes", compact.len());

    let output = jsv(&["to-json", "--infer", "--compact"], compact.as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{}\n", value.to_json_inferred()));

    let output = jsv(&["fmt"], compact.as_bytes());
    assert_ok(&output);
    let pretty = String::from_utf8(output.stdout).unwrap();
    assert_eq!(pretty, format!("{value:#}\n"));

    let output = jsv(&["fmt", "--compact"], pretty.as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{compact}\n"));

    let json = serde_json::to_string(&serde_json::Value::from(value.clone())).unwrap();
    let output = jsv(&["from-json"], json.as_bytes());
    assert_ok(&output);
    assert_eq!(stdout(&output), format!("{compact}\n"));
}

// ---------------------------------------------------------------------------------------
// HTTP: a server on 127.0.0.1:0 that answers one request with a canned response.

/// What the server received.
#[derive(Debug)]
struct Received {
    request_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Starts a server answering one request with `status`, `content_type` and `body`; returns
/// its base URL and the request it will have received.
fn one_shot_server(
    status: &str,
    content_type: &str,
    body: &str,
) -> (String, thread::JoinHandle<Received>) {
    let (url, handle) = scripted_server(&[(status, content_type, body)]);
    (url, thread::spawn(move || handle.join().unwrap().remove(0)))
}

/// Starts a server answering one request per connection with each `(status, content_type,
/// body)` in turn; returns its base URL and the requests it will have received.
fn scripted_server(replies: &[(&str, &str, &str)]) -> (String, thread::JoinHandle<Vec<Received>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let responses: Vec<String> = replies
        .iter()
        .map(|(status, content_type, body)| {
            format!(
                "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nX-Canned: yes\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
        })
        .collect();
    let handle = thread::spawn(move || {
        let mut received = Vec::new();
        for response in responses {
            let (stream, _) = listener.accept().expect("a client connects");
            received.push(answer(stream, &response));
        }
        received
    });
    (url, handle)
}

/// Reads one request from `stream` and writes `response`.
fn answer(stream: std::net::TcpStream, response: &str) -> Received {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':').unwrap();
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .map_or(0, |(_, v)| v.parse::<usize>().unwrap());
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let mut stream = reader.into_inner();
    stream.write_all(response.as_bytes()).unwrap();
    stream.flush().unwrap();
    Received {
        request_line: request_line.trim_end().to_owned(),
        headers,
        body,
    }
}

#[test]
fn get_prints_pretty_jsv_with_auth_headers() {
    let (url, server) = one_shot_server(
        "200 OK",
        "text/jsv; charset=utf-8",
        "{Id:s1,Count:2,Tags:[a,b]}",
    );
    let output = jsv(
        &[
            "get",
            &format!("{url}/sessions/s1?x=1"),
            "--bearer",
            "tok123",
            "-H",
            "X-Tenant: 7",
            "--ss-id",
            "abc",
            "--ss-pid",
            "def",
            "-F",
        ],
        b"",
    );
    assert_ok(&output);
    assert_eq!(
        stdout(&output),
        "{\n\tId: s1,\n\tCount: 2,\n\tTags: \n\t[\n\t\ta,\n\t\tb\n\t]\n}\n"
    );
    let request = server.join().unwrap();
    assert_eq!(
        request.request_line,
        "GET /sessions/s1?x=1&format=jsv HTTP/1.1"
    );
    assert_eq!(
        request.header("accept"),
        Some(serde_jsv::client::negotiation::ACCEPT_JSV)
    );
    assert_eq!(request.header("authorization"), Some("Bearer tok123"));
    assert_eq!(request.header("x-tenant"), Some("7"));
    assert_eq!(request.header("cookie"), Some("ss-id=abc; ss-pid=def"));
}

#[test]
fn get_json_infer_with_status_and_headers() {
    let (url, server) = one_shot_server("200 OK", "text/jsv", "{Id:s1,Count:2,Ended:True}");
    let output = jsv(
        &[
            "get",
            "-i",
            "--json",
            "--infer",
            "--compact",
            "--basic",
            "user:pa:ss",
            &url,
        ],
        b"",
    );
    assert_ok(&output);
    let text = stdout(&output);
    assert!(text.starts_with("HTTP/1.1 200 OK\n"), "{text}");
    assert!(text.contains("x-canned: yes\n"), "{text}");
    assert!(
        text.ends_with("\n\n{\"Id\":\"s1\",\"Count\":2,\"Ended\":true}\n"),
        "{text}"
    );
    let request = server.join().unwrap();
    // base64("user:pa:ss")
    assert_eq!(
        request.header("authorization"),
        Some("Basic dXNlcjpwYTpzcw==")
    );
}

#[test]
fn get_error_status_prints_the_body_and_exits_1() {
    let body = "{ResponseStatus:{ErrorCode:NotFound,Message:Session s9 not found}}";
    let (url, server) = one_shot_server("404 Not Found", "text/jsv", body);
    let output = jsv(&["get", "--compact", &format!("{url}/sessions/s9")], b"");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), format!("{body}\n"));
    let err = stderr(&output);
    assert!(
        err.contains("404 Not Found: NotFound: Session s9 not found"),
        "{err}"
    );
    server.join().unwrap();
}

#[test]
fn get_invalid_body_writes_nothing_unless_raw() {
    let (url, server) = one_shot_server("200 OK", "text/jsv", "{Id:s1,Tags:[a}");
    let output = jsv(&["get", &url], b"");
    assert_invalid(&output, "line 1, column");
    assert!(stderr(&output).contains("--raw"));
    server.join().unwrap();

    let (url, server) = one_shot_server("200 OK", "text/jsv", "{Id:s1,Tags:[a}");
    let output = jsv(&["get", "--raw", &url], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), "{Id:s1,Tags:[a}");
    server.join().unwrap();
}

#[test]
fn get_json_response_is_shown_as_jsv() {
    let (url, server) = one_shot_server("200 OK", "application/json", r#"{"id":"s1","n":[1,2]}"#);
    let output = jsv(&["get", "--compact", &url], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), "{id:s1,n:[1,2]}\n");
    server.join().unwrap();
}

#[test]
fn send_posts_a_checked_jsv_body() {
    let (url, server) = one_shot_server("201 Created", "text/jsv", "{Id:s2}");
    let output = jsv(
        &[
            "send",
            "post",
            &format!("{url}/sessions"),
            "{Name:demo,Tags:[a,b]}",
            "--compact",
        ],
        b"",
    );
    assert_ok(&output);
    assert_eq!(stdout(&output), "{Id:s2}\n");
    let request = server.join().unwrap();
    assert_eq!(request.request_line, "POST /sessions HTTP/1.1");
    assert_eq!(request.body, b"{Name:demo,Tags:[a,b]}");
    assert_eq!(request.header("content-type"), Some("application/jsv"));
}

#[test]
fn send_converts_a_json_body_from_stdin() {
    let (url, server) = one_shot_server("200 OK", "text/jsv", "");
    let output = jsv(
        &["send", "PUT", &url, "-", "--from-json"],
        br#"{"Name":"a, b","On":true}"#,
    );
    assert_ok(&output);
    assert_eq!(stdout(&output), "");
    let request = server.join().unwrap();
    assert_eq!(request.request_line, "PUT / HTTP/1.1");
    assert_eq!(request.body, br#"{Name:"a, b",On:True}"#);
}

#[test]
fn send_refuses_an_invalid_body_before_connecting() {
    let output = jsv(
        &["send", "POST", "http://127.0.0.1:9/never", "{Name:\"open"],
        b"",
    );
    assert_invalid(&output, "line 1, column 7");
}

#[test]
fn connection_refused_is_an_io_error() {
    // Bind then drop, so the port is (very likely) closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let output = jsv(
        &[
            "get",
            "--timeout",
            "5",
            &format!("http://127.0.0.1:{port}/"),
        ],
        b"",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn gateway_errors_are_retried_through_the_client() {
    // With --retries 0 the 503 is the answer.
    let (url, server) = one_shot_server("503 Service Unavailable", "text/plain", "busy");
    let output = jsv(&["get", "--retries", "0", &url], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("503 Service Unavailable"));
    server.join().unwrap();

    // By default a GET, or a PUT with its body, is sent again; a POST is not.
    let busy = ("503 Service Unavailable", "text/plain", "busy");
    let (url, server) = scripted_server(&[busy, ("200 OK", "text/jsv", "{Id:s1}")]);
    let output = jsv(&["get", "--compact", &format!("{url}/sessions/s1")], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), "{Id:s1}\n");
    assert_eq!(server.join().unwrap().len(), 2);

    let (url, server) = scripted_server(&[busy, busy, ("200 OK", "text/jsv", "")]);
    let output = jsv(
        &[
            "send",
            "PUT",
            &url,
            "{Id:s1}",
            "-H",
            "Content-Type: text/jsv",
        ],
        b"",
    );
    assert_ok(&output);
    for request in server.join().unwrap() {
        assert_eq!(request.request_line, "PUT / HTTP/1.1");
        assert_eq!(request.header("content-type"), Some("text/jsv"));
        assert_eq!(request.body, b"{Id:s1}");
    }

    let (url, server) = one_shot_server("503 Service Unavailable", "text/plain", "busy");
    let output = jsv(&["send", "POST", &url, "{Id:s1}"], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    server.join().unwrap();
}

#[test]
fn the_response_size_limit_applies() {
    let body = "{Id:s1,Name:twenty-nine bytes}";
    let (url, server) = one_shot_server("200 OK", "text/jsv", body);
    let output = jsv(&["get", "--max-size", "16", &url], b"");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let err = stderr(&output);
    assert!(err.contains("larger than the 16-byte limit"), "{err}");
    assert!(err.contains("--max-size"), "{err}");
    server.join().unwrap();

    let (url, server) = one_shot_server("200 OK", "text/jsv", body);
    let output = jsv(&["get", "--raw", "--max-size", "1K", &url], b"");
    assert_ok(&output);
    assert_eq!(stdout(&output), body);
    server.join().unwrap();
}

#[test]
fn credentials_in_the_url_become_basic_auth_and_are_not_shown() {
    let (url, server) = one_shot_server("404 Not Found", "text/jsv", "{}");
    let url = url.replace("http://", "http://user:pw-secret@");
    let output = jsv(&["get", &format!("{url}/s")], b"");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("pw-secret"),
        "{}",
        stderr(&output)
    );
    let request = server.join().unwrap();
    assert_eq!(request.request_line, "GET /s HTTP/1.1");
    // base64("user:pw-secret")
    assert_eq!(
        request.header("authorization"),
        Some("Basic dXNlcjpwdy1zZWNyZXQ=")
    );
}
