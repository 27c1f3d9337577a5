//! The client fills an operation's unset `@idempotencyToken` member as it sends the input
//! ([`Operation::idempotency_token`]): from the configured provider if there is one, else a
//! version 4 UUID from the configured random source; once per call, so a retry sends the same
//! token; never over a token the caller set. Smithy's `RestJsonQueryIdempotencyTokenAutoFill`
//! case fixes the token a zero random source gives.

mod client_support;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use aws_light_runtime::error::{DeserializeError, Headers, SerializeError};
use aws_light_runtime::protocol::Operation;
use aws_light_runtime::time::RandomSource;
use aws_light_runtime::transport::InMemoryTransport;
use client_support::{PingError, RecordingSleep, block_on, builder, client, error, ok};

/// An operation whose input is its idempotency token alone, sent as the body.
struct Create;

impl Operation for Create {
    const SERVICE: &'static aws_light_runtime::protocol::ServiceInfo = &client_support::SERVICE;
    const NAME: &'static str = "Create";
    const TARGET: &'static str = "TestService.Create";
    const SIGNED: bool = false;
    type Input = Option<String>;
    type Output = ();
    type Error = PingError;

    fn serialize_input(input: &Option<String>) -> Result<Vec<u8>, SerializeError> {
        Ok(input.clone().unwrap_or_default().into_bytes())
    }

    fn deserialize_output(_body: &[u8]) -> Result<(), DeserializeError> {
        Ok(())
    }

    fn parse_error(status: u16, headers: &dyn Headers, body: &[u8]) -> PingError {
        <client_support::Ping<false> as Operation>::parse_error(status, headers, body)
    }

    fn idempotency_token(input: &mut Option<String>) -> Option<&mut Option<String>> {
        Some(input)
    }
}

#[derive(Debug)]
struct Zeros;

impl RandomSource for Zeros {
    fn next_u64(&self) -> u64 {
        0
    }
}

/// The bodies the transport was sent, as text.
fn bodies(transport: &InMemoryTransport) -> Vec<String> {
    transport
        .requests()
        .iter()
        .map(|r| String::from_utf8(r.body.clone()).expect("utf-8"))
        .collect()
}

#[test]
fn an_unset_token_comes_from_the_configured_random_source() {
    let transport = InMemoryTransport::new();
    transport.push_response(ok());
    let config = builder(&transport, &RecordingSleep::default())
        .random_source(Zeros)
        .build()
        .expect("config");
    block_on(client(&config).send::<Create>(None)).expect("sent");
    assert_eq!(bodies(&transport), ["00000000-0000-4000-8000-000000000000"]);
}

#[test]
fn the_provider_makes_the_token_once_per_call_and_retries_resend_it() {
    let transport = InMemoryTransport::new();
    transport
        .push_response(error(500, "InternalFailure"))
        .push_response(ok())
        .push_response(ok());
    let made = Arc::new(AtomicUsize::new(0));
    let counter = made.clone();
    let config = builder(&transport, &RecordingSleep::default())
        .idempotency_token_provider(move || {
            format!("token-{}", counter.fetch_add(1, Ordering::SeqCst))
        })
        .build()
        .expect("config");
    let client = client(&config);
    block_on(client.send::<Create>(None)).expect("retried, then sent");
    block_on(client.send::<Create>(None)).expect("sent");
    assert_eq!(bodies(&transport), ["token-0", "token-0", "token-1"]);
    assert_eq!(made.load(Ordering::SeqCst), 2);
}

#[test]
fn a_token_the_caller_set_is_sent_as_set() {
    let transport = InMemoryTransport::new();
    transport.push_response(ok());
    let config = builder(&transport, &RecordingSleep::default())
        .idempotency_token_provider(|| "from-the-provider".to_string())
        .build()
        .expect("config");
    block_on(client(&config).send::<Create>(Some("mine".into()))).expect("sent");
    assert_eq!(bodies(&transport), ["mine"]);
}

#[test]
fn default_tokens_are_distinct_version_4_uuids() {
    let transport = InMemoryTransport::new();
    for _ in 0..50 {
        transport.push_response(ok());
    }
    let config = builder(&transport, &RecordingSleep::default())
        .build()
        .expect("config");
    let client = client(&config);
    for _ in 0..50 {
        block_on(client.send::<Create>(None)).expect("sent");
    }
    let tokens = bodies(&transport);
    for t in &tokens {
        let groups: Vec<&str> = t.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        assert_eq!(lengths, [8, 4, 4, 4, 12], "{t}");
        assert!(
            t.bytes()
                .all(|b| b == b'-' || b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
            "{t}"
        );
        assert!(groups[2].starts_with('4'), "version 4: {t}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "RFC 4122 variant: {t}"
        );
    }
    let distinct: BTreeSet<&String> = tokens.iter().collect();
    assert_eq!(distinct.len(), tokens.len(), "{tokens:?}");
}
