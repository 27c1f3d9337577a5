//! AWS's official Cognito model, all of it: it must generate, and the crate must build with
//! no warnings, pass clippy and document cleanly. Ignored, with the reason, where the model is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::{Selection, generate, model, write};

/// The model the build script found (see `build.rs`): present unless this test is ignored.
fn official() -> PathBuf {
    PathBuf::from(env!("OFFICIAL_COGNITO_MODEL"))
}

#[test]
#[cfg_attr(
    no_cognito_model,
    ignore = "AWS's official Cognito model not found: set COGNITO_MODEL to its file, or put it in ../shared/models/aws/ and touch codegen/build.rs"
)]
fn whole_official_model_generates_and_lints_clean() {
    let path = official();
    let model = model::load_paths(&[path]).expect("official model loads");
    let generated = generate(&model, &Selection::default()).expect("every shape is supported");
    assert_eq!(generated.operations, 122);
    assert!(generated.shapes >= 700, "{} shapes", generated.shapes);

    let paginated: Vec<&str> = generated
        .files
        .iter()
        .filter(|(_, text)| text.contains("impl crate::pagination::Paginated for"))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        paginated,
        [
            "src/operation/admin_list_groups_for_user.rs",
            "src/operation/admin_list_user_auth_events.rs",
            "src/operation/list_groups.rs",
            "src/operation/list_identity_providers.rs",
            "src/operation/list_resource_servers.rs",
            "src/operation/list_user_pool_clients.rs",
            "src/operation/list_user_pools.rs",
            "src/operation/list_users.rs",
            "src/operation/list_users_in_group.rs",
        ],
        "the nine operations the official model marks paginated"
    );

    // Outside the workspace, so Cargo treats it as the standalone crate users get; the
    // workspace's lockfile pins the same dependency versions, and a target directory of its
    // own under ours keeps the build cached between runs.
    let dir = std::env::temp_dir().join(format!("codegen-official-{}", std::process::id()));
    write::write(&dir, &generated.files).expect("written");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lockfile");
    // Cargo's own answer, absolute, even for a relative or configured target directory.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-model");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = |args: &[&str], rustdocflags: &str| -> String {
        let out = Command::new(&cargo)
            .args(args)
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .env("RUSTDOCFLAGS", rustdocflags)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs");
        assert!(
            out.status.success(),
            "`cargo {}` failed on the official model's crate:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    run(&["clippy", "--quiet", "--", "-D", "warnings"], "");
    run(&["doc", "--quiet", "--no-deps"], "-D warnings");
    // The crate's own redaction audit: every sensitive member of all of Cognito.
    let audit = run(
        &[
            "test",
            "--quiet",
            "--test",
            "redaction",
            "--",
            "--nocapture",
        ],
        "",
    );
    let audited = audit
        .lines()
        .find_map(|l| l.strip_prefix("redaction audit: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .expect("the audit reports its count");
    eprintln!("official model: redaction audit covered {audited} sensitive members");
    assert!(audited >= 100, "only {audited} sensitive members audited");
    // The generated examples (crate root and every operation) compile and run.
    let doc_tests = run(&["test", "--quiet", "--doc"], "");
    let passed = doc_tests
        .lines()
        .find_map(|l| l.strip_prefix("test result: ok. "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    eprintln!("official model: {passed} doc-tests passed");
    assert!(
        passed > generated.operations,
        "{passed} doc-tests for {} operations",
        generated.operations
    );
    let _ = std::fs::remove_dir_all(&dir);
}
