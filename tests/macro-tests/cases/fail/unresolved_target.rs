codegen_macros::generate!("$MACRO_TESTS_WORKSPACE/codegen/tests/bad-models/unresolved-member-target.json");

fn main() {}
