//! Shapes to IR: structures (fields, nullability, defaults, builder type state), unions and
//! enumerations, with the type names the naming pass minted for them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::names::{self, Scope, UNKNOWN_VARIANT};
use super::{
    Enum, Fallback, Field, Structure, TimestampFormat, Type, Typestate, Union, UnionVariant,
    Variant, defaults, deprecated, error_info, is_enum, is_optional, member_has_default,
};
use crate::docs::html_to_markdown;
use crate::error::Diagnostic;
use crate::model::{Kind, Model, Shape, UNIT, traits};
use crate::naming::{Case, sanitize};
use crate::validate::Queries;

pub(super) struct Builder<'m> {
    pub(super) model: &'m Model,
    pub(super) service: &'m Shape,
    pub(super) queries: &'m Queries,
    pub(super) diags: Vec<Diagnostic>,
    /// Member ids (`ns#Shape$member`) that must be boxed to break a cycle.
    boxed: BTreeSet<String>,
    /// Rust names of every structure, union and enumeration in `types` and of every error
    /// in `types::error`, by shape id: minted once, before any type refers to another.
    type_names: BTreeMap<String, String>,
    /// Operation module and client method names, by operation id.
    pub(super) op_names: BTreeMap<String, (String, String)>,
    client_methods: Vec<String>,
    /// The service speaks restJson1: JSON keys follow `@jsonName`, and operations carry
    /// their HTTP bindings.
    pub(super) rest: bool,
    /// What the service needs that its model does not say.
    pub(super) custom: super::customize::Customizations,
}

impl<'m> Builder<'m> {
    pub(super) fn new(
        model: &'m Model,
        service: &'m Shape,
        queries: &'m Queries,
        type_ids: &BTreeSet<String>,
        error_ids: &BTreeSet<String>,
    ) -> Self {
        let mut client_methods = crate::emit::client_methods();
        // Methods every `Client` has through derives and blanket impls: an inherent method
        // of the same name would shadow them at every call site (`client.clone()`).
        client_methods.extend(names::CLIENT_TRAIT_METHODS.iter().map(|m| m.to_string()));
        client_methods.sort();
        client_methods.dedup();
        let mut b = Builder {
            model,
            service,
            queries,
            diags: Vec::new(),
            boxed: BTreeSet::new(),
            type_names: BTreeMap::new(),
            op_names: BTreeMap::new(),
            client_methods,
            rest: crate::protocol::Protocol::of(service)
                == Some(crate::protocol::Protocol::RestJson1),
            custom: super::customize::Customizations::of(model, service, &queries.operations),
        };
        b.find_boxed();
        b.name_types(type_ids, error_ids);
        b.name_operations();
        b
    }

    pub(super) fn client_methods(&self) -> &[String] {
        &self.client_methods
    }

    /// The model's name for a shape, after the service's `rename`, in Pascal case.
    fn natural_type_name(&self, shape: &Shape) -> String {
        let name = self
            .service
            .rename
            .get(&shape.id)
            .map_or(shape.name(), String::as_str);
        sanitize(name, Case::Pascal)
    }

    /// Types and errors each live in one module: names are minted there in shape-id order,
    /// so two shapes that meet after case conversion (`Foo_Bar`, `FooBar`) both get one.
    fn name_types(&mut self, type_ids: &BTreeSet<String>, error_ids: &BTreeSet<String>) {
        let mut types = Scope::new();
        let mut errors = Scope::new();
        for id in type_ids.iter().filter(|id| !error_ids.contains(*id)) {
            if let Some(shape) = self.model.get(id) {
                let name = types.mint(&self.natural_type_name(shape), Case::Pascal);
                self.type_names.insert(id.clone(), name);
            }
        }
        for id in error_ids {
            if let Some(shape) = self.model.get(id) {
                let name = errors.mint(&self.natural_type_name(shape), Case::Pascal);
                self.type_names.insert(id.clone(), name);
            }
        }
    }

    /// Operation modules (`operation::list_devices`) and client methods, in id order. A
    /// client method the runtime already defines (`send`, `builder`) becomes `<name>_operation`.
    fn name_operations(&mut self) {
        let mut modules = Scope::new();
        let mut methods = Scope::with_reserved(self.client_methods.iter().map(String::as_str));
        for id in &self.queries.operations {
            let Some(op) = self.model.get(id) else {
                continue;
            };
            let module = modules.mint(&sanitize(op.name(), Case::Snake), Case::Snake);
            let base = if methods.contains(&module) {
                format!("{}_operation", names::bare(&module))
            } else {
                module.clone()
            };
            let method = methods.mint(&base, Case::Snake);
            self.op_names.insert(id.clone(), (module, method));
        }
    }

    pub(super) fn type_name(&self, shape: &Shape) -> String {
        self.type_names
            .get(&shape.id)
            .cloned()
            .unwrap_or_else(|| self.natural_type_name(shape))
    }

    /// Depth-first over direct structure-to-structure member edges in id order; a member that
    /// points back into the current path closes a cycle and is boxed. Lists and maps already
    /// allocate, so they break cycles by themselves. Every shape the crate holds is visited,
    /// the service's own errors' included.
    fn find_boxed(&mut self) {
        let mut done = BTreeSet::new();
        for id in &self.queries.closure {
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

    pub(super) fn docs(&self, traits_: &crate::model::Traits) -> Option<String> {
        traits_
            .get(traits::DOCUMENTATION)
            .and_then(Value::as_str)
            .map(html_to_markdown)
            .filter(|d| !d.trim().is_empty())
    }

    pub(super) fn empty_structure(&self, name: String, input: bool) -> Structure {
        Structure {
            id: UNIT.to_string(),
            builder: format!("{name}Builder"),
            name,
            docs: None,
            fields: Vec::new(),
            error: None,
            message_field: None,
            corrected: false,
            sensitive: false,
            serialize: input,
            deserialize: !input,
            module: None,
            idempotency_token: None,
        }
    }

    /// A structure. `rename` names operation inputs and outputs; `reserved` are type names
    /// its builder's type parameters must not shadow (the operation module's own).
    pub(super) fn structure(
        &mut self,
        shape: &Shape,
        rename: Option<String>,
        reserved: &[String],
        serialized: &BTreeSet<String>,
        deserialized: &BTreeSet<String>,
    ) -> Structure {
        let name = rename.unwrap_or_else(|| self.type_name(shape));
        let builder = format!("{name}Builder");
        let mut fields = Vec::new();
        for (member_name, member) in &shape.members {
            let target = self.model.get(&member.target);
            let required = member.traits.contains_key(traits::REQUIRED);
            let default_value = member
                .traits
                .get(traits::DEFAULT)
                .or_else(|| target.and_then(|t| t.traits.get(traits::DEFAULT)));
            // A default the service's customizations give (Glacier's `accountId`) stands in
            // for the model's.
            let custom = self
                .custom
                .label_defaults
                .get(&format!("{}${member_name}", shape.id))
                .cloned();
            let custom_default = custom.as_ref().map(|d| Value::String(d.text.clone()));
            let default_value = custom_default.as_ref().or(default_value);
            let has_default =
                custom_default.is_some() || target.is_some_and(|t| member_has_default(member, t));
            // Members of an `@input` structure are nullable for clients (Smithy 2.0); a
            // defaulted one is left unset, so the service applies its current default rather
            // than the one the model had when the crate was generated. Required ones stay
            // required (see `is_optional`).
            let optional = custom_default.is_none()
                && is_optional(
                    required,
                    has_default && !shape.has_trait(traits::INPUT),
                    member.traits.contains_key(traits::CLIENT_OPTIONAL),
                );
            let ty = self.type_of(&member.target, &member.traits);
            let mut docs = self
                .docs(&member.traits)
                .or_else(|| target.and_then(|t| self.docs(&t.traits)));
            if let Some(custom) = &custom {
                let line = custom.doc();
                docs = Some(match docs {
                    Some(d) => format!("{d}\n\n{line}"),
                    None => line,
                });
            }
            let boxed = self.boxed.contains(&format!("{}${member_name}", shape.id));
            let default = if has_default {
                default_value.and_then(|v| defaults::DefaultValue::of(&ty, v))
            } else {
                None
            };
            let fallback = (!optional).then(|| match &default {
                Some(value) => Fallback::Default {
                    type_default: value.is_type_default(&ty, boxed),
                    value: value.clone(),
                },
                None => defaults::correction(&ty),
            });
            fields.push(Field {
                json_key: Some(self.json_key(member_name, member)),
                wire_name: member_name.clone(),
                // Named below, once every member's place in the builder is known.
                name: String::new(),
                set_name: None,
                typestate: (!optional && default.is_none()).then(|| Typestate {
                    param: String::new(),
                    trait_name: String::new(),
                }),
                docs,
                sensitive: self.is_sensitive(&member.target, 0)
                    || member.traits.contains_key(traits::SENSITIVE),
                boxed,
                ty,
                optional,
                deprecated: deprecated(&member.traits),
                default,
                fallback,
            });
        }
        name_fields(&name, &builder, reserved, &mut fields);
        let error = shape.has_trait(traits::ERROR).then(|| error_info(shape));
        let message_field = error.as_ref().and_then(|_| {
            fields
                .iter()
                .position(|f| f.wire_name.eq_ignore_ascii_case("message") && f.ty == Type::String)
        });
        Structure {
            id: shape.id.clone(),
            name,
            builder,
            docs: self.docs(&shape.traits),
            error,
            message_field,
            corrected: false,
            sensitive: shape.has_trait(traits::SENSITIVE),
            serialize: serialized.contains(&shape.id),
            deserialize: deserialized.contains(&shape.id),
            module: None,
            idempotency_token: shape
                .members
                .iter()
                .position(|(_, m)| m.traits.contains_key(traits::IDEMPOTENCY_TOKEN))
                .and_then(|i| fields.get(i))
                .filter(|f| f.ty == Type::String && f.optional)
                .map(|f| f.name.clone()),
            fields,
        }
    }

    /// A member's key in JSON bodies: restJson1 honours `@jsonName`, awsJson ignores it.
    fn json_key(&self, name: &str, member: &crate::model::Member) -> String {
        if self.rest {
            member
                .traits
                .get(super::http::JSON_NAME)
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_string()
        } else {
            name.to_string()
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

    pub(super) fn type_of(&mut self, target: &str, member_traits: &crate::model::Traits) -> Type {
        let Some(shape) = self.model.get(target) else {
            return Type::String;
        };
        match shape.kind {
            _ if is_enum(shape) && shape.kind != Kind::IntEnum => Type::Enum(self.type_name(shape)),
            Kind::IntEnum => Type::IntEnum(self.type_name(shape)),
            Kind::String => Type::String,
            Kind::Blob if shape.has_trait(traits::STREAMING) => Type::Stream,
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

    pub(super) fn union(
        &mut self,
        shape: &Shape,
        serialized: &BTreeSet<String>,
        deserialized: &BTreeSet<String>,
    ) -> Union {
        let names = variant_names(shape.members.keys().map(String::as_str));
        let variants = shape
            .members
            .iter()
            .zip(names)
            .map(|((wire, member), name)| {
                let unit = member.target == UNIT;
                UnionVariant {
                    json_key: self.json_key(wire, member),
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

    pub(super) fn enumeration(&mut self, shape: &Shape) -> Enum {
        let mut variants = Vec::new();
        if let Some(Value::Array(defs)) = shape.traits.get(super::ENUM_TRAIT) {
            // Smithy 1.0 style: a string shape with an `enum` trait listing its values.
            for def in defs {
                let Some(value) = def.get("value").and_then(Value::as_str) else {
                    continue;
                };
                let name = def.get("name").and_then(Value::as_str).unwrap_or(value);
                variants.push(Variant {
                    name: name.to_string(),
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
                    name: name.clone(),
                    value,
                    docs: self.docs(&member.traits),
                    deprecated: deprecated(&member.traits),
                });
            }
        }
        let names = variant_names(variants.iter().map(|v| v.name.as_str()));
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
}

/// Variant names of an enum or union: Pascal case, unique, never the generated `Unknown`
/// (a modeled value of that name becomes `UnknownValue`).
fn variant_names<'a>(wire: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut scope = Scope::with_reserved([UNKNOWN_VARIANT]);
    wire.map(|w| {
        let v = sanitize(w, Case::Pascal);
        let base = if v == UNKNOWN_VARIANT {
            "UnknownValue".to_string()
        } else {
            v
        };
        scope.mint(&base, Case::Pascal)
    })
    .collect()
}

/// Names a structure's fields, `set_*` setters and type parameters. Type parameters may not
/// shadow the structure, its builder, or the `reserved` types its builder's code names.
fn name_fields(name: &str, builder: &str, reserved: &[String], fields: &mut [Field]) {
    let wire: Vec<&str> = fields.iter().map(|f| f.wire_name.as_str()).collect();
    let has_set: Vec<bool> = fields.iter().map(|f| f.typestate.is_none()).collect();
    let minted = names::members(&wire, &has_set);
    let mut params = Scope::with_reserved(
        [name, builder, "Self"]
            .into_iter()
            .chain(reserved.iter().map(String::as_str)),
    );
    for (f, m) in fields.iter_mut().zip(minted) {
        f.name = m.field;
        f.set_name = m.set;
        if let Some(t) = &mut f.typestate {
            let base = sanitize(&f.wire_name, Case::Pascal);
            t.param = params.mint(names::bare(&base), Case::Pascal);
            t.trait_name = format!("{name}{}IsSet", t.param);
        }
    }
}

/// Mints the builder and marker-trait names of the structures of one `builders` module, in
/// order: `Foo{BarBaz}` and `FooBar{Baz}` would both want `FooBarBazIsSet`.
pub(super) fn name_builders(structs: &mut [&mut Structure]) {
    let mut scope = Scope::new();
    for s in structs.iter_mut() {
        s.builder = scope.mint(&s.builder, Case::Pascal);
    }
    for s in structs.iter_mut() {
        for f in &mut s.fields {
            if let Some(t) = &mut f.typestate {
                t.trait_name = scope.mint(&t.trait_name, Case::Pascal);
            }
        }
    }
    // The builder's code names its marker traits without a path, so a type parameter must
    // not share one's name (a member called `FooBarIsSet` on `Foo`).
    for s in structs.iter_mut() {
        let mut params = Scope::with_reserved([s.name.as_str(), s.builder.as_str(), "Self"]);
        for f in &s.fields {
            if let Some(t) = &f.typestate {
                params.take(&t.param);
                params.take(&t.trait_name);
            }
        }
        let traits: Vec<String> = s
            .fields
            .iter()
            .filter_map(|f| f.typestate.as_ref().map(|t| t.trait_name.clone()))
            .collect();
        for f in &mut s.fields {
            if let Some(t) = &mut f.typestate
                && traits.contains(&t.param)
            {
                t.param = params.mint(&t.param, Case::Pascal);
            }
        }
    }
}
