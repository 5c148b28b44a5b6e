//! A bare HTTP/1.1 test server over `tokio::net::TcpListener` on 127.0.0.1: it replays
//! scripted replies byte for byte (one per connection, in order) and records what it got.
#![allow(dead_code)] // each test file uses a different part

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_jsv::request::{Method, Route, ServiceStackRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// `GET /sessions/s1?format=jsv HTTP/1.1`
    pub request_line: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn body_text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("UTF-8 body")
    }
}

/// What the server does with one connection.
#[derive(Clone)]
pub enum Reply {
    /// Writes these bytes, then closes.
    Bytes(Vec<u8>),
    /// Reads the request and never answers (until the server is dropped).
    Hang,
    /// Waits, then writes these bytes and closes.
    Delayed(Duration, Vec<u8>),
}

/// A complete response: status line, `Content-Type` (if any), `Content-Length`, extra
/// headers, `Connection: close`, then `body` byte for byte.
pub fn response(
    status: &str,
    content_type: Option<&str>,
    extra: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut head = format!("HTTP/1.1 {status}\r\n");
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    Reply::Bytes(bytes)
}

/// `200 OK` with a JSV body, as ServiceStack sends it.
pub fn jsv_ok(body: &str) -> Reply {
    response(
        "200 OK",
        Some("application/jsv; charset=utf-8"),
        &[],
        body.as_bytes(),
    )
}

/// A raw reply, exactly these bytes.
pub fn raw(bytes: &[u8]) -> Reply {
    Reply::Bytes(bytes.to_vec())
}

pub struct ReplayServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl ReplayServer {
    /// Starts on the current tokio runtime.
    pub async fn start(replies: Vec<Reply>) -> ReplayServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (stop, stopped) = tokio::sync::oneshot::channel();
        tokio::spawn(serve(listener, replies, Arc::clone(&requests), stopped));
        ReplayServer {
            addr,
            requests,
            _stop: stop,
        }
    }

    /// Starts on a runtime of its own thread (for the blocking client).
    pub fn start_in_thread(replies: Vec<Reply>) -> ReplayServer {
        let (ready, started) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind loopback");
                let addr = listener.local_addr().unwrap();
                let requests = Arc::new(Mutex::new(Vec::new()));
                let (stop, stopped) = tokio::sync::oneshot::channel();
                ready
                    .send(ReplayServer {
                        addr,
                        requests: Arc::clone(&requests),
                        _stop: stop,
                    })
                    .unwrap();
                serve(listener, replies, requests, stopped).await;
            });
        });
        started
            .recv_timeout(Duration::from_secs(5))
            .expect("server thread started")
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve(
    listener: TcpListener,
    replies: Vec<Reply>,
    requests: Arc<Mutex<Vec<Recorded>>>,
    mut stopped: tokio::sync::oneshot::Receiver<()>,
) {
    let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
    // Dropping the set (when stopped) ends every connection, hanging ones included.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { return };
                let replies = Arc::clone(&replies);
                let requests = Arc::clone(&requests);
                connections.spawn(handle(stream, replies, requests));
            }
        }
    }
}

async fn handle(
    mut stream: TcpStream,
    replies: Arc<Mutex<VecDeque<Reply>>>,
    requests: Arc<Mutex<Vec<Recorded>>>,
) {
    let Some(recorded) = read_request(&mut stream).await else {
        return;
    };
    requests.lock().unwrap().push(recorded);
    let reply = replies.lock().unwrap().pop_front();
    match reply {
        Some(Reply::Bytes(bytes)) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Some(Reply::Delayed(pause, bytes)) => {
            tokio::time::sleep(pause).await;
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Some(Reply::Hang) => {
            // Held open until the server stops.
            std::future::pending::<()>().await;
        }
        None => {
            let body = b"no reply scripted";
            let head = format!(
                "HTTP/1.1 599 Unscripted\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body).await;
        }
    }
}

/// Reads one request: head up to the blank line, then `Content-Length` bytes.
async fn read_request(stream: &mut TcpStream) -> Option<Recorded> {
    const LIMIT: usize = 1 << 20;
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > LIMIT {
            return None;
        }
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length.min(LIMIT) {
        let read = stream.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Recorded {
        request_line,
        headers,
        body,
    })
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn closed_port() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

// ---- DTOs shared by the transport tests ----

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub identity: String,
    #[serde(default)]
    pub muted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: String,
    pub name: Option<String>,
    #[serde(default)]
    pub members: Vec<Member>,
}

/// `GET /sessions/{Id}`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GetSession {
    pub id: String,
    pub page: i32,
    pub tags: Option<Vec<String>>,
}

impl ServiceStackRequest for GetSession {
    type Response = Session;
    const TYPE_NAME: &'static str = "GetSession";
    const METHOD: Method = Method::Get;
    const ROUTES: &'static [Route] =
        &[Route::new("/sessions/{Id}", &[Method::Get, Method::Delete])];
}

/// `POST /sessions/{sessionId}/members`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteMember {
    pub session_id: String,
    pub identity: String,
    pub display_name: Option<String>,
}

impl ServiceStackRequest for InviteMember {
    type Response = Session;
    const TYPE_NAME: &'static str = "InviteMember";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] =
        &[Route::new("/sessions/{sessionId}/members", &[Method::Post])];
}

/// No route: `/jsv/reply/Hello`.
#[derive(Debug, Serialize)]
pub struct Hello {
    pub name: String,
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct HelloResponse {
    #[serde(alias = "Result")]
    pub result: String,
}

impl ServiceStackRequest for Hello {
    type Response = HelloResponse;
    const TYPE_NAME: &'static str = "Hello";
    const METHOD: Method = Method::Post;
}

/// A ServiceStack validation failure, camelCase, as recorded in the error vectors (#2).
pub const VALIDATION_ERROR_JSV: &str = "{responseStatus:{errorCode:ValidationException,message:'Name' must not be empty.,errors:[{errorCode:NotEmpty,fieldName:Name,message:'Name' must not be empty.,meta:{PropertyName:Name}}]}}";

/// A ServiceStack not-found error, PascalCase (error vector #1).
pub const NOT_FOUND_JSV: &str =
    "{ResponseStatus:{ErrorCode:NotFound,Message:Session 's1' not found}}";

/// The same error as JSON, camelCase (as ServiceStack's JSON serializer writes it).
pub const NOT_FOUND_JSON: &str =
    r#"{"responseStatus":{"errorCode":"NotFound","message":"Session 's1' not found","errors":[]}}"#;

pub const SESSION_JSV: &str = "{id:s1,name:Demo,members:[{identity:\"agent:7\",muted:True}]}";

pub fn session() -> Session {
    Session {
        id: "s1".into(),
        name: Some("Demo".into()),
        members: vec![Member {
            identity: "agent:7".into(),
            muted: true,
        }],
    }
}

pub const HTML_502: &str = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>";
