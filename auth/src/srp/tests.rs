//! Unit tests of the whole exchange: known answers of amazon-cognito-identity-js (computed by
//! `tests/node/srp-oracle.js` on the inputs below and fixed here, so they run without Node), a
//! server written from the SRP-6a equations that must accept every claim, and the error paths.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use crypto_bigint::{U256, U3072, U4096};

use super::encoding::{pad, parse_server_hex, to_minimal_hex};
use super::group::{K, N, Residue, g_pow, params, residue};
use super::hash::{derive_key, hmac_sha256, sha256};
use super::session::password_exponent;
use super::*;

/// Hands out fixed bytes in order, and fails once they run out.
struct Fixed {
    bytes: Vec<u8>,
    at: usize,
}

impl Fixed {
    fn new(bytes: impl IntoIterator<Item = u8>) -> Self {
        Fixed {
            bytes: bytes.into_iter().collect(),
            at: 0,
        }
    }
}

impl RandomSource for Fixed {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        let end = self.at + dest.len();
        let src = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| RandomError::new("fixed bytes exhausted"))?;
        dest.copy_from_slice(src);
        self.at = end;
        Ok(())
    }
}

/// `a` of the known-answer vectors: the bytes 1 to 128.
fn vector_a() -> Fixed {
    Fixed::new(1..=128)
}

const VECTOR_POOL: &str = "us-east-1_AbC123";
const VECTOR_SALT: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const VECTOR_SECRET_BLOCK: &str = "c2VjcmV0IGJsb2Nr";
const VECTOR_TIME: i64 = 1_725_347_101;

fn vector_challenge(srp_b: &str) -> ServerChallenge<'_> {
    ServerChallenge {
        srp_b,
        salt: VECTOR_SALT,
        secret_block: VECTOR_SECRET_BLOCK,
    }
}

/// `SRP_A` for `a` = the bytes 1 to 128.
const VECTOR_SRP_A: &str = concat!(
    "ce00119aff3d209146734fd8a5754ea0972b6e30ad843f288552a8bb40c4ae75",
    "7aef4cc842bb79dc35cf9439dd1d63bba10ef1c877282221c9f441fae286ddb0",
    "537d364de9bb37f0d525516605574ad06bc7918e4cd4e309ad5531b6c4e9b836",
    "1a09ad02bd307ab434f5e521c4f733aa507f8fde534e6c8cdfc7695f4ab19c53",
    "3be45581df6ce0ad63f91e1a95699dbfedf73576caa59890de50861614a0dd4c",
    "c3177c64302fb1520b8b0f00d0fb8acee6de2e3431e1b8878bcfb5763bebda1c",
    "d408f5febc6d7578c0f781253fafc5092bbbf5d2435524d9785f03fca3b548b4",
    "5eb7d04e12e387dd5904e07f770324a89dc76d554130b7ddced7a95f5b5213e7",
    "4d0173ca4bddd7e31858b39ef4753897c96ef109497bd7c570a177ea05da873b",
    "e036d2c1235e614e9c2f2ffd1deaed2280cae326413d8acf7e99a7f81e3113a0",
    "57aa72f0650b6abf79f08d302966470a380236bca2e9a0ed56303c2342aff22e",
    "2214fffefa9049c5af9b4446a4166c3a723051b7cd1cb6eb93a6d3b47f9ea1ee",
);

/// `PasswordVerifier` of the device vector.
const VECTOR_DEVICE_VERIFIER: &str = concat!(
    "Au92CVLBLtKDwarfbpHlxvFux/MiHX9EEgDQUDk4KHzBnlB8b/p8LUzMt4wGyhhc",
    "rGen/9kMX45rW62wEIj9OAERFd6RNVUyXH3YivcxzYXJ34ijOC3NPS+/uENIV9A5",
    "UINlWdZyadl+4N8J0yWZ5aIX8nYovUaSbkNqU1ADszhu3YJCroP+EKXAbr5qw3wZ",
    "+m8S71JDErkrgo3hUjz1+U6Mc4UTqWAHtBBvZM7oJ9248oCaJur0ZGyBgBT93dN6",
    "TQZyF8JZElPMuMLRabuk+6LkZcFH+NoOHIU5NxmT7GviX4AdZTMzpiou00xb4H5s",
    "K42V1RsmAbXj5heywrvV+HdQ5Qo1Rn3XfswSFh0BELFNAn1mRc9MMw7ZKAA1U0L+",
    "jKH/1inX6Ru6vURQHCmFv6RFLDLOup6sDPDab5hsSMml0zySrpTm0sDhVyzCzq05",
    "lmj9C6C3+EOJrzlrbe5DNpTG1MQNoCACwFtbLqYdy2lpcXdeH5jT8N0LbjqmRF2K",
);

#[test]
fn user_claim_matches_amazon_cognito_identity_js() {
    let session = SrpSession::with_random(&mut vector_a()).unwrap();
    assert_eq!(session.srp_a(), VECTOR_SRP_A);
    let srp_b = "a5".repeat(384);
    let claim = session
        .user_password_claim(
            VECTOR_POOL,
            "alice-id",
            "correct horse",
            &vector_challenge(&srp_b),
            VECTOR_TIME,
        )
        .unwrap();
    assert_eq!(claim.timestamp, "Tue Sep 3 07:05:01 UTC 2024");
    assert_eq!(
        claim.signature,
        "3U95SvDGoHTzev1YAvCfkytH4AVecLNEJ80V6OjG0M8="
    );
}

#[test]
fn device_claim_matches_amazon_cognito_identity_js() {
    let session = SrpSession::with_random(&mut vector_a()).unwrap();
    let srp_b = "a5".repeat(384);
    let claim = session
        .device_password_claim(
            "-grpKey",
            "us-east-1_dev",
            "devpw",
            &vector_challenge(&srp_b),
            VECTOR_TIME,
        )
        .unwrap();
    assert_eq!(
        claim.signature,
        "vEM1Ua2P7fOauTt5WIS3GodhPodNcTjv/xlVpypJrMU="
    );
}

#[test]
fn device_secrets_match_amazon_cognito_identity_js() {
    // Password bytes 0xa0..0xc7, salt 0x80 then zeros (its top bit set: padded with 0x00).
    let mut random = Fixed::new((0xa0..0xc8).chain([0x80]).chain([0; 15]));
    let secrets = DeviceSecrets::generate_with("-grpKey", "us-east-1_dev", &mut random).unwrap();
    assert_eq!(
        secrets.device_password(),
        "oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr/AwcLDxMXGxw=="
    );
    assert_eq!(secrets.salt(), "AIAAAAAAAAAAAAAAAAAAAAA=");
    assert_eq!(secrets.password_verifier(), VECTOR_DEVICE_VERIFIER);
}

/// The server's side of SRP-6a, from its equations: `B = k*v + g^b`, `S = (A * v^u)^b`.
struct Server {
    v: Residue,
    b: U256,
    srp_b: String,
}

impl Server {
    fn new(v: Residue, seed: u8) -> Self {
        let b = U256::from_be_slice(&*sha256(&[b"server b", &[seed]]));
        let k = Residue::new(&K, params());
        let big_b = k.mul(&v).add(&g_pow(&b, 256)).retrieve();
        let srp_b = to_minimal_hex(big_b.to_be_bytes().as_slice());
        Server { v, b, srp_b }
    }

    /// The key the server derives once it has `SRP_A`.
    fn key(&self, srp_a: &str) -> [u8; 16] {
        let a_bytes = parse_server_hex(ServerValue::SrpB, srp_a).unwrap();
        let b_bytes = parse_server_hex(ServerValue::SrpB, &self.srp_b).unwrap();
        let u = sha256(&[&pad(&a_bytes), &pad(&b_bytes)]);
        let mut a_full = [0u8; 384];
        a_full[384 - a_bytes.len()..].copy_from_slice(&a_bytes);
        let big_a = residue(&U3072::from_be_slice(&a_full));
        let s = big_a
            .mul(&self.v.pow(&U256::from_be_slice(&*u)))
            .pow(&self.b)
            .retrieve();
        *derive_key(&pad(s.to_be_bytes().as_slice()), &pad(&*u))
    }

    /// The signature the server expects.
    fn signature(&self, srp_a: &str, realm: &str, user: &str, timestamp: &str) -> String {
        let secret_block = STANDARD.decode(VECTOR_SECRET_BLOCK).unwrap();
        let mac = hmac_sha256(
            &self.key(srp_a),
            &[
                realm.as_bytes(),
                user.as_bytes(),
                &secret_block,
                timestamp.as_bytes(),
            ],
        );
        STANDARD.encode(mac)
    }
}

#[test]
fn a_server_accepts_the_user_claim() {
    for seed in 0..8u8 {
        let password = format!("pässwörd {seed} 🔑");
        let salt_bytes = parse_server_hex(ServerValue::Salt, VECTOR_SALT).unwrap();
        let x = password_exponent("AbC123", "user-id", &password, &pad(&salt_bytes));
        let server = Server::new(g_pow(&*x, 256), seed);

        let session = SrpSession::with_random(&mut Fixed::new((0..128).map(|i| i ^ seed))).unwrap();
        let srp_a = session.srp_a().to_string();
        let claim = session
            .user_password_claim(
                VECTOR_POOL,
                "user-id",
                &password,
                &vector_challenge(&server.srp_b),
                VECTOR_TIME + i64::from(seed),
            )
            .unwrap();
        let expected = server.signature(&srp_a, "AbC123", "user-id", &claim.timestamp);
        assert_eq!(claim.signature, expected, "seed {seed}");

        // The wrong password gives another signature.
        let session = SrpSession::with_random(&mut Fixed::new((0..128).map(|i| i ^ seed))).unwrap();
        let wrong = session
            .user_password_claim(
                VECTOR_POOL,
                "user-id",
                "not it",
                &vector_challenge(&server.srp_b),
                VECTOR_TIME + i64::from(seed),
            )
            .unwrap();
        assert_ne!(wrong.signature, expected);
    }
}

#[test]
fn a_server_accepts_the_device_claim_with_the_registered_verifier() {
    for seed in 0..4u8 {
        let secrets = DeviceSecrets::generate_with(
            "-grpKey",
            "us-east-1_dev",
            &mut Fixed::new((0..56).map(|i| i * 3 + seed)),
        )
        .unwrap();
        // What Cognito stores from ConfirmDevice, and sends back as SALT.
        let verifier = STANDARD.decode(secrets.password_verifier()).unwrap();
        let mut v_full = [0u8; 384];
        let v_digits = super::encoding::strip_leading_zeros(&verifier);
        v_full[384 - v_digits.len()..].copy_from_slice(v_digits);
        let salt_hex = super::encoding::to_hex(&STANDARD.decode(secrets.salt()).unwrap());
        let server = Server::new(residue(&U3072::from_be_slice(&v_full)), seed);

        let session = SrpSession::with_random(&mut OsRandom).unwrap();
        let srp_a = session.srp_a().to_string();
        let challenge = ServerChallenge {
            srp_b: &server.srp_b,
            salt: &salt_hex,
            secret_block: VECTOR_SECRET_BLOCK,
        };
        let claim = session
            .device_password_claim(
                "-grpKey",
                "us-east-1_dev",
                secrets.device_password(),
                &challenge,
                VECTOR_TIME,
            )
            .unwrap();
        let expected = server.signature(&srp_a, "-grpKey", "us-east-1_dev", &claim.timestamp);
        assert_eq!(claim.signature, expected, "seed {seed}");
    }
}

fn claim_error(srp_b: &str, salt: &str, secret_block: &str, pool: &str) -> SrpError {
    let challenge = ServerChallenge {
        srp_b,
        salt,
        secret_block,
    };
    SrpSession::with_random(&mut vector_a())
        .unwrap()
        .user_password_claim(pool, "u", "p", &challenge, 0)
        .unwrap_err()
}

#[test]
fn server_values_that_cannot_be_used_are_errors() {
    let n_hex = to_minimal_hex(N.get_copy().to_be_bytes().as_slice());
    let two_n = {
        let n: U4096 = N.get_copy().resize();
        to_minimal_hex(n.shl(1).to_be_bytes().as_slice())
    };
    let ok_b = "a5".repeat(384);
    let cases: [(&str, &str, &str, &str, SrpError); 9] = [
        (
            "0",
            VECTOR_SALT,
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::ZeroServerValue,
        ),
        (
            "000",
            VECTOR_SALT,
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::ZeroServerValue,
        ),
        (
            &n_hex,
            VECTOR_SALT,
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::ZeroServerValue,
        ),
        (
            &two_n,
            VECTOR_SALT,
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::Oversize {
                field: ServerValue::SrpB,
                max_bytes: 384,
            },
        ),
        (
            "12g4",
            VECTOR_SALT,
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::MalformedHex {
                field: ServerValue::SrpB,
            },
        ),
        (
            &ok_b,
            "",
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::MalformedHex {
                field: ServerValue::Salt,
            },
        ),
        (
            &ok_b,
            &"1".repeat(769),
            VECTOR_SECRET_BLOCK,
            VECTOR_POOL,
            SrpError::Oversize {
                field: ServerValue::Salt,
                max_bytes: 384,
            },
        ),
        (
            &ok_b,
            VECTOR_SALT,
            "not base64!",
            VECTOR_POOL,
            SrpError::MalformedSecretBlock,
        ),
        (
            &ok_b,
            VECTOR_SALT,
            VECTOR_SECRET_BLOCK,
            "AbC123",
            SrpError::InvalidUserPoolId,
        ),
    ];
    for (srp_b, salt, secret_block, pool, expected) in cases {
        let got = claim_error(srp_b, salt, secret_block, pool);
        assert_eq!(got, expected, "SRP_B {:.20}..., SALT {salt:.20}", srp_b);
        // No value received appears in the message.
        let message = got.to_string();
        if srp_b.len() > 3 {
            assert!(!message.contains(srp_b), "{message}");
        }
    }
}

#[test]
fn n_plus_b_is_accepted_and_hashed_as_received() {
    // B and B + N are the same residue, but u hashes B as sent, so the claims differ.
    let small_b = "05";
    let n_plus = {
        let n = N.get_copy().wrapping_add(&U3072::from_u8(5));
        to_minimal_hex(n.to_be_bytes().as_slice())
    };
    let claim = |srp_b: &str| {
        SrpSession::with_random(&mut vector_a())
            .unwrap()
            .user_password_claim(VECTOR_POOL, "u", "p", &vector_challenge(srp_b), 0)
            .unwrap()
    };
    assert_ne!(claim(small_b).signature, claim(&n_plus).signature);
}

#[test]
fn secret_block_padding_is_optional() {
    let claim = |secret_block: &str| {
        let challenge = ServerChallenge {
            srp_b: "05",
            salt: VECTOR_SALT,
            secret_block,
        };
        SrpSession::with_random(&mut vector_a())
            .unwrap()
            .user_password_claim(VECTOR_POOL, "u", "p", &challenge, 0)
            .unwrap()
    };
    // "AAECAw==" is [0, 1, 2, 3].
    assert_eq!(claim("AAECAw==").signature, claim("AAECAw").signature);
}

#[test]
fn a_failing_random_source_is_an_error() {
    let err = SrpSession::with_random(&mut Fixed::new(0..10)).unwrap_err();
    assert!(matches!(&err, SrpError::Random(e) if e.reason() == "fixed bytes exhausted"));
    assert!(err.to_string().contains("fixed bytes exhausted"));
    let err = DeviceSecrets::generate_with("g", "d", &mut Fixed::new(0..40)).unwrap_err();
    assert!(matches!(err, SrpError::Random(_)));
}

#[test]
fn debug_shows_no_secret() {
    let session = SrpSession::with_random(&mut Fixed::new([0xab; 128])).unwrap();
    let shown = format!("{session:?}");
    assert!(shown.contains(session.srp_a()));
    assert!(!shown.to_lowercase().contains("abababab"), "{shown}");
    assert!(shown.contains("<redacted>"));

    let secrets = DeviceSecrets::generate_with("g", "d", &mut Fixed::new(0..56)).unwrap();
    let shown = format!("{secrets:?}");
    assert!(!shown.contains(secrets.device_password()), "{shown}");
    assert!(shown.contains(secrets.password_verifier()));
}

#[test]
fn sessions_from_the_os_differ() {
    let one = SrpSession::new().unwrap();
    let two = SrpSession::new().unwrap();
    assert_ne!(one.srp_a(), two.srp_a());
    let one = DeviceSecrets::generate("g", "d").unwrap();
    let two = DeviceSecrets::generate("g", "d").unwrap();
    assert_ne!(one.device_password(), two.device_password());
    assert_eq!(one.device_password().len(), 56);
}
