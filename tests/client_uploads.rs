//! Multipart uploads (`post_file_with_request`, `post_files_with_request`), async and
//! blocking: the body byte for byte against a replay server, the round trip through the
//! embedded server's attachment route, and the failures (unreadable file, over the limit,
//! a reader that cannot be sent twice).
#![cfg(all(feature = "client", feature = "blocking", feature = "server"))]

mod client_support;

use std::path::PathBuf;
use std::time::Duration;

use client_support::*;
use serde::{Deserialize, Serialize};
use serde_jsv::client::{Error, JsvClient, RetryPolicy, UploadFile, blocking};
use serde_jsv::request::{Method, Route, ServiceStackRequest};
use serde_jsv::server::{CreateSession, SessionServer, UploadAttachment};

/// A DTO with one member of each kind a form field can hold.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AddFiles {
    id: String,
    count: i32,
    urgent: bool,
    note: Option<String>,
    tags: Vec<String>,
    empty: Vec<i32>,
    owner: Owner,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Owner {
    name: String,
    level: i32,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddFilesResponse {
    stored: i32,
}

impl ServiceStackRequest for AddFiles {
    type Response = AddFilesResponse;
    const TYPE_NAME: &'static str = "AddFiles";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[Route::new("/things/{id}/files", &[Method::Post])];
}

/// The same with PUT, which the retry policy retries.
#[derive(Debug, Serialize)]
struct ReplaceFile {
    id: String,
}

impl ServiceStackRequest for ReplaceFile {
    type Response = AddFilesResponse;
    const TYPE_NAME: &'static str = "ReplaceFile";
    const METHOD: Method = Method::Put;
    const ROUTES: &'static [Route] = &[Route::new("/things/{id}/file", &[Method::Put])];
}

fn add_files() -> AddFiles {
    AddFiles {
        id: "t 1".into(),
        count: 0,
        urgent: true,
        note: None,
        tags: vec!["a".into(), "b,c".into()],
        empty: Vec::new(),
        owner: Owner {
            name: "Ann Lee".into(),
            level: 2,
        },
    }
}

/// The text parts `add_files()` gives: every member but `None`, defaults kept, lists
/// without their brackets, objects as JSV.
fn add_files_fields(boundary: &str) -> String {
    [
        ("id", "t 1"),
        ("count", "0"),
        ("urgent", "True"),
        ("tags", "a,\"b,c\""),
        ("empty", ""),
        ("owner", "{name:Ann Lee,level:2}"),
    ]
    .iter()
    .map(|(name, value)| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
    })
    .collect()
}

fn file_head(boundary: &str, field: &str, file: &str, content_type: &str) -> String {
    format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file}\"\r\n\
         Content-Type: {content_type}\r\n\r\n"
    )
}

/// The boundary of a recorded multipart request, from its `Content-Type`.
fn boundary_of(request: &Recorded) -> String {
    let content_type = request.header("content-type").expect("a content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    assert!(boundary.len() >= 26 && boundary.len() <= 70, "{boundary}");
    boundary.to_owned()
}

/// A file in the temp directory, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, content: &[u8]) -> TempFile {
        let dir = std::env::temp_dir().join(format!(
            "serde_jsv_uploads_{}_{}",
            std::process::id(),
            name.len() + content.len()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Bytes that are not text, with CR LF and a fake boundary inside.
fn binary(len: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..len).map(|i| (i * 31 % 251) as u8).collect();
    let marker = b"\r\n--serde-jsv-\r\n";
    if len > marker.len() {
        bytes[..marker.len()].copy_from_slice(marker);
    }
    bytes
}

const STORED_JSV: &str = "{stored:3}";

/// The error and its causes, one after the other: `Display` of the client's error states only
/// its own level, as reqwest's does, and keeps the cause behind `source()`.
fn chain(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy::new(2).backoff(Duration::from_millis(1), Duration::from_millis(5))
}

// ---- the body, byte for byte ----

#[tokio::test]
async fn async_multipart_body_byte_for_byte() {
    let server = ReplayServer::start(vec![jsv_ok(STORED_JSV)]).await;
    let on_disk = binary(200_000);
    let file = TempFile::new("recording.wav", &on_disk);
    let client = JsvClient::new(server.url()).unwrap();
    let files = vec![
        UploadFile::from_bytes("notes.txt", "line one\r\nline two"),
        UploadFile::from_path(&file.0).field_name("audio"),
        UploadFile::from_async_reader("data \"x\".bin", &b"\x00\xff"[..])
            .length(2)
            .content_type("application/x-custom"),
    ];
    let answer = client
        .post_files_with_request(&add_files(), files)
        .await
        .unwrap();
    assert_eq!(answer, AddFilesResponse { stored: 3 });

    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        request.request_line,
        "POST /things/t%201/files?format=jsv HTTP/1.1"
    );
    assert_eq!(request.header("accept"), Some("application/jsv, text/jsv"));
    let b = boundary_of(&request);
    let mut expected = add_files_fields(&b).into_bytes();
    expected.extend(file_head(&b, "upload0", "notes.txt", "text/plain").bytes());
    expected.extend(b"line one\r\nline two\r\n");
    expected.extend(file_head(&b, "audio", "recording.wav", "audio/wav").bytes());
    expected.extend(&on_disk);
    expected.extend(b"\r\n");
    expected.extend(file_head(&b, "upload2", "data %22x%22.bin", "application/x-custom").bytes());
    expected.extend(b"\x00\xff\r\n");
    expected.extend(format!("--{b}--\r\n").bytes());
    assert_eq!(
        request.header("content-length"),
        Some(expected.len().to_string().as_str())
    );
    assert_eq!(request.body.len(), expected.len());
    assert!(request.body == expected, "the multipart body differs");
}

#[test]
fn blocking_multipart_body_byte_for_byte() {
    let server = ReplayServer::start_in_thread(vec![jsv_ok(STORED_JSV)]);
    let client = blocking::JsvClient::new(server.url()).unwrap();
    let content = binary(70_000);
    let file = UploadFile::from_reader("dump", std::io::Cursor::new(content.clone()))
        .length(content.len() as u64);
    let answer = client.post_file_with_request(&add_files(), file).unwrap();
    assert_eq!(answer, AddFilesResponse { stored: 3 });

    let [request] = server.requests().try_into().unwrap();
    assert_eq!(
        request.request_line,
        "POST /things/t%201/files?format=jsv HTTP/1.1"
    );
    let b = boundary_of(&request);
    let mut expected = add_files_fields(&b).into_bytes();
    // One file, no field name given: `file`, as .NET's PostFileWithRequest.
    expected.extend(file_head(&b, "file", "dump", "application/octet-stream").bytes());
    expected.extend(&content);
    expected.extend(format!("\r\n--{b}--\r\n").bytes());
    assert_eq!(
        request.header("content-length"),
        Some(expected.len().to_string().as_str())
    );
    assert!(request.body == expected, "the multipart body differs");
}

#[tokio::test]
async fn every_request_gets_a_new_boundary() {
    let server = ReplayServer::start(vec![jsv_ok(STORED_JSV), jsv_ok(STORED_JSV)]).await;
    let client = JsvClient::new(server.url()).unwrap();
    for _ in 0..2 {
        let file = UploadFile::from_bytes("a.txt", "a");
        client
            .post_file_with_request(&add_files(), file)
            .await
            .unwrap();
    }
    let [first, second] = server.requests().try_into().unwrap();
    assert_ne!(boundary_of(&first), boundary_of(&second));
}

// ---- retries and bodies that cannot be sent twice ----

#[tokio::test]
async fn repeatable_uploads_are_retried_with_the_same_body() {
    let unavailable = response("503 Service Unavailable", None, &[], b"");
    let server = ReplayServer::start(vec![unavailable, jsv_ok(STORED_JSV)]).await;
    let client = JsvClient::builder(server.url())
        .retry(fast_retry())
        .build()
        .unwrap();
    let request = ReplaceFile { id: "t1".into() };
    let file = UploadFile::from_bytes("a.bin", vec![7u8; 1000]);
    client.post_file_with_request(&request, file).await.unwrap();
    let [first, second] = server.requests().try_into().unwrap();
    assert_eq!(
        first.request_line,
        "PUT /things/t1/file?format=jsv HTTP/1.1"
    );
    assert_eq!(first.body, second.body);
    assert!(first.body.len() > 1000);
}

#[tokio::test]
async fn a_reader_is_sent_once_even_when_a_retry_or_refresh_would_follow() {
    let unavailable = response("503 Service Unavailable", None, &[], b"");
    let unauthorized = response("401 Unauthorized", None, &[], b"");
    let server = ReplayServer::start(vec![unavailable, unauthorized]).await;
    let client = JsvClient::builder(server.url())
        .retry(fast_retry())
        .refresh_token("refresh-me")
        .build()
        .unwrap();
    let request = ReplaceFile { id: "t1".into() };

    let file = UploadFile::from_async_reader("a.bin", &b"abc"[..]);
    let err = client
        .post_file_with_request(&request, file)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    let file = UploadFile::from_async_reader("a.bin", &b"abc"[..]);
    let err = client
        .post_file_with_request(&request, file)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");
    // Two uploads, two requests: no retry, no refresh-token call.
    let lines: Vec<String> = server
        .requests()
        .into_iter()
        .map(|r| r.request_line)
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|line| line.starts_with("PUT /things/t1/file"))
    );
}

// ---- bad input ----

#[tokio::test]
async fn bad_files_fail_before_anything_is_sent() {
    let server = ReplayServer::start(Vec::new()).await;
    let client = JsvClient::new(server.url()).unwrap();

    let missing = std::env::temp_dir().join("serde_jsv_no_such_dir/missing.txt");
    let err = client
        .post_file_with_request(&add_files(), UploadFile::from_path(&missing))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("cannot read the file to upload"), "{text}");
    assert!(text.contains("missing.txt"), "{text}");

    let err = client
        .post_file_with_request(&add_files(), UploadFile::from_path(std::env::temp_dir()))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");

    let err = client
        .post_files_with_request(&add_files(), Vec::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at least one file"), "{err}");

    let blocking_reader = UploadFile::from_reader("a", std::io::empty());
    let err = client
        .post_file_with_request(&add_files(), blocking_reader)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("from_async_reader"), "{err}");

    let bad_type = UploadFile::from_bytes("a", "x").content_type("text/plain\r\nX-Evil: 1");
    let err = client
        .post_file_with_request(&add_files(), bad_type)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");

    assert!(server.requests().is_empty());
}

#[test]
fn blocking_bad_files_fail_before_anything_is_sent() {
    let server = ReplayServer::start_in_thread(Vec::new());
    let client = blocking::JsvClient::new(server.url()).unwrap();
    let missing = std::env::temp_dir().join("serde_jsv_no_such_dir/missing.txt");
    let err = client
        .post_file_with_request(&add_files(), UploadFile::from_path(&missing))
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot read the file to upload"),
        "{err}"
    );
    let err = client
        .post_file_with_request(&add_files(), UploadFile::from_path(std::env::temp_dir()))
        .unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    let async_reader = UploadFile::from_async_reader("a", tokio::io::empty());
    let err = client
        .post_file_with_request(&add_files(), async_reader)
        .unwrap_err();
    assert!(err.to_string().contains("from_reader"), "{err}");
    assert!(server.requests().is_empty());
}

/// A reader that fails half-way.
struct Failing(usize);

impl std::io::Read for Failing {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.0 == 0 {
            return Err(std::io::Error::other("disk on fire"));
        }
        let n = self.0.min(out.len());
        out[..n].fill(b'x');
        self.0 -= n;
        Ok(n)
    }
}

// ---- against the embedded server ----

fn new_session(client: &blocking::JsvClient) -> String {
    client
        .send(&CreateSession::new("Uploads"))
        .unwrap()
        .id
        .unwrap()
}

#[test]
fn blocking_round_trip_through_the_attachment_route() {
    let server = SessionServer::new().run_in_background().unwrap();
    let client = blocking::JsvClient::new(server.base_url()).unwrap();
    let session = new_session(&client);
    let content = binary(300_000);
    let file = TempFile::new("transcript.txt", &content);

    let request = UploadAttachment::new(&session).description("first call");
    let answer = client
        .post_files_with_request(
            &request,
            vec![
                UploadFile::from_path(&file.0),
                // No length: sent chunked.
                UploadFile::from_reader("raw.bin", std::io::Cursor::new(b"\x01\x02".to_vec())),
            ],
        )
        .unwrap();
    assert_eq!(answer.session_id, session);
    let [first, second] = answer.attachments.try_into().unwrap();
    assert_eq!(first.field_name, "upload0");
    assert_eq!(first.file_name, "transcript.txt");
    assert_eq!(first.content_type, "text/plain");
    assert_eq!(first.content_length, content.len() as u64);
    assert_eq!(first.description.as_deref(), Some("first call"));
    assert_eq!(second.file_name, "raw.bin");
    assert_eq!(second.content_type, "application/octet-stream");
    assert_eq!(second.content_length, 2);

    let path = format!("/sessions/{session}/attachments/{}", first.id);
    let stored = client
        .send_raw(serde_jsv::request::Method::Get, &path, None)
        .unwrap();
    assert_eq!(stored.content_type(), Some("text/plain"));
    assert!(stored.raw_body() == content.as_slice());
    let path = format!("/sessions/{session}/attachments/{}", second.id);
    let stored = client
        .send_raw(serde_jsv::request::Method::Get, &path, None)
        .unwrap();
    assert_eq!(stored.raw_body(), &b"\x01\x02"[..]);
}

#[test]
fn the_oldest_attachments_are_forgotten_past_the_attachment_limit() {
    let server = SessionServer::new()
        .attachment_limit(10)
        .run_in_background()
        .unwrap();
    let client = blocking::JsvClient::new(server.base_url()).unwrap();
    let session = new_session(&client);
    let request = UploadAttachment::new(&session);
    let upload = |name: &str, content: &str| {
        client
            .post_file_with_request(&request, UploadFile::from_bytes(name, content.to_owned()))
            .unwrap()
            .attachments
            .remove(0)
            .id
    };
    let download = |id: &str| {
        let path = format!("/sessions/{session}/attachments/{id}");
        client.send_raw(Method::Get, &path, None)
    };
    let first = upload("a.txt", "aaaa");
    let second = upload("b.txt", "bbbb");
    // 8 bytes kept: both still there.
    assert_eq!(download(&first).unwrap().raw_body(), &b"aaaa"[..]);
    let third = upload("c.txt", "cccc");
    // 12 bytes would pass the limit: the oldest is forgotten, IDs are never given twice.
    assert_eq!(third, "attachment-3");
    let err = download(&first).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    assert_eq!(download(&second).unwrap().raw_body(), &b"bbbb"[..]);
    assert_eq!(download(&third).unwrap().raw_body(), &b"cccc"[..]);
    // A file larger than the whole limit is kept (it is the upload just received), and
    // everything older goes.
    let big = upload("big.txt", "0123456789abcdef");
    assert_eq!(download(&big).unwrap().raw_body(), &b"0123456789abcdef"[..]);
    for id in [&second, &third] {
        let err = download(id).unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{id}: {err}");
    }
}

/// Reads one HTTP/1.1 response with a `Content-Length` from `socket`: its head and body.
fn read_response(socket: &mut std::net::TcpStream) -> (String, Vec<u8>) {
    use std::io::Read;
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(socket.read(&mut byte).unwrap(), 1, "the connection closed");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let length = head
        .lines()
        .find_map(|line| {
            line.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().unwrap())
        })
        .expect("a Content-Length");
    let mut body = vec![0u8; length];
    socket.read_exact(&mut body).unwrap();
    (head, body)
}

/// A chunked upload whose last chunk (`0`) comes after the closing boundary, on a packet
/// of its own: the server reads it before answering, so the connection stays usable for
/// the next request (it used to be closed, failing that request now and then).
#[test]
fn a_chunked_upload_leaves_the_connection_usable() {
    use std::io::Write;
    let server = SessionServer::spawn_background().unwrap();
    let session = server
        .store()
        .insert(serde_jsv::evo_voice::SessionInfo::default());
    let mut socket = std::net::TcpStream::connect(server.addr()).unwrap();
    let form = "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
                Content-Type: text/plain\r\n\r\nhello\r\n--B--\r\n";
    write!(
        socket,
        "POST /sessions/{session}/attachments?format=jsv HTTP/1.1\r\nHost: localhost\r\n\
         Content-Type: multipart/form-data; boundary=B\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{form}\r\n",
        form.len()
    )
    .unwrap();
    socket.flush().unwrap();
    // Not a timed assertion: the pause only lets a server that answers before the body's
    // end do so, as it would when the last chunk is late.
    std::thread::sleep(Duration::from_millis(50));
    socket.write_all(b"0\r\n\r\n").unwrap();
    let (head, body) = read_response(&mut socket);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("fileName:a.txt"), "{body}");

    // The same connection serves the next request.
    write!(
        socket,
        "GET /sessions/{session}/attachments/attachment-1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (head, body) = read_response(&mut socket);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(body, b"hello");
}

#[test]
fn blocking_failures_from_the_attachment_route() {
    let server = SessionServer::new()
        .upload_limit(64 * 1024)
        .run_in_background()
        .unwrap();
    let client = blocking::JsvClient::new(server.base_url()).unwrap();
    let session = new_session(&client);
    let request = UploadAttachment::new(&session);

    // Over the limit, announced by Content-Length: refused before the body is read.
    let big = UploadFile::from_bytes("big.bin", vec![0u8; 4 << 20]);
    let err = client.post_file_with_request(&request, big).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(413), "{err}");
    assert_eq!(err.error_code(), Some("RequestEntityTooLarge"), "{err}");

    // Over the limit, sent chunked: refused as it passes the limit.
    let chunked =
        UploadFile::from_reader("big.bin", std::io::Read::take(std::io::repeat(7), 1 << 20));
    let err = client
        .post_file_with_request(&request, chunked)
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(413), "{err}");

    // A reader that fails half-way: the request fails, naming the file and the cause.
    let failing = UploadFile::from_reader("broken.bin", Failing(10_000));
    let err = client
        .post_file_with_request(&request, failing)
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let text = chain(&err);
    assert!(
        text.contains("reading the upload `broken.bin` failed: disk on fire"),
        "{text}"
    );

    // An unknown session.
    let err = client
        .post_file_with_request(
            &UploadAttachment::new("session-404"),
            UploadFile::from_bytes("a.txt", "a"),
        )
        .unwrap_err();
    assert_eq!(err.error_code(), Some("NotFound"), "{err}");

    // Within the limit, the upload still works after the failures.
    let ok = client
        .post_file_with_request(&request, UploadFile::from_bytes("a.txt", "fine"))
        .unwrap();
    assert_eq!(ok.attachments[0].content_length, 4);
    assert_eq!(ok.attachments[0].field_name, "file");
}

#[tokio::test]
async fn async_round_trip_and_limits_on_the_embedded_server() {
    let (addr, handle) = SessionServer::new()
        .upload_limit(256 * 1024)
        .require_bearer_token("secret")
        .serve("127.0.0.1:0")
        .await
        .unwrap();
    let client = JsvClient::builder(format!("http://{addr}"))
        .bearer_token("secret")
        .build()
        .unwrap();
    let session = client
        .send(&CreateSession::new("Uploads"))
        .await
        .unwrap()
        .id
        .unwrap();
    let request = UploadAttachment::new(&session);

    // An async reader without a length: sent chunked, stored whole.
    let content = binary(200_000);
    let reader = UploadFile::from_async_reader("stream.bin", std::io::Cursor::new(content.clone()));
    let answer = client
        .post_file_with_request(&request, reader)
        .await
        .unwrap();
    let attachment = &answer.attachments[0];
    assert_eq!(attachment.content_length, content.len() as u64);
    let path = format!("/sessions/{session}/attachments/{}", attachment.id);
    let stored = client
        .send_raw(serde_jsv::request::Method::Get, &path, None)
        .await
        .unwrap();
    assert!(stored.raw_body() == content.as_slice());

    // Over the limit, from a path.
    let file = TempFile::new("big.wav", &binary(3 << 20));
    let err = client
        .post_file_with_request(&request, UploadFile::from_path(&file.0))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(413), "{err}");
    assert_eq!(err.error_code(), Some("RequestEntityTooLarge"));

    // A reader shorter than it announced: the request fails, nothing is stored.
    let short = UploadFile::from_async_reader("short.bin", &b"abc"[..]).length(10);
    let err = client
        .post_file_with_request(&request, short)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(
        chain(&err).contains("the upload `short.bin` gave 3 bytes where 10 were announced"),
        "{}",
        chain(&err)
    );
    let after = client
        .post_file_with_request(&request, UploadFile::from_bytes("b.txt", "b"))
        .await
        .unwrap();
    assert_eq!(after.attachments[0].id, "attachment-2");

    // Without the token: 401 from the upload route too.
    let anonymous = JsvClient::new(format!("http://{addr}")).unwrap();
    let err = anonymous
        .post_file_with_request(&request, UploadFile::from_bytes("a.txt", "a"))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err}");

    handle.shutdown().await.unwrap();
}
