//! Default values and error correction: what a member becomes when it is left out, decided
//! once here as typed values, so the emitters only print them.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{Fallback, Operation, Structure, Type};

/// A model default, converted to the member's Rust type. Values that do not fit the type
/// (an integer out of range, a non-empty list) are not expressible and leave the member
/// required instead.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    String(String),
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    F32(f32),
    F64(f64),
    /// Epoch seconds.
    Timestamp(i64),
    /// A string enum (its Rust name in `types`) and the wire value.
    Enum {
        name: String,
        value: String,
    },
    /// An intEnum (its Rust name in `types`) and the wire value.
    IntEnum {
        name: String,
        value: i32,
    },
    EmptyList,
    EmptyMap,
    /// A blob's bytes (the model writes them in base64).
    Blob(Vec<u8>),
    /// A document's value, any JSON.
    Document(Value),
}

impl DefaultValue {
    pub fn of(ty: &Type, value: &Value) -> Option<DefaultValue> {
        let int = || value.as_i64();
        Some(match (ty, value) {
            (Type::String, Value::String(s)) => DefaultValue::String(s.clone()),
            (Type::Bool, Value::Bool(b)) => DefaultValue::Bool(*b),
            (Type::I8, Value::Number(_)) => DefaultValue::I8(i8::try_from(int()?).ok()?),
            (Type::I16, Value::Number(_)) => DefaultValue::I16(i16::try_from(int()?).ok()?),
            (Type::I32, Value::Number(_)) => DefaultValue::I32(i32::try_from(int()?).ok()?),
            (Type::I64, Value::Number(_)) => DefaultValue::I64(int()?),
            (Type::F32, Value::Number(n)) => {
                let f = n.as_f64()?;
                // An f64 beyond f32's range would become infinity: not what the model said.
                if f.is_finite() && f.abs() > f64::from(f32::MAX) {
                    return None;
                }
                DefaultValue::F32(f as f32)
            }
            (Type::F64, Value::Number(n)) => DefaultValue::F64(n.as_f64()?),
            (Type::Timestamp(_), Value::Number(_)) => DefaultValue::Timestamp(int()?),
            (Type::Enum(name), Value::String(s)) => DefaultValue::Enum {
                name: name.clone(),
                value: s.clone(),
            },
            (Type::IntEnum(name), Value::Number(_)) => DefaultValue::IntEnum {
                name: name.clone(),
                value: i32::try_from(int()?).ok()?,
            },
            (Type::List { .. }, Value::Array(a)) if a.is_empty() => DefaultValue::EmptyList,
            (Type::Map { .. }, Value::Object(o)) if o.is_empty() => DefaultValue::EmptyMap,
            (Type::Blob | Type::Stream, Value::String(s)) => DefaultValue::Blob(base64_decode(s)?),
            (Type::Document, v) => DefaultValue::Document(v.clone()),
            _ => return None,
        })
    }

    /// Whether the value equals the Rust type's `Default` (so `unwrap_or_default()` gives it).
    /// Enums have no `Default`, and a boxed value is built explicitly.
    pub fn is_type_default(&self, ty: &Type, boxed: bool) -> bool {
        if boxed || matches!(ty, Type::Enum(_) | Type::IntEnum(_)) {
            return false;
        }
        match self {
            DefaultValue::String(s) => s.is_empty(),
            DefaultValue::Bool(b) => !b,
            DefaultValue::I8(n) => *n == 0,
            DefaultValue::I16(n) => *n == 0,
            DefaultValue::I32(n) => *n == 0,
            DefaultValue::I64(n) | DefaultValue::Timestamp(n) => *n == 0,
            // Negative zero is not `Default`'s positive zero.
            DefaultValue::F32(f) => f.to_bits() == 0,
            DefaultValue::F64(f) => f.to_bits() == 0,
            DefaultValue::Enum { .. } | DefaultValue::IntEnum { .. } => false,
            DefaultValue::EmptyList | DefaultValue::EmptyMap => true,
            DefaultValue::Blob(bytes) => bytes.is_empty(),
            // `Document` has no `Default`: its zero is `null`, built explicitly.
            DefaultValue::Document(_) => false,
        }
    }

    /// Literals (and a timestamp's `const fn`) are cheap to evaluate eagerly (`unwrap_or(3)`);
    /// the rest allocate or call.
    pub fn is_literal(&self) -> bool {
        if let DefaultValue::Document(v) = self {
            // `Document::Bool(true)` and friends are plain variants: no allocation.
            return matches!(v, Value::Null | Value::Bool(_) | Value::Number(_));
        }
        matches!(
            self,
            DefaultValue::Bool(_)
                | DefaultValue::I8(_)
                | DefaultValue::I16(_)
                | DefaultValue::I32(_)
                | DefaultValue::I64(_)
                | DefaultValue::F32(_)
                | DefaultValue::F64(_)
                | DefaultValue::Timestamp(_)
        )
    }
}

/// Smithy's client error correction for a required member without a default.
pub(super) fn correction(ty: &Type) -> Fallback {
    match ty {
        Type::Struct(_) | Type::Enum(_) | Type::IntEnum(_) | Type::Union(_) | Type::Document => {
            Fallback::Corrected
        }
        _ => Fallback::Zero,
    }
}

/// Marks the structures that need an error-corrected value: targets of required members
/// corrected in some deserialized structure, and in turn their own such members' targets.
pub(super) fn mark_corrected(ops: &[Operation], errors: &[Structure], types: &mut [Structure]) {
    let mut wanted: Vec<String> = Vec::new();
    let push = |s: &Structure, wanted: &mut Vec<String>| {
        if !s.deserialize {
            return;
        }
        for f in &s.fields {
            if let (Some(Fallback::Corrected), Type::Struct(name)) = (&f.fallback, &f.ty) {
                wanted.push(name.clone());
            }
        }
    };
    for op in ops {
        push(&op.output, &mut wanted);
    }
    for e in errors {
        push(e, &mut wanted);
    }
    for t in types.iter() {
        push(t, &mut wanted);
    }
    let mut marked = BTreeSet::new();
    while let Some(name) = wanted.pop() {
        if !marked.insert(name.clone()) {
            continue;
        }
        if let Some(t) = types.iter().find(|t| t.name == name) {
            for f in &t.fields {
                if let (Some(Fallback::Corrected), Type::Struct(inner)) = (&f.fallback, &f.ty) {
                    wanted.push(inner.clone());
                }
            }
        }
    }
    for t in types.iter_mut() {
        t.corrected = marked.contains(&t.name);
    }
}

/// Standard base64 (padding optional).
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text
        .strip_suffix("==")
        .or_else(|| text.strip_suffix('='))
        .unwrap_or(text);
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = ((acc << 6) | u32::from(v)) & 0xffff;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).ok()?);
        }
    }
    // A lone trailing symbol carries fewer than 8 bits: not base64.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn blob_defaults_decode_as_base64() {
        let cases: &[(&str, Option<&[u8]>)] = &[
            ("", Some(b"")),
            ("YWJj", Some(b"abc")),
            ("aGk=", Some(b"hi")),
            ("aGk", Some(b"hi")),
            ("YmxvYg==", Some(b"blob")),
            ("/+8=", Some(&[0xff, 0xef])),
            ("Y", None),
            ("YW Jj", None),
            ("YW-j", None),
        ];
        for (text, want) in cases {
            assert_eq!(base64_decode(text).as_deref(), *want, "{text:?}");
        }
    }
}
