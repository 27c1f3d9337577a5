//! Credentials from a profile of the shared files.
//!
//! A profile gives credentials directly (`aws_access_key_id`, `aws_secret_access_key`,
//! `aws_session_token`), through a command (`credential_process`), or as a role to assume
//! (`role_arn`) with credentials from elsewhere: another profile (`source_profile`, which may
//! itself assume a role, and so on), a `credential_source` (`Environment`,
//! `Ec2InstanceMetadata`, `EcsContainer`), or a `web_identity_token_file`. As in the AWS SDKs,
//! a source profile with static keys is used for them even if it names a role too, and a
//! profile may name itself as its `source_profile` to assume its role with its own keys; any
//! other profile met twice is a cycle, reported with the path taken.
//!
//! STS is called in the profile's `region`, else the client's.

use super::env::from_env;
use super::sts::{AssumeRole, assume_role, default_session_name};
use super::{
    ContainerProvider, Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture,
    ImdsProvider, ProfileSet, ProvideCredentials, ProviderConfig, ProviderKind,
};

const P: ProviderKind = ProviderKind::Profile;

/// Credentials from the shared `config` and `credentials` files, for the profile of the
/// [`ProviderConfig`] (`AWS_PROFILE`, else `default`). The files are read at each fetch.
#[derive(Clone, Debug)]
pub struct ProfileProvider {
    config: ProviderConfig,
}

impl ProfileProvider {
    /// Reads the files and profile `config` names.
    pub fn new(config: &ProviderConfig) -> Self {
        ProfileProvider {
            config: config.clone(),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let set = match ProfileSet::load(self.config.env()) {
            Ok(Some(set)) => set,
            Ok(None) => {
                return Err(CredentialsError::not_configured(
                    P,
                    "no shared config or credentials file",
                ));
            }
            Err(e) => {
                let kind = if e.line().is_some() {
                    CredentialsErrorKind::InvalidConfiguration
                } else {
                    CredentialsErrorKind::Io
                };
                return Err(CredentialsError::new(P, kind, e.to_string()));
            }
        };
        let name = self.config.profile_name();
        if !set.has_profile(&name) {
            let message = format!("no profile `{name}` in the shared files");
            // A profile asked for by name must exist; the default one may not.
            return Err(if self.config.profile_is_explicit() {
                CredentialsError::invalid_configuration(P, message)
            } else {
                CredentialsError::not_configured(P, message)
            });
        }
        let (base, roles) = resolve(&set, &name)?;
        let region = set
            .get(&name, "region")
            .map(str::to_string)
            .or_else(|| self.config.region().map(str::to_string));
        let mut credentials = self.base(&set, &base, region.as_deref()).await?;
        for role in roles.iter().rev() {
            let session_name = role
                .session_name
                .clone()
                .unwrap_or_else(|| default_session_name(&self.config, "aws-light-runtime"));
            let params = AssumeRole {
                role_arn: &role.role_arn,
                session_name: &session_name,
                external_id: role.external_id.as_deref(),
                duration_seconds: role.duration_seconds,
            };
            credentials = assume_role(&self.config, region.as_deref(), &credentials, &params)
                .await
                .map_err(|e| e.context(&format!("profile `{}`", role.profile)).required())?;
        }
        Ok(credentials)
    }

    async fn base(
        &self,
        set: &ProfileSet,
        base: &Base,
        region: Option<&str>,
    ) -> Result<Credentials, CredentialsError> {
        match base {
            Base::Static(profile) => static_keys(set, profile),
            Base::Process { profile, command } => {
                super::process::run(command, profile, self.config.process_timeout())
                    .await
                    .map_err(CredentialsError::required)
            }
            Base::WebIdentity {
                profile,
                token_file,
                role_arn,
                session_name,
            } => {
                let session_name = session_name
                    .clone()
                    .unwrap_or_else(|| default_session_name(&self.config, "web-identity"));
                let path = self.config.env().expand_home(token_file);
                super::web_identity::fetch(&self.config, region, &path, role_arn, &session_name)
                    .await
                    .map_err(|e| e.context(&format!("profile `{profile}`")).required())
            }
            Base::Source { profile, source } => {
                let result = match source {
                    NamedSource::Environment => from_env(self.config.env()),
                    NamedSource::Imds => ImdsProvider::new(&self.config).provide().await,
                    NamedSource::Container => ContainerProvider::new(&self.config).provide().await,
                };
                result.map_err(|e| {
                    e.context(&format!("credential_source of profile `{profile}`"))
                        .required()
                })
            }
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Where the first credentials of a profile chain come from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Base {
    Static(String),
    Process {
        profile: String,
        command: String,
    },
    WebIdentity {
        profile: String,
        token_file: String,
        role_arn: String,
        session_name: Option<String>,
    },
    Source {
        profile: String,
        source: NamedSource,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NamedSource {
    Environment,
    Imds,
    Container,
}

/// A role to assume, from a profile's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Role {
    profile: String,
    role_arn: String,
    session_name: Option<String>,
    external_id: Option<String>,
    duration_seconds: Option<u32>,
}

/// The base credentials, and the roles to assume with them, outermost (the profile asked
/// for) first.
fn resolve(set: &ProfileSet, start: &str) -> Result<(Base, Vec<Role>), CredentialsError> {
    let mut visited: Vec<String> = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    let mut current = start.to_string();
    loop {
        if !set.has_profile(&current) {
            let from = visited.last().map(String::as_str).unwrap_or(start);
            return Err(CredentialsError::invalid_configuration(
                P,
                format!("the source_profile `{current}` of profile `{from}` does not exist"),
            ));
        }
        if visited.contains(&current) {
            visited.push(current);
            return Err(CredentialsError::new(
                P,
                CredentialsErrorKind::ProfileCycle,
                format!("source_profile forms a cycle: {}", visited.join(" -> ")),
            ));
        }
        visited.push(current.clone());
        let get = |key: &str| set.get(&current, key).map(str::to_string);
        // Past the first profile, static keys win over anything else the profile says.
        if visited.len() > 1 && get("aws_access_key_id").is_some() {
            return Ok((Base::Static(current), roles));
        }
        let Some(role_arn) = get("role_arn") else {
            return base_of(set, &current, visited.len() > 1).map(|base| (base, roles));
        };
        if get("mfa_serial").is_some() {
            return Err(CredentialsError::new(
                P,
                CredentialsErrorKind::Unsupported,
                format!(
                    "profile `{current}` needs an MFA code (mfa_serial), which cannot be asked for here"
                ),
            ));
        }
        if let Some(token_file) = get("web_identity_token_file") {
            let base = Base::WebIdentity {
                profile: current.clone(),
                token_file,
                role_arn,
                session_name: get("role_session_name"),
            };
            return Ok((base, roles));
        }
        let duration_seconds = match get("duration_seconds") {
            None => None,
            Some(text) => Some(text.parse::<u32>().map_err(|_| {
                CredentialsError::invalid_configuration(
                    P,
                    format!(
                        "the duration_seconds of profile `{current}` is not a number of seconds"
                    ),
                )
            })?),
        };
        roles.push(Role {
            profile: current.clone(),
            role_arn,
            session_name: get("role_session_name"),
            external_id: get("external_id"),
            duration_seconds,
        });
        match (get("source_profile"), get("credential_source")) {
            (Some(_), Some(_)) => {
                return Err(CredentialsError::invalid_configuration(
                    P,
                    format!("profile `{current}` sets both source_profile and credential_source"),
                ));
            }
            (None, None) => {
                return Err(CredentialsError::invalid_configuration(
                    P,
                    format!(
                        "profile `{current}` has a role_arn but neither source_profile nor credential_source"
                    ),
                ));
            }
            (None, Some(source)) => {
                let source = match source.as_str() {
                    "Environment" => NamedSource::Environment,
                    "Ec2InstanceMetadata" => NamedSource::Imds,
                    "EcsContainer" => NamedSource::Container,
                    other => {
                        return Err(CredentialsError::invalid_configuration(
                            P,
                            format!(
                                "the credential_source `{}` of profile `{current}` is not Environment, Ec2InstanceMetadata or EcsContainer",
                                super::error::clip(other, 64)
                            ),
                        ));
                    }
                };
                return Ok((
                    Base::Source {
                        profile: current,
                        source,
                    },
                    roles,
                ));
            }
            (Some(source), None) if source == current => {
                // Assuming a profile's role with its own keys.
                if get("aws_access_key_id").is_some() {
                    return Ok((Base::Static(current), roles));
                }
                visited.push(source);
                return Err(CredentialsError::new(
                    P,
                    CredentialsErrorKind::ProfileCycle,
                    format!(
                        "source_profile forms a cycle: {} (a profile may be its own source only with static keys)",
                        visited.join(" -> ")
                    ),
                ));
            }
            (Some(source), None) => current = source,
        }
    }
}

/// The base of a profile without a role.
fn base_of(set: &ProfileSet, profile: &str, is_source: bool) -> Result<Base, CredentialsError> {
    let get = |key: &str| set.get(profile, key).map(str::to_string);
    if get("sso_session").is_some() || get("sso_start_url").is_some() {
        return Err(CredentialsError::new(
            P,
            CredentialsErrorKind::Unsupported,
            format!(
                "profile `{profile}` uses IAM Identity Center (SSO), which is not supported yet"
            ),
        ));
    }
    if let Some(command) = get("credential_process") {
        return Ok(Base::Process {
            profile: profile.to_string(),
            command,
        });
    }
    if get("aws_access_key_id").is_some() {
        return Ok(Base::Static(profile.to_string()));
    }
    if get("web_identity_token_file").is_some() {
        return Err(CredentialsError::invalid_configuration(
            P,
            format!("profile `{profile}` has a web_identity_token_file but no role_arn"),
        ));
    }
    let message = format!("profile `{profile}` has no credentials");
    Err(if is_source {
        CredentialsError::invalid_configuration(P, format!("{message} (it is a source_profile)"))
    } else {
        CredentialsError::not_configured(P, message)
    })
}

fn static_keys(set: &ProfileSet, profile: &str) -> Result<Credentials, CredentialsError> {
    let key = set
        .get(profile, "aws_access_key_id")
        .filter(|v| !v.is_empty());
    let secret = set
        .get(profile, "aws_secret_access_key")
        .filter(|v| !v.is_empty());
    match (key, secret) {
        (Some(key), Some(secret)) => {
            let token = set
                .get(profile, "aws_session_token")
                .filter(|v| !v.is_empty())
                .map(str::to_string);
            Ok(Credentials::new(key, secret, token))
        }
        _ => Err(CredentialsError::invalid_configuration(
            P,
            format!("profile `{profile}` has aws_access_key_id but no aws_secret_access_key"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(config: &str) -> ProfileSet {
        ProfileSet::parse(config, "").expect("parses")
    }

    #[test]
    fn chains_resolve_outermost_first() {
        let s = set("\
[profile a]
role_arn = arn:aws:iam::1:role/a
source_profile = b
[profile b]
role_arn = arn:aws:iam::1:role/b
source_profile = c
role_session_name = bee
[profile c]
aws_access_key_id = K
aws_secret_access_key = S
role_arn = arn:aws:iam::1:role/ignored
source_profile = a
");
        let (base, roles) = resolve(&s, "a").expect("resolves");
        assert_eq!(base, Base::Static("c".into()));
        let arns: Vec<&str> = roles.iter().map(|r| r.role_arn.as_str()).collect();
        assert_eq!(arns, ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b"]);
        assert_eq!(roles[1].session_name.as_deref(), Some("bee"));
    }

    #[test]
    fn self_reference_with_keys_is_not_a_cycle() {
        let s = set("\
[profile me]
aws_access_key_id = K
aws_secret_access_key = S
role_arn = arn:aws:iam::1:role/me
source_profile = me
");
        let (base, roles) = resolve(&s, "me").expect("resolves");
        assert_eq!(base, Base::Static("me".into()));
        assert_eq!(roles.len(), 1);
    }

    #[test]
    fn misconfigurations() {
        let cases = [
            (
                "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n",
                CredentialsErrorKind::ProfileCycle,
                "a -> b -> a",
            ),
            (
                "[profile a]\nrole_arn = r\nsource_profile = a\n",
                CredentialsErrorKind::ProfileCycle,
                "a -> a",
            ),
            (
                "[profile a]\nrole_arn = r\nsource_profile = missing\n",
                CredentialsErrorKind::InvalidConfiguration,
                "`missing`",
            ),
            (
                "[profile a]\nrole_arn = r\n",
                CredentialsErrorKind::InvalidConfiguration,
                "neither",
            ),
            (
                "[profile a]\nrole_arn = r\nsource_profile = b\ncredential_source = Environment\n",
                CredentialsErrorKind::InvalidConfiguration,
                "both",
            ),
            (
                "[profile a]\nrole_arn = r\ncredential_source = Somewhere\n",
                CredentialsErrorKind::InvalidConfiguration,
                "Somewhere",
            ),
            (
                "[profile a]\nsso_session = corp\n",
                CredentialsErrorKind::Unsupported,
                "SSO",
            ),
            (
                "[profile a]\nregion = eu-west-1\n",
                CredentialsErrorKind::NotConfigured,
                "no credentials",
            ),
        ];
        for (config, kind, needle) in cases {
            let err = resolve(&set(config), "a").expect_err(config);
            assert_eq!(err.kind(), &kind, "{config}");
            assert!(err.to_string().contains(needle), "{err}");
        }
    }
}
