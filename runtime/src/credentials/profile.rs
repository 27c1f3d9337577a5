//! The shared `config` and `credentials` files, as the AWS SDKs read them.
//!
//! Both are INI-like: `[section]` lines start a profile, `key = value` lines give it
//! properties, and a line that starts with whitespace continues the property above it (the
//! nested settings of `s3 =` are such lines). `#` and `;` start a comment at the beginning of a
//! line, anywhere on a section line, and after whitespace in a value. In `config` a profile is
//! `[profile NAME]` (or `[default]`; `[profile default]` wins over it); sections without the
//! prefix (`sso-session`, `services`, typos) are not profiles. In `credentials` a profile is
//! `[NAME]`. The two files are merged, `credentials` winning where both set a property.
//! Property names are case-insensitive.
//!
//! Errors name the file and the line, never what the line says: files hold secrets.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::env::Env;

/// A shared file that is not in the expected format, or could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileFileError {
    path: PathBuf,
    line: Option<usize>,
    message: String,
}

impl ProfileFileError {
    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The line (from 1), for a syntax error.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for ProfileFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{} line {line}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::error::Error for ProfileFileError {}

/// Which of the two files a text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

/// The profiles of the shared files, merged. `Debug` shows profile and property names, never
/// values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: BTreeMap<String, BTreeMap<String, String>>,
}

impl fmt::Debug for ProfileSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, properties) in &self.profiles {
            map.entry(name, &properties.keys().collect::<Vec<_>>());
        }
        map.finish()
    }
}

impl ProfileSet {
    /// Parses the texts of a `config` file and a `credentials` file (either may be empty).
    pub fn parse(config: &str, credentials: &str) -> Result<Self, ProfileFileError> {
        let mut set = ProfileSet::default();
        set.merge(parse_file(config, FileKind::Config, Path::new("config"))?);
        set.merge(parse_file(
            credentials,
            FileKind::Credentials,
            Path::new("credentials"),
        )?);
        Ok(set)
    }

    /// Reads the files the environment names: `AWS_CONFIG_FILE` (default `~/.aws/config`)
    /// and `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`). `None` when neither
    /// exists.
    pub fn load(env: &Env) -> Result<Option<Self>, ProfileFileError> {
        let home_file = |name: &str| env.home_dir().map(|h| h.join(".aws").join(name));
        let config_path = env
            .get("AWS_CONFIG_FILE")
            .map(|p| env.expand_home(&p))
            .or_else(|| home_file("config"));
        let credentials_path = env
            .get("AWS_SHARED_CREDENTIALS_FILE")
            .map(|p| env.expand_home(&p))
            .or_else(|| home_file("credentials"));
        let mut set = ProfileSet::default();
        let mut found = false;
        for (path, kind) in [
            (config_path, FileKind::Config),
            (credentials_path, FileKind::Credentials),
        ] {
            let Some(path) = path else { continue };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(ProfileFileError {
                        path,
                        line: None,
                        message: format!("cannot be read: {e}"),
                    });
                }
            };
            found = true;
            set.merge(parse_file(&text, kind, &path)?);
        }
        Ok(found.then_some(set))
    }

    /// Whether the profile exists (in either file).
    pub fn has_profile(&self, name: &str) -> bool {
        self.profiles.contains_key(name)
    }

    /// A property of a profile, by case-insensitive name.
    pub fn get(&self, profile: &str, property: &str) -> Option<&str> {
        self.profiles
            .get(profile)?
            .get(&property.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The names of the profiles.
    pub fn profile_names(&self) -> impl Iterator<Item = &str> {
        self.profiles.keys().map(String::as_str)
    }

    fn merge(&mut self, other: ProfileSet) {
        for (name, properties) in other.profiles {
            self.profiles.entry(name).or_default().extend(properties);
        }
    }
}

/// Where the lines being read go.
enum Target {
    /// Before the first section.
    Nowhere,
    /// A section that is not a profile: its lines are checked, then dropped.
    Ignored,
    /// A profile; `bare_default` for `[default]` in a config file.
    Profile { name: String, bare_default: bool },
}

fn parse_file(text: &str, kind: FileKind, path: &Path) -> Result<ProfileSet, ProfileFileError> {
    let error = |line: usize, message: &str| ProfileFileError {
        path: path.to_path_buf(),
        line: Some(line),
        message: message.to_string(),
    };
    // `[default]` and `[profile default]` kept apart until the end, the second winning.
    let mut profiles: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut bare_default: Option<BTreeMap<String, String>> = None;
    let mut target = Target::Nowhere;
    let mut last_key: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        // An indented line continues the property above it; with none above, it is a
        // property of its own (as Python's configparser, and so the CLI, reads it).
        let continues = line.starts_with([' ', '\t']);
        if let (true, Some(key)) = (continues, &last_key) {
            if let Target::Profile {
                name,
                bare_default: bare,
            } = &target
            {
                let properties = if *bare {
                    bare_default.get_or_insert_with(BTreeMap::new)
                } else {
                    profiles.entry(name.clone()).or_default()
                };
                let value = properties.entry(key.clone()).or_default();
                value.push('\n');
                value.push_str(trimmed);
            }
            continue;
        }
        if trimmed.starts_with('[') {
            target = section(trimmed, kind).ok_or_else(|| {
                error(
                    number,
                    "a section line must be `[name]`, optionally followed by a comment",
                )
            })?;
            if let Target::Profile {
                name,
                bare_default: false,
            } = &target
            {
                profiles.entry(name.clone()).or_default();
            } else if let Target::Profile {
                bare_default: true, ..
            } = &target
            {
                bare_default.get_or_insert_with(BTreeMap::new);
            }
            last_key = None;
            continue;
        }
        let Some((key, value)) = trimmed.split_once('=') else {
            return Err(error(number, "expected `name = value`"));
        };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(error(number, "a property needs a name before `=`"));
        }
        let value = strip_value_comment(value).trim().to_string();
        match &target {
            Target::Nowhere => {
                return Err(error(number, "a property before any `[profile]` section"));
            }
            Target::Ignored => {}
            Target::Profile {
                name,
                bare_default: bare,
            } => {
                let properties = if *bare {
                    bare_default.get_or_insert_with(BTreeMap::new)
                } else {
                    profiles.entry(name.clone()).or_default()
                };
                properties.insert(key.clone(), value);
            }
        }
        last_key = Some(key);
    }
    if let Some(bare) = bare_default {
        profiles.entry("default".to_string()).or_insert(bare);
    }
    Ok(ProfileSet { profiles })
}

/// What a section line starts; `None` when the line is malformed.
fn section(line: &str, kind: FileKind) -> Option<Target> {
    let inner = line.strip_prefix('[')?;
    let (name, after) = inner.split_once(']')?;
    let after = after.trim();
    if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
        return None;
    }
    let name = name.trim();
    let valid = |n: &str| !n.is_empty() && !n.contains(char::is_whitespace);
    Some(match kind {
        FileKind::Config if name == "default" => Target::Profile {
            name: name.to_string(),
            bare_default: true,
        },
        FileKind::Config => match name
            .strip_prefix("profile")
            .filter(|rest| rest.starts_with(char::is_whitespace))
            .map(str::trim)
        {
            Some(profile) if valid(profile) => Target::Profile {
                name: profile.to_string(),
                bare_default: false,
            },
            _ => Target::Ignored,
        },
        // `[profile x]` in the credentials file is not a profile there, as in the SDKs.
        FileKind::Credentials if valid(name) => Target::Profile {
            name: name.to_string(),
            bare_default: false,
        },
        FileKind::Credentials => Target::Ignored,
    })
}

/// A value without a trailing comment: `#` or `;` after whitespace starts one.
fn strip_value_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if (*b == b'#' || *b == b';') && i > 0 && bytes[i - 1].is_ascii_whitespace() {
            return &value[..i];
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_properties_comments_and_continuations() {
        let config = "\
# a comment
[default]
region = eu-west-1 ; inline comment
[profile dev]   # comment after a section
Role_Arn = arn:aws:iam::123456789012:role/dev
source_profile = default
s3 =
  max_concurrent_requests = 10
  addressing_style = path
[sso-session corp]
sso_region = us-east-1
[notaprofile]
region = nowhere
[profile default]
output = json
";
        let credentials = "\
[default]
aws_access_key_id = AKID
aws_secret_access_key = se#cret;value
[profile ignored]
aws_access_key_id = X
";
        let set = ProfileSet::parse(config, credentials).expect("parses");
        // `[profile default]` wins over `[default]` in config; credentials add to it.
        assert_eq!(set.get("default", "output"), Some("json"));
        assert_eq!(set.get("default", "region"), None);
        assert_eq!(set.get("default", "aws_access_key_id"), Some("AKID"));
        // `#` and `;` not after whitespace belong to the value.
        assert_eq!(
            set.get("default", "aws_secret_access_key"),
            Some("se#cret;value")
        );
        assert_eq!(
            set.get("dev", "role_arn"),
            Some("arn:aws:iam::123456789012:role/dev")
        );
        assert_eq!(
            set.get("dev", "s3"),
            Some("\nmax_concurrent_requests = 10\naddressing_style = path")
        );
        let names: Vec<&str> = set.profile_names().collect();
        assert_eq!(names, ["default", "dev"]);
        let debug = format!("{set:?}");
        assert!(
            !debug.contains("AKID") && !debug.contains("se#cret"),
            "{debug}"
        );
    }

    #[test]
    fn credentials_file_wins_over_config() {
        let set = ProfileSet::parse(
            "[profile a]\nregion = us-east-1\naws_access_key_id = FROMCONFIG\n",
            "[a]\naws_access_key_id = FROMCREDS\n",
        )
        .expect("parses");
        assert_eq!(set.get("a", "aws_access_key_id"), Some("FROMCREDS"));
        assert_eq!(set.get("a", "region"), Some("us-east-1"));
    }

    #[test]
    fn syntax_errors_name_the_line_not_its_content() {
        for (text, line) in [
            ("orphan-secret = s3cr3t\n", 1),
            ("[default]\nno-equals-s3cr3t\n", 2),
            ("[default]\n = s3cr3t\n", 2),
            ("[default\n", 1),
            ("[default] s3cr3t\n", 1),
        ] {
            let err = ProfileSet::parse(text, "").expect_err(text);
            assert_eq!(err.line(), Some(line), "{text}");
            assert!(!err.to_string().contains("s3cr3t"), "{err}");
            assert!(!format!("{err:?}").contains("s3cr3t"), "{err:?}");
        }
        // An indented first property continues nothing: it is a property.
        let set = ProfileSet::parse("[default]\n  key = value\n", "").expect("indent");
        assert_eq!(set.get("default", "key"), Some("value"));
    }
}
