//! SHA-256, HMAC-SHA256 and the HKDF step, on bytes (the JavaScript's `hexHash` hashes the
//! bytes a hex string spells; `hash` the UTF-8 bytes of a string: both are bytes here).

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The HKDF `info` of Cognito's derived key.
const KEY_INFO: &[u8] = b"Caldera Derived Key";

/// Length of the derived key in bytes.
pub(crate) const KEY_LEN: usize = 16;

/// SHA-256 of the concatenation of `parts`.
pub(crate) fn sha256(parts: &[&[u8]]) -> Zeroizing<[u8; 32]> {
    let mut h = Sha256::new();
    for part in parts {
        h.update(part);
    }
    Zeroizing::new(h.finalize().into())
}

/// HMAC-SHA256 under `key` of the concatenation of `parts`.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC takes keys of any length (longer ones are hashed first), so this cannot fail.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length"));
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// `HKDF-SHA256(ikm, salt, "Caldera Derived Key")`, the first 16 bytes.
pub(crate) fn derive_key(ikm: &[u8], salt: &[u8]) -> Zeroizing<[u8; KEY_LEN]> {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(KEY_INFO, &mut *key)
        .unwrap_or_else(|_| unreachable!("16 bytes is within HKDF-SHA256's 8160"));
    key
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::srp::encoding::to_hex;

    #[test]
    fn hkdf_is_rfc_5869() {
        // RFC 5869, test case 1, cut to 16 bytes (the same info-less construction, with ours).
        let ikm = [0x0bu8; 22];
        let salt: Vec<u8> = (0u8..=0x0c).collect();
        let prk = hmac_sha256(&salt, &[&ikm]);
        assert_eq!(
            to_hex(&prk),
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
        );
        let t1 = hmac_sha256(&prk, &[KEY_INFO, &[1]]);
        assert_eq!(*derive_key(&ikm, &salt), t1[..KEY_LEN]);
    }

    #[test]
    fn sha256_concatenates() {
        assert_eq!(
            to_hex(&*sha256(&[b"a", b"bc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
