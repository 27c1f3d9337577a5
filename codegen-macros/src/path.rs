//! Where `generate!` looks for its model file.
//!
//! A relative path is relative to the invoking crate's `CARGO_MANIFEST_DIR` (the directory of
//! its `Cargo.toml`), as for `include_str!`-style macros that take crate paths: it does not
//! depend on where the compiler runs or where the target directory is. A path may start with
//! an environment variable, `$NAME/...` or `${NAME}/...`, read when the macro expands (for
//! models that live outside the crate: `$OUT_DIR/model.json` from a build script, or a
//! directory a test harness exports); the expansion then records the variable with `env!`,
//! so Cargo rebuilds the crate when it changes. Absolute paths are used as they are.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A resolved model path, and the environment variable it started with, if any.
#[derive(Debug, PartialEq, Eq)]
pub struct Resolved {
    pub path: PathBuf,
    pub variable: Option<String>,
}

/// Resolves `written` (the macro's string argument) against `manifest_dir`, reading variables
/// through `var` (the process environment in the macro; a table in tests).
pub fn resolve(
    written: &str,
    manifest_dir: &Path,
    var: impl Fn(&str) -> Option<OsString>,
) -> Result<Resolved, String> {
    let Some(after_dollar) = written.strip_prefix('$') else {
        return Ok(Resolved {
            path: manifest_dir.join(written),
            variable: None,
        });
    };
    let (name, rest) = match after_dollar.strip_prefix('{') {
        Some(braced) => braced
            .split_once('}')
            .ok_or_else(|| format!("model path `{written}`: `${{` is not closed by `}}`"))?,
        None => {
            let end = after_dollar
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after_dollar.len());
            after_dollar.split_at(end)
        }
    };
    let valid_name = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_name {
        return Err(format!(
            "model path `{written}`: `$` must be followed by an environment variable name \
             (`$NAME/...` or `${{NAME}}/...`)"
        ));
    }
    if !(rest.is_empty() || rest.starts_with('/') || rest.starts_with('\\')) {
        return Err(format!(
            "model path `{written}`: the variable must be a whole path component \
             (`${name}/...`)"
        ));
    }
    let value = var(name).ok_or_else(|| {
        format!("model path `{written}`: environment variable `{name}` is not set")
    })?;
    let mut path = PathBuf::from(value);
    let rest = rest.trim_start_matches(['/', '\\']);
    if !rest.is_empty() {
        path.push(rest);
    }
    Ok(Resolved {
        // A relative value means the same as a relative literal: from the manifest directory.
        path: manifest_dir.join(path),
        variable: Some(name.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<OsString> {
        match name {
            "MODELS" => Some("/srv/models".into()),
            "REL" => Some("shared".into()),
            _ => None,
        }
    }

    fn ok(written: &str) -> Resolved {
        resolve(written, Path::new("/crate"), env).unwrap_or_else(|e| panic!("{written}: {e}"))
    }

    fn err(written: &str) -> String {
        match resolve(written, Path::new("/crate"), env) {
            Ok(r) => panic!("{written} resolved to {r:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn relative_paths_are_relative_to_the_manifest_dir() {
        assert_eq!(
            ok("model/a.json"),
            Resolved {
                path: "/crate/model/a.json".into(),
                variable: None
            }
        );
        assert_eq!(ok("../m.json").path, Path::new("/crate/../m.json"));
        assert_eq!(ok("/abs/m.json").path, Path::new("/abs/m.json"));
    }

    #[test]
    fn a_leading_variable_is_expanded_and_recorded() {
        for written in ["$MODELS/aws/a.json", "${MODELS}/aws/a.json"] {
            assert_eq!(
                ok(written),
                Resolved {
                    path: "/srv/models/aws/a.json".into(),
                    variable: Some("MODELS".into())
                },
                "{written}"
            );
        }
        assert_eq!(ok("$MODELS").path, Path::new("/srv/models"));
        assert_eq!(ok("$REL/a.json").path, Path::new("/crate/shared/a.json"));
    }

    #[test]
    fn bad_variables_are_named() {
        assert!(err("$UNSET/a.json").contains("environment variable `UNSET` is not set"));
        assert!(err("$/a.json").contains("must be followed by an environment variable name"));
        assert!(err("$1X/a.json").contains("must be followed by an environment variable name"));
        assert!(err("${MODELS/a.json").contains("is not closed"));
        assert!(err("${MODELS}x/a.json").contains("whole path component"));
        assert!(err("$MODELS-x/a.json").contains("whole path component"));
    }
}
