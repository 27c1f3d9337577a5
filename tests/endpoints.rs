//! The client's endpoint, resolved from Cognito's own endpoint rule set
//! (`generated/src/endpoint.rs`): the region's partition, FIPS and dual-stack, an explicit
//! endpoint URL winning, and the rule set's errors as configuration errors.

use cognito_identity_provider::Client;
use cognito_identity_provider::transport::InMemoryTransport;

/// The endpoint a client built with `configure` resolves, and the URL its first request goes
/// to (ListDevices is unsigned, so no credentials are needed).
fn endpoint_of(
    configure: impl FnOnce(
        cognito_identity_provider::client::ClientBuilder,
    ) -> cognito_identity_provider::client::ClientBuilder,
) -> (String, String) {
    let transport = InMemoryTransport::new();
    transport.push_json(200, r#"{"Devices": []}"#);
    let client = configure(Client::builder().transport(transport.clone()))
        .build()
        .expect("valid configuration");
    futures::executor::block_on(client.list_devices().access_token("token").send())
        .expect("ListDevices");
    let requests = transport.requests();
    let sent = requests.first().expect("one request").url.clone();
    (client.endpoint().to_string(), sent)
}

fn error_of(
    configure: impl FnOnce(
        cognito_identity_provider::client::ClientBuilder,
    ) -> cognito_identity_provider::client::ClientBuilder,
) -> String {
    configure(Client::builder().transport(InMemoryTransport::new()))
        .build()
        .expect_err("the configuration is refused")
        .to_string()
}

#[test]
fn china_regions_resolve_to_the_china_partition() {
    let (endpoint, sent) = endpoint_of(|b| b.region("cn-north-1"));
    assert_eq!(endpoint, "https://cognito-idp.cn-north-1.amazonaws.com.cn");
    assert_eq!(sent, "https://cognito-idp.cn-north-1.amazonaws.com.cn/");
}

#[test]
fn use_fips_picks_the_fips_endpoint() {
    let (endpoint, _) = endpoint_of(|b| b.region("us-east-1").use_fips(true));
    assert_eq!(endpoint, "https://cognito-idp-fips.us-east-1.amazonaws.com");
    let (endpoint, _) = endpoint_of(|b| b.region("us-gov-west-1").use_fips(true));
    assert_eq!(
        endpoint,
        "https://cognito-idp-fips.us-gov-west-1.amazonaws.com"
    );
}

#[test]
fn dual_stack_picks_the_api_aws_host() {
    let (endpoint, sent) = endpoint_of(|b| b.region("us-gov-east-1").use_dual_stack(true));
    assert_eq!(endpoint, "https://cognito-idp.us-gov-east-1.api.aws");
    assert_eq!(sent, "https://cognito-idp.us-gov-east-1.api.aws/");
    // In the commercial partition Cognito's rules answer dual-stack on the usual host name: the
    // rule set decides, not a formula.
    let (endpoint, _) = endpoint_of(|b| b.region("eu-west-1").use_dual_stack(true));
    assert_eq!(endpoint, "https://cognito-idp.eu-west-1.amazonaws.com");
}

#[test]
fn gov_cloud_regions_resolve_to_their_partition() {
    let (endpoint, _) = endpoint_of(|b| b.region("us-gov-west-1"));
    assert_eq!(endpoint, "https://cognito-idp.us-gov-west-1.amazonaws.com");
}

#[test]
fn an_explicit_endpoint_url_wins_over_the_region() {
    let (endpoint, sent) =
        endpoint_of(|b| b.region("eu-west-1").endpoint_url("http://127.0.0.1:9229"));
    assert_eq!(endpoint, "http://127.0.0.1:9229");
    assert_eq!(sent, "http://127.0.0.1:9229/");
}

#[test]
fn the_rule_set_errors_become_configuration_errors() {
    // Cognito's rules require a region when no endpoint is given...
    let err = error_of(|b| b);
    if std::env::var_os("AWS_REGION").is_none() && std::env::var_os("AWS_DEFAULT_REGION").is_none()
    {
        assert_eq!(
            err,
            "invalid client configuration: Invalid Configuration: Missing Region"
        );
    }
    // ...and refuse FIPS or dual-stack with a custom endpoint.
    let err = error_of(|b| b.endpoint_url("https://example.com").use_fips(true));
    assert_eq!(
        err,
        "invalid client configuration: Invalid Configuration: FIPS and custom endpoint are not supported"
    );
    let err = error_of(|b| b.endpoint_url("https://example.com").use_dual_stack(true));
    assert_eq!(
        err,
        "invalid client configuration: Invalid Configuration: Dualstack and custom endpoint are not supported"
    );
    // Cognito's rules interpolate any region into the host name unchecked; the client refuses
    // one that cannot be a host label before resolving.
    let err = error_of(|b| b.region("not a region!"));
    assert_eq!(
        err,
        "invalid client configuration: `not a region!` is not a region name"
    );
}

/// A model without a rule set (the kitchen fixture) resolves through the generator's stand-in.
#[test]
fn a_model_without_rules_gets_the_regional_stand_in() {
    let build = |b: kitchen_fixture::client::ClientBuilder| {
        b.transport(kitchen_fixture::transport::InMemoryTransport::new())
            .build()
            .map(|c| c.endpoint().to_string())
            .map_err(|e| e.to_string())
    };
    let client = kitchen_fixture::Client::builder;
    assert_eq!(
        build(client().region("cn-north-1")).as_deref(),
        Ok("https://kitchen.cn-north-1.amazonaws.com.cn")
    );
    assert_eq!(
        build(
            client()
                .region("us-east-1")
                .use_fips(true)
                .use_dual_stack(true)
        )
        .as_deref(),
        Ok("https://kitchen-fips.us-east-1.api.aws")
    );
    assert_eq!(
        build(
            client()
                .region("us-east-1")
                .endpoint_url("http://localhost:1")
        )
        .as_deref(),
        Ok("http://localhost:1")
    );
    assert_eq!(
        build(client().endpoint_url("http://localhost:1").use_fips(true)),
        Err("invalid client configuration: Invalid Configuration: FIPS and custom endpoint are not supported".to_string())
    );
}
