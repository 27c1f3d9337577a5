//! `ConfirmDevice` on tracking pools: only keys the layer issued, with a verifier.

use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use num_bigint::BigUint;
use serde_json::{Map, Value, json};

use super::lookup;
use super::registry::{Known, Verifier};
use super::{DeviceLayer, Upstream, bad_request, srp_modulus, str_member};

/// Longest salt accepted, in bytes (clients send 16).
const MAX_SALT_BYTES: usize = 1024;

pub(super) async fn confirm_device(
    layer: &DeviceLayer,
    body: &Map<String, Value>,
    upstream: Upstream,
) -> Response {
    // Without a live token or a key, fakecloud gives its own error.
    let (Some(access_token), Some(device_key)) = (
        str_member(body, "AccessToken"),
        str_member(body, "DeviceKey"),
    ) else {
        return upstream.forward().await;
    };
    let Some((pool_id, username)) = lookup::token_user(&layer.cognito, access_token) else {
        return upstream.forward().await;
    };
    let Some(pool) = lookup::tracking_pool(&layer.cognito, &pool_id) else {
        return upstream.forward().await;
    };
    let state = lookup::device_state(&layer.cognito, &pool_id, &username, device_key);
    let known = layer
        .registry
        .lock()
        .classify(&pool_id, &username, device_key, state);
    match known {
        Known::Unconfirmed => {}
        Known::Unknown => {
            return bad_request("InvalidParameterException", "Invalid device key given.");
        }
        Known::Tracked | Known::Remembered => {
            return bad_request("DeviceKeyExistsException", "Device key already exists.");
        }
    }
    let verifier = match parse_verifier_config(body.get("DeviceSecretVerifierConfig")) {
        Ok(verifier) => verifier,
        Err(message) => return bad_request("InvalidParameterException", message),
    };

    let answer = upstream.answer().await;
    if !answer.is_success() {
        return answer.unchanged();
    }
    layer.registry.lock().confirm(device_key, verifier);
    lookup::update_device(
        &layer.cognito,
        &pool_id,
        &username,
        device_key,
        Some(!pool.remembered_on_prompt),
        false,
    );
    answer.with_json(&json!({ "UserConfirmationNecessary": pool.remembered_on_prompt }))
}

/// `DeviceSecretVerifierConfig`: `PasswordVerifier` and `Salt`, base64 of big-endian numbers
/// (a leading zero byte, as `padHex` adds, is allowed), the verifier in 1..N.
fn parse_verifier_config(config: Option<&Value>) -> Result<Verifier, &'static str> {
    let config = config
        .and_then(Value::as_object)
        .ok_or("DeviceSecretVerifierConfig is required")?;
    let decode = |name: &str| {
        str_member(config, name)
            .filter(|s| !s.is_empty())
            .and_then(|s| STANDARD.decode(s).ok())
    };
    let verifier = decode("PasswordVerifier")
        .ok_or("DeviceSecretVerifierConfig.PasswordVerifier must be non-empty base64")?;
    let salt = decode("Salt").ok_or("DeviceSecretVerifierConfig.Salt must be non-empty base64")?;
    if salt.len() > MAX_SALT_BYTES {
        return Err("DeviceSecretVerifierConfig.Salt is too long");
    }
    let verifier = BigUint::from_bytes_be(&verifier);
    if verifier == BigUint::from(0u8) || &verifier >= srp_modulus() {
        return Err("DeviceSecretVerifierConfig.PasswordVerifier is not a number in 1..N");
    }
    Ok(Verifier {
        verifier,
        salt: BigUint::from_bytes_be(&salt),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(verifier: &[u8], salt: &[u8]) -> Value {
        json!({
            "PasswordVerifier": STANDARD.encode(verifier),
            "Salt": STANDARD.encode(salt),
        })
    }

    #[test]
    fn verifier_config_is_base64_numbers_with_padding_allowed() {
        let parsed = parse_verifier_config(Some(&config(&[0, 0x80, 1], &[0, 0xff]))).unwrap();
        assert_eq!(parsed.verifier, BigUint::from(0x8001u32));
        assert_eq!(parsed.salt, BigUint::from(0xffu32));
    }

    #[test]
    fn bad_verifier_configs_are_refused() {
        let n = srp_modulus().to_bytes_be();
        let cases = [
            (None, "DeviceSecretVerifierConfig is required"),
            (
                Some(json!("text")),
                "DeviceSecretVerifierConfig is required",
            ),
            (
                Some(json!({ "PasswordVerifier": "%%%", "Salt": "AA==" })),
                "DeviceSecretVerifierConfig.PasswordVerifier must be non-empty base64",
            ),
            (
                Some(json!({ "PasswordVerifier": "AQ==" })),
                "DeviceSecretVerifierConfig.Salt must be non-empty base64",
            ),
            (
                Some(config(&[0], &[1])),
                "DeviceSecretVerifierConfig.PasswordVerifier is not a number in 1..N",
            ),
            (
                Some(config(&n, &[1])),
                "DeviceSecretVerifierConfig.PasswordVerifier is not a number in 1..N",
            ),
            (
                Some(config(&[1], &[7; MAX_SALT_BYTES + 1])),
                "DeviceSecretVerifierConfig.Salt is too long",
            ),
        ];
        for (input, want) in cases {
            let got = parse_verifier_config(input.as_ref()).err();
            assert_eq!(got, Some(want), "{input:?}");
        }
    }
}
