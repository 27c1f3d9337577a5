//! A web page, in Rust compiled to wasm with no JavaScript framework, that signs a user in to
//! a Cognito user pool with SRP (`cognito-auth`), remembers the browser as a device when the
//! pool offers one, and lists the user's devices (the generated client over the browser's
//! `fetch`). `static/index.html` and `static/index.js` load the `wasm-bindgen --target web`
//! output from `pkg/`.
//!
//! The page reads `endpoint`, `pool`, `client`, `user` and `password` from its URL's query and
//! writes the outcome into `#status` (`data-state` `done` or `error`, with the error's
//! `Display`; never a token), then times the SRP client math of one sign-in into `#srp-ms`.
//! `tests/chromium.rs` drives it in headless Chromium against the emulator.
//!
//! Everything here is compiled for `wasm32` only: natively the library is empty, so that the
//! workspace's host builds (`cargo clippy --workspace --all-targets`, `cargo doc`) stay
//! trivial, while the test, a native program, builds the page with a nested cargo.
#![deny(missing_docs)]

#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod timing;
