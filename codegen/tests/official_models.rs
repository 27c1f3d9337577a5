//! AWS's official models of other services (`../shared/models/aws/`), generated whole by the
//! `codegen` binary: every awsJson model must generate, and the crates, as members of one
//! temporary workspace sharing a target directory, must pass `cargo clippy -- -D warnings` on
//! their libs and tests (clippy type-checks everything `cargo check` does, so check and lint
//! are one pass) and `cargo doc` with warnings denied; then each crate's generated endpoint
//! tests (every `smithy.rules#endpointTests` case of its model) must pass, and each crate's
//! line `<crate>: endpoint tests: N passed, N failed (of N)` is printed. The restJson1 models
//! go through the same stages, their event-stream operations left out and reported. Ignored, with
//! the reason, where `../shared` is absent.
//!
//! On failure the test lists every failure it found, per model and stage (refused, check,
//! clippy, doc), each kind of diagnostic with its count and first occurrences.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

use serde_json::Value;

/// The awsJson models of `../shared/models/aws/` (file stem, protocol trait).
const AWS_JSON: &[(&str, &str)] = &[
    ("dynamodb", "awsJson1_0"),
    ("dynamodb-streams", "awsJson1_0"),
    ("sqs", "awsJson1_0"),
    ("sfn", "awsJson1_0"),
    ("timestream-query", "awsJson1_0"),
    ("acm", "awsJson1_1"),
    ("cloudtrail", "awsJson1_1"),
    ("cognito-identity", "awsJson1_1"),
    ("cognito-identity-provider", "awsJson1_1"),
    ("ecs", "awsJson1_1"),
    ("eventbridge", "awsJson1_1"),
    ("firehose", "awsJson1_1"),
];

/// The restJson1 models there, with the operations each leaves out (event streams, not
/// supported yet; streaming blobs are generated).
const REST_JSON: &[(&str, &[&str])] = &[
    (
        "bedrock-runtime",
        &["ConverseStream", "InvokeModelWithResponseStream"],
    ),
    ("cognito-sync", &[]),
    ("eks", &[]),
    ("lambda", &["InvokeWithResponseStream"]),
    ("polly", &[]),
];

/// How many occurrences of each kind of diagnostic the failure report quotes.
const QUOTED: usize = 2;

/// `../shared/models/aws/`: present unless the tests are ignored (see `build.rs`).
fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/models/aws")
}

/// The model's service shape: its id and its traits.
fn service(file: &Path) -> (String, serde_json::Map<String, Value>) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let model: Value = serde_json::from_str(&text).expect("the official model is JSON");
    let shapes = model["shapes"].as_object().expect("a shapes object");
    let (id, shape) = shapes
        .iter()
        .find(|(_, s)| s["type"] == "service")
        .expect("a service shape");
    let traits = shape["traits"].as_object().cloned().unwrap_or_default();
    (id.clone(), traits)
}

/// Runs the generator on each model, all at once (each is one single-threaded process).
fn generate_all(models: &Path, out: &Path, names: &[&str]) -> Vec<Output> {
    let children: Vec<_> = names
        .iter()
        .map(|name| {
            let dir = out.join(name);
            // A stale crate from an earlier run must not stand in for one refused now.
            let _ = std::fs::remove_dir_all(&dir);
            Command::new(env!("CARGO_BIN_EXE_codegen"))
                .arg("--model")
                .arg(models.join(format!("{name}.json")))
                .arg("--out")
                .arg(&dir)
                .env_remove("RUST_BACKTRACE")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("codegen starts")
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("codegen runs"))
        .collect()
}

fn workspace_manifest(members: &[&str]) -> String {
    format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members
            .iter()
            .map(|m| format!("\"{m}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Failures found, by model, then by (stage, kind of diagnostic): the distinct messages.
#[derive(Default)]
struct Failures(BTreeMap<String, BTreeMap<(String, String), Vec<String>>>);

impl Failures {
    fn add(&mut self, model: &str, stage: &str, kind: &str, message: String) {
        let messages = self
            .0
            .entry(model.to_string())
            .or_default()
            .entry((stage.to_string(), kind.to_string()))
            .or_default();
        // The lib and its test build report the same item twice.
        if !messages.contains(&message) {
            messages.push(message);
        }
    }

    fn report(&self) -> String {
        let mut out = String::new();
        for (model, kinds) in &self.0 {
            for ((stage, kind), messages) in kinds {
                out.push_str(&format!(
                    "\n=== {model}: {stage}: {kind} ({} distinct)\n",
                    messages.len()
                ));
                for m in messages.iter().take(QUOTED) {
                    let lines: Vec<&str> = m.lines().take(30).collect();
                    out.push_str(&lines.join("\n"));
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Runs cargo in the workspace with JSON messages and files every error under its model
/// (the member directory's name) and `stage` (`clippy` for clippy's lints).
fn cargo(ws: &Path, target: &Path, args: &[&str], stage: &str, failures: &mut Failures) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let mut attributed = false;
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" || msg["message"]["level"] != "error" {
            continue;
        }
        let text = msg["message"]["message"].as_str().unwrap_or_default();
        if text.starts_with("aborting due to") {
            continue;
        }
        let model = Path::new(msg["manifest_path"].as_str().unwrap_or_default())
            .parent()
            .and_then(Path::file_name)
            .map_or_else(|| "?".into(), |n| n.to_string_lossy().into_owned());
        let code = msg["message"]["code"]["code"].as_str().map(str::to_string);
        let stage = match &code {
            Some(c) if c.starts_with("clippy::") => "clippy",
            _ => stage,
        };
        let kind = code.unwrap_or_else(|| text.chars().take(70).collect());
        let rendered = msg["message"]["rendered"].as_str().unwrap_or(text);
        failures.add(&model, stage, &kind, rendered.to_string());
        attributed = true;
    }
    if !out.status.success() && !attributed {
        failures.add(
            "workspace",
            stage,
            &format!("cargo {} failed", args.join(" ")),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        );
    }
}

#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch codegen/build.rs"
)]
fn aws_json_models_generate_and_pass_clippy_and_doc() {
    let models = models_dir();
    for (name, protocol) in AWS_JSON {
        let (id, traits) = service(&models.join(format!("{name}.json")));
        assert!(
            traits.contains_key(&format!("aws.protocols#{protocol}")),
            "{id} ({name}.json) is not {protocol}: the table above is wrong"
        );
    }
    let names: Vec<&str> = AWS_JSON.iter().map(|(name, _)| *name).collect();
    let failures = generate_and_lint("awsJson", &names, &mut |_, _| {});
    assert!(
        failures.0.is_empty(),
        "official awsJson models that fail (model: stage: diagnostic):\n{}",
        failures.report()
    );
}

/// The restJson1 models generate, leaving out (and saying so) exactly their event-stream
/// operations, and pass the same stages as the awsJson ones.
#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch codegen/build.rs"
)]
fn rest_json1_models_generate_with_streaming_left_out_and_pass_clippy_and_doc() {
    let models = models_dir();
    for (name, _) in REST_JSON {
        let (id, traits) = service(&models.join(format!("{name}.json")));
        assert!(
            traits.contains_key("aws.protocols#restJson1"),
            "{id} is not restJson1"
        );
    }
    let names: Vec<&str> = REST_JSON.iter().map(|(name, _)| *name).collect();
    let failures = generate_and_lint("restJson1", &names, &mut |name, stderr| {
        let left_out: Vec<&str> = stderr
            .lines()
            .filter_map(|l| l.strip_prefix("codegen: left out operation "))
            .filter_map(|l| l.split(':').next())
            .collect();
        let expected = REST_JSON
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(&[][..], |(_, ops)| *ops);
        assert_eq!(left_out, expected, "{name}: operations left out\n{stderr}");
    });
    assert!(
        failures.0.is_empty(),
        "official restJson1 models that fail (model: stage: diagnostic):\n{}",
        failures.report()
    );
}

/// Generates `names` into one workspace (`kind` names it), calling `generated` with each
/// model's name and codegen's stderr, then runs clippy, doc and the endpoint tests over it.
fn generate_and_lint(
    kind: &str,
    names: &[&str],
    generated_with: &mut dyn FnMut(&str, &str),
) -> Failures {
    let models = models_dir();
    let started = Instant::now();
    let mut failures = Failures::default();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-models");
    let ws = root.join(format!("ws-{kind}"));
    std::fs::create_dir_all(&ws).expect("workspace dir");
    // Every crate listed before it is generated, so codegen writes them as members of this
    // workspace (not as workspaces of their own, which the one below would then refuse).
    std::fs::write(ws.join("Cargo.toml"), workspace_manifest(names)).expect("workspace manifest");
    let mut members = Vec::new();
    for (name, out) in names.iter().zip(generate_all(&models, &ws, names)) {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.success() {
            generated_with(name, &stderr);
            members.push(*name);
        } else {
            failures.add(
                name,
                "refused",
                &format!("codegen exit {}", out.status.code().unwrap_or(-1)),
                stderr,
            );
        }
    }
    let generated = started.elapsed();

    std::fs::write(ws.join("Cargo.toml"), workspace_manifest(&members))
        .expect("workspace manifest");
    // The project's lockfile pins the versions the project itself is tested with.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        ws.join("Cargo.lock"),
    )
    .expect("lockfile");
    // The target directory official_model.rs uses for the Cognito crate: the same
    // dependencies with the same features, so they are checked once for both tests.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("official-model");
    let mut stages = Vec::new();
    if !members.is_empty() {
        let keep = ["--workspace", "--keep-going", "--message-format", "json"];
        let t = Instant::now();
        // Each lib once, plus the crates' integration tests (the redaction audit): the lib's
        // own test build would only repeat the lib, generated crates have no unit tests.
        let clippy = [
            &["clippy", "--lib", "--test", "*"][..],
            &keep,
            &["--", "-D", "warnings"],
        ]
        .concat();
        cargo(&ws, &target, &clippy, "check", &mut failures);
        stages.push(format!("clippy {:.0?}", t.elapsed()));
        let t = Instant::now();
        cargo(
            &ws,
            &target,
            &[&["doc", "--no-deps"][..], &keep].concat(),
            "doc",
            &mut failures,
        );
        stages.push(format!("doc {:.0?}", t.elapsed()));
        let t = Instant::now();
        endpoint_tests(&ws, &target, &members, &mut failures);
        stages.push(format!("endpoint tests {:.0?}", t.elapsed()));
    }
    eprintln!(
        "official models: {} of {} {kind} models generated in {generated:.0?}; {}; {:.0?} in all",
        members.len(),
        names.len(),
        stages.join(", "),
        started.elapsed()
    );
    failures
}

/// Builds every crate's `tests/endpoint_tests.rs` at once, then runs each and prints its
/// summary line behind the crate's name; a crate without the file, a failing run or a missing
/// line is a failure.
fn endpoint_tests(ws: &Path, target: &Path, members: &[&str], failures: &mut Failures) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = |args: &[&str]| {
        Command::new(&cargo)
            .args(args)
            .current_dir(ws)
            .env("CARGO_TARGET_DIR", target)
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs")
    };
    let build = run(&[
        "test",
        "--workspace",
        "--test",
        "endpoint_tests",
        "--no-run",
    ]);
    if !build.status.success() {
        failures.add(
            "workspace",
            "endpoint tests",
            "cargo test --no-run failed",
            String::from_utf8_lossy(&build.stderr).into_owned(),
        );
        return;
    }
    for member in members {
        let manifest = ws.join(member).join("Cargo.toml");
        let package = std::fs::read_to_string(&manifest)
            .ok()
            .and_then(|text| {
                text.lines().find_map(|l| {
                    l.strip_prefix("name = \"")?
                        .strip_suffix('"')
                        .map(str::to_string)
                })
            })
            .unwrap_or_else(|| member.to_string());
        let manifest = manifest.to_string_lossy().into_owned();
        let out = run(&[
            "test",
            "--manifest-path",
            &manifest,
            "--test",
            "endpoint_tests",
            "--",
            "--nocapture",
        ]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout.lines().find(|l| l.starts_with("endpoint tests: "));
        match line {
            Some(line) => println!("{package}: {line}"),
            None => println!("{package}: no endpoint tests line"),
        }
        if !out.status.success() || line.is_none() {
            failures.add(
                member,
                "endpoint tests",
                "endpoint test cases failed",
                format!("{stdout}{}", String::from_utf8_lossy(&out.stderr)),
            );
        }
    }
}
