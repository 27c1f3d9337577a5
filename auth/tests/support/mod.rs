//! What the tests against amazon-cognito-identity-js share: installing and running the Node
//! oracle (`tests/node/srp-oracle.js`), a repeatable random stream, and a server side of SRP
//! that makes valid `B` values.

#![allow(dead_code)] // each test file uses its own part

pub mod server;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cognito_auth::srp::{RandomError, RandomSource};
use serde_json::Value;

/// Writes straight to the process's stderr, which the test harness does not capture, so a
/// skip or a summary shows in a plain `cargo test`.
pub fn loud(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Installs the oracle (once; `scripts/install-node-srp` is idempotent) and returns its
/// `node_modules`. Node and npm were found when the test was built (it is ignored, with the
/// reason, otherwise); if they have gone since, or npm cannot install the library (no
/// registry), this fails: a differential test that did not run must not look like one that
/// passed.
pub fn installed_oracle() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("node-srp");
    let output = Command::new(workspace().join("scripts/install-node-srp"))
        .arg(&dir)
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .expect("scripts/install-node-srp runs");
    assert!(
        output.status.success(),
        "scripts/install-node-srp failed ({}), so amazon-cognito-identity-js cannot run: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join("node_modules")
}

/// Runs the oracle once over `cases` (`{"cases": [...]}`) and returns its results, one per
/// case, in order.
pub fn run_oracle(node_modules: &Path, cases: &Value) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/node/srp-oracle.js");
    let mut child = Command::new("node")
        .arg(script)
        .arg(node_modules)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node starts");
    let input = serde_json::to_vec(cases).expect("cases serialize");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Written from a thread: the oracle may fill its stdout before it has read all of stdin.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().expect("node runs");
    writer
        .join()
        .expect("writer thread")
        .expect("cases written to node");
    assert!(
        output.status.success(),
        "the oracle failed: {}",
        output.status
    );
    let mut parsed: Value = serde_json::from_slice(&output.stdout).expect("oracle output is JSON");
    match parsed["results"].take() {
        Value::Array(results) => results,
        other => panic!("oracle output has no results array: {other}"),
    }
}

/// SplitMix64: repeatable test data from a seed (not for secrets).
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next_u64() as u8).collect()
    }

    pub fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len() as u64) as usize]
    }

    /// `len` characters drawn from `alphabet`.
    pub fn string_from(&mut self, alphabet: &str, len: usize) -> String {
        let chars: Vec<char> = alphabet.chars().collect();
        (0..len)
            .map(|_| chars[self.below(chars.len() as u64) as usize])
            .collect()
    }
}

/// Hands out the given bytes, in order, to the crate's random consumers.
pub struct Replay {
    bytes: Vec<u8>,
    at: usize,
}

impl Replay {
    pub fn new(bytes: Vec<u8>) -> Self {
        Replay { bytes, at: 0 }
    }

    /// Whether every byte was drawn.
    pub fn is_drained(&self) -> bool {
        self.at == self.bytes.len()
    }
}

impl RandomSource for Replay {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        let end = self.at + dest.len();
        let src = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| RandomError::new("replayed bytes exhausted"))?;
        dest.copy_from_slice(src);
        self.at = end;
        Ok(())
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
