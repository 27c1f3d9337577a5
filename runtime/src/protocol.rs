//! The wire protocols, independent of any HTTP library: how an operation's input becomes a
//! request and how a response becomes its output or error. The [`Operation`] trait's defaults
//! are the JSON RPC protocols (awsJson1_0 and awsJson1_1: `POST /`, the operation in
//! `X-Amz-Target`); restJson1 operations override [`Operation::serialize_request`] and
//! [`Operation::deserialize_response`] with their HTTP bindings.

use std::fmt;

use crate::error::{DeserializeError, Headers, SerializeError};

/// The protocols a generated crate may speak. The JSON RPC ones differ only in `Content-Type`;
/// error responses of all three are read the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0` (DynamoDB, SQS, Step Functions, ...).
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1` (Cognito, ECS, CloudTrail, ...).
    AwsJson1_1,
    /// `aws.protocols#restJson1` (Lambda, EKS, Polly, ...): members bound to the method, URI,
    /// query, headers and a JSON or raw body by the `http*` traits.
    RestJson1,
}

impl Protocol {
    /// The `Content-Type` of requests with a JSON body (`application/x-amz-json-1.0` or
    /// `-1.1`; `application/json` for restJson1, whose raw payloads have their own).
    pub const fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 => "application/json",
        }
    }

    /// The protocol's Smithy trait id (`aws.protocols#awsJson1_0`).
    pub const fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
        }
    }
}

/// What a generated crate knows about its service: how to reach, sign and speak to it.
#[derive(Clone, Copy, Debug)]
pub struct ServiceInfo {
    /// The first label of the regional host name (`cognito-idp`).
    pub endpoint_prefix: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// The default `User-Agent`.
    pub user_agent: &'static str,
    /// The wire protocol.
    pub protocol: Protocol,
    /// The service's endpoint rules (`smithy.rules#endpointRuleSet`), which the client
    /// resolves with its configuration and, for some operations, the input.
    pub endpoint_rules: &'static crate::endpoint::RuleSet,
    /// Whether the service is `@awsQueryCompatible` (it moved from awsQuery to awsJson1_0):
    /// requests then carry `x-amzn-query-mode: true`, and an error response's
    /// `x-amzn-query-error` header (`Code;Sender` or `Code;Receiver`) gives the awsQuery error
    /// code callers see.
    pub query_compatible: bool,
    /// Headers every request to the service carries though no trait of its model says so:
    /// the AWS SDKs' customizations (API Gateway's `Accept: application/json`, Glacier's
    /// `x-amz-glacier-version`). The client adds each one the request does not already have
    /// (a member bound to that header wins).
    pub headers: &'static [(&'static str, &'static str)],
}

/// A checksum of the request body that the client sends in a header, computed over the body
/// as sent: after compression, as HTTP's `Content-MD5` (RFC 2616, 14.15) covers the body
/// with its content coding applied. A header the request already has (a member bound to it)
/// is left as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RequestChecksum {
    /// `Content-MD5`: the base64 of the body's MD5 (`@httpChecksumRequired`; feature `md5`).
    ContentMd5,
    /// `x-amz-sha256-tree-hash`: Glacier's SHA-256 tree hash of the body, in hex
    /// ([`crate::checksum::tree_hash`]; feature `sigv4`).
    TreeHash,
}

/// The JSON RPC protocols' headers of a request with a body of `body_len` bytes, in the order
/// sent.
fn headers<Op: Operation + ?Sized>(body_len: usize) -> Vec<(String, String)> {
    let service = Op::SERVICE;
    let mut headers = vec![
        (
            "Content-Type".to_string(),
            service.protocol.content_type().to_string(),
        ),
        ("X-Amz-Target".to_string(), Op::TARGET.to_string()),
        ("Content-Length".to_string(), body_len.to_string()),
    ];
    if service.query_compatible {
        headers.push(("x-amzn-query-mode".to_string(), "true".to_string()));
    }
    headers
}

/// One operation of the service, as a type: its names, its shapes and its wire rules.
pub trait Operation {
    /// The service the operation belongs to.
    const SERVICE: &'static ServiceInfo;
    /// The operation's name (`ListDevices`).
    const NAME: &'static str;
    /// The `X-Amz-Target` header value (`Service.Operation`).
    const TARGET: &'static str;
    /// Whether requests must be signed with SigV4 (false for operations modeled `auth: []`).
    const SIGNED: bool;
    /// The input structure.
    type Input;
    /// The output structure.
    type Output;
    /// The error enum.
    type Error: std::error::Error + crate::error::ProvideErrorKind + 'static;

    /// Writes the request body.
    fn serialize_input(input: &Self::Input) -> Result<Vec<u8>, SerializeError>;

    /// Reads a successful response body.
    fn deserialize_output(body: &[u8]) -> Result<Self::Output, DeserializeError>;

    /// The whole request: method, path and query, headers and body. By default the JSON RPC
    /// protocols' `POST /` with [`serialize_input`](Self::serialize_input)'s body; the
    /// HTTP-binding protocols bind members to the other parts. A `Content-Length` header,
    /// when present, is set again by the client after compression.
    fn serialize_request(input: &Self::Input) -> Result<HttpRequest, SerializeError> {
        let body = Self::serialize_input(input)?;
        Ok(HttpRequest {
            method: "POST",
            uri: "/".to_string(),
            headers: headers::<Self>(body.len()),
            body,
        })
    }

    /// Reads a successful response: by default its body alone, through
    /// [`deserialize_output`](Self::deserialize_output); the HTTP-binding protocols also read
    /// the status code and headers.
    fn deserialize_response(
        _status: u16,
        _headers: &dyn Headers,
        body: &[u8],
    ) -> Result<Self::Output, DeserializeError> {
        Self::deserialize_output(body)
    }

    /// Whether the output's payload is a stream (`@streaming`): the client then reads the
    /// response with [`Transport::send_streaming`](crate::transport::Transport::send_streaming)
    /// and hands its body to [`deserialize_streaming`](Self::deserialize_streaming) unread.
    const STREAMING_OUTPUT: bool = false;

    /// Reads a successful response whose payload streams: the status code and headers now,
    /// the body as the caller reads the output's payload member. Only operations with
    /// [`STREAMING_OUTPUT`](Self::STREAMING_OUTPUT) implement it; the others have nothing to
    /// stream and say so.
    fn deserialize_streaming(
        _status: u16,
        _headers: &dyn Headers,
        _body: crate::primitives::ByteStream,
    ) -> Result<Self::Output, DeserializeError> {
        Err(DeserializeError::invalid(
            Self::NAME,
            "a streaming response (the operation has no streaming payload)",
        ))
    }

    /// The input's `@streaming` payload, which the client reads into memory before
    /// [`serialize_request`](Self::serialize_request) (SigV4 signs the body's hash, and a body
    /// in memory can be sent again). `None` for operations without one.
    fn streaming_payload(_input: &mut Self::Input) -> Option<&mut crate::primitives::ByteStream> {
        None
    }

    /// The input's `@idempotencyToken` member, which the client fills with a fresh token from
    /// its [provider](crate::client::ConfigBuilder::idempotency_token_provider) when it is
    /// unset, once per call (every retry sends the same). `None` for operations without one.
    fn idempotency_token(_input: &mut Self::Input) -> Option<&mut Option<String>> {
        None
    }

    /// Reads an error response. Never fails: unknown codes and non-JSON bodies become the
    /// error enum's `Unhandled` variant.
    fn parse_error(status: u16, headers: &dyn Headers, body: &[u8]) -> Self::Error;

    /// Whether large request bodies are sent gzip-compressed (`@requestCompression`).
    const REQUEST_COMPRESSION: bool = false;

    /// The checksums of the body the client adds as headers.
    const REQUEST_CHECKSUMS: &'static [RequestChecksum] = &[];

    /// Whether the signed request carries `x-amz-content-sha256`, the hex SHA-256 of the body,
    /// among its signed headers (Glacier's uploads require it).
    const CONTENT_SHA256: bool = false;

    /// The labels the `endpoint` trait puts in front of the host name (`foo.{label}.`), filled
    /// from the input; an error when a label value is not a valid host label.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, SerializeError> {
        Ok(None)
    }

    /// An endpoint the input itself names (Machine Learning's `Predict`), replacing the
    /// client's.
    fn endpoint_override(_input: &Self::Input) -> Option<String> {
        None
    }

    /// Whether [`endpoint_params`](Self::endpoint_params) binds anything: the client then
    /// resolves the endpoint for each call instead of using the one it resolved once.
    const ENDPOINT_PARAMS: bool = false;

    /// Sets the endpoint parameters the operation binds (`smithy.rules#staticContextParams`,
    /// `contextParam` members of the input, `operationContextParams` paths into it), over
    /// those the configuration bound.
    fn endpoint_params(_input: &Self::Input, _params: &mut crate::endpoint::Params) {}
}

/// Whether a host-label value may stand in a host name: letters, digits and hyphens, 1 to
/// 63 characters, not starting with a hyphen (the rules engine's `isValidHostLabel` without
/// subdomains).
pub fn is_valid_host_label(label: &str) -> bool {
    crate::endpoint::functions::is_valid_host_label(label, false)
}

/// An HTTP request ready to send (before signing and before the transport adds `Host`).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST` for the JSON RPC protocols; the operation's `@http` method for restJson1.
    pub method: &'static str,
    /// The path and query, relative to the endpoint: `/` for the JSON RPC protocols.
    pub uri: String,
    /// For the JSON RPC protocols `Content-Type`, `X-Amz-Target` and `Content-Length` (and
    /// `x-amzn-query-mode` for [query-compatible](ServiceInfo::query_compatible) services);
    /// for restJson1 the bound headers and the body's `Content-Type` and `Content-Length`.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Vec<u8>,
}

impl fmt::Debug for HttpRequest {
    // The body holds the input, secrets included; only its size is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Builds the request for an input.
pub fn request<Op: Operation>(input: &Op::Input) -> Result<HttpRequest, SerializeError> {
    Op::serialize_request(input)
}

/// What went wrong with a response.
#[derive(Debug)]
pub enum ResponseError<E> {
    /// The service answered with an error.
    Service(E),
    /// The service answered with success, but the body is not the modeled output.
    Deserialize(DeserializeError),
}

impl<E: fmt::Display> fmt::Display for ResponseError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(e) => e.fmt(f),
            ResponseError::Deserialize(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ResponseError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Service(e) => Some(e),
            ResponseError::Deserialize(e) => Some(e),
        }
    }
}

/// Reads a response: a 2xx status gives the output, any other the operation's error.
pub fn response<Op: Operation>(
    status: u16,
    headers: &dyn Headers,
    body: &[u8],
) -> Result<Op::Output, ResponseError<Op::Error>> {
    if (200..300).contains(&status) {
        Op::deserialize_response(status, headers, body).map_err(ResponseError::Deserialize)
    } else {
        Err(ResponseError::Service(Op::parse_error(
            status, headers, body,
        )))
    }
}
