//! Timestamps of the generated runtime, found wrong by comparing with botocore: HTTP dates of
//! every month, epoch seconds over all of `i64` (never clamped, never a panic), fractions
//! rounded to the nearest nanosecond, and checked conversions at the edges of the range.

use cognito_identity_provider::DateTime;
use cognito_identity_provider::operation::list_devices::ListDevices;
use cognito_identity_provider::protocol::Operation;
use json_protocol::operation::kitchen_sink_operation::{
    KitchenSinkOperation, KitchenSinkOperationInput,
};
use serde_json::Value;

/// A timestamp as a service would send it: `value` is the member's raw JSON text.
fn from_json(value: &str) -> Result<DateTime, String> {
    let body = format!(r#"{{"Devices":[{{"DeviceCreateDate":{value}}}]}}"#);
    let out = ListDevices::deserialize_output(body.as_bytes()).map_err(|e| e.to_string())?;
    let devices = out.devices.ok_or("no devices")?;
    devices[0]
        .device_create_date
        .ok_or_else(|| "no date".to_string())
}

/// The request body of an input carrying `t` in each of the three formats, as text and as
/// JSON, or the error.
fn request_with(t: DateTime) -> Result<(String, Value), String> {
    let t = json_protocol::DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos())
        .ok_or("out of range")?;
    let input: KitchenSinkOperationInput = KitchenSinkOperationInput::builder()
        .timestamp(t)
        .iso8601_timestamp(t)
        .httpdate_timestamp(t)
        .build();
    let body = KitchenSinkOperation::serialize_input(&input).map_err(|e| e.to_string())?;
    let json = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    Ok((String::from_utf8(body).map_err(|e| e.to_string())?, json))
}

fn nanos(t: DateTime) -> i128 {
    i128::from(t.secs()) * 1_000_000_000 + i128::from(t.subsec_nanos())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[test]
fn http_dates_of_every_month_parse_and_round_trip() {
    // 2024 is a leap year; day 1 and the last day of each month, at a time with every field
    // non-zero.
    let last_days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for (i, name) in MONTHS.iter().enumerate() {
        let month = i + 1;
        for day in [1, last_days[i]] {
            let rfc = format!("2024-{month:02}-{day:02}T13:45:07Z");
            let t = DateTime::parse_rfc3339(&rfc).expect("valid RFC 3339");
            let http = t.to_http_date();
            assert!(
                http.contains(&format!(" {day:02} {name} 2024 13:45:07 GMT")),
                "{http}"
            );
            assert_eq!(DateTime::parse_http_date(&http), Some(t), "{http}");
            // The day name is not checked, the month's case does not matter.
            let other = format!("Xyz, {day} {} 2024 13:45:07 GMT", name.to_uppercase());
            assert_eq!(DateTime::parse_http_date(&other), Some(t), "{other}");
        }
    }
    // Weekdays, against dates whose weekday is known.
    let t = DateTime::parse_http_date("Tue, 29 Apr 2014 18:30:38 GMT").expect("valid");
    assert_eq!(t, DateTime::from_secs(1_398_796_238));
    assert_eq!(t.to_http_date(), "Tue, 29 Apr 2014 18:30:38 GMT");
    assert_eq!(
        DateTime::from_secs(0).to_http_date(),
        "Thu, 01 Jan 1970 00:00:00 GMT"
    );
    assert_eq!(
        DateTime::parse_rfc3339("2000-02-29T00:00:00Z").map(|t| t.to_http_date()),
        Some("Tue, 29 Feb 2000 00:00:00 GMT".to_string())
    );
    // Through JSON, as services send them.
    assert_eq!(
        from_json(r#""Sun, 15 Dec 2024 00:00:00 GMT""#),
        Ok(DateTime::from_secs(1_734_220_800))
    );
}

#[test]
fn malformed_http_dates_and_impossible_days_are_rejected() {
    for bad in [
        "Tue, 29 Foo 2014 18:30:38 GMT",
        "Tue, 29 Apr 14 18:30:38 GMT",
        "Tue, 29 Apr 99999999999999 18:30:38 GMT",
        "Tue, 29 Apr 2014 18:30:38 UTC",
        "Tue, 29 Apr 2014 18:30:38",
        "Tue, 29 Apr 2014 18:30:38 GMT extra",
        "Tue, 29 Apr 2014 24:00:00 GMT",
        "Tue, 29 Apr 2014 18:30 GMT",
        "Tue, 29 Apr 2014 18:30:38. GMT",
        "Tue, 29 Apr 2014 +1:30:38 GMT",
        "Tue, +9 Apr 2014 18:30:38 GMT",
        "Tue, 31 Apr 2014 18:30:38 GMT",
        "Thu, 29 Feb 2023 00:00:00 GMT",
        "29 Apr 2014 18:30:38 GMT",
    ] {
        assert_eq!(DateTime::parse_http_date(bad), None, "{bad}");
    }
    for bad in [
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2023-04-31T00:00:00Z",
        "2023-01-01T00:00:00+24:00",
        "2023-01-01T00:00:00+01:60",
        "2023-01-01T00:00:00.Z",
        "2023-01-01T00:00:61Z",
    ] {
        assert_eq!(DateTime::parse_rfc3339(bad), None, "{bad}");
    }
    assert!(DateTime::parse_rfc3339("2000-02-29T00:00:00Z").is_some());
    // A leap second is the next second.
    assert_eq!(
        DateTime::parse_rfc3339("2016-12-31T23:59:60Z"),
        DateTime::parse_rfc3339("2017-01-01T00:00:00Z")
    );
}

#[test]
fn integer_epochs_cover_all_of_i64_and_are_errors_beyond() {
    for s in [
        0,
        1,
        -1,
        9_300_000_000_000_000,
        -9_300_000_000_000_000,
        i64::MAX,
        i64::MIN,
    ] {
        assert_eq!(from_json(&s.to_string()), Ok(DateTime::from_secs(s)), "{s}");
    }
    for beyond in [
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "1e19",
        "-1e19",
        "1e999999999999999999999",
    ] {
        let err = from_json(beyond).expect_err(beyond);
        assert!(err.contains("unexpected JSON type"), "{beyond}: {err}");
    }
    for not_a_timestamp in ["true", "[1]", r#"{"a":1}"#, r#""yesterday""#] {
        assert!(from_json(not_a_timestamp).is_err(), "{not_a_timestamp}");
    }
}

#[test]
fn float_epochs_are_exact_far_from_1970_never_clamped() {
    // 9.3e12 and up used to saturate to 9.2e12 seconds.
    assert_eq!(
        from_json("9.3e12"),
        Ok(DateTime::from_secs(9_300_000_000_000))
    );
    assert_eq!(
        from_json("9300000000000000.5"),
        DateTime::from_secs_and_nanos(9_300_000_000_000_000, 500_000_000).ok_or_else(String::new)
    );
    assert_eq!(
        from_json("9.2e18"),
        Ok(DateTime::from_secs(9_200_000_000_000_000_000))
    );
    assert_eq!(
        from_json("-9.223372036854775808e18"),
        Ok(DateTime::from_secs(i64::MIN))
    );
    assert_eq!(
        from_json("9223372036854775807.999999999"),
        DateTime::from_secs_and_nanos(i64::MAX, 999_999_999).ok_or_else(String::new)
    );
    // Rounding up past the last representable nanosecond is out of range, not a wrap.
    assert!(from_json("9223372036854775807.9999999996").is_err());
    assert!(from_json("1e300").is_err() && from_json("-1e300").is_err());

    assert_eq!(
        DateTime::from_secs_f64(9.3e15),
        Some(DateTime::from_secs(9_300_000_000_000_000))
    );
    assert_eq!(
        DateTime::from_secs_f64(-9_223_372_036_854_775_808.0),
        Some(DateTime::from_secs(i64::MIN))
    );
    // The largest f64 below 2^63, exactly.
    assert_eq!(
        DateTime::from_secs_f64(9_223_372_036_854_774_784.0),
        Some(DateTime::from_secs(9_223_372_036_854_774_784))
    );
    for out in [9.3e18, -9.3e18, 1e300, f64::MAX, f64::MIN] {
        assert_eq!(DateTime::from_secs_f64(out), None, "{out}");
    }
    for special in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_eq!(DateTime::from_secs_f64(special), None);
    }
    // Subnormals and other tiny values round to the epoch, from either side.
    for tiny in [f64::MIN_POSITIVE, 5e-324, -5e-324, 4e-10, -4e-10, 0.0, -0.0] {
        assert_eq!(
            DateTime::from_secs_f64(tiny),
            Some(DateTime::UNIX_EPOCH),
            "{tiny}"
        );
    }
    assert_eq!(
        DateTime::from_secs_f64(6e-10),
        DateTime::from_secs_and_nanos(0, 1)
    );
}

#[test]
fn to_millis_is_checked_at_both_ends() {
    // Parsed fine before, then `to_millis` panicked on overflow.
    let big = from_json("9300000000000000").expect("in range");
    assert_eq!(big.to_millis(), None);
    assert_eq!(DateTime::from_secs(i64::MAX).to_millis(), None);
    assert_eq!(DateTime::from_secs(i64::MIN).to_millis(), None);
    assert_eq!(DateTime::from_millis(i64::MAX).to_millis(), Some(i64::MAX));
    // Its seconds times 1000 is below i64::MIN; its milliseconds are not.
    let min = DateTime::from_millis(i64::MIN);
    assert_eq!(min.secs().checked_mul(1000), None);
    assert_eq!(min.to_millis(), Some(i64::MIN));
    assert_eq!(DateTime::from_millis(-1).to_millis(), Some(-1));
    assert_eq!(
        DateTime::from_secs_and_nanos(-1, 999_999_999).and_then(|t| t.to_millis()),
        Some(-1)
    );
    assert_eq!(DateTime::from_secs_and_nanos(i64::MAX, 1_000_000_000), None);
    assert_eq!(
        DateTime::from_secs_and_nanos(i64::MAX - 1, 1_500_000_000),
        DateTime::from_secs_and_nanos(i64::MAX, 500_000_000)
    );
}

#[test]
fn formatting_at_the_edges_of_the_range() {
    let max = DateTime::from_secs_and_nanos(i64::MAX, 999_999_999).expect("in range");
    let min = DateTime::from_secs(i64::MIN);
    // Years no four-digit format can write get ISO 8601's expanded form.
    assert_eq!(max.to_string(), "+292277026596-12-04T15:30:07.999999999Z");
    assert_eq!(min.to_string(), "-292277022657-01-27T08:29:52Z");
    assert!(
        max.to_http_date()
            .ends_with(" Dec +292277026596 15:30:07 GMT")
    );
    assert!(
        min.to_http_date()
            .ends_with(" Jan -292277022657 08:29:52 GMT")
    );
    assert_eq!(max.as_secs_f64(), 2f64.powi(63));
    assert_eq!(min.as_secs_f64(), -(2f64.powi(63)));

    // Offsets that push the first and last four-digit years over the edge.
    let before = DateTime::parse_rfc3339("0000-01-01T00:00:00+23:59").expect("valid");
    assert_eq!(before.to_string(), "-0001-12-31T00:01:00Z");
    assert_eq!(before.secs(), -62_167_219_200 - 86_340);
    let after = DateTime::parse_rfc3339("9999-12-31T23:59:59.999999999-23:59").expect("valid");
    assert_eq!(after.to_string(), "+10000-01-01T23:58:59.999999999Z");
    let first = DateTime::parse_rfc3339("0000-01-01T00:00:00Z").expect("valid");
    assert_eq!(first.to_http_date(), "Sat, 01 Jan 0000 00:00:00 GMT");
    assert_eq!(
        DateTime::parse_http_date(&first.to_http_date()),
        Some(first)
    );

    // Requests: epoch seconds carry any time; the string formats refuse what they cannot
    // write rather than send it.
    for t in [before, after, max, min] {
        let err = request_with(t).expect_err("no RFC 3339 form");
        assert!(err.contains("KitchenSinkOperationInput"), "{err}");
    }
    let (_, body) = request_with(first).expect("four-digit year");
    assert_eq!(body["Iso8601Timestamp"], "0000-01-01T00:00:00Z");
    assert_eq!(body["Timestamp"], -62_167_219_200i64);

    // SystemTime: both directions checked.
    use std::time::{Duration, SystemTime, UNIX_EPOCH};
    if let Some(earliest) = UNIX_EPOCH.checked_sub(Duration::from_secs(1 << 63)) {
        assert_eq!(DateTime::from(earliest), min);
        assert_eq!(SystemTime::try_from(min), Ok(earliest));
    }
    let before_epoch = UNIX_EPOCH - Duration::from_nanos(1);
    assert_eq!(
        DateTime::from(before_epoch),
        DateTime::from_secs_and_nanos(-1, 999_999_999).expect("in range")
    );
    assert_eq!(
        SystemTime::try_from(DateTime::from(before_epoch)),
        Ok(before_epoch)
    );
    let _ = SystemTime::try_from(max);
}

/// The nanoseconds `text` (`[-]digits[.digits]`) stands for, rounded to the nearest, ties to
/// even: integer arithmetic on the digits, independent of the parser under test.
fn expected_nanos(text: &str) -> i128 {
    let (negative, text) = text.strip_prefix('-').map_or((false, text), |t| (true, t));
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let kept = fraction.len().min(9);
    let mut n: i128 = format!("{whole}{}", &fraction[..kept])
        .parse()
        .expect("digits");
    n *= 10i128.pow(9 - kept as u32);
    let dropped = &fraction[kept..];
    if !dropped.is_empty() {
        let rest: i128 = dropped.parse().expect("digits");
        let half = 5 * 10i128.pow(dropped.len() as u32 - 1);
        if rest > half || (rest == half && n % 2 == 1) {
            n += 1;
        }
    }
    if negative { -n } else { n }
}

#[test]
fn fractional_epochs_round_to_the_nearest_nanosecond() {
    let cases = [
        ("1.123456789", 1_123_456_789),
        ("1.1234567", 1_123_456_700),
        ("1.12345678", 1_123_456_780),
        ("1700000000.123456789", 1_700_000_000_123_456_789),
        ("1.0000000005", 1_000_000_000),
        ("1.0000000015", 1_000_000_002),
        ("1.00000000050000000001", 1_000_000_001),
        ("1.9999999995", 2_000_000_000),
        ("-1.5", -1_500_000_000),
        ("-0.0000000005", 0),
        ("-1.0000000015", -1_000_000_002),
        ("1.7e9", 1_700_000_000_000_000_000),
        ("17E+8", 1_700_000_000_000_000_000),
        ("1700000000123e-3", 1_700_000_000_123_000_000),
        ("0.0000000000000000000000000000001e22", 1),
        ("0.0000000000000000000000000001e22", 1_000),
        ("-0", 0),
    ];
    for (text, want) in cases {
        let t = from_json(text).expect(text);
        assert_eq!(nanos(t), want, "{text}");
    }
    assert!(from_json("1.").is_err() && from_json(".5").is_err() && from_json("1e").is_err());

    // A deterministic sweep of 7 to 12 fraction digits at present-day and far epochs.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..20_000 {
        let whole = match i % 3 {
            0 => 1_600_000_000 + next() % 200_000_000,
            1 => next() % 9_000_000_000_000_000_000,
            _ => next() % 10,
        };
        let digits = 7 + (next() % 6) as usize;
        let fraction = format!("{:012}", next() % 1_000_000_000_000);
        let sign = if next() % 4 == 0 { "-" } else { "" };
        let text = format!("{sign}{whole}.{}", &fraction[..digits]);
        let t = from_json(&text).expect(&text);
        assert_eq!(nanos(t), expected_nanos(&text), "{text}");
    }
}

/// The runtime reads `[-]digits[.digits]` with up to 18 integer digits in a fast pass and any
/// other number in a general one: both must give the exact, correctly rounded time, at the
/// boundary between them too, and agree on the same value spelled with an exponent.
#[test]
fn plain_and_exponent_spellings_agree_around_the_fast_path() {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..20_000 {
        // 1 to 19 integer digits (19 leaves the fast path), 0 to 20 fraction digits.
        let int_digits = 1 + (i % 19) as u32;
        let whole = match next() % 4 {
            0 => 10u64.pow(int_digits - 1),
            1 => 10u64.pow(int_digits - 1) * 10 - 1,
            _ => next() % (10u64.pow(int_digits - 1) * 9) + 10u64.pow(int_digits - 1),
        };
        let whole = if int_digits == 1 && next() % 2 == 0 {
            0
        } else {
            whole
        };
        let fraction: String = (0..next() % 21)
            .map(|_| match next() % 8 {
                0 => '5',
                1 => '9',
                2 => '0',
                _ => char::from(b'0' + (next() % 10) as u8),
            })
            .collect();
        let sign = if next() % 3 == 0 { "-" } else { "" };
        let plain = if fraction.is_empty() {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction}")
        };
        // JSON allows no leading zeros: 0.05 is 5e-2.
        let digits = format!("{whole}{fraction}");
        let digits = match digits.trim_start_matches('0') {
            "" => "0",
            trimmed => trimmed,
        };
        let exponent = format!("{sign}{digits}e-{}", fraction.len());
        let want = expected_nanos(&plain);
        let in_range = want.div_euclid(1_000_000_000) >= i128::from(i64::MIN)
            && want.div_euclid(1_000_000_000) <= i128::from(i64::MAX);
        for text in [&plain, &exponent] {
            match from_json(text) {
                Ok(t) => assert_eq!(nanos(t), want, "{text}"),
                Err(e) => assert!(!in_range, "{text}: {e}"),
            }
        }
    }
    // Past 18 digits, past i64 and malformed: the general path decides, never the fast one.
    assert_eq!(
        nanos(from_json("999999999999999999.9999999995").expect("18 digits")),
        1_000_000_000_000_000_000 * 1_000_000_000
    );
    assert_eq!(
        from_json("9223372036854775807").map(|t| t.secs()),
        Ok(i64::MAX)
    );
    assert!(from_json("9223372036854775808").is_err());
    // The parser is public: text that is no JSON number is refused by either path.
    use cognito_identity_provider::primitives::parse_epoch_seconds;
    for bad in [
        "",
        "-",
        "1.",
        ".5",
        "1.5.5",
        "1.e5",
        "1.5x",
        "12a",
        "1.2345678901a",
        "--1",
        "+1",
    ] {
        assert_eq!(parse_epoch_seconds(bad), None, "{bad:?}");
    }
    assert_eq!(parse_epoch_seconds("-0.5").map(nanos), Some(-500_000_000));
}

#[test]
fn rfc3339_fractions_round_to_the_nearest_nanosecond() {
    let at = |fraction: &str| {
        DateTime::parse_rfc3339(&format!("2023-11-14T22:13:20.{fraction}Z")).map(nanos)
    };
    // 2023-11-14T22:13:20Z is 1,700,000,000 s.
    let s = 1_700_000_000i128 * 1_000_000_000;
    assert_eq!(at("123456789"), Some(s + 123_456_789));
    assert_eq!(at("1234567894"), Some(s + 123_456_789));
    assert_eq!(at("1234567895"), Some(s + 123_456_790));
    assert_eq!(at("1234567885"), Some(s + 123_456_788));
    assert_eq!(at("12345678850001"), Some(s + 123_456_789));
    assert_eq!(at("9999999995"), Some(s + 1_000_000_000));
    assert_eq!(at("5"), Some(s + 500_000_000));
    assert_eq!(
        DateTime::parse_rfc3339("2023-12-31T23:59:59.99999999999+00:00").map(|t| t.to_string()),
        Some("2024-01-01T00:00:00Z".to_string())
    );
    assert_eq!(
        DateTime::parse_rfc3339("2023-11-14T22:13:20.123456789123Z").map(|t| t.to_string()),
        Some("2023-11-14T22:13:20.123456789Z".to_string())
    );
}

#[test]
fn from_secs_f64_reads_the_shortest_decimal() {
    let f = |v: f64| DateTime::from_secs_f64(v).map(nanos);
    assert_eq!(f(1.123456789), Some(1_123_456_789));
    // The binary value is 946845296.1229999065...; the number written is .123.
    assert_eq!(f(946_845_296.123), Some(946_845_296_123_000_000));
    assert_eq!(f(1_700_000_000.123_456), Some(1_700_000_000_123_456_000));
    assert_eq!(f(-1.5), Some(-1_500_000_000));
    // And back: the nearest f64 to the exact value.
    for v in [
        1.123456789,
        946_845_296.123,
        -1.5,
        1_700_000_000.123_456,
        0.1,
    ] {
        let t = DateTime::from_secs_f64(v).expect("in range");
        assert_eq!(t.as_secs_f64(), v, "{v}");
    }
}

#[test]
fn doubles_parse_to_the_nearest_f64() {
    // Without serde_json's `float_roundtrip` the last bit was sometimes off.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..5_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let v = f64::from_bits(x);
        if !v.is_finite() {
            continue;
        }
        for text in [format!("{v:e}"), format!("{v:.17e}")] {
            let body = format!(r#"{{"Double":{text}}}"#);
            let out = KitchenSinkOperation::deserialize_output(body.as_bytes()).expect(&text);
            let want: f64 = text.parse().expect("float");
            assert_eq!(out.double.map(f64::to_bits), Some(want.to_bits()), "{text}");
        }
    }
    let out = KitchenSinkOperation::deserialize_output(br#"{"Double":123456789.12345679}"#)
        .expect("parses");
    assert_eq!(out.double, Some(123_456_789.123_456_79));
}

#[test]
fn requests_carry_every_nanosecond() {
    let t = from_json("1700000000.123456789").expect("valid");
    let (text, body) = request_with(t).expect("serializes");
    assert!(
        text.contains(r#""Timestamp":1700000000.123456789"#),
        "{text}"
    );
    assert_eq!(body["Iso8601Timestamp"], "2023-11-14T22:13:20.123456789Z");
    assert_eq!(body["HttpdateTimestamp"], "Tue, 14 Nov 2023 22:13:20 GMT");
    let (text, _) = request_with(DateTime::from_millis(-1_500)).expect("serializes");
    assert!(text.contains(r#""Timestamp":-1.5"#), "{text}");
    let (text, _) = request_with(DateTime::from_secs(-7)).expect("serializes");
    assert!(text.contains(r#""Timestamp":-7"#), "{text}");
}
