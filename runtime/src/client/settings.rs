//! The settings a `Config` reads when the builder leaves them out: the environment, then the
//! active profile of the shared config files (`~/.aws/config`, `AWS_CONFIG_FILE`; profile
//! `AWS_PROFILE`, else `default`), read once when the `Config` is built.

use std::collections::HashMap;

use super::ConfigError;
use crate::credentials::{Env, ProfileSet};

/// The profile properties a `Config` uses.
const KEYS: &[&str] = &[
    "region",
    "retry_mode",
    "max_attempts",
    "use_fips_endpoint",
    "use_dualstack_endpoint",
];

/// The environment and the active profile's properties.
pub(crate) struct Settings {
    pub(crate) env: Env,
    pub(crate) profile: HashMap<String, String>,
}

impl Settings {
    /// Reads the active profile. A shared file that exists but does not parse is an error
    /// (naming the file and line, never its content): its settings would otherwise be
    /// silently ignored.
    pub(crate) fn load(env: Env) -> Result<Self, ConfigError> {
        let set = ProfileSet::load(&env).map_err(|e| ConfigError {
            message: e.to_string(),
        })?;
        let name = env.get("AWS_PROFILE").unwrap_or_else(|| "default".into());
        let profile = match set {
            Some(set) => KEYS
                .iter()
                .filter_map(|key| {
                    let value = set.get(&name, key)?.trim();
                    (!value.is_empty()).then(|| ((*key).to_string(), value.to_string()))
                })
                .collect(),
            None => HashMap::new(),
        };
        Ok(Settings { env, profile })
    }

    /// An environment variable, empty counting as unset.
    pub(crate) fn var(&self, name: &str) -> Option<String> {
        self.env.get(name)
    }

    /// A property of the active profile.
    pub(crate) fn profile(&self, key: &str) -> Option<String> {
        self.profile.get(key).cloned()
    }
}
