// Inputs cannot be built with a struct literal (they are #[non_exhaustive]), so the builder,
// and its check of required members, cannot be bypassed.
use cognito_identity_provider::operation::list_devices::ListDevicesInput;

fn main() {
    let _input = ListDevicesInput {
        access_token: String::from("t"),
        limit: None,
        pagination_token: None,
    };
}
