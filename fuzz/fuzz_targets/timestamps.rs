//! Any bytes as a timestamp: as RFC 3339 and HTTP-date text, as the raw JSON value of an
//! epoch-seconds member, and (the first 8 bytes) as an `f64` of seconds. Each gives a
//! `DateTime` or a typed error, never a panic (overflow checks are on), and every `DateTime`
//! formats, converts and round-trips where its format can hold it.
#![no_main]

use cognito_identity_provider::DateTime;
use cognito_identity_provider::operation::list_devices::ListDevices;
use cognito_identity_provider::protocol::Operation;
use libfuzzer_sys::fuzz_target;

/// The timestamp of a ListDevices response whose one device has `value` (raw JSON) as its date.
fn from_json(value: &[u8]) -> Option<DateTime> {
    let mut body = br#"{"Devices":[{"DeviceCreateDate":"#.to_vec();
    body.extend_from_slice(value);
    body.extend_from_slice(b"}]}");
    ListDevices::deserialize_output(&body).ok()?.devices?.first()?.device_create_date
}

fn exercise(t: DateTime) {
    let shown = t.to_string();
    let http = t.to_http_date();
    let _ = (t.to_millis(), std::time::SystemTime::try_from(t));
    if let Some(back) = DateTime::parse_rfc3339(&shown) {
        assert_eq!(back, t, "{shown}");
    }
    if let Some(back) = DateTime::parse_http_date(&http) {
        assert_eq!(back.secs(), t.secs(), "{http}");
    }
    let _ = DateTime::from_secs_f64(t.as_secs_f64());
    // Its exact epoch seconds, sent back as JSON, read back the same.
    let nanos = i128::from(t.secs()) * 1_000_000_000 + i128::from(t.subsec_nanos());
    let sign = if nanos < 0 { "-" } else { "" };
    let (whole, fraction) = (nanos.unsigned_abs() / 1_000_000_000, nanos.unsigned_abs() % 1_000_000_000);
    let text = format!("{sign}{whole}.{fraction:09}");
    assert_eq!(from_json(text.as_bytes()), Some(t), "{text}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for t in [DateTime::parse_rfc3339(text), DateTime::parse_http_date(text)].into_iter().flatten() {
            exercise(t);
        }
    }
    if let Some(t) = from_json(data) {
        exercise(t);
    }
    if let Some(bytes) = data.first_chunk::<8>()
        && let Some(t) = DateTime::from_secs_f64(f64::from_le_bytes(*bytes))
    {
        exercise(t);
    }
});
