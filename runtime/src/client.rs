//! The client: configuration, signing, and one generic `send` that every operation's fluent
//! builder goes through, retrying as [`crate::retry`] says.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

pub use crate::credentials::Credentials;
use crate::credentials::{Env, ProvideCredentials, ProviderConfig};
use crate::error::ProvideErrorKind;
use crate::protocol::Operation;
pub use crate::protocol::ServiceInfo;
use crate::retry::{Decision, RetrySettings, RetryState};
pub use crate::retry::{RetryConfig, RetryMode};
use crate::skew::ClockSkew;
use crate::time::{Clock, RandomSource, default_clock, default_random};
use crate::transport::{Sleep, Transport, TransportError, TransportErrorKind, TransportRequest};

mod calls;
mod errors;
mod resolve;
mod settings;
mod wire;

pub use calls::{ClientPaginator, SendFuture};
pub use errors::{ConfigError, SdkError};

pub use resolve::EndpointError;
use resolve::{EndpointSettings, ResolvedEndpoint, Signing};

/// Settings shared by clients: region, endpoint, transport, timer, clock, random numbers,
/// retries, credentials.
///
/// Cheap to clone: clones share the transport (and so its connection pool) and everything
/// else. One `Config` can build the clients of several services: a program that uses Cognito
/// user pools and identity pools configures once and has one connection pool.
#[derive(Clone)]
pub struct Config {
    inner: Arc<ConfigInner>,
}

struct ConfigInner {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    transport: Arc<dyn Transport>,
    sleep: Option<Arc<dyn Sleep>>,
    retry: RetryConfig,
    // Shared by every client of this config, so retries stay bounded under load.
    retry_state: Arc<RetryState>,
    clock_skew: Arc<ClockSkew>,
    clock: Arc<dyn Clock>,
    max_response_bytes: usize,
    min_compression_bytes: usize,
    user_agent: Option<String>,
    credentials: Arc<dyn ProvideCredentials>,
    idempotency_token: TokenProvider,
}

/// Makes the tokens of unset `@idempotencyToken` members.
type TokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Config")
            .field("region", &inner.region)
            .field("endpoint_url", &inner.endpoint_url)
            .field("use_fips", &inner.use_fips)
            .field("use_dual_stack", &inner.use_dual_stack)
            .field("retry", &inner.retry)
            .field("retry_mode", &inner.retry_state.mode())
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("credentials", &inner.credentials)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A builder of shared settings; `build()` gives a [`Config`].
    pub fn builder() -> ConfigBuilder<Config> {
        ConfigBuilder::new()
    }

    /// The region, from the builder or the environment.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The retry mode, quota and rate limiter every client of this config shares.
    pub fn retry_state(&self) -> &RetryState {
        &self.inner.retry_state
    }

    /// The clock offset learnt from skew errors, which every client of this config signs with.
    pub fn clock_skew(&self) -> &ClockSkew {
        &self.inner.clock_skew
    }

    /// The clock the clients of this config read (signing, skew, rate limiting, the default
    /// credentials cache).
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// Whether FIPS endpoints are asked for (the `AWS::UseFIPS` endpoint parameter).
    pub fn use_fips(&self) -> bool {
        self.inner.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints are asked for (`AWS::UseDualStack`).
    pub fn use_dual_stack(&self) -> bool {
        self.inner.use_dual_stack
    }

    fn endpoint_settings(&self) -> EndpointSettings {
        EndpointSettings {
            region: self.inner.region.clone(),
            endpoint_url: self.inner.endpoint_url.clone(),
            use_fips: self.inner.use_fips,
            use_dual_stack: self.inner.use_dual_stack,
        }
    }
}

/// What a [`ConfigBuilder`] can build: a [`Config`], or a service's client (each generated
/// crate's `Client` implements this).
pub trait FromConfig: Sized {
    /// Builds from finished settings.
    fn from_config(config: &Config) -> Result<Self, ConfigError>;
}

impl FromConfig for Config {
    fn from_config(config: &Config) -> Result<Self, ConfigError> {
        Ok(config.clone())
    }
}

/// Configures a [`Config`] or, through a generated crate's `Client::builder()`, a client.
pub struct ConfigBuilder<T> {
    region: Option<String>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    transport: Option<Arc<dyn Transport>>,
    sleep: Option<Arc<dyn Sleep>>,
    clock: Option<Arc<dyn Clock>>,
    random: Option<Arc<dyn RandomSource>>,
    retry: RetryConfig,
    // What the caller chose explicitly; the rest comes from the environment.
    retry_settings: RetrySettings,
    max_response_bytes: usize,
    min_compression_bytes: usize,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    idempotency_token: Option<TokenProvider>,
    env: Option<Env>,
    // `fn() -> T`: the builder neither owns a `T` nor stops being `Send` for one.
    _builds: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for ConfigBuilder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("credentials", &self.credentials)
            .finish_non_exhaustive()
    }
}

impl<T: FromConfig> Default for ConfigBuilder<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: FromConfig> ConfigBuilder<T> {
    /// Nothing set: the region and credentials then come from the environment.
    pub fn new() -> Self {
        ConfigBuilder {
            region: None,
            endpoint_url: None,
            use_fips: None,
            use_dual_stack: None,
            transport: None,
            sleep: None,
            clock: None,
            random: None,
            retry: RetryConfig::default(),
            retry_settings: RetrySettings::default(),
            max_response_bytes: 10 * 1024 * 1024,
            min_compression_bytes: 10240,
            user_agent: None,
            connect_timeout: None,
            timeout: None,
            credentials: None,
            idempotency_token: None,
            env: None,
            _builds: PhantomData,
        }
    }

    /// The AWS region, from which the service's endpoint rules pick its endpoint. Defaults to
    /// `AWS_REGION` (or `AWS_DEFAULT_REGION`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint URL (an emulator, a proxy, a VPC endpoint): the endpoint rules'
    /// `SDK::Endpoint`, which they send requests to instead of the regional endpoint (most
    /// refuse it together with FIPS or dual-stack). Signed requests still need a region.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Asks for the service's FIPS endpoint (`AWS::UseFIPS`). Defaults to
    /// `AWS_USE_FIPS_ENDPOINT` (`true` or `false`), else false.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Asks for the service's dual-stack (IPv4 and IPv6) endpoint (`AWS::UseDualStack`).
    /// Defaults to `AWS_USE_DUALSTACK_ENDPOINT` (`true` or `false`), else false.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Sends through this transport instead of the default one.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Sends through this shared transport (one connection pool for several clients).
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Waits between retries (and in the credential providers' timeouts) with this timer
    /// instead of the default: tokio's with feature `rt-tokio`, the browser's `setTimeout`
    /// on `wasm32-unknown-unknown`.
    pub fn sleep_impl(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Reads the time from this clock instead of the platform's
    /// ([`SystemClock`](crate::time::SystemClock)): the time requests are signed at, the
    /// clock skew is measured against, the adaptive rate limiter paces with, and the default
    /// credentials cache judges expiry by.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// Draws the jitter of retry backoff and of credential refreshes, and the idempotency
    /// tokens (unless [`idempotency_token_provider`](Self::idempotency_token_provider) is
    /// set), from this source instead of the platform's
    /// ([`SystemRandom`](crate::time::SystemRandom)).
    pub fn random_source(mut self, random: impl RandomSource) -> Self {
        self.random = Some(Arc::new(random));
        self
    }

    /// Makes the tokens the client puts in an operation's `@idempotencyToken` member when the
    /// input leaves it unset (EKS's `clientRequestToken`, Lambda's `ClientToken`, ...), once
    /// per call: every retry of the call sends the same token. By default a random (version 4)
    /// UUID from the [random source](Self::random_source). A caller that must be able to send
    /// the same request again later, after a crash say, sets the member itself instead.
    pub fn idempotency_token_provider(
        mut self,
        provider: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_token = Some(Arc::new(provider));
        self
    }

    /// Attempts in all, the first included (1 disables retries). Without this,
    /// `AWS_MAX_ATTEMPTS`, else 3.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry_settings.max_attempts = Some(attempts.max(1));
        self
    }

    /// How failures are retried (see [`crate::retry`]). Without this, `AWS_RETRY_MODE`, else
    /// standard.
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.retry_settings.mode = Some(mode);
        self
    }

    /// The whole retry policy.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self.retry_settings.max_attempts = Some(retry.max_attempts.max(1));
        self
    }

    /// Responses larger than this fail with a transport error (default 10 MiB).
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Bodies of operations marked `@requestCompression` are gzipped from this size on
    /// (default 10240 bytes, Smithy's default).
    pub fn min_compression_bytes(mut self, bytes: usize) -> Self {
        self.min_compression_bytes = bytes;
        self
    }

    /// The `User-Agent` header (default: the generated crate's name and version).
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = Some(agent.into());
        self
    }

    /// How long to wait for a connection (default transport only, and not the browser's
    /// `fetch`, which has no such setting; default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take in all (default transport only, `fetch` included;
    /// default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Fixed credentials for signed operations. Without these or a
    /// [`credentials_provider`](Self::credentials_provider), the default chain of
    /// [`crate::credentials`] is used (environment, shared files, web identity, container,
    /// IMDS), cached, and first run at the first signed call; on `wasm32-unknown-unknown`,
    /// which has none of these, signed calls fail with [`SdkError::Credentials`].
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(Arc::new(credentials));
        self
    }

    /// Gets credentials for signed operations from `provider`, at every attempt (wrap it in a
    /// [`CachedProvider`](crate::credentials::CachedProvider) if fetching costs).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Reads settings (`AWS_REGION`, `AWS_PROFILE`, the shared config files under `HOME`, ...)
    /// and credentials from this environment instead of the process's.
    pub fn environment(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Builds the configuration, or the client.
    pub fn build(self) -> Result<T, ConfigError> {
        T::from_config(&self.into_config()?)
    }

    fn into_config(self) -> Result<Config, ConfigError> {
        // What the builder leaves out comes from the environment, then the active profile.
        let settings = settings::Settings::load(self.env.unwrap_or_else(Env::process))?;
        let region = self
            .region
            .or_else(|| settings.var("AWS_REGION"))
            .or_else(|| settings.var("AWS_DEFAULT_REGION"))
            .or_else(|| settings.profile("region"));
        let from_env = RetrySettings::from_env_and_profile(
            &|name: &str| settings.var(name),
            Some(&settings.profile),
        )
        .map_err(|message| ConfigError { message })?;
        let retry_settings = self.retry_settings.or(from_env);
        let mut retry = self.retry;
        retry.max_attempts = retry_settings
            .max_attempts
            .unwrap_or(crate::retry::DEFAULT_MAX_ATTEMPTS)
            .max(1);
        let use_fips = resolve::flag(
            self.use_fips,
            &settings,
            "AWS_USE_FIPS_ENDPOINT",
            "use_fips_endpoint",
        )?;
        let use_dual_stack = resolve::flag(
            self.use_dual_stack,
            &settings,
            "AWS_USE_DUALSTACK_ENDPOINT",
            "use_dualstack_endpoint",
        )?;
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => default_transport(
                self.connect_timeout.or(Some(Duration::from_secs(10))),
                self.timeout.or(Some(Duration::from_secs(60))),
            )?,
        };
        let sleep = self.sleep.or_else(crate::transport::default_sleep);
        let clock = self.clock.unwrap_or_else(default_clock);
        let random = self.random.unwrap_or_else(default_random);
        let credentials = self.credentials.unwrap_or_else(|| {
            let providers = ProviderConfig::new(transport.clone())
                .with_env(settings.env.clone())
                .with_sleep(sleep.clone())
                .with_clock(clock.clone())
                .with_random_source(random.clone())
                .with_region(region.clone());
            crate::credentials::client_default(&providers)
        });
        let mode = retry_settings.mode.unwrap_or_default();
        let idempotency_token = self.idempotency_token.unwrap_or_else(|| {
            let random = random.clone();
            Arc::new(move || crate::primitives::idempotency_token_from(&*random))
        });
        Ok(Config {
            inner: Arc::new(ConfigInner {
                region,
                endpoint_url: self.endpoint_url,
                use_fips,
                use_dual_stack,
                transport,
                sleep,
                retry,
                retry_state: Arc::new(RetryState::with_clock_and_random(
                    mode,
                    clock.clone(),
                    random,
                )),
                clock_skew: Arc::new(ClockSkew::with_clock(clock.clone())),
                clock,
                max_response_bytes: self.max_response_bytes,
                min_compression_bytes: self.min_compression_bytes,
                user_agent: self.user_agent,
                credentials,
                idempotency_token,
            }),
        })
    }
}

/// A region must be usable as a host label: the rule sets interpolate it into host names
/// without checking it.
fn check_region(region: &str) -> Result<(), ConfigError> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if valid {
        Ok(())
    } else {
        Err(ConfigError {
            message: format!("`{region}` is not a region name"),
        })
    }
}

#[cfg(feature = "hyper")]
fn default_transport(
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
) -> Result<Arc<dyn Transport>, ConfigError> {
    crate::transport::HyperTransport::new(connect_timeout, timeout)
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| ConfigError {
            message: e.to_string(),
        })
}

/// In the browser: `fetch`, under the attempt timeout (it has no connect timeout).
#[cfg(all(
    feature = "fetch",
    target_arch = "wasm32",
    target_os = "unknown",
    not(feature = "hyper")
))]
fn default_transport(
    _connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
) -> Result<Arc<dyn Transport>, ConfigError> {
    Ok(Arc::new(crate::transport::FetchTransport::new(timeout)))
}

#[cfg(not(any(
    feature = "hyper",
    all(feature = "fetch", target_arch = "wasm32", target_os = "unknown")
)))]
fn default_transport(
    _connect_timeout: Option<Duration>,
    _timeout: Option<Duration>,
) -> Result<Arc<dyn Transport>, ConfigError> {
    let message = if cfg!(all(target_arch = "wasm32", target_os = "unknown")) {
        "no transport: enable feature `fetch` or call `.transport(...)`"
    } else {
        "no transport: enable feature `hyper` or call `.transport(...)`"
    };
    Err(ConfigError {
        message: message.into(),
    })
}

/// One service's client core, which a generated crate's `Client` wraps: shared settings plus
/// the service's endpoint and identity. Cheap to clone.
#[derive(Clone)]
pub struct CoreClient {
    inner: Arc<CoreInner>,
}

struct CoreInner {
    config: Config,
    service: &'static ServiceInfo,
    /// The parameters the configuration binds, which operations with endpoint parameters of
    /// their own extend per call.
    endpoint_params: crate::endpoint::Params,
    /// The endpoint resolved from the configuration alone, used by every operation that binds
    /// no endpoint parameter.
    endpoint: ResolvedEndpoint,
    user_agent: String,
}

impl fmt::Debug for CoreClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint.url)
            .field("region", &self.inner.config.inner.region)
            .field("retry", &self.inner.config.inner.retry)
            .field("credentials", &self.inner.config.inner.credentials)
            .finish_non_exhaustive()
    }
}

impl CoreClient {
    /// The client of `service` under `config`: resolves the endpoint once from the service's
    /// endpoint rules and the configuration's region, endpoint URL, FIPS and dual-stack
    /// settings. A rule-set error (`Invalid Configuration: Missing Region`, ...) is a
    /// [`ConfigError`] with the rule set's message.
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Result<Self, ConfigError> {
        let settings = &config.inner;
        if let Some(region) = &settings.region {
            check_region(region)?;
        }
        let endpoint_params =
            resolve::config_params(service.endpoint_rules, &config.endpoint_settings());
        let endpoint = resolve::resolve(service.endpoint_rules, &endpoint_params)?;
        let user_agent = settings
            .user_agent
            .clone()
            .unwrap_or_else(|| service.user_agent.to_string());
        Ok(CoreClient {
            inner: Arc::new(CoreInner {
                config: config.clone(),
                service,
                endpoint_params,
                endpoint,
                user_agent,
            }),
        })
    }

    /// The settings this client was built from.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint requests go to, as resolved from the configuration. Operations whose
    /// input binds endpoint parameters (DynamoDB's table ARNs, EventBridge's `EndpointId`)
    /// resolve their own per call.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint.url
    }

    /// Sends one operation's input, retrying as the config's [`RetryMode`] says, and once more
    /// at once after a clock-skew error with the service's clock.
    pub async fn send<Op: Operation>(
        &self,
        input: Op::Input,
    ) -> Result<Op::Output, SdkError<Op::Error>> {
        let span = crate::trace::operation(Op::SERVICE.endpoint_prefix, Op::NAME);
        span.instrument(self.send_attempts::<Op>(input)).await
    }

    async fn send_attempts<Op: Operation>(
        &self,
        mut input: Op::Input,
    ) -> Result<Op::Output, SdkError<Op::Error>> {
        if let Some(token) = Op::idempotency_token(&mut input)
            && token.is_none()
        {
            *token = Some((self.inner.config.inner.idempotency_token)());
        }
        if let Some(payload) = Op::streaming_payload(&mut input) {
            payload.buffer().await.map_err(|e| {
                SdkError::Transport(TransportError::new(
                    TransportErrorKind::Io,
                    format!("reading the request's streaming body: {e}"),
                ))
            })?;
        }
        let request = Op::serialize_request(&input).map_err(SdkError::Serialize)?;
        let endpoint = if Op::ENDPOINT_PARAMS {
            let mut params = self.inner.endpoint_params.clone();
            Op::endpoint_params(&input, &mut params);
            let resolved = resolve::resolve(self.inner.service.endpoint_rules, &params)
                .map_err(SdkError::Endpoint)?;
            std::borrow::Cow::Owned(resolved)
        } else {
            std::borrow::Cow::Borrowed(&self.inner.endpoint)
        };
        if Op::SIGNED
            && let Signing::Unsupported(scheme) = &endpoint.signing
        {
            return Err(SdkError::Endpoint(EndpointError::UnsupportedAuthScheme(
                scheme.clone(),
            )));
        }
        let base = Op::endpoint_override(&input).unwrap_or_else(|| endpoint.url.clone());
        let prefix = Op::host_prefix(&input).map_err(SdkError::Serialize)?;
        let url = wire::url(&base, prefix.as_deref(), &request.uri);
        drop(input);
        let method = request.method;
        let mut body = request.body;
        let compressed = cfg!(feature = "gzip")
            && Op::REQUEST_COMPRESSION
            && body.len() >= self.inner.config.inner.min_compression_bytes;
        if compressed {
            body = gzip(&body);
        }
        let mut headers = wire::headers(request.headers, body.len());
        wire::service_headers(&mut headers, Op::SERVICE.headers);
        // Over the body as sent: compressed first, then checksummed. A streaming payload
        // (Glacier's uploads) is in memory by now, so its tree hash is known before signing.
        crate::checksum::add_headers(Op::REQUEST_CHECKSUMS, &mut headers, &body)
            .map_err(SdkError::Serialize)?;
        let inner = &*self.inner.config.inner;
        let mut retries = inner.retry_state.call(inner.retry);
        let mut skew_corrected = false;
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            if let Some(delay) = retries.send_delay() {
                crate::trace::rate_limited(delay);
                if let Some(sleep) = &inner.sleep {
                    sleep.sleep(delay).await;
                }
            }
            let span = crate::trace::attempt(attempt);
            // Fetched at every attempt: a cached provider answers at once, and credentials
            // that expired during the backoff are replaced.
            let credentials = if Op::SIGNED && cfg!(feature = "sigv4") {
                Some(
                    inner
                        .credentials
                        .provide()
                        .await
                        .map_err(SdkError::Credentials)?,
                )
            } else {
                None
            };
            let request = self
                .request::<Op>(
                    method,
                    &url,
                    headers.clone(),
                    &body,
                    compressed,
                    credentials.as_ref(),
                    &endpoint,
                )
                .map_err(SdkError::Signing)?;
            let sent = span
                .instrument(exchange::<Op>(
                    &*inner.transport,
                    request,
                    inner.max_response_bytes,
                ))
                .await;
            let (kind, failure) = match sent {
                Err(e) => {
                    let kind = crate::retry::classify_transport_error(&e);
                    span.failure(kind, None);
                    retries.observe(Some(kind));
                    (kind, SdkError::Transport(e))
                }
                Ok(Exchanged::Streaming(response)) => {
                    span.response(response.status, &response.headers);
                    span.decision("success");
                    retries.observe(None);
                    retries.succeeded();
                    return Op::deserialize_streaming(
                        response.status,
                        &response.headers,
                        response.body,
                    )
                    .map_err(|error| SdkError::InvalidResponse {
                        error,
                        status: response.status,
                    });
                }
                Ok(Exchanged::Whole(response)) if (200..300).contains(&response.status) => {
                    span.response(response.status, &response.headers);
                    span.decision("success");
                    retries.observe(None);
                    retries.succeeded();
                    return Op::deserialize_response(
                        response.status,
                        &response.headers,
                        &response.body,
                    )
                    .map_err(|error| SdkError::InvalidResponse {
                        error,
                        status: response.status,
                    });
                }
                Ok(Exchanged::Whole(response)) => {
                    span.response(response.status, &response.headers);
                    let error = Op::parse_error(response.status, &response.headers, &response.body);
                    let kind = crate::retry::classify_service_error(response.status, &error);
                    span.failure(kind, error.code());
                    retries.observe(Some(kind));
                    // A request signed with a wrong clock fails however often it is sent, and
                    // one signed with the service's clock succeeds at once: no backoff, no quota.
                    let skew = (Op::SIGNED && !skew_corrected)
                        .then(|| inner.clock_skew.correct(error.code(), &response.headers))
                        .flatten();
                    if let Some(offset) = skew {
                        skew_corrected = true;
                        span.skew_corrected(offset);
                        span.decision("retry_clock_skew");
                        continue;
                    }
                    let status = response.status;
                    (kind, SdkError::Service { error, status })
                }
            };
            let decision = retries.decide(kind);
            span.decision(decision.as_str());
            let Decision::Retry { delay, cost } = decision else {
                return Err(failure);
            };
            span.retrying(delay, cost, inner.retry_state.bucket().available());
            if let Some(sleep) = &inner.sleep {
                sleep.sleep(delay).await;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn request<Op: Operation>(
        &self,
        method: &'static str,
        url: &str,
        mut headers: Vec<(String, String)>,
        body: &[u8],
        compressed: bool,
        credentials: Option<&Credentials>,
        endpoint: &ResolvedEndpoint,
    ) -> Result<TransportRequest, String> {
        headers.push(("user-agent".to_string(), self.inner.user_agent.clone()));
        if compressed {
            // An encoding the input already set (a `Content-Encoding` member) comes first.
            match headers.iter_mut().find(|(k, _)| k == "content-encoding") {
                Some((_, value)) => value.push_str(", gzip"),
                None => headers.push(("content-encoding".to_string(), "gzip".to_string())),
            }
        }
        headers.extend(endpoint.headers.iter().cloned());
        if Op::SIGNED {
            #[cfg(feature = "sigv4")]
            {
                let inner = &*self.inner.config.inner;
                let credentials =
                    credentials.ok_or_else(|| format!("{} needs AWS credentials", Op::NAME))?;
                // The endpoint's `authSchemes` may sign for another region or name than the
                // client's (global endpoints, services signing under an older name).
                let (region_override, name_override) = match &endpoint.signing {
                    Signing::SigV4 { region, name } => (region.as_deref(), name.as_deref()),
                    Signing::Unsupported(_) => (None, None),
                };
                let region = region_override.or(inner.region.as_deref()).ok_or_else(|| {
                    format!("{} is signed with SigV4, which needs a region", Op::NAME)
                })?;
                let scope = crate::sigv4::Scope {
                    region,
                    service: name_override.unwrap_or(self.inner.service.signing_name),
                };
                let settings = crate::sigv4::Settings {
                    content_sha256_header: Op::CONTENT_SHA256,
                    ..crate::sigv4::Settings::default()
                };
                crate::sigv4::sign_with(
                    method,
                    url,
                    &mut headers,
                    body,
                    scope,
                    credentials,
                    inner.clock_skew.now(),
                    settings,
                )?;
            }
            // What signing would have used, unused without it.
            #[cfg(not(feature = "sigv4"))]
            let _ = (credentials, self.inner.service);
            #[cfg(not(feature = "sigv4"))]
            return Err(format!(
                "{} must be signed with SigV4: enable the crate's `sigv4` feature",
                Op::NAME
            ));
        }
        Ok(TransportRequest {
            method,
            url: url.to_string(),
            headers,
            body: body.to_vec(),
        })
    }
}

/// A response as the operation reads it: whole, or (a streaming operation's success) with its
/// body still to be read.
enum Exchanged {
    Whole(crate::transport::HttpResponse),
    Streaming(crate::transport::StreamingResponse),
}

/// One attempt's exchange. A streaming operation's error response is read whole, under the
/// size cap: errors are JSON documents, never streams.
async fn exchange<Op: Operation>(
    transport: &dyn Transport,
    request: TransportRequest,
    max_body: usize,
) -> Result<Exchanged, TransportError> {
    if !Op::STREAMING_OUTPUT {
        return transport
            .send(request, max_body)
            .await
            .map(Exchanged::Whole);
    }
    let mut response = transport.send_streaming(request).await?;
    if (200..300).contains(&response.status) {
        return Ok(Exchanged::Streaming(response));
    }
    let limit = u64::try_from(max_body).unwrap_or(u64::MAX);
    response.body.buffer_limited(limit).await.map_err(|e| {
        let kind = if e.kind() == std::io::ErrorKind::FileTooLarge {
            TransportErrorKind::BodyTooLarge
        } else {
            TransportErrorKind::Io
        };
        TransportError::new(kind, format!("reading the error response: {e}"))
    })?;
    let body = response.body.as_bytes().unwrap_or_default().to_vec();
    Ok(Exchanged::Whole(crate::transport::HttpResponse {
        status: response.status,
        headers: response.headers,
        body,
    }))
}

/// Gzips a request body (feature `gzip`, on by default for models that compress requests).
#[cfg(feature = "gzip")]
fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail; should it, the body goes out uncompressed.
    match encoder.write_all(data).and_then(|()| encoder.finish()) {
        Ok(compressed) => compressed,
        Err(_) => data.to_vec(),
    }
}

#[cfg(not(feature = "gzip"))]
fn gzip(data: &[u8]) -> Vec<u8> {
    data.to_vec()
}
