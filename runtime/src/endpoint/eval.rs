//! The evaluator: walks a [`RuleSet`] against [`Params`] and builds the [`Endpoint`] of the
//! first rule whose conditions hold, or the error it names.
//!
//! Values borrow from the parameters and the static rule set wherever they can, so the common
//! path (a region, FIPS and dual-stack flags, `aws.partition`) allocates only the URL it
//! returns. Recursion follows the rule set's nesting, which its JSON source bounds (serde_json
//! refuses documents nested deeper than 128 levels).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::functions::{self, Arn, Url};
use super::model::{
    Call, DefaultValue, EndpointTemplate, Expr, Function, Parameter, ParameterKind, PathPart, Rule,
    RuleSet, Template, TemplatePart,
};
use super::partitions::{self, PartitionMatch};
use super::value::{Endpoint, Params, ResolveError, Value};

impl RuleSet {
    /// Resolves the endpoint for `params`.
    ///
    /// Parameters the rule set does not declare are ignored; a declared one with a value of
    /// the wrong type, or a required one with neither a value nor a default, is an error
    /// before any rule runs.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, ResolveError> {
        let mut evaluator = Evaluator {
            parameters: self.parameters,
            scope: Vec::with_capacity(self.parameters.len().saturating_add(4)),
        };
        for parameter in self.parameters {
            let value = match params.get(parameter.name) {
                Some(value) => Some(bind(parameter, value)?),
                None => parameter.default.map(default_value),
            };
            match value {
                Some(value) => evaluator.scope.push((parameter.name, value)),
                None if parameter.required => {
                    return Err(ResolveError::MissingParameter {
                        name: parameter.name,
                    });
                }
                None => {}
            }
        }
        evaluator.rules(self.rules)
    }
}

/// A value during evaluation. Records produced by library functions stay typed (a partition is
/// a reference into the static table) and become [`Value::Record`]s only if an endpoint
/// property returns one.
#[derive(Debug, Clone)]
enum Val<'a> {
    Str(Cow<'a, str>),
    Bool(bool),
    Int(i64),
    Array(Vec<Val<'a>>),
    Record(Vec<(&'static str, Val<'a>)>),
    Partition(PartitionMatch),
    Arn(Box<Arn>),
    Url(Box<Url>),
}

fn bind<'a>(parameter: &Parameter, value: &'a Value) -> Result<Val<'a>, ResolveError> {
    let wrong_type = || ResolveError::ParameterType {
        name: parameter.name,
        expected: parameter.kind,
    };
    match (parameter.kind, value) {
        (ParameterKind::String, Value::String(s)) => Ok(Val::Str(Cow::Borrowed(s))),
        (ParameterKind::Boolean, Value::Bool(b)) => Ok(Val::Bool(*b)),
        (ParameterKind::StringArray, Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(Val::Str(Cow::Borrowed(s.as_str()))),
                _ => Err(wrong_type()),
            })
            .collect::<Result<_, _>>()
            .map(Val::Array),
        _ => Err(wrong_type()),
    }
}

fn default_value(default: DefaultValue) -> Val<'static> {
    match default {
        DefaultValue::String(s) => Val::Str(Cow::Borrowed(s)),
        DefaultValue::Bool(b) => Val::Bool(b),
        DefaultValue::StringArray(items) => Val::Array(
            items
                .iter()
                .map(|item| Val::Str(Cow::Borrowed(*item)))
                .collect(),
        ),
    }
}

struct Evaluator<'a> {
    parameters: &'static [Parameter],
    /// Bound parameters first, then the variables of the rules being evaluated; a rule's
    /// variables are popped when evaluation leaves it.
    scope: Vec<(&'static str, Val<'a>)>,
}

impl<'a> Evaluator<'a> {
    fn rules(&mut self, rules: &'static [Rule]) -> Result<Endpoint, ResolveError> {
        for rule in rules {
            let mark = self.scope.len();
            let outcome = if self.conditions_hold(rule)? {
                Some(match rule {
                    Rule::Endpoint { endpoint, .. } => self.endpoint(endpoint),
                    Rule::Error { message, .. } => Err(ResolveError::Rule {
                        message: self.string(message, "error message")?.into_owned(),
                    }),
                    // A tree whose conditions hold is terminal: its outcome, even "nothing
                    // matched", is the rule set's.
                    Rule::Tree { rules, .. } => self.rules(rules),
                })
            } else {
                None
            };
            self.scope.truncate(mark);
            if let Some(outcome) = outcome {
                return outcome;
            }
        }
        Err(ResolveError::NoRuleMatched)
    }

    fn conditions_hold(&mut self, rule: &'static Rule) -> Result<bool, ResolveError> {
        for condition in rule.conditions() {
            let value = self.eval(&condition.expr)?;
            let holds = match value {
                None | Some(Val::Bool(false)) => false,
                Some(_) => true,
            };
            if !holds {
                return Ok(false);
            }
            if let (Some(name), Some(value)) = (condition.assign, value) {
                self.scope.push((name, value));
            }
        }
        Ok(true)
    }

    fn endpoint(&self, template: &'static EndpointTemplate) -> Result<Endpoint, ResolveError> {
        let url = self.string(&template.url, "url")?.into_owned();
        let mut properties = BTreeMap::new();
        for field in template.properties {
            let value = self.required(&field.value, "endpoint property")?;
            properties.insert(field.name.to_owned(), into_value(value));
        }
        let mut headers = BTreeMap::new();
        for header in template.headers {
            let values = header
                .values
                .iter()
                .map(|value| self.string(value, "header").map(Cow::into_owned))
                .collect::<Result<Vec<_>, _>>()?;
            headers.insert(header.name.to_owned(), values);
        }
        Ok(Endpoint {
            url,
            properties,
            headers,
        })
    }

    fn lookup(&self, name: &'static str) -> Result<Option<&Val<'a>>, ResolveError> {
        if let Some((_, value)) = self.scope.iter().rev().find(|(n, _)| *n == name) {
            return Ok(Some(value));
        }
        if self.parameters.iter().any(|p| p.name == name) {
            Ok(None)
        } else {
            Err(ResolveError::UnknownReference { name })
        }
    }

    /// Evaluates `expr`; `None` is an unset value (an unset parameter, a function's empty
    /// optional).
    fn eval(&self, expr: &'static Expr) -> Result<Option<Val<'a>>, ResolveError> {
        Ok(Some(match expr {
            Expr::String(template) => self.template(template)?,
            Expr::Bool(b) => Val::Bool(*b),
            Expr::Int(n) => Val::Int(*n),
            Expr::Array(items) => Val::Array(
                items
                    .iter()
                    .map(|item| self.required(item, "array element"))
                    .collect::<Result<_, _>>()?,
            ),
            Expr::Record(fields) => Val::Record(
                fields
                    .iter()
                    .map(|f| Ok((f.name, self.required(&f.value, "record field")?)))
                    .collect::<Result<_, ResolveError>>()?,
            ),
            Expr::Ref(name) => return Ok(self.lookup(name)?.cloned()),
            Expr::Call(call) => return self.call(call),
            Expr::GetAttr { target, path } => {
                return match self.eval(target)? {
                    Some(value) => get_attr(&value, path),
                    None => Ok(None),
                };
            }
        }))
    }

    fn required(
        &self,
        expr: &'static Expr,
        context: &'static str,
    ) -> Result<Val<'a>, ResolveError> {
        self.eval(expr)?.ok_or(ResolveError::InvalidValue {
            context,
            reason: "the value is unset",
        })
    }

    fn string(
        &self,
        expr: &'static Expr,
        context: &'static str,
    ) -> Result<Cow<'a, str>, ResolveError> {
        match self.required(expr, context)? {
            Val::Str(s) => Ok(s),
            _ => Err(ResolveError::InvalidValue {
                context,
                reason: "the value is not a string",
            }),
        }
    }

    fn template(&self, template: &'static Template) -> Result<Val<'a>, ResolveError> {
        let parts = template.parts;
        if let [TemplatePart::Literal(text)] = parts {
            return Ok(Val::Str(Cow::Borrowed(text)));
        }
        let mut out = String::with_capacity(64);
        for part in parts {
            let interpolated = match part {
                TemplatePart::Literal(text) => {
                    out.push_str(text);
                    continue;
                }
                TemplatePart::Ref(name) => match self.lookup(name)? {
                    Some(Val::Str(s)) => {
                        out.push_str(s);
                        continue;
                    }
                    other => other.cloned(),
                },
                TemplatePart::Attr { name, path } => match self.lookup(name)? {
                    Some(value) => get_attr(value, path)?,
                    None => None,
                },
            };
            match interpolated {
                Some(Val::Str(s)) => out.push_str(&s),
                Some(_) => return Err(template_error("interpolates a value that is not a string")),
                None => return Err(template_error("interpolates an unset value")),
            }
        }
        Ok(Val::Str(Cow::Owned(out)))
    }

    fn call(&self, call: &'static Call) -> Result<Option<Val<'a>>, ResolveError> {
        let function = call.function;
        let value = match function {
            Function::BooleanEquals => {
                let [a, b] = arity(call)?;
                Val::Bool(self.bool_arg(function, a)? == self.bool_arg(function, b)?)
            }
            Function::StringEquals => {
                let [a, b] = arity(call)?;
                Val::Bool(self.str_arg(function, a)? == self.str_arg(function, b)?)
            }
            Function::IsSet => {
                let [value] = arity(call)?;
                Val::Bool(self.eval(value)?.is_some())
            }
            Function::Not => {
                let [value] = arity(call)?;
                Val::Bool(!self.bool_arg(function, value)?)
            }
            Function::Coalesce => {
                if call.args.is_empty() {
                    return Err(invalid(function, "it takes at least one argument"));
                }
                for arg in call.args {
                    if let Some(value) = self.eval(arg)? {
                        return Ok(Some(value));
                    }
                }
                return Ok(None);
            }
            Function::IsValidHostLabel => {
                let [value, subdomains] = arity(call)?;
                let value = self.str_arg(function, value)?;
                let subdomains = self.bool_arg(function, subdomains)?;
                Val::Bool(functions::is_valid_host_label(&value, subdomains))
            }
            Function::Substring => {
                let [input, start, stop, reverse] = arity(call)?;
                let input = self.str_arg(function, input)?;
                let start = self.int_arg(function, start)?;
                let stop = self.int_arg(function, stop)?;
                let reverse = self.bool_arg(function, reverse)?;
                // A negative index cannot select anything: the result is unset.
                let (Ok(start), Ok(stop)) = (usize::try_from(start), usize::try_from(stop)) else {
                    return Ok(None);
                };
                let sub = match input {
                    Cow::Borrowed(s) => {
                        functions::substring(s, start, stop, reverse).map(Cow::Borrowed)
                    }
                    Cow::Owned(s) => functions::substring(&s, start, stop, reverse)
                        .map(|sub| Cow::Owned(sub.to_owned())),
                };
                return Ok(sub.map(Val::Str));
            }
            Function::UriEncode => {
                let [value] = arity(call)?;
                Val::Str(Cow::Owned(functions::uri_encode(
                    &self.str_arg(function, value)?,
                )))
            }
            Function::ParseUrl => {
                let [value] = arity(call)?;
                let url = functions::parse_url(&self.str_arg(function, value)?);
                return Ok(url.map(|url| Val::Url(Box::new(url))));
            }
            Function::AwsPartition => {
                let [region] = arity(call)?;
                Val::Partition(partitions::partition_for(&self.str_arg(function, region)?))
            }
            Function::AwsParseArn => {
                let [value] = arity(call)?;
                let arn = functions::parse_arn(&self.str_arg(function, value)?);
                return Ok(arn.map(|arn| Val::Arn(Box::new(arn))));
            }
            Function::AwsIsVirtualHostableS3Bucket => {
                let [value, subdomains] = arity(call)?;
                let value = self.str_arg(function, value)?;
                let subdomains = self.bool_arg(function, subdomains)?;
                Val::Bool(functions::is_virtual_hostable_s3_bucket(&value, subdomains))
            }
            Function::Unknown(name) => return Err(ResolveError::UnknownFunction { name }),
        };
        Ok(Some(value))
    }

    fn str_arg(
        &self,
        function: Function,
        expr: &'static Expr,
    ) -> Result<Cow<'a, str>, ResolveError> {
        match self.eval(expr)? {
            Some(Val::Str(s)) => Ok(s),
            Some(_) => Err(invalid(function, "an argument is not a string")),
            None => Err(invalid(function, "an argument is unset")),
        }
    }

    fn bool_arg(&self, function: Function, expr: &'static Expr) -> Result<bool, ResolveError> {
        match self.eval(expr)? {
            Some(Val::Bool(b)) => Ok(b),
            Some(_) => Err(invalid(function, "an argument is not a boolean")),
            None => Err(invalid(function, "an argument is unset")),
        }
    }

    fn int_arg(&self, function: Function, expr: &'static Expr) -> Result<i64, ResolveError> {
        match self.eval(expr)? {
            Some(Val::Int(n)) => Ok(n),
            Some(_) => Err(invalid(function, "an argument is not an integer")),
            None => Err(invalid(function, "an argument is unset")),
        }
    }
}

fn arity<const N: usize>(call: &'static Call) -> Result<&'static [Expr; N], ResolveError> {
    <&[Expr; N]>::try_from(call.args)
        .map_err(|_| invalid(call.function, "it has the wrong number of arguments"))
}

fn invalid(function: Function, reason: &'static str) -> ResolveError {
    ResolveError::InvalidArguments {
        function: function.name(),
        reason,
    }
}

fn template_error(reason: &'static str) -> ResolveError {
    ResolveError::InvalidValue {
        context: "template",
        reason,
    }
}

/// Follows `path` from `value`. An index past the end is unset; a key the value does not have
/// is an error, since Smithy validates paths against the record types statically.
fn get_attr<'a>(
    value: &Val<'a>,
    path: &'static [PathPart],
) -> Result<Option<Val<'a>>, ResolveError> {
    let Some((first, rest)) = path.split_first() else {
        return Ok(Some(value.clone()));
    };
    let next = match (value, first) {
        (Val::Array(items), PathPart::Index(index)) => match items.get(*index) {
            Some(item) => item.clone(),
            None => return Ok(None),
        },
        (Val::Record(fields), PathPart::Key(key)) => fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.clone())
            .ok_or_else(no_such_attribute)?,
        (Val::Partition(found), PathPart::Key(key)) => partition_attr(found, key)?,
        (Val::Arn(arn), PathPart::Key(key)) => arn_attr(arn, key)?,
        (Val::Url(url), PathPart::Key(key)) => url_attr(url, key)?,
        _ => return Err(no_such_attribute()),
    };
    if rest.is_empty() {
        Ok(Some(next))
    } else {
        get_attr(&next, rest)
    }
}

fn no_such_attribute() -> ResolveError {
    ResolveError::InvalidArguments {
        function: "getAttr",
        reason: "the value has no such attribute",
    }
}

fn partition_attr(found: &PartitionMatch, key: &str) -> Result<Val<'static>, ResolveError> {
    let outputs = &found.partition.outputs;
    let text = |s: &'static str| Val::Str(Cow::Borrowed(s));
    Ok(match key {
        "name" => text(outputs.name),
        "dnsSuffix" => text(outputs.dns_suffix),
        "dualStackDnsSuffix" => text(outputs.dual_stack_dns_suffix),
        "supportsFIPS" => Val::Bool(outputs.supports_fips),
        "supportsDualStack" => Val::Bool(outputs.supports_dual_stack),
        "implicitGlobalRegion" => text(outputs.implicit_global_region),
        "inferred" => Val::Bool(found.inferred),
        _ => return Err(no_such_attribute()),
    })
}

fn arn_attr(arn: &Arn, key: &str) -> Result<Val<'static>, ResolveError> {
    let text = |s: &String| Val::Str(Cow::Owned(s.clone()));
    Ok(match key {
        "partition" => text(&arn.partition),
        "service" => text(&arn.service),
        "region" => text(&arn.region),
        "accountId" => text(&arn.account_id),
        "resourceId" => Val::Array(arn.resource_id.iter().map(text).collect()),
        _ => return Err(no_such_attribute()),
    })
}

fn url_attr(url: &Url, key: &str) -> Result<Val<'static>, ResolveError> {
    let text = |s: &String| Val::Str(Cow::Owned(s.clone()));
    Ok(match key {
        "scheme" => text(&url.scheme),
        "authority" => text(&url.authority),
        "path" => text(&url.path),
        "normalizedPath" => text(&url.normalized_path),
        "isIp" => Val::Bool(url.is_ip),
        _ => return Err(no_such_attribute()),
    })
}

/// The public form of a value, for endpoint properties.
fn into_value(value: Val<'_>) -> Value {
    let record = |fields: Vec<(&'static str, Value)>| {
        Value::Record(
            fields
                .into_iter()
                .map(|(name, value)| (name.to_owned(), value))
                .collect(),
        )
    };
    let text = |s: &str| Value::String(s.to_owned());
    match value {
        Val::Str(s) => Value::String(s.into_owned()),
        Val::Bool(b) => Value::Bool(b),
        Val::Int(n) => Value::Int(n),
        Val::Array(items) => Value::Array(items.into_iter().map(into_value).collect()),
        Val::Record(fields) => record(
            fields
                .into_iter()
                .map(|(name, value)| (name, into_value(value)))
                .collect(),
        ),
        Val::Partition(found) => {
            let outputs = found.partition.outputs;
            record(vec![
                ("name", text(outputs.name)),
                ("dnsSuffix", text(outputs.dns_suffix)),
                ("dualStackDnsSuffix", text(outputs.dual_stack_dns_suffix)),
                ("supportsFIPS", Value::Bool(outputs.supports_fips)),
                (
                    "supportsDualStack",
                    Value::Bool(outputs.supports_dual_stack),
                ),
                ("implicitGlobalRegion", text(outputs.implicit_global_region)),
                ("inferred", Value::Bool(found.inferred)),
            ])
        }
        Val::Arn(arn) => {
            let arn = *arn;
            record(vec![
                ("partition", Value::String(arn.partition)),
                ("service", Value::String(arn.service)),
                ("region", Value::String(arn.region)),
                ("accountId", Value::String(arn.account_id)),
                ("resourceId", Value::from(arn.resource_id)),
            ])
        }
        Val::Url(url) => {
            let url = *url;
            record(vec![
                ("scheme", Value::String(url.scheme)),
                ("authority", Value::String(url.authority)),
                ("path", Value::String(url.path)),
                ("normalizedPath", Value::String(url.normalized_path)),
                ("isIp", Value::Bool(url.is_ip)),
            ])
        }
    }
}
