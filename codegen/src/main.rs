//! `codegen`: regenerates a client crate from Smithy JSON AST models.
//!
//! With no arguments it reads `model/` and rewrites `generated/` (both relative to the
//! workspace root, so it works from any directory inside the checkout).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use codegen::{Error, Selection, generate_paths, write};

const USAGE: &str = "\
usage: codegen [--model PATH]... [--out DIR] [--operations A,B] [--service NAME]
               [--crate-name NAME] [--check]

  --model PATH       a Smithy JSON AST file or a directory of them (repeatable; default: model/)
  --out DIR          the crate directory to write (default: generated/)
  --operations A,B   generate only these operations and what they need (default: all)
  --service NAME     the service to generate, when the model has several
  --crate-name NAME  the Cargo package name (default: the service's sdkId, kebab-case)
  --check            write nothing; exit 1 and list the files that would change

exit codes: 0 success, 1 --check found changes or an I/O error, 2 bad model or usage";

struct Args {
    models: Vec<PathBuf>,
    out: Option<PathBuf>,
    selection: Selection,
    check: bool,
}

fn parse_args() -> Result<Args, lexopt::Error> {
    use lexopt::prelude::*;
    let mut args = Args {
        models: Vec::new(),
        out: None,
        selection: Selection::default(),
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

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("codegen: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let root = workspace_root();
    let models = if args.models.is_empty() {
        vec![root.join("model")]
    } else {
        args.models
    };
    let out = args.out.unwrap_or_else(|| root.join("generated"));
    let started = Instant::now();
    let generated = match generate_paths(&models, &args.selection) {
        Ok(g) => g,
        Err(e) => return fail(&e),
    };
    if args.check {
        return match write::diff(&out, &generated.files) {
            Ok(changed) if changed.is_empty() => {
                println!(
                    "codegen --check: {} is up to date ({} files)",
                    out.display(),
                    generated.files.len()
                );
                ExitCode::SUCCESS
            }
            Ok(changed) => {
                eprintln!(
                    "codegen --check: {} files would change in {}:",
                    changed.len(),
                    out.display()
                );
                for c in changed {
                    eprintln!("  {c}");
                }
                ExitCode::from(1)
            }
            Err(e) => fail(&e),
        };
    }
    if let Err(e) = write::write(&out, &generated.files) {
        return fail(&e);
    }
    println!(
        "codegen: {}, {}, {} written to {} in {:.0?}",
        plural(generated.shapes, "shape"),
        plural(generated.operations, "operation"),
        plural(generated.files.len(), "file"),
        out.display(),
        started.elapsed()
    );
    ExitCode::SUCCESS
}

fn fail(e: &Error) -> ExitCode {
    eprintln!("codegen: error: {e}");
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
}
