//! The stand-in rule set of a service whose model has none (Smithy's protocol-test services,
//! our fixtures), built as IR so that the one emitter prints it like any model's.

use super::endpoint::{
    Condition, EndpointTemplate, Expr, Function, ParamValue, Parameter, ParameterKind, PathPart,
    Rule, RuleSet, TemplatePart,
};

/// The rule set of a service whose model has none: an explicit endpoint wins (and refuses
/// FIPS and dual-stack, as AWS's rule sets do); else the region's partition gives
/// `https://{prefix}[-fips].{Region}.{dnsSuffix | dualStackDnsSuffix}`; no region is an error.
pub fn fallback(prefix: &str) -> RuleSet {
    let param = |name: &str, kind, built_in: &str, default: Option<ParamValue>| Parameter {
        name: name.into(),
        kind,
        built_in: Some(built_in.into()),
        required: default.is_some(),
        default,
    };
    let reference = |name: &str| Expr::Ref(name.into());
    let call = |name: &str, args: Vec<Expr>| Expr::Call {
        function: Function::named(name).unwrap_or(Function(0)),
        args,
    };
    let cond = |expr: Expr| Condition { expr, assign: None };
    let is_true = |name: &str| {
        cond(call(
            "booleanEquals",
            vec![reference(name), Expr::Bool(true)],
        ))
    };
    let text = |s: &str| Expr::String(vec![TemplatePart::Literal(s.into())]);
    let error = |conditions: Vec<Condition>, message: &str| Rule::Error {
        conditions,
        message: text(message),
    };
    let regional = |conditions: Vec<Condition>, fips: bool, suffix: &str| Rule::Endpoint {
        conditions,
        endpoint: EndpointTemplate {
            url: Expr::String(vec![
                TemplatePart::Literal(format!(
                    "https://{prefix}{}.",
                    if fips { "-fips" } else { "" }
                )),
                TemplatePart::Ref("Region".into()),
                TemplatePart::Literal(".".into()),
                TemplatePart::Attr {
                    name: "PartitionResult".into(),
                    path: vec![PathPart::Key(suffix.into())],
                },
            ]),
            properties: Vec::new(),
            headers: Vec::new(),
        },
    };
    RuleSet {
        parameters: vec![
            param("Region", ParameterKind::String, "AWS::Region", None),
            param(
                "UseDualStack",
                ParameterKind::Boolean,
                "AWS::UseDualStack",
                Some(ParamValue::Bool(false)),
            ),
            param(
                "UseFIPS",
                ParameterKind::Boolean,
                "AWS::UseFIPS",
                Some(ParamValue::Bool(false)),
            ),
            param("Endpoint", ParameterKind::String, "SDK::Endpoint", None),
        ],
        rules: vec![
            Rule::Tree {
                conditions: vec![cond(call("isSet", vec![reference("Endpoint")]))],
                rules: vec![
                    error(
                        vec![is_true("UseFIPS")],
                        "Invalid Configuration: FIPS and custom endpoint are not supported",
                    ),
                    error(
                        vec![is_true("UseDualStack")],
                        "Invalid Configuration: Dualstack and custom endpoint are not supported",
                    ),
                    Rule::Endpoint {
                        conditions: Vec::new(),
                        endpoint: EndpointTemplate {
                            url: reference("Endpoint"),
                            properties: Vec::new(),
                            headers: Vec::new(),
                        },
                    },
                ],
            },
            Rule::Tree {
                conditions: vec![
                    cond(call("isSet", vec![reference("Region")])),
                    Condition {
                        expr: call("aws.partition", vec![reference("Region")]),
                        assign: Some("PartitionResult".into()),
                    },
                ],
                rules: vec![
                    regional(
                        vec![is_true("UseFIPS"), is_true("UseDualStack")],
                        true,
                        "dualStackDnsSuffix",
                    ),
                    regional(vec![is_true("UseFIPS")], true, "dnsSuffix"),
                    regional(vec![is_true("UseDualStack")], false, "dualStackDnsSuffix"),
                    regional(Vec::new(), false, "dnsSuffix"),
                ],
            },
            error(Vec::new(), "Invalid Configuration: Missing Region"),
        ],
    }
}
