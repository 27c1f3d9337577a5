//! Our valid model, edited by the fuzzer: each 3-byte step picks a node of the JSON tree and
//! replaces it with a value from a small set of troublemakers (wrong types, dangling ids,
//! empty objects, keywords). Loading, validating and emitting must never panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

fn base() -> &'static Value {
    static BASE: OnceLock<Value> = OnceLock::new();
    BASE.get_or_init(|| {
        let text = include_str!("../../model/cognito-devices.json");
        serde_json::from_str(text).unwrap_or(Value::Null)
    })
}

fn replacement(pick: u8) -> Value {
    match pick % 12 {
        0 => Value::Null,
        1 => json!(42),
        2 => json!("com.amazonaws.cognitoidentityprovider#Nope"),
        3 => json!({}),
        4 => json!([]),
        5 => json!({"target": "smithy.api#Unit"}),
        6 => json!({"target": "com.amazonaws.cognitoidentityprovider#ListDevices"}),
        7 => json!("type"),
        8 => json!({"type": "list", "member": {"target": "com.amazonaws.cognitoidentityprovider#DeviceListType"}}),
        9 => json!({"smithy.api#required": {}}),
        10 => json!(true),
        _ => json!("structure"),
    }
}

/// Visits nodes depth-first, counting down to the one to replace.
fn replace_nth(value: &mut Value, n: &mut usize, with: &Value) -> bool {
    if *n == 0 {
        *value = with.clone();
        return true;
    }
    *n -= 1;
    match value {
        Value::Object(map) => map.values_mut().any(|v| replace_nth(v, n, with)),
        Value::Array(items) => items.iter_mut().any(|v| replace_nth(v, n, with)),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut model = base().clone();
    for step in data.chunks_exact(3).take(8) {
        let mut n = usize::from(u16::from_le_bytes([step[0], step[1]]));
        replace_nth(&mut model, &mut n, &replacement(step[2]));
    }
    let text = model.to_string();
    if let Ok(model) = codegen::model::load_strs(&[("fuzz", &text)]) {
        let _ = codegen::generate(&model, &codegen::Selection::default());
    }
});
