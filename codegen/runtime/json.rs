//! The awsJson body encoding (awsJson1_0 and awsJson1_1 share it), kept private: the public
//! types do not implement serde traits, so the crate's API does not commit to serde and JSON
//! rules (epoch-second timestamps, `"NaN"` floats, dropped nulls) cannot leak into other uses
//! of serde.
//!
//! Generated code implements [`FromJson`] / [`ToJson`]; the [`De`] and [`Ser`] wrappers
//! adapt them to serde so `serde_json` streams bodies without an intermediate tree.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::error::{DeserializeError, SerializeError};
use crate::primitives::DateTime;

/// Reads a value from an awsJson body.
pub(crate) trait FromJson: Sized {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;

    /// What a JSON `null` inside a list or map becomes: nothing for most types (dense
    /// collections drop nulls), `None` for the `Option`s of sparse collections.
    fn from_null() -> Option<Self> {
        None
    }
}

/// Writes a value as awsJson.
pub(crate) trait ToJson {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

/// Adapts a [`FromJson`] type to serde.
pub(crate) struct De<T>(pub(crate) T);

impl<'de, T: FromJson> Deserialize<'de> for De<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::from_json(d).map(De)
    }
}

/// Adapts a [`ToJson`] value to serde.
pub(crate) struct Ser<'a, T: ?Sized>(pub(crate) &'a T);

impl<T: ToJson + ?Sized> Serialize for Ser<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.to_json(s)
    }
}

/// Parses a whole body. An empty body reads as `{}` (services send one for empty outputs).
pub(crate) fn from_body<T: FromJson>(body: &[u8], context: &'static str) -> Result<T, DeserializeError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}".as_slice() } else { body };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = T::from_json(&mut de).map_err(|e| DeserializeError::new(context, &e))?;
    de.end().map_err(|e| DeserializeError::new(context, &e))?;
    Ok(value)
}

/// Writes a whole body.
pub(crate) fn to_body<T: ToJson>(value: &T, context: &'static str) -> Result<Vec<u8>, SerializeError> {
    serde_json::to_vec(&Ser(value)).map_err(|_| SerializeError::new(context))
}

/// An object key, borrowed from the input when it has no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of the current object entry; `null` reads as absent.
// Unused only in crates whose outputs and errors have no members at all.
#[allow(dead_code)]
pub(crate) fn field<'de, A: MapAccess<'de>, T: FromJson>(map: &mut A) -> Result<Option<T>, A::Error> {
    Ok(map.next_value::<Option<De<T>>>()?.map(|v| v.0))
}

/// Skips the value of an object entry the model does not know (services add members).
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(|_| ())
}

impl FromJson for String {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)
    }
}

impl ToJson for String {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

macro_rules! plain {
    ($($t:ty),*) => {$(
        impl FromJson for $t {
            fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$t>::deserialize(d)
            }
        }
        impl ToJson for $t {
            fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                self.serialize(s)
            }
        }
    )*};
}

plain!(bool, i8, i16, i32, i64);

/// Floats: numbers, or the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(de::Unexpected::Other("string"), &self)),
        }
    }
}

fn float_to_json<S: Serializer>(v: f64, s: S) -> Result<S::Ok, S::Error> {
    if v.is_nan() {
        s.serialize_str("NaN")
    } else if v.is_infinite() {
        s.serialize_str(if v > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        s.serialize_f64(v)
    }
}

impl FromJson for f64 {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FloatVisitor)
    }
}

impl ToJson for f64 {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        float_to_json(*self, s)
    }
}

impl FromJson for f32 {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FloatVisitor).map(|v| v as f32)
    }
}

impl ToJson for f32 {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_finite() {
            s.serialize_f32(*self)
        } else {
            float_to_json(f64::from(*self), s)
        }
    }
}

/// Timestamps: epoch seconds as a number (integer or fractional). RFC 3339 and HTTP-date
/// strings are accepted too, whatever the member's declared format: reading leniently costs
/// nothing and some services send strings despite the protocol default.
///
/// The value is read as raw text rather than as an `f64`: an `f64` holds present-day epochs
/// only to about a quarter of a microsecond, the text keeps every digit the service sent.
/// Raw text is borrowed from the input, so bodies must be read from a slice (as `from_body`
/// and modeled errors do); any other deserializer gets an error here, not a wrong time.
impl FromJson for DateTime {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        const EXPECTING: &str = "a timestamp: epoch seconds, an RFC 3339 or an HTTP date";
        let raw = <&'de serde_json::value::RawValue>::deserialize(d)?;
        let text = raw.get();
        match text.as_bytes().first() {
            Some(b'"') => {
                // Escapes are legal JSON even where no timestamp needs them.
                let unescaped: Cow<'_, str> = match serde_json::from_str::<&str>(text) {
                    Ok(s) => Cow::Borrowed(s),
                    Err(_) => Cow::Owned(serde_json::from_str::<String>(text).map_err(de::Error::custom)?),
                };
                DateTime::parse_rfc3339(&unescaped)
                    .or_else(|| DateTime::parse_http_date(&unescaped))
                    .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Other("string"), &EXPECTING))
            }
            Some(b'-' | b'0'..=b'9') => crate::primitives::parse_epoch_seconds(text).ok_or_else(|| {
                de::Error::invalid_value(de::Unexpected::Other("out-of-range number"), &EXPECTING)
            }),
            _ => Err(de::Error::invalid_type(de::Unexpected::Other("JSON value"), &EXPECTING)),
        }
    }
}

/// Epoch seconds, written exactly: whole seconds as an integer, others as a decimal with every
/// nanosecond digit (an `f64` would round present-day times to about 0.24 microseconds).
impl ToJson for DateTime {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        if self.subsec_nanos() == 0 {
            return s.serialize_i64(self.secs());
        }
        let mut text = String::with_capacity(32);
        self.write_epoch_seconds(&mut text).map_err(S::Error::custom)?;
        serde_json::value::RawValue::from_string(text)
            .map_err(S::Error::custom)?
            .serialize(s)
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::from_json(d).map(Box::new)
    }
}

impl<T: ToJson> ToJson for Box<T> {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).to_json(s)
    }
}

/// The items of sparse lists and values of sparse maps, where `null` is a value.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<De<T>>::deserialize(d)?.map(|v| v.0))
    }

    fn from_null() -> Option<Self> {
        Some(None)
    }
}

impl<T: ToJson> ToJson for Option<T> {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.to_json(s),
            None => s.serialize_unit(),
        }
    }
}

/// Lists. Dense lists should not hold nulls; one that does has them dropped rather than
/// failing the whole response.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: FromJson> Visitor<'de> for ListVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element::<Option<De<T>>>()? {
                    if let Some(item) = item.map(|i| i.0).or_else(T::from_null) {
                        out.push(item);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_seq(ListVisitor(PhantomData))
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Ser(item))?;
        }
        seq.end()
    }
}

/// Maps with string keys. As with lists, null values of a dense map are dropped.
impl<T: FromJson> FromJson for HashMap<String, T> {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<T>(PhantomData<T>);
        impl<'de, T: FromJson> Visitor<'de> for MapVisitor<T> {
            type Value = HashMap<String, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = HashMap::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some(key) = map.next_key::<String>()? {
                    if let Some(value) = field::<A, T>(&mut map)?.or_else(T::from_null) {
                        out.insert(key, value);
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<T: ToJson> ToJson for HashMap<String, T> {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Sorted keys make request bodies byte-stable, which signing and tests rely on.
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut map = s.serialize_map(Some(entries.len()))?;
        for (k, v) in entries {
            map.serialize_entry(k, &Ser(v))?;
        }
        map.end()
    }
}

impl FromJson for crate::primitives::Blob {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        crate::primitives::base64_decode(&text)
            .map(crate::primitives::Blob::new)
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Other("string"), &"base64 data"))
    }
}

impl ToJson for crate::primitives::Blob {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::primitives::base64_encode(self.as_bytes()))
    }
}

impl FromJson for crate::primitives::Document {
    fn from_json<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::primitives::{Document, Number};
        struct DocVisitor;
        impl<'de> Visitor<'de> for DocVisitor {
            type Value = Document;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Document, E> {
                Ok(Document::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Document, E> {
                Ok(Document::Null)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Document, E> {
                Ok(Document::Bool(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Document, E> {
                Ok(Document::Number(Number::PosInt(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Document, E> {
                Ok(Document::Number(if v < 0 { Number::NegInt(v) } else { Number::PosInt(v as u64) }))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Document, E> {
                Ok(Document::Number(Number::Float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Document, E> {
                Ok(Document::String(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Document, E> {
                Ok(Document::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<De<Document>>()? {
                    out.push(item.0);
                }
                Ok(Document::Array(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
                let mut out = HashMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value::<De<Document>>()?;
                    out.insert(key, value.0);
                }
                Ok(Document::Object(out))
            }
        }
        d.deserialize_any(DocVisitor)
    }
}

impl ToJson for crate::primitives::Document {
    fn to_json<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use crate::primitives::{Document, Number};
        match self {
            Document::Null => s.serialize_unit(),
            Document::Bool(b) => s.serialize_bool(*b),
            Document::Number(Number::PosInt(n)) => s.serialize_u64(*n),
            Document::Number(Number::NegInt(n)) => s.serialize_i64(*n),
            Document::Number(Number::Float(n)) => float_to_json(*n, s),
            Document::String(v) => s.serialize_str(v),
            Document::Array(items) => items.to_json(s),
            Document::Object(map) => map.to_json(s),
        }
    }
}

/// How a timestamp member is written (`@timestampFormat`); reading accepts all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)]
pub(crate) enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

/// Writes values whose timestamps, at any depth of lists and maps, use a format other than
/// epoch seconds.
#[allow(dead_code)]
pub(crate) trait ToJsonAs {
    fn to_json_as<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error>;
}

/// Adapts a [`ToJsonAs`] value and its format to serde.
#[allow(dead_code)]
pub(crate) struct SerAs<'a, T: ?Sized>(pub(crate) &'a T, pub(crate) TimestampFormat);

impl<T: ToJsonAs + ?Sized> Serialize for SerAs<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.to_json_as(s, self.1)
    }
}

impl ToJsonAs for DateTime {
    fn to_json_as<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        use serde::ser::Error as _;
        // Sending a year these formats cannot spell would only move the failure to the service.
        if format != TimestampFormat::EpochSeconds && !self.has_four_digit_year() {
            return Err(S::Error::custom(
                "a timestamp outside years 0000-9999 has no RFC 3339 or HTTP date form",
            ));
        }
        match format {
            TimestampFormat::EpochSeconds => self.to_json(s),
            TimestampFormat::DateTime => s.collect_str(self),
            TimestampFormat::HttpDate => s.serialize_str(&self.to_http_date()),
        }
    }
}

impl<T: ToJsonAs> ToJsonAs for Vec<T> {
    fn to_json_as<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&SerAs(item, format))?;
        }
        seq.end()
    }
}

impl<T: ToJsonAs> ToJsonAs for Option<T> {
    fn to_json_as<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        match self {
            Some(v) => v.to_json_as(s, format),
            None => s.serialize_unit(),
        }
    }
}

impl<T: ToJsonAs> ToJsonAs for HashMap<String, T> {
    fn to_json_as<S: Serializer>(&self, s: S, format: TimestampFormat) -> Result<S::Ok, S::Error> {
        let mut entries: Vec<(&String, &T)> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut map = s.serialize_map(Some(entries.len()))?;
        for (k, v) in entries {
            map.serialize_entry(k, &SerAs(v, format))?;
        }
        map.end()
    }
}

/// The `{}` a union member targeting `smithy.api#Unit` is sent as.
#[allow(dead_code)]
pub(crate) struct EmptyObject;

impl Serialize for EmptyObject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_map(Some(0))?.end()
    }
}
