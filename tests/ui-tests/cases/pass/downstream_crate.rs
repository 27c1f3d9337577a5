// How another crate uses the API generically: the operation as a type, the wire helpers,
// and error handling through std::error::Error.
use cognito_identity_provider::error::Headers;
use cognito_identity_provider::operation::list_devices::{ListDevices, ListDevicesInput};
use cognito_identity_provider::protocol::{self, Operation, ResponseError};

/// A user's own transport, written against the trait rather than one operation.
fn round_trip<Op: Operation>(
    input: &Op::Input,
    respond: impl Fn(&[u8]) -> (u16, Vec<(String, String)>, Vec<u8>),
) -> Result<Op::Output, Box<dyn std::error::Error>> {
    let request = protocol::request::<Op>(input)?;
    let (status, headers, body) = respond(&request.body);
    let headers: &dyn Headers = &headers;
    match protocol::response::<Op>(status, headers, &body) {
        Ok(output) => Ok(output),
        Err(ResponseError::Service(e)) => Err(Box::new(e)),
        Err(e) => Err(Box::new(e)),
    }
}

fn main() {
    let input = ListDevicesInput::builder().access_token("t").build();
    let output = round_trip::<ListDevices>(&input, |_| {
        (200, vec![], br#"{"Devices":[{"DeviceKey":"k"}]}"#.to_vec())
    })
    .expect("success");
    assert_eq!(output.devices.map(|d| d.len()), Some(1));

    let err = round_trip::<ListDevices>(&input, |_| {
        let headers = vec![("X-Amzn-ErrorType".to_string(), "NotAuthorizedException".to_string())];
        (400, headers, br#"{"message":"Invalid Access Token"}"#.to_vec())
    })
    .expect_err("service error");
    assert_eq!(err.to_string(), "NotAuthorizedException: Invalid Access Token");
}
