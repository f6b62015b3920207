//! Emits `types.rs`: one Rust type per named schema.

use super::docs;
use super::fields;
use super::validate;
use super::{Emitter, Site};
use crate::model::{
    EnumVariant, StructDef, TypeDef, TypeKind, TypeRef, UnionDef, UnionStyle, UnionVariant,
};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits every named type.
pub fn emit(emitter: &Emitter<'_>) -> TokenStream {
    let doc = docs::module_doc("Types of the request and response bodies.");
    let items = emitter.api.types.iter().map(|def| type_def(emitter, def));
    quote! {
        #doc

        #(#items)*
    }
}

fn type_def(emitter: &Emitter<'_>, def: &TypeDef) -> TokenStream {
    let item = match &def.kind {
        TypeKind::Struct(object) => struct_def(emitter, def, object),
        TypeKind::StringEnum(variants) if def.in_response => open_enum(def, variants),
        TypeKind::StringEnum(variants) => closed_enum(def, variants),
        TypeKind::Union(union) => union_def(emitter, def, union),
    };
    let validation = def.in_request.then(|| validate::impl_validate(emitter, def));
    quote! {
        #item
        #validation
    }
}

/// Doc attributes for a type, falling back to a sentence built from its name.
fn type_doc(def: &TypeDef) -> TokenStream {
    match &def.doc {
        Some(doc) if !doc.trim().is_empty() => docs::doc_attrs(doc),
        _ => docs::doc_attrs(&format!("The `{}` schema.", def.name)),
    }
}

/// The derives every generated struct and union gets, minus what its contents forbid.
fn derives(emitter: &Emitter<'_>, def: &TypeDef) -> TokenStream {
    let this = TypeRef::Named(def.name.clone());
    let comparable = !emitter.contains_secret(&this);
    let partial_eq = comparable.then(|| quote! { PartialEq, });
    let eq = (comparable && !emitter.contains_float(&this)).then(|| quote! { Eq, });
    quote! {
        #[derive(Debug, Clone, #partial_eq #eq ::serde::Serialize, ::serde::Deserialize)]
    }
}

fn struct_def(emitter: &Emitter<'_>, def: &TypeDef, object: &StructDef) -> TokenStream {
    let doc = type_doc(def);
    let derives = derives(emitter, def);
    let default = object
        .fields
        .iter()
        .all(|field| field.is_optional())
        .then(|| quote! { #[derive(Default)] });
    let ident = names::ident(&def.name);
    let fields = object
        .fields
        .iter()
        .map(|field| fields::struct_field(emitter, field, def.in_response, Site::Types));
    quote! {
        #doc
        #derives
        #default
        pub struct #ident {
            #(#fields,)*
        }
    }
}

/// A request-only enum: exactly the listed values, so invalid values cannot be built.
fn closed_enum(def: &TypeDef, variants: &[EnumVariant]) -> TokenStream {
    let doc = type_doc(def);
    let ident = names::ident(&def.name);
    let items = variants.iter().map(|variant| {
        let name = names::ident(&variant.name);
        let wire_name = &variant.wire_name;
        let doc = docs::doc_attrs(&format!("`{wire_name}`."));
        quote! {
            #doc
            #[serde(rename = #wire_name)]
            #name
        }
    });
    let as_str = as_str_arms(variants);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum #ident {
            #(#items,)*
        }

        impl #ident {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #(#as_str)*
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }
    }
}

/// A response enum: the listed values plus `Unknown`, so a value that the service adds later
/// still decodes.
fn open_enum(def: &TypeDef, variants: &[EnumVariant]) -> TokenStream {
    let doc = type_doc(def);
    let ident = names::ident(&def.name);
    let items = variants.iter().map(|variant| {
        let name = names::ident(&variant.name);
        let doc = docs::doc_attrs(&format!("`{}`.", variant.wire_name));
        quote! {
            #doc
            #name
        }
    });
    let as_str = as_str_arms(variants);
    let from_str = variants.iter().map(|variant| {
        let name = names::ident(&variant.name);
        let wire_name = &variant.wire_name;
        quote! { #wire_name => Self::#name, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #ident {
            #(#items,)*
            /// A value that this client does not know, kept as it was received.
            Unknown(::std::string::String),
        }

        impl #ident {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #ident {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // The leading underscores keep this name apart from generated type names,
                // which never start with one.
                /// Matches the borrowed text, so that a known value allocates nothing.
                struct __ValueVisitor;

                impl ::serde::de::Visitor<'_> for __ValueVisitor {
                    type Value = #ident;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str("a string")
                    }

                    fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<#ident, E> {
                        ::std::result::Result::Ok(#ident::from(value))
                    }
                }

                deserializer.deserialize_str(__ValueVisitor)
            }
        }
    }
}

fn as_str_arms(variants: &[EnumVariant]) -> Vec<TokenStream> {
    variants
        .iter()
        .map(|variant| {
            let name = names::ident(&variant.name);
            let wire_name = &variant.wire_name;
            quote! { Self::#name => #wire_name, }
        })
        .collect()
}

fn union_def(emitter: &Emitter<'_>, def: &TypeDef, union: &UnionDef) -> TokenStream {
    let doc = type_doc(def);
    let derives = derives(emitter, def);
    let ident = names::ident(&def.name);
    let serde = match &union.style {
        UnionStyle::Adjacent { tag, content } => quote! { #[serde(tag = #tag, content = #content)] },
        UnionStyle::Internal { tag } => quote! { #[serde(tag = #tag)] },
        UnionStyle::Untagged => quote! { #[serde(untagged)] },
    };
    let variants = union.variants.iter().map(|variant| union_variant(emitter, variant));
    quote! {
        #doc
        #derives
        #serde
        pub enum #ident {
            #(#variants,)*
        }
    }
}

fn union_variant(emitter: &Emitter<'_>, variant: &UnionVariant) -> TokenStream {
    let doc = match (&variant.doc, &variant.tag_value) {
        (Some(doc), _) => docs::doc_attrs(doc),
        (None, Some(tag)) => docs::doc_attrs(&format!("The `{tag}` variant.")),
        (None, None) => docs::doc_attrs(&format!("The `{}` variant.", variant.name)),
    };
    let rename = variant
        .tag_value
        .as_ref()
        .map(|tag| quote! { #[serde(rename = #tag)] });
    let name = names::ident(&variant.name);
    let data = variant.data.as_ref().map(|data| {
        let ty = emitter.type_tokens(data, Site::Types);
        quote! { (#ty) }
    });
    quote! {
        #doc
        #rename
        #name #data
    }
}
