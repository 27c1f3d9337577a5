//! Endpoint resolution: Smithy's rules engine (`smithy.rules#endpointRuleSet`), its standard
//! library and the AWS extension (`aws.partition`, `aws.parseArn`,
//! `aws.isVirtualHostableS3Bucket`).
//!
//! A generated crate holds its service's rule set as a [`RuleSet`] `static` (every part of the
//! [model] is `&'static` data) and resolves an endpoint per request with
//! [`RuleSet::resolve`]; nothing is parsed at run time.
//!
//! ```
//! use aws_light_runtime::endpoint::*;
//!
//! // "If Region is set, https://example.{Region}.{dnsSuffix of its partition}."
//! static RULES: RuleSet = RuleSet {
//!     parameters: &[Parameter {
//!         name: "Region",
//!         kind: ParameterKind::String,
//!         built_in: Some("AWS::Region"),
//!         default: None,
//!         required: false,
//!     }],
//!     rules: &[
//!         Rule::Endpoint {
//!             conditions: &[
//!                 // Functions need set arguments: an unset one is an error, not a mismatch.
//!                 Condition {
//!                     expr: Expr::Call(Call { function: Function::IsSet, args: &[Expr::Ref("Region")] }),
//!                     assign: None,
//!                 },
//!                 Condition {
//!                     expr: Expr::Call(Call {
//!                         function: Function::AwsPartition,
//!                         args: &[Expr::Ref("Region")],
//!                     }),
//!                     assign: Some("PartitionResult"),
//!                 },
//!             ],
//!             endpoint: EndpointTemplate {
//!                 url: Expr::String(Template {
//!                     parts: &[
//!                         TemplatePart::Literal("https://example."),
//!                         TemplatePart::Ref("Region"),
//!                         TemplatePart::Literal("."),
//!                         TemplatePart::Attr {
//!                             name: "PartitionResult",
//!                             path: &[PathPart::Key("dnsSuffix")],
//!                         },
//!                     ],
//!                 }),
//!                 properties: &[],
//!                 headers: &[],
//!             },
//!         },
//!         Rule::Error {
//!             conditions: &[],
//!             message: Expr::String(Template { parts: &[TemplatePart::Literal("Region is required")] }),
//!         },
//!     ],
//! };
//!
//! let endpoint = RULES.resolve(&Params::new().with("Region", "cn-north-1"))?;
//! assert_eq!(endpoint.url, "https://example.cn-north-1.amazonaws.com.cn");
//!
//! let error = RULES.resolve(&Params::new()).unwrap_err();
//! assert_eq!(error.to_string(), "Region is required");
//! # Ok::<(), ResolveError>(())
//! ```
//!
//! Not implemented: the `endpointBdd` form of rule sets, and functions added after rules
//! language 1.0 other than `coalesce` (`split`, `ite`); calling one is a
//! [`ResolveError::UnknownFunction`], never a panic.

pub mod functions;
pub mod model;
pub mod partitions;
#[doc(hidden)]
pub mod testing;

mod eval;
mod value;

pub use model::{
    Call, Condition, DefaultValue, EndpointTemplate, Expr, Field, Function, Header, Parameter,
    ParameterKind, PathPart, Rule, RuleSet, Template, TemplatePart,
};
pub use value::{Endpoint, Params, ResolveError, Value};

#[cfg(test)]
mod tests;
