//! Paginators: streams of pages and of items, driven by any async function that sends one
//! request. They work with the crate's client, a user's own transport, or a fake in tests.

use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::protocol::Operation;

/// An operation whose output carries a token for the next page.
pub trait Paginated: Operation
where
    Self::Input: Clone,
{
    /// The token: a string for most services, a map for some (DynamoDB's
    /// `ExclusiveStartKey` / `LastEvaluatedKey`).
    type Token: PageToken;

    /// Sets the token on the next request's input.
    fn set_token(input: &mut Self::Input, token: Option<Self::Token>);

    /// The token for the next page, if the output has one.
    fn next_token(output: &Self::Output) -> Option<&Self::Token>;
}

/// What a pagination token must offer for the stop rules: whether it is empty, and whether
/// it was seen before.
pub trait PageToken: Clone + PartialEq {
    /// An empty token means there is no next page.
    fn is_empty_token(&self) -> bool;
}

impl PageToken for String {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

impl<V: Clone + PartialEq> PageToken for HashMap<String, V> {
    fn is_empty_token(&self) -> bool {
        self.is_empty()
    }
}

/// A paginated operation whose input says how many results a page may hold.
pub trait PageSize: Paginated
where
    Self::Input: Clone,
{
    /// The page-size member's type.
    type Size;

    /// Sets the page size on the input.
    fn set_page_size(input: &mut Self::Input, size: Self::Size);
}

/// A paginated operation whose pages hold a list of items.
pub trait PaginatedItems: Paginated
where
    Self::Input: Clone,
{
    /// One item of a page.
    type Item;

    /// The items of one page.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Walks every page of a paginated operation. Built with the input's `into_paginator()`.
///
/// The streams stop when the service returns no token or an empty one, when it returns a
/// token it returned before (some services do when there is nothing new, which would
/// otherwise loop forever), or after the first error.
pub struct Paginator<Op: Paginated>
where
    Op::Input: Clone,
{
    input: Op::Input,
    _op: PhantomData<fn() -> Op>,
}

// Written out so that the operation marker itself needs neither `Clone` nor `Debug`.
impl<Op: Paginated> Clone for Paginator<Op>
where
    Op::Input: Clone,
{
    fn clone(&self) -> Self {
        Paginator {
            input: self.input.clone(),
            _op: PhantomData,
        }
    }
}

impl<Op: Paginated> std::fmt::Debug for Paginator<Op>
where
    Op::Input: Clone + std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("input", &self.input)
            .finish()
    }
}

impl<Op: Paginated> Paginator<Op>
where
    Op::Input: Clone,
{
    /// Starts at the page the input's token points to (the first page when it has none).
    pub fn new(input: Op::Input) -> Self {
        Paginator {
            input,
            _op: PhantomData,
        }
    }

    /// Asks for at most `size` results per page (operations with a page-size member).
    pub fn page_size(mut self, size: Op::Size) -> Self
    where
        Op: PageSize,
    {
        Op::set_page_size(&mut self.input, size);
        self
    }

    /// A stream of pages. `send` sends one request and returns its output.
    pub fn pages<F, Fut, E>(self, send: F) -> Pages<Op, F, Fut>
    where
        F: FnMut(Op::Input) -> Fut,
        Fut: Future<Output = Result<Op::Output, E>>,
    {
        Pages {
            send,
            next: Some(self.input),
            in_flight: None,
            seen: Vec::new(),
        }
    }

    /// A stream of the items of every page, in order.
    pub fn items<F, Fut, E>(self, send: F) -> Items<Op, F, Fut>
    where
        Op: PaginatedItems,
        F: FnMut(Op::Input) -> Fut,
        Fut: Future<Output = Result<Op::Output, E>>,
    {
        Items {
            pages: self.pages(send),
            buffer: Vec::new().into_iter(),
        }
    }
}

/// The stream returned by [`Paginator::pages`].
pub struct Pages<Op: Paginated, F, Fut>
where
    Op::Input: Clone,
{
    send: F,
    /// The input of the next request; `None` once the last page has been requested.
    next: Option<Op::Input>,
    in_flight: Option<(Pin<Box<Fut>>, Op::Input)>,
    /// Every token sent so far. Tokens need only `PartialEq` (map tokens hold values that
    /// cannot be hashed), and a walk of n pages compares n²/2 times: negligible beside the n
    /// requests it makes.
    seen: Vec<Op::Token>,
}

// The future is boxed and nothing else is ever pinned in place, so moving a `Pages` is fine
// whatever `F` and the input are.
impl<Op: Paginated, F, Fut> Unpin for Pages<Op, F, Fut> where Op::Input: Clone {}

impl<Op, F, Fut, E> Stream for Pages<Op, F, Fut>
where
    Op: Paginated,
    Op::Input: Clone,
    F: FnMut(Op::Input) -> Fut,
    Fut: Future<Output = Result<Op::Output, E>>,
{
    type Item = Result<Op::Output, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.in_flight.is_none() {
            let Some(input) = this.next.take() else {
                return Poll::Ready(None);
            };
            let future = (this.send)(input.clone());
            this.in_flight = Some((Box::pin(future), input));
        }
        let Some((future, _)) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match future.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        let Some((_, mut input)) = this.in_flight.take() else {
            return Poll::Ready(None);
        };
        match result {
            Ok(output) => {
                if let Some(token) = Op::next_token(&output).filter(|t| !t.is_empty_token())
                    && !this.seen.contains(token)
                {
                    this.seen.push(token.clone());
                    Op::set_token(&mut input, Some(token.clone()));
                    this.next = Some(input);
                }
                Poll::Ready(Some(Ok(output)))
            }
            Err(error) => Poll::Ready(Some(Err(error))),
        }
    }
}

/// The stream returned by [`Paginator::items`].
pub struct Items<Op: PaginatedItems, F, Fut>
where
    Op::Input: Clone,
{
    pages: Pages<Op, F, Fut>,
    buffer: std::vec::IntoIter<Op::Item>,
}

impl<Op: PaginatedItems, F, Fut> Unpin for Items<Op, F, Fut> where Op::Input: Clone {}

impl<Op, F, Fut, E> Stream for Items<Op, F, Fut>
where
    Op: PaginatedItems,
    Op::Input: Clone,
    F: FnMut(Op::Input) -> Fut,
    Fut: Future<Output = Result<Op::Output, E>>,
{
    type Item = Result<Op::Item, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.buffer = Op::into_items(page).into_iter(),
            }
        }
    }
}
