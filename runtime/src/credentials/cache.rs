//! A cache in front of a provider: credentials are kept until shortly before they expire, and
//! one fetch at a time refreshes them while every other caller waits for its result.
//!
//! No async runtime is needed. The fetch in flight is a future shared by its callers: each of
//! them polls it (under a mutex, one at a time) with a waker that wakes them all, so the fetch
//! goes on as long as one caller is waiting, whichever it is, and a caller that gives up
//! stalls nobody. This is what `futures-util`'s `Shared` does, in some eighty lines, without
//! its build cost.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Wake, Waker};
use std::time::{Duration, SystemTime};

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, ProvideCredentials,
    ProviderKind,
};
use crate::time::{Clock, RandomSource, default_clock, default_random, jitter};

type Fetch = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send>>;

/// A caching provider: one fetch at a time, shared by every caller waiting for it (no
/// async runtime needed).
///
/// Credentials are refreshed [`buffer`](CachedProviderBuilder::buffer) (default 5 minutes)
/// plus a random part of [`jitter`](CachedProviderBuilder::jitter) (default up to 1 minute)
/// before they expire, so that clients started together do not refresh together. Credentials
/// without an expiry are kept for [`default_lifetime`](CachedProviderBuilder::default_lifetime)
/// (default 15 minutes), so that an edited profile is eventually read again. When a refresh
/// fails while the cached credentials are still valid, those are returned.
///
/// Expiry is judged on the platform's clock, and the jitter drawn from its random numbers,
/// unless the builder is given others ([`clock`](CachedProviderBuilder::clock),
/// [`random_source`](CachedProviderBuilder::random_source)); the client's default cache uses
/// the client's.
#[derive(Clone)]
pub struct CachedProvider {
    inner: Arc<dyn ProvideCredentials>,
    settings: Settings,
    clock: Arc<dyn Clock>,
    random: Arc<dyn RandomSource>,
    state: Arc<Mutex<State>>,
}

#[derive(Clone, Copy, Debug)]
struct Settings {
    buffer: Duration,
    jitter: Duration,
    default_lifetime: Duration,
}

#[derive(Default)]
struct State {
    cached: Option<Cached>,
    in_flight: Option<Arc<InFlight>>,
}

struct Cached {
    credentials: Credentials,
    refresh_at: SystemTime,
}

/// Configures a [`CachedProvider`].
#[derive(Debug)]
pub struct CachedProviderBuilder {
    inner: Arc<dyn ProvideCredentials>,
    settings: Settings,
    clock: Arc<dyn Clock>,
    random: Arc<dyn RandomSource>,
}

impl CachedProviderBuilder {
    /// How long before expiry credentials are refreshed (default 5 minutes).
    pub fn buffer(mut self, buffer: Duration) -> Self {
        self.settings.buffer = buffer;
        self
    }

    /// Up to how much earlier still, at random (default 1 minute).
    pub fn jitter(mut self, jitter: Duration) -> Self {
        self.settings.jitter = jitter;
        self
    }

    /// How long credentials without an expiry are kept (default 15 minutes).
    pub fn default_lifetime(mut self, lifetime: Duration) -> Self {
        self.settings.default_lifetime = lifetime;
        self
    }

    /// Judges expiry on this clock instead of the platform's.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Draws the refresh jitter from this source instead of the platform's.
    pub fn random_source(mut self, random: impl RandomSource) -> Self {
        self.random = Arc::new(random);
        self
    }

    /// The cache.
    pub fn build(self) -> CachedProvider {
        CachedProvider {
            inner: self.inner,
            settings: self.settings,
            clock: self.clock,
            random: self.random,
            state: Arc::new(Mutex::new(State::default())),
        }
    }
}

impl CachedProvider {
    /// A cache with the default settings in front of `inner`.
    pub fn new(inner: impl ProvideCredentials + 'static) -> Self {
        Self::builder(inner).build()
    }

    /// A builder of a cache in front of `inner`.
    pub fn builder(inner: impl ProvideCredentials + 'static) -> CachedProviderBuilder {
        CachedProviderBuilder {
            inner: Arc::new(inner),
            settings: Settings {
                buffer: Duration::from_secs(300),
                jitter: Duration::from_secs(60),
                default_lifetime: Duration::from_secs(900),
            },
            clock: default_clock(),
            random: default_random(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is replaced whole under the lock; a panic elsewhere cannot tear it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// When credentials fetched now should be refreshed.
    fn refresh_at(&self, credentials: &Credentials, now: SystemTime) -> SystemTime {
        let Some(expiry) = credentials.expiry() else {
            return now
                .checked_add(self.settings.default_lifetime)
                .unwrap_or(now);
        };
        let jitter = jitter(&*self.random, self.settings.jitter);
        let early = self.settings.buffer.saturating_add(jitter);
        expiry.checked_sub(early).unwrap_or(SystemTime::UNIX_EPOCH)
    }

    async fn get(&self) -> Result<Credentials, CredentialsError> {
        let in_flight = {
            let mut state = self.lock();
            if let Some(cached) = &state.cached
                && self.clock.now() < cached.refresh_at
            {
                return Ok(cached.credentials.clone());
            }
            match &state.in_flight {
                Some(f) => f.clone(),
                None => {
                    let inner = self.inner.clone();
                    let fetch: Fetch = Box::pin(async move { inner.provide().await });
                    let f = Arc::new(InFlight::new(fetch));
                    state.in_flight = Some(f.clone());
                    f
                }
            }
        };
        let result = Wait(in_flight.clone()).await;
        let now = self.clock.now();
        let mut state = self.lock();
        // The first waiter back stores the result; the others find it stored.
        if state
            .in_flight
            .as_ref()
            .is_some_and(|f| Arc::ptr_eq(f, &in_flight))
        {
            state.in_flight = None;
            if let Ok(credentials) = &result {
                state.cached = Some(Cached {
                    refresh_at: self.refresh_at(credentials, now),
                    credentials: credentials.clone(),
                });
            }
        }
        match result {
            Err(e) => match &state.cached {
                Some(c) if c.credentials.expiry().is_none_or(|t| now < t) => {
                    Ok(c.credentials.clone())
                }
                _ => Err(e),
            },
            ok => ok,
        }
    }
}

impl ProvideCredentials for CachedProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.get())
    }
}

impl fmt::Debug for CachedProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("CachedProvider")
            .field("inner", &self.inner)
            .field("settings", &self.settings)
            // `Credentials`' own Debug redacts its secrets.
            .field("cached", &state.cached.as_ref().map(|c| &c.credentials))
            .field("refreshing", &state.in_flight.is_some())
            .finish()
    }
}

/// One fetch, shared by everyone waiting for it.
struct InFlight {
    fetch: Mutex<Progress>,
    wakers: Arc<Wakers>,
}

enum Progress {
    Running(Fetch),
    Done(Result<Credentials, CredentialsError>),
}

/// The wakers of every waiting caller; the fetch is polled with a waker that wakes them all.
#[derive(Default)]
struct Wakers(Mutex<Vec<Waker>>);

impl Wake for Wakers {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        let wakers = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        for waker in wakers {
            waker.wake();
        }
    }
}

impl InFlight {
    fn new(fetch: Fetch) -> Self {
        InFlight {
            fetch: Mutex::new(Progress::Running(fetch)),
            wakers: Arc::new(Wakers::default()),
        }
    }
}

/// Waits for an [`InFlight`], driving it.
struct Wait(Arc<InFlight>);

impl Future for Wait {
    type Output = Result<Credentials, CredentialsError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let shared = &self.0;
        // Registered before polling: a wake-up from here on reaches this caller.
        {
            let mut wakers = shared.wakers.0.lock().unwrap_or_else(|e| e.into_inner());
            if !wakers.iter().any(|w| w.will_wake(cx.waker())) {
                wakers.push(cx.waker().clone());
            }
        }
        let mut progress = match shared.fetch.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                // A fetch that panicked cannot be polled again: it failed.
                let mut guard = poisoned.into_inner();
                *guard = Progress::Done(Err(CredentialsError::new(
                    ProviderKind::Custom,
                    CredentialsErrorKind::InvalidResponse,
                    "the credentials provider panicked",
                )));
                guard
            }
        };
        match &mut *progress {
            Progress::Done(result) => Poll::Ready(result.clone()),
            Progress::Running(fetch) => {
                let waker = Waker::from(shared.wakers.clone());
                match fetch.as_mut().poll(&mut Context::from_waker(&waker)) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(result) => {
                        *progress = Progress::Done(result.clone());
                        drop(progress);
                        shared.wakers.wake_by_ref();
                        Poll::Ready(result)
                    }
                }
            }
        }
    }
}
