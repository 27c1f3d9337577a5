//! Why building a client or making a call failed.

use std::fmt;

use crate::credentials::CredentialsError;
use crate::error::{DeserializeError, SerializeError};
use crate::transport::TransportError;

use super::EndpointError;

/// A configuration problem found when building the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid client configuration: {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The service answered with an error (after any retries).
    Service {
        /// The operation's error.
        error: E,
        /// The HTTP status.
        status: u16,
    },
    /// No usable response: connection refused, timeout, broken connection, a body over the
    /// size cap (after any retries).
    Transport(TransportError),
    /// A success status whose body is not the operation's output (truncated, not JSON).
    InvalidResponse {
        /// Where reading failed.
        error: DeserializeError,
        /// The HTTP status.
        status: u16,
    },
    /// The input could not be serialized.
    Serialize(SerializeError),
    /// The request could not be signed (no region, signing without feature `sigv4`, ...).
    Signing(String),
    /// No credentials could be had for a signed operation: every provider of the chain came
    /// up empty, or one failed (which one, and how, is in the error).
    Credentials(CredentialsError),
    /// No usable endpoint for this call: the endpoint rules, resolved with parameters from
    /// the input, gave an error, or the endpoint needs an auth scheme this client lacks.
    Endpoint(EndpointError),
}

impl<E> SdkError<E> {
    /// The operation's error, if the service sent one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The operation's error, if the service sent one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Service { error, .. } => write!(f, "service error: {error}"),
            SdkError::Transport(e) => write!(f, "transport error: {e}"),
            SdkError::InvalidResponse { error, status } => {
                write!(f, "invalid response (HTTP status {status}): {error}")
            }
            SdkError::Serialize(e) => e.fmt(f),
            SdkError::Signing(m) => write!(f, "could not sign the request: {m}"),
            SdkError::Credentials(e) => write!(f, "could not load credentials: {e}"),
            SdkError::Endpoint(e) => write!(f, "no usable endpoint: {e}"),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Service { error, .. } => Some(error),
            SdkError::Transport(e) => Some(e),
            SdkError::InvalidResponse { error, .. } => Some(error),
            SdkError::Serialize(e) => Some(e),
            SdkError::Signing(_) => None,
            SdkError::Credentials(e) => Some(e),
            SdkError::Endpoint(e) => Some(e),
        }
    }
}
