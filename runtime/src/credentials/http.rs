//! What the providers that speak HTTP share: one attempt through the client's transport under
//! a timeout of their own, the backoff between attempts, and the JSON credentials documents of
//! IMDS, the container endpoint and `credential_process`.

use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use super::error::clip;
use super::{
    Credentials, CredentialsError, CredentialsErrorKind, ProviderConfig, ProviderKind,
    parse_expiration,
};
use crate::transport::{HttpResponse, Sleep, TransportErrorKind, TransportRequest};

/// Credentials documents are a few hundred bytes; anything near this is not one.
const MAX_BODY: usize = 64 * 1024;

/// Runs `future` for at most `limit` when there is a timer; without one, to completion (the
/// transport's own timeouts still apply). `None` on timeout.
pub(crate) async fn with_timeout<T>(
    sleep: Option<&Arc<dyn Sleep>>,
    limit: Duration,
    future: impl Future<Output = T>,
) -> Option<T> {
    let Some(sleep) = sleep else {
        return Some(future.await);
    };
    let mut future = pin!(future);
    let mut timer = sleep.sleep(limit);
    poll_fn(|cx| {
        if let Poll::Ready(value) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(value));
        }
        timer.as_mut().poll(cx).map(|()| None)
    })
    .await
}

/// Sends one request and waits at most `timeout` for the whole response.
pub(crate) async fn send_once(
    config: &ProviderConfig,
    provider: ProviderKind,
    what: &str,
    request: TransportRequest,
    timeout: Duration,
) -> Result<HttpResponse, CredentialsError> {
    let exchange = config.transport().send(request, MAX_BODY);
    match with_timeout(config.sleep(), timeout, exchange).await {
        None => Err(CredentialsError::new(
            provider,
            CredentialsErrorKind::Timeout,
            format!("{what}: no answer within {timeout:?}"),
        )),
        Some(Err(e)) => Err(CredentialsError::transport(provider, what, &e)),
        Some(Ok(response)) => Ok(response),
    }
}

/// Whether another attempt may succeed: a timeout, a connection that failed, a 5xx.
pub(crate) fn is_retryable(error: &CredentialsError) -> bool {
    match error.kind() {
        CredentialsErrorKind::Timeout => true,
        CredentialsErrorKind::Transport(kind) => {
            matches!(kind, TransportErrorKind::Connect | TransportErrorKind::Io)
        }
        CredentialsErrorKind::HttpStatus(status) => (500..600).contains(status),
        _ => false,
    }
}

/// Waits before attempt `attempt + 1`: 50 ms, 100 ms, 200 ms, ... (no wait without a timer).
pub(crate) async fn backoff(config: &ProviderConfig, attempt: u32) {
    if let Some(sleep) = config.sleep() {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let delay = Duration::from_millis(50).saturating_mul(factor);
        sleep.sleep(delay.min(Duration::from_secs(2))).await;
    }
}

/// A GET or PUT with these headers and no body.
pub(crate) fn request(
    method: &'static str,
    url: &str,
    headers: Vec<(String, String)>,
) -> TransportRequest {
    TransportRequest {
        method,
        url: url.to_string(),
        headers,
        body: Vec::new(),
    }
}

/// The body of a response as text, or an error naming `what` (never quoting the body).
pub(crate) fn body_text(
    provider: ProviderKind,
    what: &str,
    response: &HttpResponse,
) -> Result<String, CredentialsError> {
    String::from_utf8(response.body.clone()).map_err(|_| {
        CredentialsError::invalid_response(provider, format!("{what}: the body is not UTF-8"))
    })
}

/// Reads a JSON object, never quoting it in an error (it holds secrets).
pub(crate) fn parse_json_object(
    provider: ProviderKind,
    what: &str,
    body: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, CredentialsError> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(CredentialsError::invalid_response(
            provider,
            format!("{what}: expected a JSON object"),
        )),
        // serde_json's messages can quote the text they choke on: only the position is kept.
        Err(e) => Err(CredentialsError::invalid_response(
            provider,
            format!(
                "{what}: not valid JSON (line {}, column {})",
                e.line(),
                e.column()
            ),
        )),
    }
}

/// The field names of a JSON credentials document.
pub(crate) struct JsonFields {
    pub(crate) token: &'static str,
}

/// IMDS and the container endpoint say `Token`.
pub(crate) const METADATA_FIELDS: JsonFields = JsonFields { token: "Token" };

/// `credential_process` says `SessionToken`.
pub(crate) const PROCESS_FIELDS: JsonFields = JsonFields {
    token: "SessionToken",
};

/// Credentials from a JSON document: `AccessKeyId`, `SecretAccessKey`, the token, and
/// `Expiration` (RFC 3339, optional).
pub(crate) fn credentials_from_json(
    provider: ProviderKind,
    what: &str,
    map: &serde_json::Map<String, serde_json::Value>,
    fields: &JsonFields,
) -> Result<Credentials, CredentialsError> {
    let text = |name: &str| -> Result<Option<&str>, CredentialsError> {
        match map.get(name) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(CredentialsError::invalid_response(
                provider,
                format!("{what}: `{name}` is not a string"),
            )),
        }
    };
    let required = |name: &str| -> Result<&str, CredentialsError> {
        text(name)?.filter(|s| !s.is_empty()).ok_or_else(|| {
            CredentialsError::invalid_response(provider, format!("{what}: no `{name}`"))
        })
    };
    let key = required("AccessKeyId")?;
    let secret = required("SecretAccessKey")?;
    let token = text(fields.token)?.filter(|s| !s.is_empty());
    let expiry = match text("Expiration")? {
        None => None,
        Some(stamp) => Some(parse_expiration(stamp).ok_or_else(|| {
            CredentialsError::invalid_response(
                provider,
                format!(
                    "{what}: `Expiration` is not an RFC 3339 date-time: {}",
                    clip(stamp, 40)
                ),
            )
        })?),
    };
    Ok(Credentials::new(key, secret, token.map(str::to_string)).with_expiry(expiry))
}
