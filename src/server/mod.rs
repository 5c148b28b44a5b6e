//! The Evo Voice mock host (feature `server`): an in-memory session server that answers the
//! way a ServiceStack host does, for the demo, for tests of an Evo Voice integration, and for
//! ServiceStack's own clients (.NET, TypeScript, Python) to call without change.
//!
//! It answers JSV or JSON as the request asks, and `ErrorResponse` bodies with a
//! `ResponseStatus` on failure, built with the blocks of [`serde_jsv::axum`](crate::axum).
//! Start it on a free loopback port in one call ([`SessionServer::spawn_background`]), seed
//! it through its [`SessionStore`], and read what it received with
//! [`SessionServer::record_into`] or [`SessionServer::on_exchange`]. From the shell: `jsv mock-server [--port N]`.
//!
//! ```
//! use std::io::{Read, Write};
//!
//! use serde_jsv::server::SessionServer;
//!
//! // A server on a free loopback port, on a thread of its own.
//! let server = SessionServer::spawn_background()?;
//!
//! // Any HTTP client will do; this one is a bare socket, to show the bytes.
//! let body = "{displayName:Support chat,channel:Chat}";
//! let mut socket = std::net::TcpStream::connect(server.addr())?;
//! write!(
//!     socket,
//!     "POST /sessions HTTP/1.1\r\nHost: localhost\r\nAccept: application/jsv\r\n\
//!      Content-Type: application/jsv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
//!     body.len(),
//! )?;
//! let mut response = String::new();
//! socket.read_to_string(&mut response)?;
//! assert!(response.starts_with("HTTP/1.1 200 OK"));
//! assert!(response.contains("content-type: application/jsv; charset=utf-8"));
//! assert!(response.contains(",displayName:Support chat,"));
//! assert!(response.contains(",channel:Chat,"));
//! assert!(response.contains(",id:session-1,"));
//!
//! server.shutdown()?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! # Routes
//!
//! | method | route | request DTO |
//! |---|---|---|
//! | `POST` | `/sessions` | [`CreateSession`] (not in the Evo Voice API: added here) |
//! | `GET` | `/sessions/{sessionId}` | [`GetSession`] (not in the Evo Voice API: added here) |
//! | `POST` | `/sessions/{sessionId}/members` | [`InviteChatMember`](crate::evo_voice::InviteChatMember) |
//! | `PATCH` | `/sessions/{sessionId}` | [`PatchSession`](crate::evo_voice::PatchSession) |
//! | `DELETE` | `/sessions/{sessionId}/members/{memberId}` | [`DeleteChatMember`](crate::evo_voice::DeleteChatMember) |
//! | `POST` | `/sessions/{sessionId}/attachments` | [`UploadAttachment`], `multipart/form-data` with files ([`SessionServer::upload_limit`]) |
//! | `GET` | `/sessions/{sessionId}/attachments/{attachmentId}` | an attachment's bytes, as uploaded |
//!
//! | any | `/access-token` | ServiceStack's `GetAccessToken`, only with [`SessionServer::refresh_token`] |
//! | `GET`, `POST` | `/auth`, `/auth/{provider}` | ServiceStack's [`Authenticate`](crate::builtin::Authenticate) (`credentials`, users from [`SessionServer::user`]) |
//! | `GET` | `/sessions` | [`QuerySessions`], an AutoQuery answering `QueryResponse<SessionInfo>` |
//! | `POST` | `/{jsv,json}/reply/{Name}[]` | a batch of any operation |
//! | any | `/{jsv,json}/oneway/{Name}`, `…/{Name}[]` | one-way requests, answered `204` |
//!
//! The session operations answer with the session as a
//! [`SessionInfo`](crate::evo_voice::SessionInfo).
//! The routes are read from the DTOs' own `ROUTES`, so the server serves what the client
//! sends. Literal segments match in any case. Each operation is also reachable by name on
//! ServiceStack's predefined routes, with any method: `/json/reply/{Name}`,
//! `/jsv/reply/{Name}` and `/api/{Name}` (`/api/{Name}.jsv`).
//!
//! Batches: `POST /json/reply/{Name}[]` (also `/jsv/reply/…[]`, `/api/{Name}[]`, the brackets
//! raw or percent-encoded) takes a list of DTOs, runs them in order and answers with the list
//! of answers; the first failure stops the batch and is the answer, its index in
//! `ResponseStatus.Meta.AutoBatchIndex`. `GET /metadata` is the HTML page listing the
//! operations, as ServiceStack hosts serve it. [`SessionServer::merge`] serves more routes.
//!
//! `DeleteChatMember` removes `memberToRemove`, or the `{memberId}` of the path when
//! `memberToRemove` is missing; either may name a member's identity, endpoint ID or call SID.
//!
//! # Formats
//!
//! The response format is, first match wins: `?format=jsv|json`; the format of a predefined
//! route (`/jsv/reply/…`; `/api/…` answers JSON unless its name ends in `.jsv` and never
//! reads `Accept`); a `.jsv` or `.json` suffix on a user route (`/sessions/session-1.jsv`);
//! the `Accept` header (read as [`AcceptMode`] says); JSON. Responses carry
//! `Content-Type: application/jsv; charset=utf-8` or `application/json; charset=utf-8`.
//! `None` members are left out in both formats.
//!
//! Request bodies on user routes are read by their `Content-Type`: `application/jsv` or
//! `text/jsv`, `application/json` or `text/json`, `application/x-www-form-urlencoded`; a body
//! without a `Content-Type` is read in the response format. Predefined routes read the body
//! in their own format whatever the `Content-Type` says (form bodies excepted), as ServiceStack
//! does: JSV sent to `/api/{Name}` must use `/api/{Name}.jsv`. The request DTO is bound from
//! the body, then the query string, then the path, member names matched in any case.
//!
//! # Errors
//!
//! | status | `ErrorCode` | when |
//! |---|---|---|
//! | 400 | `NotEmpty` (one `Errors` entry per field) | a required member is missing or empty: `sessionId`, `memberToAdd`, `memberToRemove`, `refreshToken` |
//! | 400 | `Enum` (one entry per field) | a patch names a state the server does not know |
//! | 400 | `SerializationException` | the body or query cannot be read into the DTO |
//! | 401 | `Unauthorized` | a bearer token is required ([`SessionServer::require_bearer_token`]) and missing or wrong, or a refresh token is wrong |
//! | 404 | `NotFound` | unknown session, member, route or operation |
//! | 405 | `MethodNotAllowed` | the path exists, the method does not (`Allow` lists the methods) |
//! | 409 | `Conflict` | the invited member is already in the session |
//! | 413 | `RequestEntityTooLarge` | the body is over [`SessionServer::body_limit`] |
//! | 415 | `NotSupportedException` | a body in a `Content-Type` the server does not read |
//!
//! The body is an `ErrorResponse` in the negotiated format, `Errors` always present:
//! `{ResponseStatus:{ErrorCode:NotFound,Message:Session 'x' not found,Errors:[]}}`
//! ([`ErrorCase`] switches to camelCase names, as a .NET Core ServiceStack host writes them and
//! as ServiceStack's Python client reads them; `jsv mock-server` uses camelCase). A body that
//! does not parse is answered with ServiceStack's message, naming line, column and member:
//! `Could not deserialize 'application/jsv' request using InviteChatMember'` and
//! `Error: JSV parse error at line 1, column 14: …`.
//!
//! # Logging
//!
//! Each request is logged with `tracing` (target `serde_jsv::server`, level `INFO`: method,
//! URI, status, time taken). [`SessionServer::on_exchange`] hands every request and response,
//! bodies included, to a callback: the demo prints them.

mod builtin_routes;
mod dtos;
mod errors;
mod metadata;
mod negotiate;
mod routes;
mod state;
mod uploads;
mod wire;

use std::fmt;
use std::future::IntoFuture;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use axum::Router;
use tokio::sync::oneshot;

pub use builtin_routes::QuerySessions;
pub use dtos::{CreateSession, GetSession};
pub use errors::ErrorCase;
pub use negotiate::{AcceptMode, Format};
pub use state::SessionStore;
pub use uploads::{SessionAttachment, UploadAttachment, UploadAttachmentResponse};
pub use wire::{Exchange, Received};

/// How long a stopping server waits for open connections to finish before dropping them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// The default limit on request bodies: 1 MiB.
const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// What every request handler sees.
#[derive(Clone)]
struct AppState {
    store: SessionStore,
    config: Arc<Config>,
}

#[derive(Clone)]
struct Config {
    accept_mode: AcceptMode,
    error_case: ErrorCase,
    bearer_token: Option<String>,
    refresh_token: Option<String>,
    body_limit: usize,
    upload_limit: usize,
    attachment_limit: usize,
    on_exchange: Option<wire::ExchangeCallback>,
    /// Users the `credentials` sign-in accepts: (user name, password).
    users: Vec<(String, String)>,
    received: Option<Received>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("accept_mode", &self.accept_mode)
            .field("error_case", &self.error_case)
            // Never print the secret itself.
            .field(
                "bearer_token",
                &self.bearer_token.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("body_limit", &self.body_limit)
            .field("upload_limit", &self.upload_limit)
            .field("attachment_limit", &self.attachment_limit)
            .field("on_exchange", &self.on_exchange.is_some())
            .field("received", &self.received.as_ref().map(Received::len))
            .finish()
    }
}

/// The session server: its configuration and its [`SessionStore`].
///
/// Build one, adjust it, then run it with [`serve`](Self::serve) (async),
/// [`run_in_background`](Self::run_in_background) (from blocking code), or take its
/// [`router`](Self::router) to embed it in another axum app.
///
/// ```no_run
/// use serde_jsv::server::{AcceptMode, SessionServer};
///
/// # async fn run() -> std::io::Result<()> {
/// let server = SessionServer::new()
///     .accept_mode(AcceptMode::ServiceStack)
///     .require_bearer_token("secret");
/// let store = server.store();
/// let (addr, handle) = server.serve("127.0.0.1:0").await?;
/// println!("listening on http://{addr}, {} sessions", store.len());
/// handle.shutdown().await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct SessionServer {
    store: SessionStore,
    config: Config,
    /// Routers merged in with [`merge`](Self::merge): served before the session routes.
    modules: Vec<Router>,
}

impl Default for SessionServer {
    fn default() -> Self {
        SessionServer::new()
    }
}

impl SessionServer {
    /// A server with an empty store, lenient `Accept` parsing, PascalCase error bodies, no
    /// authentication and a 1 MiB body limit.
    pub fn new() -> SessionServer {
        SessionServer {
            store: SessionStore::new(),
            config: Config {
                accept_mode: AcceptMode::default(),
                error_case: ErrorCase::default(),
                bearer_token: None,
                refresh_token: None,
                body_limit: DEFAULT_BODY_LIMIT,
                upload_limit: uploads::DEFAULT_UPLOAD_LIMIT,
                attachment_limit: uploads::DEFAULT_ATTACHMENT_LIMIT,
                on_exchange: None,
                users: Vec::new(),
                received: None,
            },
            modules: Vec::new(),
        }
    }

    /// Starts a default server on `addr` (use port 0 for a free port) in the current tokio
    /// runtime: `SessionServer::new().serve(addr)`.
    pub async fn bind(
        addr: impl tokio::net::ToSocketAddrs,
    ) -> io::Result<(SocketAddr, ServerHandle)> {
        SessionServer::new().serve(addr).await
    }

    /// Starts a default server on a free loopback port, on a thread with its own tokio
    /// runtime: `SessionServer::new().run_in_background()`. For blocking code and tests.
    pub fn spawn_background() -> io::Result<RunningServer> {
        SessionServer::new().run_in_background()
    }

    /// Another handle on the sessions this server holds, to seed or inspect them.
    pub fn store(&self) -> SessionStore {
        self.store.clone()
    }

    /// Serves the sessions of `store` (shared with whoever else holds it).
    pub fn with_store(mut self, store: SessionStore) -> Self {
        self.store = store;
        self
    }

    /// How the `Accept` header is read; [`AcceptMode::Lenient`] by default.
    pub fn accept_mode(mut self, mode: AcceptMode) -> Self {
        self.config.accept_mode = mode;
        self
    }

    /// How the member names of error bodies are written; [`ErrorCase::Pascal`] by default.
    pub fn error_case(mut self, case: ErrorCase) -> Self {
        self.config.error_case = case;
        self
    }

    /// Requires `Authorization: Bearer {token}` (or an `ss-tok={token}` cookie, as
    /// ServiceStack's JWT provider accepts) on every operation; others get 401.
    pub fn require_bearer_token(mut self, token: impl Into<String>) -> Self {
        self.config.bearer_token = Some(token.into());
        self
    }

    /// Serves ServiceStack's `GetAccessToken` at `/access-token` (any method, also
    /// `/jsv/reply/GetAccessToken`): a request whose `refreshToken` is `token` gets the
    /// token set with [`require_bearer_token`](Self::require_bearer_token) back as
    /// `{accessToken:…}`; another token gets 401. For testing a client's refresh flow.
    pub fn refresh_token(mut self, token: impl Into<String>) -> Self {
        self.config.refresh_token = Some(token.into());
        self
    }

    /// Accepts `user_name` with `password` at `/auth/credentials` (ServiceStack's
    /// `Authenticate`): the answer carries a bearer token (the one set with
    /// [`require_bearer_token`](Self::require_bearer_token), else a fresh one), a refresh
    /// token that `/access-token` accepts, and `ss-id`/`ss-pid` cookies that also
    /// authenticate later requests.
    pub fn user(mut self, user_name: impl Into<String>, password: impl Into<String>) -> Self {
        self.config.users.push((user_name.into(), password.into()));
        self
    }

    /// The largest request body accepted, in bytes (1 MiB by default); larger ones get 413.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// The largest multipart upload accepted on `/sessions/{sessionId}/attachments`, in
    /// bytes (16 MiB by default); larger ones get 413 `RequestEntityTooLarge`. (With
    /// [`on_exchange`](Self::on_exchange), which keeps whole bodies, the
    /// [`body_limit`](Self::body_limit) applies too.)
    pub fn upload_limit(mut self, bytes: usize) -> Self {
        self.config.upload_limit = bytes;
        self
    }

    /// How many bytes of uploaded attachments the server keeps in all (256 MiB by default).
    /// Past it the oldest attachments are forgotten (their downloads answer 404), never
    /// the files of the upload just received, so that memory stays bounded however long
    /// the server runs.
    pub fn attachment_limit(mut self, bytes: usize) -> Self {
        self.config.attachment_limit = bytes;
        self
    }

    /// Calls `callback` with every request and its response, bodies included.
    pub fn on_exchange(mut self, callback: impl Fn(&Exchange) + Send + Sync + 'static) -> Self {
        self.config.on_exchange = Some(Arc::new(callback));
        self
    }

    /// Records every request and its response, bodies included, into `received` (see
    /// [`Received`]): what the server received, to read in a test.
    pub fn record_into(mut self, received: &Received) -> Self {
        self.config.received = Some(received.clone());
        self
    }

    /// The axum router, to serve with `axum::serve` or nest in another app.
    ///
    /// Every path goes to one fallback handler that routes as ServiceStack does (see the
    /// [module docs](self)), so nest it under a prefix with `Router::nest_service`, or merge
    /// it last.
    pub fn router(&self) -> Router {
        let state = AppState {
            store: self.store.clone(),
            config: Arc::new(self.config.clone()),
        };
        let sessions = Router::new()
            .merge(uploads::router(state.clone()))
            .fallback(routes::dispatch)
            .with_state(state.clone());
        // Routes of their own, served before the session routes. A module of this crate
        // that answers more routes adds one line here: `.merge(module::router(&self.store))`.
        let mut router = Router::new()
            .route("/metadata", axum::routing::get(routes::metadata_page))
            .merge(metadata::router());
        for module in &self.modules {
            router = router.merge(module.clone());
        }
        router
            .merge(sessions)
            .layer(axum::middleware::from_fn_with_state(
                builtin_routes::Extras::new(self.store.clone(), &self.config),
                builtin_routes::layer,
            ))
            .layer(axum::middleware::from_fn_with_state(state, wire::observe))
    }

    /// Serves `router`'s routes too, before the session routes (which answer every path
    /// the merged routers do not): one line mounts a module of extra operations.
    ///
    /// ```
    /// use axum::{Router, routing::get};
    /// use serde_jsv::server::SessionServer;
    ///
    /// let server = SessionServer::new().merge(Router::new().route("/ping", get(|| async { "pong" })));
    /// # let _ = server;
    /// ```
    ///
    /// A module that needs the sessions takes them from [`store`](Self::store):
    /// `let server = SessionServer::new(); let extra = module::router(server.store()); server.merge(extra)`.
    /// Routes that clash with another merged router's make [`router`](Self::router) panic, as
    /// `axum::Router::merge` does.
    pub fn merge(mut self, router: Router) -> Self {
        self.modules.push(router);
        self
    }

    /// Listens on `addr` (port 0 picks a free port) and serves in a task of the current tokio
    /// runtime until the returned handle is shut down or dropped.
    pub async fn serve(
        self,
        addr: impl tokio::net::ToSocketAddrs,
    ) -> io::Result<(SocketAddr, ServerHandle)> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(run(listener, self.router(), stopped));
        tracing::info!(target: "serde_jsv::server", %addr, "session server listening");
        let handle = ServerHandle {
            addr,
            store: self.store,
            stop: Some(stop),
            task: Some(task),
        };
        Ok((addr, handle))
    }

    /// Listens on a free loopback port (`127.0.0.1:0`) and serves on a new thread with its
    /// own single-threaded tokio runtime, so blocking code can use the server.
    pub fn run_in_background(self) -> io::Result<RunningServer> {
        self.run_in_background_on("127.0.0.1:0")
    }

    /// As [`run_in_background`](Self::run_in_background), on `addr`.
    pub fn run_in_background_on(self, addr: impl ToSocketAddrs) -> io::Result<RunningServer> {
        // Bind here, so that the address is known and a failure is reported to the caller.
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let router = self.router();
        let (stop, stopped) = oneshot::channel();
        let thread = thread::Builder::new()
            .name(format!("session-server-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    run(listener, router, stopped).await
                })
            })?;
        tracing::info!(target: "serde_jsv::server", %addr, "session server listening (background thread)");
        Ok(RunningServer {
            addr,
            store: self.store,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

/// Serves until `stopped` fires (or its sender is dropped), then lets open requests finish
/// for up to [`SHUTDOWN_GRACE`].
async fn run(
    listener: tokio::net::TcpListener,
    router: Router,
    stopped: oneshot::Receiver<()>,
) -> io::Result<()> {
    let (drain, draining) = oneshot::channel::<()>();
    let serving = axum::serve(listener, router)
        .with_graceful_shutdown(async move {
            let _ = draining.await;
        })
        .into_future();
    let mut serving = std::pin::pin!(serving);
    tokio::select! {
        result = &mut serving => return result,
        _ = stopped => {}
    }
    let _ = drain.send(());
    match tokio::time::timeout(SHUTDOWN_GRACE, serving).await {
        Ok(result) => result,
        // Connections still busy after the grace period are dropped with the runtime's tasks.
        Err(_) => Ok(()),
    }
}

/// A server running in a task of the caller's tokio runtime (from [`SessionServer::serve`]).
///
/// Dropping the handle stops the server too, without waiting.
#[derive(Debug)]
#[must_use = "dropping the handle stops the server"]
pub struct ServerHandle {
    addr: SocketAddr,
    store: SessionStore,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<io::Result<()>>>,
}

impl ServerHandle {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sessions the server holds.
    pub fn store(&self) -> SessionStore {
        self.store.clone()
    }

    /// Stops accepting connections, lets open requests finish, and waits for the server.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A server running on its own thread (from [`SessionServer::run_in_background`]).
///
/// Dropping it stops the server and waits for the thread, as [`shutdown`](Self::shutdown)
/// does.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    store: SessionStore,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<thread::JoinHandle<io::Result<()>>>,
}

impl RunningServer {
    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The sessions the server holds.
    pub fn store(&self) -> SessionStore {
        self.store.clone()
    }

    /// Stops the server and waits for its thread.
    pub fn shutdown(mut self) -> io::Result<()> {
        self.stop_and_join()
    }

    fn stop_and_join(&mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .map_err(|_| io::Error::other("the server thread panicked"))?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.stop_and_join();
    }
}
