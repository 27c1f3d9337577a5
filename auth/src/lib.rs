//! Signing in to a Cognito user pool without sending the password: the client side of
//! `USER_SRP_AUTH` and of remembered-device SRP (`DEVICE_SRP_AUTH`).
//!
//! - [`srp`]: the math, pure (no network, no clock, randomness injectable): `SRP_A`, the
//!   `PASSWORD_VERIFIER` and `DEVICE_PASSWORD_VERIFIER` answers, the verifier `ConfirmDevice`
//!   registers for a new device, and `SECRET_HASH` for app clients with a secret. It computes
//!   what Amplify's `amazon-cognito-identity-js` computes, byte for byte
//!   (`tests/srp_differential.rs` runs that library on the same inputs).
//!
//! Features: `wasm_js` (randomness from `crypto.getRandomValues` on
//! `wasm32-unknown-unknown`, for browsers), `transcript` (the intermediate values of a
//! sign-in, for the differential test; never needed to sign in).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod srp;
