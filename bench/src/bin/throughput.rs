//! Throughput of ListDevices calls through one client, ours vs the official SDK (issue 11).
//!
//! A canned HTTP/1.1 server on loopback (hyper, keep-alive) answers every ListDevices with the
//! same 60-device body. For each concurrency level, 20,000 calls go through one client of
//! each side, ours then the SDK's or the other way round (the order alternates per level),
//! after a warm-up that opens the connections. Each client runs in a child process of its own
//! (this binary re-executed with `--client`), so its peak RSS (`VmHWM`) is its own; the server
//! runs on a thread of the parent, the same for both.
//!
//! Usage: throughput [--requests N] [--levels 1,16,128]
//!        throughput --serve-only SECONDS   (the server alone, to profile a client by hand:
//!        throughput --client ours|sdk --port P --concurrency C --requests N)

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one client may take for all its calls before it gives up.
const CLIENT_LIMIT: Duration = Duration::from_secs(300);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = if args.first().map(String::as_str) == Some("--client") {
        client_main(&args[1..])
    } else {
        parent_main(&args)
    };
    if let Err(e) = result {
        eprintln!("throughput: {e}");
        std::process::exit(1);
    }
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

// ---- parent: server and table ---------------------------------------------------------------

fn parent_main(args: &[String]) -> Result<(), String> {
    let requests: usize = flag(args, "--requests")
        .unwrap_or("20000")
        .parse()
        .map_err(|e| format!("--requests: {e}"))?;
    let levels: Vec<usize> = flag(args, "--levels")
        .unwrap_or("1,16,128")
        .split(',')
        .map(|l| l.parse().map_err(|e| format!("--levels: {e}")))
        .collect::<Result<_, _>>()?;
    let port = start_server()?;
    if let Some(seconds) = flag(args, "--serve-only") {
        // For profiling one client by hand: `throughput --client ours --port P ...` under
        // valgrind, the server outside it.
        let seconds: u64 = seconds.parse().map_err(|e| format!("--serve-only: {e}"))?;
        println!("serving on 127.0.0.1:{port} for {seconds} s");
        std::thread::sleep(Duration::from_secs(seconds));
        return Ok(());
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    println!(
        "throughput of ListDevices (60 devices, {} B body), {requests} calls per client and level",
        benches::list_devices_body(60).len()
    );
    println!(
        "date {}, {} cores, load average before: {}",
        cognito_identity_provider::DateTime::from(std::time::SystemTime::now()),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let mut rows = Vec::new();
    for (i, &concurrency) in levels.iter().enumerate() {
        let order: [&str; 2] = if i % 2 == 0 {
            ["ours", "sdk"]
        } else {
            ["sdk", "ours"]
        };
        for side in order {
            let output = Command::new(&exe)
                .args(["--client", side, "--port", &port.to_string()])
                .args([
                    "--concurrency",
                    &concurrency.to_string(),
                    "--requests",
                    &requests.to_string(),
                ])
                .output()
                .map_err(|e| format!("starting the {side} client: {e}"))?;
            let stdout = String::from_utf8_lossy(&output.stdout);
            if !output.status.success() {
                return Err(format!(
                    "{side} client at concurrency {concurrency} failed: {}{}",
                    stdout,
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            let row: Row = stdout
                .lines()
                .find_map(Row::parse)
                .ok_or_else(|| format!("{side} client printed no result: {stdout}"))?;
            eprintln!("{}", row.line());
            rows.push(row);
        }
    }
    println!("load average after: {}", load_average());
    println!();
    println!(
        "| concurrency | client | requests/s | p50 latency | p99 latency | peak RSS (VmHWM) | RSS before the client |"
    );
    println!("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
    for row in &rows {
        println!(
            "| {} | {} | {:.0} | {:.0} us | {:.0} us | {:.1} MiB | {:.1} MiB |",
            row.concurrency,
            if row.side == "ours" { "ours" } else { "SDK" },
            row.rps,
            row.p50_us,
            row.p99_us,
            row.hwm_kib as f64 / 1024.0,
            row.rss_start_kib as f64 / 1024.0
        );
    }
    println!();
    for &concurrency in &levels {
        let find = |side: &str| {
            rows.iter()
                .find(|r| r.side == side && r.concurrency == concurrency)
        };
        if let (Some(o), Some(s)) = (find("ours"), find("sdk")) {
            println!(
                "concurrency {concurrency}: ours/SDK throughput {:.2}x, peak RSS {:.2}x",
                o.rps / s.rps,
                o.hwm_kib as f64 / s.hwm_kib as f64
            );
        }
    }
    Ok(())
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// One client's figures, as the child prints them on one line.
struct Row {
    side: String,
    concurrency: usize,
    rps: f64,
    p50_us: f64,
    p99_us: f64,
    rss_start_kib: u64,
    hwm_kib: u64,
}

impl Row {
    fn line(&self) -> String {
        format!(
            "RESULT {} {} {:.1} {:.1} {:.1} {} {}",
            self.side,
            self.concurrency,
            self.rps,
            self.p50_us,
            self.p99_us,
            self.rss_start_kib,
            self.hwm_kib
        )
    }

    fn parse(line: &str) -> Option<Row> {
        let mut f = line.strip_prefix("RESULT ")?.split_whitespace();
        Some(Row {
            side: f.next()?.to_string(),
            concurrency: f.next()?.parse().ok()?,
            rps: f.next()?.parse().ok()?,
            p50_us: f.next()?.parse().ok()?,
            p99_us: f.next()?.parse().ok()?,
            rss_start_kib: f.next()?.parse().ok()?,
            hwm_kib: f.next()?.parse().ok()?,
        })
    }
}

/// The canned server on 127.0.0.1, on a thread of its own with its own runtime; returns its
/// port. It answers ListDevices with the 60-device body and anything else with a 400.
fn start_server() -> Result<u16, String> {
    let body = bytes::Bytes::from(benches::list_devices_body(60));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = match tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => return drop(tx.send(Err(e.to_string()))),
        };
        rt.block_on(async move {
            let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
                Ok(l) => l,
                Err(e) => return drop(tx.send(Err(e.to_string()))),
            };
            let _ = tx.send(
                listener
                    .local_addr()
                    .map(|a| a.port())
                    .map_err(|e| e.to_string()),
            );
            while let Ok((stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                let body = body.clone();
                tokio::spawn(async move {
                    let service =
                        hyper::service::service_fn(move |request| answer(request, body.clone()));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(true)
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
    });
    rx.recv().map_err(|e| e.to_string())?
}

async fn answer(
    request: http::Request<hyper::body::Incoming>,
    body: bytes::Bytes,
) -> Result<http::Response<http_body_util::Full<bytes::Bytes>>, std::convert::Infallible> {
    use http_body_util::BodyExt;
    let list_devices = request
        .headers()
        .get("x-amz-target")
        .is_some_and(|t| t == "AWSCognitoIdentityProviderService.ListDevices");
    // The request body is read whole, as a server would, so the connection can be reused.
    let read = request.into_body().collect().await.is_ok();
    let response = if list_devices && read {
        http::Response::builder()
            .status(200)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amzn-requestid", "b1a5e2c3-0000-4000-8000-000000000000")
            .body(http_body_util::Full::new(body))
    } else {
        http::Response::builder()
            .status(400)
            .header("content-type", "application/x-amz-json-1.1")
            .body(http_body_util::Full::new(bytes::Bytes::from_static(
                br#"{"__type":"InvalidParameterException","message":"not ListDevices"}"#,
            )))
    };
    Ok(response.unwrap_or_default())
}

// ---- child: one client ----------------------------------------------------------------------

fn client_main(args: &[String]) -> Result<(), String> {
    let side = args.first().ok_or("--client needs ours or sdk")?.clone();
    let port: u16 = flag(args, "--port")
        .ok_or("--port")?
        .parse()
        .map_err(|e| format!("--port: {e}"))?;
    let concurrency: usize = flag(args, "--concurrency")
        .ok_or("--concurrency")?
        .parse()
        .map_err(|e| format!("--concurrency: {e}"))?;
    let requests: usize = flag(args, "--requests")
        .ok_or("--requests")?
        .parse()
        .map_err(|e| format!("--requests: {e}"))?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let rss_start_kib = status_kib("VmRSS")?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let latencies = match side.as_str() {
        "ours" => {
            let client = cognito_identity_provider::Client::builder()
                .endpoint_url(&endpoint)
                .build()
                .map_err(|e| e.to_string())?;
            rt.block_on(drive(concurrency, requests, move || {
                let client = client.clone();
                async move { benches::ours_call(&client).await }
            }))?
        }
        "sdk" => {
            let config = aws_sdk_cognitoidentityprovider::Config::builder()
                .behavior_version(
                    aws_sdk_cognitoidentityprovider::config::BehaviorVersion::latest(),
                )
                .region(aws_sdk_cognitoidentityprovider::config::Region::new(
                    "us-east-1",
                ))
                .endpoint_url(&endpoint)
                .build();
            let client = aws_sdk_cognitoidentityprovider::Client::from_conf(config);
            rt.block_on(drive(concurrency, requests, move || {
                let client = client.clone();
                async move { benches::sdk_call(&client).await }
            }))?
        }
        other => return Err(format!("unknown client {other}")),
    };
    let (elapsed, mut micros) = latencies;
    micros.sort_unstable();
    let percentile = |p: f64| micros[((micros.len() - 1) as f64 * p).round() as usize] as f64;
    let row = Row {
        side,
        concurrency,
        rps: requests as f64 / elapsed.as_secs_f64(),
        p50_us: percentile(0.50),
        p99_us: percentile(0.99),
        rss_start_kib,
        hwm_kib: status_kib("VmHWM")?,
    };
    println!("{}", row.line());
    Ok(())
}

/// `requests` calls from `concurrency` tasks sharing one client, after a warm-up of as many
/// calls as there are tasks times four (unmeasured: it opens the connections). Returns the
/// measured wall time and each call's latency in microseconds.
async fn drive<F, Fut>(
    concurrency: usize,
    requests: usize,
    call: F,
) -> Result<(Duration, Vec<u64>), String>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = usize> + Send + 'static,
{
    let call = Arc::new(call);
    let run = |total: usize| {
        let call = call.clone();
        async move {
            let next = Arc::new(AtomicUsize::new(0));
            let tasks: Vec<_> = (0..concurrency)
                .map(|_| {
                    let (call, next) = (call.clone(), next.clone());
                    tokio::spawn(async move {
                        let mut micros = Vec::with_capacity(total / concurrency + 1);
                        while next.fetch_add(1, Ordering::Relaxed) < total {
                            let start = Instant::now();
                            let devices = call().await;
                            micros.push(start.elapsed().as_micros() as u64);
                            if devices != 60 {
                                return Err(format!("{devices} devices, not 60"));
                            }
                        }
                        Ok(micros)
                    })
                })
                .collect();
            let mut all = Vec::with_capacity(total);
            for task in tasks {
                all.extend(task.await.map_err(|e| e.to_string())??);
            }
            Ok::<_, String>(all)
        }
    };
    let work = async {
        run(concurrency * 4).await?;
        let start = Instant::now();
        let micros = run(requests).await?;
        Ok((start.elapsed(), micros))
    };
    tokio::time::timeout(CLIENT_LIMIT, work)
        .await
        .map_err(|_| format!("not done within {CLIENT_LIMIT:?}"))?
}

/// A `/proc/self/status` figure in KiB (`VmRSS`, `VmHWM`).
fn status_kib(field: &str) -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status").map_err(|e| e.to_string())?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| format!("no {field} in /proc/self/status"))
}
