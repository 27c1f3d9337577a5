//! What the client tells `tracing` (feature `tracing`; without it every call here is a no-op
//! the compiler removes).
//!
//! - span `operation` (DEBUG), around a whole call: `service` (the endpoint prefix),
//!   `operation`.
//! - span `attempt` (DEBUG), around each attempt, in the operation's span: `attempt` (1, 2,
//!   ...), then as known `status`, `request_id` (`x-amzn-requestid`), `error_code`, `failure`
//!   (how the retry rules classed it) and `retry` (what they decided: `retry`,
//!   `retry_clock_skew`, `not_retryable`, `max_attempts`, `quota_exhausted`; `success`).
//! - events in the attempt's span: `retrying` (DEBUG: `delay_ms`, `retry_cost`,
//!   `retry_quota` left), `clock skew corrected` (INFO: `offset_ms`), and `rate limited` in
//!   the operation's span (DEBUG: `delay_ms`, adaptive mode).
//!
//! Only names, numbers and codes are recorded: never a body, a header other than the request
//! id, a message from the service, or anything from the credentials.

use std::future::Future;
use std::time::Duration;

use crate::error::Headers;
use crate::retry::FailureKind;

#[cfg(feature = "tracing")]
mod imp {
    use tracing::Instrument;
    use tracing::field::Empty;

    use super::*;

    fn request_id(headers: &dyn Headers) -> Option<&str> {
        headers
            .header("x-amzn-requestid")
            .or_else(|| headers.header("x-amz-request-id"))
    }

    fn millis(duration: Duration) -> u64 {
        u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
    }

    /// The span of one call.
    pub(crate) struct OperationSpan(tracing::Span);

    pub(crate) fn operation(service: &'static str, operation: &'static str) -> OperationSpan {
        OperationSpan(tracing::debug_span!("operation", service, operation))
    }

    impl OperationSpan {
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future.instrument(self.0.clone())
        }
    }

    /// The span of one attempt.
    pub(crate) struct AttemptSpan(tracing::Span);

    pub(crate) fn attempt(number: u32) -> AttemptSpan {
        AttemptSpan(tracing::debug_span!(
            "attempt",
            attempt = number,
            status = Empty,
            request_id = Empty,
            error_code = Empty,
            failure = Empty,
            retry = Empty,
        ))
    }

    pub(crate) fn rate_limited(delay: Duration) {
        tracing::debug!(delay_ms = millis(delay), "rate limited");
    }

    impl AttemptSpan {
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future.instrument(self.0.clone())
        }

        pub(crate) fn response(&self, status: u16, headers: &dyn Headers) {
            self.0.record("status", status);
            if let Some(id) = request_id(headers) {
                self.0.record("request_id", id);
            }
        }

        pub(crate) fn failure(&self, kind: FailureKind, code: Option<&str>) {
            self.0.record("failure", kind.as_str());
            if let Some(code) = code {
                self.0.record("error_code", code);
            }
        }

        pub(crate) fn decision(&self, decision: &'static str) {
            self.0.record("retry", decision);
        }

        pub(crate) fn retrying(&self, delay: Duration, cost: u32, quota_left: u32) {
            tracing::debug!(
                parent: &self.0,
                delay_ms = millis(delay),
                retry_cost = cost,
                retry_quota = quota_left,
                "retrying"
            );
        }

        pub(crate) fn skew_corrected(&self, offset_millis: i64) {
            tracing::info!(
                parent: &self.0,
                offset_ms = offset_millis,
                "clock skew corrected"
            );
        }
    }
}

#[cfg(not(feature = "tracing"))]
mod imp {
    use super::*;

    pub(crate) struct OperationSpan;

    pub(crate) fn operation(_service: &'static str, _operation: &'static str) -> OperationSpan {
        OperationSpan
    }

    impl OperationSpan {
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future
        }
    }

    pub(crate) struct AttemptSpan;

    pub(crate) fn attempt(_number: u32) -> AttemptSpan {
        AttemptSpan
    }

    pub(crate) fn rate_limited(_delay: Duration) {}

    impl AttemptSpan {
        pub(crate) fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future
        }

        pub(crate) fn response(&self, _status: u16, _headers: &dyn Headers) {}

        pub(crate) fn failure(&self, _kind: FailureKind, _code: Option<&str>) {}

        pub(crate) fn decision(&self, _decision: &'static str) {}

        pub(crate) fn retrying(&self, _delay: Duration, _cost: u32, _quota_left: u32) {}

        pub(crate) fn skew_corrected(&self, _offset_millis: i64) {}
    }
}

pub(crate) use imp::{attempt, operation, rate_limited};
