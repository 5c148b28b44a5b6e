//! Batches and one-way requests: ServiceStack's `SendAll`, `SendOneWay` and
//! `SendAllOneWay`, on the async and the blocking client alike.
//!
//! The wire shapes are those of ServiceStack's `ServiceClientBase`:
//!
//! | call | request | answer |
//! |---|---|---|
//! | `send_all(&[R])` | `POST {base}/jsv/reply/{Name}[]`, body the JSV list of DTOs | the JSV list of responses, in order |
//! | `send_one_way(&R)` | `R::METHOD` to `{base}/jsv/oneway/{Name}` (members in the query string for GET and DELETE, in the body otherwise) | any 2xx; the body is ignored |
//! | `send_all_one_way(&[R])` | `POST {base}/jsv/oneway/{Name}[]`, body the JSV list | any 2xx; the body is ignored |
//!
//! The `[]` is sent as it is, not percent-encoded, and the DTOs' own routes are not used
//! (ServiceStack's predefined routes take any request type). An empty slice is an
//! [`Error::InvalidRequest`] and sends nothing. Batches are POSTs, so they are never
//! retried after a failure that may have reached the server; a 401 still starts the
//! refresh-token round (the server refused the batch, so sending it again repeats nothing).
//!
//! ```no_run
//! use serde_jsv::client::JsvClient;
//! use serde_jsv::evo_voice::InviteChatMember;
//!
//! # async fn run() -> Result<(), serde_jsv::client::Error> {
//! let client = JsvClient::new("http://127.0.0.1:8080")?;
//! let invites = [
//!     InviteChatMember::new("s1", "+15550001"),
//!     InviteChatMember::new("s1", "+15550002"),
//! ];
//! // One POST to /jsv/reply/InviteChatMember[], one SessionInfo per invite.
//! let sessions = client.send_all(&invites).await?;
//! assert_eq!(sessions.len(), 2);
//! // Fire and forget: POST /jsv/oneway/InviteChatMember[].
//! client.send_all_one_way(&invites).await?;
//! # Ok(()) }
//! ```

use bytes::Bytes;

use crate::client::builder::Settings;
use crate::client::decode::RawResponse;
use crate::client::error::Error;
use crate::client::exchange::{Prepared, Scope};
use crate::client::url::{self, Fallback, UrlOptions};
use crate::request::ServiceStackRequest;

/// Which predefined route a request goes to.
#[derive(Clone, Copy)]
enum Kind {
    Reply,
    OneWay,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Reply => "/jsv/reply/",
            Kind::OneWay => "/jsv/oneway/",
        }
    }
}

impl Settings {
    /// The POST of `requests` as one JSV list to `/jsv/{reply|oneway}/{Name}[]`.
    fn prepare_list<R: ServiceStackRequest>(
        &self,
        requests: &[R],
        kind: Kind,
    ) -> Result<Prepared, Error> {
        if requests.is_empty() {
            return Err(Error::InvalidRequest(format!(
                "an empty batch of {} requests: nothing to send",
                R::TYPE_NAME
            )));
        }
        let body = crate::to_vec(requests).map_err(|err| {
            Error::InvalidRequest(format!("could not write the batch as JSV: {err}"))
        })?;
        Ok(Prepared {
            method: reqwest::Method::POST,
            url: self.url(&format!("{}{}[]", kind.prefix(), R::TYPE_NAME))?,
            body: Some(Bytes::from(body)),
            content_type: None,
            scope: Scope::Client,
        })
    }

    /// `request` with its own method to `/jsv/oneway/{Name}`.
    fn prepare_one_way<R: ServiceStackRequest>(&self, request: &R) -> Result<Prepared, Error> {
        let method = R::METHOD;
        let options = UrlOptions {
            fallback: Fallback::JsvReply,
            key_case: self.key_case,
        };
        let mut path = url::resolve_with_routes(request, method, &options, &[])?;
        path.path = format!("{}{}", Kind::OneWay.prefix(), R::TYPE_NAME);
        let body = if method.has_body() {
            let text = crate::to_vec(request).map_err(|err| {
                Error::InvalidRequest(format!("could not write the body as JSV: {err}"))
            })?;
            Some(Bytes::from(text))
        } else {
            None
        };
        Ok(Prepared {
            method: method.into(),
            url: self.request_url(&path)?,
            body,
            content_type: None,
            scope: Scope::Client,
        })
    }
}

/// A one-way answer: any 2xx is success, whatever its body.
fn finish_one_way(raw: RawResponse) -> Result<(), Error> {
    if raw.status.is_success() {
        Ok(())
    } else {
        Err(raw.into_api_error())
    }
}

impl crate::client::JsvClient {
    /// Sends `requests` in one POST to `{base}/jsv/reply/{Name}[]` (ServiceStack's
    /// `SendAll`) and returns the server's responses, one per request, in order. An empty
    /// slice is an error and sends nothing. See [the batch docs](crate::client::batch).
    pub async fn send_all<R: ServiceStackRequest>(
        &self,
        requests: &[R],
    ) -> Result<Vec<R::Response>, Error> {
        let prepared = self.settings().prepare_list(requests, Kind::Reply)?;
        let raw = self.run(&prepared).await?;
        let answer = self
            .settings()
            .finish::<Vec<R::Response>>(prepared.url, raw)?;
        Ok(answer.into_inner())
    }

    /// Sends `request` to `{base}/jsv/oneway/{Name}` with its own method (ServiceStack's
    /// `SendOneWay`): the server queues it or runs it without an answer. Any 2xx status is
    /// success; the body is not decoded.
    pub async fn send_one_way<R: ServiceStackRequest>(&self, request: &R) -> Result<(), Error> {
        let prepared = self.settings().prepare_one_way(request)?;
        finish_one_way(self.run(&prepared).await?)
    }

    /// Sends `requests` in one POST to `{base}/jsv/oneway/{Name}[]` (ServiceStack's
    /// `SendAllOneWay`). Any 2xx status is success. An empty slice is an error and sends
    /// nothing.
    pub async fn send_all_one_way<R: ServiceStackRequest>(
        &self,
        requests: &[R],
    ) -> Result<(), Error> {
        let prepared = self.settings().prepare_list(requests, Kind::OneWay)?;
        finish_one_way(self.run(&prepared).await?)
    }
}

#[cfg(feature = "blocking")]
impl crate::client::blocking::JsvClient {
    /// Sends `requests` in one POST to `{base}/jsv/reply/{Name}[]` and returns the
    /// responses in order; see the async
    /// [`send_all`](crate::client::JsvClient::send_all).
    pub fn send_all<R: ServiceStackRequest>(
        &self,
        requests: &[R],
    ) -> Result<Vec<R::Response>, Error> {
        let prepared = self.settings().prepare_list(requests, Kind::Reply)?;
        let raw = self.run(&prepared)?;
        let answer = self
            .settings()
            .finish::<Vec<R::Response>>(prepared.url, raw)?;
        Ok(answer.into_inner())
    }

    /// Sends `request` to `{base}/jsv/oneway/{Name}` with its own method; see the async
    /// [`send_one_way`](crate::client::JsvClient::send_one_way).
    pub fn send_one_way<R: ServiceStackRequest>(&self, request: &R) -> Result<(), Error> {
        let prepared = self.settings().prepare_one_way(request)?;
        finish_one_way(self.run(&prepared)?)
    }

    /// Sends `requests` in one POST to `{base}/jsv/oneway/{Name}[]`; see the async
    /// [`send_all_one_way`](crate::client::JsvClient::send_all_one_way).
    pub fn send_all_one_way<R: ServiceStackRequest>(&self, requests: &[R]) -> Result<(), Error> {
        let prepared = self.settings().prepare_list(requests, Kind::OneWay)?;
        finish_one_way(self.run(&prepared)?)
    }
}
