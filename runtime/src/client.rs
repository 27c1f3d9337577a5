//! The client: configuration, retries with backoff, signing, and one generic `send` that
//! every operation's fluent builder goes through.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::{DeserializeError, ProvideErrorKind, SerializeError};
use crate::pagination::{PageSize, Paginated, PaginatedItems, Paginator};
use crate::protocol::Operation;
pub use crate::protocol::ServiceInfo;
use crate::transport::{Sleep, Transport, TransportError, TransportRequest};

/// AWS credentials for SigV4. `Debug` never shows the secret parts.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials given directly.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; `None`
    /// unless both keys are set.
    pub fn from_env() -> Option<Self> {
        let key = std::env::var("AWS_ACCESS_KEY_ID")
            .ok()
            .filter(|v| !v.is_empty())?;
        let secret = std::env::var("AWS_SECRET_ACCESS_KEY")
            .ok()
            .filter(|v| !v.is_empty())?;
        let token = std::env::var("AWS_SESSION_TOKEN")
            .ok()
            .filter(|v| !v.is_empty());
        Some(Credentials::new(key, secret, token))
    }

    /// The access key id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    #[cfg(feature = "sigv4")]
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
            .field("secret_access_key", &"*** Sensitive Data Redacted ***")
            .field(
                "session_token",
                &self
                    .session_token
                    .as_ref()
                    .map(|_| "*** Sensitive Data Redacted ***"),
            )
            .finish()
    }
}

/// How failed attempts are retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The backoff cap of the first retry; it doubles with each retry.
    pub initial_backoff: Duration,
    /// The largest backoff cap.
    pub max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// "Full jitter" backoff: a random wait between zero and the capped exponential delay,
    /// which spreads out clients that failed together.
    fn backoff(&self, retry: u32) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let cap = exp.min(self.max_backoff);
        let nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random_u64() % nanos)
    }
}

/// A random number from the standard library's per-process hash keys: enough for jitter,
/// without a dependency.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos().into()),
    );
    hasher.finish()
}

/// A configuration problem found when building the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The service answered with an error (after any retries).
    Service {
        /// The operation's error.
        error: E,
        /// The HTTP status.
        status: u16,
    },
    /// No usable response: connection refused, timeout, broken connection, a body over the
    /// size cap (after any retries).
    Transport(TransportError),
    /// A success status whose body is not the operation's output (truncated, not JSON).
    InvalidResponse {
        /// Where reading failed.
        error: DeserializeError,
        /// The HTTP status.
        status: u16,
    },
    /// The input could not be serialized.
    Serialize(SerializeError),
    /// The request could not be signed (no credentials, no region, ...).
    Signing(String),
}

impl<E> SdkError<E> {
    /// The operation's error, if the service sent one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The operation's error, if the service sent one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service { error, .. } => write!(f, "service error: {error}"),
            SdkError::Transport(e) => write!(f, "transport error: {e}"),
            SdkError::InvalidResponse { error, status } => {
                write!(f, "invalid response (HTTP status {status}): {error}")
            }
            SdkError::Serialize(e) => e.fmt(f),
            SdkError::Signing(m) => write!(f, "could not sign the request: {m}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            SdkError::Transport(e) => Some(e),
            SdkError::InvalidResponse { error, .. } => Some(error),
            SdkError::Serialize(e) => Some(e),
            SdkError::Signing(_) => None,
        }
    }
}

/// Settings shared by clients: region, endpoint, transport, timer, retries, credentials.
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
    transport: Arc<dyn Transport>,
    sleep: Option<Arc<dyn Sleep>>,
    retry: RetryConfig,
    max_response_bytes: usize,
    min_compression_bytes: usize,
    user_agent: Option<String>,
    credentials: Option<Credentials>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Config")
            .field("region", &inner.region)
            .field("endpoint_url", &inner.endpoint_url)
            .field("retry", &inner.retry)
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
    transport: Option<Arc<dyn Transport>>,
    sleep: Option<Arc<dyn Sleep>>,
    retry: RetryConfig,
    max_response_bytes: usize,
    min_compression_bytes: usize,
    user_agent: Option<String>,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    credentials: Option<Credentials>,
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
            transport: None,
            sleep: None,
            retry: RetryConfig::default(),
            max_response_bytes: 10 * 1024 * 1024,
            min_compression_bytes: 10240,
            user_agent: None,
            connect_timeout: None,
            timeout: None,
            credentials: None,
            _builds: PhantomData,
        }
    }

    /// The AWS region, which picks the service's regional endpoint. Defaults to `AWS_REGION`
    /// (or `AWS_DEFAULT_REGION`) when neither this nor an endpoint URL is given.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint URL (an emulator, a proxy, a VPC endpoint). Signed requests still
    /// need a region.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
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

    /// Waits between retries with this timer instead of tokio's.
    pub fn sleep_impl(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Attempts in all, the first included (default 3; 1 disables retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.retry.max_attempts = attempts.max(1);
        self
    }

    /// The whole retry policy.
    pub fn retry_config(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self.retry.max_attempts = self.retry.max_attempts.max(1);
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

    /// How long to wait for a connection (default transport only; default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long one attempt may take in all (default transport only; default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Credentials for signed operations. Without this, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` are read when building.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Builds the configuration, or the client.
    pub fn build(self) -> Result<T, ConfigError> {
        T::from_config(&self.into_config()?)
    }

    fn into_config(self) -> Result<Config, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let region = self
            .region
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"));
        let transport: Arc<dyn Transport> = match self.transport {
            Some(t) => t,
            None => default_transport(
                self.connect_timeout.or(Some(Duration::from_secs(10))),
                self.timeout.or(Some(Duration::from_secs(60))),
            )?,
        };
        Ok(Config {
            inner: Arc::new(ConfigInner {
                region,
                endpoint_url: self.endpoint_url,
                transport,
                sleep: self.sleep.or_else(default_sleep),
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                min_compression_bytes: self.min_compression_bytes,
                user_agent: self.user_agent,
                credentials: self.credentials.or_else(Credentials::from_env),
            }),
        })
    }
}

fn regional_endpoint(prefix: &str, region: &str) -> Result<String, ConfigError> {
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(ConfigError {
            message: format!("`{region}` is not a region name"),
        });
    }
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    Ok(format!("https://{prefix}.{region}.{suffix}/"))
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

#[cfg(not(feature = "hyper"))]
fn default_transport(
    _connect_timeout: Option<Duration>,
    _timeout: Option<Duration>,
) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError {
        message: "no transport: enable feature `hyper` or call `.transport(...)`".into(),
    })
}

#[cfg(feature = "rt-tokio")]
fn default_sleep() -> Option<Arc<dyn Sleep>> {
    Some(Arc::new(crate::transport::TokioSleep))
}

#[cfg(not(feature = "rt-tokio"))]
fn default_sleep() -> Option<Arc<dyn Sleep>> {
    None
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
    endpoint: String,
    user_agent: String,
}

impl fmt::Debug for CoreClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("region", &self.inner.config.inner.region)
            .field("retry", &self.inner.config.inner.retry)
            .field("credentials", &self.inner.config.inner.credentials)
            .finish_non_exhaustive()
    }
}

impl CoreClient {
    /// The client of `service` under `config`: resolves the endpoint once.
    pub fn new(config: &Config, service: &'static ServiceInfo) -> Result<Self, ConfigError> {
        let settings = &config.inner;
        let endpoint = match (&settings.endpoint_url, &settings.region) {
            (Some(url), _) => url.clone(),
            (None, Some(region)) => regional_endpoint(service.endpoint_prefix, region)?,
            (None, None) => {
                return Err(ConfigError {
                    message: "set a region or an endpoint URL".into(),
                });
            }
        };
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(ConfigError {
                message: format!("endpoint URL `{endpoint}` must start with http:// or https://"),
            });
        }
        let user_agent = settings
            .user_agent
            .clone()
            .unwrap_or_else(|| service.user_agent.to_string());
        Ok(CoreClient {
            inner: Arc::new(CoreInner {
                config: config.clone(),
                service,
                endpoint,
                user_agent,
            }),
        })
    }

    /// The settings this client was built from.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// Sends one operation's input, retrying throttling, server errors and connection
    /// failures with backoff.
    pub async fn send<Op: Operation>(
        &self,
        input: Op::Input,
    ) -> Result<Op::Output, SdkError<Op::Error>> {
        let mut body = Op::serialize_input(&input).map_err(SdkError::Serialize)?;
        let url = self.url::<Op>(&input).map_err(SdkError::Serialize)?;
        drop(input);
        let compressed = cfg!(feature = "gzip")
            && Op::REQUEST_COMPRESSION
            && body.len() >= self.inner.config.inner.min_compression_bytes;
        if compressed {
            body = gzip(&body);
        }
        let inner = &*self.inner.config.inner;
        let mut attempt = 1;
        loop {
            let request = self
                .request::<Op>(&url, &body, compressed)
                .map_err(SdkError::Signing)?;
            match inner
                .transport
                .send(request, inner.max_response_bytes)
                .await
            {
                Err(e) => {
                    if !e.is_retryable() || attempt >= inner.retry.max_attempts {
                        return Err(SdkError::Transport(e));
                    }
                }
                Ok(response) if (200..300).contains(&response.status) => {
                    return Op::deserialize_output(&response.body).map_err(|error| {
                        SdkError::InvalidResponse {
                            error,
                            status: response.status,
                        }
                    });
                }
                Ok(response) => {
                    let error = Op::parse_error(response.status, &response.headers, &response.body);
                    if !error.is_retryable() || attempt >= inner.retry.max_attempts {
                        return Err(SdkError::Service {
                            error,
                            status: response.status,
                        });
                    }
                }
            }
            if let Some(sleep) = &inner.sleep {
                sleep.sleep(inner.retry.backoff(attempt)).await;
            }
            attempt += 1;
        }
    }

    /// The URL for one call: the endpoint the input names or the client's, with the
    /// operation's host prefix, always ending in `/` (the JSON RPC protocols post to the root
    /// path).
    fn url<Op: Operation>(&self, input: &Op::Input) -> Result<String, SerializeError> {
        let base = Op::endpoint_override(input).unwrap_or_else(|| self.inner.endpoint.clone());
        let mut url = match Op::host_prefix(input)? {
            Some(prefix) => match base.split_once("://") {
                Some((scheme, rest)) => format!("{scheme}://{prefix}{rest}"),
                None => base,
            },
            None => base,
        };
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(url)
    }

    fn request<Op: Operation>(
        &self,
        url: &str,
        body: &[u8],
        compressed: bool,
    ) -> Result<TransportRequest, String> {
        let inner = &*self.inner.config.inner;
        let mut headers = crate::protocol::wire_headers::<Op>(body.len());
        headers.push(("user-agent".to_string(), self.inner.user_agent.clone()));
        if compressed {
            headers.push(("content-encoding".to_string(), "gzip".to_string()));
        }
        if Op::SIGNED {
            #[cfg(feature = "sigv4")]
            {
                let credentials = inner.credentials.as_ref().ok_or_else(|| {
                    format!(
                        "{} needs AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or call `credentials(...)`",
                        Op::NAME
                    )
                })?;
                let region = inner.region.as_deref().ok_or_else(|| {
                    format!("{} is signed with SigV4, which needs a region", Op::NAME)
                })?;
                crate::sigv4::sign(
                    &mut headers,
                    url,
                    body,
                    region,
                    self.inner.service.signing_name,
                    credentials,
                )?;
            }
            #[cfg(not(feature = "sigv4"))]
            return Err(format!(
                "{} must be signed with SigV4: enable the crate's `sigv4` feature",
                Op::NAME
            ));
        }
        Ok(TransportRequest {
            method: "POST",
            url: url.to_string(),
            headers,
            body: body.to_vec(),
        })
    }
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

/// The future a fluent builder's `send()` returns: `.await` it for the operation's output or
/// its [`SdkError`].
// A named type rather than `send()` returning `impl Future`: an opaque type carries the
// builder's type-state and `send`'s bounds, so a forgotten required member was reported at
// `send`, again at the expression and again at `.await`. This type does not depend on the
// type-state, so the bound is checked once, at the call.
#[must_use = "the request is sent only when the future is awaited"]
pub struct SendFuture<Op: Operation> {
    inner: Pin<Box<dyn Future<Output = SendResult<Op>> + Send>>,
}

/// What sending `Op` gives.
type SendResult<Op> = Result<<Op as Operation>::Output, SdkError<<Op as Operation>::Error>>;

impl<Op> SendFuture<Op>
where
    Op: Operation + 'static,
    Op::Input: Send + Sync + 'static,
    Op::Output: Send + 'static,
    Op::Error: Send,
{
    /// Sends `input` through `client` when awaited (generated fluent builders call this).
    pub fn new(client: CoreClient, input: Op::Input) -> Self {
        SendFuture {
            inner: Box::pin(async move { client.send::<Op>(input).await }),
        }
    }
}

impl<Op: Operation> Future for SendFuture<Op> {
    type Output = SendResult<Op>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<Op: Operation> fmt::Debug for SendFuture<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("operation", &Op::NAME)
            .finish_non_exhaustive()
    }
}

/// A paginator bound to a client: [`pages`](Self::pages) and [`items`](Self::items) are
/// streams that send through it.
pub struct ClientPaginator<Op: Paginated>
where
    Op::Input: Clone,
{
    client: CoreClient,
    paginator: Paginator<Op>,
}

impl<Op: Paginated> fmt::Debug for ClientPaginator<Op>
where
    Op::Input: Clone + fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientPaginator")
            .field("client", &self.client)
            .field("paginator", &self.paginator)
            .finish()
    }
}

impl<Op: Paginated> ClientPaginator<Op>
where
    Op::Input: Clone,
{
    /// Walks the pages of `input` through `client` (generated fluent builders call this).
    pub fn new(client: CoreClient, input: Op::Input) -> Self {
        ClientPaginator {
            client,
            paginator: Paginator::new(input),
        }
    }

    /// Asks for at most `size` results per page (operations with a page-size member).
    pub fn page_size(mut self, size: Op::Size) -> Self
    where
        Op: PageSize,
    {
        self.paginator = self.paginator.page_size(size);
        self
    }

    /// Every page, as a stream; it stops after the first error.
    pub fn pages(
        self,
    ) -> impl futures_core::Stream<Item = Result<Op::Output, SdkError<Op::Error>>> {
        let client = self.client;
        self.paginator.pages(move |input| {
            let client = client.clone();
            async move { client.send::<Op>(input).await }
        })
    }

    /// Every item of every page, as a stream; it stops after the first error.
    pub fn items(self) -> impl futures_core::Stream<Item = Result<Op::Item, SdkError<Op::Error>>>
    where
        Op: PaginatedItems,
    {
        let client = self.client;
        self.paginator.items(move |input| {
            let client = client.clone();
            async move { client.send::<Op>(input).await }
        })
    }
}
