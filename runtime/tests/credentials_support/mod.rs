//! What the credentials tests share: a temporary home directory, a small HTTP/1.1 server on
//! loopback (std threads, one connection per request) whose answers a closure decides and
//! which records every request, a fake STS on it, and provider settings that read a fixed
//! environment instead of the process's (tests never set process variables, so they cannot
//! race each other).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use aws_light_runtime::DateTime;
use aws_light_runtime::credentials::{Env, ProviderConfig};
use aws_light_runtime::transport::{HyperTransport, Transport};

/// A directory under the system's temporary one, removed on drop.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    pub fn new(label: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!(
            "aws-light-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(path.join(".aws")).expect("temp dir");
        TempDir { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `text` to `relative` (directories created).
    pub fn write(&self, relative: &str, text: &str) -> PathBuf {
        let path = self.path.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("dir");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    /// Writes an executable shell script.
    #[cfg(unix)]
    pub fn script(&self, relative: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.write(relative, &format!("#!/bin/sh\n{body}\n"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A request the fake server received.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// A form field of the body (STS).
    pub fn form(&self, name: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == name).then(|| percent_decode(v))
        })
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

/// What the server answers.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn ok(body: impl Into<String>) -> Self {
        Reply {
            status: 200,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

/// An HTTP/1.1 server on 127.0.0.1; stops when dropped.
pub struct FakeServer {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl FakeServer {
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let accept = {
            let (requests, stop) = (requests.clone(), stop.clone());
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (requests, handler) = (requests.clone(), handler.clone());
                    std::thread::spawn(move || serve(stream, &requests, &*handler));
                }
            })
        };
        FakeServer {
            addr,
            requests,
            stop,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("lock").clone()
    }

    pub fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so that it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn serve(stream: TcpStream, requests: &Mutex<Vec<Request>>, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        return;
    };
    let (method, path) = (method.to_string(), path.to_string());
    let mut headers = BTreeMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((k, v)) = header.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let request = Request {
        method,
        path,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    requests.lock().expect("lock").push(request.clone());
    let reply = handler(&request);
    std::thread::sleep(reply.delay);
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        reply.status,
        reply.body.len(),
        reply.body
    );
    let _ = stream.flush();
}

/// The default transport (hyper), as a client would have it.
pub fn transport() -> Arc<dyn Transport> {
    Arc::new(
        HyperTransport::new(Some(Duration::from_secs(2)), Some(Duration::from_secs(10)))
            .expect("transport"),
    )
}

/// Provider settings over hyper with exactly these variables. IMDS is off unless the test
/// turns it on, so that nothing ever reaches for the real metadata address.
pub fn config(vars: &[(&str, &str)]) -> ProviderConfig {
    config_with(transport(), vars)
}

pub fn config_with(transport: Arc<dyn Transport>, vars: &[(&str, &str)]) -> ProviderConfig {
    let mut all: BTreeMap<String, String> = BTreeMap::new();
    all.insert("AWS_EC2_METADATA_DISABLED".into(), "true".into());
    for (k, v) in vars {
        all.insert((*k).into(), (*v).into());
    }
    ProviderConfig::new(transport).with_env(Env::from_vars(all))
}

/// RFC 3339 for `now + seconds`.
pub fn expires_in(seconds: u64) -> String {
    DateTime::from(SystemTime::now() + Duration::from_secs(seconds)).to_string()
}

/// The JSON of IMDS and the container endpoint.
pub fn metadata_json(key: &str, secret: &str, token: &str, expiration: &str) -> String {
    format!(
        r#"{{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"{key}","SecretAccessKey":"{secret}","Token":"{token}","Expiration":"{expiration}"}}"#
    )
}

/// A fake STS: `AssumeRole` answers keys named after the role (`ASIA-<role name>`), and checks
/// the request is signed; `AssumeRoleWithWebIdentity` checks the token and that the request
/// is not signed. Anything else is an `ErrorResponse`.
pub fn fake_sts(expected_web_token: &'static str) -> FakeServer {
    FakeServer::start(move |req| {
        let role = req.form("RoleArn").unwrap_or_default();
        let name = role.rsplit('/').next().unwrap_or("none").to_string();
        let expiration = expires_in(3600);
        let result = |action: &str| {
            Reply::ok(format!(
                "<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result>\
                 <Credentials><AccessKeyId>ASIA-{name}</AccessKeyId>\
                 <SecretAccessKey>secret-of-{name}</SecretAccessKey>\
                 <SessionToken>token-of-{name}</SessionToken>\
                 <Expiration>{expiration}</Expiration></Credentials>\
                 </{action}Result></{action}Response>"
            ))
        };
        let error = |status: u16, code: &str| {
            Reply::status(
                status,
                format!(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>\
                     <Message>fake STS says {code}</Message></Error></ErrorResponse>"
                ),
            )
        };
        match req.form("Action").as_deref() {
            Some("AssumeRole") if name == "denied" => error(403, "AccessDenied"),
            Some("AssumeRole") if req.header("authorization").is_some() => result("AssumeRole"),
            Some("AssumeRoleWithWebIdentity")
                if req.header("authorization").is_none()
                    && req.form("WebIdentityToken").as_deref() == Some(expected_web_token) =>
            {
                result("AssumeRoleWithWebIdentity")
            }
            Some("AssumeRoleWithWebIdentity") => error(400, "InvalidIdentityToken"),
            _ => error(403, "MissingAuthenticationToken"),
        }
    })
}
