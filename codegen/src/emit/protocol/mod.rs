//! Protocol-specific emit behind one interface. Everything that depends on how a service
//! speaks on the wire (how an input becomes a request, how a response or an error response is
//! read, what the shapes' codecs are, the crate's `protocol` module) comes from the service's
//! [`ProtocolEmitter`], chosen once from the IR's [`Protocol`]. The shape and operation
//! emitters around it stay protocol-free.
//!
//! Adding a protocol is adding a file here and one arm to [`emitter`]; no other protocol's
//! emitter changes. smithy-rs is organised the same way (one `Protocol` implementation per
//! protocol, chosen from the service's trait).

mod aws_json;
pub(crate) mod json;
mod rest_json;

use proc_macro2::{Ident, TokenStream};

use crate::ir::{Crate, Enum, ErrorRef, Operation, Protocol, Structure, Union};

/// What one wire protocol contributes to a generated crate.
pub(crate) trait ProtocolEmitter {
    /// The variant of the runtime's `protocol::Protocol` the client core sends with
    /// (`AwsJson1_0`).
    fn runtime_variant(&self, krate: &Crate) -> Ident;

    /// `src/protocol.rs`: the runtime's protocol rules with this service's constants.
    fn protocol_rs(&self, krate: &Crate) -> TokenStream;

    /// How the operation's requests are addressed, for the docs of its marker type (the text
    /// after "implements `Operation`").
    fn request_summary(&self, op: &Operation) -> String;

    /// The items of the operation's `Operation` impl that turn an input into a request body
    /// and a response back into an output or an error.
    fn operation_items(&self, op: &Operation) -> TokenStream;

    /// The error enum's `from_response` constructor, with its docs.
    fn error_from_response(&self, op: &Operation) -> TokenStream;

    /// The wire codec of a structure (what its `serialize`/`deserialize` flags ask for).
    fn structure_codec(&self, s: &Structure) -> TokenStream;

    /// The wire codec of a union.
    fn union_codec(&self, u: &Union) -> TokenStream;

    /// The wire codec of an enumeration.
    fn enum_codec(&self, e: &Enum) -> TokenStream;

    /// A statement queueing a successful, empty response on the doc examples' in-memory
    /// `transport`.
    fn example_ok_response(&self) -> TokenStream;

    /// A statement queueing an error response for `error` on the doc examples' `transport`.
    fn example_error_response(&self, error: &ErrorRef) -> TokenStream;
}

/// The emitter of a protocol.
pub(crate) fn emitter(protocol: Protocol) -> &'static dyn ProtocolEmitter {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => &aws_json::AwsJson,
        Protocol::RestJson1 => &rest_json::RestJson,
    }
}
