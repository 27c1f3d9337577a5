//! The remembered-device layer: **our code**, an axum middleware in front of fakecloud's
//! dispatcher, switched on by [`Emulator::start_with_devices`](crate::Emulator::start_with_devices)
//! or [`EmulatorBuilder::device_tracking`](crate::EmulatorBuilder::device_tracking). fakecloud
//! 0.51.0 stores a pool's `DeviceConfiguration` but never acts on it; this layer adds the
//! device half of Cognito's sign-in on pools that have one. On any other pool, and for every
//! other operation, requests and answers pass through byte for byte.
//!
//! A pool tracks devices when its `DeviceConfiguration` (as fakecloud stored it from
//! `CreateUserPool`/`UpdateUserPool`) is an object with at least one member: AWS: "When you
//! provide a value for any property of DeviceConfiguration, you activate the device
//! remembering for the user pool."
//!
//! # What the layer adds on a tracking pool
//!
//! - **`NewDeviceMetadata`.** An `AuthenticationResult` of `InitiateAuth` (any flow but
//!   `REFRESH_TOKEN_AUTH`/`REFRESH_TOKEN`) or `RespondToAuthChallenge` of a sign-in that sent
//!   no `DEVICE_KEY` gets `NewDeviceMetadata {DeviceKey: "us-east-1_<uuid v4>",
//!   DeviceGroupKey: "-<8 letters and digits>"}` (the shapes of AWS's documented example,
//!   `us-west-2_fec070d2-…`, `-wt2ha1Zd`). A `DEVICE_KEY` sent with `InitiateAuth` is
//!   remembered for the challenge sessions that follow, so it may come in either request.
//!   The group key is one per user; each sign-in without a key gets a new device key.
//! - **`ConfirmDevice`.** The key must be one the layer issued to the access token's user,
//!   else `400 InvalidParameterException "Invalid device key given."` (the answer AWS users
//!   report for keys Cognito rejects, e.g. boto3#4059, amplify-js#2087); confirming a key
//!   twice gives `DeviceKeyExistsException` (the model: "a device key that already exists").
//!   `DeviceSecretVerifierConfig {PasswordVerifier, Salt}` is required (base64 of big-endian
//!   numbers, as amazon-cognito-identity-js sends them) and recorded, the request is then
//!   forwarded so `ListDevices`/`GetDevice` show the device, and the answer is
//!   `UserConfirmationNecessary` = the pool's `DeviceOnlyRememberedOnUserPrompt`. The device
//!   is stored remembered when that is false, not remembered otherwise; `UpdateDeviceStatus`
//!   (fakecloud's own) changes it.
//! - **Device challenges.** When a step that would hand out tokens (`PASSWORD_VERIFIER`, or
//!   `USER_PASSWORD_AUTH`, or any later challenge of the same sign-in) carries the
//!   `DEVICE_KEY` of a confirmed, remembered device of that user, the tokens fakecloud minted
//!   are held and the answer is `ChallengeName: DEVICE_SRP_AUTH` with a new `Session` and
//!   empty `ChallengeParameters`. `DEVICE_SRP_AUTH {USERNAME, DEVICE_KEY, SRP_A}` is answered
//!   with `DEVICE_PASSWORD_VERIFIER {SRP_B, SALT (hex), SECRET_BLOCK (base64), USERNAME,
//!   DEVICE_KEY}`, computed with fakecloud's `srp` module from the recorded verifier, with the
//!   device group key in place of the pool name and the device key in place of the user id;
//!   `DEVICE_PASSWORD_VERIFIER {PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK,
//!   TIMESTAMP, USERNAME, DEVICE_KEY}` is checked (constant-time compare) and releases the
//!   held answer. A wrong signature is `400 NotAuthorizedException "Incorrect username or
//!   password."` (what Cognito answers, aws-sdk-net-extensions-cognito#73). Each step takes
//!   its session out, so a failed step ends the sign-in; on a tracking pool's client, a
//!   device challenge on a session the layer did not issue, already used or let expire is
//!   `NotAuthorizedException "Invalid session for the user, session is expired."`
//!   (fakecloud's wording for its own sessions).
//! - **Unknown device at sign-in.** A `DEVICE_KEY` the layer never issued to the user, or one
//!   whose device was forgotten (`ForgetDevice`/`AdminForgetDevice`), turns the token answer
//!   into `400 ResourceNotFoundException "Device does not exist."`, as Cognito does for a
//!   forgotten device (amazon-cognito-identity-js#200, amplify-android#2605; SDKs then retry
//!   without the key).
//! - **Refresh.** A refresh token from a sign-in of a tracking pool is tied to that sign-in's
//!   device. `REFRESH_TOKEN_AUTH`/`REFRESH_TOKEN` must send that `DEVICE_KEY`, and the device
//!   must be confirmed and not forgotten, else `400 NotAuthorizedException "Invalid Refresh
//!   Token."` (the answer reported with device tracking on, e.g. aws-sdk-java#2841,
//!   aws-sdk-net-extensions-cognito#85; the AWS blog on device tracking: "If a refresh token
//!   is used on any other device, the call fails").
//!
//! # When Cognito asks for `DEVICE_SRP_AUTH` (our reading of AWS's documents)
//!
//! - "Working with user devices in your user pool": Cognito "includes a device key in the
//!   response to any sign-in that doesn't already include device information"; "When your
//!   user signs in with a remembered device, you must perform an additional device
//!   authentication"; the older page of the same guide: with *Always*, Cognito "will use the
//!   device identifier (key and secret) to authenticate the device on every user sign-in with
//!   that device".
//! - The `ChallengeResponses` reference: `PASSWORD_VERIFIER` and `CUSTOM_CHALLENGE` answers
//!   "Add DEVICE_KEY when you sign in with a remembered device"; `DEVICE_SRP_AUTH` and
//!   `DEVICE_PASSWORD_VERIFIER` take the members listed above.
//! - AWS's Python example `sign_in_with_tracked_device` expects `DEVICE_SRP_AUTH` straight
//!   from `InitiateAuth(USER_PASSWORD_AUTH)` with `DEVICE_KEY`; SDK reports show
//!   `USER_SRP_AUTH → PASSWORD_VERIFIER → DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER`.
//! - Amplify's device terminology: a *not remembered* device "is treated as if it was never
//!   used during the user authentication flow ... the device credentials are not used".
//!
//! So: `DEVICE_SRP_AUTH` comes after the password step of a sign-in whose `DEVICE_KEY` names a
//! confirmed device in the remembered state; a tracked but not remembered device signs in
//! without it (and gets no new key); `ChallengeRequiredOnNewDevice` only decides whether a
//! remembered device may replace MFA.
//!
//! # Where it differs from Cognito
//!
//! - No MFA suppression: if fakecloud asks for an MFA code, the challenge passes through and
//!   the device challenge (if any) comes after it; `ChallengeRequiredOnNewDevice` is not read.
//! - Only `InitiateAuth`/`RespondToAuthChallenge`: the `Admin*` sign-ins and
//!   `GetTokensFromRefreshToken` get no device handling.
//! - Held tokens already exist in fakecloud's state; they are just not given out unless the
//!   device challenge succeeds (nobody else knows them).
//! - The device sessions require `Session` (AWS's Python example sends none; the JS SDK
//!   does) and expire after the client's `AuthSessionValidity` minutes (default 3);
//!   `TIMESTAMP`'s format is not checked and `SECRET_HASH` is not required (like
//!   fakecloud's own `RespondToAuthChallenge`).
//! - The device's remembered state is kept in fakecloud's own device record, so
//!   `ListDevices` shows fakecloud's non-AWS member `DeviceRememberedStatus` instead of the
//!   attribute `dev:device_remembered_status`.
//! - Messages we could not find in AWS's documents or reports (missing or malformed
//!   parameters, `DeviceKeyExistsException`'s text) are our own wording.

mod confirm;
mod lookup;
mod registry;
mod sign_in;

use std::sync::{Arc, OnceLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{StatusCode, header, request, response};
use axum::middleware::Next;
use axum::response::Response;
use fakecloud_cognito::SharedCognitoState;
use num_bigint::BigUint;
use parking_lot::Mutex;
use serde_json::{Map, Value, json};

use crate::{CONTENT_TYPE, TARGET_PREFIX};
use registry::Registry;

/// Bodies of the operations the layer reads are small; anything larger is refused, as
/// fakecloud refuses bodies over its own cap.
const MAX_REQUEST_BYTES: usize = 1 << 20;

/// The layer's state: fakecloud's state (read, and written for device records) and our own.
pub(crate) struct DeviceLayer {
    cognito: SharedCognitoState,
    registry: Mutex<Registry>,
}

impl DeviceLayer {
    pub(crate) fn new(cognito: SharedCognitoState) -> Arc<DeviceLayer> {
        Arc::new(DeviceLayer {
            cognito,
            registry: Mutex::new(Registry::default()),
        })
    }
}

/// The middleware: reads the three operations the layer changes and lets the rest through.
pub(crate) async fn middleware(
    State(layer): State<Arc<DeviceLayer>>,
    request: Request,
    next: Next,
) -> Response {
    let operation = request
        .headers()
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .and_then(|t| t.strip_prefix(TARGET_PREFIX))
        .and_then(|t| t.strip_prefix('.'))
        .unwrap_or_default()
        .to_owned();
    if !matches!(
        operation.as_str(),
        "InitiateAuth" | "RespondToAuthChallenge" | "ConfirmDevice"
    ) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REQUEST_BYTES).await else {
        return error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "RequestEntityTooLarge",
            "Request body too large",
        );
    };
    let upstream = Upstream { parts, bytes, next };
    // Not a JSON object: fakecloud gives the protocol error.
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(&upstream.bytes) else {
        return upstream.forward().await;
    };
    match operation.as_str() {
        "InitiateAuth" => sign_in::initiate_auth(&layer, &body, upstream).await,
        "RespondToAuthChallenge" => {
            sign_in::respond_to_auth_challenge(&layer, &body, upstream).await
        }
        _ => confirm::confirm_device(&layer, &body, upstream).await,
    }
}

/// A request read by the layer, to be passed on to fakecloud unchanged.
struct Upstream {
    parts: request::Parts,
    bytes: Bytes,
    next: Next,
}

impl Upstream {
    async fn forward(self) -> Response {
        self.next
            .run(Request::from_parts(self.parts, Body::from(self.bytes)))
            .await
    }

    /// Forwards and reads fakecloud's answer.
    async fn answer(self) -> Answer {
        let (parts, body) = self.forward().await.into_parts();
        let bytes = axum::body::to_bytes(body, usize::MAX)
            .await
            .unwrap_or_default();
        let json = serde_json::from_slice(&bytes).ok();
        Answer { parts, bytes, json }
    }
}

/// fakecloud's answer, kept whole so it can be passed on unchanged.
struct Answer {
    parts: response::Parts,
    bytes: Bytes,
    json: Option<Value>,
}

impl Answer {
    fn is_success(&self) -> bool {
        self.parts.status.is_success()
    }

    fn unchanged(self) -> Response {
        Response::from_parts(self.parts, Body::from(self.bytes))
    }

    /// fakecloud's status and headers with another JSON body.
    fn with_json(mut self, json: &Value) -> Response {
        self.parts.headers.remove(header::CONTENT_LENGTH);
        Response::from_parts(self.parts, Body::from(json.to_string()))
    }
}

/// A string member of a JSON object.
fn str_member<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    object.get(name).and_then(Value::as_str)
}

fn with_request_id(builder: axum::http::response::Builder) -> axum::http::response::Builder {
    let id = uuid::Uuid::new_v4().to_string();
    builder
        .header(header::CONTENT_TYPE, CONTENT_TYPE)
        .header("x-amzn-requestid", &id)
        .header("x-amz-request-id", &id)
}

/// A 200 answer of the layer's own, with the headers fakecloud sends.
fn ok(body: &Value) -> Response {
    with_request_id(axum::http::Response::builder().status(StatusCode::OK))
        .body(Body::from(body.to_string()))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

/// An error answer shaped like fakecloud's: `__type` and `message` in the body, the code and
/// message in `x-amz-error-code`/`x-amz-error-message`. `code` and `message` are our
/// constants, valid header values.
fn error(status: StatusCode, code: &str, message: &str) -> Response {
    with_request_id(axum::http::Response::builder().status(status))
        .header("x-amz-error-code", code)
        .header("x-amz-error-message", message)
        .body(Body::from(
            json!({ "__type": code, "message": message }).to_string(),
        ))
        .unwrap_or_else(|_| Response::new(Body::empty()))
}

fn bad_request(code: &str, message: &str) -> Response {
    error(StatusCode::BAD_REQUEST, code, message)
}

/// The 3072-bit group of RFC 5054 (g = 2) that Cognito's SRP uses; fakecloud keeps its copy
/// private, and the layer needs `N` to reject a public value that is 0 mod `N`.
fn srp_modulus() -> &'static BigUint {
    static N: OnceLock<BigUint> = OnceLock::new();
    N.get_or_init(|| BigUint::parse_bytes(crate::SRP_N_HEX.as_bytes(), 16).unwrap_or_default())
}
