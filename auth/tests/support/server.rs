//! The server's half of SRP-6a, written here from the equations (not from the crate), to make
//! `B = k*v + g^b mod N` for a verifier `v = g^x`: the `SRP_B` a real pool would send.

use cognito_emulator::SRP_N_HEX;
use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U256, U3072};
use sha2::{Digest, Sha256};

type Residue = FixedMontyForm<{ U3072::LIMBS }>;

/// `N` as 384 big-endian bytes.
pub fn n_bytes() -> Vec<u8> {
    U3072::from_be_hex(SRP_N_HEX)
        .to_be_bytes()
        .as_slice()
        .to_vec()
}

fn params() -> FixedMontyParams<{ U3072::LIMBS }> {
    FixedMontyParams::new_vartime(Odd::<U3072>::from_be_hex(SRP_N_HEX))
}

/// `padHex` on bytes: minimal, `[0]` for zero, `0x00` before a set top bit.
pub fn pad(be: &[u8]) -> Vec<u8> {
    let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    let digits = &be[start..];
    match digits.first() {
        None => vec![0],
        Some(&b) if b & 0x80 != 0 => [&[0][..], digits].concat(),
        Some(_) => digits.to_vec(),
    }
}

/// A hexadecimal integer (any case, odd length allowed) as big-endian bytes.
pub fn int_bytes(hex: &str) -> Vec<u8> {
    let padded = if hex.len() % 2 == 1 {
        format!("0{hex}")
    } else {
        hex.to_string()
    };
    (0..padded.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&padded[i..i + 2], 16).expect("hex"))
        .collect()
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

fn to_u3072(be: &[u8]) -> U3072 {
    let mut full = [0u8; 384];
    full[384 - be.len()..].copy_from_slice(be);
    U3072::from_be_slice(&full)
}

/// `SRP_B` (lowercase hex, no leading zeros) for the verifier of `realm | user : password`
/// with salt `salt_hex`, and the server secret `b`.
pub fn srp_b(realm: &str, user: &str, password: &str, salt_hex: &str, b: &[u8; 32]) -> String {
    let params = params();
    let inner = sha256(&[realm.as_bytes(), user.as_bytes(), b":", password.as_bytes()]);
    let x = U256::from_be_slice(&sha256(&[&pad(&int_bytes(salt_hex)), &inner]));
    let g = Residue::new(&U3072::from_u8(2), &params);
    let v = g.pow(&x);
    let k_digest = sha256(&[&pad(&n_bytes()), &[2]]);
    let k = Residue::new(&to_u3072(&k_digest), &params);
    let big_b = k.mul(&v).add(&g.pow(&U256::from_be_slice(b))).retrieve();
    let text = super::hex(big_b.to_be_bytes().as_slice());
    let trimmed = text.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    }
}
