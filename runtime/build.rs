//! Finds AWS's official models in `../shared/models/aws/` beside the workspace, whose
//! `endpointTests` the endpoint tests run, so that where they are absent those tests are
//! reported as *ignored, with the reason*, in cargo's own summary instead of passing without
//! running. Sets `no_aws_models` when the directory is absent. Nothing here affects the
//! library itself.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo::rustc-check-cfg=cfg(no_aws_models)");
    println!("cargo::rerun-if-changed=build.rs");

    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The workspace root is this package's parent; `../shared` sits beside the root.
    let shared = manifest.join("../../shared");
    let models = shared.join("models/aws");
    watch(&shared, &models);
    if !models.is_dir() {
        println!("cargo::rustc-cfg=no_aws_models");
    }
}

/// Reruns this script when the data appears, changes or goes. Cargo rebuilds every time a
/// watched path is missing, so only the deepest existing one of `../shared/models/aws`,
/// `../shared/models` and `../shared` is watched; where `../shared` itself is absent nothing
/// is (watching the workspace's parent would scan every sibling directory on each build), and
/// the ignore reason says to touch this file after providing it.
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
