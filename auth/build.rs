//! Probes for the Node.js and npm the differential SRP test needs, so that where either is
//! missing the test is reported as *ignored, with the reason*, in cargo's own summary instead
//! of passing without running. Sets `no_node` when `node --version` does not run and `no_npm`
//! when `npm --version` does not.
//!
//! The probe reruns when `PATH` changes; installing Node where it is already on the `PATH`
//! changes nothing Cargo sees, hence the reasons' hint to touch this file.

use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_node)");
    println!("cargo::rustc-check-cfg=cfg(no_npm)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");

    if !succeeds("node", &["--version"]) {
        println!("cargo::rustc-cfg=no_node");
    }
    if !succeeds("npm", &["--version"]) {
        println!("cargo::rustc-cfg=no_npm");
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
