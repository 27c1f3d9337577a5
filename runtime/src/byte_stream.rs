//! Streaming bodies (Smithy's `@streaming` blobs): a response payload read as it arrives,
//! without the response size cap and without holding the whole body, and a request payload
//! given as bytes or as a stream of chunks.
//!
//! A request body is read whole before it is sent: SigV4 signs a hash of the body, and a body
//! in memory can be sent again when an attempt fails. Only response bodies stream.

use std::collections::VecDeque;
use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};

use futures_core::Stream;

/// The chunks of a body from somewhere else: a socket, a file, a generator. In a `Mutex` only
/// so that inputs holding one are `Sync`, as the client's futures need: it is only ever
/// reached through `&mut` (`get_mut`, no locking).
type Chunks = Mutex<Pin<Box<dyn Stream<Item = io::Result<Vec<u8>>> + Send>>>;

/// A body that may not be in memory: an operation's `@streaming` payload.
///
/// As a response payload it yields the body's chunks as the transport reads them
/// ([`next_chunk`](Self::next_chunk), or as a [`futures_core::Stream`]); nothing caps its
/// size, and memory holds one chunk at a time unless the reader keeps them. As a request
/// payload it is built from bytes (`From<Vec<u8>>`, `From<&'static [u8]>`, `From<String>`, ...),
/// from a stream of chunks ([`from_stream`](Self::from_stream)) or, with feature `rt-tokio`,
/// from an async reader ([`from_reader`](Self::from_reader)); the client reads such a body
/// into memory before signing and sending it.
///
/// Its `Debug` output shows where the body is and its size, never its bytes. Two byte streams
/// are equal when both are in memory and hold the same bytes; one still to be read equals
/// nothing, not even itself (reading it is the only way to know what it holds).
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// Chunks in memory; `len` is the number of bytes they hold.
    Memory { chunks: VecDeque<Vec<u8>>, len: u64 },
    /// Chunks still to come, with the length the source announced, if it did.
    Pending { chunks: Chunks, length: Option<u64> },
}

impl ByteStream {
    /// A body of these bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        let bytes = bytes.into();
        let len = bytes.len() as u64;
        let mut chunks = VecDeque::new();
        if !bytes.is_empty() {
            chunks.push_back(bytes);
        }
        ByteStream {
            inner: Inner::Memory { chunks, len },
        }
    }

    /// An empty body.
    pub fn empty() -> Self {
        ByteStream::new(Vec::new())
    }

    /// A body read from `chunks` as they come. `length`, when the source knows it, is the
    /// total number of bytes it will yield.
    pub fn from_stream<S>(chunks: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = io::Result<Vec<u8>>> + Send + 'static,
    {
        ByteStream {
            inner: Inner::Pending {
                chunks: Mutex::new(Box::pin(chunks)),
                length,
            },
        }
    }

    /// A body read from an async reader (a file, a socket, a child process's output), in
    /// chunks of up to 64 KiB. `length`, when known, is the number of bytes it will yield.
    #[cfg(feature = "rt-tokio")]
    pub fn from_reader<R>(reader: R, length: Option<u64>) -> Self
    where
        R: tokio::io::AsyncRead + Send + 'static,
    {
        ByteStream::from_stream(reader::Reader::new(reader), length)
    }

    /// The body's length, when it is in memory or its source announced it.
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            Inner::Memory { len, .. } => Some(*len),
            Inner::Pending { length, .. } => *length,
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The whole body, when it is in memory in one piece (a body built from bytes, or one
    /// [`buffer`](Self::buffer) read).
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Memory { chunks, .. } => match chunks.len() {
                0 => Some(&[]),
                1 => chunks.front().map(Vec::as_slice),
                _ => None,
            },
            Inner::Pending { .. } => None,
        }
    }

    /// The next chunk of the body; `None` at its end. A failure to read it (a connection
    /// that broke mid-body) is an error, after which the body ends.
    pub async fn next_chunk(&mut self) -> Option<io::Result<Vec<u8>>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the rest of the body into memory and returns it.
    pub async fn collect(mut self) -> io::Result<Vec<u8>> {
        self.buffer().await?;
        Ok(match self.inner {
            Inner::Memory { mut chunks, .. } => chunks.pop_front().unwrap_or_default(),
            Inner::Pending { .. } => Vec::new(),
        })
    }

    /// Reads the rest of the body into memory, in one piece, and keeps it: afterwards
    /// [`as_bytes`](Self::as_bytes) returns it. A source that yields a different number of
    /// bytes than the length it announced is an error.
    pub async fn buffer(&mut self) -> io::Result<()> {
        self.buffer_limited(u64::MAX).await
    }

    /// Like [`buffer`](Self::buffer), failing (with [`io::ErrorKind::FileTooLarge`]) once the
    /// body exceeds `limit` bytes: how a streaming operation's error response, a JSON
    /// document, is read under the client's size cap.
    pub async fn buffer_limited(&mut self, limit: u64) -> io::Result<()> {
        let announced = self.len();
        let mut whole: Vec<u8> = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            let total = (whole.len() as u64).saturating_add(chunk.len() as u64);
            if total > limit {
                return Err(io::Error::new(
                    io::ErrorKind::FileTooLarge,
                    format!("the body is larger than the limit of {limit} bytes"),
                ));
            }
            if whole.is_empty() {
                whole = chunk;
            } else {
                whole.extend_from_slice(&chunk);
            }
        }
        if let Some(announced) = announced
            && announced != whole.len() as u64
        {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "the body announced {announced} bytes and held {}",
                    whole.len()
                ),
            ));
        }
        *self = ByteStream::new(whole);
        Ok(())
    }
}

impl Stream for ByteStream {
    type Item = io::Result<Vec<u8>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        match &mut this.inner {
            Inner::Memory { chunks, len } => {
                let next = chunks.pop_front();
                if let Some(chunk) = &next {
                    *len = len.saturating_sub(chunk.len() as u64);
                }
                Poll::Ready(next.map(Ok))
            }
            Inner::Pending { chunks, length } => {
                let chunks = chunks.get_mut().unwrap_or_else(PoisonError::into_inner);
                let polled = chunks.as_mut().poll_next(cx);
                match &polled {
                    Poll::Ready(Some(Ok(chunk))) => {
                        *length = length.map(|l| l.saturating_sub(chunk.len() as u64));
                    }
                    // A source that failed or ended is done: it is not polled again.
                    Poll::Ready(Some(Err(_)) | None) => {
                        let failed = matches!(polled, Poll::Ready(Some(Err(_))));
                        this.inner = Inner::Memory {
                            chunks: VecDeque::new(),
                            len: 0,
                        };
                        if !failed {
                            return Poll::Ready(None);
                        }
                    }
                    Poll::Pending => {}
                }
                polled
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.inner {
            Inner::Memory { chunks, .. } => (chunks.len(), Some(chunks.len())),
            Inner::Pending { .. } => (0, None),
        }
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::empty()
    }
}

impl fmt::Debug for ByteStream {
    // The bytes are the caller's data (audio, a function's payload): never shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_struct("ByteStream");
        match &self.inner {
            Inner::Memory { len, .. } => shown.field("in_memory", len),
            Inner::Pending { length, .. } => shown.field("streaming", length),
        };
        shown.finish()
    }
}

impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        match (&self.inner, &other.inner) {
            (Inner::Memory { chunks: a, .. }, Inner::Memory { chunks: b, .. }) => {
                a.iter().flatten().eq(b.iter().flatten())
            }
            _ => false,
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<&[u8]> for ByteStream {
    fn from(bytes: &[u8]) -> Self {
        ByteStream::new(bytes.to_vec())
    }
}

impl From<&str> for ByteStream {
    fn from(text: &str) -> Self {
        ByteStream::new(text.as_bytes().to_vec())
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::new(text.into_bytes())
    }
}

impl From<crate::primitives::Blob> for ByteStream {
    fn from(blob: crate::primitives::Blob) -> Self {
        ByteStream::new(blob.into_inner())
    }
}

#[cfg(feature = "rt-tokio")]
mod reader {
    //! An async reader as a stream of chunks.

    use std::io;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures_core::Stream;
    use tokio::io::{AsyncRead, ReadBuf};

    const CHUNK: usize = 64 * 1024;

    pub(super) struct Reader<R> {
        reader: Pin<Box<R>>,
        done: bool,
    }

    impl<R> Reader<R> {
        pub(super) fn new(reader: R) -> Self {
            Reader {
                reader: Box::pin(reader),
                done: false,
            }
        }
    }

    impl<R: AsyncRead> Stream for Reader<R> {
        type Item = io::Result<Vec<u8>>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            if this.done {
                return Poll::Ready(None);
            }
            let mut chunk = vec![0u8; CHUNK];
            let mut buf = ReadBuf::new(&mut chunk);
            match this.reader.as_mut().poll_read(cx, &mut buf) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Err(e)) => {
                    this.done = true;
                    Poll::Ready(Some(Err(e)))
                }
                Poll::Ready(Ok(())) => {
                    let n = buf.filled().len();
                    if n == 0 {
                        this.done = true;
                        return Poll::Ready(None);
                    }
                    chunk.truncate(n);
                    Poll::Ready(Some(Ok(chunk)))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
