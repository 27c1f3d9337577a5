codegen_macros::generate!("../../../../codegen/tests/bad-models/unresolved-member-target.json");

fn main() {}
