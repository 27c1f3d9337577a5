//! ListDevices responses of 60 devices, ours vs the official SDK, in one run.
//!
//! The SDK's deserializer is private (`ListDevicesResponseDeserializer` is not exported), so
//! the comparison that matters is the whole call on a canned HTTP response: build the
//! request, "send" it to an in-memory HTTP client, read the response into `ListDevicesOutput`.
//! Ours is also measured on the deserializer alone.

use std::future::Future;
use std::pin::Pin;

use benches::list_devices_body;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// Our transport trait, answering every request with the same response.
struct Fixed(Vec<u8>);

impl cognito_identity_provider::transport::Transport for Fixed {
    fn send(
        &self,
        _request: cognito_identity_provider::transport::TransportRequest,
        _max_body: usize,
    ) -> cognito_identity_provider::transport::TransportFuture<'_> {
        let response = cognito_identity_provider::transport::HttpResponse::new(200, self.0.clone());
        Box::pin(std::future::ready(Ok(response)))
    }
}

fn block_on<F: Future>(rt: &tokio::runtime::Runtime, f: F) -> F::Output {
    rt.block_on(f)
}

fn bench(c: &mut Criterion) {
    let body = list_devices_body(60);
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let mut group = c.benchmark_group("list_devices_60");
    group.throughput(Throughput::Bytes(body.len() as u64));

    group.bench_function("ours/deserialize_output", |b| {
        use cognito_identity_provider::protocol::Operation;
        b.iter(|| {
            let out = cognito_identity_provider::operation::list_devices::ListDevices::deserialize_output(
                std::hint::black_box(&body),
            )
            .expect("parses");
            assert_eq!(out.devices.as_ref().map(Vec::len), Some(60));
            out
        });
    });

    let ours = cognito_identity_provider::Client::builder()
        .endpoint_url("http://localhost/")
        .transport(Fixed(body.clone()))
        .build()
        .expect("client");
    group.bench_function("ours/call", |b| {
        b.iter(|| {
            let out = block_on(&rt, ours.list_devices().access_token("token").send()).expect("call");
            assert_eq!(out.devices.as_ref().map(Vec::len), Some(60));
            out
        });
    });

    let canned = body.clone();
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |_request| {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.1")
            .body(aws_smithy_types::body::SdkBody::from(canned.clone()))
            .expect("response")
    });
    let config = aws_sdk_cognitoidentityprovider::Config::builder()
        .behavior_version(aws_sdk_cognitoidentityprovider::config::BehaviorVersion::latest())
        .region(aws_sdk_cognitoidentityprovider::config::Region::new("us-east-1"))
        .http_client(http)
        .build();
    let sdk = aws_sdk_cognitoidentityprovider::Client::from_conf(config);
    group.bench_function("sdk/call", |b| {
        b.iter(|| {
            let fut: Pin<Box<dyn Future<Output = _>>> =
                Box::pin(sdk.list_devices().access_token("token").send());
            let out = block_on(&rt, fut).expect("call");
            assert_eq!(out.devices().len(), 60);
            out
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
