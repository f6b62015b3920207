//! Emits `operations.rs`: one async method per operation, plus the metadata and request
//! builder that each method uses.

use super::docs;
use super::{Emitter, Site};
use crate::model::{
    Body, HttpMethod, Operation, Parameter, ParameterLocation, PathPart, Response, RetryClass,
    Scalar, TypeKind, TypeRef,
};
use crate::names;
use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

/// Emits every operation.
pub fn emit(emitter: &Emitter<'_>) -> TokenStream {
    let doc = docs::module_doc("One method per operation of the API.");
    let statics = emitter.api.operations.iter().map(|operation| operation_info(emitter, operation));
    let wrappers = emitter.api.operations.iter().filter_map(|operation| body_wrapper(emitter, operation));
    let methods = emitter.api.operations.iter().map(|operation| public_method(emitter, operation));
    let builders = emitter.api.operations.iter().map(|operation| request_builder(emitter, operation));
    quote! {
        #doc

        #(#statics)*

        #(#wrappers)*

        impl super::client::Client {
            #(#methods)*
        }

        #(#builders)*
    }
}

/// Name of the `static` that contains an operation's metadata.
pub fn info_ident(operation: &Operation) -> Ident {
    let name = operation.method_name.to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Ident::new(&format!("OPERATION_{name}"), Span::call_site());
    }
    names::ident(&name)
}

/// Name of the module-private function that builds an operation's request.
pub fn builder_ident(operation: &Operation) -> Ident {
    format_ident!("{}_request", operation.method_name)
}

fn operation_info(emitter: &Emitter<'_>, operation: &Operation) -> TokenStream {
    let rt = &emitter.rt;
    let ident = info_ident(operation);
    let id = &operation.id;
    let path_template = &operation.path_template;
    let secured = operation.secured;
    let method = match operation.http_method {
        HttpMethod::Get => quote! { Get },
        HttpMethod::Put => quote! { Put },
        HttpMethod::Post => quote! { Post },
        HttpMethod::Delete => quote! { Delete },
        HttpMethod::Patch => quote! { Patch },
    };
    let retry = match operation.retry {
        RetryClass::Safe => quote! { Safe },
        RetryClass::Idempotent => quote! { Idempotent },
        RetryClass::Unsafe => quote! { Unsafe },
    };
    let doc = docs::doc_attrs(&format!("Metadata of `{id}`."));
    quote! {
        #doc
        pub(super) static #ident: #rt::OperationInfo = #rt::OperationInfo {
            id: #id,
            method: #rt::Method::#method,
            path_template: #path_template,
            secured: #secured,
            retry: #rt::RetryClass::#retry,
        };
    }
}

/// The private struct that wraps an unwrapped body argument back into its property.
fn body_wrapper(emitter: &Emitter<'_>, operation: &Operation) -> Option<TokenStream> {
    let body = operation.body.as_ref()?;
    let wire_name = body.wrapper.as_ref()?;
    let rt = &emitter.rt;
    let ident = wrapper_ident(operation);
    let inner = emitter.type_tokens(&body.ty, Site::Sibling);
    let doc = docs::doc_attrs(&format!("Body of `{}`: the argument under `{wire_name}`.", operation.id));
    Some(quote! {
        #doc
        #[derive(::serde::Serialize)]
        struct #ident<'a> {
            #[serde(rename = #wire_name)]
            inner: &'a #inner,
        }

        impl #rt::Validate for #ident<'_> {
            fn validate(&self, validator: &mut #rt::Validator) {
                validator.field(#wire_name, self.inner);
            }
        }
    })
}

fn wrapper_ident(operation: &Operation) -> Ident {
    format_ident!("{}Body", operation.type_prefix)
}

/// The arguments of an operation's method: parameters the caller passes, then the body.
pub fn arguments(emitter: &Emitter<'_>, operation: &Operation) -> Vec<TokenStream> {
    let parameters = operation
        .parameters
        .iter()
        .filter(|parameter| !parameter.from_client)
        .map(|parameter| {
            let ident = names::ident(&parameter.name);
            let ty = parameter_type(emitter, parameter);
            quote! { #ident: #ty }
        });
    let body = operation.body.as_ref().map(|body| {
        let ident = names::ident(&body.argument);
        let ty = emitter.type_tokens(&body.ty, Site::Sibling);
        quote! { #ident: &#ty }
    });
    parameters.chain(body).collect()
}

/// The names of the arguments, in the same order as [`arguments`].
pub fn argument_names(operation: &Operation) -> Vec<Ident> {
    let parameters = operation
        .parameters
        .iter()
        .filter(|parameter| !parameter.from_client)
        .map(|parameter| names::ident(&parameter.name));
    let body = operation.body.as_ref().map(|body| names::ident(&body.argument));
    parameters.chain(body).collect()
}

fn parameter_type(emitter: &Emitter<'_>, parameter: &Parameter) -> TokenStream {
    let base = match &parameter.ty {
        TypeRef::Scalar(Scalar::Integer(crate::model::IntegerWidth::I32)) => quote! { i32 },
        TypeRef::Scalar(Scalar::Integer(crate::model::IntegerWidth::I64)) => quote! { i64 },
        TypeRef::Scalar(Scalar::Number) => quote! { f64 },
        TypeRef::Scalar(Scalar::Boolean) => quote! { bool },
        TypeRef::Named(name) => {
            let ty = emitter.named(name, Site::Sibling);
            if is_open_enum(emitter, name) {
                quote! { &#ty }
            } else {
                ty
            }
        }
        _ => quote! { &str },
    };
    if parameter.required {
        base
    } else {
        quote! { ::std::option::Option<#base> }
    }
}

fn is_open_enum(emitter: &Emitter<'_>, name: &str) -> bool {
    emitter
        .api
        .type_named(name)
        .is_some_and(|def| def.in_response && matches!(def.kind, TypeKind::StringEnum(_)))
}

/// An expression of type `&str` for a parameter value bound to `value`.
fn parameter_text(parameter: &Parameter, value: &TokenStream) -> TokenStream {
    match &parameter.ty {
        TypeRef::Scalar(Scalar::Integer(_) | Scalar::Number | Scalar::Boolean) => {
            quote! { &#value.to_string() }
        }
        TypeRef::Named(_) => quote! { #value.as_str() },
        _ => quote! { #value },
    }
}

/// The method's return type and the expression that sends the request.
pub fn response_parts(emitter: &Emitter<'_>, operation: &Operation) -> (TokenStream, TokenStream) {
    match &operation.response {
        Response::Enveloped(payload) => {
            let envelope = format_ident!("{}", payload.envelope_type);
            let send = quote! { self.core().send::<super::envelopes::#envelope>(request).await };
            let ty = super::envelopes::payload_return_type(
                emitter,
                &payload.fields,
                payload.output_type.as_deref(),
            );
            (ty, send)
        }
        Response::Plain(ty) => {
            let ty = emitter.type_tokens(ty, Site::Sibling);
            let send = quote! { self.core().send_plain::<#ty>(request).await };
            (ty, send)
        }
        Response::Empty => {
            let send = quote! {
                self.core()
                    .send_plain::<::serde::de::IgnoredAny>(request)
                    .await
                    .map(|_| ())
            };
            (quote! { () }, send)
        }
    }
}

/// Documentation of an operation's method.
fn method_doc(operation: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &operation.summary {
        let summary = summary.trim_end();
        text.push_str(summary);
        if !summary.ends_with(['.', '!', '?']) {
            text.push('.');
        }
        text.push_str("\n\n");
    }
    if let Some(description) = &operation.description {
        text.push_str(description.trim_end());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Sends `{} {}` (`{}`).",
        operation.http_method.as_str(),
        operation.path_template,
        operation.id
    ));
    let mut doc = docs::doc_attrs(&text);
    if operation.deprecated {
        doc.extend(quote! { #[deprecated = "the spec marks this operation as deprecated"] });
    }
    doc
}

fn public_method(emitter: &Emitter<'_>, operation: &Operation) -> TokenStream {
    let rt = &emitter.rt;
    let doc = method_doc(operation);
    let ident = names::ident(&operation.method_name);
    let builder = builder_ident(operation);
    let arguments = arguments(emitter, operation);
    let names = argument_names(operation);
    let (return_type, send) = response_parts(emitter, operation);
    quote! {
        #doc
        pub async fn #ident(&self, #(#arguments),*) -> ::std::result::Result<#return_type, #rt::Error> {
            let request = #builder(self, #(#names),*)?;
            #send
        }
    }
}

fn request_builder(emitter: &Emitter<'_>, operation: &Operation) -> TokenStream {
    let rt = &emitter.rt;
    let builder = builder_ident(operation);
    let info = info_ident(operation);
    let arguments = arguments(emitter, operation);
    let path = path_steps(operation);
    let query_and_headers = operation
        .parameters
        .iter()
        .filter(|parameter| parameter.location != ParameterLocation::Path)
        .map(parameter_step);
    let body = operation.body.as_ref().map(|body| body_step(emitter, operation, body));
    let doc = docs::doc_attrs(&format!("Builds the request of `{}`.", operation.id));
    let uses_client = operation.parameters.iter().any(|parameter| parameter.from_client);
    let client = if uses_client {
        quote! { client }
    } else {
        quote! { _client }
    };
    quote! {
        #doc
        pub(super) fn #builder(#client: &super::client::Client, #(#arguments),*) -> ::std::result::Result<#rt::Request, #rt::Error> {
            let mut request = #rt::Request::new(&#info);
            #(#path)*
            #(#query_and_headers)*
            #body
            ::std::result::Result::Ok(request)
        }
    }
}

fn path_steps(operation: &Operation) -> Vec<TokenStream> {
    operation
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote! { request.path_literal(#text); },
            PathPart::Parameter(name) => {
                let parameter = operation
                    .parameters
                    .iter()
                    .find(|parameter| parameter.location == ParameterLocation::Path && parameter.wire_name == *name);
                match parameter {
                    Some(parameter) if parameter.from_client => {
                        let wire_name = &parameter.wire_name;
                        quote! { request.path_segment(client.core().client_parameter(#wire_name)); }
                    }
                    Some(parameter) => {
                        let ident = names::ident(&parameter.name);
                        let text = parameter_text(parameter, &quote! { #ident });
                        quote! { request.path_segment(#text); }
                    }
                    None => TokenStream::new(),
                }
            }
        })
        .collect()
}

fn parameter_step(parameter: &Parameter) -> TokenStream {
    let ident = names::ident(&parameter.name);
    let wire_name = &parameter.wire_name;
    let call = match parameter.location {
        ParameterLocation::Header => quote! { header },
        _ => quote! { query },
    };
    if parameter.required {
        let text = parameter_text(parameter, &quote! { #ident });
        quote! { request.#call(#wire_name, #text); }
    } else {
        let text = parameter_text(parameter, &quote! { value });
        quote! {
            if let ::std::option::Option::Some(value) = #ident {
                request.#call(#wire_name, #text);
            }
        }
    }
}

fn body_step(emitter: &Emitter<'_>, operation: &Operation, body: &Body) -> TokenStream {
    let rt = &emitter.rt;
    let info = info_ident(operation);
    let argument = names::ident(&body.argument);
    if body.wrapper.is_some() {
        let wrapper = wrapper_ident(operation);
        return quote! {
            let body = #wrapper { inner: #argument };
            #rt::validate(&#info, &body)?;
            request.json_body(&body)?;
        };
    }
    let validation = validates(&body.ty).then(|| quote! { #rt::validate(&#info, #argument)?; });
    quote! {
        #validation
        request.json_body(#argument)?;
    }
}

/// Whether a body of this type implements `Validate`.
fn validates(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) => validates(inner),
        TypeRef::Scalar(_) | TypeRef::Map(_) | TypeRef::Json => false,
    }
}
