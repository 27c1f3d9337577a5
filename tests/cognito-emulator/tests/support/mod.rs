//! The client side of Cognito's SRP for the device-layer tests, written from the protocol
//! (RFC 5054's 3072-bit group, Cognito's hashing as amazon-cognito-identity-js does it),
//! not from fakecloud's server code, so a mistake on either side shows.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use rand::RngCore;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The timestamp the tests sign (Cognito's format; the emulator only hashes it).
pub const TIMESTAMP: &str = "Tue Dec 1 09:30:00 UTC 2026";

fn n() -> BigUint {
    BigUint::parse_bytes(cognito_emulator::SRP_N_HEX.as_bytes(), 16).expect("N")
}

fn g() -> BigUint {
    BigUint::from(2u8)
}

/// Big-endian bytes as `padHex` makes them: a leading zero byte when the top bit is set.
fn pad(value: &BigUint) -> Vec<u8> {
    let mut bytes = value.to_bytes_be();
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    bytes
}

fn sha256(parts: &[&[u8]]) -> Vec<u8> {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part);
    }
    hash.finalize().to_vec()
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().to_vec()
}

fn random_number(bytes: usize) -> BigUint {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    BigUint::from_bytes_be(&buf)
}

/// `x = H(PAD(salt) | H(realm | id | ":" | password))`; realm and id are the pool's short
/// name and `USER_ID_FOR_SRP`, or the device group key and device key.
fn private_x(realm: &str, id: &str, password: &str, salt: &BigUint) -> BigUint {
    let inner = sha256(&[format!("{realm}{id}:{password}").as_bytes()]);
    BigUint::from_bytes_be(&sha256(&[&pad(salt), &inner]))
}

/// What a client sends in `ConfirmDevice`: a random 16-byte salt and the verifier of
/// `device_password`, both base64 of padded big-endian bytes.
pub fn device_verifier_config(group_key: &str, device_key: &str, device_password: &str) -> Value {
    let salt = random_number(16);
    let verifier = g().modpow(
        &private_x(group_key, device_key, device_password, &salt),
        &n(),
    );
    json!({
        "PasswordVerifier": STANDARD.encode(pad(&verifier)),
        "Salt": STANDARD.encode(pad(&salt)),
    })
}

/// One SRP handshake's client secret `a` and public `A`.
pub struct SrpClient {
    a: BigUint,
    a_public: BigUint,
}

impl SrpClient {
    /// A fresh random `a`.
    pub fn random() -> SrpClient {
        let a = random_number(32) % (n() - 1u8) + 1u8;
        let a_public = g().modpow(&a, &n());
        SrpClient { a, a_public }
    }

    /// `SRP_A` as clients send it: lower-case hex.
    pub fn a_hex(&self) -> String {
        self.a_public.to_str_radix(16)
    }

    /// `PASSWORD_CLAIM_SIGNATURE` for the challenge parameters `SRP_B`, `SALT` (hex) and
    /// `SECRET_BLOCK` (base64).
    pub fn signature(&self, realm: &str, id: &str, password: &str, challenge: &Value) -> String {
        let hex = |name: &str| {
            let text = challenge[name]
                .as_str()
                .unwrap_or_else(|| panic!("{name}: {challenge}"));
            BigUint::parse_bytes(text.as_bytes(), 16).unwrap_or_else(|| panic!("{name} hex"))
        };
        let (n, g) = (n(), g());
        let b_public = hex("SRP_B");
        let salt = hex("SALT");
        let secret_block = STANDARD
            .decode(challenge["SECRET_BLOCK"].as_str().expect("SECRET_BLOCK"))
            .expect("SECRET_BLOCK is base64");

        let k = BigUint::from_bytes_be(&sha256(&[&pad(&n), &pad(&g)]));
        let u = BigUint::from_bytes_be(&sha256(&[&pad(&self.a_public), &pad(&b_public)]));
        let x = private_x(realm, id, password, &salt);
        // S = (B - k * g^x) ^ (a + u * x) mod N
        let base = (&b_public + &n - (&k * g.modpow(&x, &n)) % &n) % &n;
        let shared = base.modpow(&(&self.a + &u * &x), &n);
        let prk = hmac(&pad(&u), &[&pad(&shared)]);
        let key = &hmac(&prk, &[b"Caldera Derived Key".as_slice(), &[1u8]])[..16];
        STANDARD.encode(hmac(
            key,
            &[
                realm.as_bytes(),
                id.as_bytes(),
                secret_block.as_slice(),
                TIMESTAMP.as_bytes(),
            ],
        ))
    }
}
