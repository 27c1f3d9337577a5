//! The environment providers read, and the provider of `AWS_ACCESS_KEY_ID` and its companions.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use super::{
    Credentials, CredentialsError, CredentialsFuture, ProvideCredentials, ProviderConfig,
    ProviderKind,
};

/// Environment variables as providers see them: the process's, or a fixed set (tests, or a
/// program configuring providers without touching its own environment).
///
/// An empty value counts as unset, as in the AWS SDKs. `Debug` shows no value: variables hold
/// secrets.
#[derive(Clone, Default)]
pub struct Env {
    fixed: Option<Arc<BTreeMap<String, String>>>,
}

impl Env {
    /// The process environment, read at each lookup.
    pub fn process() -> Self {
        Env { fixed: None }
    }

    /// Exactly these variables; nothing from the process.
    pub fn from_vars<K, V>(vars: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        Env {
            fixed: Some(Arc::new(
                vars.into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            )),
        }
    }

    /// A variable's value; `None` when unset, empty or not Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.fixed {
            Some(vars) => vars.get(name).cloned(),
            None => std::env::var(name).ok(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The home directory: `HOME`, else (Windows) `USERPROFILE`, else `HOMEDRIVE` +
    /// `HOMEPATH`.
    pub(crate) fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.get("HOME") {
            return Some(PathBuf::from(home));
        }
        if let Some(profile) = self.get("USERPROFILE") {
            return Some(PathBuf::from(profile));
        }
        match (self.get("HOMEDRIVE"), self.get("HOMEPATH")) {
            (Some(drive), Some(path)) => Some(PathBuf::from(format!("{drive}{path}"))),
            _ => None,
        }
    }

    /// `path` with a leading `~/` (or `~\`) replaced by the home directory.
    pub(crate) fn expand_home(&self, path: &str) -> PathBuf {
        let rest = path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\"));
        match (rest, self.home_dir()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ if path == "~" => self.home_dir().unwrap_or_else(|| PathBuf::from(path)),
            _ => PathBuf::from(path),
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            None => f.write_str("Env(process)"),
            Some(vars) => write!(f, "Env({} fixed variables)", vars.len()),
        }
    }
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, for temporary ones,
/// `AWS_SESSION_TOKEN` (`AWS_SECURITY_TOKEN`, its old name, is read too). Read at each call.
#[derive(Clone, Debug)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// Reads the environment of `config`.
    pub fn new(config: &ProviderConfig) -> Self {
        EnvironmentProvider {
            env: config.env().clone(),
        }
    }

    /// Reads `env`.
    pub fn from_env(env: Env) -> Self {
        EnvironmentProvider { env }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(from_env(&self.env)))
    }
}

pub(crate) fn from_env(env: &Env) -> Result<Credentials, CredentialsError> {
    const P: ProviderKind = ProviderKind::Environment;
    let key = env.get("AWS_ACCESS_KEY_ID");
    let secret = env.get("AWS_SECRET_ACCESS_KEY");
    match (key, secret) {
        (Some(key), Some(secret)) => {
            let token = env
                .get("AWS_SESSION_TOKEN")
                .or_else(|| env.get("AWS_SECURITY_TOKEN"));
            Ok(Credentials::new(key, secret, token))
        }
        (None, None) => Err(CredentialsError::not_configured(
            P,
            "AWS_ACCESS_KEY_ID is not set",
        )),
        // Half a key pair is passed over, as the AWS SDKs do, saying which half is missing.
        (Some(_), None) => Err(CredentialsError::not_configured(
            P,
            "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
        )),
        (None, Some(_)) => Err(CredentialsError::not_configured(
            P,
            "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
        )),
    }
}
