//! Unions: a Rust enum with one variant per member and `Unknown` for members this crate does
//! not know. Its wire form is the protocol's (see [`super::protocol`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::protocol::ProtocolEmitter;
use super::{doc_attrs, rust_type};
use crate::ir::{Union, UnionVariant};
use crate::naming::ident;

pub(crate) fn variant_type(v: &UnionVariant) -> Option<TokenStream> {
    let ty = rust_type(v.ty.as_ref()?);
    Some(if v.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    })
}

pub(crate) fn emit(proto: &dyn ProtocolEmitter, u: &Union) -> TokenStream {
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
    let codec = proto.union_codec(u);
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

        #codec
    }
}
