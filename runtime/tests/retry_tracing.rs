//! What the client tells `tracing` (feature `tracing`): a span per call and per attempt with
//! the right fields, events for retries and skew corrections, and never a secret.
//!
//! `cargo test -p aws-light-runtime --features tracing` runs it; without the feature it is
//! ignored, as the client then emits nothing.

mod client_support;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use aws_light_runtime::DateTime;
use aws_light_runtime::client::Credentials;
use aws_light_runtime::transport::{HttpResponse, InMemoryTransport};
use client_support::{RecordingSleep, SECRET, SENSITIVE_INPUT, block_on, builder, client};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// One span or event as captured: its name, its parent span's name, its fields.
#[derive(Clone, Debug, Default)]
struct Captured {
    name: String,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct State {
    spans: BTreeMap<u64, Captured>,
    events: Vec<Captured>,
    // Entered spans, innermost last (the test runs on one thread).
    stack: Vec<u64>,
}

/// A subscriber that keeps everything it is told.
#[derive(Clone, Default)]
struct Capture {
    state: Arc<Mutex<State>>,
    next: Arc<AtomicU64>,
}

impl Capture {
    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let mut state = self.state();
        let parent = match attrs.parent() {
            Some(p) => Some(p.into_u64()),
            None if attrs.is_contextual() => state.stack.last().copied(),
            None => None,
        };
        let mut span = Captured {
            name: attrs.metadata().name().to_string(),
            parent,
            fields: BTreeMap::new(),
        };
        attrs.record(&mut Fields(&mut span.fields));
        state.spans.insert(id, span);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        if let Some(s) = self.state().spans.get_mut(&span.into_u64()) {
            values.record(&mut Fields(&mut s.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut state = self.state();
        let parent = match event.parent() {
            Some(p) => Some(p.into_u64()),
            None if event.is_contextual() => state.stack.last().copied(),
            None => None,
        };
        let mut captured = Captured {
            name: String::new(),
            parent,
            fields: BTreeMap::new(),
        };
        event.record(&mut Fields(&mut captured.fields));
        captured.name = captured.fields.remove("message").unwrap_or_default();
        state.events.push(captured);
    }

    fn enter(&self, span: &Id) {
        self.state().stack.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut state = self.state();
        if state.stack.last() == Some(&span.into_u64()) {
            state.stack.pop();
        }
    }
}

const SESSION_TOKEN: &str = "session-token-marker";
const SECRET_HEADER: &str = "header-secret-marker";
const SECRET_MESSAGE: &str = "message-secret-marker";

fn response(status: u16, code: Option<&str>, request_id: &str) -> HttpResponse {
    let body = match code {
        Some(code) => format!(r#"{{"__type":"{code}","message":"{SECRET_MESSAGE}"}}"#),
        None => "{}".to_string(),
    };
    HttpResponse::new(status, body)
        .with_header("x-amzn-requestid", request_id)
        .with_header("x-secret", SECRET_HEADER)
        .with_header("set-cookie", SECRET_HEADER)
}

fn field<'a>(c: &'a Captured, name: &str) -> Option<&'a str> {
    c.fields.get(name).map(String::as_str)
}

#[test]
#[cfg_attr(
    not(all(feature = "tracing", feature = "sigv4")),
    ignore = "the client traces only with feature `tracing` (and signs with `sigv4`, a default): cargo test -p aws-light-runtime --features tracing"
)]
fn spans_and_events_name_what_happened_and_hold_no_secret() {
    let capture = Capture::default();
    let transport = InMemoryTransport::new();
    let ahead = DateTime::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(0))
            .unwrap_or(0)
            + 15 * 60 * 1000,
    )
    .to_http_date();
    transport
        .push_response(response(503, Some("ServiceUnavailable"), "req-1"))
        .push_response(response(400, Some("ThrottlingException"), "req-2"))
        .push_response(response(200, None, "req-3"))
        .push_response(
            response(403, Some("InvalidSignatureException"), "req-4").with_header("Date", ahead),
        )
        .push_response(response(200, None, "req-5"));
    let config = builder(&transport, &RecordingSleep::default())
        .credentials(Credentials::new(
            "AKIDTEST",
            SECRET,
            Some(SESSION_TOKEN.to_string()),
        ))
        .max_attempts(3)
        .build()
        .expect("config");
    let client = client(&config);
    tracing::subscriber::with_default(capture.clone(), || {
        let unsigned =
            block_on(client.send::<client_support::Ping<false>>(SENSITIVE_INPUT.to_string()));
        assert!(unsigned.is_ok(), "{unsigned:?}");
        let signed =
            block_on(client.send::<client_support::Ping<true>>(SENSITIVE_INPUT.to_string()));
        assert!(signed.is_ok(), "{signed:?}");
    });
    assert_eq!(transport.requests().len(), 5);

    let state = capture.state();
    let operations: Vec<(&u64, &Captured)> = state
        .spans
        .iter()
        .filter(|(_, s)| s.name == "operation")
        .collect();
    assert_eq!(operations.len(), 2, "{:?}", state.spans);
    for (_, op) in &operations {
        assert_eq!(field(op, "service"), Some("test-svc"));
        assert_eq!(field(op, "operation"), Some("Ping"));
    }
    let attempts: Vec<&Captured> = state
        .spans
        .values()
        .filter(|s| s.name == "attempt")
        .collect();
    let expected = [
        // (parent operation, attempt, status, request id, code, failure, retry decision)
        (
            0,
            "1",
            "503",
            "req-1",
            Some("ServiceUnavailable"),
            Some("transient"),
            "retry",
        ),
        (
            0,
            "2",
            "400",
            "req-2",
            Some("ThrottlingException"),
            Some("throttling"),
            "retry",
        ),
        (0, "3", "200", "req-3", None, None, "success"),
        (
            1,
            "1",
            "403",
            "req-4",
            Some("InvalidSignatureException"),
            Some("not_retryable"),
            "retry_clock_skew",
        ),
        (1, "2", "200", "req-5", None, None, "success"),
    ];
    assert_eq!(attempts.len(), expected.len(), "{attempts:?}");
    for (span, (op, attempt, status, id, code, failure, retry)) in attempts.iter().zip(expected) {
        assert_eq!(span.parent, Some(*operations[op].0), "{span:?}");
        assert_eq!(field(span, "attempt"), Some(attempt), "{span:?}");
        assert_eq!(field(span, "status"), Some(status), "{span:?}");
        assert_eq!(field(span, "request_id"), Some(id), "{span:?}");
        assert_eq!(field(span, "error_code"), code, "{span:?}");
        assert_eq!(field(span, "failure"), failure, "{span:?}");
        assert_eq!(field(span, "retry"), Some(retry), "{span:?}");
    }

    let retrying: Vec<&Captured> = state
        .events
        .iter()
        .filter(|e| e.name == "retrying")
        .collect();
    assert_eq!(retrying.len(), 2, "{:?}", state.events);
    assert_eq!(field(retrying[0], "retry_cost"), Some("5"));
    assert_eq!(field(retrying[0], "retry_quota"), Some("495"));
    assert_eq!(field(retrying[1], "retry_quota"), Some("490"));
    assert!(field(retrying[0], "delay_ms").is_some());
    let skew: Vec<&Captured> = state
        .events
        .iter()
        .filter(|e| e.name == "clock skew corrected")
        .collect();
    assert_eq!(skew.len(), 1, "{:?}", state.events);
    let offset: i64 = field(skew[0], "offset_ms")
        .and_then(|v| v.parse().ok())
        .expect("offset_ms");
    assert!((offset - 900_000).abs() <= 2_000, "{offset}");

    // Nothing captured holds the credentials, the input, the service's message or another
    // header: not even from the signer, which traces its canonical request (session token
    // included) when a subscriber listens.
    let everything = format!("{:?} {:?}", state.spans, state.events);
    for secret in [
        SECRET,
        SESSION_TOKEN,
        "AKIDTEST",
        SENSITIVE_INPUT,
        SECRET_MESSAGE,
        SECRET_HEADER,
    ] {
        assert!(!everything.contains(secret), "`{secret}` in {everything}");
    }
    assert_eq!(state.events.len(), 3, "only ours: {:?}", state.events);
}
