//! The EC2 instance metadata service, IMDSv2 only (no fallback to the unauthenticated v1).
//!
//! A session token first (`PUT /latest/api/token` with its TTL in
//! `x-aws-ec2-metadata-token-ttl-seconds`), then with it in `x-aws-ec2-metadata-token` the
//! instance's role (`GET /latest/meta-data/iam/security-credentials/`) and that role's
//! credentials (`GET .../security-credentials/ROLE`). Every request has a short timeout (1 s)
//! and is tried up to 4 times, as in the AWS SDKs; a 401 means the token expired and a new one
//! is fetched.
//!
//! `AWS_EC2_METADATA_DISABLED=true` turns the provider off;
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT` replaces `http://169.254.169.254`, and
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6` picks `http://[fd00:ec2::254]`.

use std::time::Duration;

use super::http::{
    METADATA_FIELDS, backoff, body_text, credentials_from_json, is_retryable, parse_json_object,
    request, send_once,
};
use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, ProvideCredentials,
    ProviderConfig, ProviderKind,
};

const P: ProviderKind = ProviderKind::Imds;
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";

/// Credentials of the EC2 instance's role, from IMDSv2.
#[derive(Clone, Debug)]
pub struct ImdsProvider {
    config: ProviderConfig,
    timeout: Duration,
    max_attempts: u32,
    token_ttl: Duration,
}

impl ImdsProvider {
    /// Reads the environment of `config`: 1 s per request, 4 attempts, 6-hour tokens.
    pub fn new(config: &ProviderConfig) -> Self {
        ImdsProvider {
            config: config.clone(),
            timeout: Duration::from_secs(1),
            max_attempts: 4,
            token_ttl: Duration::from_secs(21_600),
        }
    }

    /// How long one request may take.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Attempts per request, in all (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The endpoint, without a trailing slash.
    fn endpoint(&self) -> Result<String, CredentialsError> {
        let env = self.config.env();
        if let Some(url) = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(CredentialsError::invalid_configuration(
                    P,
                    "AWS_EC2_METADATA_SERVICE_ENDPOINT must start with http:// or https://",
                ));
            }
            return Ok(url.trim_end_matches('/').to_string());
        }
        match env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") {
            None => Ok("http://169.254.169.254".to_string()),
            Some(mode) if mode.eq_ignore_ascii_case("ipv4") => {
                Ok("http://169.254.169.254".to_string())
            }
            Some(mode) if mode.eq_ignore_ascii_case("ipv6") => {
                Ok("http://[fd00:ec2::254]".to_string())
            }
            Some(_) => Err(CredentialsError::invalid_configuration(
                P,
                "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE must be IPv4 or IPv6",
            )),
        }
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let disabled = self
            .config
            .env()
            .get("AWS_EC2_METADATA_DISABLED")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
        if disabled {
            return Err(CredentialsError::not_configured(
                P,
                "AWS_EC2_METADATA_DISABLED is true",
            ));
        }
        let endpoint = self.endpoint()?;
        let mut token = self.token(&endpoint).await?;
        let roles = self
            .get(
                &endpoint,
                CREDENTIALS_PATH,
                &mut token,
                "the instance's role",
            )
            .await
            .map_err(|e| match e.kind() {
                CredentialsErrorKind::HttpStatus(404) => CredentialsError::not_configured(
                    P,
                    format!("{endpoint}: the instance has no IAM role"),
                ),
                _ => e,
            })?;
        let role = roles
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .ok_or_else(|| {
                CredentialsError::not_configured(
                    P,
                    format!("{endpoint}: the instance has no IAM role"),
                )
            })?;
        let what = format!("the credentials of role {}", super::error::clip(role, 128));
        let path = format!(
            "{CREDENTIALS_PATH}{}",
            crate::endpoint::functions::uri_encode(role)
        );
        let body = self.get(&endpoint, &path, &mut token, &what).await?;
        let map = parse_json_object(P, &what, body.as_bytes())?;
        match map.get("Code").and_then(|c| c.as_str()) {
            None | Some("Success") => {}
            Some(code) => {
                return Err(CredentialsError::invalid_response(
                    P,
                    format!("{what}: IMDS says {}", super::error::clip(code, 64)),
                ));
            }
        }
        credentials_from_json(P, &what, &map, &METADATA_FIELDS)
    }

    /// A session token, with retries.
    async fn token(&self, endpoint: &str) -> Result<String, CredentialsError> {
        let url = format!("{endpoint}/latest/api/token");
        let what = format!("the IMDS session token from {url}");
        let ttl = self.token_ttl.as_secs().to_string();
        let mut attempt = 1;
        loop {
            let req = request("PUT", &url, vec![(TTL_HEADER.to_string(), ttl.clone())]);
            let result = match send_once(&self.config, P, &what, req, self.timeout).await {
                Ok(r) if r.status == 200 => body_text(P, &what, &r).map(|t| t.trim().to_string()),
                Ok(r) => Err(CredentialsError::new(
                    P,
                    CredentialsErrorKind::HttpStatus(r.status),
                    format!("{what}: HTTP status {}", r.status),
                )),
                Err(e) => Err(e),
            };
            match result {
                Ok(token) if token.is_empty() || token.contains(['\r', '\n']) => {
                    return Err(CredentialsError::invalid_response(
                        P,
                        format!("{what}: not a token"),
                    ));
                }
                Err(e) if attempt < self.max_attempts && is_retryable(&e) => {
                    backoff(&self.config, attempt).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// A GET with the token, with retries; a 401 fetches a new token first.
    async fn get(
        &self,
        endpoint: &str,
        path: &str,
        token: &mut String,
        what: &str,
    ) -> Result<String, CredentialsError> {
        let url = format!("{endpoint}{path}");
        let what = format!("{what} from {url}");
        let mut attempt = 1;
        loop {
            let req = request("GET", &url, vec![(TOKEN_HEADER.to_string(), token.clone())]);
            let result = match send_once(&self.config, P, &what, req, self.timeout).await {
                Ok(r) if r.status == 200 => body_text(P, &what, &r),
                Ok(r) => Err(CredentialsError::new(
                    P,
                    CredentialsErrorKind::HttpStatus(r.status),
                    format!("{what}: HTTP status {}", r.status),
                )),
                Err(e) => Err(e),
            };
            match result {
                Err(e) if attempt < self.max_attempts => {
                    if e.kind() == &CredentialsErrorKind::HttpStatus(401) {
                        *token = self.token(endpoint).await?;
                    } else if is_retryable(&e) {
                        backoff(&self.config, attempt).await;
                    } else {
                        return Err(e);
                    }
                    attempt += 1;
                }
                other => return other,
            }
        }
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
