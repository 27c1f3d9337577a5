//! The JSON RPC wire protocols (awsJson1_0 and awsJson1_1), independent of any HTTP library:
//! how an operation's input becomes a request and how a response becomes its output or error.

use std::fmt;

use crate::error::{DeserializeError, Headers, SerializeError};

/// The JSON RPC protocols a generated crate may speak. They differ only in `Content-Type`;
/// error responses are read the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0` (DynamoDB, SQS, Step Functions, ...).
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1` (Cognito, ECS, CloudTrail, ...).
    AwsJson1_1,
}

impl Protocol {
    /// The `Content-Type` of requests (`application/x-amz-json-1.0` or `-1.1`).
    pub const fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
        }
    }

    /// The protocol's Smithy trait id (`aws.protocols#awsJson1_0`).
    pub const fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
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
}

/// The protocol's headers of a request with a body of `body_len` bytes, in the order sent.
pub(crate) fn headers<Op: Operation>(body_len: usize) -> Vec<(&'static str, String)> {
    header_table::<Op>(body_len)
        .map(|((name, _), value)| (name, value))
        .collect()
}

/// The same headers as the client sends them: lowercase names, and room for the `User-Agent`,
/// `Content-Encoding` and signature headers it adds.
pub(crate) fn wire_headers<Op: Operation>(body_len: usize) -> Vec<(String, String)> {
    let mut headers = Vec::with_capacity(10);
    headers
        .extend(header_table::<Op>(body_len).map(|((_, wire), value)| (wire.to_string(), value)));
    headers
}

/// Each header's name as [`HttpRequest`] shows it and in lowercase, and its value.
fn header_table<Op: Operation>(
    body_len: usize,
) -> impl Iterator<Item = ((&'static str, &'static str), String)> {
    let service = Op::SERVICE;
    [
        Some((
            ("Content-Type", "content-type"),
            service.protocol.content_type().to_string(),
        )),
        Some((("X-Amz-Target", "x-amz-target"), Op::TARGET.to_string())),
        Some((("Content-Length", "content-length"), body_len.to_string())),
        service.query_compatible.then(|| {
            (
                ("x-amzn-query-mode", "x-amzn-query-mode"),
                "true".to_string(),
            )
        }),
    ]
    .into_iter()
    .flatten()
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

    /// Reads an error response. Never fails: unknown codes and non-JSON bodies become the
    /// error enum's `Unhandled` variant.
    fn parse_error(status: u16, headers: &dyn Headers, body: &[u8]) -> Self::Error;

    /// Whether large request bodies are sent gzip-compressed (`@requestCompression`).
    const REQUEST_COMPRESSION: bool = false;

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
    /// Always `POST`.
    pub method: &'static str,
    /// Always `/`.
    pub uri: &'static str,
    /// `Content-Type`, `X-Amz-Target` and `Content-Length` (and `x-amzn-query-mode` for
    /// [query-compatible](ServiceInfo::query_compatible) services).
    pub headers: Vec<(&'static str, String)>,
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
    let body = Op::serialize_input(input)?;
    Ok(HttpRequest {
        method: "POST",
        uri: "/",
        headers: headers::<Op>(body.len()),
        body,
    })
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
        Op::deserialize_output(body).map_err(ResponseError::Deserialize)
    } else {
        Err(ResponseError::Service(Op::parse_error(
            status, headers, body,
        )))
    }
}
