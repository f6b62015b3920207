//! Resolves local `$ref`s, following chains and reporting dangling, external and cyclic ones.

use crate::diagnostics::{Diagnostic, pointer};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};

/// A schema after resolving references: the schema, its pointer and its component name.
#[derive(Debug, Clone)]
pub struct Resolved<'a, T> {
    /// The schema or other component.
    pub item: &'a T,
    /// JSON pointer of the item.
    pub pointer: String,
    /// Name in `components`, when the item was reached through a reference.
    pub component: Option<&'a str>,
}

/// A schema position that is either a reference or an inline schema.
#[derive(Debug, Clone, Copy)]
pub enum SchemaSlot<'a> {
    /// `$ref: ...`.
    Reference(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaSlot<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaSlot::Reference(reference),
            ReferenceOr::Item(schema) => SchemaSlot::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaSlot<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaSlot::Reference(reference),
            ReferenceOr::Item(schema) => SchemaSlot::Inline(schema),
        }
    }
}

/// Pointers of every component, computed once so resolved items can borrow them.
#[derive(Debug, Default)]
pub struct ComponentPointers {
    pointers: IndexMap<(String, String), String>,
}

impl ComponentPointers {
    /// Records the pointer of every component of every kind.
    pub fn new(document: &OpenAPI) -> Self {
        let mut pointers = IndexMap::new();
        if let Some(components) = &document.components {
            let kinds: [(&str, Vec<&String>); 4] = [
                ("schemas", components.schemas.keys().collect()),
                ("parameters", components.parameters.keys().collect()),
                ("requestBodies", components.request_bodies.keys().collect()),
                ("responses", components.responses.keys().collect()),
            ];
            for (kind, names) in kinds {
                for name in names {
                    let value = pointer(["components", kind, name.as_str()]);
                    pointers.insert((kind.to_owned(), name.clone()), value);
                }
            }
        }
        Self { pointers }
    }

    fn get(&self, kind: &str, name: &str) -> Option<&str> {
        self.pointers
            .get(&(kind.to_owned(), name.to_owned()))
            .map(String::as_str)
    }
}

/// Splits `#/components/<kind>/<name>` into its name, or explains why it cannot be followed.
pub fn component_name<'r>(
    reference: &'r str,
    kind: &str,
    at: &str,
) -> Result<&'r str, Diagnostic> {
    let Some(local) = reference.strip_prefix('#') else {
        return Err(Diagnostic::new(
            at,
            format!("external reference `{reference}` is not supported"),
        )
        .with_help("copy the referenced element into this file's `components` and refer to it with `#/components/...`"));
    };
    let prefix = format!("/components/{kind}/");
    match local.strip_prefix(&prefix) {
        Some(name) if !name.is_empty() && !name.contains('/') => Ok(name),
        _ => Err(Diagnostic::new(
            at,
            format!("reference `{reference}` does not point to `#/components/{kind}/<name>`"),
        )
        .with_help(format!("refer to an entry of `components.{kind}`"))),
    }
}

/// Resolves a component reference chain of any kind.
pub fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    at: &str,
    kind: &str,
    map: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    pointers: &'a ComponentPointers,
) -> Result<Resolved<'a, T>, Diagnostic> {
    let mut current = item;
    let mut current_pointer: &str = at;
    let mut component = None;
    let mut seen: Vec<&str> = Vec::new();
    loop {
        match current {
            ReferenceOr::Item(value) => {
                return Ok(Resolved {
                    item: value,
                    pointer: current_pointer.to_owned(),
                    component,
                });
            }
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, kind, current_pointer)?;
                if seen.contains(&name) {
                    return Err(Diagnostic::new(
                        current_pointer,
                        format!("reference cycle: `{}` -> `{name}`", seen.join("` -> `")),
                    )
                    .with_help("make one of the components in the cycle a real definition"));
                }
                seen.push(name);
                let target = map.and_then(|entries| entries.get_key_value(name));
                let (Some((key, next)), Some(next_pointer)) = (target, pointers.get(kind, name))
                else {
                    return Err(Diagnostic::new(
                        current_pointer,
                        format!("reference `{reference}` points to nothing: there is no `components.{kind}.{name}`"),
                    )
                    .with_help(format!("add `{name}` under `components.{kind}` or fix the name")));
                };
                current = next;
                current_pointer = next_pointer;
                component = Some(key.as_str());
            }
        }
    }
}

/// Resolves a schema reference chain against `components.schemas` of `document`.
pub fn resolve_schema<'a>(
    document: &'a OpenAPI,
    pointers: &'a ComponentPointers,
    item: &'a ReferenceOr<Schema>,
    at: &str,
) -> Result<Resolved<'a, Schema>, Diagnostic> {
    let schemas = document
        .components
        .as_ref()
        .map(|components| &components.schemas);
    resolve(item, at, "schemas", schemas, pointers)
}
