//! What the async and the blocking client share: turning a DTO into a request, and the
//! refresh-token answer into a bearer token.

use bytes::Bytes;
use reqwest::header::{self, HeaderMap};
use reqwest::{StatusCode, Url};
use serde::de::DeserializeOwned;

use crate::client::ResponseValue;
use crate::client::auth::{GetAccessToken, GetAccessTokenResponse, Secret};
use crate::client::builder::Settings;
use crate::client::decode::RawResponse;
use crate::client::error::{DecodeError, DecodeReason, Error};
use crate::client::negotiation::Negotiation;
use crate::request::{Method, ServiceStackRequest};

/// A request ready to send (and to send again).
pub(crate) struct Prepared {
    pub(crate) method: Method,
    pub(crate) url: Url,
    pub(crate) body: Option<Bytes>,
    /// Whether credentials go with it (not for the refresh request).
    pub(crate) with_auth: bool,
}

impl Prepared {
    pub(crate) fn http_method(&self) -> reqwest::Method {
        match self.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }

    /// The tracing span of one request: method, path (no query, no credentials), status.
    pub(crate) fn span(&self) -> tracing::Span {
        tracing::info_span!(
            "jsv_request",
            method = self.method.as_str(),
            path = self.url.path(),
            status = tracing::field::Empty,
        )
    }
}

impl Settings {
    /// The absolute URL for `path_and_query` (which starts with `/`).
    pub(crate) fn url(&self, path_and_query: &str) -> Result<Url, Error> {
        Url::parse(&format!("{}{path_and_query}", self.base))
            .map_err(|err| Error::InvalidRequest(format!("invalid URL: {err}")))
    }

    pub(crate) fn prepare<R: ServiceStackRequest>(
        &self,
        request: &R,
        method: Method,
    ) -> Result<Prepared, Error> {
        let path = self
            .negotiation
            .request_path(request, method, self.key_case)?;
        let url = self.url(&path.to_string())?;
        let body = if method.has_body() {
            let text = crate::to_vec(request).map_err(|err| {
                Error::InvalidRequest(format!("could not write the body as JSV: {err}"))
            })?;
            Some(Bytes::from(text))
        } else {
            None
        };
        Ok(Prepared {
            method,
            url,
            body,
            with_auth: true,
        })
    }

    /// The `GetAccessToken` request, if the refresh flow is on.
    pub(crate) fn refresh_request(&self) -> Option<Result<Prepared, Error>> {
        let refresh = self.auth.refresh.as_ref()?;
        let prepare = || {
            let path = if refresh.path.starts_with('/') {
                refresh.path.clone()
            } else {
                format!("/{}", refresh.path)
            };
            let path = match self.negotiation {
                Negotiation::Auto | Negotiation::FormatParam => format!("{path}?format=jsv"),
                Negotiation::Suffix => format!("{path}.jsv"),
                _ => path,
            };
            let body = crate::to_vec(&GetAccessToken {
                refresh_token: refresh.token.expose(),
            })
            .map_err(|err| Error::InvalidRequest(err.to_string()))?;
            Ok(Prepared {
                method: Method::Post,
                url: self.url(&path)?,
                body: Some(Bytes::from(body)),
                with_auth: false,
            })
        };
        Some(prepare())
    }

    /// The headers of `prepared`: Accept, the defaults, Content-Type, credentials.
    pub(crate) fn headers(&self, prepared: &Prepared) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(self.default_headers.len() + 4);
        headers.insert(header::ACCEPT, self.accept.clone());
        for (name, value) in &self.default_headers {
            headers.insert(name.clone(), value.clone());
        }
        if prepared.body.is_some() {
            headers.insert(header::CONTENT_TYPE, self.body_content_type.clone());
        }
        if prepared.with_auth {
            self.auth.apply(&mut headers);
        }
        headers
    }

    /// Whether a 401 should trigger the refresh flow.
    pub(crate) fn should_refresh(&self, status: StatusCode, already_refreshed: bool) -> bool {
        status == StatusCode::UNAUTHORIZED && !already_refreshed && self.auth.refresh.is_some()
    }

    /// Takes the new access token from the `GetAccessToken` answer. Bodies are dropped
    /// from errors here: a half-readable answer may still hold a token.
    pub(crate) fn finish_refresh(&self, raw: RawResponse) -> Result<(), Error> {
        let scrub = |mut err: Error| {
            match &mut err {
                Error::Decode(decode) => decode.body = Bytes::new(),
                Error::Api(api) => api.body = Bytes::new(),
                _ => {}
            }
            err
        };
        let (status, headers, _, answer) = raw
            .into_value::<GetAccessTokenResponse>(&self.read_options)
            .map_err(scrub)?;
        match answer.access_token.filter(|token| !token.is_empty()) {
            Some(token) => {
                self.auth.set_bearer(Some(Secret::new(token)));
                tracing::debug!("access token refreshed");
                Ok(())
            }
            None => Err(Error::Decode(Box::new(DecodeError {
                status,
                headers,
                body: Bytes::new(),
                reason: DecodeReason::MissingMember("accessToken"),
            }))),
        }
    }

    /// Decodes a final response.
    pub(crate) fn finish<T: DeserializeOwned>(
        &self,
        url: Url,
        raw: RawResponse,
    ) -> Result<ResponseValue<T>, Error> {
        let (status, headers, body, value) = raw.into_value(&self.read_options)?;
        Ok(ResponseValue::new(value, status, headers, body, url))
    }
}
