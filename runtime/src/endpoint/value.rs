//! What goes into and comes out of endpoint resolution: parameter values, the resolved
//! endpoint, and why resolution failed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use super::model::ParameterKind;

/// A value of the rules language, as parameters carry it and endpoint properties return it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// An array; a `stringArray` parameter is an array of strings.
    Array(Vec<Value>),
    /// A record (an object), with its keys in sorted order.
    Record(BTreeMap<String, Value>),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::String(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::String(value)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<Vec<String>> for Value {
    fn from(values: Vec<String>) -> Self {
        Value::Array(values.into_iter().map(Value::String).collect())
    }
}

/// The parameter values one resolution reads, by parameter name. Parameters left out take the
/// rule set's default, or are unset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Params {
    // A rule set has a handful of parameters: a vector searched in order beats a map.
    values: Vec<(Cow<'static, str>, Value)>,
}

impl Params {
    /// No values.
    pub fn new() -> Self {
        Params::default()
    }

    /// Sets `name` to `value`, replacing an earlier value.
    pub fn set(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Value>,
    ) -> &mut Self {
        let name = name.into();
        let value = value.into();
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
        self
    }

    /// [`Params::set`], by value.
    pub fn with(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Value>) -> Self {
        self.set(name, value);
        self
    }

    /// The value of `name`, if set.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value)
    }

    /// The names and values set, in the order they were first set.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values
            .iter()
            .map(|(name, value)| (name.as_ref(), value))
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URL to send requests to.
    pub url: String,
    /// Endpoint properties; `authSchemes`, when present, is an array of records that adjust
    /// signing (`name`, `signingName`, `signingRegion`, `signingRegionSet`, ...).
    pub properties: BTreeMap<String, Value>,
    /// Headers to add to every request sent to this endpoint.
    pub headers: BTreeMap<String, Vec<String>>,
}

/// Why resolution produced no endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResolveError {
    /// An error rule matched; `message` is the rule set's message, as evaluated.
    Rule {
        /// The message.
        message: String,
    },
    /// Every rule, or every rule of a tree that matched, failed its conditions.
    NoRuleMatched,
    /// A required parameter has no value and no default.
    MissingParameter {
        /// The parameter.
        name: &'static str,
    },
    /// A parameter was given a value of the wrong type.
    ParameterType {
        /// The parameter.
        name: &'static str,
        /// The type the rule set declares.
        expected: ParameterKind,
    },
    /// The rule set calls a function this evaluator does not implement.
    UnknownFunction {
        /// The function's name.
        name: &'static str,
    },
    /// A function was called with the wrong number or types of arguments, or with an unset
    /// value where it needs one (a rule set that forgot an `isSet` check).
    InvalidArguments {
        /// The function's name (`getAttr` included).
        function: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// A reference names neither a parameter nor a variable in scope.
    UnknownReference {
        /// The name.
        name: &'static str,
    },
    /// A value the endpoint is built from is unset or of the wrong type (a URL that is not a
    /// string, a template interpolating an unset value, ...).
    InvalidValue {
        /// Where: `url`, `template`, `header`, `error message`, `endpoint property`, ...
        context: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Rule { message } => f.write_str(message),
            ResolveError::NoRuleMatched => {
                f.write_str("no endpoint rule matched the parameters (rules exhausted)")
            }
            ResolveError::MissingParameter { name } => {
                write!(f, "endpoint parameter `{name}` is required but not set")
            }
            ResolveError::ParameterType { name, expected } => write!(
                f,
                "endpoint parameter `{name}` must be a {}",
                expected.name()
            ),
            ResolveError::UnknownFunction { name } => {
                write!(f, "endpoint rules call the unsupported function `{name}`")
            }
            ResolveError::InvalidArguments { function, reason } => {
                write!(f, "endpoint rules call `{function}` wrongly: {reason}")
            }
            ResolveError::UnknownReference { name } => {
                write!(f, "endpoint rules refer to `{name}`, which is not defined")
            }
            ResolveError::InvalidValue { context, reason } => {
                write!(f, "endpoint rules produced an invalid {context}: {reason}")
            }
        }
    }
}

impl std::error::Error for ResolveError {}
