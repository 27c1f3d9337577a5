//! Protocol compliance: turns the `smithy.test#httpRequestTests` and `httpResponseTests`
//! cases of a model into a Rust test runner for the crates generated from it.
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

use crate::emit::{Files, render};
use crate::error::Error;
use crate::ir::{Crate, Structure, Type, Union};
use crate::model::{Model, traits};
use crate::naming::{Case, ident, sanitize};
use crate::{Selection, generate_with_ir, validate};

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
const PROTOCOL: &str = "aws.protocols#awsJson1_1";

/// The generated crates (one per service) and the runner package.
pub struct Suite {
    /// Directory name (the package name) and files of each service's crate.
    pub crates: Vec<(String, Files)>,
    /// The runner package.
    pub runner: Files,
    /// Client cases in the runner.
    pub cases: usize,
}

/// One case, as the runner lists it.
struct CaseFn {
    service: String,
    id: String,
    kind: &'static str,
    tokens: TokenStream,
    name: proc_macro2::Ident,
}

/// Generates a crate for every awsJson1_1 service in `model` and a runner for their client
/// cases. `source` names the model file in headers and messages.
pub fn generate_suite(model: &Model, source: &str) -> Result<Suite, Error> {
    let mut crates = Vec::new();
    let mut cases = Vec::new();
    let mut deps = Vec::new();
    for service in validate::services(model) {
        if !service.has_trait(traits::AWS_JSON_1_1) {
            continue;
        }
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
            for case in client_cases(shape.traits.get(REQUEST_TESTS)) {
                cases.push(ctx.request_case(op, case));
            }
            for case in client_cases(shape.traits.get(RESPONSE_TESTS)) {
                cases.push(ctx.output_case(op, case));
            }
        }
        for error in &krate.errors {
            let Some(shape) = model.get(&error.id) else {
                continue;
            };
            for case in client_cases(shape.traits.get(RESPONSE_TESTS)) {
                cases.push(ctx.error_case(error, case));
            }
        }
        deps.push(krate.package.clone());
        crates.push((krate.package.clone(), generated.files));
    }
    cases.sort_by(|a, b| (&a.service, &a.id, a.kind).cmp(&(&b.service, &b.id, b.kind)));
    let runner = runner(&cases, &deps, source)?;
    Ok(Suite {
        crates,
        runner,
        cases: cases.len(),
    })
}

/// The cases of one trait that a client must pass.
fn client_cases(value: Option<&Value>) -> Vec<&serde_json::Map<String, Value>> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|c| c.get("protocol").and_then(Value::as_str) == Some(PROTOCOL))
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

/// Lookups over one crate's IR, and the path of the crate in the runner.
struct Ctx<'a> {
    krate: &'a Crate,
    root: TokenStream,
    structs: BTreeMap<&'a str, &'a Structure>,
    unions: BTreeMap<&'a str, &'a Union>,
}

impl<'a> Ctx<'a> {
    fn new(krate: &'a Crate) -> Self {
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
            service: self.krate.service.name.clone(),
            id: id.to_string(),
            kind,
            tokens: quote! {
                fn #name() -> ::std::result::Result<(), ::std::string::String> {
                    #body
                }
            },
            name,
        }
    }

    fn client(&self, endpoint: &str) -> TokenStream {
        let root = &self.root;
        quote! {
            let transport = #root::transport::InMemoryTransport::new();
            transport.push_json(200, "{}");
            let client = #root::Client::builder()
                .endpoint_url(#endpoint)
                .region("us-east-1")
                .credentials(#root::client::Credentials::new("AKIDEXAMPLE", "example-secret", ::std::option::Option::None))
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
            let client = self.client(&format!("https://{host}"));
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
                let _ = ::futures::executor::block_on(client.send::<#root::operation::#module::#marker>(input));
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
            Ok(quote! {
                #parts
                let expected = #root::operation::#module::#enum_name::#variant(#value);
                let actual = #root::operation::#module::#enum_name::from_response(status, &headers, body);
                check::same(&actual, &expected)
            })
        })();
        self.case_fn(id, "error", body)
    }

    /// `Path::builder().member(value)...build()` for a structure value.
    fn struct_expr(
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
            Type::Document => self.document_expr(v),
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

    fn document_expr(&self, v: &Value) -> TokenStream {
        let root = &self.root;
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
                    let f = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                    quote!(#doc::Number(#number::Float(#f)))
                }
            }
            Value::String(s) => quote!(#doc::String(::std::string::String::from(#s))),
            Value::Array(a) => {
                let items = a.iter().map(|x| self.document_expr(x));
                quote!(#doc::Array(::std::vec![#(#items),*]))
            }
            Value::Object(o) => {
                let entries = o.iter().map(|(k, x)| {
                    let e = self.document_expr(x);
                    quote!((::std::string::String::from(#k), #e))
                });
                quote!(#doc::Object(::std::collections::HashMap::from([#(#entries),*])))
            }
        }
    }
}

/// The runner package: a test binary without the default harness, so it can print the one
/// summary line the suite is judged by.
fn runner(cases: &[CaseFn], deps: &[String], source: &str) -> Result<Files, Error> {
    let mut files = Files::new();
    let mut manifest = String::from(
        "# @generated by codegen. Do not edit: regenerate instead.\n\
         [package]\nname = \"protocol-tests\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\
         publish = false\nautotests = false\n\n[lib]\npath = \"src/lib.rs\"\n\n\
         [[test]]\nname = \"awsjson11\"\npath = \"tests/awsjson11.rs\"\nharness = false\n\n\
         [dev-dependencies]\nfutures = \"0.3\"\nserde_json = \"1\"\n",
    );
    for dep in deps {
        manifest.push_str(&format!("{dep} = {{ path = \"../{dep}\" }}\n"));
    }
    files.insert("Cargo.toml".into(), manifest);
    files.insert(
        "src/lib.rs".into(),
        render(
            "src/lib.rs",
            quote! {
                #![doc = " Runs Smithy's awsJson1_1 protocol compliance cases against the crates generated"]
                #![doc = " from the protocol test models: `cargo test -p protocol-tests`."]
            },
            source,
        )?,
    );
    let fns = cases.iter().map(|c| &c.tokens);
    let table = cases.iter().map(|c| {
        let label = format!("{} {} ({})", c.service, c.id, c.kind);
        let name = &c.name;
        quote!((#label, #name as Case))
    });
    let total = cases.len();
    let source_path = source.to_string();
    let tokens = quote! {
        //! Smithy's awsJson1_1 protocol compliance cases, generated from the test models.

        #(#fns)*

        mod check {
            //! Assertions on recorded requests and parsed responses, returning what differs.
            pub fn method(r: &super::Request, want: &str) -> Result<(), String> {
                if r.method == want { Ok(()) } else { Err(format!("method {} != {want}", r.method)) }
            }

            pub fn uri(r: &super::Request, want: &str) -> Result<(), String> {
                let path = r.url.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_else(|| "/".into());
                if path == want { Ok(()) } else { Err(format!("uri {path} != {want}")) }
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

            pub fn body(actual: &[u8], want: &str, json: bool) -> Result<(), String> {
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
            let source = ::std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").join(#source_path);
            if !source.is_file() {
                println!(
                    "awsJson1_1 protocol tests: skipped: {} not found (the cases are generated from it; see README)",
                    source.display()
                );
                return;
            }
            let cases: &[(&str, Case)] = &[#(#table),*];
            let (mut passed, mut failed) = (0usize, 0usize);
            for (label, case) in cases {
                let outcome = ::std::panic::catch_unwind(case).unwrap_or_else(|_| Err("panicked".to_string()));
                match outcome {
                    Ok(()) => passed += 1,
                    Err(why) => {
                        failed += 1;
                        println!("FAILED {label}: {why}");
                    }
                }
            }
            println!("awsJson1_1 protocol tests: {passed} passed, {failed} failed, 0 skipped (of {})", #total);
            if failed > 0 {
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
        #![doc = " Runs the protocol compliance cases and prints one summary line."]
        #[rustfmt::skip]
        mod cases;
        fn main() {
            cases::main();
        }
    };
    files.insert(
        "tests/awsjson11.rs".into(),
        render("tests/awsjson11.rs", root, source)?,
    );
    Ok(files)
}
