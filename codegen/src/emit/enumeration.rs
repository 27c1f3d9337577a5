//! Enumerations: a Rust enum with one variant per modeled value plus `Unknown`, which keeps
//! values added to the service after this crate was generated instead of failing on them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::doc_attrs;
use super::protocol::ProtocolEmitter;
use crate::ir::Enum;
use crate::naming::ident;

pub(crate) fn emit(proto: &dyn ProtocolEmitter, e: &Enum) -> TokenStream {
    let codec = proto.enum_codec(e);
    if e.int {
        int_enum(e, codec)
    } else {
        string_enum(e, codec)
    }
}

fn variant_doc(v: &crate::ir::Variant, wire: &str) -> TokenStream {
    let text = match &v.docs {
        Some(d) => format!("{d}\n\nWire value: `{wire}`."),
        None => format!("Wire value: `{wire}`."),
    };
    doc_attrs(&text)
}

fn enum_doc(e: &Enum) -> TokenStream {
    let base = e
        .docs
        .clone()
        .unwrap_or_else(|| format!("The `{}` enumeration.", e.name));
    doc_attrs(&format!(
        "{base}\n\nServices add values over time: a value this crate does not know is kept in \
         `Unknown`, and the enum is `#[non_exhaustive]`."
    ))
}

fn deprecated(v: &crate::ir::Variant) -> TokenStream {
    match &v.deprecated {
        Some(n) => quote!(#[deprecated(note = #n)]),
        None => quote!(),
    }
}

/// The pieces both kinds of enum share: variants with their docs, match arms from variant
/// to wire value and back, and the `allow(deprecated)` their impls need.
struct Arms {
    variants: Vec<TokenStream>,
    to_wire: Vec<TokenStream>,
    from_wire: Vec<TokenStream>,
    allow: Option<TokenStream>,
}

fn arms(e: &Enum, wires: &[TokenStream], shown: &[String]) -> Arms {
    let mut out = Arms {
        variants: Vec::new(),
        to_wire: Vec::new(),
        from_wire: Vec::new(),
        allow: e
            .variants
            .iter()
            .any(|v| v.deprecated.is_some())
            .then(|| quote!(#[allow(deprecated)])),
    };
    for ((v, wire), text) in e.variants.iter().zip(wires).zip(shown) {
        let vn = ident(&v.name);
        let d = variant_doc(v, text);
        let dep = deprecated(v);
        out.variants.push(quote! { #d #dep #vn, });
        out.to_wire.push(quote! { Self::#vn => #wire, });
        out.from_wire.push(quote! { #wire => Self::#vn, });
    }
    out
}

fn string_enum(e: &Enum, codec: TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let doc = enum_doc(e);
    let values: Vec<String> = e
        .variants
        .iter()
        .map(|v| match &v.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    let wires: Vec<TokenStream> = values.iter().map(|w| quote!(#w)).collect();
    let Arms {
        variants,
        to_wire: as_str,
        from_wire: from,
        allow,
    } = arms(e, &wires, &values);
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(crate::primitives::UnknownValue),
        }

        #allow
        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(v) => v.as_str(),
                }
            }

            /// Every value the model lists, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        #allow
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(crate::primitives::UnknownValue::new(other.to_string())),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #codec
    }
}

fn int_enum(e: &Enum, codec: TokenStream) -> TokenStream {
    let name = ident(&e.name);
    let doc = enum_doc(e);
    let values: Vec<i32> = e
        .variants
        .iter()
        .map(|v| {
            v.value
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .unwrap_or_default()
        })
        .collect();
    let lits: Vec<Literal> = values.iter().map(|n| Literal::i32_unsuffixed(*n)).collect();
    let wires: Vec<TokenStream> = lits.iter().map(|l| quote!(#l)).collect();
    let shown: Vec<String> = values.iter().map(i32::to_string).collect();
    let Arms {
        variants,
        to_wire: to_int,
        from_wire: from,
        allow,
    } = arms(e, &wires, &shown);
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            Unknown(i32),
        }

        #allow
        impl #name {
            /// The wire value.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(#to_int)*
                    Self::Unknown(v) => *v,
                }
            }

            /// Every value the model lists, in model order.
            pub const fn values() -> &'static [i32] {
                &[#(#lits),*]
            }
        }

        #allow
        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#from)*
                    other => Self::Unknown(other),
                }
            }
        }

        #codec
    }
}
