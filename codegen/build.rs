//! Finds the data some tests need outside the repository (AWS's official models in
//! `../shared/models/aws/` beside the workspace), so that tests lacking it are reported as
//! *ignored, with the reason*, in cargo's own summary instead of passing without running.
//!
//! Sets `no_aws_models` when the models directory is absent and `no_cognito_model` when the
//! Cognito model is neither named by `COGNITO_MODEL` nor found there, `no_protocol_tests` when
//! Smithy's protocol test suite is absent, and passes the Cognito
//! model's path to the tests as `OFFICIAL_COGNITO_MODEL`.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_aws_models)");
    println!("cargo::rustc-check-cfg=cfg(no_cognito_model)");
    println!("cargo::rustc-check-cfg=cfg(no_protocol_tests)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=COGNITO_MODEL");

    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The workspace root is this package's parent; `../shared` sits beside the root.
    let shared = manifest.join("../../shared");
    let models = shared.join("models/aws");
    watch(&shared, &models);
    if !models.is_dir() {
        println!("cargo::rustc-cfg=no_aws_models");
    }

    let suite = shared.join("protocol-tests/aws-protocol-tests.json");
    if suite.is_file() {
        println!("cargo::rerun-if-changed={}", suite.display());
    } else {
        println!("cargo::rustc-cfg=no_protocol_tests");
    }

    let cognito = match std::env::var_os("COGNITO_MODEL") {
        Some(path) => PathBuf::from(path),
        None => models.join("cognito-identity-provider.json"),
    };
    if cognito.is_file() {
        println!("cargo::rerun-if-changed={}", cognito.display());
    } else {
        println!("cargo::rustc-cfg=no_cognito_model");
    }
    println!(
        "cargo::rustc-env=OFFICIAL_COGNITO_MODEL={}",
        cognito.display()
    );
}

/// Reruns this script when the data appears, changes or goes. Cargo rebuilds every time a
/// watched path is missing, so only the deepest existing one of `../shared/models/aws`,
/// `../shared/models` and `../shared` is watched; where `../shared` itself is absent nothing
/// is (watching the workspace's parent would scan every sibling directory on each build), and
/// the ignore reasons say to touch this file after providing it.
fn watch(shared: &Path, models: &Path) {
    let candidates = [
        models.to_path_buf(),
        shared.join("models"),
        shared.to_path_buf(),
    ];
    if let Some(existing) = candidates.iter().find(|path| path.exists()) {
        println!("cargo::rerun-if-changed={}", existing.display());
    }
}
