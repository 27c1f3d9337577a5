//! Bad models: each must fail with a diagnostic naming the shape and the problem, never a
//! panic, and all problems of a model are reported together.

use codegen::{Error, Selection, generate, model};

/// A service `a#Svc` with operation `a#Op` whose input is `a#In`, plus `extra` shapes.
fn with_shapes(extra: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "a#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "a#Op"}}],
                      "traits": {{"aws.protocols#awsJson1_1": {{}}}}}},
            "a#Op": {{"type": "operation", "input": {{"target": "a#In"}}, "output": {{"target": "a#Out"}}}},
            "a#Out": {{"type": "structure", "members": {{}}}}
            {extra}
        }}}}"#
    )
}

fn diagnostics(text: &str) -> Vec<String> {
    let result =
        model::load_strs(&[("test", text)]).and_then(|m| generate(&m, &Selection::default()));
    match result {
        Err(Error::Invalid(diags)) => diags.iter().map(ToString::to_string).collect(),
        Err(other) => vec![other.to_string()],
        Ok(_) => Vec::new(),
    }
}

fn expect(text: &str, location: &str, fragment: &str) {
    let diags = diagnostics(text);
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with(location) && d.contains(fragment)),
        "expected `{location}: ...{fragment}...`, got {diags:#?}"
    );
}

#[test]
fn unresolved_member_target() {
    expect(
        &with_shapes(r#", "a#In": {"type": "structure", "members": {"x": {"target": "a#Gone"}}}"#),
        "a#In$x",
        "`a#Gone` does not resolve",
    );
}

#[test]
fn unresolved_operation_and_error() {
    let text = r#"{"smithy": "2.0", "shapes": {
        "a#Svc": {"type": "service", "operations": [{"target": "a#Op"}, {"target": "a#Missing"}]},
        "a#Op": {"type": "operation", "input": {"target": "a#NoInput"}, "errors": [{"target": "a#NoError"}]}
    }}"#;
    let diags = diagnostics(text);
    for (loc, frag) in [
        ("a#Svc", "`a#Missing` does not resolve"),
        ("a#Op", "input `a#NoInput` does not resolve"),
        ("a#Op", "error `a#NoError` does not resolve"),
    ] {
        assert!(
            diags.iter().any(|d| d.starts_with(loc) && d.contains(frag)),
            "{loc} {frag}: {diags:#?}"
        );
    }
}

#[test]
fn member_targeting_an_operation() {
    expect(
        &with_shapes(r#", "a#In": {"type": "structure", "members": {"x": {"target": "a#Op"}}}"#),
        "a#In$x",
        "is an operation",
    );
}

#[test]
fn map_key_must_be_a_string() {
    expect(
        &with_shapes(
            r#", "a#In": {"type": "structure", "members": {"m": {"target": "a#M"}}},
               "a#M": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#,
        ),
        "a#M$key",
        "expected a string or an enum",
    );
}

#[test]
fn error_entry_without_error_trait() {
    let text = r#"{"smithy": "2.0", "shapes": {
        "a#Svc": {"type": "service", "operations": [{"target": "a#Op"}]},
        "a#Op": {"type": "operation", "errors": [{"target": "a#NotAnError"}]},
        "a#NotAnError": {"type": "structure", "members": {}}
    }}"#;
    expect(text, "a#Op", "has no `smithy.api#error` trait");
}

#[test]
fn required_cycle() {
    expect(
        &with_shapes(
            r#", "a#In": {"type": "structure", "members": {"a": {"target": "a#A"}}},
               "a#A": {"type": "structure", "members": {"b": {"target": "a#B", "traits": {"smithy.api#required": {}}}}},
               "a#B": {"type": "structure", "members": {"a": {"target": "a#A", "traits": {"smithy.api#required": {}}}}}"#,
        ),
        "a#A",
        "cycle of required members",
    );
}

#[test]
fn enum_rules() {
    let text = with_shapes(
        r#", "a#In": {"type": "structure", "members": {"e": {"target": "a#E"}, "i": {"target": "a#I"}}},
           "a#E": {"type": "enum", "members": {
               "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
               "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "x"}},
               "C": {"target": "smithy.api#String"}}},
           "a#I": {"type": "intEnum", "members": {"ONE": {"target": "smithy.api#Unit"}}}"#,
    );
    let diags = diagnostics(&text);
    for (loc, frag) in [
        ("a#E$B", "enum value \"x\" is already used by `A`"),
        ("a#E$C", "must target `smithy.api#Unit`"),
        ("a#I$ONE", "need an `enumValue`"),
    ] {
        assert!(
            diags.iter().any(|d| d.starts_with(loc) && d.contains(frag)),
            "{loc} {frag}: {diags:#?}"
        );
    }
}

#[test]
fn member_names_equal_ignoring_case() {
    expect(
        &with_shapes(
            r#", "a#In": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}, "Name": {"target": "smithy.api#String"}}}"#,
        ),
        "a#In$Name",
        "differ ignoring case",
    );
}

#[test]
fn paginated_members_must_exist() {
    let text = r#"{"smithy": "2.0", "shapes": {
        "a#Svc": {"type": "service", "operations": [{"target": "a#Op"}]},
        "a#Op": {"type": "operation", "input": {"target": "a#In"}, "output": {"target": "a#Out"},
                 "traits": {"smithy.api#paginated": {"inputToken": "token", "outputToken": "next", "items": "things", "pageSize": "size"}}},
        "a#In": {"type": "structure", "members": {"token": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}, "size": {"target": "smithy.api#String"}}},
        "a#Out": {"type": "structure", "members": {"things": {"target": "smithy.api#String"}}}
    }}"#;
    let diags = diagnostics(text);
    for frag in [
        "`inputToken` `token` must not be required",
        "`outputToken`: `next` of `next` is not a member of `a#Out`",
        "`items` `things` must target a list or map",
        "`pageSize` `size` must target an integer type",
    ] {
        assert!(
            diags
                .iter()
                .any(|d| d.starts_with("a#Op") && d.contains(frag)),
            "{frag}: {diags:#?}"
        );
    }
}

#[test]
fn unit_only_where_allowed() {
    expect(
        &with_shapes(
            r#", "a#In": {"type": "structure", "members": {"u": {"target": "smithy.api#Unit"}}}"#,
        ),
        "a#In$u",
        "`smithy.api#Unit` may only be targeted",
    );
}

#[test]
fn mixin_without_mixin_trait_and_apply_to_missing_shape() {
    let text = with_shapes(
        r#", "a#In": {"type": "structure", "mixins": [{"target": "a#Plain"}], "members": {}},
           "a#Plain": {"type": "structure", "members": {}},
           "a#Nope$x": {"type": "apply", "traits": {"smithy.api#required": {}}}"#,
    );
    let diags = diagnostics(&text);
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("a#In") && d.contains("no `smithy.api#mixin` trait")),
        "{diags:#?}"
    );
    assert!(
        diags
            .iter()
            .any(|d| d.starts_with("a#Nope$x") && d.contains("does not exist")),
        "{diags:#?}"
    );
}

#[test]
fn shape_names_equal_ignoring_case() {
    expect(
        &with_shapes(
            r#", "a#In": {"type": "structure", "members": {"x": {"target": "b#in"}}},
               "b#in": {"type": "structure", "members": {}}"#,
        ),
        "b#in",
        "conflicts with `a#In` ignoring case",
    );
}

#[test]
fn document_level_problems() {
    for (text, fragment) in [
        ("[]", "top level must be a JSON object"),
        (
            r#"{"smithy": "3.0", "shapes": {}}"#,
            "unsupported `smithy` version",
        ),
        (r#"{"smithy": 2, "shapes": {}}"#, "must be a version string"),
        (
            r#"{"smithy": "2.0", "shapes": []}"#,
            "`shapes` must be an object",
        ),
        (
            r#"{"smithy": "2.0", "shapes": {"a#X": {"type": "gizmo"}}}"#,
            "unknown shape type `gizmo`",
        ),
        (
            r#"{"smithy": "2.0", "shapes": {"a#X": 5}}"#,
            "a shape must be a JSON object",
        ),
        (
            r#"{"smithy": "2.0", "shapes": {"NoNamespace": {"type": "string"}}}"#,
            "not an absolute shape id",
        ),
        (r#"{"smithy": "2.0", "shapes": {}}"#, "defines no service"),
    ] {
        let diags = diagnostics(text);
        assert!(
            diags.iter().any(|d| d.contains(fragment)),
            "{text}: {diags:#?}"
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = with_shapes(
        r#", "a#In": {"type": "structure", "members": {"x": {"target": "a#Gone"}, "y": {"target": "a#AlsoGone"}}}"#,
    );
    let diags = diagnostics(&text);
    assert!(
        diags.iter().any(|d| d.contains("a#Gone"))
            && diags.iter().any(|d| d.contains("a#AlsoGone")),
        "{diags:#?}"
    );
}

#[test]
fn awkward_names_generate() {
    // Keywords and names that meet after snake-casing are not errors: they get valid names.
    let text = with_shapes(
        r#", "a#In": {"type": "structure", "members": {
               "type": {"target": "smithy.api#String"}, "fooBar": {"target": "smithy.api#String"},
               "foo_bar": {"target": "smithy.api#String"}, "self": {"target": "smithy.api#String"},
               "builder": {"target": "smithy.api#String"}}}"#,
    );
    assert_eq!(diagnostics(&text), Vec::<String>::new());
}

/// A paginated `a#Op` whose input token targets `input` and output token `output`.
fn paginated(input: &str, output: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "a#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "a#Op"}}],
                      "traits": {{"aws.protocols#awsJson1_1": {{}}}}}},
            "a#Op": {{"type": "operation", "input": {{"target": "a#In"}}, "output": {{"target": "a#Out"}},
                     "traits": {{"smithy.api#paginated": {{"inputToken": "start", "outputToken": "last"}}}}}},
            "a#In": {{"type": "structure", "members": {{"start": {{"target": "{input}"}}}}}},
            "a#Out": {{"type": "structure", "members": {{"last": {{"target": "{output}"}}}}}},
            "a#Key": {{"type": "map", "key": {{"target": "smithy.api#String"}}, "value": {{"target": "smithy.api#String"}}}},
            "a#OtherKey": {{"type": "map", "key": {{"target": "smithy.api#String"}}, "value": {{"target": "smithy.api#Integer"}}}},
            "a#Token": {{"type": "string"}}
        }}}}"#
    )
}

#[test]
fn pagination_tokens_may_be_strings_or_maps_of_one_type() {
    assert_eq!(
        diagnostics(&paginated("a#Key", "a#Key")),
        Vec::<String>::new()
    );
    assert_eq!(
        diagnostics(&paginated("a#Token", "smithy.api#String")),
        Vec::<String>::new(),
        "two string shapes are one Rust type"
    );
    expect(
        &paginated("a#Key", "a#OtherKey"),
        "a#Op",
        "`outputToken` `last` targets `a#OtherKey`, but `inputToken` `start` targets `a#Key`",
    );
    expect(
        &paginated("a#Token", "a#Key"),
        "a#Op",
        "targets `a#Key`, but `inputToken` `start` targets `a#Token`",
    );
    expect(
        &paginated("smithy.api#Integer", "a#Key"),
        "a#Op",
        "`inputToken` `start` must target a string or a map",
    );
}

/// A service with a plain operation, an event-stream one and one that requires endpoint
/// discovery.
const PARTLY_SUPPORTED: &str = r#"{"smithy": "2.0", "shapes": {
    "a#Svc": {"type": "service", "version": "1",
              "operations": [{"target": "a#Plain"}, {"target": "a#Stream"}, {"target": "a#Discover"}],
              "traits": {"aws.protocols#awsJson1_1": {}}},
    "a#Plain": {"type": "operation"},
    "a#Stream": {"type": "operation", "output": {"target": "a#StreamOut"}},
    "a#StreamOut": {"type": "structure", "members": {"events": {"target": "a#Events"}}},
    "a#Events": {"type": "union", "members": {"tick": {"target": "smithy.api#String"}},
                 "traits": {"smithy.api#streaming": {}}},
    "a#Discover": {"type": "operation",
                   "traits": {"aws.api#clientDiscoveredEndpoint": {"required": true}}}
}}"#;

#[test]
fn unsupported_operations_are_left_out_and_said_so() {
    let model = model::load_strs(&[("test", PARTLY_SUPPORTED)]).expect("loads");
    let generated = generate(&model, &Selection::default()).expect("the rest generates");
    assert_eq!(generated.operations, 1);
    let omitted: Vec<(&str, &str)> = generated
        .omitted
        .iter()
        .map(|o| (o.name.as_str(), o.reason.as_str()))
        .collect();
    assert_eq!(omitted.len(), 2, "{omitted:?}");
    assert_eq!(omitted[0].0, "Discover");
    assert!(omitted[0].1.contains("requires endpoint discovery"));
    assert_eq!(omitted[1].0, "Stream");
    assert!(
        omitted[1]
            .1
            .contains("`events` is an event stream (`a#Events`)")
    );
    // The crate says so too.
    let lib = &generated.files["src/lib.rs"];
    assert!(lib.contains("# Operations not generated"), "{lib}");
    assert!(lib.contains("- `Stream`: its output member `events` is an event stream"));
    assert!(!generated.files.contains_key("src/operation/stream.rs"));
}

#[test]
fn naming_an_unsupported_operation_is_refused() {
    let model = model::load_strs(&[("test", PARTLY_SUPPORTED)]).expect("loads");
    let selection = Selection {
        operations: Some(vec!["Plain".into(), "Stream".into()]),
        ..Selection::default()
    };
    match generate(&model, &selection) {
        Err(Error::Invalid(diags)) => {
            let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
            assert!(
                text.iter()
                    .any(|d| d.starts_with("a#Stream") && d.contains("cannot be generated")),
                "{text:?}"
            );
        }
        other => panic!("expected a refusal, got {:?}", other.map(|g| g.operations)),
    }
}

/// A service with an endpoint rule set (`rules` is its JSON) and an operation whose input
/// member `Name` carries `member_traits`, and whose own traits are `op_traits`.
fn with_rules(rules: &str, op_traits: &str, member_traits: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "a#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "a#Op"}}],
                      "traits": {{"aws.protocols#awsJson1_1": {{}}, "smithy.rules#endpointRuleSet": {rules}}}}},
            "a#Op": {{"type": "operation", "input": {{"target": "a#In"}}, "output": {{"target": "a#Out"}},
                     "traits": {{{op_traits}}}}},
            "a#In": {{"type": "structure", "members": {{"Name": {{"target": "smithy.api#String", "traits": {{{member_traits}}}}},
                                                    "Count": {{"target": "smithy.api#Integer"}}}}}},
            "a#Out": {{"type": "structure", "members": {{}}}}
        }}}}"#
    )
}

const GOOD_RULES: &str = r#"{"version": "1.0",
    "parameters": {"Region": {"type": "string", "builtIn": "AWS::Region"}, "Arn": {"type": "string"}},
    "rules": [{"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
               "endpoint": {"url": "https://a.{Region}.example.com"}},
              {"type": "error", "conditions": [], "error": "no region"}]}"#;

#[test]
fn endpoint_rule_sets_the_runtime_cannot_evaluate_are_refused_on_the_service() {
    let bad_function = GOOD_RULES.replace("\"isSet\"", "\"split\"");
    expect(
        &with_rules(&bad_function, "", ""),
        "a#Svc",
        "unknown function `split`",
    );
    let bad_type = GOOD_RULES.replace(
        r#""Arn": {"type": "string"}"#,
        r#""Arn": {"type": "integer"}"#,
    );
    expect(
        &with_rules(&bad_type, "", ""),
        "a#Svc",
        "unknown parameter type `integer`",
    );
    let bad_rule = GOOD_RULES.replace("\"type\": \"error\"", "\"type\": \"loop\"");
    expect(
        &with_rules(&bad_rule, "", ""),
        "a#Svc",
        "unknown rule type `loop`",
    );
    let bad_ref = GOOD_RULES.replace("{Region}", "{Nowhere}");
    expect(
        &with_rules(&bad_ref, "", ""),
        "a#Svc",
        "`Nowhere` is neither a parameter",
    );
    let not_object = with_rules("[]", "", "");
    expect(&not_object, "a#Svc", "endpointRuleSet: expected an object");
    assert_eq!(
        diagnostics(&with_rules(GOOD_RULES, "", "")),
        Vec::<String>::new()
    );
}

#[test]
fn operation_endpoint_parameters_that_cannot_be_bound_are_refused_on_the_operation() {
    let path =
        |p: &str| format!(r#""smithy.rules#operationContextParams": {{"Arn": {{"path": "{p}"}}}}"#);
    assert_eq!(
        diagnostics(&with_rules(GOOD_RULES, &path("Name"), "")),
        Vec::<String>::new()
    );
    expect(
        &with_rules(GOOD_RULES, &path("Name[0]"), ""),
        "a#Op",
        "is not a member name",
    );
    expect(
        &with_rules(GOOD_RULES, &path("length(Name)"), ""),
        "a#Op",
        "is not a member name",
    );
    expect(
        &with_rules(GOOD_RULES, &path("Count"), ""),
        "a#Op",
        "not a string or boolean",
    );
    expect(
        &with_rules(GOOD_RULES, &path("Missing"), ""),
        "a#Op",
        "has no member `Missing`",
    );
    let undeclared = r#""smithy.rules#contextParam": {"name": "Bucket"}"#;
    expect(
        &with_rules(GOOD_RULES, "", undeclared),
        "a#Op",
        "declares no parameter `Bucket`",
    );
    let wrong_static = r#""smithy.rules#staticContextParams": {"Arn": {"value": true}}"#;
    expect(
        &with_rules(GOOD_RULES, wrong_static, ""),
        "a#Op",
        "static context parameter `Arn`",
    );
}
