//! Emits one token stream per generated file from the model.
//!
//! Each submodule handles one concern and reads only `crate::model`. Generated code names
//! every outside item by its full path (`::std::string::String`, `::serde::Serialize`), so a
//! schema called `Option` or `Result` cannot shadow it.

mod actions;
mod client;
mod docs;
mod envelopes;
mod fields;
mod operations;
mod result_codes;
mod types;
mod validate;

use crate::model::{Api, IntegerWidth, Scalar, TypeKind, TypeRef};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;

/// Settings of one generator run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Path of the runtime module as generated code refers to it, such as `crate::runtime`
    /// inside the client crate or `::toast_compute_instance::runtime` from another crate.
    pub runtime_path: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            runtime_path: "crate::runtime".to_owned(),
        }
    }
}

/// Checks that the settings can be written into generated code.
///
/// # Errors
///
/// Returns a diagnostic when `runtime_path` is not a `::`-separated Rust path.
pub fn check_config(config: &Config) -> Result<(), crate::Diagnostic> {
    let segments = config.runtime_path.trim_start_matches("::").split("::");
    let valid = segments
        .map(|segment| segment.strip_prefix("r#").unwrap_or(segment))
        .all(|segment| syn::parse_str::<syn::Ident>(segment).is_ok() || matches!(segment, "crate" | "self" | "super"));
    if valid && !config.runtime_path.is_empty() {
        return Ok(());
    }
    Err(crate::Diagnostic::new("", format!("runtime path `{}` is not a Rust path", config.runtime_path))
        .with_help("set `Config::runtime_path` to a path such as `crate::runtime`"))
}

/// One generated file before formatting.
#[derive(Debug, Clone)]
pub struct Module {
    /// File name inside the output directory.
    pub file: &'static str,
    /// The file's items.
    pub tokens: TokenStream,
}

/// Emits every file of the generated `api` module.
pub fn emit(api: &Api, config: &Config) -> Vec<Module> {
    let emitter = Emitter::new(api, config);
    let mut modules = vec![
        Module {
            file: "mod.rs",
            tokens: emitter.module_index(),
        },
        Module {
            file: "types.rs",
            tokens: types::emit(&emitter),
        },
        Module {
            file: "client.rs",
            tokens: client::emit(&emitter),
        },
        Module {
            file: "operations.rs",
            tokens: operations::emit(&emitter),
        },
    ];
    if emitter.has_actions() {
        modules.push(Module {
            file: "actions.rs",
            tokens: actions::emit(&emitter),
        });
    }
    if api.envelope.is_some() {
        modules.push(Module {
            file: "envelopes.rs",
            tokens: envelopes::emit(&emitter),
        });
    }
    if api.result_codes.is_some() {
        modules.push(Module {
            file: "result_codes.rs",
            tokens: result_codes::emit(&emitter),
        });
    }
    modules
}

/// Where a type reference is written from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Site {
    /// Inside `types.rs`.
    Types,
    /// Inside a sibling module of `types.rs`.
    Sibling,
}

/// The model and settings shared by all emitters.
pub struct Emitter<'a> {
    /// The API being emitted.
    pub api: &'a Api,
    /// Path of the runtime module, as a string for serde attributes.
    pub runtime_path: String,
    /// Path of the runtime module, as tokens.
    pub rt: TokenStream,
}

impl<'a> Emitter<'a> {
    fn new(api: &'a Api, config: &Config) -> Self {
        let rt = path_tokens(&config.runtime_path);
        Self {
            api,
            runtime_path: config.runtime_path.clone(),
            rt,
        }
    }

    fn has_actions(&self) -> bool {
        self.api.operations.iter().any(|operation| !operation.actions.is_empty())
    }

    /// The path of a named type as seen from `site`.
    pub fn named(&self, name: &str, site: Site) -> TokenStream {
        let ident = names::ident(name);
        match site {
            Site::Types => quote! { #ident },
            Site::Sibling => quote! { super::types::#ident },
        }
    }

    /// The Rust type of a type reference.
    pub fn type_tokens(&self, ty: &TypeRef, site: Site) -> TokenStream {
        let rt = &self.rt;
        match ty {
            TypeRef::Scalar(scalar) => match scalar {
                Scalar::String => quote! { ::std::string::String },
                Scalar::Secret => quote! { #rt::Secret },
                Scalar::Timestamp => quote! { #rt::Timestamp },
                Scalar::Integer(IntegerWidth::I32) => quote! { i32 },
                Scalar::Integer(IntegerWidth::I64) => quote! { i64 },
                Scalar::Number => quote! { f64 },
                Scalar::Boolean => quote! { bool },
            },
            TypeRef::Named(name) => self.named(name, site),
            TypeRef::Array(inner) => {
                let inner = self.type_tokens(inner, site);
                quote! { ::std::vec::Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.type_tokens(inner, site);
                quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
            }
            TypeRef::Json => quote! { ::serde_json::Value },
        }
    }

    /// Whether values of this type can hold a secret, so they must not derive `PartialEq`.
    pub fn contains_secret(&self, ty: &TypeRef) -> bool {
        self.type_contains(ty, &mut Vec::new(), &|scalar| scalar == Scalar::Secret)
    }

    /// Whether values of this type can hold a float, so they must not derive `Eq`.
    pub fn contains_float(&self, ty: &TypeRef) -> bool {
        self.type_contains(ty, &mut Vec::new(), &|scalar| scalar == Scalar::Number)
    }

    fn type_contains(
        &self,
        ty: &TypeRef,
        seen: &mut Vec<String>,
        matches: &dyn Fn(Scalar) -> bool,
    ) -> bool {
        match ty {
            TypeRef::Scalar(scalar) => matches(*scalar),
            TypeRef::Array(inner) | TypeRef::Map(inner) => self.type_contains(inner, seen, matches),
            TypeRef::Json => false,
            TypeRef::Named(name) => {
                if seen.contains(name) {
                    return false;
                }
                seen.push(name.clone());
                let Some(def) = self.api.type_named(name) else {
                    return false;
                };
                match &def.kind {
                    TypeKind::Struct(object) => object
                        .fields
                        .iter()
                        .any(|field| self.type_contains(&field.ty, seen, matches)),
                    TypeKind::Union(union) => union
                        .variants
                        .iter()
                        .filter_map(|variant| variant.data.as_ref())
                        .any(|data| self.type_contains(data, seen, matches)),
                    TypeKind::StringEnum(_) => false,
                }
            }
        }
    }

    /// The `mod.rs` of the generated module: declarations and re-exports.
    fn module_index(&self) -> TokenStream {
        let title = &self.api.title;
        let summary = format!("Generated client for the {title}.");
        let mut text = summary;
        if let Some(description) = &self.api.description {
            text.push_str("\n\n");
            text.push_str(&docs::escape_markdown(description.trim_end()));
        }
        let doc = docs::module_doc(&text);
        let actions = self.has_actions().then(|| quote! { mod actions; });
        let envelopes = self.api.envelope.is_some().then(|| quote! { mod envelopes; });
        let result_codes = self.api.result_codes.is_some().then(|| {
            quote! {
                pub mod result_codes;
                pub use result_codes::{ResultCode, ResultService};
            }
        });
        quote! {
            #doc

            mod client;
            mod operations;
            pub mod types;
            #actions
            #envelopes
            #result_codes

            pub use client::Client;
            pub use types::*;
        }
    }
}

/// Parses a `::`-separated path such as `crate::runtime` into tokens.
fn path_tokens(path: &str) -> TokenStream {
    let leading = path.starts_with("::").then(|| quote! { :: });
    let segments = path
        .trim_start_matches("::")
        .split("::")
        .filter(|segment| !segment.is_empty())
        .map(|segment| match segment {
            "crate" | "self" | "super" => proc_macro2::Ident::new(segment, proc_macro2::Span::call_site()),
            other => names::ident(other),
        });
    quote! { #leading #(#segments)::* }
}
