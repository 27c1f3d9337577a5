//! HTTP bindings (`ir::http`, `validate::http`) against models written by others: every
//! restJson1 service of Smithy's AWS compliance suite (`aws.protocoltests.restjson#RestJson`'s
//! 113 operations among them) and AWS's five official restJson1 models must validate and
//! resolve, with spot checks of what specific operations resolve to; then one bad model per
//! validation rule, each refused naming the shape. Suite and models come from `../shared`;
//! where it is absent these tests are ignored, with the reason, like the other such tests.

use std::path::{Path, PathBuf};

use codegen::ir::TimestampFormat;
use codegen::ir::http::{
    self, Body, HttpOperation, Location, MessageBindings, PathSegment, PayloadKind, QueryLiteral,
};
use codegen::model::{Kind, Model, load_paths};
use codegen::validate::{self, service_operations};

fn shared(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(path)
}

fn suite() -> Model {
    load_paths(&[shared("protocol-tests/aws-protocol-tests.json")]).expect("the suite loads")
}

/// Validates a service's bindings and resolves them; panics with every diagnostic otherwise.
fn resolve_service(
    model: &Model,
    service_id: &str,
) -> (
    std::collections::BTreeMap<String, HttpOperation>,
    std::collections::BTreeMap<String, MessageBindings>,
    usize,
) {
    let service = model.get(service_id).expect("the service is in the model");
    let diags = validate::http::check(model, service);
    assert!(
        diags.is_empty(),
        "{service_id}: {} binding problems:\n{}",
        diags.len(),
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    let ops = service_operations(model, service);
    let (resolved, errors) = http::resolve(model, &ops, &service.errors, http::BODY_TIMESTAMP_JSON);
    assert_eq!(
        resolved.keys().collect::<Vec<_>>(),
        ops.iter().collect::<Vec<_>>(),
        "{service_id}: every operation resolves"
    );
    // Every label of every URI is bound to a required input member, and no member is left out.
    for op in resolved.values() {
        for (label, greedy) in op.uri.labels() {
            let binding = op
                .request
                .member(label)
                .unwrap_or_else(|| panic!("{}: label {label} has a member", op.id));
            assert_eq!(
                binding.location,
                Location::Label {
                    greedy,
                    if_empty: None
                },
                "{}",
                op.id
            );
        }
        for m in op.request.members.iter().chain(&op.response.members) {
            assert_ne!(m.location, Location::Unbound, "{}: {}", op.id, m.member);
        }
    }
    let count = ops.len();
    (resolved, errors, count)
}

#[test]
#[cfg_attr(
    no_protocol_tests,
    ignore = "../shared/protocol-tests/aws-protocol-tests.json not found: put Smithy's AWS protocol tests there (beside the workspace), then touch codegen/build.rs"
)]
fn every_rest_json_service_of_the_suite_resolves() {
    let model = suite();
    let services: Vec<String> = model
        .shapes
        .values()
        .filter(|s| s.kind == Kind::Service && s.has_trait("aws.protocols#restJson1"))
        .map(|s| s.id.clone())
        .collect();
    assert!(
        services.contains(&"aws.protocoltests.restjson#RestJson".to_string()),
        "{services:?}"
    );
    let mut total = 0;
    for id in &services {
        let (ops, errors, count) = resolve_service(&model, id);
        println!(
            "{id}: {} operations, {} errors resolved",
            ops.len(),
            errors.len()
        );
        total += count;
    }
    let (ops, _, _) = resolve_service(&model, "aws.protocoltests.restjson#RestJson");
    assert_eq!(ops.len(), 113, "RestJson's operations");
    println!(
        "{} restJson1 services, {total} operations: bindings resolve",
        services.len()
    );
}

/// The spot checks: what named compliance operations resolve to.
#[test]
#[cfg_attr(
    no_protocol_tests,
    ignore = "../shared/protocol-tests/aws-protocol-tests.json not found: put Smithy's AWS protocol tests there (beside the workspace), then touch codegen/build.rs"
)]
fn compliance_operations_resolve_as_the_suite_expects() {
    let model = suite();
    let (ops, errors, _) = resolve_service(&model, "aws.protocoltests.restjson#RestJson");
    let op = |name: &str| {
        ops.get(&format!("aws.protocoltests.restjson#{name}"))
            .unwrap_or_else(|| panic!("{name} resolved"))
    };
    let at = |m: &MessageBindings, member: &str| {
        m.member(member)
            .unwrap_or_else(|| panic!("{member} is bound"))
            .clone()
    };

    // A greedy label, last in the pattern.
    let greedy = op("HttpRequestWithGreedyLabelInPath");
    assert_eq!(greedy.method, "GET");
    assert_eq!(greedy.code, 200);
    assert_eq!(
        greedy.uri.path,
        vec![
            PathSegment::Literal("HttpRequestWithGreedyLabelInPath".into()),
            PathSegment::Literal("foo".into()),
            PathSegment::Label {
                name: "foo".into(),
                greedy: false
            },
            PathSegment::Literal("baz".into()),
            PathSegment::Label {
                name: "baz".into(),
                greedy: true
            },
        ]
    );
    assert_eq!(
        at(&greedy.request, "baz").location,
        Location::Label {
            greedy: true,
            if_empty: None
        }
    );
    assert_eq!(greedy.request.body, Body::Empty);

    // httpQuery beside httpQueryParams (the named parameter wins on the wire).
    let precedence = op("QueryPrecedence");
    assert_eq!(
        at(&precedence.request, "foo").location,
        Location::Query("bar".into())
    );
    assert_eq!(
        at(&precedence.request, "baz").location,
        Location::QueryParams
    );

    // Literal query parameters, with and without a value.
    let constant = op("ConstantQueryString");
    assert_eq!(
        constant.uri.query,
        vec![
            QueryLiteral {
                key: "foo".into(),
                value: Some("bar".into())
            },
            QueryLiteral {
                key: "hello".into(),
                value: None
            },
        ]
    );
    assert_eq!(constant.uri.path.len(), 2);

    // Prefix headers beside a header, in both directions.
    let prefix = op("HttpPrefixHeaders");
    for m in [&prefix.request, &prefix.response] {
        assert_eq!(
            at(m, "fooMap").location,
            Location::PrefixHeaders("x-foo-".into())
        );
        assert_eq!(
            at(m, "foo").location,
            Location::Header {
                name: "x-foo".into(),
                media_type: None
            }
        );
        assert_eq!(m.body, Body::Empty);
    }
    let empty_prefix = op("HttpEmptyPrefixHeaders");
    assert_eq!(
        at(&empty_prefix.request, "prefixHeaders").location,
        Location::PrefixHeaders(String::new())
    );

    // Payloads: a blob (with a header beside it) and a structure.
    let blob = op("HttpPayloadTraits");
    assert_eq!(
        at(&blob.request, "blob").location,
        Location::Payload(PayloadKind::Blob { streaming: false })
    );
    assert_eq!(blob.request.body, Body::Payload("blob".into()));
    assert_eq!(blob.response.body, Body::Payload("blob".into()));
    let structure = op("HttpPayloadWithStructure");
    assert_eq!(
        at(&structure.request, "nested").location,
        Location::Payload(PayloadKind::Structure)
    );
    assert_eq!(structure.method, "PUT");

    // The status code bound to an output member.
    let code = op("HttpResponseCode");
    assert_eq!(
        at(&code.response, "Status").location,
        Location::ResponseCode
    );
    assert_eq!(code.response.body, Body::Empty);
    assert_eq!(code.request, MessageBindings::default());

    // Timestamp formats per location: labels default to date-time, headers to http-date,
    // the body to epoch seconds; the member's trait, then the target's, win.
    let labels = op("HttpRequestWithLabelsAndTimestampFormat");
    for (member, format) in [
        ("memberEpochSeconds", TimestampFormat::EpochSeconds),
        ("memberHttpDate", TimestampFormat::HttpDate),
        ("memberDateTime", TimestampFormat::DateTime),
        ("defaultFormat", TimestampFormat::DateTime),
        ("targetEpochSeconds", TimestampFormat::EpochSeconds),
        ("targetHttpDate", TimestampFormat::HttpDate),
        ("targetDateTime", TimestampFormat::DateTime),
    ] {
        assert_eq!(
            at(&labels.request, member).timestamp_format,
            Some(format),
            "label {member}"
        );
    }
    let headers = op("TimestampFormatHeaders");
    assert_eq!(
        at(&headers.request, "defaultFormat").timestamp_format,
        Some(TimestampFormat::HttpDate)
    );
    assert_eq!(
        at(&headers.response, "targetEpochSeconds").timestamp_format,
        Some(TimestampFormat::EpochSeconds)
    );
    let body = op("JsonTimestamps");
    assert_eq!(
        at(&body.request, "normal").timestamp_format,
        Some(TimestampFormat::EpochSeconds)
    );
    assert_eq!(
        at(&body.response, "dateTimeOnTarget").timestamp_format,
        Some(TimestampFormat::DateTime)
    );
    assert!(matches!(&body.request.body, Body::Document(m) if m.len() == 7));

    // A header string with a media type (sent base64-encoded), and a renamed body member.
    let media = op("MediaTypeHeader");
    assert_eq!(
        at(&media.request, "json").location,
        Location::Header {
            name: "X-Json".into(),
            media_type: Some("application/json".into())
        }
    );
    let scalars = op("SimpleScalarProperties");
    assert_eq!(
        at(&scalars.request, "doubleValue").location,
        Location::Body {
            json_name: "DoubleDribble".into()
        }
    );
    assert_eq!(
        at(&scalars.request, "foo").location,
        Location::Header {
            name: "X-Foo".into(),
            media_type: None
        }
    );

    // An error's own bindings: a header beside body members renamed by jsonName.
    let complex = errors
        .get("aws.protocoltests.restjson#ComplexError")
        .expect("ComplexError resolved");
    assert_eq!(
        at(complex, "Header").location,
        Location::Header {
            name: "X-Header".into(),
            media_type: None
        }
    );
    assert!(matches!(&complex.body, Body::Document(m) if m.contains(&"TopLevel".to_string())));
}

/// AWS's official restJson1 models: every operation's bindings validate and resolve.
#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch codegen/build.rs"
)]
fn official_rest_json_models_resolve() {
    let mut lines = Vec::new();
    for name in ["bedrock-runtime", "cognito-sync", "eks", "lambda", "polly"] {
        let model = load_paths(&[shared(&format!("models/aws/{name}.json"))])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let service = validate::services(&model)
            .into_iter()
            .next()
            .expect("a service");
        assert!(service.has_trait("aws.protocols#restJson1"), "{name}");
        let id = service.id.clone();
        let (ops, errors, count) = resolve_service(&model, &id);
        assert!(count > 0, "{name} has operations");
        lines.push(format!(
            "{name}: {} operations, {} errors resolved",
            ops.len(),
            errors.len()
        ));
        if name == "polly" {
            // SynthesizeSpeech answers with a streaming blob payload and headers.
            let op = &ops["com.amazonaws.polly#SynthesizeSpeech"];
            assert_eq!(op.method, "POST");
            assert_eq!(
                op.response.body,
                Body::Payload("AudioStream".into()),
                "{op:?}"
            );
            assert_eq!(
                op.response.member("AudioStream").map(|m| &m.location),
                Some(&Location::Payload(PayloadKind::Blob { streaming: true }))
            );
        }
        if name == "lambda" {
            // A literal query parameter after a label.
            let op = &ops["com.amazonaws.lambda#ListProvisionedConcurrencyConfigs"];
            assert_eq!(
                op.uri.query,
                vec![QueryLiteral {
                    key: "List".into(),
                    value: Some("ALL".into())
                }]
            );
            assert_eq!(
                op.request.member("FunctionName").map(|m| &m.location),
                Some(&Location::Label {
                    greedy: false,
                    if_empty: None
                })
            );
        }
    }
    println!("{}", lines.join("\n"));
}

/// Whether a request path (as a compliance case writes it, labels percent-encoded) is one
/// the pattern produces: literals equal, a label one segment, a greedy label one or more.
fn path_matches(path: &[PathSegment], segments: &[&str]) -> bool {
    match (path.split_first(), segments.split_first()) {
        (None, None) => true,
        (Some((PathSegment::Literal(l), rest)), Some((s, more))) => {
            l == s && path_matches(rest, more)
        }
        (Some((PathSegment::Label { greedy: false, .. }, rest)), Some((s, more))) => {
            !s.is_empty() && path_matches(rest, more)
        }
        (Some((PathSegment::Label { greedy: true, .. }, rest)), Some(_)) => {
            (1..=segments.len()).any(|n| path_matches(rest, &segments[n..]))
        }
        _ => false,
    }
}

/// The suite's own expectations: every client request case of RestJson is sent with the
/// method its operation resolves to, to a path its URI pattern produces, with its literal
/// query parameters; every client response case of an operation whose output binds no status
/// code comes with the operation's `@http(code)`.
#[test]
#[cfg_attr(
    no_protocol_tests,
    ignore = "../shared/protocol-tests/aws-protocol-tests.json not found: put Smithy's AWS protocol tests there (beside the workspace), then touch codegen/build.rs"
)]
fn compliance_cases_agree_with_the_resolved_bindings() {
    let model = suite();
    let (ops, _, _) = resolve_service(&model, "aws.protocoltests.restjson#RestJson");
    let client = |case: &serde_json::Value| case["appliesTo"].as_str() != Some("server");
    let (mut requests, mut responses) = (0, 0);
    for (id, op) in &ops {
        let shape = model.get(id).expect("operation");
        let cases = |t: &str| {
            shape
                .traits
                .get(t)
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default()
        };
        for case in cases("smithy.test#httpRequestTests")
            .iter()
            .filter(|c| client(c))
        {
            let name = case["id"].as_str().unwrap_or("?");
            assert_eq!(case["method"].as_str(), Some(op.method.as_str()), "{name}");
            let uri = case["uri"].as_str().expect("uri");
            let path = uri.split('?').next().unwrap_or_default();
            // An endpoint with a path (`host: example.com/custom`) prefixes every request's.
            let base = case["host"]
                .as_str()
                .and_then(|h| h.find('/').map(|i| &h[i..]))
                .unwrap_or_default();
            let path = path.strip_prefix(base).unwrap_or(path);
            let path = path.strip_prefix('/').expect("absolute");
            let path = path.strip_suffix('/').unwrap_or(path);
            let segments: Vec<&str> = if path.is_empty() {
                Vec::new()
            } else {
                path.split('/').collect()
            };
            assert!(
                path_matches(&op.uri.path, &segments),
                "{name}: {uri} does not match {}",
                op.uri.pattern
            );
            let sent: Vec<&str> = case["queryParams"]
                .as_array()
                .map(|q| q.iter().filter_map(|v| v.as_str()).collect())
                .unwrap_or_default();
            for literal in &op.uri.query {
                let want = match &literal.value {
                    Some(v) => format!("{}={v}", literal.key),
                    None => literal.key.clone(),
                };
                // Cases list only the parameters they check; those that list any list the
                // literals too.
                assert!(
                    sent.is_empty() || sent.contains(&want.as_str()),
                    "{name}: {want} in {sent:?}"
                );
            }
            requests += 1;
        }
        let binds_code = op
            .response
            .members
            .iter()
            .any(|m| m.location == Location::ResponseCode);
        for case in cases("smithy.test#httpResponseTests")
            .iter()
            .filter(|c| client(c))
        {
            if !binds_code {
                assert_eq!(
                    case["code"].as_u64(),
                    Some(u64::from(op.code)),
                    "{}",
                    case["id"]
                );
            }
            responses += 1;
        }
    }
    println!(
        "RestJson: {requests} client request cases and {responses} client response cases agree with the bindings"
    );
    assert!(requests > 100 && responses > 50, "{requests} {responses}");
}
