//! The protocol a crate speaks comes from its model: awsJson1_0 and awsJson1_1 requests, and
//! `@awsQueryCompatible` (the `x-amzn-query-mode` request header, awsQuery codes from the
//! `x-amzn-query-error` response header), on crates generated from Smithy's protocol test
//! services (`tests/protocol/`).

use json_rpc_10::operation::query_incompatible_operation::{
    QueryIncompatibleOperation, QueryIncompatibleOperationError,
};
use query_compatible_json_rpc_10::client::{Credentials, SdkError};
use query_compatible_json_rpc_10::error::{Fault, UnhandledError};
use query_compatible_json_rpc_10::operation::query_compatible_operation::{
    QueryCompatibleOperation, QueryCompatibleOperationError as Error, QueryCompatibleOperationInput,
};
use query_compatible_json_rpc_10::protocol::{self, Protocol};
use query_compatible_json_rpc_10::transport::{HttpResponse, InMemoryTransport};
use query_compatible_json_rpc_10::types::error::{CustomCodeError, NoCustomCodeError};

const JSON_1_0: &str = "application/x-amz-json-1.0";

fn parse(headers: &[(&str, &str)], body: &str) -> Error {
    Error::from_response(400, &headers, body.as_bytes())
}

fn unhandled(error: &Error) -> &UnhandledError {
    match error {
        Error::Unhandled(e) => e,
        other => panic!("expected Unhandled, got {other:?}"),
    }
}

#[test]
fn the_protocol_and_its_content_type_come_from_the_model() {
    assert_eq!(protocol::PROTOCOL, Protocol::AwsJson1_0);
    assert_eq!(protocol::CONTENT_TYPE, JSON_1_0);
    const { assert!(protocol::QUERY_COMPATIBLE) };
    assert_eq!(json_rpc_10::protocol::CONTENT_TYPE, JSON_1_0);
    const { assert!(!json_rpc_10::protocol::QUERY_COMPATIBLE) };
    assert_eq!(
        cognito_identity_provider::protocol::CONTENT_TYPE,
        "application/x-amz-json-1.1"
    );
    assert_eq!(
        cognito_identity_provider::protocol::PROTOCOL.trait_id(),
        "aws.protocols#awsJson1_1"
    );
}

#[test]
fn query_compatible_requests_say_so() {
    let input = QueryCompatibleOperationInput::builder().build();
    let request = protocol::request::<QueryCompatibleOperation>(&input).expect("serializes");
    assert_eq!(
        request.headers,
        [
            ("Content-Type", JSON_1_0),
            (
                "X-Amz-Target",
                "QueryCompatibleJsonRpc10.QueryCompatibleOperation"
            ),
            ("Content-Length", "2"),
            ("x-amzn-query-mode", "true"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
    );

    let plain = json_rpc_10::operation::query_incompatible_operation::QueryIncompatibleOperationInput::builder().build();
    let request =
        json_rpc_10::protocol::request::<QueryIncompatibleOperation>(&plain).expect("serializes");
    assert!(
        request
            .headers
            .iter()
            .all(|(name, _)| !name.eq_ignore_ascii_case("x-amzn-query-mode")),
        "{:?}",
        request.headers
    );
}

#[tokio::test]
async fn the_client_sends_the_query_mode_header_and_exposes_the_query_code() {
    let transport = InMemoryTransport::new();
    transport.push_response(
        HttpResponse::new(
            400,
            r#"{"__type": "aws.protocoltests.json10#CustomCodeError", "message": "Hi"}"#,
        )
        .with_header("content-type", JSON_1_0)
        .with_header("x-amzn-query-error", "Customized;Sender"),
    );
    let client = query_compatible_json_rpc_10::Client::builder()
        .endpoint_url("http://127.0.0.1:1/")
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .transport(transport.clone())
        .build()
        .expect("valid config");
    let error = client
        .query_compatible_operation()
        .send()
        .await
        .expect_err("the canned response is an error");
    let SdkError::Service { error, status } = error else {
        panic!("expected a service error, got {error:?}");
    };
    assert_eq!(status, 400);
    assert_eq!(
        error,
        Error::CustomCodeError(CustomCodeError::builder().message("Hi").build())
    );
    assert_eq!(error.code(), Some("Customized"));
    let sent = transport.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].header("x-amzn-query-mode"), Some("true"));
    assert_eq!(sent[0].header("content-type"), Some(JSON_1_0));
}

#[test]
fn an_error_is_matched_by_its_awsquery_code_when_the_body_names_no_shape() {
    let error = parse(
        &[("x-amzn-query-error", "Customized;Sender")],
        r#"{"message": "Hi"}"#,
    );
    assert_eq!(
        error,
        Error::CustomCodeError(CustomCodeError::builder().message("Hi").build())
    );
    // An HTML body from a proxy still finds the modeled error.
    let error = parse(&[("x-amzn-query-error", "Customized;Sender")], "<html>");
    assert!(matches!(error, Error::CustomCodeError(_)), "{error:?}");
}

#[test]
fn the_shape_name_wins_over_the_query_header() {
    let error = parse(
        &[("x-amzn-query-error", "Customized;Sender")],
        r#"{"__type": "NoCustomCodeError", "message": "Hi"}"#,
    );
    assert_eq!(
        error,
        Error::NoCustomCodeError(NoCustomCodeError::builder().message("Hi").build())
    );
    // Without an awsQuery code the shape name is what callers see.
    assert_eq!(error.code(), Some("NoCustomCodeError"));
}

#[test]
fn an_unknown_query_code_is_kept_with_its_fault() {
    let error = parse(
        &[(
            "X-Amzn-Query-Error",
            "AWS.SimpleQueueService.NonExistentQueue;Sender",
        )],
        r#"{"__type": "com.amazonaws.sqs#QueueDoesNotExist", "message": "gone"}"#,
    );
    let e = unhandled(&error);
    assert_eq!(e.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(e.meta().fault(), Some(Fault::Sender));
    assert_eq!(e.message(), Some("gone"));
    assert_eq!(
        error.code(),
        Some("AWS.SimpleQueueService.NonExistentQueue")
    );
    assert_eq!(
        e.to_string(),
        "AWS.SimpleQueueService.NonExistentQueue: gone (HTTP status 400)"
    );
}

#[test]
fn the_fault_is_sender_receiver_or_unknown() {
    for (value, fault) in [
        ("AWS.Busy;Receiver", Some(Fault::Receiver)),
        ("AWS.Busy; Sender ", Some(Fault::Sender)),
        ("AWS.Busy;Somebody", None),
        ("AWS.Busy;", None),
    ] {
        let error = parse(&[("x-amzn-query-error", value)], "{}");
        let e = unhandled(&error);
        assert_eq!(e.code(), Some("AWS.Busy"), "{value:?}");
        assert_eq!(e.meta().fault(), fault, "{value:?}");
    }
}

#[test]
fn a_malformed_query_header_is_ignored() {
    for value in ["NoSemicolon", ";Sender", "  ;Receiver"] {
        let error = parse(&[("x-amzn-query-error", value)], r#"{"__type": "Other"}"#);
        let e = unhandled(&error);
        assert_eq!(e.code(), Some("Other"), "{value:?}");
        assert_eq!(e.meta().fault(), None, "{value:?}");
    }
}

#[test]
fn services_that_are_not_query_compatible_ignore_the_header() {
    let error = QueryIncompatibleOperationError::from_response(
        400,
        &[("x-amzn-query-error", "Customized;Sender")],
        br#"{"__type": "SomethingElse"}"#,
    );
    let QueryIncompatibleOperationError::Unhandled(e) = &error else {
        panic!("expected Unhandled, got {error:?}");
    };
    assert_eq!(e.code(), Some("SomethingElse"));
    assert_eq!(e.meta().fault(), None);
}
