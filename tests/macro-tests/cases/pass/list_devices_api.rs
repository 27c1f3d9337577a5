// The macro expands to the same API the CLI writes: builders with required members, the wire
// format, errors, redaction.
codegen_macros::generate!("$MACRO_TESTS_WORKSPACE/model/cognito-devices.json", operations = ["ListDevices"]);

use operation::list_devices::{ListDevices, ListDevicesError, ListDevicesInput};
use protocol::Operation;

fn main() {
    let input = ListDevicesInput::builder().access_token("SECRET").limit(2).build();
    let request = protocol::request::<ListDevices>(&input).expect("serializes");
    assert_eq!(ListDevices::TARGET, "AWSCognitoIdentityProviderService.ListDevices");
    assert_eq!(request.body, br#"{"AccessToken":"SECRET","Limit":2}"#);
    assert!(!format!("{input:?}").contains("SECRET"));

    let err = ListDevicesError::from_response(400, &[("x-amzn-errortype", "NotAuthorizedException")], b"{}");
    assert!(matches!(err, ListDevicesError::NotAuthorizedException(_)));
    let out = ListDevices::deserialize_output(br#"{"Devices":[{"DeviceKey":"k"}]}"#).expect("parses");
    assert_eq!(out.devices.map(|d| d.len()), Some(1));
}
