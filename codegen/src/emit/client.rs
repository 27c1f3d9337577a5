//! The crate's `client` module: the service's own `Client` around the runtime's client core,
//! beside re-exports of the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc_attrs;
use crate::ir::Crate;

/// The inherent methods [`client_rs`] gives `Client`. Operation methods are named around
/// them (see `ir/names.rs`); a test below keeps the list and the code in step.
pub(crate) const METHODS: &[&str] = &["as_core", "builder", "config", "endpoint", "from_config"];

/// `src/client.rs`.
pub(crate) fn client_rs(krate: &Crate) -> TokenStream {
    let title = &krate.service.title;
    let doc = doc_attrs(&format!(
        "A client of {title}. Cheap to clone: clones share configuration and connections.\n\n\
         Each operation has a method returning a fluent builder, whose `send()` exists once \
         every required member is set. Build one with [`Client::builder`], or from a \
         [`Config`] shared with other services' clients with [`Client::from_config`]."
    ));
    let example = super::examples::client_example(krate)
        .map(|text| doc_attrs(&format!("\n{text}")))
        .unwrap_or_default();
    quote! {
        #![doc = " The service's client, and the runtime's client types it is built from."]

        pub use ::aws_light_runtime::client::{
            ClientPaginator, Config, ConfigBuilder, ConfigError, CoreClient, Credentials,
            EndpointError, FromConfig, RetryConfig, RetryMode, SdkError, SendFuture, ServiceInfo,
        };

        /// Configures a [`Client`]: `Client::builder().region("..").build()`.
        pub type ClientBuilder = ConfigBuilder<Client>;

        #doc
        #example
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) core: CoreClient,
        }

        impl Client {
            /// A builder: set a region or an endpoint URL, then `build()`.
            pub fn builder() -> ClientBuilder {
                ConfigBuilder::new()
            }

            /// A client of this service under shared settings.
            pub fn from_config(config: &Config) -> ::std::result::Result<Self, ConfigError> {
                <Self as FromConfig>::from_config(config)
            }

            /// The endpoint requests go to.
            pub fn endpoint(&self) -> &str {
                self.core.endpoint()
            }

            /// The settings this client was built from.
            pub fn config(&self) -> &Config {
                self.core.config()
            }

            /// The runtime's client core, which sends any operation of this crate:
            /// `client.as_core().send::<Op>(input)`.
            pub fn as_core(&self) -> &CoreClient {
                &self.core
            }
        }

        impl FromConfig for Client {
            fn from_config(config: &Config) -> ::std::result::Result<Self, ConfigError> {
                ::std::result::Result::Ok(Client {
                    core: CoreClient::new(config, &crate::SERVICE)?,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn methods_lists_what_the_client_defines() {
        let model = crate::model::load_strs(&[(
            "t",
            r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "service", "version": "1",
                "traits": {"aws.protocols#awsJson1_1": {}, "aws.api#service": {"sdkId": "S", "endpointPrefix": "s"}}}}}"#,
        )])
        .expect("model");
        let krate = crate::build_ir(&model, &crate::Selection::default()).expect("ir");
        let file = syn::parse2::<syn::File>(super::client_rs(&krate)).expect("parses");
        let mut defined = Vec::new();
        for item in file.items {
            if let syn::Item::Impl(imp) = item
                && imp.trait_.is_none()
            {
                for item in imp.items {
                    if let syn::ImplItem::Fn(f) = item {
                        defined.push(f.sig.ident.to_string());
                    }
                }
            }
        }
        defined.sort();
        assert_eq!(defined, super::METHODS);
    }
}
