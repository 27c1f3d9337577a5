//! `smithy.rules#endpointRuleSet` JSON -> [`RuleSet`], for tests.
//!
//! The runtime never parses rule sets: generated crates hold them as Rust `static`s. This is
//! the same conversion done at test time, with every string and slice leaked to get the
//! `&'static` data the model requires (fine in a test process). It is written one function per
//! rules-language construct so that the generator's emitter can follow it step by step,
//! producing tokens where this produces values.

use aws_light_runtime::endpoint::{
    Call, Condition, DefaultValue, EndpointTemplate, Expr, Field, Function, Header, Parameter,
    ParameterKind, PathPart, Rule, RuleSet, Template, TemplatePart,
};
use serde_json::{Map, Value as Json};

/// The error: what was wrong, and where (a JSON-pointer-like path).
pub type LoadError = String;

type Result<T> = std::result::Result<T, LoadError>;

/// Converts the value of an `endpointRuleSet` trait.
pub fn rule_set(json: &Json) -> Result<RuleSet> {
    let object = as_object(json, "ruleSet")?;
    let parameters = as_object(field(object, "parameters", "ruleSet")?, "parameters")?
        .iter()
        .map(|(name, p)| parameter(name, p))
        .collect::<Result<Vec<_>>>()?;
    Ok(RuleSet {
        parameters: parameters.leak(),
        rules: rules(field(object, "rules", "ruleSet")?, "rules")?,
    })
}

fn parameter(name: &str, json: &Json) -> Result<Parameter> {
    let at = format!("parameters/{name}");
    let object = as_object(json, &at)?;
    // Type names are case-insensitive in practice: AWS models write `String` and `string`.
    let kind = match as_str(field(object, "type", &at)?, &at)?
        .to_ascii_lowercase()
        .as_str()
    {
        "string" => ParameterKind::String,
        "boolean" => ParameterKind::Boolean,
        "stringarray" => ParameterKind::StringArray,
        other => return Err(format!("{at}: unknown parameter type `{other}`")),
    };
    let default = match object.get("default") {
        None => None,
        Some(Json::String(s)) => Some(DefaultValue::String(leak_str(s))),
        Some(Json::Bool(b)) => Some(DefaultValue::Bool(*b)),
        Some(Json::Array(items)) => Some(DefaultValue::StringArray(
            items
                .iter()
                .map(|item| as_str(item, &at).map(leak_str))
                .collect::<Result<Vec<_>>>()?
                .leak(),
        )),
        Some(other) => return Err(format!("{at}: unsupported default {other}")),
    };
    Ok(Parameter {
        name: leak_str(name),
        kind,
        built_in: match object.get("builtIn") {
            Some(built_in) => Some(leak_str(as_str(built_in, &at)?)),
            None => None,
        },
        default,
        required: matches!(object.get("required"), Some(Json::Bool(true))),
    })
}

fn rules(json: &Json, at: &str) -> Result<&'static [Rule]> {
    let rules = as_array(json, at)?
        .iter()
        .enumerate()
        .map(|(index, r)| rule(r, &format!("{at}/{index}")))
        .collect::<Result<Vec<_>>>()?;
    Ok(rules.leak())
}

fn rule(json: &Json, at: &str) -> Result<Rule> {
    let object = as_object(json, at)?;
    let conditions = as_array(field(object, "conditions", at)?, at)?
        .iter()
        .enumerate()
        .map(|(index, c)| condition(c, &format!("{at}/conditions/{index}")))
        .collect::<Result<Vec<_>>>()?
        .leak();
    match as_str(field(object, "type", at)?, at)? {
        "endpoint" => Ok(Rule::Endpoint {
            conditions,
            endpoint: endpoint(field(object, "endpoint", at)?, &format!("{at}/endpoint"))?,
        }),
        "error" => Ok(Rule::Error {
            conditions,
            message: expr(field(object, "error", at)?, &format!("{at}/error"))?,
        }),
        "tree" => Ok(Rule::Tree {
            conditions,
            rules: rules(field(object, "rules", at)?, &format!("{at}/rules"))?,
        }),
        other => Err(format!("{at}: unknown rule type `{other}`")),
    }
}

fn condition(json: &Json, at: &str) -> Result<Condition> {
    let object = as_object(json, at)?;
    Ok(Condition {
        expr: function_call(object, at)?,
        assign: match object.get("assign") {
            Some(name) => Some(leak_str(as_str(name, at)?)),
            None => None,
        },
    })
}

fn endpoint(json: &Json, at: &str) -> Result<EndpointTemplate> {
    let object = as_object(json, at)?;
    let properties = match object.get("properties") {
        Some(properties) => fields(as_object(properties, at)?, &format!("{at}/properties"))?,
        None => &[],
    };
    let headers: &'static [Header] = match object.get("headers") {
        Some(headers) => as_object(headers, at)?
            .iter()
            .map(|(name, values)| {
                let at = format!("{at}/headers/{name}");
                let values = as_array(values, &at)?
                    .iter()
                    .map(|value| expr(value, &at))
                    .collect::<Result<Vec<_>>>()?;
                Ok(Header {
                    name: leak_str(name),
                    values: values.leak(),
                })
            })
            .collect::<Result<Vec<_>>>()?
            .leak(),
        None => &[],
    };
    Ok(EndpointTemplate {
        url: expr(field(object, "url", at)?, &format!("{at}/url"))?,
        properties,
        headers,
    })
}

/// An expression where functions and references may appear: arguments, URLs, headers, error
/// messages. An object is a reference (`{"ref": ...}`), a call (`{"fn": ..., "argv": ...}`)
/// or else a record literal.
fn expr(json: &Json, at: &str) -> Result<Expr> {
    match json {
        Json::Object(object) if object.contains_key("ref") => {
            Ok(Expr::Ref(leak_str(as_str(field(object, "ref", at)?, at)?)))
        }
        Json::Object(object) if object.contains_key("fn") => function_call(object, at),
        other => literal(other, at),
    }
}

/// A literal: endpoint properties hold only these (their objects are always records).
fn literal(json: &Json, at: &str) -> Result<Expr> {
    match json {
        Json::String(s) => Ok(Expr::String(template(s, at)?)),
        Json::Bool(b) => Ok(Expr::Bool(*b)),
        Json::Number(n) => n
            .as_i64()
            .map(Expr::Int)
            .ok_or_else(|| format!("{at}: {n} is not an integer")),
        Json::Array(items) => {
            let items = items
                .iter()
                .enumerate()
                .map(|(index, item)| literal(item, &format!("{at}/{index}")))
                .collect::<Result<Vec<_>>>()?;
            Ok(Expr::Array(items.leak()))
        }
        Json::Object(object) => Ok(Expr::Record(fields(object, at)?)),
        Json::Null => Err(format!("{at}: null is not a value of the rules language")),
    }
}

fn fields(object: &Map<String, Json>, at: &str) -> Result<&'static [Field]> {
    let fields = object
        .iter()
        .map(|(name, value)| {
            Ok(Field {
                name: leak_str(name),
                value: literal(value, &format!("{at}/{name}"))?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(fields.leak())
}

/// `{"fn": NAME, "argv": [...]}`; `getAttr` becomes [`Expr::GetAttr`] with its path parsed.
fn function_call(object: &Map<String, Json>, at: &str) -> Result<Expr> {
    let name = as_str(field(object, "fn", at)?, at)?;
    let argv = as_array(field(object, "argv", at)?, at)?;
    if name == "getAttr" {
        let [target, path_json] = argv.as_slice() else {
            return Err(format!("{at}: getAttr takes two arguments"));
        };
        return Ok(Expr::GetAttr {
            target: Box::leak(Box::new(expr(target, &format!("{at}/argv/0"))?)),
            path: path(as_str(path_json, at)?, at)?,
        });
    }
    let args = argv
        .iter()
        .enumerate()
        .map(|(index, arg)| expr(arg, &format!("{at}/argv/{index}")))
        .collect::<Result<Vec<_>>>()?;
    Ok(Expr::Call(Call {
        function: Function::from_name(leak_str(name)),
        args: args.leak(),
    }))
}

/// Splits a template string: `{Name}` and `{Name#path}` interpolate, `{{` and `}}` are
/// literal braces.
pub fn template(source: &str, at: &str) -> Result<Template> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => {
                            return Err(format!("{at}: unclosed `{{` in template {source:?}"));
                        }
                        Some(c) => inner.push(c),
                    }
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(leak_str(&std::mem::take(
                        &mut literal,
                    ))));
                }
                parts.push(interpolation(&inner, at)?);
            }
            '}' => return Err(format!("{at}: unmatched `}}` in template {source:?}")),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Literal(leak_str(&literal)));
    }
    Ok(Template {
        parts: parts.leak(),
    })
}

/// The inside of `{...}`: a name, or `name#path` (short for `getAttr`).
fn interpolation(inner: &str, at: &str) -> Result<TemplatePart> {
    match inner.split_once('#') {
        None if !inner.is_empty() => Ok(TemplatePart::Ref(leak_str(inner))),
        Some((name, attr)) if !name.is_empty() => Ok(TemplatePart::Attr {
            name: leak_str(name),
            path: path(attr, at)?,
        }),
        _ => Err(format!("{at}: empty interpolation `{{{inner}}}`")),
    }
}

/// A `getAttr` path: keys separated by `.`, each optionally followed by `[index]`.
pub fn path(source: &str, at: &str) -> Result<&'static [PathPart]> {
    let mut parts = Vec::new();
    for segment in source.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => {
                let digits = rest
                    .strip_suffix(']')
                    .ok_or_else(|| format!("{at}: bad index in path {source:?}"))?;
                let index = digits
                    .parse::<usize>()
                    .map_err(|_| format!("{at}: bad index in path {source:?}"))?;
                (key, Some(index))
            }
            None => (segment, None),
        };
        if !key.is_empty() {
            parts.push(PathPart::Key(leak_str(key)));
        } else if index.is_none() {
            return Err(format!("{at}: empty key in path {source:?}"));
        }
        if let Some(index) = index {
            parts.push(PathPart::Index(index));
        }
    }
    Ok(parts.leak())
}

fn field<'j>(object: &'j Map<String, Json>, name: &str, at: &str) -> Result<&'j Json> {
    object
        .get(name)
        .ok_or_else(|| format!("{at}: missing `{name}`"))
}

fn as_object<'j>(json: &'j Json, at: &str) -> Result<&'j Map<String, Json>> {
    json.as_object()
        .ok_or_else(|| format!("{at}: expected an object"))
}

fn as_array<'j>(json: &'j Json, at: &str) -> Result<&'j Vec<Json>> {
    json.as_array()
        .ok_or_else(|| format!("{at}: expected an array"))
}

fn as_str<'j>(json: &'j Json, at: &str) -> Result<&'j str> {
    json.as_str()
        .ok_or_else(|| format!("{at}: expected a string"))
}

fn leak_str(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}
