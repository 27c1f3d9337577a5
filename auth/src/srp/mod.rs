//! Cognito's SRP-6a, as `amazon-cognito-identity-js` (`AuthenticationHelper`, `CognitoUser`,
//! `DateHelper`) computes it.
//!
//! A sign-in with `USER_SRP_AUTH`:
//!
//! 1. [`SrpSession::new`] draws the secret `a` (128 random bytes) and computes
//!    `A = g^a mod N`; [`SrpSession::srp_a`] is `SRP_A` for `InitiateAuth`.
//! 2. Cognito answers with the `PASSWORD_VERIFIER` challenge: `USER_ID_FOR_SRP`, `SRP_B`,
//!    `SALT`, `SECRET_BLOCK`. [`SrpSession::user_password_claim`] turns them, the password
//!    and the current time into a [`PasswordClaim`]: `PASSWORD_CLAIM_SIGNATURE` and
//!    `TIMESTAMP` for `RespondToAuthChallenge` (with `PASSWORD_CLAIM_SECRET_BLOCK` set to the
//!    `SECRET_BLOCK` received and `USERNAME` to `USER_ID_FOR_SRP`).
//!
//! A remembered device repeats both steps for `DEVICE_SRP_AUTH` /
//! `DEVICE_PASSWORD_VERIFIER` with a new session and
//! [`SrpSession::device_password_claim`]: the device group key and device key stand where the
//! pool name and user id stood, the device password where the user's password stood. That
//! password and its verifier come from [`DeviceSecrets::generate`] when a sign-in returns
//! `NewDeviceMetadata`; `ConfirmDevice` registers the verifier.
//!
//! # The computation
//!
//! `N` is the 3072-bit group of RFC 5054 (RFC 3526's MODP group 15), `g = 2`. `H` is SHA-256.
//! `pad(v)` is `padHex`: the big-endian bytes of the non-negative integer `v` without leading
//! zero bytes (`[0]` for zero), with one `0x00` in front when the first byte's top bit is set,
//! so the bytes read as a positive two's-complement number. Every integer below is hashed in
//! that form; `SRP_A` itself is sent as lowercase hex with no leading zeros.
//!
//! - `k = H(pad(N) | pad(g))`
//! - `A = g^a mod N`, refused when `A mod N = 0`
//! - `B` and `salt` arrive as hex; `B mod N = 0` is refused
//! - `u = H(pad(A) | pad(B))`, refused when `u = 0`
//! - `x = H(pad(salt) | H(realm | user | ":" | password))`, where `realm | user` is the pool name
//!   (the user pool id without its `region_` prefix) and `USER_ID_FOR_SRP`, or the device
//!   group key and the device key
//! - `S = (B - k * g^x)^(a + u * x) mod N`
//! - `key = HKDF-SHA256(ikm = pad(S), salt = pad(u), info = "Caldera Derived Key")`, 16 bytes
//! - `PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, realm | user | SECRET_BLOCK | TIMESTAMP))`,
//!   with `SECRET_BLOCK` base64-decoded and `TIMESTAMP` as [`cognito_timestamp`] writes it
//!
//! # Secrets
//!
//! `a`, `x`, `g^x`, `S`, the key and the device password are zeroized when dropped (the hash and
//! MAC states that saw the password or the key too), and no `Debug` output shows them. The
//! exponentiations with a secret exponent (`g^a`, `g^x`, `S`) are crypto-bigint's
//! constant-time Montgomery exponentiation (fixed windows, table lookups that touch every
//! entry) over a fixed exponent length, so their timing does not depend on `a`, `x` or the
//! password. What the protocol itself makes variable stays so: the
//! length of `pad(S)` (a leading zero byte of `S` shortens it) is hashed as it is.
//!
//! # Where this is stricter than the JavaScript
//!
//! Values from the network are checked, never trusted: `SRP_B` and `SALT` must be non-empty
//! hexadecimal (JSBN skips characters it cannot read and takes `-` as a sign), at most 384
//! bytes once leading zeros are dropped ([`MAX_SERVER_VALUE_BYTES`]); `SECRET_BLOCK` must be
//! standard base64 (padding optional; Node's decoder skips what it cannot read). Cognito sends
//! nothing else, so a real sign-in sees no difference; a broken or hostile answer gets an
//! [`SrpError`] instead of a signature over garbage.
//!
//! # Randomness and time
//!
//! Randomness comes from a [`RandomSource`]: [`OsRandom`] (the default, `getrandom`: on
//! `wasm32-unknown-unknown` enable this crate's `wasm_js` feature) or your own, for tests.
//! Time is a parameter (seconds since the Unix epoch), so nothing here reads a clock.

mod device;
mod encoding;
mod error;
mod group;
mod hash;
mod pool;
mod random;
mod secret_hash;
mod session;
#[cfg(test)]
mod tests;
mod timestamp;
#[cfg(feature = "transcript")]
mod transcript;

pub use device::DeviceSecrets;
pub use error::{ServerValue, SrpError};
pub use pool::user_pool_name;
pub use random::{OsRandom, RandomError, RandomSource};
pub use secret_hash::secret_hash;
pub use session::{PasswordClaim, ServerChallenge, SrpSession};
pub use timestamp::cognito_timestamp;
#[cfg(feature = "transcript")]
pub use transcript::Transcript;

/// The largest `SRP_B` or `SALT` accepted, in bytes once leading zero bytes are dropped: the
/// size of `N`. Cognito's `B` is below `N`, its salts are 16 bytes.
pub const MAX_SERVER_VALUE_BYTES: usize = 384;
