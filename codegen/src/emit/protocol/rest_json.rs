//! restJson1: each operation is an HTTP resource. The input's members go to the URI's labels
//! (through `rest::push_label`, which percent-encodes), the query string, headers, prefix
//! headers and either one payload member or a JSON body of the rest; the response's status
//! code, headers, prefix headers and payload or JSON body fill the output. Error codes are
//! read as awsJson reads them (`X-Amzn-Errortype`, then the body's `code` or `__type`), and an
//! error's header-bound members are read from the response headers.
//!
//! Everything printed here was decided by the IR (`ir::http`); validation refused the
//! bindings this emitter cannot write.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ProtocolEmitter, aws_json, json};
use crate::emit::structure::inner_type;
use crate::ir::http::{Body, Location, MemberBinding, PathSegment, PayloadKind};
use crate::ir::{Crate, Enum, ErrorRef, Field, Operation, Structure, TimestampFormat, Type, Union};
use crate::naming::ident;

/// The restJson1 emitter.
pub(crate) struct RestJson;

impl ProtocolEmitter for RestJson {
    fn runtime_variant(&self, krate: &Crate) -> Ident {
        format_ident!("{}", krate.service.protocol.runtime_variant())
    }

    fn protocol_rs(&self, _krate: &Crate) -> TokenStream {
        quote! {
            #![doc = " The service's wire protocol: the runtime's protocol rules with this service's constants."]

            pub use ::aws_light_runtime::protocol::*;

            /// The protocol this crate's service speaks, from its model.
            pub const PROTOCOL: Protocol = Protocol::RestJson1;

            /// The `Content-Type` of requests with a JSON body.
            pub const CONTENT_TYPE: &str = PROTOCOL.content_type();

            /// restJson1 services are never `@awsQueryCompatible`.
            pub const QUERY_COMPATIBLE: bool = false;
        }
    }

    fn request_summary(&self, op: &Operation) -> String {
        match &op.http {
            Some(http) => format!("`{} {}`", http.method, http.uri.pattern),
            None => "no HTTP binding".to_string(),
        }
    }

    fn operation_items(&self, op: &Operation) -> TokenStream {
        let input = ident(&op.input.name);
        let output = ident(&op.output.name);
        let error = ident(&op.error_name);
        let Some(http) = &op.http else {
            let message = format!("operation {} has no `@http` binding", op.name);
            return quote!(compile_error!(#message););
        };
        let request = request_fn(op, http);
        let response = response_fn(op, http);
        let streaming_input = streaming_payload(&op.input, &http.request).map(|f| {
            let fname = ident(&f.name);
            let field = if f.optional {
                quote!(input.#fname.as_mut())
            } else {
                quote!(::std::option::Option::Some(&mut input.#fname))
            };
            quote! {
                fn streaming_payload(input: &mut #input) -> ::std::option::Option<&mut crate::primitives::ByteStream> {
                    #field
                }
            }
        });
        quote! {
            fn serialize_input(input: &#input) -> ::std::result::Result<::std::vec::Vec<u8>, crate::error::SerializeError> {
                <Self as crate::protocol::Operation>::serialize_request(input).map(|request| request.body)
            }

            fn deserialize_output(body: &[u8]) -> ::std::result::Result<#output, crate::error::DeserializeError> {
                <Self as crate::protocol::Operation>::deserialize_response(200, &(), body)
            }

            fn parse_error(status: u16, headers: &dyn crate::error::Headers, body: &[u8]) -> #error {
                #error::from_response(status, headers, body)
            }

            #request
            #response
            #streaming_input
        }
    }

    fn error_from_response(&self, op: &Operation) -> TokenStream {
        aws_json::from_response(op, &|e| {
            let v = ident(&e.variant);
            if e.http_fields.is_empty() {
                return quote!(Self::#v);
            }
            let t = ident(&e.type_name);
            let context = &e.type_name;
            let fills = e
                .http_fields
                .iter()
                .map(|b| read_member(&b.field, &b.binding, &quote!(error), context));
            let reads = |l: &Location| e.http_fields.iter().any(|b| &b.binding.location == l);
            let status = if reads(&Location::ResponseCode) {
                quote!(status)
            } else {
                quote!(_status)
            };
            let headers = if e
                .http_fields
                .iter()
                .any(|b| !matches!(b.binding.location, Location::ResponseCode))
            {
                quote!(headers)
            } else {
                quote!(_headers)
            };
            let allow = e
                .http_fields
                .iter()
                .any(|b| b.field.deprecated.is_some())
                .then(|| quote!(#[allow(deprecated)]));
            quote! {
                |mut error: crate::types::error::#t| {
                    #allow
                    fn fill(error: &mut crate::types::error::#t, #status: u16, #headers: &dyn crate::error::Headers) -> ::std::result::Result<(), crate::error::DeserializeError> {
                        #(#fills)*
                        ::std::result::Result::Ok(())
                    }
                    // A header that does not parse leaves its member as the body had it: the
                    // error is still the modeled one.
                    let _ = fill(&mut error, status, headers);
                    Self::#v(error)
                }
            }
        })
    }

    fn structure_codec(&self, s: &Structure) -> TokenStream {
        json::structure_codec(s)
    }

    fn union_codec(&self, u: &Union) -> TokenStream {
        json::union_codec(u)
    }

    fn enum_codec(&self, e: &Enum) -> TokenStream {
        json::enum_codec(e)
    }

    fn example_ok_response(&self) -> TokenStream {
        // An empty body suits every output: a JSON body reads as `{}`, and an empty payload
        // is an absent one (`{}` is no union, for a union payload).
        quote!(transport.push_json(200, "");)
    }

    fn example_error_response(&self, error: &ErrorRef) -> TokenStream {
        let body = format!(r#"{{"__type": "{}"}}"#, error.code);
        quote!(transport.push_json(400, #body);)
    }
}

/// Appends literal path text: a one-character literal as a `char` (clippy's
/// `single_char_add_str`).
fn push_literal(text: &str) -> TokenStream {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => quote!(uri.push(#c);),
        _ => quote!(uri.push_str(#text);),
    }
}

/// Reading and writing a deprecated member is the protocol's job, not a use to warn about.
fn allow_deprecated(s: &Structure) -> Option<TokenStream> {
    s.fields
        .iter()
        .any(|f| f.deprecated.is_some())
        .then(|| quote!(#[allow(deprecated)]))
}

/// The input's field bound by `binding`.
fn field<'a>(s: &'a Structure, binding: &MemberBinding) -> Option<&'a Field> {
    s.fields.iter().find(|f| f.wire_name == binding.member)
}

/// Runs `body` with `v` bound to a reference to the field's value, when it has one.
fn with_value(f: &Field, body: TokenStream) -> TokenStream {
    with_value_if(f, None, body)
}

/// [`with_value`], and only when `condition` (on `v`) holds.
fn with_value_if(f: &Field, condition: Option<TokenStream>, body: TokenStream) -> TokenStream {
    let name = ident(&f.name);
    match (f.optional, condition) {
        (true, None) => quote! {
            if let ::std::option::Option::Some(v) = &input.#name {
                #body
            }
        },
        (true, Some(c)) => quote! {
            if let ::std::option::Option::Some(v) = &input.#name && #c {
                #body
            }
        },
        (false, None) => quote! {
            {
                let v = &input.#name;
                #body
            }
        },
        (false, Some(c)) => quote! {
            {
                let v = &input.#name;
                if #c {
                    #body
                }
            }
        },
    }
}

/// A `String` expression for a scalar `v` (a reference) in a label, query value or header;
/// it may use `?` on a `SerializeError`.
fn to_text(
    ty: &Type,
    v: TokenStream,
    format: Option<TimestampFormat>,
    member: &str,
) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String::clone(#v)),
        Type::Bool | Type::I8 | Type::I16 | Type::I32 | Type::I64 => {
            quote!(::std::string::ToString::to_string(#v))
        }
        Type::F32 => quote!(crate::rest::float32(*#v)),
        Type::F64 => quote!(crate::rest::float(*#v)),
        Type::Timestamp(_) => match format.unwrap_or(TimestampFormat::DateTime) {
            TimestampFormat::EpochSeconds => quote!(crate::rest::epoch_seconds(#v)),
            TimestampFormat::DateTime => quote!(crate::rest::date_time(#member, #v)?),
            TimestampFormat::HttpDate => quote!(crate::rest::http_date(#member, #v)?),
        },
        Type::Enum(_) => quote!(::std::string::String::from(#v.as_str())),
        Type::IntEnum(_) => quote!(::std::string::ToString::to_string(&#v.as_i32())),
        other => {
            let message = format!("member `{member}`: {other:?} cannot be bound outside the body");
            quote!(compile_error!(#message))
        }
    }
}

/// `serialize_request`: the URI, query, headers and body of one input.
fn request_fn(op: &Operation, http: &crate::ir::http::HttpOperation) -> TokenStream {
    let input_ty = ident(&op.input.name);
    let bindings = &http.request;
    let mut steps = Vec::new();
    let mut literal = String::new();
    for segment in &http.uri.path {
        literal.push('/');
        match segment {
            PathSegment::Literal(text) => literal.push_str(text),
            PathSegment::Label { name, greedy } => {
                if !literal.is_empty() {
                    steps.push(push_literal(&literal));
                    literal.clear();
                }
                let Some((f, b)) = bindings
                    .members
                    .iter()
                    .find(|b| &b.member == name)
                    .and_then(|b| Some((field(&op.input, b)?, b)))
                else {
                    let message = format!("label `{name}` has no input member");
                    steps.push(quote!(compile_error!(#message);));
                    continue;
                };
                let member = &f.wire_name;
                let fname = ident(&f.name);
                let value = if f.optional {
                    quote! {
                        input.#fname.as_ref().ok_or(crate::error::SerializeError::invalid(#member, "an HTTP label must be set"))?
                    }
                } else {
                    quote!(&input.#fname)
                };
                let text = to_text(&f.ty, quote!(v), b.timestamp_format, member);
                let push = match &b.location {
                    // The service's customization: an empty value stands for `text`.
                    Location::Label {
                        if_empty: Some(text_if_empty),
                        ..
                    } => quote! {
                        let text = #text;
                        let text = if text.is_empty() { ::std::string::String::from(#text_if_empty) } else { text };
                        crate::rest::push_label(&mut uri, #member, &text, #greedy)?;
                    },
                    _ => quote!(crate::rest::push_label(&mut uri, #member, &#text, #greedy)?;),
                };
                steps.push(quote! {
                    {
                        let v = #value;
                        #push
                    }
                });
            }
        }
    }
    if http.uri.path.is_empty() || http.uri.trailing_slash {
        literal.push('/');
    }
    if !literal.is_empty() {
        steps.push(push_literal(&literal));
    }

    let query_literal = http
        .uri
        .query
        .iter()
        .map(|q| match &q.value {
            Some(v) => format!("{}={v}", q.key),
            None => q.key.clone(),
        })
        .collect::<Vec<_>>()
        .join("&");
    let mut query_steps = Vec::new();
    let mut param_steps = Vec::new();
    let mut header_steps = Vec::new();
    let mut sets_content_type = false;
    for b in &bindings.members {
        let Some(f) = field(&op.input, b) else {
            continue;
        };
        let member = &f.wire_name;
        match &b.location {
            Location::Query(name) => {
                let push = match &f.ty {
                    Type::List { item, .. } => {
                        let text = to_text(item, quote!(item), b.timestamp_format, member);
                        quote! {
                            for item in v {
                                query.push(#name, &#text);
                            }
                        }
                    }
                    ty => {
                        let text = to_text(ty, quote!(v), b.timestamp_format, member);
                        quote!(query.push(#name, &#text);)
                    }
                };
                query_steps.push(with_value(f, push));
            }
            Location::QueryParams => {
                let Type::Map { value, .. } = &f.ty else {
                    continue;
                };
                let push = match &**value {
                    Type::List { item, .. } => {
                        let text = to_text(item, quote!(item), None, member);
                        quote! {
                            for item in value {
                                query.push_param(key, &#text);
                            }
                        }
                    }
                    ty => {
                        let text = to_text(ty, quote!(value), None, member);
                        quote!(query.push_param(key, &#text);)
                    }
                };
                param_steps.push(with_value(
                    f,
                    quote! {
                        // Sorted: the same input gives the same URI (and signature).
                        let mut entries: ::std::vec::Vec<_> = v.iter().collect();
                        entries.sort_by(|a, b| a.0.cmp(b.0));
                        for (key, value) in entries {
                            #push
                        }
                    },
                ));
            }
            Location::Header { name, media_type } => {
                if name.eq_ignore_ascii_case("content-type") {
                    sets_content_type = true;
                }
                let text = match &f.ty {
                    Type::List { item, .. } => {
                        let text = to_text(item, quote!(item), b.timestamp_format, member);
                        // HTTP dates hold commas of their own and are never quoted.
                        let join = if matches!(**item, Type::Timestamp(_)) {
                            quote!(items.join(", "))
                        } else {
                            quote!(crate::rest::header_list(
                                items.iter().map(::std::string::String::as_str)
                            ))
                        };
                        quote! {{
                            let mut items: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                            for item in v {
                                items.push(#text);
                            }
                            #join
                        }}
                    }
                    Type::String if media_type.is_some() => {
                        quote!(crate::primitives::base64_encode(v.as_bytes()))
                    }
                    ty => to_text(ty, quote!(v), b.timestamp_format, member),
                };
                let push = quote! {
                    crate::rest::push_header(&mut headers, #member, ::std::string::String::from(#name), #text)?;
                };
                // An empty list is sent as an empty header (Smithy's RestJsonNullAndEmptyHeaders).
                header_steps.push(with_value(f, push));
            }
            Location::PrefixHeaders(prefix) => {
                let Type::Map { value, .. } = &f.ty else {
                    continue;
                };
                let text = to_text(value, quote!(value), None, member);
                // A header a member is bound to wins over a map entry of the same name.
                let bound: Vec<String> = bindings
                    .members
                    .iter()
                    .filter_map(|b| match &b.location {
                        Location::Header { name, .. } => Some(name.to_ascii_lowercase()),
                        _ => None,
                    })
                    .collect();
                let push = quote! {
                    crate::rest::push_header(&mut headers, #member, name, #text)?;
                };
                let push = if bound.is_empty() {
                    push
                } else {
                    quote! {
                        if ![#(#bound),*].contains(&name.to_ascii_lowercase().as_str()) {
                            #push
                        }
                    }
                };
                header_steps.push(with_value(
                    f,
                    quote! {
                        let mut entries: ::std::vec::Vec<_> = v.iter().collect();
                        entries.sort_by(|a, b| a.0.cmp(b.0));
                        for (key, value) in entries {
                            let name = ::std::format!("{}{}", #prefix, key);
                            #push
                        }
                    },
                ));
            }
            Location::Label { .. }
            | Location::Payload(_)
            | Location::Body { .. }
            | Location::ResponseCode
            | Location::Unbound => {}
        }
    }

    let input_label = &op.input.name;
    let content_type = |ct: TokenStream| {
        if sets_content_type {
            quote! {
                if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-type")) {
                    headers.push((::std::string::String::from("Content-Type"), ::std::string::String::from(#ct)));
                }
            }
        } else {
            quote!(headers.push((::std::string::String::from("Content-Type"), ::std::string::String::from(#ct)));)
        }
    };
    let body = match &bindings.body {
        Body::Empty => quote!(let body: ::std::vec::Vec<u8> = ::std::vec::Vec::new();),
        Body::Document(_) => {
            let ct = content_type(quote!(crate::protocol::CONTENT_TYPE));
            quote! {
                let body = crate::json::to_body(input, #input_label)?;
                #ct
            }
        }
        Body::Payload(member) => {
            let Some(f) = op.input.fields.iter().find(|f| &f.wire_name == member) else {
                let message = format!("payload `{member}` has no input member");
                return quote!(compile_error!(#message););
            };
            let kind = bindings.member(member).and_then(|b| match b.location {
                Location::Payload(kind) => Some(kind),
                _ => None,
            });
            let media = op.payload_media_type.as_deref();
            let (bytes, ct) = match kind {
                // Read into memory by the client (`streaming_payload`) before this runs.
                Some(PayloadKind::Blob { streaming: true }) => (
                    quote! {
                        v.as_bytes()
                            .ok_or(crate::error::SerializeError::invalid(
                                #input_label,
                                "the streaming payload is still a stream: the client reads it into memory before serializing",
                            ))?
                            .to_vec()
                    },
                    media.unwrap_or("application/octet-stream"),
                ),
                Some(PayloadKind::Blob { .. }) => (
                    quote!(v.as_bytes().to_vec()),
                    media.unwrap_or("application/octet-stream"),
                ),
                Some(PayloadKind::String) => {
                    (quote!(v.as_bytes().to_vec()), media.unwrap_or("text/plain"))
                }
                Some(PayloadKind::Enum) => (
                    quote!(v.as_str().as_bytes().to_vec()),
                    media.unwrap_or("text/plain"),
                ),
                _ => (
                    quote!(crate::json::to_body(v, #input_label)?),
                    media.unwrap_or("application/json"),
                ),
            };
            let ct = content_type(quote!(#ct));
            // An empty stream (the member's default) is no body, with no type.
            let ct = if kind == Some(PayloadKind::Blob { streaming: true }) {
                quote!(if !v.is_empty() { #ct })
            } else {
                ct
            };
            let fname = ident(&f.name);
            // An unset structure payload is an empty object (RestJsonHttpWithEmptyStructurePayload);
            // other unset payloads are no body at all.
            let absent = if kind == Some(PayloadKind::Structure) {
                quote! {{
                    #ct
                    ::std::vec::Vec::from(*b"{}")
                }}
            } else {
                quote!(::std::vec::Vec::new())
            };
            if f.optional {
                quote! {
                    let body: ::std::vec::Vec<u8> = match &input.#fname {
                        ::std::option::Option::Some(v) => {
                            #ct
                            #bytes
                        }
                        ::std::option::Option::None => #absent,
                    };
                }
            } else {
                quote! {
                    let body: ::std::vec::Vec<u8> = {
                        let v = &input.#fname;
                        #ct
                        #bytes
                    };
                }
            }
        }
    };
    let method = &http.method;
    let query = if query_steps.is_empty() && param_steps.is_empty() {
        if query_literal.is_empty() {
            quote!()
        } else {
            let q = format!("?{query_literal}");
            quote!(uri.push_str(#q);)
        }
    } else {
        quote! {
            let mut query = crate::rest::Query::new(#query_literal);
            #(#query_steps)*
            #(#param_steps)*
            query.finish(&mut uri);
        }
    };
    let empty = matches!(bindings.body, Body::Empty);
    let uses_input = !empty
        || !header_steps.is_empty()
        || !query_steps.is_empty()
        || !param_steps.is_empty()
        || http.uri.labels().next().is_some();
    let input_param = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    let headers_mut = (!header_steps.is_empty() || !empty).then(|| quote!(mut));
    let content_length = (!empty).then(|| {
        quote! {
            if !body.is_empty() {
                headers.push((::std::string::String::from("Content-Length"), body.len().to_string()));
            }
        }
    });
    let allow = allow_deprecated(&op.input);
    quote! {
        #allow
        fn serialize_request(#input_param: &#input_ty) -> ::std::result::Result<crate::protocol::HttpRequest, crate::error::SerializeError> {
            let mut uri = ::std::string::String::new();
            #(#steps)*
            #query
            let #headers_mut headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = ::std::vec::Vec::new();
            #(#header_steps)*
            #body
            #content_length
            ::std::result::Result::Ok(crate::protocol::HttpRequest {
                method: #method,
                uri,
                headers,
                body,
            })
        }
    }
}

/// A value of `ty` read from the header text `v` (a `&str`), using `?` on a
/// `DeserializeError` naming `context` and the header.
fn from_text(
    ty: &Type,
    v: TokenStream,
    context: &str,
    header: &str,
    media_type: bool,
) -> TokenStream {
    let bad = quote!(|| crate::rest::bad_header(#context, #header));
    match ty {
        Type::String if media_type => quote! {
            crate::primitives::base64_decode(#v.trim())
                .and_then(|bytes| ::std::string::String::from_utf8(bytes).ok())
                .ok_or_else(#bad)?
        },
        Type::String => quote!(::std::string::String::from(#v)),
        Type::Bool => quote!(crate::rest::parse_bool(#v).ok_or_else(#bad)?),
        Type::I8 | Type::I16 | Type::I32 | Type::I64 => {
            let t = crate::emit::rust_type(ty);
            quote!(#v.trim().parse::<#t>().ok().ok_or_else(#bad)?)
        }
        Type::F32 => quote!(crate::rest::parse_float(#v).ok_or_else(#bad)? as f32),
        Type::F64 => quote!(crate::rest::parse_float(#v).ok_or_else(#bad)?),
        Type::Timestamp(_) => quote!(crate::rest::parse_timestamp(#v).ok_or_else(#bad)?),
        Type::Enum(name) => {
            let n = ident(name);
            quote!(crate::types::#n::from(#v))
        }
        Type::IntEnum(name) => {
            let n = ident(name);
            quote!(crate::types::#n::from(#v.trim().parse::<i32>().ok().ok_or_else(#bad)?))
        }
        other => {
            let message = format!("{other:?} cannot be read from a header");
            quote!(compile_error!(#message))
        }
    }
}

/// Statements that set `target.field` from the response's status code or headers.
fn read_member(f: &Field, b: &MemberBinding, target: &TokenStream, context: &str) -> TokenStream {
    let fname = ident(&f.name);
    let assign = |value: TokenStream| {
        if f.optional {
            quote!(#target.#fname = ::std::option::Option::Some(#value);)
        } else {
            quote!(#target.#fname = #value;)
        }
    };
    match &b.location {
        Location::ResponseCode => assign(quote!(i32::from(status))),
        Location::Header { name, media_type } => {
            let value = match &f.ty {
                Type::List { item, .. } => {
                    let split = if b.timestamp_format == Some(TimestampFormat::HttpDate) {
                        quote!(crate::rest::split_http_date_list(v))
                    } else {
                        quote!(crate::rest::split_header_list(v).ok_or_else(|| crate::rest::bad_header(#context, #name))?)
                    };
                    let item = from_text(item, quote!(item), context, name, false);
                    quote! {{
                        let mut items = ::std::vec::Vec::new();
                        for item in &#split {
                            let item: &str = item;
                            items.push(#item);
                        }
                        items
                    }}
                }
                ty => from_text(ty, quote!(v), context, name, media_type.is_some()),
            };
            let assign = assign(value);
            if matches!(f.ty, Type::List { .. }) {
                quote! {
                    if let ::std::option::Option::Some(v) = crate::rest::header_list_value(headers, #name) {
                        let v = v.as_str();
                        #assign
                    }
                }
            } else {
                quote! {
                    if let ::std::option::Option::Some(v) = headers.header(#name) {
                        #assign
                    }
                }
            }
        }
        Location::PrefixHeaders(prefix) => {
            let assign = assign(quote!(map));
            quote! {
                let map: ::std::collections::HashMap<::std::string::String, ::std::string::String> =
                    crate::rest::prefixed(headers, #prefix).into_iter().collect();
                if !map.is_empty() {
                    #assign
                }
            }
        }
        _ => quote!(),
    }
}

/// `deserialize_response`: the JSON body (or `{}`), then the payload, headers and status.
fn response_fn(op: &Operation, http: &crate::ir::http::HttpOperation) -> TokenStream {
    let output = ident(&op.output.name);
    let context = &op.output.name;
    let bindings = &http.response;
    let mut fills = Vec::new();
    let mut uses_status = false;
    let mut uses_headers = false;
    for b in &bindings.members {
        let Some(f) = field(&op.output, b) else {
            continue;
        };
        match &b.location {
            Location::ResponseCode => uses_status = true,
            Location::Header { .. } | Location::PrefixHeaders(_) => uses_headers = true,
            _ => continue,
        }
        fills.push(read_member(f, b, &quote!(output), context));
    }
    let (json_body, payload) = match &bindings.body {
        Body::Payload(member) => {
            let payload = op
                .output
                .fields
                .iter()
                .find(|f| &f.wire_name == member)
                .map(|f| read_payload(f, bindings.member(member), context));
            (quote!(b""), payload)
        }
        Body::Empty | Body::Document(_) => (quote!(body), None),
    };
    let uses_body = matches!(bindings.body, Body::Document(_) | Body::Payload(_));
    let status = if uses_status {
        quote!(status)
    } else {
        quote!(_status)
    };
    let headers = if uses_headers {
        quote!(headers)
    } else {
        quote!(_headers)
    };
    let body_param = if uses_body {
        quote!(body)
    } else {
        quote!(_body)
    };
    let json_body = if uses_body || payload.is_some() {
        json_body
    } else {
        quote!(b"")
    };
    let mutable = (!fills.is_empty() || payload.is_some()).then(|| quote!(mut));
    let allow = allow_deprecated(&op.output);
    if let Some(f) = streaming_payload(&op.output, bindings) {
        // The body is handed over unread; the whole-body form (tests, `protocol::response`)
        // wraps the bytes it has.
        let fname = ident(&f.name);
        let assign = if f.optional {
            quote!(output.#fname = ::std::option::Option::Some(body);)
        } else {
            quote!(output.#fname = body;)
        };
        return quote! {
            const STREAMING_OUTPUT: bool = true;

            fn deserialize_response(status: u16, headers: &dyn crate::error::Headers, body: &[u8]) -> ::std::result::Result<#output, crate::error::DeserializeError> {
                <Self as crate::protocol::Operation>::deserialize_streaming(status, headers, crate::primitives::ByteStream::new(body.to_vec()))
            }

            #allow
            fn deserialize_streaming(#status: u16, #headers: &dyn crate::error::Headers, body: crate::primitives::ByteStream) -> ::std::result::Result<#output, crate::error::DeserializeError> {
                let mut output: #output = crate::json::from_body(b"", #context)?;
                #assign
                #(#fills)*
                ::std::result::Result::Ok(output)
            }
        };
    }
    quote! {
        #allow
        fn deserialize_response(#status: u16, #headers: &dyn crate::error::Headers, #body_param: &[u8]) -> ::std::result::Result<#output, crate::error::DeserializeError> {
            let #mutable output: #output = crate::json::from_body(#json_body, #context)?;
            #payload
            #(#fills)*
            ::std::result::Result::Ok(output)
        }
    }
}

/// The member of `s` that is its message's `@streaming` payload, if one is.
fn streaming_payload<'a>(
    s: &'a Structure,
    bindings: &crate::ir::http::MessageBindings,
) -> Option<&'a Field> {
    let Body::Payload(member) = &bindings.body else {
        return None;
    };
    let streaming = bindings
        .member(member)
        .is_some_and(|b| b.location == Location::Payload(PayloadKind::Blob { streaming: true }));
    streaming
        .then(|| s.fields.iter().find(|f| &f.wire_name == member))
        .flatten()
}

/// Sets the output's payload member from the whole body; an empty body leaves it unset.
fn read_payload(f: &Field, binding: Option<&MemberBinding>, context: &str) -> TokenStream {
    let fname = ident(&f.name);
    let kind = binding.and_then(|b| match b.location {
        Location::Payload(kind) => Some(kind),
        _ => None,
    });
    let value = match kind {
        Some(PayloadKind::Blob { .. }) => quote!(crate::primitives::Blob::new(body.to_vec())),
        Some(PayloadKind::String) => quote! {
            ::std::string::String::from_utf8(body.to_vec())
                .map_err(|_| crate::error::DeserializeError::invalid(#context, "the payload (not UTF-8)"))?
        },
        Some(PayloadKind::Enum) => {
            let ty = inner_type(f);
            quote! {
                #ty::from(::std::str::from_utf8(body)
                    .map_err(|_| crate::error::DeserializeError::invalid(#context, "the payload (not UTF-8)"))?)
            }
        }
        _ => {
            let ty = inner_type(f);
            quote!(crate::json::from_body::<#ty>(body, #context)?)
        }
    };
    let assign = if f.optional {
        quote!(output.#fname = ::std::option::Option::Some(#value);)
    } else {
        quote!(output.#fname = #value;)
    };
    // Raw payloads are empty or not; a JSON one of only whitespace is absent too.
    let present = match kind {
        Some(PayloadKind::Blob { .. } | PayloadKind::String | PayloadKind::Enum) => {
            quote!(!body.is_empty())
        }
        _ => quote!(!body.iter().all(u8::is_ascii_whitespace)),
    };
    quote! {
        if #present {
            #assign
        }
    }
}
