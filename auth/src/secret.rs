//! A string that must not be seen: tokens, passwords, sessions, MFA codes.
//!
//! Its `Debug` prints a marker instead of the value, it has no `Display`, and its memory is
//! zeroed when it is dropped, so a secret cannot reach a log or an error message by accident
//! and does not outlive its owner in freed memory.

use std::fmt;

use zeroize::Zeroizing;

/// A secret string: redacted in `Debug`, zeroed on drop. [`expose`](Self::expose) is the one
/// way to read it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The value. Named so that every place that reads a secret says so.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(**redacted**)")
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("hunter2-token");
        let shown = format!("{s:?} {:?}", Some(&s));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(s.expose(), "hunter2-token");
    }
}
