//! IR stage: everything the emitters need, resolved once from a validated model: Rust names,
//! optionality, boxing, error lists, pagination and Markdown docs. Emitters read only this,
//! never the raw model, so naming and nullability decisions live in one place.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;
use serde_json::Value;

use crate::docs::html_to_markdown;
use crate::error::Diagnostic;
use crate::model::{Kind, Model, Shape, UNIT, trait_str, traits};
use crate::naming::{Case, dedupe, field_name, sanitize};
use crate::protocol::query_compatible;
pub use crate::protocol::{Protocol, QueryError};
use crate::validate::{closure, merged_paginated, resolve_path};

/// The whole crate to generate.
#[derive(Clone, Debug)]
pub struct Crate {
    /// Cargo package name (`cognito-identity-provider`).
    pub package: String,
    pub service: Service,
    /// Sorted by operation name.
    pub operations: Vec<Operation>,
    /// Structures shared between operations, for `types`; sorted by Rust name.
    pub types: Vec<Structure>,
    /// Enumerations, for `types`; sorted by Rust name.
    pub enums: Vec<Enum>,
    /// Unions, for `types`; sorted by Rust name.
    pub unions: Vec<Union>,
    /// Error structures, for `types::error`; sorted by Rust name.
    pub errors: Vec<Structure>,
    /// Non-prelude shapes in the generated closure (for the summary line).
    pub shape_count: usize,
}

#[derive(Clone, Debug)]
pub struct Service {
    pub id: String,
    /// The service shape's name, the prefix of every `X-Amz-Target`.
    pub name: String,
    pub title: String,
    pub docs: Option<String>,
    pub version: Option<String>,
    pub signing_name: Option<String>,
    /// The first label of regional host names (`cognito-idp`).
    pub endpoint_prefix: String,
    /// The wire protocol, chosen once from the service's protocol traits.
    pub protocol: Protocol,
    /// `@awsQueryCompatible` (with awsJson1_0): requests say `x-amzn-query-mode: true` and error
    /// responses may carry their awsQuery code in `x-amzn-query-error`.
    pub query_compatible: bool,
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub id: String,
    /// The operation shape's name (`ListDevices`), also the Rust type name of its marker.
    pub name: String,
    /// Module name (`list_devices`).
    pub module: String,
    pub target: String,
    pub docs: Option<String>,
    pub input: Structure,
    pub output: Structure,
    /// Rust name of the operation's error enum (`ListDevicesError`).
    pub error_name: String,
    pub errors: Vec<ErrorRef>,
    pub paginator: Option<Paginator>,
    /// False for `auth: []` operations, which are sent unsigned.
    pub signed: bool,
    pub deprecated: Option<String>,
    /// The `endpoint` trait's host prefix, split into text and input-field labels.
    pub host_prefix: Option<Vec<HostSegment>>,
    /// The `requestCompression` trait lists gzip: large bodies are sent compressed.
    pub compress: bool,
    /// An input field whose value replaces the endpoint (see [`ENDPOINT_MEMBERS`]).
    pub endpoint_field: Option<String>,
}

/// A piece of an `endpoint` trait's `hostPrefix`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostSegment {
    Text(String),
    /// An input field marked `@hostLabel`; the flag says whether it is optional.
    Label(String, bool),
}

/// Operations whose input carries the endpoint to call. No trait in the model says so:
/// AWS SDKs special-case these by name, and so do we, in this one table.
pub const ENDPOINT_MEMBERS: &[(&str, &str)] =
    &[("com.amazonaws.machinelearning#Predict", "PredictEndpoint")];

/// An error an operation may return: a variant of its error enum.
#[derive(Clone, Debug)]
pub struct ErrorRef {
    pub variant: String,
    /// The error structure's Rust name in `types::error`.
    pub type_name: String,
    /// The wire error code: the shape name.
    pub code: String,
    pub docs: Option<String>,
    pub info: ErrorInfo,
    /// `@awsQueryError`, kept only for `@awsQueryCompatible` services: the response is also
    /// matched by this code (from `x-amzn-query-error`), and it is the code callers see.
    pub query: Option<QueryError>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

#[derive(Clone, Debug)]
pub struct ErrorInfo {
    pub fault: Fault,
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub throttling: bool,
}

#[derive(Clone, Debug)]
pub struct Structure {
    pub id: String,
    pub name: String,
    pub docs: Option<String>,
    pub fields: Vec<Field>,
    pub error: Option<ErrorInfo>,
    /// The structure is marked `@sensitive`: its whole value is redacted.
    pub sensitive: bool,
    /// Needs a JSON serializer (reachable from an input).
    pub serialize: bool,
    /// Needs a JSON deserializer (reachable from an output or error).
    pub deserialize: bool,
    /// The operation module holding it (inputs and outputs); `None` for `types`.
    pub module: Option<String>,
    /// The member the client fills with a fresh token when it is unset (`@idempotencyToken`).
    pub idempotency_token: Option<String>,
}

/// A tagged union: exactly one member is set. Generated with an `Unknown` variant for
/// members added to the service later.
#[derive(Clone, Debug)]
pub struct Union {
    pub id: String,
    pub name: String,
    pub docs: Option<String>,
    pub variants: Vec<UnionVariant>,
    pub serialize: bool,
    pub deserialize: bool,
}

#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// The member name, also the JSON key.
    pub wire_name: String,
    pub name: String,
    pub docs: Option<String>,
    /// `None` for members targeting `smithy.api#Unit`.
    pub ty: Option<Type>,
    pub sensitive: bool,
    pub boxed: bool,
}

/// A string or integer enumeration. Generated with an `Unknown` variant, since services add
/// values without notice.
#[derive(Clone, Debug)]
pub struct Enum {
    pub id: String,
    pub name: String,
    pub docs: Option<String>,
    /// `intEnum` (values are `i32`) rather than a string enum.
    pub int: bool,
    pub variants: Vec<Variant>,
}

#[derive(Clone, Debug)]
pub struct Variant {
    pub name: String,
    /// The wire value: a JSON string, or an integer for intEnums.
    pub value: Value,
    pub docs: Option<String>,
    pub deprecated: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Field {
    /// The member name, which is also the JSON key in awsJson1_1.
    pub wire_name: String,
    pub name: String,
    pub docs: Option<String>,
    pub ty: Type,
    /// `Option<T>` in Rust. Required members without it are enforced by the builder.
    pub optional: bool,
    pub sensitive: bool,
    /// Held behind a `Box` because it closes a cycle of structures.
    pub boxed: bool,
    pub deprecated: Option<String>,
    /// When a response omits this required member, it takes its zero value (Smithy's error
    /// correction) instead of failing; only possible for types with a zero value.
    pub zero_value: bool,
    /// The model's default value, for members that have one.
    pub default: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
    Timestamp(TimestampFormat),
    List {
        item: Box<Type>,
        sparse: bool,
    },
    Map {
        value: Box<Type>,
        sparse: bool,
    },
    /// Binary data.
    Blob,
    /// Untyped JSON-like data.
    Document,
    /// A structure in `types`, by Rust name.
    Struct(String),
    /// A string enumeration in `types`, by Rust name.
    Enum(String),
    /// An integer enumeration in `types`, by Rust name.
    IntEnum(String),
    /// A union in `types`, by Rust name.
    Union(String),
}

#[derive(Clone, Debug)]
pub struct Paginator {
    /// Input field carrying the token.
    pub input_token: String,
    /// Output fields leading to the next token.
    pub output_token: Vec<PathStep>,
    /// Output fields leading to the items, and the item type.
    pub items: Option<(Vec<PathStep>, ItemType)>,
    pub page_size: Option<(String, Type)>,
}

/// What the items stream of a paginator yields.
#[derive(Clone, Debug)]
pub enum ItemType {
    /// The members of a list.
    Item(Type),
    /// The entries of a map, as `(key, value)`.
    Entry(Type),
}

/// One step of a dotted pagination path.
#[derive(Clone, Debug)]
pub struct PathStep {
    pub field: String,
    pub optional: bool,
}

/// Options that shape the IR but are not in the model.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub package: Option<String>,
}

/// Builds the IR for `operations` of `service`. Validation must have passed.
pub fn build(
    model: &Model,
    service: &Shape,
    operations: &BTreeSet<String>,
    options: &Options,
) -> Result<Crate, Vec<Diagnostic>> {
    let mut b = Builder {
        model,
        service,
        diags: Vec::new(),
        boxed: BTreeSet::new(),
    };
    b.find_boxed(operations);

    let mut ops = Vec::new();
    let mut type_ids = BTreeSet::new();
    let mut error_ids = BTreeSet::new();
    let mut ser_roots = Vec::new();
    let mut de_roots = Vec::new();
    for op_id in operations {
        let Some(op) = model.get(op_id) else { continue };
        let errors: Vec<String> = op.errors.iter().chain(&service.errors).cloned().collect();
        error_ids.extend(errors.iter().cloned());
        for id in [&op.input, &op.output].into_iter().flatten() {
            if let Some(s) = model.get(id) {
                for m in s.members.values() {
                    collect_structs(model, &m.target, &mut type_ids);
                }
            }
        }
        if let Some(i) = &op.input {
            ser_roots.push(i.clone());
        }
        if let Some(o) = &op.output {
            de_roots.push(o.clone());
        }
        de_roots.extend(errors.iter().cloned());
        for e in &errors {
            if let Some(s) = model.get(e) {
                for m in s.members.values() {
                    collect_structs(model, &m.target, &mut type_ids);
                }
            }
        }
    }
    let serialized = closure(model, ser_roots);
    let deserialized = closure(model, de_roots);

    for op_id in operations {
        if let Some(op) = model.get(op_id) {
            ops.push(b.operation(op, &serialized, &deserialized));
        }
    }
    let mut types: Vec<Structure> = type_ids
        .iter()
        .filter(|id| !error_ids.contains(*id))
        .filter_map(|id| model.get(id))
        .filter(|s| s.kind == Kind::Structure)
        .map(|s| b.structure(s, None, &serialized, &deserialized))
        .collect();
    let mut enums: Vec<Enum> = type_ids
        .iter()
        .filter_map(|id| model.get(id))
        .filter(|s| is_enum(s))
        .map(|s| b.enumeration(s))
        .collect();
    enums.sort_by(|a, b| a.name.cmp(&b.name));
    let mut unions: Vec<Union> = type_ids
        .iter()
        .filter_map(|id| model.get(id))
        .filter(|s| s.kind == Kind::Union)
        .map(|s| b.union(s, &serialized, &deserialized))
        .collect();
    unions.sort_by(|a, b| a.name.cmp(&b.name));
    let mut errors: Vec<Structure> = error_ids
        .iter()
        .filter_map(|id| model.get(id))
        .map(|s| b.structure(s, None, &serialized, &deserialized))
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    errors.sort_by(|a, b| a.name.cmp(&b.name));
    ops.sort_by(|a, b| a.name.cmp(&b.name));

    b.check_unique(&ops, &types, &errors, &enums, &unions);
    // Validation refuses such a service first; this keeps the IR total anyway.
    let protocol = Protocol::of(service).unwrap_or_else(|| {
        b.diags
            .push(Diagnostic::new(&service.id, "no supported protocol"));
        Protocol::AwsJson1_1
    });
    if !b.diags.is_empty() {
        return Err(b.diags);
    }

    let mut roots: Vec<String> = operations.iter().cloned().collect();
    roots.extend(service.errors.iter().cloned());
    let shape_count = closure(model, roots)
        .iter()
        .filter(|id| !id.starts_with("smithy.api#"))
        .count();
    let sdk_id = trait_str(&service.traits, traits::AWS_SERVICE, "sdkId").map(str::to_string);
    let package = options.package.clone().unwrap_or_else(|| {
        sdk_id
            .clone()
            .unwrap_or_else(|| service.name().to_string())
            .to_kebab_case()
    });
    Ok(Crate {
        package,
        service: Service {
            id: service.id.clone(),
            name: service.name().to_string(),
            title: service
                .traits
                .get(traits::TITLE)
                .and_then(Value::as_str)
                .map(str::to_string)
                .or(sdk_id)
                .unwrap_or_else(|| service.name().to_string()),
            docs: service.doc().map(html_to_markdown),
            version: service.version.clone(),
            signing_name: trait_str(&service.traits, traits::SIGV4, "name").map(str::to_string),
            endpoint_prefix: ["endpointPrefix", "arnNamespace"]
                .iter()
                .find_map(|k| trait_str(&service.traits, traits::AWS_SERVICE, k))
                .or_else(|| trait_str(&service.traits, traits::SIGV4, "name"))
                .map_or_else(|| service.name().to_ascii_lowercase(), str::to_string),
            protocol,
            query_compatible: query_compatible(service),
        },
        operations: ops,
        types,
        enums,
        unions,
        errors,
        shape_count,
    })
}

/// Structures reachable from a member target through lists and maps (not through other
/// structures' own members: those are collected when the recursion reaches them).
fn collect_structs(model: &Model, target: &str, out: &mut BTreeSet<String>) {
    let Some(shape) = model.get(target) else {
        return;
    };
    match shape.kind {
        _ if is_enum(shape) => {
            out.insert(target.to_string());
        }
        Kind::Structure | Kind::Union if !out.contains(target) => {
            out.insert(target.to_string());
            for m in shape.members.values() {
                collect_structs(model, &m.target, out);
            }
        }
        Kind::List | Kind::Map => {
            if let Some(v) = shape.members.get("member").or(shape.members.get("value")) {
                collect_structs(model, &v.target, out);
            }
        }
        _ => {}
    }
}

struct Builder<'m> {
    model: &'m Model,
    service: &'m Shape,
    diags: Vec<Diagnostic>,
    /// Member ids (`ns#Shape$member`) that must be boxed to break a cycle.
    boxed: BTreeSet<String>,
}

impl<'m> Builder<'m> {
    fn type_name(&self, shape: &Shape) -> String {
        let name = self
            .service
            .rename
            .get(&shape.id)
            .map_or(shape.name(), String::as_str);
        sanitize(name, Case::Pascal)
    }

    /// Depth-first over direct structure-to-structure member edges in id order; a member that
    /// points back into the current path closes a cycle and is boxed. Lists and maps already
    /// allocate, so they break cycles by themselves.
    fn find_boxed(&mut self, operations: &BTreeSet<String>) {
        let all = closure(self.model, operations.iter().cloned());
        let mut done = BTreeSet::new();
        for id in &all {
            let mut path = Vec::new();
            self.box_visit(id, &mut path, &mut done);
        }
    }

    fn box_visit(&mut self, id: &str, path: &mut Vec<String>, done: &mut BTreeSet<String>) {
        if done.contains(id) {
            return;
        }
        let Some(shape) = self
            .model
            .get(id)
            .filter(|s| matches!(s.kind, Kind::Structure | Kind::Union))
        else {
            return;
        };
        path.push(id.to_string());
        for (name, m) in &shape.members {
            if path.contains(&m.target) {
                self.boxed.insert(format!("{id}${name}"));
            } else {
                self.box_visit(&m.target.clone(), path, done);
            }
        }
        path.pop();
        done.insert(id.to_string());
    }

    fn docs(&self, traits_: &crate::model::Traits) -> Option<String> {
        traits_
            .get(traits::DOCUMENTATION)
            .and_then(Value::as_str)
            .map(html_to_markdown)
            .filter(|d| !d.trim().is_empty())
    }

    fn operation(
        &mut self,
        op: &Shape,
        serialized: &BTreeSet<String>,
        deserialized: &BTreeSet<String>,
    ) -> Operation {
        let name = self.type_name(op);
        let module = sanitize(op.name(), Case::Snake);
        let input_name = format!("{name}Input");
        let output_name = format!("{name}Output");
        let input = match op
            .input
            .as_deref()
            .filter(|i| *i != UNIT)
            .and_then(|i| self.model.get(i))
        {
            Some(s) => self.structure(s, Some(input_name), serialized, deserialized),
            None => self.empty_structure(input_name, true),
        };
        let mut input = input;
        input.module = Some(module.clone());
        // An input is only ever sent, an output only ever read, whatever else they reach.
        input.serialize = true;
        input.deserialize = false;
        let output = match op
            .output
            .as_deref()
            .filter(|o| *o != UNIT)
            .and_then(|o| self.model.get(o))
        {
            Some(s) => self.structure(s, Some(output_name), serialized, deserialized),
            None => self.empty_structure(output_name, false),
        };
        let mut output = output;
        output.module = Some(module.clone());
        output.serialize = false;
        output.deserialize = true;
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
                    code: s.name().to_string(),
                    docs: self.docs(&s.traits),
                    info,
                    query: if query_compatible(self.service) {
                        QueryError::of(s)
                    } else {
                        None
                    },
                });
            }
        }
        errors.sort_by(|a, b| a.variant.cmp(&b.variant));
        let paginator =
            merged_paginated(self.service, op).and_then(|p| self.paginator(op, &p, &input));
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
            endpoint_field,
            docs: self.docs(&op.traits),
            error_name: format!("{name}Error"),
            name,
            module,
            input,
            output,
            errors,
            paginator,
            signed,
            deprecated: deprecated(&op.traits),
        }
    }

    fn paginator(
        &mut self,
        op: &Shape,
        p: &BTreeMap<String, String>,
        input: &Structure,
    ) -> Option<Paginator> {
        let field_of =
            |s: &Structure, wire: &str| s.fields.iter().find(|f| f.wire_name == wire).cloned();
        let input_token = field_of(input, p.get("inputToken")?)?.name;
        let output_shape = self.model.get(op.output.as_deref()?)?;
        let path = |path: &str| -> Option<Vec<PathStep>> {
            // Walk the output structure, then nested structures, mapping each member to its field.
            let mut steps = Vec::new();
            let mut shape = output_shape;
            for part in path.split('.') {
                let member = shape.members.get(part)?;
                let target = self.model.get(&member.target)?;
                let has_default = member_has_default(member, target);
                steps.push(PathStep {
                    field: field_name(part),
                    optional: is_optional(
                        member.traits.contains_key(traits::REQUIRED),
                        has_default,
                        member.traits.contains_key(traits::CLIENT_OPTIONAL),
                    ),
                });
                shape = target;
            }
            Some(steps)
        };
        let output_token = path(p.get("outputToken")?)?;
        let items = match p.get("items") {
            Some(items_path) => {
                let steps = path(items_path)?;
                let target = resolve_path(self.model, output_shape, items_path).ok()?;
                let item = match target.kind {
                    Kind::Map => {
                        let value = target.members.get("value")?;
                        ItemType::Entry(self.type_of(&value.target, &value.traits))
                    }
                    _ => {
                        let member = target.members.get("member")?;
                        ItemType::Item(self.type_of(&member.target, &member.traits))
                    }
                };
                Some((steps, item))
            }
            None => None,
        };
        let page_size = p.get("pageSize").and_then(|ps| {
            let f = field_of(input, ps)?;
            Some((f.name, f.ty))
        });
        Some(Paginator {
            input_token,
            output_token,
            items,
            page_size,
        })
    }

    fn empty_structure(&self, name: String, input: bool) -> Structure {
        Structure {
            id: UNIT.to_string(),
            name,
            docs: None,
            fields: Vec::new(),
            error: None,
            sensitive: false,
            serialize: input,
            deserialize: !input,
            module: None,
            idempotency_token: None,
        }
    }

    fn structure(
        &mut self,
        shape: &Shape,
        rename: Option<String>,
        serialized: &BTreeSet<String>,
        deserialized: &BTreeSet<String>,
    ) -> Structure {
        let name = rename.unwrap_or_else(|| self.type_name(shape));
        let mut fields = Vec::new();
        let mut names: Vec<String> = shape.members.keys().map(|m| field_name(m)).collect();
        dedupe(&mut names);
        for ((member_name, member), name) in shape.members.iter().zip(names) {
            let target = self.model.get(&member.target);
            let required = member.traits.contains_key(traits::REQUIRED);
            let default = member
                .traits
                .get(traits::DEFAULT)
                .or_else(|| target.and_then(|t| t.traits.get(traits::DEFAULT)));
            let has_default = target.is_some_and(|t| member_has_default(member, t));
            // Members of an `@input` structure are nullable for clients (Smithy 2.0); a
            // defaulted one is left unset, so the service applies its current default rather
            // than the one the model had when the crate was generated. Required ones stay
            // required (see `is_optional`).
            let optional = is_optional(
                required,
                has_default && !shape.has_trait(traits::INPUT),
                member.traits.contains_key(traits::CLIENT_OPTIONAL),
            );
            let ty = self.type_of(&member.target, &member.traits);
            let docs = self
                .docs(&member.traits)
                .or_else(|| target.and_then(|t| self.docs(&t.traits)));
            fields.push(Field {
                wire_name: member_name.clone(),
                zero_value: !matches!(
                    ty,
                    Type::Struct(_)
                        | Type::Enum(_)
                        | Type::IntEnum(_)
                        | Type::Document
                        | Type::Union(_)
                ),
                name,
                docs,
                sensitive: self.is_sensitive(&member.target, 0)
                    || member.traits.contains_key(traits::SENSITIVE),
                boxed: self.boxed.contains(&format!("{}${member_name}", shape.id)),
                ty,
                optional,
                deprecated: deprecated(&member.traits),
                default: if has_default { default.cloned() } else { None },
            });
        }
        let error = shape.has_trait(traits::ERROR).then(|| error_info(shape));
        Structure {
            id: shape.id.clone(),
            name,
            docs: self.docs(&shape.traits),
            error,
            sensitive: shape.has_trait(traits::SENSITIVE),
            serialize: serialized.contains(&shape.id),
            deserialize: deserialized.contains(&shape.id),
            module: None,
            idempotency_token: shape
                .members
                .iter()
                .position(|(_, m)| m.traits.contains_key(traits::IDEMPOTENCY_TOKEN))
                .and_then(|i| fields.get(i))
                .filter(|f| f.ty == Type::String)
                .map(|f| f.name.clone()),
            fields,
        }
    }

    /// A target is sensitive when it (or, through lists and maps, what it holds) is marked.
    fn is_sensitive(&self, target: &str, depth: usize) -> bool {
        let Some(shape) = self.model.get(target) else {
            return false;
        };
        if shape.has_trait(traits::SENSITIVE) {
            return true;
        }
        // Depth bound: lists of lists are finite in a valid model, but a bad one must not loop.
        if depth > 64 {
            return false;
        }
        match shape.kind {
            Kind::List | Kind::Map => shape
                .members
                .values()
                .any(|m| self.is_sensitive(&m.target, depth + 1)),
            _ => false,
        }
    }

    fn type_of(&mut self, target: &str, member_traits: &crate::model::Traits) -> Type {
        let Some(shape) = self.model.get(target) else {
            return Type::String;
        };
        match shape.kind {
            _ if is_enum(shape) && shape.kind != Kind::IntEnum => Type::Enum(self.type_name(shape)),
            Kind::IntEnum => Type::IntEnum(self.type_name(shape)),
            Kind::String => Type::String,
            Kind::Blob => Type::Blob,
            Kind::Document => Type::Document,
            Kind::Boolean => Type::Bool,
            Kind::Byte => Type::I8,
            Kind::Short => Type::I16,
            Kind::Integer => Type::I32,
            Kind::Long => Type::I64,
            Kind::Float => Type::F32,
            Kind::Double => Type::F64,
            Kind::Timestamp => {
                let format = member_traits
                    .get(traits::TIMESTAMP_FORMAT)
                    .or_else(|| shape.traits.get(traits::TIMESTAMP_FORMAT))
                    .and_then(Value::as_str);
                Type::Timestamp(match format {
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    _ => TimestampFormat::EpochSeconds,
                })
            }
            Kind::List => {
                let item = shape
                    .members
                    .get("member")
                    .map(|m| (m.target.clone(), m.traits.clone()));
                let item = item.map_or(Type::String, |(t, tr)| self.type_of(&t, &tr));
                Type::List {
                    item: Box::new(item),
                    sparse: shape.has_trait(traits::SPARSE),
                }
            }
            Kind::Map => {
                let value = shape
                    .members
                    .get("value")
                    .map(|m| (m.target.clone(), m.traits.clone()));
                let value = value.map_or(Type::String, |(t, tr)| self.type_of(&t, &tr));
                Type::Map {
                    value: Box::new(value),
                    sparse: shape.has_trait(traits::SPARSE),
                }
            }
            Kind::Structure => Type::Struct(self.type_name(shape)),
            Kind::Union => Type::Union(self.type_name(shape)),
            other => {
                // Validation reports unsupported kinds first; this keeps the IR total anyway.
                self.diags.push(Diagnostic::new(
                    target,
                    format!(
                        "{} shapes are not supported by this generator yet",
                        other.as_str()
                    ),
                ));
                Type::String
            }
        }
    }

    fn union(
        &mut self,
        shape: &Shape,
        serialized: &BTreeSet<String>,
        deserialized: &BTreeSet<String>,
    ) -> Union {
        let mut names: Vec<String> = shape
            .members
            .keys()
            .map(|n| {
                let v = sanitize(n, Case::Pascal);
                if v == "Unknown" {
                    "UnknownValue".to_string()
                } else {
                    v
                }
            })
            .collect();
        dedupe(&mut names);
        let variants = shape
            .members
            .iter()
            .zip(names)
            .map(|((wire, member), name)| {
                let unit = member.target == UNIT;
                UnionVariant {
                    wire_name: wire.clone(),
                    name,
                    docs: self.docs(&member.traits).or_else(|| {
                        self.model
                            .get(&member.target)
                            .and_then(|t| self.docs(&t.traits))
                    }),
                    ty: (!unit).then(|| self.type_of(&member.target, &member.traits)),
                    sensitive: self.is_sensitive(&member.target, 0),
                    boxed: self.boxed.contains(&format!("{}${wire}", shape.id)),
                }
            })
            .collect();
        Union {
            id: shape.id.clone(),
            name: self.type_name(shape),
            docs: self.docs(&shape.traits),
            variants,
            serialize: serialized.contains(&shape.id),
            deserialize: deserialized.contains(&shape.id),
        }
    }

    fn enumeration(&mut self, shape: &Shape) -> Enum {
        let mut variants = Vec::new();
        if let Some(Value::Array(defs)) = shape.traits.get(ENUM_TRAIT) {
            // Smithy 1.0 style: a string shape with an `enum` trait listing its values.
            for def in defs {
                let Some(value) = def.get("value").and_then(Value::as_str) else {
                    continue;
                };
                let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
                variants.push(Variant {
                    name: sanitize(name, Case::Pascal),
                    value: Value::String(value.to_string()),
                    docs: def
                        .get("documentation")
                        .and_then(Value::as_str)
                        .map(html_to_markdown),
                    deprecated: def
                        .get("deprecated")
                        .and_then(Value::as_bool)
                        .filter(|d| *d)
                        .map(|_| "deprecated".to_string()),
                });
            }
        } else {
            for (name, member) in &shape.members {
                let value = match member.traits.get(traits::ENUM_VALUE) {
                    Some(v) => v.clone(),
                    None => Value::String(name.clone()),
                };
                variants.push(Variant {
                    name: sanitize(name, Case::Pascal),
                    value,
                    docs: self.docs(&member.traits),
                    deprecated: deprecated(&member.traits),
                });
            }
        }
        let mut names: Vec<String> = variants
            .iter()
            .map(|v| {
                // `Unknown` is the generated catch-all; a modeled value of that name moves aside.
                if v.name == "Unknown" {
                    "UnknownValue".to_string()
                } else {
                    v.name.clone()
                }
            })
            .collect();
        dedupe(&mut names);
        for (v, n) in variants.iter_mut().zip(names) {
            v.name = n;
        }
        Enum {
            id: shape.id.clone(),
            name: self.type_name(shape),
            docs: self.docs(&shape.traits),
            int: shape.kind == Kind::IntEnum,
            variants,
        }
    }

    fn check_unique(
        &mut self,
        ops: &[Operation],
        types: &[Structure],
        errors: &[Structure],
        enums: &[Enum],
        unions: &[Union],
    ) {
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let mut check = |diags: &mut Vec<Diagnostic>, scope: &str, name: &str, id: &str| {
            if let Some(prev) = seen.insert(format!("{scope}::{name}"), id.to_string()) {
                diags.push(Diagnostic::new(
                    id,
                    format!("its Rust name `{scope}::{name}` is also the name of `{prev}`; add a `rename` to the service"),
                ));
            }
        };
        for t in types {
            check(&mut self.diags, "types", &t.name, &t.id);
            check(
                &mut self.diags,
                "types::builders",
                &format!("{}Builder", t.name),
                &t.id,
            );
        }
        for e in enums {
            check(&mut self.diags, "types", &e.name, &e.id);
        }
        for u in unions {
            check(&mut self.diags, "types", &u.name, &u.id);
        }
        for e in errors {
            check(&mut self.diags, "types::error", &e.name, &e.id);
            check(
                &mut self.diags,
                "types::error::builders",
                &format!("{}Builder", e.name),
                &e.id,
            );
        }
        for o in ops {
            check(&mut self.diags, "operation", &o.module, &o.id);
        }
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

/// The Smithy 1.0 `enum` trait on string shapes.
const ENUM_TRAIT: &str = "smithy.api#enum";

/// Enum shapes, intEnums, and strings carrying the 1.0 `enum` trait.
fn is_enum(shape: &Shape) -> bool {
    matches!(shape.kind, Kind::Enum | Kind::IntEnum)
        || (shape.kind == Kind::String && shape.has_trait(ENUM_TRAIT))
}

/// Whether a member has a non-null default, its own or its target's; `default: null` on the
/// member cancels the target's.
fn member_has_default(member: &crate::model::Member, target: &Shape) -> bool {
    match member.traits.get(traits::DEFAULT) {
        Some(v) => !v.is_null(),
        None => target
            .traits
            .get(traits::DEFAULT)
            .is_some_and(|v| !v.is_null()),
    }
}

/// How an error structure should be retried. Server faults and throttling are retryable
/// even without `@retryable`: Cognito's `TooManyRequestsException` (HTTP 429) and
/// `InternalErrorException` carry no retry trait, yet retrying them is what users expect.
fn error_info(shape: &Shape) -> ErrorInfo {
    let http_status = shape
        .traits
        .get(traits::HTTP_ERROR)
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok());
    let retry = shape.traits.get(traits::RETRYABLE);
    let throttling = retry
        .and_then(|r| r.get("throttling"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
        || http_status == Some(429);
    let fault = match shape.traits.get(traits::ERROR).and_then(Value::as_str) {
        Some("server") => Fault::Server,
        _ => Fault::Client,
    };
    ErrorInfo {
        retryable: retry.is_some() || throttling || fault == Fault::Server,
        fault,
        http_status,
        throttling,
    }
}

/// Smithy 2.0 nullability for clients, with one deliberate difference: `@input` does not
/// make required members optional. Smithy relaxes them so that a service may later drop
/// `required` without breaking clients; we enforce them at compile time instead, because a
/// missing required member otherwise only fails at the server.
pub fn is_optional(required: bool, has_default: bool, client_optional: bool) -> bool {
    client_optional || !(required || has_default)
}

fn deprecated(traits_: &crate::model::Traits) -> Option<String> {
    let d = traits_.get(traits::DEPRECATED)?;
    let message = d.get("message").and_then(Value::as_str);
    let since = d.get("since").and_then(Value::as_str);
    Some(match (message, since) {
        (Some(m), Some(s)) => format!("{m} (since {s})"),
        (Some(m), None) => m.to_string(),
        (None, Some(s)) => format!("deprecated since {s}"),
        (None, None) => "deprecated".to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullability_table() {
        // (required, default, clientOptional) -> optional
        let cases = [
            ((false, false, false), true),
            ((true, false, false), false),
            ((false, true, false), false),
            ((true, true, false), false),
            ((true, false, true), true),
            ((false, true, true), true),
        ];
        for ((req, def, co), want) in cases {
            assert_eq!(
                is_optional(req, def, co),
                want,
                "required={req} default={def} clientOptional={co}"
            );
        }
    }
}
