//! A one-operation service for driving `CoreClient` over the in-memory transport: no
//! generated crate, no runtime, no network, no waiting.

// Each test binary uses part of it.
#![allow(dead_code)]

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use aws_light_runtime::client::{Config, ConfigBuilder, CoreClient, Credentials, SdkError};
use aws_light_runtime::error::{DeserializeError, Headers, ParsedError, ProvideErrorKind};
use aws_light_runtime::error::{SerializeError, UnhandledError};
use aws_light_runtime::protocol::{Operation, Protocol, ServiceInfo};
use aws_light_runtime::transport::{HttpResponse, InMemoryTransport, Sleep};

/// The test credentials' secret, which nothing may ever show.
pub const SECRET: &str = "wJalr-SECRET-KEY-MARKER";
/// A sensitive input value, which nothing but the request body may hold.
pub const SENSITIVE_INPUT: &str = "sensitive-input-marker";

pub static SERVICE: ServiceInfo = ServiceInfo {
    endpoint_prefix: "test-svc",
    signing_name: "test-svc",
    user_agent: "retry-tests/0",
    protocol: Protocol::AwsJson1_0,
    query_compatible: false,
    headers: &[],
    endpoint_rules: &aws_light_runtime::endpoint::testing::ENDPOINT_URL_ONLY,
};

/// `Ping`, unsigned (`Ping<false>`) or signed with SigV4 (`Ping<true>`). Its input is a token
/// sent in the body.
pub struct Ping<const SIGNED: bool>;

/// Ping's error: whatever the service said.
#[derive(Debug)]
pub struct PingError(pub UnhandledError);

impl fmt::Display for PingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for PingError {}

impl ProvideErrorKind for PingError {
    fn code(&self) -> Option<&str> {
        self.0.code()
    }
    fn message(&self) -> Option<&str> {
        self.0.message()
    }
    fn is_retryable(&self) -> bool {
        self.0.is_retryable()
    }
    fn is_throttling(&self) -> bool {
        self.0.is_throttling()
    }
}

impl<const SIGNED: bool> Operation for Ping<SIGNED> {
    const SERVICE: &'static ServiceInfo = &SERVICE;
    const NAME: &'static str = "Ping";
    const TARGET: &'static str = "TestService.Ping";
    const SIGNED: bool = SIGNED;
    type Input = String;
    type Output = ();
    type Error = PingError;

    fn serialize_input(input: &String) -> Result<Vec<u8>, SerializeError> {
        Ok(format!(r#"{{"Token":{input:?}}}"#).into_bytes())
    }

    fn deserialize_output(_body: &[u8]) -> Result<(), DeserializeError> {
        Ok(())
    }

    fn parse_error(status: u16, headers: &dyn Headers, body: &[u8]) -> PingError {
        PingError(ParsedError::parse(status, headers, body, false).unhandled())
    }
}

/// What a call gave.
pub type PingResult = Result<(), SdkError<PingError>>;

/// Records the waits the client asks for, and returns at once.
#[derive(Clone, Default)]
pub struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().map(|w| w.clone()).unwrap_or_default()
    }

    pub fn clear(&self) {
        if let Ok(mut w) = self.0.lock() {
            w.clear();
        }
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        if let Ok(mut w) = self.0.lock() {
            w.push(duration);
        }
        Box::pin(std::future::ready(()))
    }
}

/// Settings over `transport` and `sleep`, with credentials and a region for signing.
pub fn builder(transport: &InMemoryTransport, sleep: &RecordingSleep) -> ConfigBuilder<Config> {
    Config::builder()
        .endpoint_url("http://127.0.0.1:1/")
        .region("us-east-1")
        .credentials(Credentials::new("AKIDTEST", SECRET, None))
        .transport(transport.clone())
        .sleep_impl(sleep.clone())
}

pub fn client(config: &Config) -> CoreClient {
    CoreClient::new(config, &SERVICE).expect("valid config")
}

/// Sends one `Ping<SIGNED>` and waits for it.
pub fn ping<const SIGNED: bool>(client: &CoreClient) -> PingResult {
    block_on(client.send::<Ping<SIGNED>>(SENSITIVE_INPUT.to_string()))
}

/// A JSON error response with this code.
pub fn error(status: u16, code: &str) -> HttpResponse {
    HttpResponse::new(
        status,
        format!(r#"{{"__type":"{code}","message":"failed"}}"#),
    )
    .with_header("content-type", "application/x-amz-json-1.0")
}

pub fn ok() -> HttpResponse {
    HttpResponse::new(200, "{}").with_header("content-type", "application/x-amz-json-1.0")
}

/// Runs a future that never waits on anything but the in-memory transport and the recording
/// timer, both of which are ready at once.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    for _ in 0..1000 {
        if let Poll::Ready(value) = future.as_mut().poll(&mut cx) {
            return value;
        }
    }
    panic!("the future waited on something other than the fakes");
}

/// The status of a failed call, or 200.
pub fn status(result: &PingResult) -> u16 {
    match result {
        Ok(()) => 200,
        Err(SdkError::Service { status, .. }) => *status,
        Err(other) => panic!("not a service error: {other:?}"),
    }
}
