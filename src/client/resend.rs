//! What to do after an attempt: return it, renew the credentials and send again, or wait
//! and retry. The one decision the async and the blocking send loops and both upload loops
//! share; it does no I/O (the loops send, sleep and renew), so it is tested on its own.
//! [`Payload`] says what each attempt sends, so that one loop per client serves plain
//! requests and uploads.
//!
//! The rules, in order:
//!
//! 1. a body that cannot be sent twice (an upload reading from a `Read`/`AsyncRead`) gets
//!    one attempt, whatever it came to;
//! 2. a 401, the first of the request, when the request may renew (see
//!    [`Renewal`]), renews (refresh token first, else the `on_authentication_required`
//!    callback) and is sent again; the renewal does not use up the retry budget, and its
//!    failure fails the request as [`Error::Refresh`];
//! 3. otherwise the [`RetryPolicy`] decides: a retry after its delay, or the attempt is
//!    returned as it is (a second 401 included).

use std::time::Duration;

use crate::client::decode::RawResponse;
use crate::client::error::Error;
use crate::client::retry::{Outcome, RetryPolicy};
use crate::client::upload::Form;

/// How a 401 to a request can be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Renewal {
    /// Not at all: a sign-in, a refresh request, a request to another origin, a request
    /// sent from inside the callback, or a client with neither a refresh token nor a
    /// callback.
    None,
    /// By trading the refresh token for a new access token.
    RefreshToken,
    /// By calling the `on_authentication_required` callback.
    Callback,
}

impl Renewal {
    /// The renewal a client has: the refresh token when one is set, else the callback.
    pub(crate) fn available(refresh_token: bool, callback: bool) -> Renewal {
        match (refresh_token, callback) {
            (true, _) => Renewal::RefreshToken,
            (false, true) => Renewal::Callback,
            (false, false) => Renewal::None,
        }
    }
}

/// Whether a request's body can be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// No body, bytes, or files opened anew for each attempt.
    Resendable,
    /// A body read from a stream: one attempt only.
    Once,
}

/// What each attempt of a request sends.
pub(crate) enum Payload<'a> {
    /// The prepared request's own body (bytes or none).
    Prepared,
    /// A multipart form, opened anew for each attempt.
    Form(&'a mut Form),
}

impl Payload<'_> {
    /// Whether the body can be sent again: a form only when none of its files is a reader.
    pub(crate) fn body(&self) -> Body {
        match self {
            Payload::Form(form) if !form.is_repeatable() => Body::Once,
            _ => Body::Resendable,
        }
    }
}

/// What the loop does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Return the attempt to the caller.
    Return,
    /// Renew the credentials this way (never [`Renewal::None`]), then send again; pass the
    /// renewal's result to [`Attempts::renewed`].
    Renew(Renewal),
    /// Wait this long, then send again.
    Retry(Duration),
}

/// The state of one request's attempts: whether it has renewed, how many retries it used.
pub(crate) struct Attempts<'a> {
    policy: &'a RetryPolicy,
    method: &'a reqwest::Method,
    body: Body,
    renewed: bool,
    retries: u32,
}

impl<'a> Attempts<'a> {
    /// A request with `method` and `body`, retried under `policy`.
    pub(crate) fn new(policy: &'a RetryPolicy, method: &'a reqwest::Method, body: Body) -> Self {
        Attempts {
            policy,
            method,
            body,
            renewed: false,
            retries: 0,
        }
    }

    /// What to do after an attempt that came to `outcome`. `renewal` says how a 401 can be
    /// answered; it is only asked on a 401 that may renew.
    pub(crate) fn next(&mut self, outcome: Outcome<'_>, renewal: impl FnOnce() -> Renewal) -> Next {
        if self.body == Body::Once {
            return Next::Return;
        }
        if !self.renewed
            && matches!(outcome, Outcome::Status(status, _) if status == reqwest::StatusCode::UNAUTHORIZED)
        {
            let renewal = renewal();
            if renewal != Renewal::None {
                self.renewed = true;
                return Next::Renew(renewal);
            }
        }
        match self.policy.delay(self.method, self.retries, outcome) {
            Some(delay) => {
                self.retries += 1;
                tracing::debug!(
                    retry = self.retries,
                    delay_ms = delay.as_millis() as u64,
                    "retrying"
                );
                Next::Retry(delay)
            }
            None => Next::Return,
        }
    }

    /// The result of the renewal [`next`](Self::next) asked for: its failure fails the
    /// request as [`Error::Refresh`].
    pub(crate) fn renewed(&self, result: Result<(), Error>) -> Result<(), Error> {
        result.map_err(|err| Error::Refresh(Box::new(err)))
    }
}

impl Outcome<'_> {
    /// What `attempt` came to, as the retry policy sees it.
    pub(crate) fn of(attempt: &Result<RawResponse, Error>) -> Outcome<'_> {
        match attempt {
            Ok(raw) => Outcome::Status(raw.status, &raw.headers),
            Err(Error::Connect(_)) => Outcome::ConnectFailed,
            Err(_) => Outcome::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, RETRY_AFTER};

    const RENEWALS: [Renewal; 3] = [Renewal::None, Renewal::RefreshToken, Renewal::Callback];
    const BODIES: [Body; 2] = [Body::Resendable, Body::Once];

    fn policy(max_retries: u32) -> RetryPolicy {
        RetryPolicy::new(max_retries).backoff(Duration::from_millis(10), Duration::from_millis(40))
    }

    fn methods() -> Vec<reqwest::Method> {
        vec![
            reqwest::Method::GET,
            reqwest::Method::HEAD,
            reqwest::Method::PUT,
            reqwest::Method::DELETE,
            reqwest::Method::POST,
            reqwest::Method::PATCH,
            reqwest::Method::from_bytes(b"PURGE").unwrap(),
        ]
    }

    /// Every outcome an attempt can come to that the decision tells apart.
    fn outcomes(headers: &HeaderMap) -> Vec<Outcome<'_>> {
        let mut outcomes = vec![Outcome::ConnectFailed, Outcome::Other];
        for status in [
            200, 201, 204, 304, 400, 401, 403, 404, 429, 500, 502, 503, 504,
        ] {
            outcomes.push(Outcome::Status(
                StatusCode::from_u16(status).unwrap(),
                headers,
            ));
        }
        outcomes
    }

    fn status(outcome: Outcome<'_>) -> Option<StatusCode> {
        match outcome {
            Outcome::Status(status, _) => Some(status),
            _ => None,
        }
    }

    /// The decision written out case by case, as the four loops made it before they
    /// shared one: the reference the state machine is checked against.
    fn expected(
        body: Body,
        renewed: bool,
        retries: u32,
        max_retries: u32,
        method: &reqwest::Method,
        outcome: Outcome<'_>,
        renewal: Renewal,
    ) -> &'static str {
        if body == Body::Once {
            return "return";
        }
        if status(outcome) == Some(StatusCode::UNAUTHORIZED) && !renewed {
            match renewal {
                Renewal::RefreshToken => return "refresh",
                Renewal::Callback => return "callback",
                Renewal::None => {}
            }
        }
        let idempotent = RetryPolicy::is_idempotent_http(method);
        let retryable = match outcome {
            Outcome::ConnectFailed => true,
            Outcome::Status(status, _) => RetryPolicy::is_retryable_status(status),
            Outcome::Other => false,
        };
        if idempotent && retryable && retries < max_retries {
            "retry"
        } else {
            "return"
        }
    }

    fn shown(next: Next) -> &'static str {
        match next {
            Next::Return => "return",
            Next::Renew(Renewal::RefreshToken) => "refresh",
            Next::Renew(Renewal::Callback) => "callback",
            Next::Renew(Renewal::None) => "renew with nothing",
            Next::Retry(_) => "retry",
        }
    }

    /// Every body, method, outcome, renewal, earlier renewal and retry count, from a
    /// fresh state and from one that has already renewed and retried.
    #[test]
    fn every_case_matches_the_rules() {
        let headers = HeaderMap::new();
        let mut cases = 0;
        for max_retries in [0, 1, 2] {
            let policy = policy(max_retries);
            for method in methods() {
                for body in BODIES {
                    for renewal in RENEWALS {
                        for renewed in [false, true] {
                            for retries in 0..=max_retries {
                                for outcome in outcomes(&headers) {
                                    let mut attempts = Attempts::new(&policy, &method, body);
                                    attempts.renewed = renewed;
                                    attempts.retries = retries;
                                    let next = attempts.next(outcome, || renewal);
                                    let want = expected(
                                        body,
                                        renewed,
                                        retries,
                                        max_retries,
                                        &method,
                                        outcome,
                                        renewal,
                                    );
                                    assert_eq!(
                                        shown(next),
                                        want,
                                        "{body:?} {method} {:?} {renewal:?} renewed={renewed} \
                                         retries={retries}/{max_retries}",
                                        status(outcome),
                                    );
                                    // The state moves only with the decision.
                                    let renewed_now = matches!(next, Next::Renew(_)) || renewed;
                                    assert_eq!(attempts.renewed, renewed_now);
                                    let retries_now =
                                        retries + u32::from(matches!(next, Next::Retry(_)));
                                    assert_eq!(attempts.retries, retries_now);
                                    if let Next::Retry(delay) = next {
                                        assert!(delay <= Duration::from_millis(40), "{delay:?}");
                                    }
                                    cases += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        // 3 budgets × (1 + 2 + 3 retry counts) × 7 methods × 2 bodies × 3 renewals
        // × 2 renewed × 15 outcomes.
        assert_eq!(cases, 6 * 7 * 2 * 3 * 2 * 15);
    }

    #[test]
    fn renewal_is_asked_only_on_a_first_401_of_a_resendable_body() {
        let headers = HeaderMap::new();
        let policy = policy(2);
        let get = reqwest::Method::GET;
        for outcome in outcomes(&headers) {
            for body in BODIES {
                for renewed in [false, true] {
                    let mut attempts = Attempts::new(&policy, &get, body);
                    attempts.renewed = renewed;
                    let mut asked = false;
                    attempts.next(outcome, || {
                        asked = true;
                        Renewal::None
                    });
                    let should_ask = body == Body::Resendable
                        && !renewed
                        && status(outcome) == Some(StatusCode::UNAUTHORIZED);
                    assert_eq!(
                        asked,
                        should_ask,
                        "{:?} {body:?} {renewed}",
                        status(outcome)
                    );
                }
            }
        }
    }

    /// A request's whole life: a 401 renews once, gateway errors use the budget, a second
    /// 401 is returned, and the renewal does not count as a retry.
    #[test]
    fn one_renewal_then_the_retry_budget() {
        let headers = HeaderMap::new();
        let policy = policy(2);
        let get = reqwest::Method::GET;
        let mut attempts = Attempts::new(&policy, &get, Body::Resendable);
        let unauthorized = Outcome::Status(StatusCode::UNAUTHORIZED, &headers);
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &headers);
        assert!(matches!(
            attempts.next(unavailable, || Renewal::Callback),
            Next::Retry(_)
        ));
        assert_eq!(
            attempts.next(unauthorized, || Renewal::Callback),
            Next::Renew(Renewal::Callback)
        );
        assert!(matches!(
            attempts.next(Outcome::ConnectFailed, || Renewal::Callback),
            Next::Retry(_)
        ));
        assert_eq!(
            attempts.next(unavailable, || Renewal::Callback),
            Next::Return
        );
        assert_eq!(
            attempts.next(unauthorized, || Renewal::Callback),
            Next::Return
        );

        // A POST renews but is never retried.
        let post = reqwest::Method::POST;
        let mut attempts = Attempts::new(&policy, &post, Body::Resendable);
        assert_eq!(
            attempts.next(Outcome::ConnectFailed, || Renewal::None),
            Next::Return
        );
        assert_eq!(
            attempts.next(unauthorized, || Renewal::RefreshToken),
            Next::Renew(Renewal::RefreshToken)
        );
        assert_eq!(
            attempts.next(unauthorized, || Renewal::RefreshToken),
            Next::Return
        );

        // A streamed upload gets one attempt, even a 401 or a 503.
        let put = reqwest::Method::PUT;
        let mut attempts = Attempts::new(&policy, &put, Body::Once);
        assert_eq!(
            attempts.next(unauthorized, || Renewal::RefreshToken),
            Next::Return
        );
        assert_eq!(attempts.next(unavailable, || Renewal::None), Next::Return);
    }

    #[test]
    fn retry_after_sets_the_delay_or_stops_the_retries() {
        let policy = RetryPolicy::new(3).backoff(Duration::from_millis(10), Duration::from_secs(2));
        let get = reqwest::Method::GET;
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "1".parse().unwrap());
        let mut attempts = Attempts::new(&policy, &get, Body::Resendable);
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &headers);
        assert_eq!(
            attempts.next(unavailable, || Renewal::None),
            Next::Retry(Duration::from_secs(1))
        );
        headers.insert(RETRY_AFTER, "30".parse().unwrap());
        let unavailable = Outcome::Status(StatusCode::SERVICE_UNAVAILABLE, &headers);
        assert_eq!(attempts.next(unavailable, || Renewal::None), Next::Return);
    }

    #[test]
    fn the_refresh_token_goes_before_the_callback() {
        assert_eq!(Renewal::available(true, true), Renewal::RefreshToken);
        assert_eq!(Renewal::available(true, false), Renewal::RefreshToken);
        assert_eq!(Renewal::available(false, true), Renewal::Callback);
        assert_eq!(Renewal::available(false, false), Renewal::None);
    }

    #[test]
    fn a_failed_renewal_is_a_refresh_error() {
        let policy = policy(0);
        let get = reqwest::Method::GET;
        let attempts = Attempts::new(&policy, &get, Body::Resendable);
        assert!(attempts.renewed(Ok(())).is_ok());
        let err = attempts
            .renewed(Err(Error::InvalidRequest("no".into())))
            .unwrap_err();
        match err {
            Error::Refresh(inner) => assert!(matches!(*inner, Error::InvalidRequest(_))),
            other => panic!("not a refresh error: {other:?}"),
        }
    }

    #[test]
    fn outcome_of_an_attempt() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "5".parse().unwrap());
        let answered: Result<RawResponse, Error> = Ok(RawResponse {
            status: StatusCode::BAD_GATEWAY,
            version: reqwest::Version::HTTP_11,
            headers,
            body: bytes::Bytes::new(),
            url: None,
        });
        match Outcome::of(&answered) {
            Outcome::Status(status, headers) => {
                assert_eq!(status, StatusCode::BAD_GATEWAY);
                assert_eq!(headers[RETRY_AFTER], "5");
            }
            _ => panic!("not a status"),
        }
        let refused: Result<RawResponse, Error> = Err(Error::Connect("refused".into()));
        assert!(matches!(Outcome::of(&refused), Outcome::ConnectFailed));
        for other in [
            Error::Timeout("slow".into()),
            Error::Transport("reset".into()),
            Error::InvalidRequest("x".into()),
        ] {
            assert!(matches!(Outcome::of(&Err(other)), Outcome::Other));
        }
    }
}
