//! `smithy.rules#endpointTests` to IR: each case's parameters, what it expects, and the
//! operation inputs it gives (for checking operation-scoped parameters through the generated
//! operations). The emitter turns them into the crate's `tests/endpoint_tests.rs`.

use serde_json::Value;

use super::endpoint::{ParamValue, RuleSet};

#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTest {
    /// The case's `documentation`, else empty.
    pub documentation: String,
    /// Parameters by rule-set parameter name, in the case's order.
    pub params: Vec<(String, ParamValue)>,
    pub expect: Expect,
    pub operation_inputs: Vec<OperationInput>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    Endpoint {
        url: String,
        properties: Vec<(String, PropertyValue)>,
        headers: Vec<(String, Vec<String>)>,
    },
    Error(String),
}

/// A value of an expected endpoint property (the runtime's `endpoint::Value`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PropertyValue {
    String(String),
    Bool(bool),
    Int(i64),
    Array(Vec<PropertyValue>),
    Record(Vec<(String, PropertyValue)>),
}

/// One `operationInputs` entry: an operation called with these built-ins and this input must
/// resolve to the case's expectation.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationInput {
    /// The operation's shape name.
    pub operation: String,
    /// Built-in values by built-in name (`AWS::Region`).
    pub built_ins: Vec<(String, ParamValue)>,
    /// The input, as a Smithy value (`operationParams`).
    pub params: Value,
    /// `clientParams` (client context parameters), which generated clients do not bind.
    pub client_params: bool,
}

/// The cases of an `endpointTests` trait; `problems` receives what is malformed.
pub fn cases(json: &Value, rule_set: &RuleSet, problems: &mut Vec<String>) -> Vec<EndpointTest> {
    let Some(cases) = json.get("testCases").and_then(Value::as_array) else {
        problems.push("endpointTests: `testCases` is not an array".into());
        return Vec::new();
    };
    cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| match case_of(case, rule_set) {
            Ok(case) => Some(case),
            Err(e) => {
                problems.push(format!("endpointTests case {i}: {e}"));
                None
            }
        })
        .collect()
}

fn case_of(json: &Value, rule_set: &RuleSet) -> Result<EndpointTest, String> {
    let documentation = json
        .get("documentation")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let mut params = Vec::new();
    if let Some(given) = json.get("params") {
        for (name, value) in given.as_object().ok_or("`params` is not an object")? {
            let value = ParamValue::from_json(value)
                .ok_or_else(|| format!("parameter `{name}`: {value} is not a parameter value"))?;
            // A case may name a parameter the rule set does not declare: resolution ignores
            // it, and so must the generated test.
            if rule_set.parameter(name).is_some() {
                params.push((name.clone(), value));
            }
        }
    }
    let expect = json.get("expect").ok_or("no `expect`")?;
    let expect = if let Some(message) = expect.get("error") {
        Expect::Error(
            message
                .as_str()
                .ok_or("`error` is not a string")?
                .to_string(),
        )
    } else if let Some(endpoint) = expect.get("endpoint") {
        expected_endpoint(endpoint)?
    } else {
        return Err("`expect` has neither `endpoint` nor `error`".into());
    };
    let mut operation_inputs = Vec::new();
    if let Some(inputs) = json.get("operationInputs") {
        for input in inputs
            .as_array()
            .ok_or("`operationInputs` is not an array")?
        {
            let operation = input
                .get("operationName")
                .and_then(Value::as_str)
                .ok_or("an operation input has no `operationName`")?
                .to_string();
            let mut built_ins = Vec::new();
            if let Some(given) = input.get("builtInParams") {
                for (name, value) in given
                    .as_object()
                    .ok_or("`builtInParams` is not an object")?
                {
                    let value = ParamValue::from_json(value).ok_or_else(|| {
                        format!("built-in `{name}`: {value} is not a parameter value")
                    })?;
                    built_ins.push((name.clone(), value));
                }
            }
            operation_inputs.push(OperationInput {
                operation,
                built_ins,
                params: input
                    .get("operationParams")
                    .cloned()
                    .unwrap_or_else(|| Value::Object(Default::default())),
                client_params: input
                    .get("clientParams")
                    .and_then(Value::as_object)
                    .is_some_and(|c| !c.is_empty()),
            });
        }
    }
    Ok(EndpointTest {
        documentation,
        params,
        expect,
        operation_inputs,
    })
}

fn expected_endpoint(json: &Value) -> Result<Expect, String> {
    let url = json
        .get("url")
        .and_then(Value::as_str)
        .ok_or("`endpoint` has no `url` string")?
        .to_string();
    let mut properties = Vec::new();
    if let Some(given) = json.get("properties") {
        for (name, value) in given.as_object().ok_or("`properties` is not an object")? {
            properties.push((name.clone(), property(value)?));
        }
    }
    let mut headers = Vec::new();
    if let Some(given) = json.get("headers") {
        for (name, values) in given.as_object().ok_or("`headers` is not an object")? {
            let values = values
                .as_array()
                .ok_or_else(|| format!("header {name} is not an array"))?
                .iter()
                .map(|v| v.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| format!("header {name} has a value that is not a string"))?;
            headers.push((name.clone(), values));
        }
    }
    Ok(Expect::Endpoint {
        url,
        properties,
        headers,
    })
}

fn property(json: &Value) -> Result<PropertyValue, String> {
    Ok(match json {
        Value::String(s) => PropertyValue::String(s.clone()),
        Value::Bool(b) => PropertyValue::Bool(*b),
        Value::Number(n) => {
            PropertyValue::Int(n.as_i64().ok_or_else(|| format!("{n} is not an integer"))?)
        }
        Value::Array(items) => {
            PropertyValue::Array(items.iter().map(property).collect::<Result<_, _>>()?)
        }
        Value::Object(fields) => PropertyValue::Record(
            fields
                .iter()
                .map(|(k, v)| Ok((k.clone(), property(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Null => return Err("null in expected properties".into()),
    })
}
