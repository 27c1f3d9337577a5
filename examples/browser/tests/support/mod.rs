//! What the Chromium test needs besides the emulator: the page built for wasm32 and served on
//! loopback, and a WebDriver client for chromedriver (`webdriver`).

mod webdriver;

pub use webdriver::ChromeDriver;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{StatusCode, Uri, header};
use axum::response::Response;

/// Writes straight to the process's stderr, which the test harness does not capture, so that
/// the figures and the screenshot's path show in a plain `cargo test`.
pub fn loud(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn tmp() -> &'static Path {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
}

fn run(what: &str, command: &mut Command) {
    let output = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("{what} does not start: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Builds the page (release, wasm32), runs wasm-bindgen `--target web` on it, and returns a
/// directory with `index.html`, `index.js` and `pkg/`.
///
/// wasm-bindgen-cli comes from `scripts/install-browser-tools` (idempotent; the first time it
/// runs `cargo install`, which takes minutes). If that fails, so does the test: a browser
/// test that did not run must not look like one that passed.
pub fn wasm_page() -> PathBuf {
    let tools = tmp().join("browser-tools");
    loud(
        "browser test: scripts/install-browser-tools (the first run installs wasm-bindgen-cli, minutes)",
    );
    run(
        "scripts/install-browser-tools",
        Command::new(workspace().join("scripts/install-browser-tools")).arg(&tools),
    );

    // A target directory of its own: the one of the cargo running this test is locked.
    let target = tmp().join("browser-wasm");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    run(
        "cargo build --target wasm32-unknown-unknown -p cognito-browser-example",
        Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--release",
                "--locked",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "cognito-browser-example",
            ])
            .env("CARGO_TARGET_DIR", &target)
            .current_dir(workspace()),
    );
    let wasm = target.join("wasm32-unknown-unknown/release/cognito_browser_example.wasm");

    let page = tmp().join("browser-page");
    let _ = std::fs::remove_dir_all(&page);
    std::fs::create_dir_all(&page).expect("page directory");
    run(
        "wasm-bindgen",
        Command::new(tools.join("bin/wasm-bindgen"))
            .args(["--target", "web", "--no-typescript", "--out-dir"])
            .arg(page.join("pkg"))
            .arg(&wasm),
    );
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("static");
    for file in ["index.html", "index.js"] {
        std::fs::copy(static_dir.join(file), page.join(file)).expect("copy the page");
    }
    let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let bindgen_wasm = page.join("pkg/cognito_browser_example_bg.wasm");
    loud(&format!(
        "browser test: page wasm {} bytes from cargo, {} after wasm-bindgen",
        size(&wasm),
        size(&bindgen_wasm)
    ));
    optimize(&bindgen_wasm);
    page
}

/// Shrinks the page's wasm with the wasm-opt named by `BROWSER_TEST_WASM_OPT`, if set (`-Oz`),
/// so that the browser runs what a site would serve. Off by default, CI included: it costs
/// 10-20 s, and Debian 12's binaryen (108) makes a module Chromium refuses ("WebAssembly.Table.set():
/// Argument 1 is invalid for table"); npm's `binaryen` 132 works (README, "Measured").
fn optimize(wasm: &Path) {
    let Some(wasm_opt) = std::env::var_os("BROWSER_TEST_WASM_OPT") else {
        return;
    };
    let optimized = wasm.with_extension("opt.wasm");
    // The features rustc's wasm32 target emits; old binaryens enable none of them by default.
    run(
        "wasm-opt",
        Command::new(&wasm_opt)
            .args([
                "-Oz",
                "--enable-bulk-memory",
                "--enable-reference-types",
                "--enable-nontrapping-float-to-int",
                "--enable-sign-ext",
                "--enable-mutable-globals",
                "--enable-multivalue",
            ])
            .arg(wasm)
            .arg("-o")
            .arg(&optimized),
    );
    std::fs::rename(&optimized, wasm).expect("replace the wasm");
    let size = std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0);
    loud(&format!(
        "browser test: {size} bytes after {} -Oz",
        Path::new(&wasm_opt).display()
    ));
}

/// Serves every file of `dir` (`/` is `index.html`) on `127.0.0.1`, from a task of the
/// current runtime, and returns the origin, `http://127.0.0.1:PORT`.
pub async fn serve_page(dir: &Path) -> String {
    let mut files = HashMap::new();
    collect(dir, "", &mut files);
    let files = Arc::new(files);
    let app = Router::new().fallback(move |uri: Uri| {
        let files = files.clone();
        async move {
            let path = match uri.path() {
                "/" => "/index.html",
                other => other,
            };
            match files.get(path) {
                Some((content_type, bytes)) => Response::builder()
                    .header(header::CONTENT_TYPE, *content_type)
                    .body(Body::from(bytes.clone())),
                None => Response::builder()
                    .status(StatusCode::NOT_FOUND)
                    .body(Body::empty()),
            }
            .expect("a valid response")
        }
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind the page server");
    let addr = listener.local_addr().expect("page server address");
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            eprintln!("page server stopped: {e}");
        }
    });
    format!("http://{addr}")
}

type Files = HashMap<String, (&'static str, Vec<u8>)>;

fn collect(dir: &Path, prefix: &str, files: &mut Files) {
    for entry in std::fs::read_dir(dir).expect("read the page directory") {
        let entry = entry.expect("directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}/{name}");
        if entry.file_type().expect("file type").is_dir() {
            collect(&entry.path(), &path, files);
            continue;
        }
        // `application/wasm` lets the browser compile while it downloads.
        let content_type = match name.rsplit('.').next() {
            Some("html") => "text/html; charset=utf-8",
            Some("js") => "text/javascript; charset=utf-8",
            Some("wasm") => "application/wasm",
            _ => "application/octet-stream",
        };
        let bytes = std::fs::read(entry.path()).expect("read a page file");
        files.insert(path, (content_type, bytes));
    }
}
