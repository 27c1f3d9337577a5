//! Behaviour of the generated ListDevices API: wire format, error parsing, pagination and
//! redaction, exercised through the public API only.

use cognito_identity_provider::DateTime;
use cognito_identity_provider::error::{Headers, UnhandledError, sanitize_error_code};
use cognito_identity_provider::operation::list_devices::{
    ListDevices, ListDevicesError, ListDevicesInput, ListDevicesOutput,
};
use cognito_identity_provider::protocol::{self, Operation, ResponseError};
use cognito_identity_provider::types::error::{InvalidParameterException, NotAuthorizedException};
use cognito_identity_provider::types::{AttributeType, DeviceType};
use futures::StreamExt;
use futures::executor::block_on;
use generated_tests::FakeService;
use serde_json::{Value, json};

const TOKEN: &str = "eyJraWQiOiJTRUNSRVQtTUFSS0VSIn0.secret-token-marker";

fn body_json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("request body is JSON")
}

#[test]
fn request_has_target_content_type_and_only_set_members() {
    let input = ListDevicesInput::builder().access_token(TOKEN).build();
    let req = protocol::request::<ListDevices>(&input).expect("serializes");
    assert_eq!(req.method, "POST");
    assert_eq!(req.uri, "/");
    let header = |name: &str| {
        req.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        header("X-Amz-Target"),
        Some("AWSCognitoIdentityProviderService.ListDevices")
    );
    assert_eq!(header("Content-Type"), Some("application/x-amz-json-1.1"));
    assert_eq!(
        header("Content-Length"),
        Some(req.body.len().to_string().as_str())
    );
    // Unset optional members are left out, never sent as null.
    assert_eq!(body_json(&req.body), json!({ "AccessToken": TOKEN }));
    assert_eq!(
        ListDevices::TARGET,
        "AWSCognitoIdentityProviderService.ListDevices"
    );
    const { assert!(!ListDevices::SIGNED, "ListDevices is modeled auth: []") };
}

#[test]
fn request_body_with_every_member() {
    let input = ListDevicesInput::builder()
        .access_token(TOKEN)
        .limit(25)
        .pagination_token("next-page")
        .build();
    let body = ListDevices::serialize_input(&input).expect("serializes");
    assert_eq!(
        body_json(&body),
        json!({ "AccessToken": TOKEN, "Limit": 25, "PaginationToken": "next-page" })
    );
    // `set_` setters clear as well as set.
    let cleared = ListDevicesInput::builder()
        .access_token(TOKEN)
        .limit(3)
        .set_limit(None)
        .build();
    assert_eq!(cleared.limit, None);
}

#[test]
fn response_with_devices_attributes_and_all_timestamp_forms() {
    let body = br#"{
        "Devices": [
            {"DeviceKey": "us-east-1_a", "DeviceAttributes": [{"Name": "device_name", "Value": "phone"}],
             "DeviceCreateDate": 1795671029, "DeviceLastModifiedDate": 1795671029.0,
             "DeviceLastAuthenticatedDate": 1795668862.091, "DeviceRememberedStatus": "remembered"},
            {"DeviceKey": "us-east-1_b"}
        ],
        "PaginationToken": "abc",
        "SomethingNew": {"nested": [1, 2, 3]}
    }"#;
    let out = ListDevices::deserialize_output(body).expect("parses");
    assert_eq!(out.pagination_token.as_deref(), Some("abc"));
    let devices = out.devices.expect("devices present");
    assert_eq!(devices.len(), 2);
    let d = &devices[0];
    assert_eq!(d.device_key.as_deref(), Some("us-east-1_a"));
    let attrs = d.device_attributes.as_ref().expect("attributes");
    assert_eq!(attrs[0].name, "device_name");
    assert_eq!(attrs[0].value.as_deref(), Some("phone"));
    assert_eq!(
        d.device_create_date,
        Some(DateTime::from_secs(1_795_671_029))
    );
    assert_eq!(
        d.device_last_modified_date,
        Some(DateTime::from_secs(1_795_671_029))
    );
    let last = d.device_last_authenticated_date.expect("date");
    assert_eq!(last.secs(), 1_795_668_862);
    assert_eq!(
        last.subsec_nanos(),
        91_000_000,
        "milliseconds survive exactly"
    );
    assert_eq!(last.to_millis(), Some(1_795_668_862_091));
    assert_eq!(last.to_string(), "2026-11-26T04:54:22.091Z");
    assert_eq!(devices[1].device_attributes, None);
}

#[test]
fn empty_and_null_bodies_are_empty_outputs() {
    for body in [
        &b""[..],
        b"{}",
        b"  \n",
        br#"{"Devices": null, "PaginationToken": null}"#,
    ] {
        let out = ListDevices::deserialize_output(body).expect("parses");
        assert_eq!(out, ListDevicesOutput::builder().build(), "{body:?}");
    }
}

#[test]
fn malformed_output_is_a_typed_error_that_does_not_quote_the_body() {
    for body in [
        &br#"{"Devices": [{"DeviceKey": 12}]}"#[..],
        br#"{"Devices": [{"DeviceKey": "k""#,
        b"<html>500</html>",
        br#"{"PaginationToken": "secret-token-marker"} trailing"#,
    ] {
        let err = ListDevices::deserialize_output(body).expect_err("must fail");
        let text = format!("{err} {err:?}");
        assert!(text.contains("ListDevicesOutput"), "{text}");
        assert!(!text.contains("secret-token-marker"), "{text}");
    }
    // A required member missing from a response takes its zero value (error correction).
    let out =
        ListDevices::deserialize_output(br#"{"Devices":[{"DeviceAttributes":[{"Value":"v"}]}]}"#)
            .expect("error-corrected");
    let attrs = out.devices.unwrap_or_default()[0]
        .device_attributes
        .clone()
        .unwrap_or_default();
    assert_eq!(attrs[0].name, "");
}

/// Bodies are read as text once checked to be UTF-8; one that is not is read as bytes, as
/// serde_json always did: bad bytes in a member the model does not know are skipped, bad bytes
/// in a string the model reads are an error at their position.
#[test]
fn bodies_that_are_not_utf8_are_read_as_before() {
    let valid = "{\"PaginationToken\": \"jeton \u{e9}\u{1f600}\", \"Extra\": \"\u{e9}\"}";
    let out = ListDevices::deserialize_output(valid.as_bytes()).expect("UTF-8 text");
    assert_eq!(
        out.pagination_token.as_deref(),
        Some("jeton \u{e9}\u{1f600}")
    );

    let skipped = b"{\"Extra\": \"\xff\xfe\", \"PaginationToken\": \"t\"}";
    let out = ListDevices::deserialize_output(skipped).expect("bad bytes in an unknown member");
    assert_eq!(out.pagination_token.as_deref(), Some("t"));

    let read = b"{\"PaginationToken\": \"t\xff\"}";
    let err = ListDevices::deserialize_output(read).expect_err("bad bytes in a modeled string");
    let text = err.to_string();
    assert!(
        text.contains("ListDevicesOutput") && text.contains("column"),
        "{text}"
    );
}

#[test]
fn error_code_comes_from_header_then_code_then_type() {
    let body = br#"{"__type": "com.amazonaws#InvalidParameterException", "code": "UserNotFoundException", "message": "m"}"#;
    let from_header = ListDevicesError::from_response(
        400,
        &[(
            "X-Amzn-ErrorType",
            "NotAuthorizedException:http://internal.amazon.com/",
        )],
        body,
    );
    assert!(
        matches!(from_header, ListDevicesError::NotAuthorizedException(_)),
        "{from_header:?}"
    );
    let from_code = ListDevicesError::from_response(400, &(), body);
    assert!(
        matches!(from_code, ListDevicesError::UserNotFoundException(_)),
        "{from_code:?}"
    );
    let from_type = ListDevicesError::from_response(
        400,
        &(),
        br#"{"__type": "aws.cognito#InvalidParameterException:extra", "message": "bad limit", "reasonCode": "R"}"#,
    );
    match from_type {
        ListDevicesError::InvalidParameterException(e) => {
            assert_eq!(e.message(), Some("bad limit"));
            assert_eq!(e.reason_code.as_deref(), Some("R"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn nested_type_is_not_the_code() {
    let err = ListDevicesError::from_response(
        400,
        &(),
        br#"{"message": "m", "detail": {"__type": "NotAuthorizedException"}}"#,
    );
    assert!(
        matches!(&err, ListDevicesError::Unhandled(u) if u.code().is_none()),
        "{err:?}"
    );
}

#[test]
fn sanitizing_codes() {
    let cases = [
        ("NotAuthorizedException", "NotAuthorizedException"),
        ("aws.protocoltests.restjson#FooError", "FooError"),
        (
            "FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "FooError",
        ),
        (
            "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            "FooError",
        ),
        ("", ""),
    ];
    for (raw, want) in cases {
        assert_eq!(sanitize_error_code(raw), want, "{raw}");
    }
}

#[test]
fn message_spellings_are_all_read() {
    for key in ["message", "Message", "errorMessage"] {
        let body = format!(
            r#"{{"__type": "NotAuthorizedException", "{key}": "Access Token has expired"}}"#
        );
        let err = ListDevicesError::from_response(400, &(), body.as_bytes());
        assert_eq!(err.message(), Some("Access Token has expired"), "{key}");
        assert_eq!(err.code(), Some("NotAuthorizedException"));
        assert_eq!(
            err.to_string(),
            "NotAuthorizedException: Access Token has expired"
        );
    }
}

#[test]
fn unknown_codes_keep_code_message_and_status() {
    let err = ListDevicesError::from_response(
        418,
        &vec![("x-amzn-requestid".to_string(), "req-1".to_string())],
        br#"{"__type": "BrandNewException", "message": "something new"}"#,
    );
    let ListDevicesError::Unhandled(u) = &err else {
        panic!("expected Unhandled, got {err:?}");
    };
    assert_eq!(u.code(), Some("BrandNewException"));
    assert_eq!(u.message(), Some("something new"));
    assert_eq!(u.status(), 418);
    assert_eq!(u.meta().request_id(), Some("req-1"));
    assert_eq!(
        err.to_string(),
        "BrandNewException: something new (HTTP status 418)"
    );
    let source: &dyn std::error::Error = &err;
    assert!(!source.to_string().is_empty());
}

#[test]
fn non_json_and_empty_error_bodies_are_typed_errors() {
    let html = ListDevicesError::from_response(
        500,
        &(),
        b"<html><body>Internal Server Error</body></html>",
    );
    let ListDevicesError::Unhandled(u) = &html else {
        panic!("expected Unhandled, got {html:?}");
    };
    assert_eq!((u.code(), u.message(), u.status()), (None, None, 500));
    assert!(html.is_retryable());
    assert_eq!(
        html.to_string(),
        "HTTP status 500 with a body that is not JSON"
    );
    let with_type =
        ListDevicesError::from_response(502, &[("Content-Type", "text/html")], b"<html>");
    assert_eq!(
        with_type.to_string(),
        "HTTP status 502 with a body that is not JSON (text/html)"
    );
    let empty = ListDevicesError::from_response(503, &(), b"");
    assert_eq!(empty.to_string(), "HTTP status 503 with an empty body");

    let empty = ListDevicesError::from_response(
        400,
        &[("x-amzn-errortype", "NotAuthorizedException")],
        b"",
    );
    match empty {
        ListDevicesError::NotAuthorizedException(e) => assert_eq!(e.message(), None),
        other => panic!("unexpected {other:?}"),
    }
    // A modeled code whose body has the wrong shape is not lost either.
    let wrong = ListDevicesError::from_response(
        400,
        &(),
        br#"{"__type": "InvalidParameterException", "reasonCode": 7}"#,
    );
    assert!(
        matches!(&wrong, ListDevicesError::Unhandled(u) if u.code() == Some("InvalidParameterException")),
        "{wrong:?}"
    );
}

#[test]
fn retry_classification() {
    let parse = |status, code: &str| {
        ListDevicesError::from_response(status, &(), format!(r#"{{"__type":"{code}"}}"#).as_bytes())
    };
    let throttled = parse(429, "TooManyRequestsException");
    assert!(throttled.is_throttling() && throttled.is_retryable());
    let internal = parse(500, "InternalErrorException");
    assert!(internal.is_retryable() && !internal.is_throttling());
    let auth = parse(400, "NotAuthorizedException");
    assert!(!auth.is_retryable() && !auth.is_throttling());
    let unknown_throttle = parse(400, "ThrottlingException");
    assert!(unknown_throttle.is_throttling() && unknown_throttle.is_retryable());
    let unknown_5xx = parse(503, "Whatever");
    assert!(unknown_5xx.is_retryable() && !unknown_5xx.is_throttling());
    assert!(!UnhandledError::new(Some("X"), None, 404).is_retryable());
}

#[test]
fn protocol_response_routes_status() {
    let ok =
        protocol::response::<ListDevices>(200, &(), br#"{"Devices": []}"#).expect("2xx is output");
    assert_eq!(ok.devices, Some(vec![]));
    let err =
        protocol::response::<ListDevices>(400, &(), br#"{"__type":"NotAuthorizedException"}"#)
            .expect_err("4xx is error");
    assert!(matches!(
        err,
        ResponseError::Service(ListDevicesError::NotAuthorizedException(_))
    ));
    let bad = protocol::response::<ListDevices>(200, &(), b"{").expect_err("truncated");
    assert!(matches!(bad, ResponseError::Deserialize(_)));
    let hdrs: &dyn Headers = &[("A", "b")];
    assert_eq!(hdrs.header("a"), Some("b"));
}

#[test]
fn nothing_prints_the_token() {
    let input = ListDevicesInput::builder()
        .access_token(TOKEN)
        .limit(1)
        .build();
    let builder = ListDevicesInput::builder().access_token(TOKEN);
    let request = protocol::request::<ListDevices>(&input).expect("serializes");
    let attr = AttributeType::builder()
        .name("device_name")
        .value(TOKEN)
        .build();
    let device = DeviceType::builder()
        .device_attributes(vec![attr.clone()])
        .build();
    let output = ListDevicesOutput::builder()
        .devices(vec![device.clone()])
        .build();
    let printed = [
        format!("{input:?}"),
        format!("{input:#?}"),
        format!("{builder:?}"),
        format!("{request:?}"),
        format!("{attr:?}"),
        format!("{device:?}"),
        format!("{output:?}"),
        format!("{:?}", AttributeType::builder().name("n").value(TOKEN)),
        format!("{:?}", input.clone().into_paginator()),
    ];
    for p in &printed {
        assert!(!p.contains("secret-token-marker"), "leaked: {p}");
    }
    assert!(
        printed[0].contains("access_token: *** Sensitive Data Redacted ***"),
        "{}",
        printed[0]
    );
    assert!(
        printed[0].contains("limit: Some(1)"),
        "non-sensitive members still show: {}",
        printed[0]
    );
    assert!(
        printed[4].contains("name: \"device_name\""),
        "{}",
        printed[4]
    );
    // An absent sensitive value shows as absent, a present one only as redacted.
    let no_value = AttributeType::builder().name("n").build();
    assert!(format!("{no_value:?}").contains("value: None"));
}

#[test]
fn paginator_walks_every_page_and_stops_without_token() {
    let service = FakeService::with_pages(&[&["a", "b"], &["c"], &["d", "e"]]);
    let pages: Vec<ListDevicesOutput> = block_on(
        ListDevicesInput::builder()
            .access_token(TOKEN)
            .build()
            .into_paginator()
            .page_size(2)
            .pages(|input| service.send(input))
            .map(|r| r.expect("page"))
            .collect(),
    );
    assert_eq!(pages.len(), 3);
    let sent = service.sent();
    assert_eq!(
        sent.len(),
        3,
        "one request per page, no extra request after the last"
    );
    assert_eq!(sent[0].pagination_token, None);
    assert_eq!(sent[1].pagination_token.as_deref(), Some("t1"));
    assert_eq!(sent[2].pagination_token.as_deref(), Some("t2"));
    assert!(
        sent.iter()
            .all(|i| i.limit == Some(2) && i.access_token == TOKEN)
    );
}

#[test]
fn items_stream_flattens_pages() {
    let service = FakeService::with_pages(&[&["a", "b"], &[], &["c"]]);
    let keys: Vec<String> = block_on(
        ListDevicesInput::builder()
            .access_token(TOKEN)
            .build()
            .into_paginator()
            .items(|input| service.send(input))
            .map(|r| r.expect("item").device_key.unwrap_or_default())
            .collect(),
    );
    assert_eq!(keys, ["a", "b", "c"]);
}

#[test]
fn paginator_stops_on_empty_and_repeated_tokens() {
    let empty = FakeService::with_tokens(&[Some("t1"), Some("")]);
    let n = block_on(
        ListDevicesInput::builder()
            .access_token(TOKEN)
            .build()
            .into_paginator()
            .pages(|i| empty.send(i))
            .count(),
    );
    assert_eq!(n, 2, "an empty token ends the walk");

    let repeating = FakeService::with_tokens(&[Some("t1"), Some("t2"), Some("t1"), Some("t9")]);
    let n = block_on(
        ListDevicesInput::builder()
            .access_token(TOKEN)
            .build()
            .into_paginator()
            .pages(|i| repeating.send(i))
            .count(),
    );
    assert_eq!(n, 3, "a token seen before ends the walk instead of looping");
    assert_eq!(repeating.sent().len(), 3);
}

#[test]
fn paginator_yields_the_error_then_stops() {
    let failing = FakeService::failing_after(1);
    let results: Vec<Result<ListDevicesOutput, ListDevicesError>> = block_on(
        ListDevicesInput::builder()
            .access_token(TOKEN)
            .build()
            .into_paginator()
            .pages(|i| failing.send(i))
            .collect(),
    );
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    match &results[1] {
        Err(ListDevicesError::NotAuthorizedException(e)) => {
            assert_eq!(e.message(), Some("Access Token has been revoked"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn error_structs_can_be_built_for_tests() {
    let e = NotAuthorizedException::builder().message("nope").build();
    let err = ListDevicesError::NotAuthorizedException(e);
    assert_eq!(err.code(), Some("NotAuthorizedException"));
    assert_eq!(err.message(), Some("nope"));
    let e = InvalidParameterException::builder().build();
    assert_eq!(e.to_string(), "InvalidParameterException");
}

#[test]
fn date_time_conversions() {
    let t = DateTime::from_secs_f64(1_700_000_000.123).expect("finite");
    assert_eq!(t.subsec_nanos(), 123_000_000);
    assert_eq!(
        DateTime::from_millis(-1).to_string(),
        "1969-12-31T23:59:59.999Z"
    );
    let parsed = DateTime::parse_rfc3339("2023-11-14T22:13:20.5+01:00").expect("valid");
    assert_eq!(
        parsed,
        DateTime::from_secs_and_nanos(1_699_996_400, 500_000_000).expect("in range")
    );
    assert_eq!(DateTime::parse_rfc3339("2023-13-14T22:13:20Z"), None);
    let now = std::time::SystemTime::now();
    let back = std::time::SystemTime::try_from(DateTime::from(now)).expect("in range");
    assert_eq!(back, now);
    assert_eq!(DateTime::from_secs_f64(f64::NAN), None);
}
