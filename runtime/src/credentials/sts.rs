//! STS `AssumeRole` and `AssumeRoleWithWebIdentity`, written by hand.
//!
//! STS speaks awsQuery (a form-encoded POST, an XML answer), which the generator does not emit
//! yet. This module is a stopgap until it does: two calls, their parameters, and the few
//! elements of the answer that credentials need. `AssumeRole` is signed with the source
//! credentials; `AssumeRoleWithWebIdentity` is not signed (the token is the proof).
//!
//! The endpoint is `https://sts.{region}.{partition's DNS suffix}/` (the global
//! `https://sts.amazonaws.com/`, signed for `us-east-1`, without a region), or
//! `AWS_ENDPOINT_URL_STS`, which the AWS SDKs honour too.

use std::time::Duration;

use quick_xml::events::Event;

use super::error::clip;
use super::http::{backoff, is_retryable, send_once};
use super::{
    Credentials, CredentialsError, CredentialsErrorKind, ProviderConfig, ProviderKind,
    parse_expiration,
};
use crate::endpoint::functions::uri_encode;
use crate::transport::{HttpResponse, TransportRequest};

const API_VERSION: &str = "2011-06-15";
const ATTEMPTS: u32 = 3;
const TIMEOUT: Duration = Duration::from_secs(10);

/// The parameters of `AssumeRole` a profile can give.
#[derive(Debug, Clone)]
pub(crate) struct AssumeRole<'a> {
    pub(crate) role_arn: &'a str,
    pub(crate) session_name: &'a str,
    pub(crate) external_id: Option<&'a str>,
    pub(crate) duration_seconds: Option<u32>,
}

/// A session name when none is configured, as the SDKs make one: unique enough per second.
pub(crate) fn default_session_name(config: &ProviderConfig, prefix: &str) -> String {
    let seconds = config
        .clock()
        .now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("{prefix}-{seconds}")
}

/// Assumes a role with `source` credentials.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    region: Option<&str>,
    source: &Credentials,
    params: &AssumeRole<'_>,
) -> Result<Credentials, CredentialsError> {
    const P: ProviderKind = ProviderKind::AssumeRole;
    let mut form = vec![
        ("Action", "AssumeRole".to_string()),
        ("Version", API_VERSION.to_string()),
        ("RoleArn", params.role_arn.to_string()),
        ("RoleSessionName", params.session_name.to_string()),
    ];
    if let Some(id) = params.external_id {
        form.push(("ExternalId", id.to_string()));
    }
    if let Some(seconds) = params.duration_seconds {
        form.push(("DurationSeconds", seconds.to_string()));
    }
    let what = format!("AssumeRole of {}", params.role_arn);
    call(config, region, P, &what, &form, Some(source)).await
}

/// Exchanges a web identity token for a role's credentials.
pub(crate) async fn assume_role_with_web_identity(
    config: &ProviderConfig,
    region: Option<&str>,
    role_arn: &str,
    session_name: &str,
    token: &str,
) -> Result<Credentials, CredentialsError> {
    let form = vec![
        ("Action", "AssumeRoleWithWebIdentity".to_string()),
        ("Version", API_VERSION.to_string()),
        ("RoleArn", role_arn.to_string()),
        ("RoleSessionName", session_name.to_string()),
        ("WebIdentityToken", token.to_string()),
    ];
    let what = format!("AssumeRoleWithWebIdentity of {role_arn}");
    call(
        config,
        region,
        ProviderKind::WebIdentity,
        &what,
        &form,
        None,
    )
    .await
}

/// The endpoint and the signing region.
fn endpoint(
    config: &ProviderConfig,
    region: Option<&str>,
    provider: ProviderKind,
) -> Result<(String, String), CredentialsError> {
    let signing_region = region.unwrap_or("us-east-1").to_string();
    if let Some(url) = config.env().get("AWS_ENDPOINT_URL_STS") {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(CredentialsError::invalid_configuration(
                provider,
                "AWS_ENDPOINT_URL_STS must start with http:// or https://",
            ));
        }
        let url = if url.ends_with('/') {
            url
        } else {
            format!("{url}/")
        };
        return Ok((url, signing_region));
    }
    let Some(region) = region else {
        return Ok(("https://sts.amazonaws.com/".to_string(), signing_region));
    };
    if !crate::endpoint::functions::is_valid_host_label(region, false) {
        return Err(CredentialsError::invalid_configuration(
            provider,
            format!("`{}` is not a region name", clip(region, 64)),
        ));
    }
    let suffix = crate::endpoint::partitions::partition_for(region)
        .partition
        .outputs
        .dns_suffix;
    Ok((format!("https://sts.{region}.{suffix}/"), signing_region))
}

async fn call(
    config: &ProviderConfig,
    region: Option<&str>,
    provider: ProviderKind,
    what: &str,
    form: &[(&str, String)],
    signer: Option<&Credentials>,
) -> Result<Credentials, CredentialsError> {
    let (url, signing_region) = endpoint(config, region, provider)?;
    let body: String = form
        .iter()
        .map(|(k, v)| format!("{k}={}", uri_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let body = body.into_bytes();
    let mut attempt = 1;
    loop {
        let mut headers = vec![
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded; charset=utf-8".to_string(),
            ),
            ("content-length".to_string(), body.len().to_string()),
            (
                "user-agent".to_string(),
                concat!("aws-light-runtime/", env!("CARGO_PKG_VERSION")).to_string(),
            ),
        ];
        if let Some(credentials) = signer {
            sign(
                &mut headers,
                &url,
                &body,
                &signing_region,
                credentials,
                provider,
                config.clock().now(),
            )?;
        }
        let request = TransportRequest {
            method: "POST",
            url: url.clone(),
            headers,
            body: body.clone(),
        };
        let result = match send_once(config, provider, what, request, TIMEOUT).await {
            Ok(response) => read_response(provider, what, &response),
            Err(e) => Err(e),
        };
        match result {
            Err(e) if attempt < ATTEMPTS && (is_retryable(&e) || is_throttling(&e)) => {
                backoff(config, attempt).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}

fn is_throttling(error: &CredentialsError) -> bool {
    matches!(
        error.kind(),
        CredentialsErrorKind::Service { code, .. }
            if code == "Throttling" || code == "IDPCommunicationError"
    )
}

#[cfg(feature = "sigv4")]
fn sign(
    headers: &mut Vec<(String, String)>,
    url: &str,
    body: &[u8],
    region: &str,
    credentials: &Credentials,
    provider: ProviderKind,
    now: std::time::SystemTime,
) -> Result<(), CredentialsError> {
    // STS calls are rare: signed with the local clock (the configuration's), not the
    // skew-corrected one.
    let scope = crate::sigv4::Scope {
        region,
        service: "sts",
    };
    crate::sigv4::sign("POST", url, headers, body, scope, credentials, now).map_err(|e| {
        CredentialsError::invalid_configuration(provider, format!("cannot sign for STS: {e}"))
    })
}

#[cfg(not(feature = "sigv4"))]
fn sign(
    _headers: &mut Vec<(String, String)>,
    _url: &str,
    _body: &[u8],
    _region: &str,
    _credentials: &Credentials,
    provider: ProviderKind,
    _now: std::time::SystemTime,
) -> Result<(), CredentialsError> {
    Err(CredentialsError::new(
        provider,
        CredentialsErrorKind::Unsupported,
        "AssumeRole is signed with SigV4: enable the `sigv4` feature",
    ))
}

/// The elements of an STS answer that matter here.
#[derive(Default)]
struct StsXml {
    access_key_id: Option<String>,
    secret_access_key: Option<String>,
    session_token: Option<String>,
    expiration: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
}

fn read_response(
    provider: ProviderKind,
    what: &str,
    response: &HttpResponse,
) -> Result<Credentials, CredentialsError> {
    let parsed = parse_xml(&response.body);
    if !(200..300).contains(&response.status) {
        return Err(
            match parsed
                .ok()
                .and_then(|x| x.error_code.map(|c| (c, x.error_message)))
            {
                Some((code, message)) => CredentialsError::new(
                    provider,
                    CredentialsErrorKind::Service {
                        code: clip(&code, 64),
                        status: response.status,
                    },
                    format!(
                        "{what}: {} (HTTP {}): {}",
                        clip(&code, 64),
                        response.status,
                        clip(message.as_deref().unwrap_or("no message"), 300)
                    ),
                ),
                None => CredentialsError::new(
                    provider,
                    CredentialsErrorKind::HttpStatus(response.status),
                    format!("{what}: HTTP status {}", response.status),
                ),
            },
        );
    }
    let xml = parsed.map_err(|position| {
        CredentialsError::invalid_response(
            provider,
            format!("{what}: the answer is not well-formed XML (near byte {position})"),
        )
    })?;
    let missing = |name: &str| {
        CredentialsError::invalid_response(provider, format!("{what}: the answer has no {name}"))
    };
    let key = xml.access_key_id.ok_or_else(|| missing("AccessKeyId"))?;
    let secret = xml
        .secret_access_key
        .ok_or_else(|| missing("SecretAccessKey"))?;
    let token = xml.session_token.ok_or_else(|| missing("SessionToken"))?;
    let expiration = xml.expiration.ok_or_else(|| missing("Expiration"))?;
    let expiry = parse_expiration(&expiration).ok_or_else(|| {
        CredentialsError::invalid_response(
            provider,
            format!(
                "{what}: Expiration is not an RFC 3339 date-time: {}",
                clip(&expiration, 40)
            ),
        )
    })?;
    Ok(Credentials::new(key, secret, Some(token)).with_expiry(Some(expiry)))
}

/// Walks the XML, keeping the text of `.../Credentials/{AccessKeyId,SecretAccessKey,
/// SessionToken,Expiration}` and `.../Error/{Code,Message}`. The error is a byte position
/// (quick-xml's messages may quote the document).
fn parse_xml(body: &[u8]) -> Result<StsXml, u64> {
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut out = StsXml::default();
    loop {
        match reader.read_event() {
            Err(_) => return Err(reader.buffer_position()),
            Ok(Event::Eof) => break,
            Ok(Event::Start(start)) => {
                path.push(String::from_utf8_lossy(start.local_name().as_ref()).into_owned());
                text.clear();
            }
            Ok(Event::Text(t)) => {
                let unescaped = t.unescape().map_err(|_| reader.buffer_position())?;
                text.push_str(&unescaped);
            }
            Ok(Event::CData(c)) => text.push_str(&String::from_utf8_lossy(&c)),
            Ok(Event::End(_)) => {
                let value = std::mem::take(&mut text).trim().to_string();
                let n = path.len();
                let parent = n
                    .checked_sub(2)
                    .and_then(|i| path.get(i))
                    .map(String::as_str);
                let leaf = path.last().map(String::as_str);
                let slot = match (parent, leaf) {
                    (Some("Credentials"), Some("AccessKeyId")) => Some(&mut out.access_key_id),
                    (Some("Credentials"), Some("SecretAccessKey")) => {
                        Some(&mut out.secret_access_key)
                    }
                    (Some("Credentials"), Some("SessionToken")) => Some(&mut out.session_token),
                    (Some("Credentials"), Some("Expiration")) => Some(&mut out.expiration),
                    (Some("Error"), Some("Code")) => Some(&mut out.error_code),
                    (Some("Error"), Some("Message")) => Some(&mut out.error_message),
                    _ => None,
                };
                if let Some(slot) = slot {
                    *slot = Some(value).filter(|v| !v.is_empty());
                }
                path.pop();
            }
            Ok(_) => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_credentials_and_errors() {
        let ok = br#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAEXAMPLE</AccessKeyId>
      <SecretAccessKey>se&amp;cret</SecretAccessKey>
      <SessionToken><![CDATA[tok<en>]]></SessionToken>
      <Expiration>2030-01-01T00:00:00Z</Expiration>
    </Credentials>
  </AssumeRoleResult>
</AssumeRoleResponse>"#;
        let creds = read_response(
            ProviderKind::AssumeRole,
            "test",
            &HttpResponse::new(200, ok.to_vec()),
        )
        .expect("credentials");
        assert_eq!(creds.parts(), ("ASIAEXAMPLE", "se&cret", Some("tok<en>")));
        assert!(creds.expiry().is_some());

        let err = br#"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
<Message>not authorized</Message></Error><RequestId>1</RequestId></ErrorResponse>"#;
        let e = read_response(
            ProviderKind::AssumeRole,
            "test",
            &HttpResponse::new(403, err.to_vec()),
        )
        .expect_err("error");
        assert_eq!(
            e.kind(),
            &CredentialsErrorKind::Service {
                code: "AccessDenied".into(),
                status: 403
            }
        );
        assert!(e.to_string().contains("not authorized"), "{e}");

        let e = read_response(
            ProviderKind::AssumeRole,
            "test",
            &HttpResponse::new(502, b"<html".to_vec()),
        )
        .expect_err("error");
        assert_eq!(e.kind(), &CredentialsErrorKind::HttpStatus(502));

        let e = read_response(
            ProviderKind::AssumeRole,
            "test",
            &HttpResponse::new(200, b"<a><b></a>".to_vec()),
        )
        .expect_err("malformed");
        assert_eq!(e.kind(), &CredentialsErrorKind::InvalidResponse);
    }
}
