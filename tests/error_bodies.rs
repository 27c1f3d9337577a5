//! Error bodies whose other members nest deeply: the code and message come from the top-level
//! object however deep the rest goes (serde_json's recursion limit of 128 used to fail the
//! whole parse and lose both), and reading them takes bounded stack.

use cognito_identity_provider::error::ErrorBody;
use cognito_identity_provider::operation::list_devices::ListDevicesError;

/// `depth` levels of `open`/`close` around a number.
fn nested(open: &str, close: &str, depth: usize) -> String {
    format!("{}1{}", open.repeat(depth), close.repeat(depth))
}

/// Parses on a thread with a small stack: skipping the nested member must not recurse.
fn parse_on_small_stack(body: String) -> ListDevicesError {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || ListDevicesError::from_response(400, &(), body.as_bytes()))
        .expect("thread starts")
        .join()
        .expect("parsing does not overflow the stack")
}

#[test]
fn deeply_nested_members_keep_code_and_message() {
    for depth in [127, 128, 200, 100_000] {
        for (open, close) in [("[", "]"), (r#"{"a":"#, "}")] {
            let deep = nested(open, close, depth);
            let bodies = [
                format!(
                    r#"{{"__type":"NotAuthorizedException","message":"expired","deep":{deep}}}"#
                ),
                format!(r#"{{"deep":{deep},"Message":"expired","code":"NotAuthorizedException"}}"#),
            ];
            for body in bodies {
                let err = parse_on_small_stack(body);
                match &err {
                    // A modeled error: the nested member is skipped as unknown.
                    ListDevicesError::NotAuthorizedException(e) => {
                        assert_eq!(e.message(), Some("expired"), "depth {depth}");
                    }
                    other => panic!("depth {depth} {open}: {other:?}"),
                }
            }
            let unknown =
                format!(r#"{{"__type":"BrandNewException","deep":{deep},"errorMessage":"new"}}"#);
            match parse_on_small_stack(unknown) {
                ListDevicesError::Unhandled(u) => {
                    assert_eq!(u.code(), Some("BrandNewException"), "depth {depth}");
                    assert_eq!(u.message(), Some("new"), "depth {depth}");
                    assert_eq!(u.meta().body(), ErrorBody::Json);
                }
                other => panic!("depth {depth}: {other:?}"),
            }
        }
    }
}

#[test]
fn deep_values_of_the_code_or_message_are_not_strings() {
    let deep = nested("[", "]", 100_000);
    let body = format!(r#"{{"__type":"BrandNewException","message":{deep}}}"#);
    match parse_on_small_stack(body) {
        ListDevicesError::Unhandled(u) => {
            assert_eq!(u.code(), Some("BrandNewException"));
            assert_eq!(u.message(), None);
        }
        other => panic!("{other:?}"),
    }
    let body = format!(r#"{{"__type":{deep},"message":"m"}}"#);
    match parse_on_small_stack(body) {
        ListDevicesError::Unhandled(u) => {
            assert_eq!((u.code(), u.message()), (None, Some("m")));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_a_whole_json_object_is_a_json_body() {
    for (body, kind) in [
        (nested("[", "]", 100_000), ErrorBody::NotJson),
        (
            format!(r#"{{"__type":"X","deep":{}"#, "[".repeat(1000)),
            ErrorBody::NotJson,
        ),
        (r#"{"__type":"X"} trailing"#.to_string(), ErrorBody::NotJson),
        (r#""a string""#.to_string(), ErrorBody::NotJson),
        (" \n".to_string(), ErrorBody::Empty),
        (r#" {"__type":"X"} "#.to_string(), ErrorBody::Json),
    ] {
        match parse_on_small_stack(body.clone()) {
            ListDevicesError::Unhandled(u) => {
                assert_eq!(u.meta().body(), kind, "{}", &body[..body.len().min(40)]);
                let code = (kind == ErrorBody::Json).then_some("X");
                assert_eq!(u.code(), code);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn the_last_of_duplicate_keys_wins_as_in_a_parsed_object() {
    let err = ListDevicesError::from_response(
        400,
        &(),
        br#"{"__type":"First","message":"one","__type":"BrandNewException","message":"two"}"#,
    );
    assert_eq!(err.code(), Some("BrandNewException"));
    assert_eq!(err.message(), Some("two"));
    // Escaped keys and values are read like any others.
    let err = ListDevicesError::from_response(
        400,
        &(),
        br#"{"\u005f_type":"BrandNew\u0045xception","message":"tab\tted"}"#,
    );
    assert_eq!(err.code(), Some("BrandNewException"));
    assert_eq!(err.message(), Some("tab\tted"));
}
