//! Snapshot tests: the generated crate for each fixture model must match the checked-in copy
//! byte for byte. The copies are workspace members, so the workspace build and clippy prove
//! they compile cleanly. After an intended change: `UPDATE_SNAPSHOTS=1 cargo test -p codegen
//! --test snapshots`, then review the diff.

use std::path::{Path, PathBuf};

use codegen::emit::manifest::{RuntimeDep, set_runtime};
use codegen::{Selection, generate, model, write};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn check(fixture: &str) {
    let model = model::load_paths(&[root().join("fixtures").join(format!("{fixture}.json"))])
        .unwrap_or_else(|e| panic!("{fixture} loads: {e}"));
    let selection = Selection {
        package: Some(format!("{fixture}-fixture")),
        ..Selection::default()
    };
    let mut generated =
        generate(&model, &selection).unwrap_or_else(|e| panic!("{fixture} generates: {e}"));
    // As the CLI writes it: the runtime of this checkout, relative to the snapshot.
    if let Some(manifest) = generated.files.get_mut("Cargo.toml") {
        *manifest = set_runtime(manifest, &RuntimeDep::Path("../../../../runtime".into()));
    }
    let dir = root().join("snapshots").join(fixture);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        write::write(&dir, &generated.files).expect("snapshot written");
        return;
    }
    let changed = write::diff(&dir, &generated.files).expect("snapshot readable");
    assert!(
        changed.is_empty(),
        "generated code for {fixture} differs from {} in {changed:?}; if intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff",
        dir.display()
    );
}

#[test]
fn kitchen_fixture() {
    check("kitchen");
}

#[test]
fn legacy_fixture() {
    check("legacy");
}

#[test]
fn collisions_fixture() {
    check("collisions");
}

#[test]
fn kitchen_names_and_shapes() {
    // Spot checks that make the snapshot's intent explicit.
    let types =
        std::fs::read_to_string(root().join("snapshots/kitchen/src/types.rs")).expect("snapshot");
    for needle in [
        "pub foo_bar: ::std::option::Option<::std::string::String>",
        "pub foo_bar_2: ::std::option::Option<::std::string::String>",
        "pub build_value: ::std::option::Option<::std::string::String>",
        "pub self_: ::std::option::Option<::std::string::String>",
        "pub r#type: ::std::option::Option<::std::string::String>",
        "pub parent: ::std::option::Option<::std::boxed::Box<crate::types::Recipe>>",
        "pub substitute: ::std::option::Option<::std::boxed::Box<crate::types::Ingredient>>",
        "pub servings: i32",
        "pub kind: crate::types::RecipeKind",
        "UnknownValue,",
        "Unknown(crate::primitives::UnknownValue)",
        "#[deprecated(note = \"use name (since 2023)\")]",
    ] {
        assert!(types.contains(needle), "types.rs lacks `{needle}`");
    }
    let list =
        std::fs::read_to_string(root().join("snapshots/kitchen/src/operation/list_recipes.rs"))
            .expect("snapshot");
    assert!(list.contains("let v = &v.page;"), "nested outputToken path");
}
