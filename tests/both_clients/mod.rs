//! One test suite for both clients: the async `JsvClient` (driven by a runtime of its own)
//! and `blocking::JsvClient`, behind one trait, so every behaviour is checked on both.
//!
//! A test is written once as a generic function over [`Client`] and instantiated for both
//! with [`both!`].
#![allow(dead_code)] // each test file uses a different part

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_jsv::builtin::{Authenticate, AuthenticateResponse};
use serde_jsv::client::hooks::{IncomingResponse, OutgoingRequest};
use serde_jsv::client::{Error, RetryPolicy};
use serde_jsv::request::ServiceStackRequest;

/// How a test wants its client built (the builder types differ between the two flavours).
#[derive(Default)]
pub struct Config {
    pub bearer: Option<String>,
    pub refresh_token: Option<String>,
    pub refresh_path: Option<String>,
    pub retry: Option<RetryPolicy>,
    pub default_headers: Vec<(String, String)>,
    pub request_hooks: Vec<RequestHook>,
    pub response_hooks: Vec<ResponseHook>,
}

pub type RequestHook = Arc<dyn Fn(&mut OutgoingRequest<'_>) + Send + Sync>;
pub type ResponseHook = Arc<dyn Fn(&IncomingResponse<'_>) + Send + Sync>;

/// What both clients can do, with the same names.
pub trait Client: Sized {
    /// `"async"` or `"blocking"`, for assertion messages.
    const FLAVOUR: &'static str;

    fn build(base: &str, config: Config) -> Self;

    fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error>;
    fn send_all<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<Vec<R::Response>, Error>;
    fn send_one_way<R: ServiceStackRequest>(&self, request: &R) -> Result<(), Error>;
    fn send_all_one_way<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<(), Error>;
    fn authenticate(&self, request: &Authenticate) -> Result<AuthenticateResponse, Error>;
    fn set_refresh_token(&self, token: Option<&str>);
    fn set_refresh_token_uri(&self, uri: &str) -> Result<(), Error>;
    /// A callback that counts its calls and signs in with `request`.
    fn on_auth_sign_in(&self, request: Authenticate, calls: Arc<AtomicUsize>);
    /// A callback that counts its calls and fails.
    fn on_auth_fail(&self, calls: Arc<AtomicUsize>);
}

/// The error the failing callback returns.
pub fn vault_locked() -> Error {
    Error::InvalidRequest("the password vault is locked".into())
}

macro_rules! apply_config {
    ($builder:expr, $config:expr) => {{
        let config = $config;
        let mut builder = $builder
            .timeout(std::time::Duration::from_secs(5))
            .retry(config.retry.unwrap_or_else(RetryPolicy::none));
        if let Some(bearer) = config.bearer {
            builder = builder.bearer_token(bearer);
        }
        if let Some(token) = config.refresh_token {
            builder = builder.refresh_token(token);
        }
        if let Some(path) = config.refresh_path {
            builder = builder.refresh_path(path);
        }
        for (name, value) in &config.default_headers {
            builder = builder.default_header(name, value);
        }
        for hook in config.request_hooks {
            builder = builder.request_hook(move |request| hook(request));
        }
        for hook in config.response_hooks {
            builder = builder.response_hook(move |response| hook(response));
        }
        builder.build().expect("client builds")
    }};
}

/// The async client with a current-thread runtime to drive it.
pub struct AsyncClient {
    pub client: serde_jsv::client::JsvClient,
    runtime: tokio::runtime::Runtime,
}

impl Client for AsyncClient {
    const FLAVOUR: &'static str = "async";

    fn build(base: &str, config: Config) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = apply_config!(serde_jsv::client::JsvClient::builder(base), config);
        AsyncClient { client, runtime }
    }

    fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.runtime.block_on(self.client.send(request))
    }
    fn send_all<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<Vec<R::Response>, Error> {
        self.runtime.block_on(self.client.send_all(requests))
    }
    fn send_one_way<R: ServiceStackRequest>(&self, request: &R) -> Result<(), Error> {
        self.runtime.block_on(self.client.send_one_way(request))
    }
    fn send_all_one_way<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<(), Error> {
        self.runtime
            .block_on(self.client.send_all_one_way(requests))
    }
    fn authenticate(&self, request: &Authenticate) -> Result<AuthenticateResponse, Error> {
        self.runtime.block_on(self.client.authenticate(request))
    }
    fn set_refresh_token(&self, token: Option<&str>) {
        self.client.set_refresh_token(token);
    }
    fn set_refresh_token_uri(&self, uri: &str) -> Result<(), Error> {
        self.client.set_refresh_token_uri(uri)
    }
    fn on_auth_sign_in(&self, request: Authenticate, calls: Arc<AtomicUsize>) {
        self.client.on_authentication_required(move |client| {
            calls.fetch_add(1, Ordering::SeqCst);
            let request = request.clone();
            async move { client.authenticate(&request).await.map(drop) }
        });
    }
    fn on_auth_fail(&self, calls: Arc<AtomicUsize>) {
        self.client.on_authentication_required(move |_| {
            calls.fetch_add(1, Ordering::SeqCst);
            async { Err(vault_locked()) }
        });
    }
}

/// The blocking client.
pub struct BlockingClient {
    pub client: serde_jsv::client::blocking::JsvClient,
}

impl Client for BlockingClient {
    const FLAVOUR: &'static str = "blocking";

    fn build(base: &str, config: Config) -> Self {
        let client = apply_config!(
            serde_jsv::client::blocking::JsvClient::builder(base),
            config
        );
        BlockingClient { client }
    }

    fn send<R: ServiceStackRequest>(&self, request: &R) -> Result<R::Response, Error> {
        self.client.send(request)
    }
    fn send_all<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<Vec<R::Response>, Error> {
        self.client.send_all(requests)
    }
    fn send_one_way<R: ServiceStackRequest>(&self, request: &R) -> Result<(), Error> {
        self.client.send_one_way(request)
    }
    fn send_all_one_way<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<(), Error> {
        self.client.send_all_one_way(requests)
    }
    fn authenticate(&self, request: &Authenticate) -> Result<AuthenticateResponse, Error> {
        self.client.authenticate(request)
    }
    fn set_refresh_token(&self, token: Option<&str>) {
        self.client.set_refresh_token(token);
    }
    fn set_refresh_token_uri(&self, uri: &str) -> Result<(), Error> {
        self.client.set_refresh_token_uri(uri)
    }
    fn on_auth_sign_in(&self, request: Authenticate, calls: Arc<AtomicUsize>) {
        self.client.on_authentication_required(move |client| {
            calls.fetch_add(1, Ordering::SeqCst);
            client.authenticate(&request).map(drop)
        });
    }
    fn on_auth_fail(&self, calls: Arc<AtomicUsize>) {
        self.client.on_authentication_required(move |_| {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(vault_locked())
        });
    }
}

/// Instantiates each generic test function `name::<C: Client>()` for both clients:
/// `both!(a, b)` makes `async_client::a`, `blocking_client::a`, ….
#[macro_export]
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod async_client {
            $(#[test] fn $name() { super::$name::<$crate::both_clients::AsyncClient>(); })*
        }
        mod blocking_client {
            $(#[test] fn $name() { super::$name::<$crate::both_clients::BlockingClient>(); })*
        }
    };
}
