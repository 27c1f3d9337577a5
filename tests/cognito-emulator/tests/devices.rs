//! End-to-end checks of the emulator through the crate's public API.

use cognito_emulator::{ApiError, Emulator, TestUser};
use serde_json::{Value, json};

const PASSWORD: &str = "Passw0rd!23";

/// A device key shaped like Cognito's: `<region>_<uuid>`.
fn device_key(i: u32) -> String {
    format!("us-east-1_{i:08x}-7a1e-4c0f-9b2d-{:012x}", 0x5eed_0000 + i)
}

async fn user_with_devices(emu: &Emulator, n: u32) -> (TestUser, Vec<String>) {
    let user = emu.create_user_with_token("alice", PASSWORD).await.unwrap();
    let mut keys = Vec::new();
    for i in 0..n {
        let key = device_key(i);
        emu.confirm_device(&user.access_token, &key, &format!("device {i}"))
            .await
            .unwrap();
        keys.push(key);
    }
    (user, keys)
}

#[tokio::test]
async fn list_devices_with_limit_one_gives_three_pages() {
    let emu = Emulator::start().await.unwrap();
    let (user, keys) = user_with_devices(&emu, 3).await;

    let mut pages: Vec<Vec<String>> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut req = json!({ "AccessToken": user.access_token, "Limit": 1 });
        if let Some(t) = &token {
            req["PaginationToken"] = json!(t);
        }
        let (status, body) = emu.call("ListDevices", req).await.unwrap();
        assert_eq!(status, 200, "{body}");
        let page: Vec<String> = body["Devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["DeviceKey"].as_str().unwrap().to_owned())
            .collect();
        pages.push(page);
        token = body["PaginationToken"].as_str().map(str::to_owned);
        if token.is_none() || pages.len() > 10 {
            break;
        }
    }

    assert_eq!(pages.len(), 3, "{pages:?}");
    assert!(pages.iter().all(|p| p.len() == 1), "{pages:?}");
    // Devices come back in creation order.
    assert_eq!(pages.concat(), keys);
}

#[tokio::test]
async fn confirm_device_answers_no_confirmation_needed_and_device_has_its_name() {
    let emu = Emulator::start().await.unwrap();
    let user = emu.create_user_with_token("bob", PASSWORD).await.unwrap();
    let (status, body) = emu
        .call(
            "ConfirmDevice",
            json!({
                "AccessToken": user.access_token,
                "DeviceKey": device_key(7),
                "DeviceName": "laptop",
            }),
        )
        .await
        .unwrap();
    assert_eq!(
        (status, body),
        (200, json!({ "UserConfirmationNecessary": false }))
    );

    let (status, body) = emu
        .call("ListDevices", json!({ "AccessToken": user.access_token }))
        .await
        .unwrap();
    assert_eq!(status, 200, "{body}");
    let device = &body["Devices"][0];
    assert_eq!(device["DeviceKey"], json!(device_key(7)));
    assert_eq!(
        device["DeviceAttributes"],
        json!([{ "Name": "device_name", "Value": "laptop" }])
    );
    assert!(body.get("PaginationToken").is_none(), "{body}");
}

#[tokio::test]
async fn garbage_token_is_not_authorized() {
    let emu = Emulator::start().await.unwrap();
    let (status, body) = emu
        .call("ListDevices", json!({ "AccessToken": "not-a-token" }))
        .await
        .unwrap();
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["__type"], "NotAuthorizedException", "{body}");
    assert_eq!(body["message"], "Invalid access token.", "{body}");
}

#[tokio::test]
async fn signed_out_token_is_not_authorized() {
    let emu = Emulator::start().await.unwrap();
    let (user, _) = user_with_devices(&emu, 1).await;
    let list = json!({ "AccessToken": user.access_token });

    let (status, _) = emu.call("ListDevices", list.clone()).await.unwrap();
    assert_eq!(status, 200);

    emu.global_sign_out(&user.access_token).await.unwrap();

    for op in ["ListDevices", "GetUser", "GlobalSignOut"] {
        let (status, body) = emu.call(op, list.clone()).await.unwrap();
        assert_eq!(status, 400, "{op}: {body}");
        assert_eq!(body["__type"], "NotAuthorizedException", "{op}: {body}");
    }

    // The helpers turn that answer into an `ApiError`.
    let err = emu
        .confirm_device(&user.access_token, &device_key(9), "late")
        .await
        .unwrap_err();
    let api = err.downcast_ref::<ApiError>().expect("an ApiError");
    assert_eq!(api.operation, "ConfirmDevice");
    assert_eq!(api.status, 400);
    assert_eq!(api.error_type, "NotAuthorizedException");
}

#[tokio::test]
async fn test_user_debug_never_shows_the_token() {
    let emu = Emulator::start().await.unwrap();
    let user = emu.create_user_with_token("carol", PASSWORD).await.unwrap();
    assert!(user.pool_id.starts_with("us-east-1_"), "{user:?}");
    assert!(!user.client_id.is_empty());
    assert_eq!(user.username, "carol");
    assert!(user.access_token.len() > 20);

    let shown = format!("{user:?} {user:#?}");
    assert!(!shown.contains(&user.access_token), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn bad_password_is_reported_with_operation_and_type() {
    let emu = Emulator::start().await.unwrap();
    let err = emu
        .create_user_with_token("dave", "short")
        .await
        .unwrap_err();
    let api = err.downcast_ref::<ApiError>().expect("an ApiError");
    assert_eq!(api.operation, "AdminSetUserPassword", "{api}");
    assert_eq!(api.status, 400, "{api}");
    assert_eq!(api.error_type, "InvalidPasswordException", "{api}");
}

#[tokio::test]
async fn emulators_are_independent() {
    let a = Emulator::start().await.unwrap();
    let b = Emulator::start().await.unwrap();
    assert_ne!(a.endpoint(), b.endpoint());
    a.create_user_with_token("erin", PASSWORD).await.unwrap();

    let pools = |body: Value| body["UserPools"].as_array().unwrap().len();
    let (_, in_a) = a
        .call("ListUserPools", json!({ "MaxResults": 60 }))
        .await
        .unwrap();
    let (_, in_b) = b
        .call("ListUserPools", json!({ "MaxResults": 60 }))
        .await
        .unwrap();
    assert_eq!((pools(in_a), pools(in_b)), (1, 0));
}

#[tokio::test]
async fn dropping_the_emulator_stops_the_server() {
    let emu = Emulator::start().await.unwrap();
    let addr = emu.endpoint().trim_start_matches("http://").to_owned();
    assert!(tokio::net::TcpStream::connect(&addr).await.is_ok());
    drop(emu);

    // The abort lands when the runtime next polls the server task.
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(&addr).await.is_err() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("{addr} still accepts connections after drop");
}
