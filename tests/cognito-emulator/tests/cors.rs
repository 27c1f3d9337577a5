//! CORS: our layer in front of fakecloud (see `cognito_emulator::cors`), checked with raw
//! HTTP requests as a browser sends them.

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, Request};
use cognito_emulator::cors::{EXPOSED_HEADERS, MAX_AGE_SECONDS};
use cognito_emulator::{CONTENT_TYPE, DeviceConfiguration, Emulator, TARGET_PREFIX};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::json;

const PAGE: &str = "http://localhost:5173";

async fn send(
    emu: &Emulator,
    method: Method,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, HeaderMap, Bytes) {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("{}/", emu.endpoint()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    let client = Client::builder(TokioExecutor::new()).build_http();
    let response = client.request(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, body)
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

async fn post(
    emu: &Emulator,
    operation: &str,
    origin: Option<&str>,
    body: &str,
) -> (u16, HeaderMap) {
    let target = format!("{TARGET_PREFIX}.{operation}");
    let mut headers = vec![
        ("content-type", CONTENT_TYPE),
        ("x-amz-target", target.as_str()),
    ];
    if let Some(origin) = origin {
        headers.push(("origin", origin));
    }
    let (status, headers, _) = send(emu, Method::POST, &headers, body).await;
    (status, headers)
}

#[tokio::test]
async fn preflight_allows_post_and_the_requested_headers() {
    let emu = Emulator::builder().cors(true).start().await.unwrap();
    let requested = "content-type,x-amz-target,x-amz-user-agent";
    let (status, headers, body) = send(
        &emu,
        Method::OPTIONS,
        &[
            ("origin", PAGE),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", requested),
        ],
        "",
    )
    .await;
    assert_eq!(status, 204);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(PAGE));
    assert_eq!(
        header(&headers, "access-control-allow-methods"),
        Some("POST")
    );
    assert_eq!(
        header(&headers, "access-control-allow-headers"),
        Some(requested)
    );
    let max_age = MAX_AGE_SECONDS.to_string();
    assert_eq!(
        header(&headers, "access-control-max-age"),
        Some(max_age.as_str())
    );

    // Asking for no headers still allows what AWS SDKs send; no Origin gets `*`.
    let (status, headers, _) = send(&emu, Method::OPTIONS, &[], "").await;
    assert_eq!(status, 204);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    let allowed = header(&headers, "access-control-allow-headers").unwrap();
    assert!(
        allowed.contains("x-amz-target") && allowed.contains("content-type"),
        "{allowed}"
    );
}

#[tokio::test]
async fn every_answer_names_the_origin_and_exposes_the_aws_headers() {
    let emu = Emulator::start_with_devices().await.unwrap();
    let (status, headers) = post(&emu, "ListUserPools", Some(PAGE), r#"{"MaxResults":1}"#).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(PAGE));
    assert_eq!(
        header(&headers, "access-control-expose-headers"),
        Some(EXPOSED_HEADERS)
    );
    for name in [
        "x-amzn-requestid",
        "x-amzn-errortype",
        "x-amzn-errormessage",
        "date",
    ] {
        assert!(EXPOSED_HEADERS.contains(name), "{name}");
    }

    // fakecloud's errors, and the device layer's own answers.
    let (status, headers) = post(&emu, "GetUser", Some(PAGE), r#"{"AccessToken":"x"}"#).await;
    assert_eq!(status, 400);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(PAGE));
    let client = emu
        .create_pool_with_device_tracking(DeviceConfiguration::ALWAYS)
        .await
        .unwrap();
    let stale = json!({
        "ChallengeName": "DEVICE_SRP_AUTH",
        "ClientId": client.client_id,
        "Session": "not-a-session",
        "ChallengeResponses": {},
    });
    let (status, headers) = post(
        &emu,
        "RespondToAuthChallenge",
        Some(PAGE),
        &stale.to_string(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        header(&headers, "x-amz-error-code"),
        Some("NotAuthorizedException")
    );
    assert_eq!(header(&headers, "access-control-allow-origin"), Some(PAGE));
    assert!(header(&headers, "x-amzn-requestid").is_some());

    // Without Origin (not a browser), `*`.
    let (_, headers) = post(&emu, "ListUserPools", None, r#"{"MaxResults":1}"#).await;
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
}

#[tokio::test]
async fn plain_start_sends_no_cors_and_refuses_preflights() {
    let emu = Emulator::start().await.unwrap();
    let (status, headers) = post(&emu, "ListUserPools", Some(PAGE), r#"{"MaxResults":1}"#).await;
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
    // fakecloud routes a bare OPTIONS to a service it does not have.
    let (status, headers, _) = send(
        &emu,
        Method::OPTIONS,
        &[("origin", PAGE), ("access-control-request-method", "POST")],
        "",
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(header(&headers, "x-amz-error-code"), Some("UnknownService"));
}
