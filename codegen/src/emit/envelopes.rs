//! Emits `envelopes.rs`: a private struct per response shape that decodes the result header
//! beside the payload, and the `ResultHeader` impl of the header type.

use super::docs;
use super::fields::lenient_function;
use super::{Emitter, Site};
use crate::model::{Envelope, IntegerWidth, PayloadField, Response, Scalar, TypeKind, TypeRef};
use crate::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// One envelope struct to emit.
struct Shape<'a> {
    fields: Vec<&'a PayloadField>,
    output_type: Option<&'a str>,
}

/// Emits the envelope structs and the header impl.
pub fn emit(emitter: &Emitter<'_>) -> TokenStream {
    let Some(envelope) = &emitter.api.envelope else {
        return TokenStream::new();
    };
    let doc = docs::module_doc("Response envelopes: the result header beside each payload.");
    let header = header_impl(emitter, envelope);
    let shapes = collect_shapes(emitter);
    let structs = shapes
        .iter()
        .map(|(name, shape)| envelope_struct(emitter, envelope, name, shape));
    quote! {
        #doc

        #header

        #(#structs)*
    }
}

/// Every envelope struct by name; operations that share a response component share one.
fn collect_shapes<'a>(emitter: &'a Emitter<'_>) -> BTreeMap<&'a str, Shape<'a>> {
    let mut shapes = BTreeMap::new();
    for operation in &emitter.api.operations {
        if let Response::Enveloped(payload) = &operation.response {
            shapes.entry(payload.envelope_type.as_str()).or_insert(Shape {
                fields: payload.fields.iter().collect(),
                output_type: payload.output_type.as_deref(),
            });
        }
        for action in &operation.actions {
            shapes.entry(action.envelope_type.as_str()).or_insert(Shape {
                fields: action.returns.iter().collect(),
                output_type: None,
            });
        }
    }
    shapes
}

fn header_impl(emitter: &Emitter<'_>, envelope: &Envelope) -> TokenStream {
    let rt = &emitter.rt;
    let header = emitter.named(&envelope.header_type, Site::Sibling);
    let success = names::ident(&envelope.success_field);
    let code = names::ident(&envelope.code_field);
    let message = names::ident(&envelope.message_field);
    let code_value = if code_is_i64(emitter, envelope) {
        quote! { self.#code }
    } else {
        quote! { i64::from(self.#code) }
    };
    quote! {
        impl #rt::ResultHeader for #header {
            fn is_successful(&self) -> bool {
                self.#success
            }

            fn result_code(&self) -> i64 {
                #code_value
            }

            fn result_message(&self) -> &str {
                &self.#message
            }
        }
    }
}

/// Whether the header's code field is already an `i64`.
fn code_is_i64(emitter: &Emitter<'_>, envelope: &Envelope) -> bool {
    let Some(TypeKind::Struct(header)) = emitter.api.type_named(&envelope.header_type).map(|def| &def.kind) else {
        return false;
    };
    header.fields.iter().any(|field| {
        field.name == envelope.code_field && field.ty == TypeRef::Scalar(Scalar::Integer(IntegerWidth::I64))
    })
}

fn envelope_struct(emitter: &Emitter<'_>, envelope: &Envelope, name: &str, shape: &Shape<'_>) -> TokenStream {
    let rt = &emitter.rt;
    let ident = format_ident!("{}", name);
    let header_type = emitter.named(&envelope.header_type, Site::Sibling);
    let header_property = &envelope.property;
    let doc = docs::doc_attrs(&format!("A response with its `{header_property}` and payload."));
    let fields = shape.fields.iter().map(|field| payload_field(emitter, field));
    let payload_type = payload_type(emitter, shape);
    let into_payload = into_payload(emitter, shape);
    quote! {
        #doc
        #[derive(::serde::Deserialize)]
        pub(super) struct #ident {
            #[serde(rename = #header_property)]
            header: #header_type,
            #(#fields,)*
        }

        impl #rt::Envelope for #ident {
            const HEADER_PROPERTY: &'static str = #header_property;
            type Header = #header_type;
            type Payload = #payload_type;

            fn header(&self) -> &Self::Header {
                &self.header
            }

            fn into_payload(self) -> ::std::result::Result<Self::Payload, #rt::MissingField> {
                #into_payload
            }
        }
    }
}

/// Every payload property is optional here, so that a failure response without payload still
/// decodes; `into_payload` then checks the required ones.
fn payload_field(emitter: &Emitter<'_>, field: &PayloadField) -> TokenStream {
    let ident = names::ident(&field.name);
    let wire_name = &field.wire_name;
    let ty = emitter.type_tokens(&field.ty, Site::Sibling);
    let lenient = lenient_function(&field.ty, true).map(|function| {
        let path = format!("{}::lenient::{function}", emitter.runtime_path);
        quote! { , deserialize_with = #path }
    });
    quote! {
        #[serde(rename = #wire_name, default #lenient)]
        #ident: ::std::option::Option<#ty>
    }
}

fn payload_type(emitter: &Emitter<'_>, shape: &Shape<'_>) -> TokenStream {
    let fields: Vec<PayloadField> = shape.fields.iter().map(|field| (*field).clone()).collect();
    payload_return_type(emitter, &fields, shape.output_type)
}

/// The Rust type of a payload: nothing, its one property, or the output struct that collects
/// several properties.
pub fn payload_return_type(
    emitter: &Emitter<'_>,
    fields: &[PayloadField],
    output_type: Option<&str>,
) -> TokenStream {
    match (fields, output_type) {
        (_, Some(output)) => emitter.named(output, Site::Sibling),
        ([field], None) => {
            let inner = emitter.type_tokens(&field.ty, Site::Sibling);
            if field.required {
                inner
            } else {
                quote! { ::std::option::Option<#inner> }
            }
        }
        _ => quote! { () },
    }
}

fn into_payload(emitter: &Emitter<'_>, shape: &Shape<'_>) -> TokenStream {
    let rt = &emitter.rt;
    let value = |field: &PayloadField| {
        let ident = names::ident(&field.name);
        let wire_name = &field.wire_name;
        if field.required {
            quote! { self.#ident.ok_or(#rt::MissingField(#wire_name))? }
        } else {
            quote! { self.#ident }
        }
    };
    match (shape.fields.as_slice(), shape.output_type) {
        (fields, Some(output)) => {
            let output = emitter.named(output, Site::Sibling);
            let initializers = fields.iter().map(|field| {
                let ident = names::ident(&field.name);
                let value = value(field);
                quote! { #ident: #value }
            });
            quote! { ::std::result::Result::Ok(#output { #(#initializers,)* }) }
        }
        ([field], None) if field.required => {
            let ident = names::ident(&field.name);
            let wire_name = &field.wire_name;
            quote! { self.#ident.ok_or(#rt::MissingField(#wire_name)) }
        }
        ([field], None) => {
            let ident = names::ident(&field.name);
            quote! { ::std::result::Result::Ok(self.#ident) }
        }
        _ => quote! { ::std::result::Result::Ok(()) },
    }
}
