//! Differential test against Amplify's `amazon-cognito-identity-js` 6.3.21 (npm, run by Node):
//! the same inputs through our `srp` module and through the library's own `CognitoUser` and
//! `AuthenticationHelper` (`tests/node/srp-oracle.js` feeds it the case's random bytes, clock
//! and server answers), compared byte for byte: `SRP_A`, `u`, `x`, `S`, the HKDF key,
//! `PASSWORD_CLAIM_SIGNATURE` and `TIMESTAMP` of user and device sign-ins; the device password,
//! salt and verifier `ConfirmDevice` registers; `TIMESTAMP` alone over many instants; the
//! rejection of `B mod N = 0`. `SECRET_HASH`, which the library does not compute, is compared
//! with Node's own HMAC.
//!
//! The cases come from fixed seeds, so a failure repeats. `scripts/install-node-srp` installs
//! the library (pinned, with a lock file) under `CARGO_TARGET_TMPDIR`; this test runs it. It is
//! ignored, with the reason, where `node` or `npm` is missing (`build.rs`), and fails when npm
//! cannot install the library.

mod support;

use cognito_auth::srp::{
    DeviceSecrets, ServerChallenge, SrpError, SrpSession, cognito_timestamp, secret_hash,
};
use serde_json::{Value, json};
use support::{Replay, TestRng, hex, installed_oracle, loud, run_oracle, server};

const USER_CASES: usize = 140;
const DEVICE_CASES: usize = 60;
const VERIFIER_CASES: usize = 30;
const SECRET_HASH_CASES: usize = 20;
const TIMESTAMP_CASES: usize = 40;

const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// One case: what the oracle is given, and what we computed for it.
struct Case {
    label: String,
    input: Value,
    expected: Value,
}

fn pool_id(rng: &mut TestRng) -> String {
    let region = rng.pick(&[
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-2",
        "ap-southeast-1",
        "us-gov-west-1",
        "cn-north-1",
        "il-central-1",
    ]);
    let len = 1 + rng.below(12) as usize;
    format!("{region}_{}", rng.string_from(ALNUM, len))
}

fn user_id(rng: &mut TestRng) -> String {
    match rng.below(8) {
        // The usual USER_ID_FOR_SRP: the user's `sub`.
        0..=2 => {
            let h = hex(&rng.bytes(16));
            format!(
                "{}-{}-{}-{}-{}",
                &h[..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..]
            )
        }
        3 => format!("user.{}+tag@example.com", rng.string_from(ALNUM, 6)),
        4 => rng
            .pick(&[
                "用户名",
                "ñandú",
                "Ölçü_Şahin",
                "пользователь",
                "🙂emoji🙃",
                "a",
            ])
            .to_string(),
        5 => rng.string_from("abcdefghij0123456789._-@+", 128),
        _ => {
            let len = 3 + rng.below(20) as usize;
            rng.string_from(ALNUM, len)
        }
    }
}

fn password(rng: &mut TestRng) -> String {
    match rng.below(8) {
        0 => rng
            .pick(&[
                "pässwörd",
                "密码123!",
                "🔑🔐 key",
                "contains:colons:",
                "",
                " spaced ",
            ])
            .to_string(),
        1 => rng.string_from("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~aZ09 é€𝄞", 256),
        _ => {
            let len = 8 + rng.below(24) as usize;
            rng.string_from(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*",
                len,
            )
        }
    }
}

/// A salt as Cognito sends it, and the ways a hex integer may also be written.
fn salt_hex(rng: &mut TestRng) -> String {
    let mut bytes = rng.bytes(16);
    match rng.below(10) {
        0 => bytes[0] = 0,       // a leading zero byte, dropped by padHex
        1 => bytes[..3].fill(0), // several
        2 => bytes[0] |= 0x80,   // top bit: padHex adds 0x00
        3 => {
            // other lengths
            let len = 1 + rng.below(40) as usize;
            bytes = rng.bytes(len);
        }
        _ => {}
    }
    let text = hex(&bytes);
    match rng.below(6) {
        0 => text.to_uppercase(),
        1 => text[1..].to_string(), // odd length
        2 => format!("00{text}"),
        _ => text,
    }
}

/// The 128 random bytes of `a`, sometimes with leading zeros.
fn a_bytes(rng: &mut TestRng) -> Vec<u8> {
    let mut a = rng.bytes(128);
    if rng.chance(10) {
        let zeros = rng.below(64) as usize;
        a[..zeros].fill(0);
    }
    a
}

fn secret_block(rng: &mut TestRng) -> String {
    use base64::Engine;
    let len = rng.below(1400) as usize;
    let bytes = rng.bytes(len);
    if rng.chance(10) {
        base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
    } else {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }
}

/// Instants between 1970 and 2100 mostly, and far ones JavaScript still represents.
fn unix_seconds(rng: &mut TestRng) -> i64 {
    const JS_MAX: u64 = 8_640_000_000_000;
    match rng.below(10) {
        0 => rng.below(2 * JS_MAX + 1) as i64 - JS_MAX as i64,
        1 => -(rng.below(62_135_596_800 * 2) as i64),
        _ => rng.below(4_102_444_800) as i64,
    }
}

/// A valid `SRP_B` for this verifier, written as a server might.
fn srp_b(rng: &mut TestRng, realm: &str, user: &str, password: &str, salt: &str) -> String {
    let b: [u8; 32] = rng.bytes(32).try_into().expect("32 bytes");
    let text = server::srp_b(realm, user, password, salt, &b);
    match rng.below(8) {
        0 => text.to_uppercase(),
        1 => format!("0000{text}"),
        _ => text,
    }
}

/// What the oracle answers when the claim is refused, for the refusals both sides share.
fn js_error(error: &SrpError) -> Value {
    match error {
        SrpError::ZeroServerValue => json!({ "error": "B cannot be zero." }),
        SrpError::ZeroScrambler => json!({ "error": "U cannot be zero." }),
        other => panic!("a case was built that only this side refuses: {other}"),
    }
}

fn claim_case(label: String, mut input: Value, session: SrpSession, device: bool) -> Case {
    let s = |k: &str| input[k].as_str().expect("string input").to_string();
    let challenge_b = s("srp_b");
    let challenge_salt = s("salt");
    let block = s("secret_block");
    let challenge = ServerChallenge {
        srp_b: &challenge_b,
        salt: &challenge_salt,
        secret_block: &block,
    };
    let now = input["unix_seconds"].as_i64().expect("seconds");
    let transcript = if device {
        session.device_password_claim_transcript(
            &s("device_group_key"),
            &s("device_key"),
            &s("device_password"),
            &challenge,
            now,
        )
    } else {
        session.user_password_claim_transcript(
            &s("pool_id"),
            &s("user_id_for_srp"),
            &s("password"),
            &challenge,
            now,
        )
    };
    let expected = match transcript {
        Ok(t) => {
            let mut e = json!({
                "srp_a": t.srp_a,
                "u": t.u,
                "x": t.x,
                "s": t.s,
                "key": t.key,
                "signature": t.claim.signature,
                "timestamp": t.claim.timestamp,
                "secret_block": block,
            });
            if device {
                e["username"] = input["username"].clone();
                e["device_key"] = input["device_key"].clone();
            } else {
                e["username"] = input["user_id_for_srp"].clone();
            }
            e
        }
        Err(err) => js_error(&err),
    };
    input["kind"] = json!(if device { "device" } else { "user" });
    Case {
        label,
        input,
        expected,
    }
}

fn user_case(i: usize, rng: &mut TestRng) -> Case {
    let pool = pool_id(rng);
    let pool_name = pool.split('_').nth(1).expect("pool name").to_string();
    let user = user_id(rng);
    let pw = password(rng);
    let salt = salt_hex(rng);
    let a = a_bytes(rng);
    let input = json!({
        "pool_id": pool,
        "username": user_id(rng), // the name signed in with; the math uses USER_ID_FOR_SRP
        "user_id_for_srp": user,
        "password": pw,
        "random": [hex(&a)],
        "srp_b": srp_b(rng, &pool_name, &user, &pw, &salt),
        "salt": salt,
        "secret_block": secret_block(rng),
        "unix_seconds": unix_seconds(rng),
    });
    let session = SrpSession::with_random(&mut Replay::new(a)).expect("session");
    claim_case(format!("user #{i}"), input, session, false)
}

fn device_case(i: usize, rng: &mut TestRng) -> Case {
    use base64::Engine;
    let group = format!("-{}", rng.string_from(ALNUM, 9));
    let h = hex(&rng.bytes(16));
    let device_key = format!(
        "us-east-1_{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    );
    let device_password = if rng.chance(8) {
        password(rng)
    } else {
        base64::engine::general_purpose::STANDARD.encode(rng.bytes(40))
    };
    let salt = salt_hex(rng);
    let a = a_bytes(rng);
    let input = json!({
        "pool_id": pool_id(rng),
        "username": user_id(rng),
        "device_group_key": group,
        "device_key": device_key,
        "device_password": device_password,
        "random": [hex(&a)],
        "srp_b": srp_b(rng, &group, &device_key, &device_password, &salt),
        "salt": salt,
        "secret_block": secret_block(rng),
        "unix_seconds": unix_seconds(rng),
    });
    let session = SrpSession::with_random(&mut Replay::new(a)).expect("session");
    claim_case(format!("device #{i}"), input, session, true)
}

fn verifier_case(i: usize, rng: &mut TestRng) -> Case {
    let group = format!("-{}", rng.string_from(ALNUM, 9));
    let device_key = format!("eu-west-1_{}", hex(&rng.bytes(16)));
    let password_bytes = rng.bytes(40);
    let mut salt = rng.bytes(16);
    match i % 5 {
        0 => salt[0] |= 0x80,
        1 => salt[..2].fill(0),
        2 if i == 2 => salt.fill(0),
        _ => {}
    }
    let mut random = Replay::new([password_bytes.clone(), salt.clone()].concat());
    let secrets = DeviceSecrets::generate_with(&group, &device_key, &mut random).expect("secrets");
    assert!(random.is_drained(), "DeviceSecrets draws 40 + 16 bytes");
    Case {
        label: format!("device verifier #{i}"),
        input: json!({
            "kind": "device_verifier",
            "pool_id": pool_id(rng),
            "device_group_key": group,
            "device_key": device_key,
            // The library's helper draws its own `a` first, then the password, then the salt.
            "random": [hex(&rng.bytes(128)), hex(&password_bytes), hex(&salt)],
        }),
        expected: json!({
            "device_key": device_key,
            "device_password": secrets.device_password(),
            "salt": secrets.salt(),
            "password_verifier": secrets.password_verifier(),
        }),
    }
}

fn secret_hash_case(i: usize, rng: &mut TestRng) -> Case {
    let username = user_id(rng);
    let client_id = rng.string_from("abcdefghijklmnopqrstuvwxyz0123456789", 26);
    let client_secret = if rng.chance(4) {
        password(rng)
    } else {
        rng.string_from(ALNUM, 51)
    };
    Case {
        label: format!("secret hash #{i}"),
        input: json!({
            "kind": "secret_hash",
            "username": username,
            "client_id": client_id,
            "client_secret": client_secret,
        }),
        expected: json!({ "secret_hash": secret_hash(&username, &client_id, &client_secret) }),
    }
}

fn timestamp_case(label: String, unix_seconds: i64) -> Case {
    Case {
        label,
        input: json!({ "kind": "timestamp", "unix_seconds": unix_seconds }),
        expected: json!({ "timestamp": cognito_timestamp(unix_seconds) }),
    }
}

/// Cases picked by hand: the edges random inputs rarely reach.
fn edge_cases() -> Vec<Case> {
    let mut rng = TestRng::new(0xed6e);
    let mut cases = Vec::new();
    let n_hex = hex(&server::n_bytes());
    let base = |rng: &mut TestRng, a: Vec<u8>, srp_b: &str, pool: &str| {
        json!({
            "pool_id": pool,
            "username": "edge",
            "user_id_for_srp": "edge-user",
            "password": "edge password",
            "random": [hex(&a)],
            "srp_b": srp_b,
            "salt": salt_hex(rng),
            "secret_block": secret_block(rng),
            "unix_seconds": 1_725_347_101,
        })
    };
    let mut small_a = vec![0u8; 128];
    small_a[127] = 2; // A = g^2 = 4: SRP_A is "4"
    let inputs = [
        ("a = 2", small_a, "5ab3".to_string(), "us-east-1_Edge1"),
        (
            "B = 0",
            a_bytes(&mut rng),
            "0".to_string(),
            "us-east-1_Edge1",
        ),
        ("B = N", a_bytes(&mut rng), n_hex.clone(), "us-east-1_Edge1"),
        (
            "B = 000N",
            a_bytes(&mut rng),
            format!("000{n_hex}"),
            "us-east-1_Edge1",
        ),
        (
            "B = 7",
            a_bytes(&mut rng),
            "7".to_string(),
            "us-east-1_Edge1",
        ),
        (
            "B = 7 + N, hashed as sent",
            a_bytes(&mut rng),
            {
                // N ends in ...ffff: N + 7 carries out of the last bytes only.
                let mut n = server::n_bytes();
                let mut carry = 7u16;
                for byte in n.iter_mut().rev() {
                    let sum = u16::from(*byte) + carry;
                    *byte = sum as u8;
                    carry = sum >> 8;
                }
                assert_eq!(carry, 0, "N + 7 < 2^3072");
                hex(&n)
            },
            "us-east-1_Edge1",
        ),
        (
            "pool id with _ in the region",
            a_bytes(&mut rng),
            "abcdef".to_string(),
            "us_east_1_AbC",
        ),
    ];
    for (label, a, srp_b, pool) in inputs {
        let input = base(&mut rng, a.clone(), &srp_b, pool);
        let session = SrpSession::with_random(&mut Replay::new(a)).expect("session");
        cases.push(claim_case(format!("edge: {label}"), input, session, false));
    }
    for (label, t) in [
        ("epoch", 0),
        ("one second before", -1),
        ("leap day", 951_782_400),
        ("single-digit day", 1_725_347_101),
        ("year 9999", 253_402_300_799),
        ("year 10000", 253_402_300_800),
        ("year 1", -62_135_596_800),
        ("year 0", -62_135_596_801),
        ("JavaScript's last instant", 8_640_000_000_000),
        ("JavaScript's first instant", -8_640_000_000_000),
    ] {
        cases.push(timestamp_case(format!("edge timestamp: {label}"), t));
    }
    cases
}

fn all_cases() -> Vec<Case> {
    let mut rng = TestRng::new(0x5e9_c0de);
    let mut cases = Vec::new();
    cases.extend((0..USER_CASES).map(|i| user_case(i, &mut rng)));
    cases.extend((0..DEVICE_CASES).map(|i| device_case(i, &mut rng)));
    cases.extend((0..VERIFIER_CASES).map(|i| verifier_case(i, &mut rng)));
    cases.extend((0..SECRET_HASH_CASES).map(|i| secret_hash_case(i, &mut rng)));
    cases.extend(
        (0..TIMESTAMP_CASES)
            .map(|i| timestamp_case(format!("timestamp #{i}"), unix_seconds(&mut rng))),
    );
    cases.extend(edge_cases());
    cases
}

/// A value as JSON, cut to a readable length.
fn short(v: &Value) -> String {
    let text = v.to_string();
    match text.char_indices().nth(100) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text,
    }
}

/// The fields where the oracle's answer differs from ours.
fn differences(expected: &Value, actual: &Value) -> Vec<String> {
    let Value::Object(fields) = expected else {
        panic!("expected values are objects");
    };
    let mut out: Vec<String> = fields
        .iter()
        .filter(|(k, v)| actual.get(k.as_str()) != Some(*v))
        .map(|(k, v)| {
            let theirs = actual.get(k.as_str()).unwrap_or(&Value::Null);
            format!("{k}: ours {}, theirs {}", short(v), short(theirs))
        })
        .collect();
    if expected.get("error").is_none()
        && let Some(e) = actual.get("error")
    {
        out.push(format!("theirs failed: {e}"));
    }
    out
}

#[test]
#[cfg_attr(
    no_node,
    ignore = "node not found on PATH: install Node.js 18 or later (the oracle, amazon-cognito-identity-js, is then installed by scripts/install-node-srp), then touch auth/build.rs"
)]
#[cfg_attr(
    all(not(no_node), no_npm),
    ignore = "npm not found on PATH: install npm (scripts/install-node-srp needs it to install amazon-cognito-identity-js), then touch auth/build.rs"
)]
fn srp_matches_amazon_cognito_identity_js() {
    let node_modules = installed_oracle();
    let started = std::time::Instant::now();
    let cases = all_cases();
    let ours = started.elapsed();
    let srp_cases = cases
        .iter()
        .filter(|c| matches!(c.input["kind"].as_str(), Some("user" | "device")))
        .count();
    assert!(srp_cases >= 200, "only {srp_cases} sign-in cases");
    let inputs: Vec<&Value> = cases.iter().map(|c| &c.input).collect();
    let started = std::time::Instant::now();
    let results = run_oracle(&node_modules, &json!({ "cases": inputs }));
    let theirs = started.elapsed();
    assert_eq!(results.len(), cases.len(), "one result per case");

    let mut failed = Vec::new();
    for (case, actual) in cases.iter().zip(&results) {
        let diffs = differences(&case.expected, actual);
        if !diffs.is_empty() {
            failed.push(format!("{}:\n    {}", case.label, diffs.join("\n    ")));
        }
    }
    let total = cases.len();
    let kinds = [
        "user",
        "device",
        "device_verifier",
        "secret_hash",
        "timestamp",
    ]
    .map(|k| {
        let n = cases.iter().filter(|c| c.input["kind"] == k).count();
        format!("{n} {k}")
    })
    .join(", ");
    loud(&format!(
        "srp differential: our side took {:.1} s, the oracle {:.1} s",
        ours.as_secs_f64(),
        theirs.as_secs_f64()
    ));
    loud(&format!(
        "srp differential: {} passed, {} failed (of {total}: {kinds}; {} refused by both)",
        total - failed.len(),
        failed.len(),
        cases
            .iter()
            .filter(|c| c.expected.get("error").is_some())
            .count(),
    ));
    assert!(
        failed.is_empty(),
        "{} of {total} cases differ from amazon-cognito-identity-js:\n{}",
        failed.len(),
        failed
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
