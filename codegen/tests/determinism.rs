//! Same model in, same bytes out: whatever the order of shapes in the file, and every run.

use std::path::Path;

use codegen::{Files, Selection, generate, model};
use serde_json::{Map, Value};

fn generate_text(text: &str) -> Files {
    let model = model::load_strs(&[("model", text)]).expect("loads");
    generate(&model, &Selection::default())
        .expect("generates")
        .files
}

/// Rebuilds the document with its shapes in the order `order` gives.
fn reorder(doc: &Value, order: &[usize]) -> String {
    let shapes = doc["shapes"].as_object().expect("shapes");
    let entries: Vec<(&String, &Value)> = shapes.iter().collect();
    let mut reordered = Map::new();
    for &i in order {
        reordered.insert(entries[i].0.clone(), entries[i].1.clone());
    }
    let mut out = doc.clone();
    out["shapes"] = Value::Object(reordered);
    serde_json::to_string(&out).expect("serializes")
}

/// A fixed pseudo-random permutation, so a failure reproduces.
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed;
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    order
}

fn check_shuffles(path: &Path) {
    let text = std::fs::read_to_string(path).expect("model readable");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let baseline = generate_text(&text);
    assert_eq!(baseline, generate_text(&text), "two runs differ");
    let n = doc["shapes"].as_object().map_or(0, Map::len);
    let mut orders = vec![(0..n).rev().collect::<Vec<_>>()];
    orders.extend((1..=5).map(|seed| permutation(n, seed)));
    for order in orders {
        let shuffled = generate_text(&reorder(&doc, &order));
        for (file, contents) in &baseline {
            assert_eq!(
                Some(contents),
                shuffled.get(file),
                "{} changed when shapes were reordered as {order:?}",
                file
            );
        }
        assert_eq!(baseline.len(), shuffled.len());
    }
}

#[test]
fn our_model_is_order_independent() {
    check_shuffles(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../model/cognito-devices.json"));
}

#[test]
fn kitchen_fixture_is_order_independent() {
    check_shuffles(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kitchen.json"));
}
