//! The cache: refresh before expiry, one fetch for many concurrent callers, and what happens
//! when a refresh fails. Fetches are counted by a fake container endpoint on loopback (or, where
//! only the cache is under test, by a provider of the test's own).
#![cfg(feature = "hyper")]

mod credentials_support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use aws_light_runtime::credentials::{
    CachedProvider, ContainerProvider, Credentials, CredentialsError, CredentialsFuture,
    ProvideCredentials, ProviderKind,
};
use credentials_support::{FakeServer, Reply, config, expires_in, metadata_json};

/// A container endpoint whose credentials expire `lifetime` seconds after each fetch.
fn endpoint(lifetime: u64, delay: Duration) -> (FakeServer, ContainerProvider) {
    let served = Arc::new(AtomicUsize::new(0));
    let server = FakeServer::start(move |_| {
        let n = served.fetch_add(1, Ordering::SeqCst);
        Reply::ok(metadata_json(
            &format!("AKID{n}"),
            "s",
            "t",
            &expires_in(lifetime),
        ))
        .after(delay)
    });
    let provider = ContainerProvider::new(&config(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        &format!("{}/creds", server.url()),
    )]));
    (server, provider)
}

#[tokio::test]
async fn credentials_are_kept_until_they_expire() {
    let (server, provider) = endpoint(1, Duration::ZERO);
    let cache = CachedProvider::builder(provider)
        .buffer(Duration::ZERO)
        .jitter(Duration::ZERO)
        .build();
    let first = cache.provide().await.expect("first");
    let again = cache.provide().await.expect("cached");
    assert_eq!(first.access_key_id(), again.access_key_id());
    assert_eq!(server.requests().len(), 1);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let refreshed = cache.provide().await.expect("refreshed");
    assert_ne!(refreshed.access_key_id(), first.access_key_id());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn credentials_inside_the_buffer_are_refreshed() {
    // The default buffer is 5 minutes: credentials valid for 1 s are due at once.
    let (server, provider) = endpoint(1, Duration::ZERO);
    let cache = CachedProvider::new(provider);
    cache.provide().await.expect("first");
    cache.provide().await.expect("second");
    assert_eq!(server.requests().len(), 2);

    // Credentials valid for an hour are not.
    let (server, provider) = endpoint(3600, Duration::ZERO);
    let cache = CachedProvider::new(provider);
    for _ in 0..5 {
        cache.provide().await.expect("cached");
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_callers_cause_one_fetch() {
    let (server, provider) = endpoint(3600, Duration::from_millis(300));
    let cache = Arc::new(CachedProvider::new(provider));
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let cache = cache.clone();
        tasks.push(tokio::spawn(async move { cache.provide().await }));
    }
    for task in tasks {
        let creds = task.await.expect("task").expect("credentials");
        assert_eq!(creds.access_key_id(), "AKID0");
    }
    assert_eq!(server.requests().len(), 1);
}

/// Counts fetches; fails when `fail` is set; its credentials expire after `lifetime`.
#[derive(Debug)]
struct Counting {
    calls: Arc<AtomicUsize>,
    fail: Arc<std::sync::atomic::AtomicBool>,
    lifetime: Duration,
}

impl ProvideCredentials for Counting {
    fn provide(&self) -> CredentialsFuture<'_> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let fail = self.fail.load(Ordering::SeqCst);
        let expiry = SystemTime::now() + self.lifetime;
        Box::pin(async move {
            // Yields once, so that callers overlap.
            tokio::task::yield_now().await;
            if fail {
                return Err(CredentialsError::not_configured(
                    ProviderKind::Custom,
                    "off",
                ));
            }
            Ok(Credentials::new(format!("AKID{n}"), "s", None).with_expiry(Some(expiry)))
        })
    }
}

#[tokio::test]
async fn a_failed_refresh_keeps_valid_credentials() {
    let calls = Arc::new(AtomicUsize::new(0));
    let fail = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let cache = CachedProvider::builder(Counting {
        calls: calls.clone(),
        fail: fail.clone(),
        lifetime: Duration::from_secs(60),
    })
    .buffer(Duration::from_secs(120))
    .build();
    let first = cache.provide().await.expect("first");
    fail.store(true, Ordering::SeqCst);
    // Due for refresh (60 s left, 120 s buffer), the refresh fails, the still-valid ones stay.
    let kept = cache.provide().await.expect("kept");
    assert_eq!(kept.access_key_id(), first.access_key_id());
    assert_eq!(calls.load(Ordering::SeqCst), 2);

    // With nothing valid cached, the error comes through.
    let cache = CachedProvider::new(Counting {
        calls: Arc::new(AtomicUsize::new(0)),
        fail,
        lifetime: Duration::from_secs(60),
    });
    let e = cache.provide().await.expect_err("no fallback");
    assert!(e.is_not_configured());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_that_give_up_do_not_stall_the_others() {
    let (server, provider) = endpoint(3600, Duration::from_millis(300));
    let cache = Arc::new(CachedProvider::new(provider));
    // The first caller starts the fetch, then is dropped mid-way.
    let first = {
        let cache = cache.clone();
        tokio::spawn(async move { cache.provide().await })
    };
    tokio::time::sleep(Duration::from_millis(50)).await;
    first.abort();
    let creds = cache.provide().await.expect("the fetch went on");
    assert_eq!(creds.access_key_id(), "AKID0");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn static_credentials_need_no_cache() {
    let creds = Credentials::new("AKIDSTATIC", "s", None);
    for _ in 0..3 {
        assert_eq!(creds.provide().await.expect("static"), creds);
    }
}
