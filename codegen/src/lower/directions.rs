//! Marks which named types requests and responses reach, following fields and variants.

use crate::model::{TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Sets `in_request` and `in_response` on every type reachable from the given roots.
pub(super) fn mark(
    types: &mut BTreeMap<String, TypeDef>,
    request_roots: &[TypeRef],
    response_roots: &[TypeRef],
) {
    for name in reachable(types, request_roots) {
        if let Some(def) = types.get_mut(&name) {
            def.in_request = true;
        }
    }
    for name in reachable(types, response_roots) {
        if let Some(def) = types.get_mut(&name) {
            def.in_response = true;
        }
    }
}

fn reachable(types: &BTreeMap<String, TypeDef>, roots: &[TypeRef]) -> Vec<String> {
    let mut pending: Vec<String> = Vec::new();
    for root in roots {
        root.visit_named(&mut |name| pending.push(name.to_owned()));
    }
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = pending.pop() {
        if seen.contains(&name) {
            continue;
        }
        if let Some(def) = types.get(&name) {
            for child in children(def) {
                child.visit_named(&mut |inner| pending.push(inner.to_owned()));
            }
        }
        seen.push(name);
    }
    seen
}

fn children(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(object) => object.fields.iter().map(|field| &field.ty).collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .filter_map(|variant| variant.data.as_ref())
            .collect(),
        TypeKind::StringEnum(_) => Vec::new(),
    }
}
