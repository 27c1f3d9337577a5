//! The naming pass: every identifier the emitters print is minted here, once, from scopes
//! that know every name already living in them. A name that would meet another after case
//! conversion, or meet a method the generated code or the runtime defines in the same scope,
//! gets a deterministic suffix; [`check`] then proves the result unique, scope by scope.
//!
//! The conversion rules themselves (case, keywords, leading digits) stay in
//! [`crate::naming`]; this module decides which converted name each item gets.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Diagnostic;
use crate::naming::{Case, sanitize};

use super::{Crate, Structure};

/// Methods a member's setter must not be named after.
///
/// The builder's own methods (`build`), the fluent builder's (`send`, `into_paginator`), the
/// structure's inherent `builder()`, derived or implemented trait methods (`clone`, `fmt`,
/// `default`), and the std operator methods clippy's `should_implement_trait` expects a
/// method of that name and shape to implement (ECS's `KernelCapabilities` has members `add`
/// and `drop`). Such a member becomes `<name>_value` (field, setter and `set_` alike).
pub const RESERVED_MEMBERS: &[&str] = &[
    "build",
    "builder",
    "default",
    "clone",
    "fmt",
    "send",
    "into_paginator",
    // The std operator methods whose signature a setter shares (`fn add(self, T) -> Self`),
    // which clippy's `should_implement_trait` flags; `drop` goes with them, so that a
    // builder never has a method that reads as `std::mem::drop`.
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "bitand",
    "bitor",
    "bitxor",
    "shl",
    "shr",
    "drop",
];

/// Trait methods callable on the runtime's `Client` (derived `Clone` and `Debug`, and std's
/// blanket impls), which an operation method would shadow.
pub const CLIENT_TRAIT_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "fmt",
    "to_owned",
    "clone_into",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Variant names the generated enums define themselves.
pub const UNKNOWN_VARIANT: &str = "Unknown";
pub const UNHANDLED_VARIANT: &str = "Unhandled";

/// One namespace of the generated crate (a module's types, a builder's methods, ...): names
/// are taken in the order items are minted, and a later item whose name is taken gets the
/// first free numbered form (`foo_bar_2`, `FooBar2`).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    pub fn new() -> Self {
        Scope::default()
    }

    /// A scope whose names are already taken by items the generator writes itself.
    pub fn with_reserved<'a>(reserved: impl IntoIterator<Item = &'a str>) -> Self {
        Scope {
            taken: reserved.into_iter().map(str::to_string).collect(),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }

    /// Takes `base`, or its first free numbered form.
    pub fn mint(&mut self, base: &str, case: Case) -> String {
        self.mint_with(base, case, |_, _| true)
    }

    /// Takes `base` or a numbered form for which `also_free` holds too, for items that bring
    /// a second name along (a member's `set_*` setter).
    pub fn mint_with(
        &mut self,
        base: &str,
        case: Case,
        also_free: impl Fn(&Scope, &str) -> bool,
    ) -> String {
        let name = self.first_free(base, case, also_free);
        self.take(&name);
        name
    }

    /// The name `mint_with` would take, without taking it.
    fn first_free(
        &self,
        base: &str,
        case: Case,
        also_free: impl Fn(&Scope, &str) -> bool,
    ) -> String {
        if !self.contains(base) && also_free(self, base) {
            return base.to_string();
        }
        let stem = bare(base);
        let mut n = 2u32;
        loop {
            let candidate = match case {
                Case::Snake => format!("{stem}_{n}"),
                // `Foo_2` would trip rustc's non_camel_case_types lint.
                Case::Pascal => format!("{stem}{n}"),
            };
            if !self.taken.contains(&candidate) && also_free(self, &candidate) {
                return candidate;
            }
            n += 1;
        }
    }

    /// Takes a name that was minted in another scope and must stay as it is.
    pub fn take(&mut self, name: &str) {
        self.taken.insert(bare(name).to_string());
    }
}

/// A name without its raw-identifier prefix: `r#type` and `type` are the same name.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The base field name of a member: snake case, moved aside from the reserved methods.
pub fn member_base(member: &str) -> String {
    let ident = sanitize(member, Case::Snake);
    if RESERVED_MEMBERS.contains(&bare(&ident)) {
        format!("{}_value", bare(&ident))
    } else {
        ident
    }
}

/// The `set_*` setter of a field.
pub fn set_name(field: &str) -> String {
    format!("set_{}", bare(field))
}

/// A member's names in its structure: the field (also its setter), and the `set_*` setter
/// that takes an `Option`, when the builder has one.
#[derive(Clone, Debug)]
pub struct MemberNames {
    pub field: String,
    pub set: Option<String>,
}

/// Names the members of one structure in declaration order. `has_set[i]` says whether member
/// `i` gets a `set_*` setter; both its names must be free of every other member's.
pub fn members(wire: &[&str], has_set: &[bool]) -> Vec<MemberNames> {
    let mut scope = Scope::with_reserved(RESERVED_MEMBERS.iter().copied());
    // A member's base name is its own even when a later member's `set_*` would want it:
    // take every plain base first so that only derived names move.
    let bases: Vec<String> = wire.iter().map(|w| member_base(w)).collect();
    let mut plain = Scope::new();
    for b in &bases {
        plain.take(b);
    }
    let mut out = Vec::with_capacity(wire.len());
    for (i, base) in bases.iter().enumerate() {
        let with_set = has_set.get(i).copied().unwrap_or(false);
        let others_plain = |candidate: &str| {
            // A numbered form must not take another member's plain base either.
            candidate == base.as_str() || !plain.contains(candidate)
        };
        let field = if with_set {
            let set_free = |scope: &Scope, candidate: &str| {
                let set = set_name(candidate);
                !scope.contains(&set)
                    && !bases
                        .iter()
                        .enumerate()
                        .any(|(j, b)| j != i && bare(b) == set)
                    && others_plain(candidate)
            };
            scope.mint_with(base, Case::Snake, set_free)
        } else {
            scope.mint_with(base, Case::Snake, |_, c| others_plain(c))
        };
        let set = with_set.then(|| {
            let s = set_name(&field);
            scope.take(&s);
            s
        });
        out.push(MemberNames { field, set });
    }
    out
}

/// A uniqueness check over every scope of the crate: a clash here is a bug in this module,
/// reported as a diagnostic on the shape rather than as a crate that does not compile.
pub fn check(krate: &Crate) -> Vec<Diagnostic> {
    let mut checker = Checker::default();
    for t in &krate.types {
        checker.add("types", &t.name, &t.id);
    }
    for e in &krate.enums {
        checker.add("types", &e.name, &e.id);
        let scope = format!("types::{}", e.name);
        for v in &e.variants {
            checker.add(&scope, &v.name, &e.id);
        }
        checker.add(&scope, UNKNOWN_VARIANT, &e.id);
    }
    for u in &krate.unions {
        checker.add("types", &u.name, &u.id);
        let scope = format!("types::{}", u.name);
        for v in &u.variants {
            checker.add(&scope, &v.name, &u.id);
        }
        checker.add(&scope, UNKNOWN_VARIANT, &u.id);
    }
    for e in &krate.errors {
        checker.add("types::error", &e.name, &e.id);
    }
    for s in krate.types.iter() {
        checker.structure("types", s);
    }
    for s in krate.errors.iter() {
        checker.structure("types::error", s);
    }
    for m in &krate.client_methods {
        checker.add("client::Client", m, "runtime");
    }
    for op in &krate.operations {
        checker.add("operation", &op.module, &op.id);
        checker.add("client::Client", &op.method, &op.id);
        let module = format!("operation::{}", bare(&op.module));
        for name in [
            &op.name,
            &op.input.name,
            &op.output.name,
            &op.error_name,
            &op.fluent,
        ] {
            checker.add(&module, name, &op.id);
        }
        checker.structure(&module, &op.input);
        checker.structure(&module, &op.output);
        let variants = format!("{module}::{}", op.error_name);
        checker.add(&variants, UNHANDLED_VARIANT, &op.id);
        for e in &op.errors {
            checker.add(&variants, &e.variant, &op.id);
        }
        let fluent = format!("{module}::{}", op.fluent);
        for reserved in ["send", "into_paginator"] {
            checker.add(&fluent, reserved, &op.id);
        }
        for f in &op.input.fields {
            checker.add(&fluent, &f.name, &op.input.id);
            if let Some(s) = &f.set_name {
                checker.add(&fluent, s, &op.input.id);
            }
        }
    }
    checker.diags
}

#[derive(Default)]
struct Checker {
    seen: BTreeMap<(String, String), String>,
    diags: Vec<Diagnostic>,
}

impl Checker {
    fn add(&mut self, scope: &str, name: &str, id: &str) {
        let key = (scope.to_string(), bare(name).to_string());
        if let Some(prev) = self.seen.insert(key, id.to_string()) {
            self.diags.push(Diagnostic::new(
                id,
                format!(
                    "generator bug: the Rust name `{scope}::{name}` was minted twice (also for `{prev}`)"
                ),
            ));
        }
    }

    /// A structure's builder and marker traits in `<module>::builders`, its fields, its
    /// builder's methods and its type parameters.
    fn structure(&mut self, module: &str, s: &Structure) {
        let builders = format!("{module}::builders");
        self.add(&builders, &s.builder, &s.id);
        let fields = format!("{module}::{}", s.name);
        let methods = format!("{builders}::{}", s.builder);
        let params = format!("{methods}<>");
        self.add(&methods, "build", &s.id);
        self.add(&params, &s.name, &s.id);
        self.add(&params, &s.builder, &s.id);
        for f in &s.fields {
            self.add(&fields, &f.name, &s.id);
            self.add(&methods, &f.name, &s.id);
            if let Some(set) = &f.set_name {
                self.add(&methods, set, &s.id);
            }
            if let Some(t) = &f.typestate {
                self.add(&builders, &t.trait_name, &s.id);
                self.add(&params, &t.param, &s.id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(wire: &[&str], has_set: &[bool]) -> Vec<(String, Option<String>)> {
        members(wire, has_set)
            .into_iter()
            .map(|m| (m.field, m.set))
            .collect()
    }

    #[test]
    fn set_setters_never_meet_fields() {
        // `setFooBar` declared first keeps its name; `fooBar`'s `set_foo_bar` would meet it.
        assert_eq!(
            names(&["setFooBar", "fooBar"], &[true, true]),
            [
                ("set_foo_bar".into(), Some("set_set_foo_bar".into())),
                ("foo_bar_2".into(), Some("set_foo_bar_2".into())),
            ]
        );
        // Declared the other way round, the plain name still wins over the derived one.
        assert_eq!(
            names(&["fooBar", "setFooBar"], &[true, true]),
            [
                ("foo_bar_2".into(), Some("set_foo_bar_2".into())),
                ("set_foo_bar".into(), Some("set_set_foo_bar".into())),
            ]
        );
    }

    #[test]
    fn case_variants_are_numbered() {
        assert_eq!(
            names(
                &["nextToken", "next_token", "NextToken2"],
                &[true, true, true]
            ),
            [
                ("next_token".into(), Some("set_next_token".into())),
                ("next_token_2".into(), Some("set_next_token_2".into())),
                ("next_token2".into(), Some("set_next_token2".into())),
            ]
        );
    }

    #[test]
    fn reserved_methods_move_aside() {
        let got = names(&["send", "add", "drop", "type", "build"], &[false; 5]);
        let fields: Vec<_> = got.into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "send_value",
                "add_value",
                "drop_value",
                "r#type",
                "build_value"
            ]
        );
    }

    #[test]
    fn client_methods_are_those_the_client_emitter_defines() {
        let methods = crate::emit::client_methods();
        for m in ["builder", "endpoint", "from_config", "as_core"] {
            assert!(methods.iter().any(|x| x == m), "{m} in {methods:?}");
        }
    }

    #[test]
    fn pascal_numbers_have_no_underscore() {
        let mut scope = Scope::new();
        assert_eq!(scope.mint("FooBar", Case::Pascal), "FooBar");
        assert_eq!(scope.mint("FooBar", Case::Pascal), "FooBar2");
        assert_eq!(scope.mint("FooBar", Case::Pascal), "FooBar3");
        let mut scope = Scope::new();
        assert_eq!(scope.mint("r#type", Case::Snake), "r#type");
        assert_eq!(scope.mint("r#type", Case::Snake), "type_2");
    }
}
