//! The challenges a sign-in can stop at, as typed values the app answers.
//!
//! The SRP and device challenges (`PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`,
//! `DEVICE_PASSWORD_VERIFIER`) never reach the app: the [`Authenticator`](crate::Authenticator)
//! answers them itself. Everything else stops the sign-in at a [`PendingChallenge`], whose
//! [`Challenge`] says what Cognito asks for; the app answers with an [`Answer`].

use std::collections::BTreeMap;

use crate::Secret;
use crate::tokens::RememberedDevice;

/// What Cognito asks the user for before it hands out tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Challenge {
    /// The user signed in with a temporary password and must choose a new one
    /// (answer: [`Answer::NewPassword`]).
    NewPasswordRequired {
        /// Attributes the user must give with the new password (names without the
        /// `userAttributes.` prefix).
        required_attributes: Vec<String>,
    },
    /// A code was sent by SMS (answer: [`Answer::SmsMfaCode`]).
    SmsMfa {
        /// Where it was sent, masked (`+*******1234`).
        destination: Option<String>,
    },
    /// A code was sent by email (answer: [`Answer::EmailOtpCode`]).
    EmailOtp {
        /// Where it was sent, masked.
        destination: Option<String>,
    },
    /// The user's authenticator app shows the code (answer: [`Answer::SoftwareTokenMfaCode`]).
    SoftwareTokenMfa {
        /// The name the user gave the authenticator, if any.
        friendly_device_name: Option<String>,
    },
    /// The user must pick which of their MFA methods to use (answer: [`Answer::SelectMfaType`]).
    SelectMfaType {
        /// The methods offered.
        options: Vec<MfaType>,
    },
    /// The pool requires MFA and the user has none yet. Setting one up takes the
    /// `AssociateSoftwareToken` / `VerifySoftwareToken` operations, which this crate does not
    /// drive: the sign-in cannot continue through it.
    MfaSetup {
        /// The methods the user may set up.
        options: Vec<MfaType>,
    },
    /// A challenge of the pool's own Lambda triggers (answer: [`Answer::Custom`]).
    Custom {
        /// The parameters the trigger sent.
        parameters: BTreeMap<String, String>,
    },
    /// A challenge this crate does not know, with its name and parameters as sent.
    Other {
        /// The challenge's name.
        name: String,
        /// Its parameters.
        parameters: BTreeMap<String, String>,
    },
}

/// A multi-factor method, as `SELECT_MFA_TYPE` and `MFA_SETUP` name them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MfaType {
    /// A code by SMS.
    Sms,
    /// A code from an authenticator app.
    SoftwareToken,
    /// A code by email.
    Email,
    /// A method this crate does not know, as sent.
    Other(String),
}

impl MfaType {
    fn parse(name: &str) -> Self {
        match name {
            "SMS_MFA" => MfaType::Sms,
            "SOFTWARE_TOKEN_MFA" => MfaType::SoftwareToken,
            "EMAIL_OTP" => MfaType::Email,
            other => MfaType::Other(other.to_owned()),
        }
    }

    pub(crate) fn wire_name(&self) -> &str {
        match self {
            MfaType::Sms => "SMS_MFA",
            MfaType::SoftwareToken => "SOFTWARE_TOKEN_MFA",
            MfaType::Email => "EMAIL_OTP",
            MfaType::Other(name) => name,
        }
    }
}

/// The app's answer to a [`Challenge`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Answer {
    /// The new password, with the attributes the challenge required (name, value; names
    /// without the `userAttributes.` prefix).
    NewPassword {
        /// The new password.
        password: Secret,
        /// Required attributes.
        attributes: Vec<(String, String)>,
    },
    /// The code received by SMS.
    SmsMfaCode(Secret),
    /// The code received by email.
    EmailOtpCode(Secret),
    /// The code the authenticator app shows.
    SoftwareTokenMfaCode(Secret),
    /// The chosen MFA method.
    SelectMfaType(MfaType),
    /// The answer to a custom challenge (its `ANSWER`).
    Custom(Secret),
}

impl Answer {
    /// Whether this answer answers `challenge`.
    pub(crate) fn answers(&self, challenge: &Challenge) -> bool {
        matches!(
            (self, challenge),
            (
                Answer::NewPassword { .. },
                Challenge::NewPasswordRequired { .. }
            ) | (Answer::SmsMfaCode(_), Challenge::SmsMfa { .. })
                | (Answer::EmailOtpCode(_), Challenge::EmailOtp { .. })
                | (
                    Answer::SoftwareTokenMfaCode(_),
                    Challenge::SoftwareTokenMfa { .. }
                )
                | (Answer::SelectMfaType(_), Challenge::SelectMfaType { .. })
                | (Answer::Custom(_), Challenge::Custom { .. })
        )
    }

    /// The challenge responses this answer adds (besides `USERNAME`, `SECRET_HASH` and
    /// `DEVICE_KEY`, which the authenticator adds).
    pub(crate) fn responses(&self) -> Vec<(String, String)> {
        match self {
            Answer::NewPassword {
                password,
                attributes,
            } => {
                let mut r = vec![("NEW_PASSWORD".to_owned(), password.expose().to_owned())];
                r.extend(
                    attributes
                        .iter()
                        .map(|(k, v)| (format!("userAttributes.{k}"), v.clone())),
                );
                r
            }
            Answer::SmsMfaCode(code) => vec![("SMS_MFA_CODE".into(), code.expose().into())],
            Answer::EmailOtpCode(code) => vec![("EMAIL_OTP_CODE".into(), code.expose().into())],
            Answer::SoftwareTokenMfaCode(code) => {
                vec![("SOFTWARE_TOKEN_MFA_CODE".into(), code.expose().into())]
            }
            Answer::SelectMfaType(t) => vec![("ANSWER".into(), t.wire_name().into())],
            Answer::Custom(answer) => vec![("ANSWER".into(), answer.expose().into())],
        }
    }
}

/// A sign-in stopped at a challenge: answer it with
/// [`Authenticator::answer`](crate::Authenticator::answer).
///
/// It holds the flow's session, a [`Secret`] that `Debug` redacts.
#[derive(Clone, Debug)]
pub struct PendingChallenge {
    pub(crate) challenge: Challenge,
    pub(crate) name: String,
    pub(crate) session: Option<Secret>,
    pub(crate) username: String,
    pub(crate) device: Option<RememberedDevice>,
}

impl PendingChallenge {
    /// What Cognito asks for.
    pub fn challenge(&self) -> &Challenge {
        &self.challenge
    }

    /// The user's name as Cognito knows it (for SRP sign-ins, `USER_ID_FOR_SRP`).
    pub fn username(&self) -> &str {
        &self.username
    }
}

/// Reads a challenge from its name and parameters.
pub(crate) fn parse(name: &str, parameters: &BTreeMap<String, String>) -> Challenge {
    let get = |k: &str| parameters.get(k).cloned();
    let list = |k: &str| -> Vec<String> {
        // Cognito sends these lists as JSON arrays inside a string parameter.
        parameters
            .get(k)
            .and_then(|v| serde_json::from_str::<Vec<String>>(v).ok())
            .unwrap_or_default()
    };
    match name {
        "NEW_PASSWORD_REQUIRED" => Challenge::NewPasswordRequired {
            required_attributes: list("requiredAttributes")
                .into_iter()
                .map(|a| {
                    a.strip_prefix("userAttributes.")
                        .map_or(a.clone(), str::to_owned)
                })
                .collect(),
        },
        "SMS_MFA" | "SMS_OTP" => Challenge::SmsMfa {
            destination: get("CODE_DELIVERY_DESTINATION"),
        },
        "EMAIL_OTP" => Challenge::EmailOtp {
            destination: get("CODE_DELIVERY_DESTINATION"),
        },
        "SOFTWARE_TOKEN_MFA" => Challenge::SoftwareTokenMfa {
            friendly_device_name: get("FRIENDLY_DEVICE_NAME"),
        },
        "SELECT_MFA_TYPE" => Challenge::SelectMfaType {
            options: list("MFAS_CAN_CHOOSE")
                .iter()
                .map(|m| MfaType::parse(m))
                .collect(),
        },
        "MFA_SETUP" => Challenge::MfaSetup {
            options: list("MFAS_CAN_SETUP")
                .iter()
                .map(|m| MfaType::parse(m))
                .collect(),
        },
        "CUSTOM_CHALLENGE" => Challenge::Custom {
            parameters: parameters.clone(),
        },
        other => Challenge::Other {
            name: other.to_owned(),
            parameters: parameters.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn lists_inside_strings_are_read() {
        let c = parse(
            "SELECT_MFA_TYPE",
            &params(&[(
                "MFAS_CAN_CHOOSE",
                r#"["SMS_MFA","SOFTWARE_TOKEN_MFA","WEBAUTHN"]"#,
            )]),
        );
        assert_eq!(
            c,
            Challenge::SelectMfaType {
                options: vec![
                    MfaType::Sms,
                    MfaType::SoftwareToken,
                    MfaType::Other("WEBAUTHN".into())
                ]
            }
        );
        let c = parse(
            "NEW_PASSWORD_REQUIRED",
            &params(&[
                ("requiredAttributes", r#"["userAttributes.email"]"#),
                ("userAttributes", "{}"),
            ]),
        );
        assert_eq!(
            c,
            Challenge::NewPasswordRequired {
                required_attributes: vec!["email".into()]
            }
        );
    }

    #[test]
    fn malformed_lists_are_empty_not_panics() {
        let c = parse("MFA_SETUP", &params(&[("MFAS_CAN_SETUP", "[not json")]));
        assert_eq!(c, Challenge::MfaSetup { options: vec![] });
        let c = parse("SOMETHING_NEW", &params(&[("A", "1")]));
        assert!(matches!(c, Challenge::Other { name, .. } if name == "SOMETHING_NEW"));
    }

    #[test]
    fn answers_match_their_challenges_only() {
        let code = Answer::SmsMfaCode(Secret::new("123456"));
        assert!(code.answers(&Challenge::SmsMfa { destination: None }));
        assert!(!code.answers(&Challenge::SoftwareTokenMfa {
            friendly_device_name: None
        }));
        let debug = format!("{code:?}");
        assert!(!debug.contains("123456"), "{debug}");
    }
}
