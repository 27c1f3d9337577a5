//! What the client adds to a request beyond the operation's own serialization: the service's
//! headers ([`ServiceInfo::headers`]), the body checksums an operation names
//! ([`Operation::REQUEST_CHECKSUMS`]) and a signed `x-amz-content-sha256`
//! ([`Operation::CONTENT_SHA256`]). Expected values come from Smithy's compliance cases
//! (`GlacierChecksums`, `RestJsonHttpChecksumRequired`); the checksums are taken over the body
//! as sent, compressed first.

mod client_support;

use aws_light_runtime::checksum::content_md5;
use aws_light_runtime::client::CoreClient;
use aws_light_runtime::error::{DeserializeError, Headers, SerializeError};
use aws_light_runtime::protocol::{HttpRequest, Operation, Protocol, RequestChecksum, ServiceInfo};
use aws_light_runtime::transport::{InMemoryTransport, TransportRequest};
use client_support::{PingError, RecordingSleep, block_on, builder, ok};

static GLACIER: ServiceInfo = ServiceInfo {
    endpoint_prefix: "glacier",
    signing_name: "glacier",
    user_agent: "checksum-tests/0",
    protocol: Protocol::RestJson1,
    query_compatible: false,
    headers: &[("x-amz-glacier-version", "2012-06-01")],
    endpoint_rules: &aws_light_runtime::endpoint::testing::ENDPOINT_URL_ONLY,
};

/// An upload as Glacier's are: the body is the input, an optional tree hash the caller's own.
struct Upload;

/// The input of [`Upload`] and [`Md5Put`]: the body, and headers the caller bound.
struct Input {
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

fn request(input: &Input) -> HttpRequest {
    let mut headers = input.headers.clone();
    headers.push(("Content-Length".into(), input.body.len().to_string()));
    HttpRequest {
        method: "POST",
        uri: "/foo/vaults/bar/archives".into(),
        headers,
        body: input.body.clone(),
    }
}

impl Operation for Upload {
    const SERVICE: &'static ServiceInfo = &GLACIER;
    const NAME: &'static str = "UploadArchive";
    const TARGET: &'static str = "Glacier.UploadArchive";
    const SIGNED: bool = true;
    const REQUEST_CHECKSUMS: &'static [RequestChecksum] = &[RequestChecksum::TreeHash];
    const CONTENT_SHA256: bool = true;
    type Input = Input;
    type Output = ();
    type Error = PingError;

    fn serialize_input(input: &Input) -> Result<Vec<u8>, SerializeError> {
        Ok(input.body.clone())
    }

    fn serialize_request(input: &Input) -> Result<HttpRequest, SerializeError> {
        Ok(request(input))
    }

    fn deserialize_output(_body: &[u8]) -> Result<(), DeserializeError> {
        Ok(())
    }

    fn parse_error(status: u16, headers: &dyn Headers, body: &[u8]) -> PingError {
        <client_support::Ping<true> as Operation>::parse_error(status, headers, body)
    }
}

/// An `@httpChecksumRequired` operation whose large bodies are compressed.
struct Md5Put;

impl Operation for Md5Put {
    const SERVICE: &'static ServiceInfo = &GLACIER;
    const NAME: &'static str = "HttpChecksumRequired";
    const TARGET: &'static str = "Svc.HttpChecksumRequired";
    const SIGNED: bool = true;
    const REQUEST_CHECKSUMS: &'static [RequestChecksum] = &[RequestChecksum::ContentMd5];
    const REQUEST_COMPRESSION: bool = true;
    type Input = Input;
    type Output = ();
    type Error = PingError;

    fn serialize_input(input: &Input) -> Result<Vec<u8>, SerializeError> {
        Ok(input.body.clone())
    }

    fn serialize_request(input: &Input) -> Result<HttpRequest, SerializeError> {
        Ok(request(input))
    }

    fn deserialize_output(_body: &[u8]) -> Result<(), DeserializeError> {
        Ok(())
    }

    fn parse_error(status: u16, headers: &dyn Headers, body: &[u8]) -> PingError {
        <client_support::Ping<true> as Operation>::parse_error(status, headers, body)
    }
}

/// Sends one call of `Op` with a client whose bodies are compressed from `min_compression`
/// bytes, and returns the request as the transport got it.
fn sent<Op: Operation<Input = Input, Output = ()>>(
    input: Input,
    min_compression: usize,
) -> TransportRequest {
    let transport = InMemoryTransport::new();
    transport.push_response(ok());
    let config = builder(&transport, &RecordingSleep::default())
        .min_compression_bytes(min_compression)
        .build()
        .expect("config");
    let client = CoreClient::new(&config, Op::SERVICE).expect("client");
    block_on(client.send::<Op>(input)).expect("sent");
    transport.requests().remove(0)
}

fn header<'a>(request: &'a TransportRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn glacier_uploads_carry_the_suites_hashes_and_version() {
    let request = sent::<Upload>(
        Input {
            body: b"hello world".to_vec(),
            headers: Vec::new(),
        },
        usize::MAX,
    );
    // Smithy's GlacierChecksums case.
    let sha256 = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    assert_eq!(
        header(&request, "X-Amz-Glacier-Version"),
        Some("2012-06-01")
    );
    assert_eq!(header(&request, "X-Amz-Sha256-Tree-Hash"), Some(sha256));
    assert_eq!(header(&request, "X-Amz-Content-Sha256"), Some(sha256));
    // Glacier authorizes the upload by the signed body hash.
    let authorization = header(&request, "authorization").expect("signed");
    let signed = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("signed headers");
    for name in [
        "x-amz-content-sha256",
        "x-amz-glacier-version",
        "x-amz-sha256-tree-hash",
    ] {
        assert!(signed.split(';').any(|h| h == name), "{name} in {signed}");
    }
}

#[test]
fn a_header_the_caller_bound_wins() {
    let request = sent::<Upload>(
        Input {
            body: b"hello world".to_vec(),
            headers: vec![
                ("x-amz-sha256-tree-hash".into(), "mine".into()),
                ("X-Amz-Glacier-Version".into(), "2099-01-01".into()),
            ],
        },
        usize::MAX,
    );
    assert_eq!(header(&request, "x-amz-sha256-tree-hash"), Some("mine"));
    assert_eq!(
        header(&request, "x-amz-glacier-version"),
        Some("2099-01-01")
    );
    let versions = request
        .headers
        .iter()
        .filter(|(k, _)| k == "x-amz-glacier-version")
        .count();
    assert_eq!(versions, 1);
}

#[test]
fn content_md5_is_the_suites() {
    let request = sent::<Md5Put>(
        Input {
            body: br#"{"foo":"base64 encoded md5 checksum"}"#.to_vec(),
            headers: Vec::new(),
        },
        usize::MAX,
    );
    // Smithy's RestJsonHttpChecksumRequired case.
    assert_eq!(
        header(&request, "Content-MD5"),
        Some("iB0/3YSo7maijL0IGOgA9g==")
    );
    assert_eq!(header(&request, "x-amz-content-sha256"), None);
}

#[test]
fn content_md5_covers_the_compressed_body() {
    let body = br#"{"foo":"base64 encoded md5 checksum"}"#.repeat(10);
    let request = sent::<Md5Put>(
        Input {
            body: body.clone(),
            headers: Vec::new(),
        },
        0,
    );
    assert_eq!(header(&request, "content-encoding"), Some("gzip"));
    assert_eq!(request.body.get(..2), Some(&[0x1f, 0x8b][..]), "gzip magic");
    assert_eq!(
        header(&request, "Content-MD5"),
        Some(content_md5(&request.body).as_str())
    );
    assert_ne!(content_md5(&request.body), content_md5(&body));
}
