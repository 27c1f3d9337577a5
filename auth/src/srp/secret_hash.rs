//! `SECRET_HASH`, which app clients that have a client secret must send.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::hash::hmac_sha256;

/// `SECRET_HASH` for an app client with a client secret:
/// `base64(HMAC-SHA256(key = client_secret, username | client_id))`, as AWS documents it
/// ("Computing secret hash values" in the Cognito developer guide).
///
/// `username` is the one of the request: `USERNAME` in `InitiateAuth`, and in the
/// `RespondToAuthChallenge` of an SRP sign-in the challenge's `USER_ID_FOR_SRP`.
/// (`amazon-cognito-identity-js` supports no client secrets; the differential test compares
/// this with Node's own HMAC over the same formula.)
///
/// ```
/// use cognito_auth::srp::secret_hash;
/// assert_eq!(secret_hash("u", "c", "s"), "Rzt+fPDNEu47M2tFcmGaaH6mn61rqNF4ZbvjHnbqEZE=");
/// ```
pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    // The MAC is sent as it is, so it needs no wiping; the secret is the caller's.
    STANDARD.encode(hmac_sha256(
        client_secret.as_bytes(),
        &[username.as_bytes(), client_id.as_bytes()],
    ))
}
