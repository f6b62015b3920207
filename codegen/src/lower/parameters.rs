//! Lowers the parameters of one operation.

use super::Lowerer;
use super::extensions;
use super::refs::resolve;
use crate::diagnostics::Diagnostic;
use crate::model::{Parameter, ParameterLocation, TypeKind, TypeRef};
use crate::names::{self, Scope};
use openapiv3::{ParameterData, ParameterSchemaOrContent, ReferenceOr};

/// A parameter position in the spec: the item and its pointer.
pub(super) struct ParameterSlot<'s> {
    pub item: &'s ReferenceOr<openapiv3::Parameter>,
    pub pointer: String,
}

impl Lowerer<'_> {
    /// Lowers path-level and operation-level parameters; an operation-level parameter replaces
    /// a path-level one with the same name and location. The result is ordered path, query,
    /// header.
    pub(super) fn parameters(
        &mut self,
        slots: &[ParameterSlot<'_>],
        scope: &mut Scope,
        type_prefix: &str,
    ) -> Vec<Parameter> {
        let mut lowered: Vec<Parameter> = Vec::new();
        for slot in slots {
            let Some(parameter) = self.parameter(slot, type_prefix) else {
                continue;
            };
            lowered.retain(|existing| {
                existing.wire_name != parameter.wire_name || existing.location != parameter.location
            });
            lowered.push(parameter);
        }
        lowered.sort_by_key(|parameter| match parameter.location {
            ParameterLocation::Path => 0,
            ParameterLocation::Query => 1,
            ParameterLocation::Header => 2,
        });
        for parameter in &mut lowered {
            if !parameter.from_client {
                parameter.name =
                    self.claim_name(scope, parameter.name.clone(), &parameter.wire_name, "parameter", &parameter.pointer);
            }
        }
        lowered
    }

    fn parameter(&mut self, slot: &ParameterSlot<'_>, type_prefix: &str) -> Option<Parameter> {
        let map = self
            .document
            .components
            .as_ref()
            .map(|components| &components.parameters);
        let resolved = match resolve(slot.item, &slot.pointer, "parameters", map, self.pointers) {
            Ok(resolved) => resolved,
            Err(diagnostic) => {
                self.errors.push(diagnostic);
                return None;
            }
        };
        let at = resolved.pointer.to_owned();
        let (data, location) = match resolved.item {
            openapiv3::Parameter::Path { parameter_data, style: _ } => {
                (parameter_data, ParameterLocation::Path)
            }
            openapiv3::Parameter::Query {
                parameter_data,
                allow_reserved: _,
                style: _,
                allow_empty_value: _,
            } => (parameter_data, ParameterLocation::Query),
            openapiv3::Parameter::Header { parameter_data, style: _ } => {
                (parameter_data, ParameterLocation::Header)
            }
            openapiv3::Parameter::Cookie { parameter_data, style: _ } => {
                self.errors.push(
                    Diagnostic::new(&at, format!("cookie parameter `{}` is not supported", parameter_data.name))
                        .with_help("send the value as a header parameter instead"),
                );
                return None;
            }
        };
        self.parameter_data(data, location, &at, type_prefix)
    }

    fn parameter_data(
        &mut self,
        data: &ParameterData,
        location: ParameterLocation,
        at: &str,
        type_prefix: &str,
    ) -> Option<Parameter> {
        let ParameterData {
            name,
            description,
            required,
            deprecated: _,
            format,
            example: _,
            examples: _,
            explode: _,
            extensions,
        } = data;
        let ParameterSchemaOrContent::Schema(schema) = format else {
            self.errors.push(
                Diagnostic::new(at, format!("parameter `{name}` uses `content`, which is not supported"))
                    .with_help("describe the parameter with `schema`"),
            );
            return None;
        };
        let context = format!("{type_prefix}{}", names::pascal_case(name));
        let facts = self.schema_facts(schema.into(), &format!("{at}/schema"), &context)?;
        if !self.is_simple_parameter_type(&facts.ty) {
            self.errors.push(
                Diagnostic::new(format!("{at}/schema"), format!("parameter `{name}` is not a string, number, boolean or string enum"))
                    .with_help("arrays and objects in parameters are not supported; pass them as a delimited string"),
            );
            return None;
        }

        let from_client = extensions::flag(extensions, "x-client-parameter", at, &mut self.errors);
        if from_client && location != ParameterLocation::Path {
            self.errors.push(
                Diagnostic::new(at, format!("`x-client-parameter` is set on `{name}`, which is not a path parameter"))
                    .with_help("only path parameters can be supplied by the client configuration"),
            );
        }
        let required = *required || location == ParameterLocation::Path;
        Some(Parameter {
            name: names::snake_case(name),
            pointer: at.to_owned(),
            wire_name: name.clone(),
            location,
            doc: description.clone().or(facts.doc),
            ty: facts.ty,
            required,
            from_client,
            constraints: facts.constraints,
        })
    }

    fn is_simple_parameter_type(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Scalar(_) => true,
            TypeRef::Named(name) => matches!(
                self.types.get(name).map(|def| &def.kind),
                Some(TypeKind::StringEnum(_))
            ),
            TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json => false,
        }
    }
}
