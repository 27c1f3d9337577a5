//! SigV4 signing with AWS's own `aws-sigv4` crate (feature `sigv4`).

use std::time::SystemTime;

use aws_sigv4::http_request::{
    SignableBody, SignableRequest, SigningSettings, sign as sign_request,
};
use aws_sigv4::sign::v4;

use crate::credentials::Credentials;

/// Adds the SigV4 headers (`authorization`, `x-amz-date`, and `x-amz-security-token` for
/// temporary credentials) to a request's headers, signed at `time` (the clock corrected for
/// the service's skew).
pub fn sign(
    headers: &mut Vec<(String, String)>,
    url: &str,
    body: &[u8],
    region: &str,
    service: &str,
    credentials: &Credentials,
    time: SystemTime,
) -> Result<(), String> {
    let (key, secret, token) = credentials.parts();
    let identity = aws_credential_types::Credentials::new(
        key,
        secret,
        token.map(str::to_string),
        credentials.expiry(),
        "client",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let host = host_of(url).ok_or_else(|| format!("cannot sign for endpoint `{url}`: no host"))?;
    let mut to_sign: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    to_sign.push(("host", host));
    let signable =
        SignableRequest::new("POST", url, to_sign.into_iter(), SignableBody::Bytes(body))
            .map_err(|e| e.to_string())?;
    // aws-sigv4 traces the canonical request at TRACE level, and with temporary credentials
    // that holds the session token: sign with no subscriber listening.
    let none = tracing::Dispatch::none();
    let signed = tracing::dispatcher::with_default(&none, || sign_request(signable, &params));
    let (instructions, _signature) = signed.map_err(|e| e.to_string())?.into_parts();
    for (name, value) in instructions.headers() {
        headers.push((name.to_string(), value.to_string()));
    }
    Ok(())
}

/// The `host[:port]` part of a URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}
