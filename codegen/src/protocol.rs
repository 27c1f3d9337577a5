//! Protocol detection: which wire protocol a service speaks, decided once from its traits,
//! and the awsQuery compatibility traits of awsJson1_0 services. The IR carries the result
//! ([`crate::ir::Service::protocol`]); validation refuses services with no supported protocol.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::{Model, Shape, shape_name, traits};

/// The wire protocols the emitters implement, in the order a service carrying several is
/// served: AWS SDKs prefer awsJson1_0 over awsJson1_1 (both rank the JSON RPC protocols first),
/// then restJson1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    AwsJson1_0,
    AwsJson1_1,
    /// HTTP bindings (`@http`, `@httpLabel`, ...) with JSON bodies.
    RestJson1,
}

impl Protocol {
    /// Every supported protocol, most preferred first.
    pub const ALL: [Protocol; 3] = [
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
    ];

    /// The protocol trait's shape id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => traits::AWS_JSON_1_0,
            Protocol::AwsJson1_1 => traits::AWS_JSON_1_1,
            Protocol::RestJson1 => traits::REST_JSON_1,
        }
    }

    /// The variant of the runtime's `protocol::Protocol` for it.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "AwsJson1_0",
            Protocol::AwsJson1_1 => "AwsJson1_1",
            Protocol::RestJson1 => "RestJson1",
        }
    }

    /// The protocol's name as Smithy spells it (`awsJson1_0`).
    pub fn name(self) -> &'static str {
        shape_name(self.trait_id())
    }

    /// The `Content-Type` of requests with a JSON body.
    pub fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RestJson1 => "application/json",
        }
    }

    /// The most preferred supported protocol among the service's traits, if any.
    pub fn of(service: &Shape) -> Option<Protocol> {
        Protocol::ALL
            .into_iter()
            .find(|p| service.has_trait(p.trait_id()))
    }
}

/// Protocol traits that Smithy and AWS define. A trait whose shape in the model carries
/// `smithy.api#protocolDefinition` counts too, so a model's own protocol is named as well.
pub const PROTOCOL_TRAITS: &[&str] = &[
    traits::AWS_JSON_1_0,
    traits::AWS_JSON_1_1,
    traits::REST_JSON_1,
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
];

/// The protocol traits on a service, sorted by id.
pub fn protocol_traits<'s>(model: &Model, service: &'s Shape) -> Vec<&'s str> {
    service
        .traits
        .keys()
        .map(String::as_str)
        .filter(|id| {
            PROTOCOL_TRAITS.contains(id)
                || model
                    .get(id)
                    .is_some_and(|t| t.has_trait(traits::PROTOCOL_DEFINITION))
        })
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// An error's `aws.protocols#awsQueryError` trait: what awsQuery clients knew it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub code: String,
    /// `httpResponseCode`: the status awsQuery sent it with.
    pub http_status: Option<u16>,
}

impl QueryError {
    /// The trait on an error shape; `None` without it or without a non-empty `code`.
    pub fn of(shape: &Shape) -> Option<QueryError> {
        let value = shape.traits.get(traits::AWS_QUERY_ERROR)?;
        let code = value
            .get("code")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())?;
        Some(QueryError {
            code: code.to_string(),
            http_status: value
                .get("httpResponseCode")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok()),
        })
    }
}

/// `@awsQueryCompatible` applies to awsJson1_0 services only (the trait's selector).
pub fn query_compatible(service: &Shape) -> bool {
    service.has_trait(traits::AWS_QUERY_COMPATIBLE)
        && Protocol::of(service) == Some(Protocol::AwsJson1_0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load_strs;

    fn service(traits: &str) -> Model {
        let json = format!(
            r#"{{"smithy": "2.0", "shapes": {{
                "a#Svc": {{"type": "service", "traits": {traits}}},
                "a#custom": {{"type": "structure", "members": {{}},
                    "traits": {{"smithy.api#trait": {{}}, "smithy.api#protocolDefinition": {{}}}}}}
            }}}}"#
        );
        load_strs(&[("test.json", &json)]).expect("model loads")
    }

    #[test]
    fn awsjson1_0_is_preferred_and_others_are_named() {
        let cases: &[(&str, Option<Protocol>, &[&str])] = &[
            (
                r#"{"aws.protocols#awsJson1_1": {}, "aws.protocols#awsJson1_0": {}}"#,
                Some(Protocol::AwsJson1_0),
                &["aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"],
            ),
            (
                r#"{"aws.protocols#restJson1": {}, "aws.protocols#awsJson1_1": {}}"#,
                Some(Protocol::AwsJson1_1),
                &["aws.protocols#awsJson1_1", "aws.protocols#restJson1"],
            ),
            (
                r#"{"smithy.protocols#rpcv2Cbor": {}, "a#custom": {}, "smithy.api#title": "T"}"#,
                None,
                &["a#custom", "smithy.protocols#rpcv2Cbor"],
            ),
            (r#"{"aws.auth#sigv4": {"name": "a"}}"#, None, &[]),
        ];
        for (traits, protocol, named) in cases {
            let model = service(traits);
            let svc = model.get("a#Svc").expect("service");
            assert_eq!(Protocol::of(svc), *protocol, "{traits}");
            assert_eq!(protocol_traits(&model, svc), *named, "{traits}");
        }
    }

    #[test]
    fn query_compatibility_needs_awsjson1_0() {
        let model =
            service(r#"{"aws.protocols#awsJson1_0": {}, "aws.protocols#awsQueryCompatible": {}}"#);
        assert!(query_compatible(model.get("a#Svc").expect("service")));
        let model =
            service(r#"{"aws.protocols#awsJson1_1": {}, "aws.protocols#awsQueryCompatible": {}}"#);
        assert!(!query_compatible(model.get("a#Svc").expect("service")));
    }

    #[test]
    fn names_and_content_types() {
        assert_eq!(Protocol::AwsJson1_0.name(), "awsJson1_0");
        assert_eq!(Protocol::AwsJson1_1.name(), "awsJson1_1");
        assert_eq!(
            Protocol::AwsJson1_0.content_type(),
            "application/x-amz-json-1.0"
        );
        assert_eq!(
            Protocol::AwsJson1_1.content_type(),
            "application/x-amz-json-1.1"
        );
    }
}
