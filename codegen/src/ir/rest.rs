//! restJson1's part of the IR: each operation's HTTP binding, and which members of inputs,
//! outputs and errors travel outside the JSON body (their `json_key` becomes `None`, so the
//! shared JSON codec neither writes nor reads them there).

use std::collections::BTreeMap;

use super::customize::LabelDefault;
use super::http::{self, BODY_TIMESTAMP_JSON, Body, Location, MessageBindings};
use super::{BoundField, Operation, Structure};
use crate::model::{Model, Shape};

/// The operation's binding and the `@mediaType` of its request payload; the input's and
/// output's members bound outside the body lose their JSON key. `label_defaults` (member id
/// to text, from the service's customizations) says which labels stand for an empty value.
pub(super) fn bind_operation(
    model: &Model,
    op: &Shape,
    input: &mut Structure,
    output: &mut Structure,
    label_defaults: &BTreeMap<String, LabelDefault>,
) -> (Option<http::HttpOperation>, Option<String>) {
    let Some(mut binding) = http::operation(model, op, BODY_TIMESTAMP_JSON) else {
        return (None, None);
    };
    for b in &mut binding.request.members {
        if let Location::Label { if_empty, .. } = &mut b.location {
            *if_empty = op
                .input
                .as_ref()
                .and_then(|i| label_defaults.get(&format!("{i}${}", b.member)))
                .map(|d| d.text.clone());
        }
    }
    unbind(input, &binding.request);
    unbind(output, &binding.response);
    let media_type = match &binding.request.body {
        Body::Payload(member) => op
            .input
            .as_deref()
            .and_then(|i| model.get(i))
            .and_then(|i| i.members.get(member))
            .and_then(|m| model.get(&m.target))
            .and_then(|t| t.traits.get(http::MEDIA_TYPE))
            .and_then(serde_json::Value::as_str)
            .map(str::to_string),
        _ => None,
    };
    (Some(binding), media_type)
}

/// Members bound elsewhere than the body are not JSON members.
fn unbind(s: &mut Structure, bindings: &MessageBindings) {
    for f in &mut s.fields {
        let in_body = bindings
            .member(&f.wire_name)
            .is_none_or(|b| matches!(b.location, Location::Body { .. }));
        if !in_body {
            f.json_key = None;
        }
    }
}

/// Error structures' members bound to headers or the status code: read from the response
/// besides the body, by every operation that lists the error.
pub(super) fn bind_errors(model: &Model, errors: &mut [Structure], ops: &mut [Operation]) {
    for e in errors.iter_mut() {
        let bindings = http::message(model, model.get(&e.id), false, BODY_TIMESTAMP_JSON);
        unbind(e, &bindings);
        let bound: Vec<BoundField> = e
            .fields
            .iter()
            .filter_map(|f| {
                let binding = bindings.member(&f.wire_name)?;
                (!matches!(binding.location, Location::Body { .. })).then(|| BoundField {
                    field: f.clone(),
                    binding: binding.clone(),
                })
            })
            .collect();
        if bound.is_empty() {
            continue;
        }
        for op in ops.iter_mut() {
            for r in op.errors.iter_mut().filter(|r| r.type_name == e.name) {
                r.http_fields = bound.clone();
            }
        }
    }
}
