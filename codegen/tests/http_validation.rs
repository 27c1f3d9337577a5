//! One malformed HTTP binding per case, each refused by `validate::http::check` with a
//! diagnostic on the shape (operation, structure or member) that carries it. Smithy's own
//! validators refuse the same models (see `validate/http.rs` for which ones).

use codegen::error::Diagnostic;
use codegen::model::{Model, load_strs};

const STR: &str = r#"{"target": "smithy.api#String"}"#;

/// A restJson1 service with one operation `t#Op` (`@http` given as JSON, or none), its input
/// `t#In` and output `t#Out` members, an error `t#Err`, and helper shapes: `t#Map` (string to
/// string), `t#IntMap`, `t#Ints` (list of integers), `t#Nested` (a structure), `t#Blob`.
fn model(http: Option<&str>, input: &str, output: &str, error: &str) -> Model {
    let http = http
        .map(|h| format!(r#""smithy.api#http": {h}"#))
        .unwrap_or_default();
    let json = format!(
        r#"{{"smithy": "2.0", "shapes": {{
            "t#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "t#Op"}}],
                "traits": {{"aws.protocols#restJson1": {{}}}}}},
            "t#Op": {{"type": "operation", "input": {{"target": "t#In"}}, "output": {{"target": "t#Out"}},
                "errors": [{{"target": "t#Err"}}], "traits": {{{http}}}}},
            "t#In": {{"type": "structure", "members": {{{input}}}}},
            "t#Out": {{"type": "structure", "members": {{{output}}}}},
            "t#Err": {{"type": "structure", "members": {{{error}}}, "traits": {{"smithy.api#error": "client"}}}},
            "t#Map": {{"type": "map", "key": {STR}, "value": {STR}}},
            "t#IntMap": {{"type": "map", "key": {STR}, "value": {{"target": "smithy.api#Integer"}}}},
            "t#Ints": {{"type": "list", "member": {{"target": "smithy.api#Integer"}}}},
            "t#Nested": {{"type": "structure", "members": {{"a": {STR}}}}},
            "t#Blob": {{"type": "blob"}}
        }}}}"#
    );
    load_strs(&[("test.json", &json)]).unwrap_or_else(|e| panic!("{e}\n{json}"))
}

fn check(model: &Model) -> Vec<Diagnostic> {
    let service = model.get("t#Svc").expect("service");
    codegen::validate::http::check(model, service)
}

/// A member with a target and traits, as JSON.
fn member(name: &str, target: &str, traits: &str) -> String {
    format!(r#""{name}": {{"target": "{target}", "traits": {{{traits}}}}}"#)
}

const GET: &str = r#"{"method": "GET", "uri": "/a"}"#;
const LABEL: &str = r#""smithy.api#httpLabel": {}, "smithy.api#required": {}"#;

/// Asserts that the problem is reported: a diagnostic at `location` whose message contains
/// `message` (a malformed binding may break other rules too, reported beside it).
fn refused(model: &Model, location: &str, message: &str) {
    let diags = check(model);
    assert!(
        diags
            .iter()
            .any(|d| d.location == location && d.message.contains(message)),
        "expected `{location}: ...{message}...`, got:\n{}",
        diags
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_well_bound_operation_passes() {
    let input = [
        member("id", "smithy.api#String", LABEL),
        member("path", "smithy.api#String", LABEL),
        member("q", "t#Ints", r#""smithy.api#httpQuery": "q""#),
        member("rest", "t#Map", r#""smithy.api#httpQueryParams": {}"#),
        member(
            "h",
            "smithy.api#Timestamp",
            r#""smithy.api#httpHeader": "X-H""#,
        ),
        member(
            "meta",
            "t#Map",
            r#""smithy.api#httpPrefixHeaders": "x-meta-""#,
        ),
        member("body", "t#Nested", r#""smithy.api#jsonName": "Body""#),
    ]
    .join(",");
    let output = [
        member(
            "status",
            "smithy.api#Integer",
            r#""smithy.api#httpResponseCode": {}"#,
        ),
        member("data", "t#Blob", r#""smithy.api#httpPayload": {}"#),
        member(
            "h",
            "smithy.api#String",
            r#""smithy.api#httpHeader": "X-H""#,
        ),
    ]
    .join(",");
    let m = model(
        Some(r#"{"method": "PUT", "uri": "/a/{id}/b/{path+}?x=1&y", "code": 201}"#),
        &input,
        &output,
        &member("m", "smithy.api#String", ""),
    );
    assert_eq!(check(&m), Vec::new());
}

#[test]
fn labels_need_members_and_members_need_labels() {
    // A URI label no input member is bound to.
    let m = model(Some(r#"{"method": "GET", "uri": "/a/{id}"}"#), "", "", "");
    refused(
        &m,
        "t#Op",
        "URI label `{id}` of `/a/{id}` has no input member `id`",
    );
    // A member marked httpLabel that the pattern does not name.
    let m = model(Some(GET), &member("id", "smithy.api#String", LABEL), "", "");
    refused(&m, "t#In$id", "has no label `{id}`");
    // A label member that is not required.
    let m = model(
        Some(r#"{"method": "GET", "uri": "/a/{id}"}"#),
        &member("id", "smithy.api#String", r#""smithy.api#httpLabel": {}"#),
        "",
        "",
    );
    refused(&m, "t#In$id", "must also be `@required`");
    // A label targeting a blob.
    let m = model(
        Some(r#"{"method": "GET", "uri": "/a/{id}"}"#),
        &member("id", "t#Blob", LABEL),
        "",
        "",
    );
    refused(
        &m,
        "t#In$id",
        "`@httpLabel` and must target a string, number",
    );
}

#[test]
fn greedy_labels_are_last_single_and_strings() {
    let both = [
        member("x", "smithy.api#String", LABEL),
        member("y", "smithy.api#String", LABEL),
    ]
    .join(",");
    let m = model(
        Some(r#"{"method": "GET", "uri": "/a/{x+}/{y}"}"#),
        &both,
        "",
        "",
    );
    refused(&m, "t#Op", "greedy label `x+` must be the last label");
    let m = model(
        Some(r#"{"method": "GET", "uri": "/a/{x+}/{y+}"}"#),
        &both,
        "",
        "",
    );
    refused(&m, "t#Op", "more than one greedy label");
    let m = model(
        Some(r#"{"method": "GET", "uri": "/a/{n+}"}"#),
        &member("n", "smithy.api#Integer", LABEL),
        "",
        "",
    );
    refused(
        &m,
        "t#In$n",
        "greedy label `{n+}` of `t#Op` and must target a string",
    );
}

#[test]
fn duplicate_labels_are_refused() {
    let m = model(
        Some(r#"{"method": "GET", "uri": "/a/{x}/{X}"}"#),
        &member("x", "smithy.api#String", LABEL),
        "",
        "",
    );
    refused(&m, "t#Op", "label `X` appears more than once");
}

#[test]
fn malformed_uri_patterns_are_refused() {
    for (uri, message) in [
        ("a/b", "must start with `/`"),
        ("/a//b", "empty segment"),
        ("/a/{b}c", "a label must be a whole segment"),
        ("/a/{b-c}", "label names are identifiers"),
        ("/a?x={y}", "labels must not appear in the query string"),
        ("/a?x&x=1", "literal query parameter `x` is repeated"),
        ("/a?&x", "empty name"),
        ("/a#frag", "fragment"),
        ("/a?", "must not end with `?`"),
    ] {
        let m = model(
            Some(&format!(r#"{{"method": "GET", "uri": "{uri}"}}"#)),
            "",
            "",
            "",
        );
        refused(&m, "t#Op", message);
    }
}

#[test]
fn the_http_trait_must_be_there_and_well_formed() {
    refused(
        &model(None, "", "", ""),
        "t#Op",
        "has no `smithy.api#http` trait",
    );
    refused(
        &model(Some(r#"{"method": "", "uri": "/"}"#), "", "", ""),
        "t#Op",
        "needs a `method`",
    );
    refused(
        &model(Some(r#"{"method": "GET"}"#), "", "", ""),
        "t#Op",
        "needs a `uri`",
    );
    refused(
        &model(
            Some(r#"{"method": "GET", "uri": "/", "code": 1000}"#),
            "",
            "",
            "",
        ),
        "t#Op",
        "`code` must be an integer from 100 to 999",
    );
}

#[test]
fn one_payload_and_nothing_else_in_the_body() {
    let two = [
        member("a", "t#Blob", r#""smithy.api#httpPayload": {}"#),
        member("b", "t#Nested", r#""smithy.api#httpPayload": {}"#),
    ]
    .join(",");
    refused(
        &model(Some(GET), &two, "", ""),
        "t#In",
        "more than one member is marked `@httpPayload`: `a`, `b`",
    );
    let with_body = [
        member("a", "t#Blob", r#""smithy.api#httpPayload": {}"#),
        member("other", "smithy.api#String", ""),
    ]
    .join(",");
    refused(
        &model(Some(GET), &with_body, "", ""),
        "t#In",
        "bound to the request (label, query, header or prefix headers), but these are not: `other`",
    );
    // In a response a query binding is ignored, so the member is in the body too.
    let output = [
        member("a", "t#Blob", r#""smithy.api#httpPayload": {}"#),
        member("q", "smithy.api#String", r#""smithy.api#httpQuery": "q""#),
    ]
    .join(",");
    refused(
        &model(Some(GET), "", &output, ""),
        "t#Out",
        "bound to the response (label, query, header or prefix headers, status code), but these are not: `q`",
    );
    // Errors are responses too.
    refused(
        &model(Some(GET), "", "", &with_body),
        "t#Err",
        "but these are not: `other`",
    );
    refused(
        &model(
            Some(GET),
            &member("a", "t#Ints", r#""smithy.api#httpPayload": {}"#),
            "",
            "",
        ),
        "t#In$a",
        "`@httpPayload` and must target a blob, string, enum, structure, union or document",
    );
}

#[test]
fn query_and_header_members_target_what_they_can_carry() {
    refused(
        &model(
            Some(GET),
            &member("q", "t#Nested", r#""smithy.api#httpQuery": "q""#),
            "",
            "",
        ),
        "t#In$q",
        "`@httpQuery` and must target a string, number, boolean or timestamp, or a list of them",
    );
    refused(
        &model(
            Some(GET),
            &member("q", "smithy.api#String", r#""smithy.api#httpQuery": """#),
            "",
            "",
        ),
        "t#In$q",
        "`@httpQuery` needs a non-empty name",
    );
    refused(
        &model(
            Some(GET),
            &member("h", "t#Map", r#""smithy.api#httpHeader": "X-H""#),
            "",
            "",
        ),
        "t#In$h",
        "`@httpHeader` and must target a string",
    );
    refused(
        &model(
            Some(GET),
            &member(
                "h",
                "smithy.api#String",
                r#""smithy.api#httpHeader": "X H""#,
            ),
            "",
            "",
        ),
        "t#In$h",
        "token characters",
    );
    refused(
        &model(
            Some(GET),
            &member("p", "t#Ints", r#""smithy.api#httpQueryParams": {}"#),
            "",
            "",
        ),
        "t#In$p",
        "`@httpQueryParams` and must target a map of strings or of lists of strings",
    );
    refused(
        &model(
            Some(GET),
            &member("p", "t#IntMap", r#""smithy.api#httpPrefixHeaders": "x-""#),
            "",
            "",
        ),
        "t#In$p",
        "`@httpPrefixHeaders` and must target a map of strings",
    );
    refused(
        &model(
            Some(GET),
            "",
            &member(
                "s",
                "smithy.api#String",
                r#""smithy.api#httpResponseCode": {}"#,
            ),
            "",
        ),
        "t#Out$s",
        "`@httpResponseCode` and must target an integer",
    );
}

#[test]
fn names_bound_twice_are_refused() {
    let queries = [
        member("a", "smithy.api#String", r#""smithy.api#httpQuery": "q""#),
        member("b", "smithy.api#Integer", r#""smithy.api#httpQuery": "q""#),
    ]
    .join(",");
    refused(
        &model(Some(GET), &queries, "", ""),
        "t#In",
        "members `a`, `b` are bound to the same query parameter `q`",
    );
    let headers = [
        member(
            "a",
            "smithy.api#String",
            r#""smithy.api#httpHeader": "X-A""#,
        ),
        member(
            "b",
            "smithy.api#String",
            r#""smithy.api#httpHeader": "x-a""#,
        ),
    ]
    .join(",");
    refused(
        &model(Some(GET), "", &headers, ""),
        "t#Out",
        "members `a`, `b` are bound to the same header `x-a`",
    );
    let params = [
        member("a", "t#Map", r#""smithy.api#httpQueryParams": {}"#),
        member("b", "t#Map", r#""smithy.api#httpQueryParams": {}"#),
    ]
    .join(",");
    refused(
        &model(Some(GET), &params, "", ""),
        "t#In",
        "more than one member is marked `@httpQueryParams`",
    );
    let prefixed = [
        member(
            "meta",
            "t#Map",
            r#""smithy.api#httpPrefixHeaders": "X-Meta-""#,
        ),
        member(
            "one",
            "smithy.api#String",
            r#""smithy.api#httpHeader": "x-meta-one""#,
        ),
    ]
    .join(",");
    refused(
        &model(Some(GET), &prefixed, "", ""),
        "t#In$one",
        "header `x-meta-one` starts with prefix `x-meta-`",
    );
    let json = [
        member("a", "smithy.api#String", r#""smithy.api#jsonName": "b""#),
        member("b", "smithy.api#String", ""),
    ]
    .join(",");
    refused(
        &model(Some(GET), &json, "", ""),
        "t#In",
        "members `a`, `b` share the JSON key `b`",
    );
}

#[test]
fn a_member_has_one_binding() {
    refused(
        &model(
            Some(GET),
            &member(
                "x",
                "smithy.api#String",
                r#""smithy.api#httpHeader": "X", "smithy.api#httpQuery": "x""#,
            ),
            "",
            "",
        ),
        "t#In$x",
        "conflicting HTTP binding traits: `@httpQuery`, `@httpHeader`",
    );
}

/// What the restJson1 emitter cannot do is refused by the whole pipeline, naming the member:
/// a sparse list in a header (a null has no place there) and an error's `@httpPayload`; an
/// operation that needs a flexible request checksum (`aws.protocols#httpChecksum`) is left out
/// with the reason instead.
#[test]
fn what_the_rest_json_emitter_cannot_do_is_refused_or_left_out() {
    let json = r#"{"smithy": "2.0", "shapes": {
        "t#Svc": {"type": "service", "version": "1",
            "operations": [{"target": "t#Op"}, {"target": "t#Md5"}],
            "traits": {"aws.protocols#restJson1": {}}},
        "t#Op": {"type": "operation", "input": {"target": "t#In"},
            "errors": [{"target": "t#Err"}],
            "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}},
        "t#Md5": {"type": "operation",
            "traits": {"smithy.api#http": {"method": "POST", "uri": "/md5"},
                "aws.protocols#httpChecksum": {"requestChecksumRequired": true}}},
        "t#In": {"type": "structure", "members": {
            "h": {"target": "t#Sparse", "traits": {"smithy.api#httpHeader": "X-H"}}}},
        "t#Err": {"type": "structure", "members": {
            "p": {"target": "smithy.api#String", "traits": {"smithy.api#httpPayload": {}}}},
            "traits": {"smithy.api#error": "client"}},
        "t#Sparse": {"type": "list", "member": {"target": "smithy.api#String"},
            "traits": {"smithy.api#sparse": {}}}
    }}"#;
    let model = load_strs(&[("test.json", json)]).expect("loads");
    let diags = match codegen::generate(&model, &codegen::Selection::default()) {
        Err(codegen::Error::Invalid(diags)) => diags,
        other => panic!("expected a refusal, got {:?}", other.map(|g| g.operations)),
    };
    let has = |location: &str, text: &str| {
        diags
            .iter()
            .any(|d| d.location == location && d.message.contains(text))
    };
    assert!(
        has("t#In$h", "sparse list or map bound outside the body"),
        "{diags:?}"
    );
    assert!(has("t#Err$p", "`@httpPayload` of an error"), "{diags:?}");

    let fixed = json
        .replace(r#""traits": {"smithy.api#sparse": {}}"#, r#""traits": {}"#)
        .replace(
            r#""smithy.api#httpPayload": {}"#,
            r#""smithy.api#httpHeader": "X-P""#,
        );
    let model = load_strs(&[("test.json", &fixed)]).expect("loads");
    let generated = codegen::generate(&model, &codegen::Selection::default()).expect("generates");
    assert_eq!(generated.operations, 1);
    assert_eq!(generated.omitted.len(), 1);
    assert!(
        generated.omitted[0]
            .reason
            .contains("requestChecksumRequired"),
        "{:?}",
        generated.omitted
    );
}
