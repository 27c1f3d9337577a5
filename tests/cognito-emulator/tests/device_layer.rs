//! The remembered-device layer and CORS: our own code in front of fakecloud (see the crate
//! documentation), driven with raw awsJson1_1 calls and a client-side SRP written for these
//! tests (`support`).

mod support;

use cognito_emulator::{AppClient, DeviceConfiguration, Emulator, SignedUpUser};
use serde_json::{Value, json};
use support::{SrpClient, TIMESTAMP, device_verifier_config};

const PASSWORD: &str = "Passw0rd!23";
const DEVICE_PASSWORD: &str = "the device's own random password";

/// A device as a client keeps it after `ConfirmDevice`.
struct Device {
    key: String,
    group_key: String,
    password: String,
}

async fn tracking_user(emu: &Emulator, devices: DeviceConfiguration, name: &str) -> SignedUpUser {
    let client = emu.create_pool_with_device_tracking(devices).await.unwrap();
    emu.sign_up_confirmed(&client, name, PASSWORD)
        .await
        .unwrap()
}

fn auth_parameters(pairs: &[(&str, &str)], device_key: Option<&str>) -> Value {
    let mut params = json!({});
    for (name, value) in pairs {
        params[*name] = json!(value);
    }
    if let Some(key) = device_key {
        params["DEVICE_KEY"] = json!(key);
    }
    params
}

async fn password_sign_in(
    emu: &Emulator,
    user: &SignedUpUser,
    device_key: Option<&str>,
) -> (u16, Value) {
    let params = auth_parameters(
        &[
            ("USERNAME", user.username.as_str()),
            ("PASSWORD", user.password.as_str()),
        ],
        device_key,
    );
    emu.call(
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": user.client_id,
            "AuthParameters": params,
        }),
    )
    .await
    .unwrap()
}

/// `USER_SRP_AUTH`, then the `PASSWORD_VERIFIER` answer, both carrying `device_key`.
async fn srp_sign_in(
    emu: &Emulator,
    user: &SignedUpUser,
    device_key: Option<&str>,
) -> (u16, Value) {
    let srp = SrpClient::random();
    let (status, challenge) = emu
        .call(
            "InitiateAuth",
            json!({
                "AuthFlow": "USER_SRP_AUTH",
                "ClientId": user.client_id,
                "AuthParameters": auth_parameters(
                    &[("USERNAME", user.username.as_str()), ("SRP_A", srp.a_hex().as_str())],
                    device_key,
                ),
            }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{challenge}");
    assert_eq!(
        challenge["ChallengeName"], "PASSWORD_VERIFIER",
        "{challenge}"
    );
    let params = &challenge["ChallengeParameters"];
    let user_id = params["USER_ID_FOR_SRP"].as_str().unwrap();
    let pool_name = user.pool_id.split_once('_').unwrap().1;
    let signature = srp.signature(pool_name, user_id, &user.password, params);
    let responses = auth_parameters(
        &[
            ("USERNAME", user.username.as_str()),
            (
                "PASSWORD_CLAIM_SECRET_BLOCK",
                params["SECRET_BLOCK"].as_str().unwrap(),
            ),
            ("PASSWORD_CLAIM_SIGNATURE", signature.as_str()),
            ("TIMESTAMP", TIMESTAMP),
        ],
        device_key,
    );
    emu.call(
        "RespondToAuthChallenge",
        json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ClientId": user.client_id,
            "Session": challenge["Session"],
            "ChallengeResponses": responses,
        }),
    )
    .await
    .unwrap()
}

fn tokens(status: u16, body: &Value) -> &Value {
    assert_eq!(status, 200, "{body}");
    let result = &body["AuthenticationResult"];
    assert!(result["AccessToken"].is_string(), "{body}");
    result
}

fn assert_error(status: u16, body: &Value, error_type: &str, message: &str) {
    assert_eq!(
        (status, body["__type"].as_str(), body["message"].as_str()),
        (400, Some(error_type), Some(message)),
        "{body}"
    );
}

/// Signs in without a device key and confirms the device the answer names.
async fn remembered_device(emu: &Emulator, user: &SignedUpUser) -> (Device, Value) {
    let (status, body) = password_sign_in(emu, user, None).await;
    let result = tokens(status, &body).clone();
    let metadata = &result["NewDeviceMetadata"];
    let device = Device {
        key: metadata["DeviceKey"].as_str().unwrap().to_owned(),
        group_key: metadata["DeviceGroupKey"].as_str().unwrap().to_owned(),
        password: DEVICE_PASSWORD.to_owned(),
    };
    let (status, body) = confirm_device(emu, &result, &device).await;
    assert_eq!(status, 200, "{body}");
    (device, result)
}

async fn confirm_device(emu: &Emulator, result: &Value, device: &Device) -> (u16, Value) {
    emu.call(
        "ConfirmDevice",
        json!({
            "AccessToken": result["AccessToken"],
            "DeviceKey": device.key,
            "DeviceName": "test laptop",
            "DeviceSecretVerifierConfig":
                device_verifier_config(&device.group_key, &device.key, &device.password),
        }),
    )
    .await
    .unwrap()
}

/// Answers `DEVICE_SRP_AUTH` (in `challenge`) and then `DEVICE_PASSWORD_VERIFIER` with
/// `device.password`; returns the last answer.
async fn device_challenges(
    emu: &Emulator,
    user: &SignedUpUser,
    device: &Device,
    challenge: &Value,
) -> (u16, Value) {
    assert_eq!(challenge["ChallengeName"], "DEVICE_SRP_AUTH", "{challenge}");
    let srp = SrpClient::random();
    let (status, verifier) = emu
        .call(
            "RespondToAuthChallenge",
            json!({
                "ChallengeName": "DEVICE_SRP_AUTH",
                "ClientId": user.client_id,
                "Session": challenge["Session"],
                "ChallengeResponses": {
                    "USERNAME": user.username,
                    "DEVICE_KEY": device.key,
                    "SRP_A": srp.a_hex(),
                },
            }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{verifier}");
    assert_eq!(
        verifier["ChallengeName"], "DEVICE_PASSWORD_VERIFIER",
        "{verifier}"
    );
    let params = &verifier["ChallengeParameters"];
    assert_eq!(params["USERNAME"], json!(user.username), "{verifier}");
    assert_eq!(params["DEVICE_KEY"], json!(device.key), "{verifier}");
    let signature = srp.signature(&device.group_key, &device.key, &device.password, params);
    emu.call(
        "RespondToAuthChallenge",
        json!({
            "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
            "ClientId": user.client_id,
            "Session": verifier["Session"],
            "ChallengeResponses": {
                "USERNAME": user.username,
                "DEVICE_KEY": device.key,
                "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
                "PASSWORD_CLAIM_SIGNATURE": signature,
                "TIMESTAMP": TIMESTAMP,
            },
        }),
    )
    .await
    .unwrap()
}

async fn refresh(
    emu: &Emulator,
    user: &SignedUpUser,
    result: &Value,
    device_key: Option<&str>,
) -> (u16, Value) {
    let params = auth_parameters(
        &[("REFRESH_TOKEN", result["RefreshToken"].as_str().unwrap())],
        device_key,
    );
    emu.call(
        "InitiateAuth",
        json!({
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "ClientId": user.client_id,
            "AuthParameters": params,
        }),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn new_device_metadata_only_on_tracking_pools() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let plain_client = emu.create_pool_and_client(None).await.unwrap();
    let plain = emu
        .sign_up_confirmed(&plain_client, "pat", PASSWORD)
        .await
        .unwrap();
    let (status, body) = password_sign_in(&emu, &plain, None).await;
    assert!(
        tokens(status, &body).get("NewDeviceMetadata").is_none(),
        "{body}"
    );

    let tracked = tracking_user(&emu, DeviceConfiguration::ALWAYS, "tess").await;
    let (status, body) = password_sign_in(&emu, &tracked, None).await;
    let first = tokens(status, &body)["NewDeviceMetadata"].clone();
    let key = first["DeviceKey"].as_str().expect("DeviceKey");
    let uuid = key.strip_prefix("us-east-1_").expect("region prefix");
    assert_eq!(uuid.len(), 36, "{key}");
    assert_eq!(&uuid[14..15], "4", "a v4 uuid: {key}");
    let group = first["DeviceGroupKey"].as_str().expect("DeviceGroupKey");
    assert!(group.starts_with('-') && group.len() > 1, "{group}");

    // SRP sign-in too: a new device key, the same group key for the same user.
    let (status, body) = srp_sign_in(&emu, &tracked, None).await;
    let second = &tokens(status, &body)["NewDeviceMetadata"];
    assert_ne!(second["DeviceKey"], first["DeviceKey"], "{body}");
    assert_eq!(second["DeviceGroupKey"], first["DeviceGroupKey"], "{body}");
}

#[tokio::test]
async fn plain_start_is_fakecloud_alone() {
    let emu = Emulator::start().await.unwrap();
    let user = tracking_user(&emu, DeviceConfiguration::ALWAYS, "una").await;
    let (status, body) = password_sign_in(&emu, &user, None).await;
    assert!(
        tokens(status, &body).get("NewDeviceMetadata").is_none(),
        "{body}"
    );
}

#[tokio::test]
async fn confirm_device_records_the_device_and_answers_the_pools_prompt_setting() {
    let emu = Emulator::start_with_devices().await.unwrap();
    for (devices, necessary, status) in [
        (DeviceConfiguration::ALWAYS, false, "remembered"),
        (DeviceConfiguration::USER_OPT_IN, true, "not_remembered"),
    ] {
        let user = tracking_user(&emu, devices, "cleo").await;
        let (status_code, body) = password_sign_in(&emu, &user, None).await;
        let result = tokens(status_code, &body).clone();
        let device = Device {
            key: result["NewDeviceMetadata"]["DeviceKey"]
                .as_str()
                .unwrap()
                .to_owned(),
            group_key: result["NewDeviceMetadata"]["DeviceGroupKey"]
                .as_str()
                .unwrap()
                .to_owned(),
            password: DEVICE_PASSWORD.to_owned(),
        };
        let answer = confirm_device(&emu, &result, &device).await;
        assert_eq!(
            answer,
            (200, json!({ "UserConfirmationNecessary": necessary }))
        );

        let (code, listed) = emu
            .call(
                "ListDevices",
                json!({ "AccessToken": result["AccessToken"] }),
            )
            .await
            .unwrap();
        assert_eq!(code, 200, "{listed}");
        let only = &listed["Devices"][0];
        assert_eq!(
            listed["Devices"].as_array().map(Vec::len),
            Some(1),
            "{listed}"
        );
        assert_eq!(only["DeviceKey"], json!(device.key), "{listed}");
        assert_eq!(
            only["DeviceAttributes"],
            json!([{ "Name": "device_name", "Value": "test laptop" }])
        );
        // fakecloud's own member, where the layer keeps the remembered state.
        assert_eq!(only["DeviceRememberedStatus"], status, "{listed}");

        // The same key twice.
        let (code, body) = confirm_device(&emu, &result, &device).await;
        assert_error(
            code,
            &body,
            "DeviceKeyExistsException",
            "Device key already exists.",
        );
    }
}

#[tokio::test]
async fn confirm_device_refuses_keys_it_did_not_issue_and_missing_verifiers() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let alice = tracking_user(&emu, DeviceConfiguration::ALWAYS, "alice").await;
    let (status, body) = password_sign_in(&emu, &alice, None).await;
    let alice_result = tokens(status, &body).clone();
    let client = AppClient {
        pool_id: alice.pool_id.clone(),
        client_id: alice.client_id.clone(),
    };
    let bob = emu
        .sign_up_confirmed(&client, "bob", PASSWORD)
        .await
        .unwrap();
    let (status, body) = password_sign_in(&emu, &bob, None).await;
    let bob_result = tokens(status, &body).clone();

    let made_up = Device {
        key: "us-east-1_00000000-0000-4000-8000-000000000000".into(),
        group_key: "-abc".into(),
        password: DEVICE_PASSWORD.into(),
    };
    let bobs = Device {
        key: bob_result["NewDeviceMetadata"]["DeviceKey"]
            .as_str()
            .unwrap()
            .into(),
        group_key: bob_result["NewDeviceMetadata"]["DeviceGroupKey"]
            .as_str()
            .unwrap()
            .into(),
        password: DEVICE_PASSWORD.into(),
    };
    for device in [&made_up, &bobs] {
        let (status, body) = confirm_device(&emu, &alice_result, device).await;
        assert_error(
            status,
            &body,
            "InvalidParameterException",
            "Invalid device key given.",
        );
    }

    let (status, body) = emu
        .call(
            "ConfirmDevice",
            json!({
                "AccessToken": bob_result["AccessToken"],
                "DeviceKey": bobs.key,
            }),
        )
        .await
        .unwrap();
    assert_error(
        status,
        &body,
        "InvalidParameterException",
        "DeviceSecretVerifierConfig is required",
    );
    // Nothing was stored by the refused calls.
    let (_, listed) = emu
        .call(
            "ListDevices",
            json!({ "AccessToken": bob_result["AccessToken"] }),
        )
        .await
        .unwrap();
    assert_eq!(listed["Devices"], json!([]), "{listed}");
}

#[tokio::test]
async fn remembered_device_signs_in_through_the_device_challenges() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let user = tracking_user(&emu, DeviceConfiguration::ALWAYS, "dora").await;
    let (device, _) = remembered_device(&emu, &user).await;

    let (status, challenge) = srp_sign_in(&emu, &user, Some(&device.key)).await;
    assert_eq!(status, 200, "{challenge}");
    assert_eq!(challenge["ChallengeParameters"], json!({}), "{challenge}");
    assert!(
        challenge.get("AuthenticationResult").is_none(),
        "{challenge}"
    );

    let (status, body) = device_challenges(&emu, &user, &device, &challenge).await;
    let result = tokens(status, &body).clone();
    assert!(result.get("NewDeviceMetadata").is_none(), "{body}");
    let (status, me) = emu
        .call("GetUser", json!({ "AccessToken": result["AccessToken"] }))
        .await
        .unwrap();
    assert_eq!((status, &me["Username"]), (200, &json!("dora")), "{me}");

    // The device's refresh token works with the device's key, and gets no new device.
    let (status, body) = refresh(&emu, &user, &result, Some(&device.key)).await;
    assert!(
        tokens(status, &body).get("NewDeviceMetadata").is_none(),
        "{body}"
    );
}

#[tokio::test]
async fn password_sign_in_with_a_remembered_device_goes_straight_to_the_device_challenge() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let user = tracking_user(&emu, DeviceConfiguration::ALWAYS, "ed").await;
    let (device, _) = remembered_device(&emu, &user).await;

    let (status, challenge) = password_sign_in(&emu, &user, Some(&device.key)).await;
    assert_eq!(status, 200, "{challenge}");
    let (status, body) = device_challenges(&emu, &user, &device, &challenge).await;
    tokens(status, &body);
}

#[tokio::test]
async fn wrong_device_password_is_not_authorized_and_ends_the_sign_in() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let user = tracking_user(&emu, DeviceConfiguration::ALWAYS, "fay").await;
    let (device, _) = remembered_device(&emu, &user).await;
    let impostor = Device {
        password: "not the device's password".into(),
        ..device
    };

    let (_, challenge) = password_sign_in(&emu, &user, Some(&impostor.key)).await;
    let (status, body) = device_challenges(&emu, &user, &impostor, &challenge).await;
    assert_error(
        status,
        &body,
        "NotAuthorizedException",
        "Incorrect username or password.",
    );

    // The DEVICE_SRP_AUTH session was used up by the first answer.
    let (status, body) = emu
        .call(
            "RespondToAuthChallenge",
            json!({
                "ChallengeName": "DEVICE_SRP_AUTH",
                "ClientId": user.client_id,
                "Session": challenge["Session"],
                "ChallengeResponses": {
                    "USERNAME": user.username,
                    "DEVICE_KEY": impostor.key,
                    "SRP_A": SrpClient::random().a_hex(),
                },
            }),
        )
        .await
        .unwrap();
    assert_error(
        status,
        &body,
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    );
}

#[tokio::test]
async fn an_opted_in_device_is_challenged_only_once_remembered() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let user = tracking_user(&emu, DeviceConfiguration::USER_OPT_IN, "gil").await;
    let (device, result) = remembered_device(&emu, &user).await;

    // Confirmed but not (yet) remembered: tokens at once, and no new device.
    let (status, body) = password_sign_in(&emu, &user, Some(&device.key)).await;
    assert!(
        tokens(status, &body).get("NewDeviceMetadata").is_none(),
        "{body}"
    );

    let (status, body) = emu
        .call(
            "UpdateDeviceStatus",
            json!({
                "AccessToken": result["AccessToken"],
                "DeviceKey": device.key,
                "DeviceRememberedStatus": "remembered",
            }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let (status, challenge) = password_sign_in(&emu, &user, Some(&device.key)).await;
    assert_eq!(status, 200, "{challenge}");
    let (status, body) = device_challenges(&emu, &user, &device, &challenge).await;
    tokens(status, &body);
}

#[tokio::test]
async fn refresh_tokens_and_sign_ins_need_the_users_live_device() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let user = tracking_user(&emu, DeviceConfiguration::ALWAYS, "hal").await;
    let (status, body) = password_sign_in(&emu, &user, None).await;
    let result = tokens(status, &body).clone();
    let device = Device {
        key: result["NewDeviceMetadata"]["DeviceKey"]
            .as_str()
            .unwrap()
            .into(),
        group_key: result["NewDeviceMetadata"]["DeviceGroupKey"]
            .as_str()
            .unwrap()
            .into(),
        password: DEVICE_PASSWORD.into(),
    };
    let refused = |(status, body): (u16, Value)| {
        assert_error(
            status,
            &body,
            "NotAuthorizedException",
            "Invalid Refresh Token.",
        );
    };

    // Not confirmed yet.
    refused(refresh(&emu, &user, &result, Some(&device.key)).await);
    assert_eq!(confirm_device(&emu, &result, &device).await.0, 200);
    let (status, body) = refresh(&emu, &user, &result, Some(&device.key)).await;
    tokens(status, &body);

    // Without the key, or with another device's key (another user's, here).
    refused(refresh(&emu, &user, &result, None).await);
    let client = AppClient {
        pool_id: user.pool_id.clone(),
        client_id: user.client_id.clone(),
    };
    let other = emu
        .sign_up_confirmed(&client, "ida", PASSWORD)
        .await
        .unwrap();
    let (status, body) = password_sign_in(&emu, &other, None).await;
    let others_key = tokens(status, &body)["NewDeviceMetadata"]["DeviceKey"].clone();
    refused(refresh(&emu, &user, &result, others_key.as_str()).await);
    // Nor may a sign-in name a device that is not the user's.
    let (status, body) = password_sign_in(&emu, &user, others_key.as_str()).await;
    assert_error(
        status,
        &body,
        "ResourceNotFoundException",
        "Device does not exist.",
    );

    // Forgotten: its refresh tokens and its key are dead.
    let (status, body) = emu
        .call(
            "ForgetDevice",
            json!({ "AccessToken": result["AccessToken"], "DeviceKey": device.key }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    refused(refresh(&emu, &user, &result, Some(&device.key)).await);
    let (status, body) = srp_sign_in(&emu, &user, Some(&device.key)).await;
    assert_error(
        status,
        &body,
        "ResourceNotFoundException",
        "Device does not exist.",
    );
}

#[tokio::test]
async fn sign_up_confirmed_uses_the_code_fakecloud_generated() {
    let emu = Emulator::start().await.unwrap();
    let client = emu.create_pool_and_client(None).await.unwrap();
    let user = emu
        .sign_up_confirmed(&client, "jo", PASSWORD)
        .await
        .unwrap();
    let (status, body) = password_sign_in(&emu, &user, None).await;
    tokens(status, &body);
    assert!(!format!("{user:?}").contains(PASSWORD));

    let (status, body) = emu
        .call(
            "SignUp",
            json!({ "ClientId": client.client_id, "Username": "kim", "Password": PASSWORD }),
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let code = emu
        .confirmation_code(&client.pool_id, "kim")
        .expect("a code");
    assert!(
        code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()),
        "{code}"
    );
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, body) = emu
        .call(
            "ConfirmSignUp",
            json!({ "ClientId": client.client_id, "Username": "kim", "ConfirmationCode": wrong }),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, &body["__type"]),
        (400, &json!("CodeMismatchException")),
        "{body}"
    );
    assert_eq!(emu.confirmation_code(&client.pool_id, "nobody"), None);
}
