//! The time the SRP claim's `TIMESTAMP` carries.
//!
//! Cognito checks that timestamp against its own clock, so it must be the real time; but
//! `SystemTime::now()` panics on `wasm32-unknown-unknown`, so the clock is a trait with a
//! browser implementation there.

/// A wall clock: seconds since the Unix epoch.
pub trait Clock: Send + Sync {
    /// Now, in whole seconds since 1970-01-01T00:00:00Z.
    fn now_unix_seconds(&self) -> i64;
}

/// The system's clock: `SystemTime` natively, JavaScript's `Date.now()` in the browser.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
    fn now_unix_seconds(&self) -> i64 {
        use std::time::{SystemTime, UNIX_EPOCH};
        match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            // A clock set before 1970: the claim will be refused, as it would be anyway.
            Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
        }
    }

    #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
    fn now_unix_seconds(&self) -> i64 {
        // Milliseconds as an f64; the division keeps it far inside i64's range.
        (js_sys::Date::now() / 1000.0) as i64
    }
}

/// A clock that always says the same time: for tests and for replaying a sign-in.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock(pub i64);

impl Clock for FixedClock {
    fn now_unix_seconds(&self) -> i64 {
        self.0
    }
}
