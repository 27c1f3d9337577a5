//! Providers of `aws-credential-types` (aws-config's default chain, SSO, anything written for
//! the AWS SDK) as providers of this runtime (feature `aws-credential-types`).

use std::error::Error as _;

use aws_credential_types::provider::error::CredentialsError as AwsError;

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, ProvideCredentials,
    ProviderKind,
};

/// Wraps an [`aws_credential_types::provider::ProvideCredentials`]:
/// `.credentials_provider(AwsCredentialsProvider::new(aws_config_chain))`.
#[derive(Debug)]
pub struct AwsCredentialsProvider<P> {
    inner: P,
}

impl<P> AwsCredentialsProvider<P> {
    /// Wraps `inner`.
    pub fn new(inner: P) -> Self {
        AwsCredentialsProvider { inner }
    }

    /// The wrapped provider.
    pub fn into_inner(self) -> P {
        self.inner
    }
}

impl<P> ProvideCredentials for AwsCredentialsProvider<P>
where
    P: aws_credential_types::provider::ProvideCredentials,
{
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let credentials = self
                .inner
                .provide_credentials()
                .await
                .map_err(|e| convert_error(&e))?;
            Ok(Credentials::new(
                credentials.access_key_id(),
                credentials.secret_access_key(),
                credentials.session_token().map(str::to_string),
            )
            .with_expiry(credentials.expiry()))
        })
    }
}

/// The AWS error's kind and its messages (the AWS SDK's providers keep secrets out of them).
fn convert_error(error: &AwsError) -> CredentialsError {
    let kind = match error {
        AwsError::CredentialsNotLoaded(_) => CredentialsErrorKind::NotConfigured,
        AwsError::ProviderTimedOut(_) => CredentialsErrorKind::Timeout,
        AwsError::InvalidConfiguration(_) => CredentialsErrorKind::InvalidConfiguration,
        _ => CredentialsErrorKind::InvalidResponse,
    };
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    CredentialsError::new(ProviderKind::Custom, kind, message)
}
