// `Debug` shows the shape of a value but never a @sensitive member.
use cognito_identity_provider::operation::list_devices::ListDevicesInput;
use cognito_identity_provider::types::AttributeType;

fn main() {
    let input = ListDevicesInput::builder().access_token("SECRET").limit(5).build();
    let shown = format!("{input:?}");
    assert_eq!(
        shown,
        "ListDevicesInput { access_token: *** Sensitive Data Redacted ***, limit: Some(5), pagination_token: None }"
    );
    let attribute = AttributeType::builder().name("device_name").value("SECRET").build();
    let shown = format!("{attribute:?}");
    assert_eq!(
        shown,
        "AttributeType { name: \"device_name\", value: Some(*** Sensitive Data Redacted ***) }"
    );
    let builder = ListDevicesInput::builder().access_token("SECRET");
    assert!(!format!("{builder:?}").contains("SECRET"));
}
