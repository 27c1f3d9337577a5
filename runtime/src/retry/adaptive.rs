//! Adaptive mode's client-side rate limiter.

use std::time::Duration;

/// A client-side rate limiter that learns the send rate a service tolerates, as the AWS SDKs'
/// adaptive mode does: it measures the rate requests are sent at, cuts the allowed rate to
/// 70 % of it on each throttling response, and grows it back along TCP CUBIC's window curve
/// while responses succeed. Until the first throttling response it lets everything through.
///
/// Times are seconds on a monotonic clock the caller chooses (the client uses the seconds since
/// its [`Config`](crate::client::Config) was built), so the arithmetic can be checked without
/// waiting. Every value is a finite `f64`; nothing here can panic.
#[derive(Clone, Debug)]
pub struct ClientRateLimiter {
    // The token bucket that paces sends.
    fill_rate: f64,
    max_capacity: f64,
    current_capacity: f64,
    last_timestamp: Option<f64>,
    enabled: bool,
    // The measured send rate, smoothed over half-second buckets.
    measured_tx_rate: f64,
    last_tx_rate_bucket: f64,
    request_count: u64,
    // CUBIC: the rate at the last throttle, when it was, and how long the curve takes to
    // climb back to it.
    last_max_rate: f64,
    last_throttle_time: f64,
    time_window: f64,
}

impl ClientRateLimiter {
    /// The share of the measured rate kept after a throttling response (CUBIC's β).
    pub const BETA: f64 = 0.7;
    /// How fast the rate climbs back after a throttle (CUBIC's C).
    pub const SCALE_CONSTANT: f64 = 0.4;
    /// The lowest fill rate, in requests per second.
    pub const MIN_FILL_RATE: f64 = 0.5;
    /// The lowest bucket capacity, in requests.
    pub const MIN_CAPACITY: f64 = 1.0;
    /// The weight of the newest measurement in the smoothed send rate.
    pub const SMOOTH: f64 = 0.8;
    /// The width of one send-rate measurement bucket, in seconds.
    pub const MEASUREMENT_BUCKET: f64 = 0.5;

    /// A limiter made at time 0, letting everything through.
    pub fn new() -> Self {
        ClientRateLimiter {
            fill_rate: Self::MIN_FILL_RATE,
            max_capacity: Self::MIN_CAPACITY,
            current_capacity: 0.0,
            last_timestamp: None,
            enabled: false,
            measured_tx_rate: 0.0,
            last_tx_rate_bucket: 0.0,
            request_count: 0,
            last_max_rate: 0.0,
            last_throttle_time: 0.0,
            time_window: 0.0,
        }
    }

    /// The allowed send rate in requests per second, once a throttling response has switched
    /// the limiter on.
    pub fn fill_rate(&self) -> Option<f64> {
        self.enabled.then_some(self.fill_rate)
    }

    /// The smoothed rate requests were sent at, in requests per second.
    pub fn measured_rate(&self) -> f64 {
        self.measured_tx_rate
    }

    /// Takes the token for one send at `now`, and says how long the send must wait for it.
    ///
    /// The token is taken at once even when the bucket is short (it then owes it), so
    /// concurrent senders queue behind each other instead of all waking at the same moment,
    /// and a caller's timer that does not really wait still sees ever longer waits.
    pub fn acquire(&mut self, now: f64) -> Option<Duration> {
        if !self.enabled {
            return None;
        }
        self.refill(now);
        let wait = if self.current_capacity >= 1.0 {
            None
        } else {
            Some(seconds((1.0 - self.current_capacity) / self.fill_rate))
        };
        self.current_capacity -= 1.0;
        wait
    }

    /// Learns from a response at `now`: `throttled` when the service asked to slow down.
    pub fn update(&mut self, throttled: bool, now: f64) {
        let now = self.clamp(now);
        let measured = self.update_measured_rate(now);
        let calculated = if throttled {
            let rate = if self.enabled {
                measured.min(self.fill_rate)
            } else {
                measured
            };
            self.last_max_rate = rate;
            self.time_window = self.calculate_time_window();
            self.last_throttle_time = now;
            self.enabled = true;
            rate * Self::BETA
        } else {
            self.time_window = self.calculate_time_window();
            self.cubic_success(now)
        };
        self.set_rate(calculated.min(2.0 * measured), now);
    }

    /// CUBIC's window curve: the rate `now`, climbing from 70 % of the last maximum at the
    /// throttle back to it after K seconds, and past it beyond.
    fn cubic_success(&self, now: f64) -> f64 {
        let dt = now - self.last_throttle_time - self.time_window;
        Self::SCALE_CONSTANT * dt * dt * dt + self.last_max_rate
    }

    /// CUBIC's K: how long after a throttle the curve is back at the rate it was cut from.
    fn calculate_time_window(&self) -> f64 {
        (self.last_max_rate * (1.0 - Self::BETA) / Self::SCALE_CONSTANT).cbrt()
    }

    fn set_rate(&mut self, rate: f64, now: f64) {
        self.refill(now);
        // `f64::max` ignores a NaN, so the floors hold whatever the rate is.
        self.fill_rate = rate.max(Self::MIN_FILL_RATE);
        self.max_capacity = rate.max(Self::MIN_CAPACITY);
        self.current_capacity = self.current_capacity.min(self.max_capacity);
    }

    fn refill(&mut self, now: f64) {
        let now = self.clamp(now);
        if let Some(last) = self.last_timestamp {
            let added = (now - last) * self.fill_rate;
            self.current_capacity = (self.current_capacity + added).min(self.max_capacity);
        }
        self.last_timestamp = Some(now);
    }

    fn update_measured_rate(&mut self, now: f64) -> f64 {
        let bucket = (now / Self::MEASUREMENT_BUCKET).floor() * Self::MEASUREMENT_BUCKET;
        self.request_count = self.request_count.saturating_add(1);
        if bucket > self.last_tx_rate_bucket {
            let rate = self.request_count as f64 / (bucket - self.last_tx_rate_bucket);
            self.measured_tx_rate =
                rate * Self::SMOOTH + self.measured_tx_rate * (1.0 - Self::SMOOTH);
            self.request_count = 0;
            self.last_tx_rate_bucket = bucket;
        }
        self.measured_tx_rate
    }

    /// A time that never goes back and is a finite number, whatever the caller's clock said.
    fn clamp(&self, now: f64) -> f64 {
        let floor = self.last_timestamp.unwrap_or(0.0);
        if now.is_finite() {
            now.max(floor)
        } else {
            floor
        }
    }
}

impl Default for ClientRateLimiter {
    fn default() -> Self {
        Self::new()
    }
}

fn seconds(value: f64) -> Duration {
    if value.is_nan() || value <= 0.0 {
        return Duration::ZERO;
    }
    Duration::try_from_secs_f64(value).unwrap_or(Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends `per_second` successful requests a second from `start` for `secs` seconds.
    fn steady(limiter: &mut ClientRateLimiter, start: f64, secs: u32, per_second: u32) -> f64 {
        let step = 1.0 / f64::from(per_second);
        let mut t = start;
        for _ in 0..secs * per_second {
            assert_eq!(limiter.acquire(t), None, "nothing waits before a throttle");
            limiter.update(false, t);
            t += step;
        }
        t
    }

    #[test]
    fn lets_everything_through_until_throttled() {
        let mut limiter = ClientRateLimiter::new();
        let t = steady(&mut limiter, 0.0, 5, 10);
        assert!((limiter.measured_rate() - 10.0).abs() < 0.5, "{limiter:?}");
        assert_eq!(limiter.fill_rate(), None);
        limiter.update(true, t);
        let rate = limiter.fill_rate().expect("on after a throttle");
        let expected = limiter.measured_rate() * ClientRateLimiter::BETA;
        assert!((rate - expected).abs() < 1e-9, "{rate} vs {expected}");
    }

    #[test]
    fn each_throttle_cuts_the_rate_down_to_the_floor() {
        let mut limiter = ClientRateLimiter::new();
        let mut t = steady(&mut limiter, 0.0, 5, 20);
        let mut rates = Vec::new();
        for _ in 0..20 {
            limiter.update(true, t);
            rates.push(limiter.fill_rate().unwrap_or(f64::NAN));
            t += 0.01;
        }
        assert!(rates.windows(2).all(|w| w[1] <= w[0]), "{rates:?}");
        assert_eq!(
            rates.last().copied(),
            Some(ClientRateLimiter::MIN_FILL_RATE)
        );
    }

    #[test]
    fn waits_grow_at_the_fill_rate_when_time_does_not_pass() {
        let mut limiter = ClientRateLimiter::new();
        limiter.update(true, 0.0);
        // Nothing measured yet: the floor, 0.5 requests a second, a capacity of 1 and none in it.
        assert_eq!(limiter.fill_rate(), Some(0.5));
        assert_eq!(limiter.acquire(0.0), Some(Duration::from_secs(2)));
        assert_eq!(limiter.acquire(0.0), Some(Duration::from_secs(4)));
        // Time that really passes pays the debt back: 2.5 tokens in 5 s.
        assert_eq!(limiter.acquire(5.0), Some(Duration::from_secs(1)));
        assert_eq!(limiter.acquire(100.0), None);
    }

    #[test]
    fn climbs_back_along_the_cubic_curve() {
        let mut limiter = ClientRateLimiter::new();
        let t = steady(&mut limiter, 0.0, 10, 10);
        limiter.update(true, t);
        let max = limiter.last_max_rate;
        let k = limiter.time_window;
        assert!(max > 9.0 && k > 0.0, "{limiter:?}");
        // The curve starts where the throttle cut the rate, is back at the old maximum after
        // K seconds, and only rises on the way.
        let at = |dt: f64| limiter.cubic_success(t + dt);
        assert!((at(0.0) - max * ClientRateLimiter::BETA).abs() < 1e-9);
        assert!((at(k) - max).abs() < 1e-9);
        let points: Vec<f64> = (0..=20).map(|i| at(k * f64::from(i) / 10.0)).collect();
        assert!(points.windows(2).all(|w| w[0] <= w[1]), "{points:?}");
        // Successes at a steady 10 a second lift the allowed rate back up from the cut.
        let cut = limiter.fill_rate().expect("on");
        let mut now = t;
        for _ in 0..30 {
            now += 0.1;
            let _ = limiter.acquire(now);
            limiter.update(false, now);
        }
        let after = limiter.fill_rate().expect("on");
        assert!(after > cut, "{cut} -> {after}");
    }

    #[test]
    fn odd_clocks_neither_panic_nor_poison_the_state() {
        let mut limiter = ClientRateLimiter::new();
        limiter.update(true, 10.0);
        for now in [f64::NAN, f64::INFINITY, -1.0, f64::NEG_INFINITY, 5.0, 1e300] {
            limiter.update(true, now);
            limiter.update(false, now);
            let _ = limiter.acquire(now);
            let rate = limiter.fill_rate().expect("on");
            assert!(
                rate.is_finite() && rate >= ClientRateLimiter::MIN_FILL_RATE,
                "{rate}"
            );
        }
    }
}
