//! One operation's module: the marker type implementing `Operation`, the input and output
//! structures, the error enum, and the paginator.

use proc_macro2::TokenStream;
use quote::quote;

use super::protocol::ProtocolEmitter;
use super::structure;
use super::{doc_attrs, inner_doc_attrs, rust_type};
use crate::ir::{Checksum, HostSegment, ItemType, Operation, PathStep};
use crate::naming::ident;

pub(crate) fn emit(krate: &crate::ir::Crate, op: &Operation) -> TokenStream {
    let proto = super::protocol::emitter(krate.service.protocol);
    let marker = ident(&op.name);
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let error = ident(&op.error_name);
    let name = &op.name;
    let target = &op.target;
    let signed = op.signed;
    let compression = op.compress.then(|| {
        quote!(
            const REQUEST_COMPRESSION: bool = true;
        )
    });
    let checksums = (!op.checksums.is_empty()).then(|| {
        let kinds = op.checksums.iter().map(|c| match c {
            Checksum::ContentMd5 => quote!(crate::protocol::RequestChecksum::ContentMd5),
            Checksum::TreeHash => quote!(crate::protocol::RequestChecksum::TreeHash),
        });
        quote!(
            const REQUEST_CHECKSUMS: &'static [crate::protocol::RequestChecksum] = &[#(#kinds),*];
        )
    });
    let content_sha256 = op.content_sha256.then(|| {
        quote!(
            const CONTENT_SHA256: bool = true;
        )
    });
    let host_prefix = op
        .host_prefix
        .as_ref()
        .map(|segments| host_prefix_fn(&input, segments));
    let endpoint_override = op.endpoint_field.as_ref().map(|f| {
        let f = ident(f);
        quote! {
            fn endpoint_override(input: &#input) -> ::std::option::Option<::std::string::String> {
                ::std::option::Option::Some(input.#f.clone()).filter(|e| !e.is_empty())
            }
        }
    });

    let idempotency_token = op.idempotency_token.as_ref().map(|f| {
        let f = ident(f);
        quote! {
            fn idempotency_token(input: &mut #input) -> ::std::option::Option<&mut ::std::option::Option<::std::string::String>> {
                ::std::option::Option::Some(&mut input.#f)
            }
        }
    });
    let endpoint_params = super::endpoint::operation_items(op);
    let protocol_items = proto.operation_items(op);

    let module_doc = inner_doc_attrs(&format!(
        "{}\n\n{}",
        op.docs
            .as_deref()
            .unwrap_or(&format!("The `{name}` operation.")),
        super::examples::operation(krate, op)
    ));
    let mut marker_doc = format!(
        "The `{name}` operation, as a type: implements [`Operation`](crate::protocol::Operation) \
         ({}).",
        proto.request_summary(op)
    );
    marker_doc.push_str(if signed {
        " Requests are signed with SigV4."
    } else {
        " Requests are not signed: the model says `auth: []`."
    });
    for c in &op.checksums {
        marker_doc.push_str(match c {
            Checksum::ContentMd5 => {
                " The client adds `Content-MD5`, the MD5 of the body as sent (feature `md5`)."
            }
            Checksum::TreeHash => {
                " The client adds `x-amz-sha256-tree-hash`, Glacier's SHA-256 tree hash of the body."
            }
        });
    }
    if op.content_sha256 {
        marker_doc.push_str(" The signature covers `x-amz-content-sha256`, the body's SHA-256.");
    }
    let marker_doc = doc_attrs(&marker_doc);
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|n| quote!(#[deprecated(note = #n)]));
    // The module's own code names the deprecated marker (its `Operation` impl, `send`);
    // users still get the warning where they name it.
    let allow_own_deprecated = op
        .deprecated
        .as_ref()
        .map(|_| quote!(#![allow(deprecated)]));

    let input_struct = structure::emit(proto, &op.input);
    let output_struct = structure::emit(proto, &op.output);
    let input_builder = structure::emit_builder(&op.input);
    let output_builder = structure::emit_builder(&op.output);
    let error_enum = error_enum(proto, op);
    let paginator = paginator(op);
    let fluent = fluent_builder(op);

    quote! {
        #module_doc
        #allow_own_deprecated

        #marker_doc
        #deprecated
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct #marker;

        impl crate::protocol::Operation for #marker {
            const SERVICE: &'static crate::protocol::ServiceInfo = &crate::SERVICE;
            const NAME: &'static str = #name;
            const TARGET: &'static str = #target;
            const SIGNED: bool = #signed;
            type Input = #input;
            type Output = #output;
            type Error = #error;

            #protocol_items

            #compression
            #checksums
            #content_sha256
            #host_prefix
            #endpoint_override
            #idempotency_token
            #endpoint_params
        }

        #input_struct
        #output_struct
        #error_enum
        #paginator
        #fluent

        /// Builders for this operation's input and output.
        pub mod builders {
            #input_builder
            #output_builder
        }
    }
}

/// `fn host_prefix`: the prefix text with each label replaced by its (validated) input value.
fn host_prefix_fn(input: &proc_macro2::Ident, segments: &[HostSegment]) -> TokenStream {
    let pushes = segments.iter().map(|seg| match seg {
        HostSegment::Text(t) => match t.chars().collect::<Vec<_>>().as_slice() {
            [c] => quote!(prefix.push(#c);),
            _ => quote!(prefix.push_str(#t);),
        },
        HostSegment::Label(field, optional) => {
            let f = ident(field);
            let name = field.trim_start_matches("r#");
            let value = if *optional {
                quote!(input.#f.as_deref().unwrap_or_default())
            } else {
                quote!(input.#f.as_str())
            };
            quote! {
                let value = #value;
                if !crate::protocol::is_valid_host_label(value) {
                    return ::std::result::Result::Err(crate::error::SerializeError::new(
                        concat!("host label `", #name, "` (it must be 1-63 letters, digits or hyphens)"),
                    ));
                }
                prefix.push_str(value);
            }
        }
    });
    let has_labels = segments.iter().any(|s| matches!(s, HostSegment::Label(..)));
    let param = if has_labels {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        fn host_prefix(#param: &#input) -> ::std::result::Result<::std::option::Option<::std::string::String>, crate::error::SerializeError> {
            let mut prefix = ::std::string::String::new();
            #(#pushes)*
            ::std::result::Result::Ok(::std::option::Option::Some(prefix))
        }
    }
}

fn error_enum(proto: &dyn ProtocolEmitter, op: &Operation) -> TokenStream {
    let error = ident(&op.error_name);
    let doc = doc_attrs(&format!(
        "An error `{}` may return: one variant per error the model lists, plus `Unhandled` for \
         anything else the service sends (it keeps the code, message and HTTP status).\n\n\
         The enum is `#[non_exhaustive]`: services add errors, so matches need a `_` arm.",
        op.name
    ));
    let variants = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let t = ident(&e.type_name);
        let mut docs = e
            .docs
            .clone()
            .unwrap_or_else(|| format!("The `{}` error.", e.code));
        if let Some(q) = &e.query {
            docs.push_str(&format!("\n\nIts awsQuery code is `{}`.", q.code));
        }
        let d = doc_attrs(&docs);
        quote! { #d #v(crate::types::error::#t), }
    });
    let from_response = proto.error_from_response(op);
    let code_arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        // Callers of an awsQuery-compatible service know its errors by their awsQuery codes.
        let code = e.query.as_ref().map_or(&e.code, |q| &q.code);
        quote! { Self::#v(_) => ::std::option::Option::Some(#code), }
    });
    let message_arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote! { Self::#v(e) => e.message(), }
    });
    let retry_arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let r = e.info.retryable;
        quote! { Self::#v(_) => #r, }
    });
    let throttle_arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        let t = e.info.throttling;
        quote! { Self::#v(_) => #t, }
    });
    let display_arms = op.errors.iter().map(|e| {
        let v = ident(&e.variant);
        quote! { Self::#v(e) => ::std::fmt::Display::fmt(e, f), }
    });
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(Clone, Debug, PartialEq)]
        // Errors are the cold path, and boxing variants would make matching them clumsier.
        #[allow(clippy::large_enum_variant)]
        pub enum #error {
            #(#variants)*
            /// An error the model does not list for this operation, or whose body did not
            /// match its modeled shape.
            Unhandled(crate::error::UnhandledError),
        }

        impl #error {
            #from_response

            /// The error code (`NotAuthorizedException`), if known.
            pub fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#code_arms)*
                    Self::Unhandled(e) => e.code(),
                }
            }

            /// The message the service sent, if any.
            pub fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#message_arms)*
                    Self::Unhandled(e) => e.message(),
                }
            }

            /// True when sending the same request again may succeed (throttling, server faults
            /// and errors the model marks `@retryable`).
            pub fn is_retryable(&self) -> bool {
                match self {
                    #(#retry_arms)*
                    Self::Unhandled(e) => e.is_retryable(),
                }
            }

            /// True when the service asked the caller to slow down.
            pub fn is_throttling(&self) -> bool {
                match self {
                    #(#throttle_arms)*
                    Self::Unhandled(e) => e.is_throttling(),
                }
            }
        }

        impl ::std::fmt::Display for #error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f),
                }
            }
        }

        impl ::std::error::Error for #error {}

        impl crate::error::ProvideErrorKind for #error {
            fn code(&self) -> ::std::option::Option<&str> {
                #error::code(self)
            }
            fn message(&self) -> ::std::option::Option<&str> {
                #error::message(self)
            }
            fn is_retryable(&self) -> bool {
                #error::is_retryable(self)
            }
            fn is_throttling(&self) -> bool {
                #error::is_throttling(self)
            }
        }
    }
}

/// Reads a path of output fields by reference, giving an `Option<&Last>`.
fn path_ref(steps: &[PathStep]) -> TokenStream {
    let mut body = quote!(let v = output;);
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let f = ident(&step.field);
        let expr = match (step.optional, i == last) {
            (true, false) => quote!(let v = v.#f.as_ref()?;),
            (false, false) => quote!(let v = &v.#f;),
            (true, true) => quote!(v.#f.as_ref()),
            (false, true) => quote!(::std::option::Option::Some(&v.#f)),
        };
        body = quote!(#body #expr);
    }
    body
}

/// Moves a path of output fields out, giving an `Option<Last>`.
fn path_owned(steps: &[PathStep]) -> TokenStream {
    let mut body = quote!(let v = output;);
    let last = steps.len().saturating_sub(1);
    for (i, step) in steps.iter().enumerate() {
        let f = ident(&step.field);
        let expr = match (step.optional, i == last) {
            (true, false) => quote!(let v = v.#f?;),
            (false, false) => quote!(let v = v.#f;),
            (true, true) => quote!(v.#f),
            (false, true) => quote!(::std::option::Option::Some(v.#f)),
        };
        body = quote!(#body #expr);
    }
    body
}

fn paginator(op: &Operation) -> Option<TokenStream> {
    let p = op.paginator.as_ref()?;
    let marker = ident(&op.name);
    let input = ident(&op.input.name);
    let output = ident(&op.output.name);
    let token_field = ident(&p.input_token);
    let token_path = path_ref(&p.output_token);
    let token_ty = rust_type(&p.token);

    let items = p.items.as_ref().map(|(steps, item)| {
        let (item_ty, items_ty, convert) = match item {
            ItemType::Item(t) => {
                let t = rust_type(t);
                (t.clone(), quote!(::std::vec::Vec<#t>), quote!())
            }
            ItemType::Entry(t) => {
                let t = rust_type(t);
                (
                    quote!((::std::string::String, #t)),
                    quote!(::std::collections::HashMap<::std::string::String, #t>),
                    quote!(.into_iter().collect()),
                )
            }
        };
        let take = path_owned(steps);
        quote! {
            impl crate::pagination::PaginatedItems for #marker {
                type Item = #item_ty;

                fn into_items(output: #output) -> ::std::vec::Vec<#item_ty> {
                    fn take(output: #output) -> ::std::option::Option<#items_ty> {
                        #take
                    }
                    take(output).unwrap_or_default() #convert
                }
            }
        }
    });

    let page_size = p.page_size.as_ref().map(|size| {
        let field = &size.field;
        let f = ident(field);
        let ty = rust_type(&size.ty);
        let assign = if size.optional {
            quote!(input.#f = ::std::option::Option::Some(size);)
        } else {
            quote!(input.#f = size;)
        };
        let doc = doc_attrs(&format!(
            "The page size is `{}`, set on every request.",
            field.trim_start_matches("r#")
        ));
        quote! {
            #doc
            impl crate::pagination::PageSize for #marker {
                type Size = #ty;

                fn set_page_size(input: &mut #input, size: #ty) {
                    #assign
                }
            }
        }
    });

    let into_doc = doc_attrs(&format!(
        "Turns this input into a paginator over every page of `{}` (see [`Paginator`](crate::pagination::Paginator)).",
        op.name
    ));
    Some(quote! {
        impl crate::pagination::Paginated for #marker {
            type Token = #token_ty;

            fn set_token(input: &mut #input, token: ::std::option::Option<#token_ty>) {
                input.#token_field = token;
            }

            fn next_token(output: &#output) -> ::std::option::Option<&#token_ty> {
                #token_path
            }
        }

        #items

        impl #input {
            #into_doc
            pub fn into_paginator(self) -> crate::pagination::Paginator<#marker> {
                crate::pagination::Paginator::new(self)
            }
        }

        #page_size
    })
}

/// `client.list_devices()`: a fluent builder over the input builder, with the same
/// type-state, whose `send()` goes through the client.
fn fluent_builder(op: &Operation) -> TokenStream {
    let marker = ident(&op.name);
    let method = ident(&op.method);
    let input = ident(&op.input.name);
    let fluent = ident(&op.fluent);
    let input_builder = ident(&op.input.builder);
    let module = {
        let m = ident(&op.module);
        quote!(crate::operation::#m)
    };
    let plan = structure::builder_plan(&op.input);
    let generics = plan.generics();
    let params = &plan.params;
    let with_defaults = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params = crate::builder::Unset),*>)
    };
    let where_clause = plan.where_clause(&module);
    let setters = op.input.fields.iter().map(|f| {
        let fname = ident(&f.name);
        let (param, _) = structure::setter_param(f);
        // The member's own documentation, as on the input's field and builder.
        let doc = structure::field_doc(f);
        let dep = f
            .deprecated
            .as_ref()
            .map(|n| quote!(#[deprecated(note = #n)]));
        match plan.position(f) {
            Some(i) => {
                let inner = structure::inner_type(f);
                let out = plan.params_after_set(i, &inner);
                quote! {
                    #doc
                    #dep
                    pub fn #fname(self, value: #param) -> #fluent<#(#out),*> {
                        #fluent { client: self.client, inner: self.inner.#fname(value) }
                    }
                }
            }
            None => {
                let set = structure::set_option_name(f);
                let inner = structure::inner_type(f);
                let set_doc = structure::set_option_doc(f);
                quote! {
                    #doc
                    #dep
                    pub fn #fname(mut self, value: #param) -> Self {
                        self.inner = self.inner.#fname(value);
                        self
                    }
                    #set_doc
                    #dep
                    pub fn #set(mut self, value: ::std::option::Option<#inner>) -> Self {
                        self.inner = self.inner.#set(value);
                        self
                    }
                }
            }
        }
    });
    let into_paginator = op.paginator.as_ref().map(|_| {
        quote! {
            /// Walks every page through the client: see
            /// [`ClientPaginator`](crate::client::ClientPaginator) for the streams.
            pub fn into_paginator(self) -> crate::client::ClientPaginator<#marker> #where_clause {
                crate::client::ClientPaginator::new(self.client.core, self.inner.build())
            }
        }
    });
    let method_doc = doc_attrs(&format!(
        "Calls `{}`: set the input's members on the returned builder, then `send()`.{}",
        op.name,
        op.docs
            .as_deref()
            .map(|d| format!("\n\n{d}"))
            .unwrap_or_default()
    ));
    let fluent_doc = doc_attrs(&format!(
        "A `{}` call being set up on a [`Client`](crate::client::Client): the same setters as \
         [`{}`](builders::{}), and `send()` once every required member is set.",
        op.name, op.input.name, input_builder
    ));
    let allow_deprecated = op
        .input
        .fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]));
    let deprecated_op = op
        .deprecated
        .as_ref()
        .map(|n| quote!(#[deprecated(note = #n)]));
    let fluent_derives = if op.input.streams() {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Clone, Debug)])
    };
    quote! {
        impl crate::client::Client {
            #method_doc
            #deprecated_op
            pub fn #method(&self) -> #fluent {
                #fluent { client: self.clone(), inner: #input::builder() }
            }
        }

        #fluent_doc
        #fluent_derives
        pub struct #fluent #with_defaults {
            client: crate::client::Client,
            inner: builders::#input_builder #generics,
        }

        #allow_deprecated
        #[allow(clippy::type_complexity)]
        impl #generics #fluent #generics {
            #(#setters)*

            /// Sends the request, retrying throttling, server errors and connection failures
            /// as the client is configured to: `.await` the returned future for the output.
            // Neither an `async fn` nor `-> impl Future`: an opaque return type would carry the
            // unsatisfied bound too, and a missing required member would be reported three
            // times (at `send`, the expression and the `.await`) instead of once.
            pub fn send(self) -> crate::client::SendFuture<#marker> #where_clause {
                crate::client::SendFuture::new(self.client.core, self.inner.build())
            }

            #into_paginator
        }
    }
}
