//! The library functions of the rules engine that compute something from strings, as plain
//! Rust functions. The evaluator calls them; generated code may call them directly.
//!
//! Where the specification leaves a choice, this module follows Smithy's reference
//! implementation, and says so on the function.

/// `isValidHostLabel`: whether `value` is one RFC 1123 host label (1 to 63 characters, ASCII
/// letters, digits and `-`, not starting with `-`), or with `allow_subdomains` one or more of
/// them joined by `.` (so no empty label: no leading, trailing or doubled dot).
///
/// Like Smithy's reference implementation, a label may end with `-`.
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains {
        value.split('.').all(is_one_host_label)
    } else {
        is_one_host_label(value)
    }
}

fn is_one_host_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    match bytes.first() {
        Some(first) if first.is_ascii_alphanumeric() => {}
        _ => return false,
    }
    bytes.len() <= 63
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
}

/// `substring`: the characters of `input` from `start` (inclusive) to `stop` (exclusive),
/// counted from the end when `reverse` (the result still reads forwards). Unset (`None`) when
/// `input` is not all ASCII, when `start >= stop`, or when `input` is shorter than `stop`.
pub fn substring(input: &str, start: usize, stop: usize, reverse: bool) -> Option<&str> {
    if !input.is_ascii() || start >= stop || input.len() < stop {
        return None;
    }
    let len = input.len();
    // `start < stop <= len`, so neither subtraction can underflow.
    let (from, to) = if reverse {
        (len - stop, len - start)
    } else {
        (start, stop)
    };
    input.get(from..to)
}

/// `uriEncode`: RFC 3986 percent-encoding of every byte of `value`'s UTF-8 form except the
/// unreserved characters `A-Z a-z 0-9 - _ . ~`, with uppercase hex digits.
pub fn uri_encode(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// The record `parseURL` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `scheme`: `http` or `https`, without `://`.
    pub scheme: String,
    /// `authority`: the host and port as written (an explicit port is kept, even the default
    /// one, as Smithy's reference implementation and test suite do).
    pub authority: String,
    /// `path`: the path as written, possibly empty.
    pub path: String,
    /// `normalizedPath`: the path with a leading and a trailing `/` (`/` when empty).
    pub normalized_path: String,
    /// `isIp`: whether the host is an IPv4 address or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// `parseURL`: the parts of an absolute `http` or `https` URL; unset (`None`) for anything
/// else.
///
/// Rejected: other schemes (as Smithy's test suite requires), a query (as the specification
/// requires), a fragment, user information, an empty host, a port that is not 1 to 5 digits
/// up to 65535, and host characters outside RFC 3986's `reg-name` (unreserved, sub-delims and
/// `%`). Host names are not otherwise validated (`99_ab-.com` parses).
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if rest.contains(['?', '#']) {
        return None;
    }
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest.split_at(slash),
        None => (rest, ""),
    };
    let is_ip = parse_authority(authority)?;
    if !path.bytes().all(is_path_byte) {
        return None;
    }
    let mut normalized_path = String::with_capacity(path.len().saturating_add(2));
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_owned(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Checks `host[:port]`; returns whether the host is an IP address.
fn parse_authority(authority: &str) -> Option<bool> {
    let (host, port, is_ip) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inside, after) = bracketed.split_once(']')?;
        if !is_ipv6_literal(inside) {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (inside, port, true)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if !host.bytes().all(is_reg_name_byte) {
            return None;
        }
        (host, port, is_ipv4(host))
    };
    if host.is_empty() {
        return None;
    }
    if let Some(port) = port {
        let valid = (1..=5).contains(&port.len())
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|n| n <= 65_535);
        if !valid {
            return None;
        }
    }
    Some(is_ip)
}

fn is_reg_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || matches!(
            byte,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'%'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
        )
}

fn is_path_byte(byte: u8) -> bool {
    is_reg_name_byte(byte) || matches!(byte, b'/' | b':' | b'@')
}

/// Four dot-separated decimal numbers, each 0 to 255.
fn is_ipv4(host: &str) -> bool {
    let mut count = 0usize;
    for part in host.split('.') {
        count = count.saturating_add(1);
        let valid = (1..=3).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && part.parse::<u16>().is_ok_and(|n| n <= 255);
        if !valid {
            return false;
        }
    }
    count == 4
}

/// A plausible IPv6 literal: hex digits, colons and (for an embedded IPv4 tail) dots, with at
/// least two colons. Exact RFC 4291 validation is left to the connection.
fn is_ipv6_literal(inside: &str) -> bool {
    inside.bytes().filter(|b| *b == b':').count() >= 2
        && inside
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
}

/// The record `aws.parseArn` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// `partition`: never empty.
    pub partition: String,
    /// `service`: never empty.
    pub service: String,
    /// `region`: empty for resources that are not regional.
    pub region: String,
    /// `accountId`: empty for resources not owned by an account.
    pub account_id: String,
    /// `resourceId`: the rest of the ARN split on `:` and `/` (empty pieces kept).
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`, with partition, service and
/// resource not empty; unset (`None`) otherwise.
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket`: whether `value` can be a bucket's label in an S3
/// virtual-hosted URL: 3 to 63 characters of lowercase letters, digits and `-`, starting and
/// ending with a letter or digit; with `allow_subdomains` also `.`, but no `..`, `.-` or `-.`,
/// and not shaped like an IPv4 address (four dot-separated runs of digits, any value).
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    let bytes = value.as_bytes();
    let is_lower_alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if !(3..=63).contains(&bytes.len()) || !is_lower_alnum(first) || !is_lower_alnum(last) {
        return false;
    }
    if !allow_subdomains {
        return bytes.iter().all(|b| is_lower_alnum(b) || *b == b'-');
    }
    let chars_ok = bytes
        .iter()
        .all(|b| is_lower_alnum(b) || *b == b'-' || *b == b'.');
    let separators_ok = bytes
        .windows(2)
        .all(|pair| !matches!(pair, [b'.', b'.'] | [b'.', b'-'] | [b'-', b'.']));
    chars_ok && separators_ok && !looks_like_ipv4(value)
}

fn looks_like_ipv4(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels() {
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("abc-123", false));
        assert!(is_valid_host_label("9abc", false));
        assert!(is_valid_host_label("abc-", false));
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-abc", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("caf\u{e9}", false));
        // Dots only with subdomains allowed.
        assert!(!is_valid_host_label("abc123.456def", false));
        assert!(is_valid_host_label("abc123.456def", true));
        assert!(is_valid_host_label("a.b.c", true));
        assert!(is_valid_host_label(&format!("{}.b", "a".repeat(63)), true));
        assert!(!is_valid_host_label(&format!("{}.b", "a".repeat(64)), true));
        for bad in [
            "",
            ".",
            "a.",
            ".a",
            "a..b",
            "a.-b",
            "badactor.com:443/foo",
            "a b",
        ] {
            assert!(!is_valid_host_label(bad, true), "{bad:?}");
        }
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdefg", 0, 4, false), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 3, true), Some("ef"));
        assert_eq!(substring("abcdefg", 0, 7, false), Some("abcdefg"));
        assert_eq!(substring("abcdefg", 0, 7, true), Some("abcdefg"));
        // Out of range, empty or backwards ranges are unset.
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abc", 0, 4, true), None);
        assert_eq!(substring("abc", 2, 2, false), None);
        assert_eq!(substring("abc", 3, 1, false), None);
        assert_eq!(substring("", 0, 1, false), None);
        // Any non-ASCII character anywhere makes the result unset, even outside the range.
        assert_eq!(substring("abc\u{e9}", 0, 2, false), None);
        assert_eq!(substring("\u{1f600}abcdef", 0, 1, true), None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(uri_encode("abcXYZ019-_.~"), "abcXYZ019-_.~");
        assert_eq!(uri_encode("a b"), "a%20b");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("\u{e9}\u{1f600}"), "%C3%A9%F0%9F%98%80");
        assert_eq!(uri_encode(""), "");
    }

    fn url(value: &str) -> (String, String, String, String, bool) {
        let parsed = parse_url(value).unwrap_or_else(|| panic!("{value} should parse"));
        (
            parsed.scheme,
            parsed.authority,
            parsed.path,
            parsed.normalized_path,
            parsed.is_ip,
        )
    }

    fn parts(
        scheme: &str,
        authority: &str,
        path: &str,
        normalized: &str,
        is_ip: bool,
    ) -> (String, String, String, String, bool) {
        (
            scheme.to_owned(),
            authority.to_owned(),
            path.to_owned(),
            normalized.to_owned(),
            is_ip,
        )
    }

    #[test]
    fn urls_that_parse() {
        assert_eq!(
            url("https://example.com"),
            parts("https", "example.com", "", "/", false)
        );
        assert_eq!(
            url("https://example.com/"),
            parts("https", "example.com", "/", "/", false)
        );
        assert_eq!(
            url("http://example.com:80/foo/bar"),
            parts("http", "example.com:80", "/foo/bar", "/foo/bar/", false)
        );
        assert_eq!(
            url("https://authority.com:8000/port"),
            parts("https", "authority.com:8000", "/port", "/port/", false)
        );
        assert_eq!(
            url("https://127.0.0.1"),
            parts("https", "127.0.0.1", "", "/", true)
        );
        assert_eq!(
            url("http://192.168.1.1:1234/foo/"),
            parts("http", "192.168.1.1:1234", "/foo/", "/foo/", true)
        );
        assert_eq!(
            url("https://[fe80::1]"),
            parts("https", "[fe80::1]", "", "/", true)
        );
        assert_eq!(
            url("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443"),
            parts(
                "https",
                "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443",
                "",
                "/",
                true
            )
        );
        // Not an IP: a number is out of range, or there are not four of them.
        assert!(!url("https://999.999.abc.blah").4);
        assert!(!url("https://256.1.1.1").4);
        assert!(!url("https://1.2.3").4);
        // Host names are not validated beyond their characters.
        assert_eq!(url("http://99_ab-.com").1, "99_ab-.com");
    }

    #[test]
    fn urls_that_do_not_parse() {
        for bad in [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "https://example.com/?",
            "https://example.com/#frag",
            "acbd://example.com",
            "example.com",
            "https:/example.com",
            "https://",
            "https:///path",
            "http://abc.com:a/foo",
            "http://abc.com:/foo",
            "http://abc.com:65536",
            "http://abc.com:123456",
            "http://user@abc.com",
            "http://[fe80::1",
            "http://[fe80::1]x",
            "http://[zz::1]",
            "http://[]:80",
            "http://exa mple.com",
            "http://ex\u{e9}mple.com",
            "http://example.com/a b",
        ] {
            assert_eq!(parse_url(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:sns:us-west-2:012345678910:example-sns-topic-name");
        assert_eq!(
            arn,
            Some(Arn {
                partition: "aws".into(),
                service: "sns".into(),
                region: "us-west-2".into(),
                account_id: "012345678910".into(),
                resource_id: vec!["example-sns-topic-name".into()],
            })
        );
        let iam = parse_arn("arn:aws:iam::012345678910:user/johndoe");
        assert_eq!(iam.as_ref().map(|a| a.region.as_str()), Some(""));
        assert_eq!(
            iam.map(|a| a.resource_id),
            Some(vec!["user".to_owned(), "johndoe".to_owned()])
        );
        let s3 = parse_arn("arn:aws:s3:::bucket_name");
        assert_eq!(s3.as_ref().map(|a| a.account_id.as_str()), Some(""));
        let mixed = parse_arn("arn:aws:ec2:us-east-1:1:a/b:c//d");
        assert_eq!(
            mixed.map(|a| a.resource_id),
            Some(["a", "b", "c", "", "d"].map(String::from).to_vec())
        );
        for bad in [
            "11111111-2222-3333-4444-555555555555",
            "arn:aws:sns:us-west-2:012345678910",
            "arn::sns:us-west-2:1:topic",
            "arn:aws::us-west-2:1:topic",
            "arn:aws:sns:us-west-2:1:",
            "ARN:aws:sns:us-west-2:1:topic",
            "",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn virtual_hostable_buckets() {
        for (value, allow_dots, expected) in [
            ("ab", false, false),
            ("abc", false, true),
            (&*"a".repeat(63), false, true),
            (&*"a".repeat(64), false, false),
            ("-abc", false, false),
            (".abc", true, false),
            ("abc-", false, false),
            ("abc.", true, false),
            ("a-b-c", false, true),
            ("a.b-c", false, false),
            ("a.b-c", true, true),
            ("a..b", true, false),
            ("a-.b", true, false),
            ("a.-b", true, false),
            ("192.168.1.1", true, false),
            ("999.999.999.999", true, false),
            ("192.168.1.word", true, true),
            ("123", true, true),
            ("abc_def", true, false),
            ("abcDef", true, false),
            ("abc#def", true, false),
            ("", true, false),
        ] {
            assert_eq!(
                is_virtual_hostable_s3_bucket(value, allow_dots),
                expected,
                "{value:?} allow_dots={allow_dots}"
            );
        }
    }
}
