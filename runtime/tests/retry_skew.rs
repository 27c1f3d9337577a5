//! Clock-skew correction through the client: a server whose clock is 15 minutes ahead refuses
//! the signature, the client reads its `Date`, signs again with the server's time at once, and
//! keeps signing with it.

mod client_support;

use std::time::{SystemTime, UNIX_EPOCH};

use aws_light_runtime::DateTime;
use aws_light_runtime::client::Config;
use aws_light_runtime::transport::{HttpResponse, InMemoryTransport, TransportRequest};
use client_support::{RecordingSleep, builder, client, error, ok, ping, status};

const AHEAD_MILLIS: i64 = 15 * 60 * 1000;

fn now_millis() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_millis()).expect("fits")
}

/// The server's `Date`, `offset` milliseconds from this machine's clock.
fn server_date(offset: i64) -> String {
    DateTime::from_millis(now_millis() + offset).to_http_date()
}

fn skew_error(code: &str, date: Option<String>) -> HttpResponse {
    let response = error(403, code);
    match date {
        Some(date) => response.with_header("Date", date),
        None => response,
    }
}

/// The time a request was signed at, from its `x-amz-date` (`20240102T030405Z`).
fn signed_at(request: &TransportRequest) -> i64 {
    let d = request.header("x-amz-date").expect("signed");
    assert_eq!(d.len(), 16, "{d}");
    let rfc3339 = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[9..11],
        &d[11..13],
        &d[13..15]
    );
    DateTime::parse_rfc3339(&rfc3339)
        .and_then(|t| t.to_millis())
        .expect("x-amz-date")
}

fn config(transport: &InMemoryTransport) -> Config {
    builder(transport, &RecordingSleep::default())
        .max_attempts(3)
        .build()
        .expect("config")
}

fn assert_near(actual: i64, expected: i64, what: &str) {
    assert!(
        (actual - expected).abs() <= 2_000,
        "{what}: {actual} is not within 2 s of {expected}"
    );
}

#[test]
#[cfg_attr(
    not(feature = "sigv4"),
    ignore = "signing needs feature `sigv4` (on by default)"
)]
fn a_skewed_server_is_answered_with_its_own_time() {
    let transport = InMemoryTransport::new();
    transport
        .push_response(skew_error(
            "InvalidSignatureException",
            Some(server_date(AHEAD_MILLIS)),
        ))
        .push_response(ok())
        .push_response(ok());
    let config = config(&transport);
    let local = now_millis();
    assert_eq!(
        ping::<true>(&client(&config)).ok(),
        Some(()),
        "retried at once"
    );
    let sent = transport.requests();
    assert_eq!(sent.len(), 2);
    assert_near(signed_at(&sent[0]), local, "the first request, local time");
    assert_near(
        signed_at(&sent[1]),
        local + AHEAD_MILLIS,
        "the retry, server time",
    );
    assert_near(config.clock_skew().offset_millis(), AHEAD_MILLIS, "offset");
    assert_eq!(
        config.retry_state().bucket().available(),
        500,
        "a skew retry takes no quota"
    );

    // Later requests, from any client of the config, are signed with the server's time.
    assert_eq!(ping::<true>(&client(&config)).ok(), Some(()));
    let later = transport.requests();
    assert_eq!(later.len(), 3);
    assert_near(
        signed_at(&later[2]),
        now_millis() + AHEAD_MILLIS,
        "a later request",
    );
}

#[test]
#[cfg_attr(
    not(feature = "sigv4"),
    ignore = "signing needs feature `sigv4` (on by default)"
)]
fn a_server_behind_is_corrected_too_and_every_skew_code_counts() {
    for code in [
        "RequestTimeTooSkewed",
        "RequestExpired",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "AuthFailure",
        "RequestInTheFuture",
    ] {
        let transport = InMemoryTransport::new();
        transport
            .push_response(skew_error(code, Some(server_date(-AHEAD_MILLIS))))
            .push_response(ok());
        let settings = config(&transport);
        assert_eq!(ping::<true>(&client(&settings)).ok(), Some(()), "{code}");
        let sent = transport.requests();
        assert_eq!(sent.len(), 2, "{code}");
        assert_near(signed_at(&sent[1]), now_millis() - AHEAD_MILLIS, code);
    }
}

#[test]
#[cfg_attr(
    not(feature = "sigv4"),
    ignore = "signing needs feature `sigv4` (on by default)"
)]
fn skew_retries_happen_once_and_only_when_the_date_disagrees() {
    // The same refusal after the correction: the signature is wrong for another reason.
    let transport = InMemoryTransport::new();
    let date = server_date(AHEAD_MILLIS);
    transport
        .push_response(skew_error("SignatureDoesNotMatch", Some(date.clone())))
        .push_response(skew_error("SignatureDoesNotMatch", Some(date)))
        .push_response(ok());
    assert_eq!(status(&ping::<true>(&client(&config(&transport)))), 403);
    assert_eq!(transport.requests().len(), 2);

    // Clocks that agree, or no `Date`: no retry, no offset.
    for date in [Some(server_date(3_000)), None] {
        let transport = InMemoryTransport::new();
        transport
            .push_response(skew_error("InvalidSignatureException", date))
            .push_response(ok());
        let settings = config(&transport);
        assert_eq!(status(&ping::<true>(&client(&settings))), 403);
        assert_eq!(transport.requests().len(), 1);
        assert_eq!(settings.clock_skew().offset_millis(), 0);
    }

    // Another error with a far-off `Date` does not move the clock.
    let transport = InMemoryTransport::new();
    transport
        .push_response(skew_error(
            "AccessDeniedException",
            Some(server_date(AHEAD_MILLIS)),
        ))
        .push_response(ok());
    let settings = config(&transport);
    assert_eq!(status(&ping::<true>(&client(&settings))), 403);
    assert_eq!(settings.clock_skew().offset_millis(), 0);

    // Unsigned operations have no signature to be skewed.
    let transport = InMemoryTransport::new();
    transport
        .push_response(skew_error(
            "InvalidSignatureException",
            Some(server_date(AHEAD_MILLIS)),
        ))
        .push_response(ok());
    let settings = config(&transport);
    assert_eq!(status(&ping::<false>(&client(&settings))), 403);
    assert_eq!(transport.requests().len(), 1);
}

#[test]
#[cfg_attr(
    not(feature = "sigv4"),
    ignore = "signing needs feature `sigv4` (on by default)"
)]
fn the_skew_retry_is_made_even_with_retries_disabled() {
    let transport = InMemoryTransport::new();
    transport
        .push_response(skew_error(
            "RequestTimeTooSkewed",
            Some(server_date(AHEAD_MILLIS)),
        ))
        .push_response(ok());
    let config = builder(&transport, &RecordingSleep::default())
        .max_attempts(1)
        .build()
        .expect("config");
    assert_eq!(ping::<true>(&client(&config)).ok(), Some(()));
    assert_eq!(transport.requests().len(), 2);
}
