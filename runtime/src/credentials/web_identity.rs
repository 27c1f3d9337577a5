//! Credentials for a role, in exchange for a web identity token (an OIDC token from EKS's
//! service-account projection, a CI system, ...), through STS `AssumeRoleWithWebIdentity`.

use std::path::Path;

use super::sts::{assume_role_with_web_identity, default_session_name};
use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, ProvideCredentials,
    ProviderConfig, ProviderKind,
};

const P: ProviderKind = ProviderKind::WebIdentity;

/// Web identity from the environment: `AWS_WEB_IDENTITY_TOKEN_FILE` (re-read at every fetch:
/// the token rotates), `AWS_ROLE_ARN` and, optionally, `AWS_ROLE_SESSION_NAME`. STS is called
/// in the client's region.
#[derive(Clone, Debug)]
pub struct WebIdentityProvider {
    config: ProviderConfig,
}

impl WebIdentityProvider {
    /// Reads the environment of `config` at each fetch.
    pub fn new(config: &ProviderConfig) -> Self {
        WebIdentityProvider {
            config: config.clone(),
        }
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let env = self.config.env();
            let Some(token_file) = env.get("AWS_WEB_IDENTITY_TOKEN_FILE") else {
                return Err(CredentialsError::not_configured(
                    P,
                    "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
                ));
            };
            let role_arn = env.get("AWS_ROLE_ARN").ok_or_else(|| {
                CredentialsError::invalid_configuration(
                    P,
                    "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not",
                )
            })?;
            let session_name = env
                .get("AWS_ROLE_SESSION_NAME")
                .unwrap_or_else(|| default_session_name(&self.config, "web-identity"));
            fetch(
                &self.config,
                self.config.region(),
                &env.expand_home(&token_file),
                &role_arn,
                &session_name,
            )
            .await
        })
    }
}

/// Reads the token in `token_file` and exchanges it.
pub(crate) async fn fetch(
    config: &ProviderConfig,
    region: Option<&str>,
    token_file: &Path,
    role_arn: &str,
    session_name: &str,
) -> Result<Credentials, CredentialsError> {
    let token = std::fs::read_to_string(token_file).map_err(|e| {
        CredentialsError::new(
            P,
            CredentialsErrorKind::Io,
            format!(
                "the web identity token file {} cannot be read: {e}",
                token_file.display()
            ),
        )
    })?;
    let token = token.trim();
    if token.is_empty() {
        return Err(CredentialsError::invalid_configuration(
            P,
            format!(
                "the web identity token file {} is empty",
                token_file.display()
            ),
        ));
    }
    assume_role_with_web_identity(config, region, role_arn, session_name, token).await
}
