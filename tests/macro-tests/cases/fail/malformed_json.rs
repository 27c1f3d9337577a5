codegen_macros::generate!("$MACRO_TESTS_WORKSPACE/codegen/tests/bad-models/not-json.json");

fn main() {}
