//! `TIMESTAMP`, in the format Cognito checks the claim signature against.

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The instant `unix_seconds` (seconds since 1970-01-01T00:00:00Z) as Cognito's `TIMESTAMP`:
/// `"ddd MMM D HH:mm:ss UTC YYYY"` in UTC, English names, the day of the month not padded,
/// the year as a plain number (`DateHelper.getNowString` of `amazon-cognito-identity-js`).
///
/// The caller reads the clock (`SystemTime::now()` natively, `Date.now()` in a browser): this
/// function never does. Cognito rejects a timestamp far from its own clock.
///
/// ```
/// use cognito_auth::srp::cognito_timestamp;
/// assert_eq!(cognito_timestamp(1_725_347_101), "Tue Sep 3 07:05:01 UTC 2024");
/// ```
pub fn cognito_timestamp(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let second_of_day = unix_seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[index(days.wrapping_add(4).rem_euclid(7))];
    format!(
        "{weekday} {month} {day} {:02}:{:02}:{:02} UTC {year}",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60,
        month = MONTHS[index(month - 1)],
    )
}

/// A value known to lie in `0..12` (or `0..7`) as an index.
fn index(v: i64) -> usize {
    usize::try_from(v).unwrap_or_default()
}

/// Year, month (1-12) and day (1-31) of the proleptic Gregorian calendar for days since
/// 1970-01-01, by Howard Hinnant's `civil_from_days` (eras of 400 years, March-based years).
/// Exact for every `i64` second count: `days` is then below 2^47 in magnitude, far from
/// overflowing the products here.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_date_helper() {
        assert_eq!(cognito_timestamp(0), "Thu Jan 1 00:00:00 UTC 1970");
        assert_eq!(cognito_timestamp(-1), "Wed Dec 31 23:59:59 UTC 1969");
        assert_eq!(
            cognito_timestamp(951_782_400),
            "Tue Feb 29 00:00:00 UTC 2000"
        );
        assert_eq!(
            cognito_timestamp(1_725_347_101),
            "Tue Sep 3 07:05:01 UTC 2024"
        );
        assert_eq!(
            cognito_timestamp(253_402_300_799),
            "Fri Dec 31 23:59:59 UTC 9999"
        );
        assert_eq!(
            cognito_timestamp(253_402_300_800),
            "Sat Jan 1 00:00:00 UTC 10000"
        );
        // 0001-01-01 and the year before it (year 0, as JavaScript numbers it).
        assert_eq!(
            cognito_timestamp(-62_135_596_800),
            "Mon Jan 1 00:00:00 UTC 1"
        );
        assert_eq!(
            cognito_timestamp(-62_135_596_801),
            "Sun Dec 31 23:59:59 UTC 0"
        );
    }

    #[test]
    fn never_overflows() {
        for t in [i64::MIN, i64::MIN + 1, i64::MAX, i64::MAX - 1] {
            let s = cognito_timestamp(t);
            assert!(s.contains(" UTC "), "{s}");
        }
    }
}
