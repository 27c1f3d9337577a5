//! Operations to IR: the input and output structures, the error enum's variants, the
//! paginator (resolved through the fields the naming pass named) and the endpoint traits.

use std::collections::BTreeSet;

use serde_json::Value;

use super::names::{Scope, UNHANDLED_VARIANT};
use super::shapes::Builder;
use super::{
    Checksum, ENDPOINT_MEMBERS, ErrorRef, HostSegment, ItemType, Operation, PageSize, Paginator,
    PathStep, Structure, Type, deprecated, error_info,
};
use crate::model::{Shape, UNIT, traits};
use crate::naming::Case;

impl Builder<'_> {
    pub(super) fn operation(
        &mut self,
        op: &Shape,
        serialized: &BTreeSet<String>,
        deserialized: &BTreeSet<String>,
    ) -> Operation {
        let name = self.type_name(op);
        let (module, method) = self
            .op_names
            .get(&op.id)
            .cloned()
            .unwrap_or_else(|| (op.name().to_string(), op.name().to_string()));
        let input_name = format!("{name}Input");
        let output_name = format!("{name}Output");
        let error_name = format!("{name}Error");
        let fluent = format!("{name}FluentBuilder");
        // Everything the operation module and its fluent builder name without a path.
        let reserved = [
            name.clone(),
            input_name.clone(),
            output_name.clone(),
            error_name.clone(),
            fluent.clone(),
        ];
        let mut input = match op
            .input
            .as_deref()
            .filter(|i| *i != UNIT)
            .and_then(|i| self.model.get(i))
        {
            Some(s) => self.structure(s, Some(input_name), &reserved, serialized, deserialized),
            None => self.empty_structure(input_name, true),
        };
        input.module = Some(module.clone());
        // Filled when the input is sent, from the client's token provider, so a test or a
        // caller can choose the tokens; the builder has no client to ask.
        let idempotency_token = input.idempotency_token.take();
        if let Some(field) = idempotency_token
            .as_ref()
            .and_then(|name| input.fields.iter_mut().find(|f| f.name == *name))
        {
            let note = "When unset, the client fills it with a fresh token as it sends the \
                        request (see [`idempotency_token_provider`](crate::client::ConfigBuilder::idempotency_token_provider)).";
            field.docs = Some(match field.docs.take() {
                Some(d) => format!("{d}\n\n{note}"),
                None => format!("The `{}` member.\n\n{note}", field.wire_name),
            });
        }
        // An input is only ever sent, an output only ever read, whatever else they reach.
        input.serialize = true;
        input.deserialize = false;
        let mut output = match op
            .output
            .as_deref()
            .filter(|o| *o != UNIT)
            .and_then(|o| self.model.get(o))
        {
            Some(s) => self.structure(s, Some(output_name), &reserved, serialized, deserialized),
            None => self.empty_structure(output_name, false),
        };
        output.module = Some(module.clone());
        output.serialize = false;
        output.deserialize = true;
        let errors = self.error_refs(op);
        // `auth: []` on the operation opts it out of the service's auth schemes.
        let signed = !matches!(op.traits.get(traits::AUTH), Some(Value::Array(a)) if a.is_empty());
        let host_prefix = op
            .traits
            .get("smithy.api#endpoint")
            .and_then(|e| e.get("hostPrefix"))
            .and_then(Value::as_str)
            .map(|p| host_segments(p, &input));
        let compress = op
            .traits
            .get("smithy.api#requestCompression")
            .and_then(|c| c.get("encodings"))
            .and_then(Value::as_array)
            .is_some_and(|e| e.iter().any(|v| v.as_str() == Some("gzip")));
        let mut checksums = Vec::new();
        if op.has_trait("smithy.api#httpChecksumRequired") {
            checksums.push(Checksum::ContentMd5);
        }
        // Glacier's uploads: the tree hash, and the signed SHA-256 of the same body.
        let content_sha256 = self.custom.tree_hash.contains(&op.id);
        if content_sha256 {
            checksums.push(Checksum::TreeHash);
        }
        let (http, payload_media_type) = if self.rest {
            super::rest::bind_operation(
                self.model,
                op,
                &mut input,
                &mut output,
                &self.custom.label_defaults,
            )
        } else {
            (None, None)
        };
        let endpoint_field = ENDPOINT_MEMBERS
            .iter()
            .find(|(id, _)| *id == op.id)
            .and_then(|(_, member)| input.fields.iter().find(|f| f.wire_name == *member))
            .map(|f| f.name.clone());
        Operation {
            id: op.id.clone(),
            target: format!("{}.{}", self.service.name(), op.name()),
            host_prefix,
            compress,
            checksums,
            content_sha256,
            endpoint_field,
            // Bound once every structure is built: see `endpoint_params::bindings`.
            endpoint_params: Vec::new(),
            docs: self.docs(&op.traits),
            error_name,
            fluent,
            name,
            module,
            method,
            input,
            output,
            errors,
            // Resolved once every structure is built: see `paginator`.
            paginator: None,
            signed,
            deprecated: deprecated(&op.traits),
            http,
            payload_media_type,
            idempotency_token,
        }
    }

    /// The operation's errors and the service's, once each, as variants sorted by name.
    fn error_refs(&self, op: &Shape) -> Vec<ErrorRef> {
        let mut errors: Vec<ErrorRef> = Vec::new();
        let mut seen = BTreeSet::new();
        for e in op.errors.iter().chain(&self.service.errors) {
            if !seen.insert(e.clone()) {
                continue;
            }
            if let Some(s) = self.model.get(e) {
                let type_name = self.type_name(s);
                let info = error_info(s);
                errors.push(ErrorRef {
                    variant: type_name.clone(),
                    type_name,
                    code: info.code.clone(),
                    docs: self.docs(&s.traits),
                    info,
                    query: if crate::protocol::query_compatible(self.service) {
                        crate::ir::QueryError::of(s)
                    } else {
                        None
                    },
                    // Filled once the error structures are built: see `rest::bind_errors`.
                    http_fields: Vec::new(),
                });
            }
        }
        errors.sort_by(|a, b| a.variant.cmp(&b.variant));
        let mut variants = Scope::with_reserved([UNHANDLED_VARIANT]);
        for e in &mut errors {
            e.variant = variants.mint(&e.variant, Case::Pascal);
        }
        errors
    }

    /// The paginator of an operation, its paths walked through the IR's own fields (by wire
    /// name), so a path names exactly the field the naming pass gave that member.
    pub(super) fn paginator(
        &mut self,
        shape: &Shape,
        op: &Operation,
        types: &[Structure],
    ) -> Option<Paginator> {
        let p = self.queries.paginated.get(&shape.id)?;
        fn field_of<'s>(s: &'s Structure, wire: &str) -> Option<&'s super::Field> {
            s.fields.iter().find(|f| f.wire_name == wire)
        }
        let token_field = field_of(&op.input, p.get("inputToken")?)?;
        let path = |path: &str| -> Option<(Vec<PathStep>, Type)> {
            let mut steps = Vec::new();
            let mut current = &op.output;
            let mut ty = None;
            for part in path.split('.') {
                if let Some(Type::Struct(name)) = &ty {
                    current = types.iter().find(|t| &t.name == name)?;
                }
                let field = field_of(current, part)?;
                steps.push(PathStep {
                    field: field.name.clone(),
                    optional: field.optional,
                });
                ty = Some(field.ty.clone());
            }
            Some((steps, ty?))
        };
        let (output_token, token) = path(p.get("outputToken")?)?;
        let items = match p.get("items") {
            Some(items_path) => {
                let (steps, ty) = path(items_path)?;
                let item = match ty {
                    Type::Map { value, .. } => ItemType::Entry(*value),
                    Type::List { item, .. } => ItemType::Item(*item),
                    _ => return None,
                };
                Some((steps, item))
            }
            None => None,
        };
        let page_size = p.get("pageSize").and_then(|ps| {
            let f = field_of(&op.input, ps)?;
            Some(PageSize {
                field: f.name.clone(),
                ty: f.ty.clone(),
                optional: f.optional,
            })
        });
        Some(Paginator {
            input_token: token_field.name.clone(),
            token,
            output_token,
            items,
            page_size,
        })
    }
}

/// Splits `foo.{label}.` into text and labels, resolving labels to input fields.
fn host_segments(prefix: &str, input: &Structure) -> Vec<HostSegment> {
    let mut out = Vec::new();
    let mut rest = prefix;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            out.push(HostSegment::Text(rest[..start].to_string()));
        }
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let label = &rest[start + 1..start + len];
        match input.fields.iter().find(|f| f.wire_name == label) {
            Some(f) => out.push(HostSegment::Label(f.name.clone(), f.optional)),
            None => out.push(HostSegment::Text(format!("{{{label}}}"))),
        }
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(HostSegment::Text(rest.to_string()));
    }
    out
}
