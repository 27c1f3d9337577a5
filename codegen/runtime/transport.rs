//! How requests reach the service: a small trait the client sends through, an in-memory
//! implementation for users' tests, and (feature `reqwest`, on by default) one over HTTPS.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The future a [`Transport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and returns the whole response.
///
/// Implement it to use your own HTTP stack, a proxy, or a fake in tests. It must not retry:
/// the client does that, with backoff, for the failures that deserve it.
pub trait Transport: Send + Sync + 'static {
    /// Sends `request`. Failures to get any response (refused connection, timeout, TLS, a
    /// body larger than `max_body`) are [`TransportError`]s; any HTTP status is a response.
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_>;
}

/// A request as the client hands it to the transport: signed, with its full URL.
#[derive(Clone, PartialEq, Eq)]
pub struct TransportRequest {
    /// `POST`.
    pub method: &'static str,
    /// The endpoint URL.
    pub url: String,
    /// Every header, signature included.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
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

/// Header names whose values are credentials.
const SECRET_HEADERS: &[&str] = &["authorization", "x-amz-security-token"];

impl fmt::Debug for TransportRequest {
    // The body holds the input, access tokens included, and some headers hold credentials:
    // neither is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if SECRET_HEADERS.iter().any(|s| k.eq_ignore_ascii_case(s)) {
                    "*** Sensitive Data Redacted ***"
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
    /// Anything else (TLS, an invalid URL, ...).
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
            HttpResponse::new(status, body).with_header("content-type", crate::protocol::CONTENT_TYPE),
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
/// by default); with another runtime, give it one of yours.
pub trait Sleep: Send + Sync + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;
}

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

/// The default transport: reqwest over rustls (with the `ring` provider, so no C toolchain
/// beyond what `ring` needs and no minute-long `aws-lc-sys` build), HTTP/1.1 and HTTP/2.
#[cfg(feature = "reqwest")]
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// A transport with these timeouts (`None`: no limit).
    pub fn new(
        connect_timeout: Option<Duration>,
        timeout: Option<Duration>,
        user_agent: &str,
    ) -> Result<Self, TransportError> {
        // reqwest is built without a bundled crypto provider; ring is installed process-wide
        // unless the application already chose one.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut builder = reqwest::Client::builder().user_agent(user_agent);
        if let Some(t) = connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(t) = timeout {
            builder = builder.timeout(t);
        }
        let client = builder
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, e.to_string()))?;
        Ok(ReqwestTransport { client })
    }

    /// Wraps a reqwest client configured by the application.
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

#[cfg(feature = "reqwest")]
fn reqwest_error(e: &reqwest::Error) -> TransportError {
    let kind = if e.is_timeout() {
        TransportErrorKind::Timeout
    } else if e.is_connect() {
        TransportErrorKind::Connect
    } else if e.is_request() || e.is_body() || e.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    // reqwest's message names the URL, never headers or body.
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    TransportError::new(kind, message)
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_> {
        Box::pin(async move {
            let mut builder = self.client.post(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            let mut response = builder
                .body(request.body)
                .send()
                .await
                .map_err(|e| reqwest_error(&e))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
                .collect();
            if response.content_length().is_some_and(|n| n > max_body as u64) {
                return Err(TransportError::new(
                    TransportErrorKind::BodyTooLarge,
                    format!("Content-Length exceeds the limit of {max_body} bytes"),
                ));
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(|e| reqwest_error(&e))? {
                if body.len() + chunk.len() > max_body {
                    return Err(TransportError::new(
                        TransportErrorKind::BodyTooLarge,
                        format!("more than the limit of {max_body} bytes"),
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(HttpResponse {
                status,
                headers,
                body,
            })
        })
    }
}
