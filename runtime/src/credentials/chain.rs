//! Providers tried in order, and the default chain of the AWS SDKs.

use std::sync::Arc;

use super::{
    CachedProvider, ContainerProvider, CredentialsError, CredentialsFuture, EnvironmentProvider,
    ImdsProvider, ProfileProvider, ProvideCredentials, ProviderConfig, ProviderKind,
    WebIdentityProvider,
};

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
/// identity, container endpoint, IMDS. Not cached: [`default_provider`] is.
#[derive(Clone, Debug)]
pub struct DefaultChain {
    chain: ChainProvider,
}

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

impl ProvideCredentials for DefaultChain {
    fn provide(&self) -> CredentialsFuture<'_> {
        self.chain.provide()
    }
}

/// What a client uses when given no credentials: the [`DefaultChain`] behind a
/// [`CachedProvider`]. Building it does no I/O.
pub fn default_provider(config: &ProviderConfig) -> CachedProvider {
    CachedProvider::new(DefaultChain::new(config))
}
