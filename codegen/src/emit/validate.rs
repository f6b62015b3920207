//! Emits `Validate` impls that check a request's constraints before it is sent.

use super::Emitter;
use crate::model::{Constraints, Field, IntegerWidth, Scalar, TypeDef, TypeKind, TypeRef, UnionDef, UnionStyle};
use crate::names;
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// Emits `impl Validate` for a request type.
pub fn impl_validate(emitter: &Emitter<'_>, def: &TypeDef) -> TokenStream {
    let rt = &emitter.rt;
    let ident = names::ident(&def.name);
    let (checks, uses_validator) = match &def.kind {
        TypeKind::Struct(object) => {
            let checks: Vec<TokenStream> = object.fields.iter().map(field_checks).collect();
            let used = checks.iter().any(|check| !check.is_empty());
            (checks, used)
        }
        TypeKind::Union(union) => {
            let used = union
                .variants
                .iter()
                .any(|variant| variant.data.as_ref().is_some_and(mentions_named));
            (vec![union_checks(rt, union)], used)
        }
        TypeKind::StringEnum(_) => (Vec::new(), false),
    };
    let validator = if uses_validator {
        quote! { validator }
    } else {
        quote! { _validator }
    };
    quote! {
        impl #rt::Validate for #ident {
            fn validate(&self, #validator: &mut #rt::Validator) {
                #(#checks)*
            }
        }
    }
}

/// The checks of one field: its own constraints, then the fields of its type.
fn field_checks(field: &Field) -> TokenStream {
    if field.read_only {
        return TokenStream::new();
    }
    let ident = names::ident(&field.name);
    let wire_name = &field.wire_name;
    let constraint_checks = constraint_checks(&field.ty, &field.constraints, wire_name);
    let nested = mentions_named(&field.ty).then(|| quote! { validator.field(#wire_name, &self.#ident); });
    if constraint_checks.is_empty() {
        return quote! { #nested };
    }
    if field.is_optional() {
        quote! {
            if let ::std::option::Option::Some(value) = &self.#ident {
                #constraint_checks
            }
            #nested
        }
    } else {
        quote! {
            let value = &self.#ident;
            #constraint_checks
            #nested
        }
    }
}

/// Checks of `value`, a reference to the field's value.
fn constraint_checks(ty: &TypeRef, constraints: &Constraints, wire_name: &str) -> TokenStream {
    let Constraints {
        min_length,
        max_length,
        minimum,
        maximum,
        min_items,
        max_items,
    } = constraints;
    let min_length = min_length.map(Literal::u64_unsuffixed);
    let max_length = max_length.map(Literal::u64_unsuffixed);
    let minimum = minimum.map(Literal::i64_unsuffixed);
    let maximum = maximum.map(Literal::i64_unsuffixed);
    let min_items = min_items.map(Literal::u64_unsuffixed);
    let max_items = max_items.map(Literal::u64_unsuffixed);

    let mut checks = Vec::new();
    if let TypeRef::Scalar(Scalar::String) = ty {
        if let Some(limit) = min_length {
            checks.push(quote! { validator.min_length(#wire_name, value, #limit); });
        }
        if let Some(limit) = max_length {
            checks.push(quote! { validator.max_length(#wire_name, value, #limit); });
        }
    }

    if let TypeRef::Scalar(Scalar::Integer(width)) = ty {
        let number = match width {
            IntegerWidth::I32 => quote! { i64::from(*value) },
            IntegerWidth::I64 => quote! { *value },
        };
        if let Some(limit) = minimum {
            checks.push(quote! { validator.minimum(#wire_name, #number, #limit); });
        }
        if let Some(limit) = maximum {
            checks.push(quote! { validator.maximum(#wire_name, #number, #limit); });
        }
    }

    if let TypeRef::Array(_) = ty {
        if let Some(limit) = min_items {
            checks.push(quote! { validator.min_items(#wire_name, value.len(), #limit); });
        }
        if let Some(limit) = max_items {
            checks.push(quote! { validator.max_items(#wire_name, value.len(), #limit); });
        }
    }
    quote! { #(#checks)* }
}

/// Whether validating the type means visiting a named type inside it.
fn mentions_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Array(inner) => mentions_named(inner),
        TypeRef::Scalar(_) | TypeRef::Map(_) | TypeRef::Json => false,
    }
}

fn union_checks(rt: &TokenStream, union: &UnionDef) -> TokenStream {
    let arms = union.variants.iter().map(|variant| {
        let name = names::ident(&variant.name);
        match (&variant.data, &union.style) {
            (Some(data), UnionStyle::Adjacent { content, .. }) if mentions_named(data) => {
                quote! { Self::#name(value) => validator.field(#content, value), }
            }
            (Some(data), _) if mentions_named(data) => {
                quote! { Self::#name(value) => #rt::Validate::validate(value, validator), }
            }
            (Some(_), _) => quote! { Self::#name(_) => {} },
            (None, _) => quote! { Self::#name => {} },
        }
    });
    quote! {
        match self {
            #(#arms)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::IntegerWidth;

    #[test]
    fn negative_limits_render_as_literals() {
        let constraints = Constraints {
            minimum: Some(-5),
            ..Constraints::default()
        };
        let ty = TypeRef::Scalar(Scalar::Integer(IntegerWidth::I64));
        let tokens = constraint_checks(&ty, &constraints, "delta");
        let item: syn::Result<syn::Block> = syn::parse2(quote! { { #tokens } });
        let text = item.map(|block| quote! { #block }.to_string()).unwrap_or_default();
        assert!(text.contains("- 5") || text.contains("-5"), "{text}");
    }
}
