//! Structures: the struct, its redacting `Debug`, its type-state builder, and its error
//! impls. Its wire code comes from the protocol's emitter (see [`super::protocol`]).

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::protocol::ProtocolEmitter;
use super::{doc_attrs, rust_type};
use crate::ir::{DefaultValue, Fallback, Field, Structure, Type};
use crate::naming::ident;

/// Where a structure lives, so its builder and `build()` can name it.
pub(crate) fn module_path(s: &Structure) -> TokenStream {
    match &s.module {
        Some(m) => {
            let m = ident(m);
            quote!(crate::operation::#m)
        }
        None if s.error.is_some() => quote!(crate::types::error),
        None => quote!(crate::types),
    }
}

/// The field's type as stored in the struct.
fn field_type(f: &Field) -> TokenStream {
    let inner = inner_type(f);
    if f.optional {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

/// The field's type without `Option`, boxed where it closes a cycle.
pub(crate) fn inner_type(f: &Field) -> TokenStream {
    let ty = rust_type(&f.ty);
    if f.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    }
}

pub(crate) fn field_doc(f: &Field) -> TokenStream {
    let mut text = f
        .docs
        .clone()
        .unwrap_or_else(|| format!("The `{}` member.", f.wire_name));
    if f.typestate.is_some() {
        text.push_str("\n\nThis member is required.");
    }
    if f.sensitive {
        text.push_str("\n\nThis value is sensitive: `Debug` output never shows it.");
    }
    doc_attrs(&text)
}

fn deprecated_attr(note: &Option<String>) -> TokenStream {
    match note {
        Some(n) => quote!(#[deprecated(note = #n)]),
        None => quote!(),
    }
}

/// The struct and everything implemented on it (its builder is emitted separately, in the
/// module's `builders`).
pub(crate) fn emit(proto: &dyn ProtocolEmitter, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let builder = ident(&s.builder);
    let path = module_path(s);
    let doc = doc_attrs(
        s.docs
            .as_deref()
            .unwrap_or(&format!("The `{}` structure.", s.name)),
    );
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = field_type(f);
        let doc = field_doc(f);
        let dep = deprecated_attr(&f.deprecated);
        quote! { #doc #dep pub #fname: #ty, }
    });
    let debug = debug_impl(s);
    let builder_doc = doc_attrs(&format!(
        "Creates a builder for [`{0}`]. `build()` becomes available once every required member is set.",
        s.name
    ));
    let error_impls = s.error.as_ref().map(|_| error_impls(s));
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let codec = proto.structure_codec(s);
    let corrected = s.corrected.then(|| corrected_impl(s));
    let derives = if s.streams() {
        quote!(#[derive(PartialEq)])
    } else {
        quote!(#[derive(Clone, PartialEq)])
    };
    quote! {
        #doc
        #[non_exhaustive]
        #derives
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #builder_doc
            pub fn builder() -> #path::builders::#builder {
                ::std::default::Default::default()
            }
        }

        #allow_deprecated
        #debug
        #error_impls
        #codec
        #corrected
    }
}

/// The value Smithy's client error correction gives a structure that a response leaves out
/// where it is required: every optional member unset, every required one corrected in turn.
fn corrected_impl(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let path = module_path(s);
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let value = match &f.fallback {
            None => quote!(::std::option::Option::None),
            Some(Fallback::Default { value, .. }) => default_expr(f, value),
            Some(Fallback::Zero) => quote!(::std::default::Default::default()),
            Some(Fallback::Corrected) => corrected_expr(f),
        };
        quote!(#fname: #value,)
    });
    quote! {
        impl #name {
            /// Smithy's error-corrected value, for a required member a response left out.
            pub(crate) fn error_corrected() -> Self {
                #path::#name { #(#inits)* }
            }
        }
    }
}

/// The error-corrected value of a member whose type has no `Default`.
fn corrected_expr(f: &Field) -> TokenStream {
    let value = match &f.ty {
        Type::Struct(name) => {
            let name = ident(name);
            quote!(crate::types::#name::error_corrected())
        }
        Type::Enum(name) => {
            let name = ident(name);
            quote!(crate::types::#name::from(""))
        }
        Type::IntEnum(name) => {
            let name = ident(name);
            quote!(crate::types::#name::from(0))
        }
        Type::Union(name) => {
            let name = ident(name);
            quote!(crate::types::#name::Unknown(crate::primitives::UnknownValue::new(::std::string::String::new())))
        }
        Type::Document => quote!(crate::primitives::Document::Null),
        _ => quote!(::std::default::Default::default()),
    };
    if f.boxed {
        quote!(::std::boxed::Box::new(#value))
    } else {
        value
    }
}

fn debug_impl(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let label = &s.name;
    if s.sensitive {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_tuple(#label).field(&crate::builder::Redacted).finish()
                }
            }
        };
    }
    let entries = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let key = f.name.trim_start_matches("r#");
        if !f.sensitive {
            quote! { d.field(#key, &self.#fname); }
        } else if f.optional {
            quote! { d.field(#key, &crate::builder::redact_option(&self.#fname)); }
        } else {
            quote! { d.field(#key, &crate::builder::Redacted); }
        }
    });
    if s.fields.is_empty() {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label).finish()
                }
            }
        };
    }
    let binding = quote!(let mut d = f.debug_struct(#label););
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #binding
                #(#entries)*
                d.finish()
            }
        }
    }
}

fn error_impls(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let code = s
        .error
        .as_ref()
        .map_or(s.name.as_str(), |e| e.code.as_str());
    let message = s.message();
    let (message_body, fill) = match message {
        Some(f) => {
            let fname = ident(&f.name);
            if f.optional {
                (
                    quote!(self.#fname.as_deref()),
                    quote! {
                        if self.#fname.is_none() {
                            self.#fname = ::std::option::Option::Some(message.to_string());
                        }
                    },
                )
            } else {
                (
                    quote!(::std::option::Option::Some(self.#fname.as_str()).filter(|m| !m.is_empty())),
                    quote! {
                        if self.#fname.is_empty() {
                            self.#fname = message.to_string();
                        }
                    },
                )
            }
        }
        None => (
            quote!(::std::option::Option::None),
            quote!(let _ = message;),
        ),
    };
    let with_message = format!("{code}: {{}}");
    // A sensitive message stays out of Display, which ends up in logs.
    let display = match message {
        Some(f) if !f.sensitive => quote! {
            match self.message() {
                ::std::option::Option::Some(m) => write!(f, #with_message, m),
                ::std::option::Option::None => f.write_str(#code),
            }
        },
        _ => quote!(f.write_str(#code)),
    };
    quote! {
        impl #name {
            /// The message the service sent with the error, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                #message_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for #name {}

        impl crate::error::ModeledError for #name {
            const CODE: &'static str = #code;

            fn fill_message(&mut self, message: &str) {
                #fill
            }
        }
    }
}

/// The model's default value as an expression of the field's type.
pub(crate) fn default_expr(f: &Field, value: &DefaultValue) -> TokenStream {
    let expr = match value {
        DefaultValue::String(s) => quote!(::std::string::String::from(#s)),
        DefaultValue::Bool(b) => quote!(#b),
        DefaultValue::I8(n) => Literal::i8_suffixed(*n).into_token_stream(),
        DefaultValue::I16(n) => Literal::i16_suffixed(*n).into_token_stream(),
        DefaultValue::I32(n) => Literal::i32_suffixed(*n).into_token_stream(),
        DefaultValue::I64(n) => Literal::i64_suffixed(*n).into_token_stream(),
        DefaultValue::F32(n) => Literal::f32_suffixed(*n).into_token_stream(),
        DefaultValue::F64(n) => Literal::f64_suffixed(*n).into_token_stream(),
        DefaultValue::Timestamp(secs) => {
            let v = Literal::i64_suffixed(*secs);
            quote!(crate::primitives::DateTime::from_secs(#v))
        }
        DefaultValue::Enum { name, value } => {
            let name = ident(name);
            quote!(crate::types::#name::from(#value))
        }
        DefaultValue::IntEnum { name, value } => {
            let name = ident(name);
            let v = Literal::i32_unsuffixed(*value);
            quote!(crate::types::#name::from(#v))
        }
        DefaultValue::EmptyList => quote!(::std::vec::Vec::new()),
        DefaultValue::EmptyMap => quote!(::std::collections::HashMap::new()),
        DefaultValue::Blob(bytes) => {
            let lit = Literal::byte_string(bytes);
            if f.ty == Type::Stream {
                quote!(crate::primitives::ByteStream::from(&#lit[..]))
            } else {
                quote!(crate::primitives::Blob::from(&#lit[..]))
            }
        }
        DefaultValue::Document(v) => super::document_expr(&quote!(crate), v),
    };
    if f.boxed {
        quote!(::std::boxed::Box::new(#expr))
    } else {
        expr
    }
}

/// How an unset non-optional member is filled, after an `Option` of it (`.unwrap_or(3)`);
/// `None` for optional members.
pub(crate) fn fallback(f: &Field) -> Option<TokenStream> {
    Some(match f.fallback.as_ref()? {
        Fallback::Default {
            type_default: true, ..
        }
        | Fallback::Zero => quote!(.unwrap_or_default()),
        Fallback::Default { value, .. } if value.is_literal() && !f.boxed => {
            let expr = default_expr(f, value);
            quote!(.unwrap_or(#expr))
        }
        Fallback::Default { value, .. } => {
            let expr = default_expr(f, value);
            quote!(.unwrap_or_else(|| #expr))
        }
        Fallback::Corrected => match &f.ty {
            // A closure that only calls a function is clippy's `redundant_closure`.
            Type::Struct(name) if !f.boxed => {
                let name = ident(name);
                quote!(.unwrap_or_else(crate::types::#name::error_corrected))
            }
            // A unit variant costs nothing to build eagerly (clippy's
            // `unnecessary_lazy_evaluations`).
            Type::Document if !f.boxed => quote!(.unwrap_or(crate::primitives::Document::Null)),
            _ => {
                let expr = corrected_expr(f);
                quote!(.unwrap_or_else(|| #expr))
            }
        },
    })
}

/// The type-state shape of a structure's builder: which members are tracked in type
/// parameters, and the marker trait each must satisfy before `build()`.
pub(crate) struct BuilderPlan<'a> {
    pub(crate) required: Vec<&'a Field>,
    pub(crate) params: Vec<proc_macro2::Ident>,
    pub(crate) traits: Vec<proc_macro2::Ident>,
}

impl BuilderPlan<'_> {
    pub(crate) fn position(&self, f: &Field) -> Option<usize> {
        self.required.iter().position(|r| r.name == f.name)
    }

    /// `<A, B>` or nothing.
    pub(crate) fn generics(&self) -> TokenStream {
        let params = &self.params;
        if params.is_empty() {
            quote!()
        } else {
            quote!(<#(#params),*>)
        }
    }

    /// `where A: XIsSet, B: YIsSet` or nothing.
    pub(crate) fn where_clause(&self, module: &TokenStream) -> TokenStream {
        if self.params.is_empty() {
            return quote!();
        }
        let bounds = self
            .params
            .iter()
            .zip(&self.traits)
            .map(|(p, t)| quote!(#p: #module::builders::#t));
        quote!(where #(#bounds),*)
    }

    /// The builder's parameters after setting required member `i`.
    pub(crate) fn params_after_set(&self, i: usize, inner: &TokenStream) -> Vec<TokenStream> {
        self.params
            .iter()
            .enumerate()
            .map(|(j, p)| {
                if i == j {
                    quote!(crate::builder::Set<#inner>)
                } else {
                    quote!(#p)
                }
            })
            .collect()
    }
}

pub(crate) fn builder_plan(s: &Structure) -> BuilderPlan<'_> {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.typestate.is_some()).collect();
    let (params, traits) = required
        .iter()
        .filter_map(|f| f.typestate.as_ref())
        .map(|t| (ident(&t.param), ident(&t.trait_name)))
        .unzip();
    BuilderPlan {
        required,
        params,
        traits,
    }
}

/// A setter's parameter type, and how the value becomes the stored one. Numbers and
/// booleans take exactly their type: `Into<i32>` would accept `true`.
pub(crate) fn setter_param(f: &Field) -> (TokenStream, TokenStream) {
    let ty = rust_type(&f.ty);
    let exact = matches!(
        f.ty,
        Type::Bool
            | Type::I8
            | Type::I16
            | Type::I32
            | Type::I64
            | Type::F32
            | Type::F64
            | Type::IntEnum(_)
    );
    let (param, converted) = if exact {
        (ty, quote!(value))
    } else {
        (quote!(impl ::std::convert::Into<#ty>), quote!(value.into()))
    };
    let wrap = if f.boxed {
        quote!(::std::boxed::Box::new(#converted))
    } else {
        converted
    };
    (param, wrap)
}

/// The doc of the `Option`-taking setter of an optional member.
pub(crate) fn set_option_doc(f: &Field) -> TokenStream {
    doc_attrs(&format!(
        "Sets or clears [`{0}`](Self::{0}) from an `Option`.",
        f.name.trim_start_matches("r#")
    ))
}

/// The name of the `Option`-taking setter of a member the builder does not track in its type.
pub(crate) fn set_option_name(f: &Field) -> proc_macro2::Ident {
    ident(f.set_name.as_deref().unwrap_or(&f.name))
}

/// The builder of a structure, its type-state marker traits, and their impls.
pub(crate) fn emit_builder(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let path = module_path(s);
    let builder = ident(&s.builder);
    let plan = builder_plan(s);
    let required = &plan.required;
    let params = &plan.params;
    let traits = &plan.traits;
    let is_required = |f: &Field| plan.position(f);

    let builder_fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        match is_required(f) {
            Some(i) => {
                let p = &params[i];
                quote!(#fname: #p,)
            }
            None => {
                let ty = inner_type(f);
                quote!(#fname: ::std::option::Option<#ty>,)
            }
        }
    });
    let default_fields = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        match is_required(f) {
            Some(_) => quote!(#fname: crate::builder::Unset,),
            None => quote!(#fname: ::std::option::Option::None,),
        }
    });

    let setters = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let doc = field_doc(f);
        let dep = deprecated_attr(&f.deprecated);
        let (param, wrap) = setter_param(f);
        match is_required(f) {
            Some(i) => {
                let inner = inner_type(f);
                let out_params = plan.params_after_set(i, &inner);
                let moves = s.fields.iter().map(|g| {
                    let gname = ident(&g.name);
                    if g.name == f.name {
                        quote!(#gname: crate::builder::Set(#wrap),)
                    } else {
                        quote!(#gname: self.#gname,)
                    }
                });
                quote! {
                    #doc
                    #dep
                    pub fn #fname(self, value: #param) -> #builder<#(#out_params),*> {
                        #builder { #(#moves)* }
                    }
                }
            }
            None => {
                let setter = set_option_name(f);
                let inner = inner_type(f);
                let set_doc = set_option_doc(f);
                quote! {
                    #doc
                    #dep
                    pub fn #fname(mut self, value: #param) -> Self {
                        self.#fname = ::std::option::Option::Some(#wrap);
                        self
                    }
                    #set_doc
                    #dep
                    pub fn #setter(mut self, value: ::std::option::Option<#inner>) -> Self {
                        self.#fname = value;
                        self
                    }
                }
            }
        }
    });

    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        match is_required(f) {
            Some(i) => {
                let t = &traits[i];
                quote!(#fname: #t::into_value(self.#fname),)
            }
            None if !f.optional => {
                let fallback = fallback(f).unwrap_or_else(|| quote!(.unwrap_or_default()));
                quote!(#fname: self.#fname #fallback,)
            }
            None if s.idempotency_token.as_deref() == Some(f.name.as_str()) => quote! {
                #fname: self.#fname.or_else(|| ::std::option::Option::Some(crate::primitives::idempotency_token())),
            },
            None => quote!(#fname: self.#fname,),
        }
    });
    let bounds = params
        .iter()
        .zip(traits.iter())
        .map(|(p, t)| quote!(#p: #t));
    let where_clause = if params.is_empty() {
        quote!()
    } else {
        quote!(where #(#bounds),*)
    };

    let marker_traits = required.iter().zip(traits.iter()).map(|(f, t)| {
        let member = f.name.trim_start_matches("r#");
        let inner = inner_type(f);
        let message = format!("required member `{member}` of `{}` is not set", s.name);
        let label = format!("`{member}` must be set before this call");
        let note = format!("set it with `.{member}(...)`");
        let doc = doc_attrs(&format!(
            "Satisfied once `{member}` is set on a [`{builder}`]; `build()` requires it."
        ));
        quote! {
            #doc
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #t {
                /// The member's value.
                #[doc(hidden)]
                fn into_value(self) -> #inner;
            }

            // Without this, the error for a missing member suggests `Set<T>`, an internal type.
            #[diagnostic::do_not_recommend]
            impl #t for crate::builder::Set<#inner> {
                fn into_value(self) -> #inner {
                    self.into_inner()
                }
            }
        }
    });

    let debug_entries = s.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let key = f.name.trim_start_matches("r#");
        if !(f.sensitive || s.sensitive) {
            quote! { d.field(#key, &self.#fname); }
        } else if is_required(f).is_some() {
            quote! { d.field(#key, &crate::builder::Redacted); }
        } else {
            quote! { d.field(#key, &crate::builder::redact_option(&self.#fname)); }
        }
    });
    let debug_label = &s.builder;
    let debug_body = if s.fields.is_empty() {
        quote!(f.debug_struct(#debug_label).finish())
    } else {
        quote! {
            let mut d = f.debug_struct(#debug_label);
            #(#debug_entries)*
            d.finish()
        }
    };
    let generics = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params),*>)
    };
    let generics_with_defaults = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params = crate::builder::Unset),*>)
    };
    let debug_generics = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params: ::std::fmt::Debug),*>)
    };
    let builder_doc = if params.is_empty() {
        format!(
            "A builder for [`{0}`]({path_str}::{0}).",
            s.name,
            path_str = path_to_string(&path)
        )
    } else {
        format!(
            "A builder for [`{0}`]({path_str}::{0}).\n\nIts type parameters record which required members are set; `build()` exists only once all of them are ({1}).",
            s.name,
            required
                .iter()
                .map(|f| format!("`{}`", f.name.trim_start_matches("r#")))
                .collect::<Vec<_>>()
                .join(", "),
            path_str = path_to_string(&path)
        )
    };
    let builder_doc = doc_attrs(&builder_doc);
    let allow_deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let clone = (!s.streams()).then(|| quote!(Clone,));
    let (derives, default_impl) = if params.is_empty() {
        (quote!(#[derive(#clone Default)]), quote!())
    } else {
        (
            if s.streams() {
                quote!()
            } else {
                quote!(#[derive(Clone)])
            },
            quote! {
                impl ::std::default::Default for #builder {
                    fn default() -> Self {
                        #builder { #(#default_fields)* }
                    }
                }
            },
        )
    };
    quote! {
        #builder_doc
        #derives
        pub struct #builder #generics_with_defaults {
            #(#builder_fields)*
        }

        #default_impl

        #allow_deprecated
        // A setter's return type spells out every required member's state.
        #[allow(clippy::type_complexity)]
        impl #generics #builder #generics {
            #(#setters)*

            /// Builds the value. Only callable once every required member is set.
            pub fn build(self) -> #path::#name #where_clause {
                #path::#name { #(#inits)* }
            }
        }

        impl #debug_generics ::std::fmt::Debug for #builder #generics {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #debug_body
            }
        }

        #(#marker_traits)*
    }
}

fn path_to_string(path: &TokenStream) -> String {
    path.to_string().replace(' ', "")
}
