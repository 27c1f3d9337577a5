//! Runs every `smithy.rules#endpointTests` case of AWS's official models in
//! `../shared/models/aws/` against the service's `smithy.rules#endpointRuleSet`, evaluated by
//! `aws_light_runtime::endpoint`.

mod support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use aws_light_runtime::endpoint::{Params, PathPart, TemplatePart};
use support::{cases, rules_json};

/// `../shared/models/aws/`: present unless the tests are ignored (see `build.rs`).
fn models_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/models/aws"
    ))
    .to_path_buf()
}

fn model_files() -> Vec<PathBuf> {
    let dir = models_dir();
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

#[test]
#[cfg_attr(
    no_aws_models,
    ignore = "../shared/models/aws/ not found: put AWS's official models there (beside the workspace), then touch runtime/build.rs"
)]
fn every_endpoint_test_case_of_the_aws_models_passes() {
    let files = model_files();
    assert!(!files.is_empty(), "no models in {}", models_dir().display());
    let mut failures = Vec::new();
    let (mut total, mut failed_total) = (0usize, 0usize);
    for file in &files {
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        let stem = stem.unwrap_or_default();
        let services = cases::load(file).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !services.is_empty(),
            "{stem}: no service with an endpoint rule set"
        );
        for service in services {
            let mut failed = 0usize;
            for case in &service.cases {
                if let Err(problem) = cases::check(&service.rules, case) {
                    failed += 1;
                    failures.push(format!(
                        "{stem} ({}) {}: {problem}",
                        service.service, case.name
                    ));
                }
            }
            let count = service.cases.len();
            println!(
                "{stem}: endpoint tests: {} passed, {failed} failed (of {count})",
                count - failed
            );
            total += count;
            failed_total += failed;
        }
    }
    println!(
        "all models: endpoint tests: {} passed, {failed_total} failed (of {total})",
        total - failed_total
    );
    for failure in &failures {
        println!("FAILED {failure}");
    }
    assert!(total > 0, "the models have no endpoint test cases");
    assert!(
        failures.is_empty(),
        "{} endpoint test case(s) failed",
        failures.len()
    );
}

#[test]
fn templates_split_into_literals_references_and_attributes() {
    let template = rules_json::template("https://{Bucket}.s3.{P#dnsSuffix}/{{x}}", "t").unwrap();
    assert_eq!(
        template.parts,
        [
            TemplatePart::Literal("https://"),
            TemplatePart::Ref("Bucket"),
            TemplatePart::Literal(".s3."),
            TemplatePart::Attr {
                name: "P",
                path: &[PathPart::Key("dnsSuffix")]
            },
            TemplatePart::Literal("/{x}"),
        ]
    );
    assert_eq!(
        rules_json::template("", "t").unwrap().parts,
        [TemplatePart::Literal("")]
    );
    for bad in ["{", "}", "a{b", "{}", "{#x}", "{a{b}}"] {
        assert!(rules_json::template(bad, "t").is_err(), "{bad:?}");
    }
}

#[test]
fn get_attr_paths_parse_keys_and_indices() {
    assert_eq!(
        rules_json::path("resourceId[2]", "p").unwrap(),
        [PathPart::Key("resourceId"), PathPart::Index(2)]
    );
    assert_eq!(rules_json::path("[0]", "p").unwrap(), [PathPart::Index(0)]);
    assert_eq!(
        rules_json::path("a.b", "p").unwrap(),
        [PathPart::Key("a"), PathPart::Key("b")]
    );
    for bad in ["", "a.", "a[x]", "a[1", "a..b"] {
        assert!(rules_json::path(bad, "p").is_err(), "{bad:?}");
    }
}

/// Not a test: a figure. `cargo test --release -p aws-light-runtime --test endpoint_tests --
/// --ignored --nocapture resolution_time` prints how long one resolution of Cognito Identity
/// Provider's endpoint takes.
#[test]
#[ignore = "a measurement, not a test: run it in release with --ignored --nocapture"]
fn resolution_time() {
    let path = models_dir().join("cognito-identity-provider.json");
    let services = cases::load(&path).unwrap_or_else(|e| panic!("{e}"));
    let rules = services.first().map(|s| s.rules).expect("a rule set");
    let params = Params::new()
        .with("Region", "eu-west-1")
        .with("UseFIPS", false)
        .with("UseDualStack", false);
    let expected = "https://cognito-idp.eu-west-1.amazonaws.com";
    assert_eq!(
        rules.resolve(&params).map(|e| e.url).as_deref(),
        Ok(expected)
    );
    const N: u32 = 100_000;
    for _ in 0..1_000 {
        std::hint::black_box(rules.resolve(std::hint::black_box(&params)).ok());
    }
    let started = Instant::now();
    for _ in 0..N {
        std::hint::black_box(rules.resolve(std::hint::black_box(&params)).ok());
    }
    let elapsed = started.elapsed();
    println!(
        "cognito-identity-provider: {N} resolutions in {elapsed:?}, {:.0} ns each",
        elapsed.as_nanos() as f64 / f64::from(N)
    );
}
