//! The runtime every generated client crate depends on: what is not specific to one service.
//!
//! - [`primitives`]: `DateTime`, `Blob`, `Document`, numbers, and `ByteStream`, the body of
//!   an operation's `@streaming` payload.
//! - [`client`]: shared settings ([`client::Config`]), the client core every generated
//!   `Client` wraps, signing, and the errors of a call.
//! - [`retry`]: the AWS SDKs' retry modes (`standard`, `adaptive`): backoff, the shared retry
//!   quota, the client-side rate limiter.
//! - [`skew`]: clock-skew correction of signed requests.
//! - [`credentials`]: where credentials come from (the AWS SDKs' default chain: environment,
//!   shared files, web identity, container endpoint, IMDS) and their cache.
//! - [`transport`]: the transport trait, the default hyper transport, the browser's `fetch`
//!   (feature `fetch`) and an in-memory one for tests.
//! - [`time`]: the clock and the random numbers the client uses, which a program can replace.
//! - [`protocol`]: the awsJson1_0/awsJson1_1 request and response rules (restJson1 operations
//!   bring their own) and the
//!   [`protocol::Operation`] trait each generated operation implements.
//! - [`endpoint`]: the Smithy endpoint rules engine, with AWS's partitions and functions.
//! - [`error`]: error metadata and the parsing of error responses.
//! - [`pagination`]: streams of pages and of items.
//! - [`checksum`]: the body checksums some operations send (`Content-MD5`, Glacier's tree
//!   hash).
//! - [`builder`]: the type-state markers that make a missing required member a compile error.
//!
//! Generated crates re-export these modules, so a program that uses two services has one
//! `Transport`, one `Config`, one `DateTime` and, given one `Config`, one connection pool.
//! The [`json`] module is the glue generated (de)serializers are written against, and
//! [`rest`] that of the HTTP-binding protocols (labels, query strings, header lists); they
//! are not meant to be called by hand.
//!
//! Features: `hyper` (the default transport, over rustls), `rt-tokio` (tokio's timer for
//! backoff), `sigv4` (signing; also Glacier's tree hash), `gzip` (request compression), `md5`
//! (`Content-MD5` for operations marked `@httpChecksumRequired`), `tracing` (spans per operation
//! and attempt, events for retries and clock-skew corrections; names, numbers and codes
//! only), `fetch` (the browser's `fetch` as the transport on `wasm32-unknown-unknown`; it
//! does nothing on other targets), `aws-credential-types` (off by default:
//! `credentials::AwsCredentialsProvider`, which adapts the AWS SDK's providers, such as
//! aws-config's chain). Generated crates forward theirs to these.
//!
//! # In the browser (`wasm32-unknown-unknown`)
//!
//! Build with `default-features = false, features = ["fetch"]` (add `"sigv4"` for signed
//! operations, which adds only the SHA-256 and HMAC crates): no hyper, and no tokio. The
//! client then sends with `transport::FetchTransport`, waits between retries on
//! `setTimeout` (`transport::JsSleep`; both exist on that target only),
//! and reads the time and random numbers from `Date.now()` and `Math.random()`
//! ([`time::SystemClock`], [`time::SystemRandom`]), where the standard
//! library's `SystemTime::now()` and `Instant::now()` would panic. A browser has no
//! environment variables, shared files or instance metadata: the default credentials chain
//! does not exist there, and a signed call without
//! [`credentials`](client::ConfigBuilder::credentials) or
//! [`credentials_provider`](client::ConfigBuilder::credentials_provider) fails with
//! [`SdkError::Credentials`](client::SdkError::Credentials) saying so. Unsigned operations
//! (Cognito's `ListDevices` with a user's access token) need no credentials at all.
//!
//! The client's futures stay `Send` there, like everywhere: the browser's promises are not,
//! and are wrapped in a type that is `Send` because the target has one thread (the one
//! `unsafe` of the crate, compiled for that target only and refused with shared-memory
//! threads; natively the crate forbids `unsafe`).
#![deny(missing_docs)]
#![cfg_attr(
    not(all(target_arch = "wasm32", target_os = "unknown")),
    forbid(unsafe_code)
)]
// In the browser the JavaScript bindings (wasm-bindgen's glue) and one `Send` assertion need
// `unsafe`; the items that hold them allow it, nothing else.
#![cfg_attr(all(target_arch = "wasm32", target_os = "unknown"), deny(unsafe_code))]

pub mod builder;
mod byte_stream;
pub mod checksum;
pub mod client;
pub mod credentials;
pub mod endpoint;
pub mod error;
#[doc(hidden)]
pub mod json;
pub mod pagination;
pub mod primitives;
pub mod protocol;
#[doc(hidden)]
pub mod rest;
pub mod retry;
#[cfg(feature = "sigv4")]
mod sigv4;
pub mod skew;
pub mod time;
mod trace;
pub mod transport;
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod wasm;

pub use primitives::DateTime;
