//! `tests/endpoint_tests.rs`: every `smithy.rules#endpointTests` case of the model, resolved
//! against the crate's `endpoint::ENDPOINT_RULES` and compared with what the case expects.
//! Cases with `operationInputs` are checked a second way where the crate can express them:
//! the input is built with the generated builders and its operation's `endpoint_params`
//! binds the operation-scoped parameters, as the client does on a call.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::endpoint::param_value;
use crate::ir::Crate;
use crate::ir::endpoint::{EndpointTest, Expect, OperationInput, PropertyValue};
use crate::naming::ident;
use crate::protocol_tests::Ctx;

/// The test file, when the model has endpoint tests.
pub(crate) fn endpoint_tests_rs(krate: &Crate) -> Option<TokenStream> {
    let tests = &krate.endpoint.tests;
    if tests.is_empty() {
        return None;
    }
    let ctx = Ctx::new(krate);
    let root = format_ident!("{}", krate.package.replace('-', "_"));
    let root = quote!(::#root);
    let mut unchecked: Vec<String> = Vec::new();
    let mut checked = 0usize;
    let cases: Vec<TokenStream> = tests
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let (tokens, case_checked, reasons) = case_fn(krate, &ctx, &root, i, case);
            checked += case_checked;
            unchecked.extend(reasons);
            tokens
        })
        .collect();
    let calls = (0..tests.len()).map(|i| {
        let f = format_ident!("case_{i}");
        quote!(#f(&mut tally);)
    });
    let total_inputs = checked + unchecked.len();
    let input_summary = (total_inputs > 0).then(|| {
        let line = format!(
            "operation inputs: {checked} checked through Operation::endpoint_params, {} not (of {total_inputs})",
            unchecked.len()
        );
        quote!(println!(#line);)
    });
    let mut doc = format!(
        " The {} `smithy.rules#endpointTests` cases of the model, resolved against \
         `endpoint::ENDPOINT_RULES`.",
        tests.len()
    );
    if !unchecked.is_empty() {
        doc.push_str(" Operation inputs not checked through `endpoint_params`:");
    }
    let mut docs = vec![quote!(#![doc = #doc])];
    for reason in &unchecked {
        let line = format!(" - {reason}");
        docs.push(quote!(#![doc = #line]));
    }
    // The file is a module of the test crate (`tests/endpoint_tests.rs` includes it).
    Some(quote! {
        #(#docs)*

        use ::aws_light_runtime::endpoint::Params;
        use ::aws_light_runtime::endpoint::testing::{Expected, Tally, check};
        use #root::endpoint::ENDPOINT_RULES;

        #[test]
        fn every_endpoint_test_case_of_the_model_passes() {
            let mut tally = Tally::new();
            #(#calls)*
            #input_summary
            assert!(tally.report(), "endpoint test cases failed (listed above)");
        }

        #(#cases)*
    })
}

/// One case's function, how many of its operation inputs it checks, and why the others are
/// not checked.
fn case_fn(
    krate: &Crate,
    ctx: &Ctx,
    root: &TokenStream,
    index: usize,
    case: &EndpointTest,
) -> (TokenStream, usize, Vec<String>) {
    let f = format_ident!("case_{index}");
    let name = if case.documentation.is_empty() {
        format!("#{index}")
    } else {
        format!("#{index} {}", case.documentation)
    };
    let params = case.params.iter().map(|(n, v)| {
        let v = param_value(v);
        quote!(.with(#n, #v))
    });
    let expected = expected(&case.expect);
    let mut checks = Vec::new();
    let mut check_fns = Vec::new();
    let mut reasons = Vec::new();
    for (n, input) in case.operation_inputs.iter().enumerate() {
        match operation_check(krate, ctx, root, input) {
            Ok(body) => {
                let g = format_ident!("case_{index}_input_{n}");
                checks.push(quote!(.and_then(|()| #g(&expected))));
                check_fns.push(quote! {
                    fn #g(expected: &Expected) -> ::std::result::Result<(), ::std::string::String> {
                        #body
                    }
                });
            }
            Err(reason) => reasons.push(format!("case {index}, {}: {reason}", input.operation)),
        }
    }
    let checked = checks.len();
    let tokens = quote! {
        fn #f(tally: &mut Tally) {
            let expected = #expected;
            let params = Params::new() #(#params)*;
            let outcome = check(&ENDPOINT_RULES, &params, &expected) #(#checks)*;
            tally.record(#name, outcome);
        }

        #(#check_fns)*
    };
    (tokens, checked, reasons)
}

/// A closure call checking one operation input, or why the crate cannot express it.
fn operation_check(
    krate: &Crate,
    ctx: &Ctx,
    root: &TokenStream,
    input: &OperationInput,
) -> Result<TokenStream, String> {
    if input.client_params {
        return Err(
            "it sets client context parameters, which generated clients do not bind".into(),
        );
    }
    let op = krate
        .operations
        .iter()
        .find(|op| op.id.rsplit('#').next() == Some(input.operation.as_str()))
        .ok_or("the operation is not generated")?;
    let module = ident(&op.module);
    let marker = ident(&op.name);
    let value = ctx.struct_expr(&op.input, &quote!(#root::operation::#module), &input.params)?;
    let built_ins = input.built_ins.iter().map(|(n, v)| {
        let v = param_value(v);
        quote!((#n, ::aws_light_runtime::endpoint::Value::from(#v)))
    });
    let label = format!("through {}", input.operation);
    Ok(quote! {
        let input = #value;
        let mut params = ::aws_light_runtime::endpoint::testing::with_built_ins(
            &ENDPOINT_RULES,
            Params::new(),
            ::std::vec![#(#built_ins),*],
        );
        <#root::operation::#module::#marker as #root::protocol::Operation>::endpoint_params(&input, &mut params);
        check(&ENDPOINT_RULES, &params, expected).map_err(|e| format!("{}: {e}", #label))
    })
}

fn expected(expect: &Expect) -> TokenStream {
    match expect {
        Expect::Error(message) => quote!(Expected::Error(#message)),
        Expect::Endpoint {
            url,
            properties,
            headers,
        } => {
            let properties = properties.iter().map(|(n, v)| {
                let v = property(v);
                quote!((#n, #v))
            });
            let headers = headers
                .iter()
                .map(|(n, values)| quote!((#n, ::std::vec![#(#values),*])));
            quote! {
                Expected::Endpoint {
                    url: #url,
                    properties: ::std::vec![#(#properties),*],
                    headers: ::std::vec![#(#headers),*],
                }
            }
        }
    }
}

fn property(v: &PropertyValue) -> TokenStream {
    let value = quote!(::aws_light_runtime::endpoint::Value);
    match v {
        PropertyValue::String(s) => quote!(#value::String(::std::string::String::from(#s))),
        PropertyValue::Bool(b) => quote!(#value::Bool(#b)),
        PropertyValue::Int(i) => {
            let i = Literal::i64_unsuffixed(*i);
            quote!(#value::Int(#i))
        }
        PropertyValue::Array(items) => {
            let items = items.iter().map(property);
            quote!(#value::Array(::std::vec![#(#items),*]))
        }
        PropertyValue::Record(fields) => {
            let fields = fields.iter().map(|(k, v)| {
                let v = property(v);
                quote!((::std::string::String::from(#k), #v))
            });
            quote!(#value::Record(::std::collections::BTreeMap::from([#(#fields),*])))
        }
    }
}
