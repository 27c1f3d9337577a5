//! The bad-model corpus (`tests/bad-models/*.json`): for each, the CLI exits 2, names the
//! shape (or file) and the problem, prints no Rust backtrace, and leaves an output directory
//! holding a previous generation exactly as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// File name -> (where the problem is, what the message says).
const EXPECTED: &[(&str, &str, &str)] = &[
    (
        "apply-to-missing-member",
        "a#In$nope",
        "`apply` targets a member that does not exist",
    ),
    (
        "apply-to-missing-shape",
        "a#Nope",
        "`apply` targets a shape that does not exist",
    ),
    (
        "big-integer-unsupported",
        "smithy.api#BigInteger",
        "bigInteger shapes are not supported",
    ),
    (
        "enum-duplicate-values",
        "a#E$B",
        "enum value \"x\" is already used by `A`",
    ),
    (
        "enum-invalid-member-name",
        "a#E$1BAD",
        "not a Smithy identifier",
    ),
    (
        "enum-member-not-unit",
        "a#E$A",
        "must target `smithy.api#Unit`",
    ),
    (
        "error-trait-bad-value",
        "a#E",
        "must be \"client\" or \"server\"",
    ),
    (
        "error-without-error-trait",
        "a#Op",
        "error `a#Oops` has no `smithy.api#error` trait",
    ),
    (
        "input-is-error",
        "a#Op",
        "input `a#In` is an error structure",
    ),
    (
        "input-not-structure",
        "a#Op",
        "input `a#In` is a string, expected a structure",
    ),
    ("int-enum-without-values", "a#I$ONE", "need an `enumValue`"),
    ("list-without-member", "a#L", "missing `member`"),
    (
        "map-key-not-string",
        "a#M$key",
        "is an integer, expected a string or an enum",
    ),
    (
        "member-names-equal-ignoring-case",
        "a#In$name",
        "member names must differ ignoring case",
    ),
    (
        "member-targets-member",
        "a#In$x",
        "targets a member; it must target a shape",
    ),
    (
        "member-targets-operation",
        "a#In$x",
        "is an operation, expected a data shape",
    ),
    (
        "member-without-target",
        "a#In$x",
        "must be an object with a string `target`",
    ),
    (
        "missing-version",
        "file ",
        "missing the `smithy` version key",
    ),
    (
        "mixin-without-mixin-trait",
        "a#In",
        "has no `smithy.api#mixin` trait",
    ),
    ("no-service", "model", "defines no service shape"),
    ("not-json", "file ", "not valid JSON"),
    (
        "paginated-items-not-a-list",
        "a#Op",
        "`items` `things` must target a list or map",
    ),
    (
        "paginated-page-size-not-integer",
        "a#Op",
        "`pageSize` `size` must target an integer type",
    ),
    (
        "paginated-token-not-a-member",
        "a#Op",
        "`inputToken` `token` is not a member of `a#In`",
    ),
    (
        "paginated-without-output-token",
        "a#Op",
        "needs both `inputToken` and `outputToken`",
    ),
    (
        "protocol-missing",
        "a#Svc",
        "the service has no protocol trait (supported: aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restJson1)",
    ),
    (
        "protocol-rest-xml",
        "a#Svc",
        "protocol aws.protocols#restXml is not supported (supported: aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restJson1)",
    ),
    (
        "recursive-collections",
        "a#L",
        "contains itself through lists and maps only",
    ),
    (
        "relative-shape-id",
        "NoNamespace",
        "not an absolute shape id",
    ),
    (
        "required-cycle",
        "a#A",
        "cycle of required members (a#A -> a#B -> a#A)",
    ),
    (
        "service-operation-wrong-kind",
        "a#Svc",
        "operation `a#In` is a structure, expected an operation",
    ),
    (
        "shape-names-equal-ignoring-case",
        "b#in",
        "conflicts with `a#In` ignoring case",
    ),
    ("shape-not-object", "a#In", "a shape must be a JSON object"),
    ("shapes-not-object", "file ", "`shapes` must be an object"),
    (
        "top-level-array",
        "file ",
        "the top level must be a JSON object",
    ),
    (
        "two-idempotency-tokens",
        "a#In",
        "at most one member may carry `smithy.api#idempotencyToken`",
    ),
    (
        "unit-as-structure-member",
        "a#In$u",
        "`smithy.api#Unit` may only be targeted",
    ),
    ("unknown-shape-type", "a#In", "unknown shape type `widget`"),
    (
        "unresolved-error",
        "a#Op",
        "error `a#NoSuchError` does not resolve",
    ),
    (
        "unresolved-input",
        "a#Op",
        "input `a#NoSuchInput` does not resolve",
    ),
    (
        "unresolved-member-target",
        "a#In$x",
        "target `a#Gone` does not resolve",
    ),
    (
        "unresolved-output",
        "a#Op",
        "output `a#NoSuchOutput` does not resolve",
    ),
    (
        "unresolved-service-operation",
        "a#Svc",
        "operation `a#Missing` does not resolve",
    ),
    (
        "unsupported-version",
        "file ",
        "unsupported `smithy` version \"3.0\"",
    ),
    (
        "version-not-string",
        "file ",
        "`smithy` must be a version string",
    ),
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-models")
}

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

#[test]
fn every_file_of_the_corpus_has_an_expectation() {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .expect("corpus")
        .filter_map(|e| e.ok())
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".json")
                .to_string()
        })
        .collect();
    files.sort();
    let expected: Vec<&str> = EXPECTED.iter().map(|(f, _, _)| *f).collect();
    assert_eq!(files, expected);
    assert!(files.len() >= 30, "the corpus holds {} models", files.len());
}

#[test]
fn each_bad_model_fails_cleanly_and_touches_nothing() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad-models");
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("crate");
    let good = Path::new(env!("CARGO_MANIFEST_DIR")).join("../model");
    let status = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args([
            "--model",
            &good.display().to_string(),
            "--out",
            &out.display().to_string(),
        ])
        .status()
        .expect("runs");
    assert!(status.success(), "the previous generation");
    let before = snapshot(&out);

    let mut failures = Vec::new();
    for (file, location, fragment) in EXPECTED {
        let model = corpus().join(format!("{file}.json"));
        let run = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args([
                "--model",
                &model.display().to_string(),
                "--out",
                &out.display().to_string(),
            ])
            .env("RUST_BACKTRACE", "1")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        let named = stderr.lines().any(|l| {
            l.trim_start_matches([' ', '-']).starts_with(location) && l.contains(fragment)
        });
        if run.status.code() != Some(2) {
            failures.push(format!("{file}: exit {:?}", run.status.code()));
        } else if !named {
            failures.push(format!(
                "{file}: expected `{location}: ...{fragment}...` in\n{stderr}"
            ));
        } else if stderr.contains("panicked") || stderr.contains("stack backtrace") {
            failures.push(format!("{file}: panicked:\n{stderr}"));
        }
        if snapshot(&out) != before {
            failures.push(format!("{file}: the output directory changed"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
