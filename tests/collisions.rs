//! The collisions fixture (`codegen/tests/fixtures/collisions.json`) at run time: names the
//! naming pass moved aside still reach the right members on the wire, map tokens paginate,
//! and required members a response leaves out are error-corrected.

use std::cell::RefCell;
use std::collections::HashMap;

use collisions_fixture::operation::list_things::{ListThings, ListThingsInput, ListThingsOutput};
use collisions_fixture::operation::scan::{Scan, ScanInput, ScanOutput};
use collisions_fixture::operation::send::{Send, SendInput};
use collisions_fixture::protocol::{self, Operation};
use collisions_fixture::types::error::ServiceFault;
use collisions_fixture::types::{AttributeValue, Foo, Status};
use futures::StreamExt;
use futures::executor::block_on;
use serde_json::{Value, json};

fn body(input_json: &[u8]) -> Value {
    serde_json::from_slice(input_json).expect("request body is JSON")
}

#[test]
fn renamed_members_keep_their_wire_names() {
    let input = SendInput::builder()
        .foo(Foo::builder().bar_baz("b").build())
        .send_value("s")
        .foo_bar_2("plain")
        // `setFooBar` keeps its plain name; `fooBar` moved aside, with its `set_*` setter.
        .set_foo_bar("prefixed")
        .build();
    let request = protocol::request::<Send>(&input).expect("serializes");
    assert_eq!(
        body(&request.body),
        json!({"send": "s", "fooBar": "plain", "setFooBar": "prefixed", "foo": {"BarBaz": "b"}})
    );
    assert_eq!(Send::TARGET, "Collisions.Send");
}

/// Answers each request of a paginator from a list of canned bodies, recording the bodies
/// sent.
struct Pages {
    bodies: Vec<&'static str>,
    sent: RefCell<Vec<Value>>,
}

impl Pages {
    fn new(bodies: &[&'static str]) -> Self {
        Pages {
            bodies: bodies.to_vec(),
            sent: RefCell::new(Vec::new()),
        }
    }

    fn answer<Op: Operation>(&self, input: &Op::Input) -> Result<Op::Output, String> {
        let request = protocol::request::<Op>(input).map_err(|e| e.to_string())?;
        let mut sent = self.sent.borrow_mut();
        let page = self.bodies.get(sent.len()).ok_or("no more pages")?;
        sent.push(body(&request.body));
        protocol::response::<Op>(200, &(), page.as_bytes()).map_err(|e| e.to_string())
    }
}

#[test]
fn paginator_reads_the_member_it_names_not_its_case_twin() {
    // `nextToken` and `next_token` sit side by side; the trait names `next_token`.
    let pages = Pages::new(&[
        r#"{"nextToken": "wrong-1", "next_token": "t2", "things": ["a"]}"#,
        r#"{"nextToken": "wrong-2", "things": ["b"]}"#,
    ]);
    let items: Vec<String> = block_on(
        ListThingsInput::builder()
            .build()
            .into_paginator()
            .page_size(5)
            .items(|input| std::future::ready(pages.answer::<ListThings>(&input)))
            .map(|r| r.expect("page"))
            .collect(),
    );
    assert_eq!(items, ["a", "b"]);
    let sent = pages.sent.borrow();
    assert_eq!(sent[0], json!({"maxResults": 5}));
    assert_eq!(sent[1], json!({"next_token": "t2", "maxResults": 5}));

    let output: ListThingsOutput =
        protocol::response::<ListThings>(200, &(), br#"{"nextToken": "a", "next_token": "b"}"#)
            .expect("parses");
    assert_eq!(output.next_token.as_deref(), Some("a"));
    assert_eq!(output.next_token_2.as_deref(), Some("b"));
}

fn key(id: &str) -> HashMap<String, AttributeValue> {
    HashMap::from([("id".to_string(), AttributeValue::S(id.to_string()))])
}

#[test]
fn map_tokens_paginate_and_stop_when_absent_empty_or_repeated() {
    let cases: [(&[&'static str], usize); 3] = [
        (
            &[
                r#"{"Items": [{"id": {"S": "1"}}], "LastEvaluatedKey": {"id": {"S": "1"}}}"#,
                r#"{"Items": [{"id": {"S": "2"}}]}"#,
            ],
            2,
        ),
        (
            &[
                r#"{"Items": [], "LastEvaluatedKey": {"id": {"S": "1"}}}"#,
                r#"{"Items": [], "LastEvaluatedKey": {}}"#,
                r#"{"Items": []}"#,
            ],
            2,
        ),
        (
            &[
                r#"{"LastEvaluatedKey": {"id": {"S": "1"}}}"#,
                r#"{"LastEvaluatedKey": {"id": {"S": "1"}}}"#,
                r#"{}"#,
            ],
            2,
        ),
    ];
    for (bodies, want_requests) in cases {
        let pages = Pages::new(bodies);
        let got: Vec<ScanOutput> = block_on(
            ScanInput::builder()
                .build()
                .into_paginator()
                .pages(|input| std::future::ready(pages.answer::<Scan>(&input)))
                .map(|r| r.expect("page"))
                .collect(),
        );
        assert_eq!(got.len(), want_requests, "{bodies:?}");
        let sent = pages.sent.borrow();
        assert_eq!(sent[0], json!({}));
        assert_eq!(sent[1], json!({"ExclusiveStartKey": {"id": {"S": "1"}}}));
    }
    let first = ScanInput::builder().exclusive_start_key(key("0")).build();
    assert_eq!(first.exclusive_start_key, Some(key("0")));
}

#[test]
fn required_members_a_response_leaves_out_are_error_corrected() {
    // Smithy's client error correction, for every type: the whole output still parses.
    let output = protocol::response::<Scan>(200, &(), b"{}").expect("error-corrected");
    assert_eq!(output.status, Status::from(""));
    assert_eq!(output.summary.count, 0);
    assert_eq!(output.summary.detail.bar_baz, "");
    assert!(matches!(output.summary.last, AttributeValue::Unknown(_)));
    // What the response does send is kept.
    let output = protocol::response::<Scan>(
        200,
        &(),
        br#"{"Status": "done", "Summary": {"count": 3, "detail": {"BarBaz": "x"}}}"#,
    )
    .expect("parses");
    assert_eq!(output.status, Status::Done);
    assert_eq!(output.summary.count, 3);
    assert_eq!(output.summary.detail.bar_baz, "x");
}

#[test]
fn enum_values_named_like_the_catch_all_stay_distinct() {
    assert_eq!(Status::from("unknown"), Status::UnknownValue);
    assert_eq!(Status::from("UnknownValue"), Status::UnknownValue2);
    assert!(matches!(Status::from("new"), Status::Unknown(_)));
}

#[test]
fn a_recursive_structure_behind_a_service_error_is_boxed() {
    let error = collisions_fixture::operation::send::SendError::from_response(
        500,
        &(),
        br#"{"__type": "ServiceFault", "message": "m", "node": {"label": "a", "next": {"label": "b"}}}"#,
    );
    let collisions_fixture::operation::send::SendError::ServiceFault(fault) = error else {
        panic!("modeled error expected, got {error:?}");
    };
    let fault: ServiceFault = fault;
    let node = fault.node.expect("node");
    assert_eq!(node.label.as_deref(), Some("a"));
    assert_eq!(
        node.next.expect("next").label.as_deref(),
        Some("b"),
        "nested node"
    );
}

#[test]
fn an_error_shape_named_unhandled_is_its_own_variant() {
    use collisions_fixture::operation::list_things::ListThingsError;
    let modeled = ListThingsError::from_response(400, &(), br#"{"__type": "Unhandled"}"#);
    assert!(matches!(modeled, ListThingsError::Unhandled2(_)));
    let other = ListThingsError::from_response(400, &(), br#"{"__type": "Other"}"#);
    assert!(matches!(other, ListThingsError::Unhandled(_)));
}

#[test]
// `Endpoint` is deprecated in the fixture: users are warned, the crate itself is not.
#[allow(deprecated)]
fn operations_named_like_client_methods_move_aside() {
    // `Endpoint` would meet `Client::endpoint`; `Send` meets nothing (the client core's `send`
    // is on `CoreClient`, reached through `as_core()`).
    let _send: fn(&collisions_fixture::Client) -> _ = collisions_fixture::Client::send;
    let _endpoint: fn(&collisions_fixture::Client) -> _ =
        collisions_fixture::Client::endpoint_operation;
    let _runtime: fn(&collisions_fixture::Client) -> &str = collisions_fixture::Client::endpoint;
}
