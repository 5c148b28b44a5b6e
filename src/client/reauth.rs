//! Signing in and staying signed in: `authenticate`, tokens changed after build, and the
//! `on_authentication_required` callback, on the async and the blocking client alike.
//!
//! What happens on a 401 to a request of the client's own origin (as in ServiceStack's
//! `ServiceClientBase`):
//!
//! 1. with a refresh token, the client gets a new bearer token from the refresh-token URI
//!    (`/access-token`, or an absolute URL of a central auth server) and retries once; a
//!    failure there, a 401 included, is [`Error::Refresh`];
//! 2. otherwise, with an `on_authentication_required` callback, it calls the callback once
//!    (it typically calls [`authenticate`](crate::client::JsvClient::authenticate)) and
//!    retries once; a failing callback is [`Error::Refresh`] holding the callback's error.
//!
//! A second 401 is returned as it is. Requests that get their 401 together share one round:
//! one of them refreshes or calls the callback, the others wait and retry with its token.
//! Requests the callback itself sends (on the same task or thread) never start a round of
//! their own, and a sign-in's 401 never does (it means the credentials were refused). A
//! request is only sent again after a 401, which the server sends before running it.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, RwLock};

use crate::builtin::{Authenticate, AuthenticateResponse};
use crate::client::auth::Secret;
use crate::client::builder::Settings;
use crate::client::error::Error;
use crate::client::exchange::{Prepared, Scope};
use crate::request::ServiceStackRequest;

type BoxFuture = Pin<Box<dyn Future<Output = Result<(), Error>> + Send>>;
type AsyncCallback = Arc<dyn Fn(crate::client::JsvClient) -> BoxFuture + Send + Sync>;
#[cfg(feature = "blocking")]
type BlockingCallback =
    Arc<dyn Fn(&crate::client::blocking::JsvClient) -> Result<(), Error> + Send + Sync>;

/// The callbacks a client was given (one of the two is used, by its flavour).
#[derive(Default)]
pub(crate) struct Callbacks {
    on_async: RwLock<Option<AsyncCallback>>,
    #[cfg(feature = "blocking")]
    on_blocking: RwLock<Option<BlockingCallback>>,
}

impl Callbacks {
    /// Whether a callback is set.
    pub(crate) fn is_set(&self) -> bool {
        let on_async = read(&self.on_async).is_some();
        #[cfg(feature = "blocking")]
        let on_blocking = read(&self.on_blocking).is_some();
        #[cfg(not(feature = "blocking"))]
        let on_blocking = false;
        on_async || on_blocking
    }
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(|poison| poison.into_inner())
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(|poison| poison.into_inner())
}

tokio::task_local! {
    /// Set while an async callback runs, on its task.
    static IN_ASYNC_CALLBACK: ();
}

thread_local! {
    /// Set while a blocking callback runs, on its thread.
    static IN_BLOCKING_CALLBACK: Cell<bool> = const { Cell::new(false) };
}

/// Marks the current thread as running a blocking callback until dropped (also when the
/// callback panics).
#[cfg(feature = "blocking")]
struct InsideBlockingCallback;

#[cfg(feature = "blocking")]
impl InsideBlockingCallback {
    fn enter() -> InsideBlockingCallback {
        IN_BLOCKING_CALLBACK.with(|flag| flag.set(true));
        InsideBlockingCallback
    }
}

#[cfg(feature = "blocking")]
impl Drop for InsideBlockingCallback {
    fn drop(&mut self) {
        IN_BLOCKING_CALLBACK.with(|flag| flag.set(false));
    }
}

/// Whether the current task or thread is running an `on_authentication_required`
/// callback: its own requests must not start another round (it would wait for itself).
pub(crate) fn inside_callback() -> bool {
    IN_ASYNC_CALLBACK.try_with(|_| ()).is_ok() || IN_BLOCKING_CALLBACK.with(Cell::get)
}

impl Settings {
    /// The sign-in request: `Authenticate` POSTed to its route, without the bearer token.
    fn prepare_sign_in(&self, request: &Authenticate) -> Result<Prepared, Error> {
        let mut prepared = self.prepare(request, Authenticate::METHOD)?;
        prepared.scope = Scope::SignIn;
        Ok(prepared)
    }

    /// Keeps what a successful sign-in returned: the bearer and refresh tokens.
    fn keep_sign_in(&self, response: &AuthenticateResponse) {
        let present = |token: &Option<String>| token.clone().filter(|t| !t.is_empty());
        if let Some(refresh) = present(&response.refresh_token) {
            self.auth.set_refresh_token(Some(Secret::new(refresh)));
        }
        if let Some(bearer) = present(&response.bearer_token) {
            self.auth.set_bearer(Some(Secret::new(bearer)));
        }
        self.auth.bump_generation();
    }

    /// Checks and sets the refresh-token URI.
    fn set_refresh_uri(&self, uri: String) -> Result<(), Error> {
        self.refresh_url(&uri)?;
        self.auth.set_refresh_path(uri);
        Ok(())
    }
}

/// The methods both clients share, written once.
macro_rules! token_methods {
    () => {
        /// Replaces the refresh token (e.g. one kept from an earlier session); `None` turns
        /// the refresh flow off. The refresh-token URI stays as it was.
        pub fn set_refresh_token(&self, token: Option<impl Into<Secret>>) {
            self.settings()
                .auth
                .set_refresh_token(token.map(Into::into));
        }

        /// Where the refresh token is sent: a path under the base URL (default
        /// `/access-token`) or an absolute `http`/`https` URL, e.g. a central auth server
        /// (which is sent neither the client's credentials nor default headers holding
        /// secrets). An unusable URI is an error and changes nothing.
        pub fn set_refresh_token_uri(&self, uri: impl Into<String>) -> Result<(), Error> {
            self.settings().set_refresh_uri(uri.into())
        }
    };
}

impl crate::client::JsvClient {
    /// Signs in: sends `request` to `/auth/{provider}` (or `/auth`) and keeps what comes
    /// back. The bearer token and the refresh token of the answer replace the client's own
    /// (when present), and the `ss-id`/`ss-pid` session cookies it sets are kept by the
    /// cookie store (on by default) and sent with every later request, as ServiceStack's
    /// .NET clients do.
    ///
    /// The sign-in is sent without the current bearer token (which may be the expired one
    /// being replaced); a 401 means the credentials were refused and is returned as it is.
    ///
    /// ```no_run
    /// use serde_jsv::builtin::Authenticate;
    /// use serde_jsv::client::JsvClient;
    ///
    /// # async fn run() -> Result<(), serde_jsv::client::Error> {
    /// let client = JsvClient::new("http://127.0.0.1:8080")?;
    /// let session = client.authenticate(&Authenticate::credentials("ann", "secret")).await?;
    /// println!("signed in as {:?}", session.user_name);
    /// # Ok(()) }
    /// ```
    pub async fn authenticate(
        &self,
        request: &Authenticate,
    ) -> Result<AuthenticateResponse, Error> {
        let settings = self.settings();
        let prepared = settings.prepare_sign_in(request)?;
        let raw = self.run(&prepared).await?;
        let response = settings
            .finish::<AuthenticateResponse>(prepared.url, raw)?
            .into_inner();
        settings.keep_sign_in(&response);
        Ok(response)
    }

    token_methods!();

    /// Calls `callback` when a request gets a 401 and no refresh token is set, then retries
    /// the request once (ServiceStack's `OnAuthenticationRequired`). The callback gets a
    /// clone of the client, typically to [`authenticate`](Self::authenticate) again; its
    /// error fails the request as [`Error::Refresh`]. Requests that get their 401 together
    /// share one call. Replaces any earlier callback.
    ///
    /// ```no_run
    /// use serde_jsv::builtin::Authenticate;
    /// use serde_jsv::client::JsvClient;
    ///
    /// # fn run() -> Result<(), serde_jsv::client::Error> {
    /// let client = JsvClient::new("http://127.0.0.1:8080")?;
    /// client.on_authentication_required(|client| async move {
    ///     client.authenticate(&Authenticate::credentials("ann", "secret")).await?;
    ///     Ok(())
    /// });
    /// # Ok(()) }
    /// ```
    pub fn on_authentication_required<F, Fut>(&self, callback: F)
    where
        F: Fn(crate::client::JsvClient) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), Error>> + Send + 'static,
    {
        let callback: AsyncCallback = Arc::new(move |client| Box::pin(callback(client)));
        *write(&self.settings().auth.reauth.on_async) = Some(callback);
    }

    /// Runs the callback for a request that got a 401 while the token generation was
    /// `generation`, unless another request has since (then its token is the one to use).
    pub(crate) async fn run_auth_callback(&self, generation: u64) -> Result<(), Error> {
        let settings = self.settings();
        let Some(callback) = read(&settings.auth.reauth.on_async).clone() else {
            return Ok(());
        };
        let _turn = settings.auth.refresh_turn.lock().await;
        if settings.auth.generation() != generation {
            return Ok(());
        }
        tracing::debug!("authentication required: calling the callback");
        IN_ASYNC_CALLBACK.scope((), callback(self.clone())).await?;
        settings.auth.bump_generation();
        Ok(())
    }
}

#[cfg(feature = "blocking")]
impl crate::client::blocking::JsvClient {
    /// Signs in and keeps the tokens and session cookies; see the async
    /// [`authenticate`](crate::client::JsvClient::authenticate).
    pub fn authenticate(&self, request: &Authenticate) -> Result<AuthenticateResponse, Error> {
        let settings = self.settings();
        let prepared = settings.prepare_sign_in(request)?;
        let raw = self.run(&prepared)?;
        let response = settings
            .finish::<AuthenticateResponse>(prepared.url, raw)?
            .into_inner();
        settings.keep_sign_in(&response);
        Ok(response)
    }

    token_methods!();

    /// Calls `callback` on a 401 when no refresh token is set, then retries once; see the
    /// async [`on_authentication_required`](crate::client::JsvClient::on_authentication_required).
    ///
    /// ```no_run
    /// use serde_jsv::builtin::Authenticate;
    /// use serde_jsv::client::blocking::JsvClient;
    ///
    /// let client = JsvClient::new("http://127.0.0.1:8080")?;
    /// client.on_authentication_required(|client| {
    ///     client.authenticate(&Authenticate::credentials("ann", "secret")).map(drop)
    /// });
    /// # Ok::<(), serde_jsv::client::Error>(())
    /// ```
    pub fn on_authentication_required<F>(&self, callback: F)
    where
        F: Fn(&crate::client::blocking::JsvClient) -> Result<(), Error> + Send + Sync + 'static,
    {
        *write(&self.settings().auth.reauth.on_blocking) = Some(Arc::new(callback));
    }

    /// The blocking [`run_auth_callback`](crate::client::JsvClient::run_auth_callback).
    pub(crate) fn run_auth_callback(&self, generation: u64) -> Result<(), Error> {
        let settings = self.settings();
        let Some(callback) = read(&settings.auth.reauth.on_blocking).clone() else {
            return Ok(());
        };
        let _turn = settings
            .auth
            .refresh_turn_blocking
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        if settings.auth.generation() != generation {
            return Ok(());
        }
        tracing::debug!("authentication required: calling the callback");
        let result = {
            let _inside = InsideBlockingCallback::enter();
            callback(self)
        };
        result?;
        settings.auth.bump_generation();
        Ok(())
    }
}
