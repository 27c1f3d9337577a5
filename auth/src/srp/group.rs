//! The group: `N`, `g`, `k`, and exponentiation modulo `N`.

use std::sync::OnceLock;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U256, U3072};

/// An integer modulo `N`, in Montgomery form.
pub(crate) type Residue = FixedMontyForm<{ U3072::LIMBS }>;

/// The 3072-bit safe prime of RFC 5054 (RFC 3526's group 15), `initN` of the JavaScript.
pub(crate) const N: Odd<U3072> = Odd::<U3072>::from_be_hex(concat!(
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
));

/// The generator.
pub(crate) const G: U3072 = U3072::from_u8(2);

/// `k = H(pad(N) | pad(g))`, precomputed; `group_constants_are_cognitos` recomputes it.
pub(crate) const K: U3072 =
    U256::from_be_hex("538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6").resize();

/// Bit lengths the exponentiations are bounded by, public and fixed so that their running time
/// does not depend on the secret exponent's value: `a` is 128 bytes, `x` a SHA-256 digest,
/// and `a + u*x < 2^1024 + 2^512 < 2^1025`.
pub(crate) const A_BITS: u32 = 1024;
pub(crate) const X_BITS: u32 = 256;
pub(crate) const S_EXPONENT_BITS: u32 = 1025;

/// Montgomery parameters of `N`, computed on first use (`N` is public, so the variable-time
/// setup is fine).
pub(crate) fn params() -> &'static FixedMontyParams<{ U3072::LIMBS }> {
    static PARAMS: OnceLock<FixedMontyParams<{ U3072::LIMBS }>> = OnceLock::new();
    PARAMS.get_or_init(|| FixedMontyParams::new_vartime(N))
}

/// `value mod N` in Montgomery form; any `value` below `2^3072` (so below `2N`).
pub(crate) fn residue(value: &U3072) -> Residue {
    Residue::new(&value.rem_vartime(N.as_nz_ref()), params())
}

/// `g^exponent mod N`, in time that depends on `exponent_bits` only.
pub(crate) fn g_pow<const L: usize>(
    exponent: &crypto_bigint::Uint<L>,
    exponent_bits: u32,
) -> Residue {
    Residue::new(&G, params()).pow_bounded_exp(exponent, exponent_bits)
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::*;
    use crate::srp::encoding::pad;

    #[test]
    fn group_constants_are_cognitos() {
        let n = N.get_copy().to_be_bytes();
        assert_eq!(n.as_slice().len(), 384);
        assert_eq!(n.as_slice()[0], 0xff, "N is 3072 bits long");
        assert_eq!(n.as_slice()[383], 0xff);
        let mut h = Sha256::new();
        h.update(&*pad(n.as_slice()));
        h.update(&*pad(G.to_be_bytes().as_slice()));
        let k: [u8; 32] = h.finalize().into();
        assert_eq!(K, U256::from_be_slice(&k).resize::<{ U3072::LIMBS }>());
    }

    #[test]
    fn residue_reduces_values_between_n_and_2_to_the_3072() {
        let n_plus_five = N.get_copy().wrapping_add(&U3072::from_u8(5));
        assert_eq!(residue(&n_plus_five).retrieve(), U3072::from_u8(5));
        assert_eq!(residue(&N.get_copy()).retrieve(), U3072::ZERO);
        assert_eq!(
            residue(&U3072::MAX).retrieve(),
            U3072::MAX.wrapping_sub(&N.get_copy())
        );
    }

    #[test]
    fn g_pow_is_the_power() {
        assert_eq!(
            g_pow(&U256::from_u8(10), X_BITS).retrieve(),
            U3072::from_u32(1024)
        );
        assert_eq!(g_pow(&U256::ZERO, X_BITS).retrieve(), U3072::ONE);
    }
}
