//! `codegen`: regenerates client crates from Smithy JSON AST models.
//!
//! With no arguments it reads `model/` and rewrites `generated/`, then regenerates the
//! protocol compliance suite under `tests/protocol/` from `../shared` (both relative to the
//! workspace root, so it works from any directory inside the checkout).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::emit::manifest::{self, RuntimeDep};
use codegen::workspace::{self, Placement};
use codegen::{Error, Files, Selection, generate_paths, model, protocol_tests, write};

const USAGE: &str = "\
usage: codegen [--model PATH]... [--out DIR] [--operations A,B] [--service NAME]
               [--crate-name NAME] [--runtime-path DIR | --runtime-version VER] [--check]
       codegen --protocol-tests FILE [--out DIR] [--check]

  --model PATH           a Smithy JSON AST file or a directory of them (repeatable; default: model/)
  --out DIR              the crate directory to write (default: generated/); with
                         --protocol-tests, the directory of the suite (default: tests/protocol/).
                         Inside a Cargo workspace that does not list it as a member, the crate
                         gets an empty [workspace] table, so that it builds there
  --operations A,B       generate only these operations and what they need (default: all)
  --service NAME         the service to generate, when the model has several
  --crate-name NAME      the Cargo package name (default: the service's sdkId, kebab-case)
  --protocol-tests FILE  generate a crate per awsJson1_0/awsJson1_1/restJson1 service of
                         FILE and a runner for their smithy.test client cases (services of
                         other protocols are left out)
  --runtime-path DIR     the aws-light-runtime crate the generated crate depends on, by path
                         (default: runtime/ of this checkout, written relative to --out)
  --runtime-version VER  depend on aws-light-runtime from the registry at this version instead
  --check                write nothing; exit 1 and list the files that would change

With no arguments: generated/ from model/, then (when ../shared has them) tests/cognito-users/,
tests/cognito-identity/, tests/lambda-functions/ and tests/eks-clusters/ from AWS's official
models and tests/protocol/ from Smithy's AWS protocol test model.

exit codes: 0 success, 1 --check found changes or an I/O error, 2 bad model or usage (or an
enclosing workspace manifest that cannot be read with certainty)";

/// The protocol test model (Smithy's whole AWS suite; its awsJson1_0, awsJson1_1 and restJson1
/// services make up ours), relative to the workspace root.
const PROTOCOL_TESTS: &str = "../shared/protocol-tests/aws-protocol-tests.json";

/// Crates generated from AWS's official models (relative to the workspace root) for the tests:
/// directory, package, model, operations (`None`: all). `cognito-users` has the user and pool
/// operations our own model does not cover, for the tests against moto; `cognito-identity`
/// is the second service of the test of two services in one program; `lambda-functions` and
/// `eks-clusters` are restJson1 services for the tests against moto.
const PEER_CRATES: &[(&str, &str, &str, Option<&str>)] = &[
    (
        "tests/cognito-users",
        "cognito-users",
        "../shared/models/aws/cognito-identity-provider.json",
        Some("AdminCreateUser,CreateUserPool,GetUser,ListUsers"),
    ),
    (
        "tests/cognito-identity",
        "cognito-identity",
        "../shared/models/aws/cognito-identity.json",
        None,
    ),
    // restJson1 against moto: labels that need percent-encoding (function ARNs), query
    // lists, paginators, modeled errors; Lambda's Invoke for header-bound members, a blob
    // payload each way and the status code as an output member.
    (
        "tests/lambda-functions",
        "lambda-functions",
        "../shared/models/aws/lambda.json",
        Some("CreateFunction,DeleteFunction,GetFunction,Invoke,ListFunctions,ListTags,TagResource"),
    ),
    (
        "tests/eks-clusters",
        "eks-clusters",
        "../shared/models/aws/eks.json",
        Some("CreateCluster,DeleteCluster,DescribeCluster,ListClusters"),
    ),
];

struct Args {
    models: Vec<PathBuf>,
    out: Option<PathBuf>,
    protocol_tests: Option<PathBuf>,
    selection: Selection,
    runtime: Option<RuntimeChoice>,
    check: bool,
}

/// `--runtime-path` or `--runtime-version`.
enum RuntimeChoice {
    Path(PathBuf),
    Version(String),
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        models: Vec::new(),
        out: None,
        protocol_tests: None,
        selection: Selection::default(),
        runtime: None,
        check: false,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next()? {
        match arg {
            Long("model") => args.models.push(parser.value()?.into()),
            Long("out") => args.out = Some(parser.value()?.into()),
            Long("operations") => {
                let list: String = parser.value()?.parse()?;
                let ops: Vec<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect();
                args.selection
                    .operations
                    .get_or_insert_with(Vec::new)
                    .extend(ops);
            }
            Long("service") => args.selection.service = Some(parser.value()?.parse()?),
            Long("crate-name") => args.selection.package = Some(parser.value()?.parse()?),
            Long("protocol-tests") => args.protocol_tests = Some(parser.value()?.into()),
            Long("runtime-path") => {
                args.runtime = Some(RuntimeChoice::Path(parser.value()?.into()))
            }
            Long("runtime-version") => {
                args.runtime = Some(RuntimeChoice::Version(parser.value()?.parse()?));
            }
            Long("check") => args.check = true,
            Short('h') | Long("help") => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(args)
}

/// The workspace root: where this binary's own crate sits, one level down. Falls back to the
/// current directory when the sources are not where they were built (an installed binary).
fn workspace_root() -> PathBuf {
    match Path::new(env!("CARGO_MANIFEST_DIR")).parent() {
        Some(root) if root.join("model").is_dir() => root.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `path` made absolute against the current directory, `.` and `..` resolved by their names
/// (the directory may not exist yet, so it cannot be canonicalized).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `target` relative to the directory `from`, both absolute: the runtime path written into a
/// manifest, which then stays right when the checkout moves.
fn relative(target: &Path, from: &Path) -> PathBuf {
    let target: Vec<_> = target.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = target.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &target[common..] {
        out.push(part);
    }
    out
}

/// The runtime dependency of the crate written to `dir`.
fn runtime_dep(choice: Option<&RuntimeChoice>, dir: &Path) -> RuntimeDep {
    let path = match choice {
        Some(RuntimeChoice::Version(v)) => return RuntimeDep::Version(v.clone()),
        Some(RuntimeChoice::Path(p)) => absolute(p),
        None => absolute(&manifest::this_checkout_runtime()),
    };
    // Manifests use `/` on every platform.
    let rel = relative(&path, &absolute(dir));
    let text = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    RuntimeDep::Path(text)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Writes (or, with `--check`, compares) a set of output directories. Every directory is
/// generated before any is written, so a bad model leaves all of them as they were.
fn apply(outputs: &[(PathBuf, Files)], check: bool) -> Result<bool, Error> {
    if !check {
        for (dir, files) in outputs {
            write::write(dir, files)?;
        }
        return Ok(true);
    }
    let mut clean = true;
    for (dir, files) in outputs {
        let changed = write::diff(dir, files)?;
        if changed.is_empty() {
            println!(
                "codegen --check: {} is up to date ({})",
                dir.display(),
                plural(files.len(), "file")
            );
        } else {
            clean = false;
            eprintln!(
                "codegen --check: {} would change in {}:",
                plural(changed.len(), "file"),
                dir.display()
            );
            for c in changed {
                eprintln!("  {c}");
            }
        }
    }
    Ok(clean)
}

/// Makes a crate that lies in a workspace which does not count it as a member a workspace of
/// its own, so that it builds where it is written, and says so.
fn place(dir: &Path, files: &mut Files, placement: Placement) {
    if let Placement::Standalone {
        manifest,
        relative,
        excluded,
    } = placement
    {
        workspace::make_standalone(files);
        let why = if excluded {
            "excluded from"
        } else {
            "not a member of"
        };
        eprintln!(
            "codegen: {} is {why} the workspace of {}: written as a workspace of its own (an \
             empty `[workspace]` table in its Cargo.toml). To make it a member instead, add \
             \"{relative}\" to `members` in {} and run codegen again.",
            dir.display(),
            manifest.display(),
            manifest.display()
        );
    }
}

fn run(args: Args) -> Result<bool, Error> {
    let root = workspace_root();
    let started = Instant::now();
    let default_mode =
        args.models.is_empty() && args.out.is_none() && args.protocol_tests.is_none();
    let mut outputs = Vec::new();
    let mut summary = Vec::new();

    if args.protocol_tests.is_none() {
        let models = if args.models.is_empty() {
            vec![root.join("model")]
        } else {
            args.models.clone()
        };
        let out = args.out.clone().unwrap_or_else(|| root.join("generated"));
        let generated = generate_paths(&models, &args.selection)?;
        for o in &generated.omitted {
            eprintln!("codegen: left out operation {}: {}", o.name, o.reason);
        }
        summary.push(format!(
            "{}, {}, {} written to {}",
            plural(generated.shapes, "shape"),
            plural(generated.operations, "operation"),
            plural(generated.files.len(), "file"),
            out.display()
        ));
        outputs.push((out, generated.files));
    }

    if default_mode {
        for (dir, package, model, ops) in PEER_CRATES {
            let official = root.join(model);
            if !official.is_file() {
                eprintln!(
                    "codegen: skipped {dir}, generated from an official model: {} not found",
                    official.display()
                );
                continue;
            }
            let selection = Selection {
                operations: ops.map(|ops| ops.split(',').map(str::to_string).collect()),
                package: Some((*package).to_string()),
                ..Selection::default()
            };
            let generated = generate_paths(std::slice::from_ref(&official), &selection)?;
            summary.push(format!(
                "{} from the official model written to {dir}",
                plural(generated.operations, "operation")
            ));
            outputs.push((root.join(dir), generated.files));
        }
    }

    // The path and how the runner names it (relative to the workspace root by default).
    let suite_source = match (&args.protocol_tests, default_mode) {
        (Some(path), _) => Some((path.clone(), path.display().to_string())),
        (None, true) => {
            let path = root.join(PROTOCOL_TESTS);
            if path.is_file() {
                Some((path, PROTOCOL_TESTS.to_string()))
            } else {
                eprintln!(
                    "codegen: skipped the protocol test suite: {} not found",
                    path.display()
                );
                None
            }
        }
        (None, false) => None,
    };
    if let Some((path, source)) = suite_source {
        let model = model::load_paths(std::slice::from_ref(&path))?;
        let dir = if default_mode || args.out.is_none() {
            root.join("tests/protocol")
        } else {
            args.out
                .clone()
                .unwrap_or_else(|| root.join("tests/protocol"))
        };
        let suite = protocol_tests::generate_suite(&model, &source)?;
        let counts = suite
            .cases
            .iter()
            .map(|(protocol, n)| format!("{n} {}", protocol.name()))
            .collect::<Vec<_>>()
            .join(" and ");
        summary.push(format!(
            "{} and a runner of {counts} cases written to {} ({} of other protocols not part of the suite)",
            plural(suite.crates.len(), "protocol test crate"),
            dir.display(),
            plural(suite.excluded.len(), "service")
        ));
        for (name, files) in suite.crates {
            outputs.push((dir.join(name), files));
        }
        outputs.push((dir.join("runner"), suite.runner));
    }

    let manifests: Vec<(&Path, &str)> = outputs
        .iter()
        .map(|(dir, files)| {
            let manifest = files.get("Cargo.toml").map_or("", String::as_str);
            (dir.as_path(), manifest)
        })
        .collect();
    let placements = workspace::placements(&manifests)?;
    for ((dir, files), placement) in outputs.iter_mut().zip(placements) {
        place(dir, files, placement);
        if let Some(manifest) = files.get_mut("Cargo.toml") {
            *manifest = manifest::set_runtime(manifest, &runtime_dep(args.runtime.as_ref(), dir));
        }
    }
    let ok = apply(&outputs, args.check)?;
    if !args.check {
        println!(
            "codegen: {} in {:.0?}",
            summary.join("; "),
            started.elapsed()
        );
    }
    Ok(ok)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("codegen: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("codegen: error: {e}");
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}
