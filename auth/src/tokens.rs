//! What a finished sign-in gives the app: the user's tokens, and the new device Cognito
//! offers to remember.

use cognito_identity_provider::types::AuthenticationResultType;

use crate::Secret;
use crate::error::AuthError;

/// The tokens of a signed-in user. Every token is a [`Secret`]: `Debug` shows none of them.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Tokens {
    /// The access token: it authorizes the user's own calls (`ListDevices`, `GetUser`, ...).
    pub access_token: Secret,
    /// The ID token: the user's identity claims, for the app's own backend.
    pub id_token: Option<Secret>,
    /// The refresh token, for [`Authenticator::refresh`](crate::Authenticator::refresh).
    /// Absent after a refresh: the one the app holds stays valid.
    pub refresh_token: Option<Secret>,
    /// How many seconds the access and ID tokens stay valid.
    pub expires_in: i32,
    /// The tokens' type (`Bearer`).
    pub token_type: Option<String>,
    /// A device Cognito has not seen before, on a pool that tracks devices: pass it to
    /// [`Authenticator::remember_device`](crate::Authenticator::remember_device) to remember it.
    pub new_device: Option<NewDevice>,
}

impl Tokens {
    pub(crate) fn from_result(result: AuthenticationResultType) -> Result<Self, AuthError> {
        let access_token = result
            .access_token
            .ok_or(AuthError::MissingResultField("AccessToken"))?;
        let new_device = match result.new_device_metadata {
            Some(m) => match (m.device_key, m.device_group_key) {
                (Some(device_key), Some(device_group_key)) => Some(NewDevice {
                    device_key,
                    device_group_key,
                }),
                // Half a device cannot be confirmed; Cognito sends both or neither.
                _ => return Err(AuthError::MissingResultField("NewDeviceMetadata.DeviceKey")),
            },
            None => None,
        };
        Ok(Tokens {
            access_token: Secret::new(access_token),
            id_token: result.id_token.map(Secret::new),
            refresh_token: result.refresh_token.map(Secret::new),
            expires_in: result.expires_in,
            token_type: result.token_type,
            new_device,
        })
    }
}

/// A device that Cognito met for the first time at this sign-in (`NewDeviceMetadata`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NewDevice {
    /// The device's key (`region_uuid`), which names it from now on.
    pub device_key: String,
    /// The key of the device's group, which goes into its SRP verifier.
    pub device_group_key: String,
}

/// A device that has been confirmed: what the app must store to sign in through it later
/// (`DEVICE_SRP_AUTH`) and to refresh tokens with its key.
///
/// The device password is a [`Secret`]: `Debug` redacts it. Store it as carefully as a refresh
/// token (the platform's keychain or credential store): with the user's password or refresh
/// token it proves the device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RememberedDevice {
    device_key: String,
    device_group_key: String,
    device_password: Secret,
}

impl RememberedDevice {
    /// A device the app stored earlier, from its three parts.
    pub fn new(
        device_key: impl Into<String>,
        device_group_key: impl Into<String>,
        device_password: Secret,
    ) -> Self {
        RememberedDevice {
            device_key: device_key.into(),
            device_group_key: device_group_key.into(),
            device_password,
        }
    }

    /// The device's key.
    pub fn device_key(&self) -> &str {
        &self.device_key
    }

    /// The key of the device's group.
    pub fn device_group_key(&self) -> &str {
        &self.device_group_key
    }

    /// The device's random password (base64), the secret its SRP verifier was made from.
    pub fn device_password(&self) -> &Secret {
        &self.device_password
    }
}
