//! HTTP bindings (Smithy's `http*` traits), resolved once for the protocols that bind members to
//! the parts of an HTTP message (restJson1 now, restXml later): the operation's method, URI
//! pattern and status code, and for every member of its input, output and errors where it
//! travels (label, query, header, prefix headers, payload, status code or the body), with the
//! timestamp format of that place.
//!
//! The resolution is protocol-independent except for the body's timestamp default, which the
//! caller passes ([`BODY_TIMESTAMP_JSON`] for the JSON protocols). It follows Smithy's
//! `HttpBindingIndex`: a trait that does not apply to a message (`@httpQuery` on an output,
//! `@httpResponseCode` on an input) leaves the member in the body. Validation
//! ([`crate::validate::http`]) refuses malformed bindings first; this module stays total on
//! anything else, so it never panics on a model validation would refuse.

use std::collections::BTreeMap;

use serde_json::Value;

use super::TimestampFormat;
use crate::model::{Kind, Member, Model, Shape, UNIT, traits};

/// `smithy.api#http`.
pub const HTTP: &str = "smithy.api#http";
pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
pub const JSON_NAME: &str = "smithy.api#jsonName";
pub const MEDIA_TYPE: &str = "smithy.api#mediaType";

/// The member binding traits; a member carries at most one of them.
pub const BINDING_TRAITS: &[&str] = &[
    HTTP_LABEL,
    HTTP_QUERY,
    HTTP_QUERY_PARAMS,
    HTTP_HEADER,
    HTTP_PREFIX_HEADERS,
    HTTP_PAYLOAD,
    HTTP_RESPONSE_CODE,
];

/// The default timestamp format of JSON bodies (restJson1): epoch seconds.
pub const BODY_TIMESTAMP_JSON: TimestampFormat = TimestampFormat::EpochSeconds;

/// An operation's HTTP binding.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpOperation {
    pub id: String,
    /// `GET`, `PUT`, ... as the model spells it.
    pub method: String,
    pub uri: UriPattern,
    /// The status of a successful response (`@http(code)`, 200 by default).
    pub code: u16,
    /// Where each input member goes in the request.
    pub request: MessageBindings,
    /// Where each output member comes from in the response.
    pub response: MessageBindings,
}

/// A parsed `@http` URI: path segments, then literal query parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriPattern {
    /// The pattern as the model wrote it.
    pub pattern: String,
    /// The segments between `/`s (none for `/`).
    pub path: Vec<PathSegment>,
    /// The pattern's path ends with `/` after its last segment (`/2015-03-31/functions/`).
    pub trailing_slash: bool,
    /// Literal query parameters after `?`, in pattern order (`?list-type=2&uploads`).
    pub query: Vec<QueryLiteral>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// `{name}`, or with `greedy` `{name+}`, which may span several segments (keeps `/`).
    Label {
        name: String,
        greedy: bool,
    },
}

/// `key=value`, or a bare `key` (`value` is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryLiteral {
    pub key: String,
    pub value: Option<String>,
}

impl UriPattern {
    /// Parses a pattern by Smithy's rules: it starts with `/`; has no `#`, no empty segment
    /// and no trailing `?`; labels are whole segments with identifier names; the query part
    /// holds no label and repeats no key. Label rules across segments (duplicates, greedy
    /// position) are checked by [`UriPattern::check_labels`].
    pub fn parse(pattern: &str) -> Result<UriPattern, String> {
        if !pattern.starts_with('/') {
            return Err(format!("URI pattern `{pattern}` must start with `/`"));
        }
        if pattern.ends_with('?') {
            return Err(format!("URI pattern `{pattern}` must not end with `?`"));
        }
        if pattern.contains('#') {
            return Err(format!(
                "URI pattern `{pattern}` must not contain a fragment (`#`)"
            ));
        }
        let (path, query) = match pattern.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (pattern, None),
        };
        let rest = &path[1..];
        let trailing_slash = rest.ends_with('/');
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let mut segments = Vec::new();
        if !rest.is_empty() {
            for raw in rest.split('/') {
                segments.push(parse_segment(pattern, raw)?);
            }
        }
        let mut literals: Vec<QueryLiteral> = Vec::new();
        if let Some(query) = query {
            if query.contains(['{', '}']) {
                return Err(format!(
                    "URI pattern `{pattern}`: labels must not appear in the query string"
                ));
            }
            for part in query.split('&') {
                let (key, value) = match part.split_once('=') {
                    Some((k, v)) => (k, Some(v.to_string())),
                    None => (part, None),
                };
                if key.is_empty() {
                    return Err(format!(
                        "URI pattern `{pattern}`: a literal query parameter has an empty name"
                    ));
                }
                if literals.iter().any(|l| l.key == key) {
                    return Err(format!(
                        "URI pattern `{pattern}`: literal query parameter `{key}` is repeated"
                    ));
                }
                literals.push(QueryLiteral {
                    key: key.to_string(),
                    value,
                });
            }
        }
        Ok(UriPattern {
            pattern: pattern.to_string(),
            path: segments,
            trailing_slash,
            query: literals,
        })
    }

    /// The labels, in pattern order, with whether each is greedy.
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.path.iter().filter_map(|s| match s {
            PathSegment::Label { name, greedy } => Some((name.as_str(), *greedy)),
            PathSegment::Literal(_) => None,
        })
    }

    /// Label problems: a name used twice (ignoring case, as Smithy compares them), more than
    /// one greedy label, or a greedy label followed by another label.
    pub fn check_labels(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let labels: Vec<(&str, bool)> = self.labels().collect();
        for (i, (name, _)) in labels.iter().enumerate() {
            if labels[..i]
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                problems.push(format!(
                    "label `{name}` appears more than once in URI pattern `{}`",
                    self.pattern
                ));
            }
        }
        let greedy: Vec<usize> = (0..labels.len()).filter(|i| labels[*i].1).collect();
        if greedy.len() > 1 {
            problems.push(format!(
                "URI pattern `{}` has more than one greedy label",
                self.pattern
            ));
        } else if let Some(&g) = greedy.first()
            && g + 1 < labels.len()
        {
            problems.push(format!(
                "greedy label `{}+` must be the last label of URI pattern `{}`",
                labels[g].0, self.pattern
            ));
        }
        problems
    }
}

fn parse_segment(pattern: &str, raw: &str) -> Result<PathSegment, String> {
    if raw.is_empty() {
        return Err(format!(
            "URI pattern `{pattern}` must not contain an empty segment (`//`)"
        ));
    }
    if let Some(inner) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        let (name, greedy) = match inner.strip_suffix('+') {
            Some(n) => (n, true),
            None => (inner, false),
        };
        if !crate::model::is_identifier(name) {
            return Err(format!(
                "URI pattern `{pattern}`: `{raw}` is not a label (label names are identifiers)"
            ));
        }
        return Ok(PathSegment::Label {
            name: name.to_string(),
            greedy,
        });
    }
    if raw.contains(['{', '}']) {
        return Err(format!(
            "URI pattern `{pattern}`: segment `{raw}` mixes a label with text (a label must be a whole segment)"
        ));
    }
    Ok(PathSegment::Literal(raw.to_string()))
}

/// Where every member of one message's structure travels.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct MessageBindings {
    /// The structure (`None` for `smithy.api#Unit`).
    pub shape: Option<String>,
    /// One per member, in member order.
    pub members: Vec<MemberBinding>,
    /// What the body is made of.
    pub body: Body,
}

impl MessageBindings {
    /// The binding of a member, by member name.
    pub fn member(&self, name: &str) -> Option<&MemberBinding> {
        self.members.iter().find(|m| m.member == name)
    }
}

/// A member's place in the message.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberBinding {
    /// The member name (the IR field's `wire_name`).
    pub member: String,
    pub location: Location,
    /// For a timestamp, or a list of them: the format in this location (the member's or its
    /// target's `@timestampFormat`, else the location's default).
    pub timestamp_format: Option<TimestampFormat>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// `@httpLabel`: a URI label of the same name. `if_empty` is sent for an empty value
    /// instead of refusing it: a service customization (Glacier's `accountId`, `-`), never
    /// the model's.
    Label {
        greedy: bool,
        if_empty: Option<String>,
    },
    /// `@httpQuery`: the query parameter of this name (a list repeats it).
    Query(String),
    /// `@httpQueryParams`: a map whose entries become query parameters that no
    /// `@httpQuery` member names.
    QueryParams,
    /// `@httpHeader`: the header of this name (a list is comma-joined). `media_type` is the
    /// target string's `@mediaType`: such a value is sent base64-encoded.
    Header {
        name: String,
        media_type: Option<String>,
    },
    /// `@httpPrefixHeaders`: a map, each entry a header named prefix + key.
    PrefixHeaders(String),
    /// `@httpPayload`: the member is the whole body.
    Payload(PayloadKind),
    /// `@httpResponseCode`: the response's status code.
    ResponseCode,
    /// A member of the JSON body, under this key (its `@jsonName`, else its member name).
    Body { json_name: String },
    /// Not bound anywhere: another member is the payload. Validation refuses this.
    Unbound,
}

/// What an `@httpPayload` member's body is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// Raw bytes; `streaming` with `@streaming`.
    Blob { streaming: bool },
    /// UTF-8 text.
    String,
    /// An enum's value as text.
    Enum,
    /// A structure, as a JSON object.
    Structure,
    /// A union, as a JSON object with one member.
    Union,
    /// Any JSON value.
    Document,
}

/// What a message's body is made of.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Body {
    /// No member goes in the body.
    #[default]
    Empty,
    /// These members (by member name, in member order) form a JSON object.
    Document(Vec<String>),
    /// This member is the body.
    Payload(String),
}

/// The bindings of every operation of `operations` that has an `@http` trait, by operation id,
/// and of every error structure they name, by error id. Operations without the trait, or
/// whose URI does not parse, are left out (validation reports them).
pub fn resolve<'a>(
    model: &Model,
    operations: impl IntoIterator<Item = &'a String>,
    service_errors: &[String],
    body_timestamps: TimestampFormat,
) -> (
    BTreeMap<String, HttpOperation>,
    BTreeMap<String, MessageBindings>,
) {
    let mut ops = BTreeMap::new();
    let mut errors = BTreeMap::new();
    for id in operations {
        let Some(op) = model.get(id).filter(|s| s.kind == Kind::Operation) else {
            continue;
        };
        for e in op.errors.iter().chain(service_errors) {
            if let Some(shape) = model.get(e) {
                errors
                    .entry(e.clone())
                    .or_insert_with(|| message(model, Some(shape), false, body_timestamps));
            }
        }
        if let Some(http) = operation(model, op, body_timestamps) {
            ops.insert(id.clone(), http);
        }
    }
    (ops, errors)
}

/// One operation's binding; `None` without a usable `@http` trait.
pub fn operation(
    model: &Model,
    op: &Shape,
    body_timestamps: TimestampFormat,
) -> Option<HttpOperation> {
    let http = HttpTrait::of(op).ok()?;
    let uri = UriPattern::parse(&http.uri).ok()?;
    let input = op.input.as_deref().and_then(|i| model.get(i));
    let output = op.output.as_deref().and_then(|o| model.get(o));
    let mut request = message(model, input, true, body_timestamps);
    for binding in &mut request.members {
        if let Location::Label { greedy, .. } = &mut binding.location {
            *greedy = uri.labels().any(|(name, g)| g && name == binding.member);
        }
    }
    Some(HttpOperation {
        id: op.id.clone(),
        method: http.method,
        code: http.code,
        request,
        response: message(model, output, false, body_timestamps),
        uri,
    })
}

/// The `@http` trait's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpTrait {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

impl HttpTrait {
    /// The trait of an operation, or what is wrong with it.
    pub fn of(op: &Shape) -> Result<HttpTrait, String> {
        let value = op
            .traits
            .get(HTTP)
            .ok_or_else(|| format!("has no `{HTTP}` trait"))?;
        let method = value
            .get("method")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_alphabetic()))
            .ok_or_else(|| format!("`{HTTP}` needs a `method` made of letters"))?;
        let uri = value
            .get("uri")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("`{HTTP}` needs a `uri` string"))?;
        let code = match value.get("code") {
            None => 200,
            Some(c) => c
                .as_u64()
                .filter(|c| (100..=999).contains(c))
                .and_then(|c| u16::try_from(c).ok())
                .ok_or_else(|| format!("`{HTTP}` `code` must be an integer from 100 to 999"))?,
        };
        Ok(HttpTrait {
            method: method.to_string(),
            uri: uri.to_string(),
            code,
        })
    }
}

/// The bindings of one message's structure: `request` for an operation input, otherwise an
/// output or an error.
pub fn message(
    model: &Model,
    shape: Option<&Shape>,
    request: bool,
    body_timestamps: TimestampFormat,
) -> MessageBindings {
    let Some(shape) = shape.filter(|s| s.kind == Kind::Structure && s.id != UNIT) else {
        return MessageBindings::default();
    };
    let payload = shape
        .members
        .iter()
        .find(|(_, m)| m.traits.contains_key(HTTP_PAYLOAD))
        .map(|(name, _)| name.clone());
    let mut members = Vec::new();
    let mut body_members = Vec::new();
    for (name, member) in &shape.members {
        let target = model.get(&member.target);
        let location = location(member, target, request, payload.is_some(), name);
        if matches!(location, Location::Body { .. }) {
            body_members.push(name.clone());
        }
        let default = match &location {
            Location::Header { .. } => TimestampFormat::HttpDate,
            Location::Label { .. } | Location::Query(_) => TimestampFormat::DateTime,
            _ => body_timestamps,
        };
        members.push(MemberBinding {
            member: name.clone(),
            timestamp_format: timestamp_format(model, member, target, default),
            location,
        });
    }
    let body = match payload {
        Some(p) => Body::Payload(p),
        None if body_members.is_empty() => Body::Empty,
        None => Body::Document(body_members),
    };
    MessageBindings {
        shape: Some(shape.id.clone()),
        members,
        body,
    }
}

/// Where a member goes, in the order of precedence of Smithy's `HttpBindingIndex`.
fn location(
    member: &Member,
    target: Option<&Shape>,
    request: bool,
    has_payload: bool,
    name: &str,
) -> Location {
    let t = &member.traits;
    let text = |id: &str| t.get(id).and_then(Value::as_str).map(str::to_string);
    if let Some(header) = text(HTTP_HEADER) {
        let media_type = target
            .filter(|s| s.kind == Kind::String)
            .and_then(|s| s.traits.get(MEDIA_TYPE))
            .and_then(Value::as_str)
            .map(str::to_string);
        return Location::Header {
            name: header,
            media_type,
        };
    }
    if request && let Some(query) = text(HTTP_QUERY) {
        return Location::Query(query);
    }
    if request && t.contains_key(HTTP_QUERY_PARAMS) {
        return Location::QueryParams;
    }
    if t.contains_key(HTTP_PAYLOAD) {
        return Location::Payload(payload_kind(target));
    }
    if request && t.contains_key(HTTP_LABEL) {
        // Whether it is greedy is the URI's to say: `operation` sets it.
        return Location::Label {
            greedy: false,
            if_empty: None,
        };
    }
    if let Some(prefix) = text(HTTP_PREFIX_HEADERS) {
        return Location::PrefixHeaders(prefix);
    }
    if !request && t.contains_key(HTTP_RESPONSE_CODE) {
        return Location::ResponseCode;
    }
    if has_payload {
        return Location::Unbound;
    }
    Location::Body {
        json_name: text(JSON_NAME).unwrap_or_else(|| name.to_string()),
    }
}

/// The payload's kind from its target; anything else is refused by validation and read as a
/// document here.
fn payload_kind(target: Option<&Shape>) -> PayloadKind {
    match target {
        Some(s) => match s.kind {
            Kind::Blob => PayloadKind::Blob {
                streaming: s.has_trait(traits::STREAMING),
            },
            Kind::String if s.has_trait(super::ENUM_TRAIT) => PayloadKind::Enum,
            Kind::String => PayloadKind::String,
            Kind::Enum => PayloadKind::Enum,
            Kind::Structure => PayloadKind::Structure,
            Kind::Union => PayloadKind::Union,
            _ => PayloadKind::Document,
        },
        None => PayloadKind::Document,
    }
}

/// The format of a timestamp member (or a list of timestamps): the member's trait, then its
/// target's, then for a list its member's and that member's target's, then `default`.
fn timestamp_format(
    model: &Model,
    member: &Member,
    target: Option<&Shape>,
    default: TimestampFormat,
) -> Option<TimestampFormat> {
    let target = target?;
    let mut chain: Vec<&crate::model::Traits> = vec![&member.traits, &target.traits];
    let leaf = match target.kind {
        Kind::Timestamp => target,
        Kind::List => {
            let item = target.members.get("member")?;
            let item_target = model.get(&item.target)?;
            chain.push(&item.traits);
            chain.push(&item_target.traits);
            item_target
        }
        _ => return None,
    };
    if leaf.kind != Kind::Timestamp {
        return None;
    }
    let named = chain
        .iter()
        .find_map(|t| t.get(traits::TIMESTAMP_FORMAT).and_then(Value::as_str));
    Some(match named {
        Some("date-time") => TimestampFormat::DateTime,
        Some("http-date") => TimestampFormat::HttpDate,
        Some("epoch-seconds") => TimestampFormat::EpochSeconds,
        _ => default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literal(s: &str) -> PathSegment {
        PathSegment::Literal(s.to_string())
    }

    #[test]
    fn uri_patterns_parse_into_segments_and_query_literals() {
        let root = UriPattern::parse("/").expect("root");
        assert_eq!((root.path.len(), root.trailing_slash), (0, false));
        let trailing = UriPattern::parse("/2015-03-31/functions/").expect("trailing slash");
        assert_eq!(
            trailing.path,
            vec![literal("2015-03-31"), literal("functions")]
        );
        assert!(trailing.trailing_slash);
        let full = UriPattern::parse("/{Bucket}/{Key+}?x-id=GetObject&uploads").expect("full");
        assert_eq!(
            full.labels().collect::<Vec<_>>(),
            [("Bucket", false), ("Key", true)]
        );
        assert_eq!(
            full.query,
            vec![
                QueryLiteral {
                    key: "x-id".into(),
                    value: Some("GetObject".into())
                },
                QueryLiteral {
                    key: "uploads".into(),
                    value: None
                }
            ]
        );
        assert!(full.check_labels().is_empty());
        // `=` inside a value stays in the value; an empty value is not a missing one.
        let values = UriPattern::parse("/a?k=v=w&e=").expect("values");
        assert_eq!(values.query[0].value.as_deref(), Some("v=w"));
        assert_eq!(values.query[1].value.as_deref(), Some(""));
    }

    #[test]
    fn label_rules_hold_across_segments() {
        let dup = UriPattern::parse("/{a}/{A}").expect("parses");
        assert_eq!(dup.check_labels().len(), 1);
        let middle = UriPattern::parse("/{a+}/b/{c}").expect("parses");
        assert!(middle.check_labels()[0].contains("must be the last label"));
        // A greedy label followed by literals is fine (S3-style `/{Key+}/suffix`).
        let literal_after = UriPattern::parse("/{a+}/b").expect("parses");
        assert!(literal_after.check_labels().is_empty());
    }
}
