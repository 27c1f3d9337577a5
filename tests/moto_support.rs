//! moto's server for the tests against it (`moto.rs`, `moto_rest.rs`): installed once per
//! test binary by `scripts/install-moto` into a virtualenv under Cargo's
//! `CARGO_TARGET_TMPDIR`, started on a free loopback port, killed when dropped.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:<port>/`.
    pub endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The virtualenv holding moto, installed by the first test that needs it (tests run in
/// parallel threads; the lock makes the others wait instead of installing over it).
fn installed() -> PathBuf {
    static VENV: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    VENV.get_or_init(|| {
        // Cargo's own answer, absolute, even for a relative or configured target directory.
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moto-venv");
        let status = Command::new(workspace().join("scripts/install-moto"))
            .arg(&venv)
            .status()
            .expect("install script runs");
        assert!(status.success(), "scripts/install-moto failed: {status}");
        venv
    })
    .clone()
}

/// Installs (once) and starts moto. Python was found when the tests were built (they are
/// ignored otherwise); where it has gone since, this fails rather than pass unrun.
pub fn start() -> Moto {
    let probe = Command::new("python3").arg("--version").output();
    assert!(
        probe.is_ok(),
        "python3 not found, so moto cannot run: {probe:?}"
    );
    let venv = installed();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(venv.join("bin/moto_server"))
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let moto = Moto {
        child,
        endpoint: format!("http://127.0.0.1:{port}/"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "moto_server did not listen within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    moto
}
