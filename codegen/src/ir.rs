//! IR stage: everything the emitters need, resolved once from a validated model: Rust names,
//! optionality, defaults, boxing, error lists, pagination and Markdown docs. Emitters read
//! only this, never the raw model, so naming and nullability decisions live in one place.
//!
//! Every identifier is minted by the naming pass ([`names`]); the shapes are turned into IR
//! in `shapes` and the operations (errors, pagination, endpoint traits) in `operations`.
//! [`http`] resolves the HTTP bindings of the REST protocols (not used by awsJson, whose
//! requests are all `POST /`).

pub mod customize;
mod defaults;
pub mod endpoint;
mod endpoint_fallback;
pub mod endpoint_params;
mod endpoint_tests;
pub mod http;
pub mod names;
mod operations;
mod rest;
mod shapes;

use std::collections::BTreeSet;

use heck::ToKebabCase;
use serde_json::Value;

use crate::docs::html_to_markdown;
use crate::error::Diagnostic;
use crate::model::{Kind, Model, Shape, trait_str, traits};
use crate::protocol::query_compatible;
pub use crate::protocol::{Protocol, QueryError};
use crate::validate::Queries;

pub use customize::ServiceHeader;
pub use defaults::DefaultValue;
pub use endpoint::EndpointRules;
pub use endpoint_params::{BindingEnd, BindingSource, BindingStep, EndpointBinding};

/// The whole crate to generate.
#[derive(Clone, Debug)]
pub struct Crate {
    /// Cargo package name (`cognito-identity-provider`).
    pub package: String,
    pub service: Service,
    /// The endpoint rules the client resolves with, and the model's endpoint tests.
    pub endpoint: EndpointRules,
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
    /// Operations of the service that are not generated, and why (sorted by name).
    pub omitted: Vec<Omitted>,
    /// The methods the runtime defines on `Client`, which operation methods must avoid.
    pub client_methods: Vec<String>,
}

/// An operation left out of the crate because it needs something this generator does not
/// support yet; the rest of the service is still right without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Omitted {
    pub id: String,
    pub name: String,
    pub reason: String,
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
    /// The service offers endpoint discovery (`aws.api#clientEndpointDiscovery`); the crate
    /// does not use it (operations that require it are left out).
    pub endpoint_discovery: bool,
    /// The wire protocol, chosen once from the service's protocol traits.
    pub protocol: Protocol,
    /// `@awsQueryCompatible` (with awsJson1_0): requests say `x-amzn-query-mode: true` and error
    /// responses may carry their awsQuery code in `x-amzn-query-error`.
    pub query_compatible: bool,
    /// Headers every request carries that no trait states: AWS SDK customizations (see
    /// [`customize`]).
    pub request_headers: Vec<ServiceHeader>,
}

#[derive(Clone, Debug)]
pub struct Operation {
    pub id: String,
    /// The operation shape's name (`ListDevices`), also the Rust type name of its marker.
    pub name: String,
    /// Module name (`list_devices`).
    pub module: String,
    /// The client method (`list_devices`; moved aside where the runtime's `Client` already
    /// has a method of that name, e.g. `send_operation`).
    pub method: String,
    /// The fluent builder the client method returns (`ListDevicesFluentBuilder`).
    pub fluent: String,
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
    /// Checksums of the body (as sent, so after compression) the client adds as headers.
    pub checksums: Vec<Checksum>,
    /// The signature covers `x-amz-content-sha256`, the body's SHA-256 (Glacier's uploads).
    pub content_sha256: bool,
    /// An input field whose value replaces the endpoint (see [`ENDPOINT_MEMBERS`]).
    pub endpoint_field: Option<String>,
    /// The endpoint parameters the operation sets from constants and its input; when there
    /// are any, the client resolves the endpoint per call.
    pub endpoint_params: Vec<EndpointBinding>,
    /// restJson1: the HTTP binding (method, URI, where each input and output member goes).
    pub http: Option<http::HttpOperation>,
    /// restJson1: the `@mediaType` of the request payload's target, its `Content-Type`.
    pub payload_media_type: Option<String>,
    /// The input field the client fills with a fresh token at send time when it is unset
    /// (`@idempotencyToken`); the input's builder then leaves it alone.
    pub idempotency_token: Option<String>,
}

/// A checksum of the request body, sent in a header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checksum {
    /// `Content-MD5` (`@httpChecksumRequired`).
    ContentMd5,
    /// Glacier's SHA-256 tree hash, `x-amz-sha256-tree-hash` (a customization).
    TreeHash,
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
    /// The variant of the operation's error enum (never `Unhandled`, the catch-all's name).
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
    /// restJson1: the error's members bound to headers, read from the response besides its
    /// body.
    pub http_fields: Vec<BoundField>,
}

/// A member bound outside the body (restJson1), with its field.
#[derive(Clone, Debug)]
pub struct BoundField {
    pub field: Field,
    pub binding: http::MemberBinding,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    Client,
    Server,
}

#[derive(Clone, Debug)]
pub struct ErrorInfo {
    /// The wire error code: the shape name.
    pub code: String,
    pub fault: Fault,
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub throttling: bool,
}

#[derive(Clone, Debug)]
pub struct Structure {
    pub id: String,
    pub name: String,
    /// Its builder, in the module's `builders` (`ListDevicesInputBuilder`).
    pub builder: String,
    pub docs: Option<String>,
    pub fields: Vec<Field>,
    pub error: Option<ErrorInfo>,
    /// For errors: the field holding the message (a string member named `message` in any
    /// case), by index into `fields`.
    pub message_field: Option<usize>,
    /// Needs an error-corrected value (see [`Fallback::Corrected`]): some deserialized
    /// structure has a required member of this type.
    pub corrected: bool,
    /// The structure is marked `@sensitive`: its whole value is redacted.
    pub sensitive: bool,
    /// Needs a JSON serializer (reachable from an input).
    pub serialize: bool,
    /// Needs a JSON deserializer (reachable from an output or error).
    pub deserialize: bool,
    /// The operation module holding it (inputs and outputs); `None` for `types`.
    pub module: Option<String>,
    /// The member the builder fills with a fresh token when it is unset (`@idempotencyToken`);
    /// never an operation input's, which the client fills when it sends the input.
    pub idempotency_token: Option<String>,
}

impl Structure {
    /// Whether a member streams (an operation's `@streaming` payload): a stream is read once,
    /// so the structure, its builder and the operation's fluent builder are not `Clone`.
    pub fn streams(&self) -> bool {
        self.fields.iter().any(|f| f.ty == Type::Stream)
    }
}

impl Structure {
    /// The error's message field, if it has one.
    pub fn message(&self) -> Option<&Field> {
        self.message_field.and_then(|i| self.fields.get(i))
    }
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
    /// The member name.
    pub wire_name: String,
    /// The JSON key: the member name, or for restJson1 its `@jsonName`.
    pub json_key: String,
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
    /// The member name, which is also the JSON key in awsJson.
    pub wire_name: String,
    /// The key of the member in a JSON body: the member name for awsJson, its `@jsonName` (or
    /// name) for restJson1; `None` for a restJson1 input, output or error member bound to a
    /// label, the query, a header, the payload or the status code.
    pub json_key: Option<String>,
    /// The field, and the name of its setters on the builder and the fluent builder.
    pub name: String,
    /// The setter taking an `Option` (`set_access_token`), for members the builder does
    /// not track in its type.
    pub set_name: Option<String>,
    /// For required members without a default: the builder's type parameter and the marker
    /// trait `build()` requires.
    pub typestate: Option<Typestate>,
    pub docs: Option<String>,
    pub ty: Type,
    /// `Option<T>` in Rust. Required members without it are enforced by the builder.
    pub optional: bool,
    pub sensitive: bool,
    /// Held behind a `Box` because it closes a cycle of structures.
    pub boxed: bool,
    pub deprecated: Option<String>,
    /// The model's default value, when it has one this generator can express (any other
    /// leaves the member required).
    pub default: Option<DefaultValue>,
    /// How a non-optional member is filled when a builder or a response leaves it out;
    /// `None` for optional members.
    pub fallback: Option<Fallback>,
}

/// A required member's place in its builder's type state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typestate {
    /// The builder's type parameter (`AccessToken`).
    pub param: String,
    /// The marker trait satisfied once it is set (`ListDevicesInputAccessTokenIsSet`).
    pub trait_name: String,
}

/// What a non-optional member becomes when it is missing: its model default, or Smithy's
/// client error correction (a required member a response leaves out takes its type's zero
/// value instead of failing the whole response).
#[derive(Clone, Debug, PartialEq)]
pub enum Fallback {
    /// The model's default value; `type_default` when it equals the Rust type's `Default`.
    Default {
        value: DefaultValue,
        type_default: bool,
    },
    /// Error correction to the zero value, which is the Rust type's `Default`
    /// (strings, numbers, booleans, timestamps, blobs, lists, maps).
    Zero,
    /// Error correction for types whose zero value is not their `Default`: structures (their
    /// own members corrected in turn), enums (the unknown value `""`), intEnums (`0`),
    /// unions (unknown) and documents (`null`).
    Corrected,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// A `@streaming` blob: an operation's payload, read as it arrives (`ByteStream`).
    Stream,
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
    /// The token's type: a string, or a map (DynamoDB's `ExclusiveStartKey`).
    pub token: Type,
    /// Output fields leading to the next token.
    pub output_token: Vec<PathStep>,
    /// Output fields leading to the items, and the item type.
    pub items: Option<(Vec<PathStep>, ItemType)>,
    pub page_size: Option<PageSize>,
}

/// The input member that asks for a number of results per page.
#[derive(Clone, Debug)]
pub struct PageSize {
    pub field: String,
    pub ty: Type,
    pub optional: bool,
}

/// What the items stream of a paginator yields.
#[derive(Clone, Debug)]
pub enum ItemType {
    /// The members of a list.
    Item(Type),
    /// The entries of a map, as `(key, value)`.
    Entry(Type),
}

/// One step of a dotted pagination path: a field as the naming pass named it.
#[derive(Clone, Debug)]
pub struct PathStep {
    pub field: String,
    pub optional: bool,
}

/// Options that shape the IR but are not in the model.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub package: Option<String>,
    /// Operations of the service left out of the crate, with the reason (from
    /// [`crate::validate::unsupported_operation`]).
    pub omitted: Vec<Omitted>,
}

/// Builds the IR for the operations `queries` selected. Validation must have passed.
pub fn build(
    model: &Model,
    service: &Shape,
    queries: &Queries,
    options: &Options,
) -> Result<Crate, Vec<Diagnostic>> {
    let operations = &queries.operations;
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
    let serialized = crate::validate::closure(model, ser_roots);
    let deserialized = crate::validate::closure(model, de_roots);

    let mut b = shapes::Builder::new(model, service, queries, &type_ids, &error_ids);

    let mut ops: Vec<Operation> = operations
        .iter()
        .filter_map(|id| model.get(id))
        .map(|op| b.operation(op, &serialized, &deserialized))
        .collect();
    let mut types: Vec<Structure> = type_ids
        .iter()
        .filter(|id| !error_ids.contains(*id))
        .filter_map(|id| model.get(id))
        .filter(|s| s.kind == Kind::Structure)
        .map(|s| b.structure(s, None, &[], &serialized, &deserialized))
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
        .map(|s| b.structure(s, None, &[], &serialized, &deserialized))
        .collect();
    types.sort_by(|a, b| a.name.cmp(&b.name));
    errors.sort_by(|a, b| a.name.cmp(&b.name));
    ops.sort_by(|a, b| a.name.cmp(&b.name));
    if b.rest {
        rest::bind_errors(model, &mut errors, &mut ops);
    }

    // Names derived from the structures (builders, marker traits) are minted per module, now
    // that every structure of the module is known.
    shapes::name_builders(&mut types.iter_mut().collect::<Vec<_>>());
    shapes::name_builders(&mut errors.iter_mut().collect::<Vec<_>>());
    for op in &mut ops {
        let Operation { input, output, .. } = op;
        shapes::name_builders(&mut [input, output]);
    }
    for op in &mut ops {
        if let Some(shape) = model.get(&op.id) {
            op.paginator = b.paginator(shape, op, &types);
        }
    }
    let endpoint_prefix = ["endpointPrefix", "arnNamespace"]
        .iter()
        .find_map(|k| trait_str(&service.traits, traits::AWS_SERVICE, k))
        .or_else(|| trait_str(&service.traits, traits::SIGV4, "name"))
        .map_or_else(|| service.name().to_ascii_lowercase(), str::to_string);
    let endpoint =
        endpoint::endpoint_rules(&service.id, &service.traits, &endpoint_prefix, &mut b.diags);
    for op in &mut ops {
        if let Some(shape) = model.get(&op.id) {
            op.endpoint_params = endpoint_params::bindings(
                model,
                shape,
                op,
                &types,
                &endpoint.rule_set,
                &mut b.diags,
            );
        }
    }
    defaults::mark_corrected(&ops, &errors, &mut types);
    // Validation refuses such a service first; this keeps the IR total anyway.
    let protocol = Protocol::of(service).unwrap_or_else(|| {
        b.diags
            .push(Diagnostic::new(&service.id, "no supported protocol"));
        Protocol::AwsJson1_1
    });

    if !b.diags.is_empty() {
        return Err(b.diags);
    }

    let shape_count = queries
        .closure
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
    let mut omitted = options.omitted.clone();
    omitted.sort_by(|a, b| a.name.cmp(&b.name));
    let krate = Crate {
        package,
        endpoint,
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
            endpoint_prefix,
            endpoint_discovery: service.has_trait(traits::CLIENT_ENDPOINT_DISCOVERY),
            protocol,
            query_compatible: query_compatible(service),
            request_headers: b.custom.headers.clone(),
        },
        operations: ops,
        types,
        enums,
        unions,
        errors,
        shape_count,
        omitted,
        client_methods: b.client_methods().to_vec(),
    };
    let clashes = names::check(&krate);
    if clashes.is_empty() {
        Ok(krate)
    } else {
        Err(clashes)
    }
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

/// The Smithy 1.0 `enum` trait on string shapes.
pub(crate) const ENUM_TRAIT: &str = "smithy.api#enum";

/// Enum shapes, intEnums, and strings carrying the 1.0 `enum` trait.
pub(crate) fn is_enum(shape: &Shape) -> bool {
    matches!(shape.kind, Kind::Enum | Kind::IntEnum)
        || (shape.kind == Kind::String && shape.has_trait(ENUM_TRAIT))
}

/// Whether a member has a non-null default, its own or its target's; `default: null` on the
/// member cancels the target's.
pub(crate) fn member_has_default(member: &crate::model::Member, target: &Shape) -> bool {
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
pub(crate) fn error_info(shape: &Shape) -> ErrorInfo {
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
        code: shape.name().to_string(),
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

pub(crate) fn deprecated(traits_: &crate::model::Traits) -> Option<String> {
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
