// The client, on the in-memory transport a user's tests would use: fluent calls, typed
// outputs and errors, and a record of what was sent.
use cognito_identity_provider::Client;
use cognito_identity_provider::client::SdkError;
use cognito_identity_provider::operation::list_devices::ListDevicesError;
use cognito_identity_provider::transport::InMemoryTransport;

fn main() {
    let transport = InMemoryTransport::new();
    transport
        .push_json(200, r#"{"Devices": [{"DeviceKey": "k1"}]}"#)
        .push_json(400, r#"{"__type": "NotAuthorizedException", "message": "Access Token has been revoked"}"#);
    let client = Client::builder()
        .endpoint_url("http://localhost:9229")
        .transport(transport.clone())
        .build()
        .expect("config");

    let output = futures::executor::block_on(client.list_devices().access_token("t").limit(10).send())
        .expect("first call succeeds");
    assert_eq!(output.devices.map(|d| d.len()), Some(1));

    let err = futures::executor::block_on(client.list_devices().access_token("t").send())
        .expect_err("second call fails");
    match err {
        SdkError::Service { error: ListDevicesError::NotAuthorizedException(e), status } => {
            assert_eq!(status, 400);
            assert_eq!(e.message(), Some("Access Token has been revoked"));
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(transport.requests().len(), 2);
}
