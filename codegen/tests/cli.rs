//! The `codegen` binary as users and scripts drive it: flags, exit codes, the summary line,
//! `--check`, and that a failed run leaves the output directory exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("codegen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch directory under the target dir, fresh for each test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("file"));
            }
        }
    }
    out
}

fn model() -> String {
    workspace().join("model").display().to_string()
}

#[test]
fn generates_checks_and_reports_a_summary() {
    let out = scratch("generate").join("crate");
    let out_s = out.display().to_string();

    let check = codegen(&["--model", &model(), "--out", &out_s, "--check"]);
    assert_eq!(
        check.status.code(),
        Some(1),
        "nothing written yet: --check must fail"
    );
    assert!(
        text(&check.stderr).contains("src/lib.rs"),
        "{}",
        text(&check.stderr)
    );
    assert!(!out.exists(), "--check writes nothing");

    let run = codegen(&["--model", &model(), "--out", &out_s]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let summary = text(&run.stdout);
    assert!(
        summary.starts_with("codegen: 91 shapes, 11 operations, 23 files written to ")
            && summary.contains(" in ")
            && summary.trim_end().ends_with('s'),
        "summary line: {summary}"
    );
    assert!(
        out.join("Cargo.toml").is_file() && out.join("src/operation/list_devices.rs").is_file()
    );

    let check = codegen(&["--model", &model(), "--out", &out_s, "--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));

    // A hand edit and a stray file are both drift.
    std::fs::write(out.join("src/lib.rs"), "// edited\n").expect("edit");
    std::fs::write(out.join("src/extra.rs"), "").expect("extra");
    let check = codegen(&["--model", &model(), "--out", &out_s, "--check"]);
    assert_eq!(check.status.code(), Some(1));
    let listed = text(&check.stderr);
    assert!(
        listed.contains("src/lib.rs") && listed.contains("src/extra.rs"),
        "{listed}"
    );

    // Regenerating repairs both, and keeps a build directory.
    std::fs::create_dir_all(out.join("target/debug")).expect("target");
    std::fs::write(out.join("target/debug/keep"), "x").expect("keep");
    assert!(
        codegen(&["--model", &model(), "--out", &out_s])
            .status
            .success()
    );
    assert!(!out.join("src/extra.rs").exists());
    assert!(
        out.join("target/debug/keep").exists(),
        "target/ survives regeneration"
    );
    assert_eq!(
        codegen(&["--model", &model(), "--out", &out_s, "--check"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn the_checked_in_crate_is_up_to_date() {
    let run = codegen(&["--check"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}{}",
        text(&run.stdout),
        text(&run.stderr)
    );
}

#[test]
fn bad_model_exits_2_names_the_shape_and_leaves_output_untouched() {
    let dir = scratch("bad");
    let out = dir.join("crate");
    let out_s = out.display().to_string();
    assert!(
        codegen(&["--model", &model(), "--out", &out_s])
            .status
            .success()
    );
    let before = snapshot(&out);

    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"smithy": "2.0", "shapes": {
            "a#Svc": {"type": "service", "operations": [{"target": "a#Op"}], "traits": {"aws.protocols#awsJson1_1": {}}},
            "a#Op": {"type": "operation", "input": {"target": "a#In"}},
            "a#In": {"type": "structure", "members": {"x": {"target": "a#Nowhere"}}}
        }}"#,
    )
    .expect("write model");
    let run = codegen(&["--model", &bad.display().to_string(), "--out", &out_s]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(err.contains("a#In$x") && err.contains("a#Nowhere"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "a failed run must not touch the previous generation"
    );

    std::fs::write(&bad, "{ not json").expect("write");
    let run = codegen(&["--model", &bad.display().to_string(), "--out", &out_s]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("not valid JSON"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(snapshot(&out), before);
    // No temporary directories are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("codegen-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn usage_errors_exit_2() {
    let run = codegen(&["--frobnicate"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("usage: codegen"));

    let out = scratch("usage").join("crate").display().to_string();
    let run = codegen(&[
        "--model",
        &model(),
        "--out",
        &out,
        "--operations",
        "ListDevices,NoSuchThing",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("`NoSuchThing` is not an operation"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn refuses_to_overwrite_a_directory_it_did_not_write() {
    let dir = scratch("foreign");
    std::fs::write(dir.join("precious.txt"), "mine").expect("write");
    let run = codegen(&["--model", &model(), "--out", &dir.display().to_string()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains("refusing to replace"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("precious.txt")).expect("kept"),
        "mine"
    );
}

/// Generating from AWS's official model for a chosen set of operations emits only their
/// closure. Ignored, with the reason, where it is absent.
#[test]
#[cfg_attr(
    no_cognito_model,
    ignore = "AWS's official Cognito model not found: set COGNITO_MODEL to its file, or put it in ../shared/models/aws/ and touch codegen/build.rs"
)]
fn official_model_operations_subset() {
    let official = PathBuf::from(env!("OFFICIAL_COGNITO_MODEL"));
    let out = scratch("official").join("crate");
    let run = codegen(&[
        "--model",
        &official.display().to_string(),
        "--out",
        &out.display().to_string(),
        "--operations",
        "ListUsers,AdminGetUser",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).contains("2 operations"),
        "{}",
        text(&run.stdout)
    );
    let mut ops: Vec<String> = std::fs::read_dir(out.join("src/operation"))
        .expect("operation dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ops.sort();
    assert_eq!(ops, ["admin_get_user.rs", "list_users.rs"]);
    let types = std::fs::read_to_string(out.join("src/types.rs")).expect("types");
    assert!(types.contains("pub struct UserType"));
    assert!(types.contains("pub enum UserStatusType"));
    assert!(
        !types.contains("pub struct DeviceType"),
        "DeviceType is outside the closure"
    );
    // ListUsers is paginated in the official model.
    let list_users = std::fs::read_to_string(out.join("src/operation/list_users.rs")).expect("op");
    assert!(list_users.contains("impl crate::pagination::Paginated for ListUsers"));
}

#[test]
fn left_out_operations_are_listed_on_stderr() {
    let out = scratch("collisions");
    let fixture = workspace().join("codegen/tests/fixtures/collisions.json");
    let run = codegen(&[
        "--model",
        &fixture.to_string_lossy(),
        "--out",
        &out.join("crate").to_string_lossy(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("codegen: left out operation Discover: it requires endpoint discovery")
            && stderr.contains(
                "codegen: left out operation Subscribe: its output member `events` is an event stream"
            ),
        "{stderr}"
    );
    assert!(
        text(&run.stdout).starts_with("codegen: 26 shapes, 5 operations, "),
        "{}",
        text(&run.stdout)
    );

    let refused = codegen(&[
        "--model",
        &fixture.to_string_lossy(),
        "--out",
        &out.join("refused").to_string_lossy(),
        "--operations",
        "Send,Subscribe",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("example.collisions#Subscribe: cannot be generated"),
        "{}",
        text(&refused.stderr)
    );
    assert!(!out.join("refused").exists(), "a refusal writes nothing");
}

/// A one-operation model whose service carries `traits`.
fn service_model(dir: &Path, traits: &str) -> String {
    let path = dir.join("model.json");
    std::fs::write(
        &path,
        format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "a#Svc": {{"type": "service", "operations": [{{"target": "a#Op"}}], "traits": {traits}}},
                "a#Op": {{"type": "operation", "errors": [{{"target": "a#Gone"}}]}},
                "a#Gone": {{"type": "structure", "members": {{}}, "traits": {{"smithy.api#error": "client",
                    "aws.protocols#awsQueryError": {{"code": "AWS.Gone", "httpResponseCode": 400}}}}}}
            }}}}"#
        ),
    )
    .expect("write model");
    path.display().to_string()
}

/// Services of protocols the generator does not implement are refused (an awsJson client for
/// them could never work), with the service and its protocol traits named, and nothing is
/// written.
#[test]
fn unsupported_protocols_are_refused() {
    let dir = scratch("protocols-refused");
    let out = dir.join("crate");
    let out_s = out.display().to_string();
    let supported =
        "(supported: aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restJson1)";
    let cases = [
        (
            r#"{"aws.protocols#restXml": {}, "aws.protocols#awsQuery": {}}"#,
            format!(
                "a#Svc: protocols aws.protocols#awsQuery, aws.protocols#restXml are not supported {supported}"
            ),
        ),
        (
            r#"{"smithy.protocols#rpcv2Cbor": {}}"#,
            format!("a#Svc: protocol smithy.protocols#rpcv2Cbor is not supported {supported}"),
        ),
        (
            r#"{"aws.api#service": {"sdkId": "A"}}"#,
            format!("a#Svc: the service has no protocol trait {supported}"),
        ),
    ];
    for (traits, message) in cases {
        let run = codegen(&["--model", &service_model(&dir, traits), "--out", &out_s]);
        assert_eq!(run.status.code(), Some(2), "{traits}");
        let err = text(&run.stderr);
        assert!(
            err.lines().any(|l| l.ends_with(&message)),
            "{message}\n{err}"
        );
        assert!(!out.exists(), "nothing is written for {traits}");
    }
}

/// AWS's official models of restJson1 services generate: Lambda's `InvokeAsync`, whose input
/// payload is a streaming blob, as a `ByteStream` member; `InvokeWithResponseStream`, an event
/// stream, is left out, said at generation and in the crate's docs, rather than generated wrong.
#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch codegen/build.rs"
)]
fn official_rest_json_models_generate_with_streaming_left_out() {
    let lambda = workspace().join("../shared/models/aws/lambda.json");
    let out = scratch("protocols-official").join("crate");
    let run = codegen(&[
        "--model",
        &lambda.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    let err = text(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        err.lines().any(
            |l| l.starts_with("codegen: left out operation InvokeWithResponseStream:")
                && l.contains("an event stream")
        ),
        "{err}"
    );
    assert!(!err.contains("left out operation InvokeAsync"), "{err}");
    let invoke_async =
        std::fs::read_to_string(out.join("src/operation/invoke_async.rs")).expect("InvokeAsync");
    assert!(
        invoke_async.contains("crate::primitives::ByteStream"),
        "{invoke_async}"
    );
    let docs = std::fs::read_to_string(out.join("src/lib.rs")).expect("crate root");
    assert!(docs.contains("# Operations not generated"), "{docs}");
    assert!(
        docs.contains("- `InvokeWithResponseStream`: its output member"),
        "{docs}"
    );
    let invoke = std::fs::read_to_string(out.join("src/operation/invoke.rs")).expect("Invoke");
    assert!(invoke.contains("`POST /2015-03-31/functions/{FunctionName}/invocations`"));
}

/// The protocol is chosen once, from the service's traits (awsJson1_0 before awsJson1_1, as
/// AWS SDKs prefer), and shows in the crate: its description, docs and `SERVICE` constant.
#[test]
fn the_protocol_comes_from_the_service_traits() {
    let dir = scratch("protocols-chosen");
    let cases = [
        (
            r#"{"aws.protocols#restJson1": {}, "aws.protocols#awsJson1_1": {}, "aws.protocols#awsJson1_0": {}}"#,
            "awsJson1_0",
            false,
        ),
        (
            r#"{"aws.protocols#awsJson1_1": {}, "aws.protocols#awsQueryCompatible": {}}"#,
            "awsJson1_1",
            false,
        ),
        (
            r#"{"aws.protocols#awsJson1_0": {}, "aws.protocols#awsQueryCompatible": {}}"#,
            "awsJson1_0",
            true,
        ),
    ];
    for (i, (traits, protocol, query)) in cases.into_iter().enumerate() {
        let out = dir.join(format!("crate{i}"));
        let run = codegen(&[
            "--model",
            &service_model(&dir, traits),
            "--out",
            &out.display().to_string(),
        ]);
        assert!(run.status.success(), "{traits}: {}", text(&run.stderr));
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(
            manifest.contains(&format!(
                "description = \"Typed {protocol} client types for Svc\""
            )),
            "{manifest}"
        );
        let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib.rs");
        let variant = protocol.replace("awsJson", "AwsJson");
        assert!(
            lib.contains(&format!("protocol: protocol::Protocol::{variant},")),
            "{traits}"
        );
        assert!(
            lib.contains(&format!("query_compatible: {query},")),
            "{traits}"
        );
        assert!(
            lib.contains(&format!("the wire format ({protocol}")),
            "{traits}"
        );
        // The awsQuery code is matched and exposed only for query-compatible services.
        let op = std::fs::read_to_string(out.join("src/operation/op.rs")).expect("op.rs");
        assert_eq!(op.contains("\"AWS.Gone\""), query, "{traits}");
    }
}

/// A malformed `awsQueryError` on a query-compatible service's error is refused.
#[test]
fn a_bad_aws_query_error_is_refused() {
    let dir = scratch("protocols-query-error");
    let path = dir.join("model.json");
    std::fs::write(
        &path,
        r#"{"smithy": "2.0", "shapes": {
            "a#Svc": {"type": "service", "operations": [{"target": "a#Op"}],
                "traits": {"aws.protocols#awsJson1_0": {}, "aws.protocols#awsQueryCompatible": {}}},
            "a#Op": {"type": "operation", "errors": [{"target": "a#Gone"}]},
            "a#Gone": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client",
                "aws.protocols#awsQueryError": {"code": "A;B", "httpResponseCode": 400}}}
        }}"#,
    )
    .expect("write model");
    let out = dir.join("crate");
    let run = codegen(&[
        "--model",
        &path.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(
        err.contains("a#Gone: `aws.protocols#awsQueryError` needs a non-empty `code` without `;`"),
        "{err}"
    );
}

/// `cargo metadata` for the crate in `dir`: loading the workspace is all it does without
/// dependencies, and it fails on the same workspace errors a build would.
fn cargo_metadata(dir: &Path) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--offline",
            "--format-version",
            "1",
        ])
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

/// `"workspace_root":"…"` as `cargo metadata` prints it.
fn workspace_root_of(metadata: &Output) -> String {
    let out = text(&metadata.stdout);
    let value: serde_json::Value = serde_json::from_str(&out).expect("metadata is JSON");
    value["workspace_root"]
        .as_str()
        .expect("workspace_root")
        .to_string()
}

/// A Cargo workspace of its own under the scratch directory, with one hand-written member,
/// `clients/app`, that depends by path on `libs/cognito`.
fn enclosing_workspace(name: &str) -> PathBuf {
    let ws = scratch(name).canonicalize().expect("scratch dir resolves");
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\n# the generated ones and the app\nmembers = [\n  \"clients/*\",\n  \"deep/**/client\",\n]\nexclude = [\"vendor\"]\n",
    )
    .expect("workspace manifest");
    let app = ws.join("clients/app");
    std::fs::create_dir_all(app.join("src")).expect("app dir");
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[target.'cfg(unix)'.dependencies]\ncognito = { path = \"../../libs/cognito\", package = \"libs-cognito\" }\n",
    )
    .expect("app manifest");
    std::fs::write(app.join("src/lib.rs"), "").expect("app lib");
    ws
}

fn without_runtime_path(manifest: &str) -> String {
    manifest
        .lines()
        .filter(|l| !l.starts_with("aws-light-runtime = { path = "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn members_of_an_enclosing_workspace_are_written_as_they_are() {
    let ws = enclosing_workspace("workspace-member");
    let generated =
        std::fs::read_to_string(workspace().join("generated/Cargo.toml")).expect("manifest");
    // Matched by a `members` glob, by a `**` glob, and reached as a member's path dependency.
    for rel in ["clients/cognito", "deep/a/b/client", "libs/cognito"] {
        let out = ws.join(rel);
        let name = rel.replace('/', "-");
        let run = codegen(&[
            "--model",
            &model(),
            "--out",
            &out.display().to_string(),
            "--crate-name",
            &name,
        ]);
        assert!(run.status.success(), "{rel}: {}", text(&run.stderr));
        assert!(
            !text(&run.stderr).contains("workspace"),
            "{rel}: {}",
            text(&run.stderr)
        );
        // The runtime's path differs with the crate's place (`cargo metadata` below proves
        // that it resolves); everything else is the manifest of generated/.
        assert_eq!(
            without_runtime_path(
                &std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest")
            ),
            without_runtime_path(&generated.replacen(
                "name = \"cognito-identity-provider\"",
                &format!("name = \"{name}\""),
                1
            )),
            "{rel}: a member's manifest is the one of generated/"
        );
    }
    for rel in ["clients/cognito", "deep/a/b/client", "libs/cognito"] {
        let metadata = cargo_metadata(&ws.join(rel));
        assert!(
            metadata.status.success(),
            "{rel}: {}",
            text(&metadata.stderr)
        );
        assert_eq!(
            workspace_root_of(&metadata),
            ws.display().to_string(),
            "{rel}"
        );
    }
}

#[test]
fn crates_the_enclosing_workspace_does_not_claim_are_workspaces_of_their_own() {
    let ws = enclosing_workspace("workspace-standalone");
    // The members first: Cargo loads the whole workspace, and refuses it with missing ones.
    for (rel, name) in [("libs/cognito", "libs-cognito"), ("deep/x/client", "deep")] {
        let out = ws.join(rel).display().to_string();
        let run = codegen(&["--model", &model(), "--out", &out, "--crate-name", name]);
        assert!(run.status.success(), "{rel}: {}", text(&run.stderr));
    }
    for (rel, excluded) in [("vendor/cognito", true), ("other/cognito", false)] {
        let out = ws.join(rel);
        let out_s = out.display().to_string();
        let name = rel.replace('/', "-");
        let args = ["--model", &model(), "--out", &out_s, "--crate-name", &name];
        let run = codegen(&args);
        assert!(run.status.success(), "{rel}: {}", text(&run.stderr));
        let note = text(&run.stderr);
        let why = if excluded {
            "is excluded from"
        } else {
            "is not a member of"
        };
        assert!(
            note.contains(why)
                && note.contains(&format!("add \"{rel}\" to `members`"))
                && note.contains(&ws.join("Cargo.toml").display().to_string()),
            "{rel}: {note}"
        );
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(manifest.ends_with("\n[workspace]\n"), "{manifest}");

        let metadata = cargo_metadata(&out);
        assert!(
            metadata.status.success(),
            "{rel}: {}",
            text(&metadata.stderr)
        );
        assert_eq!(workspace_root_of(&metadata), out.display().to_string());

        // The same decision under --check: nothing to change.
        let check = codegen(&[&args[..], &["--check"]].concat());
        assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));

        // Without the table Cargo refuses it, excluded or not: the check above proves
        // something. (Excluded, it is refused by the workspace further up, if there is one:
        // cargo keeps looking above an `exclude`.)
        if !excluded {
            let bare = manifest.trim_end_matches("[workspace]\n");
            std::fs::write(out.join("Cargo.toml"), bare).expect("manifest");
            let refused = cargo_metadata(&out);
            assert!(
                !refused.status.success()
                    && text(&refused.stderr).contains("believes it's in a workspace"),
                "{}",
                text(&refused.stderr)
            );
        }
    }
    // The enclosing workspace itself still loads, without them.
    let metadata = cargo_metadata(&ws);
    assert!(metadata.status.success(), "{}", text(&metadata.stderr));

    // Doing what the note says makes them members (a `members` entry overrides `exclude`).
    let manifest = ws.join("Cargo.toml");
    let listed = std::fs::read_to_string(&manifest)
        .expect("workspace manifest")
        .replace(
            "\"clients/*\",",
            "\"clients/*\",\n  \"vendor/cognito\",\n  \"other/cognito\",",
        );
    std::fs::write(&manifest, listed).expect("workspace manifest");
    for rel in ["vendor/cognito", "other/cognito"] {
        let out = ws.join(rel);
        let name = rel.replace('/', "-");
        let run = codegen(&[
            "--model",
            &model(),
            "--out",
            &out.display().to_string(),
            "--crate-name",
            &name,
        ]);
        assert!(
            run.status.success() && !text(&run.stderr).contains("workspace"),
            "{rel}: {}",
            text(&run.stderr)
        );
        let written = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
        assert!(!written.contains("[workspace]"), "{written}");
        let metadata = cargo_metadata(&out);
        assert!(metadata.status.success(), "{}", text(&metadata.stderr));
        assert_eq!(workspace_root_of(&metadata), ws.display().to_string());
    }
}

#[test]
fn an_enclosing_workspace_it_cannot_read_is_refused_with_exit_2() {
    let ws = scratch("workspace-unreadable");
    let out = ws.join("sub/crate");
    for (manifest, says) in [
        (
            "[workspace]\nmembers = [\"[ab]/crate\"]\n",
            "character class",
        ),
        (
            "[workspace]\nmembers = \"sub/crate\"\n",
            "`workspace.members` is not an array",
        ),
        ("[workspace\nmembers = []\n", "not valid TOML"),
    ] {
        std::fs::write(ws.join("Cargo.toml"), manifest).expect("workspace manifest");
        let run = codegen(&["--model", &model(), "--out", &out.display().to_string()]);
        assert_eq!(run.status.code(), Some(2), "{manifest}");
        let err = text(&run.stderr);
        assert!(
            err.contains("cannot tell whether") && err.contains(says),
            "{manifest}: {err}"
        );
        assert!(!out.exists(), "nothing written");
    }
    // An entry that names the directory settles it, whatever the others say.
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nmembers = [\"[ab]/crate\", \"sub/crate\"]\n",
    )
    .expect("workspace manifest");
    let run = codegen(&["--model", &model(), "--out", &out.display().to_string()]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("manifest");
    assert!(!manifest.contains("[workspace]"), "{manifest}");
}

#[test]
fn suite_crates_a_member_runner_depends_on_are_members_too() {
    let suite = workspace().join("../shared/protocol-tests/aws-protocol-tests.json");
    if !suite.is_file() {
        eprintln!(
            "SKIPPED suite in a workspace: {} not found",
            suite.display()
        );
        return;
    }
    let ws = scratch("workspace-suite");
    // Only the runner is listed: Cargo makes its path dependencies members, though no
    // manifest on disk says so before the first run.
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"suite/runner\"]\n",
    )
    .expect("workspace manifest");
    let out = ws.join("suite");
    let run = codegen(&[
        "--protocol-tests",
        &suite.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        !text(&run.stderr).contains("workspace"),
        "{}",
        text(&run.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("json-rpc-10/Cargo.toml")).expect("manifest");
    assert!(!manifest.contains("[workspace]"), "{manifest}");
    let metadata = cargo_metadata(&ws);
    assert!(metadata.status.success(), "{}", text(&metadata.stderr));
    let packages: serde_json::Value =
        serde_json::from_slice(&metadata.stdout).expect("metadata is JSON");
    let members = packages["workspace_members"].as_array().map_or(0, Vec::len);
    assert_eq!(members, 9, "the runner and its eight crates");
}

/// The sample session in the README's "Generating for other operations": each `$ cargo run -p
/// codegen -- ARGS` is run (into a scratch directory instead of `/tmp`), and the lines it
/// prints must be the README's, up to the timing.
#[test]
fn readme_sample_session_is_what_runs() {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README");
    let start = readme
        .find("$ cargo run -p codegen -- --operations ListDevices")
        .expect("the README's sample session");
    let block = &readme[start
        ..readme[start..]
            .find("```")
            .map_or(readme.len(), |e| start + e)];
    let mut commands: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for line in block.lines() {
        match line.strip_prefix("$ cargo run -p codegen -- ") {
            Some(args) => commands.push((
                args.split_whitespace().map(str::to_string).collect(),
                Vec::new(),
            )),
            None => commands
                .last_mut()
                .expect("output follows a command")
                .1
                .push(line.to_string()),
        }
    }
    assert_eq!(commands.len(), 2, "{block}");
    let dir = scratch("readme");
    // `in 15ms` varies from run to run; everything before it must not.
    let untimed = |l: &str| l.rsplit_once(" in ").map_or(l, |(a, _)| a).to_string();
    for (args, want) in commands {
        let args: Vec<String> = args
            .into_iter()
            .map(|a| match a.strip_prefix("/tmp/") {
                Some(name) => dir.join(name).display().to_string(),
                None => a,
            })
            .collect();
        let run = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(&args)
            .current_dir(workspace())
            .output()
            .expect("codegen runs");
        assert!(run.status.success(), "{}", text(&run.stderr));
        // Where the scratch directory lies in a workspace (the default target dir is inside
        // this one) the crate is written as a workspace of its own, and a line says so.
        let got: Vec<String> = text(&run.stderr)
            .lines()
            .filter(|l| !l.contains("written as a workspace of its own"))
            .chain(text(&run.stdout).lines())
            .map(|l| untimed(&l.replace(&dir.display().to_string(), "/tmp")))
            .collect();
        let want: Vec<String> = want.iter().map(|l| untimed(l)).collect();
        assert_eq!(got, want, "codegen {args:?}");
    }
}
