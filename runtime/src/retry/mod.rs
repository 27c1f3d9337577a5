//! Retry modes as the AWS SDKs define them.
//!
//! - [`RetryMode::Standard`]: capped exponential backoff with full jitter, and a retry quota
//!   (a [`TokenBucket`]) shared by every client built from one
//!   [`Config`](crate::client::Config): each retry takes tokens, each success gives some back,
//!   and once the bucket is empty failures are returned at once instead of retried. A service
//!   that is down for everyone then gets no retry storm from this process.
//! - [`RetryMode::Adaptive`]: standard, plus a client-side rate limiter
//!   ([`ClientRateLimiter`]) that slows every send, first attempts included, after throttling
//!   responses, and speeds up again along a CUBIC curve.
//!
//! The mode and the number of attempts come from the builder
//! ([`ConfigBuilder::retry_mode`](crate::client::ConfigBuilder::retry_mode),
//! [`max_attempts`](crate::client::ConfigBuilder::max_attempts)), else from `AWS_RETRY_MODE`
//! and `AWS_MAX_ATTEMPTS`, else from the shared config profile (`retry_mode`, `max_attempts`),
//! else standard with 3 attempts.

mod adaptive;
mod standard;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use adaptive::ClientRateLimiter;
pub use standard::TokenBucket;

use crate::error::{ProvideErrorKind, THROTTLING_CODES};
use crate::time::{Clock, RandomSource, default_clock, default_random, jitter};
use crate::transport::{TransportError, TransportErrorKind};

/// How failed attempts are retried. `legacy`, which every SDK defines its own way, is read as
/// `standard`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RetryMode {
    /// Backoff with jitter and a shared retry quota.
    #[default]
    Standard,
    /// Standard, plus a client-side rate limiter that slows sending after throttling.
    Adaptive,
}

impl RetryMode {
    /// The name the settings use (`standard`, `adaptive`).
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Adaptive => "adaptive",
        }
    }
}

impl fmt::Display for RetryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A retry mode name that is none of `standard`, `adaptive`, `legacy`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRetryMode(String);

impl fmt::Display for UnknownRetryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown retry mode `{}` (expected standard, adaptive or legacy)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRetryMode {}

impl FromStr for RetryMode {
    type Err = UnknownRetryMode;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let name = text.trim();
        if name.eq_ignore_ascii_case("standard") || name.eq_ignore_ascii_case("legacy") {
            Ok(RetryMode::Standard)
        } else if name.eq_ignore_ascii_case("adaptive") {
            Ok(RetryMode::Adaptive)
        } else {
            Err(UnknownRetryMode(name.to_string()))
        }
    }
}

/// Attempts in all when nothing says otherwise (the SDKs' default in standard and adaptive).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Retry settings from one source; `None` leaves the choice to the next source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RetrySettings {
    /// The retry mode.
    pub mode: Option<RetryMode>,
    /// Attempts in all, the first included.
    pub max_attempts: Option<u32>,
}

impl RetrySettings {
    /// Reads `AWS_RETRY_MODE` and `AWS_MAX_ATTEMPTS` through `env`, and, for what they leave
    /// unset, the `retry_mode` and `max_attempts` properties of a shared config profile.
    ///
    /// `env` returns a variable's value (`None` when unset or empty): pass
    /// `|name| std::env::var(name).ok()`, or a map in tests. `profile` is the active profile's
    /// properties, as the profile file parser gives them; the client builder passes `None`
    /// until that parser is connected here. An invalid value is an error naming its source,
    /// as in the SDKs, rather than a silently different retry policy.
    pub fn from_env_and_profile(
        env: &dyn Fn(&str) -> Option<String>,
        profile: Option<&HashMap<String, String>>,
    ) -> Result<Self, String> {
        let from_env = Self::read(|name| env(name), "AWS_RETRY_MODE", "AWS_MAX_ATTEMPTS")?;
        let from_profile = match profile {
            Some(properties) => Self::read(
                |name| properties.get(name).cloned(),
                "retry_mode",
                "max_attempts",
            )?,
            None => RetrySettings::default(),
        };
        Ok(from_env.or(from_profile))
    }

    fn read(
        get: impl Fn(&str) -> Option<String>,
        mode_key: &str,
        attempts_key: &str,
    ) -> Result<Self, String> {
        let value = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        let mode = value(mode_key)
            .map(|v| {
                v.parse::<RetryMode>()
                    .map_err(|e| format!("{mode_key}: {e}"))
            })
            .transpose()?;
        let max_attempts = value(attempts_key)
            .map(|v| match v.trim().parse::<u32>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!(
                    "{attempts_key}: `{}` is not a whole number greater than 0",
                    v.trim()
                )),
            })
            .transpose()?;
        Ok(RetrySettings { mode, max_attempts })
    }

    /// These settings, with what they leave unset taken from `fallback`.
    pub fn or(self, fallback: RetrySettings) -> RetrySettings {
        RetrySettings {
            mode: self.mode.or(fallback.mode),
            max_attempts: self.max_attempts.or(fallback.max_attempts),
        }
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
    /// 3 attempts, a first backoff of up to 100 ms (the JavaScript SDK's base delay), at most
    /// 20 s (every SDK's cap).
    fn default() -> Self {
        RetryConfig {
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
        }
    }
}

impl RetryConfig {
    /// "Full jitter" backoff: a random wait between zero and the capped exponential delay,
    /// which spreads out clients that failed together.
    pub(crate) fn backoff(&self, retry: u32, random: &dyn RandomSource) -> Duration {
        let exp = self.initial_backoff.saturating_mul(
            1u32.checked_shl(retry.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        jitter(random, exp.min(self.max_backoff))
    }
}

/// Error codes of transient faults, as the SDKs' standard mode lists them.
/// (`PriorRequestNotComplete` is also a throttling code, and that is checked first.)
const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// HTTP statuses of transient faults.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// What an attempt's failure is, as the retry rules see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FailureKind {
    /// The service asked the caller to slow down: a throttling code, HTTP 429, or an error
    /// the model marks `@retryable(throttling: true)`. Adaptive mode slows down on these.
    Throttling,
    /// A transient fault: `RequestTimeout`, `RequestTimeoutException`, HTTP 500, 502, 503 or
    /// 504, a refused or broken connection.
    Transient,
    /// No complete response in time: transient, and its retry costs twice the quota.
    Timeout,
    /// Neither, but the error says sending again may succeed (a modeled `@retryable` error,
    /// another 5xx status).
    Retryable,
    /// Sending the same request again would fail the same way.
    NotRetryable,
}

impl FailureKind {
    /// Whether the retry rules retry it.
    pub const fn is_retryable(self) -> bool {
        !matches!(self, FailureKind::NotRetryable)
    }

    /// A short name (`throttling`, `transient`, ...), as traces show it.
    pub const fn as_str(self) -> &'static str {
        match self {
            FailureKind::Throttling => "throttling",
            FailureKind::Transient => "transient",
            FailureKind::Timeout => "timeout",
            FailureKind::Retryable => "retryable",
            FailureKind::NotRetryable => "not_retryable",
        }
    }
}

/// Classifies an error response.
pub fn classify_service_error(status: u16, error: &dyn ProvideErrorKind) -> FailureKind {
    let code = error.code();
    let coded = |codes: &[&str]| code.is_some_and(|c| codes.contains(&c));
    if error.is_throttling() || status == 429 || coded(THROTTLING_CODES) {
        FailureKind::Throttling
    } else if coded(TRANSIENT_CODES) || TRANSIENT_STATUSES.contains(&status) {
        FailureKind::Transient
    } else if error.is_retryable() {
        FailureKind::Retryable
    } else {
        FailureKind::NotRetryable
    }
}

/// Classifies a failure to get a response.
pub fn classify_transport_error(error: &TransportError) -> FailureKind {
    match error.kind() {
        TransportErrorKind::Timeout => FailureKind::Timeout,
        TransportErrorKind::Connect | TransportErrorKind::Io => FailureKind::Transient,
        _ => FailureKind::NotRetryable,
    }
}

/// Retry state shared by every client built from one [`Config`](crate::client::Config): the
/// retry quota and, in adaptive mode, the rate limiter, with the clock the limiter reads and
/// the random numbers backoff draws.
#[derive(Debug)]
pub struct RetryState {
    mode: RetryMode,
    bucket: TokenBucket,
    limiter: Option<Mutex<ClientRateLimiter>>,
    clock: Arc<dyn Clock>,
    random: Arc<dyn RandomSource>,
    // The rate limiter's time is the clock's monotonic time since this.
    epoch: Duration,
}

impl RetryState {
    /// Fresh state for `mode`: a full bucket of [`TokenBucket::DEFAULT_CAPACITY`] tokens, the
    /// platform's clock and random numbers.
    pub fn new(mode: RetryMode) -> Self {
        Self::with_clock_and_random(mode, default_clock(), default_random())
    }

    /// Fresh state for `mode` whose rate limiter reads `clock` and whose backoff draws from
    /// `random`.
    pub fn with_clock_and_random(
        mode: RetryMode,
        clock: Arc<dyn Clock>,
        random: Arc<dyn RandomSource>,
    ) -> Self {
        RetryState {
            mode,
            bucket: TokenBucket::default(),
            limiter: (mode == RetryMode::Adaptive).then(|| Mutex::new(ClientRateLimiter::new())),
            epoch: clock.monotonic(),
            clock,
            random,
        }
    }

    /// The retry mode.
    pub fn mode(&self) -> RetryMode {
        self.mode
    }

    /// The retry quota.
    pub fn bucket(&self) -> &TokenBucket {
        &self.bucket
    }

    /// The adaptive rate limiter's current fill rate in requests per second, once throttling
    /// has switched it on (adaptive mode only).
    pub fn send_rate(&self) -> Option<f64> {
        let limiter = self.limiter.as_ref()?;
        lock(limiter).fill_rate()
    }

    /// The retries of one call.
    pub(crate) fn call(&self, config: RetryConfig) -> CallRetries<'_> {
        CallRetries {
            state: self,
            config,
            retries: 0,
            held: None,
        }
    }

    fn now(&self) -> f64 {
        self.clock
            .monotonic()
            .saturating_sub(self.epoch)
            .as_secs_f64()
    }
}

// A panic elsewhere while holding the lock leaves numbers, not broken invariants.
fn lock(limiter: &Mutex<ClientRateLimiter>) -> std::sync::MutexGuard<'_, ClientRateLimiter> {
    limiter.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the retry rules decided after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Send again after this wait; `cost` tokens were taken from the quota.
    Retry { delay: Duration, cost: u32 },
    /// The failure is not worth retrying.
    NotRetryable,
    /// Every attempt was used.
    AttemptsExhausted,
    /// The shared retry quota is empty.
    QuotaExhausted,
}

impl Decision {
    /// How traces name it.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Decision::Retry { .. } => "retry",
            Decision::NotRetryable => "not_retryable",
            Decision::AttemptsExhausted => "max_attempts",
            Decision::QuotaExhausted => "quota_exhausted",
        }
    }
}

/// The retry bookkeeping of one call.
pub(crate) struct CallRetries<'a> {
    state: &'a RetryState,
    config: RetryConfig,
    retries: u32,
    // The quota taken by the last retry, given back if the call then succeeds.
    held: Option<u32>,
}

impl CallRetries<'_> {
    /// How long the adaptive rate limiter wants the next attempt to wait (it counts the
    /// attempt as sent).
    pub(crate) fn send_delay(&self) -> Option<Duration> {
        let limiter = self.state.limiter.as_ref()?;
        lock(limiter).acquire(self.state.now())
    }

    /// Tells the rate limiter how an attempt ended: `None` for a success.
    pub(crate) fn observe(&self, failure: Option<FailureKind>) {
        if let Some(limiter) = &self.state.limiter {
            let throttled = failure == Some(FailureKind::Throttling);
            lock(limiter).update(throttled, self.state.now());
        }
    }

    /// The call got a response it returns as a success: quota goes back to the bucket.
    pub(crate) fn succeeded(&mut self) {
        let bucket = &self.state.bucket;
        bucket.release(self.held.take().unwrap_or(TokenBucket::NO_RETRY_INCREMENT));
    }

    /// Whether to retry after a failure of `kind`, taking the retry's quota if so.
    pub(crate) fn decide(&mut self, kind: FailureKind) -> Decision {
        if !kind.is_retryable() {
            return Decision::NotRetryable;
        }
        if self.retries.saturating_add(1) >= self.config.max_attempts {
            return Decision::AttemptsExhausted;
        }
        let cost = self.state.bucket.cost(kind);
        if !self.state.bucket.try_acquire(cost) {
            return Decision::QuotaExhausted;
        }
        self.held = Some(cost);
        self.retries = self.retries.saturating_add(1);
        Decision::Retry {
            delay: self.config.backoff(self.retries, &*self.state.random),
            cost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::UnhandledError;

    fn settings(
        env: &[(&str, &str)],
        profile: Option<&[(&str, &str)]>,
    ) -> Result<RetrySettings, String> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let profile: Option<HashMap<String, String>> = profile.map(|p| {
            p.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        RetrySettings::from_env_and_profile(&|name| env.get(name).cloned(), profile.as_ref())
    }

    #[test]
    fn modes_parse_as_the_sdks_name_them() {
        assert_eq!("standard".parse(), Ok(RetryMode::Standard));
        assert_eq!("legacy".parse(), Ok(RetryMode::Standard));
        assert_eq!(" Adaptive ".parse(), Ok(RetryMode::Adaptive));
        let err = "fast".parse::<RetryMode>().expect_err("unknown");
        assert!(err.to_string().contains("`fast`"), "{err}");
    }

    #[test]
    fn env_wins_over_profile_and_each_fills_what_the_other_leaves() {
        let both = settings(
            &[("AWS_MAX_ATTEMPTS", "5")],
            Some(&[("max_attempts", "7"), ("retry_mode", "adaptive")]),
        );
        assert_eq!(
            both,
            Ok(RetrySettings {
                mode: Some(RetryMode::Adaptive),
                max_attempts: Some(5),
            })
        );
        assert_eq!(settings(&[], None), Ok(RetrySettings::default()));
        assert_eq!(
            settings(&[("AWS_RETRY_MODE", ""), ("AWS_MAX_ATTEMPTS", " ")], None),
            Ok(RetrySettings::default()),
            "empty values are unset"
        );
    }

    #[test]
    fn invalid_values_are_errors_that_name_their_source() {
        for bad in ["0", "-1", "three", "4294967296"] {
            let err = settings(&[("AWS_MAX_ATTEMPTS", bad)], None).expect_err(bad);
            assert!(err.starts_with("AWS_MAX_ATTEMPTS"), "{err}");
        }
        let err = settings(&[], Some(&[("retry_mode", "turbo")])).expect_err("mode");
        assert!(err.starts_with("retry_mode"), "{err}");
    }

    #[test]
    fn explicit_settings_win() {
        let explicit = RetrySettings {
            mode: None,
            max_attempts: Some(2),
        };
        let merged = explicit.or(RetrySettings {
            mode: Some(RetryMode::Adaptive),
            max_attempts: Some(9),
        });
        assert_eq!(merged.max_attempts, Some(2));
        assert_eq!(merged.mode, Some(RetryMode::Adaptive));
    }

    /// The error of an operation with no modeled errors.
    struct Unmodeled(UnhandledError);

    impl ProvideErrorKind for Unmodeled {
        fn code(&self) -> Option<&str> {
            self.0.code()
        }
        fn message(&self) -> Option<&str> {
            self.0.message()
        }
        fn is_retryable(&self) -> bool {
            self.0.is_retryable()
        }
        fn is_throttling(&self) -> bool {
            self.0.is_throttling()
        }
    }

    fn kind(status: u16, code: Option<&str>) -> FailureKind {
        classify_service_error(status, &Unmodeled(UnhandledError::new(code, None, status)))
    }

    #[test]
    fn throttling_transient_and_the_rest() {
        for code in [
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestThrottledException",
            "TooManyRequestsException",
            "ProvisionedThroughputExceededException",
            "TransactionInProgressException",
            "RequestLimitExceeded",
            "BandwidthLimitExceeded",
            "LimitExceededException",
            "RequestThrottled",
            "SlowDown",
            "PriorRequestNotComplete",
            "EC2ThrottledException",
        ] {
            assert_eq!(kind(400, Some(code)), FailureKind::Throttling, "{code}");
        }
        assert_eq!(kind(429, None), FailureKind::Throttling);
        for code in ["RequestTimeout", "RequestTimeoutException"] {
            assert_eq!(kind(400, Some(code)), FailureKind::Transient, "{code}");
        }
        for status in [500, 502, 503, 504] {
            assert_eq!(kind(status, None), FailureKind::Transient, "{status}");
        }
        assert_eq!(kind(501, None), FailureKind::Retryable);
        assert_eq!(
            kind(400, Some("ValidationException")),
            FailureKind::NotRetryable
        );
        assert_eq!(
            kind(403, Some("AccessDeniedException")),
            FailureKind::NotRetryable
        );

        let transport = |k| classify_transport_error(&TransportError::new(k, "x"));
        assert_eq!(transport(TransportErrorKind::Timeout), FailureKind::Timeout);
        assert_eq!(
            transport(TransportErrorKind::Connect),
            FailureKind::Transient
        );
        assert_eq!(transport(TransportErrorKind::Io), FailureKind::Transient);
        assert_eq!(
            transport(TransportErrorKind::BodyTooLarge),
            FailureKind::NotRetryable
        );
        assert_eq!(
            transport(TransportErrorKind::Other),
            FailureKind::NotRetryable
        );
    }

    #[test]
    fn a_call_stops_at_max_attempts_and_takes_quota_per_retry() {
        let state = RetryState::new(RetryMode::Standard);
        let mut call = state.call(RetryConfig::default());
        assert!(matches!(
            call.decide(FailureKind::Transient),
            Decision::Retry { cost: 5, .. }
        ));
        assert!(matches!(
            call.decide(FailureKind::Timeout),
            Decision::Retry { cost: 10, .. }
        ));
        assert_eq!(
            call.decide(FailureKind::Transient),
            Decision::AttemptsExhausted
        );
        assert_eq!(state.bucket().available(), 485);
        call.succeeded();
        assert_eq!(state.bucket().available(), 495, "the last retry's 10 back");
        let mut call = state.call(RetryConfig::default());
        assert_eq!(
            call.decide(FailureKind::NotRetryable),
            Decision::NotRetryable
        );
        call.succeeded();
        assert_eq!(
            state.bucket().available(),
            496,
            "1 for a call without retry"
        );
    }

    #[test]
    fn backoff_is_capped_and_never_overflows() {
        let config = RetryConfig::default();
        for retry in [0, 1, 2, 10, 31, 32, 1000, u32::MAX] {
            let delay = config.backoff(retry, &crate::time::SystemRandom);
            assert!(delay <= Duration::from_secs(20), "{retry}");
        }
        let huge = RetryConfig {
            max_attempts: u32::MAX,
            initial_backoff: Duration::MAX,
            max_backoff: Duration::MAX,
        };
        let _ = huge.backoff(u32::MAX, &crate::time::SystemRandom);
    }
}
