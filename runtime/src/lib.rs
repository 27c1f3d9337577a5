//! The runtime every generated client crate depends on: what is not specific to one service.
#![deny(missing_docs)]

pub mod endpoint;
