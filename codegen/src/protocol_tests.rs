//! Protocol compliance: turns the `smithy.test#httpRequestTests` and `httpResponseTests`
//! cases of a model into a Rust test runner for the crates generated from it.
//!
//! Every service of a protocol the generator implements (awsJson1_0, awsJson1_1, restJson1)
//! gets a crate, and its client cases for that protocol a test each; the cases of operations
//! the crate leaves out (streaming) are listed as skipped, with the reason. Services of other
//! protocols (restXml, awsQuery, ec2Query, rpcv2Cbor) are not part of the suite: they are
//! listed in the runner's docs and the generator's summary, never counted as failures.
//!
//! Request cases build the input from the case's `params` with the generated builders, send
//! it through the crate's in-memory transport and check method, URI, host, headers and body
//! (JSON compared as values). Response cases feed status, headers and body to the crate's
//! deserializer and compare with the output or error built from `params`. A case whose
//! `params` cannot be expressed with the generated types becomes a failing case that says
//! why, never a silent skip.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use crate::emit::{Files, document_expr, inner_doc_attrs, render};
use crate::error::Error;
use crate::ir::{Crate, Protocol, Structure, Type, Union};
use crate::model::Model;
use crate::naming::{Case, ident, sanitize};
use crate::{Selection, generate_with_ir, validate};

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
/// The `vendorParamsShape` of error cases that name the error code clients expose.
const ERROR_CODE_PARAMS: &str = "aws.protocoltests.config#ErrorCodeParams";

/// The generated crates (one per service) and the runner package.
pub struct Suite {
    /// Directory name (the package name) and files of each service's crate.
    pub crates: Vec<(String, Files)>,
    /// The runner package.
    pub runner: Files,
    /// Client cases in the runner, per protocol (every supported protocol, most preferred
    /// first, zero where the model has none).
    pub cases: Vec<(Protocol, usize)>,
    /// Of those, the cases the runner skips (with the reason it prints), per protocol.
    pub skipped: Vec<(Protocol, usize)>,
    /// Services left out because the generator does not implement their protocol: id and
    /// protocol traits.
    pub excluded: Vec<(String, Vec<String>)>,
}

/// One case, as the runner lists it.
struct CaseFn {
    protocol: Protocol,
    service: String,
    id: String,
    kind: &'static str,
    tokens: TokenStream,
    name: proc_macro2::Ident,
    /// Why the runner does not run it (its operation is not generated).
    skip: Option<String>,
}

/// Generates a crate for every service in `model` whose protocol the generator implements, and
/// a runner for their client cases. `source` names the model file in headers and messages.
pub fn generate_suite(model: &Model, source: &str) -> Result<Suite, Error> {
    let mut crates = Vec::new();
    let mut cases = Vec::new();
    let mut deps = Vec::new();
    let mut excluded = Vec::new();
    for service in validate::services(model) {
        let Some(protocol) = Protocol::of(service) else {
            let protocols = crate::protocol::protocol_traits(model, service)
                .into_iter()
                .map(str::to_string)
                .collect();
            excluded.push((service.id.clone(), protocols));
            continue;
        };
        let selection = Selection {
            service: Some(service.id.clone()),
            ..Selection::default()
        };
        let (generated, krate) = generate_with_ir(model, &selection)?;
        let ctx = Ctx::new(&krate);
        for op in &krate.operations {
            let Some(shape) = model.get(&op.id) else {
                continue;
            };
            for case in client_cases(shape.traits.get(REQUEST_TESTS), protocol) {
                cases.push(ctx.request_case(op, case));
            }
            for case in client_cases(shape.traits.get(RESPONSE_TESTS), protocol) {
                cases.push(ctx.output_case(op, case));
            }
        }
        // The cases of operations the crate leaves out are listed as skipped, with the reason.
        for omitted in &krate.omitted {
            let Some(shape) = model.get(&omitted.id) else {
                continue;
            };
            let why = format!(
                "operation {} is not generated: {}",
                omitted.name, omitted.reason
            );
            for (tests, kind) in [(REQUEST_TESTS, "request"), (RESPONSE_TESTS, "response")] {
                for case in client_cases(shape.traits.get(tests), protocol) {
                    let id = str_of(case, "id").unwrap_or("unnamed");
                    let mut case = ctx.case_fn(id, kind, Err(why.clone()));
                    case.skip = Some(why.clone());
                    cases.push(case);
                }
            }
        }
        for error in &krate.errors {
            let Some(shape) = model.get(&error.id) else {
                continue;
            };
            for case in client_cases(shape.traits.get(RESPONSE_TESTS), protocol) {
                cases.push(ctx.error_case(error, case));
            }
        }
        deps.push(krate.package.clone());
        crates.push((krate.package.clone(), generated.files));
    }
    cases.sort_by(|a, b| {
        (a.protocol, &a.service, &a.id, a.kind).cmp(&(b.protocol, &b.service, &b.id, b.kind))
    });
    let runner = runner(&cases, &deps, &excluded, source)?;
    let counts = Protocol::ALL
        .into_iter()
        .map(|p| (p, cases.iter().filter(|c| c.protocol == p).count()))
        .collect();
    let skipped = Protocol::ALL
        .into_iter()
        .map(|p| {
            let n = cases
                .iter()
                .filter(|c| c.protocol == p && skip_reason(c).is_some())
                .count();
            (p, n)
        })
        .collect();
    Ok(Suite {
        crates,
        runner,
        cases: counts,
        skipped,
        excluded,
    })
}

/// The cases of one trait that a client of `protocol` must pass.
fn client_cases(value: Option<&Value>, protocol: Protocol) -> Vec<&serde_json::Map<String, Value>> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(protocol.trait_id()))
        .filter(|c| c.get("appliesTo").and_then(Value::as_str) != Some("server"))
        .collect()
}

fn str_of<'a>(case: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    case.get(key).and_then(Value::as_str)
}

/// Header pairs of a case's `headers` object, in the case's order.
fn header_pairs(case: &serde_json::Map<String, Value>, key: &str) -> Vec<(String, String)> {
    case.get(key)
        .and_then(Value::as_object)
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn string_list(case: &serde_json::Map<String, Value>, key: &str) -> Vec<String> {
    case.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a value holds a float special anywhere (NaN compares unequal to itself).
fn has_nan(v: &Value) -> bool {
    match v {
        Value::String(s) => s == "NaN",
        Value::Array(a) => a.iter().any(has_nan),
        Value::Object(o) => o.values().any(has_nan),
        _ => false,
    }
}

/// Lookups over one crate's IR, and the path of the crate in the runner (also used by the
/// generated endpoint tests, which build operation inputs the same way).
pub(crate) struct Ctx<'a> {
    krate: &'a Crate,
    root: TokenStream,
    structs: BTreeMap<&'a str, &'a Structure>,
    unions: BTreeMap<&'a str, &'a Union>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(krate: &'a Crate) -> Self {
        let root = ident(&krate.package.replace('-', "_"));
        Ctx {
            krate,
            root: quote!(::#root),
            structs: krate.types.iter().map(|s| (s.name.as_str(), s)).collect(),
            unions: krate.unions.iter().map(|u| (u.name.as_str(), u)).collect(),
        }
    }

    fn case_fn(&self, id: &str, kind: &'static str, body: Result<TokenStream, String>) -> CaseFn {
        let name = format_ident!(
            "{}_{}_{}",
            kind,
            sanitize(&self.krate.service.name, Case::Snake).trim_start_matches("r#"),
            sanitize(id, Case::Snake).trim_start_matches("r#")
        );
        let body = body.unwrap_or_else(|reason| {
            let reason = format!("cannot express this case with the generated types: {reason}");
            quote!(::std::result::Result::Err(::std::string::String::from(#reason)))
        });
        CaseFn {
            protocol: self.krate.service.protocol,
            service: self.krate.service.name.clone(),
            id: id.to_string(),
            kind,
            tokens: quote! {
                fn #name() -> ::std::result::Result<(), ::std::string::String> {
                    #body
                }
            },
            name,
            skip: None,
        }
    }

    /// A client on an in-memory transport. `zero_random`: its random numbers are all zero, so
    /// the idempotency tokens it fills are the suite's `00000000-0000-4000-8000-000000000000`
    /// (a version 4 UUID of zero bits).
    fn client(&self, endpoint: &str, zero_random: bool) -> TokenStream {
        let root = &self.root;
        let (zeros, random) = if zero_random {
            (
                quote! {
                    #[derive(Debug)]
                    struct Zeros;
                    impl #root::time::RandomSource for Zeros {
                        fn next_u64(&self) -> u64 { 0 }
                    }
                },
                quote!(.random_source(Zeros)),
            )
        } else {
            (quote!(), quote!())
        };
        quote! {
            #zeros
            let transport = #root::transport::InMemoryTransport::new();
            transport.push_json(200, "{}");
            let client = #root::Client::builder()
                .endpoint_url(#endpoint)
                .region("us-east-1")
                .credentials(#root::client::Credentials::new("AKIDEXAMPLE", "example-secret", ::std::option::Option::None))
                #random
                .transport(transport.clone())
                .build()
                .map_err(|e| e.to_string())?;
        }
    }

    fn request_case(
        &self,
        op: &crate::ir::Operation,
        case: &serde_json::Map<String, Value>,
    ) -> CaseFn {
        let id = str_of(case, "id").unwrap_or("unnamed");
        let body = (|| -> Result<TokenStream, String> {
            let root = &self.root;
            let module = ident(&op.module);
            let marker = ident(&op.name);
            let params = case
                .get("params")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            let input = self.struct_expr(&op.input, &quote!(#root::operation::#module), &params)?;
            let host = str_of(case, "host").unwrap_or("example.com");
            let client = self.client(&format!("https://{host}"), op.idempotency_token.is_some());
            let method = str_of(case, "method").unwrap_or("POST");
            let uri = str_of(case, "uri").unwrap_or("/");
            let resolved = match str_of(case, "resolvedHost") {
                Some(h) => quote!(check::host(request, #h)?;),
                None => quote!(),
            };
            let headers = header_pairs(case, "headers")
                .into_iter()
                .map(|(k, v)| quote!((#k, #v)));
            let forbid = string_list(case, "forbidHeaders");
            let require = string_list(case, "requireHeaders");
            let query = string_list(case, "queryParams");
            let forbid_query = string_list(case, "forbidQueryParams");
            let require_query = string_list(case, "requireQueryParams");
            let body_check = match str_of(case, "body") {
                Some(b) => {
                    let json = str_of(case, "bodyMediaType").is_none_or(|m| m.contains("json"));
                    quote!(check::body(&request.body, #b, #json)?;)
                }
                None => quote!(),
            };
            Ok(quote! {
                #client
                let input = #input;
                // The response is `{}`; what matters here is the request.
                let _ = ::futures::executor::block_on(client.as_core().send::<#root::operation::#module::#marker>(input));
                let recorded = transport.requests();
                let first = recorded.first().ok_or("no request was sent")?;
                let request = &Request {
                    method: first.method.to_string(),
                    url: first.url.clone(),
                    headers: first.headers.clone(),
                    body: first.body.clone(),
                };
                check::method(request, #method)?;
                check::uri(request, #uri)?;
                check::query(request, &[#(#query),*], &[#(#forbid_query),*], &[#(#require_query),*])?;
                #resolved
                check::headers(request, &[#(#headers),*])?;
                check::forbidden(request, &[#(#forbid),*])?;
                check::required(request, &[#(#require),*])?;
                #body_check
                ::std::result::Result::Ok(())
            })
        })();
        self.case_fn(id, "request", body)
    }

    fn response_parts(&self, case: &serde_json::Map<String, Value>) -> TokenStream {
        let code = case.get("code").and_then(Value::as_u64).unwrap_or(200);
        let code = Literal::u16_unsuffixed(u16::try_from(code).unwrap_or(200));
        let headers = header_pairs(case, "headers").into_iter().map(
            |(k, v)| quote!((::std::string::String::from(#k), ::std::string::String::from(#v))),
        );
        let body = str_of(case, "body").unwrap_or_default();
        quote! {
            let status: u16 = #code;
            let headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)> = vec![#(#headers),*];
            let body: &[u8] = #body.as_bytes();
        }
    }

    fn output_case(
        &self,
        op: &crate::ir::Operation,
        case: &serde_json::Map<String, Value>,
    ) -> CaseFn {
        let id = str_of(case, "id").unwrap_or("unnamed");
        let body = (|| -> Result<TokenStream, String> {
            let root = &self.root;
            let module = ident(&op.module);
            let marker = ident(&op.name);
            let params = case
                .get("params")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            let expected =
                self.struct_expr(&op.output, &quote!(#root::operation::#module), &params)?;
            let parts = self.response_parts(case);
            let compare = if has_nan(&params) {
                quote!(check::same_debug(&actual, &expected))
            } else {
                quote!(check::same(&actual, &expected))
            };
            Ok(quote! {
                #parts
                let expected = #expected;
                match #root::protocol::response::<#root::operation::#module::#marker>(status, &headers, body) {
                    ::std::result::Result::Ok(actual) => #compare,
                    ::std::result::Result::Err(e) => ::std::result::Result::Err(format!("expected the output, got {e:?}")),
                }
            })
        })();
        self.case_fn(id, "response", body)
    }

    fn error_case(&self, error: &Structure, case: &serde_json::Map<String, Value>) -> CaseFn {
        let id = str_of(case, "id").unwrap_or("unnamed");
        let body = (|| -> Result<TokenStream, String> {
            let root = &self.root;
            let op = self
                .krate
                .operations
                .iter()
                .find(|o| o.errors.iter().any(|e| e.type_name == error.name))
                .ok_or_else(|| format!("no operation lists the error {}", error.name))?;
            let module = ident(&op.module);
            let enum_name = ident(&op.error_name);
            let variant = ident(
                &op.errors
                    .iter()
                    .find(|e| e.type_name == error.name)
                    .map(|e| e.variant.clone())
                    .unwrap_or_default(),
            );
            let params = case
                .get("params")
                .cloned()
                .unwrap_or(Value::Object(Default::default()));
            let value = self.struct_expr(error, &quote!(#root::types::error), &params)?;
            let parts = self.response_parts(case);
            // Query-compatible cases name the code clients must expose (`Customized` from
            // `x-amzn-query-error`, or the shape name without it).
            let code_check = case
                .get("vendorParams")
                .filter(|_| str_of(case, "vendorParamsShape") == Some(ERROR_CODE_PARAMS))
                .and_then(|v| v.get("code"))
                .and_then(Value::as_str)
                .map(|code| {
                    quote!(check::same(&actual.code(), &::std::option::Option::Some(#code))?;)
                });
            Ok(quote! {
                #parts
                let expected = #root::operation::#module::#enum_name::#variant(#value);
                let actual = #root::operation::#module::#enum_name::from_response(status, &headers, body);
                #code_check
                check::same(&actual, &expected)
            })
        })();
        self.case_fn(id, "error", body)
    }

    /// `Path::builder().member(value)...build()` for a structure value.
    pub(crate) fn struct_expr(
        &self,
        s: &Structure,
        module: &TokenStream,
        value: &Value,
    ) -> Result<TokenStream, String> {
        let name = ident(&s.name);
        let obj = value
            .as_object()
            .ok_or_else(|| format!("{} expects an object, the case has {value}", s.name))?;
        let mut setters = Vec::new();
        for (key, v) in obj {
            let field = s
                .fields
                .iter()
                .find(|f| &f.wire_name == key)
                .ok_or_else(|| format!("{} has no member `{key}`", s.name))?;
            if v.is_null() {
                continue;
            }
            let fname = ident(&field.name);
            let expr = self.value_expr(&field.ty, v)?;
            setters.push(quote!(.#fname(#expr)));
        }
        // `build()` does not exist until such a member is set: say so rather than emit a call
        // that does not compile.
        let unset = s
            .fields
            .iter()
            .find(|f| f.typestate.is_some() && obj.get(&f.wire_name).is_none_or(Value::is_null));
        if let Some(f) = unset {
            return Err(format!(
                "required member `{}` of {} has no value in the case and no default the builder can fill",
                f.wire_name, s.name
            ));
        }
        Ok(quote!(#module::#name::builder() #(#setters)* .build()))
    }

    fn value_expr(&self, ty: &Type, v: &Value) -> Result<TokenStream, String> {
        let root = &self.root;
        let mismatch = || format!("a {ty:?} cannot be built from {v}");
        Ok(match ty {
            Type::String => {
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(::std::string::String::from(#s))
            }
            Type::Bool => {
                let b = v.as_bool().ok_or_else(mismatch)?;
                quote!(#b)
            }
            Type::I8 | Type::I16 | Type::I32 | Type::I64 => {
                let n = v.as_i64().ok_or_else(mismatch)?;
                let lit = match ty {
                    Type::I8 => Literal::i8_suffixed(i8::try_from(n).map_err(|_| mismatch())?),
                    Type::I16 => Literal::i16_suffixed(i16::try_from(n).map_err(|_| mismatch())?),
                    Type::I32 => Literal::i32_suffixed(i32::try_from(n).map_err(|_| mismatch())?),
                    _ => Literal::i64_suffixed(n),
                };
                quote!(#lit)
            }
            Type::F32 | Type::F64 => {
                let t = if *ty == Type::F32 {
                    quote!(f32)
                } else {
                    quote!(f64)
                };
                match v {
                    Value::String(s) if s == "NaN" => quote!(#t::NAN),
                    Value::String(s) if s == "Infinity" => quote!(#t::INFINITY),
                    Value::String(s) if s == "-Infinity" => quote!(#t::NEG_INFINITY),
                    Value::Number(n) => {
                        let f = n.as_f64().ok_or_else(mismatch)?;
                        if *ty == Type::F32 {
                            let lit = Literal::f32_suffixed(f as f32);
                            quote!(#lit)
                        } else {
                            let lit = Literal::f64_suffixed(f);
                            quote!(#lit)
                        }
                    }
                    _ => return Err(mismatch()),
                }
            }
            Type::Timestamp(_) => match v {
                Value::Number(n) if n.is_i64() => {
                    let lit = Literal::i64_suffixed(n.as_i64().unwrap_or_default());
                    quote!(#root::DateTime::from_secs(#lit))
                }
                Value::Number(n) => {
                    let lit = Literal::f64_suffixed(n.as_f64().ok_or_else(mismatch)?);
                    quote!(#root::DateTime::from_secs_f64(#lit).ok_or("timestamp out of range")?)
                }
                _ => return Err(mismatch()),
            },
            Type::Blob => {
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(#root::primitives::Blob::from(#s))
            }
            Type::Stream => {
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(#root::primitives::ByteStream::from(#s))
            }
            Type::Document => document_expr(root, v),
            Type::List { item, sparse } => {
                let items = v.as_array().ok_or_else(mismatch)?;
                let mut exprs = Vec::new();
                for item_v in items {
                    exprs.push(match (item_v.is_null(), sparse) {
                        (true, true) => quote!(::std::option::Option::None),
                        (true, false) => continue,
                        (false, true) => {
                            let e = self.value_expr(item, item_v)?;
                            quote!(::std::option::Option::Some(#e))
                        }
                        (false, false) => self.value_expr(item, item_v)?,
                    });
                }
                quote!(::std::vec![#(#exprs),*])
            }
            Type::Map { value, sparse } => {
                let entries = v.as_object().ok_or_else(mismatch)?;
                let mut exprs = Vec::new();
                for (k, val) in entries {
                    let e = match (val.is_null(), sparse) {
                        (true, true) => quote!(::std::option::Option::None),
                        (true, false) => continue,
                        (false, true) => {
                            let e = self.value_expr(value, val)?;
                            quote!(::std::option::Option::Some(#e))
                        }
                        (false, false) => self.value_expr(value, val)?,
                    };
                    exprs.push(quote!((::std::string::String::from(#k), #e)));
                }
                quote!(::std::collections::HashMap::from([#(#exprs),*]))
            }
            Type::Struct(name) => {
                let s = self
                    .structs
                    .get(name.as_str())
                    .ok_or_else(|| format!("no structure {name}"))?;
                self.struct_expr(s, &quote!(#root::types), v)?
            }
            Type::Enum(name) => {
                let n = ident(name);
                let s = v.as_str().ok_or_else(mismatch)?;
                quote!(#root::types::#n::from(#s))
            }
            Type::IntEnum(name) => {
                let n = ident(name);
                let i = v
                    .as_i64()
                    .and_then(|i| i32::try_from(i).ok())
                    .ok_or_else(mismatch)?;
                quote!(#root::types::#n::from(#i))
            }
            Type::Union(name) => {
                let u = self
                    .unions
                    .get(name.as_str())
                    .ok_or_else(|| format!("no union {name}"))?;
                let obj = v.as_object().ok_or_else(mismatch)?;
                let (key, val) = obj
                    .iter()
                    .find(|(_, val)| !val.is_null())
                    .ok_or_else(|| format!("union {name} needs one member set"))?;
                let variant = u
                    .variants
                    .iter()
                    .find(|x| &x.wire_name == key)
                    .ok_or_else(|| format!("union {name} has no member `{key}`"))?;
                let uname = ident(&u.name);
                let vname = ident(&variant.name);
                match &variant.ty {
                    None => quote!(#root::types::#uname::#vname),
                    Some(t) => {
                        let e = self.value_expr(t, val)?;
                        let e = if variant.boxed {
                            quote!(::std::boxed::Box::new(#e))
                        } else {
                            e
                        };
                        quote!(#root::types::#uname::#vname(#e))
                    }
                }
            }
        })
    }
}

/// Client cases the runner does not run, by case id, with the reason it prints (besides those
/// of operations the crates leave out, which say why themselves). None today; a case that
/// cannot pass goes here, and into the README's list, rather than failing unexplained.
const SKIPS: &[(&str, &str)] = &[];

/// Why the runner does not run a case, if it does not.
fn skip_reason(c: &CaseFn) -> Option<&str> {
    c.skip.as_deref().or_else(|| {
        SKIPS
            .iter()
            .find(|(id, _)| *id == c.id)
            .map(|(_, why)| *why)
    })
}

/// The runner package: a test binary without the default harness, so it can print the
/// summary lines (one per protocol) the suite is judged by.
fn runner(
    cases: &[CaseFn],
    deps: &[String],
    excluded: &[(String, Vec<String>)],
    source: &str,
) -> Result<Files, Error> {
    let mut files = Files::new();
    let mut manifest = String::from(
        "# @generated by codegen. Do not edit: regenerate instead.\n\
         [package]\nname = \"protocol-tests\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
         publish = false\nautotests = false\n\n[lib]\npath = \"src/lib.rs\"\n\n\
         [[test]]\nname = \"compliance\"\npath = \"tests/compliance.rs\"\nharness = false\n\n\
         [dev-dependencies]\nfutures = \"0.3\"\nserde_json = \"1\"\n",
    );
    for dep in deps {
        manifest.push_str(&format!("{dep} = {{ path = \"../{dep}\" }}\n"));
    }
    files.insert("Cargo.toml".into(), manifest);
    let names: Vec<&str> = Protocol::ALL.iter().map(|p| p.name()).collect();
    let mut lib_doc = format!(
        "Runs Smithy's {} protocol compliance cases against the crates generated\n\
         from the protocol test models: `cargo test -p protocol-tests`.",
        names.join(" and ")
    );
    if !excluded.is_empty() {
        lib_doc.push_str(
            "\n\nServices of protocols the generator does not implement are not part of the suite:\n",
        );
        for (id, protocols) in excluded {
            let protocols = if protocols.is_empty() {
                "no protocol trait".to_string()
            } else {
                protocols.join(", ")
            };
            lib_doc.push_str(&format!("\n- `{id}` ({protocols})"));
        }
    }
    files.insert(
        "src/lib.rs".into(),
        render("src/lib.rs", inner_doc_attrs(&lib_doc), source)?,
    );
    let fns = cases.iter().map(|c| &c.tokens);
    let table = cases.iter().map(|c| {
        let protocol = c.protocol.name();
        let label = format!("{} {} ({})", c.service, c.id, c.kind);
        let name = &c.name;
        let skip = match skip_reason(c) {
            Some(why) => quote!(::std::option::Option::Some(#why)),
            None => quote!(::std::option::Option::None),
        };
        quote!((#protocol, #label, #name as Case, #skip))
    });
    let tokens = quote! {
        //! Smithy's protocol compliance cases, generated from the test models.

        #(#fns)*

        mod check {
            //! Assertions on recorded requests and parsed responses, returning what differs.
            pub fn method(r: &super::Request, want: &str) -> Result<(), String> {
                if r.method == want { Ok(()) } else { Err(format!("method {} != {want}", r.method)) }
            }

            /// The path (the case's `uri` has no query: `queryParams` checks that).
            pub fn uri(r: &super::Request, want: &str) -> Result<(), String> {
                let path = r.url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_else(|| "/".into());
                let path = path.split('?').next().unwrap_or_default();
                if path == want { Ok(()) } else { Err(format!("uri {path} != {want}")) }
            }

            /// `queryParams` (each `key=value` sent), `forbidQueryParams` and
            /// `requireQueryParams` (keys).
            pub fn query(r: &super::Request, want: &[&str], forbid: &[&str], require: &[&str]) -> Result<(), String> {
                let query = r.url.split_once('?').map(|(_, q)| q).unwrap_or_default();
                let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
                let has_key = |key: &str| pairs.iter().any(|p| p.split('=').next() == Some(key));
                if let Some(w) = want.iter().find(|w| !pairs.contains(w)) {
                    return Err(format!("query {query:?} lacks {w}"));
                }
                if let Some(f) = forbid.iter().find(|f| has_key(f)) {
                    return Err(format!("query {query:?} has forbidden {f}"));
                }
                if let Some(k) = require.iter().find(|k| !has_key(k)) {
                    return Err(format!("query {query:?} lacks required {k}"));
                }
                Ok(())
            }

            pub fn host(r: &super::Request, want: &str) -> Result<(), String> {
                let host = r.url.split("://").nth(1).and_then(|rest| rest.split('/').next()).unwrap_or_default();
                if host == want { Ok(()) } else { Err(format!("host {host} != {want}")) }
            }

            pub fn headers(r: &super::Request, want: &[(&str, &str)]) -> Result<(), String> {
                for (name, value) in want {
                    match r.header(name) {
                        Some(v) if v == *value => {}
                        other => return Err(format!("header {name}: {other:?} != {value:?}")),
                    }
                }
                Ok(())
            }

            pub fn forbidden(r: &super::Request, names: &[&str]) -> Result<(), String> {
                match names.iter().find(|n| r.header(n).is_some()) {
                    Some(n) => Err(format!("forbidden header {n} was sent")),
                    None => Ok(()),
                }
            }

            pub fn required(r: &super::Request, names: &[&str]) -> Result<(), String> {
                match names.iter().find(|n| r.header(n).is_none()) {
                    Some(n) => Err(format!("required header {n} is missing")),
                    None => Ok(()),
                }
            }

            /// JSON bodies compare as values; a case without `bodyMediaType` whose body is not
            /// JSON (restJson1's raw payloads) compares as bytes.
            pub fn body(actual: &[u8], want: &str, json: bool) -> Result<(), String> {
                let json = json && serde_json::from_str::<serde_json::Value>(want).is_ok();
                if json && !want.is_empty() {
                    let a: serde_json::Value = serde_json::from_slice(actual).map_err(|e| format!("body is not JSON: {e}"))?;
                    let w: serde_json::Value = serde_json::from_str(want).map_err(|e| format!("expected body is not JSON: {e}"))?;
                    if a == w { Ok(()) } else { Err(format!("body {a} != {w}")) }
                } else if actual == want.as_bytes() {
                    Ok(())
                } else {
                    Err(format!("body {:?} != {want:?}", String::from_utf8_lossy(actual)))
                }
            }

            pub fn same<T: PartialEq + std::fmt::Debug>(actual: &T, expected: &T) -> Result<(), String> {
                if actual == expected { Ok(()) } else { Err(format!("got {actual:?}, expected {expected:?}")) }
            }

            /// For values holding NaN, which is unequal to itself: equal when printed alike.
            pub fn same_debug<T: std::fmt::Debug>(actual: &T, expected: &T) -> Result<(), String> {
                let (a, e) = (format!("{actual:?}"), format!("{expected:?}"));
                if a == e { Ok(()) } else { Err(format!("got {a}, expected {e}")) }
            }
        }

        /// One case: `Err` says what differed.
        type Case = fn() -> ::std::result::Result<(), ::std::string::String>;

        /// A request as any of the generated crates recorded it.
        pub struct Request {
            method: String,
            url: String,
            headers: Vec<(String, String)>,
            body: Vec<u8>,
        }

        impl Request {
            fn header(&self, name: &str) -> Option<&str> {
                self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
            }
        }

        pub fn main() {
            let protocols: &[&str] = &[#(#names),*];
            // The cases are compiled in: they run whether or not the suite they were generated
            // from is present (regenerating them needs it; CI's drift check covers that).
            // (protocol, label, case, why it is not run)
            let cases: &[(&str, &str, Case, ::std::option::Option<&str>)] = &[#(#table),*];
            let mut any_failed = false;
            for protocol in protocols {
                let (mut passed, mut failed, mut skipped, mut total) = (0usize, 0usize, 0usize, 0usize);
                for (_, label, case, skip) in cases.iter().filter(|c| c.0 == *protocol) {
                    total += 1;
                    if let ::std::option::Option::Some(why) = skip {
                        skipped += 1;
                        println!("SKIPPED {label}: {why}");
                        continue;
                    }
                    let outcome = ::std::panic::catch_unwind(case).unwrap_or_else(|_| Err("panicked".to_string()));
                    match outcome {
                        Ok(()) => passed += 1,
                        Err(why) => {
                            failed += 1;
                            println!("FAILED {label}: {why}");
                        }
                    }
                }
                println!("{protocol} protocol tests: {passed} passed, {failed} failed, {skipped} skipped (of {total})");
                any_failed |= failed > 0;
            }
            if any_failed {
                ::std::process::exit(1);
            }
        }
    };
    files.insert(
        "tests/cases.rs".into(),
        render("tests/cases.rs", tokens, source)?,
    );
    // The cases live in a module so that rustfmt, which would reformat prettyplease's output,
    // can be told to leave them alone.
    let root = quote! {
        #![doc = " Runs the protocol compliance cases and prints one summary line per protocol."]
        #[rustfmt::skip]
        mod cases;
        fn main() {
            cases::main();
        }
    };
    files.insert(
        "tests/compliance.rs".into(),
        render("tests/compliance.rs", root, source)?,
    );
    Ok(files)
}
