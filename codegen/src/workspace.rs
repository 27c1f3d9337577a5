//! Where an output directory stands towards an enclosing Cargo workspace.
//!
//! Cargo refuses to build a package that lies below a workspace root which does not count it as
//! a member ("current package believes it's in a workspace when it's not"). A generated crate
//! that is a member is written as it is; one that is not (left out of `members`, or listed in
//! `exclude`) gets an empty `[workspace]` table, which makes it a workspace of its own, so it
//! builds where it is written either way.
//!
//! Membership is decided as Cargo decides it: the nearest ancestor manifest with a `[workspace]`
//! table, its `exclude` entries (path prefixes, overridden by a `members` entry that is a prefix
//! too), its `members` globs, and path dependencies of members that reach the directory (Cargo
//! makes those members as well). Whatever this cannot read with certainty is refused with
//! [`Error::Workspace`] rather than guessed.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use toml::{Table, Value};

use crate::emit::Files;
use crate::error::Error;

/// What the enclosing workspace, if any, makes of an output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// No ancestor manifest has a `[workspace]` table.
    Outside,
    /// A member of the workspace of this manifest.
    Member(PathBuf),
    /// Below the workspace of `manifest` but not a member of it: written as a workspace of its
    /// own.
    Standalone {
        manifest: PathBuf,
        /// The directory relative to the workspace root, `/`-separated: what `members` or
        /// `exclude` would have to say.
        relative: String,
        /// Left out by `exclude`, rather than just not listed in `members`.
        excluded: bool,
    },
}

/// The line appended to the `Cargo.toml` of a crate that is not a member of the workspace it
/// lies in.
const STANDALONE: &str = "\n# Not a member of the Cargo workspace this directory lies in: a workspace of its own,\n# so that it builds here. Regenerate after adding it to that workspace's `members`.\n[workspace]\n";

/// Makes a generated crate a workspace of its own.
pub fn make_standalone(files: &mut Files) {
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        manifest.push_str(STANDALONE);
    }
}

/// Decides what the workspace enclosing `out` (a crate directory, existing or not) makes of it.
pub fn placement(out: &Path) -> Result<Placement, Error> {
    let dir = resolve(out)?;
    for ancestor in dir.ancestors().skip(1) {
        let manifest = ancestor.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        let refuse = |message: String| Error::Workspace {
            out: out.to_path_buf(),
            manifest: manifest.clone(),
            message,
        };
        let table = read(&manifest).map_err(refuse)?;
        match table.get("workspace") {
            Some(Value::Table(ws)) => {
                return decide(ancestor, &manifest, &table, ws, &dir).map_err(refuse);
            }
            Some(_) => return Err(refuse("`workspace` is not a table".into())),
            None => {}
        }
        if let Some(Value::Table(package)) = table.get("package")
            && package.contains_key("workspace")
        {
            return Err(refuse(format!(
                "it names its workspace root with `package.workspace`, which codegen does not \
                 follow; choose an --out outside {}",
                ancestor.display()
            )));
        }
    }
    Ok(Placement::Outside)
}

/// [`placement`] of several crates written together, given their `Cargo.toml`s: one that a
/// member of them depends on by path is a member too (Cargo makes it one), though neither is on
/// disk yet to be found.
pub fn placements(crates: &[(&Path, &str)]) -> Result<Vec<Placement>, Error> {
    let mut placed = Vec::new();
    let mut dirs = Vec::new();
    let mut manifests = Vec::new();
    for (dir, manifest) in crates {
        placed.push(placement(dir)?);
        dirs.push(resolve(dir)?);
        manifests.push(manifest.parse::<Table>().map_err(|e| Error::Emit {
            file: "Cargo.toml".into(),
            message: e.to_string(),
        })?);
    }
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..crates.len() {
            let Placement::Member(root) = placed[i].clone() else {
                continue;
            };
            for dep in path_dependencies(&manifests[i], &dirs[i], &[]) {
                for j in 0..crates.len() {
                    let claimed = matches!(&placed[j], Placement::Standalone { manifest, excluded: false, .. } if *manifest == root);
                    if claimed && dirs[j] == dep {
                        placed[j] = Placement::Member(root.clone());
                        changed = true;
                    }
                }
            }
        }
    }
    Ok(placed)
}

/// Membership of `dir` in the workspace rooted at `root`.
fn decide(
    root: &Path,
    manifest: &Path,
    table: &Table,
    ws: &Table,
    dir: &Path,
) -> Result<Placement, String> {
    let members = strings(ws, "members")?;
    let exclude = strings(ws, "exclude")?;
    let relative = dir
        .strip_prefix(root)
        .map_err(|_| format!("{} is not below {}", dir.display(), root.display()))?
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let standalone = |excluded| Placement::Standalone {
        manifest: manifest.to_path_buf(),
        relative: relative.clone(),
        excluded,
    };

    if excluded(root, &members, &exclude, dir) {
        return Ok(standalone(true));
    }

    let target: Vec<String> = components(dir);
    let mut patterns = Vec::new();
    let mut unreadable = None;
    for member in &members {
        match Pattern::new(root, member) {
            Ok(pattern) if pattern.matches(&target) => {
                return Ok(Placement::Member(manifest.to_path_buf()));
            }
            Ok(pattern) => patterns.push(pattern),
            Err(e) => unreadable = unreadable.or(Some(e)),
        }
    }
    // An entry that names the directory settles it; one that might, and cannot be read, does
    // not (nor can its members be searched for path dependencies).
    if let Some(e) = unreadable {
        return Err(e);
    }

    // Path dependencies of members within the root become members too.
    let inherited = path_table(ws.get("dependencies"), root);
    let mut queue: Vec<PathBuf> = Vec::new();
    if table.contains_key("package") {
        queue.push(root.to_path_buf());
    }
    for pattern in &patterns {
        pattern.expand(&mut queue);
    }
    let mut seen: BTreeSet<PathBuf> = queue.iter().cloned().collect();
    while let Some(member) = queue.pop() {
        let member_manifest = member.join("Cargo.toml");
        let member_table = if member == root {
            table.clone()
        } else {
            read(&member_manifest)
                .map_err(|e| format!("member {}: {e}", member_manifest.display()))?
        };
        for dep in path_dependencies(&member_table, &member, &inherited) {
            if dep == dir {
                return Ok(Placement::Member(manifest.to_path_buf()));
            }
            if dep.starts_with(root)
                && !excluded(root, &members, &exclude, &dep)
                && dep.join("Cargo.toml").is_file()
                && seen.insert(dep.clone())
            {
                queue.push(dep);
            }
        }
    }
    Ok(standalone(false))
}

/// Cargo's rule, literally: an `exclude` entry is a prefix of the path, and no `members` entry
/// (taken as a plain path, wildcards and all) is.
fn excluded(root: &Path, members: &[String], exclude: &[String], path: &Path) -> bool {
    let prefix_of = |entry: &String| path.starts_with(normalize(&root.join(entry)));
    exclude.iter().any(prefix_of) && !members.iter().any(prefix_of)
}

fn read(manifest: &Path) -> Result<Table, String> {
    let text = fs::read_to_string(manifest).map_err(|e| e.to_string())?;
    text.parse::<Table>()
        .map_err(|e| format!("not valid TOML: {}", e.to_string().trim_end()))
}

/// `key` of `table` as a list of strings: absent is empty, anything but strings is refused.
fn strings(table: &Table, key: &str) -> Result<Vec<String>, String> {
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(format!(
                    "`workspace.{key}` holds something other than strings"
                )),
            })
            .collect(),
        Some(_) => Err(format!("`workspace.{key}` is not an array")),
    }
}

/// Dependency name -> directory, for the `path` entries of a dependency table.
fn path_table(deps: Option<&Value>, base: &Path) -> Vec<(String, PathBuf)> {
    let Some(Value::Table(deps)) = deps else {
        return Vec::new();
    };
    deps.iter()
        .filter_map(|(name, spec)| match spec.get("path") {
            Some(Value::String(path)) => Some((name.clone(), normalize(&base.join(path)))),
            _ => None,
        })
        .collect()
}

/// The directories a manifest depends on by path, in any dependency table, including those it
/// inherits from `[workspace.dependencies]`.
fn path_dependencies(
    manifest: &Table,
    dir: &Path,
    inherited: &[(String, PathBuf)],
) -> Vec<PathBuf> {
    let mut tables = dependency_tables(manifest);
    if let Some(Value::Table(targets)) = manifest.get("target") {
        for spec in targets.values() {
            if let Value::Table(spec) = spec {
                tables.extend(dependency_tables(spec));
            }
        }
    }
    let mut out = Vec::new();
    for deps in tables {
        for (name, spec) in deps {
            if let Some(Value::String(path)) = spec.get("path") {
                out.push(normalize(&dir.join(path)));
            } else if let Some(Value::Boolean(true)) = spec.get("workspace") {
                out.extend(
                    inherited
                        .iter()
                        .filter(|(n, _)| n == name)
                        .map(|(_, p)| p.clone()),
                );
            }
        }
    }
    out
}

fn dependency_tables(table: &Table) -> Vec<&Table> {
    const KINDS: &[&str] = &[
        "dependencies",
        "dev-dependencies",
        "dev_dependencies",
        "build-dependencies",
        "build_dependencies",
    ];
    KINDS
        .iter()
        .filter_map(|kind| match table.get(*kind) {
            Some(Value::Table(deps)) => Some(deps),
            _ => None,
        })
        .collect()
}

/// A `members` entry: a path relative to the root whose components may hold `*` and `?`, or be
/// `**`.
struct Pattern {
    base: PathBuf,
    parts: Vec<String>,
}

impl Pattern {
    fn new(root: &Path, member: &str) -> Result<Pattern, String> {
        if member.contains('[') {
            return Err(format!(
                "the `members` entry {member:?} uses a character class, which codegen does not \
                 read; list the directory by name"
            ));
        }
        // As `Path::join` does it: an absolute entry replaces the root.
        let member_path = Path::new(member);
        let mut base = if member_path.has_root() {
            member_path.ancestors().last().unwrap_or(root).to_path_buf()
        } else {
            root.to_path_buf()
        };
        let mut parts: Vec<String> = Vec::new();
        for part in member.split(['/', '\\']) {
            match part {
                "" | "." => {}
                ".." if parts.is_empty() => {
                    base.pop();
                }
                ".." => {
                    return Err(format!(
                        "the `members` entry {member:?} goes up after a wildcard, which codegen \
                         does not read"
                    ));
                }
                _ if parts.is_empty() && !wild(part) => base.push(part),
                _ => parts.push(part.to_string()),
            }
        }
        Ok(Pattern { base, parts })
    }

    fn matches(&self, target: &[String]) -> bool {
        let base = components(&self.base);
        target.starts_with(&base) && match_parts(&self.parts, &target[base.len()..])
    }

    /// The existing crate directories the pattern names.
    fn expand(&self, out: &mut Vec<PathBuf>) {
        expand(&self.base, &self.parts, out);
    }
}

fn wild(part: &str) -> bool {
    part.contains(['*', '?'])
}

fn match_parts(parts: &[String], target: &[String]) -> bool {
    match parts.split_first() {
        None => target.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=target.len()).any(|skip| match_parts(rest, &target[skip..]))
        }
        Some((first, rest)) => match target.split_first() {
            Some((name, tail)) => {
                match_component(first.as_bytes(), name.as_bytes()) && match_parts(rest, tail)
            }
            None => false,
        },
    }
}

fn match_component(pattern: &[u8], name: &[u8]) -> bool {
    match pattern.split_first() {
        None => name.is_empty(),
        Some((b'*', rest)) => (0..=name.len()).any(|skip| match_component(rest, &name[skip..])),
        Some((b'?', rest)) => !name.is_empty() && match_component(rest, &name[1..]),
        Some((c, rest)) => name.first() == Some(c) && match_component(rest, &name[1..]),
    }
}

fn expand(base: &Path, parts: &[String], out: &mut Vec<PathBuf>) {
    let Some((first, rest)) = parts.split_first() else {
        if base.join("Cargo.toml").is_file() {
            out.push(base.to_path_buf());
        }
        return;
    };
    let subdirs = || {
        fs::read_dir(base)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
    };
    if first == "**" {
        expand(base, rest, out);
        for (_, sub) in subdirs() {
            expand(&sub, parts, out);
        }
    } else if wild(first) {
        for (name, sub) in subdirs() {
            if match_component(first.as_bytes(), name.as_bytes()) {
                expand(&sub, rest, out);
            }
        }
    } else {
        expand(&base.join(first), rest, out);
    }
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// `.` and `..` resolved by hand: the path need not exist.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The absolute, symlink-free form of `out`, which may not exist yet: its deepest existing
/// ancestor canonicalised, the rest appended.
fn resolve(out: &Path) -> Result<PathBuf, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let absolute = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir().map_err(io(out))?.join(out)
    };
    let absolute = normalize(&absolute);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = fs::canonicalize(existing).map_err(io(existing))?;
    for name in rest.iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(member: &str, dir: &str) -> bool {
        let root = Path::new("/ws");
        let pattern = Pattern::new(root, member).expect("readable pattern");
        pattern.matches(&components(&normalize(&root.join(dir))))
    }

    #[test]
    fn members_globs_match_as_cargo_expands_them() {
        assert!(matches("tests/protocol/*", "tests/protocol/json-rpc-10"));
        assert!(!matches("tests/protocol/*", "tests/protocol"));
        assert!(!matches("tests/protocol/*", "tests/protocol/a/b"));
        assert!(matches("tests/*-10", "tests/json-rpc-10"));
        assert!(!matches("tests/*-10", "tests/json-rpc-11"));
        assert!(matches("crate?", "crate1"));
        assert!(!matches("crate?", "crate"));
        assert!(matches("deep/**/client", "deep/client"));
        assert!(matches("deep/**/client", "deep/a/b/client"));
        assert!(!matches("deep/**/client", "deep/a/b/server"));
        assert!(matches("./generated/", "generated"));
        assert!(matches("../ws/generated", "generated"));
        assert!(matches("/ws/abs", "abs"));
        assert!(!matches("generated", "generated/sub"));
    }

    #[test]
    fn patterns_it_cannot_read_are_refused() {
        assert!(Pattern::new(Path::new("/ws"), "crates/[ab]").is_err());
        assert!(Pattern::new(Path::new("/ws"), "crates/*/../x").is_err());
    }

    #[test]
    fn a_members_prefix_overrides_an_exclude_prefix() {
        let root = Path::new("/ws");
        let members = vec!["vendor/kept".to_string()];
        let exclude = vec!["vendor".to_string()];
        assert!(excluded(
            root,
            &members,
            &exclude,
            Path::new("/ws/vendor/x")
        ));
        assert!(!excluded(
            root,
            &members,
            &exclude,
            Path::new("/ws/vendor/kept")
        ));
        // Whole components only, as `Path::starts_with` compares.
        assert!(!excluded(root, &[], &exclude, Path::new("/ws/vendored")));
    }
}
