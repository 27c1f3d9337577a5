//! What fakecloud 0.51.0's Cognito actually does on the wire, pinned so that
//! an upgrade that changes it is noticed. These are emulator facts, not
//! expectations of the real service.

use super::*;

const PASSWORD: &str = "Passw0rd!23";

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn errors_carry_type_in_body_and_x_amz_error_headers() {
    let emu = Emulator::start().await.unwrap();
    let (status, headers, body) = emu
        .send("GetUser", &[], r#"{"AccessToken":"garbage"}"#)
        .await
        .unwrap();
    assert_eq!(status, 400);
    assert_eq!(header(&headers, "content-type"), Some(CONTENT_TYPE));
    assert_eq!(
        header(&headers, "x-amz-error-code"),
        Some("NotAuthorizedException")
    );
    assert_eq!(
        header(&headers, "x-amz-error-message"),
        Some("Invalid access token.")
    );
    // Not the header real Cognito and the AWS SDKs use.
    assert_eq!(header(&headers, "x-amzn-errortype"), None);
    // Both request-id spellings are present.
    let id = header(&headers, "x-amzn-requestid").unwrap();
    assert_eq!(header(&headers, "x-amz-request-id"), Some(id));
    let body: Value = serde_json::from_slice(&body).unwrap();
    // Plain name, no `namespace#` prefix, lower-case `message`.
    assert_eq!(
        body,
        json!({ "__type": "NotAuthorizedException", "message": "Invalid access token." })
    );
}

#[tokio::test]
async fn no_signature_needed_and_a_dummy_one_is_accepted() {
    let emu = Emulator::start().await.unwrap();
    // Every helper sends no Authorization header at all; a dummy SigV4 one
    // changes nothing (signatures are not verified).
    let auth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
    let (status, _, body) = emu
        .send(
            "ListUserPools",
            &[("authorization", auth), ("x-amz-date", "20260101T000000Z")],
            r#"{"MaxResults":1}"#,
        )
        .await
        .unwrap();
    assert_eq!(status, 200, "{body:?}");
}

#[tokio::test]
async fn protocol_errors() {
    let emu = Emulator::start().await.unwrap();
    let cases: [(&str, &str, u16, &str); 3] = [
        ("ListDevices", "{not json", 400, "SerializationException"),
        ("ListDevices", "{}", 400, "InvalidParameterException"),
        ("NoSuchOperation", "{}", 501, "InvalidAction"),
    ];
    for (op, body, want_status, want_type) in cases {
        let (status, headers, raw) = emu.send(op, &[], body).await.unwrap();
        let parsed: Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(status, want_status, "{op} {body}: {parsed}");
        assert_eq!(parsed["__type"], want_type, "{op} {body}: {parsed}");
        assert_eq!(header(&headers, "x-amz-error-code"), Some(want_type));
    }
}

#[tokio::test]
async fn device_timestamps_are_whole_second_epoch_floats() {
    let emu = Emulator::start().await.unwrap();
    let user = emu.create_user_with_token("tim", PASSWORD).await.unwrap();
    emu.confirm_device(&user.access_token, "us-east-1_ts", "clock")
        .await
        .unwrap();
    let (_, _, raw) = emu
        .send(
            "ListDevices",
            &[],
            json!({ "AccessToken": user.access_token }).to_string(),
        )
        .await
        .unwrap();
    let text = String::from_utf8(raw.to_vec()).unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    let device = &body["Devices"][0];
    for field in [
        "DeviceCreateDate",
        "DeviceLastModifiedDate",
        "DeviceLastAuthenticatedDate",
    ] {
        let n = device[field]
            .as_f64()
            .unwrap_or_else(|| panic!("{field}: {device}"));
        assert_eq!(n.fract(), 0.0, "{field}: {n}");
        assert!(n > 1.6e9, "{field}: {n}");
    }
    // On the wire: `1795673719.0`, a float with a `.0`.
    assert!(text.contains("Date\":1") && text.contains(".0,"), "{text}");
    // No DeviceRememberedStatus until UpdateDeviceStatus sets one.
    assert!(device.get("DeviceRememberedStatus").is_none(), "{device}");
}

#[tokio::test]
async fn list_devices_pagination_details() {
    let emu = Emulator::start().await.unwrap();
    let user = emu.create_user_with_token("pat", PASSWORD).await.unwrap();
    for key in ["k-a", "k-b", "k-c"] {
        // DeviceKey format is not checked.
        emu.confirm_device(&user.access_token, key, key)
            .await
            .unwrap();
    }
    let list = |extra: Value| {
        let mut req = json!({ "AccessToken": user.access_token });
        for (k, v) in extra.as_object().unwrap() {
            req[k] = v.clone();
        }
        emu.call("ListDevices", req)
    };
    let keys = |body: &Value| -> Vec<String> {
        body["Devices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["DeviceKey"].as_str().unwrap().to_owned())
            .collect()
    };

    // The PaginationToken is the next page's first DeviceKey.
    let (_, first) = list(json!({ "Limit": 1 })).await.unwrap();
    assert_eq!(first["PaginationToken"], "k-b");
    // Limit is clamped to 1..=60 instead of rejected.
    let (status, zero) = list(json!({ "Limit": 0 })).await.unwrap();
    assert_eq!((status, keys(&zero).len()), (200, 1), "{zero}");
    let (status, big) = list(json!({ "Limit": 1000 })).await.unwrap();
    assert_eq!((status, keys(&big).len()), (200, 3), "{big}");
    // An unknown token gives an empty last page, not an error.
    let (status, stale) = list(json!({ "PaginationToken": "nope" })).await.unwrap();
    assert_eq!(status, 200, "{stale}");
    assert_eq!(stale, json!({ "Devices": [] }));
}
