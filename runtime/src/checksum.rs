//! Checksums of request bodies that services ask for in headers: `Content-MD5` (operations
//! marked `@httpChecksumRequired`, feature `md5`) and Glacier's SHA-256 tree hash (its
//! uploads; feature `sigv4`, whose SHA-256 it shares). The client adds the ones an operation's
//! [`REQUEST_CHECKSUMS`](crate::protocol::Operation::REQUEST_CHECKSUMS) names; the functions
//! are public for what a program computes itself, such as the tree hash of a whole archive
//! that Glacier's `CompleteMultipartUpload` takes.

use crate::error::SerializeError;
use crate::protocol::RequestChecksum;

/// The header each checksum travels in, in the lowercase the client holds headers in.
fn header(checksum: RequestChecksum) -> &'static str {
    match checksum {
        RequestChecksum::ContentMd5 => "content-md5",
        RequestChecksum::TreeHash => "x-amz-sha256-tree-hash",
    }
}

/// Adds each of `checksums` of `body`, the body as sent (compressed, when it is), to
/// `headers`, unless the request already carries that header: a value the caller set through
/// a bound member (Glacier's `checksum`) is theirs to get right.
///
/// The one place the client computes body checksums, over a body in memory: a streaming
/// body must be read through these hashes (or buffered) before the request is signed.
pub(crate) fn add_headers(
    checksums: &[RequestChecksum],
    headers: &mut Vec<(String, String)>,
    body: &[u8],
) -> Result<(), SerializeError> {
    for &checksum in checksums {
        let name = header(checksum);
        if headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            continue;
        }
        let value = match checksum {
            RequestChecksum::ContentMd5 => md5_header(body)?,
            RequestChecksum::TreeHash => tree_hash_header(body)?,
        };
        headers.push((name.to_string(), value));
    }
    Ok(())
}

#[cfg(feature = "md5")]
fn md5_header(body: &[u8]) -> Result<String, SerializeError> {
    Ok(content_md5(body))
}

// Sending without the checksum would only earn the service's refusal.
#[cfg(not(feature = "md5"))]
fn md5_header(_body: &[u8]) -> Result<String, SerializeError> {
    Err(SerializeError::invalid(
        "Content-MD5",
        "the operation requires this checksum: enable the crate's `md5` feature",
    ))
}

#[cfg(feature = "sigv4")]
fn tree_hash_header(body: &[u8]) -> Result<String, SerializeError> {
    Ok(hex(&tree_hash(body)))
}

#[cfg(not(feature = "sigv4"))]
fn tree_hash_header(_body: &[u8]) -> Result<String, SerializeError> {
    Err(SerializeError::invalid(
        "x-amz-sha256-tree-hash",
        "the operation requires Glacier's SHA-256 tree hash: enable the crate's `sigv4` feature",
    ))
}

/// The value of `Content-MD5` for `body`: the base64 of its MD5 digest (RFC 1864).
#[cfg(feature = "md5")]
pub fn content_md5(body: &[u8]) -> String {
    use md5::Digest;
    crate::primitives::base64_encode(&md5::Md5::digest(body))
}

/// The size of the tree hash's leaves: Glacier hashes the body 1 MiB at a time.
#[cfg(feature = "sigv4")]
const TREE_HASH_CHUNK: usize = 1024 * 1024;

/// Glacier's SHA-256 tree hash of `body`: the SHA-256 of each 1 MiB chunk (the last may be
/// shorter), then of each pair of neighbouring hashes, level after level, a hash without a
/// neighbour rising as it is, until one is left. An empty body hashes as one empty chunk.
/// `x-amz-sha256-tree-hash` carries it in lowercase hex.
#[cfg(feature = "sigv4")]
pub fn tree_hash(body: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let digest = |parts: &[&[u8]]| {
        let mut hasher = Sha256::new();
        for part in parts {
            hasher.update(part);
        }
        let mut out = [0u8; 32];
        out.copy_from_slice(&hasher.finalize());
        out
    };
    let mut level: Vec<[u8; 32]> = body.chunks(TREE_HASH_CHUNK).map(|c| digest(&[c])).collect();
    if level.is_empty() {
        level.push(digest(&[]));
    }
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => digest(&[left, right]),
                // `chunks(2)` yields one or two: a lone hash rises to the next level.
                _ => pair.first().copied().unwrap_or_default(),
            })
            .collect();
    }
    level.first().copied().unwrap_or_default()
}

/// Lowercase hex, as Glacier's headers carry hashes.
#[cfg(feature = "sigv4")]
fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "md5")]
    #[test]
    fn md5_matches_rfc_1321s_test_suite() {
        // RFC 1321, appendix A.5, in hex; `Content-MD5` is the same 16 bytes in base64.
        let suite = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, want) in suite {
            let bytes: Vec<u8> = (0..want.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&want[i..i + 2], 16).unwrap())
                .collect();
            assert_eq!(
                content_md5(input.as_bytes()),
                crate::primitives::base64_encode(&bytes),
                "MD5({input:?})"
            );
        }
    }

    #[cfg(feature = "sigv4")]
    #[test]
    fn a_body_of_one_chunk_hashes_as_its_sha_256() {
        // Smithy's GlacierChecksums case: both headers are SHA-256("hello world").
        let want = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
        assert_eq!(hex(&tree_hash(b"hello world")), want);
        assert_eq!(
            hex(&tree_hash(b"")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[cfg(feature = "sigv4")]
    #[test]
    fn tree_hash_matches_the_aws_clis() {
        // 101 MiB and 500 bytes (rounded up to whole repetitions) of an 11-byte sequence,
        // prime to 1 MiB so that no two chunks are alike: 102 leaves, with a lone hash rising
        // at two levels. The value is the one the AWS SDK for Rust's Glacier tests give as
        // checked with the AWS CLI.
        let pattern = b"01245678912";
        let size = TREE_HASH_CHUNK * 101 + 500;
        let body: Vec<u8> = pattern
            .iter()
            .copied()
            .cycle()
            .take(size.div_ceil(pattern.len()) * pattern.len())
            .collect();
        assert_eq!(
            hex(&tree_hash(&body)),
            "3d417484359fc9f5a3bafd576dc47b8b2de2bf2d4fdac5aa2aff768f2210d386"
        );
    }

    #[test]
    fn a_header_the_request_has_is_kept() {
        let mut headers = vec![("Content-MD5".to_string(), "mine".to_string())];
        add_headers(&[RequestChecksum::ContentMd5], &mut headers, b"body").unwrap();
        assert_eq!(headers, [("Content-MD5".to_string(), "mine".to_string())]);
    }

    #[cfg(feature = "md5")]
    #[test]
    fn content_md5_is_added_over_the_body_given() {
        let mut headers = Vec::new();
        let body = br#"{"foo":"base64 encoded md5 checksum"}"#;
        add_headers(&[RequestChecksum::ContentMd5], &mut headers, body).unwrap();
        // Smithy's RestJsonHttpChecksumRequired case.
        assert_eq!(
            headers,
            [(
                "content-md5".to_string(),
                "iB0/3YSo7maijL0IGOgA9g==".to_string()
            )]
        );
    }
}
