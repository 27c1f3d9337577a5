//! What the layer remembers that fakecloud does not: the device keys it issued, their
//! verifiers, which device a sign-in or a refresh token belongs to, and the device
//! challenges under way.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fakecloud_cognito::srp::ServerHandshake;
use num_bigint::BigUint;
use rand::{Rng, RngCore};
use serde_json::Value;

use super::lookup::DeviceState;
use crate::REGION;

/// A device key the layer handed out in `NewDeviceMetadata`.
pub(super) struct DeviceRecord {
    pub pool_id: String,
    pub username: String,
    pub group_key: String,
    /// Recorded by `ConfirmDevice`; `None` until then.
    pub verifier: Option<Verifier>,
}

/// A device's `DeviceSecretVerifierConfig`, decoded.
#[derive(Clone)]
pub(super) struct Verifier {
    pub verifier: BigUint,
    pub salt: BigUint,
}

/// What a `DEVICE_KEY` sent at sign-in names, for that user.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Known {
    /// Not issued to this user, or its device was forgotten.
    Unknown,
    /// Issued but not confirmed.
    Unconfirmed,
    /// Confirmed, not remembered: signs in without the device challenge.
    Tracked,
    /// Confirmed and remembered: the sign-in goes through the device challenge.
    Remembered,
}

/// Where a device challenge stands.
pub(super) enum Stage {
    /// `DEVICE_SRP_AUTH` was sent; `SRP_A` is expected.
    AwaitSrpA,
    /// `DEVICE_PASSWORD_VERIFIER` was sent; the claim is expected.
    AwaitClaim {
        client_public_a: String,
        handshake: ServerHandshake,
        secret_block: String,
    },
}

/// A sign-in held at the device challenge.
pub(super) struct Pending {
    pub client_id: String,
    pub pool_id: String,
    /// The stored username (what fakecloud's tokens name).
    pub username: String,
    /// The `USERNAME` the sign-in started with (may be an alias), if known.
    pub given_username: Option<String>,
    pub device_key: String,
    /// fakecloud's answer carrying the tokens, given out when the device proves itself.
    pub held: Value,
    pub stage: Stage,
    pub expires: Instant,
}

#[derive(Default)]
pub(super) struct Registry {
    devices: HashMap<String, DeviceRecord>,
    /// (pool id, username) -> the user's device group key.
    group_keys: HashMap<(String, String), String>,
    /// fakecloud challenge session -> the `DEVICE_KEY` its sign-in started with.
    session_devices: HashMap<String, (String, Instant)>,
    pending: HashMap<String, Pending>,
    /// Refresh token -> the device of the sign-in that got it.
    refresh_devices: HashMap<String, String>,
}

impl Registry {
    /// A new device key for the user (and the user's group key, made on first use).
    pub(super) fn issue(&mut self, pool_id: &str, username: &str) -> (String, String) {
        let group_key = self
            .group_keys
            .entry((pool_id.to_owned(), username.to_owned()))
            .or_insert_with(new_group_key)
            .clone();
        let device_key = format!("{REGION}_{}", uuid::Uuid::new_v4());
        self.devices.insert(
            device_key.clone(),
            DeviceRecord {
                pool_id: pool_id.to_owned(),
                username: username.to_owned(),
                group_key: group_key.clone(),
                verifier: None,
            },
        );
        (device_key, group_key)
    }

    /// The record of `device_key` if it was issued to this user.
    pub(super) fn record_of(
        &self,
        pool_id: &str,
        username: &str,
        device_key: &str,
    ) -> Option<&DeviceRecord> {
        self.devices
            .get(device_key)
            .filter(|r| r.pool_id == pool_id && r.username == username)
    }

    /// Pool and user a device key was issued to.
    pub(super) fn owner(&self, device_key: &str) -> Option<(String, String)> {
        let r = self.devices.get(device_key)?;
        Some((r.pool_id.clone(), r.username.clone()))
    }

    /// What `device_key` is for this user, given fakecloud's record of it (`state`).
    pub(super) fn classify(
        &self,
        pool_id: &str,
        username: &str,
        device_key: &str,
        state: DeviceState,
    ) -> Known {
        let Some(record) = self.record_of(pool_id, username, device_key) else {
            return Known::Unknown;
        };
        match (&record.verifier, state) {
            (None, _) => Known::Unconfirmed,
            (Some(_), DeviceState::Absent) => Known::Unknown,
            (Some(_), DeviceState::Present { remembered: false }) => Known::Tracked,
            (Some(_), DeviceState::Present { remembered: true }) => Known::Remembered,
        }
    }

    pub(super) fn confirm(&mut self, device_key: &str, verifier: Verifier) {
        if let Some(record) = self.devices.get_mut(device_key) {
            record.verifier = Some(verifier);
        }
    }

    /// Remembers that fakecloud's challenge `session` belongs to a sign-in with `device_key`.
    pub(super) fn note_session(&mut self, session: &str, device_key: &str, lifetime: Duration) {
        let now = Instant::now();
        self.session_devices
            .retain(|_, (_, expires)| *expires > now);
        self.session_devices
            .insert(session.to_owned(), (device_key.to_owned(), now + lifetime));
    }

    pub(super) fn session_device(&self, session: &str) -> Option<String> {
        self.session_devices
            .get(session)
            .filter(|(_, expires)| *expires > Instant::now())
            .map(|(key, _)| key.clone())
    }

    pub(super) fn bind_refresh(&mut self, refresh_token: Option<&str>, device_key: &str) {
        if let Some(token) = refresh_token {
            self.refresh_devices
                .insert(token.to_owned(), device_key.to_owned());
        }
    }

    pub(super) fn refresh_device(&self, refresh_token: &str) -> Option<String> {
        self.refresh_devices.get(refresh_token).cloned()
    }

    /// Holds a sign-in under a new session id, which it returns.
    pub(super) fn hold(&mut self, pending: Pending) -> String {
        let now = Instant::now();
        self.pending.retain(|_, p| p.expires > now);
        let session = new_session_id();
        self.pending.insert(session.clone(), pending);
        session
    }

    /// Takes a held sign-in out: every device step uses its session once.
    pub(super) fn take(&mut self, session: &str) -> Option<Pending> {
        self.pending.remove(session)
    }
}

fn new_group_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    let mut key = String::from("-");
    for _ in 0..8 {
        key.push(char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]));
    }
    key
}

/// Opaque, unguessable session ids (Cognito's are long opaque strings too).
fn new_session_id() -> String {
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    STANDARD.encode(bytes)
}

/// A fresh `SECRET_BLOCK`: 64 random bytes, base64 (the size fakecloud uses for its own).
pub(super) fn new_secret_block() -> String {
    let mut bytes = [0u8; 64];
    rand::thread_rng().fill_bytes(&mut bytes);
    STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_keys_have_cognitos_shape_and_one_group_key_per_user() {
        let mut registry = Registry::default();
        let (key_a, group_a) = registry.issue("us-east-1_p", "alice");
        let (key_b, group_b) = registry.issue("us-east-1_p", "alice");
        let (_, group_c) = registry.issue("us-east-1_p", "bob");
        assert_ne!(key_a, key_b);
        assert_eq!(group_a, group_b);
        assert_ne!(group_a, group_c);

        let uuid = key_a.strip_prefix("us-east-1_").expect("region prefix");
        let parsed = uuid::Uuid::parse_str(uuid).expect("a uuid");
        assert_eq!(parsed.get_version_num(), 4, "{key_a}");
        assert_eq!(
            uuid,
            parsed.hyphenated().to_string(),
            "lower-case, hyphenated"
        );

        assert_eq!(group_a.len(), 9, "{group_a}");
        assert!(group_a.starts_with('-'));
        assert!(group_a[1..].chars().all(|c| c.is_ascii_alphanumeric()));
    }

    #[test]
    fn a_key_is_known_only_to_its_user_and_only_while_fakecloud_has_the_device() {
        let mut registry = Registry::default();
        let (key, _) = registry.issue("p", "alice");
        let present = |remembered| DeviceState::Present { remembered };
        assert_eq!(
            registry.classify("p", "bob", &key, present(true)),
            Known::Unknown
        );
        assert_eq!(
            registry.classify("p", "alice", "us-east-1_nope", present(true)),
            Known::Unknown
        );
        assert_eq!(
            registry.classify("p", "alice", &key, DeviceState::Absent),
            Known::Unconfirmed
        );
        registry.confirm(
            &key,
            Verifier {
                verifier: BigUint::from(5u8),
                salt: BigUint::from(7u8),
            },
        );
        assert_eq!(
            registry.classify("p", "alice", &key, present(false)),
            Known::Tracked
        );
        assert_eq!(
            registry.classify("p", "alice", &key, present(true)),
            Known::Remembered
        );
        // Confirmed, then forgotten in fakecloud.
        assert_eq!(
            registry.classify("p", "alice", &key, DeviceState::Absent),
            Known::Unknown
        );
    }

    #[test]
    fn held_sign_ins_are_taken_once() {
        let mut registry = Registry::default();
        let session = registry.hold(Pending {
            client_id: "c".into(),
            pool_id: "p".into(),
            username: "alice".into(),
            given_username: None,
            device_key: "k".into(),
            held: Value::Null,
            stage: Stage::AwaitSrpA,
            expires: Instant::now() + Duration::from_secs(60),
        });
        assert!(registry.take("another").is_none());
        assert!(registry.take(&session).is_some());
        assert!(registry.take(&session).is_none());
    }
}
