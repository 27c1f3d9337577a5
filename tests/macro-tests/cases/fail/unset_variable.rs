codegen_macros::generate!("$MACRO_TESTS_UNSET_VARIABLE/model/cognito-devices.json");

fn main() {}
