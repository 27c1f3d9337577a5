//! Evaluator behaviour on small hand-written rule sets (the AWS models' own test cases run in
//! `runtime/tests/endpoint_tests.rs`).

use std::collections::BTreeMap;

use super::*;

const fn text(parts: &'static [TemplatePart]) -> Expr {
    Expr::String(Template { parts })
}

const fn call(function: Function, args: &'static [Expr]) -> Expr {
    Expr::Call(Call { function, args })
}

const fn cond(expr: Expr) -> Condition {
    Condition { expr, assign: None }
}

const fn error(message: &'static [TemplatePart]) -> Rule {
    Rule::Error {
        conditions: &[],
        message: text(message),
    }
}

const fn endpoint(conditions: &'static [Condition], url: &'static [TemplatePart]) -> Rule {
    Rule::Endpoint {
        conditions,
        endpoint: EndpointTemplate {
            url: text(url),
            properties: &[],
            headers: &[],
        },
    }
}

const fn string_param(name: &'static str) -> Parameter {
    Parameter {
        name,
        kind: ParameterKind::String,
        built_in: None,
        default: None,
        required: false,
    }
}

fn message(result: Result<Endpoint, ResolveError>) -> String {
    match result {
        Ok(endpoint) => panic!("expected an error, got {endpoint:?}"),
        Err(error) => error.to_string(),
    }
}

fn url(result: Result<Endpoint, ResolveError>) -> String {
    match result {
        Ok(endpoint) => endpoint.url,
        Err(error) => panic!("expected an endpoint, got {error:?}"),
    }
}

static FLAGS: RuleSet = RuleSet {
    parameters: &[
        string_param("Region"),
        Parameter {
            name: "UseFIPS",
            kind: ParameterKind::Boolean,
            built_in: Some("AWS::UseFIPS"),
            default: Some(DefaultValue::Bool(false)),
            required: true,
        },
    ],
    rules: &[
        Rule::Tree {
            conditions: &[
                cond(call(Function::IsSet, &[Expr::Ref("Region")])),
                Condition {
                    expr: call(Function::AwsPartition, &[Expr::Ref("Region")]),
                    assign: Some("P"),
                },
                // Fails after `P` is assigned, for the scope test below.
                cond(call(
                    Function::Not,
                    &[call(
                        Function::StringEquals,
                        &[
                            Expr::Ref("Region"),
                            text(&[TemplatePart::Literal("leak-1")]),
                        ],
                    )],
                )),
            ],
            rules: &[
                endpoint(
                    &[cond(call(
                        Function::BooleanEquals,
                        &[Expr::Ref("UseFIPS"), Expr::Bool(true)],
                    ))],
                    &[
                        TemplatePart::Literal("https://svc-fips."),
                        TemplatePart::Ref("Region"),
                        TemplatePart::Literal("."),
                        TemplatePart::Attr {
                            name: "P",
                            path: &[PathPart::Key("dnsSuffix")],
                        },
                    ],
                ),
                endpoint(
                    &[cond(call(
                        Function::StringEquals,
                        &[
                            Expr::GetAttr {
                                target: &Expr::Ref("P"),
                                path: &[PathPart::Key("name")],
                            },
                            text(&[TemplatePart::Literal("aws-cn")]),
                        ],
                    ))],
                    &[TemplatePart::Literal("https://svc.cn")],
                ),
                // A tree that matches but whose rules do not: resolution stops there.
                Rule::Tree {
                    conditions: &[cond(call(
                        Function::StringEquals,
                        &[
                            Expr::Ref("Region"),
                            text(&[TemplatePart::Literal("dead-end-1")]),
                        ],
                    ))],
                    rules: &[endpoint(
                        &[cond(Expr::Bool(false))],
                        &[TemplatePart::Literal("https://never")],
                    )],
                },
                endpoint(
                    &[],
                    &[
                        TemplatePart::Literal("https://svc."),
                        TemplatePart::Ref("Region"),
                        TemplatePart::Literal("."),
                        TemplatePart::Attr {
                            name: "P",
                            path: &[PathPart::Key("dnsSuffix")],
                        },
                    ],
                ),
            ],
        },
        // Variables of the tree above are out of scope here.
        Rule::Endpoint {
            conditions: &[
                cond(call(Function::IsSet, &[Expr::Ref("Region")])),
                cond(call(
                    Function::StringEquals,
                    &[
                        Expr::Ref("Region"),
                        text(&[TemplatePart::Literal("leak-1")]),
                    ],
                )),
                cond(call(Function::IsSet, &[Expr::Ref("P")])),
            ],
            endpoint: EndpointTemplate {
                url: text(&[TemplatePart::Literal("https://leaked")]),
                properties: &[],
                headers: &[],
            },
        },
        error(&[TemplatePart::Literal("Region is required")]),
    ],
};

#[test]
fn first_matching_rule_wins_and_defaults_apply() {
    let region = |r: &'static str| Params::new().with("Region", r);
    assert_eq!(
        url(FLAGS.resolve(&region("us-west-2"))),
        "https://svc.us-west-2.amazonaws.com"
    );
    assert_eq!(url(FLAGS.resolve(&region("cn-north-1"))), "https://svc.cn");
    assert_eq!(
        url(FLAGS.resolve(&region("us-gov-west-1").with("UseFIPS", true))),
        "https://svc-fips.us-gov-west-1.amazonaws.com"
    );
    // An unknown region falls back to the aws partition.
    assert_eq!(
        url(FLAGS.resolve(&region("local"))),
        "https://svc.local.amazonaws.com"
    );
}

#[test]
fn variables_do_not_leak_out_of_their_rule() {
    // `P` was assigned by the tree's conditions before they failed; the next rule cannot see it.
    assert_eq!(
        FLAGS.resolve(&Params::new().with("Region", "leak-1")),
        Err(ResolveError::UnknownReference { name: "P" })
    );
    assert_eq!(message(FLAGS.resolve(&Params::new())), "Region is required");
}

#[test]
fn a_matching_tree_is_terminal() {
    let result = FLAGS.resolve(&Params::new().with("Region", "dead-end-1"));
    assert_eq!(result, Err(ResolveError::NoRuleMatched));
}

#[test]
fn parameters_are_type_checked() {
    let result = FLAGS.resolve(&Params::new().with("Region", true));
    assert_eq!(
        result,
        Err(ResolveError::ParameterType {
            name: "Region",
            expected: ParameterKind::String
        })
    );
    // Parameters the rule set does not declare are ignored.
    let extra = Params::new()
        .with("Region", "us-east-1")
        .with("Other", 1 == 1);
    assert_eq!(
        url(FLAGS.resolve(&extra)),
        "https://svc.us-east-1.amazonaws.com"
    );
}

static REQUIRED: RuleSet = RuleSet {
    parameters: &[Parameter {
        name: "Bucket",
        kind: ParameterKind::String,
        built_in: None,
        default: None,
        required: true,
    }],
    rules: &[endpoint(&[], &[TemplatePart::Literal("https://x")])],
};

#[test]
fn required_parameters_must_be_set() {
    assert_eq!(
        REQUIRED.resolve(&Params::new()),
        Err(ResolveError::MissingParameter { name: "Bucket" })
    );
    assert_eq!(
        url(REQUIRED.resolve(&Params::new().with("Bucket", "b"))),
        "https://x"
    );
}

static BROKEN: RuleSet = RuleSet {
    parameters: &[string_param("Region")],
    rules: &[
        Rule::Endpoint {
            conditions: &[
                cond(call(
                    Function::StringEquals,
                    &[
                        Expr::Ref("Region"),
                        text(&[TemplatePart::Literal("unknown-fn")]),
                    ],
                )),
                cond(call(
                    Function::Unknown("aws.future"),
                    &[Expr::Ref("Region")],
                )),
            ],
            endpoint: EndpointTemplate {
                url: text(&[TemplatePart::Literal("https://x")]),
                properties: &[],
                headers: &[],
            },
        },
        Rule::Endpoint {
            conditions: &[
                cond(call(
                    Function::StringEquals,
                    &[Expr::Ref("Region"), text(&[TemplatePart::Literal("arity")])],
                )),
                cond(call(Function::Not, &[Expr::Bool(true), Expr::Bool(false)])),
            ],
            endpoint: EndpointTemplate {
                url: text(&[TemplatePart::Literal("https://x")]),
                properties: &[],
                headers: &[],
            },
        },
        Rule::Endpoint {
            conditions: &[
                cond(call(
                    Function::StringEquals,
                    &[
                        Expr::Ref("Region"),
                        text(&[TemplatePart::Literal("undefined")]),
                    ],
                )),
                cond(call(Function::IsSet, &[Expr::Ref("Nope")])),
            ],
            endpoint: EndpointTemplate {
                url: text(&[TemplatePart::Literal("https://x")]),
                properties: &[],
                headers: &[],
            },
        },
        // Forgetting `isSet`: the unset parameter reaches a function that needs a value.
        Rule::Endpoint {
            conditions: &[cond(call(
                Function::StringEquals,
                &[Expr::Ref("Region"), text(&[TemplatePart::Literal("x")])],
            ))],
            endpoint: EndpointTemplate {
                url: text(&[TemplatePart::Literal("https://x")]),
                properties: &[],
                headers: &[],
            },
        },
    ],
};

#[test]
fn broken_rule_sets_are_errors_not_panics() {
    let region = |r: &'static str| Params::new().with("Region", r);
    assert_eq!(
        BROKEN.resolve(&region("unknown-fn")),
        Err(ResolveError::UnknownFunction { name: "aws.future" })
    );
    assert_eq!(
        BROKEN.resolve(&region("arity")),
        Err(ResolveError::InvalidArguments {
            function: "not",
            reason: "it has the wrong number of arguments"
        })
    );
    assert_eq!(
        BROKEN.resolve(&region("undefined")),
        Err(ResolveError::UnknownReference { name: "Nope" })
    );
    assert_eq!(
        BROKEN.resolve(&Params::new()),
        Err(ResolveError::InvalidArguments {
            function: "stringEquals",
            reason: "an argument is unset"
        })
    );
}

static PROPERTIES: RuleSet = RuleSet {
    parameters: &[
        string_param("Region"),
        string_param("Name"),
        Parameter {
            name: "Arns",
            kind: ParameterKind::StringArray,
            built_in: None,
            default: Some(DefaultValue::StringArray(&["arn:aws:s3:::default-bucket"])),
            required: true,
        },
    ],
    rules: &[Rule::Endpoint {
        conditions: &[
            Condition {
                expr: Expr::GetAttr {
                    target: &Expr::Ref("Arns"),
                    path: &[PathPart::Index(0)],
                },
                assign: Some("First"),
            },
            Condition {
                expr: call(Function::AwsParseArn, &[Expr::Ref("First")]),
                assign: Some("Arn"),
            },
            Condition {
                expr: call(
                    Function::Coalesce,
                    &[
                        Expr::Ref("Name"),
                        text(&[TemplatePart::Literal("anonymous")]),
                    ],
                ),
                assign: Some("Who"),
            },
            Condition {
                expr: call(
                    Function::Substring,
                    &[
                        Expr::Ref("Who"),
                        Expr::Int(0),
                        Expr::Int(3),
                        Expr::Bool(false),
                    ],
                ),
                assign: Some("Short"),
            },
        ],
        endpoint: EndpointTemplate {
            url: text(&[
                TemplatePart::Literal("https://"),
                TemplatePart::Attr {
                    name: "Arn",
                    path: &[PathPart::Key("resourceId"), PathPart::Index(0)],
                },
                TemplatePart::Literal(".example.com/"),
                TemplatePart::Ref("Short"),
            ]),
            properties: &[
                Field {
                    name: "authSchemes",
                    value: Expr::Array(&[Expr::Record(&[
                        Field {
                            name: "name",
                            value: text(&[TemplatePart::Literal("sigv4")]),
                        },
                        Field {
                            name: "signingRegion",
                            value: text(&[TemplatePart::Ref("Region")]),
                        },
                        Field {
                            name: "disableDoubleEncoding",
                            value: Expr::Bool(true),
                        },
                    ])]),
                },
                Field {
                    name: "partition",
                    value: call(Function::AwsPartition, &[Expr::Ref("Region")]),
                },
            ],
            headers: &[Header {
                name: "x-amz-who",
                values: &[Expr::Ref("Who"), text(&[TemplatePart::Literal("fixed")])],
            }],
        },
    }],
};

#[test]
fn properties_headers_attributes_and_functions() {
    let params = Params::new().with("Region", "eu-west-1");
    let endpoint = match PROPERTIES.resolve(&params) {
        Ok(endpoint) => endpoint,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(endpoint.url, "https://default-bucket.example.com/ano");
    let scheme = Value::Record(BTreeMap::from([
        ("name".to_owned(), Value::from("sigv4")),
        ("signingRegion".to_owned(), Value::from("eu-west-1")),
        ("disableDoubleEncoding".to_owned(), Value::Bool(true)),
    ]));
    assert_eq!(
        endpoint.properties["authSchemes"],
        Value::Array(vec![scheme])
    );
    let Value::Record(partition) = &endpoint.properties["partition"] else {
        panic!("partition is a record: {:?}", endpoint.properties);
    };
    assert_eq!(partition["dnsSuffix"], Value::from("amazonaws.com"));
    assert_eq!(partition["inferred"], Value::Bool(false));
    assert_eq!(
        endpoint.headers["x-amz-who"],
        vec!["anonymous".to_owned(), "fixed".to_owned()]
    );

    // A given array replaces the default; a set name wins over the coalesce fallback.
    let params = params
        .with("Arns", vec!["arn:aws:s3:::mine".to_owned()])
        .with("Name", "Bob");
    assert_eq!(
        url(PROPERTIES.resolve(&params)),
        "https://mine.example.com/Bob"
    );

    // An empty array: `[0]` is unset, the condition fails, nothing else matches.
    let params = Params::new()
        .with("Region", "eu-west-1")
        .with("Arns", Vec::new());
    assert_eq!(
        PROPERTIES.resolve(&params),
        Err(ResolveError::NoRuleMatched)
    );

    // A non-ASCII name makes `substring` unset.
    let params = Params::new()
        .with("Region", "eu-west-1")
        .with("Name", "Zo\u{eb}");
    assert_eq!(
        PROPERTIES.resolve(&params),
        Err(ResolveError::NoRuleMatched)
    );
}

#[test]
fn function_names_round_trip() {
    for function in [
        Function::BooleanEquals,
        Function::StringEquals,
        Function::IsSet,
        Function::Not,
        Function::Coalesce,
        Function::IsValidHostLabel,
        Function::Substring,
        Function::UriEncode,
        Function::ParseUrl,
        Function::AwsPartition,
        Function::AwsParseArn,
        Function::AwsIsVirtualHostableS3Bucket,
    ] {
        assert_eq!(Function::from_name(function.name()), function);
    }
    assert_eq!(Function::from_name("getAttr"), Function::Unknown("getAttr"));
    assert_eq!(Function::from_name("split"), Function::Unknown("split"));
}

#[test]
fn params_replace_earlier_values() {
    let mut params = Params::new();
    params.set("Region", "a").set("Region", "b");
    assert_eq!(params.get("Region"), Some(&Value::from("b")));
    assert_eq!(params.iter().count(), 1);
    assert_eq!(params.get("Other"), None);
}

static URLS: RuleSet = RuleSet {
    parameters: &[string_param("Endpoint"), string_param("Key")],
    rules: &[
        Rule::Endpoint {
            conditions: &[
                Condition {
                    expr: call(Function::ParseUrl, &[Expr::Ref("Endpoint")]),
                    assign: Some("Url"),
                },
                cond(call(
                    Function::Not,
                    &[Expr::GetAttr {
                        target: &Expr::Ref("Url"),
                        path: &[PathPart::Key("isIp")],
                    }],
                )),
                cond(call(
                    Function::IsValidHostLabel,
                    &[Expr::Ref("Key"), Expr::Bool(true)],
                )),
                cond(call(
                    Function::AwsIsVirtualHostableS3Bucket,
                    &[Expr::Ref("Key"), Expr::Bool(false)],
                )),
            ],
            endpoint: EndpointTemplate {
                url: text(&[
                    TemplatePart::Attr {
                        name: "Url",
                        path: &[PathPart::Key("scheme")],
                    },
                    TemplatePart::Literal("://"),
                    TemplatePart::Ref("Key"),
                    TemplatePart::Literal("."),
                    TemplatePart::Attr {
                        name: "Url",
                        path: &[PathPart::Key("authority")],
                    },
                    TemplatePart::Attr {
                        name: "Url",
                        path: &[PathPart::Key("normalizedPath")],
                    },
                ]),
                properties: &[],
                headers: &[],
            },
        },
        Rule::Error {
            conditions: &[cond(call(Function::IsSet, &[Expr::Ref("Key")]))],
            message: text(&[
                TemplatePart::Literal("cannot use "),
                TemplatePart::Ref("Key"),
                TemplatePart::Literal(" as "),
                TemplatePart::Ref("Encoded"),
            ]),
        },
    ],
};

#[test]
fn url_attributes_in_rules() {
    let params = |endpoint: &'static str, key: &'static str| {
        Params::new().with("Endpoint", endpoint).with("Key", key)
    };
    assert_eq!(
        url(URLS.resolve(&params("http://localhost:8080/base", "my-bucket"))),
        "http://my-bucket.localhost:8080/base/"
    );
    // An IP host, an invalid URL or an invalid key falls through to the error rule, whose
    // template refers to a variable that was never assigned.
    for (endpoint, key) in [
        ("http://127.0.0.1/", "my-bucket"),
        ("http://localhost/?q", "my-bucket"),
        ("http://localhost/", "My_Bucket"),
    ] {
        assert_eq!(
            URLS.resolve(&params(endpoint, key)),
            Err(ResolveError::UnknownReference { name: "Encoded" }),
            "{endpoint} {key}"
        );
    }
}
