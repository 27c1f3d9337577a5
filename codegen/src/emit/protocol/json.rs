//! The JSON document codec shared by the JSON protocols: `ToJson`/`FromJson` impls for
//! structures, unions and enumerations, written against the runtime's `json` glue. Members are
//! keyed by the IR's JSON key (the member name for awsJson, which ignores `@jsonName`; the
//! `@jsonName` for restJson1, whose members bound outside the body have none and are left
//! out); timestamps default to epoch seconds, and a member's own format travels in its type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::structure::{fallback, inner_type, module_path};
use crate::emit::union::variant_type;
use crate::ir::{Enum, Structure, TimestampFormat, Type, Union};
use crate::naming::ident;

/// The codec of a structure: a serializer when an input reaches it, a deserializer when an
/// output or error does.
pub(crate) fn structure_codec(s: &Structure) -> TokenStream {
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let ser = s.serialize.then(|| {
        let ser = to_json(s);
        quote!(#allow_deprecated #ser)
    });
    let de = s.deserialize.then(|| {
        let de = from_json(s);
        quote!(#allow_deprecated #de)
    });
    quote!(#ser #de)
}

/// The codec of a union, on the wire a JSON object with exactly one non-null member.
pub(crate) fn union_codec(u: &Union) -> TokenStream {
    let ser = u.serialize.then(|| union_to_json(u));
    let de = u.deserialize.then(|| union_from_json(u));
    quote!(#ser #de)
}

/// The codec of an enumeration: its wire value as a JSON string, or an integer for intEnums.
pub(crate) fn enum_codec(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    if e.int {
        quote! {
            impl crate::json::FromJson for #name {
                fn from_json<'de, D: crate::json::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    <i32 as crate::json::FromJson>::from_json(d).map(Self::from)
                }
            }

            impl crate::json::ToJson for #name {
                fn to_json<S: crate::json::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    s.serialize_i32(self.as_i32())
                }
            }
        }
    } else {
        quote! {
            impl crate::json::FromJson for #name {
                fn from_json<'de, D: crate::json::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                    <::std::string::String as crate::json::FromJson>::from_json(d).map(Self::from)
                }
            }

            impl crate::json::ToJson for #name {
                fn to_json<S: crate::json::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    s.serialize_str(self.as_str())
                }
            }
        }
    }
}

fn to_json(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    if s.fields.iter().all(|f| f.json_key.is_none()) {
        return quote! {
            impl crate::json::ToJson for #name {
                fn to_json<S: crate::json::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                    use crate::json::serde::ser::SerializeMap as _;
                    s.serialize_map(::std::option::Option::Some(0))?.end()
                }
            }
        };
    }
    let entries = s.fields.iter().filter_map(|f| {
        let fname = ident(&f.name);
        let key = f.json_key.as_ref()?;
        let wrap = |v: TokenStream| match timestamp_format(&f.ty) {
            Some(format) => quote!(&crate::json::SerAs(#v, crate::json::TimestampFormat::#format)),
            None => quote!(&crate::json::Ser(#v)),
        };
        Some(if f.optional {
            let value = wrap(quote!(v));
            quote! {
                if let ::std::option::Option::Some(v) = &self.#fname {
                    map.serialize_entry(#key, #value)?;
                }
            }
        } else {
            let value = wrap(quote!(&self.#fname));
            quote! { map.serialize_entry(#key, #value)?; }
        })
    });
    quote! {
        impl crate::json::ToJson for #name {
            fn to_json<S: crate::json::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use crate::json::serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(::std::option::Option::None)?;
                #(#entries)*
                map.end()
            }
        }
    }
}

/// The non-default timestamp format used inside a type (directly or in its lists and maps),
/// as a `crate::json::TimestampFormat` variant name.
pub(crate) fn timestamp_format(ty: &Type) -> Option<proc_macro2::Ident> {
    match ty {
        Type::Timestamp(TimestampFormat::DateTime) => Some(format_ident!("DateTime")),
        Type::Timestamp(TimestampFormat::HttpDate) => Some(format_ident!("HttpDate")),
        Type::List { item, .. } => timestamp_format(item),
        Type::Map { value, .. } => timestamp_format(value),
        _ => None,
    }
}

fn from_json(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let path = module_path(s);
    let expecting = format!("a JSON object for {}", s.name);
    let vars: Vec<_> = (0..s.fields.len())
        .map(|i| format_ident!("m{}", i))
        .collect();
    let decls = s.fields.iter().zip(&vars).map(|(f, v)| {
        let ty = inner_type(f);
        if f.json_key.is_some() {
            quote! { let mut #v: ::std::option::Option<#ty> = ::std::option::Option::None; }
        } else {
            // A member bound outside the body takes its fallback here; the protocol then
            // fills it from where it travels.
            quote! { let #v: ::std::option::Option<#ty> = crate::json::outside_body(); }
        }
    });
    let arms = s.fields.iter().zip(&vars).filter_map(|(f, v)| {
        let key = f.json_key.as_ref()?;
        Some(quote! { #key => #v = crate::json::field(&mut map)?, })
    });
    let inits = s.fields.iter().zip(&vars).map(|(f, v)| {
        let fname = ident(&f.name);
        // Smithy's error correction: a required member missing from a response takes its
        // default or zero value rather than failing the whole call.
        let value = match fallback(f) {
            Some(fallback) => quote!(#v #fallback),
            None => quote!(#v),
        };
        quote! { #fname: #value, }
    });
    let loop_body = if s.fields.iter().all(|f| f.json_key.is_none()) {
        quote! {
            while let ::std::option::Option::Some(_key) = map.next_key::<crate::json::Key<'de>>()? {
                crate::json::skip(&mut map)?;
            }
        }
    } else {
        quote! {
            while let ::std::option::Option::Some(key) = map.next_key::<crate::json::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => crate::json::skip(&mut map)?,
                }
            }
        }
    };
    quote! {
        impl crate::json::FromJson for #name {
            fn from_json<'de, D: crate::json::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> crate::json::serde::de::Visitor<'de> for Visitor {
                    type Value = #path::#name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: crate::json::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                        #(#decls)*
                        #loop_body
                        ::std::result::Result::Ok(#path::#name { #(#inits)* })
                    }
                }
                d.deserialize_map(Visitor)
            }
        }
    }
}

fn union_to_json(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let key = &v.json_key;
        match &v.ty {
            None => quote! {
                Self::#vn => map.serialize_entry(#key, &crate::json::EmptyObject)?,
            },
            Some(ty) => {
                let value = match timestamp_format(ty) {
                    Some(format) => {
                        quote!(&crate::json::SerAs(v, crate::json::TimestampFormat::#format))
                    }
                    None => quote!(&crate::json::Ser(v)),
                };
                quote! { Self::#vn(v) => map.serialize_entry(#key, #value)?, }
            }
        }
    });
    let label = &u.name;
    quote! {
        impl crate::json::ToJson for #name {
            fn to_json<S: crate::json::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use crate::json::serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(::std::option::Option::Some(1))?;
                match self {
                    #(#arms)*
                    Self::Unknown(_) => {
                        return ::std::result::Result::Err(<S::Error as crate::json::serde::ser::Error>::custom(
                            concat!("cannot send an unknown member of union ", #label),
                        ));
                    }
                }
                map.end()
            }
        }
    }
}

fn union_from_json(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let expecting = format!("a JSON object with one member of union {}", u.name);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let key = &v.json_key;
        match variant_type(v) {
            None => quote! {
                #key => {
                    crate::json::skip(&mut map)?;
                    ::std::option::Option::Some(#name::#vn)
                }
            },
            Some(ty) => quote! {
                #key => crate::json::field::<A, #ty>(&mut map)?.map(#name::#vn),
            },
        }
    });
    quote! {
        impl crate::json::FromJson for #name {
            fn from_json<'de, D: crate::json::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                struct Visitor;
                impl<'de> crate::json::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: crate::json::serde::de::MapAccess<'de>>(self, mut map: A) -> ::std::result::Result<Self::Value, A::Error> {
                        let mut found: ::std::option::Option<#name> = ::std::option::Option::None;
                        while let ::std::option::Option::Some(key) = map.next_key::<crate::json::Key<'de>>()? {
                            let value = match key.as_str() {
                                // A type hint some services add; never a member.
                                "__type" => {
                                    crate::json::skip(&mut map)?;
                                    ::std::option::Option::None
                                }
                                #(#arms)*
                                other => {
                                    crate::json::skip(&mut map)?;
                                    ::std::option::Option::Some(#name::Unknown(
                                        crate::primitives::UnknownValue::new(other.to_string()),
                                    ))
                                }
                            };
                            if value.is_some() {
                                if found.is_some() {
                                    return ::std::result::Result::Err(<A::Error as crate::json::serde::de::Error>::custom(
                                        "a union must have exactly one member set",
                                    ));
                                }
                                found = value;
                            }
                        }
                        found.ok_or_else(|| <A::Error as crate::json::serde::de::Error>::custom("a union must have exactly one member set"))
                    }
                }
                d.deserialize_map(Visitor)
            }
        }
    }
}
