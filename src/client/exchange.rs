//! What the async and the blocking client share: turning a DTO into a request, and the
//! refresh-token answer into a bearer token.

use bytes::Bytes;
use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use crate::builtin::{GetAccessToken, GetAccessTokenResponse};
use crate::client::ResponseValue;
use crate::client::auth::Secret;
use crate::client::builder::Settings;
use crate::client::decode::RawResponse;
use crate::client::error::{Context, DecodeError, DecodeReason, Error, is_secret_header};
use crate::client::negotiation::Negotiation;
use crate::client::resend::Renewal;
use crate::client::url::RequestPath;
use crate::request::{Method, ServiceStackRequest};

/// A request ready to send (and to send again).
pub(crate) struct Prepared {
    pub(crate) method: reqwest::Method,
    pub(crate) url: Url,
    pub(crate) body: Option<Bytes>,
    /// The body's `Content-Type`; `None` for the client's body content type.
    pub(crate) content_type: Option<HeaderValue>,
    /// Which credentials go with it.
    pub(crate) scope: Scope,
}

/// Which credentials a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// A request to the client's own origin: the default headers and the credentials;
    /// a 401 may start the refresh flow.
    Client,
    /// The refresh request: the default headers, not the credentials.
    Refresh,
    /// A sign-in (`authenticate`): the default headers and the credentials but the bearer
    /// token; a 401 means the sign-in failed and starts no refresh.
    SignIn,
    /// A raw request to another origin: neither the credentials nor default headers that
    /// hold secrets (as reqwest drops them on a redirect to another host), and no refresh.
    Foreign,
}

impl Prepared {
    pub(crate) fn http_method(&self) -> reqwest::Method {
        self.method.clone()
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
            .map_err(|err| Context::error("invalid URL", err))
    }

    /// The absolute URL for a resolved request path: the base URL parsed at build, its path
    /// extended and its query set, rather than the whole text parsed again.
    pub(crate) fn request_url(&self, path: &RequestPath) -> Result<Url, Error> {
        // A `?` or `#` in the path, or a `#` in the query (a verbatim `QueryParams` key),
        // splits the text differently when parsed whole: keep that reading for them.
        if path.path.contains(['?', '#'])
            || path
                .query
                .as_deref()
                .is_some_and(|query| query.contains('#'))
        {
            return self.url(&path.to_string());
        }
        let mut url = self.base_url.clone();
        let base_path = self.base_url.path().trim_end_matches('/');
        if base_path.is_empty() {
            url.set_path(&path.path);
        } else {
            url.set_path(&format!("{base_path}{}", path.path));
        }
        url.set_query(path.query.as_deref());
        Ok(url)
    }

    pub(crate) fn prepare<R: ServiceStackRequest>(
        &self,
        request: &R,
        method: Method,
    ) -> Result<Prepared, Error> {
        let path = self
            .negotiation
            .request_path(request, method, self.key_case)?;
        let url = self.request_url(&path)?;
        let body = if method.has_body() {
            let text = crate::to_vec(request)
                .map_err(|err| Context::error("could not write the body as JSV", err))?;
            Some(Bytes::from(text))
        } else {
            None
        };
        Ok(Prepared {
            method: method.into(),
            url,
            body,
            content_type: None,
            scope: Scope::Client,
        })
    }

    /// The `GetAccessToken` request, if the refresh flow is on.
    pub(crate) fn refresh_request(&self) -> Option<Result<Prepared, Error>> {
        let refresh = self.auth.refresh()?;
        let prepare = || {
            let (mut url, scope) = self.refresh_url(&refresh.path)?;
            match self.negotiation {
                Negotiation::Auto | Negotiation::FormatParam => {
                    url.query_pairs_mut().append_pair("format", "jsv");
                }
                Negotiation::Suffix => {
                    let path = format!("{}.jsv", url.path());
                    url.set_path(&path);
                }
                _ => {}
            }
            let body = crate::to_vec(&GetAccessToken::new(refresh.token.expose()))
                .map_err(|err| Context::error("could not write the refresh request as JSV", err))?;
            Ok(Prepared {
                method: reqwest::Method::POST,
                url,
                body: Some(Bytes::from(body)),
                content_type: None,
                scope,
            })
        };
        Some(prepare())
    }

    /// The refresh URI: an absolute `http`/`https` URL as it is (on another origin it gets
    /// no secrets: [`Scope::Foreign`]), anything else a path under the base URL.
    pub(crate) fn refresh_url(&self, path: &str) -> Result<(Url, Scope), Error> {
        match Url::parse(path) {
            Ok(url) => {
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(Error::InvalidRequest(format!(
                        "the refresh-token URI must be http or https, not `{}:`",
                        url.scheme()
                    )));
                }
                let base = Url::parse(&self.base)
                    .map_err(|err| Error::InvalidRequest(format!("invalid base URL: {err}")))?;
                let scope = if url.origin() == base.origin() {
                    Scope::Refresh
                } else {
                    Scope::Foreign
                };
                Ok((url, scope))
            }
            Err(_) if path.starts_with('/') => Ok((self.url(path)?, Scope::Refresh)),
            Err(_) => Ok((self.url(&format!("/{path}"))?, Scope::Refresh)),
        }
    }

    /// The headers of `prepared`: Accept, the defaults (every value of a repeated one),
    /// Content-Type, credentials.
    ///
    /// Secrets (credentials, secret default headers) only go to the base URL's origin,
    /// whatever the scope says: a URL on another origin is treated as [`Scope::Foreign`].
    pub(crate) fn headers(&self, prepared: &Prepared) -> HeaderMap {
        let foreign = prepared.scope == Scope::Foreign
            || !crate::client::url::same_origin(&prepared.url, &self.base_url);
        let mut headers = if foreign {
            self.base_headers(true)
        } else {
            let mut headers = self.origin_headers.clone();
            headers.reserve(4);
            headers
        };
        if prepared.body.is_some() {
            let content_type = prepared
                .content_type
                .as_ref()
                .unwrap_or(&self.body_content_type);
            headers.insert(header::CONTENT_TYPE, content_type.clone());
        }
        match prepared.scope {
            Scope::Client if !foreign => self.auth.apply(&mut headers),
            Scope::SignIn if !foreign => self.auth.apply_sign_in(&mut headers),
            Scope::Client | Scope::SignIn | Scope::Refresh | Scope::Foreign => {}
        }
        headers
    }

    /// `Accept` and the default headers (every value of a repeated one); for a `foreign`
    /// URL without the secret ones.
    pub(crate) fn base_headers(&self, foreign: bool) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(self.default_headers.len() + 4);
        headers.insert(header::ACCEPT, self.accept.clone());
        for name in self.default_headers.keys() {
            let all = self.default_headers.get_all(name);
            if foreign && (is_secret_header(name) || all.iter().any(HeaderValue::is_sensitive)) {
                continue;
            }
            let mut values = all.iter();
            if let Some(first) = values.next() {
                headers.insert(name.clone(), first.clone());
            }
            for value in values {
                headers.append(name.clone(), value.clone());
            }
        }
        headers
    }

    /// How a 401 to `prepared` can be answered: only a request of the client's own, not
    /// sent from inside the `on_authentication_required` callback, renews, with the
    /// refresh token when one is set, else with the callback.
    pub(crate) fn renewal(&self, prepared: &Prepared) -> Renewal {
        if prepared.scope != Scope::Client || crate::client::reauth::inside_callback() {
            return Renewal::None;
        }
        Renewal::available(self.auth.has_refresh_token(), self.auth.reauth.is_set())
    }

    /// Takes the new access token from the `GetAccessToken` answer. Bodies are dropped
    /// from errors here: a half-readable answer may still hold a token. Its member names
    /// are matched ignoring case whatever the read options say: hosts write
    /// `accessToken` or `AccessToken`.
    pub(crate) fn finish_refresh(&self, raw: RawResponse) -> Result<(), Error> {
        let scrub = |mut err: Error| {
            match &mut err {
                Error::Decode(decode) => decode.body = Bytes::new(),
                Error::Api(api) => api.body = Bytes::new(),
                _ => {}
            }
            err
        };
        let (status, _, headers, _, answer) = raw
            .into_value::<GetAccessTokenResponse>(&self.read_options.clone().case_insensitive(true))
            .map_err(scrub)?;
        match answer.access_token.filter(|token| !token.is_empty()) {
            Some(token) => {
                self.auth.install_refreshed(Secret::new(token));
                tracing::debug!("access token refreshed");
                Ok(())
            }
            None => Err(Error::Decode(Box::new(DecodeError::new(
                status,
                headers,
                Bytes::new(),
                DecodeReason::MissingMember("accessToken"),
            )))),
        }
    }

    /// A final response to a raw request: the body as it came, or the error for a non-2xx
    /// status.
    pub(crate) fn finish_raw(
        &self,
        url: Url,
        raw: RawResponse,
    ) -> Result<ResponseValue<Bytes>, Error> {
        if !raw.status.is_success() {
            return Err(raw.into_api_error());
        }
        let RawResponse {
            status,
            version,
            headers,
            body,
            ..
        } = raw;
        Ok(ResponseValue::new(
            body.clone(),
            status,
            version,
            headers,
            body,
            url,
        ))
    }

    /// Decodes a final response.
    pub(crate) fn finish<T: DeserializeOwned>(
        &self,
        url: Url,
        raw: RawResponse,
    ) -> Result<ResponseValue<T>, Error> {
        let (status, version, headers, body, value) = raw.into_value(&self.read_options)?;
        Ok(ResponseValue::new(
            value, status, version, headers, body, url,
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::client::builder::BuilderState;
    use crate::client::url::RequestPath;

    /// The URL made from the parsed base URL is the one the whole text parses to.
    #[test]
    fn request_urls_match_parsing_the_whole_text() {
        for base in [
            "http://127.0.0.1:9",
            "http://127.0.0.1:9/",
            "https://api.example.com/v1/",
            "https://API.example.com:443/a%20b",
        ] {
            let settings = BuilderState::new(base.into()).into_settings().unwrap();
            for (path, query) in [
                ("/sessions/s1", Some("format=jsv")),
                ("/json/reply/Hello", Some("")),
                ("/json/reply/Hello", None),
                ("/items/..", Some("a=1")),
                ("/items/./x/%2E%2E/y", None),
                ("/a b/é", Some("q=a b&r=é")),
                ("/x?y", Some("z=1")),
                ("/x", Some("key#frag=1")),
                ("/x#f", None),
                ("//double", Some("a=%")),
            ] {
                let request = RequestPath::from_parts(path, query);
                let built = settings.request_url(&request).unwrap();
                let parsed = settings.url(&request.to_string()).unwrap();
                assert_eq!(built.as_str(), parsed.as_str(), "{base} + {request}");
            }
        }
    }
}
