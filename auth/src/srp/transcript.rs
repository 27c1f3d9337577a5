//! Feature `transcript`: a sign-in's intermediate values, secret ones included, so that a test
//! can compare each with another implementation's. Signing in never needs them, and a program
//! that enables this feature can print what should stay secret: only tests should.

use crypto_bigint::U256;

use super::encoding::{pad, to_hex};
use super::error::SrpError;
use super::pool::user_pool_name;
use super::session::{PasswordClaim, ServerChallenge, SrpSession};

/// The values a claim was computed from, as lowercase hex of the bytes that were hashed
/// (`pad` form) for `u`, `x` and `S`.
pub(crate) struct Trace {
    u: String,
    x: String,
    s: String,
}

impl Trace {
    pub(crate) fn new(padded_u: &[u8], x: &U256, padded_s: &[u8]) -> Self {
        Trace {
            u: to_hex(padded_u),
            x: to_hex(&pad(x.to_be_bytes().as_slice())),
            s: to_hex(padded_s),
        }
    }
}

/// Everything one password claim was computed from and came to. Holds secrets (`x`, `S`,
/// the key) in plain strings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transcript {
    /// `SRP_A`, as sent.
    pub srp_a: String,
    /// `pad(u)`, hex.
    pub u: String,
    /// `pad(x)`, hex.
    pub x: String,
    /// `pad(S)`, hex.
    pub s: String,
    /// The HKDF key, hex.
    pub key: String,
    /// The claim itself.
    pub claim: PasswordClaim,
}

impl SrpSession {
    /// [`SrpSession::user_password_claim`], with the values on the way.
    pub fn user_password_claim_transcript(
        self,
        user_pool_id: &str,
        user_id_for_srp: &str,
        password: &str,
        challenge: &ServerChallenge<'_>,
        unix_seconds: i64,
    ) -> Result<Transcript, SrpError> {
        let pool_name = user_pool_name(user_pool_id)?;
        self.transcript(
            pool_name,
            user_id_for_srp,
            password,
            challenge,
            unix_seconds,
        )
    }

    /// [`SrpSession::device_password_claim`], with the values on the way.
    pub fn device_password_claim_transcript(
        self,
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        challenge: &ServerChallenge<'_>,
        unix_seconds: i64,
    ) -> Result<Transcript, SrpError> {
        self.transcript(
            device_group_key,
            device_key,
            device_password,
            challenge,
            unix_seconds,
        )
    }

    fn transcript(
        self,
        realm: &str,
        user: &str,
        password: &str,
        challenge: &ServerChallenge<'_>,
        unix_seconds: i64,
    ) -> Result<Transcript, SrpError> {
        let srp_a = self.srp_a().to_string();
        let (claim, derived) = self.claim(realm, user, password, challenge, unix_seconds)?;
        Ok(Transcript {
            srp_a,
            u: derived.trace.u.clone(),
            x: derived.trace.x.clone(),
            s: derived.trace.s.clone(),
            key: to_hex(&*derived.key),
            claim,
        })
    }
}
