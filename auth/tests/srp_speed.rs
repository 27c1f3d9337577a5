//! A speed figure, not a test of speed (nothing here is asserted on time): the client math of one
//! whole sign-in (`A`, then `S`, the key and the signature for `B`) by this crate and by
//! amazon-cognito-identity-js under Node, on the same inputs. Run it optimised:
//!
//! ```sh
//! cargo test --release -p cognito-auth --test srp_speed -- --ignored --nocapture
//! ```

mod support;

use std::time::Instant;

use cognito_auth::srp::{ServerChallenge, SrpSession};
use serde_json::json;
use support::{Replay, TestRng, hex, installed_oracle, loud, run_oracle, server};

const ITERATIONS: u32 = 50;
const NODE_ITERATIONS: u32 = 10;

#[test]
#[ignore = "a timing figure: run with --release -- --ignored --nocapture"]
fn one_sign_in_ours_and_node() {
    let mut rng = TestRng::new(7);
    let a = rng.bytes(128);
    let salt = hex(&rng.bytes(16));
    let b: [u8; 32] = rng.bytes(32).try_into().expect("32 bytes");
    let srp_b = server::srp_b("AbC123", "user-id", "a password", &salt, &b);
    let secret_block = "c2VjcmV0IGJsb2Nr";
    let challenge = ServerChallenge {
        srp_b: &srp_b,
        salt: &salt,
        secret_block,
    };
    let sign_in = || {
        let session = SrpSession::with_random(&mut Replay::new(a.clone())).expect("session");
        session
            .user_password_claim(
                "us-east-1_AbC123",
                "user-id",
                "a password",
                &challenge,
                1_725_347_101,
            )
            .expect("claim")
    };
    let expected = sign_in();
    for _ in 0..3 {
        sign_in();
    }
    let start = Instant::now();
    for _ in 0..ITERATIONS {
        assert_eq!(sign_in(), expected);
    }
    let ours = start.elapsed().as_secs_f64() * 1000.0 / f64::from(ITERATIONS);
    loud(&format!(
        "one sign-in's client math, ours: {ours:.2} ms (mean of {ITERATIONS}, {} build)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    ));

    let node_modules = installed_oracle();
    let bench = json!({ "cases": [{
        "kind": "bench",
        "iterations": NODE_ITERATIONS,
        "warmup": 2,
        "sign_in": {
            "pool_id": "us-east-1_AbC123",
            "username": "user",
            "user_id_for_srp": "user-id",
            "password": "a password",
            "random": [hex(&a)],
            "srp_b": srp_b,
            "salt": salt,
            "secret_block": secret_block,
            "unix_seconds": 1_725_347_101,
        },
    }]});
    let result = &run_oracle(&node_modules, &bench)[0];
    let total = result["total_ms"].as_f64().expect("total_ms");
    let node = total / f64::from(NODE_ITERATIONS);
    loud(&format!(
        "one sign-in's client math, amazon-cognito-identity-js on Node: {node:.2} ms (mean of {NODE_ITERATIONS}); ratio {:.1}x",
        node / ours
    ));
}
