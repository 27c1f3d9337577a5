//! Two generated crates in one program: Cognito user pools (`generated/`) and Cognito identity
//! pools (generated from AWS's official model into `tests/cognito-identity/`). One `Config`,
//! one custom transport, one `DateTime` type: the runtime is one crate, not a copy per service.

use std::sync::{Arc, Mutex};

use cognito_identity_provider::client::{Config, Credentials};
use cognito_identity_provider::transport::{
    HttpResponse, Transport, TransportFuture, TransportRequest,
};

/// A transport written once for both services: it answers `{}` and keeps what it was sent.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<TransportRequest>>>);

impl Transport for Recorder {
    fn send(&self, request: TransportRequest, _max_body: usize) -> TransportFuture<'_> {
        self.0.lock().expect("lock").push(request);
        Box::pin(std::future::ready(Ok(HttpResponse::new(200, "{}"))))
    }
}

fn header<'a>(request: &'a TransportRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn one_config_and_one_transport_serve_two_services() {
    let transport = Recorder::default();
    // The identity-pool crate's own `Config` is the same type as the user-pool crate's.
    let config: cognito_identity::client::Config = Config::builder()
        .region("eu-west-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "two-services-secret", None))
        .transport(transport.clone())
        .build()
        .expect("config");
    let user_pools = cognito_identity_provider::Client::from_config(&config).expect("client");
    let identity_pools = cognito_identity::Client::from_config(&config).expect("client");

    futures::executor::block_on(async {
        user_pools
            .list_devices()
            .access_token("token")
            .send()
            .await
            .expect("ListDevices");
        identity_pools
            .get_id()
            .identity_pool_id("eu-west-1:00000000-0000-0000-0000-000000000000")
            .send()
            .await
            .expect("GetId");
        identity_pools
            .list_identity_pools()
            .max_results(1)
            .send()
            .await
            .expect("ListIdentityPools");
    });

    let sent = transport.0.lock().expect("lock").clone();
    let seen: Vec<_> = sent
        .iter()
        .map(|r| (r.url.as_str(), header(r, "x-amz-target").unwrap_or("")))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "https://cognito-idp.eu-west-1.amazonaws.com/",
                "AWSCognitoIdentityProviderService.ListDevices"
            ),
            (
                "https://cognito-identity.eu-west-1.amazonaws.com/",
                "AWSCognitoIdentityService.GetId"
            ),
            (
                "https://cognito-identity.eu-west-1.amazonaws.com/",
                "AWSCognitoIdentityService.ListIdentityPools"
            ),
        ]
    );
    // Each service signs with its own name, from the same credentials.
    assert_eq!(
        header(&sent[0], "authorization"),
        None,
        "ListDevices is auth: []"
    );
    assert_eq!(header(&sent[1], "authorization"), None, "GetId is auth: []");
    let signed = header(&sent[2], "authorization").expect("ListIdentityPools is signed");
    assert!(
        signed.contains("/eu-west-1/cognito-identity/aws4_request"),
        "{signed}"
    );
}

#[test]
fn the_runtime_types_are_shared() {
    // Compile-time proof: a value of one crate's type is a value of the other's.
    let when = cognito_identity::DateTime::from_secs(1_700_000_000);
    let same: cognito_identity_provider::DateTime = when;
    assert_eq!(same.secs(), 1_700_000_000);
    let _: fn(
        cognito_identity::client::SdkError<()>,
    ) -> cognito_identity_provider::client::SdkError<()> = |e| e;
    let _: Option<Arc<dyn cognito_identity::transport::Transport>> =
        None::<Arc<dyn cognito_identity_provider::transport::Transport>>;
}
