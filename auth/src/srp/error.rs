//! What can go wrong: values from the server that cannot be used, a bad user pool id, a random
//! source that failed. No variant carries a secret or a value received.

use std::fmt;

use super::random::RandomError;

/// A challenge parameter the server sent as an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServerValue {
    /// `SRP_B`, the server's public value.
    SrpB,
    /// `SALT`, the salt of the password verifier.
    Salt,
}

impl ServerValue {
    /// The challenge parameter's name, as Cognito spells it.
    pub fn parameter_name(self) -> &'static str {
        match self {
            ServerValue::SrpB => "SRP_B",
            ServerValue::Salt => "SALT",
        }
    }
}

impl fmt::Display for ServerValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.parameter_name())
    }
}

/// Why an SRP step failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpError {
    /// A challenge parameter is not a hexadecimal integer (empty, or a character that is not
    /// a hex digit).
    MalformedHex {
        /// Which parameter.
        field: ServerValue,
    },
    /// A challenge parameter is larger than any the protocol uses.
    Oversize {
        /// Which parameter.
        field: ServerValue,
        /// The most bytes accepted, leading zeros not counted.
        max_bytes: usize,
    },
    /// `SRP_B mod N` is 0: with it, `S` would not depend on the password (the JavaScript's
    /// "B cannot be zero.").
    ZeroServerValue,
    /// `u = H(pad(A) | pad(B))` is 0 (the JavaScript's "U cannot be zero.").
    ZeroScrambler,
    /// `A mod N` is 0. Not possible with `g = 2` and a prime `N`; checked as the protocol asks.
    ZeroClientValue,
    /// `SECRET_BLOCK` is not base64.
    MalformedSecretBlock,
    /// The user pool id is not `<region>_<name>` (letters, digits, `_` and `-`, then `_`
    /// and letters or digits, at most 55 characters).
    InvalidUserPoolId,
    /// The random source failed.
    Random(RandomError),
}

impl fmt::Display for SrpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SrpError::MalformedHex { field } => {
                write!(
                    f,
                    "challenge parameter {field} is not a hexadecimal integer"
                )
            }
            SrpError::Oversize { field, max_bytes } => write!(
                f,
                "challenge parameter {field} is larger than {max_bytes} bytes"
            ),
            SrpError::ZeroServerValue => f.write_str("SRP_B is 0 modulo N"),
            SrpError::ZeroScrambler => f.write_str("the SRP scrambling parameter u is 0"),
            SrpError::ZeroClientValue => f.write_str("SRP_A is 0 modulo N"),
            SrpError::MalformedSecretBlock => {
                f.write_str("challenge parameter SECRET_BLOCK is not base64")
            }
            SrpError::InvalidUserPoolId => {
                f.write_str("the user pool id is not of the form <region>_<name>")
            }
            SrpError::Random(e) => write!(f, "no random bytes for SRP: {e}"),
        }
    }
}

impl std::error::Error for SrpError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SrpError::Random(e) => Some(e),
            _ => None,
        }
    }
}

impl From<RandomError> for SrpError {
    fn from(e: RandomError) -> Self {
        SrpError::Random(e)
    }
}
