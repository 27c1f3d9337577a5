//! The redaction audit every generated crate carries (`tests/redaction.rs`): for each
//! `@sensitive` member, a value holding a marker string is built through the public API, and
//! the test asserts that the marker appears in no `Debug` or `Display` output of the value, its
//! builder, or the error enum carrying it.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{Crate, Structure, Type};
use crate::naming::ident;

const MARKER: &str = "SENSITIVE-MARKER-7f3a";

struct Ctx<'a> {
    root: TokenStream,
    structs: BTreeMap<&'a str, &'a Structure>,
    krate: &'a Crate,
}

/// The audit's source, and how many sensitive members it covers.
pub(crate) fn audit(krate: &Crate) -> (TokenStream, usize) {
    let root = ident(&krate.package.replace('-', "_"));
    let ctx = Ctx {
        root: quote!(::#root),
        structs: krate.types.iter().map(|s| (s.name.as_str(), s)).collect(),
        krate,
    };
    let mut checks = Vec::new();
    let mut count = 0;
    let ops = krate.operations.iter().flat_map(|op| {
        let m = ident(&op.module);
        [
            (&op.input, quote!(operation::#m)),
            (&op.output, quote!(operation::#m)),
        ]
    });
    let types = krate.types.iter().map(|s| (s, quote!(types)));
    let errors = krate.errors.iter().map(|s| (s, quote!(types::error)));
    for (s, module) in ops.chain(types).chain(errors) {
        for (i, f) in s.fields.iter().enumerate() {
            if !(f.sensitive || s.sensitive) {
                continue;
            }
            let Some(check) = ctx.check(s, &module, i) else {
                continue;
            };
            count += 1;
            checks.push(check);
        }
    }
    let n = Literal::usize_unsuffixed(count);
    let tokens = quote! {
        //! Every `@sensitive` member, set to a marker value: no `Debug` or `Display` output of
        //! the value, its builder, or an error carrying it may contain the marker.

        const MARKER: &str = #MARKER;

        fn assert_hidden(what: &str, printed: &str) {
            assert!(!printed.contains(MARKER), "{what} printed a sensitive value: {printed}");
        }

        #[test]
        fn sensitive_members_never_print() {
            let mut audited = 0usize;
            #(#checks)*
            assert_eq!(audited, #n);
            println!("redaction audit: {audited} sensitive members");
        }
    };
    (tokens, count)
}

impl Ctx<'_> {
    /// Statements building `s` with field `i` holding the marker, then checking its output.
    fn check(&self, s: &Structure, module: &TokenStream, i: usize) -> Option<TokenStream> {
        let root = &self.root;
        let name = ident(&s.name);
        let label = format!("{}.{}", s.name, s.fields[i].name.trim_start_matches("r#"));
        let mut setters = Vec::new();
        for (j, f) in s.fields.iter().enumerate() {
            if j != i && f.optional {
                continue;
            }
            let fname = ident(&f.name);
            let value = self.sample(&f.ty, j == i, 0)?;
            setters.push(quote!(.#fname(#value)));
        }
        let error_checks = s.error.as_ref().map(|_| {
            let carriers = self.krate.operations.iter().filter_map(|op| {
                let e = op.errors.iter().find(|e| e.type_name == s.name)?;
                let m = ident(&op.module);
                let en = ident(&op.error_name);
                let v = ident(&e.variant);
                Some(quote! {
                    let carried = #root::operation::#m::#en::#v(value.clone());
                    assert_hidden(#label, &format!("{carried:?} {carried}"));
                })
            });
            quote! {
                assert_hidden(#label, &value.to_string());
                #(#carriers)*
            }
        });
        Some(quote! {
            {
                let builder = #root::#module::#name::builder() #(#setters)*;
                assert_hidden(#label, &format!("{builder:?} {builder:#?}"));
                let value = builder.build();
                assert_hidden(#label, &format!("{value:?} {value:#?}"));
                #error_checks
                audited += 1;
            }
        })
    }

    /// A value of `ty`: the marker (inside whatever collection) when `marked`, else a plain
    /// sample. `None` where no value can be built (a recursive type).
    fn sample(&self, ty: &Type, marked: bool, depth: usize) -> Option<TokenStream> {
        let root = &self.root;
        if depth > 16 {
            return None;
        }
        let text = if marked { MARKER } else { "sample" };
        Some(match ty {
            Type::String => quote!(::std::string::String::from(#text)),
            Type::Bool => quote!(true),
            Type::I8 => quote!(1i8),
            Type::I16 => quote!(1i16),
            Type::I32 => quote!(1i32),
            Type::I64 => quote!(1i64),
            Type::F32 => quote!(1.5f32),
            Type::F64 => quote!(1.5f64),
            Type::Timestamp(_) => quote!(#root::DateTime::from_secs(1)),
            Type::Blob => quote!(#root::primitives::Blob::from(#text)),
            Type::Stream => quote!(#root::primitives::ByteStream::from(#text)),
            Type::Document => {
                quote!(#root::primitives::Document::String(::std::string::String::from(#text)))
            }
            Type::List { item, sparse } => {
                let v = self.sample(item, marked, depth + 1)?;
                if *sparse {
                    quote!(::std::vec![::std::option::Option::Some(#v)])
                } else {
                    quote!(::std::vec![#v])
                }
            }
            Type::Map { value, sparse } => {
                let v = self.sample(value, marked, depth + 1)?;
                let v = if *sparse {
                    quote!(::std::option::Option::Some(#v))
                } else {
                    v
                };
                quote!(::std::collections::HashMap::from([(::std::string::String::from("key"), #v)]))
            }
            Type::Struct(name) => {
                let s = self.structs.get(name.as_str())?;
                let n = ident(name);
                let mut setters = Vec::new();
                for f in &s.fields {
                    // Required members must be set; when marking, optional ones carry the marker
                    // too, so a sensitive structure is checked through every path.
                    if f.optional && !marked {
                        continue;
                    }
                    let fname = ident(&f.name);
                    match self.sample(&f.ty, marked, depth + 1) {
                        Some(v) => setters.push(quote!(.#fname(#v))),
                        None if f.optional => {}
                        None => return None,
                    }
                }
                quote!(#root::types::#n::builder() #(#setters)* .build())
            }
            Type::Enum(name) => {
                let n = ident(name);
                quote!(#root::types::#n::from(#text))
            }
            Type::IntEnum(name) => {
                let n = ident(name);
                quote!(#root::types::#n::from(1))
            }
            Type::Union(name) => {
                let u = self.krate.unions.iter().find(|u| &u.name == name)?;
                let n = ident(name);
                let v = u.variants.first()?;
                let vn = ident(&v.name);
                match &v.ty {
                    None => quote!(#root::types::#n::#vn),
                    Some(t) => {
                        let e = self.sample(t, marked, depth + 1)?;
                        let e = if v.boxed {
                            quote!(::std::boxed::Box::new(#e))
                        } else {
                            e
                        };
                        quote!(#root::types::#n::#vn(#e))
                    }
                }
            }
        })
    }
}
