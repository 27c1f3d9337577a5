//! The browser's `fetch` as a [`Transport`] (feature `fetch`).

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{SingleThreaded, clear_timeout, set_timeout};
use crate::transport::{
    HttpResponse, Transport, TransportError, TransportErrorKind, TransportFuture, TransportRequest,
    secret_values,
};

// The global `fetch`, as both a page and a worker have it; wasm-bindgen's glue is `unsafe`,
// allowed in this module alone.
#[allow(unsafe_code)]
mod global {
    use wasm_bindgen::JsValue;
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(catch, js_name = fetch)]
        pub(super) fn fetch(request: &web_sys::Request) -> Result<js_sys::Promise, JsValue>;
    }
}

/// Sends requests with the browser's `fetch` (feature `fetch`, `wasm32-unknown-unknown`
/// only): the default transport there. Works in a page and in a worker.
///
/// What the browser decides is out of its hands: the connection, TLS, HTTP version, and
/// CORS. Only the headers the service exposes to scripts are seen in responses, so the
/// clock-skew correction, which reads `Date`, works only where the service lists `Date` in
/// `Access-Control-Expose-Headers`. The browser also sets `Host`, `Content-Length` and,
/// as it likes, `User-Agent` itself.
///
/// The timeout covers the whole exchange, body included, through an `AbortController`; a
/// call dropped before its end aborts its request. The connect timeout of the configuration
/// does not apply (fetch has none of its own). A response larger than the size cap is refused
/// from its `Content-Length` when it has one, else once read, before it is copied out of
/// JavaScript.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport {
    timeout: Option<Duration>,
}

impl FetchTransport {
    /// A transport whose exchanges are aborted after `timeout` (`None`: no limit).
    pub fn new(timeout: Option<Duration>) -> Self {
        FetchTransport { timeout }
    }
}

impl Transport for FetchTransport {
    fn send(&self, request: TransportRequest, max_body: usize) -> TransportFuture<'_> {
        let timeout = self.timeout;
        Box::pin(SingleThreaded::new(async move {
            // The browser's messages should not quote credentials; should one, it is cut out.
            let secrets = secret_values(&request.headers);
            exchange(request, max_body, timeout)
                .await
                .map_err(|e| e.without(&secrets))
        }))
    }
}

/// Aborts the exchange after its time, and when it is dropped (done, failed or abandoned:
/// aborting a finished fetch does nothing).
struct Deadline {
    controller: web_sys::AbortController,
    timer: Option<JsValue>,
}

impl Deadline {
    fn start(limit: Option<Duration>) -> Result<Self, TransportError> {
        let controller = web_sys::AbortController::new()
            .map_err(|e| failure(TransportErrorKind::Other, "no AbortController", &e))?;
        let timer = match limit {
            None => None,
            Some(limit) => {
                // `controller.abort` bound to it: a JavaScript function, so no Rust closure
                // is kept alive (or leaked) for the timer.
                let abort = js_sys::Reflect::get(&controller, &JsValue::from_str("abort"))
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                    .ok_or_else(|| {
                        TransportError::new(
                            TransportErrorKind::Other,
                            "AbortController has no abort",
                        )
                    })?
                    .bind0(&controller);
                let handle = set_timeout(&abort, limit).map_err(|e| {
                    failure(TransportErrorKind::Other, "no timer for the timeout", &e)
                })?;
                Some(handle)
            }
        };
        Ok(Deadline { controller, timer })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            clear_timeout(timer);
        }
        self.controller.abort();
    }
}

async fn exchange(
    request: TransportRequest,
    max_body: usize,
    timeout: Option<Duration>,
) -> Result<HttpResponse, TransportError> {
    use TransportErrorKind::{Io, Other};
    let headers =
        web_sys::Headers::new().map_err(|e| failure(Other, "cannot make the headers", &e))?;
    for (name, value) in &request.headers {
        // The browser's message may quote the value, and values hold credentials: name only.
        headers.append(name, value).map_err(|_| {
            TransportError::new(Other, format!("the browser refused the header `{name}`"))
        })?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(request.method);
    init.set_headers(&headers);
    // A GET (the metadata endpoints) may not have a body at all, not even an empty one.
    if !request.body.is_empty() {
        init.set_body(&js_sys::Uint8Array::from(request.body.as_slice()));
    }
    let deadline = Deadline::start(timeout)?;
    init.set_signal(Some(&deadline.controller.signal()));
    let fetch_request = web_sys::Request::new_with_str_and_init(&request.url, &init)
        .map_err(|e| failure(Other, "invalid request", &e))?;
    drop(request);

    let timed_out = |kind| match (kind, timeout) {
        (TransportErrorKind::Timeout, Some(limit)) => Some(TransportError::new(
            TransportErrorKind::Timeout,
            format!("no complete response within {limit:?}"),
        )),
        _ => None,
    };
    let promise =
        global::fetch(&fetch_request).map_err(|e| failure(Other, "fetch is missing", &e))?;
    let response = JsFuture::from(promise).await.map_err(|e| {
        let kind = kind_of(&e, TransportErrorKind::Connect);
        timed_out(kind).unwrap_or_else(|| failure(kind, "fetch failed", &e))
    })?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| {
        TransportError::new(Other, "fetch resolved to something else than a Response")
    })?;
    let status = response.status();
    let response_headers = read_headers(&response.headers());
    let declared = response_headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<u64>().ok());
    if let Some(length) = declared
        && usize::try_from(length)
            .ok()
            .is_none_or(|length| length > max_body)
    {
        return Err(too_large(max_body));
    }
    let body_promise = response
        .array_buffer()
        .map_err(|e| failure(Io, "cannot read the body", &e))?;
    let buffer = JsFuture::from(body_promise).await.map_err(|e| {
        let kind = kind_of(&e, Io);
        timed_out(kind).unwrap_or_else(|| failure(kind, "reading the body failed", &e))
    })?;
    let bytes = js_sys::Uint8Array::new(&buffer);
    if usize::try_from(bytes.length())
        .ok()
        .is_none_or(|length| length > max_body)
    {
        return Err(too_large(max_body));
    }
    drop(deadline);
    Ok(HttpResponse {
        status,
        headers: response_headers,
        body: bytes.to_vec(),
    })
}

fn too_large(max_body: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        format!("more than the limit of {max_body} bytes"),
    )
}

/// The response's headers, as the browser exposes them (lower-case names).
fn read_headers(headers: &web_sys::Headers) -> Vec<(String, String)> {
    let Ok(Some(entries)) = js_sys::try_iter(headers) else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let pair = entry.ok()?.dyn_into::<js_sys::Array>().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// The kind of a rejection: an abort is the deadline's (nothing else aborts), a `TypeError`
/// is a network failure, of kind `network` (for fetch itself: refused, unreachable, DNS,
/// CORS, which the browser does not tell apart), anything else is not retried.
fn kind_of(error: &JsValue, network: TransportErrorKind) -> TransportErrorKind {
    match text(error, "name").as_deref() {
        Some("AbortError" | "TimeoutError") => TransportErrorKind::Timeout,
        Some("TypeError") => network,
        _ => TransportErrorKind::Other,
    }
}

/// A transport error saying `what`, with the JavaScript error's name and message.
fn failure(kind: TransportErrorKind, what: &str, error: &JsValue) -> TransportError {
    let name = text(error, "name");
    let message = text(error, "message").or_else(|| error.as_string());
    let detail = match (name, message) {
        (Some(name), Some(message)) if !message.is_empty() => format!("{name}: {message}"),
        (Some(name), _) => name,
        (None, Some(message)) => message,
        (None, None) => "no error message".to_string(),
    };
    TransportError::new(kind, format!("{what}: {detail}"))
}

/// A string property of a JavaScript value, if it has one.
fn text(value: &JsValue, key: &str) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    js_sys::Reflect::get(value, &JsValue::from_str(key))
        .ok()?
        .as_string()
}
