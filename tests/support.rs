//! Helpers shared by the tests of the generated crate.
