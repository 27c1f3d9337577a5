//! `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE` as the client builder reads them. The process
//! environment is changed here, so this binary holds this one test and nothing else.

mod client_support;

use aws_light_runtime::client::RetryMode;
use aws_light_runtime::transport::InMemoryTransport;
use client_support::{RecordingSleep, builder, client, error, ping, status};

fn set(name: &str, value: Option<&str>) {
    // SAFETY: the only test of this binary, run while no other thread of it reads or writes
    // the environment.
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

fn attempts_made(build: impl Fn(&InMemoryTransport, &RecordingSleep) -> usize) -> usize {
    let transport = InMemoryTransport::new();
    for _ in 0..10 {
        transport.push_response(error(503, "ServiceUnavailable"));
    }
    build(&transport, &RecordingSleep::default())
}

#[test]
fn env_settings_apply_unless_the_builder_sets_its_own() {
    set("AWS_MAX_ATTEMPTS", Some("5"));
    set("AWS_RETRY_MODE", Some("adaptive"));
    let from_env = attempts_made(|transport, sleep| {
        let config = builder(transport, sleep).build().expect("config");
        assert_eq!(config.retry_state().mode(), RetryMode::Adaptive);
        assert_eq!(status(&ping::<false>(&client(&config))), 503);
        transport.requests().len()
    });
    assert_eq!(from_env, 5, "AWS_MAX_ATTEMPTS=5");

    let explicit = attempts_made(|transport, sleep| {
        let config = builder(transport, sleep)
            .max_attempts(2)
            .retry_mode(RetryMode::Standard)
            .build()
            .expect("config");
        assert_eq!(config.retry_state().mode(), RetryMode::Standard);
        assert_eq!(status(&ping::<false>(&client(&config))), 503);
        transport.requests().len()
    });
    assert_eq!(explicit, 2, "the builder wins over the environment");

    set("AWS_RETRY_MODE", Some("legacy"));
    set("AWS_MAX_ATTEMPTS", None);
    let defaults = attempts_made(|transport, sleep| {
        let config = builder(transport, sleep).build().expect("config");
        assert_eq!(config.retry_state().mode(), RetryMode::Standard, "legacy");
        assert_eq!(status(&ping::<false>(&client(&config))), 503);
        transport.requests().len()
    });
    assert_eq!(defaults, 3, "the default");

    for (name, value) in [("AWS_MAX_ATTEMPTS", "0"), ("AWS_RETRY_MODE", "turbo")] {
        set(name, Some(value));
        let err = builder(&InMemoryTransport::new(), &RecordingSleep::default())
            .build()
            .expect_err("invalid setting");
        assert!(err.to_string().contains(name), "{err}");
        set(name, None);
    }
}
