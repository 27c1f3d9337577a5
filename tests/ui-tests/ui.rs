//! What compiles and what must not: trybuild cases written from a user's crate's point of
//! view. `pass` cases are also run, so their assertions hold at run time too.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("cases/pass/*.rs");
    t.compile_fail("cases/fail/*.rs");
}
