//! `InitiateAuth` and `RespondToAuthChallenge` on tracking pools: new device keys on token
//! answers, the refresh-token device check, and the two device challenges.

use std::time::{Duration, Instant};

use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fakecloud_cognito::srp;
use num_bigint::BigUint;
use serde_json::{Map, Value, json};

use super::lookup::{self, TrackingPool};
use super::registry::{Known, Pending, Stage, new_secret_block};
use super::{Answer, DeviceLayer, Upstream, bad_request, ok, srp_modulus, str_member};

/// The sign-in a token answer belongs to.
struct SignIn {
    client_id: String,
    pool: TrackingPool,
    device_key: Option<String>,
    given_username: Option<String>,
}

pub(super) async fn initiate_auth(
    layer: &DeviceLayer,
    body: &Map<String, Value>,
    upstream: Upstream,
) -> Response {
    let Some((client_id, pool)) = tracking_client(layer, body) else {
        return upstream.forward().await;
    };
    let params = body.get("AuthParameters").and_then(Value::as_object);
    let param = |name: &str| params.and_then(|p| str_member(p, name));
    let device_key = param("DEVICE_KEY").map(str::to_owned);
    if matches!(
        str_member(body, "AuthFlow"),
        Some("REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN")
    ) {
        if let Some(token) = param("REFRESH_TOKEN")
            && !refresh_allowed(layer, token, device_key.as_deref())
        {
            return bad_request("NotAuthorizedException", "Invalid Refresh Token.");
        }
        return upstream.forward().await;
    }
    let sign_in = SignIn {
        client_id,
        pool,
        device_key,
        given_username: param("USERNAME").map(str::to_owned),
    };
    let answer = upstream.answer().await;
    after_step(layer, sign_in, answer)
}

pub(super) async fn respond_to_auth_challenge(
    layer: &DeviceLayer,
    body: &Map<String, Value>,
    upstream: Upstream,
) -> Response {
    let Some((client_id, pool)) = tracking_client(layer, body) else {
        return upstream.forward().await;
    };
    let session = str_member(body, "Session");
    if let Some(name @ ("DEVICE_SRP_AUTH" | "DEVICE_PASSWORD_VERIFIER")) =
        str_member(body, "ChallengeName")
    {
        return device_step(layer, name, session, body);
    }
    let responses = body.get("ChallengeResponses").and_then(Value::as_object);
    let device_key = responses
        .and_then(|r| str_member(r, "DEVICE_KEY"))
        .map(str::to_owned)
        .or_else(|| session.and_then(|s| layer.registry.lock().session_device(s)));
    let sign_in = SignIn {
        client_id,
        pool,
        device_key,
        given_username: responses
            .and_then(|r| str_member(r, "USERNAME"))
            .map(str::to_owned),
    };
    let answer = upstream.answer().await;
    after_step(layer, sign_in, answer)
}

/// The request's app client and its pool, if that pool tracks devices.
fn tracking_client(
    layer: &DeviceLayer,
    body: &Map<String, Value>,
) -> Option<(String, TrackingPool)> {
    let client_id = str_member(body, "ClientId")?;
    let pool = lookup::tracking_pool_of_client(&layer.cognito, client_id)?;
    Some((client_id.to_owned(), pool))
}

fn session_lifetime(layer: &DeviceLayer, client_id: &str) -> Duration {
    Duration::from_secs(lookup::session_minutes(&layer.cognito, client_id) * 60)
}

/// fakecloud answered a sign-in step: pass a further challenge on (remembering the sign-in's
/// device for its session), or deal with the tokens.
fn after_step(layer: &DeviceLayer, sign_in: SignIn, mut answer: Answer) -> Response {
    if !answer.is_success() {
        return answer.unchanged();
    }
    let Some(mut json) = answer.json.take() else {
        return answer.unchanged();
    };
    let Some(access_token) = json
        .pointer("/AuthenticationResult/AccessToken")
        .and_then(Value::as_str)
    else {
        if let (Some(session), Some(key)) = (
            json.get("Session").and_then(Value::as_str),
            &sign_in.device_key,
        ) {
            let lifetime = session_lifetime(layer, &sign_in.client_id);
            layer.registry.lock().note_session(session, key, lifetime);
        }
        return answer.unchanged();
    };
    let Some((pool_id, username)) = lookup::token_user(&layer.cognito, access_token) else {
        return answer.unchanged();
    };
    if pool_id != sign_in.pool.pool_id {
        return answer.unchanged();
    }
    let refresh_token = json
        .pointer("/AuthenticationResult/RefreshToken")
        .and_then(Value::as_str)
        .map(str::to_owned);

    let Some(device_key) = sign_in.device_key else {
        let (device_key, group_key) = {
            let mut registry = layer.registry.lock();
            let issued = registry.issue(&pool_id, &username);
            registry.bind_refresh(refresh_token.as_deref(), &issued.0);
            issued
        };
        if let Some(result) = json
            .get_mut("AuthenticationResult")
            .and_then(Value::as_object_mut)
        {
            result.insert(
                "NewDeviceMetadata".to_owned(),
                json!({ "DeviceKey": device_key, "DeviceGroupKey": group_key }),
            );
        }
        return answer.with_json(&json);
    };

    // fakecloud's lock is taken (and released) before the registry's, never inside it.
    let state = lookup::device_state(&layer.cognito, &pool_id, &username, &device_key);
    let lifetime = session_lifetime(layer, &sign_in.client_id);
    let mut registry = layer.registry.lock();
    match registry.classify(&pool_id, &username, &device_key, state) {
        Known::Unknown => {
            drop(registry);
            device_does_not_exist()
        }
        Known::Unconfirmed | Known::Tracked => {
            registry.bind_refresh(refresh_token.as_deref(), &device_key);
            drop(registry);
            answer.unchanged()
        }
        Known::Remembered => {
            let session = registry.hold(Pending {
                client_id: sign_in.client_id,
                pool_id,
                username,
                given_username: sign_in.given_username,
                device_key,
                held: json,
                stage: Stage::AwaitSrpA,
                expires: Instant::now() + lifetime,
            });
            drop(registry);
            ok(&json!({
                "ChallengeName": "DEVICE_SRP_AUTH",
                "Session": session,
                "ChallengeParameters": {},
            }))
        }
    }
}

/// `REFRESH_TOKEN_AUTH` of a token the layer tied to a device: the request must name that
/// device, and it must still be a confirmed device. Tokens the layer did not tie pass.
fn refresh_allowed(layer: &DeviceLayer, refresh_token: &str, device_key: Option<&str>) -> bool {
    let Some(bound) = layer.registry.lock().refresh_device(refresh_token) else {
        return true;
    };
    if device_key != Some(bound.as_str()) {
        return false;
    }
    let Some((pool_id, username)) = layer.registry.lock().owner(&bound) else {
        return false;
    };
    let state = lookup::device_state(&layer.cognito, &pool_id, &username, &bound);
    match layer
        .registry
        .lock()
        .classify(&pool_id, &username, &bound, state)
    {
        Known::Tracked | Known::Remembered => true,
        Known::Unknown | Known::Unconfirmed => false,
    }
}

fn device_does_not_exist() -> Response {
    bad_request("ResourceNotFoundException", "Device does not exist.")
}

fn incorrect() -> Response {
    bad_request("NotAuthorizedException", "Incorrect username or password.")
}

fn missing(name: &str) -> Response {
    bad_request(
        "InvalidParameterException",
        &format!("{name} is required in ChallengeResponses"),
    )
}

/// `DEVICE_SRP_AUTH` or `DEVICE_PASSWORD_VERIFIER` to a client of a tracking pool: only
/// sessions the layer issued are live.
fn device_step(
    layer: &DeviceLayer,
    name: &str,
    session: Option<&str>,
    body: &Map<String, Value>,
) -> Response {
    let Some(session) = session else {
        return bad_request("InvalidParameterException", "Session is required");
    };
    let Some(pending) = layer.registry.lock().take(session) else {
        return session_expired();
    };
    if pending.expires <= Instant::now() {
        return session_expired();
    }
    if str_member(body, "ClientId") != Some(pending.client_id.as_str()) {
        return bad_request("NotAuthorizedException", "Invalid session.");
    }
    let Some(responses) = body.get("ChallengeResponses").and_then(Value::as_object) else {
        return bad_request(
            "InvalidParameterException",
            "ChallengeResponses is required",
        );
    };
    if let Some(refused) = device_mismatch(responses, &pending) {
        return refused;
    }
    let awaits_srp_a = matches!(pending.stage, Stage::AwaitSrpA);
    match (name, awaits_srp_a) {
        ("DEVICE_SRP_AUTH", true) => device_srp_auth(layer, pending, responses),
        ("DEVICE_PASSWORD_VERIFIER", false) => device_password_verifier(layer, pending, responses),
        _ => bad_request("NotAuthorizedException", "Invalid session."),
    }
}

fn session_expired() -> Response {
    bad_request(
        "NotAuthorizedException",
        "Invalid session for the user, session is expired.",
    )
}

/// The refusal, unless the answer names the user (by the name the sign-in used or the
/// stored one) and the device the challenge was issued for.
fn device_mismatch(responses: &Map<String, Value>, pending: &Pending) -> Option<Response> {
    let Some(username) = str_member(responses, "USERNAME") else {
        return Some(missing("USERNAME"));
    };
    let Some(device_key) = str_member(responses, "DEVICE_KEY") else {
        return Some(missing("DEVICE_KEY"));
    };
    let user_matches =
        username == pending.username || Some(username) == pending.given_username.as_deref();
    (!user_matches || device_key != pending.device_key).then(incorrect)
}

/// The device's verifier and group key, if the device is still confirmed and not forgotten.
fn device_secret(layer: &DeviceLayer, pending: &Pending) -> Option<(BigUint, BigUint, String)> {
    let state = lookup::device_state(
        &layer.cognito,
        &pending.pool_id,
        &pending.username,
        &pending.device_key,
    );
    let registry = layer.registry.lock();
    if matches!(
        registry.classify(
            &pending.pool_id,
            &pending.username,
            &pending.device_key,
            state
        ),
        Known::Unknown | Known::Unconfirmed
    ) {
        return None;
    }
    let record = registry.record_of(&pending.pool_id, &pending.username, &pending.device_key)?;
    let verifier = record.verifier.as_ref()?;
    Some((
        verifier.verifier.clone(),
        verifier.salt.clone(),
        record.group_key.clone(),
    ))
}

/// `SRP_A` is hex digits only, within fakecloud's size cap, and not 0 mod N (a client
/// that sends 0 mod N would force the shared secret to 0).
fn valid_client_public(a_hex: &str) -> bool {
    if a_hex.is_empty()
        || a_hex.len() > srp::MAX_PUBLIC_HEX_LEN
        || !a_hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return false;
    }
    BigUint::parse_bytes(a_hex.as_bytes(), 16)
        .is_some_and(|a| a % srp_modulus() != BigUint::from(0u8))
}

fn device_srp_auth(
    layer: &DeviceLayer,
    mut pending: Pending,
    responses: &Map<String, Value>,
) -> Response {
    let Some(a_hex) = str_member(responses, "SRP_A") else {
        return missing("SRP_A");
    };
    if !valid_client_public(a_hex) {
        return bad_request("InvalidParameterException", "SRP_A is malformed.");
    }
    let Some((verifier, salt, _)) = device_secret(layer, &pending) else {
        return device_does_not_exist();
    };
    let salt_hex = srp::to_hex(&salt);
    let handshake = srp::server_keys(&verifier, salt);
    let secret_block = new_secret_block();
    let parameters = json!({
        "SRP_B": srp::to_hex(&handshake.server_public_b),
        "SALT": salt_hex,
        "SECRET_BLOCK": secret_block,
        "USERNAME": pending.username,
        "DEVICE_KEY": pending.device_key,
    });
    pending.stage = Stage::AwaitClaim {
        client_public_a: a_hex.to_owned(),
        handshake,
        secret_block,
    };
    pending.expires = Instant::now() + session_lifetime(layer, &pending.client_id);
    let session = layer.registry.lock().hold(pending);
    ok(&json!({
        "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
        "Session": session,
        "ChallengeParameters": parameters,
    }))
}

fn device_password_verifier(
    layer: &DeviceLayer,
    pending: Pending,
    responses: &Map<String, Value>,
) -> Response {
    let Stage::AwaitClaim {
        client_public_a,
        handshake,
        secret_block,
    } = &pending.stage
    else {
        return bad_request("NotAuthorizedException", "Invalid session.");
    };
    let (Some(signature), Some(claimed_block), Some(timestamp)) = (
        str_member(responses, "PASSWORD_CLAIM_SIGNATURE"),
        str_member(responses, "PASSWORD_CLAIM_SECRET_BLOCK"),
        str_member(responses, "TIMESTAMP"),
    ) else {
        return incorrect();
    };
    // Cognito's SECRET_BLOCK is its own sealed state: only the one it sent opens.
    if claimed_block != secret_block.as_str() {
        return incorrect();
    }
    let Some((verifier, _, group_key)) = device_secret(layer, &pending) else {
        return device_does_not_exist();
    };
    let Ok(block) = STANDARD.decode(secret_block) else {
        return incorrect();
    };
    let Some(expected) = srp::expected_signature(
        handshake,
        &verifier,
        client_public_a,
        &group_key,
        &pending.device_key,
        &block,
        timestamp,
    ) else {
        return incorrect();
    };
    if !srp::ct_eq(expected.as_bytes(), signature.as_bytes()) {
        return incorrect();
    }
    let refresh_token = pending
        .held
        .pointer("/AuthenticationResult/RefreshToken")
        .and_then(Value::as_str);
    layer
        .registry
        .lock()
        .bind_refresh(refresh_token, &pending.device_key);
    lookup::update_device(
        &layer.cognito,
        &pending.pool_id,
        &pending.username,
        &pending.device_key,
        None,
        true,
    );
    ok(&pending.held)
}
