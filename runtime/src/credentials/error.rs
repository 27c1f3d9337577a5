//! Why credentials could not be had: which provider, what failed, and (for a chain) what every
//! provider before it said. Messages are written here, never copied from a response body, a
//! file or a process's output, so they cannot carry a secret.

use std::fmt;

use crate::transport::{TransportError, TransportErrorKind};

/// The provider an error comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProviderKind {
    /// Credentials given directly.
    Static,
    /// `AWS_ACCESS_KEY_ID` and its companions.
    Environment,
    /// The shared `config` and `credentials` files.
    Profile,
    /// A profile's `credential_process`.
    Process,
    /// STS `AssumeRole`, for a profile's `role_arn`.
    AssumeRole,
    /// STS `AssumeRoleWithWebIdentity`.
    WebIdentity,
    /// The container endpoint of ECS and EKS Pod Identity.
    Container,
    /// The EC2 instance metadata service.
    Imds,
    /// A chain of providers, none of which had credentials.
    Chain,
    /// A provider of the program's own (or of `aws-credential-types`).
    Custom,
}

impl fmt::Display for ProviderKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProviderKind::Static => "static credentials",
            ProviderKind::Environment => "environment",
            ProviderKind::Profile => "profile",
            ProviderKind::Process => "credential_process",
            ProviderKind::AssumeRole => "STS AssumeRole",
            ProviderKind::WebIdentity => "web identity",
            ProviderKind::Container => "container endpoint",
            ProviderKind::Imds => "IMDS",
            ProviderKind::Chain => "credentials chain",
            ProviderKind::Custom => "credentials provider",
        })
    }
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source is not set up here (no variable, no file, no such endpoint): a chain goes
    /// on to its next provider.
    NotConfigured,
    /// The source is set up, wrongly: a key without its secret, an unknown
    /// `credential_source`, a container URL to a host that is not allowed, ...
    InvalidConfiguration,
    /// Profiles whose `source_profile`s lead back to one already visited.
    ProfileCycle,
    /// A file could not be read.
    Io,
    /// An endpoint could not be reached (after any retries).
    Transport(TransportErrorKind),
    /// An endpoint did not answer in time (after any retries), or `credential_process` did
    /// not finish in time and was killed.
    Timeout,
    /// An endpoint answered with this HTTP status.
    HttpStatus(u16),
    /// STS answered with an error.
    Service {
        /// The error code (`AccessDenied`, `ExpiredTokenException`, ...).
        code: String,
        /// The HTTP status.
        status: u16,
    },
    /// A response, or a process's output, is not what the source promises.
    InvalidResponse,
    /// `credential_process` failed.
    ProcessFailed {
        /// Its exit code, if it exited (rather than being killed).
        exit_code: Option<i32>,
    },
    /// Set up with a feature this runtime does not have (SSO, MFA, signing without `sigv4`).
    Unsupported,
}

/// Credentials could not be provided.
///
/// Neither `Debug` nor `Display` shows a secret: messages name files, profiles, variables and
/// endpoints, never what they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    provider: ProviderKind,
    kind: CredentialsErrorKind,
    message: String,
    tried: Vec<CredentialsError>,
}

// The constructors the providers use, which need `sigv4`.
#[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
impl CredentialsError {
    /// An error of `provider`; `message` says what failed and must not contain a secret.
    pub fn new(
        provider: ProviderKind,
        kind: CredentialsErrorKind,
        message: impl Into<String>,
    ) -> Self {
        CredentialsError {
            provider,
            kind,
            message: message.into(),
            tried: Vec::new(),
        }
    }

    /// `provider` is not set up here; a chain goes on.
    pub fn not_configured(provider: ProviderKind, message: impl Into<String>) -> Self {
        Self::new(provider, CredentialsErrorKind::NotConfigured, message)
    }

    pub(crate) fn invalid_configuration(
        provider: ProviderKind,
        message: impl Into<String>,
    ) -> Self {
        Self::new(
            provider,
            CredentialsErrorKind::InvalidConfiguration,
            message,
        )
    }

    pub(crate) fn invalid_response(provider: ProviderKind, message: impl Into<String>) -> Self {
        Self::new(provider, CredentialsErrorKind::InvalidResponse, message)
    }

    /// A transport failure while talking to `what`.
    pub(crate) fn transport(provider: ProviderKind, what: &str, error: &TransportError) -> Self {
        let kind = match error.kind() {
            TransportErrorKind::Timeout => CredentialsErrorKind::Timeout,
            other => CredentialsErrorKind::Transport(other),
        };
        // Transport messages name the failure, never headers or bodies.
        Self::new(provider, kind, format!("{what}: {error}"))
    }

    /// The providers a chain tried before this error (or, for a chain's own error, all of
    /// them), each with why it had nothing.
    pub fn tried(&self) -> &[CredentialsError] {
        &self.tried
    }

    pub(crate) fn with_tried(mut self, tried: Vec<CredentialsError>) -> Self {
        self.tried = tried;
        self
    }

    /// The same error, its message prefixed with where it happened (`profile `dev``).
    pub(crate) fn context(mut self, context: &str) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// The same error, but never "not configured": a source a profile names explicitly must
    /// work, a chain does not skip it.
    pub(crate) fn required(mut self) -> Self {
        if self.kind == CredentialsErrorKind::NotConfigured {
            self.kind = CredentialsErrorKind::InvalidConfiguration;
        }
        self
    }

    /// The provider that failed.
    pub fn provider(&self) -> ProviderKind {
        self.provider
    }

    /// What failed.
    pub fn kind(&self) -> &CredentialsErrorKind {
        &self.kind
    }

    /// What failed, in words (never a secret).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the source was simply not set up (a chain tries the next one).
    pub fn is_not_configured(&self) -> bool {
        self.kind == CredentialsErrorKind::NotConfigured
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.provider, self.message)?;
        if !self.tried.is_empty() {
            f.write_str(" (tried: ")?;
            for (i, e) in self.tried.iter().enumerate() {
                if i > 0 {
                    f.write_str("; ")?;
                }
                write!(f, "{}: {}", e.provider, e.message)?;
            }
            f.write_str(")")?;
        }
        Ok(())
    }
}

impl std::error::Error for CredentialsError {}

/// At most `max` characters of a message another party wrote (an STS error message), on one
/// line.
#[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
pub(crate) fn clip(text: &str, max: usize) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = one_line.trim();
    match trimmed.char_indices().nth(max) {
        Some((cut, _)) => format!("{}...", &trimmed[..cut]),
        None => trimmed.to_string(),
    }
}
