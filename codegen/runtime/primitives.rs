//! Value types shared by every operation.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time, as Smithy's `timestamp`: seconds since the Unix epoch plus nanoseconds.
///
/// Services send timestamps as fractional epoch seconds (`1700000000`, `1700000000.0`,
/// `1700000000.123`); parsing keeps the fraction to the microsecond, so milliseconds survive
/// exactly. `Display` prints RFC 3339 in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    seconds: i64,
    subsec_nanos: u32,
}

impl DateTime {
    /// The Unix epoch, 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: DateTime = DateTime {
        seconds: 0,
        subsec_nanos: 0,
    };

    /// Whole seconds since the Unix epoch.
    pub const fn from_secs(seconds: i64) -> Self {
        DateTime {
            seconds,
            subsec_nanos: 0,
        }
    }

    /// Seconds since the Unix epoch plus nanoseconds; nanoseconds past one second carry over.
    pub const fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Self {
        DateTime {
            seconds: seconds + (nanos / 1_000_000_000) as i64,
            subsec_nanos: nanos % 1_000_000_000,
        }
    }

    /// Milliseconds since the Unix epoch.
    pub const fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            subsec_nanos: (millis.rem_euclid(1000) as u32) * 1_000_000,
        }
    }

    /// Fractional seconds since the Unix epoch, rounded to the microsecond (an `f64` holds
    /// present-day epochs to about a quarter of a microsecond, so finer digits are noise).
    /// `None` when the value is not finite or out of range.
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() > 9.2e15 {
            return None;
        }
        let micros = (value * 1e6).round();
        let micros = micros as i64;
        Some(DateTime {
            seconds: micros.div_euclid(1_000_000),
            subsec_nanos: (micros.rem_euclid(1_000_000) as u32) * 1000,
        })
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs).
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Milliseconds since the Unix epoch (rounded down).
    pub const fn to_millis(&self) -> i64 {
        self.seconds * 1000 + (self.subsec_nanos / 1_000_000) as i64
    }

    /// Fractional seconds since the Unix epoch.
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsec_nanos) / 1e9
    }

    /// Parses an RFC 3339 date-time (`2023-11-14T22:13:20.123Z`, any offset).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(range)?;
            if s.bytes().all(|c| c.is_ascii_digit()) {
                s.parse().ok()
            } else {
                None
            }
        };
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut pos = 19;
        let mut nanos: u32 = 0;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while pos < b.len() && b[pos].is_ascii_digit() {
                if pos - start < 9 {
                    nanos = nanos * 10 + u32::from(b[pos] - b'0');
                }
                pos += 1;
            }
            if pos == start {
                return None;
            }
            for _ in (pos - start).min(9)..9 {
                nanos *= 10;
            }
        }
        let offset = match b.get(pos)? {
            b'Z' | b'z' if pos + 1 == b.len() => 0,
            sign @ (b'+' | b'-') if pos + 6 == b.len() && b[pos + 3] == b':' => {
                let minutes = num(pos + 1..pos + 3)? * 60 + num(pos + 4..pos + 6)?;
                if *sign == b'+' { minutes * 60 } else { -minutes * 60 }
            }
            _ => return None,
        };
        let days = days_from_civil(year, month, day);
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset;
        Some(DateTime {
            seconds,
            subsec_nanos: nanos,
        })
    }
}

impl DateTime {
    /// Formats as an HTTP date (IMF-fixdate, RFC 9110): `Tue, 29 Apr 2014 18:30:38 GMT`.
    /// Fractions of a second are dropped, as the format has none.
    pub fn to_http_date(&self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let days = self.seconds.div_euclid(86_400);
        let rem = self.seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        format!(
            "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
            DAYS[days.rem_euclid(7) as usize],
            MONTHS[(month - 1) as usize],
            rem / 3600,
            rem / 60 % 60,
            rem % 60
        )
    }

    /// Parses an HTTP date in IMF-fixdate form (`Tue, 29 Apr 2014 18:30:38 GMT`), also
    /// accepting fractional seconds (`18:30:38.123`).
    pub fn parse_http_date(text: &str) -> Option<Self> {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let rest = text.split_once(", ")?.1;
        let mut parts = rest.split(' ');
        let day: i64 = parts.next()?.parse().ok()?;
        let month = MONTHS.iter().position(|m| Some(*m) == parts.next())? as i64 + 1;
        let year: i64 = parts.next()?.parse().ok()?;
        let time = parts.next()?;
        if parts.next()? != "GMT" || parts.next().is_some() {
            return None;
        }
        let (hms, frac) = time.split_once('.').unwrap_or((time, ""));
        let mut hms = hms.split(':').map(|p| p.parse::<i64>().ok());
        let (hour, minute, second) = (hms.next()??, hms.next()??, hms.next()??);
        if hms.next().is_some() || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut nanos: u32 = 0;
        for (i, c) in frac.bytes().enumerate() {
            if !c.is_ascii_digit() {
                return None;
            }
            if i < 9 {
                nanos += u32::from(c - b'0') * 10u32.pow(8 - i as u32);
            }
        }
        let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        Some(DateTime {
            seconds,
            subsec_nanos: nanos,
        })
    }
}

/// A fresh idempotency token: a random (version 4) UUID.
// Unused in crates whose model has no `@idempotencyToken` member.
#[allow(dead_code)]
pub(crate) fn idempotency_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut bytes = [0u8; 16];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        // `RandomState` is seeded from the OS once per process and advanced per instance.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_usize(i);
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos()),
        );
        chunk.copy_from_slice(&h.finish().to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.seconds.div_euclid(86_400);
        let rem = self.seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem / 60 % 60,
            rem % 60
        )?;
        if self.subsec_nanos != 0 {
            let mut digits = format!("{:09}", self.subsec_nanos);
            while digits.ends_with('0') {
                digits.pop();
            }
            write!(f, ".{digits}")?;
        }
        f.write_str("Z")
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime::from_secs_and_nanos(d.as_secs() as i64, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let secs = -(d.as_secs() as i64);
                if d.subsec_nanos() == 0 {
                    DateTime::from_secs(secs)
                } else {
                    DateTime::from_secs_and_nanos(secs - 1, 1_000_000_000 - d.subsec_nanos())
                }
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let result = if value.seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(value.seconds as u64, value.subsec_nanos))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(value.seconds.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(value.subsec_nanos))))
        };
        result.ok_or(DateTimeRangeError)
    }
}

/// A [`DateTime`] outside what [`SystemTime`] can represent on this platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTimeRangeError;

impl fmt::Display for DateTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("timestamp is outside the range of SystemTime")
    }
}

impl std::error::Error for DateTimeRangeError {}

/// An enumeration value this version of the crate does not know, kept as sent.
///
/// Its field is private so that `Unknown` can only hold values that are really unknown: a
/// known value always parses to its own variant, and equality stays meaningful.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    // Unused in crates generated from models without string enums.
    #[allow(dead_code)]
    pub(crate) fn new(value: String) -> Self {
        UnknownValue(value)
    }

    /// The value as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Binary data (Smithy's `blob`), sent as base64 text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Blob(text.as_bytes().to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub(crate) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64; padding is optional, whitespace is not allowed.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        return None;
    }
    Some(out)
}

/// A JSON-like value of no fixed shape (Smithy's `document`).
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A list of documents.
    Array(Vec<Document>),
    /// String keys to documents.
    Object(std::collections::HashMap<String, Document>),
}

/// A number inside a [`Document`], keeping integers exact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A number with a fraction or exponent.
    Float(f64),
}
