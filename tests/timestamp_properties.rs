//! Properties of timestamps over their whole input range: every `i64` of epoch seconds, every
//! `i64` of milliseconds, any seconds and nanoseconds, and any `f64` (huge, tiny, negative,
//! subnormal, NaN, infinite) either give a `DateTime` whose accessors, `Display`,
//! `to_millis`, HTTP-date and RFC 3339 forms never panic and round-trip where the format can
//! hold the value, or a typed error (`None`, a `DeserializeError`, a `SerializeError`).
//!
//! `CASES` cases per property, five properties; `PROPTEST_CASES` overrides the count.

use cognito_identity_provider::DateTime;
use cognito_identity_provider::operation::list_devices::ListDevices;
use cognito_identity_provider::protocol::Operation;
use json_protocol::operation::kitchen_sink_operation::{
    KitchenSinkOperation, KitchenSinkOperationInput,
};
use proptest::prelude::*;

const CASES: u32 = 10_000;

/// 2^63 as an f64: the first value past `i64` seconds.
const LIMIT: f64 = 9_223_372_036_854_775_808.0;

/// The first and last seconds of years 0000 and 9999, the years RFC 3339 and HTTP dates write.
const FIRST_FOUR_DIGIT: i64 = -62_167_219_200;
const LAST_FOUR_DIGIT: i64 = 253_402_300_799;

fn nanos(t: DateTime) -> i128 {
    i128::from(t.secs()) * 1_000_000_000 + i128::from(t.subsec_nanos())
}

/// The member's raw JSON text as a response's timestamp.
fn from_json(value: &str) -> Result<DateTime, String> {
    let body = format!(r#"{{"Devices":[{{"DeviceCreateDate":{value}}}]}}"#);
    let out = ListDevices::deserialize_output(body.as_bytes()).map_err(|e| e.to_string())?;
    let devices = out.devices.ok_or("no devices")?;
    devices[0]
        .device_create_date
        .ok_or_else(|| "no date".to_string())
}

/// Everything a `DateTime` offers, checked against exact arithmetic.
fn check(t: DateTime) -> Result<(), TestCaseError> {
    prop_assert!(t.subsec_nanos() < 1_000_000_000);
    let exact = nanos(t);

    let millis = exact.div_euclid(1_000_000);
    prop_assert_eq!(t.to_millis(), i64::try_from(millis).ok());

    let shown = t.to_string();
    let http = t.to_http_date();
    let whole = DateTime::from_secs(t.secs());
    if (FIRST_FOUR_DIGIT..=LAST_FOUR_DIGIT).contains(&t.secs()) {
        prop_assert_eq!(DateTime::parse_rfc3339(&shown), Some(t), "{}", shown);
        prop_assert_eq!(DateTime::parse_http_date(&http), Some(whole), "{}", http);
    } else {
        prop_assert!(shown.starts_with(['+', '-']), "{}", shown);
        prop_assert_eq!(DateTime::parse_rfc3339(&shown), None);
        prop_assert_eq!(DateTime::parse_http_date(&http), None);
    }

    // The nearest f64, and back.
    let f = t.as_secs_f64();
    prop_assert!(f.is_finite());
    let decimal = match (t.secs() < 0, t.subsec_nanos()) {
        // -2 s + 0.5 s is -1.5 s.
        (true, n) if n > 0 => format!("{}{:09}", t.secs().unsigned_abs() - 1, 1_000_000_000 - n),
        (_, n) => format!("{}{n:09}", t.secs().unsigned_abs()),
    };
    let significant = decimal.trim_start_matches('0').trim_end_matches('0').len();
    // A whole f64 is read as the integer it holds, so a whole time round-trips when the f64
    // holds it; one with a fraction when its decimal has at most 15 significant digits.
    let exact_f64 = if f.fract() == 0.0 {
        f as i128 * 1_000_000_000 == exact
    } else {
        significant <= 15
    };
    match DateTime::from_secs_f64(f) {
        Some(back) if exact_f64 => prop_assert_eq!(back, t),
        Some(back) => {
            // Off by at most the f64's rounding of the value (2^-52 relative), plus a nanosecond.
            let bound = (exact.unsigned_abs() >> 52) + 1;
            prop_assert!(
                (nanos(back) - exact).unsigned_abs() <= bound,
                "{:?} {:?}",
                t,
                back
            );
        }
        None => prop_assert!(!(-LIMIT..LIMIT).contains(&f), "{:?}", t),
    }

    // Sent and read back through a generated request and response: epoch seconds always
    // exact, the string formats where their four-digit years can write the value.
    let jt = json_protocol::DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos())
        .ok_or_else(|| TestCaseError::fail("in range"))?;
    let epoch_only = KitchenSinkOperationInput::builder().timestamp(jt).build();
    let body = KitchenSinkOperation::serialize_input(&epoch_only)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let out = KitchenSinkOperation::deserialize_output(&body)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(out.timestamp, Some(jt));
    let text = String::from_utf8_lossy(&body).into_owned();
    let raw = text
        .trim_start_matches(r#"{"Timestamp":"#)
        .trim_end_matches('}');
    prop_assert_eq!(from_json(raw), Ok(t), "{}", raw);

    let strings = KitchenSinkOperationInput::builder()
        .iso8601_timestamp(jt)
        .httpdate_timestamp(jt)
        .build();
    match KitchenSinkOperation::serialize_input(&strings) {
        Ok(body) => {
            let out = KitchenSinkOperation::deserialize_output(&body)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(out.iso8601_timestamp, Some(jt));
            prop_assert_eq!(out.httpdate_timestamp.map(|h| h.secs()), Some(t.secs()));
        }
        Err(_) => prop_assert!(!(FIRST_FOUR_DIGIT..=LAST_FOUR_DIGIT).contains(&t.secs())),
    }

    if let Ok(system) = std::time::SystemTime::try_from(t) {
        prop_assert_eq!(DateTime::from(system), t);
    }
    Ok(())
}

/// Seconds over all of `i64`, weighted towards the edges and the years services use.
fn seconds() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => any::<i64>(),
        3 => FIRST_FOUR_DIGIT - 100_000..LAST_FOUR_DIGIT + 100_000,
        1 => i64::MAX - 1_000..=i64::MAX,
        1 => i64::MIN..=i64::MIN + 1_000,
        1 => -9_300_000_000_000_000i64..9_300_000_000_000_000,
    ]
}

/// Floats of every class, plus the ranges where epochs live and where `i64` ends.
fn floats() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => any::<u64>().prop_map(f64::from_bits),
        2 => proptest::num::f64::ANY,
        2 => 0.0..4e9f64,
        1 => -4e9..0.0f64,
        1 => 9.0e18..9.4e18f64,
        1 => -9.4e18..-9.0e18f64,
        1 => -1e-6..1e-6f64,
        1 => prop::sample::select(vec![
            f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MAX, f64::MIN,
            f64::MIN_POSITIVE, -f64::MIN_POSITIVE, 5e-324, -5e-324, 0.0, -0.0,
            LIMIT, -LIMIT, 9_223_372_036_854_774_784.0, 4.5e15, 9.3e12,
        ]),
    ]
}

proptest! {
    // No failure files: the minimal failing input is printed, and this package has no lib.rs
    // for proptest to put them beside.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_i64_of_epoch_seconds(s in seconds()) {
        let t = DateTime::from_secs(s);
        prop_assert_eq!((t.secs(), t.subsec_nanos()), (s, 0));
        prop_assert_eq!(from_json(&s.to_string()), Ok(t));
        prop_assert_eq!(from_json(&format!("{s}.0")), Ok(t));
        prop_assert_eq!(t.as_secs_f64(), s as f64);
        check(t)?;
    }

    #[test]
    fn every_i64_of_milliseconds(m in prop_oneof![any::<i64>(), -10_000_000_000_000i64..10_000_000_000_000]) {
        let t = DateTime::from_millis(m);
        prop_assert_eq!(t.to_millis(), Some(m));
        prop_assert_eq!(nanos(t), i128::from(m) * 1_000_000);
        let sign = if m < 0 { "-" } else { "" };
        let text = format!("{sign}{}.{:03}", m.unsigned_abs() / 1000, m.unsigned_abs() % 1000);
        prop_assert_eq!(from_json(&text), Ok(t), "{}", text);
        check(t)?;
    }

    #[test]
    fn any_seconds_and_nanoseconds(s in seconds(), n in 0u32..1_000_000_000) {
        let t = DateTime::from_secs_and_nanos(s, n).ok_or_else(|| TestCaseError::fail("in range"))?;
        prop_assert_eq!((t.secs(), t.subsec_nanos()), (s, n));
        check(t)?;
    }

    #[test]
    fn any_f64(v in floats()) {
        let in_range = v.is_finite() && (-LIMIT..LIMIT).contains(&v);
        let t = DateTime::from_secs_f64(v);
        prop_assert_eq!(t.is_some(), in_range, "{:e}", v);
        if let Some(t) = t {
            if v.fract() == 0.0 {
                prop_assert_eq!(nanos(t), v as i128 * 1_000_000_000);
            } else {
                // The shortest decimal is within half an ulp of v, the nanosecond within half a
                // nanosecond of it.
                let ulp = f64::from_bits(v.abs().to_bits() + 1) - v.abs();
                prop_assert!((t.as_secs_f64() - v).abs() <= 2.0 * ulp + 1e-9, "{:e} {:?}", v, t);
                // Sent as JSON in the same digits, the same time.
                prop_assert_eq!(from_json(&format!("{v:e}")), Ok(t), "{:e}", v);
            }
            check(t)?;
        }
        if v.is_finite() {
            // As a double member: the nearest f64 to the text, to the bit.
            let body = format!(r#"{{"Double":{v:e}}}"#);
            let out = KitchenSinkOperation::deserialize_output(body.as_bytes())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(out.double.map(f64::to_bits), Some(v.to_bits()));
            if v.abs() > 9.3e18 {
                let text = format!("{v:e}");
                prop_assert!(from_json(&text).is_err(), "{}", text);
            }
        }
    }

    #[test]
    fn timestamp_like_strings_parse_or_are_rejected(
        text in "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,14})?([Zz]|[+-][0-9]{2}:[0-9]{2})",
        http in "[A-Z][a-z]{2}, [0-9]{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Foo) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,12})? GMT",
    ) {
        if let Some(t) = DateTime::parse_rfc3339(&text) {
            prop_assert_eq!(from_json(&format!("{text:?}")), Ok(t));
            check(t)?;
        }
        if let Some(t) = DateTime::parse_http_date(&http) {
            prop_assert_eq!(from_json(&format!("{http:?}")), Ok(t));
            check(t)?;
        }
    }
}
