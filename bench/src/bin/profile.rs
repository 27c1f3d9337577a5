//! Runs one of the 60-device ListDevices benchmark functions N times, for instruction counts
//! under `valgrind --tool=callgrind` (repeatable whatever the machine's load, unlike time).
//!
//! Usage: profile {deserialize|ours|sdk} N
//! Per-call cost: (Ir of N=K+M) - (Ir of N=K), divided by M; see bench/README.md.

fn main() {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let n: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let body = benches::list_devices_body(60);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut total = 0;
    match what.as_str() {
        "deserialize" => {
            for _ in 0..n {
                total += benches::ours_deserialize(std::hint::black_box(&body));
            }
        }
        "ours" => {
            let client = benches::ours_in_memory(&body);
            for _ in 0..n {
                total += rt.block_on(benches::ours_call(&client));
            }
        }
        "sdk" => {
            let client = benches::sdk_in_memory(&body);
            for _ in 0..n {
                total += rt.block_on(benches::sdk_call(&client));
            }
        }
        _ => {
            eprintln!("usage: profile {{deserialize|ours|sdk}} N");
            std::process::exit(2);
        }
    }
    assert_eq!(total, 60 * n);
}
