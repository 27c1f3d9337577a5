//! A 200 MiB streamed response read through the generated client and the default transport
//! in bounded memory: a counting allocator (this test binary's alone, and its only test, so
//! nothing else allocates meanwhile) records the peak of live heap bytes while the body is
//! read, which must stay a small fraction of the body.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use rest_json_protocol::client::Credentials;

// This test uses the server's large body only.
#[allow(dead_code)]
#[path = "streaming_support.rs"]
mod streaming_support;

use streaming_support::{Answer, pattern, server};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed to `System` unchanged; only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System::alloc`'s.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: as for `alloc`.
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const BODY: u64 = 200 * 1024 * 1024;
/// The bound: the server's and the client's buffers, a few 64 KiB chunks in flight, and the
/// runtime's own allocations, with room to spare; 1/25 of the body.
const BOUND: usize = 8 * 1024 * 1024;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_mib_response_streams_through_in_bounded_memory() {
    let server = server(Answer::Body { len: BODY }).await;
    let client = rest_json_protocol::Client::builder()
        .endpoint_url(&server.url)
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "example-secret", None))
        .build()
        .expect("client");
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut output = client.streaming_traits().send().await.expect("call");
    let (mut offset, mut digest) = (0u64, 0u64);
    while let Some(chunk) = output.blob.next_chunk().await {
        let chunk = chunk.expect("chunk");
        // Every byte checked, not only counted: sampled bytes would miss a lost chunk.
        for &b in &chunk {
            assert_eq!(b, pattern(offset), "byte {offset}");
            digest = digest.wrapping_mul(31).wrapping_add(u64::from(b));
            offset += 1;
        }
    }
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    assert_eq!(offset, BODY);
    let expected = (0..BODY).fold(0u64, |d, i| {
        d.wrapping_mul(31).wrapping_add(u64::from(pattern(i)))
    });
    assert_eq!(digest, expected);
    println!(
        "streamed {BODY} bytes; peak live heap above the start: {peak} bytes ({:.2}% of the body)",
        peak as f64 * 100.0 / BODY as f64
    );
    assert!(peak < BOUND, "peak {peak} bytes, bound {BOUND}");
}
