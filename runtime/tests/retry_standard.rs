//! Standard retry mode through the client: which failures are retried, how many times, the
//! retry quota shared by the clients of one `Config`, and the backoff asked of the timer.

mod client_support;

use std::time::Duration;

use aws_light_runtime::client::{RetryConfig, RetryMode, SdkError};
use aws_light_runtime::retry::TokenBucket;
use aws_light_runtime::transport::{InMemoryTransport, TransportError, TransportErrorKind};
use client_support::{RecordingSleep, builder, client, error, ok, ping, status};

fn standard(
    transport: &InMemoryTransport,
    sleep: &RecordingSleep,
) -> aws_light_runtime::client::Config {
    builder(transport, sleep)
        .retry_mode(RetryMode::Standard)
        .max_attempts(3)
        .build()
        .expect("config")
}

#[test]
fn throttling_and_transient_failures_are_retried_the_rest_is_not() {
    let retried = [
        error(400, "ThrottlingException"),
        error(400, "TooManyRequestsException"),
        error(400, "ProvisionedThroughputExceededException"),
        error(400, "RequestLimitExceeded"),
        error(400, "SlowDown"),
        error(429, "Whatever"),
        error(400, "RequestTimeout"),
        error(400, "RequestTimeoutException"),
        error(400, "PriorRequestNotComplete"),
        error(500, "InternalFailure"),
        error(502, "BadGateway"),
        error(503, "ServiceUnavailable"),
        error(504, "GatewayTimeout"),
    ];
    for failure in retried {
        let transport = InMemoryTransport::new();
        let shown = format!(
            "{} {:?}",
            failure.status,
            String::from_utf8_lossy(&failure.body)
        );
        transport.push_response(failure).push_response(ok());
        let config = standard(&transport, &RecordingSleep::default());
        assert_eq!(ping::<false>(&client(&config)).ok(), Some(()), "{shown}");
        assert_eq!(transport.requests().len(), 2, "{shown}");
    }
    let not_retried = [
        error(400, "ValidationException"),
        error(400, "AccessDeniedException"),
        error(404, "ResourceNotFoundException"),
        error(403, "InvalidSignatureException"),
    ];
    for failure in not_retried {
        let transport = InMemoryTransport::new();
        let expected = failure.status;
        transport.push_response(failure).push_response(ok());
        let config = standard(&transport, &RecordingSleep::default());
        assert_eq!(status(&ping::<false>(&client(&config))), expected);
        assert_eq!(transport.requests().len(), 1);
    }
}

#[test]
fn transport_failures_are_retried_when_transient() {
    for (kind, retried) in [
        (TransportErrorKind::Connect, true),
        (TransportErrorKind::Io, true),
        (TransportErrorKind::Timeout, true),
        (TransportErrorKind::BodyTooLarge, false),
        (TransportErrorKind::Other, false),
    ] {
        let transport = InMemoryTransport::new();
        transport
            .push_error(TransportError::new(kind, "failed"))
            .push_response(ok());
        let config = standard(&transport, &RecordingSleep::default());
        let result = ping::<false>(&client(&config));
        assert_eq!(result.is_ok(), retried, "{kind:?}");
        let sent = if retried { 2 } else { 1 };
        assert_eq!(transport.requests().len(), sent, "{kind:?}");
        if !retried {
            assert!(
                matches!(&result, Err(SdkError::Transport(e)) if e.kind() == kind),
                "{result:?}"
            );
        }
    }
}

#[test]
fn max_attempts_bounds_the_attempts_and_backoff_grows_within_its_caps() {
    let transport = InMemoryTransport::new();
    for _ in 0..10 {
        transport.push_response(error(503, "ServiceUnavailable"));
    }
    let sleep = RecordingSleep::default();
    let config = builder(&transport, &sleep)
        .max_attempts(5)
        .build()
        .expect("config");
    assert_eq!(status(&ping::<false>(&client(&config))), 503);
    assert_eq!(transport.requests().len(), 5);
    let waits = sleep.waits();
    assert_eq!(waits.len(), 4, "one backoff before each retry");
    let defaults = RetryConfig::default();
    for (retry, wait) in (1u32..).zip(&waits) {
        let cap = defaults.initial_backoff * 2u32.pow(retry - 1);
        assert!(
            *wait <= cap.min(defaults.max_backoff),
            "retry {retry}: {wait:?}"
        );
    }

    let transport = InMemoryTransport::new();
    transport.push_response(error(503, "ServiceUnavailable"));
    let config = builder(&transport, &sleep)
        .max_attempts(1)
        .build()
        .expect("config");
    assert_eq!(status(&ping::<false>(&client(&config))), 503);
    assert_eq!(transport.requests().len(), 1, "1 disables retries");

    let capped = RetryConfig {
        max_attempts: 8,
        initial_backoff: Duration::from_secs(1),
        max_backoff: Duration::from_secs(20),
    };
    let transport = InMemoryTransport::new();
    for _ in 0..8 {
        transport.push_response(error(500, "InternalFailure"));
    }
    sleep.clear();
    let config = builder(&transport, &sleep)
        .retry_config(capped)
        .build()
        .expect("config");
    assert_eq!(status(&ping::<false>(&client(&config))), 500);
    assert_eq!(transport.requests().len(), 8);
    assert!(
        sleep.waits().iter().all(|w| *w <= Duration::from_secs(20)),
        "{:?}",
        sleep.waits()
    );
}

#[test]
fn the_quota_drains_on_retries_and_an_empty_bucket_stops_retrying() {
    let transport = InMemoryTransport::new();
    let config = standard(&transport, &RecordingSleep::default());
    let bucket = config.retry_state().bucket();
    assert_eq!(bucket.capacity(), TokenBucket::DEFAULT_CAPACITY);
    assert_eq!(bucket.available(), 500);
    let client = client(&config);
    // Each call fails three times: two retries at 5 tokens each, nothing given back.
    for call in 1..=50u32 {
        for _ in 0..3 {
            transport.push_response(error(500, "InternalFailure"));
        }
        assert_eq!(status(&ping::<false>(&client)), 500);
        assert_eq!(bucket.available(), 500 - 10 * call, "after call {call}");
    }
    assert_eq!(transport.requests().len(), 150);
    // Empty: the failure comes back after one attempt.
    transport.push_response(error(500, "InternalFailure"));
    transport.push_response(ok());
    assert_eq!(status(&ping::<false>(&client)), 500);
    assert_eq!(
        transport.requests().len(),
        151,
        "no retry with an empty bucket"
    );
    assert_eq!(transport.remaining(), 1);
    assert_eq!(bucket.available(), 0);
    // That queued success answers the next call: a call without retry gives 1 token back.
    assert_eq!(ping::<false>(&client).ok(), Some(()));
    assert_eq!(bucket.available(), 1);
}

#[test]
fn successes_refund_the_quota() {
    let transport = InMemoryTransport::new();
    let config = standard(&transport, &RecordingSleep::default());
    let bucket = config.retry_state().bucket();
    let client = client(&config);
    for _ in 0..2 {
        transport.push_response(error(500, "InternalFailure"));
    }
    transport.push_response(ok());
    assert_eq!(ping::<false>(&client).ok(), Some(()));
    // Two retries took 10; the success gave back the last retry's 5.
    assert_eq!(bucket.available(), 495);
    // Successes at the first attempt give back 1 each, up to the capacity.
    for expected in 496..=500 {
        transport.push_response(ok());
        assert_eq!(ping::<false>(&client).ok(), Some(()));
        assert_eq!(bucket.available(), expected);
    }
    transport.push_response(ok());
    assert_eq!(ping::<false>(&client).ok(), Some(()));
    assert_eq!(bucket.available(), 500, "never past the capacity");
}

#[test]
fn timeouts_cost_twice_as_much() {
    let transport = InMemoryTransport::new();
    let config = standard(&transport, &RecordingSleep::default());
    for _ in 0..3 {
        transport.push_error(TransportError::new(TransportErrorKind::Timeout, "slow"));
    }
    let result = ping::<false>(&client(&config));
    assert!(matches!(result, Err(SdkError::Transport(_))), "{result:?}");
    assert_eq!(config.retry_state().bucket().available(), 480);
}

#[test]
fn clients_of_one_config_share_the_quota_and_other_configs_do_not() {
    let transport = InMemoryTransport::new();
    let config = standard(&transport, &RecordingSleep::default());
    let (first, second) = (client(&config), client(&config));
    for _ in 0..50 {
        for _ in 0..3 {
            transport.push_response(error(503, "ServiceUnavailable"));
        }
        assert_eq!(status(&ping::<false>(&first)), 503);
    }
    assert_eq!(config.retry_state().bucket().available(), 0);
    transport.push_response(error(503, "ServiceUnavailable"));
    transport.push_response(ok());
    let before = transport.requests().len();
    assert_eq!(
        status(&ping::<false>(&second)),
        503,
        "the other client's retries drained it"
    );
    assert_eq!(transport.requests().len(), before + 1);

    // A cloned config is the same config; a new one has its own bucket.
    assert_eq!(config.clone().retry_state().bucket().available(), 0);
    let other = standard(&transport, &RecordingSleep::default());
    assert_eq!(other.retry_state().bucket().available(), 500);
    let other = client(&other);
    assert_eq!(
        ping::<false>(&other).ok(),
        Some(()),
        "the success left queued"
    );
    transport.push_response(error(503, "ServiceUnavailable"));
    transport.push_response(ok());
    let before = transport.requests().len();
    assert_eq!(ping::<false>(&other).ok(), Some(()), "retried");
    assert_eq!(transport.requests().len(), before + 2);
}
