//! Test-only support: an embedded Cognito user-pool emulator on loopback.
//!
//! [`Emulator::start`] serves the Cognito user-pool service of
//! [fakecloud](https://fakecloud.dev) 0.51.0 (`fakecloud-cognito` +
//! `fakecloud-core`) on `127.0.0.1:<random port>` in a background task of the
//! current tokio runtime, so an end-to-end test of a Cognito client can point
//! the client at [`Emulator::endpoint`] and talk to a real server over HTTP.
//!
//! Only the Cognito user-pool service (`AWSCognitoIdentityProviderService`,
//! awsJson1_1) is registered; nothing else of fakecloud is embedded.
//!
//! The helpers ([`Emulator::call`], [`Emulator::create_user_with_token`],
//! [`Emulator::confirm_device`], [`Emulator::global_sign_out`]) speak raw
//! awsJson1_1 to the emulator, independently of the client under test, so
//! tests can arrange state without trusting that client.
//!
//! ```
//! use cognito_emulator::Emulator;
//! use serde_json::json;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), cognito_emulator::Error> {
//! let emu = Emulator::start().await?;
//! let user = emu.create_user_with_token("alice", "Passw0rd!23").await?;
//! emu.confirm_device(&user.access_token, "us-east-1_0b9f6a2e-1c1d-4e8a-9d5e-3f2a1b0c9d8e", "laptop")
//!     .await?;
//! // Point the client under test at `emu.endpoint()`; or check raw answers:
//! let (status, body) = emu
//!     .call("ListDevices", json!({ "AccessToken": user.access_token }))
//!     .await?;
//! assert_eq!(status, 200);
//! assert_eq!(body["Devices"].as_array().map(Vec::len), Some(1));
//! # Ok(())
//! # }
//! ```
//!
//! # Our layers in front of fakecloud (opt-in)
//!
//! [`Emulator::start`] is fakecloud alone. [`Emulator::start_with_devices`] (or
//! [`Emulator::builder`]) puts two layers of **our own code** in front of fakecloud's
//! dispatcher; a test that relies on them tests our emulation, not fakecloud's, and should
//! say so:
//!
//! - the remembered-device layer ([`EmulatorBuilder::device_tracking`]): on pools with a
//!   `DeviceConfiguration`, `NewDeviceMetadata` in token answers, `ConfirmDevice` that
//!   records the device's SRP verifier, the `DEVICE_SRP_AUTH` → `DEVICE_PASSWORD_VERIFIER`
//!   challenges for remembered devices, and refresh tokens tied to their device. Everything
//!   it adds, when Cognito asks for the device challenges (our reading of AWS's documents)
//!   and where the layer differs from Cognito is in [`devices`];
//! - CORS ([`EmulatorBuilder::cors`], see [`cors`]) so a page on another origin can call
//!   the emulator.
//!
//! [`Emulator::create_pool_with_device_tracking`], [`Emulator::sign_up_confirmed`] and
//! [`Emulator::confirmation_code`] set up users the way a real app does (SignUp, then
//! ConfirmSignUp with the code fakecloud generated).
//!
//! fakecloud is AGPL-3.0-or-later: this crate is for tests only
//! (`publish = false`) and nothing that ships may depend on it.
#![deny(missing_docs)]

pub mod cors;
pub mod devices;
mod pools;

pub use pools::{AppClient, DeviceConfiguration, SignedUpUser};

use std::fmt;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Extension;
use axum::http::{HeaderMap, Method, Request, header};
use axum::middleware;
use fakecloud_cognito::{CognitoService, SharedCognitoState};
use fakecloud_core::dispatch::{self, DispatchConfig};
use fakecloud_core::multi_account::MultiAccountState;
use fakecloud_core::registry::ServiceRegistry;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use tokio::task::JoinHandle;

/// The error type of every fallible helper in this crate.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// AWS account id the emulator serves (fakecloud's default account).
pub const ACCOUNT_ID: &str = "000000000000";

/// `N` of the 3072-bit group of RFC 5054 (g = 2) that Cognito's SRP uses, in hex: for the
/// device layer and for tests that play either side of SRP without the code they test.
pub const SRP_N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// AWS region the emulator serves; pool ids look like `us-east-1_XXXXXXXXX`.
pub const REGION: &str = "us-east-1";

/// Prefix of the `X-Amz-Target` header of every Cognito user-pool operation.
pub const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService";

/// The awsJson1_1 content type Cognito user pools use.
pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// How long [`Emulator::start`] waits for the server to answer before giving up.
const READY_TIMEOUT: Duration = Duration::from_secs(10);

/// A running, in-process Cognito user-pool emulator on loopback.
///
/// Each emulator has its own empty state. Dropping it aborts the server task
/// and closes the listening socket (connections held open by other clients
/// end when those clients drop them or the runtime shuts down).
pub struct Emulator {
    endpoint: String,
    http: Client<HttpConnector, Full<Bytes>>,
    server: JoinHandle<()>,
    /// fakecloud's state, kept to read what is not on the wire (confirmation codes).
    cognito: SharedCognitoState,
}

/// Chooses which of our layers run in front of fakecloud; made by [`Emulator::builder`].
///
/// Both are off by default, which is exactly [`Emulator::start`].
#[derive(Debug, Clone, Copy, Default)]
pub struct EmulatorBuilder {
    device_tracking: bool,
    cors: bool,
}

impl EmulatorBuilder {
    /// Turns the remembered-device layer on or off (see the crate documentation). It changes
    /// nothing for pools without a `DeviceConfiguration`.
    pub fn device_tracking(mut self, on: bool) -> EmulatorBuilder {
        self.device_tracking = on;
        self
    }

    /// Turns CORS on or off (see [`cors`]).
    pub fn cors(mut self, on: bool) -> EmulatorBuilder {
        self.cors = on;
        self
    }

    /// Starts the emulator, as [`Emulator::start`] does, with the chosen layers.
    pub async fn start(self) -> Result<Emulator, Error> {
        Emulator::start_with(self).await
    }
}

/// A user created by [`Emulator::create_user_with_token`], signed in with
/// `USER_PASSWORD_AUTH`.
///
/// Its [`Debug`](fmt::Debug) output never shows the access token.
#[derive(Clone)]
pub struct TestUser {
    /// Id of the user pool created for this user (`us-east-1_...`).
    pub pool_id: String,
    /// Id of the app client created in that pool (no secret).
    pub client_id: String,
    /// The user's name.
    pub username: String,
    /// The access token from `InitiateAuth` (`AuthenticationResult.AccessToken`).
    pub access_token: String,
}

impl fmt::Debug for TestUser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestUser")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("username", &self.username)
            .field("access_token", &"<redacted>")
            .finish()
    }
}

/// A Cognito operation answered with a non-2xx status.
///
/// Carries the operation name, the HTTP status and the `__type` and
/// `message` members of the error body, never the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The operation that failed, e.g. `InitiateAuth`.
    pub operation: String,
    /// The HTTP status code.
    pub status: u16,
    /// The error body's `__type` (a plain name such as `NotAuthorizedException`).
    pub error_type: String,
    /// The error body's `message` (or `Message`), empty when absent.
    pub message: String,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed: HTTP {} {}: {}",
            self.operation, self.status, self.error_type, self.message
        )
    }
}

impl std::error::Error for ApiError {}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl Emulator {
    /// Starts an emulator on `127.0.0.1:0` in a task of the current tokio
    /// runtime and returns once it answers requests: fakecloud alone, none of our layers.
    ///
    /// Must be called from within a tokio runtime (e.g. `#[tokio::test]`,
    /// either flavour).
    pub async fn start() -> Result<Emulator, Error> {
        Emulator::builder().start().await
    }

    /// Starts an emulator with both of our layers in front of fakecloud: remembered devices
    /// and CORS. Otherwise as [`start`](Self::start).
    pub async fn start_with_devices() -> Result<Emulator, Error> {
        Emulator::builder()
            .device_tracking(true)
            .cors(true)
            .start()
            .await
    }

    /// A builder to choose the layers one by one.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    async fn start_with(options: EmulatorBuilder) -> Result<Emulator, Error> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let endpoint = format!("http://{addr}");

        let cognito: SharedCognitoState = Arc::new(parking_lot::RwLock::new(
            MultiAccountState::new(ACCOUNT_ID, REGION, &endpoint),
        ));
        let mut registry = ServiceRegistry::new();
        registry.register(Arc::new(CognitoService::new(cognito.clone())));
        let mut app = Router::new()
            .fallback(dispatch::dispatch)
            .layer(Extension(Arc::new(registry)))
            .layer(Extension(Arc::new(DispatchConfig::new(REGION, ACCOUNT_ID))));
        if options.device_tracking {
            app = app.layer(middleware::from_fn_with_state(
                devices::DeviceLayer::new(cognito.clone()),
                devices::middleware,
            ));
        }
        // Outermost, so the device layer's own answers get the headers too.
        if options.cors {
            app = app.layer(middleware::from_fn(cors::middleware));
        }

        let server = tokio::spawn(async move {
            let service = app.into_make_service_with_connect_info::<SocketAddr>();
            if let Err(e) = axum::serve(listener, service).await {
                eprintln!("cognito-emulator: server stopped: {e}");
            }
        });

        let emulator = Emulator {
            endpoint,
            http: Client::builder(TokioExecutor::new()).build_http(),
            server,
            cognito,
        };
        emulator.wait_ready().await?;
        Ok(emulator)
    }

    /// The base URL of the emulator, e.g. `http://127.0.0.1:38291`.
    pub fn endpoint(&self) -> String {
        self.endpoint.clone()
    }

    /// Sends one raw awsJson1_1 request: `POST /` with
    /// `Content-Type: application/x-amz-json-1.1` and
    /// `X-Amz-Target: AWSCognitoIdentityProviderService.{operation}`.
    ///
    /// Returns the HTTP status and the body parsed as JSON, whatever the
    /// status (an empty body gives `Value::Null`, a body that is not JSON is
    /// returned as a `Value::String`). `Err` only for transport failures.
    pub async fn call(&self, operation: &str, body: Value) -> Result<(u16, Value), Error> {
        let (status, _headers, bytes) = self.send(operation, &[], body.to_string()).await?;
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Ok((status, value))
    }

    /// Posts `body` verbatim as operation `operation`, with `extra`
    /// headers; returns status, headers and the raw body.
    async fn send(
        &self,
        operation: &str,
        extra: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Result<(u16, HeaderMap, Bytes), Error> {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(format!("{}/", self.endpoint))
            .header(header::CONTENT_TYPE, CONTENT_TYPE)
            .header("X-Amz-Target", format!("{TARGET_PREFIX}.{operation}"));
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        let request = request.body(Full::new(body.into()))?;
        let response = self.http.request(request).await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await?.to_bytes();
        Ok((status, headers, bytes))
    }

    /// Like [`call`](Self::call), but any non-2xx answer becomes an
    /// [`ApiError`]; returns the response body on success.
    async fn call_ok(&self, operation: &str, body: Value) -> Result<Value, Error> {
        let (status, value) = self.call(operation, body).await?;
        if (200..300).contains(&status) {
            return Ok(value);
        }
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Err(Box::new(ApiError {
            operation: operation.to_owned(),
            status,
            error_type: text("__type").unwrap_or_default(),
            message: text("message")
                .or_else(|| text("Message"))
                .unwrap_or_default(),
        }))
    }

    /// Creates a fresh user pool, an app client allowing
    /// `ALLOW_USER_PASSWORD_AUTH` and `ALLOW_REFRESH_TOKEN_AUTH`, and a
    /// confirmed user with the given permanent password, then signs the user
    /// in with `USER_PASSWORD_AUTH`.
    ///
    /// The password must satisfy Cognito's default policy (8+ characters with
    /// upper case, lower case, a digit and a symbol), e.g. `Passw0rd!`.
    pub async fn create_user_with_token(
        &self,
        username: &str,
        password: &str,
    ) -> Result<TestUser, Error> {
        let pool = self
            .call_ok("CreateUserPool", json!({ "PoolName": "e2e-pool" }))
            .await?;
        let pool_id = str_at(&pool, "/UserPool/Id", "CreateUserPool")?;

        let client = self
            .call_ok(
                "CreateUserPoolClient",
                json!({
                    "UserPoolId": pool_id,
                    "ClientName": "e2e-client",
                    "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
                }),
            )
            .await?;
        let client_id = str_at(&client, "/UserPoolClient/ClientId", "CreateUserPoolClient")?;

        self.call_ok(
            "AdminCreateUser",
            json!({
                "UserPoolId": pool_id,
                "Username": username,
                "MessageAction": "SUPPRESS",
            }),
        )
        .await?;
        self.call_ok(
            "AdminSetUserPassword",
            json!({
                "UserPoolId": pool_id,
                "Username": username,
                "Password": password,
                "Permanent": true,
            }),
        )
        .await?;

        let auth = self
            .call_ok(
                "InitiateAuth",
                json!({
                    "AuthFlow": "USER_PASSWORD_AUTH",
                    "ClientId": client_id,
                    "AuthParameters": { "USERNAME": username, "PASSWORD": password },
                }),
            )
            .await?;
        let access_token = str_at(&auth, "/AuthenticationResult/AccessToken", "InitiateAuth")?;

        Ok(TestUser {
            pool_id,
            client_id,
            username: username.to_owned(),
            access_token,
        })
    }

    /// Registers a device for the token's user with raw `ConfirmDevice`.
    ///
    /// The emulator accepts any `device_key` (real keys look like
    /// `us-east-1_<uuid>`); a non-2xx answer is an [`ApiError`].
    pub async fn confirm_device(
        &self,
        access_token: &str,
        device_key: &str,
        device_name: &str,
    ) -> Result<(), Error> {
        self.call_ok(
            "ConfirmDevice",
            json!({
                "AccessToken": access_token,
                "DeviceKey": device_key,
                "DeviceName": device_name,
            }),
        )
        .await
        .map(drop)
    }

    /// Signs the token's user out everywhere with raw `GlobalSignOut`: the
    /// emulator then forgets all of that user's access and refresh tokens, so
    /// later calls with them answer 400 `NotAuthorizedException`.
    pub async fn global_sign_out(&self, access_token: &str) -> Result<(), Error> {
        self.call_ok("GlobalSignOut", json!({ "AccessToken": access_token }))
            .await
            .map(drop)
    }

    /// Polls the server with a cheap request until it answers 200.
    async fn wait_ready(&self) -> Result<(), Error> {
        let deadline = tokio::time::Instant::now() + READY_TIMEOUT;
        loop {
            let last = match self.call("ListUserPools", json!({ "MaxResults": 1 })).await {
                Ok((200, _)) => return Ok(()),
                Ok((status, body)) => format!("HTTP {status}: {body}"),
                Err(e) => e.to_string(),
            };
            if tokio::time::Instant::now() >= deadline {
                return Err(format!("emulator at {} not ready: {last}", self.endpoint).into());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The string at JSON `pointer` in an operation's response, or an error
/// naming the operation and the missing member.
fn str_at(value: &Value, pointer: &str, operation: &str) -> Result<String, Error> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| format!("{operation}: response has no string at {pointer}").into())
}

#[cfg(test)]
mod tests;
