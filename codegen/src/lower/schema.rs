//! Lowers schemas into named types and type references.

use super::Lowerer;
use super::refs::{SchemaSlot, component_name, resolve_schema};
use crate::diagnostics::Diagnostic;
use crate::model::{
    Constraints, EnumVariant, Field, StructDef, TypeDef, TypeKind, TypeRef,
};
use crate::names::{self, Scope};
use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, ObjectType, ReferenceOr, Schema, SchemaData,
    SchemaKind, StringType, Type,
};
use serde_json::Value;

/// What a schema position contributes to a field or parameter.
#[derive(Debug, Clone)]
pub(super) struct SchemaFacts {
    pub ty: TypeRef,
    pub doc: Option<String>,
    pub nullable: bool,
    pub read_only: bool,
    pub default: Option<Value>,
    pub constraints: Constraints,
}

impl SchemaFacts {
    pub(super) fn new(ty: TypeRef, data: &SchemaData) -> Self {
        Self {
            ty,
            doc: data.description.clone(),
            nullable: data.nullable,
            read_only: data.read_only,
            default: data.default.clone(),
            constraints: Constraints::default(),
        }
    }
}

/// An object's properties, borrowed from either an `ObjectType` or an `AnySchema`.
pub(super) struct ObjectView<'s> {
    pub properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
}

/// Views a schema as an object, if it is one.
pub(super) fn object_view(schema: &Schema) -> Option<ObjectView<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(ObjectType {
            properties,
            required,
            additional_properties,
            min_properties: _,
            max_properties: _,
        })) => Some(ObjectView {
            properties,
            required,
            additional: additional_properties.as_ref(),
        }),
        SchemaKind::Any(any) if !any.properties.is_empty() => Some(ObjectView {
            properties: &any.properties,
            required: &any.required,
            additional: any.additional_properties.as_ref(),
        }),
        _ => None,
    }
}

/// Whether a schema becomes a named Rust type rather than a scalar, array or map.
fn is_named_kind(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
        SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } => true,
        _ => object_view(schema).is_some_and(|object| !object.properties.is_empty()),
    }
}

impl Lowerer<'_> {
    /// Lowers the schema at a position into the facts a field or parameter needs.
    ///
    /// `context` is the PascalCase name an inline named type would get.
    pub(super) fn schema_facts(
        &mut self,
        slot: SchemaSlot<'_>,
        at: &str,
        context: &str,
    ) -> Option<SchemaFacts> {
        match slot {
            SchemaSlot::Reference(reference) => self.reference_facts(reference, at),
            SchemaSlot::Inline(schema) => self.inline_facts(schema, at, context),
        }
    }

    /// Lowers the component schema `name` and returns its Rust type name, reporting a
    /// problem at `at` when it is not a named type.
    pub(super) fn named_component(&mut self, name: &str, at: &str) -> Option<String> {
        let reference = format!("#/components/schemas/{name}");
        match self.reference_facts(&reference, at)?.ty {
            TypeRef::Named(rust_name) => Some(rust_name),
            _ => {
                self.errors.push(
                    Diagnostic::new(at, format!("schema `{name}` is not an object, enum or union"))
                        .with_help("refer to a schema with `properties`, `enum` or `oneOf`"),
                );
                None
            }
        }
    }

    fn reference_facts(&mut self, reference: &str, at: &str) -> Option<SchemaFacts> {
        let entry = ReferenceOr::<Schema>::Reference {
            reference: reference.to_owned(),
        };
        let resolved = match resolve_schema(self.document, self.pointers, &entry, at) {
            Ok(resolved) => resolved,
            Err(diagnostic) => {
                self.errors.push(diagnostic);
                return None;
            }
        };
        let schema = resolved.item;
        let component = resolved.component.unwrap_or_default();
        if !is_named_kind(schema) {
            let context = names::pascal_case(component);
            return self.inline_facts(schema, &resolved.pointer, &context);
        }

        let rust_name = self.component_names.get(component).cloned()?;
        if self.in_progress.contains(&rust_name) && !self.types.contains_key(&rust_name) {
            self.recursion_error(&rust_name, at);
            return None;
        }
        if !self.types.contains_key(&rust_name) {
            self.lower_named(&rust_name, schema, &resolved.pointer);
        }
        Some(SchemaFacts::new(TypeRef::Named(rust_name), &schema.schema_data))
    }

    fn recursion_error(&mut self, rust_name: &str, at: &str) {
        self.errors.push(
            Diagnostic::new(at, format!("schema `{rust_name}` contains itself"))
                .with_help("recursive schemas are not supported; break the cycle with a string ID"),
        );
    }

    fn inline_facts(&mut self, schema: &Schema, at: &str, context: &str) -> Option<SchemaFacts> {
        self.check_schema_data(schema, at);
        if is_named_kind(schema) {
            let rust_name = self.type_scope.claim(context.to_owned());
            self.lower_named(&rust_name, schema, at);
            return Some(SchemaFacts::new(TypeRef::Named(rust_name), &schema.schema_data));
        }
        let data = &schema.schema_data;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => Some(self.string_facts(string, data, at)),
            SchemaKind::Type(Type::Integer(integer)) => Some(self.integer_facts(integer, data, at)),
            SchemaKind::Type(Type::Number(number)) => Some(self.number_facts(number, data, at)),
            SchemaKind::Type(Type::Boolean(boolean)) => Some(self.boolean_facts(boolean, data, at)),
            SchemaKind::Type(Type::Array(array)) => self.array_facts(array, data, at, context),
            SchemaKind::Type(Type::Object(object)) => {
                let ty = self.map_type(object.additional_properties.as_ref(), at, context)?;
                Some(SchemaFacts::new(ty, data))
            }
            SchemaKind::Any(any) => self.any_facts(any, data, at, context),
            SchemaKind::AnyOf { .. } => self.unsupported(at, "`anyOf`", "use `oneOf` with a `discriminator`"),
            SchemaKind::Not { .. } => self.unsupported(at, "`not`", "describe the allowed values instead"),
            SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } => None,
        }
    }

    fn unsupported(&mut self, at: &str, construct: &str, help: &str) -> Option<SchemaFacts> {
        self.errors.push(
            Diagnostic::new(at, format!("{construct} is not supported")).with_help(help),
        );
        None
    }

    /// Reports schema keywords that apply to the schema as a whole and that the generator does
    /// not use, and string extensions on a schema that is not a string.
    fn check_schema_data(&mut self, schema: &Schema, at: &str) {
        let data = &schema.schema_data;
        if data.write_only {
            self.warnings.push(
                Diagnostic::new(format!("{at}/writeOnly"), "`writeOnly` is ignored")
                    .with_help("the property is also expected in responses; make it optional if responses omit it"),
            );
        }
        let is_union = matches!(schema.schema_kind, SchemaKind::OneOf { .. });
        if data.discriminator.is_some() && !is_union {
            self.warnings.push(
                Diagnostic::new(format!("{at}/discriminator"), "`discriminator` outside a `oneOf` is ignored")
                    .with_help("put the `discriminator` beside the `oneOf` that lists the variants"),
            );
        }
        let is_string = matches!(schema.schema_kind, SchemaKind::Type(Type::String(_)));
        if is_string {
            return;
        }
        for key in ["x-secret", "x-timestamp", "x-windows-max-length"] {
            if data.extensions.contains_key(key) {
                self.errors.push(
                    Diagnostic::new(format!("{at}/{key}"), format!("extension `{key}` is set on a schema that is not a string"))
                        .with_help(format!("move `{key}` to a schema with `type: string`, or remove it")),
                );
            }
        }
    }

    fn array_facts(
        &mut self,
        array: &ArrayType,
        data: &SchemaData,
        at: &str,
        context: &str,
    ) -> Option<SchemaFacts> {
        let ArrayType {
            items,
            min_items,
            max_items,
            unique_items,
        } = array;
        if *unique_items {
            self.unchecked(at, "uniqueItems", "`uniqueItems` of an array");
        }
        let item_type = match items {
            Some(items) => {
                let item_context = format!("{context}Item");
                self.schema_facts(items.into(), &format!("{at}/items"), &item_context)?.ty
            }
            None => TypeRef::Json,
        };
        let mut facts = SchemaFacts::new(TypeRef::Array(Box::new(item_type)), data);
        facts.constraints.min_items = min_items.map(|value| value as u64);
        facts.constraints.max_items = max_items.map(|value| value as u64);
        Some(facts)
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &str,
        context: &str,
    ) -> Option<TypeRef> {
        let value_type = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value_context = format!("{context}Value");
                let slot = SchemaSlot::from(schema.as_ref());
                self.schema_facts(slot, &format!("{at}/additionalProperties"), &value_context)?
                    .ty
            }
            Some(AdditionalProperties::Any(_)) | None => TypeRef::Json,
        };
        Some(TypeRef::Map(Box::new(value_type)))
    }

    fn any_facts(
        &mut self,
        any: &AnySchema,
        data: &SchemaData,
        at: &str,
        context: &str,
    ) -> Option<SchemaFacts> {
        if !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty() {
            return self.unsupported(
                at,
                "a schema that mixes `oneOf`, `anyOf` or `allOf` with other keywords",
                "move the other keywords into one of the subschemas",
            );
        }
        if any.additional_properties.is_some() {
            let ty = self.map_type(any.additional_properties.as_ref(), at, context)?;
            return Some(SchemaFacts::new(ty, data));
        }
        Some(SchemaFacts::new(TypeRef::Json, data))
    }

    /// Lowers a named schema and stores it under `rust_name`.
    pub(super) fn lower_named(&mut self, rust_name: &str, schema: &Schema, at: &str) {
        self.check_schema_data(schema, at);
        self.in_progress.push(rust_name.to_owned());
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => Some(self.string_enum(string, at)),
            SchemaKind::OneOf { one_of } => self
                .union(rust_name, one_of, schema, at)
                .map(TypeKind::Union),
            SchemaKind::AllOf { all_of } => self.all_of(rust_name, all_of, at),
            _ => object_view(schema)
                .map(|object| TypeKind::Struct(self.struct_def(rust_name, &object, at, None))),
        };
        self.in_progress.retain(|name| name != rust_name);

        if let Some(kind) = kind {
            let def = TypeDef {
                name: rust_name.to_owned(),
                doc: schema.schema_data.description.clone(),
                pointer: at.to_owned(),
                kind,
                in_request: false,
                in_response: false,
            };
            self.types.insert(rust_name.to_owned(), def);
        }
    }

    /// Lowers an object's properties; `skip` names a property to leave out (a union's tag).
    pub(super) fn struct_def(
        &mut self,
        rust_name: &str,
        object: &ObjectView<'_>,
        at: &str,
        skip: Option<&str>,
    ) -> StructDef {
        if matches!(object.additional, Some(AdditionalProperties::Schema(_))) {
            self.warnings.push(
                Diagnostic::new(at, "`additionalProperties` beside `properties` is ignored")
                    .with_help("unknown properties are dropped when decoding; model them as a separate map property to keep them"),
            );
        }
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (wire_name, slot) in object.properties {
            if Some(wire_name.as_str()) == skip {
                continue;
            }
            let field_at = format!("{at}/properties/{}", wire_name.replace('~', "~0").replace('/', "~1"));
            let context = format!("{rust_name}{}", names::pascal_case(wire_name));
            let Some(facts) = self.schema_facts(slot.into(), &field_at, &context) else {
                continue;
            };
            let name = self.claim_name(&mut scope, names::snake_case(wire_name), wire_name, "property", &field_at);
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                doc: facts.doc,
                ty: facts.ty,
                required: object.required.contains(wire_name),
                nullable: facts.nullable,
                default: facts.default,
                read_only: facts.read_only,
                constraints: facts.constraints,
            });
        }
        for name in object.required {
            if !object.properties.contains_key(name) {
                self.errors.push(
                    Diagnostic::new(format!("{at}/required"), format!("required property `{name}` is not declared in `properties`"))
                        .with_help(format!("add `{name}` to `properties` or remove it from `required`")),
                );
            }
        }
        StructDef { fields }
    }

    fn string_enum(&mut self, string: &StringType, at: &str) -> TypeKind {
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for value in string.enumeration.iter().flatten() {
            let name = self.claim_name(&mut scope, names::pascal_case(value), value, "enum value", &format!("{at}/enum"));
            variants.push(EnumVariant {
                name,
                wire_name: value.clone(),
            });
        }
        if string.enumeration.iter().any(Option::is_none) {
            self.warnings.push(
                Diagnostic::new(format!("{at}/enum"), "`null` in a string enum is ignored")
                    .with_help("remove `null` from `enum` and mark the schema `nullable: true`"),
            );
        }
        if variants.is_empty() {
            self.errors.push(
                Diagnostic::new(format!("{at}/enum"), "enum has no string values")
                    .with_help("list at least one string value"),
            );
        }
        TypeKind::StringEnum(variants)
    }

    /// Merges the object subschemas of an `allOf` into one struct.
    fn all_of(
        &mut self,
        rust_name: &str,
        all_of: &[ReferenceOr<Schema>],
        at: &str,
    ) -> Option<TypeKind> {
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required: Vec<String> = Vec::new();
        for (index, part) in all_of.iter().enumerate() {
            let part_at = format!("{at}/allOf/{index}");
            let resolved = match resolve_schema(self.document, self.pointers, part, &part_at) {
                Ok(resolved) => resolved,
                Err(diagnostic) => {
                    self.errors.push(diagnostic);
                    continue;
                }
            };
            let Some(object) = object_view(resolved.item) else {
                self.errors.push(
                    Diagnostic::new(&part_at, "`allOf` part is not an object with `properties`")
                        .with_help("merge only object schemas; write scalar constraints on the property itself"),
                );
                continue;
            };
            for (name, slot) in object.properties {
                let Some(existing) = properties.get(name) else {
                    properties.insert(name.clone(), slot.clone());
                    continue;
                };
                if existing != slot {
                    let escaped = name.replace('~', "~0").replace('/', "~1");
                    self.errors.push(
                        Diagnostic::new(
                            format!("{}/properties/{escaped}", resolved.pointer),
                            format!("property `{name}` is declared differently by two parts of `allOf`"),
                        )
                        .with_help("declare each property in one part only, or give it the same schema in every part"),
                    );
                }
            }
            for name in object.required {
                if !required.contains(name) {
                    required.push(name.clone());
                }
            }
        }
        let view = ObjectView {
            properties: &properties,
            required: &required,
            additional: None,
        };
        Some(TypeKind::Struct(self.struct_def(rust_name, &view, at, None)))
    }
}

/// Reads the component name behind a `$ref`, for naming union variants.
pub(super) fn reference_name(reference: &str) -> Option<&str> {
    component_name(reference, "schemas", "").ok()
}
