//! One ListDevices call whose response holds 60 devices (with attributes), ours vs the
//! official SDK, in one run:
//!
//! - `ours/deserialize_output`: our deserializer alone, body to `ListDevicesOutput`;
//! - `ours/call` and `sdk/call`: the whole call through the public client on an in-memory
//!   HTTP response: build the input, serialize and "send" the request, copy the canned body
//!   (as a transport reading it owns it), read it into the output, drop the output.
//!
//! The SDK's deserializer is private (`ListDevicesResponseDeserializer` is not exported), so
//! its side is the whole call only. `bench/run-criterion.sh` runs this several times and
//! prints the spread of each figure and of the SDK/ours ratio.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let body = benches::list_devices_body(60);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("list_devices_60");
    group.throughput(Throughput::Bytes(body.len() as u64));

    group.bench_function("ours/deserialize_output", |b| {
        b.iter(|| assert_eq!(benches::ours_deserialize(std::hint::black_box(&body)), 60));
    });

    let ours = benches::ours_in_memory(&body);
    group.bench_function("ours/call", |b| {
        b.iter(|| assert_eq!(rt.block_on(benches::ours_call(&ours)), 60));
    });

    let sdk = benches::sdk_in_memory(&body);
    group.bench_function("sdk/call", |b| {
        b.iter(|| assert_eq!(rt.block_on(benches::sdk_call(&sdk)), 60));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
