// The JSON glue and the builders' fields are private: the wire format is reached only
// through the public protocol functions, and values only through `build()`.
use cognito_identity_provider::json;
use cognito_identity_provider::operation::list_devices::ListDevicesInput;

fn main() {
    let builder = ListDevicesInput::builder();
    let _limit = builder.limit;
}
