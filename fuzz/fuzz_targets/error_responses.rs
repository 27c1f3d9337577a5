//! Any status, headers and body as an error response: parsing must give a typed error (with
//! printable `Display` and `Debug`), never panic. Layout: 2 bytes of status, 1 byte of header
//! count, then `name\0value\0` pairs, then the body.
#![no_main]

use cognito_identity_provider::operation::list_devices::ListDevicesError;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]);
    let mut rest = &data[3..];
    let mut headers = Vec::new();
    for _ in 0..data[2] % 4 {
        let mut parts = rest.splitn(3, |b| *b == 0);
        let (Some(name), Some(value)) = (parts.next(), parts.next()) else { break };
        headers.push((
            String::from_utf8_lossy(name).into_owned(),
            String::from_utf8_lossy(value).into_owned(),
        ));
        rest = parts.next().unwrap_or_default();
    }
    let error = ListDevicesError::from_response(status, &headers, rest);
    let _ = format!("{error} {error:?} {:?} {:?}", error.code(), error.message());
    let _ = (error.is_retryable(), error.is_throttling());
});
