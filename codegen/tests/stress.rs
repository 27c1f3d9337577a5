//! Models that are valid but extreme must generate correctly: huge documentation, deeply
//! nested lists, and a model of 10,000 shapes. Times are printed, not asserted (timings
//! belong in benchmarks).

use std::time::Instant;

use codegen::{Selection, generate, model};
use serde_json::{Map, Value, json};

fn service(shapes: Map<String, Value>, ops: &[String]) -> String {
    let mut all = shapes;
    all.insert(
        "a#Svc".into(),
        json!({"type": "service", "version": "1",
               "operations": ops.iter().map(|o| json!({"target": o})).collect::<Vec<_>>(),
               "traits": {"aws.protocols#awsJson1_1": {}}}),
    );
    json!({"smithy": "2.0", "shapes": all}).to_string()
}

fn generate_text(text: &str) -> codegen::Generated {
    let model = model::load_strs(&[("stress", text)]).expect("loads");
    generate(&model, &Selection::default()).expect("generates")
}

#[test]
fn huge_documentation() {
    let paragraph = "<p>Lorem <code>ipsum</code> dolor [sit] amet &amp; <a href=\"https://example.com\">link</a> *x* <b>y</b></p>\n";
    let doc = paragraph.repeat(20_000);
    let mut shapes = Map::new();
    shapes.insert(
        "a#Op".into(),
        json!({"type": "operation", "input": {"target": "a#In"},
        "traits": {"smithy.api#documentation": doc}}),
    );
    shapes.insert(
        "a#In".into(),
        json!({"type": "structure", "members": {
        "x": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": doc}}}}),
    );
    let started = Instant::now();
    let generated = generate_text(&service(shapes, &["a#Op".into()]));
    eprintln!(
        "huge documentation ({} bytes twice): {:?}",
        doc.len(),
        started.elapsed()
    );
    let op = &generated.files["src/operation/op.rs"];
    assert!(
        op.contains("/// Lorem `ipsum` dolor \\[sit\\] amet & [link](https://example.com)"),
        "docs converted"
    );
}

#[test]
fn deeply_nested_lists() {
    let depth = 32;
    let mut shapes = Map::new();
    for i in 0..depth {
        let target = if i + 1 == depth {
            "smithy.api#String".to_string()
        } else {
            format!("a#L{}", i + 1)
        };
        shapes.insert(
            format!("a#L{i}"),
            json!({"type": "list", "member": {"target": target}}),
        );
    }
    shapes.insert(
        "a#Op".into(),
        json!({"type": "operation", "input": {"target": "a#In"}}),
    );
    shapes.insert(
        "a#In".into(),
        json!({"type": "structure", "members": {"deep": {"target": "a#L0"}}}),
    );
    let generated = generate_text(&service(shapes.clone(), &["a#Op".into()]));
    let op = &generated.files["src/operation/op.rs"];
    assert!(
        op.matches("::std::vec::Vec<").count() >= depth,
        "{depth} levels of Vec"
    );

    // One level more is refused with a message, not a stack overflow.
    shapes.insert(
        "a#In".into(),
        json!({"type": "structure", "members": {"deeper": {"target": "a#Top"}}}),
    );
    shapes.insert(
        "a#Top".into(),
        json!({"type": "list", "member": {"target": "a#L0"}}),
    );
    let model = model::load_strs(&[("stress", &service(shapes, &["a#Op".into()]))]).expect("loads");
    let Err(codegen::Error::Invalid(diags)) = generate(&model, &Selection::default()) else {
        panic!("a 33-level nesting must be refused");
    };
    assert!(
        diags
            .iter()
            .any(|d| d.location == "a#Top" && d.message.contains("more than 32 levels")),
        "{diags:?}"
    );
}

#[test]
fn ten_thousand_shapes() {
    let mut shapes = Map::new();
    let mut ops = Vec::new();
    // 1,000 operations, each with an input and output of four members pointing at shared
    // structures, enums and lists: 10,000 shapes in all.
    for i in 0..1000 {
        let op = format!("a#Op{i}");
        shapes.insert(op.clone(), json!({"type": "operation",
            "input": {"target": format!("a#Op{i}Input")}, "output": {"target": format!("a#Op{i}Output")}}));
        shapes.insert(
            format!("a#Op{i}Input"),
            json!({"type": "structure", "members": {
            "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
            "thing": {"target": format!("a#Thing{i}")}}}),
        );
        shapes.insert(format!("a#Op{i}Output"), json!({"type": "structure", "members": {
            "things": {"target": format!("a#Things{i}")}, "kind": {"target": format!("a#Kind{i}")}}}));
        shapes.insert(
            format!("a#Thing{i}"),
            json!({"type": "structure", "members": {
            "n": {"target": "smithy.api#Integer"}, "when": {"target": "smithy.api#Timestamp"}}}),
        );
        shapes.insert(
            format!("a#Things{i}"),
            json!({"type": "list", "member": {"target": format!("a#Thing{i}")}}),
        );
        shapes.insert(
            format!("a#Kind{i}"),
            json!({"type": "enum", "members": {
            "A": {"target": "smithy.api#Unit"}, "B": {"target": "smithy.api#Unit"}}}),
        );
        for j in 0..4 {
            shapes.insert(format!("a#Extra{i}x{j}"), json!({"type": "string"}));
        }
        ops.push(op);
    }
    assert!(shapes.len() >= 10_000);
    let text = service(shapes, &ops);
    let started = Instant::now();
    let generated = generate_text(&text);
    eprintln!(
        "10,000 shapes, 1,000 operations: {:?} ({} files)",
        started.elapsed(),
        generated.files.len()
    );
    assert_eq!(generated.operations, 1000);
}
