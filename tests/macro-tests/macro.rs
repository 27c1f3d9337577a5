//! The proc-macro front end: what it generates compiles and behaves like `generated/`, and a
//! bad model is a compile error at the macro's argument. Model paths in the cases are
//! relative to the project trybuild builds them in (`target/tests/trybuild/macro-tests`).

#[test]
fn macro_cases() {
    let t = trybuild::TestCases::new();
    t.pass("cases/pass/*.rs");
    t.compile_fail("cases/fail/*.rs");
}
