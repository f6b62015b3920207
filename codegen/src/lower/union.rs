//! Lowers `oneOf` schemas into tagged or untagged unions.

use super::Lowerer;
use super::extensions;
use super::refs::{SchemaSlot, resolve_schema};
use super::schema::{ObjectView, object_view, reference_name};
use crate::diagnostics::Diagnostic;
use crate::model::{TypeDef, TypeKind, TypeRef, UnionDef, UnionStyle, UnionVariant};
use crate::names::{self, Scope};
use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

/// One `oneOf` entry after resolving its reference.
struct Candidate<'s> {
    slot: &'s ReferenceOr<Schema>,
    schema: &'s Schema,
    pointer: String,
    component: Option<String>,
}

impl Lowerer<'_> {
    pub(super) fn union(
        &mut self,
        rust_name: &str,
        one_of: &[ReferenceOr<Schema>],
        schema: &Schema,
        at: &str,
    ) -> Option<UnionDef> {
        let candidates = self.resolve_candidates(one_of, at);
        if candidates.len() != one_of.len() {
            return None;
        }
        if candidates.is_empty() {
            self.errors.push(
                Diagnostic::new(format!("{at}/oneOf"), "`oneOf` has no variants")
                    .with_help("list at least one schema under `oneOf`"),
            );
            return None;
        }
        match &schema.schema_data.discriminator {
            Some(discriminator) => self.tagged_union(rust_name, &candidates, discriminator, at),
            None => self.untagged_union(rust_name, &candidates),
        }
    }

    fn resolve_candidates<'s>(&mut self, one_of: &'s [ReferenceOr<Schema>], at: &str) -> Vec<Candidate<'s>>
    where
        Self: 's,
    {
        let mut candidates = Vec::new();
        for (index, slot) in one_of.iter().enumerate() {
            let slot_at = format!("{at}/oneOf/{index}");
            match resolve_schema(self.document, self.pointers, slot, &slot_at) {
                Ok(resolved) => candidates.push(Candidate {
                    slot,
                    schema: resolved.item,
                    pointer: resolved.pointer.to_owned(),
                    component: resolved.component.map(str::to_owned),
                }),
                Err(diagnostic) => self.errors.push(diagnostic),
            }
        }
        candidates
    }

    fn tagged_union(
        &mut self,
        rust_name: &str,
        candidates: &[Candidate<'_>],
        discriminator: &Discriminator,
        at: &str,
    ) -> Option<UnionDef> {
        let tag = discriminator.property_name.clone();
        let mut objects = Vec::new();
        for candidate in candidates {
            let Some(object) = object_view(candidate.schema) else {
                self.errors.push(
                    Diagnostic::new(&candidate.pointer, "a variant of a union with a `discriminator` is not an object")
                        .with_help(format!("give every variant `properties` including `{tag}`")),
                );
                return None;
            };
            objects.push(object);
        }

        let content = adjacent_content(&objects, &tag);
        let style = match &content {
            Some(content) => UnionStyle::Adjacent {
                tag: tag.clone(),
                content: content.clone(),
            },
            None => UnionStyle::Internal { tag: tag.clone() },
        };

        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (candidate, object) in candidates.iter().zip(&objects) {
            let tag_value = self.tag_value(candidate, object, discriminator, at)?;
            let name = scope.claim(names::pascal_case(&tag_value));
            let data = match &content {
                Some(content) => self.adjacent_data(rust_name, &name, candidate, object, content),
                None => self.internal_data(rust_name, &name, candidate, object, &tag),
            };
            variants.push(self.variant(candidate, name, Some(tag_value), data));
        }
        Some(UnionDef { style, variants })
    }

    fn untagged_union(&mut self, rust_name: &str, candidates: &[Candidate<'_>]) -> Option<UnionDef> {
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        for (index, candidate) in candidates.iter().enumerate() {
            let base = match &candidate.component {
                Some(component) => names::pascal_case(component),
                None => format!("Variant{}", index + 1),
            };
            let name = scope.claim(base);
            let context = format!("{rust_name}{name}");
            let facts = self.schema_facts(SchemaSlot::from(candidate.slot), &candidate.pointer, &context)?;
            variants.push(self.variant(candidate, name, None, Some(facts.ty)));
        }
        Some(UnionDef {
            style: UnionStyle::Untagged,
            variants,
        })
    }

    fn variant(
        &mut self,
        candidate: &Candidate<'_>,
        name: String,
        tag_value: Option<String>,
        data: Option<TypeRef>,
    ) -> UnionVariant {
        let extensions = &candidate.schema.schema_data.extensions;
        let at = candidate.pointer.as_str();
        let action_method: Option<String> =
            extensions::read(extensions, "x-action-method", at, &mut self.errors);
        let action_returns: Option<String> =
            extensions::read(extensions, "x-action-returns", at, &mut self.errors);
        UnionVariant {
            name,
            tag_value,
            doc: candidate.schema.schema_data.description.clone(),
            data,
            action_method,
            action_returns,
        }
    }

    /// The discriminator value of a variant: from `mapping`, else from the tag property's
    /// single enum value, else the component name.
    fn tag_value(
        &mut self,
        candidate: &Candidate<'_>,
        object: &ObjectView<'_>,
        discriminator: &Discriminator,
        at: &str,
    ) -> Option<String> {
        if let ReferenceOr::Reference { reference } = candidate.slot {
            let mapped = discriminator
                .mapping
                .iter()
                .find(|(_, target)| *target == reference || reference_name(reference) == Some(target.as_str()));
            if let Some((value, _)) = mapped {
                return Some(value.clone());
            }
        }
        if let Some(value) = single_enum_value(object, &discriminator.property_name) {
            return Some(value);
        }
        if let Some(component) = &candidate.component {
            return Some(component.clone());
        }
        self.errors.push(
            Diagnostic::new(format!("{at}/discriminator"), "an inline union variant has no discriminator value")
                .with_help("give the tag property a single `enum` value or list the variant under `discriminator.mapping`"),
        );
        None
    }

    fn adjacent_data(
        &mut self,
        rust_name: &str,
        variant: &str,
        candidate: &Candidate<'_>,
        object: &ObjectView<'_>,
        content: &str,
    ) -> Option<TypeRef> {
        let slot = object.properties.get(content)?;
        let at = format!("{}/properties/{content}", candidate.pointer);
        let context = format!("{rust_name}{variant}{}", names::pascal_case(content));
        self.schema_facts(slot.into(), &at, &context).map(|facts| facts.ty)
    }

    /// Lowers an internally tagged variant as a struct without the tag property.
    fn internal_data(
        &mut self,
        rust_name: &str,
        variant: &str,
        candidate: &Candidate<'_>,
        object: &ObjectView<'_>,
        tag: &str,
    ) -> Option<TypeRef> {
        if object.properties.keys().all(|name| name == tag) {
            return None;
        }
        let base = match &candidate.component {
            Some(component) => self.component_names.get(component).cloned().unwrap_or_else(|| names::pascal_case(component)),
            None => self.type_scope.claim(format!("{rust_name}{variant}")),
        };
        let def = self.struct_def(&base, object, &candidate.pointer, Some(tag));
        self.types.insert(
            base.clone(),
            TypeDef {
                name: base.clone(),
                doc: candidate.schema.schema_data.description.clone(),
                pointer: candidate.pointer.clone(),
                kind: TypeKind::Struct(def),
                in_request: false,
                in_response: false,
            },
        );
        Some(TypeRef::Named(base))
    }
}

/// The name of the one non-tag property that every variant shares, when each variant has at
/// most that property beside the tag and at least one variant has it.
fn adjacent_content(objects: &[ObjectView<'_>], tag: &str) -> Option<String> {
    let mut content: Option<&String> = None;
    for object in objects {
        let mut others = object.properties.keys().filter(|name| *name != tag);
        let first = others.next();
        if others.next().is_some() {
            return None;
        }
        match (content, first) {
            (Some(existing), Some(name)) if existing != name => return None,
            (None, Some(name)) => content = Some(name),
            _ => {}
        }
    }
    content.cloned()
}

fn single_enum_value(object: &ObjectView<'_>, tag: &str) -> Option<String> {
    let ReferenceOr::Item(schema) = object.properties.get(tag)? else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if string.enumeration.len() == 1 => {
            string.enumeration.first().cloned().flatten()
        }
        _ => None,
    }
}
