//! Operation-scoped endpoint parameters to IR: `smithy.rules#staticContextParams` on the
//! operation, `smithy.rules#contextParam` on input members, and
//! `smithy.rules#operationContextParams` paths into the input, resolved to the fields the
//! naming pass named. The emitter prints them as the operation's `endpoint_params`.
//!
//! Paths: the JMESPath forms AWS's models use, `A.B.C` (members through structures),
//! `A[*].B` (every element of a list, then members of each; the result is a list) and
//! `keys(A.B)` (the keys of a map). Anything else is refused, naming the operation.

use serde_json::Value;

use super::endpoint::{ParamValue, ParameterKind, RuleSet};
use super::{Operation, Structure, Type};
use crate::error::Diagnostic;
use crate::model::{Model, Shape};

pub const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
pub const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
pub const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";

/// One rule-set parameter an operation sets.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointBinding {
    pub param: String,
    pub source: BindingSource,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BindingSource {
    Static(ParamValue),
    /// Values reached from the input; `list` when they are collected into a `stringArray`.
    Input {
        steps: Vec<BindingStep>,
        end: BindingEnd,
        list: bool,
    },
}

/// One step from a value to the next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindingStep {
    /// A field, by its Rust name; an optional one yields nothing when unset.
    Field { name: String, optional: bool },
    /// Every element of a list (skipping nulls of a sparse one).
    Each { sparse: bool },
    /// Every key of a map; always the last step.
    Keys,
}

/// The type of the values reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BindingEnd {
    String,
    Bool,
}

/// The bindings of `op` (in the order: static, members, paths), or diagnostics on the
/// operation for what cannot be bound.
pub fn bindings(
    model: &Model,
    shape: &Shape,
    op: &Operation,
    types: &[Structure],
    rules: &RuleSet,
    diags: &mut Vec<Diagnostic>,
) -> Vec<EndpointBinding> {
    let mut out = Vec::new();
    let mut refuse = |message: String| {
        diags.push(Diagnostic::new(
            &shape.id,
            format!("endpoint parameter binding is not supported: {message}"),
        ));
    };
    let declared = |name: &str, refuse: &mut dyn FnMut(String)| {
        let found = rules.parameter(name).map(|p| p.kind);
        if found.is_none() {
            refuse(format!(
                "the endpoint rule set declares no parameter `{name}`"
            ));
        }
        found
    };
    if let Some(statics) = shape.traits.get(STATIC_CONTEXT_PARAMS) {
        for (name, entry) in statics.as_object().into_iter().flatten() {
            let Some(kind) = declared(name, &mut refuse) else {
                continue;
            };
            match entry.get("value").and_then(ParamValue::from_json) {
                Some(value) if value.kind() == kind => out.push(EndpointBinding {
                    param: name.clone(),
                    source: BindingSource::Static(value),
                }),
                _ => refuse(format!(
                    "static context parameter `{name}` has no value of the parameter's type"
                )),
            }
        }
    }
    let input_shape = shape.input.as_deref().and_then(|i| model.get(i));
    for (member, m) in input_shape.iter().flat_map(|s| s.members.iter()) {
        let Some(name) = m
            .traits
            .get(CONTEXT_PARAM)
            .and_then(|c| c.get("name"))
            .and_then(Value::as_str)
        else {
            continue;
        };
        let Some(kind) = declared(name, &mut refuse) else {
            continue;
        };
        match walk(&[Segment::Field(member.clone(), false)], op, types) {
            Ok((steps, end, false)) if end_matches(end, kind, false) => out.push(EndpointBinding {
                param: name.to_string(),
                source: BindingSource::Input {
                    steps,
                    end,
                    list: false,
                },
            }),
            Ok(_) => refuse(format!(
                "input member `{member}` does not have the type of parameter `{name}`"
            )),
            Err(e) => refuse(format!("input member `{member}`: {e}")),
        }
    }
    if let Some(paths) = shape.traits.get(OPERATION_CONTEXT_PARAMS) {
        for (name, entry) in paths.as_object().into_iter().flatten() {
            let Some(kind) = declared(name, &mut refuse) else {
                continue;
            };
            let Some(path) = entry.get("path").and_then(Value::as_str) else {
                refuse(format!(
                    "operation context parameter `{name}` has no `path`"
                ));
                continue;
            };
            let bound = parse_path(path).and_then(|segments| walk(&segments, op, types));
            match bound {
                Ok((steps, end, list)) if end_matches(end, kind, list) => {
                    out.push(EndpointBinding {
                        param: name.clone(),
                        source: BindingSource::Input { steps, end, list },
                    })
                }
                Ok(_) => refuse(format!(
                    "path `{path}` does not give a value of the type of parameter `{name}`"
                )),
                Err(e) => refuse(format!("path `{path}` of parameter `{name}`: {e}")),
            }
        }
    }
    out
}

fn end_matches(end: BindingEnd, kind: ParameterKind, list: bool) -> bool {
    matches!(
        (end, kind, list),
        (BindingEnd::String, ParameterKind::String, false)
            | (BindingEnd::Bool, ParameterKind::Boolean, false)
            | (BindingEnd::String, ParameterKind::StringArray, true)
    )
}

/// A parsed path segment: a member (with `[*]` after it), or `keys(...)` around the rest.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Field(String, bool),
    Keys,
}

fn parse_path(path: &str) -> Result<Vec<Segment>, String> {
    let (inner, keys) = match path.strip_prefix("keys(") {
        Some(rest) => (
            rest.strip_suffix(')').ok_or("`keys(` without its `)`")?,
            true,
        ),
        None => (path, false),
    };
    let mut segments = Vec::new();
    for part in inner.split('.') {
        let (name, each) = match part.strip_suffix("[*]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        let identifier =
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !identifier {
            return Err(format!(
                "`{part}` is not a member name (supported forms: `A.B`, `A[*].B`, `keys(A)`)"
            ));
        }
        segments.push(Segment::Field(name.to_string(), each));
    }
    if keys {
        segments.push(Segment::Keys);
    }
    Ok(segments)
}

/// Walks `segments` through the input's fields: the steps, the type reached, and whether
/// several values are collected.
fn walk(
    segments: &[Segment],
    op: &Operation,
    types: &[Structure],
) -> Result<(Vec<BindingStep>, BindingEnd, bool), String> {
    let mut steps = Vec::new();
    let mut ty: Option<Type> = None;
    let mut list = false;
    for segment in segments {
        match segment {
            Segment::Field(member, each) => {
                let structure = match &ty {
                    None => Some(&op.input),
                    Some(Type::Struct(name)) => types.iter().find(|t| &t.name == name),
                    Some(_) => None,
                }
                .ok_or_else(|| format!("`{member}` is reached through a non-structure"))?;
                let field = structure
                    .fields
                    .iter()
                    .find(|f| f.wire_name == *member)
                    .ok_or_else(|| format!("{} has no member `{member}`", structure.name))?;
                steps.push(BindingStep::Field {
                    name: field.name.clone(),
                    optional: field.optional,
                });
                ty = Some(field.ty.clone());
                if *each {
                    let Some(Type::List { item, sparse }) = ty else {
                        return Err(format!("`{member}[*]`: `{member}` is not a list"));
                    };
                    steps.push(BindingStep::Each { sparse });
                    ty = Some(*item);
                    list = true;
                }
            }
            Segment::Keys => {
                if !matches!(ty, Some(Type::Map { .. })) {
                    return Err("`keys(...)` of something that is not a map".into());
                }
                steps.push(BindingStep::Keys);
                ty = Some(Type::String);
                list = true;
            }
        }
    }
    let end = match ty {
        Some(Type::String) => BindingEnd::String,
        Some(Type::Bool) => BindingEnd::Bool,
        other => return Err(format!("it ends at a {other:?}, not a string or boolean")),
    };
    Ok((steps, end, list))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_the_aws_models_parse_and_others_are_refused() {
        assert_eq!(
            parse_path("TransactItems[*].Get.TableName"),
            Ok(vec![
                Segment::Field("TransactItems".into(), true),
                Segment::Field("Get".into(), false),
                Segment::Field("TableName".into(), false),
            ])
        );
        assert_eq!(
            parse_path("keys(RequestItems)"),
            Ok(vec![
                Segment::Field("RequestItems".into(), false),
                Segment::Keys
            ])
        );
        for bad in ["A[0]", "A[?x]", "length(A)", "A.*", "", "keys(A", "{a: A}"] {
            assert!(parse_path(bad).is_err(), "{bad:?}");
        }
    }
}
