//! The clock and the random numbers the runtime uses, so a program can give its own: signing
//! time, clock-skew correction, credential expiry and the adaptive rate limiter read a
//! [`Clock`]; retry and credential-refresh jitter draw from a [`RandomSource`].
//!
//! Both are set on the client's configuration
//! ([`ConfigBuilder::clock`](crate::client::ConfigBuilder::clock),
//! [`ConfigBuilder::random_source`](crate::client::ConfigBuilder::random_source)) and reach
//! every part of it: the retry state, the skew correction and the default credentials cache.
//! The defaults, [`SystemClock`] and [`SystemRandom`], work on every target the runtime
//! builds for, the browser included: on `wasm32-unknown-unknown`, where
//! `SystemTime::now()` and `Instant::now()` panic, they read JavaScript's `Date.now()` and
//! `Math.random()` instead.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What time it is.
///
/// Implement it to sign with a time of your choosing (tests, a clock synchronised elsewhere)
/// or on a platform whose `SystemTime::now()` does not work.
pub trait Clock: Send + Sync + fmt::Debug + 'static {
    /// The wall-clock time: what requests are signed with and credentials' expiry is
    /// compared with.
    fn now(&self) -> SystemTime;

    /// The time elapsed since an origin of the clock's choosing, on a clock that should not
    /// go back: what the adaptive rate limiter measures send rates with. By default it is
    /// read from [`now`](Self::now); the rate limiter ignores a clock that goes back, so a
    /// wall clock that is set back only pauses its refill.
    fn monotonic(&self) -> Duration {
        self.now().duration_since(UNIX_EPOCH).unwrap_or_default()
    }
}

impl<C: Clock + ?Sized> Clock for Arc<C> {
    fn now(&self) -> SystemTime {
        (**self).now()
    }

    fn monotonic(&self) -> Duration {
        (**self).monotonic()
    }
}

/// The platform's clock, the default: `SystemTime::now()` and `Instant::now()` natively; on
/// `wasm32-unknown-unknown`, JavaScript's `Date.now()` (millisecond resolution).
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }

    fn monotonic(&self) -> Duration {
        use std::sync::OnceLock;
        use std::time::Instant;
        // One origin per process, so every reading of every clock is comparable.
        static ORIGIN: OnceLock<Instant> = OnceLock::new();
        ORIGIN.get_or_init(Instant::now).elapsed()
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        crate::wasm::now()
    }
}

/// A source of random numbers, for jitter: the spread of retry backoffs and of credential
/// refreshes. Nothing the runtime draws from it needs to be unpredictable to an attacker.
pub trait RandomSource: Send + Sync + fmt::Debug + 'static {
    /// A random `u64`, uniformly distributed.
    fn next_u64(&self) -> u64;
}

impl<R: RandomSource + ?Sized> RandomSource for Arc<R> {
    fn next_u64(&self) -> u64 {
        (**self).next_u64()
    }
}

/// The platform's random numbers, the default: natively the standard library's per-process
/// hash keys (seeded by the operating system) mixed with the time, without a dependency; on
/// `wasm32-unknown-unknown`, JavaScript's `Math.random()`. Neither is cryptographic.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemRandom;

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
impl RandomSource for SystemRandom {
    fn next_u64(&self) -> u64 {
        use std::hash::{BuildHasher, Hasher};
        // Each `RandomState` has fresh keys (the process's, advanced per instance).
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos().into()),
        );
        hasher.finish()
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
impl RandomSource for SystemRandom {
    fn next_u64(&self) -> u64 {
        crate::wasm::random_u64()
    }
}

/// The default clock, shared.
pub(crate) fn default_clock() -> Arc<dyn Clock> {
    Arc::new(SystemClock)
}

/// The default random source, shared.
pub(crate) fn default_random() -> Arc<dyn RandomSource> {
    Arc::new(SystemRandom)
}

/// A random duration in `[0, cap)`; zero for a zero cap.
pub(crate) fn jitter(random: &dyn RandomSource, cap: Duration) -> Duration {
    match u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX) {
        0 => Duration::ZERO,
        nanos => Duration::from_nanos(random.next_u64() % nanos),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Fixed(u64);

    impl RandomSource for Fixed {
        fn next_u64(&self) -> u64 {
            self.0
        }
    }

    #[test]
    fn jitter_stays_below_its_cap() {
        assert_eq!(jitter(&Fixed(u64::MAX), Duration::ZERO), Duration::ZERO);
        assert_eq!(
            jitter(&Fixed(1_500), Duration::from_micros(1)),
            Duration::from_nanos(500)
        );
        assert_eq!(
            jitter(&Fixed(u64::MAX), Duration::MAX),
            Duration::ZERO,
            "a cap past u64 nanoseconds counts as u64::MAX of them"
        );
        let drawn = jitter(&SystemRandom, Duration::from_millis(100));
        assert!(drawn < Duration::from_millis(100), "{drawn:?}");
    }

    #[test]
    fn the_system_clock_agrees_with_the_platform_and_never_goes_back() {
        let before = SystemTime::now();
        let read = SystemClock.now();
        assert!(read >= before, "{read:?} is before {before:?}");
        let first = SystemClock.monotonic();
        assert!(SystemClock.monotonic() >= first);
        // Through an `Arc<dyn Clock>`, as the configuration holds it.
        let shared = default_clock();
        assert!(shared.now() >= before);
    }
}
