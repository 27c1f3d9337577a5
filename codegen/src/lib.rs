//! A generator of typed Rust clients from Smithy JSON AST models of awsJson1_0, awsJson1_1 and
//! restJson1 services (other protocols are refused by [`validate`]; see [`protocol`]).
//!
//! The pipeline is one module per stage, each readable alone:
//! [`model`] (load JSON AST + prelude) -> [`validate`] -> [`ir`] (names, optionality,
//! boxing, errors, pagination) -> [`emit`] (tokens with `quote!`, formatted by
//! prettyplease) -> [`write`](mod@write) (all or nothing).

pub mod docs;
pub mod emit;
pub mod error;
pub mod inline;
pub mod ir;
pub mod model;
pub mod naming;
pub mod protocol;
pub mod protocol_tests;
pub mod validate;
pub mod workspace;
pub mod write;

use std::collections::BTreeSet;
use std::path::PathBuf;

pub use emit::Files;
pub use error::{Diagnostic, Error};
use model::{Kind, Model, shape_name};

/// What to generate from a model.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Operations by shape name (`ListDevices`) or absolute id; `None` means all.
    pub operations: Option<Vec<String>>,
    /// The service by shape name or absolute id; needed only when the model has several.
    pub service: Option<String>,
    /// Cargo package name of the generated crate; defaults to the service's sdkId in kebab case.
    pub package: Option<String>,
}

/// A generated crate, in memory.
#[derive(Clone, Debug)]
pub struct Generated {
    pub files: Files,
    /// Non-prelude shapes in the generated closure.
    pub shapes: usize,
    pub operations: usize,
    /// Operations of the service left out, and why (also listed in the crate's docs).
    pub omitted: Vec<ir::Omitted>,
}

/// Loads model files (or directories of them) and generates the crate.
pub fn generate_paths(paths: &[PathBuf], selection: &Selection) -> Result<Generated, Error> {
    let model = model::load_paths(paths)?;
    generate(&model, selection)
}

/// Generates the crate for a loaded model.
pub fn generate(model: &Model, selection: &Selection) -> Result<Generated, Error> {
    generate_with_ir(model, selection).map(|(generated, _)| generated)
}

/// The IR of the crate for a loaded model: what the proc-macro front end expands.
pub fn build_ir(model: &Model, selection: &Selection) -> Result<ir::Crate, Error> {
    let service = pick_service(model, selection.service.as_deref())?;
    let (operations, omitted) = pick_operations(model, service, selection.operations.as_deref())?;
    let queries = validate::Queries::new(model, service, operations);
    let diags = validate::validate(model, service, &queries);
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let options = ir::Options {
        package: selection.package.clone(),
        omitted,
    };
    ir::build(model, service, &queries, &options).map_err(Error::Invalid)
}

/// Generates the crate and returns the IR it was emitted from, for generators that write code
/// against the crate (the protocol test generator).
pub fn generate_with_ir(
    model: &Model,
    selection: &Selection,
) -> Result<(Generated, ir::Crate), Error> {
    let krate = build_ir(model, selection)?;
    let files = emit::emit(&krate)?;
    let generated = Generated {
        files,
        shapes: krate.shape_count,
        operations: krate.operations.len(),
        omitted: krate.omitted.clone(),
    };
    Ok((generated, krate))
}

fn pick_service<'m>(model: &'m Model, wanted: Option<&str>) -> Result<&'m model::Shape, Error> {
    let services = validate::services(model);
    let invalid = |msg: String, at: &str| Err(Error::Invalid(vec![Diagnostic::new(at, msg)]));
    match wanted {
        Some(w) => match services
            .iter()
            .find(|s| s.id == w || shape_name(&s.id) == w)
        {
            Some(s) => Ok(s),
            None => invalid(format!("no service named `{w}` in the model"), w),
        },
        None => match services.as_slice() {
            [one] => Ok(one),
            [] => invalid("the model defines no service shape".into(), "model"),
            many => invalid(
                format!(
                    "the model defines {} services ({}); choose one with --service",
                    many.len(),
                    many.iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "model",
            ),
        },
    }
}

/// The operations to generate, and those of the service left out because they need what
/// this generator does not support yet. Naming such an operation in `--operations` is an
/// error: the user asked for something the crate would not have.
fn pick_operations(
    model: &Model,
    service: &model::Shape,
    wanted: Option<&[String]>,
) -> Result<(BTreeSet<String>, Vec<ir::Omitted>), Error> {
    let all = validate::service_operations(model, service);
    let mut chosen = BTreeSet::new();
    let mut omitted = Vec::new();
    let mut diags = Vec::new();
    let mut consider = |id: &String, explicit: bool, diags: &mut Vec<Diagnostic>| {
        let Some(op) = model.get(id).filter(|s| s.kind == Kind::Operation) else {
            return false;
        };
        let rest = protocol::Protocol::of(service) == Some(protocol::Protocol::RestJson1);
        let unsupported = validate::unsupported_operation(model, op, rest).or_else(|| {
            rest.then(|| validate::http::unsupported_rest_operation(op))
                .flatten()
        });
        match unsupported {
            None => {
                chosen.insert(id.clone());
            }
            Some(reason) if explicit => {
                diags.push(Diagnostic::new(
                    id,
                    format!("cannot be generated: {reason}"),
                ));
            }
            Some(reason) => omitted.push(ir::Omitted {
                id: id.clone(),
                name: shape_name(id).to_string(),
                reason,
            }),
        }
        true
    };
    match wanted {
        None => {
            for id in &all {
                consider(id, false, &mut diags);
            }
        }
        Some(wanted) => {
            for w in wanted {
                let found = all.iter().find(|id| *id == w || shape_name(id) == w);
                let known = found.is_some_and(|id| consider(id, true, &mut diags));
                if !known {
                    diags.push(Diagnostic::new(
                        &service.id,
                        format!("`{w}` is not an operation of this service"),
                    ));
                }
            }
        }
    }
    if diags.is_empty() {
        Ok((chosen, omitted))
    } else {
        Err(Error::Invalid(diags))
    }
}
