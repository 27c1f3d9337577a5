use std::io;

use super::ByteStream;

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime")
        .block_on(future)
}

fn chunks(parts: &[&'static [u8]]) -> impl futures_core::Stream<Item = io::Result<Vec<u8>>> + Send {
    let mut parts: std::collections::VecDeque<io::Result<Vec<u8>>> =
        parts.iter().map(|p| Ok(p.to_vec())).collect();
    futures_stream(move || parts.pop_front())
}

/// A stream from a closure, without a dependency on `futures`.
fn futures_stream<F>(next: F) -> impl futures_core::Stream<Item = io::Result<Vec<u8>>> + Send
where
    F: FnMut() -> Option<io::Result<Vec<u8>>> + Send + Unpin,
{
    struct FromFn<F>(F);
    impl<F: FnMut() -> Option<io::Result<Vec<u8>>> + Unpin> futures_core::Stream for FromFn<F> {
        type Item = io::Result<Vec<u8>>;
        fn poll_next(
            self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready((self.get_mut().0)())
        }
    }
    FromFn(next)
}

#[test]
fn bytes_are_in_memory_and_read_as_one_chunk() {
    let mut body = ByteStream::from("hello");
    assert_eq!(body.len(), Some(5));
    assert_eq!(body.as_bytes(), Some(&b"hello"[..]));
    block_on(async {
        assert_eq!(body.next_chunk().await.unwrap().unwrap(), b"hello");
        assert!(body.next_chunk().await.is_none());
        assert!(body.next_chunk().await.is_none());
    });
    assert_eq!(body.len(), Some(0));
    assert!(ByteStream::empty().is_empty());
    assert_eq!(ByteStream::default().as_bytes(), Some(&b""[..]));
}

#[test]
fn a_stream_is_read_chunk_by_chunk_and_buffered_whole() {
    let body = ByteStream::from_stream(chunks(&[b"ab", b"", b"cde"]), Some(5));
    assert_eq!(body.as_bytes(), None);
    assert_eq!(body.len(), Some(5));
    assert_eq!(block_on(body.collect()).unwrap(), b"abcde");

    let mut body = ByteStream::from_stream(chunks(&[b"ab", b"cd"]), None);
    assert_eq!(body.len(), None);
    block_on(body.buffer()).unwrap();
    assert_eq!(body.as_bytes(), Some(&b"abcd"[..]));
    assert_eq!(body.len(), Some(4));
}

#[test]
fn a_source_that_breaks_its_announced_length_is_an_error() {
    let short = ByteStream::from_stream(chunks(&[b"abc"]), Some(4));
    let e = block_on(short.collect()).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    assert!(
        e.to_string().contains("announced 4 bytes and held 3"),
        "{e}"
    );
    let long = ByteStream::from_stream(chunks(&[b"abc", b"de"]), Some(4));
    assert!(block_on(long.collect()).is_err());
}

#[test]
fn the_limit_stops_reading_a_large_body() {
    let mut body = ByteStream::from_stream(chunks(&[b"abcd", b"efgh"]), None);
    let e = block_on(body.buffer_limited(6)).unwrap_err();
    assert!(e.to_string().contains("limit of 6 bytes"), "{e}");
    let mut body = ByteStream::from_stream(chunks(&[b"abc", b"def"]), None);
    block_on(body.buffer_limited(6)).unwrap();
    assert_eq!(body.as_bytes(), Some(&b"abcdef"[..]));
}

#[test]
fn a_failure_ends_the_stream() {
    let mut calls = 0;
    let failing = futures_stream(move || {
        calls += 1;
        match calls {
            1 => Some(Ok(b"ab".to_vec())),
            2 => Some(Err(io::Error::other("connection reset"))),
            // A source polled after its failure would hand out more bytes.
            _ => Some(Ok(b"late".to_vec())),
        }
    });
    let mut body = ByteStream::from_stream(failing, None);
    block_on(async {
        assert_eq!(body.next_chunk().await.unwrap().unwrap(), b"ab");
        let e = body.next_chunk().await.unwrap().unwrap_err();
        assert_eq!(e.to_string(), "connection reset");
        assert!(body.next_chunk().await.is_none());
    });
}

#[test]
fn debug_shows_the_size_and_never_the_bytes() {
    let shown = format!("{:?}", ByteStream::from("secret-audio"));
    assert_eq!(shown, "ByteStream { in_memory: 12 }");
    let shown = format!(
        "{:?}",
        ByteStream::from_stream(chunks(&[b"secret"]), Some(6))
    );
    assert_eq!(shown, "ByteStream { streaming: Some(6) }");
}

#[test]
fn bodies_in_memory_compare_by_bytes_and_streams_equal_nothing() {
    let mut split = ByteStream::from_stream(chunks(&[b"ab", b"c"]), None);
    assert_ne!(split, ByteStream::from("abc"));
    assert_ne!(split, split);
    block_on(split.buffer()).unwrap();
    assert_eq!(split, ByteStream::from("abc"));
    assert_ne!(split, ByteStream::from("abd"));
}

#[cfg(feature = "rt-tokio")]
#[test]
fn an_async_reader_is_read_in_chunks() {
    let data: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let mut body = ByteStream::from_reader(std::io::Cursor::new(data.clone()), Some(200_000));
    let mut sizes = Vec::new();
    let mut read = Vec::new();
    block_on(async {
        while let Some(chunk) = body.next_chunk().await {
            let chunk = chunk.unwrap();
            sizes.push(chunk.len());
            read.extend_from_slice(&chunk);
        }
    });
    assert_eq!(read, data);
    assert!(sizes.iter().all(|&n| n <= 64 * 1024), "{sizes:?}");
    assert!(sizes.len() >= 4, "{sizes:?}");
}
