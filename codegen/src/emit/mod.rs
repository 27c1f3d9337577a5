//! Emit stage: IR to token streams, one per output file, then formatting with prettyplease.
//!
//! Files are collected in a `BTreeMap` keyed by path, so the output never depends on the
//! order in which the model was read.

mod client;
mod endpoint;
mod endpoint_tests;
mod enumeration;
mod examples;
pub mod manifest;
mod operation;
mod protocol;
mod redaction;
mod structure;
mod union;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Error;
use crate::ir::{Checksum, Crate, Type};
use crate::naming::ident;

/// The generated crate: relative path to file contents.
pub type Files = BTreeMap<String, String>;

/// The methods a generated `Client` has of its own: operation methods are named around them.
pub(crate) fn client_methods() -> Vec<String> {
    client::METHODS.iter().map(|m| m.to_string()).collect()
}

/// Produces every file of the crate.
pub fn emit(krate: &Crate) -> Result<Files, Error> {
    let mut files = Files::new();
    files.insert(
        "Cargo.toml".into(),
        manifest::cargo_toml(krate, &manifest::RuntimeDep::this_checkout()),
    );
    for (path, tokens) in emit_tokens(krate)? {
        let text = render(&path, tokens, &krate.service.id)?;
        files.insert(path, text);
    }
    Ok(files)
}

/// The Rust files of the crate as token streams, by path, before formatting. The proc-macro
/// front end assembles these into inline modules; the CLI formats and writes them.
pub fn emit_tokens(krate: &Crate) -> Result<BTreeMap<String, TokenStream>, Error> {
    let mut files = BTreeMap::new();
    let mut put = |path: &str, tokens: TokenStream| -> Result<(), Error> {
        files.insert(path.to_string(), tokens);
        Ok(())
    };

    let proto = protocol::emitter(krate.service.protocol);
    put("src/lib.rs", lib_rs(krate))?;
    let (audit, audited) = redaction::audit(krate);
    if audited > 0 {
        put("tests/redaction/audit.rs", audit)?;
        // The checks live in a module so that rustfmt, which would reformat prettyplease's
        // output, can be told to leave them alone.
        put(
            "tests/redaction.rs",
            quote! {
                #![doc = " The crate's redaction audit: see `redaction/audit.rs`."]
                #[rustfmt::skip]
                #[path = "redaction/audit.rs"]
                mod audit;
            },
        )?;
    }
    put("src/client.rs", client::client_rs(krate))?;
    put("src/endpoint.rs", endpoint::endpoint_rs(krate))?;
    if let Some(tests) = endpoint_tests::endpoint_tests_rs(krate) {
        put("tests/endpoint_tests/cases.rs", tests)?;
        // As with the redaction audit: a module rustfmt is told to leave alone.
        put(
            "tests/endpoint_tests.rs",
            quote! {
                #![doc = " The model's endpoint test cases: see `endpoint_tests/cases.rs`."]
                #[rustfmt::skip]
                #[path = "endpoint_tests/cases.rs"]
                mod cases;
            },
        )?;
    }
    put("src/protocol.rs", proto.protocol_rs(krate))?;

    let op_mods = krate.operations.iter().map(|op| {
        let m = ident(&op.module);
        let doc = doc_attrs(&format!("The `{}` operation.", op.name));
        quote! { #doc pub mod #m; }
    });
    put(
        "src/operation.rs",
        quote! {
            #![doc = " One module per operation: its input, output, error enum and builders."]
            #(#op_mods)*
        },
    )?;
    for op in &krate.operations {
        put(
            &format!("src/operation/{}.rs", op.module.trim_start_matches("r#")),
            operation::emit(krate, op),
        )?;
    }

    let enums = krate.enums.iter().map(|e| enumeration::emit(proto, e));
    let unions = krate.unions.iter().map(|u| union::emit(proto, u));
    let types = krate.types.iter().map(|s| structure::emit(proto, s));
    let type_builders = krate.types.iter().map(structure::emit_builder);
    put(
        "src/types.rs",
        quote! {
            #![doc = " Structures and enumerations shared by operations."]
            #(#enums)*
            #(#unions)*
            #(#types)*
            pub mod error;
            /// Builders for the structures of this module.
            pub mod builders {
                #(#type_builders)*
            }
        },
    )?;
    let errors = krate.errors.iter().map(|s| structure::emit(proto, s));
    let error_builders = krate.errors.iter().map(structure::emit_builder);
    put(
        "src/types/error.rs",
        quote! {
            #![doc = " The errors operations may return, one structure per modeled error."]
            #(#errors)*
            /// Builders for the error structures, for tests of code that handles errors.
            pub mod builders {
                #(#error_builders)*
            }
        },
    )?;
    Ok(files)
}

/// Marks every method of the model-specific code `#[inline]`. Besides letting optimized
/// builds inline small builders and accessors across crates, it keeps methods out of the
/// generated crate's own codegen until a user calls them: a crate of 122 operations has
/// thousands of setters, and compiling only the ones used is much of its build time.
pub(crate) fn mark_inline(path: &str, file: &mut syn::File) {
    use syn::visit_mut::VisitMut;
    struct Inline;
    impl VisitMut for Inline {
        fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
            if !f.attrs.iter().any(|a| a.path().is_ident("inline")) {
                f.attrs.push(syn::parse_quote!(#[inline]));
            }
            syn::visit_mut::visit_impl_item_fn_mut(self, f);
        }
    }
    if path.starts_with("src/operation/") || path.starts_with("src/types") {
        Inline.visit_file_mut(file);
    }
}

/// Formats one Rust file with prettyplease, behind the `@generated` header. Tokens that do not
/// parse are a generator bug, reported with the file's path instead of being written.
pub fn render(path: &str, tokens: TokenStream, source: &str) -> Result<String, Error> {
    let mut file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit {
        file: path.to_string(),
        message: e.to_string(),
    })?;
    mark_inline(path, &mut file);
    Ok(format!(
        "// @generated by codegen {} from {source}. Do not edit: regenerate instead.\n\n{}",
        env!("CARGO_PKG_VERSION"),
        prettyplease::unparse(&file)
    ))
}

fn lib_rs(krate: &Crate) -> TokenStream {
    let mut doc = format!("Client types for {}", krate.service.title);
    if let Some(v) = &krate.service.version {
        doc.push_str(&format!(" (API version {v})"));
    }
    doc.push_str(", generated from its Smithy model.\n\n");
    if let Some(service_docs) = &krate.service.docs {
        doc.push_str(service_docs);
        doc.push_str("\n\n");
    }
    doc.push_str(&format!(
        "Call the service with a [`Client`]: one method per operation returns a fluent builder \
         whose `send()` only exists once every required member is set. Each operation also has \
         a module in [`operation`] with its input, output and error enum, usable without the \
         client: the wire format ({}{}) is in [`protocol`] and the transport is pluggable \
         ([`transport`]).\n\n\
         Features: `hyper` (default) sends over hyper and rustls; `sigv4` (default) signs \
         the operations that need it; without them, bring a [`transport::Transport`]. In the \
         browser (`wasm32-unknown-unknown`), `default-features = false` with `fetch` sends \
         with the browser's `fetch`.",
        krate.service.protocol.name(),
        if krate.service.query_compatible {
            ", awsQuery-compatible error codes"
        } else {
            ""
        }
    ));
    doc.push_str(if krate.endpoint.from_model {
        "\n\nEndpoints are resolved from the service's own endpoint rules (its model's \
         `smithy.rules#endpointRuleSet`) with the client's region, FIPS and dual-stack settings \
         and endpoint URL: see [`endpoint`]."
    } else {
        "\n\nThe model has no endpoint rules; the client resolves the regional endpoint with a \
         stand-in rule set: see [`endpoint`]."
    });
    if let Some(quick_start) = examples::quick_start(krate) {
        doc.push_str("\n\n");
        doc.push_str(&quick_start);
    }
    if let Some(customizations) = customizations_doc(krate) {
        doc.truncate(doc.trim_end().len());
        doc.push_str("\n\n");
        doc.push_str(&customizations);
    }
    if krate.service.endpoint_discovery {
        doc.push_str(
            "\n\nThe service offers endpoint discovery; this crate does not use it: requests go \
             to the regional endpoint (or the one you configure), which every operation generated \
             here accepts.",
        );
    }
    if !krate.omitted.is_empty() {
        doc.push_str(
            "\n\n# Operations not generated\n\n\
             These operations of the service need what this generator does not support yet, \
             so the crate leaves them out rather than get them wrong:\n\n",
        );
        for o in &krate.omitted {
            doc.push_str(&format!("- `{}`: {}.\n", o.name, o.reason));
        }
    }
    let doc = inner_doc_attrs(&doc);
    let endpoint_prefix = &krate.service.endpoint_prefix;
    let signing_name = krate
        .service
        .signing_name
        .as_deref()
        .unwrap_or(&krate.service.endpoint_prefix);
    let user_agent = format!("{}/0.1.0 (generated by codegen)", krate.package);
    let variant = protocol::emitter(krate.service.protocol).runtime_variant(krate);
    let protocol = quote!(protocol::Protocol::#variant);
    let query_compatible = krate.service.query_compatible;
    let service_headers = krate.service.request_headers.iter().map(|h| {
        let (name, value) = (&h.name, &h.value);
        quote!((#name, #value))
    });
    // A crate whose every operation is left out (Glacier's customization tests: all streaming)
    // has no codec for the glue to serve.
    let glue = !krate.operations.is_empty();
    let json = glue.then(|| {
        quote!(
            use ::aws_light_runtime::json;
        )
    });
    let rest = (glue && krate.service.protocol == crate::ir::Protocol::RestJson1).then(|| {
        quote! {
            // The HTTP-binding glue: labels, query strings, header lists.
            use ::aws_light_runtime::rest;
        }
    });
    quote! {
        #doc
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        // Generated files are formatted by prettyplease; rustfmt would reformat them and
        // make every regeneration look like a change.
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod endpoint;
        #[rustfmt::skip]
        pub mod operation;
        #[rustfmt::skip]
        pub mod protocol;
        #[rustfmt::skip]
        pub mod types;

        // In the order rustfmt sorts them (by path), and each short enough that prettyplease
        // keeps it on one line, so that the file is as rustfmt would leave it.
        pub use ::aws_light_runtime::credentials;
        // The glue the generated (de)serializers are written against.
        #json
        #rest
        pub use ::aws_light_runtime::{builder, error, pagination, primitives, time, transport};

        pub use client::Client;

        /// How this service is reached, signed and spoken to.
        pub(crate) static SERVICE: client::ServiceInfo = client::ServiceInfo {
            endpoint_prefix: #endpoint_prefix,
            signing_name: #signing_name,
            user_agent: #user_agent,
            protocol: #protocol,
            query_compatible: #query_compatible,
            headers: &[#(#service_headers),*],
            endpoint_rules: &endpoint::ENDPOINT_RULES,
        };

        pub use primitives::DateTime;
    }
}

/// The crate docs' account of what the client sends that no input member sets: the
/// service's customizations and the body checksums, with the features they need.
fn customizations_doc(krate: &Crate) -> Option<String> {
    let mut items = Vec::new();
    for h in &krate.service.request_headers {
        items.push(format!(
            "- Every request carries `{}: {}` ({}).",
            h.name, h.value, h.reason
        ));
    }
    let with = |c: Checksum| {
        krate
            .operations
            .iter()
            .filter(|o| o.checksums.contains(&c))
            .map(|o| format!("`{}`", o.name))
            .collect::<Vec<_>>()
    };
    let md5 = with(Checksum::ContentMd5);
    if !md5.is_empty() {
        items.push(format!(
            "- Operations marked `@httpChecksumRequired` ({}) send `Content-MD5`, the MD5 of \
             the body as sent (after compression); feature `md5`, on by default.",
            md5.join(", ")
        ));
    }
    let tree = with(Checksum::TreeHash);
    if !tree.is_empty() {
        items.push(format!(
            "- Glacier's uploads ({}) send the SHA-256 tree hash of the body \
             (`x-amz-sha256-tree-hash`) and sign its SHA-256 (`x-amz-content-sha256`); feature \
             `sigv4`.",
            tree.join(", ")
        ));
    }
    let defaulted = krate
        .operations
        .iter()
        .flat_map(|o| {
            let labels = o.http.iter().flat_map(|h| &h.request.members);
            labels.filter_map(|b| match &b.location {
                crate::ir::http::Location::Label {
                    if_empty: Some(text),
                    ..
                } => Some((b.member.as_str(), text.as_str())),
                _ => None,
            })
        })
        .collect::<std::collections::BTreeSet<_>>();
    for (member, text) in defaulted {
        items.push(format!(
            "- The `{member}` label, when unset or empty, is sent as `{text}` (see the member's \
             docs)."
        ));
    }
    (!items.is_empty()).then(|| {
        format!(
            "# What the client fills in\n\n\
             Beyond the input's members (a member bound to one of these headers wins):\n\n{}",
            items.join("\n")
        )
    })
}

/// One `#[doc]` attribute per line, so prettyplease prints `///` comments.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #[doc = #l] }
    });
    quote! { #(#lines)* }
}

pub(crate) fn inner_doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote! { #![doc = #l] }
    });
    quote! { #(#lines)* }
}

/// A document value as an expression, `root` being the path of the crate that defines
/// `primitives::Document` (`crate` inside it).
pub(crate) fn document_expr(root: &TokenStream, v: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    let doc = quote!(#root::primitives::Document);
    let number = quote!(#root::primitives::Number);
    match v {
        Value::Null => quote!(#doc::Null),
        Value::Bool(b) => quote!(#doc::Bool(#b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                quote!(#doc::Number(#number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                quote!(#doc::Number(#number::NegInt(#i)))
            } else {
                let f = proc_macro2::Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                quote!(#doc::Number(#number::Float(#f)))
            }
        }
        Value::String(s) => quote!(#doc::String(::std::string::String::from(#s))),
        Value::Array(a) => {
            let items = a.iter().map(|x| document_expr(root, x));
            quote!(#doc::Array(::std::vec![#(#items),*]))
        }
        Value::Object(o) => {
            let entries = o.iter().map(|(k, x)| {
                let e = document_expr(root, x);
                quote!((::std::string::String::from(#k), #e))
            });
            quote!(#doc::Object(::std::collections::HashMap::from([#(#entries),*])))
        }
    }
}

/// The Rust type of a value, always by full path so model names cannot shadow std types.
pub(crate) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Bool => quote!(bool),
        Type::I8 => quote!(i8),
        Type::I16 => quote!(i16),
        Type::I32 => quote!(i32),
        Type::I64 => quote!(i64),
        Type::F32 => quote!(f32),
        Type::F64 => quote!(f64),
        Type::Timestamp(_) => quote!(crate::primitives::DateTime),
        Type::Blob => quote!(crate::primitives::Blob),
        Type::Stream => quote!(crate::primitives::ByteStream),
        Type::Document => quote!(crate::primitives::Document),
        Type::List { item, sparse } => {
            let item = rust_type(item);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#item>>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        Type::Map { value, sparse } => {
            let value = rust_type(value);
            if *sparse {
                quote!(::std::collections::HashMap<::std::string::String, ::std::option::Option<#value>>)
            } else {
                quote!(::std::collections::HashMap<::std::string::String, #value>)
            }
        }
        Type::Struct(name) | Type::Enum(name) | Type::IntEnum(name) | Type::Union(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
    }
}
