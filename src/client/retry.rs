//! Retries: only idempotent requests, only when the server cannot have acted on them.
//!
//! ```
//! use std::time::Duration;
//! use serde_jsv::client::{JsvClient, RetryPolicy};
//!
//! let client = JsvClient::builder("http://127.0.0.1:8080")
//!     .retry(RetryPolicy::new(3).backoff(Duration::from_millis(50), Duration::from_secs(1)))
//!     .build()?;
//! # let _ = client;
//! # Ok::<(), serde_jsv::client::Error>(())
//! ```
//!
//! A request is retried when its method is idempotent (GET, PUT, DELETE, and for
//! [`send_raw`](crate::client::JsvClient::send_raw) also HEAD, OPTIONS and TRACE) and the
//! attempt failed to connect or got 502, 503 or 504 — answers from proxies and overloaded hosts
//! that did not run the service. Timeouts are not retried (the service may still be
//! running), nor is any other status. The delay doubles from `initial` up to `max`, with
//! jitter. A `Retry-After` header (seconds or an HTTP-date) replaces that delay; when it asks
//! for a longer pause than `max`, the client does not retry early against the server's
//! wish but returns the answer at once (its headers keep the `Retry-After`).

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use crate::request::Method;

/// When and how often to retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial: Duration,
    max: Duration,
}

impl Default for RetryPolicy {
    /// Two retries, 100 ms then 200 ms (± jitter), capped at 2 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial: Duration::from_millis(100),
            max: Duration::from_secs(2),
        }
    }
}

impl RetryPolicy {
    /// Up to `max_retries` retries with the default backoff.
    pub fn new(max_retries: u32) -> RetryPolicy {
        RetryPolicy {
            max_retries,
            ..RetryPolicy::default()
        }
    }

    /// Never retry.
    pub fn none() -> RetryPolicy {
        RetryPolicy::new(0)
    }

    /// Sets the first delay and the longest one.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> RetryPolicy {
        self.initial = initial;
        self.max = max.max(initial);
        self
    }

    /// The most retries after the first attempt.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Whether `method` may be sent again: GET, PUT and DELETE are idempotent; POST and
    /// PATCH are not.
    pub fn is_idempotent(method: Method) -> bool {
        matches!(method, Method::Get | Method::Put | Method::Delete)
    }

    /// [`is_idempotent`](Self::is_idempotent) for any HTTP method: also HEAD, OPTIONS and
    /// TRACE (RFC 9110 §9.2.2); CONNECT and extension methods are not.
    pub(crate) fn is_idempotent_http(method: &reqwest::Method) -> bool {
        [
            reqwest::Method::GET,
            reqwest::Method::HEAD,
            reqwest::Method::OPTIONS,
            reqwest::Method::TRACE,
            reqwest::Method::PUT,
            reqwest::Method::DELETE,
        ]
        .contains(method)
    }

    /// Whether a response with `status` is worth retrying.
    pub fn is_retryable_status(status: StatusCode) -> bool {
        matches!(
            status,
            StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT
        )
    }

    /// The delay before retry number `retry` (0-based) after an outcome, or `None` when
    /// the request must not be retried.
    pub(crate) fn delay(
        &self,
        method: &reqwest::Method,
        retry: u32,
        outcome: Outcome<'_>,
    ) -> Option<Duration> {
        if retry >= self.max_retries || !RetryPolicy::is_idempotent_http(method) {
            return None;
        }
        match outcome {
            Outcome::ConnectFailed => Some(self.backoff_for(retry)),
            Outcome::Status(status, headers) if RetryPolicy::is_retryable_status(status) => {
                match retry_after(headers, SystemTime::now()) {
                    Some(wait) if wait > self.max => None,
                    Some(wait) => Some(wait),
                    None => Some(self.backoff_for(retry)),
                }
            }
            _ => None,
        }
    }

    /// Exponential backoff with "equal jitter": half fixed, half random.
    fn backoff_for(&self, retry: u32) -> Duration {
        let exp = self
            .initial
            .saturating_mul(1u32 << retry.min(16))
            .min(self.max);
        let half = exp / 2;
        let random = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        let jitter_nanos = u64::try_from(half.as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(random % jitter_nanos.max(1))
    }
}

/// What an attempt came to, as the retry policy sees it.
#[derive(Clone, Copy)]
pub(crate) enum Outcome<'a> {
    ConnectFailed,
    Status(StatusCode, &'a HeaderMap),
    Other,
}

/// The pause the server asks for in `Retry-After`, from `now`: whole seconds, or an HTTP-date
/// in any of the three forms RFC 9110 §5.6.7 says a recipient must accept (a date already
/// past asks for no pause). `None` when the header is missing or unreadable.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(text).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_idempotent_methods_on_gateway_statuses() {
        let policy =
            RetryPolicy::new(2).backoff(Duration::from_millis(10), Duration::from_millis(40));
        let headers = HeaderMap::new();
        let get = reqwest::Method::GET;
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &headers);
        assert!(policy.delay(&get, 0, unavailable).is_some());
        assert!(
            policy
                .delay(&reqwest::Method::PUT, 1, unavailable)
                .is_some()
        );
        assert!(policy.delay(&get, 2, unavailable).is_none());
        assert!(
            policy
                .delay(&reqwest::Method::POST, 0, unavailable)
                .is_none()
        );
        assert!(
            policy
                .delay(&reqwest::Method::PATCH, 0, Outcome::ConnectFailed)
                .is_none()
        );
        let server_error = Outcome::Status(StatusCode::INTERNAL_SERVER_ERROR, &headers);
        assert!(policy.delay(&get, 0, server_error).is_none());
        assert!(policy.delay(&get, 0, Outcome::Other).is_none());
        assert!(
            policy
                .delay(&reqwest::Method::HEAD, 0, unavailable)
                .is_some()
        );
        let custom = reqwest::Method::from_bytes(b"PURGE").unwrap();
        assert!(policy.delay(&custom, 0, unavailable).is_none());
        for method in [Method::Get, Method::Put, Method::Delete] {
            assert!(RetryPolicy::is_idempotent_http(&method.into()));
        }
        let delay = policy
            .delay(&reqwest::Method::DELETE, 1, Outcome::ConnectFailed)
            .unwrap();
        assert!(delay >= Duration::from_millis(10) && delay <= Duration::from_millis(20));
    }

    fn headers_with_retry_after(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, value.parse().unwrap());
        headers
    }

    #[test]
    fn retry_after_reads_seconds_and_all_three_http_date_forms() {
        // 1994-11-06T08:49:37Z, the example date of RFC 9110.
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        let ahead = |value: &str| retry_after(&headers_with_retry_after(value), now);
        assert_eq!(ahead("120"), Some(Duration::from_secs(120)));
        assert_eq!(ahead(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            ahead("Sun, 06 Nov 1994 08:49:40 GMT"),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            ahead("Sunday, 06-Nov-94 08:50:37 GMT"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            ahead("Sun Nov  6 08:49:47 1994"),
            Some(Duration::from_secs(10))
        );
        // A date in the past asks for no pause.
        assert_eq!(ahead("Sun, 06 Nov 1994 08:00:00 GMT"), Some(Duration::ZERO));
        for unreadable in ["soon", "-5", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT"] {
            assert_eq!(ahead(unreadable), None, "{unreadable:?}");
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn retry_after_replaces_the_backoff_and_a_longer_one_stops_retrying() {
        let policy = RetryPolicy::new(2).backoff(Duration::from_millis(10), Duration::from_secs(2));
        let get = reqwest::Method::GET;
        let unavailable = |headers| Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, headers);
        let one = headers_with_retry_after("1");
        assert_eq!(
            policy.delay(&get, 0, unavailable(&one)),
            Some(Duration::from_secs(1))
        );
        let long = headers_with_retry_after("30");
        assert_eq!(policy.delay(&get, 0, unavailable(&long)), None);
        let garbled = headers_with_retry_after("later");
        let delay = policy.delay(&get, 0, unavailable(&garbled)).unwrap();
        assert!(delay <= Duration::from_millis(10), "{delay:?}");
    }
}
