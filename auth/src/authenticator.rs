//! The sign-in flows over the generated client: `USER_SRP_AUTH`, `USER_PASSWORD_AUTH`,
//! `REFRESH_TOKEN_AUTH`, the device challenges, and remembering a device.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use cognito_identity_provider::Client;
use cognito_identity_provider::DateTime;
use cognito_identity_provider::time::Clock;
use cognito_identity_provider::types::{
    AuthFlowType, AuthenticationResultType, ChallengeNameType, DeviceRememberedStatusType,
    DeviceSecretVerifierConfigType,
};

use std::sync::{Arc, Mutex};

use crate::Secret;
use crate::challenge::{self, Answer, PendingChallenge};
use crate::error::AuthError;
use crate::srp::{
    DeviceSecrets, OsRandom, PasswordClaim, RandomSource, ServerChallenge, SrpSession,
};
use crate::tokens::{NewDevice, RememberedDevice, Tokens};

/// The user pool and app client a user signs in to.
#[derive(Clone)]
pub struct UserPool {
    pool_id: String,
    client_id: String,
    client_secret: Option<Secret>,
}

impl UserPool {
    /// The pool (`us-east-1_AbCdEf123`) and one of its app clients. Fails if the pool id is not
    /// `<region>_<name>`: SRP hashes the part after the underscore.
    pub fn new(
        pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Result<Self, AuthError> {
        let pool_id = pool_id.into();
        if crate::srp::user_pool_name(&pool_id).is_err() {
            return Err(AuthError::InvalidPoolId(pool_id));
        }
        Ok(UserPool {
            pool_id,
            client_id: client_id.into(),
            client_secret: None,
        })
    }

    /// The app client's secret, for clients that have one: every flow then sends
    /// `SECRET_HASH`.
    pub fn with_client_secret(mut self, secret: Secret) -> Self {
        self.client_secret = Some(secret);
        self
    }

    /// The pool id.
    pub fn pool_id(&self) -> &str {
        &self.pool_id
    }

    /// The app client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn secret_hash(&self, username: &str) -> Option<String> {
        self.client_secret
            .as_ref()
            .map(|s| crate::srp::secret_hash(username, &self.client_id, s.expose()))
    }
}

impl fmt::Debug for UserPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserPool")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish()
    }
}

/// Where a sign-in stands after a step: signed in, or stopped at a challenge for the app.
#[derive(Debug)]
#[non_exhaustive]
pub enum SignIn {
    /// The user is signed in.
    SignedIn(Tokens),
    /// Cognito asks for more: answer with [`Authenticator::answer`].
    Challenge(PendingChallenge),
}

impl SignIn {
    /// The tokens, if the user is signed in.
    pub fn tokens(self) -> Option<Tokens> {
        match self {
            SignIn::SignedIn(t) => Some(t),
            SignIn::Challenge(_) => None,
        }
    }
}

/// Signs users in to one app client of one user pool, through a generated [`Client`].
///
/// The clock (for the SRP claim's timestamp) is the client's (`ConfigBuilder::clock`), so one
/// setting serves signing and sign-in; the random source (for SRP's secret values and device
/// passwords) is the operating system's (in the browser, `crypto.getRandomValues`). Both can be
/// replaced, for tests.
#[derive(Clone)]
pub struct Authenticator {
    client: Client,
    pool: UserPool,
    clock: Arc<dyn Clock>,
    // Locked only while bytes are drawn, never across an await.
    random: Arc<Mutex<dyn RandomSource + Send>>,
}

impl fmt::Debug for Authenticator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Authenticator")
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

/// The answer of one InitiateAuth or RespondToAuthChallenge call, as the flows read it.
struct Step {
    challenge: Option<String>,
    session: Option<String>,
    parameters: BTreeMap<String, String>,
    result: Option<AuthenticationResultType>,
}

impl Authenticator {
    /// An authenticator for `pool`, calling Cognito through `client`, with the client's clock
    /// and the operating system's random source.
    pub fn new(client: Client, pool: UserPool) -> Self {
        Authenticator {
            clock: client.config().clock().clone(),
            client,
            pool,
            random: Arc::new(Mutex::new(OsRandom)),
        }
    }

    /// Replaces the clock (tests replaying a sign-in at a fixed time).
    pub fn with_clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Replaces the random source (tests with fixed values, or a platform's own generator).
    pub fn with_random(mut self, random: impl RandomSource + Send + 'static) -> Self {
        self.random = Arc::new(Mutex::new(random));
        self
    }

    /// Runs `f` with the random source. A poisoned lock (a panic in another thread's draw)
    /// still holds a usable source: drawing bytes leaves no half-updated state that matters.
    fn with_rng<T>(&self, f: impl FnOnce(&mut dyn RandomSource) -> T) -> T {
        let mut guard = self.random.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut *guard)
    }

    /// The pool this authenticator signs in to.
    pub fn pool(&self) -> &UserPool {
        &self.pool
    }

    /// Signs in with `USER_SRP_AUTH`: the password never leaves the app, only a proof that the
    /// user knows it. With `device`, a remembered device, Cognito then checks the device
    /// (`DEVICE_SRP_AUTH`), which this answers too.
    pub async fn sign_in_srp(
        &self,
        username: &str,
        password: &Secret,
        device: Option<&RememberedDevice>,
    ) -> Result<SignIn, AuthError> {
        let session = self.with_rng(|r| SrpSession::with_random(r))?;
        let mut params = HashMap::from([
            ("USERNAME".to_owned(), username.to_owned()),
            ("SRP_A".to_owned(), session.srp_a().to_owned()),
        ]);
        self.add_common(&mut params, username, device);
        let step = self.initiate(AuthFlowType::UserSrpAuth, params).await?;
        step.expect("PASSWORD_VERIFIER")?;
        let user_id = step.required("USER_ID_FOR_SRP")?.to_owned();
        let server = step.server_challenge()?;
        let claim = session.user_password_claim(
            &self.pool.pool_id,
            &user_id,
            password.expose(),
            &server,
            self.now_unix_seconds(),
        )?;
        let responses = self.claim_responses(&user_id, server.secret_block, claim, device);
        let next = self
            .respond(ChallengeNameType::PasswordVerifier, step.session, responses)
            .await?;
        self.continue_from(next, user_id, device).await
    }

    /// Signs in with `USER_PASSWORD_AUTH`: the password goes to Cognito (over TLS). The app
    /// client must allow this flow.
    pub async fn sign_in_password(
        &self,
        username: &str,
        password: &Secret,
        device: Option<&RememberedDevice>,
    ) -> Result<SignIn, AuthError> {
        let mut params = HashMap::from([
            ("USERNAME".to_owned(), username.to_owned()),
            ("PASSWORD".to_owned(), password.expose().to_owned()),
        ]);
        self.add_common(&mut params, username, device);
        let step = self
            .initiate(AuthFlowType::UserPasswordAuth, params)
            .await?;
        let username = step
            .parameters
            .get("USER_ID_FOR_SRP")
            .cloned()
            .unwrap_or_else(|| username.to_owned());
        self.continue_from(step, username, device).await
    }

    /// New access and ID tokens from a refresh token (`REFRESH_TOKEN_AUTH`). A refresh token
    /// issued to a remembered device needs that device. With a client secret, `username` is the
    /// user's name as Cognito knows it (the `sub` or `USER_ID_FOR_SRP`); without, it is unused.
    pub async fn refresh(
        &self,
        refresh_token: &Secret,
        username: &str,
        device: Option<&RememberedDevice>,
    ) -> Result<Tokens, AuthError> {
        let mut params = HashMap::from([(
            "REFRESH_TOKEN".to_owned(),
            refresh_token.expose().to_owned(),
        )]);
        self.add_common(&mut params, username, device);
        let step = self
            .initiate(AuthFlowType::RefreshTokenAuth, params)
            .await?;
        match step.result {
            Some(result) => Tokens::from_result(result),
            None => Err(match step.challenge {
                Some(got) => AuthError::UnexpectedChallenge {
                    expected: "no challenge",
                    got,
                },
                None => AuthError::NoResult,
            }),
        }
    }

    /// Answers a challenge the sign-in stopped at. The answer must be of the challenge's kind
    /// (an SMS code for `SmsMfa`, ...), or this fails without calling Cognito.
    pub async fn answer(
        &self,
        pending: PendingChallenge,
        answer: Answer,
    ) -> Result<SignIn, AuthError> {
        if !answer.answers(&pending.challenge) {
            return Err(AuthError::WrongAnswer {
                challenge: pending.name,
            });
        }
        let mut responses: HashMap<String, String> = answer.responses().into_iter().collect();
        responses.insert("USERNAME".to_owned(), pending.username.clone());
        self.add_common(&mut responses, &pending.username, pending.device.as_ref());
        let name = ChallengeNameType::from(pending.name.as_str());
        let next = self
            .respond(
                name,
                pending.session.map(|s| s.expose().to_owned()),
                responses,
            )
            .await?;
        self.continue_from(next, pending.username, pending.device.as_ref())
            .await
    }

    /// Remembers the device a sign-in reported as new: makes its random password and salt,
    /// sends the SRP verifier with `ConfirmDevice`, and, when the pool leaves remembering to
    /// the user (`UserConfirmationNecessary`), marks it remembered with `UpdateDeviceStatus`.
    ///
    /// Store what this returns: later sign-ins pass it to skip MFA on this device
    /// (`DEVICE_SRP_AUTH`), and refreshes of its tokens pass it too.
    pub async fn remember_device(
        &self,
        tokens: &Tokens,
        device: &NewDevice,
        device_name: Option<&str>,
    ) -> Result<RememberedDevice, AuthError> {
        let secrets = self.with_rng(|r| {
            DeviceSecrets::generate_with(&device.device_group_key, &device.device_key, r)
        })?;
        let mut confirm = self
            .client
            .confirm_device()
            .access_token(tokens.access_token.expose())
            .device_key(&device.device_key)
            .device_secret_verifier_config(
                DeviceSecretVerifierConfigType::builder()
                    .password_verifier(secrets.password_verifier())
                    .salt(secrets.salt())
                    .build(),
            );
        if let Some(name) = device_name {
            confirm = confirm.device_name(name);
        }
        let confirmed = confirm.send().await.map_err(AuthError::ConfirmDevice)?;
        if confirmed.user_confirmation_necessary {
            self.client
                .update_device_status()
                .access_token(tokens.access_token.expose())
                .device_key(&device.device_key)
                .device_remembered_status(DeviceRememberedStatusType::Remembered)
                .send()
                .await
                .map_err(AuthError::UpdateDeviceStatus)?;
        }
        Ok(RememberedDevice::new(
            device.device_key.clone(),
            device.device_group_key.clone(),
            Secret::new(secrets.device_password()),
        ))
    }

    /// Follows a step's answer: tokens end the sign-in; the device challenges are answered
    /// here; anything else goes to the app.
    async fn continue_from(
        &self,
        mut step: Step,
        username: String,
        device: Option<&RememberedDevice>,
    ) -> Result<SignIn, AuthError> {
        // At most the two device steps follow; a server that keeps asking is refused.
        for _ in 0..3 {
            if let Some(result) = step.result.take() {
                return Tokens::from_result(result).map(SignIn::SignedIn);
            }
            let Some(name) = step.challenge.clone() else {
                return Err(AuthError::NoResult);
            };
            match (name.as_str(), device) {
                ("DEVICE_SRP_AUTH", Some(device)) => {
                    step = self.device_srp(step, &username, device).await?;
                }
                ("DEVICE_SRP_AUTH", None) => {
                    return Err(AuthError::UnexpectedChallenge {
                        expected: "a challenge for a sign-in without a remembered device",
                        got: name,
                    });
                }
                _ => {
                    let challenge = challenge::parse(&name, &step.parameters);
                    return Ok(SignIn::Challenge(PendingChallenge {
                        challenge,
                        name,
                        session: step.session.map(Secret::new),
                        username,
                        device: device.cloned(),
                    }));
                }
            }
        }
        Err(AuthError::UnexpectedChallenge {
            expected: "tokens after the device challenges",
            got: step.challenge.unwrap_or_default(),
        })
    }

    /// `DEVICE_SRP_AUTH`, then `DEVICE_PASSWORD_VERIFIER`: SRP again, with the device's group
    /// key, key and password in place of the pool, user and password.
    async fn device_srp(
        &self,
        step: Step,
        username: &str,
        device: &RememberedDevice,
    ) -> Result<Step, AuthError> {
        let session = self.with_rng(|r| SrpSession::with_random(r))?;
        let mut responses = HashMap::from([
            ("USERNAME".to_owned(), username.to_owned()),
            ("SRP_A".to_owned(), session.srp_a().to_owned()),
        ]);
        self.add_common(&mut responses, username, Some(device));
        let verifier = self
            .respond(ChallengeNameType::DeviceSrpAuth, step.session, responses)
            .await?;
        verifier.expect("DEVICE_PASSWORD_VERIFIER")?;
        let server = verifier.server_challenge()?;
        let claim = session.device_password_claim(
            device.device_group_key(),
            device.device_key(),
            device.device_password().expose(),
            &server,
            self.now_unix_seconds(),
        )?;
        let responses = self.claim_responses(username, server.secret_block, claim, Some(device));
        self.respond(
            ChallengeNameType::DevicePasswordVerifier,
            verifier.session,
            responses,
        )
        .await
    }

    /// The answer to a password-verifier challenge: the claim over the secret block, sent back
    /// with it, and what every step repeats.
    fn claim_responses(
        &self,
        username: &str,
        secret_block: &str,
        claim: PasswordClaim,
        device: Option<&RememberedDevice>,
    ) -> HashMap<String, String> {
        let mut responses = HashMap::from([
            ("USERNAME".to_owned(), username.to_owned()),
            (
                "PASSWORD_CLAIM_SECRET_BLOCK".to_owned(),
                secret_block.to_owned(),
            ),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), claim.signature),
            ("TIMESTAMP".to_owned(), claim.timestamp),
        ]);
        self.add_common(&mut responses, username, device);
        responses
    }

    /// Now on the client's clock, in whole seconds since the epoch (negative before 1970: a
    /// broken clock, whose claim Cognito refuses as it should).
    fn now_unix_seconds(&self) -> i64 {
        DateTime::from(self.clock.now()).secs()
    }

    /// `SECRET_HASH` and `DEVICE_KEY`, which every step of a flow repeats.
    fn add_common(
        &self,
        params: &mut HashMap<String, String>,
        username: &str,
        device: Option<&RememberedDevice>,
    ) {
        if let Some(hash) = self.pool.secret_hash(username) {
            params.insert("SECRET_HASH".to_owned(), hash);
        }
        if let Some(device) = device {
            params.insert("DEVICE_KEY".to_owned(), device.device_key().to_owned());
        }
    }

    async fn initiate(
        &self,
        flow: AuthFlowType,
        params: HashMap<String, String>,
    ) -> Result<Step, AuthError> {
        let out = self
            .client
            .initiate_auth()
            .auth_flow(flow)
            .client_id(&self.pool.client_id)
            .auth_parameters(params)
            .send()
            .await
            .map_err(AuthError::InitiateAuth)?;
        Ok(Step::new(
            out.challenge_name,
            out.session,
            out.challenge_parameters,
            out.authentication_result,
        ))
    }

    async fn respond(
        &self,
        name: ChallengeNameType,
        session: Option<String>,
        responses: HashMap<String, String>,
    ) -> Result<Step, AuthError> {
        let mut call = self
            .client
            .respond_to_auth_challenge()
            .client_id(&self.pool.client_id)
            .challenge_name(name)
            .challenge_responses(responses);
        if let Some(session) = session {
            call = call.session(session);
        }
        let out = call
            .send()
            .await
            .map_err(AuthError::RespondToAuthChallenge)?;
        Ok(Step::new(
            out.challenge_name,
            out.session,
            out.challenge_parameters,
            out.authentication_result,
        ))
    }
}

impl Step {
    fn new(
        challenge: Option<ChallengeNameType>,
        session: Option<String>,
        parameters: Option<HashMap<String, String>>,
        result: Option<AuthenticationResultType>,
    ) -> Self {
        Step {
            challenge: challenge.map(|c| c.as_str().to_owned()),
            session,
            parameters: parameters.unwrap_or_default().into_iter().collect(),
            result,
        }
    }

    /// Fails unless Cognito asked for `expected`.
    fn expect(&self, expected: &'static str) -> Result<(), AuthError> {
        match self.challenge.as_deref() {
            Some(name) if name == expected => Ok(()),
            got => Err(AuthError::UnexpectedChallenge {
                expected,
                got: got.unwrap_or("no challenge").to_owned(),
            }),
        }
    }

    fn required(&self, parameter: &'static str) -> Result<&str, AuthError> {
        self.parameters
            .get(parameter)
            .map(String::as_str)
            .ok_or_else(|| AuthError::MissingChallengeParameter {
                challenge: self.challenge.clone().unwrap_or_default(),
                parameter,
            })
    }

    /// `SRP_B`, `SALT` and `SECRET_BLOCK` of a password-verifier challenge.
    fn server_challenge(&self) -> Result<ServerChallenge<'_>, AuthError> {
        Ok(ServerChallenge {
            srp_b: self.required("SRP_B")?,
            salt: self.required("SALT")?,
            secret_block: self.required("SECRET_BLOCK")?,
        })
    }
}
