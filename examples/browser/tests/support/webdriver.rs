//! Just enough WebDriver (the W3C protocol, JSON over HTTP) to drive headless Chromium through
//! Debian's chromedriver: a session, a page, a script to read the DOM, a screenshot.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{Method, Request, header};
use base64::Engine;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};

/// How long one WebDriver command may take (opening the page returns once it has loaded).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);

/// Chromium's flags on this kind of machine: headless, no sandbox (root in a container), and
/// none of the background connections that a closed network refuses.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1100,650",
];

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A chromedriver process on a loopback port, killed on drop.
pub struct ChromeDriver {
    child: Child,
    base: String,
    http: HttpClient,
}

/// What the page showed: `#status` and `#srp-ms`, their `data-state`, and `#srp-ms`'s
/// `data-ms`.
#[derive(Debug)]
pub struct Page {
    pub status_state: String,
    pub status: String,
    pub srp_state: String,
    pub srp: String,
    pub srp_ms: String,
}

impl ChromeDriver {
    /// Starts chromedriver and waits (up to 20 s) until it reports itself ready.
    pub async fn start() -> ChromeDriver {
        let port = std::net::TcpListener::bind(("127.0.0.1", 0))
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = tmp().join("chromedriver.log");
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .arg(format!("--log-path={}", log.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let driver = ChromeDriver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            http: Client::builder(TokioExecutor::new()).build_http(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(status) = driver.call(Method::GET, "/status", None).await
                && status["ready"] == true
            {
                return driver;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver not ready after 20 s (log: {})",
                log.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Opens a headless Chromium with a fresh profile.
    pub async fn new_session(&self) -> Session<'_> {
        let profile = tmp().join(format!("chromium-profile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let mut options = json!({ "args": args });
        if let Some(binary) = on_path("chromium") {
            options["binary"] = json!(binary);
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let value = self
            .call(Method::POST, "/session", Some(capabilities))
            .await
            .unwrap_or_else(|e| panic!("no Chromium session: {e}"));
        let id = value["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in {value}"))
            .to_owned();
        Session {
            driver: self,
            path: format!("/session/{id}"),
        }
    }

    /// One command: its `value`, or the WebDriver error's message.
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value, String> {
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Full::new(Bytes::from(
                body.map(|b| b.to_string()).unwrap_or_default(),
            )))
            .map_err(|e| e.to_string())?;
        let exchange = async {
            let response = self
                .http
                .request(request)
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let bytes = response
                .into_body()
                .collect()
                .await
                .map_err(|e| e.to_string())?
                .to_bytes();
            Ok::<_, String>((status, bytes))
        };
        let (status, bytes) = tokio::time::timeout(COMMAND_TIMEOUT, exchange)
            .await
            .map_err(|_| format!("{path}: no answer in {COMMAND_TIMEOUT:?}"))??;
        let mut parsed: Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("{path}: HTTP {status}, not JSON: {e}"))?;
        if !status.is_success() {
            return Err(format!("{path}: HTTP {status}: {}", parsed["value"]));
        }
        Ok(parsed["value"].take())
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser opened by [`ChromeDriver::new_session`]; [`close`](Session::close) quits it.
pub struct Session<'a> {
    driver: &'a ChromeDriver,
    path: String,
}

impl Session<'_> {
    /// Opens `url` and waits (up to `timeout`) until the page shows both outcomes.
    pub async fn open_and_wait(&self, url: &str, timeout: Duration) -> Result<Page, String> {
        self.driver
            .call(
                Method::POST,
                &format!("{}/url", self.path),
                Some(json!({ "url": url })),
            )
            .await?;
        let script = r#"
            const status = document.getElementById("status");
            const srp = document.getElementById("srp-ms");
            return [status.dataset.state, status.textContent,
                    srp.dataset.state, srp.textContent, srp.dataset.ms || ""];
        "#;
        let deadline = Instant::now() + timeout;
        loop {
            let value = self
                .driver
                .call(
                    Method::POST,
                    &format!("{}/execute/sync", self.path),
                    Some(json!({ "script": script, "args": [] })),
                )
                .await?;
            let field = |i: usize| value[i].as_str().unwrap_or_default().to_owned();
            let page = Page {
                status_state: field(0),
                status: field(1),
                srp_state: field(2),
                srp: field(3),
                srp_ms: field(4),
            };
            let finished = |state: &str| state == "done" || state == "error";
            if finished(&page.status_state) && finished(&page.srp_state) {
                return Ok(page);
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "the page did not finish in {timeout:?}; it shows {page:?}"
                ));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Saves a PNG of the viewport to `path`.
    pub async fn screenshot(&self, path: &Path) -> Result<(), String> {
        let value = self
            .driver
            .call(Method::GET, &format!("{}/screenshot", self.path), None)
            .await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(value.as_str().ok_or("the screenshot is not a string")?)
            .map_err(|e| e.to_string())?;
        std::fs::write(path, png).map_err(|e| e.to_string())
    }

    /// Quits the browser (its processes end with it).
    pub async fn close(self) {
        if let Err(e) = self.driver.call(Method::DELETE, &self.path, None).await {
            eprintln!("closing the Chromium session: {e}");
        }
    }
}

fn tmp() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

/// `program`'s path in one of `PATH`'s directories.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}
