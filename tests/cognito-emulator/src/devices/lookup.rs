//! What the layer reads from (and writes into) fakecloud's own state. Each function takes
//! fakecloud's lock once and never while the layer's registry is locked.

use fakecloud_cognito::{CognitoState, SharedCognitoState};
use serde_json::Value;

use crate::ACCOUNT_ID;

/// A pool that tracks devices, as the layer needs it.
pub(super) struct TrackingPool {
    pub pool_id: String,
    /// `DeviceOnlyRememberedOnUserPrompt`: `ConfirmDevice` answers this as
    /// `UserConfirmationNecessary`, and a confirmed device starts not remembered.
    pub remembered_on_prompt: bool,
}

/// fakecloud's record of a device, as far as the layer cares.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum DeviceState {
    /// Not among the user's devices: never confirmed, or forgotten.
    Absent,
    /// Confirmed; `remembered` is fakecloud's `device_remembered_status == "remembered"`.
    Present { remembered: bool },
}

fn read<T>(cognito: &SharedCognitoState, f: impl FnOnce(&CognitoState) -> Option<T>) -> Option<T> {
    let accounts = cognito.read();
    accounts.get(ACCOUNT_ID).and_then(f)
}

fn tracking(state: &CognitoState, pool_id: &str) -> Option<TrackingPool> {
    let config = state
        .user_pools
        .get(pool_id)?
        .device_configuration
        .as_ref()?;
    let config = config.as_object().filter(|c| !c.is_empty())?;
    Some(TrackingPool {
        pool_id: pool_id.to_owned(),
        remembered_on_prompt: config
            .get("DeviceOnlyRememberedOnUserPrompt")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

/// The pool of app client `client_id`, if it tracks devices.
pub(super) fn tracking_pool_of_client(
    cognito: &SharedCognitoState,
    client_id: &str,
) -> Option<TrackingPool> {
    read(cognito, |state| {
        tracking(state, &state.user_pool_clients.get(client_id)?.user_pool_id)
    })
}

/// Pool `pool_id`, if it tracks devices.
pub(super) fn tracking_pool(cognito: &SharedCognitoState, pool_id: &str) -> Option<TrackingPool> {
    read(cognito, |state| tracking(state, pool_id))
}

/// Pool id and (stored) username of a live access token.
pub(super) fn token_user(
    cognito: &SharedCognitoState,
    access_token: &str,
) -> Option<(String, String)> {
    read(cognito, |state| {
        let data = state.valid_access_token(access_token)?;
        Some((data.user_pool_id.clone(), data.username.clone()))
    })
}

/// How long a challenge session of app client `client_id` lives, in minutes: the client's
/// `AuthSessionValidity` (Cognito allows 3 to 15; 3 is the default).
pub(super) fn session_minutes(cognito: &SharedCognitoState, client_id: &str) -> u64 {
    read(cognito, |state| {
        state
            .user_pool_clients
            .get(client_id)?
            .auth_session_validity
    })
    .and_then(|m| u64::try_from(m.clamp(3, 15)).ok())
    .unwrap_or(3)
}

pub(super) fn device_state(
    cognito: &SharedCognitoState,
    pool_id: &str,
    username: &str,
    device_key: &str,
) -> DeviceState {
    read(cognito, |state| {
        let device = state
            .users
            .get(pool_id)?
            .get(username)?
            .devices
            .get(device_key)?;
        Some(DeviceState::Present {
            remembered: device.device_remembered_status.as_deref() == Some("remembered"),
        })
    })
    .unwrap_or(DeviceState::Absent)
}

/// Changes fakecloud's record of a device: `remembered` sets its remembered status (what
/// `UpdateDeviceStatus` sets), `authenticated` moves `DeviceLastAuthenticatedDate` to now.
pub(super) fn update_device(
    cognito: &SharedCognitoState,
    pool_id: &str,
    username: &str,
    device_key: &str,
    remembered: Option<bool>,
    authenticated: bool,
) {
    let mut accounts = cognito.write();
    let Some(device) = accounts
        .get_mut(ACCOUNT_ID)
        .and_then(|state| state.users.get_mut(pool_id))
        .and_then(|users| users.get_mut(username))
        .and_then(|user| user.devices.get_mut(device_key))
    else {
        return;
    };
    if let Some(remembered) = remembered {
        let status = if remembered {
            "remembered"
        } else {
            "not_remembered"
        };
        device.device_remembered_status = Some(status.to_owned());
    }
    if authenticated {
        device.device_last_authenticated_date = Some(chrono::Utc::now());
    }
}
