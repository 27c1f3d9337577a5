//! End to end: the generated client over its default transport (hyper + rustls) against a
//! Cognito implementation no one here wrote (fakecloud, embedded and started by the tests on
//! loopback), plus small misbehaving HTTP servers for the retry paths.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cognito_emulator::{Emulator, TestUser};
use cognito_identity_provider::Client;
use cognito_identity_provider::client::{RetryConfig, SdkError};
use cognito_identity_provider::operation::list_devices::ListDevicesError;
use cognito_identity_provider::transport::{
    HyperTransport, Transport, TransportErrorKind, TransportFuture, TransportRequest,
};
use cognito_identity_provider::types::DeviceType;
use futures::TryStreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const DEVICES: [(&str, &str); 3] = [
    ("us-east-1_aaaaaaaa-0000-4000-8000-000000000001", "phone"),
    ("us-east-1_aaaaaaaa-0000-4000-8000-000000000002", "laptop"),
    ("us-east-1_aaaaaaaa-0000-4000-8000-000000000003", "tablet"),
];

/// The default transport, counting the requests that go through it.
#[derive(Clone)]
struct Counting {
    inner: Arc<HyperTransport>,
    sent: Arc<AtomicUsize>,
}

impl Counting {
    fn new() -> Self {
        Counting {
            inner: Arc::new(
                HyperTransport::new(Some(Duration::from_secs(5)), Some(Duration::from_secs(30)))
                    .expect("transport"),
            ),
            sent: Arc::new(AtomicUsize::new(0)),
        }
    }
}

impl Transport for Counting {
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request, max_body)
    }
}

/// An emulator with one signed-in user who has registered three devices.
async fn setup() -> (Emulator, TestUser) {
    let emulator = Emulator::start().await.expect("emulator starts");
    let user = emulator
        .create_user_with_token("alice", "Passw0rd!23")
        .await
        .expect("user and token");
    for (key, name) in DEVICES {
        emulator
            .confirm_device(&user.access_token, key, name)
            .await
            .expect("device confirmed");
    }
    (emulator, user)
}

fn client_for(endpoint: &str) -> Client {
    Client::builder()
        .endpoint_url(endpoint)
        .build()
        .expect("client")
}

fn assert_no_token(token: &str, printed: &[String]) {
    for p in printed {
        assert!(!p.contains(token), "the access token leaked into: {p}");
    }
}

#[tokio::test]
async fn list_devices_returns_every_device_with_its_details() {
    let (emulator, user) = setup().await;
    let client = client_for(&emulator.endpoint());
    let input_debug = format!(
        "{:?}",
        client
            .list_devices()
            .access_token(user.access_token.clone())
    );
    let out = client
        .list_devices()
        .access_token(user.access_token.clone())
        .send()
        .await
        .expect("ListDevices succeeds");
    let devices = out.devices.clone().expect("devices");
    assert_eq!(devices.len(), 3);
    for ((key, name), device) in DEVICES.iter().zip(&devices) {
        assert_eq!(device.device_key.as_deref(), Some(*key));
        let attrs = device.device_attributes.as_ref().expect("attributes");
        let shown = attrs
            .iter()
            .find(|a| a.name == "device_name")
            .and_then(|a| a.value.as_deref());
        assert_eq!(shown, Some(*name));
        let created = device.device_create_date.expect("create date");
        assert!(created.secs() > 1_600_000_000, "{created}");
        assert!(device.device_last_modified_date.is_some());
        assert!(device.device_last_authenticated_date.is_some());
    }
    assert_eq!(out.pagination_token, None);
    assert_no_token(
        &user.access_token,
        &[
            input_debug,
            format!("{out:?}"),
            format!("{client:?}"),
            format!("{user:?}"),
        ],
    );
}

#[tokio::test]
async fn paginator_with_page_size_one_walks_three_pages() {
    let (emulator, user) = setup().await;
    let transport = Counting::new();
    let client = Client::builder()
        .endpoint_url(emulator.endpoint())
        .transport(transport.clone())
        .build()
        .expect("client");
    let pages: Vec<_> = client
        .list_devices()
        .access_token(user.access_token.clone())
        .into_paginator()
        .page_size(1)
        .pages()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 3);
    assert!(
        pages
            .iter()
            .all(|p| p.devices.as_ref().is_some_and(|d| d.len() == 1))
    );
    assert_eq!(
        transport.sent.load(Ordering::SeqCst),
        3,
        "one request per page, then it stops"
    );

    let items: Vec<DeviceType> = client
        .list_devices()
        .access_token(user.access_token.clone())
        .into_paginator()
        .page_size(1)
        .items()
        .try_collect()
        .await
        .expect("every item");
    let keys: Vec<&str> = items
        .iter()
        .filter_map(|d| d.device_key.as_deref())
        .collect();
    assert_eq!(keys, DEVICES.map(|(k, _)| k));
    assert_eq!(transport.sent.load(Ordering::SeqCst), 6);
}

#[tokio::test]
async fn bad_and_signed_out_tokens_are_not_authorized() {
    let (emulator, user) = setup().await;
    let client = client_for(&emulator.endpoint());
    let garbage = "garbage-token-value";
    let err = client
        .list_devices()
        .access_token(garbage)
        .send()
        .await
        .expect_err("garbage token");
    match &err {
        SdkError::Service {
            error: ListDevicesError::NotAuthorizedException(e),
            status,
        } => {
            assert_eq!(*status, 400);
            assert!(e.message().is_some_and(|m| !m.is_empty()), "{e:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_no_token(garbage, &[format!("{err:?}"), err.to_string()]);

    emulator
        .global_sign_out(&user.access_token)
        .await
        .expect("signed out");
    let err = client
        .list_devices()
        .access_token(user.access_token.clone())
        .send()
        .await
        .expect_err("signed-out token");
    assert!(
        matches!(
            err.as_service_error(),
            Some(ListDevicesError::NotAuthorizedException(_))
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .starts_with("service error: NotAuthorizedException: "),
        "{err}"
    );
    assert_no_token(&user.access_token, &[format!("{err:?}"), err.to_string()]);
}

/// A plain HTTP/1.1 server that answers each request with the next canned response and
/// repeats the last one; it counts the requests it saw.
async fn canned_server(
    responses: Vec<(u16, &'static str, &'static str)>,
) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            let responses = responses.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    // Read one request: headers, then Content-Length bytes of body.
                    let mut chunk = [0u8; 4096];
                    let header_end = loop {
                        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            break i + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while buf.len() < header_end + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buf.drain(..header_end + length);
                    let index = counter.fetch_add(1, Ordering::SeqCst);
                    let (status, content_type, body) = responses[index.min(responses.len() - 1)];
                    let reply = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if socket.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (format!("http://{addr}/"), seen)
}

const HTML_500: (u16, &str, &str) = (
    500,
    "text/html",
    "<html><body><h1>500 Internal Server Error</h1></body></html>",
);

fn fast_retries(client: cognito_identity_provider::client::ClientBuilder, attempts: u32) -> Client {
    client
        .retry_config(RetryConfig {
            max_attempts: attempts,
            initial_backoff: Duration::from_millis(5),
            max_backoff: Duration::from_millis(20),
        })
        .build()
        .expect("client")
}

#[tokio::test]
async fn server_failing_twice_then_answering_is_retried_to_success() {
    let ok = (
        200,
        "application/x-amz-json-1.1",
        r#"{"Devices":[{"DeviceKey":"k","DeviceCreateDate":1795673719.0}]}"#,
    );
    let (endpoint, seen) = canned_server(vec![HTML_500, HTML_500, ok]).await;
    let client = fast_retries(Client::builder().endpoint_url(endpoint), 3);
    let out = client
        .list_devices()
        .access_token("t")
        .send()
        .await
        .expect("third attempt succeeds");
    assert_eq!(out.devices.map(|d| d.len()), Some(1));
    assert_eq!(seen.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn server_that_keeps_failing_is_given_up_on() {
    let (endpoint, seen) = canned_server(vec![HTML_500]).await;
    let client = fast_retries(Client::builder().endpoint_url(endpoint), 4);
    let err = client
        .list_devices()
        .access_token("t")
        .send()
        .await
        .expect_err("always 500");
    assert_eq!(
        seen.load(Ordering::SeqCst),
        4,
        "exactly the configured attempts"
    );
    match &err {
        SdkError::Service {
            error: ListDevicesError::Unhandled(u),
            status: 500,
        } => {
            assert_eq!(u.code(), None);
            let text = err.to_string();
            assert_eq!(
                text,
                "service error: HTTP status 500 with a body that is not JSON (text/html)"
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn closed_port_gives_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let client = fast_retries(
        Client::builder().endpoint_url(format!("http://127.0.0.1:{port}/")),
        2,
    );
    let err = client
        .list_devices()
        .access_token("t")
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(&err, SdkError::Transport(t) if t.kind() == TransportErrorKind::Connect),
        "{err:?}"
    );
}

fn keys(devices: &Option<Vec<DeviceType>>) -> Vec<String> {
    devices
        .iter()
        .flatten()
        .filter_map(|d| d.device_key.clone())
        .collect()
}

/// The user-token half of the device family, every call through our generated operations:
/// register, get, update remembered status, list, forget, list again.
#[tokio::test]
async fn device_family_with_the_users_token() {
    use cognito_identity_provider::types::DeviceRememberedStatusType;

    let emulator = Emulator::start().await.expect("emulator starts");
    let user = emulator
        .create_user_with_token("bob", "Passw0rd!23")
        .await
        .expect("user");
    let client = client_for(&emulator.endpoint());
    let token = user.access_token.clone();
    let (key, other) = (DEVICES[0].0, DEVICES[1].0);

    for (k, name) in [(key, "phone"), (other, "laptop")] {
        let confirmed = client
            .confirm_device()
            .access_token(token.clone())
            .device_key(k)
            .device_name(name)
            .send()
            .await
            .expect("ConfirmDevice");
        assert!(!confirmed.user_confirmation_necessary);
    }

    let got = client
        .get_device()
        .access_token(token.clone())
        .device_key(key)
        .send()
        .await
        .expect("GetDevice");
    assert_eq!(got.device.device_key.as_deref(), Some(key));
    let name = got
        .device
        .device_attributes
        .iter()
        .flatten()
        .find(|a| a.name == "device_name");
    assert_eq!(name.and_then(|a| a.value.as_deref()), Some("phone"));

    client
        .update_device_status()
        .access_token(token.clone())
        .device_key(key)
        .device_remembered_status(DeviceRememberedStatusType::Remembered)
        .send()
        .await
        .expect("UpdateDeviceStatus");

    // The emulator now adds a member the model does not have; it must be ignored.
    let listed = client
        .list_devices()
        .access_token(token.clone())
        .send()
        .await
        .expect("ListDevices");
    assert_eq!(keys(&listed.devices), [key, other]);

    client
        .forget_device()
        .access_token(token.clone())
        .device_key(key)
        .send()
        .await
        .expect("ForgetDevice");
    let listed = client
        .list_devices()
        .access_token(token.clone())
        .send()
        .await
        .expect("ListDevices");
    assert_eq!(keys(&listed.devices), [other]);

    let err = client
        .get_device()
        .access_token(token.clone())
        .device_key(key)
        .send()
        .await
        .expect_err("forgotten device");
    assert!(err.as_service_error().is_some(), "{err:?}");
    assert_no_token(
        &token,
        &[
            format!("{err:?}"),
            err.to_string(),
            format!("{got:?}"),
            format!("{listed:?}"),
        ],
    );
}

/// The administrator half, signed with SigV4 (the emulator accepts any credentials).
#[tokio::test]
async fn admin_device_family_is_signed_and_works() {
    use cognito_identity_provider::client::Credentials;
    use cognito_identity_provider::types::DeviceRememberedStatusType;

    let (emulator, user) = setup().await;
    let client = Client::builder()
        .endpoint_url(emulator.endpoint())
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "example-secret-key", None))
        .build()
        .expect("client");
    let (pool, name) = (user.pool_id.clone(), user.username.clone());
    let key = DEVICES[2].0;

    let pages: Vec<_> = client
        .admin_list_devices()
        .user_pool_id(pool.clone())
        .username(name.clone())
        .into_paginator()
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .expect("AdminListDevices pages");
    assert_eq!(pages.len(), 2, "three devices at two per page");
    let all: Vec<String> = pages.iter().flat_map(|p| keys(&p.devices)).collect();
    assert_eq!(all, DEVICES.map(|(k, _)| k));

    let got = client
        .admin_get_device()
        .user_pool_id(pool.clone())
        .username(name.clone())
        .device_key(key)
        .send()
        .await
        .expect("AdminGetDevice");
    assert_eq!(got.device.device_key.as_deref(), Some(key));

    client
        .admin_update_device_status()
        .user_pool_id(pool.clone())
        .username(name.clone())
        .device_key(key)
        .device_remembered_status(DeviceRememberedStatusType::NotRemembered)
        .send()
        .await
        .expect("AdminUpdateDeviceStatus");

    client
        .admin_forget_device()
        .user_pool_id(pool.clone())
        .username(name.clone())
        .device_key(key)
        .send()
        .await
        .expect("AdminForgetDevice");
    let listed = client
        .admin_list_devices()
        .user_pool_id(pool)
        .username(name)
        .send()
        .await
        .expect("AdminListDevices");
    assert_eq!(keys(&listed.devices), [DEVICES[0].0, DEVICES[1].0]);
}
