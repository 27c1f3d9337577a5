//! The server's half of SRP-6a, written here from the equations (not from the crate), to make
//! `B = k*v + g^b mod N` for a verifier `v = g^x`: the `SRP_B` a real pool would send.

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U256, U3072};
use sha2::{Digest, Sha256};

type Residue = FixedMontyForm<{ U3072::LIMBS }>;

const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// `N` as 384 big-endian bytes.
pub fn n_bytes() -> Vec<u8> {
    U3072::from_be_hex(N_HEX).to_be_bytes().as_slice().to_vec()
}

fn params() -> FixedMontyParams<{ U3072::LIMBS }> {
    FixedMontyParams::new_vartime(Odd::<U3072>::from_be_hex(N_HEX))
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
