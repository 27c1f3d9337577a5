//! Endpoint rules to IR: the service's `smithy.rules#endpointRuleSet`, parsed and checked here
//! once, into values the emitter prints as the runtime's `endpoint::RuleSet` data (template
//! strings split, `getAttr` paths parsed, function names resolved).
//!
//! The conversion follows the runtime's test loader (`runtime/tests/support/rules_json.rs`)
//! construct by construct, but collects problems as diagnostics on the service shape instead
//! of stopping at the first. A rule set the runtime could not evaluate (a function it does not
//! implement, a parameter type it does not know, a reference to nothing) is refused here, so
//! no generated crate fails at run time on its own rules.
//!
//! A service without a rule set (Smithy's protocol-test services, our fixtures) gets
//! [`fallback`]: the regional endpoint `https://{endpointPrefix}.{Region}.{dnsSuffix}` through
//! the same engine, with FIPS and dual-stack variants and an explicit endpoint winning.

use serde_json::{Map, Value};

use crate::error::Diagnostic;

pub use super::endpoint_fallback::fallback;
pub use super::endpoint_tests::{EndpointTest, Expect, OperationInput, PropertyValue};

/// The endpoint rules of the crate and where they came from.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointRules {
    pub rule_set: RuleSet,
    /// False when the model has no rule set and [`fallback`] stands in.
    pub from_model: bool,
    /// The model's `smithy.rules#endpointTests` cases, in model order.
    pub tests: Vec<EndpointTest>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleSet {
    pub parameters: Vec<Parameter>,
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub kind: ParameterKind,
    pub built_in: Option<String>,
    pub default: Option<ParamValue>,
    pub required: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterKind {
    String,
    Boolean,
    StringArray,
}

/// A parameter value: a default, a static context parameter, a test case's parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

impl ParamValue {
    pub fn kind(&self) -> ParameterKind {
        match self {
            ParamValue::String(_) => ParameterKind::String,
            ParamValue::Bool(_) => ParameterKind::Boolean,
            ParamValue::StringArray(_) => ParameterKind::StringArray,
        }
    }

    /// A JSON string, boolean or array of strings.
    pub fn from_json(json: &Value) -> Option<ParamValue> {
        Some(match json {
            Value::String(s) => ParamValue::String(s.clone()),
            Value::Bool(b) => ParamValue::Bool(*b),
            Value::Array(items) => ParamValue::StringArray(
                items
                    .iter()
                    .map(|i| i.as_str().map(str::to_string))
                    .collect::<Option<_>>()?,
            ),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    Endpoint {
        conditions: Vec<Condition>,
        endpoint: EndpointTemplate,
    },
    Error {
        conditions: Vec<Condition>,
        message: Expr,
    },
    Tree {
        conditions: Vec<Condition>,
        rules: Vec<Rule>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Condition {
    pub expr: Expr,
    pub assign: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTemplate {
    pub url: Expr,
    pub properties: Vec<(String, Expr)>,
    pub headers: Vec<(String, Vec<Expr>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    String(Vec<TemplatePart>),
    Bool(bool),
    Int(i64),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
    Ref(String),
    Call {
        function: Function,
        args: Vec<Expr>,
    },
    GetAttr {
        target: Box<Expr>,
        path: Vec<PathPart>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TemplatePart {
    Literal(String),
    Ref(String),
    Attr { name: String, path: Vec<PathPart> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// The library functions the runtime's evaluator implements, by the name rule sets call them
/// and the runtime's `endpoint::Function` variant. `getAttr` is [`Expr::GetAttr`].
pub const FUNCTIONS: &[(&str, &str)] = &[
    ("booleanEquals", "BooleanEquals"),
    ("stringEquals", "StringEquals"),
    ("isSet", "IsSet"),
    ("not", "Not"),
    ("coalesce", "Coalesce"),
    ("isValidHostLabel", "IsValidHostLabel"),
    ("substring", "Substring"),
    ("uriEncode", "UriEncode"),
    ("parseURL", "ParseUrl"),
    ("aws.partition", "AwsPartition"),
    ("aws.parseArn", "AwsParseArn"),
    (
        "aws.isVirtualHostableS3Bucket",
        "AwsIsVirtualHostableS3Bucket",
    ),
];

/// A function of [`FUNCTIONS`], by its index there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function(pub(super) usize);

impl Function {
    pub fn named(name: &str) -> Option<Function> {
        FUNCTIONS.iter().position(|(n, _)| *n == name).map(Function)
    }

    /// The runtime's variant name (`AwsPartition`).
    pub fn variant(self) -> &'static str {
        FUNCTIONS.get(self.0).map_or("IsSet", |(_, v)| v)
    }
}

/// The crate's endpoint rules: the model's, checked, or the fallback when it has none.
pub fn endpoint_rules(
    service_id: &str,
    traits: &crate::model::Traits,
    endpoint_prefix: &str,
    diags: &mut Vec<Diagnostic>,
) -> EndpointRules {
    let Some(json) = traits.get(RULE_SET_TRAIT) else {
        return EndpointRules {
            rule_set: fallback(endpoint_prefix),
            from_model: false,
            tests: Vec::new(),
        };
    };
    let mut problems = Vec::new();
    let rule_set = rule_set(json, &mut problems);
    if problems.is_empty() {
        check_references(&rule_set, &mut problems);
    }
    let tests = match traits.get(TESTS_TRAIT) {
        Some(tests) => super::endpoint_tests::cases(tests, &rule_set, &mut problems),
        None => Vec::new(),
    };
    diags.extend(
        problems
            .into_iter()
            .map(|p| Diagnostic::new(service_id, format!("endpoint rules are not supported: {p}"))),
    );
    EndpointRules {
        rule_set,
        from_model: true,
        tests,
    }
}

pub const RULE_SET_TRAIT: &str = "smithy.rules#endpointRuleSet";
pub const TESTS_TRAIT: &str = "smithy.rules#endpointTests";

/// Problems found so far; a construct that cannot be converted is replaced by a placeholder
/// so that every problem of the rule set is found in one pass.
type Problems = Vec<String>;

fn rule_set(json: &Value, p: &mut Problems) -> RuleSet {
    let Some(object) = object(json, "endpointRuleSet", p) else {
        return RuleSet {
            parameters: Vec::new(),
            rules: Vec::new(),
        };
    };
    if let Some(version) = object.get("version").and_then(Value::as_str)
        && !version.starts_with("1.")
    {
        p.push(format!(
            "rules language version {version:?} (supported: 1.x)"
        ));
    }
    let parameters = match field(object, "parameters", "endpointRuleSet", p)
        .and_then(|j| self::object(j, "parameters", p))
    {
        Some(params) => params
            .iter()
            .filter_map(|(name, json)| parameter(name, json, p))
            .collect(),
        None => Vec::new(),
    };
    let rules = field(object, "rules", "endpointRuleSet", p)
        .map(|j| rules(j, "rules", p))
        .unwrap_or_default();
    RuleSet { parameters, rules }
}

fn parameter(name: &str, json: &Value, p: &mut Problems) -> Option<Parameter> {
    let at = format!("parameters/{name}");
    let object = object(json, &at, p)?;
    let type_name = field(object, "type", &at, p).and_then(|t| string(t, &at, p))?;
    // AWS models write both `String` and `string`.
    let kind = match type_name.to_ascii_lowercase().as_str() {
        "string" => ParameterKind::String,
        "boolean" => ParameterKind::Boolean,
        "stringarray" => ParameterKind::StringArray,
        _ => {
            p.push(format!(
                "{at}: unknown parameter type `{type_name}` (supported: string, boolean, stringArray)"
            ));
            return None;
        }
    };
    let default = match object.get("default") {
        None => None,
        Some(json) => match ParamValue::from_json(json) {
            Some(v) if v.kind() == kind => Some(v),
            _ => {
                p.push(format!("{at}: default {json} is not a {type_name}"));
                None
            }
        },
    };
    let built_in = match object.get("builtIn") {
        None => None,
        Some(b) => Some(string(b, &at, p)?.to_string()),
    };
    Some(Parameter {
        name: name.to_string(),
        kind,
        built_in,
        default,
        required: matches!(object.get("required"), Some(Value::Bool(true))),
    })
}

fn rules(json: &Value, at: &str, p: &mut Problems) -> Vec<Rule> {
    let Some(items) = array(json, at, p) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, r)| rule(r, &format!("{at}/{i}"), p))
        .collect()
}

fn rule(json: &Value, at: &str, p: &mut Problems) -> Option<Rule> {
    let object = object(json, at, p)?;
    let conditions = field(object, "conditions", at, p)
        .and_then(|c| array(c, at, p))
        .map(|items| {
            items
                .iter()
                .enumerate()
                .filter_map(|(i, c)| condition(c, &format!("{at}/conditions/{i}"), p))
                .collect()
        })
        .unwrap_or_default();
    match field(object, "type", at, p).and_then(|t| string(t, at, p))? {
        "endpoint" => Some(Rule::Endpoint {
            conditions,
            endpoint: endpoint(
                field(object, "endpoint", at, p)?,
                &format!("{at}/endpoint"),
                p,
            )?,
        }),
        "error" => Some(Rule::Error {
            conditions,
            message: expr(field(object, "error", at, p)?, &format!("{at}/error"), p)?,
        }),
        "tree" => Some(Rule::Tree {
            conditions,
            rules: rules(field(object, "rules", at, p)?, &format!("{at}/rules"), p),
        }),
        other => {
            p.push(format!("{at}: unknown rule type `{other}`"));
            None
        }
    }
}

fn condition(json: &Value, at: &str, p: &mut Problems) -> Option<Condition> {
    let object = object(json, at, p)?;
    let expr = call(object, at, p)?;
    let assign = match object.get("assign") {
        None => None,
        Some(a) => Some(string(a, at, p)?.to_string()),
    };
    Some(Condition { expr, assign })
}

fn endpoint(json: &Value, at: &str, p: &mut Problems) -> Option<EndpointTemplate> {
    let object = object(json, at, p)?;
    let url = expr(field(object, "url", at, p)?, &format!("{at}/url"), p)?;
    let properties = match object.get("properties") {
        None => Vec::new(),
        Some(props) => fields(self::object(props, at, p)?, &format!("{at}/properties"), p),
    };
    let mut headers = Vec::new();
    if let Some(h) = object.get("headers") {
        for (name, values) in self::object(h, at, p)? {
            let at = format!("{at}/headers/{name}");
            let values = array(values, &at, p)?
                .iter()
                .filter_map(|v| expr(v, &at, p))
                .collect();
            headers.push((name.clone(), values));
        }
    }
    Some(EndpointTemplate {
        url,
        properties,
        headers,
    })
}

/// An expression where references and calls may appear; any other object is a record.
fn expr(json: &Value, at: &str, p: &mut Problems) -> Option<Expr> {
    match json {
        Value::Object(o) if o.contains_key("ref") => Some(Expr::Ref(
            string(field(o, "ref", at, p)?, at, p)?.to_string(),
        )),
        Value::Object(o) if o.contains_key("fn") => call(o, at, p),
        other => literal(other, at, p),
    }
}

fn literal(json: &Value, at: &str, p: &mut Problems) -> Option<Expr> {
    match json {
        Value::String(s) => Some(Expr::String(template(s, at, p)?)),
        Value::Bool(b) => Some(Expr::Bool(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Some(Expr::Int(i)),
            None => {
                p.push(format!("{at}: {n} is not an integer"));
                None
            }
        },
        Value::Array(items) => Some(Expr::Array(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| literal(item, &format!("{at}/{i}"), p))
                .collect(),
        )),
        Value::Object(o) => Some(Expr::Record(fields(o, at, p))),
        Value::Null => {
            p.push(format!("{at}: null is not a value of the rules language"));
            None
        }
    }
}

fn fields(object: &Map<String, Value>, at: &str, p: &mut Problems) -> Vec<(String, Expr)> {
    object
        .iter()
        .filter_map(|(name, v)| Some((name.clone(), literal(v, &format!("{at}/{name}"), p)?)))
        .collect()
}

fn call(object: &Map<String, Value>, at: &str, p: &mut Problems) -> Option<Expr> {
    let name = string(field(object, "fn", at, p)?, at, p)?;
    let argv = array(field(object, "argv", at, p)?, at, p)?;
    if name == "getAttr" {
        let [target, path_json] = argv.as_slice() else {
            p.push(format!("{at}: getAttr takes two arguments"));
            return None;
        };
        return Some(Expr::GetAttr {
            target: Box::new(expr(target, &format!("{at}/argv/0"), p)?),
            path: path(string(path_json, at, p)?, at, p)?,
        });
    }
    let Some(function) = Function::named(name) else {
        p.push(format!(
            "{at}: unknown function `{name}` (supported: getAttr, {})",
            FUNCTIONS
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return None;
    };
    let args = argv
        .iter()
        .enumerate()
        .map(|(i, a)| expr(a, &format!("{at}/argv/{i}"), p))
        .collect::<Option<Vec<_>>>()?;
    Some(Expr::Call { function, args })
}

/// `{Name}` and `{Name#path}` interpolate; `{{` and `}}` are literal braces.
fn template(source: &str, at: &str, p: &mut Problems) -> Option<Vec<TemplatePart>> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = source.chars().peekable();
    let bad = |p: &mut Problems, what: &str| {
        p.push(format!("{at}: {what} in template {source:?}"));
    };
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
                            bad(p, "unclosed `{`");
                            return None;
                        }
                        Some(c) => inner.push(c),
                    }
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                }
                parts.push(match inner.split_once('#') {
                    None if !inner.is_empty() => TemplatePart::Ref(inner),
                    Some((name, attr)) if !name.is_empty() => TemplatePart::Attr {
                        name: name.to_string(),
                        path: path(attr, at, p)?,
                    },
                    _ => {
                        bad(p, &format!("empty interpolation `{{{inner}}}`"));
                        return None;
                    }
                });
            }
            '}' => {
                bad(p, "unmatched `}`");
                return None;
            }
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Literal(literal));
    }
    Some(parts)
}

/// Keys separated by `.`, each optionally followed by `[index]`.
fn path(source: &str, at: &str, p: &mut Problems) -> Option<Vec<PathPart>> {
    let mut parts = Vec::new();
    for segment in source.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => {
                let index = rest.strip_suffix(']').and_then(|d| d.parse::<usize>().ok());
                let Some(index) = index else {
                    p.push(format!("{at}: bad index in path {source:?}"));
                    return None;
                };
                (key, Some(index))
            }
            None => (segment, None),
        };
        if !key.is_empty() {
            parts.push(PathPart::Key(key.to_string()));
        } else if index.is_none() {
            p.push(format!("{at}: empty key in path {source:?}"));
            return None;
        }
        parts.extend(index.map(PathPart::Index));
    }
    Some(parts)
}

/// Every reference names a parameter or a variable assigned earlier in scope (a condition of
/// the same rule, or of an enclosing tree).
fn check_references(rule_set: &RuleSet, p: &mut Problems) {
    let mut scope: Vec<String> = rule_set.parameters.iter().map(|x| x.name.clone()).collect();
    check_rules(&rule_set.rules, &mut scope, "rules", p);
}

fn check_rules(rules: &[Rule], scope: &mut Vec<String>, at: &str, p: &mut Problems) {
    for (i, rule) in rules.iter().enumerate() {
        let at = format!("{at}/{i}");
        let mark = scope.len();
        let conditions = match rule {
            Rule::Endpoint { conditions, .. }
            | Rule::Error { conditions, .. }
            | Rule::Tree { conditions, .. } => conditions,
        };
        for c in conditions {
            check_expr(&c.expr, scope, &at, p);
            scope.extend(c.assign.iter().cloned());
        }
        match rule {
            Rule::Endpoint { endpoint, .. } => {
                check_expr(&endpoint.url, scope, &at, p);
                for (_, e) in &endpoint.properties {
                    check_expr(e, scope, &at, p);
                }
                for e in endpoint.headers.iter().flat_map(|(_, v)| v) {
                    check_expr(e, scope, &at, p);
                }
            }
            Rule::Error { message, .. } => check_expr(message, scope, &at, p),
            Rule::Tree { rules, .. } => check_rules(rules, scope, &format!("{at}/rules"), p),
        }
        scope.truncate(mark);
    }
}

fn check_expr(expr: &Expr, scope: &[String], at: &str, p: &mut Problems) {
    let name_ok = |name: &str, p: &mut Problems| {
        if !scope.iter().any(|s| s == name) {
            p.push(format!(
                "{at}: `{name}` is neither a parameter nor a variable in scope"
            ));
        }
    };
    match expr {
        Expr::String(parts) => {
            for part in parts {
                match part {
                    TemplatePart::Literal(_) => {}
                    TemplatePart::Ref(name) | TemplatePart::Attr { name, .. } => name_ok(name, p),
                }
            }
        }
        Expr::Bool(_) | Expr::Int(_) => {}
        Expr::Array(items) => items.iter().for_each(|e| check_expr(e, scope, at, p)),
        Expr::Record(fields) => fields.iter().for_each(|(_, e)| check_expr(e, scope, at, p)),
        Expr::Ref(name) => name_ok(name, p),
        Expr::Call { args, .. } => args.iter().for_each(|e| check_expr(e, scope, at, p)),
        Expr::GetAttr { target, .. } => check_expr(target, scope, at, p),
    }
}

fn field<'j>(
    object: &'j Map<String, Value>,
    name: &str,
    at: &str,
    p: &mut Problems,
) -> Option<&'j Value> {
    let found = object.get(name);
    if found.is_none() {
        p.push(format!("{at}: missing `{name}`"));
    }
    found
}

fn object<'j>(json: &'j Value, at: &str, p: &mut Problems) -> Option<&'j Map<String, Value>> {
    let found = json.as_object();
    if found.is_none() {
        p.push(format!("{at}: expected an object"));
    }
    found
}

fn array<'j>(json: &'j Value, at: &str, p: &mut Problems) -> Option<&'j Vec<Value>> {
    let found = json.as_array();
    if found.is_none() {
        p.push(format!("{at}: expected an array"));
    }
    found
}

fn string<'j>(json: &'j Value, at: &str, p: &mut Problems) -> Option<&'j str> {
    let found = json.as_str();
    if found.is_none() {
        p.push(format!("{at}: expected a string"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(json: &str) -> Vec<String> {
        let mut p = Vec::new();
        let json: Value = serde_json::from_str(json).expect("json");
        let rs = rule_set(&json, &mut p);
        if p.is_empty() {
            check_references(&rs, &mut p);
        }
        p
    }

    #[test]
    fn templates_and_paths_parse_like_the_runtime_loader() {
        let mut p = Vec::new();
        let parts = template("https://{Bucket}.s3.{P#dnsSuffix}/{{x}}", "t", &mut p);
        assert_eq!(
            parts,
            Some(vec![
                TemplatePart::Literal("https://".into()),
                TemplatePart::Ref("Bucket".into()),
                TemplatePart::Literal(".s3.".into()),
                TemplatePart::Attr {
                    name: "P".into(),
                    path: vec![PathPart::Key("dnsSuffix".into())]
                },
                TemplatePart::Literal("/{x}".into()),
            ])
        );
        assert_eq!(
            path("resourceId[2]", "p", &mut p),
            Some(vec![PathPart::Key("resourceId".into()), PathPart::Index(2)])
        );
        assert!(p.is_empty(), "{p:?}");
        for bad in ["{", "}", "a{b", "{}", "{#x}"] {
            assert!(template(bad, "t", &mut p).is_none(), "{bad:?}");
        }
        for bad in ["", "a.", "a[x]", "a[1"] {
            assert!(path(bad, "p", &mut p).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn unknown_functions_types_and_references_are_problems() {
        let base = |param_type: &str, function: &str, reference: &str| {
            format!(
                r#"{{"version": "1.0", "parameters": {{"Region": {{"type": "{param_type}"}}}},
                   "rules": [{{"type": "error", "conditions": [{{"fn": "{function}", "argv": [{{"ref": "{reference}"}}]}}],
                              "error": "x"}}]}}"#
            )
        };
        assert_eq!(
            problems_of(&base("string", "isSet", "Region")),
            Vec::<String>::new()
        );
        let p = problems_of(&base("string", "split", "Region"));
        assert!(
            p.len() == 1 && p[0].contains("unknown function `split`"),
            "{p:?}"
        );
        let p = problems_of(&base("integer", "isSet", "Region"));
        assert!(
            p.iter()
                .any(|x| x.contains("unknown parameter type `integer`")),
            "{p:?}"
        );
        let p = problems_of(&base("string", "isSet", "Nowhere"));
        assert!(
            p.len() == 1 && p[0].contains("`Nowhere` is neither"),
            "{p:?}"
        );
        let p = problems_of(r#"{"parameters": {}, "rules": [{"type": "loop", "conditions": []}]}"#);
        assert!(
            p.iter().any(|x| x.contains("unknown rule type `loop`")),
            "{p:?}"
        );
    }

    #[test]
    fn the_fallback_refers_only_to_what_it_declares() {
        let mut p = Vec::new();
        check_references(&fallback("example"), &mut p);
        assert!(p.is_empty(), "{p:?}");
    }
}
