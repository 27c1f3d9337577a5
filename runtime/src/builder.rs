//! Type-state markers for builders.
//!
//! A builder has one type parameter per required member. It starts as [`Unset`] and becomes
//! [`Set<T>`] when the member's setter is called; `build()` is bounded on every parameter
//! being set, so forgetting a required member is a compile error that names it.

use std::fmt;

/// A required member that has not been set yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unset;

/// A required member that has been set, holding its value.
#[derive(Clone, PartialEq, Eq)]
pub struct Set<T>(pub T);

impl<T> Set<T> {
    /// The value set.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T: fmt::Debug> fmt::Debug for Set<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Stands in for a `@sensitive` value in `Debug` output.
#[derive(Clone, Copy)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

/// `Debug` of an optional sensitive member: shows whether it is present, never its value.
pub fn redact_option<T>(value: &Option<T>) -> Option<Redacted> {
    value.as_ref().map(|_| Redacted)
}
