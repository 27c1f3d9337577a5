//! The clock and the random numbers given to a `Config` are the ones the client uses: requests
//! are signed at the clock's time and skew is measured against it, backoff jitter is drawn
//! from the random source, the adaptive rate limiter paces on the clock, and a credentials
//! cache judges expiry by the clock it is given. On wasm32-unknown-unknown these are how the
//! browser's `Date.now()` and `Math.random()` reach the client; here fixed ones make every
//! figure exact, with no waiting.

mod client_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_light_runtime::DateTime;
use aws_light_runtime::client::RetryMode;
use aws_light_runtime::credentials::{
    CachedProvider, Credentials, CredentialsFuture, ProvideCredentials,
};
use aws_light_runtime::time::{Clock, RandomSource};
use aws_light_runtime::transport::InMemoryTransport;
use client_support::{RecordingSleep, block_on, builder, client, error, ok, ping};

/// 2024-01-02T03:04:05Z.
const FIXED_SECS: u64 = 1_704_164_645;

/// A clock that says what the test sets, and does not move by itself.
#[derive(Clone, Debug)]
struct TestClock(Arc<Mutex<SystemTime>>);

impl TestClock {
    fn at(secs: u64) -> Self {
        TestClock(Arc::new(Mutex::new(UNIX_EPOCH + Duration::from_secs(secs))))
    }

    fn advance(&self, by: Duration) {
        let mut now = self.0.lock().expect("clock");
        *now += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().expect("clock")
    }
}

/// Always the same number.
#[derive(Debug)]
struct FixedRandom(u64);

impl RandomSource for FixedRandom {
    fn next_u64(&self) -> u64 {
        self.0
    }
}

#[test]
#[cfg_attr(
    not(feature = "sigv4"),
    ignore = "signing needs feature `sigv4` (on by default)"
)]
fn requests_are_signed_at_the_configured_clock_and_skew_is_measured_against_it() {
    let transport = InMemoryTransport::new();
    // The server is 20 minutes ahead of the configured clock (and years away from this
    // machine's, which must not matter).
    let server = DateTime::from_secs(i64::try_from(FIXED_SECS).expect("fits") + 20 * 60);
    transport
        .push_response(
            error(403, "RequestTimeTooSkewed").with_header("Date", server.to_http_date()),
        )
        .push_response(ok());
    let config = builder(&transport, &RecordingSleep::default())
        .clock(TestClock::at(FIXED_SECS))
        .build()
        .expect("config");
    assert_eq!(ping::<true>(&client(&config)).ok(), Some(()));
    let sent = transport.requests();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].header("x-amz-date"), Some("20240102T030405Z"));
    assert_eq!(config.clock_skew().offset_millis(), 20 * 60 * 1000);
    assert_eq!(sent[1].header("x-amz-date"), Some("20240102T032405Z"));
    let credential = sent[1].header("authorization").unwrap_or_default();
    assert!(
        credential.contains("/20240102/us-east-1/test-svc/aws4_request"),
        "{credential}"
    );
}

#[test]
fn backoff_jitter_comes_from_the_configured_random_source() {
    let transport = InMemoryTransport::new();
    transport
        .push_response(error(503, "ServiceUnavailable"))
        .push_response(error(503, "ServiceUnavailable"))
        .push_response(ok());
    let sleep = RecordingSleep::default();
    // 37 ms in nanoseconds: below the first cap (100 ms) and the second (200 ms).
    let config = builder(&transport, &sleep)
        .retry_mode(RetryMode::Standard)
        .max_attempts(3)
        .random_source(FixedRandom(37_000_000))
        .build()
        .expect("config");
    assert_eq!(ping::<false>(&client(&config)).ok(), Some(()));
    assert_eq!(
        sleep.waits(),
        [Duration::from_millis(37), Duration::from_millis(37)]
    );

    // A number past the cap is taken modulo it: 250 ms is 50 ms into the first 100 ms cap.
    let transport = InMemoryTransport::new();
    transport
        .push_response(error(503, "ServiceUnavailable"))
        .push_response(ok());
    let sleep = RecordingSleep::default();
    let config = builder(&transport, &sleep)
        .retry_mode(RetryMode::Standard)
        .max_attempts(2)
        .random_source(FixedRandom(250_000_000))
        .build()
        .expect("config");
    assert_eq!(ping::<false>(&client(&config)).ok(), Some(()));
    assert_eq!(sleep.waits(), [Duration::from_millis(50)]);
}

#[test]
fn the_adaptive_rate_limiter_paces_on_the_configured_clock() {
    // A clock that does not move: after a throttle, the limiter's bucket (0.5 requests a
    // second, nothing in it) makes the next send wait exactly 2 s, then 4 s, as no time
    // passes to refill it. On this machine's clock the waits would shrink by the time the
    // test took.
    let transport = InMemoryTransport::new();
    transport
        .push_response(error(429, "ThrottlingException"))
        .push_response(error(429, "ThrottlingException"))
        .push_response(ok());
    let sleep = RecordingSleep::default();
    let config = builder(&transport, &sleep)
        .retry_mode(RetryMode::Adaptive)
        .max_attempts(3)
        .clock(TestClock::at(FIXED_SECS))
        .random_source(FixedRandom(0))
        .build()
        .expect("config");
    assert_eq!(ping::<false>(&client(&config)).ok(), Some(()));
    assert_eq!(
        sleep.waits(),
        [
            Duration::ZERO,         // the first backoff (jitter 0)
            Duration::from_secs(2), // the limiter, before the second attempt
            Duration::ZERO,         // the second backoff
            Duration::from_secs(4), // the limiter, before the third attempt
        ]
    );
}

/// Credentials that expire an hour after `clock`'s time at each fetch, counted.
#[derive(Debug)]
struct HourlyCredentials {
    clock: TestClock,
    fetches: Arc<AtomicUsize>,
}

impl ProvideCredentials for HourlyCredentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst);
        let expiry = self.clock.now() + Duration::from_secs(3600);
        let credentials =
            Credentials::new(format!("AKID{n}"), "secret", None).with_expiry(Some(expiry));
        Box::pin(std::future::ready(Ok(credentials)))
    }
}

#[test]
fn a_credentials_cache_judges_expiry_by_the_clock_it_is_given() {
    let clock = TestClock::at(FIXED_SECS);
    let fetches = Arc::new(AtomicUsize::new(0));
    let cache = CachedProvider::builder(HourlyCredentials {
        clock: clock.clone(),
        fetches: fetches.clone(),
    })
    .clock(clock.clone())
    .random_source(FixedRandom(0))
    .build();
    let key = |cache: &CachedProvider| {
        block_on(cache.provide())
            .expect("credentials")
            .access_key_id()
            .to_string()
    };
    assert_eq!(key(&cache), "AKID0");
    // Refreshed 5 minutes (the buffer) before expiry, the jitter being 0: kept until 55 min.
    clock.advance(Duration::from_secs(54 * 60));
    assert_eq!(key(&cache), "AKID0");
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    clock.advance(Duration::from_secs(60));
    assert_eq!(key(&cache), "AKID1", "due at 55 minutes");
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    // By this machine's clock these credentials expired long ago: only the given one counts.
    assert_eq!(key(&cache), "AKID1");
}
