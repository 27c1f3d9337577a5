// The client too, over the in-memory transport (no `hyper` feature given to the macro).
codegen_macros::generate!("$MACRO_TESTS_WORKSPACE/model/cognito-devices.json", operations = ["ListDevices", "GetDevice"]);

fn main() {
    let transport = transport::InMemoryTransport::new();
    transport.push_json(200, r#"{"Device": {"DeviceKey": "k1"}}"#);
    let client = Client::builder()
        .endpoint_url("http://localhost:1/")
        .transport(transport.clone())
        .build()
        .expect("client");
    let out = futures::executor::block_on(client.get_device().access_token("t").device_key("k1").send())
        .expect("call");
    assert_eq!(out.device.device_key.as_deref(), Some("k1"));
    assert_eq!(transport.requests()[0].header("x-amz-target"), Some("AWSCognitoIdentityProviderService.GetDevice"));
}
