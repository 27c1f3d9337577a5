//! Clock-skew correction: a machine whose clock is off by more than a few minutes gets every
//! signed request refused (`RequestTimeTooSkewed`, `InvalidSignatureException`, ...). After
//! such a response the client reads the server's `Date` header, remembers the offset, retries
//! once at once, and signs every later request with the corrected time.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::error::Headers;
use crate::primitives::DateTime;
use crate::time::{Clock, default_clock};

/// Error codes a service answers a request signed at the wrong time with (the SDKs' list).
pub const SKEW_ERROR_CODES: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
    "RequestInTheFuture",
];

/// The smallest disagreement acted on. Services accept a signature up to 5 minutes off, so a
/// skew error with clocks closer than this has another cause (a wrong secret key), and the
/// `Date` header's one-second resolution and the network's latency stay out of the offset.
const MIN_CORRECTION_MILLIS: i64 = 60_000;

/// The offset between the service's clock and this machine's, shared by the clients built from
/// one [`Config`](crate::client::Config).
#[derive(Debug)]
pub struct ClockSkew {
    // Server time minus local time.
    offset_millis: AtomicI64,
    // The local clock: the configuration's.
    clock: Arc<dyn Clock>,
}

impl Default for ClockSkew {
    fn default() -> Self {
        Self::with_clock(default_clock())
    }
}

impl ClockSkew {
    /// No offset known, over the platform's clock ([`SystemClock`](crate::time::SystemClock)).
    pub fn new() -> Self {
        Self::default()
    }

    /// No offset known, over `clock`.
    pub fn with_clock(clock: Arc<dyn Clock>) -> Self {
        ClockSkew {
            offset_millis: AtomicI64::new(0),
            clock,
        }
    }

    /// Server time minus local time, in milliseconds (0 until a skew error corrected it).
    pub fn offset_millis(&self) -> i64 {
        self.offset_millis.load(Ordering::Relaxed)
    }

    /// The time to sign with: the local clock moved by the offset.
    pub fn now(&self) -> SystemTime {
        shift(self.clock.now(), self.offset_millis())
    }

    /// After an error response: when `code` is a skew error and the response's `Date` says the
    /// corrected clock is off by a minute or more, stores the new offset and returns it (the
    /// request is then worth sending again at once).
    pub fn correct(&self, code: Option<&str>, headers: &dyn Headers) -> Option<i64> {
        if !code.is_some_and(is_skew_error) {
            return None;
        }
        let server = DateTime::parse_http_date(headers.header("date")?.trim())?.to_millis()?;
        let local = millis_since_epoch(self.clock.now())?;
        let offset = server.checked_sub(local)?;
        let off_by = offset.checked_sub(self.offset_millis())?.checked_abs()?;
        if off_by < MIN_CORRECTION_MILLIS {
            return None;
        }
        self.offset_millis.store(offset, Ordering::Relaxed);
        Some(offset)
    }
}

/// Whether `code` is one of [`SKEW_ERROR_CODES`].
pub fn is_skew_error(code: &str) -> bool {
    SKEW_ERROR_CODES.contains(&code)
}

fn millis_since_epoch(time: SystemTime) -> Option<i64> {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).ok(),
        Err(before) => i64::try_from(before.duration().as_millis())
            .ok()
            .map(i64::wrapping_neg),
    }
}

/// `time` moved by `millis`; `time` itself if that leaves what `SystemTime` can hold.
fn shift(time: SystemTime, millis: i64) -> SystemTime {
    let by = Duration::from_millis(millis.unsigned_abs());
    let moved = if millis >= 0 {
        time.checked_add(by)
    } else {
        time.checked_sub(by)
    };
    moved.unwrap_or(time)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date_in(offset_secs: i64) -> String {
        let now = millis_since_epoch(SystemTime::now()).unwrap_or_default();
        DateTime::from_millis(now + offset_secs * 1000).to_http_date()
    }

    #[test]
    fn corrects_only_skew_errors_with_a_date_that_disagrees() {
        let skew = ClockSkew::new();
        let ahead = [("date", date_in(15 * 60))];
        assert_eq!(skew.correct(Some("AccessDeniedException"), &ahead), None);
        assert_eq!(skew.correct(None, &ahead), None);
        assert_eq!(
            skew.correct(Some("InvalidSignatureException"), &[("x", "y")]),
            None,
            "no Date header"
        );
        assert_eq!(
            skew.correct(Some("SignatureDoesNotMatch"), &[("date", "yesterday")]),
            None
        );
        assert_eq!(
            skew.correct(Some("SignatureDoesNotMatch"), &[("date", date_in(5))]),
            None,
            "clocks that agree: a real signature problem"
        );
        assert_eq!(skew.offset_millis(), 0);

        let offset = skew
            .correct(Some("InvalidSignatureException"), &ahead)
            .expect("corrected");
        assert!((offset - 900_000).abs() <= 2_000, "{offset}");
        assert_eq!(skew.offset_millis(), offset);
        assert_eq!(
            skew.correct(Some("InvalidSignatureException"), &ahead),
            None,
            "already corrected: no second retry"
        );
        let signed = millis_since_epoch(skew.now()).unwrap_or_default();
        let server = millis_since_epoch(SystemTime::now()).unwrap_or_default() + 900_000;
        assert!((signed - server).abs() <= 2_000);

        let behind = [("Date", date_in(-3600))];
        let offset = skew.correct(Some("RequestExpired"), &behind).expect("back");
        assert!((offset + 3_600_000).abs() <= 2_000, "{offset}");
    }

    #[derive(Debug)]
    struct Fixed(SystemTime);

    impl Clock for Fixed {
        fn now(&self) -> SystemTime {
            self.0
        }
    }

    #[test]
    fn the_offset_is_measured_and_applied_on_the_clock_given() {
        // 2001-09-09T01:46:40Z, far from this machine's clock: only the given clock counts.
        let local = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let skew = ClockSkew::with_clock(Arc::new(Fixed(local)));
        assert_eq!(skew.now(), local);
        let server = DateTime::from_secs(1_000_000_000 + 20 * 60).to_http_date();
        assert_eq!(
            skew.correct(Some("RequestTimeTooSkewed"), &[("date", server)]),
            Some(1_200_000),
            "exactly 20 minutes"
        );
        assert_eq!(skew.now(), local + Duration::from_secs(20 * 60));
    }

    #[test]
    fn extreme_dates_and_offsets_do_not_panic() {
        let skew = ClockSkew::new();
        for date in [
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 0000 00:00:00 GMT",
        ] {
            let _ = skew.correct(Some("RequestTimeTooSkewed"), &[("date", date)]);
            let _ = skew.now();
        }
        let _ = shift(UNIX_EPOCH, i64::MIN);
        let _ = shift(SystemTime::now(), i64::MAX);
        assert_eq!(
            shift(UNIX_EPOCH, -1500),
            UNIX_EPOCH - Duration::from_millis(1500)
        );
    }
}
