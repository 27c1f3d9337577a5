//! Any bytes as a model: loading, validating and emitting must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(model) = codegen::model::load_strs(&[("fuzz", text)]) {
        let _ = codegen::generate(&model, &codegen::Selection::default());
    }
});
