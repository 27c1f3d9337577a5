//! The proc-macro front end: what it generates compiles and behaves like `generate!`'s docs
//! say, and a bad model is a compile error at the macro's argument.
//!
//! trybuild compiles the cases as a crate of its own inside the target directory, so a
//! relative model path would be relative to that crate (wherever `CARGO_TARGET_DIR` puts
//! it). The cases name their models from `$MACRO_TESTS_WORKSPACE` instead, which this harness
//! exports as the workspace root before trybuild runs Cargo; error messages then show it as
//! trybuild's `$WORKSPACE`, the same on every machine.

use std::path::Path;

#[test]
fn macro_cases() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .expect("tests/macro-tests is two levels below the workspace root");
    // SAFETY: this is the only test of this binary, and nothing else reads or writes the
    // environment while it is set; trybuild's Cargo inherits it.
    unsafe { std::env::set_var("MACRO_TESTS_WORKSPACE", workspace) };
    let t = trybuild::TestCases::new();
    t.pass("cases/pass/*.rs");
    t.compile_fail("cases/fail/*.rs");
}
