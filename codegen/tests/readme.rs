//! Sample output the README quotes, checked against what produces it: the compliance summary
//! lines of the protocol runner (from the cases generated out of Smithy's suite).

use std::path::Path;

fn readme() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join("README.md")).expect("README.md")
}

#[test]
#[cfg_attr(
    no_protocol_tests,
    ignore = "../shared/protocol-tests/aws-protocol-tests.json not found: put Smithy's AWS protocol test suite there (beside the workspace), then touch codegen/build.rs"
)]
fn compliance_lines_are_the_runners() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/protocol-tests/aws-protocol-tests.json");
    let model = codegen::model::load_paths(&[path]).expect("suite loads");
    let suite = codegen::protocol_tests::generate_suite(&model, "suite").expect("suite generates");
    let readme = readme();
    for ((protocol, n), (_, skipped)) in suite.cases.iter().zip(&suite.skipped) {
        // The runner prints this line when every case it runs passes (and fails otherwise).
        let passed = n - skipped;
        let line = format!(
            "{} protocol tests: {passed} passed, 0 failed, {skipped} skipped (of {n})",
            protocol.name()
        );
        assert!(readme.contains(&line), "README.md should quote `{line}`");
    }
}
