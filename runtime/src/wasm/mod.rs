//! What the runtime needs from the browser on `wasm32-unknown-unknown`, where the standard
//! library has no clock, no timer and no network: the time (`Date.now()`), random numbers
//! (`Math.random()`), a timer for backoff ([`JsSleep`], over `setTimeout`) and, with feature
//! `fetch`, a transport over the browser's `fetch` ([`FetchTransport`]).
//!
//! JavaScript objects and the futures of their promises are not `Send`, while the runtime's
//! traits ask for `Send` futures (natively a client's calls may move between threads). They
//! are wrapped in [`SingleThreaded`], which is `Send` because this target has one thread; see
//! its documentation for why that is sound and where it stops being.

#[cfg(target_feature = "atomics")]
compile_error!(
    "aws-light-runtime's browser support assumes one thread: wasm32-unknown-unknown with the \
     `atomics` target feature (shared-memory threads) is not supported"
);

#[cfg(feature = "fetch")]
mod fetch;

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use wasm_bindgen::JsValue;

#[cfg(feature = "fetch")]
pub use fetch::FetchTransport;

use crate::transport::Sleep;

// The global functions, as both a page and a worker have them (web-sys binds them on
// `Window` and `WorkerGlobalScope` separately). `catch`: a missing or throwing function is an
// `Err`, not a trap. wasm-bindgen's glue for them is `unsafe`, allowed in this module alone.
#[allow(unsafe_code)]
mod global {
    use wasm_bindgen::JsValue;
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = setTimeout)]
        pub(super) fn set_timeout(handler: &JsValue, millis: i32) -> Result<JsValue, JsValue>;

        #[wasm_bindgen(catch, js_name = clearTimeout)]
        pub(super) fn clear_timeout(handle: &JsValue) -> Result<(), JsValue>;
    }
}

/// Calls `handler` after `duration` (rounded up to a millisecond, at most `i32::MAX` of them,
/// about 24 days); the handle clears it.
pub(crate) fn set_timeout(handler: &JsValue, duration: Duration) -> Result<JsValue, JsValue> {
    let millis = duration.as_micros().div_ceil(1000);
    global::set_timeout(handler, i32::try_from(millis).unwrap_or(i32::MAX))
}

/// Cancels a timer of [`set_timeout`]; one that has fired already is left alone.
pub(crate) fn clear_timeout(handle: &JsValue) {
    let _ = global::clear_timeout(handle);
}

/// The wall-clock time from `Date.now()`; the epoch if that is not a usable number.
pub(crate) fn now() -> SystemTime {
    let millis = js_sys::Date::now();
    if !(millis.is_finite() && millis >= 0.0) {
        return UNIX_EPOCH;
    }
    // `as` saturates; a finite, non-negative f64 of milliseconds fits u64 for any real date.
    UNIX_EPOCH
        .checked_add(Duration::from_millis(millis as u64))
        .unwrap_or(UNIX_EPOCH)
}

/// 64 random bits from two draws of `Math.random()`, 32 bits each (a draw has 52 or 53).
pub(crate) fn random_u64() -> u64 {
    let draw = || (js_sys::Math::random() * 4_294_967_296.0) as u64 & 0xffff_ffff;
    (draw() << 32) | draw()
}

/// A future that is `Send` on a target with one thread.
///
/// Sound because this module is compiled only for `wasm32-unknown-unknown` without the
/// `atomics` target feature (the `compile_error!` above refuses it otherwise). There a
/// program has exactly one thread: `std::thread::spawn` fails, and a Web Worker runs its own
/// instance of the module in its own memory, so a value can never be reached, polled or
/// dropped from a second thread. `Send` promises what such a move would need, and no move
/// can happen. With `atomics` (shared-memory threads) the promise would be false, hence
/// the refusal rather than a weaker check.
///
/// The alternative, making the runtime's futures `Send` only off wasm, would change the
/// traits (`Transport`, `Sleep`, `ProvideCredentials`) and the client's futures per target,
/// and break the programs that need a `Send` future in the browser too (a framework's
/// resource type that requires one).
pub(crate) struct SingleThreaded<'a, T>(Pin<Box<dyn Future<Output = T> + 'a>>);

impl<'a, T> SingleThreaded<'a, T> {
    pub(crate) fn new(future: impl Future<Output = T> + 'a) -> Self {
        SingleThreaded(Box::pin(future))
    }
}

// SAFETY: see the type's documentation: this target has one thread, so the value cannot be
// used from another.
#[allow(unsafe_code)]
unsafe impl<T> Send for SingleThreaded<'_, T> {}

impl<T> Future for SingleThreaded<'_, T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        self.0.as_mut().poll(cx)
    }
}

/// Waits on the browser's timer (`setTimeout`): the default [`Sleep`] on
/// `wasm32-unknown-unknown`, for backoff between retries and the credential providers'
/// timeouts. Works in a page and in a worker.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsSleep;

impl Sleep for JsSleep {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        let promise = js_sys::Promise::new(&mut |resolve, _reject| {
            // Without a timer there is nothing to wait on: resolve at once rather than never.
            if set_timeout(&resolve, duration).is_err() {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        });
        // A sleep dropped early leaves its timer to resolve a promise nobody awaits: harmless.
        Box::pin(SingleThreaded::new(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }))
    }
}
