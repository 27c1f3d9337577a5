//! One SRP exchange: the client's ephemeral `a`/`A`, then the password claim for the
//! server's `B`.

use std::fmt;

use base64::Engine;
use base64::alphabet;
use base64::engine::general_purpose::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use crypto_bigint::{U256, U512, U1024, U1280, U3072};
use zeroize::Zeroizing;

use super::MAX_SERVER_VALUE_BYTES;
use super::encoding::{pad, parse_server_hex, to_minimal_hex};
use super::error::{ServerValue, SrpError};
use super::group::{A_BITS, K, Residue, S_EXPONENT_BITS, X_BITS, g_pow, params, residue};
use super::hash::{KEY_LEN, derive_key, hmac_sha256, sha256};
use super::pool::user_pool_name;
use super::random::{OsRandom, RandomSource};
use super::timestamp::cognito_timestamp;

/// Bytes of the secret `a` (the JavaScript's `randomBytes(128)`).
const A_BYTES: usize = 128;

/// `SECRET_BLOCK`: standard base64; padding is optional and stray low bits in the last
/// character are ignored, as Node's decoder ignores them.
const SECRET_BLOCK_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

/// The client side of one SRP exchange: the secret `a` and the public `A` (`SRP_A`).
///
/// One session answers one challenge: the claim methods consume it, and its secret is
/// zeroized when it is dropped. `Debug` shows `SRP_A` only.
pub struct SrpSession {
    a: Zeroizing<U1024>,
    /// `pad(A)`, as `u` hashes it.
    padded_a: Vec<u8>,
    srp_a: String,
}

/// The challenge parameters of `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) that the
/// claim depends on, as Cognito sent them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerChallenge<'a> {
    /// `SRP_B`: the server's public value, hexadecimal.
    pub srp_b: &'a str,
    /// `SALT`: the verifier's salt, hexadecimal.
    pub salt: &'a str,
    /// `SECRET_BLOCK`: opaque to the client, base64. It is signed and sent back unchanged as
    /// `PASSWORD_CLAIM_SECRET_BLOCK`.
    pub secret_block: &'a str,
}

/// The answer to a `PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PasswordClaim {
    /// `PASSWORD_CLAIM_SIGNATURE`, base64.
    pub signature: String,
    /// `TIMESTAMP`: the instant the signature covers, in Cognito's format.
    pub timestamp: String,
}

/// What [`SrpSession::derive`] found: the key, and for the transcript feature the values on
/// the way to it.
pub(crate) struct Derived {
    pub(crate) key: Zeroizing<[u8; KEY_LEN]>,
    #[cfg(feature = "transcript")]
    pub(crate) trace: super::transcript::Trace,
}

impl SrpSession {
    /// A new session with `a` from the operating system's random source ([`OsRandom`]).
    pub fn new() -> Result<Self, SrpError> {
        Self::with_random(&mut OsRandom)
    }

    /// A new session with `a` from `random` (128 bytes, read as a big-endian integer).
    pub fn with_random(random: &mut dyn RandomSource) -> Result<Self, SrpError> {
        let mut bytes = Zeroizing::new([0u8; A_BYTES]);
        random.fill_bytes(&mut *bytes)?;
        let a = Zeroizing::new(U1024::from_be_slice(&*bytes));
        let big_a = g_pow(&*a, A_BITS).retrieve();
        if big_a.is_zero_vartime() {
            return Err(SrpError::ZeroClientValue);
        }
        let encoded = big_a.to_be_bytes();
        Ok(SrpSession {
            a,
            padded_a: pad(encoded.as_slice()).to_vec(),
            srp_a: to_minimal_hex(encoded.as_slice()),
        })
    }

    /// `SRP_A`: `A` as lowercase hex without leading zeros, for `InitiateAuth`'s
    /// `AuthParameters` (or `DEVICE_SRP_AUTH`'s `ChallengeResponses`).
    pub fn srp_a(&self) -> &str {
        &self.srp_a
    }

    /// The answer to `PASSWORD_VERIFIER` for the user `user_id_for_srp` (the challenge's
    /// `USER_ID_FOR_SRP`, which may differ from the name the user signed in with) of the pool
    /// `user_pool_id` (`"us-east-1_AbC123"`), with the time `unix_seconds` (seconds since the
    /// Unix epoch, from the caller's clock).
    pub fn user_password_claim(
        self,
        user_pool_id: &str,
        user_id_for_srp: &str,
        password: &str,
        challenge: &ServerChallenge<'_>,
        unix_seconds: i64,
    ) -> Result<PasswordClaim, SrpError> {
        let pool_name = user_pool_name(user_pool_id)?;
        let (claim, _) = self.claim(
            pool_name,
            user_id_for_srp,
            password,
            challenge,
            unix_seconds,
        )?;
        Ok(claim)
    }

    /// The answer to `DEVICE_PASSWORD_VERIFIER` for a remembered device: its group key and
    /// key (`DeviceGroupKey`, `DeviceKey` of the sign-in's `NewDeviceMetadata`), and the
    /// device password that was registered with them ([`DeviceSecrets`](super::DeviceSecrets)).
    pub fn device_password_claim(
        self,
        device_group_key: &str,
        device_key: &str,
        device_password: &str,
        challenge: &ServerChallenge<'_>,
        unix_seconds: i64,
    ) -> Result<PasswordClaim, SrpError> {
        let (claim, _) = self.claim(
            device_group_key,
            device_key,
            device_password,
            challenge,
            unix_seconds,
        )?;
        Ok(claim)
    }

    /// The claim, and the derivation it came from. `realm | user` is `pool name | user id` or
    /// `device group key | device key`: both the password hash and the signature cover them.
    pub(crate) fn claim(
        self,
        realm: &str,
        user: &str,
        password: &str,
        challenge: &ServerChallenge<'_>,
        unix_seconds: i64,
    ) -> Result<(PasswordClaim, Derived), SrpError> {
        let secret_block = SECRET_BLOCK_BASE64
            .decode(challenge.secret_block)
            .map_err(|_| SrpError::MalformedSecretBlock)?;
        let derived = self.derive(realm, user, password, challenge)?;
        let timestamp = cognito_timestamp(unix_seconds);
        let signature = hmac_sha256(
            &*derived.key,
            &[
                realm.as_bytes(),
                user.as_bytes(),
                &secret_block,
                timestamp.as_bytes(),
            ],
        );
        let claim = PasswordClaim {
            signature: STANDARD.encode(signature),
            timestamp,
        };
        Ok((claim, derived))
    }

    /// The shared key: `S = (B - k*g^x)^(a + u*x) mod N`, then HKDF.
    fn derive(
        &self,
        realm: &str,
        user: &str,
        password: &str,
        challenge: &ServerChallenge<'_>,
    ) -> Result<Derived, SrpError> {
        let b_bytes = parse_server_hex(ServerValue::SrpB, challenge.srp_b)?;
        let salt = parse_server_hex(ServerValue::Salt, challenge.salt)?;

        let mut b_full = [0u8; MAX_SERVER_VALUE_BYTES];
        b_full[MAX_SERVER_VALUE_BYTES - b_bytes.len()..].copy_from_slice(&b_bytes);
        let b = residue(&U3072::from_be_slice(&b_full));
        if b.retrieve().is_zero_vartime() {
            return Err(SrpError::ZeroServerValue);
        }
        // `u` hashes B as received, not reduced (it differs only for N <= B < 2^3072).
        let u_digest = sha256(&[&self.padded_a, &pad(&b_bytes)]);
        let u = U256::from_be_slice(&*u_digest);
        if u.is_zero_vartime() {
            return Err(SrpError::ZeroScrambler);
        }

        let x = password_exponent(realm, user, password, &pad(&salt));
        let v = Zeroizing::new(g_pow(&*x, X_BITS));
        let k = Residue::new(&K, params());
        let base = Zeroizing::new(b.sub(&k.mul(&*v)));
        let ux: Zeroizing<U512> = Zeroizing::new(u.concatenating_mul(&*x));
        let ux_wide: Zeroizing<U1280> = Zeroizing::new(ux.resize());
        let a_wide: Zeroizing<U1280> = Zeroizing::new(self.a.resize());
        let exponent = Zeroizing::new(a_wide.wrapping_add(&ux_wide));
        let s = Zeroizing::new(base.pow_bounded_exp(&*exponent, S_EXPONENT_BITS).retrieve());
        let s_bytes = Zeroizing::new(s.to_be_bytes());
        let padded_s = pad(s_bytes.as_slice());
        let padded_u = pad(&*u_digest);
        let key = derive_key(&padded_s, &padded_u);
        Ok(Derived {
            #[cfg(feature = "transcript")]
            trace: super::transcript::Trace::new(&padded_u, &x, &padded_s),
            key,
        })
    }
}

/// `x = H(salt | H(realm | user | ":" | password))`, with the salt already `pad`ded.
pub(crate) fn password_exponent(
    realm: &str,
    user: &str,
    password: &str,
    padded_salt: &[u8],
) -> Zeroizing<U256> {
    let inner = sha256(&[realm.as_bytes(), user.as_bytes(), b":", password.as_bytes()]);
    let outer = sha256(&[padded_salt, &*inner]);
    Zeroizing::new(U256::from_be_slice(&*outer))
}

impl fmt::Debug for SrpSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpSession")
            .field("srp_a", &self.srp_a)
            .field("a", &"<redacted>")
            .finish()
    }
}
