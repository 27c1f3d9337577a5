//! Validate stage: checks the loaded model against the rules a generator depends on (Smithy's
//! own validators, section 6 of our Smithy notes) and against what this generator supports.
//! Every problem is collected with its shape id; nothing here panics on odd input.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::Diagnostic;
use crate::model::{Kind, Model, Shape, UNIT, is_identifier, shape_name, traits};
use crate::protocol::{Protocol, protocol_traits, query_compatible};

pub mod http;

/// The service shapes in the model, by id.
pub fn services(model: &Model) -> Vec<&Shape> {
    model
        .shapes
        .values()
        .filter(|s| s.kind == Kind::Service)
        .collect()
}

/// Every operation of a service, including those reached through its resources, by id.
pub fn service_operations(model: &Model, service: &Shape) -> BTreeSet<String> {
    let mut ops: BTreeSet<String> = service.operations.iter().cloned().collect();
    let mut stack: Vec<String> = service.resources.clone();
    let mut seen = BTreeSet::new();
    while let Some(r) = stack.pop() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(res) = model.get(&r).filter(|s| s.kind == Kind::Resource) {
            ops.extend(res.operations.iter().cloned());
            stack.extend(res.resources.iter().cloned());
        }
    }
    ops
}

/// The shapes an operation needs: its input, output, errors (plus the service's common
/// errors) and everything their members reach. Prelude shapes are included.
pub fn closure(model: &Model, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.get(&id) else {
            continue;
        };
        stack.extend(shape.input.iter().cloned());
        stack.extend(shape.output.iter().cloned());
        stack.extend(shape.errors.iter().cloned());
        stack.extend(shape.members.values().map(|m| m.target.clone()));
    }
    seen
}

/// The paginated trait of an operation merged field by field over the service's.
pub fn merged_paginated(service: &Shape, op: &Shape) -> Option<BTreeMap<String, String>> {
    let op_trait = op.traits.get(traits::PAGINATED)?;
    let mut merged = BTreeMap::new();
    for source in [service.traits.get(traits::PAGINATED), Some(op_trait)]
        .into_iter()
        .flatten()
    {
        if let Some(obj) = source.as_object() {
            for (k, v) in obj {
                if let Some(v) = v.as_str() {
                    merged.insert(k.clone(), v.to_string());
                }
            }
        }
    }
    Some(merged)
}

/// Model queries every later stage needs, computed once per generation.
#[derive(Clone, Debug, Default)]
pub struct Queries {
    /// The operations to generate, by id.
    pub operations: BTreeSet<String>,
    /// Every shape they and the service's common errors reach (prelude shapes included).
    pub closure: BTreeSet<String>,
    /// Each paginated operation's `paginated` trait, merged over the service's.
    pub paginated: BTreeMap<String, BTreeMap<String, String>>,
}

impl Queries {
    pub fn new(model: &Model, service: &Shape, operations: BTreeSet<String>) -> Queries {
        let mut roots: Vec<String> = operations.iter().cloned().collect();
        roots.extend(service.errors.iter().cloned());
        let closure = closure(model, roots);
        let paginated = operations
            .iter()
            .filter_map(|id| model.get(id))
            .filter_map(|op| Some((op.id.clone(), merged_paginated(service, op)?)))
            .collect();
        Queries {
            operations,
            closure,
            paginated,
        }
    }
}

/// Why an operation cannot be generated yet, when it cannot: the rest of the service is
/// still right without it, so it is left out (and said so) rather than generated wrong.
/// `streaming_payloads`: the protocol binds a `@streaming` blob as the HTTP payload
/// (restJson1); the JSON RPC protocols have no payload to stream.
pub fn unsupported_operation(
    model: &Model,
    op: &Shape,
    streaming_payloads: bool,
) -> Option<String> {
    let discovery = op.traits.get(traits::CLIENT_DISCOVERED_ENDPOINT);
    if discovery
        .and_then(|d| d.get("required"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        return Some(
            "it requires endpoint discovery (`aws.api#clientDiscoveredEndpoint` with `required: true`), which this generator does not support yet".into(),
        );
    }
    for (which, id) in [("input", &op.input), ("output", &op.output)] {
        let Some(shape) = id.as_deref().and_then(|i| model.get(i)) else {
            continue;
        };
        for (name, member) in &shape.members {
            let Some(target) = model.get(&member.target) else {
                continue;
            };
            if !target.has_trait(traits::STREAMING) {
                continue;
            }
            let id = &target.id;
            if target.kind == Kind::Union {
                return Some(format!(
                    "its {which} member `{name}` is an event stream (`{id}`), which this generator does not support yet"
                ));
            }
            if !streaming_payloads {
                return Some(format!(
                    "its {which} member `{name}` is a streaming blob (`{id}`), which this generator streams only as a restJson1 payload"
                ));
            }
            if !member.traits.contains_key(crate::ir::http::HTTP_PAYLOAD) {
                return Some(format!(
                    "its {which} member `{name}` is a streaming blob (`{id}`) that is not the `@httpPayload`"
                ));
            }
        }
    }
    None
}

/// Kinds the emitter can turn into Rust today; anything else in a closure is reported.
fn supported(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Boolean
            | Kind::Blob
            | Kind::Document
            | Kind::String
            | Kind::Byte
            | Kind::Short
            | Kind::Integer
            | Kind::Long
            | Kind::Float
            | Kind::Double
            | Kind::Timestamp
            | Kind::List
            | Kind::Map
            | Kind::Structure
            | Kind::Enum
            | Kind::IntEnum
            | Kind::Union
    )
}

/// Checks the whole model, then the closure of the chosen service and operations.
pub fn validate(model: &Model, service: &Shape, queries: &Queries) -> Vec<Diagnostic> {
    let mut v = Validator {
        model,
        diags: Vec::new(),
    };
    for shape in model.shapes.values() {
        if shape.id.starts_with("smithy.api#") || shape.has_trait(traits::MIXIN) {
            continue;
        }
        v.shape(shape);
    }
    v.service(service, queries);
    v.diags.sort();
    v.diags.dedup();
    v.diags
}

struct Validator<'m> {
    model: &'m Model,
    diags: Vec<Diagnostic>,
}

impl<'m> Validator<'m> {
    fn err(&mut self, id: impl Into<String>, msg: impl Into<String>) {
        self.diags.push(Diagnostic::new(id, msg));
    }

    /// Resolves a reference, reporting it when missing or of the wrong kind.
    fn expect(
        &mut self,
        from: &str,
        what: &str,
        target: &str,
        kinds: &[Kind],
    ) -> Option<&'m Shape> {
        if target.contains('$') {
            self.err(
                from,
                format!("{what} `{target}` targets a member; it must target a shape"),
            );
            return None;
        }
        let Some(shape) = self.model.get(target) else {
            self.err(
                from,
                format!("{what} `{target}` does not resolve to a shape in the model"),
            );
            return None;
        };
        if !kinds.contains(&shape.kind) {
            let want = if kinds.len() > 4 {
                "a data shape (not an operation, service or resource)".to_string()
            } else {
                kinds
                    .iter()
                    .map(|k| with_article(k.as_str()))
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            self.err(
                from,
                format!(
                    "{what} `{target}` is {}, expected {want}",
                    with_article(shape.kind.as_str())
                ),
            );
            return None;
        }
        Some(shape)
    }

    fn shape(&mut self, shape: &'m Shape) {
        let id = shape.id.as_str();
        let data: Vec<Kind> = DATA_KINDS.to_vec();
        match shape.kind {
            Kind::List => match shape.members.get("member") {
                Some(m) => {
                    self.member_target(shape, "member", &m.target, &data);
                }
                None => self.err(id, "a list must have a `member`"),
            },
            Kind::Map => {
                match shape.members.get("key") {
                    Some(k) => {
                        self.expect(
                            &format!("{id}$key"),
                            "map key",
                            &k.target,
                            &[Kind::String, Kind::Enum],
                        );
                    }
                    None => self.err(id, "a map must have a `key`"),
                }
                match shape.members.get("value") {
                    Some(m) => {
                        self.member_target(shape, "value", &m.target, &data);
                    }
                    None => self.err(id, "a map must have a `value`"),
                }
            }
            Kind::Structure | Kind::Union => {
                let mut lower = BTreeMap::new();
                let mut tokens = 0;
                for (name, m) in &shape.members {
                    if !is_identifier(name) {
                        self.err(
                            format!("{id}${name}"),
                            "member name is not a Smithy identifier",
                        );
                    }
                    if let Some(prev) = lower.insert(name.to_ascii_lowercase(), name.clone()) {
                        self.err(
                            format!("{id}${name}"),
                            format!("member names must differ ignoring case; `{prev}` is taken"),
                        );
                    }
                    let mut allowed = data.clone();
                    if shape.kind == Kind::Union {
                        allowed.push(Kind::Structure);
                    }
                    if m.target == UNIT && shape.kind == Kind::Structure {
                        self.err(
                            format!("{id}${name}"),
                            "`smithy.api#Unit` may only be targeted by union members and operation input/output",
                        );
                        continue;
                    }
                    self.member_target(shape, name, &m.target, &allowed);
                    if m.traits.contains_key(traits::IDEMPOTENCY_TOKEN) {
                        tokens += 1;
                    }
                }
                if tokens > 1 {
                    self.err(
                        id,
                        "at most one member may carry `smithy.api#idempotencyToken`",
                    );
                }
                if shape.has_trait(traits::ERROR) {
                    match shape.traits.get(traits::ERROR).and_then(Value::as_str) {
                        Some("client" | "server") => {}
                        _ => self.err(id, "`smithy.api#error` must be \"client\" or \"server\""),
                    }
                }
            }
            Kind::Enum => self.enum_shape(shape),
            Kind::IntEnum => self.int_enum(shape),
            Kind::Operation => {
                for (what, target) in [("input", &shape.input), ("output", &shape.output)] {
                    let Some(target) = target else { continue };
                    if let Some(s) = self.expect(id, what, target, &[Kind::Structure])
                        && s.has_trait(traits::ERROR)
                    {
                        self.err(id, format!("{what} `{target}` is an error structure"));
                    }
                }
                for e in &shape.errors {
                    self.error_ref(id, e);
                }
            }
            Kind::Service => {
                for op in &shape.operations {
                    self.expect(id, "operation", op, &[Kind::Operation]);
                }
                for r in &shape.resources {
                    self.expect(id, "resource", r, &[Kind::Resource]);
                }
                for e in &shape.errors {
                    self.error_ref(id, e);
                }
            }
            Kind::Resource => {
                for op in &shape.operations {
                    self.expect(id, "operation", op, &[Kind::Operation]);
                }
                for r in &shape.resources {
                    self.expect(id, "resource", r, &[Kind::Resource]);
                }
            }
            _ => {
                if !shape.members.is_empty() {
                    self.err(id, format!("a {} has no members", shape.kind.as_str()));
                }
            }
        }
    }

    fn member_target(&mut self, shape: &Shape, member: &str, target: &str, kinds: &[Kind]) {
        let member_id = format!("{}${member}", shape.id);
        if target == UNIT && shape.kind == Kind::Union {
            return;
        }
        if let Some(t) = self.model.get(target)
            && t.kind == Kind::Structure
            && t.has_trait(traits::UNIT_TYPE)
        {
            self.err(
                member_id,
                "`smithy.api#Unit` may only be targeted by union members and operation input/output",
            );
            return;
        }
        self.expect(&member_id, "target", target, kinds);
    }

    fn error_ref(&mut self, from: &str, target: &str) {
        if let Some(s) = self.expect(from, "error", target, &[Kind::Structure])
            && !s.has_trait(traits::ERROR)
        {
            self.err(
                from,
                format!("error `{target}` has no `smithy.api#error` trait"),
            );
        }
    }

    fn enum_shape(&mut self, shape: &Shape) {
        let mut values = BTreeMap::new();
        if shape.members.is_empty() {
            self.err(&shape.id, "an enum must have at least one member");
        }
        for (name, m) in &shape.members {
            let member_id = format!("{}${name}", shape.id);
            if !is_identifier(name) {
                self.err(&member_id, "enum member name is not a Smithy identifier");
            }
            if m.target != UNIT {
                self.err(&member_id, "enum members must target `smithy.api#Unit`");
            }
            let value = match m.traits.get(traits::ENUM_VALUE) {
                None => name.clone(),
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                Some(_) => {
                    self.err(
                        &member_id,
                        "`enumValue` of an enum member must be a non-empty string",
                    );
                    continue;
                }
            };
            if let Some(prev) = values.insert(value.clone(), name.clone()) {
                self.err(
                    &member_id,
                    format!("enum value {value:?} is already used by `{prev}`"),
                );
            }
        }
    }

    fn int_enum(&mut self, shape: &Shape) {
        let mut values = BTreeMap::new();
        for (name, m) in &shape.members {
            let member_id = format!("{}${name}", shape.id);
            if !is_identifier(name) {
                self.err(&member_id, "intEnum member name is not a Smithy identifier");
            }
            let value = m
                .traits
                .get(traits::ENUM_VALUE)
                .and_then(Value::as_i64)
                .and_then(|v| i32::try_from(v).ok());
            let Some(value) = value else {
                self.err(
                    &member_id,
                    "intEnum members need an `enumValue` that is a 32-bit integer",
                );
                continue;
            };
            if let Some(prev) = values.insert(value, name.clone()) {
                self.err(
                    &member_id,
                    format!("intEnum value {value} is already used by `{prev}`"),
                );
            }
        }
    }

    fn service(&mut self, service: &Shape, queries: &Queries) {
        let closure = &queries.closure;
        self.protocol(service, closure);
        if Protocol::of(service) == Some(Protocol::RestJson1) {
            self.diags.extend(http::check(self.model, service));
            self.diags
                .extend(http::rest_json_support(self.model, service, queries));
        }

        // Names must stay distinct ignoring case, after the service's renames.
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for id in closure {
            let Some(shape) = self.model.get(id) else {
                continue;
            };
            if id.starts_with("smithy.api#")
                || !matches!(
                    shape.kind,
                    Kind::Structure | Kind::Union | Kind::Enum | Kind::IntEnum | Kind::Operation
                )
            {
                continue;
            }
            let name = service
                .rename
                .get(id)
                .map_or(shape_name(id), String::as_str);
            if let Some(prev) = names.insert(name.to_ascii_lowercase(), id.clone()) {
                self.err(
                    id,
                    format!("its name conflicts with `{prev}` ignoring case; add a `rename` to the service"),
                );
            }
        }

        for id in closure {
            let Some(shape) = self.model.get(id) else {
                continue;
            };
            if shape.kind.is_data() && !supported(shape.kind) && id != UNIT {
                self.err(
                    id,
                    format!(
                        "{} shapes are not supported by this generator yet",
                        shape.kind.as_str()
                    ),
                );
            }
            if shape.kind == Kind::Structure {
                self.required_cycle(shape);
            }
            if matches!(shape.kind, Kind::List | Kind::Map) {
                self.collection_cycle(shape);
                self.collection_depth(shape);
            }
        }

        for op_id in &queries.operations {
            let Some(op) = self.model.get(op_id).filter(|s| s.kind == Kind::Operation) else {
                continue;
            };
            if let Some(p) = queries.paginated.get(op_id) {
                self.paginated(op, p);
            } else if op.has_trait(traits::PAGINATED) {
                self.err(op_id, "`smithy.api#paginated` must be an object");
            }
        }
    }

    /// The service must speak a protocol the emitters implement; every other protocol binds
    /// members to URIs, headers or XML, and an awsJson client for it could never work.
    fn protocol(&mut self, service: &Shape, closure: &BTreeSet<String>) {
        let supported = Protocol::ALL
            .iter()
            .map(|p| p.trait_id())
            .collect::<Vec<_>>()
            .join(", ");
        if Protocol::of(service).is_none() {
            let found = protocol_traits(self.model, service);
            let message = match found.as_slice() {
                [] => format!("the service has no protocol trait (supported: {supported})"),
                [one] => format!("protocol {one} is not supported (supported: {supported})"),
                many => format!(
                    "protocols {} are not supported (supported: {supported})",
                    many.join(", ")
                ),
            };
            self.err(&service.id, message);
            return;
        }
        if !query_compatible(service) {
            return;
        }
        for id in closure {
            let Some(value) = self
                .model
                .get(id)
                .and_then(|s| s.traits.get(traits::AWS_QUERY_ERROR))
            else {
                continue;
            };
            let code_ok = value
                .get("code")
                .and_then(Value::as_str)
                .is_some_and(|c| !c.is_empty() && !c.contains(';'));
            let status_ok = value
                .get("httpResponseCode")
                .is_none_or(|s| s.as_u64().is_some_and(|s| (100..=999).contains(&s)));
            if !code_ok || !status_ok {
                self.err(
                    id,
                    "`aws.protocols#awsQueryError` needs a non-empty `code` without `;`, and an HTTP status as `httpResponseCode`",
                );
            }
        }
    }

    /// A list or map that contains itself through other lists and maps only would be an
    /// infinitely nested type: recursion must pass through a structure or union.
    fn collection_cycle(&mut self, start: &Shape) {
        let mut current = start;
        let mut seen = BTreeSet::new();
        loop {
            let Some(next) = current
                .members
                .get("member")
                .or_else(|| current.members.get("value"))
                .and_then(|m| self.model.get(&m.target))
                .filter(|t| matches!(t.kind, Kind::List | Kind::Map))
            else {
                return;
            };
            if next.id == start.id {
                self.err(
                    &start.id,
                    "a list or map that contains itself through lists and maps only is an infinite type; recurse through a structure or union",
                );
                return;
            }
            if !seen.insert(next.id.clone()) {
                return;
            }
            current = next;
        }
    }

    /// Lists of lists nest Rust types as deeply; past a limit the compiler (and the parsers
    /// formatting the output) would exhaust their stacks, so such a model is refused.
    fn collection_depth(&mut self, start: &Shape) {
        let mut depth = 1;
        let mut current = start;
        while let Some(next) = current
            .members
            .get("member")
            .or_else(|| current.members.get("value"))
            .and_then(|m| self.model.get(&m.target))
            .filter(|t| matches!(t.kind, Kind::List | Kind::Map) && t.id != start.id)
        {
            depth += 1;
            if depth > MAX_COLLECTION_DEPTH {
                self.err(
                    &start.id,
                    format!("lists and maps nest more than {MAX_COLLECTION_DEPTH} levels deep here; no generator output would compile"),
                );
                return;
            }
            current = next;
        }
    }

    /// A cycle of structures linked only through `required` members can never be built.
    fn required_cycle(&mut self, start: &Shape) {
        let mut stack = vec![(start.id.clone(), vec![start.id.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((id, path)) = stack.pop() {
            let Some(shape) = self.model.get(&id) else {
                continue;
            };
            for m in shape.members.values() {
                if !m.traits.contains_key(traits::REQUIRED) {
                    continue;
                }
                let Some(t) = self.model.get(&m.target) else {
                    continue;
                };
                if t.kind != Kind::Structure {
                    continue;
                }
                if t.id == start.id {
                    self.err(
                        &start.id,
                        format!(
                            "structures form a cycle of required members ({} -> {}); no value could ever be built",
                            path.join(" -> "),
                            start.id
                        ),
                    );
                    return;
                }
                if seen.insert(t.id.clone()) {
                    let mut p = path.clone();
                    p.push(t.id.clone());
                    stack.push((t.id.clone(), p));
                }
            }
        }
    }

    fn paginated(&mut self, op: &Shape, p: &BTreeMap<String, String>) {
        let id = op.id.as_str();
        let input = op.input.as_deref().and_then(|i| self.model.get(i));
        let output = op.output.as_deref().and_then(|o| self.model.get(o));
        let (Some(input_token), Some(output_token)) = (p.get("inputToken"), p.get("outputToken"))
        else {
            self.err(id, "`paginated` needs both `inputToken` and `outputToken`");
            return;
        };
        let (Some(input), Some(output)) = (input, output) else {
            self.err(
                id,
                "a paginated operation needs an input and an output structure",
            );
            return;
        };
        let mut input_kind = None;
        match input.members.get(input_token) {
            None => self.err(
                id,
                format!(
                    "paginated `inputToken` `{input_token}` is not a member of `{}`",
                    input.id
                ),
            ),
            Some(m) => {
                if m.traits.contains_key(traits::REQUIRED) {
                    self.err(
                        id,
                        format!("paginated `inputToken` `{input_token}` must not be required"),
                    );
                }
                input_kind = self.model.get(&m.target).map(|t| (t.kind, t.id.clone()));
                if !matches!(input_kind, Some((Kind::String | Kind::Map, _))) {
                    self.err(
                        id,
                        format!(
                            "paginated `inputToken` `{input_token}` must target a string or a map"
                        ),
                    );
                }
            }
        }
        match resolve_path(self.model, output, output_token) {
            Ok(t) if matches!(t.kind, Kind::String | Kind::Map) => {
                // The token read from one page is sent with the next: one type for both.
                let compatible = |(kind, target): &(Kind, String)| match (kind, t.kind) {
                    (Kind::String, Kind::String) => true,
                    _ => *target == t.id,
                };
                if let Some(input_kind) = input_kind.as_ref().filter(|k| !compatible(k)) {
                    let input_target = &input_kind.1;
                    self.err(
                        id,
                        format!("paginated `outputToken` `{output_token}` targets `{}`, but `inputToken` `{input_token}` targets `{input_target}`", t.id),
                    );
                }
            }
            Ok(_) => self.err(
                id,
                format!("paginated `outputToken` `{output_token}` must target a string or a map"),
            ),
            Err(e) => self.err(id, format!("paginated `outputToken`: {e}")),
        }
        if let Some(items) = p.get("items") {
            match resolve_path(self.model, output, items) {
                Ok(t) if matches!(t.kind, Kind::List | Kind::Map) => {}
                Ok(_) => self.err(
                    id,
                    format!("paginated `items` `{items}` must target a list or map"),
                ),
                Err(e) => self.err(id, format!("paginated `items`: {e}")),
            }
        }
        if let Some(size) = p.get("pageSize") {
            match input.members.get(size) {
                None => self.err(
                    id,
                    format!(
                        "paginated `pageSize` `{size}` is not a member of `{}`",
                        input.id
                    ),
                ),
                Some(m) => {
                    let kind = self.model.get(&m.target).map(|t| t.kind);
                    if !matches!(
                        kind,
                        Some(Kind::Byte | Kind::Short | Kind::Integer | Kind::Long)
                    ) {
                        self.err(
                            id,
                            format!("paginated `pageSize` `{size}` must target an integer type"),
                        );
                    }
                }
            }
        }
    }
}

/// How deeply lists and maps may nest directly inside each other.
pub const MAX_COLLECTION_DEPTH: usize = 32;

const DATA_KINDS: &[Kind] = &[
    Kind::Blob,
    Kind::Boolean,
    Kind::String,
    Kind::Byte,
    Kind::Short,
    Kind::Integer,
    Kind::Long,
    Kind::Float,
    Kind::Double,
    Kind::BigInteger,
    Kind::BigDecimal,
    Kind::Timestamp,
    Kind::Document,
    Kind::List,
    Kind::Map,
    Kind::Structure,
    Kind::Union,
    Kind::Enum,
    Kind::IntEnum,
];

/// `an operation`, `a string`: kind names in messages.
fn with_article(kind: &str) -> String {
    let vowel = kind.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {kind}", if vowel { "an" } else { "a" })
}

/// Follows a dotted member path (`a.b`) from a structure to the shape it targets.
pub fn resolve_path<'m>(
    model: &'m Model,
    from: &'m Shape,
    path: &str,
) -> Result<&'m Shape, String> {
    let mut current = from;
    for part in path.split('.') {
        let Some(m) = current.members.get(part) else {
            return Err(format!(
                "`{part}` of `{path}` is not a member of `{}`",
                current.id
            ));
        };
        current = model
            .get(&m.target)
            .ok_or_else(|| format!("`{path}` reaches `{}`, which does not exist", m.target))?;
    }
    Ok(current)
}
