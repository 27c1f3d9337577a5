//! Typed generator errors. Every model problem names the shape id (or file) it belongs to, and
//! all problems are collected before failing so a user fixes a model in one pass.

use std::fmt;
use std::path::PathBuf;

/// One problem in the model, tied to the shape (or member, or file) where it was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// A shape id (`ns#Name` or `ns#Name$member`), or `file <name>` for document-level problems.
    pub location: String,
    pub message: String,
}

impl Diagnostic {
    pub fn new(shape: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: shape.into(),
            message: message.into(),
        }
    }

    pub fn file(name: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            location: format!("file {name}"),
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Why generation failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model is malformed or uses something the generator does not support.
    #[error("{} problem(s) in the model:\n{}", .0.len(), render(.0))]
    Invalid(Vec<Diagnostic>),
    #[error("no model files found in {0:?} (expected .json Smithy JSON AST files)")]
    NoModelFiles(Vec<PathBuf>),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Emitted tokens did not parse as a Rust file: a generator bug, reported rather than
    /// written out.
    #[error("internal error: generated `{file}` is not valid Rust ({message})")]
    Emit { file: String, message: String },
    /// The output directory holds files the generator did not write.
    #[error("refusing to replace {0}: it exists and is not a crate written by this generator")]
    ForeignOutput(PathBuf),
    /// The output directory lies in a Cargo workspace whose manifest could not be read well
    /// enough to tell whether the directory is one of its members.
    #[error("cannot tell whether {out} belongs to the workspace of {manifest}: {message}")]
    Workspace {
        out: PathBuf,
        manifest: PathBuf,
        message: String,
    },
}

impl Error {
    /// Exit code for the CLI: 2 for a bad model or an `--out` it cannot place, 1 for anything
    /// else.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Invalid(_) | Error::NoModelFiles(_) | Error::Workspace { .. } => 2,
            _ => 1,
        }
    }
}

fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  - {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}
