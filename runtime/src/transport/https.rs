//! The default transport (feature `hyper`): HTTP/1.1 over hyper's connection API and rustls
//! (the *ring* provider, so no minute-long `aws-lc-sys` build), trusting the operating
//! system's roots, with a small connection pool of its own.
//!
//! Why not hyper-util's client and hyper-rustls: together they bring `futures-util`,
//! `futures-channel`, `tower-service` and `tracing` into every build, for a pool, a proxy
//! layer and HTTP/2 negotiation this client does not use. What is used of hyper-util is its
//! tokio I/O adapter.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::{HttpResponse, StreamingFuture, StreamingResponse, Transport, TransportError};
use super::{TransportErrorKind, TransportFuture, TransportRequest, error_chain, is_tls_failure};
use crate::primitives::ByteStream;

type Sender = SendRequest<Full<Bytes>>;

/// How long an unused connection is kept. Services close idle connections after about a
/// minute; one closed meanwhile is noticed before a request is written on it.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// Unused connections kept per host, at most: enough for a burst at a program's usual
/// concurrency, bounded so a spike does not keep hundreds of sockets open.
const MAX_IDLE_PER_HOST: usize = 128;

/// The default transport: HTTP/1.1 over rustls, with a pool of kept-alive connections per
/// host that every clone shares.
#[derive(Clone)]
pub struct HyperTransport {
    inner: Arc<Inner>,
}

struct Inner {
    tls: TlsConnector,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    idle: Mutex<HashMap<Key, Vec<Idle>>>,
}

/// Where a connection goes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Key {
    tls: bool,
    /// As the URL writes it (an IPv6 address in brackets).
    host: String,
    port: u16,
}

struct Idle {
    sender: Sender,
    since: Instant,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let idle: usize = self.inner.idle_map().values().map(Vec::len).sum();
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("timeout", &self.inner.timeout)
            .field("idle_connections", &idle)
            .finish()
    }
}

impl HyperTransport {
    /// A transport with these timeouts (`None`: no limit). The connect timeout covers
    /// resolving the host and the TCP connection; the other, each whole exchange (for a
    /// streaming response, until its head arrives).
    pub fn new(
        connect_timeout: Option<Duration>,
        timeout: Option<Duration>,
    ) -> Result<Self, TransportError> {
        install_ring();
        let native = rustls_native_certs::load_native_certs();
        let mut roots = rustls::RootCertStore::empty();
        roots.add_parsable_certificates(native.certs);
        if roots.is_empty() {
            let why = native.errors.first().map_or_else(
                || "the system store is empty".to_string(),
                |e| e.to_string(),
            );
            return Err(TransportError::new(
                TransportErrorKind::Other,
                format!("no TLS root certificates: {why}"),
            ));
        }
        Ok(Self::with_roots(roots, connect_timeout, timeout))
    }

    /// Like [`new`](Self::new), and also trusts the certificates of `pem` (one or more PEM
    /// `CERTIFICATE` blocks; other blocks are skipped) as roots besides the operating
    /// system's: a private CA, a TLS-inspecting proxy, a test server's self-signed
    /// certificate. Fails if `pem` holds no certificate or one that does not parse.
    pub fn with_root_certificates(
        connect_timeout: Option<Duration>,
        timeout: Option<Duration>,
        pem: &[u8],
    ) -> Result<Self, TransportError> {
        use rustls::pki_types::{CertificateDer, pem::PemObject};
        let invalid = |what: String| TransportError::new(TransportErrorKind::Other, what);
        install_ring();
        let mut roots = rustls::RootCertStore::empty();
        // Unlike `new`, an empty or unreadable system store is not an error here: the
        // caller's roots may be the only ones it needs.
        roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
        let mut given = false;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| invalid(format!("root certificate PEM: {e}")))?;
            roots
                .add(cert)
                .map_err(|e| invalid(format!("root certificate: {e}")))?;
            given = true;
        }
        if !given {
            return Err(invalid(
                "no CERTIFICATE block in the root certificate PEM".into(),
            ));
        }
        Ok(Self::with_roots(roots, connect_timeout, timeout))
    }

    fn with_roots(
        roots: rustls::RootCertStore,
        connect_timeout: Option<Duration>,
        timeout: Option<Duration>,
    ) -> Self {
        let mut config = rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        HyperTransport {
            inner: Arc::new(Inner {
                tls: TlsConnector::from(Arc::new(config)),
                connect_timeout,
                timeout,
                idle: Mutex::new(HashMap::new()),
            }),
        }
    }
}

/// The ring provider is installed process-wide unless the application chose one.
fn install_ring() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

impl Inner {
    fn idle_map(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Vec<Idle>>> {
        // The map holds no invariant a panic elsewhere could break.
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The most recently used open connection to `key`, if one is kept.
    fn checkout(&self, key: &Key) -> Option<Sender> {
        let mut idle = self.idle_map();
        let kept = idle.get_mut(key)?;
        while let Some(entry) = kept.pop() {
            if !entry.sender.is_closed() && entry.since.elapsed() < IDLE_TIMEOUT {
                return Some(entry.sender);
            }
        }
        None
    }

    fn checkin(&self, key: Key, sender: Sender) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self.idle_map();
        let kept = idle.entry(key).or_default();
        kept.retain(|entry| !entry.sender.is_closed() && entry.since.elapsed() < IDLE_TIMEOUT);
        if kept.len() < MAX_IDLE_PER_HOST {
            kept.push(Idle {
                sender,
                since: Instant::now(),
            });
        }
    }

    async fn connect(&self, key: &Key) -> Result<Sender, TransportError> {
        let host = key.host.trim_start_matches('[').trim_end_matches(']');
        let tcp = TcpStream::connect((host, key.port));
        let tcp = match self.connect_timeout {
            Some(limit) => tokio::time::timeout(limit, tcp).await.map_err(|_| {
                TransportError::new(
                    TransportErrorKind::Connect,
                    format!(
                        "no connection to {}:{} within {limit:?}",
                        key.host, key.port
                    ),
                )
            })?,
            None => tcp.await,
        }
        .map_err(|e| {
            TransportError::new(
                TransportErrorKind::Connect,
                format!("cannot connect to {}:{}: {e}", key.host, key.port),
            )
        })?;
        // Requests are written whole: waiting to coalesce their packets only adds latency.
        let _ = tcp.set_nodelay(true);
        if !key.tls {
            return handshake(TokioIo::new(tcp)).await;
        }
        let name = ServerName::try_from(host.to_string()).map_err(|e| {
            TransportError::new(
                TransportErrorKind::Other,
                format!("`{host}` is not a TLS server name: {e}"),
            )
        })?;
        let tls = self.tls.connect(name, tcp).await.map_err(|e| {
            // A certificate rustls does not trust fails the same way every time: not
            // retried. A connection broken during the handshake is (a connect error).
            let kind = if is_tls_failure(&e) {
                TransportErrorKind::Other
            } else {
                TransportErrorKind::Connect
            };
            TransportError::new(
                kind,
                format!("TLS handshake with {host}: {}", error_chain(&e)),
            )
        })?;
        handshake(TokioIo::new(tls)).await
    }

    /// Sends `request` and waits for the response's head, on a kept connection when one is
    /// open. The connection is the caller's to give back once the body is read.
    async fn head(
        &self,
        request: TransportRequest,
    ) -> Result<(Key, Sender, http::Response<Incoming>), TransportError> {
        let invalid = |what: String| TransportError::new(TransportErrorKind::Other, what);
        let uri: http::Uri = request
            .url
            .parse()
            .map_err(|e| invalid(format!("invalid URL: {e}")))?;
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(invalid("the URL is neither https nor http".to_string())),
        };
        let host = uri
            .host()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| invalid("the URL has no host".to_string()))?;
        let default_port = if tls { 443 } else { 80 };
        let port = uri.port_u16().unwrap_or(default_port);
        let authority = if port == default_port {
            host.to_string()
        } else {
            format!("{host}:{port}")
        };
        let key = Key {
            tls,
            host: host.to_string(),
            port,
        };
        let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
        let body = Bytes::from(request.body);
        let build = || {
            let mut builder = http::Request::builder()
                .method(request.method)
                .uri(target.as_str())
                .header(http::header::HOST, authority.as_str());
            for (name, value) in &request.headers {
                builder = builder.header(name.as_str(), value.as_str());
            }
            builder
                .body(Full::new(body.clone()))
                .map_err(|e| invalid(e.to_string()))
        };

        // A kept connection may have been closed by the server since its last use; a request
        // it could not take at all goes out once more on a new connection.
        let mut reused = self.checkout(&key);
        loop {
            let was_reused = reused.is_some();
            let mut sender = match reused.take() {
                Some(mut sender) => match sender.ready().await {
                    Ok(()) => sender,
                    Err(_) => self.connect(&key).await?,
                },
                None => self.connect(&key).await?,
            };
            match sender.try_send_request(build()?).await {
                Ok(response) => return Ok((key, sender, response)),
                Err(e) if was_reused && e.message().is_some() => {
                    reused = self.checkout(&key);
                }
                Err(e) => {
                    // hyper's messages name the failure, never headers or body.
                    return Err(TransportError::new(
                        TransportErrorKind::Io,
                        error_chain(e.error()),
                    ));
                }
            }
        }
    }

    async fn exchange(
        &self,
        request: TransportRequest,
        max_body: usize,
    ) -> Result<HttpResponse, TransportError> {
        let (key, sender, response) = self.head(request).await?;
        let status = response.status().as_u16();
        let headers = header_list(&response);
        let body = Limited::new(response.into_body(), max_body)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<http_body_util::LengthLimitError>() {
                    TransportError::new(
                        TransportErrorKind::BodyTooLarge,
                        format!("more than the limit of {max_body} bytes"),
                    )
                } else {
                    TransportError::new(TransportErrorKind::Io, error_chain(e.as_ref()))
                }
            })?
            .to_bytes();
        // Read to its end, the response leaves the connection free for another request.
        self.checkin(key, sender);
        Ok(HttpResponse {
            status,
            headers,
            body: Vec::from(body),
        })
    }
}

fn header_list(response: &http::Response<Incoming>) -> Vec<(String, String)> {
    response
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect()
}

/// A response body read frame by frame as the caller polls it. Read to its end, it gives its
/// connection back to the pool; dropped before, it takes the connection down with it (what
/// is left of the body would otherwise have to be read first).
struct BodyStream {
    body: Incoming,
    /// The pool and the connection to give back at the end.
    connection: Option<(Arc<Inner>, Key, Sender)>,
}

impl futures_core::Stream for BodyStream {
    type Item = std::io::Result<Vec<u8>>;

    fn poll_next(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use hyper::body::Body as _;
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            return match std::pin::Pin::new(&mut this.body).poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) if data.is_empty() => continue,
                    Ok(data) => Poll::Ready(Some(Ok(Vec::from(data)))),
                    // Trailers carry nothing the operation reads.
                    Err(_) => continue,
                },
                Poll::Ready(Some(Err(e))) => {
                    this.connection = None;
                    Poll::Ready(Some(Err(std::io::Error::other(error_chain(&e)))))
                }
                Poll::Ready(None) => {
                    if let Some((pool, key, sender)) = this.connection.take() {
                        pool.checkin(key, sender);
                    }
                    Poll::Ready(None)
                }
            };
        }
    }
}

/// Starts HTTP/1.1 on `io`, its connection driven by a task of its own until it closes.
async fn handshake<T>(io: T) -> Result<Sender, TransportError>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (sender, connection) = http1::handshake(io)
        .await
        .map_err(|e| TransportError::new(TransportErrorKind::Connect, error_chain(&e)))?;
    tokio::spawn(async move {
        // Its end (closed by either side, or broken) is seen by the sender.
        let _ = connection.await;
    });
    Ok(sender)
}

impl Transport for HyperTransport {
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_> {
        Box::pin(async move {
            let exchange = self.inner.exchange(request, max_body);
            match self.inner.timeout {
                Some(limit) => tokio::time::timeout(limit, exchange).await.map_err(|_| {
                    TransportError::new(
                        TransportErrorKind::Timeout,
                        format!("no complete response within {limit:?}"),
                    )
                })?,
                None => exchange.await,
            }
        })
    }

    fn send_streaming(&self, request: TransportRequest) -> StreamingFuture<'_> {
        Box::pin(async move {
            let head = self.inner.head(request);
            let (key, sender, response) = match self.inner.timeout {
                Some(limit) => tokio::time::timeout(limit, head).await.map_err(|_| {
                    TransportError::new(
                        TransportErrorKind::Timeout,
                        format!("no response head within {limit:?}"),
                    )
                })?,
                None => head.await,
            }?;
            let status = response.status().as_u16();
            let headers = header_list(&response);
            let length = response
                .headers()
                .get(http::header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
            let stream = BodyStream {
                body: response.into_body(),
                connection: Some((Arc::clone(&self.inner), key, sender)),
            };
            Ok(StreamingResponse {
                status,
                headers,
                body: ByteStream::from_stream(stream, length),
            })
        })
    }
}
