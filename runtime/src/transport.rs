//! How requests reach the service: a small trait the client sends through, an in-memory
//! implementation for users' tests, (feature `hyper`, on by default) one over HTTPS and, on
//! `wasm32-unknown-unknown` with feature `fetch`, one over the browser's `fetch`.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// The future [`Transport::send_streaming`] returns.
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<StreamingResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns the whole response.
///
/// Implement it to use your own HTTP stack, a proxy, or a fake in tests. It must not retry:
/// the client does that, with backoff, for the failures that deserve it.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request`. Failures to get any response (refused connection, timeout, TLS, a
    /// body larger than `max_body`) are [`TransportError`]s; any HTTP status is a response.
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_>;

    /// Sends `request` for an operation whose response payload streams (`@streaming`): the
    /// response is returned once its head arrives, its body read as the caller asks for it,
    /// with no size cap. A timeout on the exchange covers the head only.
    ///
    /// The default reads the whole body with [`send`](Self::send) and no cap, which is right
    /// but holds the body in memory: the hyper transport streams it.
    fn send_streaming(&self, request: TransportRequest) -> StreamingFuture<'_> {
        Box::pin(async move {
            let response = self.send(request, usize::MAX).await?;
            Ok(StreamingResponse {
                status: response.status,
                headers: response.headers,
                body: crate::primitives::ByteStream::new(response.body),
            })
        })
    }
}

/// A response whose body is still to be read: [`Transport::send_streaming`]'s.
#[derive(Debug)]
pub struct StreamingResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Every header.
    pub headers: Vec<(String, String)>,
    /// The body, read as it arrives.
    pub body: crate::primitives::ByteStream,
}

/// A request as the client hands it to the transport: signed, with its full URL.
#[derive(Clone, PartialEq, Eq)]
pub struct TransportRequest {
    /// `POST` (`GET` and `PUT` for the credential providers' metadata endpoints).
    pub method: &'static str,
    /// The endpoint URL.
    pub url: String,
    /// Every header, signature included.
    pub headers: Vec<(String, String)>,
    /// The body: JSON for operations, a form for STS, empty for metadata endpoints.
    pub body: Vec<u8>,
}

impl TransportRequest {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Header names whose values are credentials (the last one is the IMDS session token).
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-security-token",
    "x-aws-ec2-metadata-token",
];

impl fmt::Debug for TransportRequest {
    // The body holds the input, access tokens included, and some headers hold credentials:
    // neither is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if SECRET_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                    REDACTED
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("TransportRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A response: status, headers and the whole body.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Every header.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A response with a status and a body and no headers.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        HttpResponse {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl fmt::Debug for HttpResponse {
    // Response bodies can hold tokens (InitiateAuth's output, for one).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// What kind of transport failure happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, unreachable, DNS).
    Connect,
    /// The request or response took longer than the configured timeout.
    Timeout,
    /// The connection broke while sending or receiving.
    Io,
    /// The response body was larger than the configured cap.
    BodyTooLarge,
    /// Anything else (a TLS certificate or handshake the client rejects, an invalid URL, ...).
    Other,
}

/// A request that got no usable response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    kind: TransportErrorKind,
    message: String,
}

impl TransportError {
    /// A transport error of `kind`; the message must not contain secrets.
    pub fn new(kind: TransportErrorKind, message: impl Into<String>) -> Self {
        TransportError {
            kind,
            message: message.into(),
        }
    }

    /// What kind of failure it was.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// True when sending again may succeed: connection failures, timeouts and broken
    /// connections.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
        )
    }
}

// Only the fetch transport needs these (its messages come from the browser); the tests below
// check them on every target.
#[cfg_attr(
    not(all(feature = "fetch", target_arch = "wasm32", target_os = "unknown")),
    allow(dead_code)
)]
impl TransportError {
    /// The same error with every value of `secrets` in its message replaced by a placeholder.
    pub(crate) fn without(mut self, secrets: &[String]) -> Self {
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            if self.message.contains(secret.as_str()) {
                self.message = self.message.replace(secret.as_str(), REDACTED);
            }
        }
        self
    }
}

/// The values of the headers that hold credentials, as [`TransportError::without`] takes them.
#[cfg_attr(
    not(all(feature = "fetch", target_arch = "wasm32", target_os = "unknown")),
    allow(dead_code)
)]
pub(crate) fn secret_values(headers: &[(String, String)]) -> Vec<String> {
    headers
        .iter()
        .filter(|(name, _)| SECRET_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)))
        .map(|(_, value)| value.clone())
        .collect()
}

/// What is shown instead of a secret header's value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Io => "connection failed",
            TransportErrorKind::BodyTooLarge => "response body too large",
            TransportErrorKind::Other => "request failed",
        };
        write!(f, "{what}: {}", self.message)
    }
}

impl std::error::Error for TransportError {}

/// A transport that answers from a queue of canned responses and records every request, so
/// code that uses the client can be tested without a network.
///
/// Clones share the queue and the record.
#[derive(Clone, Default)]
pub struct InMemoryTransport {
    inner: Arc<Mutex<InMemoryState>>,
}

#[derive(Default)]
struct InMemoryState {
    responses: VecDeque<Result<HttpResponse, TransportError>>,
    requests: Vec<TransportRequest>,
}

impl InMemoryTransport {
    /// An empty transport: every request fails until responses are queued.
    pub fn new() -> Self {
        Self::default()
    }

    /// Queues a response for the next request.
    pub fn push_response(&self, response: HttpResponse) -> &Self {
        self.lock().responses.push_back(Ok(response));
        self
    }

    /// Queues a JSON response with status 200.
    pub fn push_json(&self, status: u16, body: &str) -> &Self {
        self.push_response(
            HttpResponse::new(status, body).with_header("content-type", "application/json"),
        )
    }

    /// Queues a transport failure for the next request.
    pub fn push_error(&self, error: TransportError) -> &Self {
        self.lock().responses.push_back(Err(error));
        self
    }

    /// Every request sent so far, in order.
    pub fn requests(&self) -> Vec<TransportRequest> {
        self.lock().requests.clone()
    }

    /// How many queued responses are left.
    pub fn remaining(&self) -> usize {
        self.lock().responses.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, InMemoryState> {
        // A panic while holding the lock cannot leave the queue inconsistent.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl fmt::Debug for InMemoryTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("InMemoryTransport")
            .field("queued", &state.responses.len())
            .field("sent", &state.requests.len())
            .finish()
    }
}

impl Transport for InMemoryTransport {
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_> {
        let result = {
            let mut state = self.lock();
            state.requests.push(request);
            state.responses.pop_front().unwrap_or_else(|| {
                Err(TransportError::new(
                    TransportErrorKind::Other,
                    "InMemoryTransport has no response queued for this request",
                ))
            })
        };
        let result = result.and_then(|r| {
            if r.body.len() > max_body {
                Err(TransportError::new(
                    TransportErrorKind::BodyTooLarge,
                    format!("{} bytes, limit {max_body}", r.body.len()),
                ))
            } else {
                Ok(r)
            }
        });
        Box::pin(std::future::ready(result))
    }
}

/// Waits between retries. The client uses tokio's timer when feature `rt-tokio` is on (it is
/// by default), the browser's (`JsSleep`) on `wasm32-unknown-unknown`; with another
/// runtime, give it one of yours.
pub trait Sleep: Send + Sync + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

// The timer a client (and its credential providers) waits on when given none: the browser's
// on `wasm32-unknown-unknown` (tokio's timer would panic there), else tokio's with feature
// `rt-tokio`, else none.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub(crate) fn default_sleep() -> Option<Arc<dyn Sleep>> {
    Some(Arc::new(JsSleep))
}

#[cfg(all(
    feature = "rt-tokio",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub(crate) fn default_sleep() -> Option<Arc<dyn Sleep>> {
    Some(Arc::new(TokioSleep))
}

#[cfg(not(any(
    feature = "rt-tokio",
    all(target_arch = "wasm32", target_os = "unknown")
)))]
pub(crate) fn default_sleep() -> Option<Arc<dyn Sleep>> {
    None
}

#[cfg(all(feature = "fetch", target_arch = "wasm32", target_os = "unknown"))]
pub use crate::wasm::FetchTransport;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub use crate::wasm::JsSleep;

/// Sleeps on tokio's timer.
#[cfg(feature = "rt-tokio")]
#[derive(Clone, Copy, Debug, Default)]
pub struct TokioSleep;

#[cfg(feature = "rt-tokio")]
impl Sleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(duration))
    }
}

#[cfg(feature = "hyper")]
mod https;
#[cfg(feature = "hyper")]
pub use https::HyperTransport;

/// True when rustls itself failed under `e`: a certificate it does not trust, a handshake it
/// cannot agree on. hyper reports those as connect errors, but trying again meets the same
/// certificate, so they are not retried. A connection that breaks during the handshake is an
/// I/O error, not rustls', and stays a (retryable) connect error.
#[cfg(feature = "hyper")]
pub(crate) fn is_tls_failure(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(err) = next {
        if err.is::<rustls::Error>() {
            return true;
        }
        next = match err.downcast_ref::<std::io::Error>() {
            // `io::Error::source` skips the error it wraps, and tokio-rustls wraps rustls'
            // in one: look inside instead.
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    false
}

#[cfg(feature = "hyper")]
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[cfg(test)]
mod redaction_tests {
    use super::*;

    #[test]
    fn secret_header_values_are_cut_out_of_error_messages() {
        let headers = vec![
            (
                "Authorization".to_string(),
                "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc".to_string(),
            ),
            (
                "x-amz-security-token".to_string(),
                "SESSION-TOKEN-MARKER".to_string(),
            ),
            ("x-amz-target".to_string(), "Svc.Op".to_string()),
            ("X-Aws-Ec2-Metadata-Token".to_string(), String::new()),
        ];
        let secrets = secret_values(&headers);
        assert_eq!(secrets.len(), 3, "{secrets:?}");
        let error = TransportError::new(
            TransportErrorKind::Connect,
            "TypeError: bad header AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc and \
             SESSION-TOKEN-MARKER for Svc.Op",
        )
        .without(&secrets);
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("Signature=abc"), "{shown}");
        assert!(!shown.contains("SESSION-TOKEN-MARKER"), "{shown}");
        assert!(
            shown.contains(REDACTED) && shown.contains("Svc.Op"),
            "{shown}"
        );
        assert_eq!(error.kind(), TransportErrorKind::Connect);
        // An empty secret (the IMDS token header above) replaces nothing.
        let plain = TransportError::new(TransportErrorKind::Io, "cut").without(&[String::new()]);
        assert_eq!(plain.to_string(), "connection failed: cut");
    }
}

#[cfg(all(test, feature = "hyper"))]
mod tests {
    use super::*;

    #[test]
    fn extra_roots_must_hold_a_parsable_certificate() {
        let none = HyperTransport::with_root_certificates(None, None, b"")
            .expect_err("an empty PEM gives no root");
        assert_eq!(none.kind(), TransportErrorKind::Other);
        assert!(none.to_string().contains("no CERTIFICATE block"), "{none}");

        let key_only = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        let skipped = HyperTransport::with_root_certificates(None, None, key_only)
            .expect_err("other blocks are not roots");
        assert!(
            skipped.to_string().contains("no CERTIFICATE block"),
            "{skipped}"
        );

        let garbage = b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
        let bad = HyperTransport::with_root_certificates(None, None, garbage)
            .expect_err("a broken block is an error, not skipped");
        assert_eq!(bad.kind(), TransportErrorKind::Other);
    }

    /// How rustls' errors arrive: in tokio-rustls' `io::Error`, itself wrapped by a caller.
    fn rustls_in_io(error: rustls::Error) -> std::io::Error {
        std::io::Error::other(std::io::Error::new(std::io::ErrorKind::InvalidData, error))
    }

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("client error (Connect)")
        }
    }

    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    // A regression: a certificate the client does not trust was a retryable connect error,
    // so every attempt met it again (found by tests/faults).
    #[test]
    fn rustls_failures_under_a_connect_error_are_tls_not_connect() {
        let untrusted = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        assert!(is_tls_failure(&Outer(rustls_in_io(untrusted.clone()))));
        assert!(is_tls_failure(&rustls_in_io(untrusted.clone())));
        assert!(is_tls_failure(&untrusted));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(!is_tls_failure(&Outer(refused)));
        let cut = std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "handshake cut short");
        assert!(!is_tls_failure(&Outer(cut)));
    }
}
