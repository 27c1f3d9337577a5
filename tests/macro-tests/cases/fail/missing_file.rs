codegen_macros::generate!("no/such/model.json");

fn main() {}
