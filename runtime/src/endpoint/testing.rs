//! Support for the endpoint tests generated into every client crate (`tests/endpoint_tests.rs`,
//! one case per `smithy.rules#endpointTests` case of the model): what a case expects, how an
//! outcome is compared with it, and the tally the test prints. Not meant to be called by hand.

use std::collections::BTreeMap;

use super::model::{
    Call, Condition, EndpointTemplate, Expr, Function, Parameter, ParameterKind, Rule, RuleSet,
    Template, TemplatePart,
};
use super::value::{Endpoint, Params, ResolveError, Value};

/// For tests of clients that always set an endpoint URL: the rules send there, and refuse
/// anything else.
pub static ENDPOINT_URL_ONLY: RuleSet = RuleSet {
    parameters: &[Parameter {
        name: "Endpoint",
        kind: ParameterKind::String,
        built_in: Some("SDK::Endpoint"),
        default: None,
        required: false,
    }],
    rules: &[
        Rule::Endpoint {
            conditions: &[Condition {
                expr: Expr::Call(Call {
                    function: Function::IsSet,
                    args: &[Expr::Ref("Endpoint")],
                }),
                assign: None,
            }],
            endpoint: EndpointTemplate {
                url: Expr::Ref("Endpoint"),
                properties: &[],
                headers: &[],
            },
        },
        Rule::Error {
            conditions: &[],
            message: Expr::String(Template {
                parts: &[TemplatePart::Literal("the tests set an endpoint URL")],
            }),
        },
    ],
};

/// What resolving a case must produce.
#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    /// An endpoint: the URL exactly, properties and headers structurally.
    Endpoint {
        /// The URL.
        url: &'static str,
        /// The endpoint properties, by name.
        properties: Vec<(&'static str, Value)>,
        /// The headers, by name, each with its values in order.
        headers: Vec<(&'static str, Vec<&'static str>)>,
    },
    /// The error rule whose message is exactly this.
    Error(&'static str),
}

/// `params` with each built-in value given to the rule-set parameter bound to that built-in
/// (`AWS::Region` -> `Region`), as a client binds its configuration. Built-ins the rule set
/// does not bind are ignored, as a client ignores settings a service has no use for.
pub fn with_built_ins(
    rules: &RuleSet,
    mut params: Params,
    built_ins: Vec<(&'static str, Value)>,
) -> Params {
    for (built_in, value) in built_ins {
        for parameter in rules.parameters {
            if parameter.built_in == Some(built_in) {
                params.set(parameter.name, value.clone());
            }
        }
    }
    params
}

/// Resolves `params` with `rules`; `Err` says how the outcome differs from `expected`.
pub fn check(rules: &RuleSet, params: &Params, expected: &Expected) -> Result<(), String> {
    compare(rules.resolve(params), expected)
}

/// Compares an outcome of resolution with what a case expects.
pub fn compare(outcome: Result<Endpoint, ResolveError>, expected: &Expected) -> Result<(), String> {
    match (expected, outcome) {
        (
            Expected::Endpoint {
                url,
                properties,
                headers,
            },
            Ok(actual),
        ) => {
            let properties: BTreeMap<String, Value> = properties
                .iter()
                .map(|(name, value)| ((*name).to_owned(), value.clone()))
                .collect();
            let headers: BTreeMap<String, Vec<String>> = headers
                .iter()
                .map(|(name, values)| {
                    let values = values.iter().map(|v| (*v).to_owned()).collect();
                    ((*name).to_owned(), values)
                })
                .collect();
            let mut problems = Vec::new();
            if actual.url != *url {
                problems.push(format!("url {:?}, expected {url:?}", actual.url));
            }
            if actual.properties != properties {
                problems.push(format!(
                    "properties {:?}, expected {properties:?}",
                    actual.properties
                ));
            }
            if actual.headers != headers {
                problems.push(format!(
                    "headers {:?}, expected {headers:?}",
                    actual.headers
                ));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            }
        }
        (Expected::Endpoint { url, .. }, Err(error)) => Err(format!(
            "error {:?}, expected endpoint {url:?}",
            error.to_string()
        )),
        (Expected::Error(message), Err(ResolveError::Rule { message: actual }))
            if actual == *message =>
        {
            Ok(())
        }
        (Expected::Error(message), Err(other)) => Err(format!(
            "error {other:?}, expected the rule error {message:?}"
        )),
        (Expected::Error(message), Ok(actual)) => Err(format!(
            "endpoint {:?}, expected error {message:?}",
            actual.url
        )),
    }
}

/// Counts cases and keeps the failures, to print one summary line.
#[derive(Debug, Default)]
pub struct Tally {
    passed: usize,
    failures: Vec<String>,
}

impl Tally {
    /// Nothing counted.
    pub fn new() -> Self {
        Tally::default()
    }

    /// Counts one case; a failure is kept with the case's name.
    pub fn record(&mut self, name: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.passed += 1,
            Err(problem) => self.failures.push(format!("{name}: {problem}")),
        }
    }

    /// Prints every failure, then `endpoint tests: N passed, N failed (of N)`; true when none
    /// failed.
    pub fn report(&self) -> bool {
        for failure in &self.failures {
            println!("FAILED {failure}");
        }
        let failed = self.failures.len();
        println!(
            "endpoint tests: {} passed, {failed} failed (of {})",
            self.passed,
            self.passed.saturating_add(failed)
        );
        failed == 0
    }
}
