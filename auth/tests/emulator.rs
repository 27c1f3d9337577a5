//! The whole device story through `cognito-auth`, over HTTP, against the fakecloud emulator
//! (tests/cognito-emulator): sign up and confirm, SRP sign-in, remember the device, list and
//! get it, sign in again through the device challenge, refresh with the device key, forget it.
//!
//! Which server plays which part: fakecloud itself checks sign-up codes, the SRP password
//! claim (its own server-side SRP: a wrong signature is refused), `USER_PASSWORD_AUTH`,
//! refresh, `NEW_PASSWORD_REQUIRED`, and stores, lists, gets and forgets devices. No emulator
//! implements the remembered-device half (`NewDeviceMetadata`, the verifier `ConfirmDevice`
//! registers, `DEVICE_SRP_AUTH` / `DEVICE_PASSWORD_VERIFIER`): the test-only device layer of
//! tests/cognito-emulator adds it in front of fakecloud, checking the device's claim with
//! fakecloud's SRP functions. Our math is checked against Amplify's in
//! `tests/srp_differential.rs`.

use cognito_auth::{
    Answer, AuthError, Authenticator, Challenge, RememberedDevice, Secret, SignIn, UserPool,
};
use cognito_emulator::{DeviceConfiguration, Emulator, SignedUpUser};
use cognito_identity_provider::Client;
use cognito_identity_provider::client::SdkError;
use cognito_identity_provider::operation::get_device::GetDeviceError;
use cognito_identity_provider::operation::initiate_auth::InitiateAuthError;
use cognito_identity_provider::operation::respond_to_auth_challenge::RespondToAuthChallengeError;
use serde_json::json;

const PASSWORD: &str = "Passw0rd!23";

fn authenticator(emu: &Emulator, user: &SignedUpUser) -> (Authenticator, Client) {
    let client = Client::builder()
        .region("us-east-1")
        .endpoint_url(emu.endpoint())
        .build()
        .expect("client");
    let pool = UserPool::new(&user.pool_id, &user.client_id).expect("pool id");
    (Authenticator::new(client.clone(), pool), client)
}

fn signed_in(step: SignIn) -> cognito_auth::Tokens {
    match step {
        SignIn::SignedIn(tokens) => tokens,
        SignIn::Challenge(c) => panic!("expected tokens, got challenge {:?}", c.challenge()),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn the_whole_device_story() {
    let emu = Emulator::start_with_devices().await.expect("emulator");
    let app = emu
        .create_pool_with_device_tracking(DeviceConfiguration::USER_OPT_IN)
        .await
        .expect("pool");
    // Sign-up confirmed with the code fakecloud generated (a wrong one would be refused).
    let user = emu
        .sign_up_confirmed(&app, "alice", PASSWORD)
        .await
        .expect("sign up");
    let (auth, client) = authenticator(&emu, &user);

    // A wrong password: fakecloud recomputes the SRP claim and refuses ours.
    let wrong = auth
        .sign_in_srp("alice", &Secret::new("Wr0ng-passw0rd!"), None)
        .await
        .expect_err("wrong password");
    assert!(
        matches!(
            &wrong,
            AuthError::RespondToAuthChallenge(SdkError::Service {
                error: RespondToAuthChallengeError::NotAuthorizedException(_),
                ..
            })
        ),
        "{wrong:?}"
    );

    // SRP sign-in: a new device is offered.
    let tokens = signed_in(
        auth.sign_in_srp("alice", &Secret::new(PASSWORD), None)
            .await
            .expect("SRP sign-in"),
    );
    let new_device = tokens.new_device.clone().expect("NewDeviceMetadata");
    let shown = format!("{tokens:?}");
    assert!(
        !shown.contains(tokens.access_token.expose()),
        "Debug shows the access token: {shown}"
    );

    // Remember it (the pool is "user opt-in": ConfirmDevice, then UpdateDeviceStatus).
    let device = auth
        .remember_device(&tokens, &new_device, Some("alice's laptop"))
        .await
        .expect("remember device");
    assert_eq!(device.device_key(), new_device.device_key);
    let shown = format!("{device:?}");
    assert!(
        !shown.contains(device.device_password().expose()),
        "Debug shows the device password: {shown}"
    );

    // List and get it through the generated client.
    let listed = client
        .list_devices()
        .access_token(tokens.access_token.expose())
        .send()
        .await
        .expect("ListDevices");
    let keys: Vec<_> = listed
        .devices
        .unwrap_or_default()
        .into_iter()
        .filter_map(|d| d.device_key)
        .collect();
    assert_eq!(keys, vec![device.device_key().to_owned()]);
    let got = client
        .get_device()
        .access_token(tokens.access_token.expose())
        .device_key(device.device_key())
        .send()
        .await
        .expect("GetDevice");
    assert_eq!(got.device.device_key.as_deref(), Some(device.device_key()));

    // Sign in again as that device: PASSWORD_VERIFIER, then DEVICE_SRP_AUTH and
    // DEVICE_PASSWORD_VERIFIER, answered by the authenticator. No new device this time.
    let again = signed_in(
        auth.sign_in_srp("alice", &Secret::new(PASSWORD), Some(&device))
            .await
            .expect("device sign-in"),
    );
    assert!(again.new_device.is_none(), "{:?}", again.new_device);

    // The same device with a wrong device password is refused at DEVICE_PASSWORD_VERIFIER.
    let impostor = RememberedDevice::new(
        device.device_key(),
        device.device_group_key(),
        Secret::new("bm90IHRoZSBkZXZpY2UncyBwYXNzd29yZA=="),
    );
    let refused = auth
        .sign_in_srp("alice", &Secret::new(PASSWORD), Some(&impostor))
        .await
        .expect_err("wrong device password");
    assert!(
        matches!(
            &refused,
            AuthError::RespondToAuthChallenge(SdkError::Service {
                error: RespondToAuthChallengeError::NotAuthorizedException(_),
                ..
            })
        ),
        "{refused:?}"
    );

    // Refresh with the device key.
    let refresh_token = again.refresh_token.clone().expect("refresh token");
    let refreshed = auth
        .refresh(&refresh_token, "alice", Some(&device))
        .await
        .expect("refresh");
    // The refreshed access token authorizes the user's calls.
    let listed = client
        .list_devices()
        .access_token(refreshed.access_token.expose())
        .send()
        .await
        .expect("ListDevices with the refreshed token");
    assert_eq!(listed.devices.map_or(0, |d| d.len()), 1);

    // Forget it: GetDevice then fails.
    client
        .forget_device()
        .access_token(refreshed.access_token.expose())
        .device_key(device.device_key())
        .send()
        .await
        .expect("ForgetDevice");
    let gone = client
        .get_device()
        .access_token(refreshed.access_token.expose())
        .device_key(device.device_key())
        .send()
        .await
        .expect_err("forgotten device");
    assert!(
        matches!(
            gone,
            SdkError::Service {
                error: GetDeviceError::ResourceNotFoundException(_),
                ..
            }
        ),
        "{gone:?}"
    );
}

#[tokio::test]
async fn password_sign_in_and_unknown_users() {
    let emu = Emulator::start_with_devices().await.expect("emulator");
    let app = emu.create_pool_and_client(None).await.expect("pool");
    let user = emu
        .sign_up_confirmed(&app, "bob", PASSWORD)
        .await
        .expect("sign up");
    let (auth, _) = authenticator(&emu, &user);
    let tokens = signed_in(
        auth.sign_in_password("bob", &Secret::new(PASSWORD), None)
            .await
            .expect("password sign-in"),
    );
    // No device tracking on this pool.
    assert!(tokens.new_device.is_none());
    let nobody = auth
        .sign_in_srp("nobody", &Secret::new(PASSWORD), None)
        .await
        .expect_err("unknown user");
    assert!(
        matches!(
            &nobody,
            AuthError::InitiateAuth(SdkError::Service {
                error: InitiateAuthError::UserNotFoundException(_)
                    | InitiateAuthError::NotAuthorizedException(_),
                ..
            })
        ),
        "{nobody:?}"
    );
}

#[tokio::test]
async fn a_temporary_password_asks_for_a_new_one() {
    let emu = Emulator::start_with_devices().await.expect("emulator");
    let app = emu.create_pool_and_client(None).await.expect("pool");
    let (status, body) = emu
        .call(
            "AdminCreateUser",
            json!({
                "UserPoolId": app.pool_id,
                "Username": "carol",
                "TemporaryPassword": "Temp0rary!pass",
                "MessageAction": "SUPPRESS",
            }),
        )
        .await
        .expect("AdminCreateUser");
    assert_eq!(status, 200, "{body}");
    let user = SignedUpUser {
        pool_id: app.pool_id.clone(),
        client_id: app.client_id.clone(),
        username: "carol".into(),
        password: "Temp0rary!pass".into(),
    };
    let (auth, _) = authenticator(&emu, &user);
    let step = auth
        .sign_in_srp("carol", &Secret::new("Temp0rary!pass"), None)
        .await
        .expect("SRP with the temporary password");
    let SignIn::Challenge(pending) = step else {
        panic!("expected NEW_PASSWORD_REQUIRED, got {step:?}");
    };
    assert!(
        matches!(pending.challenge(), Challenge::NewPasswordRequired { .. }),
        "{:?}",
        pending.challenge()
    );
    // The wrong kind of answer is refused before any call.
    let wrong = auth
        .answer(pending.clone(), Answer::SmsMfaCode(Secret::new("123456")))
        .await
        .expect_err("wrong kind of answer");
    assert!(matches!(wrong, AuthError::WrongAnswer { .. }), "{wrong:?}");
    let tokens = signed_in(
        auth.answer(
            pending,
            Answer::NewPassword {
                password: Secret::new("N3w-passw0rd!"),
                attributes: vec![],
            },
        )
        .await
        .expect("new password"),
    );
    assert!(!tokens.access_token.expose().is_empty());
    // The new password signs in.
    signed_in(
        auth.sign_in_srp("carol", &Secret::new("N3w-passw0rd!"), None)
            .await
            .expect("SRP with the new password"),
    );
}
