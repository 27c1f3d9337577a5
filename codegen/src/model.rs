//! Load stage: Smithy JSON AST documents (plus the embedded prelude) into one [`Model`].
//!
//! The loader converts `serde_json::Value`s by hand rather than with derived `Deserialize`
//! impls, so that every structural problem is reported with the id of the shape it sits in
//! and all of them are collected, instead of serde stopping at the first with a byte offset.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde_json::{Map, Value};

use crate::error::{Diagnostic, Error};

/// Trait ids used by the generator, so a typo cannot silently disable a feature.
pub mod traits {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const ERROR: &str = "smithy.api#error";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const AUTH: &str = "smithy.api#auth";
    pub const TITLE: &str = "smithy.api#title";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const UNIT_TYPE: &str = "smithy.api#unitType";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const AWS_JSON_1_0: &str = "aws.protocols#awsJson1_0";
    pub const AWS_JSON_1_1: &str = "aws.protocols#awsJson1_1";
    pub const REST_JSON_1: &str = "aws.protocols#restJson1";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";
    pub const PROTOCOL_DEFINITION: &str = "smithy.api#protocolDefinition";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const CLIENT_DISCOVERED_ENDPOINT: &str = "aws.api#clientDiscoveredEndpoint";
    pub const CLIENT_ENDPOINT_DISCOVERY: &str = "aws.api#clientEndpointDiscovery";
}

/// The id of Smithy's unit type, which stands for "no input" / "no output".
pub const UNIT: &str = "smithy.api#Unit";

/// A shape's kind, as the JSON AST's `type` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    List,
    Map,
    Structure,
    Union,
    Enum,
    IntEnum,
    Operation,
    Service,
    Resource,
}

impl Kind {
    fn parse(name: &str) -> Option<Kind> {
        Some(match name {
            "blob" => Kind::Blob,
            "boolean" => Kind::Boolean,
            "string" => Kind::String,
            "byte" => Kind::Byte,
            "short" => Kind::Short,
            "integer" => Kind::Integer,
            "long" => Kind::Long,
            "float" => Kind::Float,
            "double" => Kind::Double,
            "bigInteger" => Kind::BigInteger,
            "bigDecimal" => Kind::BigDecimal,
            "timestamp" => Kind::Timestamp,
            "document" => Kind::Document,
            // Smithy 1.0 sets are lists whose items are unique; uniqueness is not a client concern.
            "list" | "set" => Kind::List,
            "map" => Kind::Map,
            "structure" => Kind::Structure,
            "union" => Kind::Union,
            "enum" => Kind::Enum,
            "intEnum" => Kind::IntEnum,
            "operation" => Kind::Operation,
            "service" => Kind::Service,
            "resource" => Kind::Resource,
            _ => return None,
        })
    }

    /// The JSON AST spelling, for messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Blob => "blob",
            Kind::Boolean => "boolean",
            Kind::String => "string",
            Kind::Byte => "byte",
            Kind::Short => "short",
            Kind::Integer => "integer",
            Kind::Long => "long",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::BigInteger => "bigInteger",
            Kind::BigDecimal => "bigDecimal",
            Kind::Timestamp => "timestamp",
            Kind::Document => "document",
            Kind::List => "list",
            Kind::Map => "map",
            Kind::Structure => "structure",
            Kind::Union => "union",
            Kind::Enum => "enum",
            Kind::IntEnum => "intEnum",
            Kind::Operation => "operation",
            Kind::Service => "service",
            Kind::Resource => "resource",
        }
    }

    /// Kinds that hold data (may be targeted by a member).
    pub fn is_data(self) -> bool {
        !matches!(self, Kind::Operation | Kind::Service | Kind::Resource)
    }
}

/// Traits by absolute id. A `BTreeMap` so iteration never depends on file order.
pub type Traits = BTreeMap<String, Value>;

/// A member of a structure, union, enum, list (`member`) or map (`key`, `value`).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub target: String,
    pub traits: Traits,
}

/// One shape. Aggregate members keep declaration order (it is the order of generated fields).
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    pub id: String,
    pub kind: Kind,
    pub traits: Traits,
    /// Structure/union/enum members by name; lists hold `member`, maps `key` and `value`.
    pub members: IndexMap<String, Member>,
    pub mixins: Vec<String>,
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
    pub operations: Vec<String>,
    pub resources: Vec<String>,
    pub version: Option<String>,
    pub rename: BTreeMap<String, String>,
}

impl Shape {
    fn new(id: &str, kind: Kind) -> Shape {
        Shape {
            id: id.to_string(),
            kind,
            traits: Traits::new(),
            members: IndexMap::new(),
            mixins: Vec::new(),
            input: None,
            output: None,
            errors: Vec::new(),
            operations: Vec::new(),
            resources: Vec::new(),
            version: None,
            rename: BTreeMap::new(),
        }
    }

    /// The part of the id after `#`.
    pub fn name(&self) -> &str {
        shape_name(&self.id)
    }

    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    pub fn doc(&self) -> Option<&str> {
        self.traits
            .get(traits::DOCUMENTATION)
            .and_then(Value::as_str)
    }
}

/// The part of an absolute shape id after `#` (and before any `$member`).
pub fn shape_name(id: &str) -> &str {
    let name = id.rsplit_once('#').map_or(id, |(_, n)| n);
    name.split_once('$').map_or(name, |(n, _)| n)
}

/// Every shape of every loaded document and the prelude, keyed by absolute id.
#[derive(Clone, Debug, Default)]
pub struct Model {
    pub shapes: BTreeMap<String, Shape>,
}

impl Model {
    pub fn get(&self, id: &str) -> Option<&Shape> {
        self.shapes.get(id)
    }
}

const PRELUDE: &str = include_str!("prelude.json");

/// Reads model files: each path is a `.json` file or a directory searched (recursively, in
/// name order) for `.json` files.
pub fn load_paths(paths: &[PathBuf]) -> Result<Model, Error> {
    let mut files = Vec::new();
    for path in paths {
        collect_json_files(path, &mut files)?;
    }
    if files.is_empty() {
        return Err(Error::NoModelFiles(paths.to_vec()));
    }
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
        docs.push((file.display().to_string(), text));
    }
    let refs: Vec<(&str, &str)> = docs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    load_strs(&refs)
}

fn collect_json_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries = Vec::new();
    let read = std::fs::read_dir(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    for entry in read {
        let entry = entry.map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        entries.push(entry.path());
    }
    // Directory order differs between file systems; sorting keeps output reproducible.
    entries.sort();
    for entry in entries {
        if entry.is_dir() || entry.extension().is_some_and(|e| e == "json") {
            collect_json_files(&entry, out)?;
        }
    }
    Ok(())
}

/// Loads JSON AST documents given as `(name, text)`, the name only used in messages.
pub fn load_strs(docs: &[(&str, &str)]) -> Result<Model, Error> {
    let mut builder = Loader::default();
    builder.document("<prelude>", PRELUDE);
    for (name, text) in docs {
        builder.document(name, text);
    }
    builder.finish()
}

#[derive(Default)]
struct Loader {
    model: Model,
    applies: Vec<(String, Traits)>,
    diagnostics: Vec<Diagnostic>,
}

impl Loader {
    fn err(&mut self, shape: impl Into<String>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(shape, message));
    }

    fn document(&mut self, name: &str, text: &str) {
        let root: Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                self.diagnostics
                    .push(Diagnostic::file(name, format!("not valid JSON: {e}")));
                return;
            }
        };
        let Some(root) = root.as_object() else {
            self.diagnostics.push(Diagnostic::file(
                name,
                "the top level must be a JSON object with `smithy` and `shapes`",
            ));
            return;
        };
        match root.get("smithy") {
            Some(Value::String(v)) if matches!(v.as_str(), "1" | "1.0" | "2" | "2.0") => {}
            Some(Value::String(v)) => {
                self.diagnostics.push(Diagnostic::file(
                    name,
                    format!("unsupported `smithy` version {v:?} (supported: 1.0, 2.0)"),
                ));
                return;
            }
            Some(_) => {
                self.diagnostics
                    .push(Diagnostic::file(name, "`smithy` must be a version string"));
                return;
            }
            None => {
                self.diagnostics
                    .push(Diagnostic::file(name, "missing the `smithy` version key"));
                return;
            }
        }
        let shapes = match root.get("shapes") {
            None => return,
            Some(Value::Object(shapes)) => shapes,
            Some(_) => {
                self.diagnostics
                    .push(Diagnostic::file(name, "`shapes` must be an object"));
                return;
            }
        };
        for (id, value) in shapes {
            self.shape(id, value);
        }
    }

    fn shape(&mut self, id: &str, value: &Value) {
        if !is_absolute_shape_id(id) {
            self.err(
                id,
                "not an absolute shape id (expected `namespace#Name`, Name an identifier)",
            );
            return;
        }
        let Some(obj) = value.as_object() else {
            self.err(id, "a shape must be a JSON object");
            return;
        };
        let Some(type_name) = obj.get("type").and_then(Value::as_str) else {
            self.err(id, "missing the `type` key");
            return;
        };
        let traits = self.traits(id, obj.get("traits"));
        if type_name == "apply" {
            self.applies.push((id.to_string(), traits));
            return;
        }
        let Some(kind) = Kind::parse(type_name) else {
            self.err(id, format!("unknown shape type `{type_name}`"));
            return;
        };
        let mut shape = Shape::new(id, kind);
        shape.traits = traits;
        shape.mixins = self.targets(id, obj.get("mixins"), "mixins");
        match kind {
            Kind::List => {
                if let Some(m) = self.member(id, "member", obj.get("member")) {
                    shape.members.insert("member".into(), m);
                }
            }
            Kind::Map => {
                for key in ["key", "value"] {
                    if let Some(m) = self.member(id, key, obj.get(key)) {
                        shape.members.insert(key.into(), m);
                    }
                }
            }
            Kind::Structure | Kind::Union | Kind::Enum | Kind::IntEnum => {
                match obj.get("members") {
                    None => {}
                    Some(Value::Object(members)) => {
                        for (name, m) in members {
                            if let Some(m) = self.member(id, name, Some(m)) {
                                shape.members.insert(name.clone(), m);
                            }
                        }
                    }
                    Some(_) => self.err(id, "`members` must be an object"),
                }
            }
            Kind::Operation => {
                shape.input = self.target(id, obj.get("input"), "input");
                shape.output = self.target(id, obj.get("output"), "output");
                shape.errors = self.targets(id, obj.get("errors"), "errors");
            }
            Kind::Service => {
                shape.version = match obj.get("version") {
                    None => None,
                    Some(Value::String(v)) => Some(v.clone()),
                    Some(_) => {
                        self.err(id, "`version` must be a string");
                        None
                    }
                };
                shape.operations = self.targets(id, obj.get("operations"), "operations");
                shape.resources = self.targets(id, obj.get("resources"), "resources");
                shape.errors = self.targets(id, obj.get("errors"), "errors");
                if let Some(rename) = obj.get("rename") {
                    match rename.as_object() {
                        Some(map) => {
                            for (k, v) in map {
                                match v.as_str() {
                                    Some(v) => {
                                        shape.rename.insert(k.clone(), v.to_string());
                                    }
                                    None => {
                                        self.err(id, format!("`rename` of `{k}` must be a string"))
                                    }
                                }
                            }
                        }
                        None => self.err(id, "`rename` must be an object"),
                    }
                }
            }
            Kind::Resource => {
                // Operations reachable through a resource belong to the service as well.
                for key in ["create", "put", "read", "update", "delete", "list"] {
                    if let Some(t) = self.target(id, obj.get(key), key) {
                        shape.operations.push(t);
                    }
                }
                for key in ["operations", "collectionOperations"] {
                    let targets = self.targets(id, obj.get(key), key);
                    shape.operations.extend(targets);
                }
                shape.resources = self.targets(id, obj.get("resources"), "resources");
            }
            _ => {}
        }
        match self.model.shapes.get(id) {
            Some(existing) if *existing == shape => {}
            Some(_) => self.err(id, "defined twice with different definitions"),
            None => {
                self.model.shapes.insert(id.to_string(), shape);
            }
        }
    }

    fn traits(&mut self, id: &str, value: Option<&Value>) -> Traits {
        match value {
            None => Traits::new(),
            Some(Value::Object(map)) => {
                let mut traits = Traits::new();
                for (k, v) in map {
                    if !is_absolute_shape_id(k) {
                        self.err(
                            id,
                            format!("trait id `{k}` is not absolute (`namespace#name`)"),
                        );
                        continue;
                    }
                    traits.insert(k.clone(), v.clone());
                }
                traits
            }
            Some(_) => {
                self.err(id, "`traits` must be an object");
                Traits::new()
            }
        }
    }

    fn member(&mut self, id: &str, name: &str, value: Option<&Value>) -> Option<Member> {
        let member_id = format!("{id}${name}");
        let Some(value) = value else {
            self.err(id, format!("missing `{name}`"));
            return None;
        };
        let Some(obj) = value.as_object() else {
            self.err(member_id, "a member must be an object with `target`");
            return None;
        };
        let target = self.target(&member_id, Some(value), "member");
        let traits = self.traits(&member_id, obj.get("traits"));
        target.map(|target| Member { target, traits })
    }

    fn target(&mut self, id: &str, value: Option<&Value>, key: &str) -> Option<String> {
        let value = value?;
        match value.get("target").and_then(Value::as_str) {
            Some(t) if is_absolute_shape_id(t) => Some(t.to_string()),
            Some(t) => {
                self.err(
                    id,
                    format!("`{key}` target `{t}` is not an absolute shape id"),
                );
                None
            }
            None => {
                self.err(
                    id,
                    format!("`{key}` must be an object with a string `target`"),
                );
                None
            }
        }
    }

    fn targets(&mut self, id: &str, value: Option<&Value>, key: &str) -> Vec<String> {
        match value {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|item| self.target(id, Some(item), key))
                .collect(),
            Some(_) => {
                self.err(
                    id,
                    format!("`{key}` must be a list of `{{\"target\": ...}}`"),
                );
                Vec::new()
            }
        }
    }

    fn finish(mut self) -> Result<Model, Error> {
        self.apply_traits();
        self.flatten_mixins();
        if self.diagnostics.is_empty() {
            Ok(self.model)
        } else {
            Err(Error::Invalid(self.diagnostics))
        }
    }

    fn apply_traits(&mut self) {
        for (id, traits) in std::mem::take(&mut self.applies) {
            let (shape_id, member) = match id.split_once('$') {
                Some((s, m)) => (s.to_string(), Some(m.to_string())),
                None => (id.clone(), None),
            };
            let Some(shape) = self.model.shapes.get_mut(&shape_id) else {
                self.err(id, "`apply` targets a shape that does not exist");
                continue;
            };
            let slot = match &member {
                None => &mut shape.traits,
                Some(m) => match shape.members.get_mut(m) {
                    Some(member) => &mut member.traits,
                    None => {
                        self.err(id, "`apply` targets a member that does not exist");
                        continue;
                    }
                },
            };
            slot.extend(traits);
        }
    }

    /// Copies members and traits from mixins into the shapes that use them, mixins of mixins
    /// first, so later stages never see a mixin reference.
    fn flatten_mixins(&mut self) {
        let ids: Vec<String> = self
            .model
            .shapes
            .iter()
            .filter(|(_, s)| !s.mixins.is_empty())
            .map(|(id, _)| id.clone())
            .collect();
        for id in ids {
            let mut stack = Vec::new();
            if let Some((members, traits)) = self.resolve_mixins(&id, &mut stack)
                && let Some(shape) = self.model.shapes.get_mut(&id)
            {
                shape.members = members;
                shape.traits = traits;
            }
        }
    }

    fn resolve_mixins(
        &mut self,
        id: &str,
        stack: &mut Vec<String>,
    ) -> Option<(IndexMap<String, Member>, Traits)> {
        if stack.iter().any(|s| s == id) {
            self.err(id, "mixins form a cycle");
            return None;
        }
        let shape = self.model.shapes.get(id)?.clone();
        stack.push(id.to_string());
        let mut members = IndexMap::new();
        let mut traits = Traits::new();
        for mixin_id in &shape.mixins {
            match self.model.shapes.get(mixin_id) {
                None => self.err(id, format!("mixin `{mixin_id}` does not exist")),
                Some(m) if !m.has_trait(traits::MIXIN) => self.err(
                    id,
                    format!("`{mixin_id}` is used as a mixin but has no `smithy.api#mixin` trait"),
                ),
                Some(_) => {
                    if let Some((m_members, m_traits)) = self.resolve_mixins(mixin_id, stack) {
                        members.extend(m_members);
                        // The mixin trait itself, and mixin-local traits, are not inherited.
                        traits.extend(
                            m_traits
                                .into_iter()
                                .filter(|(k, _)| k != traits::MIXIN && k != "smithy.api#private"),
                        );
                    }
                }
            }
        }
        for (name, member) in shape.members {
            match members.get_mut(&name) {
                Some(inherited) => {
                    inherited.traits.extend(member.traits);
                }
                None => {
                    members.insert(name, member);
                }
            }
        }
        traits.extend(shape.traits);
        stack.pop();
        Some((members, traits))
    }
}

/// `namespace#Name` with a valid identifier as name; namespaces are dot-separated identifiers.
pub fn is_absolute_shape_id(id: &str) -> bool {
    let Some((ns, rest)) = id.split_once('#') else {
        return false;
    };
    let name = rest
        .split_once('$')
        .map_or(rest, |(n, m)| if is_identifier(m) { n } else { "" });
    !ns.is_empty() && ns.split('.').all(is_identifier) && is_identifier(name)
}

/// Smithy's identifier grammar: `(1*"_" (ALPHA/DIGIT)) / ALPHA` then `*(ALPHA/DIGIT/"_")`.
pub fn is_identifier(s: &str) -> bool {
    let bytes = s.as_bytes();
    let Some(&first) = bytes.first() else {
        return false;
    };
    let start = if first == b'_' {
        let underscores = bytes.iter().take_while(|&&b| b == b'_').count();
        match bytes.get(underscores) {
            Some(b) if b.is_ascii_alphanumeric() => underscores + 1,
            _ => return false,
        }
    } else if first.is_ascii_alphabetic() {
        1
    } else {
        return false;
    };
    bytes[start..]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// Reads a trait value's object field as a string.
pub fn trait_str<'a>(traits: &'a Traits, trait_id: &str, field: &str) -> Option<&'a str> {
    traits
        .get(trait_id)
        .and_then(Value::as_object)
        .and_then(|o: &Map<String, Value>| o.get(field))
        .and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["a", "A1", "_a", "__a1", "a_b", "ListDevices"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in ["", "_", "__", "1a", "a-b", "a b", "é"] {
            assert!(!is_identifier(bad), "{bad}");
        }
        assert!(is_absolute_shape_id("com.example#Foo"));
        assert!(is_absolute_shape_id("com.example#Foo$bar"));
        assert!(!is_absolute_shape_id("Foo"));
        assert!(!is_absolute_shape_id("com..example#Foo"));
        assert!(!is_absolute_shape_id("com.example#Foo$"));
    }

    #[test]
    fn mixins_and_apply_are_resolved() {
        let doc = r#"{"smithy":"2.0","shapes":{
            "a#Base":{"type":"structure","members":{"id":{"target":"smithy.api#String"}},
                      "traits":{"smithy.api#mixin":{},"smithy.api#documentation":"base"}},
            "a#Thing":{"type":"structure","mixins":[{"target":"a#Base"}],
                       "members":{"name":{"target":"smithy.api#String"}}},
            "a#Thing$name":{"type":"apply","traits":{"smithy.api#required":{}}}
        }}"#;
        let model = load_strs(&[("t", doc)]).expect("loads");
        let thing = model.get("a#Thing").expect("present");
        let names: Vec<_> = thing.members.keys().cloned().collect();
        assert_eq!(names, ["id", "name"]);
        assert!(thing.members["name"].traits.contains_key(traits::REQUIRED));
        assert!(!thing.has_trait(traits::MIXIN));
        assert_eq!(thing.doc(), Some("base"));
    }

    #[test]
    fn structural_errors_name_the_shape() {
        let doc = r#"{"smithy":"2.0","shapes":{
            "a#X":{"type":"widget"},
            "a#Y":{"type":"structure","members":{"m":{"nope":1}}},
            "a#Z":{"type":"structure","mixins":[{"target":"a#Y"}]},
            "a#Missing$m":{"type":"apply","traits":{}}
        }}"#;
        let Err(Error::Invalid(diags)) = load_strs(&[("t", doc)]) else {
            panic!("expected diagnostics");
        };
        let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert!(
            text.iter()
                .any(|d| d.contains("a#X") && d.contains("unknown shape type `widget`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|d| d.contains("a#Y$m") && d.contains("target")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|d| d.contains("a#Z") && d.contains("no `smithy.api#mixin`")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|d| d.contains("a#Missing$m") && d.contains("does not exist")),
            "{text:?}"
        );
    }

    #[test]
    fn versions() {
        for v in ["1", "1.0", "2", "2.0"] {
            let doc = format!(r#"{{"smithy":"{v}","shapes":{{}}}}"#);
            assert!(load_strs(&[("t", &doc)]).is_ok(), "{v}");
        }
        let Err(Error::Invalid(d)) = load_strs(&[("t", r#"{"smithy":"3.0"}"#)]) else {
            panic!("3.0 must be rejected");
        };
        assert!(d[0].to_string().contains("unsupported `smithy` version"));
    }
}
