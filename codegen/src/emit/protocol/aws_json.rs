//! awsJson1_0 and awsJson1_1: every request is `POST /` with the input as a JSON body and the
//! operation named in `X-Amz-Target` (the runtime's protocol rules do both); responses and
//! error responses are JSON bodies. The two versions differ only in their content type, which
//! the runtime derives from the [`Protocol`] variant.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{ProtocolEmitter, json};
use crate::emit::doc_attrs;
use crate::ir::{Crate, Enum, ErrorRef, Operation, Structure, Union};
use crate::naming::ident;

/// The emitter of both awsJson versions.
pub(crate) struct AwsJson;

impl ProtocolEmitter for AwsJson {
    fn runtime_variant(&self, krate: &Crate) -> Ident {
        format_ident!("{}", krate.service.protocol.runtime_variant())
    }

    fn protocol_rs(&self, krate: &Crate) -> TokenStream {
        let protocol = self.runtime_variant(krate);
        quote! {
            #![doc = " The service's wire protocol: the runtime's protocol rules with this service's constants."]

            pub use ::aws_light_runtime::protocol::*;

            /// The protocol this crate's service speaks, from its model.
            pub const PROTOCOL: Protocol = Protocol::#protocol;

            /// The `Content-Type` of every request.
            pub const CONTENT_TYPE: &str = PROTOCOL.content_type();

            /// Whether the service is `@awsQueryCompatible` (see
            /// [`ServiceInfo::query_compatible`]).
            pub const QUERY_COMPATIBLE: bool = crate::SERVICE.query_compatible;
        }
    }

    fn request_summary(&self, op: &Operation) -> String {
        format!("request target `{}`", op.target)
    }

    fn operation_items(&self, op: &Operation) -> TokenStream {
        let input = ident(&op.input.name);
        let output = ident(&op.output.name);
        let error = ident(&op.error_name);
        let input_label = &op.input.name;
        let output_label = &op.output.name;
        quote! {
            fn serialize_input(input: &#input) -> ::std::result::Result<::std::vec::Vec<u8>, crate::error::SerializeError> {
                crate::json::to_body(input, #input_label)
            }

            fn deserialize_output(body: &[u8]) -> ::std::result::Result<#output, crate::error::DeserializeError> {
                crate::json::from_body(body, #output_label)
            }

            fn parse_error(status: u16, headers: &dyn crate::error::Headers, body: &[u8]) -> #error {
                #error::from_response(status, headers, body)
            }
        }
    }

    fn error_from_response(&self, op: &Operation) -> TokenStream {
        from_response(op, &|e| {
            let v = ident(&e.variant);
            quote!(Self::#v)
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
        quote!(transport.push_json(200, "{}");)
    }

    fn example_error_response(&self, error: &ErrorRef) -> TokenStream {
        // The body names the shape; query-compatible services add their code in a header.
        let body = format!(r#"{{"__type": "{}"}}"#, error.code);
        quote!(transport.push_json(400, #body);)
    }
}

/// The error enum's `from_response`, shared with restJson1, which reads error codes the same
/// way: `modeled` is the function from a parsed error structure to the enum's variant.
pub(super) fn from_response(
    op: &Operation,
    modeled: &dyn Fn(&ErrorRef) -> TokenStream,
) -> TokenStream {
    let parse_arms = op.errors.iter().map(|e| {
            let v = modeled(e);
            let code = &e.code;
            quote! { ::std::option::Option::Some(#code) => parsed.modeled().map_or_else(Self::Unhandled, #v), }
        });
    // `@awsQueryCompatible`: an error the shape name did not match may still be named by
    // the awsQuery code of `x-amzn-query-error`.
    let mut query_codes = std::collections::BTreeSet::new();
    let query_arms: Vec<TokenStream> = op
            .errors
            .iter()
            .filter_map(|e| {
                let code = &e.query.as_ref()?.code;
                query_codes.insert(code.as_str()).then(|| {
                    let v = modeled(e);
                    quote! { ::std::option::Option::Some(#code) => parsed.modeled().map_or_else(Self::Unhandled, #v), }
                })
            })
            .collect();
    let unmatched = if query_arms.is_empty() {
        quote!(Self::Unhandled(parsed.unhandled()))
    } else {
        quote! {
            match parsed.query_code() {
                #(#query_arms)*
                _ => Self::Unhandled(parsed.unhandled()),
            }
        }
    };
    let dispatch = if op.errors.is_empty() {
        quote!(Self::Unhandled(parsed.unhandled()))
    } else {
        quote! {
            match parsed.code() {
                #(#parse_arms)*
                _ => #unmatched,
            }
        }
    };
    let mut doc = String::from(
        "Reads an error response: the code comes from the `X-Amzn-ErrorType` header, then\n\
             a `code` member, then a `__type` member. Never fails: an unknown code, an empty\n\
             body or one that is not JSON gives [`Unhandled`](Self::Unhandled).",
    );
    if !query_arms.is_empty() {
        doc.push_str(
            "\n\nAn error that code does not name may be named by the awsQuery code of the\n\
                 `x-amzn-query-error` header.",
        );
    }
    let doc = doc_attrs(&doc);
    quote! {
        #doc
        pub fn from_response(status: u16, headers: &dyn crate::error::Headers, body: &[u8]) -> Self {
            let parsed = crate::error::ParsedError::parse(status, headers, body, crate::protocol::QUERY_COMPATIBLE);
            #dispatch
        }
    }
}
