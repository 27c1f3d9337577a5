//! Keeps our hand-written Smithy model (`model/*.json`) honest against AWS's official Cognito
//! Identity Provider model: every shape reachable from our service must agree with upstream on
//! everything that changes generated code or wire behaviour. Only documentation (written in our
//! own words) and the `paginated` trait of `ListDevices` and `AdminListDevices` (upstream lacks it) may
//! differ.
//!
//! The official model is not part of the repository. It is read from `../shared/models/aws/`
//! beside the workspace root, or from the file named by `COGNITO_MODEL`. Where it is absent (a
//! fresh clone elsewhere), the agreement test is ignored, with the reason, in cargo's summary.

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// A model's `shapes` object: absolute shape id -> shape.
type Shapes = Map<String, Value>;

/// Traits that must agree on every shape and member we generate from: they decide types,
/// optionality, validation, redaction, error mapping and signing.
const COMPARED_TRAITS: &[&str] = &[
    "smithy.api#required",
    "smithy.api#default",
    "smithy.api#error",
    "smithy.api#httpError",
    "smithy.api#retryable",
    "smithy.api#sensitive",
    "smithy.api#length",
    "smithy.api#range",
    "smithy.api#pattern",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#auth",
    "smithy.api#optionalAuth",
    "smithy.api#enumValue",
    "smithy.api#idempotencyToken",
];

/// Service traits that pick the protocol, the signing name, the SDK's identity and the
/// endpoints (the rule set, and the test cases generated into the crate from it).
const SERVICE_TRAITS: &[&str] = &[
    "aws.protocols#awsJson1_1",
    "aws.auth#sigv4",
    "aws.api#service",
    "smithy.rules#endpointRuleSet",
    "smithy.rules#endpointTests",
];

const DOCUMENTATION: &str = "smithy.api#documentation";
const PAGINATED: &str = "smithy.api#paginated";
/// Worked examples are documentation too (the generator writes its own examples and never
/// reads these); ours leaves AWS's out.
const EXAMPLES: &str = "smithy.api#examples";

/// Operations are held to every upstream trait except these: our docs are our own, and we add
/// `paginated` where upstream leaves it out.
const OPERATION_TRAITS_ALLOWED_TO_DIFFER: &[&str] = &[DOCUMENTATION, EXAMPLES, PAGINATED];

const LIST_DEVICES: &str = "com.amazonaws.cognitoidentityprovider#ListDevices";
const ADMIN_LIST_DEVICES: &str = "com.amazonaws.cognitoidentityprovider#AdminListDevices";

/// The `paginated` traits our model must declare. Upstream cannot vouch for them, so they are
/// pinned here instead.
fn expected_pagination() -> Vec<(&'static str, Value)> {
    let devices = json!({
        "inputToken": "PaginationToken",
        "outputToken": "PaginationToken",
        "items": "Devices",
        "pageSize": "Limit",
    });
    vec![
        (LIST_DEVICES, devices.clone()),
        (ADMIN_LIST_DEVICES, devices),
    ]
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Reads the `shapes` of one JSON AST file. Panics with the file's path, since a model we cannot
/// read is a broken checkout, not a disagreement.
fn load_shapes(path: &Path) -> Shapes {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut doc: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()));
    match doc.get_mut("shapes").map(Value::take) {
        Some(Value::Object(shapes)) => shapes,
        _ => panic!("{} has no top-level \"shapes\" object", path.display()),
    }
}

fn collect_json_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .path();
        if path.is_dir() {
            collect_json_files(&path, files);
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
}

/// Merges every `*.json` under `model/` into one shape map, as the generator sees them.
fn load_our_model() -> Shapes {
    let dir = workspace_root().join("model");
    let mut files = Vec::new();
    collect_json_files(&dir, &mut files);
    // Sorted so that a duplicate shape is always blamed on the same file.
    files.sort();
    assert!(
        !files.is_empty(),
        "no *.json model files under {}",
        dir.display()
    );
    let mut shapes = Shapes::new();
    for file in &files {
        for (id, shape) in load_shapes(file) {
            assert!(
                !shapes.contains_key(&id),
                "shape {id} is defined twice (again in {})",
                file.display()
            );
            shapes.insert(id, shape);
        }
    }
    shapes
}

/// The official model the build script found (see `build.rs`): `COGNITO_MODEL`, or the
/// default location beside the workspace. Present unless the agreement test is ignored.
fn load_official_model() -> Shapes {
    load_shapes(Path::new(env!("OFFICIAL_COGNITO_MODEL")))
}

fn kind(shape: &Value) -> Option<&str> {
    shape.get("type").and_then(Value::as_str)
}

fn target(reference: &Value) -> Option<&str> {
    reference.get("target").and_then(Value::as_str)
}

fn trait_value<'a>(shape: &'a Value, id: &str) -> Option<&'a Value> {
    shape.get("traits").and_then(|traits| traits.get(id))
}

/// A shape's members in declaration order: the `members` of structures, unions and enums, a
/// list's `member`, a map's `key` and `value`.
fn members(shape: &Value) -> Vec<(&str, &Value)> {
    let mut out: Vec<(&str, &Value)> = shape
        .get("members")
        .and_then(Value::as_object)
        .map(|members| members.iter().map(|(n, m)| (n.as_str(), m)).collect())
        .unwrap_or_default();
    for name in ["member", "key", "value"] {
        if let Some(member) = shape.get(name) {
            out.push((name, member));
        }
    }
    out
}

/// Every shape id a shape points at; a service's `errors` are shared by all its operations, so
/// they belong to the closure like an operation's.
fn references(shape: &Value) -> Vec<&str> {
    let mut out: Vec<&str> = ["input", "output"]
        .into_iter()
        .filter_map(|key| shape.get(key).and_then(target))
        .collect();
    for key in ["operations", "errors"] {
        if let Some(list) = shape.get(key).and_then(Value::as_array) {
            out.extend(list.iter().filter_map(target));
        }
    }
    out.extend(members(shape).into_iter().filter_map(|(_, m)| target(m)));
    out
}

/// Ids reachable from a service, in breadth-first order, without prelude shapes (which are never
/// in a model file). Ids missing from `shapes` are kept, so the caller can report them.
fn closure<'a>(shapes: &'a Shapes, service: &'a Value) -> Vec<&'a str> {
    let mut seen = HashSet::new();
    let mut order = Vec::new();
    let mut queue: VecDeque<&str> = references(service).into();
    while let Some(id) = queue.pop_front() {
        if id.starts_with("smithy.api#") || !seen.insert(id) {
            continue;
        }
        order.push(id);
        if let Some(shape) = shapes.get(id) {
            queue.extend(references(shape));
        }
    }
    order
}

fn show(value: Option<&Value>) -> String {
    value.map_or_else(|| "absent".to_owned(), Value::to_string)
}

/// Records a mismatch unless both sides hold the same JSON (or both lack it).
fn same(
    out: &mut Vec<String>,
    id: &str,
    what: &str,
    ours: Option<&Value>,
    official: Option<&Value>,
) {
    if ours != official {
        out.push(format!(
            "{id}: {what} differs: ours {}, official {}",
            show(ours),
            show(official)
        ));
    }
}

fn compare_traits(
    out: &mut Vec<String>,
    id: &str,
    ours: &Value,
    official: &Value,
    traits: &[&str],
) {
    for &name in traits {
        let what = format!("trait {name}");
        same(
            out,
            id,
            &what,
            trait_value(ours, name),
            trait_value(official, name),
        );
    }
}

fn trait_names(shape: &Value) -> impl Iterator<Item = &str> {
    shape
        .get("traits")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|traits| traits.keys().map(String::as_str))
}

fn names<'a>(members: &[(&'a str, &Value)]) -> Vec<&'a str> {
    members.iter().map(|(name, _)| *name).collect()
}

fn compare_shape(out: &mut Vec<String>, id: &str, ours: &Value, official: &Value) {
    same(out, id, "kind", ours.get("type"), official.get("type"));
    for key in ["input", "output", "errors"] {
        same(out, id, key, ours.get(key), official.get(key));
    }

    let traits: Vec<&str> = if kind(ours) == Some("operation") {
        trait_names(ours)
            .chain(trait_names(official))
            .filter(|name| !OPERATION_TRAITS_ALLOWED_TO_DIFFER.contains(name))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect()
    } else {
        COMPARED_TRAITS.to_vec()
    };
    compare_traits(out, id, ours, official, &traits);

    let (our_members, official_members) = (members(ours), members(official));
    let (our_names, official_names) = (names(&our_members), names(&official_members));
    if our_names != official_names {
        out.push(format!(
            "{id}: member names differ: ours {our_names:?}, official {official_names:?}"
        ));
    }
    for (name, member) in &our_members {
        // A member upstream lacks is already reported by the name comparison above.
        let Some((_, theirs)) = official_members.iter().find(|(n, _)| n == name) else {
            continue;
        };
        let member_id = format!("{id}${name}");
        same(
            out,
            &member_id,
            "target",
            member.get("target"),
            theirs.get("target"),
        );
        compare_traits(out, &member_id, member, theirs, COMPARED_TRAITS);
    }
}

fn compare_service(out: &mut Vec<String>, id: &str, ours: &Value, official: Option<&Value>) {
    let Some(official) = official else {
        out.push(format!("{id}: service not in the official model"));
        return;
    };
    same(out, id, "kind", ours.get("type"), official.get("type"));
    same(
        out,
        id,
        "version",
        ours.get("version"),
        official.get("version"),
    );
    compare_traits(out, id, ours, official, SERVICE_TRAITS);
    // Ours may cover a subset of upstream's operations, never one upstream does not have.
    let official_operations: HashSet<&str> = official
        .get("operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(target)
        .collect();
    let our_operations = ours.get("operations").and_then(Value::as_array);
    for operation in our_operations.into_iter().flatten().filter_map(target) {
        if !official_operations.contains(operation) {
            out.push(format!(
                "{id}: operation {operation} is not an operation of the official service"
            ));
        }
    }
}

/// Every disagreement between our model and the official one, sorted so that each shape's
/// problems read together. Empty means they agree.
fn compare_models(ours: &Shapes, official: &Shapes) -> Vec<String> {
    let mut out = Vec::new();
    let services: Vec<(&String, &Value)> = ours
        .iter()
        .filter(|(_, shape)| kind(shape) == Some("service"))
        .collect();
    if services.is_empty() {
        out.push("our model has no service shape, so nothing was compared".to_owned());
    }

    let mut compared = HashSet::new();
    for (service_id, service) in services {
        compare_service(&mut out, service_id, service, official.get(service_id));
        for id in closure(ours, service) {
            // Shapes shared by several services are compared once.
            if !compared.insert(id) {
                continue;
            }
            match (ours.get(id), official.get(id)) {
                (Some(our_shape), Some(official_shape)) => {
                    compare_shape(&mut out, id, our_shape, official_shape);
                }
                (None, _) => out.push(format!(
                    "{id}: referenced by our model but not defined in it"
                )),
                (Some(_), None) => out.push(format!("{id}: not in the official model")),
            }
        }
    }

    for (operation, expected) in expected_pagination() {
        let ours = ours
            .get(operation)
            .and_then(|shape| trait_value(shape, PAGINATED));
        if ours != Some(&expected) {
            out.push(format!(
                "{operation}: trait {PAGINATED} is {}, expected {expected}",
                show(ours)
            ));
        }
    }

    out.sort();
    out
}

#[test]
#[cfg_attr(
    no_cognito_model,
    ignore = "AWS's official Cognito model not found: set COGNITO_MODEL to its file, or put it in ../shared/models/aws/ and touch codegen/build.rs"
)]
fn our_model_agrees_with_the_official_model() {
    let official = load_official_model();
    let mismatches = compare_models(&load_our_model(), &official);
    assert!(
        mismatches.is_empty(),
        "model/ disagrees with the official Cognito model in {} place(s):\n  {}",
        mismatches.len(),
        mismatches.join("\n  ")
    );
}

/// The part of one of our shapes at a JSON pointer, for mutating it.
fn at<'a>(shapes: &'a mut Shapes, id: &str, pointer: &str) -> &'a mut Value {
    shapes
        .get_mut(id)
        .and_then(|shape| shape.pointer_mut(pointer))
        .unwrap_or_else(|| panic!("our model has no {id} {pointer}"))
}

/// Proves the checker can fail, and names what it found. Our unmutated model serves as the
/// reference so that this runs even where the official model is absent.
#[test]
fn checker_reports_exactly_the_mutations() {
    const NS: &str = "com.amazonaws.cognitoidentityprovider#";
    let request = format!("{NS}ListDevicesRequest");
    let device = format!("{NS}DeviceType");
    let throttled = format!("{NS}TooManyRequestsException");

    let reference = load_our_model();
    assert_eq!(compare_models(&reference, &reference), Vec::<String>::new());

    let mut mutated = reference.clone();
    let access_token = at(&mut mutated, &request, "/members/AccessToken/traits");
    let dropped = access_token
        .as_object_mut()
        .and_then(|traits| traits.remove("smithy.api#required"));
    assert_eq!(
        dropped,
        Some(json!({})),
        "AccessToken should start out required"
    );
    *at(&mut mutated, &device, "/members/DeviceKey/target") = json!(format!("{NS}MessageType"));
    *at(&mut mutated, &throttled, "/traits/smithy.api#httpError") = json!(400);
    let list_devices = at(&mut mutated, LIST_DEVICES, "/traits");
    let dropped = list_devices
        .as_object_mut()
        .and_then(|traits| traits.remove(PAGINATED));
    assert!(dropped.is_some(), "ListDevices should start out paginated");
    // Documentation is ours to word, so changing it must go unreported.
    *at(
        &mut mutated,
        &request,
        "/members/Limit/traits/smithy.api#documentation",
    ) = json!("<p>Reworded.</p>");

    let mut expected = vec![
        format!(
            "{request}$AccessToken: trait smithy.api#required differs: ours absent, official {{}}"
        ),
        format!(
            "{device}$DeviceKey: target differs: ours \"{NS}MessageType\", official \"{NS}DeviceKeyType\""
        ),
        format!("{throttled}: trait smithy.api#httpError differs: ours 400, official 429"),
        format!(
            "{LIST_DEVICES}: trait {PAGINATED} is absent, expected \
             {{\"inputToken\":\"PaginationToken\",\"outputToken\":\"PaginationToken\",\
             \"items\":\"Devices\",\"pageSize\":\"Limit\"}}"
        ),
    ];
    expected.sort();
    assert_eq!(compare_models(&mutated, &reference), expected);
}
