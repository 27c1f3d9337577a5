// Forgetting the required access token is a compile error that names it.
use cognito_identity_provider::operation::list_devices::ListDevicesInput;

fn main() {
    let _input = ListDevicesInput::builder().limit(10).build();
}
