//! Emits struct fields with their serde attributes.

use super::docs;
use super::{Emitter, Site};
use crate::model::{Field, Scalar, TypeRef};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits one `pub` field of a generated struct.
///
/// `lenient` makes integers, numbers and booleans also accept their string forms, which
/// response types need because the services quote values that their schemas type.
pub fn struct_field(emitter: &Emitter<'_>, field: &Field, lenient: bool, site: Site) -> TokenStream {
    let doc = docs::optional_doc(field_doc(field).as_deref());
    let serde = serde_attr(emitter, field, lenient);
    let ident = names::ident(&field.name);
    let ty = field_type(emitter, field, site);
    quote! {
        #doc
        #serde
        pub #ident: #ty
    }
}

/// The Rust type of a field, with `Option` when it can be absent or null.
pub fn field_type(emitter: &Emitter<'_>, field: &Field, site: Site) -> TokenStream {
    let inner = emitter.type_tokens(&field.ty, site);
    if field.is_optional() {
        quote! { ::std::option::Option<#inner> }
    } else {
        inner
    }
}

fn field_doc(field: &Field) -> Option<String> {
    let default = field
        .default
        .as_ref()
        .map(|value| format!("The service uses `{value}` when this is absent."));
    match (&field.doc, default) {
        (Some(doc), Some(default)) => Some(format!("{}\n\n{default}", doc.trim_end())),
        (Some(doc), None) => Some(doc.clone()),
        (None, default) => default,
    }
}

fn serde_attr(emitter: &Emitter<'_>, field: &Field, lenient: bool) -> TokenStream {
    let mut arguments: Vec<TokenStream> = Vec::new();
    if names::serde_name(&field.name) != field.wire_name {
        let wire_name = &field.wire_name;
        arguments.push(quote! { rename = #wire_name });
    }
    if field.is_optional() {
        arguments.push(quote! { default });
    }
    if field.read_only {
        arguments.push(quote! { skip_serializing });
    } else if field.is_optional() {
        arguments.push(quote! { skip_serializing_if = "::std::option::Option::is_none" });
    }
    if lenient {
        if let Some(function) = lenient_function(&field.ty, field.is_optional()) {
            let path = format!("{}::lenient::{function}", emitter.runtime_path);
            arguments.push(quote! { deserialize_with = #path });
        }
    }
    if arguments.is_empty() {
        return TokenStream::new();
    }
    quote! { #[serde(#(#arguments),*)] }
}

/// The runtime function that decodes a scalar from its value or its string form.
pub fn lenient_function(ty: &TypeRef, optional: bool) -> Option<&'static str> {
    let TypeRef::Scalar(scalar) = ty else {
        return None;
    };
    let function = match (scalar, optional) {
        (Scalar::Integer(_), false) => "integer",
        (Scalar::Integer(_), true) => "optional_integer",
        (Scalar::Number, false) => "number",
        (Scalar::Number, true) => "optional_number",
        (Scalar::Boolean, false) => "boolean",
        (Scalar::Boolean, true) => "optional_boolean",
        _ => return None,
    };
    Some(function)
}
