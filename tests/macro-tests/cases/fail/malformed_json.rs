codegen_macros::generate!("../../../../codegen/tests/bad-models/not-json.json");

fn main() {}
