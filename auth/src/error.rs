//! Why a sign-in or a device step failed.

use std::fmt;

use cognito_identity_provider::client::SdkError;
use cognito_identity_provider::operation::confirm_device::ConfirmDeviceError;
use cognito_identity_provider::operation::initiate_auth::InitiateAuthError;
use cognito_identity_provider::operation::respond_to_auth_challenge::RespondToAuthChallengeError;
use cognito_identity_provider::operation::update_device_status::UpdateDeviceStatusError;

use crate::srp::SrpError;

/// Why a sign-in, a refresh or a device step failed. Service errors keep the operation's
/// typed error (with its code, message and HTTP status); no variant holds a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthError {
    /// `InitiateAuth` failed (wrong password: `NotAuthorizedException`; unknown user:
    /// `UserNotFoundException`; ...).
    InitiateAuth(SdkError<InitiateAuthError>),
    /// `RespondToAuthChallenge` failed (wrong MFA code: `CodeMismatchException`; a forgotten
    /// device: `ResourceNotFoundException`; ...).
    RespondToAuthChallenge(SdkError<RespondToAuthChallengeError>),
    /// `ConfirmDevice` failed.
    ConfirmDevice(SdkError<ConfirmDeviceError>),
    /// `UpdateDeviceStatus` failed.
    UpdateDeviceStatus(SdkError<UpdateDeviceStatusError>),
    /// The SRP values Cognito sent are unusable (not hex, zero modulo N, ...).
    Srp(SrpError),
    /// A challenge lacked a parameter the step needs.
    MissingChallengeParameter {
        /// The challenge.
        challenge: String,
        /// The parameter.
        parameter: &'static str,
    },
    /// Cognito answered a step with a challenge this step cannot continue from.
    UnexpectedChallenge {
        /// What the step expected.
        expected: &'static str,
        /// What Cognito sent.
        got: String,
    },
    /// Cognito's answer held neither tokens nor a challenge.
    NoResult,
    /// The tokens lacked a field every sign-in has.
    MissingResultField(&'static str),
    /// The answer does not answer the pending challenge.
    WrongAnswer {
        /// The pending challenge's name.
        challenge: String,
    },
    /// The user pool id is not `region_name`.
    InvalidPoolId(String),
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthError::InitiateAuth(e) => write!(f, "InitiateAuth failed: {e}"),
            AuthError::RespondToAuthChallenge(e) => {
                write!(f, "RespondToAuthChallenge failed: {e}")
            }
            AuthError::ConfirmDevice(e) => write!(f, "ConfirmDevice failed: {e}"),
            AuthError::UpdateDeviceStatus(e) => write!(f, "UpdateDeviceStatus failed: {e}"),
            AuthError::Srp(e) => write!(f, "the server's SRP values are unusable: {e}"),
            AuthError::MissingChallengeParameter {
                challenge,
                parameter,
            } => write!(f, "challenge {challenge} has no {parameter} parameter"),
            AuthError::UnexpectedChallenge { expected, got } => {
                write!(f, "expected challenge {expected}, Cognito sent {got}")
            }
            AuthError::NoResult => f.write_str("Cognito sent neither tokens nor a challenge"),
            AuthError::MissingResultField(field) => {
                write!(f, "the authentication result has no {field}")
            }
            AuthError::WrongAnswer { challenge } => {
                write!(f, "the answer does not answer challenge {challenge}")
            }
            AuthError::InvalidPoolId(id) => write!(
                f,
                "user pool id `{id}` is not of the form `<region>_<name>` (for example `us-east-1_AbCdEf123`)"
            ),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuthError::InitiateAuth(e) => Some(e),
            AuthError::RespondToAuthChallenge(e) => Some(e),
            AuthError::ConfirmDevice(e) => Some(e),
            AuthError::UpdateDeviceStatus(e) => Some(e),
            AuthError::Srp(e) => Some(e),
            _ => None,
        }
    }
}

impl From<SrpError> for AuthError {
    fn from(e: SrpError) -> Self {
        AuthError::Srp(e)
    }
}
