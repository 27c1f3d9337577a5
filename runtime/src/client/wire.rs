//! How an operation's [`HttpRequest`](crate::protocol::HttpRequest) becomes what the client
//! sends: its path joined to the endpoint (which may carry a base path), its headers in the
//! lowercase the transports and signing expect, `Content-Length` that of the body sent, and
//! the service's own headers.

/// The URL of one call: `endpoint` with the operation's host prefix in front of its host, its
/// own path (without a trailing `/`), then the operation's path and query, which starts with
/// `/`. The JSON RPC protocols' `/` gives the endpoint with a trailing `/`, as before.
pub(super) fn url(endpoint: &str, host_prefix: Option<&str>, path_and_query: &str) -> String {
    let mut url = match host_prefix {
        Some(prefix) => match endpoint.split_once("://") {
            Some((scheme, rest)) => format!("{scheme}://{prefix}{rest}"),
            None => endpoint.to_string(),
        },
        None => endpoint.to_string(),
    };
    while url.ends_with('/') {
        url.pop();
    }
    if !path_and_query.starts_with('/') {
        url.push('/');
    }
    url.push_str(path_and_query);
    url
}

/// The request's headers with lowercase names; a `Content-Length` the protocol set is set
/// again to `body_len`, the length of the body as sent (after compression).
pub(super) fn headers(headers: Vec<(String, String)>, body_len: usize) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(headers.len() + 6);
    for (name, value) in headers {
        let name = name.to_ascii_lowercase();
        let value = if name == "content-length" {
            body_len.to_string()
        } else {
            value
        };
        out.push((name, value));
    }
    out
}

/// Adds the headers every request to the service carries ([`ServiceInfo::headers`]), each
/// unless the request already has it: a member bound to the same header (API Gateway's
/// `GetExport` binds `Accept`) says what the caller asked for.
///
/// [`ServiceInfo::headers`]: crate::protocol::ServiceInfo::headers
pub(super) fn service_headers(
    headers: &mut Vec<(String, String)>,
    service: &[(&'static str, &'static str)],
) {
    for (name, value) in service {
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            headers.push((name.to_ascii_lowercase(), (*value).to_string()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_the_endpoint_and_its_base_path() {
        assert_eq!(url("https://a.example", None, "/"), "https://a.example/");
        assert_eq!(url("https://a.example/", None, "/"), "https://a.example/");
        assert_eq!(
            url("https://a.example/base/", None, "/x/y?q=1"),
            "https://a.example/base/x/y?q=1"
        );
        assert_eq!(
            url("https://a.example/base", Some("foo."), "/x"),
            "https://foo.a.example/base/x"
        );
    }

    #[test]
    fn content_length_is_that_of_the_body_sent() {
        let sent = headers(
            vec![
                ("Content-Type".into(), "application/json".into()),
                ("Content-Length".into(), "100".into()),
                ("X-Foo".into(), "a".into()),
            ],
            42,
        );
        assert_eq!(
            sent,
            [
                ("content-type".to_string(), "application/json".to_string()),
                ("content-length".to_string(), "42".to_string()),
                ("x-foo".to_string(), "a".to_string()),
            ]
        );
        assert!(headers(vec![("X-Foo".into(), "a".into())], 3).len() == 1);
    }

    #[test]
    fn service_headers_yield_to_the_requests_own() {
        let mut sent = vec![("accept".to_string(), "application/yaml".to_string())];
        service_headers(
            &mut sent,
            &[
                ("Accept", "application/json"),
                ("X-Amz-Glacier-Version", "2012-06-01"),
            ],
        );
        assert_eq!(
            sent,
            [
                ("accept".to_string(), "application/yaml".to_string()),
                (
                    "x-amz-glacier-version".to_string(),
                    "2012-06-01".to_string()
                ),
            ]
        );
    }
}
