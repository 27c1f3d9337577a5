//! SigV4 request signing (feature `sigv4`), header form, as AWS's signing guide and its test
//! suite define it.
//!
//! Written here rather than taken from `aws-sigv4`: that crate brings the `aws-smithy-*`
//! crates, `time`, two `http` versions and, through `tracing`'s attributes, `syn`, which
//! more than doubled the clean build of a one-operation client. Its behaviour is the oracle:
//! the tests run AWS's signing test suite (shipped in `aws-sigv4`'s package) and compare
//! signatures of generated requests with `aws-sigv4`'s own.

use std::time::SystemTime;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::credentials::Credentials;
use crate::primitives::DateTime;

#[cfg(test)]
mod tests;

/// Headers that proxies and the transport may change or drop, left out of the signature by
/// every AWS SDK.
const UNSIGNED_HEADERS: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// Headers the signer writes; a caller's own copies are replaced, not signed twice.
const SIGNER_HEADERS: [&str; 4] = [
    "authorization",
    "x-amz-date",
    "x-amz-security-token",
    "x-amz-content-sha256",
];

/// Choices that differ between services.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// Remove `.`/`..` segments and repeated slashes from the path before signing. Every
    /// service but S3 expects it.
    pub normalize_path: bool,
    /// Percent-encode the path's escapes again (`%3D` is signed as `%253D`). Every service
    /// but S3 expects it.
    pub double_encode: bool,
    /// Send and sign `x-amz-content-sha256` (S3).
    pub content_sha256_header: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            normalize_path: true,
            double_encode: true,
            content_sha256_header: false,
        }
    }
}

/// What is signed for: the region and the service's signing name.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scope<'a> {
    pub region: &'a str,
    pub service: &'a str,
}

/// Adds the SigV4 headers (`authorization`, `x-amz-date`, and `x-amz-security-token` for
/// temporary credentials) to a request's headers, signed at `time` (the clock corrected for
/// the service's skew). `url` is the URL as sent: its path and query already percent-encoded.
pub(crate) fn sign(
    method: &str,
    url: &str,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
    scope: Scope<'_>,
    credentials: &Credentials,
    time: SystemTime,
) -> Result<(), String> {
    sign_with(
        method,
        url,
        headers,
        body,
        scope,
        credentials,
        time,
        Settings::default(),
    )
}

/// [`sign`] with explicit [`Settings`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn sign_with(
    method: &str,
    url: &str,
    headers: &mut Vec<(String, String)>,
    body: &[u8],
    scope: Scope<'_>,
    credentials: &Credentials,
    time: SystemTime,
    settings: Settings,
) -> Result<(), String> {
    let (key_id, secret, token) = credentials.parts();
    let parts = UrlParts::of(url).ok_or_else(|| format!("cannot sign for `{url}`: no host"))?;
    let amz_date = DateTime::from(time).to_amz_date();
    let date = amz_date.get(..8).ok_or("the signing time has no date")?;
    let payload_hash = hex(&Sha256::digest(body));

    headers.retain(|(name, _)| {
        !SIGNER_HEADERS
            .iter()
            .any(|own| name.eq_ignore_ascii_case(own))
    });
    let mut added = vec![("x-amz-date".to_string(), amz_date.clone())];
    if let Some(token) = token {
        added.push(("x-amz-security-token".to_string(), token.to_string()));
    }
    if settings.content_sha256_header {
        added.push(("x-amz-content-sha256".to_string(), payload_hash.clone()));
    }

    let all: Vec<(String, String)> = headers.iter().chain(&added).cloned().collect();
    let (canonical_request, signed_headers) =
        canonical_request(method, &parts, &all, &payload_hash, settings);
    let credential_scope = format!("{date}/{}/{}/aws4_request", scope.region, scope.service);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{credential_scope}\n{}",
        hex(&Sha256::digest(canonical_request.as_bytes()))
    );
    let signature = hex(&signing_mac(secret, date, scope, string_to_sign.as_bytes()));

    headers.extend(added);
    headers.push((
        "authorization".to_string(),
        format!(
            "AWS4-HMAC-SHA256 Credential={key_id}/{credential_scope}, \
             SignedHeaders={signed_headers}, Signature={signature}"
        ),
    ));
    Ok(())
}

/// The canonical request and the list of signed header names.
fn canonical_request(
    method: &str,
    parts: &UrlParts<'_>,
    headers: &[(String, String)],
    payload_hash: &str,
    settings: Settings,
) -> (String, String) {
    let mut canonical: Vec<(String, String)> = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), trim_spaces(value)))
        .filter(|(name, _)| !UNSIGNED_HEADERS.contains(&name.as_str()))
        .collect();
    if !canonical.iter().any(|(name, _)| name == "host") {
        canonical.push(("host".to_string(), parts.host.to_string()));
    }
    // Stable: repeated headers keep their order, and are joined with commas below.
    canonical.sort_by(|a, b| a.0.cmp(&b.0));

    let mut signed_headers = String::new();
    let mut header_block = String::new();
    for (i, (name, value)) in canonical.iter().enumerate() {
        let repeated = i > 0 && canonical[i - 1].0 == *name;
        if repeated {
            header_block.push(',');
        } else {
            if i > 0 {
                header_block.push('\n');
                signed_headers.push(';');
            }
            signed_headers.push_str(name);
            header_block.push_str(name);
            header_block.push(':');
        }
        header_block.push_str(value);
    }

    let path = if settings.normalize_path {
        normalize_path(parts.path)
    } else if parts.path.is_empty() {
        "/".to_string()
    } else {
        parts.path.to_string()
    };
    let path = if settings.double_encode {
        encode(&path, true)
    } else {
        path
    };
    let request = format!(
        "{method}\n{path}\n{}\n{header_block}\n\n{signed_headers}\n{payload_hash}",
        canonical_query(parts.query),
    );
    (request, signed_headers)
}

/// HMAC-SHA256 of `data` under the key derived from the secret for this day, region and
/// service. The secret's copies live in zeroized buffers.
fn signing_mac(secret: &str, date: &str, scope: Scope<'_>, data: &[u8]) -> [u8; 32] {
    let mut seed = Zeroizing::new(Vec::with_capacity(secret.len() + 4));
    seed.extend_from_slice(b"AWS4");
    seed.extend_from_slice(secret.as_bytes());
    let mut key = Zeroizing::new(hmac(&seed, date.as_bytes()));
    for part in [scope.region, scope.service, "aws4_request"] {
        key = Zeroizing::new(hmac(&key[..], part.as_bytes()));
    }
    hmac(&key[..], data)
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length: new_from_slice cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// Header values are signed with leading and trailing spaces removed and runs of spaces
/// made one (spaces only: S3 keeps other whitespace).
fn trim_spaces(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for word in value.split(' ').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// RFC 3986's "remove dot segments", with empty segments dropped too (`//` is one `/`); a
/// trailing slash stays.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    for segment in &segments {
        out.push('/');
        out.push_str(segment);
    }
    let trailing = ["/", "/.", "/..", "/./", "/../"]
        .iter()
        .any(|end| path.ends_with(end));
    if out.is_empty() || (trailing && !segments.is_empty()) {
        out.push('/');
    }
    out
}

/// The query with each name and value decoded, encoded again the one way SigV4 accepts, and
/// the pairs sorted.
fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (
                encode(&form_decode(name), false),
                encode(&form_decode(value), false),
            )
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len());
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Decodes `%XX` escapes and `+` (a space in query strings); a malformed escape stays as
/// written, and bytes that are not UTF-8 become U+FFFD.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = match (b, bytes.get(i + 1..i + 3)) {
            (b'%', Some(&[hi, lo])) => hex_value(hi).zip(hex_value(lo)),
            _ => None,
        };
        match (b, escaped) {
            (_, Some((hi, lo))) => {
                out.push((hi << 4) | lo);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (_, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Percent-encodes every byte but the unreserved ones (and `/` in paths), uppercase hex. In
/// a path this encodes the `%` of its existing escapes again, as every service but S3
/// expects.
fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    crate::rest::push_encoded(&mut out, text, keep_slash);
    out
}

/// The parts of a URL that are signed.
struct UrlParts<'a> {
    /// `host[:port]`, without the scheme's default port (which the transport does not send).
    host: &'a str,
    path: &'a str,
    query: &'a str,
}

impl<'a> UrlParts<'a> {
    fn of(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let rest = rest.split('#').next().unwrap_or_default();
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path_and_query) = rest.split_at(end);
        let authority = authority.rsplit('@').next().unwrap_or(authority);
        let (path, query) = path_and_query
            .split_once('?')
            .unwrap_or((path_and_query, ""));
        let default_port = match scheme.to_ascii_lowercase().as_str() {
            "https" => Some(":443"),
            "http" => Some(":80"),
            _ => None,
        };
        let host = default_port
            .and_then(|port| authority.strip_suffix(port))
            .unwrap_or(authority);
        (!host.is_empty()).then_some(UrlParts { host, path, query })
    }
}
