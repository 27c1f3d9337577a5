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
        summary.starts_with("codegen: 59 shapes, 9 operations, 25 files written to ")
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
    let supported = "(supported: aws.protocols#awsJson1_0, aws.protocols#awsJson1_1)";
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

/// AWS's official models of restJson1 services (Lambda, EKS, ...) are refused the same way.
#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch codegen/build.rs"
)]
fn official_rest_json_models_are_refused() {
    let lambda = workspace().join("../shared/models/aws/lambda.json");
    let out = scratch("protocols-official").join("crate");
    let run = codegen(&[
        "--model",
        &lambda.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    let err = text(&run.stderr);
    assert!(
        err.contains(
            "com.amazonaws.lambda#AWSGirApiService: protocol aws.protocols#restJson1 is not supported (supported: aws.protocols#awsJson1_0, aws.protocols#awsJson1_1)"
        ),
        "{err}"
    );
    assert!(!out.exists(), "nothing is written");
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
