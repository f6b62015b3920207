//! Emits `result_codes.rs`: the result-code table as an enum that classifies any code.

use super::Emitter;
use super::docs;
use crate::model::{NamedResultCode, ResultCodes, ServicePrefix};
use crate::names;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Emits `ResultCode`, `ResultService` and the classifier the runtime calls.
pub fn emit(emitter: &Emitter<'_>) -> TokenStream {
    let Some(codes) = &emitter.api.result_codes else {
        return TokenStream::new();
    };
    let doc = docs::module_doc(
        "Result codes of the response header, classified by the spec's result-code table.",
    );
    let result_code = result_code_enum(codes);
    let service = service_enum(codes);
    quote! {
        #doc

        #result_code

        #service

        /// The HTTP status that a result code corresponds to, for the runtime's error
        /// classification.
        pub(crate) fn equivalent_http_status(code: i64) -> ::std::option::Option<u16> {
            ResultCode::from_code(code).http_status()
        }
    }
}

fn result_code_enum(codes: &ResultCodes) -> TokenStream {
    let variants = codes.codes.iter().map(|code| {
        let name = names::ident(&code.name);
        let text = match &code.description {
            Some(description) => format!("`{}`: {}", code.code, description.trim_end()),
            None => format!("`{}`.", code.code),
        };
        let doc = docs::doc_attrs(&text);
        quote! {
            #doc
            #name
        }
    });
    let from_code = codes.codes.iter().map(|code| {
        let name = names::ident(&code.name);
        let value = Literal::i64_unsuffixed(code.code);
        quote! { #value => Self::#name, }
    });
    let to_code = codes.codes.iter().map(|code| {
        let name = names::ident(&code.name);
        let value = Literal::i64_unsuffixed(code.code);
        quote! { Self::#name => #value, }
    });
    let statuses = codes.codes.iter().map(status_arm);
    let mut text = "A result code, classified.\n\nCodes with a fixed meaning have their own variant. \
                    A service code is\n`prefix * 1000 + HTTP status`"
        .to_owned();
    match codes.services.first() {
        Some(service) => text.push_str(&format!(
            ", such as {} for HTTP 404 from `{}`.",
            service.prefix.saturating_mul(1000).saturating_add(404),
            service.name
        )),
        None => text.push('.'),
    }
    let doc = docs::markdown_doc_attrs(&text);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ResultCode {
            #(#variants,)*
            /// A code of one service that embeds an HTTP status.
            Service {
                /// The service that returned the code.
                service: ResultService,
                /// The HTTP status inside the code.
                http_status: u16,
            },
            /// A code that the table does not describe.
            Other(i64),
        }

        impl ResultCode {
            /// Classifies a `resultCode` value.
            pub fn from_code(code: i64) -> Self {
                match code {
                    #(#from_code)*
                    _ => Self::service_code(code).unwrap_or(Self::Other(code)),
                }
            }

            fn service_code(code: i64) -> ::std::option::Option<Self> {
                let service = ResultService::from_prefix(code.div_euclid(1000))?;
                let http_status = u16::try_from(code.rem_euclid(1000)).ok()?;
                if !(100..600).contains(&http_status) {
                    return ::std::option::Option::None;
                }
                ::std::option::Option::Some(Self::Service { service, http_status })
            }

            /// The numeric code.
            pub fn code(self) -> i64 {
                match self {
                    #(#to_code)*
                    Self::Service { service, http_status } => service.prefix() * 1000 + i64::from(http_status),
                    Self::Other(code) => code,
                }
            }

            /// The HTTP status that the code corresponds to, when the table gives one.
            pub fn http_status(self) -> ::std::option::Option<u16> {
                match self {
                    #(#statuses)*
                    Self::Service { http_status, .. } => ::std::option::Option::Some(http_status),
                    Self::Other(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for ResultCode {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(formatter, "{}", self.code())
            }
        }
    }
}

fn status_arm(code: &NamedResultCode) -> TokenStream {
    let name = names::ident(&code.name);
    match code.http_status {
        Some(status) => quote! { Self::#name => ::std::option::Option::Some(#status), },
        None => quote! { Self::#name => ::std::option::Option::None, },
    }
}

fn service_enum(codes: &ResultCodes) -> TokenStream {
    let variants = codes.services.iter().map(|service| {
        let name = names::ident(&service.name);
        let text = service
            .description
            .clone()
            .unwrap_or_else(|| format!("Codes with prefix {}.", service.prefix));
        let doc = docs::doc_attrs(&text);
        quote! {
            #doc
            #name
        }
    });
    let from_prefix = codes.services.iter().map(|service| {
        let name = names::ident(&service.name);
        let prefix = prefix_literal(service);
        quote! { #prefix => ::std::option::Option::Some(Self::#name), }
    });
    let to_prefix = codes.services.iter().map(|service| {
        let name = names::ident(&service.name);
        let prefix = prefix_literal(service);
        quote! { Self::#name => #prefix, }
    });
    let body = if codes.services.is_empty() {
        quote! {
            /// The service's code prefix.
            pub fn prefix(self) -> i64 {
                match self {}
            }

            fn from_prefix(_prefix: i64) -> ::std::option::Option<Self> {
                ::std::option::Option::None
            }
        }
    } else {
        quote! {
            /// The service's code prefix: its codes are `prefix * 1000 + HTTP status`.
            pub fn prefix(self) -> i64 {
                match self {
                    #(#to_prefix)*
                }
            }

            fn from_prefix(prefix: i64) -> ::std::option::Option<Self> {
                match prefix {
                    #(#from_prefix)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    };
    quote! {
        /// A service whose result codes embed an HTTP status.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ResultService {
            #(#variants,)*
        }

        impl ResultService {
            #body
        }
    }
}

fn prefix_literal(service: &ServicePrefix) -> Literal {
    Literal::i64_unsuffixed(service.prefix)
}
