//! Emits `actions.rs`: one method per variant of a union body that declares
//! `x-action-method`, each building the variant and calling the operation's request builder.

use super::docs;
use super::operations::builder_ident;
use super::{Emitter, Site};
use crate::model::{Action, Field, Operation, Scalar, TypeKind, TypeRef};
use crate::names;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Emits every action method.
pub fn emit(emitter: &Emitter<'_>) -> TokenStream {
    let doc = docs::module_doc("One method per action of the action operations.");
    let methods = emitter.api.operations.iter().flat_map(|operation| {
        operation
            .actions
            .iter()
            .map(move |action| action_method(emitter, operation, action))
    });
    quote! {
        #doc

        impl super::client::Client {
            #(#methods)*
        }
    }
}

fn action_method(emitter: &Emitter<'_>, operation: &Operation, action: &Action) -> TokenStream {
    let rt = &emitter.rt;
    let ident = names::ident(&action.method_name);
    let doc = action_doc(operation, action);
    let fields = data_fields(emitter, action);

    let mut arguments = super::operations::arguments(emitter, operation);
    let mut call_arguments: Vec<TokenStream> = super::operations::argument_names(operation)
        .into_iter()
        .map(|name| quote! { #name })
        .collect();
    arguments.pop();
    call_arguments.pop();
    arguments.extend(fields.iter().map(|field| {
        let name = names::ident(&field.name);
        let ty = argument_type(emitter, field);
        quote! { #name: #ty }
    }));

    let union = match &operation.body {
        Some(body) => emitter.type_tokens(&body.ty, Site::Sibling),
        None => TokenStream::new(),
    };
    let variant = names::ident(&action.variant);
    let value = match &action.data_type {
        Some(data_type) => {
            let data = emitter.named(data_type, Site::Sibling);
            let initializers = all_fields(emitter, data_type).into_iter().map(field_initializer);
            quote! { #union::#variant(#data { #(#initializers,)* }) }
        }
        None => quote! { #union::#variant },
    };

    let builder = builder_ident(operation);
    let envelope = format_ident!("{}", action.envelope_type);
    let return_type = match &action.returns {
        Some(field) => emitter.type_tokens(&field.ty, Site::Sibling),
        None => quote! { () },
    };
    quote! {
        #doc
        pub async fn #ident(&self, #(#arguments),*) -> ::std::result::Result<#return_type, #rt::Error> {
            let action = #value;
            let request = super::operations::#builder(self, #(#call_arguments,)* &action)?;
            self.core().send::<super::envelopes::#envelope>(request).await
        }
    }
}

fn action_doc(operation: &Operation, action: &Action) -> TokenStream {
    let mut text = action.doc.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Sends the `{}` variant through `{}`.",
        action.variant, operation.id
    ));
    docs::doc_attrs(&text)
}

/// The fields of the struct an action carries, which become method arguments.
fn data_fields<'a>(emitter: &'a Emitter<'_>, action: &Action) -> Vec<&'a Field> {
    let Some(data_type) = &action.data_type else {
        return Vec::new();
    };
    match emitter.api.type_named(data_type).map(|def| &def.kind) {
        Some(TypeKind::Struct(object)) => object.fields.iter().filter(|field| !field.read_only).collect(),
        _ => Vec::new(),
    }
}

fn all_fields<'a>(emitter: &'a Emitter<'_>, data_type: &str) -> Vec<&'a Field> {
    match emitter.api.type_named(data_type).map(|def| &def.kind) {
        Some(TypeKind::Struct(object)) => object.fields.iter().collect(),
        _ => Vec::new(),
    }
}

/// Strings are taken as `&str`; everything else by value.
fn argument_type(emitter: &Emitter<'_>, field: &Field) -> TokenStream {
    let inner = if field.ty == TypeRef::Scalar(Scalar::String) {
        quote! { &str }
    } else {
        emitter.type_tokens(&field.ty, Site::Sibling)
    };
    if field.is_optional() {
        quote! { ::std::option::Option<#inner> }
    } else {
        inner
    }
}

fn field_initializer(field: &Field) -> TokenStream {
    let name = names::ident(&field.name);
    if field.read_only {
        return quote! { #name: ::std::option::Option::None };
    }
    let is_string = field.ty == TypeRef::Scalar(Scalar::String);
    match (is_string, field.is_optional()) {
        (true, false) => quote! { #name: #name.to_owned() },
        (true, true) => quote! { #name: #name.map(str::to_owned) },
        (false, _) => quote! { #name },
    }
}
