//! The client's side of endpoint resolution: the rule-set parameters a configuration binds
//! (its built-ins), the endpoint a client keeps (URL, headers, how to sign), and where the
//! FIPS and dual-stack settings come from.

use std::borrow::Cow;
use std::fmt;

use crate::endpoint::{Endpoint, Params, ResolveError, RuleSet, Value};

use super::ConfigError;

/// Built-in parameter names (`builtIn` in a rule set), bound from the configuration.
const REGION: &str = "AWS::Region";
const USE_FIPS: &str = "AWS::UseFIPS";
const USE_DUAL_STACK: &str = "AWS::UseDualStack";
const ENDPOINT: &str = "SDK::Endpoint";

/// What the configuration says about endpoints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EndpointSettings {
    pub(crate) region: Option<String>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
}

/// The parameters of `rules` the configuration binds through their built-ins. Built-ins this
/// client does not provide (`AWS::Auth::AccountId`, `AWS::Auth::AccountIdEndpointMode`, ...)
/// stay unset, so their parameters take the rule set's default.
pub(crate) fn config_params(rules: &RuleSet, settings: &EndpointSettings) -> Params {
    let mut params = Params::new();
    for parameter in rules.parameters {
        let value = match parameter.built_in {
            Some(REGION) => settings.region.clone().map(Value::String),
            Some(USE_FIPS) => Some(Value::Bool(settings.use_fips)),
            Some(USE_DUAL_STACK) => Some(Value::Bool(settings.use_dual_stack)),
            Some(ENDPOINT) => settings.endpoint_url.clone().map(Value::String),
            _ => None,
        };
        if let Some(value) = value {
            params.set(parameter.name, value);
        }
    }
    params
}

/// How requests to an endpoint are signed, from its `authSchemes` property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Signing {
    /// SigV4, with the scheme's `signingRegion` / `signingName` when it gives them.
    SigV4 {
        region: Option<String>,
        name: Option<String>,
    },
    /// The endpoint accepts only schemes this client cannot sign with; the name of the first.
    Unsupported(String),
}

/// An endpoint as the client uses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ResolvedEndpoint {
    pub(crate) url: String,
    /// Headers the rule set asks for, lower-cased names.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) signing: Signing,
}

impl ResolvedEndpoint {
    pub(crate) fn from_endpoint(endpoint: Endpoint) -> Self {
        let headers = endpoint
            .headers
            .iter()
            .flat_map(|(name, values)| {
                values
                    .iter()
                    .map(move |value| (name.to_ascii_lowercase(), value.clone()))
            })
            .collect();
        ResolvedEndpoint {
            signing: signing(endpoint.properties.get("authSchemes")),
            headers,
            url: endpoint.url,
        }
    }
}

/// The first scheme of `authSchemes` this client implements, in the rule set's order of
/// preference; plain SigV4 when the property is absent.
fn signing(schemes: Option<&Value>) -> Signing {
    let Some(Value::Array(schemes)) = schemes else {
        return Signing::SigV4 {
            region: None,
            name: None,
        };
    };
    let text = |scheme: &Value, key: &str| match scheme {
        Value::Record(fields) => match fields.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    };
    for scheme in schemes {
        if text(scheme, "name").as_deref() == Some("sigv4") {
            return Signing::SigV4 {
                region: text(scheme, "signingRegion"),
                name: text(scheme, "signingName"),
            };
        }
    }
    Signing::Unsupported(
        schemes
            .first()
            .and_then(|scheme| text(scheme, "name"))
            .unwrap_or_else(|| "an unnamed scheme".to_owned()),
    )
}

/// Resolves `params` with `rules` into an endpoint the client can call.
pub(crate) fn resolve(rules: &RuleSet, params: &Params) -> Result<ResolvedEndpoint, EndpointError> {
    let endpoint = rules.resolve(params).map_err(EndpointError::Resolve)?;
    let url = &endpoint.url;
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Err(EndpointError::InvalidUrl(url.clone()));
    }
    Ok(ResolvedEndpoint::from_endpoint(endpoint))
}

/// Why a call found no endpoint it could use.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EndpointError {
    /// The service's endpoint rules gave an error for this call's parameters (its message is
    /// the rule set's).
    Resolve(ResolveError),
    /// The rules resolved a URL that is not `http://` or `https://`.
    InvalidUrl(String),
    /// The endpoint accepts only an auth scheme this client does not implement (`sigv4a`,
    /// for EventBridge's global endpoints); the request is not sent rather than signed wrong.
    UnsupportedAuthScheme(String),
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndpointError::Resolve(e) => e.fmt(f),
            EndpointError::InvalidUrl(url) => {
                write!(
                    f,
                    "endpoint URL `{url}` must start with http:// or https://"
                )
            }
            EndpointError::UnsupportedAuthScheme(scheme) => write!(
                f,
                "the endpoint requires the auth scheme `{scheme}`: {scheme} is not supported"
            ),
        }
    }
}

impl std::error::Error for EndpointError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EndpointError::Resolve(e) => Some(e),
            _ => None,
        }
    }
}

impl From<EndpointError> for ConfigError {
    fn from(error: EndpointError) -> Self {
        ConfigError {
            message: error.to_string(),
        }
    }
}

/// A boolean endpoint setting: the builder's value, else the environment variable `env`, else
/// the shared-config profile's `profile_key`, else false. A value that is not `true` or
/// `false` (any case) is a configuration error rather than silently false.
pub(crate) fn flag(
    explicit: Option<bool>,
    settings: &super::settings::Settings,
    env: &'static str,
    profile_key: &'static str,
) -> Result<bool, ConfigError> {
    if let Some(value) = explicit {
        return Ok(value);
    }
    let (source, text) = match settings.var(env) {
        Some(text) => (Cow::Borrowed(env), text),
        None => match settings.profile(profile_key) {
            Some(text) => (Cow::Owned(format!("profile setting `{profile_key}`")), text),
            None => return Ok(false),
        },
    };
    if text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(ConfigError {
            message: format!("{source} must be `true` or `false`, not `{text}`"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn scheme(fields: &[(&str, &str)]) -> Value {
        Value::Record(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_owned(), Value::from(*v)))
                .collect::<BTreeMap<_, _>>(),
        )
    }

    #[test]
    fn sigv4_overrides_are_read_and_sigv4a_alone_is_unsupported() {
        assert_eq!(
            signing(None),
            Signing::SigV4 {
                region: None,
                name: None
            }
        );
        let both = Value::Array(vec![
            scheme(&[("name", "sigv4a"), ("signingName", "events")]),
            scheme(&[
                ("name", "sigv4"),
                ("signingName", "events"),
                ("signingRegion", "us-gov-west-1"),
            ]),
        ]);
        assert_eq!(
            signing(Some(&both)),
            Signing::SigV4 {
                region: Some("us-gov-west-1".into()),
                name: Some("events".into())
            }
        );
        let only_a = Value::Array(vec![scheme(&[("name", "sigv4a")])]);
        assert_eq!(
            signing(Some(&only_a)),
            Signing::Unsupported("sigv4a".into())
        );
        assert_eq!(
            EndpointError::UnsupportedAuthScheme("sigv4a".into()).to_string(),
            "the endpoint requires the auth scheme `sigv4a`: sigv4a is not supported"
        );
    }

    fn settings(
        env: &[(&str, &str)],
        profile: &[(&str, &str)],
    ) -> super::super::settings::Settings {
        super::super::settings::Settings {
            env: crate::credentials::Env::from_vars(env.iter().copied()),
            profile: profile
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    #[test]
    fn flags_come_from_the_builder_then_the_environment_then_the_profile() {
        let (var, key) = ("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
        let none = settings(&[], &[]);
        assert_eq!(flag(Some(true), &none, var, key), Ok(true));
        assert_eq!(flag(None, &none, var, key), Ok(false));
        let profile = settings(&[], &[(key, "true")]);
        assert_eq!(flag(None, &profile, var, key), Ok(true));
        let both = settings(&[(var, "false")], &[(key, "true")]);
        assert_eq!(flag(None, &both, var, key), Ok(false));
        assert_eq!(flag(Some(true), &both, var, key), Ok(true));
        let bad = settings(&[], &[(key, "yes")]);
        assert_eq!(
            flag(None, &bad, var, key).map_err(|e| e.to_string()),
            Err("invalid client configuration: profile setting `use_fips_endpoint` must be `true` or `false`, not `yes`".to_string())
        );
    }
}
