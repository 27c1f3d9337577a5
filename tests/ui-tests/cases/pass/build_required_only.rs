// The smallest valid input: only the required member.
use cognito_identity_provider::operation::list_devices::ListDevicesInput;

fn main() {
    let input = ListDevicesInput::builder().access_token("token").build();
    assert_eq!(input.access_token, "token");
    assert_eq!(input.limit, None);
    assert_eq!(input.pagination_token, None);
}
