//! Examples in the generated docs: for every operation module and for the crate root, a call
//! through the client on the in-memory transport, with every required member set to a typed
//! placeholder. They are doc-tests, so they compile and run for every generated crate.
//!
//! The code is built as tokens and formatted by prettyplease like the rest of the output;
//! lines a reader does not need (the transport, an executor) are hidden with rustdoc's `# `.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{Crate, Operation, Structure, Type};
use crate::naming::ident;

/// Nesting past which placeholders stop: required cycles are refused by validation, so this
/// only bounds pathological models.
const MAX_DEPTH: usize = 8;

/// The `# Example` section of an operation module's docs.
pub(crate) fn operation(krate: &Crate, op: &Operation) -> String {
    let root = crate_ident(krate);
    let first = call(krate, op, &root);
    let body = quote! {
        let output = #first.send().await?;
        println!("{output:?}");
    };
    let mut text = String::from(
        "# Example\n\nSettings that the clients of several services can share (one transport, so \
         one connection pool, and one set of credentials) make a `Config`; \
         `Client::builder()` is the short way for one service.\n\n",
    );
    text.push_str(&doc_test(krate, &root, &quote!(), &body));
    text
}

/// The crate root's quick start: a call, a modeled error matched, and a paginator when the
/// service has one.
pub(crate) fn quick_start(krate: &Crate) -> Option<String> {
    let op = krate.operations.first()?;
    let root = crate_ident(krate);
    let first = call(krate, op, &root);
    let module = ident(&op.module);
    let error_enum = ident(&op.error_name);
    let mut responses = quote!();
    // A retryable error would be retried (and sleep): the example shows one that is not.
    let matching = match op.errors.iter().find(|e| !e.info.retryable) {
        Some(e) => {
            let variant = ident(&e.variant);
            responses = super::protocol::emitter(krate.service.protocol).example_error_response(e);
            quote! {
                match #first.send().await {
                    Err(#root::client::SdkError::Service {
                        error: #root::operation::#module::#error_enum::#variant(e),
                        ..
                    }) => println!("the service said: {e}"),
                    Err(other) => return Err(other.into()),
                    Ok(output) => println!("{output:?}"),
                }
            }
        }
        None => quote!(),
    };
    let paginated = krate
        .operations
        .iter()
        .find(|o| o.paginator.is_some())
        .map(|p| {
            let paged = call(krate, p, &root);
            quote! {
                // Every page, as a `futures::Stream` that stops after the last one.
                let pages = #paged.into_paginator().pages();
                drop(pages);
            }
        });
    let body = quote! {
        let output = #first.send().await?;
        println!("{output:?}");
        #matching
        #paginated
    };
    let mut text = String::from("# Quick start\n\n");
    text.push_str(&doc_test(krate, &root, &responses, &body));
    Some(text)
}

/// The example on `Client`: settings shared by several services' clients, then one call.
pub(crate) fn client_example(krate: &Crate) -> Option<String> {
    let op = krate.operations.first()?;
    let root = crate_ident(krate);
    let first = call(krate, op, &root);
    let signing = signing(krate, &root);
    let body = quote! {
        let config = #root::client::Config::builder()
            .endpoint_url("http://localhost:8080")
            #signing
            .transport(transport.clone())
            .build()?;
        let client = #root::Client::from_config(&config)?;
        let output = #first.send().await?;
        println!("{output:?}");
    };
    let mut text = String::from(
        "# Example\n\nSettings that the clients of several services can share (one transport, so \
         one connection pool, and one set of credentials) make a `Config`; \
         `Client::builder()` is the short way for one service.\n\n",
    );
    text.push_str(&doc_test(krate, &root, &quote!(), &body));
    Some(text)
}

/// The region and example credentials, for crates with signed operations.
fn signing(krate: &Crate, root: &Ident) -> TokenStream {
    if krate.operations.iter().any(|o| o.signed) {
        quote! {
            .region("us-east-1")
            .credentials(#root::client::Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None))
        }
    } else {
        quote!()
    }
}

fn crate_ident(krate: &Crate) -> Ident {
    ident(&krate.package.replace('-', "_"))
}

/// `client.op().member(value)...`, every required member set.
fn call(krate: &Crate, op: &Operation, root: &Ident) -> TokenStream {
    let method = ident(&op.method);
    let setters = required_setters(krate, &op.input, root, 0, op.endpoint_field.as_deref());
    quote!(client.#method() #setters)
}

/// Setters for the required members of `s`. `endpoint_field` names a member that holds the
/// endpoint to call (Machine Learning's `PredictEndpoint`), which must be a URL.
fn required_setters(
    krate: &Crate,
    s: &Structure,
    root: &Ident,
    depth: usize,
    endpoint_field: Option<&str>,
) -> TokenStream {
    let setters = s.fields.iter().filter(|f| f.typestate.is_some()).map(|f| {
        let name = ident(&f.name);
        let value = if endpoint_field == Some(f.name.as_str()) {
            quote!("http://localhost:8080")
        } else {
            placeholder(krate, &f.ty, root, depth + 1)
        };
        quote!(.#name(#value))
    });
    quote!(#(#setters)*)
}

/// A value of `ty` a setter accepts.
fn placeholder(krate: &Crate, ty: &Type, root: &Ident, depth: usize) -> TokenStream {
    match ty {
        Type::String => quote!("example"),
        Type::Bool => quote!(true),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => quote!(1),
        Type::F32 | Type::F64 => quote!(1.0),
        Type::Timestamp(_) => quote!(#root::DateTime::from_secs(1_700_000_000)),
        Type::Blob => quote!(#root::primitives::Blob::new(b"example".to_vec())),
        Type::Stream => quote!(#root::primitives::ByteStream::from("example")),
        Type::Document => quote!(#root::primitives::Document::Null),
        Type::List { .. } => quote!(::std::vec::Vec::new()),
        Type::Map { .. } => quote!(::std::collections::HashMap::new()),
        Type::Enum(name) | Type::IntEnum(name) => {
            let e = krate.enums.iter().find(|e| &e.name == name);
            let name = ident(name);
            match e.and_then(|e| e.variants.first()) {
                Some(v) => {
                    let v = ident(&v.name);
                    quote!(#root::types::#name::#v)
                }
                None if matches!(ty, Type::IntEnum(_)) => quote!(#root::types::#name::from(0)),
                None => quote!(#root::types::#name::from("example")),
            }
        }
        Type::Union(name) => {
            let u = krate.unions.iter().find(|u| &u.name == name);
            let uname = ident(name);
            match u.and_then(|u| u.variants.first()) {
                Some(v) => {
                    let vname = ident(&v.name);
                    match &v.ty {
                        None => quote!(#root::types::#uname::#vname),
                        Some(inner) => {
                            // A variant holds its type exactly: no `Into` to lean on.
                            let value = match inner {
                                Type::String => quote!(::std::string::String::from("example")),
                                other => placeholder(krate, other, root, depth + 1),
                            };
                            let value = if v.boxed {
                                quote!(::std::boxed::Box::new(#value))
                            } else {
                                value
                            };
                            quote!(#root::types::#uname::#vname(#value))
                        }
                    }
                }
                None => quote!(::std::default::Default::default()),
            }
        }
        Type::Struct(name) => {
            let s = krate.types.iter().find(|s| &s.name == name);
            let sname = ident(name);
            let setters = match s {
                Some(s) if depth < MAX_DEPTH => required_setters(krate, s, root, depth, None),
                _ => quote!(),
            };
            quote!(#root::types::#sname::builder() #setters.build())
        }
    }
}

/// A doc-test: hidden set-up (the in-memory transport answering `{}`, a client on it, an
/// executor), then `body` in an async block, formatted and fenced.
fn doc_test(
    krate: &Crate,
    root: &Ident,
    more_responses: &TokenStream,
    body: &TokenStream,
) -> String {
    let signing = signing(krate, root);
    let ok = super::protocol::emitter(krate.service.protocol).example_ok_response();
    let setup = quote! {
        let transport = #root::transport::InMemoryTransport::new();
        #ok
        #more_responses
        #ok
        let client = #root::Client::builder()
            .endpoint_url("http://localhost:8080")
            #signing
            .transport(transport.clone())
            .max_attempts(1)
            .build()?;
    };
    let mut out = String::from("```\n");
    out.push_str("# fn main() -> Result<(), Box<dyn std::error::Error>> {\n");
    for line in format_body(&setup, false).lines() {
        out.push_str(&hidden(line));
    }
    out.push_str("# run(async {\n");
    for line in format_body(body, true).lines() {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("# Ok(())\n# })\n# }\n");
    let executor = quote! {
        // The in-memory transport answers at once: polling to completion needs no runtime.
        fn run(
            future: impl ::std::future::Future<Output = ::std::result::Result<(), Box<dyn ::std::error::Error>>>,
        ) -> ::std::result::Result<(), Box<dyn ::std::error::Error>> {
            let mut future = ::std::pin::pin!(future);
            let mut cx = ::std::task::Context::from_waker(::std::task::Waker::noop());
            loop {
                if let ::std::task::Poll::Ready(result) = future.as_mut().poll(&mut cx) {
                    return result;
                }
            }
        }
    };
    for line in format_items(&executor).lines() {
        out.push_str(&hidden(line));
    }
    out.push_str("```\n");
    out
}

fn hidden(line: &str) -> String {
    if line.is_empty() {
        "#\n".to_string()
    } else {
        format!("# {line}\n")
    }
}

/// Statements formatted by prettyplease, as the body of a function, without its indent.
fn format_body(stmts: &TokenStream, is_async: bool) -> String {
    let asyncness = if is_async { quote!(async) } else { quote!() };
    let file = quote! { #asyncness fn f() { #stmts } };
    let text = format_items(&file);
    let mut lines: Vec<&str> = text.lines().collect();
    // `fn f() {` ... `}`
    if lines.len() >= 2 {
        lines.remove(0);
        lines.pop();
    }
    lines
        .iter()
        .map(|l| l.strip_prefix("    ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

fn format_items(tokens: &TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        // Tokens built above always parse; a bug here must not hide the docs' other content.
        Err(e) => format!("compile_error!({:?});", e.to_string()),
    }
}
