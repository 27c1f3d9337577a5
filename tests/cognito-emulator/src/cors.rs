//! CORS for a browser page on another origin: **our code** in front of fakecloud, which sends
//! no `Access-Control-*` headers and answers `OPTIONS /` with `400 UnknownService`.
//! Switched on by [`EmulatorBuilder::cors`](crate::EmulatorBuilder::cors) (and
//! [`Emulator::start_with_devices`](crate::Emulator::start_with_devices)).
//!
//! - A preflight (`OPTIONS`, any path) is answered here, `204 No Content`, with
//!   `Access-Control-Allow-Origin` (the request's `Origin`, or `*` without one),
//!   `Access-Control-Allow-Methods: POST`, `Access-Control-Allow-Headers` (the headers the
//!   browser asks for in `Access-Control-Request-Headers`, or the ones an AWS SDK sends when
//!   it asks for none) and `Access-Control-Max-Age`.
//! - Every other answer gets `Access-Control-Allow-Origin` and `Access-Control-Expose-Headers`
//!   naming the headers a client reads from an answer: `x-amzn-requestid`,
//!   `x-amzn-errortype`, `x-amzn-errormessage` and `date` (AWS's names), plus
//!   `x-amz-request-id`, `x-amz-error-code` and `x-amz-error-message` (fakecloud's).
//!
//! The origin is echoed rather than `*` so the answer stays valid if a page sends
//! credentials; `Vary: Origin` says so to caches. No credentials header is sent.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;

/// Headers a browser may read from an answer.
pub const EXPOSED_HEADERS: &str = "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date, x-amz-request-id, x-amz-error-code, x-amz-error-message";

/// Request headers allowed when a preflight names none: what AWS SDKs send.
pub const DEFAULT_ALLOWED_HEADERS: &str = "content-type, x-amz-target, x-amz-user-agent, x-amz-date, x-amz-security-token, authorization, amz-sdk-invocation-id, amz-sdk-request, cache-control";

/// How long a browser may cache a preflight answer, in seconds.
pub const MAX_AGE_SECONDS: u32 = 600;

pub(crate) async fn middleware(request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .cloned()
        .unwrap_or(HeaderValue::from_static("*"));
    if request.method() == Method::OPTIONS {
        return preflight(origin, request.headers());
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static(EXPOSED_HEADERS),
    );
    headers.append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

fn preflight(origin: HeaderValue, request: &HeaderMap) -> Response {
    let allowed_headers = request
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .cloned()
        .unwrap_or(HeaderValue::from_static(DEFAULT_ALLOWED_HEADERS));
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST"),
    );
    headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, allowed_headers);
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from(MAX_AGE_SECONDS),
    );
    headers.insert(
        header::VARY,
        HeaderValue::from_static("Origin, Access-Control-Request-Headers"),
    );
    response
}
