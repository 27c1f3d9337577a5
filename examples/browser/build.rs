//! Probes for what the Chromium test needs, so that where it is missing the test is reported
//! as *ignored, with the reason*, in cargo's own summary instead of passing without running:
//! `no_chromium` when `chromium --version` does not run, `no_chromedriver` when
//! `chromedriver --version` does not, `no_wasm_target` when the toolchain has no standard
//! library for `wasm32-unknown-unknown`. (wasm-bindgen-cli is installed by the test itself,
//! through `scripts/install-browser-tools`, which fails loudly if it cannot.)
//!
//! The probe reruns when `PATH` changes; installing a tool where it is already on the `PATH`
//! changes nothing Cargo sees, hence the reasons' hint to touch this file.

use std::path::Path;
use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_chromium)");
    println!("cargo::rustc-check-cfg=cfg(no_chromedriver)");
    println!("cargo::rustc-check-cfg=cfg(no_wasm_target)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");

    if !succeeds("chromium", &["--version"]) {
        println!("cargo::rustc-cfg=no_chromium");
    }
    if !succeeds("chromedriver", &["--version"]) {
        println!("cargo::rustc-cfg=no_chromedriver");
    }
    if !has_wasm_target() {
        println!("cargo::rustc-cfg=no_wasm_target");
    }
}

fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether `rustc --print sysroot` has `lib/rustlib/wasm32-unknown-unknown` (what
/// `rustup target add wasm32-unknown-unknown` installs).
fn has_wasm_target() -> bool {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let Ok(output) = Command::new(rustc).args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&output.stdout);
    Path::new(sysroot.trim())
        .join("lib/rustlib/wasm32-unknown-unknown/lib")
        .is_dir()
}
