//! Where the secret random bytes come from (`a`, the device password, the device salt).

use std::fmt;

/// A source of random bytes for the secrets this module draws: 128 bytes for each
/// [`SrpSession`](super::SrpSession) (`a`), 40 then 16 for each
/// [`DeviceSecrets`](super::DeviceSecrets) (the device password, then the salt), in that order.
///
/// [`OsRandom`] is the one to sign in with. Another source is for tests that need repeatable
/// values; it must be cryptographically secure for anything else.
pub trait RandomSource {
    /// Fills `dest` entirely with random bytes, or fails.
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError>;
}

/// The operating system's random source, through `getrandom`: `getrandom(2)` on Linux,
/// `crypto.getRandomValues` in browsers and Node.js (`wasm32-unknown-unknown` with this
/// crate's `wasm_js` feature), and so on.
#[derive(Debug, Clone, Copy, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        getrandom::fill(dest).map_err(|e| RandomError::new(e.to_string()))
    }
}

/// A random source's failure, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomError {
    reason: String,
}

impl RandomError {
    /// A failure with this reason (for implementations of [`RandomSource`]).
    pub fn new(reason: impl Into<String>) -> Self {
        RandomError {
            reason: reason.into(),
        }
    }

    /// Why the source failed.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for RandomError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for RandomError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_random_fills_the_whole_buffer() {
        // 256 zero bytes from a working source: a chance of 2^-2048.
        let mut buf = [0u8; 256];
        OsRandom.fill_bytes(&mut buf).unwrap();
        assert!(buf.iter().any(|&b| b != 0));
        let mut other = [0u8; 256];
        OsRandom.fill_bytes(&mut other).unwrap();
        assert_ne!(buf, other);
    }
}
