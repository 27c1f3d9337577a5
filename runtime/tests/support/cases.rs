//! A model's `smithy.rules#endpointTests` cases, and checking one against a rule set.

use std::collections::BTreeMap;
use std::path::Path;

use aws_light_runtime::endpoint::{Endpoint, Params, RuleSet, Value};
use serde_json::Value as Json;

use super::rules_json;

/// A service's rule set and the test cases that come with it.
pub struct ServiceRules {
    /// The service shape's id.
    pub service: String,
    /// The rule set.
    pub rules: RuleSet,
    /// The test cases, in model order.
    pub cases: Vec<Case>,
}

/// One endpoint test case.
pub struct Case {
    /// The case's `documentation`, or its index when it has none.
    pub name: String,
    /// Its parameters.
    pub params: Params,
    /// What resolution must produce.
    pub expect: Expect,
}

/// The expected outcome of a case.
#[derive(Debug, PartialEq)]
pub enum Expect {
    /// An endpoint, compared exactly (URL) and structurally (properties, headers).
    Endpoint(Endpoint),
    /// An error with exactly this message.
    Error(String),
}

/// Every service of the model at `path` that has an endpoint rule set.
pub fn load(path: &Path) -> Result<Vec<ServiceRules>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let model: Json =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let shapes = model
        .get("shapes")
        .and_then(Json::as_object)
        .ok_or_else(|| format!("{}: no `shapes`", path.display()))?;
    let mut services = Vec::new();
    for (id, shape) in shapes {
        if shape.get("type").and_then(Json::as_str) != Some("service") {
            continue;
        }
        let Some(traits) = shape.get("traits") else {
            continue;
        };
        let Some(rule_set) = traits.get("smithy.rules#endpointRuleSet") else {
            continue;
        };
        let rules = rules_json::rule_set(rule_set).map_err(|e| format!("{id}: {e}"))?;
        let cases = match traits
            .get("smithy.rules#endpointTests")
            .and_then(|tests| tests.get("testCases"))
            .and_then(Json::as_array)
        {
            Some(cases) => cases
                .iter()
                .enumerate()
                .map(|(index, case)| parse_case(index, case).map_err(|e| format!("{id}: {e}")))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        services.push(ServiceRules {
            service: id.clone(),
            rules,
            cases,
        });
    }
    Ok(services)
}

fn parse_case(index: usize, json: &Json) -> Result<Case, String> {
    let name = match json.get("documentation").and_then(Json::as_str) {
        Some(doc) => format!("#{index} {doc}"),
        None => format!("#{index}"),
    };
    let mut params = Params::new();
    if let Some(given) = json.get("params") {
        let given = given
            .as_object()
            .ok_or_else(|| format!("{name}: `params` is not an object"))?;
        for (key, value) in given {
            params.set(
                key.clone(),
                param_value(value).map_err(|e| format!("{name}: {key}: {e}"))?,
            );
        }
    }
    let expect = json
        .get("expect")
        .ok_or_else(|| format!("{name}: no `expect`"))?;
    let expect = if let Some(message) = expect.get("error") {
        let message = message
            .as_str()
            .ok_or_else(|| format!("{name}: `error` is not a string"))?;
        Expect::Error(message.to_owned())
    } else if let Some(endpoint) = expect.get("endpoint") {
        Expect::Endpoint(expected_endpoint(endpoint).map_err(|e| format!("{name}: {e}"))?)
    } else {
        return Err(format!(
            "{name}: `expect` has neither `endpoint` nor `error`"
        ));
    };
    Ok(Case {
        name,
        params,
        expect,
    })
}

fn param_value(json: &Json) -> Result<Value, String> {
    match json {
        Json::String(s) => Ok(Value::String(s.clone())),
        Json::Bool(b) => Ok(Value::Bool(*b)),
        Json::Array(items) => items
            .iter()
            .map(|item| match item {
                Json::String(s) => Ok(Value::String(s.clone())),
                other => Err(format!("array element {other} is not a string")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        other => Err(format!("{other} is not a parameter value")),
    }
}

fn expected_endpoint(json: &Json) -> Result<Endpoint, String> {
    let url = json
        .get("url")
        .and_then(Json::as_str)
        .ok_or("`endpoint` has no `url` string")?
        .to_owned();
    let mut properties = BTreeMap::new();
    if let Some(given) = json.get("properties") {
        for (key, value) in given.as_object().ok_or("`properties` is not an object")? {
            properties.insert(key.clone(), document(value)?);
        }
    }
    let mut headers = BTreeMap::new();
    if let Some(given) = json.get("headers") {
        for (key, values) in given.as_object().ok_or("`headers` is not an object")? {
            let values = values
                .as_array()
                .ok_or_else(|| format!("header {key} is not an array"))?
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("header {key} has a non-string value"))?;
            headers.insert(key.clone(), values);
        }
    }
    Ok(Endpoint {
        url,
        properties,
        headers,
    })
}

fn document(json: &Json) -> Result<Value, String> {
    Ok(match json {
        Json::String(s) => Value::String(s.clone()),
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::Int(n.as_i64().ok_or_else(|| format!("{n} is not an integer"))?),
        Json::Array(items) => Value::Array(items.iter().map(document).collect::<Result<_, _>>()?),
        Json::Object(fields) => Value::Record(
            fields
                .iter()
                .map(|(k, v)| Ok((k.clone(), document(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        Json::Null => return Err("null in expected properties".to_owned()),
    })
}

/// Resolves `case` with `rules`; `Err` says how the outcome differs from the expectation.
pub fn check(rules: &RuleSet, case: &Case) -> Result<(), String> {
    let outcome = rules.resolve(&case.params);
    match (&case.expect, outcome) {
        (Expect::Endpoint(expected), Ok(actual)) => {
            let mut problems = Vec::new();
            if expected.url != actual.url {
                problems.push(format!("url {:?}, expected {:?}", actual.url, expected.url));
            }
            if expected.properties != actual.properties {
                problems.push(format!(
                    "properties {:?}, expected {:?}",
                    actual.properties, expected.properties
                ));
            }
            if expected.headers != actual.headers {
                problems.push(format!(
                    "headers {:?}, expected {:?}",
                    actual.headers, expected.headers
                ));
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            }
        }
        (Expect::Endpoint(expected), Err(error)) => Err(format!(
            "error {:?} ({error:?}), expected endpoint {:?}",
            error.to_string(),
            expected.url
        )),
        (Expect::Error(expected), Err(error)) => match error {
            aws_light_runtime::endpoint::ResolveError::Rule { message } if message == *expected => {
                Ok(())
            }
            other => Err(format!(
                "error {other:?}, expected the rule error {expected:?}"
            )),
        },
        (Expect::Error(expected), Ok(actual)) => Err(format!(
            "endpoint {:?}, expected error {expected:?}",
            actual.url
        )),
    }
}
