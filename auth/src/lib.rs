//! Signing in to a Cognito user pool without sending the password: the client side of
//! `USER_SRP_AUTH` and of remembered-device SRP (`DEVICE_SRP_AUTH`), over the generated
//! `cognito-identity-provider` client.
//!
//! - [`Authenticator`]: the flows. [`sign_in_srp`](Authenticator::sign_in_srp)
//!   (`USER_SRP_AUTH`, then `PASSWORD_VERIFIER`), [`sign_in_password`](Authenticator::sign_in_password)
//!   (`USER_PASSWORD_AUTH`), [`refresh`](Authenticator::refresh) (`REFRESH_TOKEN_AUTH`, with the
//!   device key), [`remember_device`](Authenticator::remember_device) (the device password,
//!   salt and verifier, `ConfirmDevice`, `UpdateDeviceStatus`), and the device challenges
//!   (`DEVICE_SRP_AUTH`, `DEVICE_PASSWORD_VERIFIER`), which it answers itself. Any other
//!   challenge stops the sign-in at a typed [`Challenge`] (`NewPasswordRequired`, `SmsMfa`,
//!   `SoftwareTokenMfa`, `SelectMfaType`, ...) that the app answers with an [`Answer`].
//!   `SECRET_HASH` is added to every step for app clients with a secret.
//! - Tokens, sessions, passwords and device passwords are [`Secret`]s: `Debug` redacts them
//!   and their memory is zeroed on drop. [`RememberedDevice`] is what the app stores.
//! - [`srp`]: the math, pure (no network, no clock, randomness injectable): `SRP_A`, the
//!   `PASSWORD_VERIFIER` and `DEVICE_PASSWORD_VERIFIER` answers, the verifier `ConfirmDevice`
//!   registers for a new device, and `SECRET_HASH` for app clients with a secret. It computes
//!   what Amplify's `amazon-cognito-identity-js` computes, byte for byte
//!   (`tests/srp_differential.rs` runs that library on the same inputs).
//!
//! Features: `wasm_js` (randomness from `crypto.getRandomValues` on
//! `wasm32-unknown-unknown`, for browsers), `transcript` (the intermediate values of a
//! sign-in, for the differential test; never needed to sign in).
//!
//! ```no_run
//! use cognito_auth::{Authenticator, Secret, SignIn, UserPool};
//! use cognito_identity_provider::Client;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder().region("eu-west-1").build()?;
//! let auth = Authenticator::new(client, UserPool::new("eu-west-1_AbCdEf123", "app-client-id")?);
//! let password = Secret::new("correct horse battery staple");
//! match auth.sign_in_srp("alice", &password, None).await? {
//!     SignIn::SignedIn(tokens) => {
//!         if let Some(new_device) = &tokens.new_device {
//!             // Store `device` (key, group key, password) to skip MFA here next time.
//!             let device = auth.remember_device(&tokens, new_device, Some("laptop")).await?;
//!             let _ = auth.sign_in_srp("alice", &password, Some(&device)).await?;
//!         }
//!     }
//!     SignIn::Challenge(pending) => println!("Cognito asks for {:?}", pending.challenge()),
//!     _ => {}
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod authenticator;
mod challenge;
mod error;
mod secret;
pub mod srp;
mod tokens;

pub use authenticator::{Authenticator, SignIn, UserPool};
pub use challenge::{Answer, Challenge, MfaType, PendingChallenge};
pub use error::AuthError;
pub use secret::Secret;
pub use tokens::{NewDevice, RememberedDevice, Tokens};
