//! The runtime every generated client crate depends on: what is not specific to one service.
//!
//! - [`primitives`]: `DateTime`, `Blob`, `Document`, numbers.
//! - [`client`]: shared settings ([`client::Config`]), the client core every generated
//!   `Client` wraps, signing, and the errors of a call.
//! - [`retry`]: the AWS SDKs' retry modes (`standard`, `adaptive`): backoff, the shared retry
//!   quota, the client-side rate limiter.
//! - [`skew`]: clock-skew correction of signed requests.
//! - [`credentials`]: where credentials come from (the AWS SDKs' default chain: environment,
//!   shared files, web identity, container endpoint, IMDS) and their cache.
//! - [`transport`]: the transport trait, the default hyper transport and an in-memory one
//!   for tests.
//! - [`protocol`]: the awsJson1_0/awsJson1_1 request and response rules and the
//!   [`protocol::Operation`] trait each generated operation implements.
//! - [`endpoint`]: the Smithy endpoint rules engine, with AWS's partitions and functions.
//! - [`error`]: error metadata and the parsing of error responses.
//! - [`pagination`]: streams of pages and of items.
//! - [`builder`]: the type-state markers that make a missing required member a compile error.
//!
//! Generated crates re-export these modules, so a program that uses two services has one
//! `Transport`, one `Config`, one `DateTime` and, given one `Config`, one connection pool.
//! The [`json`] module is the glue generated (de)serializers are written against; it is not
//! meant to be called by hand.
//!
//! Features: `hyper` (the default transport, over rustls), `rt-tokio` (tokio's timer for
//! backoff), `sigv4` (signing), `gzip` (request compression), `tracing` (spans per operation
//! and attempt, events for retries and clock-skew corrections; names, numbers and codes
//! only). Generated crates forward theirs to these.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod builder;
pub mod client;
pub mod credentials;
pub mod endpoint;
pub mod error;
#[doc(hidden)]
pub mod json;
pub mod pagination;
pub mod primitives;
pub mod protocol;
pub mod retry;
#[cfg(feature = "sigv4")]
mod sigv4;
pub mod skew;
mod trace;
pub mod transport;

pub use primitives::DateTime;
