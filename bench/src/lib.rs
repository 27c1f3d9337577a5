//! Shared inputs for the benchmarks: a ListDevices response of 60 devices with attributes,
//! and the two clients answering it from memory.

use std::future::Future;
use std::pin::Pin;

/// The JSON body of a ListDevices response holding `n` devices, each with two attributes
/// and three millisecond-precision timestamps, as Cognito sends them.
pub fn list_devices_body(n: usize) -> Vec<u8> {
    let devices: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "DeviceKey": format!("us-east-1_{i:08x}-1a2b-4c3d-8e9f-0123456789ab"),
                "DeviceAttributes": [
                    {"Name": "device_name", "Value": format!("Device number {i}")},
                    {"Name": "last_ip_used", "Value": format!("192.0.2.{}", i % 250)}
                ],
                "DeviceCreateDate": 1_700_000_000.123 + i as f64,
                "DeviceLastModifiedDate": 1_700_100_000.456 + i as f64,
                "DeviceLastAuthenticatedDate": 1_700_200_000.789 + i as f64
            })
        })
        .collect();
    serde_json::to_vec(
        &serde_json::json!({"Devices": devices, "PaginationToken": "next-page-token"}),
    )
    .unwrap_or_default()
}

/// Our transport trait, answering every request with the same response. The body is copied
/// per call, as a transport reading it from a socket would own it.
pub struct Fixed(pub Vec<u8>);

impl cognito_identity_provider::transport::Transport for Fixed {
    fn send(
        &self,
        _request: cognito_identity_provider::transport::TransportRequest,
        _max_body: usize,
    ) -> cognito_identity_provider::transport::TransportFuture<'_> {
        let response = cognito_identity_provider::transport::HttpResponse::new(200, self.0.clone());
        Box::pin(std::future::ready(Ok(response)))
    }
}

/// Our client, answering every call with `body` from memory.
pub fn ours_in_memory(body: &[u8]) -> cognito_identity_provider::Client {
    cognito_identity_provider::Client::builder()
        .endpoint_url("http://localhost/")
        .transport(Fixed(body.to_vec()))
        .build()
        .expect("client")
}

/// The SDK's client, answering every call with `body` from memory (its test-util HTTP client).
pub fn sdk_in_memory(body: &[u8]) -> aws_sdk_cognitoidentityprovider::Client {
    let canned = body.to_vec();
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |_request| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.1")
            .body(aws_smithy_types::body::SdkBody::from(canned.clone()))
            .expect("response")
    });
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(aws_sdk_cognitoidentityprovider::config::BehaviorVersion::latest())
        .region(aws_sdk_cognitoidentityprovider::config::Region::new(
            "us-east-1",
        ))
        .http_client(http)
        .build();
    aws_sdk_cognitoidentityprovider::Client::from_conf(config)
}

/// One whole ListDevices call through our client; returns the number of devices read.
pub async fn ours_call(client: &cognito_identity_provider::Client) -> usize {
    let out = client
        .list_devices()
        .access_token("token")
        .send()
        .await
        .expect("call");
    out.devices.as_ref().map_or(0, Vec::len)
}

/// One whole ListDevices call through the SDK's client; returns the number of devices read.
pub async fn sdk_call(client: &aws_sdk_cognitoidentityprovider::Client) -> usize {
    // Boxed: the SDK's send future is large, and a caller would box it to hold or spawn it.
    let fut: Pin<Box<dyn Future<Output = _> + Send + '_>> =
        Box::pin(client.list_devices().access_token("token").send());
    fut.await.expect("call").devices().len()
}

/// Our deserializer alone; returns the number of devices read.
pub fn ours_deserialize(body: &[u8]) -> usize {
    use cognito_identity_provider::protocol::Operation;
    let out =
        cognito_identity_provider::operation::list_devices::ListDevices::deserialize_output(body)
            .expect("parses");
    out.devices.as_ref().map_or(0, Vec::len)
}
