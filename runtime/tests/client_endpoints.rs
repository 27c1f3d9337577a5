//! The client core against a rule set of its own: the endpoint resolved once from the
//! configuration, re-resolved per call for an operation that binds endpoint parameters, the
//! endpoint's headers sent, `authSchemes` overrides used for SigV4, and an endpoint that only
//! accepts `sigv4a` refused at send time instead of signed wrongly.

use std::fmt;

use aws_light_runtime::client::{Config, CoreClient, Credentials, EndpointError, SdkError};
use aws_light_runtime::endpoint::{
    Call, Condition, EndpointTemplate, Expr, Field, Function, Header, Parameter, ParameterKind,
    Params, Rule, RuleSet, Template, TemplatePart,
};
use aws_light_runtime::error::{DeserializeError, Headers, ProvideErrorKind, SerializeError};
use aws_light_runtime::protocol::{Operation, Protocol, ServiceInfo};
use aws_light_runtime::transport::InMemoryTransport;

const fn text(parts: &'static [TemplatePart]) -> Expr {
    Expr::String(Template { parts })
}

/// `Mode == "global"` resolves to a global endpoint signed only with sigv4a; otherwise a
/// regional one whose `authSchemes` sign for another region and name, with a header.
static RULES: RuleSet = RuleSet {
    parameters: &[
        Parameter {
            name: "Region",
            kind: ParameterKind::String,
            built_in: Some("AWS::Region"),
            default: None,
            required: false,
        },
        Parameter {
            name: "Mode",
            kind: ParameterKind::String,
            built_in: None,
            default: None,
            required: false,
        },
    ],
    rules: &[
        Rule::Endpoint {
            conditions: &[
                Condition {
                    expr: Expr::Call(Call {
                        function: Function::IsSet,
                        args: &[Expr::Ref("Mode")],
                    }),
                    assign: None,
                },
                Condition {
                    expr: Expr::Call(Call {
                        function: Function::StringEquals,
                        args: &[Expr::Ref("Mode"), text(&[TemplatePart::Literal("global")])],
                    }),
                    assign: None,
                },
            ],
            endpoint: EndpointTemplate {
                url: text(&[TemplatePart::Literal("https://global.example.com")]),
                properties: &[Field {
                    name: "authSchemes",
                    value: Expr::Array(&[Expr::Record(&[Field {
                        name: "name",
                        value: text(&[TemplatePart::Literal("sigv4a")]),
                    }])]),
                }],
                headers: &[],
            },
        },
        Rule::Endpoint {
            conditions: &[Condition {
                expr: Expr::Call(Call {
                    function: Function::IsSet,
                    args: &[Expr::Ref("Region")],
                }),
                assign: None,
            }],
            endpoint: EndpointTemplate {
                url: text(&[
                    TemplatePart::Literal("https://svc."),
                    TemplatePart::Ref("Region"),
                    TemplatePart::Literal(".example.com"),
                ]),
                properties: &[Field {
                    name: "authSchemes",
                    value: Expr::Array(&[Expr::Record(&[
                        Field {
                            name: "name",
                            value: text(&[TemplatePart::Literal("sigv4")]),
                        },
                        Field {
                            name: "signingRegion",
                            value: text(&[TemplatePart::Literal("us-west-2")]),
                        },
                        Field {
                            name: "signingName",
                            value: text(&[TemplatePart::Literal("othername")]),
                        },
                    ])]),
                }],
                headers: &[Header {
                    name: "X-Endpoint-Header",
                    values: &[text(&[TemplatePart::Literal("from-rules")])],
                }],
            },
        },
        Rule::Error {
            conditions: &[],
            message: text(&[TemplatePart::Literal(
                "Invalid Configuration: Missing Region",
            )]),
        },
    ],
};

static SERVICE: ServiceInfo = ServiceInfo {
    endpoint_prefix: "svc",
    signing_name: "svc",
    user_agent: "client-endpoints-test",
    protocol: Protocol::AwsJson1_1,
    query_compatible: false,
    headers: &[],
    endpoint_rules: &RULES,
};

#[derive(Debug)]
struct TestError;

impl fmt::Display for TestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("test error")
    }
}

impl std::error::Error for TestError {}

impl ProvideErrorKind for TestError {
    fn code(&self) -> Option<&str> {
        None
    }
    fn message(&self) -> Option<&str> {
        None
    }
    fn is_retryable(&self) -> bool {
        false
    }
    fn is_throttling(&self) -> bool {
        false
    }
}

/// An operation whose input is the `Mode` endpoint parameter.
struct ModeOp;

impl Operation for ModeOp {
    const SERVICE: &'static ServiceInfo = &SERVICE;
    const NAME: &'static str = "ModeOp";
    const TARGET: &'static str = "Svc.ModeOp";
    const SIGNED: bool = true;
    type Input = Option<String>;
    type Output = ();
    type Error = TestError;

    fn serialize_input(_: &Option<String>) -> Result<Vec<u8>, SerializeError> {
        Ok(b"{}".to_vec())
    }
    fn deserialize_output(_: &[u8]) -> Result<(), DeserializeError> {
        Ok(())
    }
    fn parse_error(_: u16, _: &dyn Headers, _: &[u8]) -> TestError {
        TestError
    }

    const ENDPOINT_PARAMS: bool = true;

    fn endpoint_params(input: &Option<String>, params: &mut Params) {
        if let Some(mode) = input {
            params.set("Mode", mode.clone());
        }
    }
}

fn client(transport: &InMemoryTransport) -> CoreClient {
    let config = Config::builder()
        .region("eu-west-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .transport(transport.clone())
        .build()
        .expect("config");
    CoreClient::new(&config, &SERVICE).expect("client")
}

#[test]
fn auth_scheme_overrides_sign_and_rule_headers_are_sent() {
    let transport = InMemoryTransport::new();
    transport.push_json(200, "{}");
    let client = client(&transport);
    assert_eq!(client.endpoint(), "https://svc.eu-west-1.example.com");
    block_on(client.send::<ModeOp>(None)).expect("sent");
    let requests = transport.requests();
    let request = requests.first().expect("a request");
    assert_eq!(request.url, "https://svc.eu-west-1.example.com/");
    assert_eq!(request.header("x-endpoint-header"), Some("from-rules"));
    let auth = request.header("authorization").expect("signed");
    assert!(auth.contains("/us-west-2/othername/aws4_request"), "{auth}");
}

#[test]
fn an_endpoint_that_only_takes_sigv4a_is_refused_before_sending() {
    let transport = InMemoryTransport::new();
    let client = client(&transport);
    let err = block_on(client.send::<ModeOp>(Some("global".into()))).expect_err("sigv4a only");
    assert!(
        matches!(&err, SdkError::Endpoint(EndpointError::UnsupportedAuthScheme(s)) if s == "sigv4a"),
        "{err:?}"
    );
    assert!(err.to_string().contains("sigv4a is not supported"), "{err}");
    assert!(transport.requests().is_empty());
}

#[test]
fn a_rule_set_error_is_a_configuration_error() {
    let config = Config::builder()
        .transport(InMemoryTransport::new())
        .build()
        .expect("config");
    if config.region().is_none() {
        let err = CoreClient::new(&config, &SERVICE).expect_err("no region");
        assert_eq!(
            err.to_string(),
            "invalid client configuration: Invalid Configuration: Missing Region"
        );
    }
}

/// A minimal executor: calls over the in-memory transport, without retries, never wait.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Waker};
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}
