//! The container credentials endpoint: ECS task roles and EKS Pod Identity.
//!
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on `http://169.254.170.2`; else
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` is a whole URL, which must be `https`, or `http` to a
//! host whose every address is a loopback one, the ECS address `169.254.170.2` or an EKS Pod
//! Identity address (`169.254.170.23`, `fd00:ec2::23`), the AWS SDKs' rule. The
//! `Authorization` header is the content of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`, else
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN`, re-read at every fetch (the file rotates).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, ToSocketAddrs};
use std::time::Duration;

use super::http::{
    METADATA_FIELDS, backoff, credentials_from_json, is_retryable, parse_json_object, request,
    send_once,
};
use super::process::blocking;
use super::{
    Credentials, CredentialsError, CredentialsErrorKind, CredentialsFuture, ProvideCredentials,
    ProviderConfig, ProviderKind,
};

const P: ProviderKind = ProviderKind::Container;
const ECS_HOST: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
const EKS_HOST_V4: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
const EKS_HOST_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23);

/// Credentials from the container endpoint, configured by the environment at each fetch.
#[derive(Clone, Debug)]
pub struct ContainerProvider {
    config: ProviderConfig,
    timeout: Duration,
    max_attempts: u32,
}

impl ContainerProvider {
    /// Reads the environment of `config`; 5 s per attempt, 3 attempts.
    pub fn new(config: &ProviderConfig) -> Self {
        ContainerProvider {
            config: config.clone(),
            timeout: Duration::from_secs(5),
            max_attempts: 3,
        }
    }

    /// How long one attempt may take.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Attempts in all (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let env = self.config.env();
        let url = if let Some(relative) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            let slash = if relative.starts_with('/') { "" } else { "/" };
            format!("http://{ECS_HOST}{slash}{relative}")
        } else if let Some(full) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            check_full_uri(&full).await?;
            full
        } else {
            return Err(CredentialsError::not_configured(
                P,
                "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
            ));
        };
        let what = format!("container credentials from {url}");
        let mut attempt = 1;
        loop {
            match self.attempt(&url, &what).await {
                Err(e) if attempt < self.max_attempts && is_retryable(&e) => {
                    backoff(&self.config, attempt).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn attempt(&self, url: &str, what: &str) -> Result<Credentials, CredentialsError> {
        let mut headers = vec![("accept".to_string(), "application/json".to_string())];
        if let Some(token) = self.authorization()? {
            headers.push(("authorization".to_string(), token));
        }
        let response = send_once(
            &self.config,
            P,
            what,
            request("GET", url, headers),
            self.timeout,
        )
        .await?;
        if response.status != 200 {
            return Err(status_error(what, response.status, &response.body));
        }
        let map = parse_json_object(P, what, &response.body)?;
        credentials_from_json(P, what, &map, &METADATA_FIELDS)
    }

    /// The `Authorization` header, read now: the token file wins over the variable.
    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let env = self.config.env();
        let token = if let Some(file) = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            let path = env.expand_home(&file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                CredentialsError::new(
                    P,
                    CredentialsErrorKind::Io,
                    format!(
                        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {} cannot be read: {e}",
                        path.display()
                    ),
                )
            })?;
            Some(text.trim().to_string())
        } else {
            env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN")
        };
        match token {
            Some(t) if t.contains(['\r', '\n']) => Err(CredentialsError::invalid_configuration(
                P,
                "the container authorization token contains a line break",
            )),
            other => Ok(other),
        }
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// An error status; the endpoint's `code` is kept, its message is not (it is free text).
fn status_error(what: &str, status: u16, body: &[u8]) -> CredentialsError {
    let code = parse_json_object(P, what, body).ok().and_then(|map| {
        map.get("code")
            .or_else(|| map.get("Code"))
            .and_then(|c| c.as_str())
            .map(|c| super::error::clip(c, 64))
    });
    let message = match code {
        Some(code) => format!("{what}: HTTP status {status} ({code})"),
        None => format!("{what}: HTTP status {status}"),
    };
    CredentialsError::new(P, CredentialsErrorKind::HttpStatus(status), message)
}

/// Whether plain HTTP may carry credentials to `ip`.
fn is_allowed_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4 == ECS_HOST || v4 == EKS_HOST_V4,
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6 == EKS_HOST_V6
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_allowed_ip(IpAddr::V4(v4)))
        }
    }
}

/// Checks `AWS_CONTAINER_CREDENTIALS_FULL_URI`: https anywhere, http only to allowed hosts (a
/// host name is resolved, and all of its addresses must be allowed).
async fn check_full_uri(url: &str) -> Result<(), CredentialsError> {
    let invalid = |why: &str| {
        CredentialsError::invalid_configuration(
            P,
            format!("AWS_CONTAINER_CREDENTIALS_FULL_URI {why}"),
        )
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid("is not an absolute URL"))?;
    if scheme.eq_ignore_ascii_case("https") {
        return Ok(());
    }
    if !scheme.eq_ignore_ascii_case("http") {
        return Err(invalid("must be an http or https URL"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(invalid("must not carry user information"));
    }
    let (host, port) = split_host_port(authority).ok_or_else(|| invalid("has no valid host"))?;
    if let Ok(ip) = host.parse::<IpAddr>() {
        return if is_allowed_ip(ip) {
            Ok(())
        } else {
            Err(invalid(&format!(
                "uses http to {ip}, which is not a loopback, ECS or EKS Pod Identity address (use https)"
            )))
        };
    }
    let name = host.to_string();
    let resolved = blocking(move || {
        (name.as_str(), port)
            .to_socket_addrs()
            .map(|addrs| addrs.map(|a| a.ip()).collect::<Vec<_>>())
    })
    .await;
    match resolved {
        Some(Ok(ips)) if !ips.is_empty() && ips.iter().all(|ip| is_allowed_ip(*ip)) => Ok(()),
        Some(Ok(_)) => Err(invalid(&format!(
            "uses http to {host}, which resolves to an address that is not a loopback, ECS or EKS Pod Identity one (use https)"
        ))),
        _ => Err(invalid(&format!(
            "names host {host}, which cannot be resolved"
        ))),
    }
}

/// `host` (brackets removed for IPv6) and port (80 by default) of an authority.
fn split_host_port(authority: &str) -> Option<(&str, u16)> {
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => 80,
    };
    Some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allowed_hosts() {
        for ip in [
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "169.254.170.2",
            "169.254.170.23",
            "fd00:ec2::23",
        ] {
            assert!(is_allowed_ip(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["169.254.169.254", "10.0.0.1", "8.8.8.8", "fd00:ec2::254"] {
            assert!(!is_allowed_ip(ip.parse().expect("ip")), "{ip}");
        }
        assert_eq!(
            split_host_port("[fd00:ec2::23]:8080"),
            Some(("fd00:ec2::23", 8080))
        );
        assert_eq!(split_host_port("127.0.0.1"), Some(("127.0.0.1", 80)));
        assert_eq!(split_host_port(":80"), None);
    }
}
