//! Value types shared by every operation.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use crate::byte_stream::ByteStream;

const NANOS_PER_SEC: u32 = 1_000_000_000;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A point in time, as Smithy's `timestamp`: seconds since the Unix epoch plus nanoseconds.
///
/// Every `i64` of seconds is representable (about 292 billion years either side of 1970), so
/// conversions from seconds and milliseconds always succeed and conversions out that can
/// overflow ([`to_millis`](Self::to_millis), [`SystemTime`]) are checked. Services send
/// fractional epoch seconds (`1700000000`, `1700000000.123`); parsing reads the digits as sent
/// and keeps them to the nanosecond, rounding finer digits to the nearest (ties to even).
/// `Display` prints RFC 3339 in UTC.
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
    /// `None` when the carry takes the seconds past `i64::MAX`.
    pub const fn from_secs_and_nanos(seconds: i64, nanos: u32) -> Option<Self> {
        match seconds.checked_add((nanos / NANOS_PER_SEC) as i64) {
            Some(seconds) => Some(DateTime {
                seconds,
                subsec_nanos: nanos % NANOS_PER_SEC,
            }),
            None => None,
        }
    }

    /// Milliseconds since the Unix epoch.
    pub const fn from_millis(millis: i64) -> Self {
        DateTime {
            seconds: millis.div_euclid(1000),
            subsec_nanos: (millis.rem_euclid(1000) as u32) * 1_000_000,
        }
    }

    /// Fractional seconds since the Unix epoch: the decimal number the `f64` prints as (its
    /// shortest representation, so `1700000000.123` is 123 ms exactly rather than the binary
    /// value's 122.9999065 ms), rounded to the nanosecond, ties to even; a whole number of
    /// seconds exactly. `None` when the value is not finite or outside `i64` seconds.
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        // 2^63: every f64 in [-2^63, 2^63) that is whole converts to i64 exactly.
        const LIMIT: f64 = 9_223_372_036_854_775_808.0;
        if !value.is_finite() {
            return None;
        }
        if value.fract() == 0.0 {
            // Past 2^52 every f64 is whole; its shortest decimal (9.223372036854775e18) would
            // not be the integer it holds.
            return (-LIMIT..LIMIT)
                .contains(&value)
                .then(|| DateTime::from_secs(value as i64));
        }
        let mut text = Buffer::default();
        fmt::write(&mut text, format_args!("{value:e}")).ok()?;
        parse_epoch_seconds(text.as_str()?)
    }

    /// Whole seconds since the Unix epoch (rounded down).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs).
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Milliseconds since the Unix epoch (rounded down); `None` when they do not fit an `i64`,
    /// about 292 million years from 1970.
    pub const fn to_millis(&self) -> Option<i64> {
        // In i128 nothing overflows, and a time whose seconds alone would overflow once
        // multiplied may still fit after its (positive) milliseconds are added.
        let millis = self.seconds as i128 * 1000 + (self.subsec_nanos / 1_000_000) as i128;
        if millis < i64::MIN as i128 || millis > i64::MAX as i128 {
            None
        } else {
            Some(millis as i64)
        }
    }

    /// Fractional seconds since the Unix epoch: the `f64` nearest to the exact value (far from
    /// 1970 an `f64` cannot hold every nanosecond).
    pub fn as_secs_f64(&self) -> f64 {
        // Rust parses decimal text correctly rounded; adding seconds and fraction as floats
        // would round twice.
        let mut text = Buffer::default();
        let parsed = self
            .write_epoch_seconds(&mut text)
            .ok()
            .and_then(|()| text.as_str()?.parse().ok());
        parsed.unwrap_or_else(|| self.seconds as f64 + f64::from(self.subsec_nanos) / 1e9)
    }

    /// Writes the exact number of seconds in decimal (`-1.5`, `1700000000.123`).
    pub fn write_epoch_seconds<W: fmt::Write>(&self, out: &mut W) -> fmt::Result {
        if self.subsec_nanos == 0 {
            return write!(out, "{}", self.seconds);
        }
        if self.seconds >= 0 {
            write!(out, "{}.", self.seconds)?;
            write_fraction(out, self.subsec_nanos)
        } else {
            // -2 s + 0.5 s is -1.5 s: the magnitude borrows a second (seconds <= -1 here).
            write!(out, "-{}.", self.seconds.unsigned_abs() - 1)?;
            write_fraction(out, NANOS_PER_SEC - self.subsec_nanos)
        }
    }

    /// True when the year is 0000 to 9999, the only years RFC 3339 and HTTP dates can write.
    pub fn has_four_digit_year(&self) -> bool {
        (0..=9999).contains(&self.civil().year)
    }

    /// Parses an RFC 3339 date-time (`2023-11-14T22:13:20.123Z`, any offset). Digits past the
    /// nanosecond round to the nearest, ties to even.
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (year, month, day) = (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?);
        let (hour, minute, second) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        let mut rest = &b[19..];
        let mut nanos = 0;
        if let [b'.', fraction @ ..] = rest {
            let len = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            nanos = round_fraction(&fraction[..len])?;
            rest = &fraction[len..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (hours, minutes) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let offset = (hours * 60 + minutes) * 60;
                if *sign == b'+' { offset } else { -offset }
            }
            _ => return None,
        };
        let local = Self::from_civil(year, month, day, hour, minute, second, nanos)?;
        // Four-digit years and offsets under a day keep this far from overflow.
        Some(DateTime {
            seconds: local.seconds - offset,
            ..local
        })
    }

    /// Formats as an HTTP date (IMF-fixdate, RFC 9110): `Tue, 29 Apr 2014 18:30:38 GMT`.
    /// Fractions of a second are dropped, as the format has none. A year outside 0000-9999,
    /// which the format cannot write, is written in ISO 8601's expanded form (`+10000`).
    pub fn to_http_date(&self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        let c = self.civil();
        format!(
            "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
            DAYS[c.days.rem_euclid(7) as usize],
            c.day,
            MONTHS[(c.month - 1) as usize],
            Year(c.year),
            c.hour,
            c.minute,
            c.second
        )
    }

    /// Formats as SigV4's `x-amz-date` (ISO 8601 basic format, whole seconds, UTC):
    /// `20150830T123600Z`.
    #[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
    pub(crate) fn to_amz_date(self) -> String {
        let c = self.civil();
        format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        )
    }

    /// Parses an HTTP date in IMF-fixdate form (`Tue, 29 Apr 2014 18:30:38 GMT`), also
    /// accepting a one-digit day, any case of the month, and fractional seconds
    /// (`18:30:38.123`, rounded to the nanosecond). The day name is not checked.
    pub fn parse_http_date(text: &str) -> Option<Self> {
        let (_, rest) = text.split_once(", ")?;
        let mut parts = rest.split(' ');
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        let (time, zone) = (parts.next()?, parts.next()?);
        if zone != "GMT"
            || parts.next().is_some()
            || !(1..=2).contains(&day.len())
            || year.len() != 4
        {
            return None;
        }
        let day = digits(day.as_bytes())?;
        let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month))? as i64 + 1;
        let year = digits(year.as_bytes())?;
        let t = time.as_bytes();
        if t.len() < 8 || t[2] != b':' || t[5] != b':' {
            return None;
        }
        let (hour, minute, second) = (digits(&t[0..2])?, digits(&t[3..5])?, digits(&t[6..8])?);
        let nanos = match &t[8..] {
            [] => 0,
            [b'.', fraction @ ..] => round_fraction(fraction)?,
            _ => return None,
        };
        Self::from_civil(year, month, day, hour, minute, second, nanos)
    }

    /// A calendar date and time, checked field by field (`second` may be 60, a leap second;
    /// `nanos` may be a whole second after rounding).
    fn from_civil(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        minute: i64,
        second: i64,
        nanos: u32,
    ) -> Option<Self> {
        let valid = (0..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day)
            && (0..=23).contains(&hour)
            && (0..=59).contains(&minute)
            && second <= 60;
        if !valid {
            return None;
        }
        // Four-digit years keep every value below 2^39, so this cannot overflow.
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
        Some(DateTime {
            seconds: seconds + i64::from(nanos / NANOS_PER_SEC),
            subsec_nanos: nanos % NANOS_PER_SEC,
        })
    }

    fn civil(&self) -> Civil {
        let days = self.seconds.div_euclid(86_400);
        let rem = self.seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            days,
            year,
            month,
            day,
            hour: rem / 3600,
            minute: rem / 60 % 60,
            second: rem % 60,
        }
    }
}

/// The calendar fields of a [`DateTime`] in UTC.
struct Civil {
    days: i64,
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

/// A year as RFC 3339 and HTTP dates write it (four digits) or, outside 0000-9999 where they
/// cannot, in ISO 8601's expanded form with a sign (`+10000`, `-0001`).
struct Year(i64);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            year @ 0..=9999 => write!(f, "{year:04}"),
            year if year < 0 => write!(f, "-{:04}", year.unsigned_abs()),
            year => write!(f, "+{year}"),
        }
    }
}

/// Nanoseconds (1 to 999,999,999) as fraction digits, without trailing zeros.
fn write_fraction<W: fmt::Write>(out: &mut W, nanos: u32) -> fmt::Result {
    let (mut value, mut width) = (nanos, 9);
    while value % 10 == 0 && width > 1 {
        value /= 10;
        width -= 1;
    }
    write!(out, "{value:0width$}")
}

/// A short text built on the stack: formatting a number needs no allocation. 32 bytes hold
/// the longest text written here, `-9223372036854775807.999999999`, and any `{:e}` of an f64.
#[derive(Default)]
struct Buffer {
    bytes: [u8; 32],
    len: usize,
}

impl Buffer {
    fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes[..self.len]).ok()
    }
}

impl fmt::Write for Buffer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self
            .len
            .checked_add(s.len())
            .filter(|&end| end <= self.bytes.len())
            .ok_or(fmt::Error)?;
        self.bytes[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A non-empty run of ASCII digits as a number (callers pass at most four).
fn digits(text: &[u8]) -> Option<i64> {
    if text.is_empty() || text.len() > 18 || !text.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(text.iter().fold(0, |n, c| n * 10 + i64::from(c - b'0')))
}

/// Fraction digits (at least one) as nanoseconds, rounded to the nearest, ties to even: up to
/// 1,000,000,000 when rounding carries into the next second.
fn round_fraction(fraction: &[u8]) -> Option<u32> {
    if fraction.is_empty() || !fraction.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let digit = |i: usize| fraction.get(i).map_or(0, |c| u32::from(c - b'0'));
    let nanos = (0..9).fold(0, |n, i| n * 10 + digit(i));
    let more = fraction
        .get(10..)
        .unwrap_or_default()
        .iter()
        .any(|&c| c != b'0');
    Some(round_half_even(nanos, digit(9), more))
}

/// `value` rounded by the digits after it, given the first and whether any later one is
/// non-zero: up past half, to even at exactly half.
fn round_half_even(value: u32, first: u32, more: bool) -> u32 {
    if first > 5 || (first == 5 && (more || value % 2 == 1)) {
        value + 1
    } else {
        value
    }
}

/// Parses a decimal number of seconds in JSON's number syntax (`1700000000`, `-1.5`,
/// `1.700000000123E9`) exactly, rounding to the nearest nanosecond, ties to even. `None` when
/// the text is not such a number or its seconds do not fit an `i64`.
pub fn parse_epoch_seconds(text: &str) -> Option<DateTime> {
    let text = text.as_bytes();
    let (negative, text) = match text {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, text),
    };
    match parse_plain_seconds(text) {
        Some((whole, nanos)) => signed(negative, whole, nanos),
        None => parse_any_seconds(negative, text),
    }
}

/// The shape services send, `digits[.digits]` with at most 18 integer digits, in one pass:
/// whole seconds and nanoseconds rounded to the nearest, ties to even (up to 10^9 when the
/// rounding carries). `None` for any other text (exponents, longer integers, no digits),
/// which [`parse_any_seconds`] reads.
fn parse_plain_seconds(text: &[u8]) -> Option<(u64, u32)> {
    // Indexing loops rather than iterator adapters: this runs for every timestamp of every
    // response, and the adapters cost three times the instructions.
    let mut i = 0;
    let mut whole = 0u64;
    while let Some(&c @ b'0'..=b'9') = text.get(i) {
        if i == 18 {
            // 10^18 or more: the general parser checks the range.
            return None;
        }
        whole = whole * 10 + u64::from(c - b'0');
        i += 1;
    }
    match text.get(i) {
        _ if i == 0 => return None,
        None => return Some((whole, 0)),
        Some(b'.') => i += 1,
        Some(_) => return None,
    }
    let start = i;
    let mut nanos = 0u32;
    while let Some(&c @ b'0'..=b'9') = text.get(i) {
        if i - start == 9 {
            break;
        }
        nanos = nanos * 10 + u32::from(c - b'0');
        i += 1;
    }
    let kept = i - start;
    if kept == 0 {
        return None;
    }
    const SCALE: [u32; 10] = [
        1_000_000_000,
        100_000_000,
        10_000_000,
        1_000_000,
        100_000,
        10_000,
        1_000,
        100,
        10,
        1,
    ];
    nanos *= SCALE[kept];
    let nanos = match text.get(i..).unwrap_or_default() {
        [] => nanos,
        [first @ b'0'..=b'9', more @ ..] if more.iter().all(u8::is_ascii_digit) => round_half_even(
            nanos,
            u32::from(first - b'0'),
            more.iter().any(|&c| c != b'0'),
        ),
        _ => return None,
    };
    Some((whole, nanos))
}

/// Any number in JSON's syntax (exponents, leading zeros, more than 18 integer digits),
/// without its sign.
fn parse_any_seconds(negative: bool, text: &[u8]) -> Option<DateTime> {
    let int_len = text.iter().take_while(|c| c.is_ascii_digit()).count();
    let (int, rest) = text.split_at(int_len);
    let (fraction, rest) = match rest {
        [b'.', rest @ ..] => match rest.iter().take_while(|c| c.is_ascii_digit()).count() {
            0 => return None,
            len => rest.split_at(len),
        },
        _ => (&[][..], rest),
    };
    let exponent = match rest {
        [] => 0,
        [b'e' | b'E', exponent @ ..] => parse_exponent(exponent)?,
        _ => return None,
    };
    if int.is_empty() {
        return None;
    }
    // The significant digits d1 d2 ... (d1 non-zero) stand for 0.d1d2... x 10^point.
    let all = || int.iter().chain(fraction).copied();
    let leading = all().take_while(|&c| c == b'0').count();
    let count = int.len() + fraction.len() - leading;
    if count == 0 {
        return Some(DateTime::UNIX_EPOCH);
    }
    let digit = |i: usize| -> u32 {
        let i = i + leading;
        let c = if i < int.len() {
            int[i]
        } else {
            fraction.get(i - int.len()).copied().unwrap_or(b'0')
        };
        u32::from(c - b'0')
    };
    let point = i64::try_from(int.len())
        .ok()?
        .saturating_add(exponent)
        .saturating_sub(i64::try_from(leading).ok()?);
    if point > 19 {
        // At least 10^19 seconds: past i64::MAX (9.2e18).
        return None;
    }
    let whole_digits = usize::try_from(point.max(0)).ok()?;
    let whole = (0..whole_digits).fold(0u64, |n, i| n * 10 + u64::from(digit(i)));
    // The nine digits after the point, then the ones that decide the rounding. A point further
    // left than 9 digits leaves only zeros there and a value below a tenth of a nanosecond.
    let nanos = (1..=9i64).fold(0u32, |n, j| {
        let index = point + j - 1;
        n * 10
            + if index < 0 {
                0
            } else {
                usize::try_from(index).map_or(0, digit)
            }
    });
    let tail_start = point.saturating_add(9);
    let nanos = match usize::try_from(tail_start) {
        Ok(start) if start < count => round_half_even(
            nanos,
            digit(start),
            (start + 1..count).any(|i| digit(i) != 0),
        ),
        _ => nanos,
    };
    signed(negative, whole, nanos)
}

/// The time `whole` seconds and `nanos` nanoseconds (up to 10^9, a rounding's carry) from the
/// epoch, before it when `negative`; `None` outside `i64` seconds.
fn signed(negative: bool, whole: u64, nanos: u32) -> Option<DateTime> {
    let (whole, nanos) = if nanos == NANOS_PER_SEC {
        (whole.checked_add(1)?, 0)
    } else {
        (whole, nanos)
    };
    if !negative {
        return Some(DateTime {
            seconds: i64::try_from(whole).ok()?,
            subsec_nanos: nanos,
        });
    }
    let seconds = 0i64.checked_sub_unsigned(whole)?;
    if nanos == 0 {
        Some(DateTime::from_secs(seconds))
    } else {
        Some(DateTime {
            seconds: seconds.checked_sub(1)?,
            subsec_nanos: NANOS_PER_SEC - nanos,
        })
    }
}

/// An exponent's optional sign and digits. Its magnitude saturates at 10^15: any exponent that
/// large puts a number far outside the range or below a nanosecond, whatever its digits.
fn parse_exponent(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let magnitude = digits.iter().fold(0i64, |n, c| {
        (n * 10 + i64::from(c - b'0')).min(1_000_000_000_000_000)
    });
    Some(if negative { -magnitude } else { magnitude })
}

/// Days in a month of the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
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

/// The inverse of [`days_from_civil`]. For the days of any `i64` seconds (|days| < 1.1e14)
/// no step overflows: the largest intermediate is the year, about 2.9e11.
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
        let c = self.civil();
        write!(
            f,
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}",
            Year(c.year),
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second
        )?;
        if self.subsec_nanos != 0 {
            f.write_str(".")?;
            write_fraction(f, self.subsec_nanos)?;
        }
        f.write_str("Z")
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        // Every platform std supports keeps SystemTime within i64 seconds of the epoch (Unix
        // time_t, or narrower), so the saturations below are never reached.
        match time.duration_since(UNIX_EPOCH) {
            Ok(d) => DateTime {
                seconds: i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                subsec_nanos: d.subsec_nanos(),
            },
            Err(e) => {
                let d = e.duration();
                let seconds = 0i64.checked_sub_unsigned(d.as_secs()).unwrap_or(i64::MIN);
                match d.subsec_nanos() {
                    0 => DateTime::from_secs(seconds),
                    nanos => DateTime {
                        seconds: seconds.saturating_sub(1),
                        subsec_nanos: NANOS_PER_SEC - nanos,
                    },
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

/// A fresh idempotency token: a random (version 4) UUID, from the platform's random numbers
/// ([`SystemRandom`](crate::time::SystemRandom): `Math.random()` in the browser). Builders of
/// structures other than operation inputs use it; an operation's input is filled when it is
/// sent, by the client's [token provider](crate::client::ConfigBuilder::idempotency_token_provider).
pub fn idempotency_token() -> String {
    idempotency_token_from(&crate::time::SystemRandom)
}

/// A version 4 UUID from `random`'s numbers: `00000000-0000-4000-8000-000000000000` when they
/// are all zero.
pub fn idempotency_token_from(random: &dyn crate::time::RandomSource) -> String {
    let mut bytes = [0u8; 16];
    for chunk in bytes.chunks_mut(8) {
        chunk.copy_from_slice(&random.next_u64().to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// An enumeration value this version of the crate does not know, kept as sent.
///
/// Its field is private so that `Unknown` can only hold values that are really unknown: a
/// known value always parses to its own variant, and equality stays meaningful.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value no variant of the enum holds (generated parsers call this).
    #[doc(hidden)]
    pub fn new(value: String) -> Self {
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
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
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
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
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
