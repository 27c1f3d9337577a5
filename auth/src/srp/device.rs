//! A new device's password and verifier, for `ConfirmDevice` (the JavaScript's
//! `generateHashDevice`).

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::encoding::pad;
use super::error::SrpError;
use super::group::{X_BITS, g_pow};
use super::random::{OsRandom, RandomSource};
use super::session::password_exponent;

/// Random bytes of a device password (sent base64, so 56 characters).
const PASSWORD_BYTES: usize = 40;
/// Random bytes of a device verifier's salt.
const SALT_BYTES: usize = 16;

/// What a sign-in that returned `NewDeviceMetadata` makes for that device: a random device
/// password, kept by the client for later [device sign-ins](super::SrpSession::device_password_claim),
/// and the salt and verifier `ConfirmDevice` registers as its `DeviceSecretVerifierConfig`.
///
/// The verifier is `g^x mod N` with `x = H(pad(salt) | H(device group key | device key | ":" |
/// password))`. The password is zeroized when this is dropped and `Debug` does not show it.
pub struct DeviceSecrets {
    password: Zeroizing<String>,
    salt: String,
    password_verifier: String,
}

impl DeviceSecrets {
    /// New secrets for the device `device_key` of the group `device_group_key` (both from
    /// `NewDeviceMetadata`), from the operating system's random source.
    pub fn generate(device_group_key: &str, device_key: &str) -> Result<Self, SrpError> {
        Self::generate_with(device_group_key, device_key, &mut OsRandom)
    }

    /// [`DeviceSecrets::generate`] with the random bytes from `random`: 40 for the password,
    /// then 16 for the salt.
    pub fn generate_with(
        device_group_key: &str,
        device_key: &str,
        random: &mut dyn RandomSource,
    ) -> Result<Self, SrpError> {
        let mut password_bytes = Zeroizing::new([0u8; PASSWORD_BYTES]);
        random.fill_bytes(&mut *password_bytes)?;
        let password = Zeroizing::new(STANDARD.encode(&password_bytes[..]));
        let mut salt_bytes = [0u8; SALT_BYTES];
        random.fill_bytes(&mut salt_bytes)?;
        // The salt registered is the padded form (leading zeros dropped, 0x00 before a top
        // bit), the same bytes the server will send back as SALT and this side will pad again.
        let salt = pad(&salt_bytes);
        let x = password_exponent(device_group_key, device_key, &password, &salt);
        let verifier = g_pow(&*x, X_BITS).retrieve().to_be_bytes();
        Ok(DeviceSecrets {
            password,
            salt: STANDARD.encode(&*salt),
            password_verifier: STANDARD.encode(&*pad(verifier.as_slice())),
        })
    }

    /// The device password (base64 of 40 random bytes): a secret to store with the device key
    /// and group key, for signing in as this device.
    pub fn device_password(&self) -> &str {
        &self.password
    }

    /// `DeviceSecretVerifierConfig.Salt`, base64.
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// `DeviceSecretVerifierConfig.PasswordVerifier`, base64.
    pub fn password_verifier(&self) -> &str {
        &self.password_verifier
    }
}

impl fmt::Debug for DeviceSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceSecrets")
            .field("device_password", &"<redacted>")
            .field("salt", &self.salt)
            .field("password_verifier", &self.password_verifier)
            .finish()
    }
}
