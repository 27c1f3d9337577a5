// Members are typed: a page size is a number, not text.
use cognito_identity_provider::operation::list_devices::ListDevicesInput;

fn main() {
    let _input = ListDevicesInput::builder().access_token("t").limit("ten").build();
}
