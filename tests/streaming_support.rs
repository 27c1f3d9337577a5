//! A loopback HTTP/1.1 server for the streaming tests: it reads each request whole (headers,
//! then `Content-Length` bytes), records it, and answers with what the test chose, writing a
//! large body in chunks as it goes so that neither side holds it whole.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server answers.
#[derive(Clone)]
pub enum Answer {
    /// `200`, the `X-Foo` header, and `len` bytes of [`pattern`] as the body.
    Body { len: u64 },
    /// An error status with a JSON error body.
    Error {
        status: u16,
        code: &'static str,
        message: &'static str,
    },
}

/// A request as the server read it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub head: String,
    pub body: Vec<u8>,
}

pub struct Server {
    pub url: String,
    pub connections: Arc<Mutex<usize>>,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

/// The byte at `offset` of every body the server sends: not a repeated block, so a chunk
/// delivered twice or out of place is caught.
pub fn pattern(offset: u64) -> u8 {
    (offset.wrapping_mul(2_654_435_761) >> 13) as u8
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

pub async fn server(answer: Answer) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(Mutex::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (count, log) = (connections.clone(), seen.clone());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            *count.lock().unwrap() += 1;
            let (answer, log) = (answer.clone(), log.clone());
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = vec![0u8; 64 * 1024];
                loop {
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
                    let body = buffer[head_end..head_end + length].to_vec();
                    buffer.drain(..head_end + length);
                    log.lock().unwrap().push(Seen { head, body });
                    let written = match &answer {
                        Answer::Body { len } => write_body(&mut socket, *len).await,
                        Answer::Error {
                            status,
                            code,
                            message,
                        } => {
                            let body = format!(r#"{{"message":"{message}"}}"#);
                            let head = format!(
                                "HTTP/1.1 {status} Error\r\nX-Amzn-Errortype: {code}\r\n\
                                 Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                                body.len()
                            );
                            socket.write_all(head.as_bytes()).await
                        }
                    };
                    if written.is_err() {
                        return;
                    }
                }
            });
        }
    });
    Server {
        url,
        connections,
        seen,
    }
}

async fn write_body(socket: &mut tokio::net::TcpStream, len: u64) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nX-Foo: Foo\r\nContent-Type: application/octet-stream\r\n\
         Content-Length: {len}\r\n\r\n"
    );
    socket.write_all(head.as_bytes()).await?;
    let mut offset = 0u64;
    let mut chunk = Vec::with_capacity(64 * 1024);
    while offset < len {
        chunk.clear();
        let n = (len - offset).min(64 * 1024);
        chunk.extend((offset..offset + n).map(pattern));
        socket.write_all(&chunk).await?;
        offset += n;
    }
    Ok(())
}
