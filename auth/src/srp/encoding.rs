//! The encodings of integers the protocol hashes and sends: `padHex`, hex both ways.

use zeroize::Zeroizing;

use super::MAX_SERVER_VALUE_BYTES;
use super::error::{ServerValue, SrpError};

/// `padHex` of a non-negative integer given as big-endian bytes (any number of leading zero
/// bytes): minimal bytes, `[0]` for zero, and a `0x00` in front when the top bit is set, so the
/// value reads as positive in two's complement (Java's `BigInteger.toByteArray`).
///
/// The JavaScript also defines `padHex` for negative numbers; no value this protocol pads is
/// negative (`A`, `S`, `g^x` are reduced mod `N`, `u` is a hash, `B` and the salt are parsed from
/// hex without a sign), so only this half exists.
pub(crate) fn pad(be: &[u8]) -> Zeroizing<Vec<u8>> {
    let digits = strip_leading_zeros(be);
    let mut out = Zeroizing::new(Vec::with_capacity(digits.len() + 1));
    match digits.first() {
        None => out.push(0),
        Some(&first) => {
            if first & 0x80 != 0 {
                out.push(0);
            }
            out.extend_from_slice(digits);
        }
    }
    out
}

pub(crate) fn strip_leading_zeros(be: &[u8]) -> &[u8] {
    let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    &be[start..]
}

/// Lowercase hex of big-endian bytes, leading zero digits dropped ("0" for zero): what JSBN's
/// `toString(16)` prints, so what `SRP_A` is sent as.
pub(crate) fn to_minimal_hex(be: &[u8]) -> String {
    let hex = to_hex(strip_leading_zeros(be));
    match hex.strip_prefix('0') {
        Some(rest) => rest.to_string(),
        None if hex.is_empty() => "0".to_string(),
        None => hex,
    }
}

/// Lowercase hex of bytes, two digits each.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// A hexadecimal integer from the server (`SRP_B`, `SALT`) as minimal big-endian bytes.
///
/// Either case, any length (odd too: the first digit is then a byte's low half), leading zeros
/// allowed: what JSBN reads as `new BigInteger(s, 16)`. Unlike JSBN, a character that is not a
/// hex digit, or no digit at all, is an error, and so is a value longer than
/// [`MAX_SERVER_VALUE_BYTES`].
pub(crate) fn parse_server_hex(field: ServerValue, text: &str) -> Result<Vec<u8>, SrpError> {
    let digits = text.as_bytes();
    if digits.is_empty() {
        return Err(SrpError::MalformedHex { field });
    }
    let mut nibbles = Vec::with_capacity(digits.len());
    for &c in digits {
        let nibble = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return Err(SrpError::MalformedHex { field }),
        };
        // Leading zero digits carry no value; dropping them here keeps a long run of them
        // (legal, if odd) from counting against the size limit.
        if nibble != 0 || !nibbles.is_empty() {
            nibbles.push(nibble);
        }
    }
    let max = MAX_SERVER_VALUE_BYTES;
    if nibbles.len() > 2 * max {
        return Err(SrpError::Oversize {
            field,
            max_bytes: max,
        });
    }
    let odd = nibbles.len() % 2;
    let mut bytes = Vec::with_capacity(nibbles.len() / 2 + odd);
    if odd == 1 {
        bytes.push(nibbles[0]);
    }
    for pair in nibbles[odd..].chunks_exact(2) {
        bytes.push((pair[0] << 4) | pair[1]);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_follows_the_two_complement_rule() {
        // The examples of AuthenticationHelper.padHex's own documentation (positive half).
        assert_eq!(*pad(&[20]), [0x14]);
        assert_eq!(*pad(&[56]), [0x38]);
        assert_eq!(*pad(&[236]), [0x00, 0xec]);
        assert_eq!(*pad(&[200]), [0x00, 0xc8]);
        assert_eq!(*pad(&[]), [0x00]);
        assert_eq!(*pad(&[0, 0, 0]), [0x00]);
        assert_eq!(*pad(&[0, 0, 0x7f, 1]), [0x7f, 1]);
        assert_eq!(*pad(&[0, 0x80, 0]), [0, 0x80, 0]);
    }

    #[test]
    fn minimal_hex_is_jsbn_to_string() {
        assert_eq!(to_minimal_hex(&[]), "0");
        assert_eq!(to_minimal_hex(&[0, 0]), "0");
        assert_eq!(to_minimal_hex(&[0x0a, 0xbc]), "abc");
        assert_eq!(to_minimal_hex(&[0, 0xf0, 0x01]), "f001");
    }

    #[test]
    fn server_hex_reads_like_jsbn_for_valid_input() {
        let salt = ServerValue::Salt;
        assert_eq!(parse_server_hex(salt, "0").unwrap(), Vec::<u8>::new());
        assert_eq!(parse_server_hex(salt, "00ff").unwrap(), [0xff]);
        assert_eq!(parse_server_hex(salt, "abc").unwrap(), [0x0a, 0xbc]);
        assert_eq!(parse_server_hex(salt, "ABcd").unwrap(), [0xab, 0xcd]);
        let long = format!("{}1", "0".repeat(100_000));
        assert_eq!(parse_server_hex(salt, &long).unwrap(), [1]);
    }

    #[test]
    fn server_hex_refuses_what_is_not_hex() {
        for bad in ["", "-1", "0x12", "12 34", "g", "１２", "ab\u{0}"] {
            assert_eq!(
                parse_server_hex(ServerValue::SrpB, bad),
                Err(SrpError::MalformedHex {
                    field: ServerValue::SrpB
                }),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn server_hex_refuses_values_larger_than_n() {
        let largest = "f".repeat(2 * MAX_SERVER_VALUE_BYTES);
        assert_eq!(
            parse_server_hex(ServerValue::SrpB, &largest).unwrap().len(),
            MAX_SERVER_VALUE_BYTES
        );
        let one_digit_more = format!("1{largest}");
        assert_eq!(
            parse_server_hex(ServerValue::SrpB, &one_digit_more),
            Err(SrpError::Oversize {
                field: ServerValue::SrpB,
                max_bytes: MAX_SERVER_VALUE_BYTES
            })
        );
    }
}
