//! The one origin check: which URLs may receive the client's secrets.

use url::Url;

/// Whether `a` and `b` have the same origin: scheme, host and port (the scheme's default
/// port when none is written), as browsers and RFC 6454 define it.
///
/// Every decision to send or withhold secrets goes through this function: the credentials
/// and secret headers of a request (`Settings::headers` sends them only to the base URL's
/// origin), a raw request's scope, and the redirect policy of a client holding secret
/// headers. New code that sends to a URL not derived from the base URL (an absolute
/// refresh-token URI, say) gets the same protection by going through `Settings::headers`;
/// code that picks headers by other means must ask this function first.
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    // `Url::origin` compares scheme, host and known-default port; URLs without a tuple
    // origin (`data:`, `file:`) are opaque and never equal, not even to themselves.
    // For http and https (every request) the same comparison without building the origins,
    // which copies the host.
    let web = |url: &Url| matches!(url.scheme(), "http" | "https");
    if web(a) && web(b) {
        return a.scheme() == b.scheme()
            && a.host() == b.host()
            && a.port_or_known_default() == b.port_or_known_default();
    }
    a.origin() == b.origin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn scheme_host_and_port_all_count() {
        let base = url("https://api.example.com/v1/");
        assert!(same_origin(
            &base,
            &url("https://api.example.com/auth/access-token")
        ));
        assert!(same_origin(
            &base,
            &url("https://API.example.com:443/x?q=1")
        ));
        assert!(!same_origin(&base, &url("http://api.example.com/v1/")));
        assert!(!same_origin(
            &base,
            &url("https://api.example.com:8443/v1/")
        ));
        assert!(!same_origin(&base, &url("https://auth.example.com/v1/")));
        assert!(!same_origin(&base, &url("https://example.com/v1/")));
        let http = url("http://127.0.0.1/");
        assert!(same_origin(&http, &url("http://127.0.0.1:80/x")));
        assert!(!same_origin(&url("file:///tmp/a"), &url("file:///tmp/a")));
    }
}
