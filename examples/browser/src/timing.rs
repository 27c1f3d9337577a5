//! How long the SRP client math of one sign-in takes here: a fresh `A` (one 3072-bit
//! exponentiation), then the password claim for a server's `B` (two more, and the hashes),
//! the work `Authenticator::sign_in_srp` does between its two requests. The inputs are those
//! of `auth/tests/srp_speed.rs` (which times the same natively and in Node), except `B`: that
//! test makes it with a server-side SRP of its own; here it is `g^b`, the `A` of a second
//! session, which costs the client exactly as much.

use std::fmt;

use cognito_auth::srp::{RandomError, RandomSource, ServerChallenge, SrpSession};

/// Timed sign-ins, after the warm-up ones.
const ITERATIONS: u32 = 20;
const WARMUP: u32 = 3;

/// The mean time of one sign-in's client math, in milliseconds.
pub struct Timing {
    pub ms: f64,
}

impl fmt::Display for Timing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:.2} ms per sign-in (mean of {ITERATIONS}, performance.now())",
            self.ms
        )
    }
}

/// Repeats fixed bytes: the same `a` for every timed sign-in, so each does the same work.
struct Fixed(Vec<u8>);

impl RandomSource for Fixed {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        for (i, byte) in dest.iter_mut().enumerate() {
            *byte = self.0[i % self.0.len()];
        }
        Ok(())
    }
}

fn bytes(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(151).wrapping_add(seed))
        .collect()
}

pub fn measure() -> Result<Timing, String> {
    let performance = web_sys::window()
        .and_then(|w| w.performance())
        .ok_or("no performance.now() here")?;
    let server = SrpSession::with_random(&mut Fixed(bytes(3, 128))).map_err(|e| e.to_string())?;
    let salt: String = bytes(5, 16).iter().map(|b| format!("{b:02x}")).collect();
    let challenge = ServerChallenge {
        srp_b: server.srp_a(),
        salt: &salt,
        secret_block: "c2VjcmV0IGJsb2Nr",
    };
    let a = bytes(7, 128);
    let sign_in = || -> Result<String, String> {
        let session = SrpSession::with_random(&mut Fixed(a.clone())).map_err(|e| e.to_string())?;
        let claim = session
            .user_password_claim(
                "us-east-1_AbC123",
                "user-id",
                "a password",
                &challenge,
                1_725_347_101,
            )
            .map_err(|e| e.to_string())?;
        Ok(claim.signature)
    };
    let expected = sign_in()?;
    for _ in 1..WARMUP {
        sign_in()?;
    }
    let start = performance.now();
    for _ in 0..ITERATIONS {
        // Compared, so that the work cannot be optimised away.
        if sign_in()? != expected {
            return Err("the same inputs gave another signature".to_owned());
        }
    }
    let ms = (performance.now() - start) / f64::from(ITERATIONS);
    Ok(Timing { ms })
}
