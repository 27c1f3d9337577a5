//! The client over the in-memory transport: request shape, retries and backoff, every kind of
//! failure as a typed error, signing, pagination, and no token in any printed value.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_identity_provider::Client;
use cognito_identity_provider::client::{Credentials, RetryConfig, SdkError};
use cognito_identity_provider::operation::list_devices::ListDevicesError;
use cognito_identity_provider::transport::{
    HttpResponse, InMemoryTransport, Sleep, TransportError, TransportErrorKind,
};
use futures::TryStreamExt;

const TOKEN: &str = "eyJ.secret-token-marker.sig";

/// Records the backoffs the client asks for, without waiting.
#[derive(Clone, Default)]
struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl Sleep for RecordingSleep {
    fn sleep(
        &self,
        duration: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        self.0.lock().expect("lock").push(duration);
        Box::pin(std::future::ready(()))
    }
}

fn client(transport: &InMemoryTransport, sleep: &RecordingSleep) -> Client {
    Client::builder()
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .sleep_impl(sleep.clone())
        .build()
        .expect("valid config")
}

fn no_leak(texts: &[String]) {
    for t in texts {
        assert!(!t.contains("secret-token-marker"), "token leaked into: {t}");
    }
}

#[tokio::test]
async fn sends_an_unsigned_awsjson_request() {
    let transport = InMemoryTransport::new();
    transport.push_json(200, r#"{"Devices": [{"DeviceKey": "k1"}]}"#);
    let out = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .limit(5)
        .send()
        .await
        .expect("success");
    assert_eq!(out.devices.map(|d| d.len()), Some(1));
    let sent = transport.requests();
    assert_eq!(sent.len(), 1);
    let req = &sent[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.url, "http://127.0.0.1:1/");
    assert_eq!(
        req.header("x-amz-target"),
        Some("AWSCognitoIdentityProviderService.ListDevices")
    );
    assert_eq!(
        req.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    assert!(
        req.header("user-agent")
            .is_some_and(|ua| ua.starts_with("cognito-identity-provider/"))
    );
    assert_eq!(
        req.header("authorization"),
        None,
        "ListDevices is auth: [] and must not be signed"
    );
    let body: serde_json::Value = serde_json::from_slice(&req.body).expect("JSON");
    assert_eq!(body, serde_json::json!({"AccessToken": TOKEN, "Limit": 5}));
    no_leak(&[format!("{req:?}"), format!("{transport:?}")]);
}

#[tokio::test]
async fn send_future_is_lazy_spawnable_and_redacted() {
    let transport = InMemoryTransport::new();
    transport.push_json(200, r#"{"Devices": []}"#);
    let future = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send();
    assert_eq!(transport.requests().len(), 0, "sent before being awaited");
    let shown = format!("{future:?}");
    assert!(shown.contains("ListDevices"), "{shown}");
    no_leak(&[shown]);
    // `tokio::spawn` needs a `Send + 'static` future: it owns its client and input.
    let out = tokio::spawn(future).await.expect("task").expect("success");
    assert_eq!(out.devices.map(|d| d.len()), Some(0));
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn retries_server_errors_then_succeeds() {
    let transport = InMemoryTransport::new();
    transport
        .push_response(
            HttpResponse::new(500, "<html>oops</html>").with_header("content-type", "text/html"),
        )
        .push_json(503, r#"{"__type": "ServiceUnavailable"}"#)
        .push_json(200, r#"{"Devices": []}"#);
    let sleep = RecordingSleep::default();
    let out = client(&transport, &sleep)
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect("third attempt succeeds");
    assert_eq!(out.devices, Some(vec![]));
    assert_eq!(transport.requests().len(), 3);
    let waits = sleep.0.lock().expect("lock").clone();
    assert_eq!(waits.len(), 2, "one backoff before each retry");
    assert!(
        waits[0] <= Duration::from_millis(100) && waits[1] <= Duration::from_millis(200),
        "{waits:?}"
    );
}

#[tokio::test]
async fn gives_up_after_max_attempts_with_the_last_error() {
    let transport = InMemoryTransport::new();
    for _ in 0..5 {
        transport.push_response(HttpResponse::new(500, "<html>Internal Server Error</html>"));
    }
    let err = Client::builder()
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .sleep_impl(RecordingSleep::default())
        .max_attempts(4)
        .build()
        .expect("config")
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect_err("always 500");
    assert_eq!(transport.requests().len(), 4);
    match &err {
        SdkError::Service {
            error: ListDevicesError::Unhandled(u),
            status: 500,
        } => {
            assert_eq!(u.status(), 500);
            assert_eq!(u.code(), None);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(err.to_string().contains("HTTP status 500"), "{err}");
}

#[tokio::test]
async fn throttling_is_retried_but_client_errors_are_not() {
    let transport = InMemoryTransport::new();
    transport
        .push_json(
            400,
            r#"{"__type": "TooManyRequestsException", "message": "Rate exceeded"}"#,
        )
        .push_json(200, "{}");
    client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect("retried after throttling");
    assert_eq!(transport.requests().len(), 2);

    let transport = InMemoryTransport::new();
    transport
        .push_json(
            400,
            r#"{"__type": "NotAuthorizedException", "message": "Invalid Access Token"}"#,
        )
        .push_json(200, "{}");
    let err = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect_err("not retried");
    assert_eq!(transport.requests().len(), 1);
    match err.as_service_error() {
        Some(ListDevicesError::NotAuthorizedException(e)) => {
            assert_eq!(e.message(), Some("Invalid Access Token"))
        }
        other => panic!("unexpected {other:?}"),
    }
    no_leak(&[format!("{err:?}"), err.to_string()]);
}

#[tokio::test]
async fn transport_failures_are_typed_and_retried_when_transient() {
    let transport = InMemoryTransport::new();
    transport
        .push_error(TransportError::new(
            TransportErrorKind::Connect,
            "connection refused",
        ))
        .push_json(200, "{}");
    client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect("retried after a refused connection");

    let transport = InMemoryTransport::new();
    transport.push_error(TransportError::new(
        TransportErrorKind::Other,
        "bad certificate",
    ));
    let err = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect_err("not retried");
    assert_eq!(transport.requests().len(), 1);
    assert!(
        matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Other),
        "{err:?}"
    );
}

#[tokio::test]
async fn oversized_truncated_and_empty_responses() {
    let transport = InMemoryTransport::new();
    transport.push_json(
        200,
        &format!(r#"{{"PaginationToken": "{}"}}"#, "x".repeat(2000)),
    );
    let err = Client::builder()
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .max_response_bytes(1024)
        .build()
        .expect("config")
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect_err("over the cap");
    assert!(
        matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::BodyTooLarge),
        "{err:?}"
    );

    let transport = InMemoryTransport::new();
    transport.push_json(200, r#"{"Devices": [{"DeviceKey": "#);
    let err = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect_err("truncated");
    assert!(
        matches!(&err, SdkError::InvalidResponse { status: 200, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("truncated JSON"), "{err}");

    let transport = InMemoryTransport::new();
    transport.push_response(HttpResponse::new(200, ""));
    let out = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect("an empty body is an empty output");
    assert_eq!(out.devices, None);
}

#[tokio::test]
async fn client_paginator_walks_pages_and_items() {
    let transport = InMemoryTransport::new();
    transport
        .push_json(
            200,
            r#"{"Devices": [{"DeviceKey": "a"}], "PaginationToken": "p2"}"#,
        )
        .push_json(
            200,
            r#"{"Devices": [{"DeviceKey": "b"}], "PaginationToken": "p3"}"#,
        )
        .push_json(200, r#"{"Devices": [{"DeviceKey": "c"}]}"#);
    let keys: Vec<String> = client(&transport, &RecordingSleep::default())
        .list_devices()
        .access_token(TOKEN)
        .into_paginator()
        .page_size(1)
        .items()
        .map_ok(|d| d.device_key.unwrap_or_default())
        .try_collect()
        .await
        .expect("all pages");
    assert_eq!(keys, ["a", "b", "c"]);
    let tokens: Vec<Option<String>> = transport
        .requests()
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).expect("JSON");
            assert_eq!(body["Limit"], 1);
            body["PaginationToken"].as_str().map(str::to_string)
        })
        .collect();
    assert_eq!(tokens, [None, Some("p2".into()), Some("p3".into())]);
}

/// Signing is exercised on the kitchen fixture, whose operations are signed (ListDevices is
/// not). Its crate has its own copies of the runtime types.
#[tokio::test]
async fn signed_operations_carry_sigv4_headers() {
    use kitchen_fixture::client::{Credentials as KCredentials, SdkError as KSdkError};
    use kitchen_fixture::transport::InMemoryTransport as KTransport;

    let transport = KTransport::new();
    transport.push_json(200, r#"{"page": {}}"#);
    let client = kitchen_fixture::Client::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .credentials(KCredentials::new(
            "AKIDEXAMPLE",
            "secret-key-marker",
            Some("session-token-marker".into()),
        ))
        .build()
        .expect("config");
    client.list_recipes().send().await.expect("signed call");
    let req = &transport.requests()[0];
    let auth = req.header("authorization").expect("signed");
    assert!(
        auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
            && auth.contains("/eu-west-1/kitchen/aws4_request"),
        "{auth}"
    );
    assert!(
        auth.contains("SignedHeaders=") && auth.contains("x-amz-target"),
        "{auth}"
    );
    assert!(req.header("x-amz-date").is_some());
    assert_eq!(
        req.header("x-amz-security-token"),
        Some("session-token-marker")
    );
    for printed in [format!("{req:?}"), format!("{client:?}")] {
        assert!(
            !printed.contains("secret-key-marker") && !printed.contains("session-token-marker"),
            "{printed}"
        );
    }

    // auth: [] operations of the same service stay unsigned.
    transport.push_json(200, "{}");
    client.ping().send().await.expect("ping");
    assert_eq!(transport.requests()[1].header("authorization"), None);

    // Without credentials the default chain runs (through the client's transport, which
    // answers nothing here) and the signed call fails with a typed error: nothing reaches
    // the service.
    let empty = KTransport::new();
    let unsigned = kitchen_fixture::Client::builder()
        .endpoint_url("http://127.0.0.1:1/")
        .transport(empty.clone())
        .build()
        .expect("config");
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        let err = unsigned
            .list_recipes()
            .send()
            .await
            .expect_err("no credentials");
        assert!(
            matches!(&err, KSdkError::Credentials(_)) && err.to_string().contains("credentials"),
            "{err:?}"
        );
        assert!(
            empty
                .requests()
                .iter()
                .all(|r| r.header("x-amz-target").is_none()),
            "{:?}",
            empty.requests()
        );
    }
}

#[test]
fn configuration_errors() {
    let err = Client::builder()
        .transport(InMemoryTransport::new())
        .region("not a region!")
        .build()
        .expect_err("bad region");
    assert!(err.to_string().contains("not a region name"), "{err}");
    let err = Client::builder()
        .transport(InMemoryTransport::new())
        .endpoint_url("ftp://example.com")
        .build()
        .expect_err("bad scheme");
    assert!(err.to_string().contains("http:// or https://"), "{err}");
    let client = Client::builder()
        .transport(InMemoryTransport::new())
        .region("us-west-2")
        .build()
        .expect("regional endpoint");
    assert_eq!(
        client.endpoint(),
        "https://cognito-idp.us-west-2.amazonaws.com"
    );
    let _ = RetryConfig::default();
    let debug = format!(
        "{:?}",
        Credentials::new("AKID", "secret-key-marker", Some("token-marker".into()))
    );
    assert!(
        !debug.contains("secret-key-marker") && !debug.contains("token-marker"),
        "{debug}"
    );
}

/// The default transport against a port nothing listens on: a typed transport error after
/// the configured attempts, not a hang or a panic.
#[tokio::test]
async fn closed_port_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = Client::builder()
        .endpoint_url(format!("http://127.0.0.1:{port}/"))
        .retry_config(RetryConfig {
            max_attempts: 2,
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
        })
        .connect_timeout(Duration::from_secs(2))
        .build()
        .expect("config");
    let err = client
        .list_devices()
        .access_token(TOKEN)
        .send()
        .await
        .expect_err("nothing listens");
    assert!(
        matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Connect),
        "{err:?}"
    );
    no_leak(&[format!("{err:?}"), err.to_string()]);
}
