//! Unions: a Rust enum with one variant per member and `Unknown` for members this crate does
//! not know. On the wire, a JSON object with exactly one non-null member.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::timestamp_format;
use super::{doc_attrs, rust_type};
use crate::ir::{Union, UnionVariant};
use crate::naming::ident;

fn variant_type(v: &UnionVariant) -> Option<TokenStream> {
    let ty = rust_type(v.ty.as_ref()?);
    Some(if v.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    })
}

pub(crate) fn emit(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let doc = doc_attrs(&format!(
        "{}\n\nExactly one member is set. Services add members over time: one this crate does \
         not know is kept, by name, in `Unknown`, and the enum is `#[non_exhaustive]`.",
        u.docs
            .clone()
            .unwrap_or_else(|| format!("The `{}` union.", u.name))
    ));
    let variants = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let d = doc_attrs(
            v.docs
                .as_deref()
                .unwrap_or(&format!("The `{}` member.", v.wire_name)),
        );
        match variant_type(v) {
            Some(ty) => quote! { #d #vn(#ty), },
            None => quote! { #d #vn, },
        }
    });
    let debug_arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let label = &v.name;
        match (&v.ty, v.sensitive) {
            (None, _) => quote! { Self::#vn => f.write_str(#label), },
            (Some(_), true) => quote! {
                Self::#vn(_) => f.debug_tuple(#label).field(&crate::builder::Redacted).finish(),
            },
            (Some(_), false) => quote! { Self::#vn(v) => f.debug_tuple(#label).field(v).finish(), },
        }
    });
    let ser = u.serialize.then(|| to_json(u));
    let de = u.deserialize.then(|| from_json(u));
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know, by name.
            Unknown(crate::primitives::UnknownValue),
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    Self::Unknown(v) => f.debug_tuple("Unknown").field(&v.as_str()).finish(),
                }
            }
        }

        #ser
        #de
    }
}

fn to_json(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let key = &v.wire_name;
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

fn from_json(u: &Union) -> TokenStream {
    let name = ident(&u.name);
    let expecting = format!("a JSON object with one member of union {}", u.name);
    let arms = u.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let key = &v.wire_name;
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
