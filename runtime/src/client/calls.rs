//! What a fluent builder hands back: the future of one call, and a paginator bound to a
//! client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::pagination::{PageSize, Paginated, PaginatedItems, Paginator};
use crate::protocol::Operation;

use super::{CoreClient, SdkError};

/// The future a fluent builder's `send()` returns: `.await` it for the operation's output or
/// its [`SdkError`].
// A named type rather than `send()` returning `impl Future`: an opaque type carries the
// builder's type-state and `send`'s bounds, so a forgotten required member was reported at
// `send`, again at the expression and again at `.await`. This type does not depend on the
// type-state, so the bound is checked once, at the call.
#[must_use = "the request is sent only when the future is awaited"]
pub struct SendFuture<Op: Operation> {
    inner: Pin<Box<dyn Future<Output = SendResult<Op>> + Send>>,
}

/// What sending `Op` gives.
type SendResult<Op> = Result<<Op as Operation>::Output, SdkError<<Op as Operation>::Error>>;

impl<Op> SendFuture<Op>
where
    Op: Operation + 'static,
    Op::Input: Send + Sync + 'static,
    Op::Output: Send + 'static,
    Op::Error: Send,
{
    /// Sends `input` through `client` when awaited (generated fluent builders call this).
    pub fn new(client: CoreClient, input: Op::Input) -> Self {
        SendFuture {
            inner: Box::pin(async move { client.send::<Op>(input).await }),
        }
    }
}

impl<Op: Operation> Future for SendFuture<Op> {
    type Output = SendResult<Op>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<Op: Operation> fmt::Debug for SendFuture<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("operation", &Op::NAME)
            .finish_non_exhaustive()
    }
}

/// A paginator bound to a client: [`pages`](Self::pages) and [`items`](Self::items) are
/// streams that send through it.
pub struct ClientPaginator<Op: Paginated>
where
    Op::Input: Clone,
{
    client: CoreClient,
    paginator: Paginator<Op>,
}

impl<Op: Paginated> fmt::Debug for ClientPaginator<Op>
where
    Op::Input: Clone + fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientPaginator")
            .field("client", &self.client)
            .field("paginator", &self.paginator)
            .finish()
    }
}

impl<Op: Paginated> ClientPaginator<Op>
where
    Op::Input: Clone,
{
    /// Walks the pages of `input` through `client` (generated fluent builders call this).
    pub fn new(client: CoreClient, input: Op::Input) -> Self {
        ClientPaginator {
            client,
            paginator: Paginator::new(input),
        }
    }

    /// Asks for at most `size` results per page (operations with a page-size member).
    pub fn page_size(mut self, size: Op::Size) -> Self
    where
        Op: PageSize,
    {
        self.paginator = self.paginator.page_size(size);
        self
    }

    /// Every page, as a stream; it stops after the first error.
    pub fn pages(
        self,
    ) -> impl futures_core::Stream<Item = Result<Op::Output, SdkError<Op::Error>>> {
        let client = self.client;
        self.paginator.pages(move |input| {
            let client = client.clone();
            async move { client.send::<Op>(input).await }
        })
    }

    /// Every item of every page, as a stream; it stops after the first error.
    pub fn items(self) -> impl futures_core::Stream<Item = Result<Op::Item, SdkError<Op::Error>>>
    where
        Op: PaginatedItems,
    {
        let client = self.client;
        self.paginator.items(move |input| {
            let client = client.clone();
            async move { client.send::<Op>(input).await }
        })
    }
}
