//! Probes for the Python the moto and botocore tests need, so that where it is missing those
//! tests are reported as *ignored, with the reason*, in cargo's own summary instead of passing
//! without running. Sets `no_python` when `python3` does not run and `no_botocore` when the
//! interpreter named by `BOTOCORE_PYTHON` (default `python3`) cannot import botocore.
//!
//! The probe reruns when `PATH` or `BOTOCORE_PYTHON` changes; installing botocore into the same
//! interpreter changes neither, hence the reasons' hint to touch this file.

use std::process::{Command, Stdio};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_python)");
    println!("cargo::rustc-check-cfg=cfg(no_botocore)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=BOTOCORE_PYTHON");

    if !succeeds("python3", &["--version"]) {
        println!("cargo::rustc-cfg=no_python");
    }
    let python = std::env::var("BOTOCORE_PYTHON").unwrap_or_else(|_| "python3".to_string());
    if !succeeds(&python, &["-c", "import botocore.utils"]) {
        println!("cargo::rustc-cfg=no_botocore");
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
