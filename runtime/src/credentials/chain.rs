//! Providers tried in order, and the default chain of the AWS SDKs.

use std::sync::Arc;

#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
use super::{
    CachedProvider, ContainerProvider, EnvironmentProvider, ImdsProvider, ProfileProvider,
    ProviderConfig, WebIdentityProvider,
};
use super::{CredentialsError, CredentialsFuture, ProvideCredentials, ProviderKind};

/// Providers tried in order: the first credentials win. A provider that is not set up
/// ([`CredentialsError::is_not_configured`]) passes to the next; any other failure ends the
/// chain, as in the AWS SDKs (a broken profile must not silently fall through to the instance
/// role). Errors list what every provider tried said ([`CredentialsError::tried`]).
#[derive(Clone, Debug, Default)]
pub struct ChainProvider {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl ChainProvider {
    /// An empty chain (it has no credentials).
    pub fn new() -> Self {
        Self::default()
    }

    /// `provider`, tried after those already in the chain.
    pub fn or_else(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push(Arc::new(provider));
        self
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let mut tried = Vec::new();
            for provider in &self.providers {
                match provider.provide().await {
                    Ok(credentials) => return Ok(credentials),
                    Err(e) if e.is_not_configured() => tried.push(e),
                    Err(e) => return Err(e.with_tried(tried)),
                }
            }
            Err(
                CredentialsError::not_configured(ProviderKind::Chain, "no credentials found")
                    .with_tried(tried),
            )
        })
    }
}

/// The default chain, in the AWS SDKs' order: environment, shared files (profile), web
/// identity, container endpoint, IMDS. Not cached: [`default_provider`] is. Not on
/// `wasm32-unknown-unknown`, where none of these exists.
#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
#[derive(Clone, Debug)]
pub struct DefaultChain {
    chain: ChainProvider,
}

#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
impl DefaultChain {
    /// The chain under `config`. Reads nothing yet.
    pub fn new(config: &ProviderConfig) -> Self {
        DefaultChain {
            chain: ChainProvider::new()
                .or_else(EnvironmentProvider::new(config))
                .or_else(ProfileProvider::new(config))
                .or_else(WebIdentityProvider::new(config))
                .or_else(ContainerProvider::new(config))
                .or_else(ImdsProvider::new(config)),
        }
    }
}

#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        self.chain.provide()
    }
}

/// What a client uses when given no credentials: the [`DefaultChain`] behind a
/// [`CachedProvider`] on the configuration's clock and random numbers. Building it does no
/// I/O. Not on `wasm32-unknown-unknown`.
#[cfg(all(
    feature = "sigv4",
    not(all(target_arch = "wasm32", target_os = "unknown"))
))]
pub fn default_provider(config: &ProviderConfig) -> CachedProvider {
    CachedProvider::builder(DefaultChain::new(config))
        .clock(config.clock().clone())
        .random_source(config.random_source().clone())
        .build()
}

/// What a client uses when given no credentials where there is no default chain: nothing,
/// said plainly. On `wasm32-unknown-unknown`, because a browser has no environment variables,
/// shared files, container endpoint or instance metadata (and a page must not probe
/// 169.254.169.254); without feature `sigv4`, because nothing is signed.
#[cfg_attr(
    all(
        feature = "sigv4",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ),
    allow(dead_code)
)]
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoDefaultChain;

/// Why [`NoDefaultChain`] has nothing.
#[cfg_attr(
    all(
        feature = "sigv4",
        not(all(target_arch = "wasm32", target_os = "unknown"))
    ),
    allow(dead_code)
)]
pub(crate) const NO_DEFAULT_CHAIN: &str = if cfg!(feature = "sigv4") {
    "no credentials were given, and there is no default credentials chain on \
     wasm32-unknown-unknown (no environment, shared files or instance metadata in a \
     browser): give the client `credentials(..)` or `credentials_provider(..)`"
} else {
    "no credentials were given, and without feature `sigv4` the default credentials chain \
     is not built: give the client `credentials(..)` or `credentials_provider(..)`"
};

impl ProvideCredentials for NoDefaultChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Err(CredentialsError::not_configured(
            ProviderKind::Chain,
            NO_DEFAULT_CHAIN,
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What a browser client without credentials gets, checked where tests run.
    #[test]
    fn without_a_default_chain_the_refusal_says_what_to_do() {
        let mut future = NoDefaultChain.provide();
        let polled = future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
        let std::task::Poll::Ready(Err(error)) = polled else {
            panic!("a ready error, not {polled:?}");
        };
        assert!(error.is_not_configured(), "{error:?}");
        let shown = error.to_string();
        assert!(shown.contains("wasm32-unknown-unknown"), "{shown}");
        assert!(shown.contains("credentials_provider(..)"), "{shown}");
    }
}
