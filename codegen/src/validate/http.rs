//! Validation of HTTP bindings (the `http*` traits restJson1 and restXml serve by): what
//! Smithy's own validators refuse (`HttpLabelTraitValidator`, `HttpPayloadValidator`,
//! `HttpQueryTraitValidator`, `HttpHeaderTraitValidator`, `HttpPrefixHeadersTraitValidator`,
//! the traits' selectors and structural exclusivity, `UriPattern` parsing, `JsonNameValidator`),
//! each problem naming the operation, structure or member it is on. A model that passes
//! resolves with [`crate::ir::http`] into bindings a client can send and read.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::Diagnostic;
use crate::ir::http::{
    self, BINDING_TRAITS, HTTP_HEADER, HTTP_LABEL, HTTP_PAYLOAD, HTTP_PREFIX_HEADERS, HTTP_QUERY,
    HTTP_QUERY_PARAMS, HTTP_RESPONSE_CODE, HttpTrait, JSON_NAME, Location, UriPattern,
};
use crate::model::{Kind, Model, Shape, traits};

/// Every HTTP binding problem of the service's operations, their inputs, outputs and errors,
/// and of `@jsonName` in the structures they reach.
pub fn check(model: &Model, service: &Shape) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let operations = super::service_operations(model, service);
    let mut structures = BTreeMap::new();
    let mut roots = Vec::new();
    for id in &operations {
        let Some(op) = model.get(id).filter(|s| s.kind == Kind::Operation) else {
            continue;
        };
        check_operation(model, op, &mut diags);
        for (shape, request) in [(&op.input, true), (&op.output, false)] {
            if let Some(s) = shape.as_deref().and_then(|i| model.get(i)) {
                structures.entry((s.id.clone(), request)).or_insert(s);
                roots.push(s.id.clone());
            }
        }
        for e in op.errors.iter().chain(&service.errors) {
            if let Some(s) = model.get(e) {
                structures.entry((s.id.clone(), false)).or_insert(s);
                roots.push(s.id.clone());
            }
        }
    }
    // A structure is checked as a request and as a response if it is used as both.
    for ((_, request), shape) in &structures {
        check_message(model, shape, *request, &mut diags);
    }
    for id in super::closure(model, roots) {
        if let Some(s) = model
            .get(&id)
            .filter(|s| matches!(s.kind, Kind::Structure | Kind::Union))
        {
            check_json_names(s, &mut diags);
        }
    }
    diags.sort();
    diags.dedup();
    diags
}

/// The `@http` trait, the URI pattern, and the labels against the input's members.
fn check_operation(model: &Model, op: &Shape, diags: &mut Vec<Diagnostic>) {
    let http = match HttpTrait::of(op) {
        Ok(h) => h,
        Err(e) => {
            diags.push(Diagnostic::new(&op.id, e));
            return;
        }
    };
    let uri = match UriPattern::parse(&http.uri) {
        Ok(u) => u,
        Err(e) => {
            diags.push(Diagnostic::new(&op.id, e));
            return;
        }
    };
    for problem in uri.check_labels() {
        diags.push(Diagnostic::new(&op.id, problem));
    }
    let input = op.input.as_deref().and_then(|i| model.get(i));
    let members = input.map(|s| &s.members);
    for (label, greedy) in uri.labels() {
        let bound = members
            .and_then(|m| m.get(label))
            .is_some_and(|m| m.traits.contains_key(HTTP_LABEL));
        if !bound {
            diags.push(Diagnostic::new(
                &op.id,
                format!(
                    "URI label `{{{label}{}}}` of `{}` has no input member `{label}` marked `@httpLabel`",
                    if greedy { "+" } else { "" },
                    uri.pattern
                ),
            ));
        }
    }
    let Some(input) = input else { return };
    for (name, member) in &input.members {
        if !member.traits.contains_key(HTTP_LABEL) {
            continue;
        }
        let member_id = format!("{}${name}", input.id);
        let Some((_, greedy)) = uri.labels().find(|(l, _)| l == name) else {
            diags.push(Diagnostic::new(
                &member_id,
                format!(
                    "is marked `@httpLabel` but URI pattern `{}` of `{}` has no label `{{{name}}}`",
                    uri.pattern, op.id
                ),
            ));
            continue;
        };
        let target = model.get(&member.target);
        if greedy && !target.is_some_and(|t| matches!(t.kind, Kind::String | Kind::Enum)) {
            diags.push(Diagnostic::new(
                &member_id,
                format!(
                    "is bound to greedy label `{{{name}+}}` of `{}` and must target a string",
                    op.id
                ),
            ));
        }
    }
}

/// The member binding traits of one input (`request`), output or error structure.
fn check_message(model: &Model, shape: &Shape, request: bool, diags: &mut Vec<Diagnostic>) {
    if shape.kind != Kind::Structure {
        return;
    }
    let mut once: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut queries: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut headers: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, member) in &shape.members {
        let id = format!("{}${name}", shape.id);
        let bound: Vec<&str> = BINDING_TRAITS
            .iter()
            .copied()
            .filter(|t| member.traits.contains_key(*t))
            .collect();
        if bound.len() > 1 {
            diags.push(Diagnostic::new(
                &id,
                format!(
                    "carries conflicting HTTP binding traits: {}",
                    bound
                        .iter()
                        .map(|t| format!("`@{}`", crate::model::shape_name(t)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let target = model.get(&member.target);
        let kind = target.map(|t| t.kind);
        let text = |t: &str| member.traits.get(t).map(|v| v.as_str());
        for t in [
            HTTP_QUERY_PARAMS,
            HTTP_PREFIX_HEADERS,
            HTTP_PAYLOAD,
            HTTP_RESPONSE_CODE,
        ] {
            if member.traits.contains_key(t) {
                once.entry(t).or_default().push(name);
            }
        }
        if member.traits.contains_key(HTTP_LABEL) {
            if !member.traits.contains_key(traits::REQUIRED) {
                diags.push(Diagnostic::new(
                    &id,
                    "is marked `@httpLabel` and must also be `@required`",
                ));
            }
            if !target.is_some_and(|t| is_scalar(t.kind)) {
                diags.push(target_error(
                    "@httpLabel",
                    "a string, number, boolean or timestamp",
                    &id,
                ));
            }
        }
        match text(HTTP_QUERY) {
            None => {}
            Some(Some(q)) if !q.is_empty() => {
                queries.entry(q).or_default().push(name);
                if !target.is_some_and(|t| is_scalar_or_list(model, t)) {
                    diags.push(target_error(
                        "@httpQuery",
                        "a string, number, boolean or timestamp, or a list of them",
                        &id,
                    ));
                }
            }
            Some(_) => diags.push(Diagnostic::new(&id, "`@httpQuery` needs a non-empty name")),
        }
        if member.traits.contains_key(HTTP_QUERY_PARAMS)
            && !target.is_some_and(|t| map_of_strings(model, t, true))
        {
            diags.push(target_error(
                "@httpQueryParams",
                "a map of strings or of lists of strings",
                &id,
            ));
        }
        match text(HTTP_HEADER) {
            None => {}
            Some(Some(h)) if !h.is_empty() && h.bytes().all(is_token_byte) => {
                headers
                    .entry(h.to_ascii_lowercase())
                    .or_default()
                    .push(name);
                if !target.is_some_and(|t| is_scalar_or_list(model, t)) {
                    diags.push(target_error(
                        "@httpHeader",
                        "a string, number, boolean or timestamp, or a list of them",
                        &id,
                    ));
                }
            }
            Some(_) => diags.push(Diagnostic::new(
                &id,
                "`@httpHeader` needs a non-empty header name made of token characters",
            )),
        }
        match text(HTTP_PREFIX_HEADERS) {
            Some(Some(_)) if !target.is_some_and(|t| map_of_strings(model, t, false)) => {
                diags.push(target_error("@httpPrefixHeaders", "a map of strings", &id));
            }
            Some(None) => diags.push(Diagnostic::new(
                &id,
                "`@httpPrefixHeaders` needs a prefix string",
            )),
            _ => {}
        }
        if member.traits.contains_key(HTTP_PAYLOAD)
            && !target.is_some_and(|t| {
                matches!(
                    t.kind,
                    Kind::Blob
                        | Kind::String
                        | Kind::Enum
                        | Kind::Structure
                        | Kind::Union
                        | Kind::Document
                )
            })
        {
            diags.push(target_error(
                "@httpPayload",
                "a blob, string, enum, structure, union or document",
                &id,
            ));
        }
        if member.traits.contains_key(HTTP_RESPONSE_CODE) && kind != Some(Kind::Integer) {
            diags.push(target_error("@httpResponseCode", "an integer", &id));
        }
    }
    for (t, members) in &once {
        if members.len() > 1 {
            diags.push(Diagnostic::new(
                &shape.id,
                format!(
                    "more than one member is marked `@{}`: {}",
                    crate::model::shape_name(t),
                    ticked(members)
                ),
            ));
        }
    }
    for (q, members) in &queries {
        if members.len() > 1 {
            diags.push(Diagnostic::new(
                &shape.id,
                format!(
                    "members {} are bound to the same query parameter `{q}`",
                    ticked(members)
                ),
            ));
        }
    }
    for (h, members) in &headers {
        if members.len() > 1 {
            diags.push(Diagnostic::new(
                &shape.id,
                format!(
                    "members {} are bound to the same header `{h}` (header names ignore case)",
                    ticked(members)
                ),
            ));
        }
    }
    // An empty prefix binds every header; Smithy's own compliance tests pair one with
    // `@httpHeader` members, which then take precedence.
    let prefix = shape.members.iter().find_map(|(n, m)| {
        let p = m.traits.get(HTTP_PREFIX_HEADERS)?.as_str()?;
        (!p.is_empty()).then(|| (n, p.to_ascii_lowercase()))
    });
    if let Some((prefix_member, prefix)) = prefix {
        for (h, members) in &headers {
            if h.starts_with(&prefix) {
                for m in members {
                    diags.push(Diagnostic::new(
                        format!("{}${m}", shape.id),
                        format!(
                            "header `{h}` starts with prefix `{prefix}` of the `@httpPrefixHeaders` member `{prefix_member}`"
                        ),
                    ));
                }
            }
        }
    }
    let bindings = http::message(model, Some(shape), request, http::BODY_TIMESTAMP_JSON);
    let unbound: Vec<&str> = bindings
        .members
        .iter()
        .filter(|b| b.location == Location::Unbound)
        .map(|b| b.member.as_str())
        .collect();
    if !unbound.is_empty() {
        diags.push(Diagnostic::new(
            &shape.id,
            format!(
                "a member is marked `@httpPayload`, so every other member must be bound to the {} \
                 (label, query, header or prefix headers{}), but these are not: {}",
                if request { "request" } else { "response" },
                if request { "" } else { ", status code" },
                ticked(&unbound)
            ),
        ));
    }
}

/// Two members of a structure or union may not share a JSON key.
fn check_json_names(shape: &Shape, diags: &mut Vec<Diagnostic>) {
    let mut keys: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, member) in &shape.members {
        let key = match member.traits.get(JSON_NAME) {
            Some(Value::String(k)) => k.as_str(),
            Some(_) => {
                diags.push(Diagnostic::new(
                    format!("{}${name}", shape.id),
                    "`@jsonName` must be a string",
                ));
                continue;
            }
            None => name.as_str(),
        };
        keys.entry(key).or_default().push(name);
    }
    for (key, members) in keys {
        if members.len() > 1 {
            diags.push(Diagnostic::new(
                &shape.id,
                format!("members {} share the JSON key `{key}`", ticked(&members)),
            ));
        }
    }
}

fn target_error(trait_name: &str, wanted: &str, member: &str) -> Diagnostic {
    Diagnostic::new(
        member,
        format!("is marked `{trait_name}` and must target {wanted}"),
    )
}

fn ticked(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Strings (enums included), numbers, booleans and timestamps.
fn is_scalar(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::String
            | Kind::Enum
            | Kind::Boolean
            | Kind::Byte
            | Kind::Short
            | Kind::Integer
            | Kind::IntEnum
            | Kind::Long
            | Kind::Float
            | Kind::Double
            | Kind::BigInteger
            | Kind::BigDecimal
            | Kind::Timestamp
    )
}

fn is_scalar_or_list(model: &Model, shape: &Shape) -> bool {
    match shape.kind {
        Kind::List => shape
            .members
            .get("member")
            .and_then(|m| model.get(&m.target))
            .is_some_and(|t| is_scalar(t.kind)),
        kind => is_scalar(kind),
    }
}

/// A map whose values are strings, or with `lists` also lists of strings.
fn map_of_strings(model: &Model, shape: &Shape, lists: bool) -> bool {
    let is_string = |s: &Shape| matches!(s.kind, Kind::String | Kind::Enum);
    shape.kind == Kind::Map
        && shape
            .members
            .get("value")
            .and_then(|m| model.get(&m.target))
            .is_some_and(|v| {
                is_string(v)
                    || (lists
                        && v.kind == Kind::List
                        && v.members
                            .get("member")
                            .and_then(|m| model.get(&m.target))
                            .is_some_and(is_string))
            })
}

/// RFC 9110 `tchar`: what a header field name is made of.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// What restJson1's emitter cannot send or read correctly yet, refused by shape rather than
/// generated wrong: sparse lists and maps bound outside the body (a null has no place in a
/// header or query string) and error structures with an `@httpPayload` member (error bodies
/// are read as JSON objects).
pub fn rest_json_support(
    model: &Model,
    service: &Shape,
    queries: &super::Queries,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut messages: BTreeMap<String, bool> = BTreeMap::new();
    for id in &queries.operations {
        let Some(op) = model.get(id).filter(|s| s.kind == Kind::Operation) else {
            continue;
        };
        for (shape, request) in [(&op.input, true), (&op.output, false)] {
            if let Some(s) = shape.as_deref() {
                messages.entry(s.to_string()).or_insert(request);
            }
        }
        for e in op.errors.iter().chain(&service.errors) {
            messages.entry(e.clone()).or_insert(false);
        }
    }
    for (id, request) in messages {
        let Some(shape) = model.get(&id).filter(|s| s.kind == Kind::Structure) else {
            continue;
        };
        let bindings = http::message(model, Some(shape), request, http::BODY_TIMESTAMP_JSON);
        for b in &bindings.members {
            let member_id = format!("{id}${}", b.member);
            let Some(target) = shape
                .members
                .get(&b.member)
                .and_then(|m| model.get(&m.target))
            else {
                continue;
            };
            let outside = matches!(
                b.location,
                Location::Header { .. }
                    | Location::Query(_)
                    | Location::QueryParams
                    | Location::PrefixHeaders(_)
            );
            if outside && is_sparse(model, target) {
                diags.push(Diagnostic::new(
                    &member_id,
                    "is a sparse list or map bound outside the body, which the restJson1 emitter does not support",
                ));
            }
            if shape.has_trait(traits::ERROR) && matches!(b.location, Location::Payload(_)) {
                diags.push(Diagnostic::new(
                    &member_id,
                    "is the `@httpPayload` of an error, which the restJson1 emitter does not support (error bodies are read as JSON objects)",
                ));
            }
        }
    }
    diags
}

/// A sparse list or map, or a map of sparse lists.
fn is_sparse(model: &Model, shape: &Shape) -> bool {
    if !matches!(shape.kind, Kind::List | Kind::Map) {
        return false;
    }
    shape.has_trait(traits::SPARSE)
        || shape
            .members
            .get("value")
            .and_then(|v| model.get(&v.target))
            .is_some_and(|v| v.kind == Kind::List && v.has_trait(traits::SPARSE))
}

/// Why a restJson1 operation is left out, when it is: the service would refuse its requests
/// without a checksum this generator does not compute yet (`Content-MD5`, which
/// `@httpChecksumRequired` asks for, it does).
pub fn unsupported_rest_operation(op: &Shape) -> Option<String> {
    let required = op
        .traits
        .get("aws.protocols#httpChecksum")
        .and_then(|c| c.get("requestChecksumRequired"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    required.then(|| {
        "it requires a request checksum (`aws.protocols#httpChecksum` with `requestChecksumRequired`), which this generator does not compute yet".into()
    })
}
