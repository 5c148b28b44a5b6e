//! Sign-in and token DTOs: `Authenticate`, `GetAccessToken` and their responses.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::dotnet::DateTime;
use crate::request::{Method, Route, ServiceStackRequest};
use crate::response::{Meta, ResponseStatus};

/// ServiceStack's `Authenticate`: signs in with an auth provider (`credentials`, `jwt`,
/// `apikey`, …) at `/auth` or `/auth/{provider}`.
///
/// Answers an [`AuthenticateResponse`] carrying the session id, and with a JWT provider a
/// bearer and a refresh token. The `credentials` provider takes a user name and password;
/// token providers take `access_token` (and `access_token_secret`).
///
/// `Debug` prints `password`, `access_token` and `access_token_secret` as `"***"` so that a
/// logged request does not leak them.
///
/// ```
/// use serde_jsv::builtin::Authenticate;
///
/// let sign_in = Authenticate { remember_me: Some(true), ..Authenticate::credentials("ann", "pw") };
/// assert_eq!(
///     serde_jsv::to_string(&sign_in)?,
///     "{provider:credentials,userName:ann,password:pw,rememberMe:True}"
/// );
/// # Ok::<(), serde_jsv::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Authenticate {
    /// The auth provider, e.g. `credentials`; `None` uses the host's default provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The user name (or email) for the `credentials` provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The password for the `credentials` provider.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Whether the session outlives the browser session (`ss-opt=perm`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remember_me: Option<bool>,
    /// A token for token providers (a JWT, an API key, an OAuth access token).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The secret of an OAuth 1 access token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_secret: Option<String>,
    /// Where a browser is redirected after signing in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// The view shown on failure (HTML hosts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_view: Option<String>,
    /// Extra data for custom providers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl Authenticate {
    /// A sign-in with `provider` and nothing else set.
    pub fn new(provider: impl Into<String>) -> Authenticate {
        Authenticate {
            provider: Some(provider.into()),
            ..Authenticate::default()
        }
    }

    /// A sign-in with the `credentials` provider: a user name (or email) and a password.
    pub fn credentials(user_name: impl Into<String>, password: impl Into<String>) -> Authenticate {
        Authenticate {
            user_name: Some(user_name.into()),
            password: Some(password.into()),
            ..Authenticate::new("credentials")
        }
    }
}

/// Shows a secret member as `Some("***")`, never its text.
fn redacted(value: &Option<String>) -> Option<&'static str> {
    value.as_ref().map(|_| "***")
}

impl fmt::Debug for Authenticate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticate")
            .field("provider", &self.provider)
            .field("user_name", &self.user_name)
            .field("password", &redacted(&self.password))
            .field("remember_me", &self.remember_me)
            .field("access_token", &redacted(&self.access_token))
            .field("access_token_secret", &redacted(&self.access_token_secret))
            .field("return_url", &self.return_url)
            .field("error_view", &self.error_view)
            .field("meta", &self.meta)
            .finish()
    }
}

impl ServiceStackRequest for Authenticate {
    type Response = AuthenticateResponse;
    const TYPE_NAME: &'static str = "Authenticate";
    const METHOD: Method = Method::Post;
    /// `AuthFeature`'s routes, both `GET,POST`: with a provider `/auth/{provider}` wins (it
    /// has more variables), without one `/auth`.
    const ROUTES: &'static [Route] = &[
        Route::new("/auth", &[Method::Get, Method::Post]),
        Route::new("/auth/{provider}", &[Method::Get, Method::Post]),
    ];
}

/// ServiceStack's `AuthenticateResponse`: the signed-in session.
///
/// Every member is optional on the wire: which ones a host fills depends on the provider
/// (`bearerToken`/`refreshToken` only with a JWT provider, `roles`/`permissions` only when
/// the host includes them).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuthenticateResponse {
    /// The user's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The session id (also sent as the `ss-id`/`ss-pid` cookie).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The user name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    /// The user's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// The URL the sign-in came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referrer_url: Option<String>,
    /// The JWT to send as `Authorization: Bearer …`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bearer_token: Option<String>,
    /// The token that gets a new bearer token from `/access-token`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// When the refresh token expires (.NET `DateTime?`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token_expiry: Option<DateTime>,
    /// The URL of the user's avatar.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_url: Option<String>,
    /// The user's roles, when the host includes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// The user's permissions, when the host includes them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<String>>,
    /// The provider that authenticated the user.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_provider: Option<String>,
    /// What went wrong, on failure.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::response::camel::serialize"
    )]
    pub response_status: Option<ResponseStatus>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

/// ServiceStack's `GetAccessToken`: trades a refresh token for a new bearer token at
/// `/access-token` (the JWT provider's route, any method; clients POST).
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetAccessToken {
    /// The refresh token from an earlier [`AuthenticateResponse`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
}

impl GetAccessToken {
    /// A request for a new bearer token in exchange for `refresh_token`.
    pub fn new(refresh_token: impl Into<String>) -> GetAccessToken {
        GetAccessToken {
            refresh_token: Some(refresh_token.into()),
            meta: None,
        }
    }
}

impl fmt::Debug for GetAccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GetAccessToken")
            .field("refresh_token", &redacted(&self.refresh_token))
            .field("meta", &self.meta)
            .finish()
    }
}

impl ServiceStackRequest for GetAccessToken {
    type Response = GetAccessTokenResponse;
    const TYPE_NAME: &'static str = "GetAccessToken";
    const METHOD: Method = Method::Post;
    const ROUTES: &'static [Route] = &[Route::new("/access-token", &[])];
}

/// ServiceStack's `GetAccessTokenResponse`: the new bearer token.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetAccessTokenResponse {
    /// The new JWT bearer token. Read from `accessToken` or, as hosts with PascalCase
    /// JSON write it, `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none", alias = "AccessToken")]
    pub access_token: Option<String>,
    /// Extra data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meta: Option<Meta>,
    /// What went wrong, on failure.
    #[serde(
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::response::camel::serialize"
    )]
    pub response_status: Option<ResponseStatus>,
}
