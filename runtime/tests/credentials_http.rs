//! The container endpoint and IMDSv2, against fake servers on 127.0.0.1 reached through the
//! hyper transport (endpoints from `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT`, as users set them). The ECS relative URI always
//! means 169.254.170.2, which tests must not reach: that case runs on the in-memory
//! transport, which records the request instead.
#![cfg(feature = "hyper")]

mod credentials_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_light_runtime::credentials::{
    ContainerProvider, CredentialsErrorKind, ImdsProvider, ProvideCredentials, ProviderKind,
};
use aws_light_runtime::transport::{InMemoryTransport, TransportErrorKind};
use credentials_support::{
    FakeServer, Reply, TempDir, config, config_with, expires_in, metadata_json,
};

#[tokio::test]
async fn container_relative_uri_goes_to_the_ecs_address() {
    let transport = InMemoryTransport::new();
    transport.push_json(
        200,
        &metadata_json("AKIDECS", "ecs-secret", "ecs-token", &expires_in(3600)),
    );
    let c = config_with(
        Arc::new(transport.clone()),
        &[
            (
                "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                "/v2/credentials/task-1",
            ),
            // The relative URI wins over a full one.
            (
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://127.0.0.1:1/ignored",
            ),
        ],
    );
    let creds = ContainerProvider::new(&c).provide().await.expect("creds");
    assert_eq!(creds.access_key_id(), "AKIDECS");
    assert!(creds.expiry().is_some());
    let sent = transport.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].method, "GET");
    assert_eq!(sent[0].url, "http://169.254.170.2/v2/credentials/task-1");
    assert_eq!(sent[0].header("authorization"), None);
}

#[tokio::test]
async fn container_full_uri_with_a_token_from_env_and_from_file() {
    let server = FakeServer::start(|req| match req.header("authorization") {
        Some("env-auth-token") | Some("file-token-1") | Some("file-token-2") => Reply::ok(
            metadata_json("AKIDPOD", "pod-secret", "pod-token", &expires_in(3600)),
        ),
        _ => Reply::status(401, r#"{"code":"Unauthorized","message":"bad token"}"#),
    });
    let url = format!("{}/v1/credentials", server.url());
    let creds = ContainerProvider::new(&config(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-auth-token"),
    ]))
    .provide()
    .await
    .expect("env token");
    assert_eq!(creds.access_key_id(), "AKIDPOD");
    assert_eq!(server.requests()[0].path, "/v1/credentials");
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("env-auth-token")
    );

    // The file wins over the variable and is read again at every fetch.
    let dir = TempDir::new("pod");
    let token_file = dir.write("token", "file-token-1\n");
    let provider = ContainerProvider::new(&config(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &url),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-auth-token"),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            &token_file.display().to_string(),
        ),
    ]));
    provider.provide().await.expect("file token");
    dir.write("token", "file-token-2");
    provider.provide().await.expect("rotated token");
    dir.write("token", "file-token-wrong");
    let e = provider.provide().await.expect_err("refused");
    assert_eq!(e.kind(), &CredentialsErrorKind::HttpStatus(401));
    assert!(e.to_string().contains("Unauthorized"), "{e}");
    let tokens: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        tokens,
        [
            "env-auth-token",
            "file-token-1",
            "file-token-2",
            "file-token-wrong"
        ]
    );
    for shown in [format!("{e}"), format!("{e:?}"), format!("{provider:?}")] {
        assert!(
            !shown.contains("file-token") && !shown.contains("env-auth"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn container_full_uri_host_rules() {
    let transport = InMemoryTransport::new();
    for url in [
        "http://10.0.0.1/creds",
        "http://169.254.169.254/creds",
        "http://[fd00:ec2::254]/creds",
        "ftp://127.0.0.1/creds",
    ] {
        let c = config_with(
            Arc::new(transport.clone()),
            &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)],
        );
        let e = ContainerProvider::new(&c).provide().await.expect_err(url);
        assert_eq!(
            e.kind(),
            &CredentialsErrorKind::InvalidConfiguration,
            "{url}: {e}"
        );
    }
    assert!(
        transport.requests().is_empty(),
        "nothing is sent to a refused host"
    );
    // https anywhere, and http to the ECS and EKS Pod Identity addresses and loopback names.
    for url in [
        "https://credentials.example.com/creds",
        "http://169.254.170.2/creds",
        "http://169.254.170.23/v1/credentials",
        "http://[fd00:ec2::23]/v1/credentials",
        "http://localhost:1/creds",
    ] {
        transport.push_json(200, &metadata_json("AKID", "s", "t", &expires_in(3600)));
        let c = config_with(
            Arc::new(transport.clone()),
            &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", url)],
        );
        ContainerProvider::new(&c).provide().await.expect(url);
        assert_eq!(
            transport
                .requests()
                .last()
                .map(|r| r.url.clone())
                .as_deref(),
            Some(url)
        );
    }
}

#[tokio::test]
async fn container_retries_a_server_error() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = FakeServer::start(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) == 0 {
            Reply::status(500, "oops")
        } else {
            Reply::ok(metadata_json("AKIDRETRY", "s", "t", &expires_in(3600)))
        }
    });
    let creds = ContainerProvider::new(&config(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        &format!("{}/creds", server.url()),
    )]))
    .provide()
    .await
    .expect("second attempt");
    assert_eq!(creds.access_key_id(), "AKIDRETRY");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A fake IMDS: a token for PUT /latest/api/token, then role `web-role` and its credentials
/// for GETs carrying that token. `fail_first` answers the first credentials GET with a 500.
fn fake_imds(fail_first: bool) -> FakeServer {
    let failed = Arc::new(AtomicUsize::new(0));
    FakeServer::start(move |req| {
        let authorized = req.header("x-aws-ec2-metadata-token") == Some("imds-session-token");
        match (req.method.as_str(), req.path.as_str()) {
            ("PUT", "/latest/api/token") => {
                if req.header("x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") {
                    Reply::ok("imds-session-token")
                } else {
                    Reply::status(400, "missing TTL")
                }
            }
            (_, _) if !authorized => Reply::status(401, ""),
            ("GET", "/latest/meta-data/iam/security-credentials/") => Reply::ok("web-role\n"),
            ("GET", "/latest/meta-data/iam/security-credentials/web-role") => {
                if fail_first && failed.fetch_add(1, Ordering::SeqCst) == 0 {
                    Reply::status(500, "")
                } else {
                    Reply::ok(metadata_json(
                        "AKIDIMDS",
                        "imds-secret",
                        "imds-token",
                        &expires_in(21_600),
                    ))
                }
            }
            _ => Reply::status(404, ""),
        }
    })
}

fn imds_config(server: &FakeServer) -> aws_light_runtime::credentials::ProviderConfig {
    config(&[
        ("AWS_EC2_METADATA_DISABLED", "false"),
        (
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            &format!("{}/", server.url()),
        ),
    ])
}

#[tokio::test]
async fn imds_token_then_role_then_credentials() {
    let server = fake_imds(false);
    let creds = ImdsProvider::new(&imds_config(&server))
        .provide()
        .await
        .expect("imds");
    assert_eq!(creds.access_key_id(), "AKIDIMDS");
    assert!(creds.has_session_token());
    let steps: Vec<(String, String)> = server
        .requests()
        .iter()
        .map(|r| (r.method.clone(), r.path.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            ("PUT".to_string(), "/latest/api/token".to_string()),
            (
                "GET".to_string(),
                "/latest/meta-data/iam/security-credentials/".to_string()
            ),
            (
                "GET".to_string(),
                "/latest/meta-data/iam/security-credentials/web-role".to_string()
            ),
        ]
    );
}

#[tokio::test]
async fn imds_retries_a_server_error() {
    let server = fake_imds(true);
    let creds = ImdsProvider::new(&imds_config(&server))
        .provide()
        .await
        .expect("retried");
    assert_eq!(creds.access_key_id(), "AKIDIMDS");
    assert_eq!(
        server.count("/latest/meta-data/iam/security-credentials/web-role"),
        2
    );
}

#[tokio::test]
async fn imds_slow_token_times_out_with_a_typed_error() {
    let server = FakeServer::start(|_| Reply::ok("late-token").after(Duration::from_secs(2)));
    let started = Instant::now();
    let e = ImdsProvider::new(&imds_config(&server))
        .with_timeout(Duration::from_millis(200))
        .with_max_attempts(2)
        .provide()
        .await
        .expect_err("too slow");
    assert_eq!(e.provider(), ProviderKind::Imds);
    assert_eq!(e.kind(), &CredentialsErrorKind::Timeout);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count("/latest/api/token"), 2);
}

#[tokio::test]
async fn imds_switches_and_failures() {
    // Disabled: nothing is sent.
    let transport = InMemoryTransport::new();
    let e = ImdsProvider::new(&config_with(Arc::new(transport.clone()), &[]))
        .provide()
        .await
        .expect_err("disabled");
    assert!(e.is_not_configured());
    assert!(transport.requests().is_empty());

    // The IPv6 endpoint mode picks fd00:ec2::254 (on the in-memory transport).
    let e = ImdsProvider::new(&config_with(
        Arc::new(transport.clone()),
        &[
            ("AWS_EC2_METADATA_DISABLED", "false"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
        ],
    ))
    .with_max_attempts(1)
    .provide()
    .await
    .expect_err("nothing queued");
    assert_eq!(
        e.kind(),
        &CredentialsErrorKind::Transport(TransportErrorKind::Other)
    );
    assert_eq!(
        transport.requests()[0].url,
        "http://[fd00:ec2::254]/latest/api/token"
    );
    assert_eq!(transport.requests()[0].method, "PUT");

    // An instance without a role.
    let server = FakeServer::start(|req| match req.method.as_str() {
        "PUT" => Reply::ok("tok"),
        _ => Reply::status(404, ""),
    });
    let e = ImdsProvider::new(&imds_config(&server))
        .provide()
        .await
        .expect_err("no role");
    assert!(e.is_not_configured(), "{e}");
    assert!(e.to_string().contains("no IAM role"), "{e}");

    // A token refused on a GET (401) is fetched again.
    let puts = Arc::new(AtomicUsize::new(0));
    let counter = puts.clone();
    let server = FakeServer::start(move |req| match (req.method.as_str(), req.path.as_str()) {
        ("PUT", _) => {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            Reply::ok(format!("token-{n}"))
        }
        (_, _) if req.header("x-aws-ec2-metadata-token") == Some("token-0") => {
            Reply::status(401, "")
        }
        (_, "/latest/meta-data/iam/security-credentials/") => Reply::ok("r"),
        _ => Reply::ok(metadata_json("AKIDNEWTOKEN", "s", "t", &expires_in(3600))),
    });
    let creds = ImdsProvider::new(&imds_config(&server))
        .provide()
        .await
        .expect("new token");
    assert_eq!(creds.access_key_id(), "AKIDNEWTOKEN");
    assert_eq!(puts.load(Ordering::SeqCst), 2);
}
