//! `@streaming` payloads through the default (hyper) transport, on the crate generated from
//! Smithy's restJson1 test service (`StreamingTraits`: a header and a streaming blob, both
//! ways), against a loopback server: the response body arrives in chunks as it is read, is
//! not held to the response size cap, gives its connection back once read and takes it down
//! when dropped unread; an error response is still a typed error; a request body from a
//! stream or a reader is read whole and sent with its length. The memory bound of a large
//! streamed body is `streaming_memory.rs`'s.

use std::io;

use futures::StreamExt;
use rest_json_protocol::client::{Credentials, SdkError};
use rest_json_protocol::primitives::ByteStream;
use rest_json_protocol::transport::TransportErrorKind;

#[path = "streaming_support.rs"]
mod streaming_support;

use streaming_support::{Answer, pattern, server};

fn client(url: &str) -> rest_json_protocol::Client {
    rest_json_protocol::Client::builder()
        .endpoint_url(url)
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "example-secret", None))
        .max_response_bytes(64 * 1024)
        .build()
        .expect("client")
}

/// Reads a body to its end, checking each byte against the server's pattern; returns the
/// length and the number of chunks.
async fn drain(mut body: ByteStream) -> (u64, usize) {
    let (mut offset, mut chunks) = (0u64, 0usize);
    while let Some(chunk) = body.next_chunk().await {
        let chunk = chunk.expect("chunk");
        for (i, &b) in chunk.iter().enumerate() {
            assert_eq!(b, pattern(offset + i as u64), "byte {}", offset + i as u64);
        }
        offset += chunk.len() as u64;
        chunks += 1;
    }
    (offset, chunks)
}

#[tokio::test]
async fn a_streaming_response_arrives_in_chunks_past_the_size_cap_and_frees_its_connection() {
    let len = 5 * 1024 * 1024 + 17;
    let server = server(Answer::Body { len }).await;
    let client = client(&server.url);
    for _ in 0..2 {
        let output = client.streaming_traits().send().await.expect("call");
        assert_eq!(output.foo.as_deref(), Some("Foo"));
        assert_eq!(
            output.blob.len(),
            Some(len),
            "Content-Length is the stream's"
        );
        let (read, chunks) = drain(output.blob).await;
        assert_eq!(read, len);
        assert!(chunks > 1, "{chunks} chunk(s)");
    }
    // The first body was read to its end: the second call reused its connection.
    assert_eq!(*server.connections.lock().unwrap(), 1);
}

#[tokio::test]
async fn a_stream_dropped_unread_closes_its_connection_and_the_next_call_succeeds() {
    let len = 4 * 1024 * 1024;
    let server = server(Answer::Body { len }).await;
    let client = client(&server.url);
    let mut output = client.streaming_traits().send().await.expect("call");
    assert!(output.blob.next_chunk().await.expect("a chunk").is_ok());
    drop(output);
    let output = client.streaming_traits().send().await.expect("second call");
    assert_eq!(drain(output.blob).await.0, len);
    assert_eq!(*server.connections.lock().unwrap(), 2);
}

#[tokio::test]
async fn a_streaming_operation_s_error_response_is_a_typed_error() {
    let server = server(Answer::Error {
        status: 400,
        code: "ValidationException",
        message: "no such blob",
    })
    .await;
    let error = client(&server.url)
        .streaming_traits()
        .send()
        .await
        .expect_err("an error");
    let SdkError::Service { error, status } = &error else {
        panic!("expected a service error, got {error:?}");
    };
    assert_eq!(*status, 400);
    assert_eq!(error.code(), Some("ValidationException"));
    assert_eq!(error.message(), Some("no such blob"));
}

#[tokio::test]
async fn a_request_body_from_a_stream_or_a_reader_is_sent_whole_with_its_length() {
    let server = server(Answer::Body { len: 0 }).await;
    let client = client(&server.url);
    let parts: Vec<io::Result<Vec<u8>>> = vec![Ok(b"blobby ".to_vec()), Ok(b"blob blob".to_vec())];
    client
        .streaming_traits()
        .foo("Foo")
        .blob(ByteStream::from_stream(futures::stream::iter(parts), None))
        .send()
        .await
        .expect("call");
    let data: Vec<u8> = (0..300_000u64).map(pattern).collect();
    let reader = io::Cursor::new(data.clone());
    client
        .streaming_traits()
        .blob(ByteStream::from_reader(reader, Some(300_000)))
        .send()
        .await
        .expect("call");
    let seen = server.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, b"blobby blob blob");
    assert!(
        seen[0].head.contains("content-length: 16\r\n"),
        "{}",
        seen[0].head
    );
    assert!(
        seen[0]
            .head
            .contains("content-type: application/octet-stream\r\n")
    );
    assert!(seen[0].head.contains("x-foo: foo\r\n"), "{}", seen[0].head);
    assert_eq!(seen[1].body, data);
    assert!(seen[1].head.contains("content-length: 300000\r\n"));
}

#[tokio::test]
async fn a_request_stream_that_fails_sends_nothing_and_says_why() {
    let server = server(Answer::Body { len: 0 }).await;
    let parts: Vec<io::Result<Vec<u8>>> = vec![
        Ok(b"part".to_vec()),
        Err(io::Error::other("the disk went away")),
    ];
    let error = client(&server.url)
        .streaming_traits()
        .blob(ByteStream::from_stream(futures::stream::iter(parts), None))
        .send()
        .await
        .expect_err("the body cannot be read");
    let SdkError::Transport(e) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(e.kind(), TransportErrorKind::Io);
    assert!(e.to_string().contains("the disk went away"), "{e}");
    assert!(server.seen.lock().unwrap().is_empty());
    // A stream read as a `futures::Stream` too.
    let body = ByteStream::from("ab");
    let chunks: Vec<_> = body.map(|c| c.expect("chunk")).collect().await;
    assert_eq!(chunks, [b"ab".to_vec()]);
}
