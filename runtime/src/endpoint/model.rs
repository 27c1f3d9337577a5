//! The rule set as data: every type here holds only `&'static` slices, strings and `Copy`
//! values, so a generator can write a whole `smithy.rules#endpointRuleSet` as one Rust `static`
//! and a generated crate never parses JSON to resolve an endpoint.
//!
//! The shapes follow Smithy's rules language one to one, with the parsing done ahead of time:
//! template strings are split into [`TemplatePart`]s, `getAttr` paths into [`PathPart`]s and
//! function names into [`Function`]s.

/// An endpoint rule set: the parameters it reads and the rules that turn them into an endpoint
/// or an error. Resolve one with [`RuleSet::resolve`](crate::endpoint::RuleSet::resolve).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSet {
    /// The parameters, in the order the rule set declares them.
    pub parameters: &'static [Parameter],
    /// The rules, tried in order; the first whose conditions all hold decides.
    pub rules: &'static [Rule],
}

/// One declared parameter of a rule set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parameter {
    /// The parameter's name, as rules refer to it (`Region`, `UseFIPS`, ...).
    pub name: &'static str,
    /// The type a value of this parameter must have.
    pub kind: ParameterKind,
    /// The built-in a client binds to this parameter (`AWS::Region`, `SDK::Endpoint`, ...).
    pub built_in: Option<&'static str>,
    /// The value used when the caller gives none.
    pub default: Option<DefaultValue>,
    /// Whether resolution must fail when the parameter has neither a value nor a default.
    pub required: bool,
}

/// The type of a rule-set parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterKind {
    /// A string (`"type": "string"`).
    String,
    /// A boolean (`"type": "boolean"`).
    Boolean,
    /// A list of strings (`"type": "stringArray"`).
    StringArray,
}

impl ParameterKind {
    /// The name the rules language gives this type.
    pub const fn name(self) -> &'static str {
        match self {
            ParameterKind::String => "string",
            ParameterKind::Boolean => "boolean",
            ParameterKind::StringArray => "stringArray",
        }
    }
}

/// A parameter's default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultValue {
    /// A string default.
    String(&'static str),
    /// A boolean default.
    Bool(bool),
    /// A list-of-strings default.
    StringArray(&'static [&'static str]),
}

/// A rule: conditions, and what to do when all of them hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Resolves to an endpoint.
    Endpoint {
        /// Conditions that must all hold, evaluated in order.
        conditions: &'static [Condition],
        /// The endpoint to build.
        endpoint: EndpointTemplate,
    },
    /// Fails resolution with a message.
    Error {
        /// Conditions that must all hold, evaluated in order.
        conditions: &'static [Condition],
        /// The message, an expression that evaluates to a string.
        message: Expr,
    },
    /// Descends into nested rules; when none of them matches, resolution fails (a tree is a
    /// terminal branch: evaluation does not come back out of it).
    Tree {
        /// Conditions that must all hold, evaluated in order.
        conditions: &'static [Condition],
        /// The nested rules, tried in order.
        rules: &'static [Rule],
    },
}

impl Rule {
    /// The rule's conditions.
    pub const fn conditions(&self) -> &'static [Condition] {
        match self {
            Rule::Endpoint { conditions, .. }
            | Rule::Error { conditions, .. }
            | Rule::Tree { conditions, .. } => conditions,
        }
    }
}

/// A condition: an expression (a function call) that holds when it evaluates to `true` or to
/// any set value other than `false`. An unset result (an empty optional) does not hold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Condition {
    /// The expression to evaluate; in rule sets it is always a function call or `getAttr`.
    pub expr: Expr,
    /// The variable that receives the expression's value when the condition holds; it is
    /// visible to later conditions of the same rule and to a tree's nested rules.
    pub assign: Option<&'static str>,
}

/// What an endpoint rule builds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EndpointTemplate {
    /// The URL; evaluates to a string.
    pub url: Expr,
    /// Endpoint properties (`authSchemes`, ...), in declaration order.
    pub properties: &'static [Field],
    /// Headers to send, each with one or more values.
    pub headers: &'static [Header],
}

/// A named value: an endpoint property or a field of a record literal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The field's name.
    pub name: &'static str,
    /// The field's value.
    pub value: Expr,
}

/// A header an endpoint asks the client to send.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    /// The header's name.
    pub name: &'static str,
    /// Its values, each an expression that evaluates to a string.
    pub values: &'static [Expr],
}

/// An expression of the rules language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expr {
    /// A string literal, which may interpolate values (`"https://{Region}.{P#dnsSuffix}"`).
    String(Template),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal (the indices of `substring`).
    Int(i64),
    /// An array literal.
    Array(&'static [Expr]),
    /// A record literal (only in endpoint properties).
    Record(&'static [Field]),
    /// A reference to a parameter or an assigned variable; unset when it has no value.
    Ref(&'static str),
    /// A function call.
    Call(Call),
    /// `getAttr`: a value reached from another by a path of keys and indices.
    GetAttr {
        /// The value to start from.
        target: &'static Expr,
        /// The path, parsed from strings like `resourceId[2]` or `a.b`.
        path: &'static [PathPart],
    },
}

/// A call of a library function.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Call {
    /// The function called.
    pub function: Function,
    /// Its arguments.
    pub args: &'static [Expr],
}

/// The functions of the rules engine's standard library and its AWS extension that this
/// evaluator implements (`getAttr` is [`Expr::GetAttr`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `booleanEquals(bool, bool) -> bool`
    BooleanEquals,
    /// `stringEquals(string, string) -> bool`
    StringEquals,
    /// `isSet(option<T>) -> bool`
    IsSet,
    /// `not(bool) -> bool`
    Not,
    /// `coalesce(option<T>, ...) -> option<T>`: the first set argument.
    Coalesce,
    /// `isValidHostLabel(string, allowSubDomains: bool) -> bool`
    IsValidHostLabel,
    /// `substring(string, start: int, stop: int, reverse: bool) -> option<string>`
    Substring,
    /// `uriEncode(string) -> string`
    UriEncode,
    /// `parseURL(string) -> option<URL>`
    ParseUrl,
    /// `aws.partition(region: string) -> option<Partition>`
    AwsPartition,
    /// `aws.parseArn(string) -> option<ARN>`
    AwsParseArn,
    /// `aws.isVirtualHostableS3Bucket(string, allowSubDomains: bool) -> bool`
    AwsIsVirtualHostableS3Bucket,
    /// A function this evaluator does not know; calling it fails resolution with
    /// [`ResolveError::UnknownFunction`](crate::endpoint::ResolveError::UnknownFunction).
    Unknown(&'static str),
}

impl Function {
    /// The function a rule set names `name` (`getAttr` is not a [`Function`]: loaders turn
    /// it into [`Expr::GetAttr`]).
    pub fn from_name(name: &'static str) -> Function {
        match name {
            "booleanEquals" => Function::BooleanEquals,
            "stringEquals" => Function::StringEquals,
            "isSet" => Function::IsSet,
            "not" => Function::Not,
            "coalesce" => Function::Coalesce,
            "isValidHostLabel" => Function::IsValidHostLabel,
            "substring" => Function::Substring,
            "uriEncode" => Function::UriEncode,
            "parseURL" => Function::ParseUrl,
            "aws.partition" => Function::AwsPartition,
            "aws.parseArn" => Function::AwsParseArn,
            "aws.isVirtualHostableS3Bucket" => Function::AwsIsVirtualHostableS3Bucket,
            other => Function::Unknown(other),
        }
    }

    /// The name rule sets call the function by.
    pub const fn name(self) -> &'static str {
        match self {
            Function::BooleanEquals => "booleanEquals",
            Function::StringEquals => "stringEquals",
            Function::IsSet => "isSet",
            Function::Not => "not",
            Function::Coalesce => "coalesce",
            Function::IsValidHostLabel => "isValidHostLabel",
            Function::Substring => "substring",
            Function::UriEncode => "uriEncode",
            Function::ParseUrl => "parseURL",
            Function::AwsPartition => "aws.partition",
            Function::AwsParseArn => "aws.parseArn",
            Function::AwsIsVirtualHostableS3Bucket => "aws.isVirtualHostableS3Bucket",
            Function::Unknown(name) => name,
        }
    }
}

/// A string literal split into the literal text and the values it interpolates. `{{` and `}}`
/// in the source are already unescaped into the literal parts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Template {
    /// The parts, concatenated in order.
    pub parts: &'static [TemplatePart],
}

/// One piece of a [`Template`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(&'static str),
    /// `{Name}`: the string value of a parameter or variable.
    Ref(&'static str),
    /// `{Name#path}`: the string reached from a variable by a `getAttr` path.
    Attr {
        /// The parameter or variable to start from.
        name: &'static str,
        /// The path.
        path: &'static [PathPart],
    },
}

/// One step of a `getAttr` path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPart {
    /// A record field (`name`, `dnsSuffix`, ...).
    Key(&'static str),
    /// An array element (`[0]`); out of range gives an unset value.
    Index(usize),
}
