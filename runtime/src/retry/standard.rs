//! Standard mode's retry quota.

use std::sync::atomic::{AtomicU32, Ordering};

use super::FailureKind;

/// The retry quota: a bucket of tokens each retry draws from and each success refills a
/// little. With the bucket empty, failures are returned instead of retried, so a service that
/// fails every request gets no more than its first attempts from this process.
///
/// The numbers are the AWS SDKs' standard mode (botocore, the JavaScript and Ruby SDKs, and
/// smithy-rs' "Retry 2.0" costs): 500 tokens, 5 per retry, 10 per retry of a timeout, and on
/// success the last retry's tokens back, or 1 when the call needed no retry.
#[derive(Debug)]
pub struct TokenBucket {
    capacity: u32,
    available: AtomicU32,
}

impl TokenBucket {
    /// Tokens in a full bucket.
    pub const DEFAULT_CAPACITY: u32 = 500;
    /// Tokens a retry takes.
    pub const RETRY_COST: u32 = 5;
    /// Tokens a retry after a timeout takes.
    pub const TIMEOUT_RETRY_COST: u32 = 10;
    /// Tokens a call that succeeds at its first attempt gives back.
    pub const NO_RETRY_INCREMENT: u32 = 1;

    /// A full bucket of `capacity` tokens.
    pub fn new(capacity: u32) -> Self {
        TokenBucket {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }

    /// Tokens in a full bucket.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// What a retry after a failure of `kind` takes.
    pub fn cost(&self, kind: FailureKind) -> u32 {
        match kind {
            FailureKind::Timeout => Self::TIMEOUT_RETRY_COST,
            _ => Self::RETRY_COST,
        }
    }

    /// Takes `cost` tokens if the bucket has them.
    pub(crate) fn try_acquire(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(cost))
            .is_ok()
    }

    /// Gives back `amount` tokens, never past a full bucket.
    pub(crate) fn release(&self, amount: u32) {
        let capacity = self.capacity;
        // The closure always returns `Some`, so the update cannot fail.
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                Some(n.saturating_add(amount).min(capacity))
            });
    }
}

impl Default for TokenBucket {
    fn default() -> Self {
        TokenBucket::new(Self::DEFAULT_CAPACITY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drains_refills_and_never_overflows() {
        let bucket = TokenBucket::new(12);
        assert!(bucket.try_acquire(5));
        assert!(bucket.try_acquire(5));
        assert_eq!(bucket.available(), 2);
        assert!(!bucket.try_acquire(5), "too few tokens");
        assert_eq!(bucket.available(), 2, "a refused retry takes nothing");
        bucket.release(3);
        assert!(bucket.try_acquire(5));
        assert_eq!(bucket.available(), 0);
        bucket.release(u32::MAX);
        assert_eq!(bucket.available(), 12, "capped at capacity");
        assert_eq!(bucket.cost(FailureKind::Timeout), 10);
        assert_eq!(bucket.cost(FailureKind::Throttling), 5);
        assert_eq!(bucket.cost(FailureKind::Transient), 5);
    }

    #[test]
    fn concurrent_retries_never_take_more_than_the_bucket_holds() {
        let bucket = std::sync::Arc::new(TokenBucket::new(500));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let bucket = bucket.clone();
                std::thread::spawn(move || (0..100).filter(|_| bucket.try_acquire(5)).count())
            })
            .collect();
        let granted: usize = threads
            .into_iter()
            .map(|t| t.join().unwrap_or_default())
            .sum();
        assert_eq!(granted, 100, "500 tokens at 5 a retry");
        assert_eq!(bucket.available(), 0);
    }
}
