// Every member, in any order, and setting a member twice keeps the last value.
use cognito_identity_provider::operation::list_devices::ListDevicesInput;

fn main() {
    let input = ListDevicesInput::builder()
        .limit(10)
        .pagination_token(String::from("page-2"))
        .access_token("first")
        .access_token("second")
        .set_limit(Some(20))
        .build();
    assert_eq!(input.access_token, "second");
    assert_eq!(input.limit, Some(20));
    assert_eq!(input.pagination_token.as_deref(), Some("page-2"));

    // A builder can be cloned and finished twice.
    let base = ListDevicesInput::builder().access_token("t");
    let a = base.clone().limit(1).build();
    let b = base.build();
    assert_ne!(a, b);
}
