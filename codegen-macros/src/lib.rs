//! `generate!`: the bindings of a Smithy model, generated while the calling crate compiles.
//!
//! ```ignore
//! codegen_macros::generate!("model/cognito-devices.json", operations = ["ListDevices"]);
//! ```
//!
//! It calls the same library as the `codegen` CLI and expands to the same items the CLI writes
//! to `src/`, as inline modules. Invoke it at the root of a crate dedicated to the bindings (the
//! generated code names its items from the crate root). That crate adds one dependency, the
//! runtime every generated crate uses, with the features it wants (`hyper`, the default
//! transport; `sigv4`, signing; `gzip`, request compression; all off with
//! `default-features = false`):
//!
//! ```toml
//! aws-light-runtime = { path = "../runtime" }   # this checkout's runtime/
//! ```
//!
//! The model path is relative to the calling crate's `CARGO_MANIFEST_DIR` (the directory of its
//! `Cargo.toml`), wherever the compiler runs and wherever the target directory is; it may start
//! with an environment variable (`"$MODELS/sqs.json"`, `"${OUT_DIR}/model.json"`), and an
//! absolute path is used as it is. Editing the model file, or changing the variable, rebuilds
//! the calling crate.

mod path;

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token, bracketed};

struct Args {
    path: LitStr,
    operations: Option<Vec<String>>,
    service: Option<String>,
}

fn string_list(input: ParseStream<'_>) -> syn::Result<Vec<String>> {
    let content;
    bracketed!(content in input);
    let items: Punctuated<LitStr, Token![,]> = Punctuated::parse_terminated(&content)?;
    Ok(items.iter().map(LitStr::value).collect())
}

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let mut args = Args {
            path,
            operations: None,
            service: None,
        };
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "operations" => args.operations = Some(string_list(input)?),
                "features" => {
                    return Err(syn::Error::new(
                        key.span(),
                        "`features` is not an option any more: transport, signing and gzip are \
                         the Cargo features of your `aws-light-runtime` dependency",
                    ));
                }
                "service" => args.service = Some(input.parse::<LitStr>()?.value()),
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown option `{other}` (expected operations or service)"),
                    ));
                }
            }
        }
        Ok(args)
    }
}

/// Expands to the generated crate's modules; see the crate documentation.
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    match expand(&args) {
        Ok(tokens) => tokens.into(),
        Err(message) => syn::Error::new(args.path.span(), message)
            .to_compile_error()
            .into(),
    }
}

fn expand(args: &Args) -> Result<proc_macro2::TokenStream, String> {
    let base = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let path::Resolved { path, variable } =
        path::resolve(&args.path.value(), &base, |name| std::env::var_os(name))?;
    if !path.is_file() {
        return Err(format!("model file {} not found", path.display()));
    }
    let model =
        codegen::model::load_paths(std::slice::from_ref(&path)).map_err(|e| e.to_string())?;
    let selection = codegen::Selection {
        operations: args.operations.clone(),
        service: args.service.clone(),
        package: None,
    };
    let krate = codegen::build_ir(&model, &selection).map_err(|e| e.to_string())?;
    let items = codegen::inline::expand(&krate).map_err(|e| e.to_string())?;
    // Ties the expansion to the model file, so editing it rebuilds the calling crate.
    let tracked = path.display().to_string();
    // And to the variable: `env!` puts it in the crate's dep-info, which Cargo compares on
    // the next build (proc-macros have no stable way to declare an environment dependency).
    let tracked_variable = variable.map(|name| {
        quote!(
            const _: &str = env!(#name);
        )
    });
    Ok(quote! {
        const _: &[u8] = include_bytes!(#tracked);
        #tracked_variable
        #items
    })
}
