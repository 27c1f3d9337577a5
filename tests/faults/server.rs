//! A ListDevices server on loopback that misbehaves on purpose: one plain listener and one
//! TLS listener (a self-signed certificate made at start, whose handshake it stalls), both
//! answering each request with the next fault of a seeded sequence. It writes HTTP/1.1 by
//! hand, since a well-behaved HTTP library would not send a wrong `Content-Length`. It
//! records which faults it injected for which call (the call's number is its access token),
//! so the test can check every outcome against what the server actually did.

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_rustls::rustls;

/// What the server does with one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fault {
    /// 200 with a small ListDevices body naming the call.
    Success,
    /// Reads the request, then resets the connection (`SO_LINGER` 0) without answering.
    ResetBeforeResponse,
    /// Sends the head and half the body, then resets.
    ResetMidBody,
    /// Sends the head and half the body, then waits longer than the client's timeout.
    StallMidBody,
    /// Announces the whole body, sends half, and closes cleanly.
    TruncatedBody,
    /// 200 with a valid body larger than the client's `max_response_bytes`.
    OversizedBody,
    /// 200 whose `Content-Length` is shorter than the body it sends.
    ShortContentLength,
    /// 503 with a JSON error body.
    Unavailable,
    /// 400 `TooManyRequestsException`; these come in storms.
    Throttled,
}

impl Fault {
    /// Every fault, in tally order.
    pub const ALL: [Fault; 9] = [
        Fault::Success,
        Fault::ResetBeforeResponse,
        Fault::ResetMidBody,
        Fault::StallMidBody,
        Fault::TruncatedBody,
        Fault::OversizedBody,
        Fault::ShortContentLength,
        Fault::Unavailable,
        Fault::Throttled,
    ];

    /// A short name for the tally.
    pub fn name(self) -> &'static str {
        match self {
            Fault::Success => "success",
            Fault::ResetBeforeResponse => "reset before response",
            Fault::ResetMidBody => "reset mid-body",
            Fault::StallMidBody => "stall mid-body",
            Fault::TruncatedBody => "truncated body",
            Fault::OversizedBody => "oversized body",
            Fault::ShortContentLength => "short content-length",
            Fault::Unavailable => "503",
            Fault::Throttled => "throttled",
        }
    }

    fn index(self) -> usize {
        Fault::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// Per mille of requests that draw each fault when no storm is raging. A throttle starts a
/// storm: it and the next few requests are all throttled, whichever calls they belong to.
const WEIGHTS: [(Fault, u64); 9] = [
    (Fault::Success, 600),
    (Fault::ResetBeforeResponse, 60),
    (Fault::ResetMidBody, 50),
    (Fault::StallMidBody, 12),
    (Fault::TruncatedBody, 50),
    (Fault::OversizedBody, 30),
    (Fault::ShortContentLength, 40),
    (Fault::Unavailable, 150),
    (Fault::Throttled, 8),
];

/// Requests in a storm, the one that starts it included.
const STORM: std::ops::RangeInclusive<u64> = 8..=24;

/// How long a stalled response waits: beyond the client's 2 s attempt timeout.
pub const STALL: Duration = Duration::from_secs(3);

/// The longest TLS handshake stall: past the client's 1 s connect timeout, which covers
/// the TCP connection only, and inside the 2 s attempt timeout, so that a slow handshake
/// slows a call down but is not what fails it.
pub const MAX_HANDSHAKE_STALL: Duration = Duration::from_millis(1200);

/// xorshift64*: a seeded, dependency-free sequence; the faults need to be reproducible, not
/// unpredictable.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        XorShift(seed | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The faults of the first `len` requests, in the order the server receives them.
fn fault_schedule(seed: u64, len: usize) -> Vec<Fault> {
    let mut rng = XorShift::new(seed);
    let total: u64 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let mut pick = rng.below(total);
        let fault = WEIGHTS
            .iter()
            .find(|(_, w)| {
                let hit = pick < *w;
                pick = pick.saturating_sub(*w);
                hit
            })
            .map_or(Fault::Success, |(f, _)| *f);
        if fault == Fault::Throttled {
            let storm = STORM.start() + rng.below(STORM.end() - STORM.start() + 1);
            out.extend(std::iter::repeat_n(Fault::Throttled, storm as usize));
        } else {
            out.push(fault);
        }
    }
    out.truncate(len);
    out
}

/// How long each TLS connection's handshake is held back, in accept order: none for some,
/// up to [`MAX_HANDSHAKE_STALL`] for most.
fn handshake_schedule(seed: u64, len: usize) -> Vec<Duration> {
    let mut rng = XorShift::new(seed ^ 0x7115);
    let most = MAX_HANDSHAKE_STALL.as_millis() as u64;
    (0..len)
        .map(|_| match rng.below(10) {
            0..=2 => Duration::ZERO,
            _ => Duration::from_millis(150 + rng.below(most - 150 + 1)),
        })
        .collect()
}

/// What the server saw.
#[derive(Debug, Default)]
pub struct Record {
    /// The faults injected for each call, in the order its attempts arrived.
    pub calls: HashMap<u32, Vec<Fault>>,
    /// Requests per fault, indexed like [`Fault::ALL`].
    pub faults: [usize; 9],
    /// Requests that were not a ListDevices call the test made (wrong path, target, body).
    pub malformed: usize,
    /// Requests the server could not read, and why.
    pub unreadable: Vec<String>,
    /// Connections accepted by the plain and the TLS listener.
    pub plain_connections: usize,
    /// See `plain_connections`.
    pub tls_connections: usize,
    /// How long the server held back each TLS handshake it stalled.
    pub handshake_stalls: Vec<Duration>,
    /// TLS handshakes that failed (the client gave up, or rejected the certificate).
    pub failed_handshakes: usize,
}

impl Record {
    /// Requests the server received.
    pub fn requests(&self) -> usize {
        self.faults.iter().sum()
    }
}

struct State {
    schedule: Vec<Fault>,
    handshakes: Vec<Duration>,
    next_request: AtomicUsize,
    next_tls: AtomicUsize,
    record: Mutex<Record>,
    ok_body_prefix: &'static str,
    oversized: Vec<u8>,
}

impl State {
    fn record(&self) -> std::sync::MutexGuard<'_, Record> {
        // Counters stay meaningful after a panic elsewhere: take them anyway.
        self.record.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn next_fault(&self, call: u32) -> Fault {
        let n = self.next_request.fetch_add(1, Ordering::Relaxed);
        let fault = self.schedule[n % self.schedule.len()];
        let mut record = self.record();
        record.faults[fault.index()] += 1;
        record.calls.entry(call).or_default().push(fault);
        fault
    }
}

/// The running server. [`stop`](Self::stop) ends every task it started.
pub struct FaultServer {
    /// `http://127.0.0.1:PORT/`.
    pub plain_url: String,
    /// `https://127.0.0.1:PORT/`.
    pub tls_url: String,
    /// The TLS listener's certificate, which the client must trust.
    pub cert_pem: String,
    state: Arc<State>,
    listeners: JoinSet<()>,
}

impl FaultServer {
    /// Binds both listeners on `127.0.0.1:0` and starts serving.
    pub async fn start(seed: u64) -> io::Result<FaultServer> {
        let certified = rcgen::generate_simple_self_signed(vec![
            "127.0.0.1".to_string(),
            "localhost".to_string(),
        ])
        .map_err(io::Error::other)?;
        let key =
            rustls::pki_types::PrivateKeyDer::Pkcs8(certified.key_pair.serialize_der().into());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls_config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(io::Error::other)?
            .with_no_client_auth()
            .with_single_cert(vec![certified.cert.der().clone()], key)
            .map_err(io::Error::other)?;
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(tls_config));

        let mut oversized = br#"{"Devices":["#.to_vec();
        let mut i = 0u32;
        while oversized.len() < 96 * 1024 {
            if i > 0 {
                oversized.push(b',');
            }
            oversized.extend_from_slice(format!(r#"{{"DeviceKey":"padding-{i:06}"}}"#).as_bytes());
            i += 1;
        }
        oversized.extend_from_slice(b"]}");

        let state = Arc::new(State {
            schedule: fault_schedule(seed, 1 << 15),
            handshakes: handshake_schedule(seed, 1 << 12),
            next_request: AtomicUsize::new(0),
            next_tls: AtomicUsize::new(0),
            record: Mutex::new(Record::default()),
            ok_body_prefix: r#"{"Devices":[{"DeviceAttributes":[{"Name":"device_name","Value":"phone"}],"DeviceCreateDate":1.7956737E9,"DeviceKey":""#,
            oversized,
        });
        let plain = TcpListener::bind("127.0.0.1:0").await?;
        let tls = TcpListener::bind("127.0.0.1:0").await?;
        let plain_url = format!("http://{}/", plain.local_addr()?);
        let tls_url = format!("https://{}/", tls.local_addr()?);
        let mut listeners = JoinSet::new();
        listeners.spawn(accept_loop(plain, None, state.clone()));
        listeners.spawn(accept_loop(tls, Some(acceptor), state.clone()));
        Ok(FaultServer {
            plain_url,
            tls_url,
            cert_pem: certified.cert.pem(),
            state,
            listeners,
        })
    }

    /// What the server has seen so far.
    pub fn take_record(&self) -> Record {
        std::mem::take(&mut *self.state.record())
    }

    /// Stops both listeners and every connection task (stalled ones included), and waits
    /// for the listeners to end.
    pub async fn stop(mut self) {
        // A listener's task owns its connections' JoinSet: ending it aborts them all.
        self.listeners.shutdown().await;
    }
}

async fn accept_loop(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else {
                    // Out of descriptors, most likely: let connections finish first.
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                };
                let _ = tcp.set_nodelay(true);
                let state = state.clone();
                match &tls {
                    None => {
                        state.record().plain_connections += 1;
                        connections.spawn(serve(tcp, state));
                    }
                    Some(acceptor) => {
                        let acceptor = acceptor.clone();
                        connections.spawn(async move {
                            let n = state.next_tls.fetch_add(1, Ordering::Relaxed);
                            let stall = state.handshakes[n % state.handshakes.len()];
                            {
                                let mut record = state.record();
                                record.tls_connections += 1;
                                if !stall.is_zero() {
                                    record.handshake_stalls.push(stall);
                                }
                            }
                            // The ClientHello waits in the socket meanwhile.
                            tokio::time::sleep(stall).await;
                            match acceptor.accept(tcp).await {
                                Ok(stream) => serve(stream, state).await,
                                Err(_) => state.record().failed_handshakes += 1,
                            }
                        });
                    }
                }
            }
            // Reaps finished connections so that the set holds only live ones.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// A connection the server can reset: the TCP socket under it.
trait Wire: AsyncRead + AsyncWrite + Unpin + Send {
    fn tcp(&self) -> &TcpStream;
}

impl Wire for TcpStream {
    fn tcp(&self) -> &TcpStream {
        self
    }
}

impl Wire for tokio_rustls::server::TlsStream<TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref().0
    }
}

/// One ListDevices request, as far as the server cares.
struct Request {
    call: Option<u32>,
    list_devices: bool,
}

const MAX_HEAD: usize = 16 * 1024;
const MAX_BODY: usize = 64 * 1024;

/// Reads one request; `Ok(None)` when the client closed the connection between requests,
/// an error saying what went wrong otherwise.
async fn read_request(wire: &mut impl Wire, buf: &mut Vec<u8>) -> Result<Option<Request>, String> {
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buf.len() > MAX_HEAD {
            return Err("head too long".into());
        }
        match wire.read(&mut chunk).await {
            // Between requests the client may close, or reset a connection it gave up on
            // with bytes unread.
            Ok(0) | Err(_) if buf.is_empty() => return Ok(None),
            Ok(0) => return Err(format!("EOF after {} bytes of head", buf.len())),
            Err(e) => return Err(format!("reading head after {} bytes: {e}", buf.len())),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
            .map(str::trim)
            .map(str::to_string)
    };
    let length: usize = header("content-length")
        .and_then(|v| v.parse().ok())
        .ok_or("no content-length")?;
    if length > MAX_BODY {
        return Err("body too long".into());
    }
    let list_devices = head.starts_with("post / http/1.1\r\n")
        && header("x-amz-target").as_deref()
            == Some("awscognitoidentityproviderservice.listdevices");
    while buf.len() < head_end + length {
        match wire.read(&mut chunk).await {
            Ok(0) => return Err("EOF in the body".into()),
            Err(e) => return Err(format!("reading body: {e}")),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body: Vec<u8> = buf.drain(..head_end + length).skip(head_end).collect();
    Ok(Some(Request {
        call: call_id(&body),
        list_devices,
    }))
}

/// The call number in `{"AccessToken":"call-N"}`, the body the test's calls send.
pub fn call_id(body: &[u8]) -> Option<u32> {
    let body = std::str::from_utf8(body).ok()?;
    let rest = body.split_once(r#""AccessToken":"call-"#)?.1;
    rest.split_once('"')?.0.parse().ok()
}

fn head(status: &str, length: usize, close: bool) -> Vec<u8> {
    let connection = if close { "connection: close\r\n" } else { "" };
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/x-amz-json-1.1\r\ncontent-length: {length}\r\n{connection}\r\n"
    )
    .into_bytes()
}

/// Writes `parts` and flushes; false if the client has gone.
async fn send(wire: &mut impl Wire, parts: &[&[u8]]) -> bool {
    for part in parts {
        if wire.write_all(part).await.is_err() {
            return false;
        }
    }
    wire.flush().await.is_ok()
}

/// Resets the connection: with a zero linger, closing sends RST instead of FIN.
fn reset(wire: impl Wire) {
    let _ = wire.tcp().set_zero_linger();
    drop(wire);
}

async fn serve(mut wire: impl Wire, state: Arc<State>) {
    let mut buf = Vec::new();
    loop {
        let request = match read_request(&mut wire, &mut buf).await {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(why) => {
                state.record().unreadable.push(why);
                return;
            }
        };
        let (Some(call), true) = (request.call, request.list_devices) else {
            state.record().malformed += 1;
            let body = br#"{"__type":"UnknownOperationException"}"#;
            let _ = send(
                &mut wire,
                &[&head("400 Bad Request", body.len(), true), body],
            )
            .await;
            return;
        };
        let ok = format!(r#"{}call-{call}"}}]}}"#, state.ok_body_prefix).into_bytes();
        let half = &ok[..ok.len() / 2];
        match state.next_fault(call) {
            Fault::Success => {
                if !send(&mut wire, &[&head("200 OK", ok.len(), false), &ok]).await {
                    return;
                }
            }
            Fault::ResetBeforeResponse => return reset(wire),
            Fault::ResetMidBody => {
                let _ = send(&mut wire, &[&head("200 OK", ok.len(), false), half]).await;
                // Gives the client time to read the head, so the reset lands mid-body.
                tokio::time::sleep(Duration::from_millis(5)).await;
                return reset(wire);
            }
            Fault::StallMidBody => {
                let _ = send(&mut wire, &[&head("200 OK", ok.len(), false), half]).await;
                tokio::time::sleep(STALL).await;
                return;
            }
            Fault::TruncatedBody => {
                let _ = send(&mut wire, &[&head("200 OK", ok.len(), false), half]).await;
                let _ = wire.shutdown().await;
                return;
            }
            Fault::OversizedBody => {
                // The response is well framed, so the connection stays open: the client may
                // have read all of it before it gave up on the size and then reuse the
                // connection. Closing it here would race that reuse, and the next call's
                // request would meet a reset this fault was not injected into.
                let body = &state.oversized;
                if !send(&mut wire, &[&head("200 OK", body.len(), false), body]).await {
                    return;
                }
            }
            Fault::ShortContentLength => {
                // `connection: close`, or the bytes past the announced length would be read
                // as the next response on this connection, and fail a call this fault was
                // not injected into.
                let short = ok.len() - 12;
                let _ = send(&mut wire, &[&head("200 OK", short, true), &ok]).await;
                let _ = wire.shutdown().await;
                return;
            }
            Fault::Unavailable => {
                let body =
                    br#"{"__type":"ServiceUnavailable","message":"the fault server is resting"}"#;
                if !send(
                    &mut wire,
                    &[&head("503 Service Unavailable", body.len(), false), body],
                )
                .await
                {
                    return;
                }
            }
            Fault::Throttled => {
                let body = br#"{"__type":"TooManyRequestsException","message":"Rate exceeded"}"#;
                if !send(
                    &mut wire,
                    &[&head("400 Bad Request", body.len(), false), body],
                )
                .await
                {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_is_reproducible_and_has_every_fault_and_storms() {
        let a = fault_schedule(7, 20_000);
        assert_eq!(a, fault_schedule(7, 20_000));
        assert_ne!(a, fault_schedule(8, 20_000));
        for fault in Fault::ALL {
            assert!(a.contains(&fault), "{fault:?} never drawn");
        }
        let longest_storm = a
            .chunk_by(|x, y| x == y && *x == Fault::Throttled)
            .filter(|run| run[0] == Fault::Throttled)
            .map(<[Fault]>::len)
            .max();
        assert!(
            longest_storm >= Some(*STORM.start() as usize),
            "{longest_storm:?}"
        );
    }

    #[test]
    fn call_ids_come_from_the_access_token() {
        assert_eq!(call_id(br#"{"AccessToken":"call-4711"}"#), Some(4711));
        assert_eq!(call_id(br#"{"AccessToken":"other"}"#), None);
        assert_eq!(call_id(b"\xff"), None);
    }
}
