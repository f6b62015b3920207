//! Emits `client.rs`: the `Client` type and the facts about the API that the runtime needs.

use super::Emitter;
use super::docs;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits the client struct, its builder entry point and `API_INFO`.
pub fn emit(emitter: &Emitter<'_>) -> TokenStream {
    let rt = &emitter.rt;
    let module_doc = docs::module_doc("The client and the facts about the API that its runtime needs.");
    let api_info = api_info(emitter);
    let client_doc = docs::markdown_doc_attrs(&format!(
        "Client for the {}.\n\nBuild one with [`Client::builder`]. Cloning is cheap: clones share \
         the connection pool and the token.",
        docs::escape_markdown(&emitter.api.title)
    ));
    quote! {
        #module_doc

        #api_info

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            core: #rt::Core,
        }

        impl Client {
            /// Starts configuring a client that uses the spec's default server.
            pub fn builder() -> #rt::ClientBuilder<Self> {
                #rt::ClientBuilder::new(&API_INFO)
            }

            /// The transport state that the operations use.
            pub fn core(&self) -> &#rt::Core {
                &self.core
            }

            /// Returns a client that shares this one's connections and token but retries
            /// failed attempts according to `retry`.
            pub fn with_retry(&self, retry: #rt::RetryConfig) -> Self {
                Self {
                    core: self.core.with_retry(retry),
                }
            }
        }

        impl #rt::FromCore for Client {
            fn from_core(core: #rt::Core) -> Self {
                Self { core }
            }
        }
    }
}

fn api_info(emitter: &Emitter<'_>) -> TokenStream {
    let rt = &emitter.rt;
    let api = emitter.api;
    let title = &api.title;
    let default_base_url = &api.default_base_url;
    let client_parameters = &api.client_parameters;
    let auth_header = match &api.auth_header {
        Some(header) => quote! { ::std::option::Option::Some(#header) },
        None => quote! { ::std::option::Option::None },
    };
    let (classify, classify_fn) = match api.result_codes {
        Some(_) => (quote! { super::result_codes::equivalent_http_status }, None),
        None => (
            quote! { equivalent_http_status },
            Some(quote! {
                /// This API has no result-code table, so no code maps to an HTTP status.
                fn equivalent_http_status(_code: i64) -> ::std::option::Option<u16> {
                    ::std::option::Option::None
                }
            }),
        ),
    };
    quote! {
        /// Facts about the API taken from its spec.
        static API_INFO: #rt::ApiInfo = #rt::ApiInfo {
            title: #title,
            default_base_url: #default_base_url,
            client_parameters: &[#(#client_parameters),*],
            auth_header: #auth_header,
            classify_result: #classify,
        };

        #classify_fn
    }
}
