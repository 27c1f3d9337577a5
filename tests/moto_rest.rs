//! restJson1 against moto (Python, from PyPI), an implementation of Lambda and EKS no one here
//! wrote: a label that must be percent-encoded (a function ARN, `:` and all), a list bound to
//! the query string (EKS's `include`), a paginator over `nextToken` (EKS; moto's Lambda
//! answers in one page), a JSON body with a blob (the function's zip) and a map (tags), and modeled
//! errors read from `X-Amzn-ErrorType` with their HTTP status.
//!
//! Lambda's `Invoke` covers the other bindings: members bound to request headers
//! (`X-Amz-Invocation-Type`, `X-Amz-Log-Type`), a blob payload sent as the raw body and read
//! back from it, the status code as an output member (`@httpResponseCode`) and an output member
//! read from a response header (`X-Amz-Function-Error`). moto runs functions in Docker unless
//! told not to; its Docker-free backend, switched on through moto's own API, answers with the
//! request's payload or with results queued beforehand, which is what makes it an oracle here.

use std::time::Duration;

use futures::TryStreamExt;
use lambda_functions::client::{Credentials, SdkError};
use lambda_functions::operation::get_function::GetFunctionError;
use lambda_functions::transport::{HyperTransport, Transport, TransportRequest};

#[path = "moto_support.rs"]
mod moto_support;

use moto_support::{Moto, start};

fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "example-secret", None)
}

/// moto's Lambda refuses a role IAM does not know. IAM speaks awsQuery, which the generator
/// does not emit yet: this one form post is written by hand (moto reads the service from the
/// credential scope and checks no signature).
async fn create_role(moto: &Moto) -> String {
    let body = "Action=CreateRole&Version=2010-05-08&RoleName=lambda-role\
                &AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D";
    let (status, text) = post_by_hand(
        moto.endpoint.clone(),
        vec![
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            (
                "authorization".to_string(),
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/iam/aws4_request, \
                 SignedHeaders=host, Signature=0"
                    .to_string(),
            ),
        ],
        body,
    )
    .await;
    assert_eq!(status, 200, "{text}");
    let arn = text
        .split("<Arn>")
        .nth(1)
        .and_then(|rest| rest.split("</Arn>").next())
        .expect("the role's ARN");
    arn.to_string()
}

/// The event every `Invoke` below sends.
const EVENT: &str = r#"{"device":"thermostat-7","reading":21.5}"#;

/// A payload as text, for failures that show it; bytes that are not UTF-8 give `None`.
fn text(payload: &Option<lambda_functions::primitives::Blob>) -> Option<&str> {
    payload
        .as_ref()
        .and_then(|p| std::str::from_utf8(p.as_bytes()).ok())
}

/// One POST through the crate's transport, for what no generated client sends: returns the
/// status and the body as text.
async fn post_by_hand(url: String, headers: Vec<(String, String)>, body: &str) -> (u16, String) {
    let transport =
        HyperTransport::new(Some(Duration::from_secs(5)), Some(Duration::from_secs(30)))
            .expect("transport");
    let request = TransportRequest {
        method: "POST",
        url,
        headers,
        body: body.as_bytes().to_vec(),
    };
    let response = transport.send(request, 1 << 20).await.expect("POST");
    (
        response.status,
        String::from_utf8_lossy(&response.body).into_owned(),
    )
}

/// A JSON request to moto's own API (`/moto-api/...`), which answers 201 when it took it.
async fn moto_api(moto: &Moto, path: &str, json: &str) {
    let (status, text) = post_by_hand(
        format!("{}moto-api/{path}", moto.endpoint),
        vec![("content-type".to_string(), "application/json".to_string())],
        json,
    )
    .await;
    assert_eq!(status, 201, "moto-api/{path}: {text}");
}

/// A zip archive holding one stored (uncompressed) file, which is all Lambda checks here.
fn zip_with(name: &str, contents: &[u8]) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let crc = crc32(contents);
    let size = u32::try_from(contents.len()).expect("small file");
    let name_len = u16::try_from(name.len()).expect("short name");
    let mut zip = Vec::new();
    let local = |zip: &mut Vec<u8>| {
        zip.extend_from_slice(&[0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        zip.extend_from_slice(&crc.to_le_bytes());
        zip.extend_from_slice(&size.to_le_bytes());
        zip.extend_from_slice(&size.to_le_bytes());
        zip.extend_from_slice(&name_len.to_le_bytes());
        zip.extend_from_slice(&0u16.to_le_bytes());
    };
    local(&mut zip);
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(contents);
    let central_offset = u32::try_from(zip.len()).expect("small zip");
    zip.extend_from_slice(&[0x50, 0x4b, 0x01, 0x02, 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    zip.extend_from_slice(&crc.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&size.to_le_bytes());
    zip.extend_from_slice(&name_len.to_le_bytes());
    zip.extend_from_slice(&[0; 12]);
    zip.extend_from_slice(&0u32.to_le_bytes());
    zip.extend_from_slice(name.as_bytes());
    let central_len = u32::try_from(zip.len()).expect("small zip") - central_offset;
    zip.extend_from_slice(&[0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 1, 0, 1, 0]);
    zip.extend_from_slice(&central_len.to_le_bytes());
    zip.extend_from_slice(&central_offset.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[tokio::test]
#[cfg_attr(
    no_python,
    ignore = "python3 not found on PATH: install Python 3 (moto is then installed by scripts/install-moto), then touch tests/build.rs"
)]
async fn lambda_functions_by_arn_with_pages_tags_and_a_modeled_error() {
    use lambda_functions::types::{FunctionCode, Runtime};

    let moto = start();
    let role = create_role(&moto).await;
    let client = lambda_functions::Client::builder()
        .endpoint_url(moto.endpoint.clone())
        .region("us-east-1")
        .credentials(credentials())
        .build()
        .expect("client");
    let zip = zip_with("handler.py", b"def handle(event, context):\n    return 1\n");
    let mut arns = Vec::new();
    for i in 1..=3 {
        let created = client
            .create_function()
            .function_name(format!("fn-{i}"))
            .role(role.clone())
            .code(FunctionCode::builder().zip_file(zip.clone()).build())
            .runtime(Runtime::Python312)
            .handler("handler.handle")
            .send()
            .await
            .expect("CreateFunction");
        arns.push(created.function_arn.expect("the function's ARN"));
    }

    // The ARN is the label: its `:`s go out as %3A, and moto finds the function by it.
    let by_arn = client
        .get_function()
        .function_name(arns[0].clone())
        .send()
        .await
        .expect("GetFunction by ARN");
    let configuration = by_arn.configuration.expect("configuration");
    assert_eq!(configuration.function_name.as_deref(), Some("fn-1"));

    client
        .tag_resource()
        .resource(arns[1].clone())
        .tags([("team".to_string(), "devices".to_string())])
        .send()
        .await
        .expect("TagResource");
    let tags = client
        .list_tags()
        .resource(arns[1].clone())
        .send()
        .await
        .expect("ListTags")
        .tags
        .expect("tags");
    assert_eq!(tags.get("team").map(String::as_str), Some("devices"));

    let pages: Vec<_> = client
        .list_functions()
        .into_paginator()
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .expect("every page");
    // moto answers ListFunctions in one page whatever MaxItems says (EKS below pages for
    // real): the paginator must stop after it, with every function.
    assert!(
        !pages.is_empty() && pages.len() <= 2,
        "{} pages",
        pages.len()
    );
    let mut names: Vec<String> = pages
        .iter()
        .flat_map(|p| p.functions.iter().flatten())
        .filter_map(|f| f.function_name.clone())
        .collect();
    names.sort();
    assert_eq!(names, ["fn-1", "fn-2", "fn-3"]);

    let missing = format!("{}-gone", arns[2]);
    let error = client
        .get_function()
        .function_name(missing)
        .send()
        .await
        .expect_err("no such function");
    match &error {
        SdkError::Service {
            error: GetFunctionError::ResourceNotFoundException(e),
            status: 404,
        } => assert!(
            e.message().is_some_and(|m| m.contains("fn-3-gone")),
            "{e:?}"
        ),
        other => panic!("unexpected {other:?}"),
    }

    client
        .delete_function()
        .function_name(arns[2].clone())
        .send()
        .await
        .expect("DeleteFunction");
    let error = client
        .get_function()
        .function_name(arns[2].clone())
        .send()
        .await
        .expect_err("deleted");
    assert!(
        matches!(
            error,
            SdkError::Service {
                error: GetFunctionError::ResourceNotFoundException(_),
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
#[cfg_attr(
    no_python,
    ignore = "python3 not found on PATH: install Python 3 (moto is then installed by scripts/install-moto), then touch tests/build.rs"
)]
async fn lambda_invoke_with_header_members_a_blob_payload_and_the_status_code() {
    use lambda_functions::operation::invoke::InvokeError;
    use lambda_functions::primitives::Blob;
    use lambda_functions::types::{FunctionCode, InvocationType, LogType, Runtime};

    let moto = start();
    let role = create_role(&moto).await;
    let client = lambda_functions::Client::builder()
        .endpoint_url(moto.endpoint.clone())
        .region("us-east-1")
        .credentials(credentials())
        .build()
        .expect("client");

    // The modeled error first: the Docker backend looks the function up before it would start
    // a container; the Docker-free one below never looks it up, and answers for any name.
    let error = client
        .invoke()
        .function_name("absent")
        .payload(Blob::from("{}"))
        .send()
        .await
        .expect_err("no such function");
    match &error {
        SdkError::Service {
            error: InvokeError::ResourceNotFoundException(e),
            status: 404,
        } => assert!(
            e.message()
                .is_some_and(|m| m.contains("Function not found") && m.contains(":absent")),
            "{e:?}"
        ),
        other => panic!("unexpected {other:?}"),
    }

    // A backend of its own: functions created before the switch are not in it.
    moto_api(&moto, "config", r#"{"lambda": {"use_docker": false}}"#).await;
    let zip = zip_with(
        "handler.py",
        b"def handle(event, context):\n    return event\n",
    );
    client
        .create_function()
        .function_name("echo")
        .role(role)
        .code(FunctionCode::builder().zip_file(zip).build())
        .runtime(Runtime::Python312)
        .handler("handler.handle")
        .send()
        .await
        .expect("CreateFunction");

    // With nothing queued, moto answers with the request's payload: the bytes went out as the
    // raw body (not base64, not wrapped in JSON) and came back into `payload`.
    let echoed = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .payload(Blob::from(EVENT))
        .send()
        .await
        .expect("Invoke");
    assert_eq!(echoed.status_code, 200);
    assert_eq!(text(&echoed.payload), Some(EVENT));
    // The Docker-free backend runs nothing, so it writes no log (`X-Amz-Log-Result`), reports
    // no version and no function error; the output must not invent them.
    assert_eq!(echoed.log_result, None);
    assert_eq!(echoed.executed_version, None);
    assert_eq!(echoed.function_error, None);

    // Echoed, a 6 MB payload would exceed moto's limit on a response: moto answers with
    // Lambda's error object instead, `X-Amz-Function-Error: Unhandled`, and still status 200.
    let big = format!("\"{}\"", "x".repeat(6_000_000));
    let too_large = client
        .invoke()
        .function_name("echo")
        .payload(Blob::from(big.as_str()))
        .send()
        .await
        .expect("Invoke with a large payload");
    assert_eq!(too_large.status_code, 200);
    assert_eq!(too_large.function_error.as_deref(), Some("Unhandled"));
    let body: serde_json::Value = serde_json::from_slice(
        too_large
            .payload
            .as_ref()
            .map(Blob::as_bytes)
            .expect("the error object"),
    )
    .expect("JSON error object");
    assert_eq!(body["errorType"], "Function.ResponseSizeTooLarge", "{body}");

    // Queued results are answered in order, whatever the request's payload.
    moto_api(
        &moto,
        "static/lambda-simple/response",
        r#"{"results": ["{\"status\":\"accepted\",\"id\":42}", "queued second", "queued third"], "region": "us-east-1"}"#,
    )
    .await;
    let first = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .payload(Blob::from(EVENT))
        .send()
        .await
        .expect("Invoke");
    assert_eq!(first.status_code, 200);
    assert_eq!(
        text(&first.payload),
        Some(r#"{"status":"accepted","id":42}"#)
    );

    // The invocation type reaches moto as `X-Amz-Invocation-Type`: it answers `Event` with
    // 202 and `DryRun` with 204. moto still sends `Event` the queued result as the body.
    let event_call = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::Event)
        .payload(Blob::from(EVENT))
        .send()
        .await
        .expect("Invoke as an event");
    assert_eq!(event_call.status_code, 202);
    assert_eq!(text(&event_call.payload), Some("queued second"));
    let dry_run = client
        .invoke()
        .function_name("echo")
        .invocation_type(InvocationType::DryRun)
        .payload(Blob::from(EVENT))
        .send()
        .await
        .expect("Invoke as a dry run");
    assert_eq!(dry_run.status_code, 204);
    // moto took the third queued result for it, but a 204 has no body (RFC 9110, 15.3.5).
    assert_eq!(text(&dry_run.payload), None);
}

#[tokio::test]
#[cfg_attr(
    no_python,
    ignore = "python3 not found on PATH: install Python 3 (moto is then installed by scripts/install-moto), then touch tests/build.rs"
)]
async fn eks_clusters_with_a_query_list_pages_and_a_modeled_error() {
    use eks_clusters::client::SdkError as EksError;
    use eks_clusters::operation::describe_cluster::DescribeClusterError;
    use eks_clusters::types::VpcConfigRequest;

    let moto = start();
    let client = eks_clusters::Client::builder()
        .endpoint_url(moto.endpoint.clone())
        .region("us-east-1")
        .credentials(eks_clusters::client::Credentials::new(
            "AKIDEXAMPLE",
            "example-secret",
            None,
        ))
        .build()
        .expect("client");
    for name in ["alpha", "beta", "gamma"] {
        let created = client
            .create_cluster()
            .name(name)
            .role_arn("arn:aws:iam::123456789012:role/eks")
            .resources_vpc_config(VpcConfigRequest::builder().build())
            .send()
            .await
            .expect("CreateCluster");
        assert_eq!(created.cluster.and_then(|c| c.name).as_deref(), Some(name));
    }
    let described = client
        .describe_cluster()
        .name("beta")
        .send()
        .await
        .expect("DescribeCluster")
        .cluster
        .expect("cluster");
    assert!(
        described
            .arn
            .as_deref()
            .is_some_and(|a| a.ends_with(":cluster/beta")),
        "{described:?}"
    );

    // `include` is a list bound to the query string: `?include=all&include=...`.
    let pages: Vec<_> = client
        .list_clusters()
        .include(vec!["all".to_string()])
        .into_paginator()
        .page_size(2)
        .pages()
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(pages.len(), 2, "three clusters at two per page");
    let mut names: Vec<String> = pages
        .iter()
        .flat_map(|p| p.clusters.iter().flatten())
        .cloned()
        .collect();
    names.sort();
    assert_eq!(names, ["alpha", "beta", "gamma"]);

    let error = client
        .describe_cluster()
        .name("nope")
        .send()
        .await
        .expect_err("no such cluster");
    match &error {
        EksError::Service {
            error: DescribeClusterError::ResourceNotFoundException(e),
            status: 404,
        } => assert!(e.message().is_some_and(|m| m.contains("nope")), "{e:?}"),
        other => panic!("unexpected {other:?}"),
    }
}
