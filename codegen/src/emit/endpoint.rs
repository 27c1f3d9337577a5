//! The crate's `endpoint` module: its service's endpoint rules as the runtime's
//! `endpoint::RuleSet` data (one `static`, nothing parsed at run time), and each operation's
//! `endpoint_params`, which sets the parameters the operation binds from its input.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::inner_doc_attrs;
use crate::ir::endpoint::{
    EndpointTemplate, Expr, ParamValue, ParameterKind, PathPart, Rule, RuleSet, TemplatePart,
};
use crate::ir::{BindingEnd, BindingSource, BindingStep, Crate, EndpointBinding, Operation};
use crate::naming::ident;

/// `src/endpoint.rs`.
pub(crate) fn endpoint_rs(krate: &Crate) -> TokenStream {
    let rules = &krate.endpoint;
    let mut doc = format!(
        "Endpoint resolution for {}: the endpoint rules the client resolves its endpoint with.\n\n",
        krate.service.title
    );
    if rules.from_model {
        doc.push_str(
            "[`ENDPOINT_RULES`] is the model's `smithy.rules#endpointRuleSet`, evaluated by \
             the runtime's rules engine. The client binds the built-ins `AWS::Region` (its \
             region), `AWS::UseFIPS` and `AWS::UseDualStack` (`use_fips`, `use_dual_stack`) \
             and `SDK::Endpoint` (its `endpoint_url`, which the rules send requests to \
             instead of the regional endpoint); other parameters take their defaults.",
        );
    } else {
        doc.push_str(
            "The model has no `smithy.rules#endpointRuleSet`, so [`ENDPOINT_RULES`] is the \
             generator's stand-in: an explicit `endpoint_url` wins (and refuses FIPS and \
             dual-stack); else `https://{endpointPrefix}[-fips].{region}.{suffix}`, the \
             suffix being the region's partition's DNS suffix (its dual-stack one with \
             `use_dual_stack`); no region is an error.",
        );
    }
    let unbound: Vec<String> = rules
        .rule_set
        .parameters
        .iter()
        .filter_map(|p| {
            let b = p.built_in.as_deref()?;
            (!matches!(
                b,
                "AWS::Region" | "AWS::UseFIPS" | "AWS::UseDualStack" | "SDK::Endpoint"
            ))
            .then(|| format!("`{}` (built-in `{b}`)", p.name))
        })
        .collect();
    if !unbound.is_empty() {
        doc.push_str(&format!(
            "\n\nNot bound by this client, so left unset (taking the rule set's default where \
             it has one): {}. Account-based endpoints are therefore not used; requests go to \
             the regional endpoint.",
            unbound.join(", ")
        ));
    }
    if krate
        .operations
        .iter()
        .any(|op| !op.endpoint_params.is_empty())
    {
        doc.push_str(
            "\n\nOperations that bind parameters from their input (`contextParam`, \
             `staticContextParams`, `operationContextParams`) set them in their \
             `Operation::endpoint_params`, and the client resolves the endpoint for each of \
             their calls.",
        );
    }
    let doc = inner_doc_attrs(&doc);
    let rule_set = rule_set(&rules.rule_set);
    quote! {
        #doc

        pub use ::aws_light_runtime::endpoint::{Endpoint, Params, ResolveError, RuleSet, Value};

        // Every name below comes from here: a model cannot shadow it.
        use ::aws_light_runtime::endpoint as ep;

        /// The service's endpoint rules: `ENDPOINT_RULES.resolve(&params)` gives the endpoint
        /// for a set of parameters, as the client does with its configuration.
        pub static ENDPOINT_RULES: RuleSet = #rule_set;
    }
}

fn rule_set(rs: &RuleSet) -> TokenStream {
    let parameters = rs.parameters.iter().map(|p| {
        let name = &p.name;
        let kind = format_ident!(
            "{}",
            match p.kind {
                ParameterKind::String => "String",
                ParameterKind::Boolean => "Boolean",
                ParameterKind::StringArray => "StringArray",
            }
        );
        let built_in = option(p.built_in.as_ref().map(|b| quote!(#b)));
        let default = option(p.default.as_ref().map(|d| match d {
            ParamValue::String(s) => quote!(ep::DefaultValue::String(#s)),
            ParamValue::Bool(b) => quote!(ep::DefaultValue::Bool(#b)),
            ParamValue::StringArray(items) => quote!(ep::DefaultValue::StringArray(&[#(#items),*])),
        }));
        let required = p.required;
        quote! {
            ep::Parameter {
                name: #name,
                kind: ep::ParameterKind::#kind,
                built_in: #built_in,
                default: #default,
                required: #required,
            }
        }
    });
    let rules = rs.rules.iter().map(rule);
    quote! {
        ep::RuleSet {
            parameters: &[#(#parameters),*],
            rules: &[#(#rules),*],
        }
    }
}

fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn rule(r: &Rule) -> TokenStream {
    let conditions = |cs: &[crate::ir::endpoint::Condition]| {
        let cs = cs.iter().map(|c| {
            let e = expr(&c.expr);
            let assign = option(c.assign.as_ref().map(|a| quote!(#a)));
            quote!(ep::Condition { expr: #e, assign: #assign })
        });
        quote!(&[#(#cs),*])
    };
    match r {
        Rule::Endpoint {
            conditions: cs,
            endpoint,
        } => {
            let cs = conditions(cs);
            let endpoint = endpoint_template(endpoint);
            quote!(ep::Rule::Endpoint { conditions: #cs, endpoint: #endpoint })
        }
        Rule::Error {
            conditions: cs,
            message,
        } => {
            let cs = conditions(cs);
            let message = expr(message);
            quote!(ep::Rule::Error { conditions: #cs, message: #message })
        }
        Rule::Tree {
            conditions: cs,
            rules,
        } => {
            let cs = conditions(cs);
            let rules = rules.iter().map(rule);
            quote!(ep::Rule::Tree { conditions: #cs, rules: &[#(#rules),*] })
        }
    }
}

fn endpoint_template(t: &EndpointTemplate) -> TokenStream {
    let url = expr(&t.url);
    let properties = t.properties.iter().map(|(name, value)| field(name, value));
    let headers = t.headers.iter().map(|(name, values)| {
        let values = values.iter().map(expr);
        quote!(ep::Header { name: #name, values: &[#(#values),*] })
    });
    quote! {
        ep::EndpointTemplate {
            url: #url,
            properties: &[#(#properties),*],
            headers: &[#(#headers),*],
        }
    }
}

fn field(name: &str, value: &Expr) -> TokenStream {
    let value = expr(value);
    quote!(ep::Field { name: #name, value: #value })
}

fn expr(e: &Expr) -> TokenStream {
    match e {
        Expr::String(parts) => {
            let parts = parts.iter().map(template_part);
            quote!(ep::Expr::String(ep::Template { parts: &[#(#parts),*] }))
        }
        Expr::Bool(b) => quote!(ep::Expr::Bool(#b)),
        Expr::Int(i) => {
            let i = Literal::i64_unsuffixed(*i);
            quote!(ep::Expr::Int(#i))
        }
        Expr::Array(items) => {
            let items = items.iter().map(expr);
            quote!(ep::Expr::Array(&[#(#items),*]))
        }
        Expr::Record(fields) => {
            let fields = fields.iter().map(|(n, v)| field(n, v));
            quote!(ep::Expr::Record(&[#(#fields),*]))
        }
        Expr::Ref(name) => quote!(ep::Expr::Ref(#name)),
        Expr::Call { function, args } => {
            let function = format_ident!("{}", function.variant());
            let args = args.iter().map(expr);
            quote!(ep::Expr::Call(ep::Call { function: ep::Function::#function, args: &[#(#args),*] }))
        }
        Expr::GetAttr { target, path } => {
            let target = expr(target);
            let path = path.iter().map(path_part);
            quote!(ep::Expr::GetAttr { target: &#target, path: &[#(#path),*] })
        }
    }
}

fn template_part(p: &TemplatePart) -> TokenStream {
    match p {
        TemplatePart::Literal(s) => quote!(ep::TemplatePart::Literal(#s)),
        TemplatePart::Ref(name) => quote!(ep::TemplatePart::Ref(#name)),
        TemplatePart::Attr { name, path } => {
            let path = path.iter().map(path_part);
            quote!(ep::TemplatePart::Attr { name: #name, path: &[#(#path),*] })
        }
    }
}

fn path_part(p: &PathPart) -> TokenStream {
    match p {
        PathPart::Key(k) => quote!(ep::PathPart::Key(#k)),
        PathPart::Index(i) => {
            let i = Literal::usize_unsuffixed(*i);
            quote!(ep::PathPart::Index(#i))
        }
    }
}

/// A parameter value as an expression `Params::set` takes.
pub(crate) fn param_value(v: &ParamValue) -> TokenStream {
    match v {
        ParamValue::String(s) => quote!(#s),
        ParamValue::Bool(b) => quote!(#b),
        ParamValue::StringArray(items) => {
            quote!(::std::vec![#(::std::string::String::from(#items)),*])
        }
    }
}

/// The items of an operation's `Operation` impl that bind its endpoint parameters, if it
/// binds any.
pub(crate) fn operation_items(op: &Operation) -> Option<TokenStream> {
    if op.endpoint_params.is_empty() {
        return None;
    }
    let input = ident(&op.input.name);
    let reads_input = op
        .endpoint_params
        .iter()
        .any(|b| matches!(b.source, BindingSource::Input { .. }));
    let param = if reads_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    let bindings = op.endpoint_params.iter().map(binding);
    Some(quote! {
        const ENDPOINT_PARAMS: bool = true;

        fn endpoint_params(#param: &#input, params: &mut crate::endpoint::Params) {
            #(#bindings)*
        }
    })
}

fn binding(b: &EndpointBinding) -> TokenStream {
    let name = &b.param;
    match &b.source {
        BindingSource::Static(value) => {
            let value = param_value(value);
            quote!(params.set(#name, #value);)
        }
        BindingSource::Input { steps, end, list } => {
            let sink = |value: TokenStream| match (end, list) {
                (_, true) => quote!(values.push(::std::clone::Clone::clone(#value));),
                (BindingEnd::String, false) => {
                    quote!(params.set(#name, ::std::clone::Clone::clone(#value));)
                }
                (BindingEnd::Bool, false) => quote!(params.set(#name, *#value);),
            };
            let walk = walk(steps, quote!(input), 0, &sink);
            if *list {
                // Map keys come in no particular order: sorted, a call's endpoint does not
                // change from one run to the next.
                let sort = steps
                    .contains(&BindingStep::Keys)
                    .then(|| quote!(values.sort();));
                quote! {
                    {
                        let mut values: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                        #walk
                        #sort
                        if !values.is_empty() {
                            params.set(#name, values);
                        }
                    }
                }
            } else {
                walk
            }
        }
    }
}

/// The code that reaches every value at the end of `steps` from `current` (a place) and
/// passes a reference to it to `sink`.
fn walk(
    steps: &[BindingStep],
    current: TokenStream,
    depth: usize,
    sink: &dyn Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return sink(current);
    };
    let v = format_ident!("v{depth}");
    let next = |v: &proc_macro2::Ident| walk(rest, quote!(#v), depth + 1, sink);
    match step {
        BindingStep::Field { name, optional } => {
            let f = ident(name);
            let inner = next(&v);
            if *optional {
                quote! {
                    if let ::std::option::Option::Some(#v) = &#current.#f {
                        #inner
                    }
                }
            } else {
                quote! {
                    let #v = &#current.#f;
                    #inner
                }
            }
        }
        BindingStep::Each { sparse } => {
            let inner = next(&v);
            let items = if *sparse {
                quote!(#current.iter().flatten())
            } else {
                quote!(#current.iter())
            };
            quote! {
                for #v in #items {
                    #inner
                }
            }
        }
        BindingStep::Keys => {
            let inner = next(&v);
            quote! {
                for #v in #current.keys() {
                    #inner
                }
            }
        }
    }
}
