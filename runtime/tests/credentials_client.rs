//! Credentials in the client: fetched per attempt for signed operations only, failures typed
//! as `SdkError::Credentials`, the default chain built without I/O; providers of
//! `aws-credential-types` plugged in; and no secret in any `Debug` or `Display`.
#![cfg(all(feature = "hyper", feature = "sigv4"))]

mod credentials_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use aws_light_runtime::client::{Config, CoreClient, SdkError, ServiceInfo};
use aws_light_runtime::credentials::{
    AwsCredentialsProvider, CachedProvider, ChainProvider, ContainerProvider, Credentials,
    CredentialsError, CredentialsErrorKind, CredentialsFuture, DefaultChain, Env,
    EnvironmentProvider, ImdsProvider, ProfileProvider, ProvideCredentials, ProviderKind,
    WebIdentityProvider,
};
use aws_light_runtime::error::{DeserializeError, Headers, ProvideErrorKind, SerializeError};
use aws_light_runtime::protocol::{Operation, Protocol};
use aws_light_runtime::transport::{InMemoryTransport, TransportRequest};
use credentials_support::config_with;

static SERVICE: ServiceInfo = ServiceInfo {
    endpoint_prefix: "fake",
    signing_name: "fake",
    user_agent: "credentials-test",
    protocol: Protocol::AwsJson1_0,
    query_compatible: false,
    headers: &[],
    endpoint_rules: &aws_light_runtime::endpoint::testing::ENDPOINT_URL_ONLY,
};

/// A service error that is retryable on 500.
#[derive(Debug)]
struct FakeError(u16);

impl std::fmt::Display for FakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "status {}", self.0)
    }
}

impl std::error::Error for FakeError {}

impl ProvideErrorKind for FakeError {
    fn code(&self) -> Option<&str> {
        None
    }
    fn message(&self) -> Option<&str> {
        None
    }
    fn is_retryable(&self) -> bool {
        self.0 >= 500
    }
    fn is_throttling(&self) -> bool {
        false
    }
}

/// An operation; `SIGNED` picks whether it is signed.
struct Op<const SIGNED: bool>;

impl<const SIGNED: bool> Operation for Op<SIGNED> {
    const SERVICE: &'static ServiceInfo = &SERVICE;
    const NAME: &'static str = "Fake";
    const TARGET: &'static str = "Fake.Op";
    const SIGNED: bool = SIGNED;
    type Input = ();
    type Output = ();
    type Error = FakeError;

    fn serialize_input(_: &()) -> Result<Vec<u8>, SerializeError> {
        Ok(b"{}".to_vec())
    }
    fn deserialize_output(_: &[u8]) -> Result<(), DeserializeError> {
        Ok(())
    }
    fn parse_error(status: u16, _: &dyn Headers, _: &[u8]) -> FakeError {
        FakeError(status)
    }
}

/// Counts its calls; fails with `InvalidConfiguration` when told to.
#[derive(Debug, Clone)]
struct Counting {
    calls: Arc<AtomicUsize>,
    fail: bool,
}

impl ProvideCredentials for Counting {
    fn provide(&self) -> CredentialsFuture<'_> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let result = if self.fail {
            Err(CredentialsError::new(
                ProviderKind::Custom,
                CredentialsErrorKind::InvalidConfiguration,
                "told to fail",
            ))
        } else {
            Ok(Credentials::new(
                "AKIDCOUNTED",
                "counted-secret",
                Some("counted-token".into()),
            ))
        };
        Box::pin(std::future::ready(result))
    }
}

fn client(transport: &InMemoryTransport, provider: Option<Counting>) -> CoreClient {
    let mut builder = Config::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .retry_config(aws_light_runtime::client::RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        });
    if let Some(provider) = provider {
        builder = builder.credentials_provider(provider);
    }
    CoreClient::new(&builder.build().expect("config"), &SERVICE).expect("client")
}

#[tokio::test]
async fn credentials_are_fetched_per_attempt_for_signed_operations_only() {
    let calls = Arc::new(AtomicUsize::new(0));
    let transport = InMemoryTransport::new();
    let client = client(
        &transport,
        Some(Counting {
            calls: calls.clone(),
            fail: false,
        }),
    );
    transport.push_json(500, "{}").push_json(200, "{}");
    client.send::<Op<true>>(()).await.expect("second attempt");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let sent = transport.requests();
    for request in &sent {
        let auth = request.header("authorization").expect("signed");
        assert!(auth.contains("Credential=AKIDCOUNTED/"), "{auth}");
        assert_eq!(
            request.header("x-amz-security-token"),
            Some("counted-token")
        );
    }
    transport.push_json(200, "{}");
    client.send::<Op<false>>(()).await.expect("unsigned");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "unsigned calls fetch nothing"
    );
    assert_eq!(transport.requests()[2].header("authorization"), None);
}

#[tokio::test]
async fn a_provider_failure_is_a_typed_error_and_nothing_is_sent() {
    let transport = InMemoryTransport::new();
    let client = client(
        &transport,
        Some(Counting {
            calls: Arc::new(AtomicUsize::new(0)),
            fail: true,
        }),
    );
    let err = client
        .send::<Op<true>>(())
        .await
        .expect_err("no credentials");
    match &err {
        SdkError::Credentials(e) => {
            assert_eq!(e.provider(), ProviderKind::Custom);
            assert_eq!(e.kind(), &CredentialsErrorKind::InvalidConfiguration);
        }
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string().contains("could not load credentials"),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());
    assert!(transport.requests().is_empty());
}

#[tokio::test]
async fn the_default_chain_is_lazy_and_uses_the_client_transport() {
    let transport = InMemoryTransport::new();
    // Building does no I/O: nothing reaches the transport.
    let client = client(&transport, None);
    assert!(transport.requests().is_empty());
    // An unsigned call does not run the chain either.
    transport.push_json(200, "{}");
    client.send::<Op<false>>(()).await.expect("unsigned");
    assert_eq!(transport.requests().len(), 1);
}

#[tokio::test]
async fn the_default_chain_runs_through_the_given_transport() {
    // The chain as the client builds it, with a fixed environment: only IMDS is left, and
    // its requests go to the in-memory transport, never to the network.
    let transport = InMemoryTransport::new();
    let home = credentials_support::TempDir::new("lazy");
    let c = config_with(
        Arc::new(transport.clone()),
        &[
            ("HOME", &home.path().display().to_string()),
            ("AWS_EC2_METADATA_DISABLED", "false"),
        ],
    );
    let e = DefaultChain::new(&c).provide().await.expect_err("nothing");
    assert_eq!(e.provider(), ProviderKind::Imds);
    assert_eq!(e.tried().len(), 4);
    assert!(
        transport
            .requests()
            .iter()
            .all(|r| r.url == "http://169.254.169.254/latest/api/token")
    );
}

#[tokio::test]
async fn aws_credential_types_providers_plug_in() {
    let aws = aws_credential_types::Credentials::new(
        "AKIDFROMAWS",
        "aws-secret",
        Some("aws-token".into()),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(4_000_000_000)),
        "test",
    );
    let provider = AwsCredentialsProvider::new(aws);
    let creds = provider.provide().await.expect("adapted");
    assert_eq!(creds.access_key_id(), "AKIDFROMAWS");
    assert!(creds.has_session_token());
    assert_eq!(
        creds.expiry(),
        Some(SystemTime::UNIX_EPOCH + Duration::from_secs(4_000_000_000))
    );

    let transport = InMemoryTransport::new();
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .credentials_provider(provider)
        .build()
        .expect("config");
    transport.push_json(200, "{}");
    CoreClient::new(&config, &SERVICE)
        .expect("client")
        .send::<Op<true>>(())
        .await
        .expect("signed");
    let auth = transport.requests()[0]
        .header("authorization")
        .expect("signed")
        .to_string();
    assert!(auth.contains("Credential=AKIDFROMAWS/"), "{auth}");

    let failing = AwsCredentialsProvider::new(
        aws_credential_types::provider::SharedCredentialsProvider::new(
            aws_credential_types::credential_fn::provide_credentials_fn(|| async {
                Err(
                    aws_credential_types::provider::error::CredentialsError::not_loaded(
                        "nothing here",
                    ),
                )
            }),
        ),
    );
    let e = failing.provide().await.expect_err("not loaded");
    assert!(e.is_not_configured());
    assert!(e.to_string().contains("nothing here"), "{e}");
}

/// Every secret the tests below put anywhere.
const SECRETS: &[&str] = &["secret-marker", "token-marker"];

fn assert_clean(shown: &str) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn no_secret_in_debug_or_display() {
    let creds = Credentials::new("AKIDSHOWN", "secret-marker", Some("token-marker".into()))
        .with_expiry(Some(SystemTime::now()));
    let debug = format!("{creds:?}");
    assert!(debug.contains("AKIDSHOWN"), "{debug}");
    assert_clean(&debug);

    // Every kind of error, with a chain's list of attempts.
    let kinds = [
        CredentialsErrorKind::NotConfigured,
        CredentialsErrorKind::InvalidConfiguration,
        CredentialsErrorKind::ProfileCycle,
        CredentialsErrorKind::Io,
        CredentialsErrorKind::Transport(aws_light_runtime::transport::TransportErrorKind::Io),
        CredentialsErrorKind::Timeout,
        CredentialsErrorKind::HttpStatus(500),
        CredentialsErrorKind::Service {
            code: "AccessDenied".into(),
            status: 403,
        },
        CredentialsErrorKind::InvalidResponse,
        CredentialsErrorKind::ProcessFailed { exit_code: Some(1) },
        CredentialsErrorKind::Unsupported,
    ];
    for kind in kinds {
        let e = CredentialsError::new(ProviderKind::Custom, kind, "message");
        assert_clean(&format!("{e} {e:?}"));
    }

    // Providers and the environment they hold, configured with secrets everywhere.
    let transport = InMemoryTransport::new();
    let vars = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "secret-marker"),
        ("AWS_SESSION_TOKEN", "token-marker"),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "token-marker"),
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/"),
    ];
    let c = config_with(Arc::new(transport.clone()), &vars);
    let env = Env::from_vars(vars);
    let cache = CachedProvider::new(EnvironmentProvider::new(&c));
    cache.provide().await.expect("cached");
    let chain = ChainProvider::new().or_else(EnvironmentProvider::from_env(env.clone()));
    let shown = [
        format!("{c:?}"),
        format!("{env:?}"),
        format!("{cache:?}"),
        format!("{chain:?}"),
        format!("{:?}", DefaultChain::new(&c)),
        format!("{:?}", ProfileProvider::new(&c)),
        format!("{:?}", WebIdentityProvider::new(&c)),
        format!("{:?}", ContainerProvider::new(&c)),
        format!("{:?}", ImdsProvider::new(&c)),
    ];
    for s in &shown {
        assert_clean(s);
    }
    assert!(
        shown[2].contains("AKID"),
        "the cache shows the key id: {}",
        shown[2]
    );

    // A client given the provider, its config, and the errors of a call.
    let config = Config::builder()
        .region("eu-west-1")
        .endpoint_url("http://127.0.0.1:1/")
        .transport(transport.clone())
        .credentials(creds.clone());
    assert_clean(&format!("{config:?}"));
    let config = config.build().expect("config");
    assert_clean(&format!("{config:?}"));

    // The container provider failing with its token in the request; the IMDS token header.
    let e = ContainerProvider::new(&c)
        .provide()
        .await
        .expect_err("nothing queued");
    let sdk: SdkError<FakeError> = SdkError::Credentials(e);
    assert_clean(&format!("{sdk} {sdk:?}"));
    for request in transport.requests() {
        assert_clean(&format!("{request:?}"));
    }
    let imds = TransportRequest {
        method: "GET",
        url: "http://169.254.169.254/latest/meta-data/".into(),
        headers: vec![("x-aws-ec2-metadata-token".into(), "token-marker".into())],
        body: Vec::new(),
    };
    assert_clean(&format!("{imds:?}"));
}
