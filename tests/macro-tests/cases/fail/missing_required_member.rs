// The compile-time rule for required members holds in macro-generated code as well.
codegen_macros::generate!("$MACRO_TESTS_WORKSPACE/model/cognito-devices.json", operations = ["ListDevices"]);

fn main() {
    let _ = operation::list_devices::ListDevicesInput::builder().limit(1).build();
}
