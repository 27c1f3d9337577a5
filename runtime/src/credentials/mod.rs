//! Where AWS credentials come from: the providers AWS users expect, in the order the AWS SDKs
//! try them, and a cache that refreshes temporary credentials before they expire.
//!
//! A client built without [`credentials`](crate::client::ConfigBuilder::credentials) or
//! [`credentials_provider`](crate::client::ConfigBuilder::credentials_provider) uses
//! [`default_provider`]: a [`CachedProvider`] around [`DefaultChain`], which tries
//!
//! 1. the environment ([`EnvironmentProvider`]: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
//!    `AWS_SESSION_TOKEN`);
//! 2. the shared `config` and `credentials` files ([`ProfileProvider`]: static keys,
//!    `credential_process`, roles assumed from a `source_profile` or a `credential_source`,
//!    roles assumed with a `web_identity_token_file`);
//! 3. a web identity token named by `AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`
//!    ([`WebIdentityProvider`]);
//! 4. the container endpoint of ECS and EKS Pod Identity ([`ContainerProvider`]);
//! 5. the EC2 instance metadata service, IMDSv2 ([`ImdsProvider`]).
//!
//! Nothing is read when the client is built; the first signed call runs the chain, through
//! the client's own [`Transport`]. On `wasm32-unknown-unknown` (a browser) there is no default
//! chain: a client there needs credentials given to it, or a provider of the program's own
//! (one that gets temporary credentials from Cognito Identity, say); the providers below
//! build there but find nothing to read. Providers read the
//! environment through an [`Env`], so a program (or a test) can hand them variables of its
//! own instead of the process's, `HOME` included.
//!
//! Secrets (secret keys, session tokens, web identity and container tokens, IMDS tokens) never
//! reach `Debug`, `Display` or an error message.
//!
//! The providers that fetch credentials, and the default chain, are built with feature
//! `sigv4` only: without it nothing is signed, and a client of unsigned operations does not
//! compile them.

mod cache;
mod chain;
mod env;
mod error;
mod profile;
// The providers that fetch credentials (shared files, processes, STS, the container and
// instance metadata endpoints) only with `sigv4`: without it nothing is signed, and a client
// of unsigned operations (ListDevices) does not compile them.
#[cfg(feature = "sigv4")]
mod container;
#[cfg(feature = "sigv4")]
mod http;
#[cfg(feature = "sigv4")]
mod imds;
#[cfg(feature = "sigv4")]
mod process;
#[cfg(feature = "sigv4")]
mod profile_provider;
#[cfg(feature = "sigv4")]
mod sts;
#[cfg(feature = "sigv4")]
mod web_identity;

#[cfg(feature = "aws-credential-types")]
mod aws;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

#[cfg(feature = "aws-credential-types")]
pub use aws::AwsCredentialsProvider;
pub use cache::{CachedProvider, CachedProviderBuilder};
pub use chain::ChainProvider;
#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub use chain::{DefaultChain, default_provider};
#[cfg(feature = "sigv4")]
pub use container::ContainerProvider;
pub use env::{Env, EnvironmentProvider};
pub use error::{CredentialsError, CredentialsErrorKind, ProviderKind};
#[cfg(feature = "sigv4")]
pub use imds::ImdsProvider;
pub use profile::{ProfileFileError, ProfileSet};
#[cfg(feature = "sigv4")]
pub use profile_provider::ProfileProvider;
#[cfg(feature = "sigv4")]
pub use web_identity::WebIdentityProvider;

use crate::time::{Clock, RandomSource, default_clock, default_random};
use crate::transport::{Sleep, Transport};

/// The placeholder printed instead of a secret.
pub(crate) const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// AWS credentials for SigV4: an access key id, its secret, a session token for temporary
/// credentials, and when they expire. `Debug` never shows the secret parts.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials given directly; they do not expire.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// The same credentials, expiring at `expiry` (`None`: never).
    pub fn with_expiry(mut self, expiry: Option<SystemTime>) -> Self {
        self.expiry = expiry;
        self
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from the
    /// process environment; `None` unless both keys are set.
    pub fn from_env() -> Option<Self> {
        env::from_env(&Env::process()).ok()
    }

    /// The access key id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// When these credentials expire; `None` for long-term credentials.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Whether a session token comes with the key (temporary credentials).
    pub fn has_session_token(&self) -> bool {
        self.session_token.is_some()
    }

    /// The parts SigV4 needs: key id, secret and session token.
    #[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
    pub(crate) fn parts(&self) -> (&str, &str, Option<&str>) {
        (
            &self.access_key_id,
            &self.secret_access_key,
            self.session_token.as_deref(),
        )
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| REDACTED),
            )
            .field(
                "expiry",
                &self.expiry.map(|t| crate::DateTime::from(t).to_string()),
            )
            .finish()
    }
}

/// The future a [`ProvideCredentials`] returns.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Implement it to bring your own; `AwsCredentialsProvider` (feature
/// `aws-credential-types`) adapts any provider of `aws-credential-types`.
///
/// Every call may fetch anew: wrap a provider whose fetches cost something in a
/// [`CachedProvider`]. The `Debug` of an implementation must not show secrets.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Fetches credentials.
    fn provide(&self) -> CredentialsFuture<'_>;
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide(&self) -> CredentialsFuture<'_> {
        (**self).provide()
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Box<P> {
    fn provide(&self) -> CredentialsFuture<'_> {
        (**self).provide()
    }
}

/// What providers that reach the network or the file system share: the environment they
/// read, the transport they send through, the timer their timeouts and retries wait on, the
/// clock and random numbers (signing STS calls, session names, the cache's expiry and
/// jitter), and the region of the client (for STS when the profile names none).
///
/// Cheap to clone.
#[derive(Clone)]
// Without `sigv4`, no provider that reads these is built.
#[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
pub struct ProviderConfig {
    env: Env,
    transport: Arc<dyn Transport>,
    sleep: Option<Arc<dyn Sleep>>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn RandomSource>,
    region: Option<String>,
    profile_name: Option<String>,
    process_timeout: Duration,
}

/// How long a `credential_process` may run unless `with_process_timeout` says otherwise.
const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

#[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
impl ProviderConfig {
    /// Providers that send through `transport`, read the process environment, and wait
    /// on tokio's timer when feature `rt-tokio` is on, the browser's on
    /// `wasm32-unknown-unknown` (without a timer, the transport's own timeouts are the only
    /// ones and retries do not wait), with the platform's clock and random numbers.
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        ProviderConfig {
            env: Env::process(),
            transport,
            sleep: default_sleep(),
            clock: default_clock(),
            random: default_random(),
            region: None,
            profile_name: None,
            process_timeout: DEFAULT_PROCESS_TIMEOUT,
        }
    }

    /// Reads the time from `clock` instead of the platform's.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Draws random numbers from `random` instead of the platform's.
    pub fn with_random_source(mut self, random: Arc<dyn RandomSource>) -> Self {
        self.random = random;
        self
    }

    /// Reads `env` instead of the process environment (`HOME` included, so the shared files
    /// are looked up under the home directory it names).
    pub fn with_env(mut self, env: Env) -> Self {
        self.env = env;
        self
    }

    /// Waits on this timer (timeouts, backoff between retries).
    pub fn with_sleep(mut self, sleep: Option<Arc<dyn Sleep>>) -> Self {
        self.sleep = sleep;
        self
    }

    /// The client's region: STS is called there when the profile names no `region`.
    pub fn with_region(mut self, region: Option<String>) -> Self {
        self.region = region;
        self
    }

    /// Reads this profile of the shared files instead of `AWS_PROFILE` (or `default`).
    pub fn with_profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Kills a profile's `credential_process` that has not finished after `timeout`
    /// (default 60 s, as the Go SDK): a hung helper fails the call instead of hanging it.
    pub fn with_process_timeout(mut self, timeout: Duration) -> Self {
        self.process_timeout = timeout;
        self
    }

    /// How long a `credential_process` may run before it is killed.
    pub fn process_timeout(&self) -> Duration {
        self.process_timeout
    }

    /// The environment providers read.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The profile providers read: the one set here, else `AWS_PROFILE`, else `default`.
    pub fn profile_name(&self) -> String {
        self.profile_name
            .clone()
            .or_else(|| self.env.get("AWS_PROFILE"))
            .unwrap_or_else(|| "default".to_string())
    }

    /// Whether the profile was chosen (here or by `AWS_PROFILE`) rather than defaulted.
    fn profile_is_explicit(&self) -> bool {
        self.profile_name.is_some() || self.env.get("AWS_PROFILE").is_some()
    }

    pub(crate) fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    pub(crate) fn sleep(&self) -> Option<&Arc<dyn Sleep>> {
        self.sleep.as_ref()
    }

    pub(crate) fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The clock providers read.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The random numbers providers draw.
    pub fn random_source(&self) -> &Arc<dyn RandomSource> {
        &self.random
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("env", &self.env)
            .field("region", &self.region)
            .field("profile_name", &self.profile_name)
            .field("has_timer", &self.sleep.is_some())
            .finish_non_exhaustive()
    }
}

use crate::transport::default_sleep;

/// What a client given no credentials uses: the default chain, cached, on the configuration's
/// clock.
#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub(crate) fn client_default(config: &ProviderConfig) -> Arc<dyn ProvideCredentials> {
    Arc::new(default_provider(config))
}

/// What a client given no credentials uses on `wasm32-unknown-unknown`, or without `sigv4`:
/// a provider that says there is none.
#[cfg(not(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
)))]
pub(crate) fn client_default(_config: &ProviderConfig) -> Arc<dyn ProvideCredentials> {
    Arc::new(chain::NoDefaultChain)
}

/// Parses an RFC 3339 `Expiration` into a [`SystemTime`].
#[cfg(feature = "sigv4")]
pub(crate) fn parse_expiration(text: &str) -> Option<SystemTime> {
    crate::DateTime::parse_rfc3339(text.trim()).and_then(|t| SystemTime::try_from(t).ok())
}
