//! The default transport's connection pool against a loopback HTTP/1.1 server that counts
//! its connections: kept-alive connections are reused, a connection the server closed is
//! replaced without failing the call, and concurrent calls open no more connections than
//! they need.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use aws_light_runtime::transport::{HyperTransport, Transport, TransportRequest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// How the server treats a connection after answering.
#[derive(Clone, Copy)]
enum After {
    KeepAlive,
    /// Closes the socket without saying so (no `Connection: close`), as a server whose idle
    /// timeout passed does.
    SilentClose,
    /// Answers with `Connection: close`, then closes.
    AnnouncedClose,
}

struct Server {
    url: String,
    connections: Arc<AtomicUsize>,
}

async fn server(after: After) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    // One request: headers up to the blank line, then Content-Length bytes.
                    let head_end = loop {
                        if let Some(end) = find(&buffer, b"\r\n\r\n") {
                            break end + 4;
                        }
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    };
                    let head = String::from_utf8_lossy(&buffer[..head_end]).to_lowercase();
                    let length: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length:"))
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or(0);
                    while buffer.len() < head_end + length {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                    }
                    buffer.drain(..head_end + length);
                    let close = matches!(after, After::AnnouncedClose);
                    let response = format!(
                        "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n{}\r\nok",
                        if close { "connection: close\r\n" } else { "" }
                    );
                    if socket.write_all(response.as_bytes()).await.is_err() {
                        return;
                    }
                    if !matches!(after, After::KeepAlive) {
                        // Let the client see the whole response before the socket goes.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        return;
                    }
                }
            });
        }
    });
    Server { url, connections }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn request(url: &str) -> TransportRequest {
    TransportRequest {
        method: "POST",
        url: url.to_string(),
        headers: vec![("content-length".to_string(), "2".to_string())],
        body: b"{}".to_vec(),
    }
}

fn transport() -> HyperTransport {
    HyperTransport::new(Some(Duration::from_secs(2)), Some(Duration::from_secs(10)))
        .expect("transport")
}

#[tokio::test]
async fn sequential_calls_reuse_one_connection() {
    let server = server(After::KeepAlive).await;
    let transport = transport();
    for _ in 0..20 {
        let response = transport
            .send(request(&server.url), 1024)
            .await
            .expect("call");
        assert_eq!(
            (response.status, response.body.as_slice()),
            (200, &b"ok"[..])
        );
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_connection_the_server_closed_is_replaced_without_failing_the_call() {
    for after in [After::SilentClose, After::AnnouncedClose] {
        let server = server(after).await;
        let transport = transport();
        for _ in 0..10 {
            let response = transport
                .send(request(&server.url), 1024)
                .await
                .expect("call");
            assert_eq!(response.status, 200);
            // Give the close time to arrive, as between two calls of a real program.
            tokio::time::sleep(Duration::from_millis(60)).await;
        }
        assert_eq!(server.connections.load(Ordering::SeqCst), 10);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_open_at_most_one_connection_each_then_reuse_them() {
    let server = server(After::KeepAlive).await;
    let transport = Arc::new(transport());
    for _round in 0..3 {
        let calls: Vec<_> = (0..8)
            .map(|_| {
                let transport = transport.clone();
                let url = server.url.clone();
                tokio::spawn(async move { transport.send(request(&url), 1024).await })
            })
            .collect();
        for call in calls {
            assert_eq!(call.await.expect("task").expect("call").status, 200);
        }
    }
    let opened = server.connections.load(Ordering::SeqCst);
    assert!(
        (1..=8).contains(&opened),
        "{opened} connections for 8 concurrent calls"
    );
}
