//! Helpers that set up pools, app clients and users the way a real app does, over raw
//! awsJson1_1 (plus one read of fakecloud's state: the confirmation code it would have
//! mailed).

use std::fmt;

use serde_json::{Value, json};

use crate::{ACCOUNT_ID, Emulator, Error, str_at};

/// A pool's `DeviceConfiguration`. Giving a pool one (any value) turns device tracking on,
/// as on AWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DeviceConfiguration {
    /// `ChallengeRequiredOnNewDevice`: on AWS, whether a remembered device may replace MFA.
    /// Stored; the device layer does not act on it.
    pub challenge_required_on_new_device: bool,
    /// `DeviceOnlyRememberedOnUserPrompt`: `false` remembers a device as soon as
    /// `ConfirmDevice` succeeds ("Always remember"); `true` makes `ConfirmDevice` answer
    /// `UserConfirmationNecessary: true` and leaves the device not remembered until
    /// `UpdateDeviceStatus` ("User opt-in").
    pub device_only_remembered_on_user_prompt: bool,
}

impl DeviceConfiguration {
    /// Remember every confirmed device ("Always remember" in the console).
    pub const ALWAYS: DeviceConfiguration = DeviceConfiguration {
        challenge_required_on_new_device: true,
        device_only_remembered_on_user_prompt: false,
    };

    /// Remember a device only once the user opts in ("User opt-in").
    pub const USER_OPT_IN: DeviceConfiguration = DeviceConfiguration {
        challenge_required_on_new_device: true,
        device_only_remembered_on_user_prompt: true,
    };

    fn to_json(self) -> Value {
        json!({
            "ChallengeRequiredOnNewDevice": self.challenge_required_on_new_device,
            "DeviceOnlyRememberedOnUserPrompt": self.device_only_remembered_on_user_prompt,
        })
    }
}

/// A user pool and an app client in it (no client secret), from
/// [`Emulator::create_pool_with_device_tracking`] or [`Emulator::create_pool_and_client`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppClient {
    /// The pool id, `us-east-1_...`.
    pub pool_id: String,
    /// The app client id. Its `ExplicitAuthFlows` are `ALLOW_USER_SRP_AUTH`,
    /// `ALLOW_USER_PASSWORD_AUTH` and `ALLOW_REFRESH_TOKEN_AUTH`.
    pub client_id: String,
}

/// A user made by [`Emulator::sign_up_confirmed`]: signed up and confirmed, not signed in.
///
/// Its [`Debug`](fmt::Debug) output never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedUpUser {
    /// The user's pool.
    pub pool_id: String,
    /// The app client the user signed up with.
    pub client_id: String,
    /// The user name.
    pub username: String,
    /// The user's password.
    pub password: String,
}

impl fmt::Debug for SignedUpUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedUpUser")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl Emulator {
    /// Creates a user pool with `DeviceConfiguration` set (so device tracking is on) and an
    /// app client allowing SRP, password and refresh sign-in.
    ///
    /// The pool's devices are handled by the device layer only on an emulator started with
    /// it ([`Emulator::start_with_devices`]); fakecloud alone just stores the configuration.
    pub async fn create_pool_with_device_tracking(
        &self,
        devices: DeviceConfiguration,
    ) -> Result<AppClient, Error> {
        self.create_pool_and_client(Some(devices)).await
    }

    /// Creates a user pool (with `DeviceConfiguration` if `devices` is `Some`) and an app
    /// client allowing `ALLOW_USER_SRP_AUTH`, `ALLOW_USER_PASSWORD_AUTH` and
    /// `ALLOW_REFRESH_TOKEN_AUTH`, without a secret.
    pub async fn create_pool_and_client(
        &self,
        devices: Option<DeviceConfiguration>,
    ) -> Result<AppClient, Error> {
        let mut request = json!({ "PoolName": "e2e-pool" });
        if let Some(devices) = devices {
            request["DeviceConfiguration"] = devices.to_json();
        }
        let pool = self.call_ok("CreateUserPool", request).await?;
        let pool_id = str_at(&pool, "/UserPool/Id", "CreateUserPool")?;
        let client = self
            .call_ok(
                "CreateUserPoolClient",
                json!({
                    "UserPoolId": pool_id,
                    "ClientName": "e2e-client",
                    "ExplicitAuthFlows": [
                        "ALLOW_USER_SRP_AUTH",
                        "ALLOW_USER_PASSWORD_AUTH",
                        "ALLOW_REFRESH_TOKEN_AUTH",
                    ],
                }),
            )
            .await?;
        let client_id = str_at(&client, "/UserPoolClient/ClientId", "CreateUserPoolClient")?;
        Ok(AppClient { pool_id, client_id })
    }

    /// Signs a user up with raw `SignUp` and confirms it with `ConfirmSignUp` and the code
    /// fakecloud generated (read with [`confirmation_code`](Self::confirmation_code)).
    ///
    /// The password must satisfy the default policy (8+ characters with upper case, lower
    /// case, a digit and a symbol). A non-2xx answer is an [`ApiError`](crate::ApiError).
    pub async fn sign_up_confirmed(
        &self,
        client: &AppClient,
        username: &str,
        password: &str,
    ) -> Result<SignedUpUser, Error> {
        self.call_ok(
            "SignUp",
            json!({ "ClientId": client.client_id, "Username": username, "Password": password }),
        )
        .await?;
        let code = self
            .confirmation_code(&client.pool_id, username)
            .ok_or_else(|| format!("SignUp left no confirmation code for {username}"))?;
        self.call_ok(
            "ConfirmSignUp",
            json!({
                "ClientId": client.client_id,
                "Username": username,
                "ConfirmationCode": code,
            }),
        )
        .await?;
        Ok(SignedUpUser {
            pool_id: client.pool_id.clone(),
            client_id: client.client_id.clone(),
            username: username.to_owned(),
            password: password.to_owned(),
        })
    }

    /// The sign-up confirmation code fakecloud generated for `username` in `pool_id` (what
    /// Cognito would send by mail or SMS; this emulator sends nothing), or `None` for an
    /// unknown user or one without a pending code.
    pub fn confirmation_code(&self, pool_id: &str, username: &str) -> Option<String> {
        let accounts = self.cognito.read();
        accounts
            .get(ACCOUNT_ID)?
            .users
            .get(pool_id)?
            .get(username)?
            .confirmation_code
            .clone()
    }
}
