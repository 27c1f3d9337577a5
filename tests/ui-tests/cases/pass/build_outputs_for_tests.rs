// Users build outputs and errors in their own tests; required members are enforced there too.
use cognito_identity_provider::DateTime;
use cognito_identity_provider::operation::list_devices::{ListDevicesError, ListDevicesOutput};
use cognito_identity_provider::types::error::TooManyRequestsException;
use cognito_identity_provider::types::{AttributeType, DeviceType};

fn main() {
    let device = DeviceType::builder()
        .device_key("us-east-1_0000")
        .device_attributes([AttributeType::builder().name("device_name").value("phone").build()])
        .device_create_date(DateTime::from_secs(1_700_000_000))
        .device_last_authenticated_date(std::time::SystemTime::UNIX_EPOCH)
        .build();
    let output = ListDevicesOutput::builder().devices(vec![device]).build();
    assert_eq!(output.devices.as_ref().map(Vec::len), Some(1));

    let err = ListDevicesError::TooManyRequestsException(
        TooManyRequestsException::builder().message("slow down").build(),
    );
    assert!(err.is_throttling() && err.is_retryable());
}
