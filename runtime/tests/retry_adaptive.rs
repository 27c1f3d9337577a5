//! Adaptive retry mode through the client: the rate limiter stays out of the way until the
//! service throttles, then makes every send (first attempts included) wait for a token.
//!
//! The backoff is set to zero, so every wait the recording timer sees comes from the rate
//! limiter; the timer returns at once, so no time passes and the limiter's waits grow by one
//! token's worth per send.

mod client_support;

use std::time::Duration;

use aws_light_runtime::client::{Config, RetryConfig, RetryMode};
use aws_light_runtime::retry::ClientRateLimiter;
use aws_light_runtime::transport::InMemoryTransport;
use client_support::{RecordingSleep, builder, client, error, ok, ping};

fn config(mode: RetryMode, transport: &InMemoryTransport, sleep: &RecordingSleep) -> Config {
    builder(transport, sleep)
        .retry_mode(mode)
        .retry_config(RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        })
        .build()
        .expect("config")
}

fn limiter_waits(sleep: &RecordingSleep) -> Vec<Duration> {
    sleep.waits().into_iter().filter(|w| !w.is_zero()).collect()
}

/// One throttled attempt, then successes.
fn throttle_then_succeed(mode: RetryMode) -> (Config, RecordingSleep, InMemoryTransport) {
    let transport = InMemoryTransport::new();
    let sleep = RecordingSleep::default();
    let config = config(mode, &transport, &sleep);
    let client = client(&config);
    for _ in 0..3 {
        transport.push_response(ok());
        assert_eq!(ping::<false>(&client).ok(), Some(()));
    }
    assert!(
        limiter_waits(&sleep).is_empty(),
        "nothing waits before a throttle"
    );
    transport
        .push_response(error(400, "ThrottlingException"))
        .push_response(ok());
    assert_eq!(
        ping::<false>(&client).ok(),
        Some(()),
        "the throttled call is retried"
    );
    for _ in 0..3 {
        transport.push_response(ok());
        assert_eq!(ping::<false>(&client).ok(), Some(()));
    }
    (config, sleep, transport)
}

#[test]
fn standard_mode_never_rate_limits() {
    let (config, sleep, transport) = throttle_then_succeed(RetryMode::Standard);
    assert_eq!(transport.requests().len(), 8);
    assert_eq!(limiter_waits(&sleep), Vec::<Duration>::new());
    assert_eq!(config.retry_state().send_rate(), None);
}

#[test]
fn adaptive_mode_slows_every_send_after_a_throttle() {
    let (config, sleep, transport) = throttle_then_succeed(RetryMode::Adaptive);
    assert_eq!(transport.requests().len(), 8);
    let rate = config.retry_state().send_rate().expect("switched on");
    assert!(
        (ClientRateLimiter::MIN_FILL_RATE..10.0).contains(&rate),
        "{rate} requests a second"
    );
    // The retry and the three later sends each waited, ever longer as none of the waits
    // really passed: about one more token's worth (1 / rate seconds) each time.
    let waits = limiter_waits(&sleep);
    assert_eq!(waits.len(), 4, "{waits:?}");
    assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
    let token = Duration::from_secs_f64(1.0 / rate);
    assert!(
        waits[3] > token * 3,
        "{waits:?} with one token every {token:?}"
    );
}

#[test]
fn repeated_throttles_slow_every_later_send() {
    let transport = InMemoryTransport::new();
    let sleep = RecordingSleep::default();
    let config = config(RetryMode::Adaptive, &transport, &sleep);
    let client = client(&config);
    for _ in 0..5 {
        for _ in 0..3 {
            transport.push_response(error(400, "ThrottlingException"));
        }
        assert!(ping::<false>(&client).is_err(), "throttled three times");
    }
    assert_eq!(transport.requests().len(), 15);
    let rate = config.retry_state().send_rate().expect("switched on");
    assert!(rate >= ClientRateLimiter::MIN_FILL_RATE, "{rate}");
    let waits = limiter_waits(&sleep);
    assert_eq!(
        waits.len(),
        14,
        "every send after the first throttle waited"
    );
    assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
    // Throttling retries take quota like any other retry.
    assert_eq!(config.retry_state().bucket().available(), 500 - 5 * 2 * 5);
}
