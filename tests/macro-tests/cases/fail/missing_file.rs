codegen_macros::generate!("$MACRO_TESTS_WORKSPACE/no/such/model.json");

fn main() {}
