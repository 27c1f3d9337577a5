//! The crate as one token stream of inline modules, for the proc-macro front end: the same
//! files the CLI writes, each `mod x;` replaced by `mod x { ... }` holding that file's items.
//! Cargo features belong to the runtime crate, which the calling crate depends on itself.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::emit_tokens;
use crate::error::Error;
use crate::ir::Crate;

/// The generated crate's items, to be expanded at the root of the calling crate.
pub fn expand(krate: &Crate) -> Result<TokenStream, Error> {
    let files = emit_tokens(krate)?;
    let mut parsed = BTreeMap::new();
    for (path, tokens) in files {
        if !path.starts_with("src/") {
            continue;
        }
        let mut file = syn::parse2::<syn::File>(tokens).map_err(|e| Error::Emit {
            file: path.clone(),
            message: e.to_string(),
        })?;
        crate::emit::mark_inline(&path, &mut file);
        parsed.insert(path, file);
    }
    let root = parsed.remove("src/lib.rs").ok_or_else(|| Error::Emit {
        file: "src/lib.rs".into(),
        message: "missing".into(),
    })?;
    // Crate-level attributes (`#![deny(missing_docs)]`, the crate docs) cannot stand in a
    // macro's output; the items can.
    let items = inline_items(root.items, "src", &mut parsed)?;
    Ok(quote!(#(#items)*))
}

fn inline_items(
    items: Vec<syn::Item>,
    dir: &str,
    files: &mut BTreeMap<String, syn::File>,
) -> Result<Vec<syn::Item>, Error> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match item {
            syn::Item::Mod(mut m) if m.content.is_none() => {
                let name = m.ident.to_string();
                let name = name.trim_start_matches("r#");
                let path = format!("{dir}/{name}.rs");
                let file = files.remove(&path).ok_or_else(|| Error::Emit {
                    file: path.clone(),
                    message: format!("module `{name}` has no file"),
                })?;
                let child_dir = format!("{dir}/{name}");
                let inner = inline_items(file.items, &child_dir, files)?;
                m.attrs
                    .retain(|a| !a.path().segments.iter().any(|s| s.ident == "rustfmt"));
                m.attrs.extend(file.attrs);
                m.content = Some((syn::token::Brace::default(), inner));
                m.semi = None;
                out.push(syn::Item::Mod(m));
            }
            other => out.push(other),
        }
    }
    Ok(out)
}
