//! Lowers the success response of one operation.

use super::Lowerer;
use super::refs::{SchemaSlot, resolve, resolve_schema};
use super::schema::object_view;
use crate::diagnostics::Diagnostic;
use crate::model::{
    Envelope, Field, Payload, PayloadField, Response, StructDef, TypeDef, TypeKind, TypeRef,
};
use crate::names::{self, Scope};
use openapiv3::{MediaType, ReferenceOr, Responses, StatusCode};

impl Lowerer<'_> {
    /// Lowers the lowest 2xx response. Other responses, including `default`, describe
    /// failures, which the runtime handles without a schema.
    pub(super) fn response(
        &mut self,
        responses: &Responses,
        at: &str,
        envelope: Option<&Envelope>,
        type_prefix: &str,
    ) -> Option<Response> {
        let Some((code, slot)) = success_response(responses) else {
            self.errors.push(
                Diagnostic::new(format!("{at}/responses"), "operation has no 2xx response")
                    .with_help("add a `200` response that describes the success body"),
            );
            return None;
        };
        let response_at = format!("{at}/responses/{code}");
        self.warn_other_successes(responses, &code, at);
        let map = self
            .document
            .components
            .as_ref()
            .map(|components| &components.responses);
        let resolved = match resolve(slot, &response_at, "responses", map, self.pointers) {
            Ok(resolved) => resolved,
            Err(diagnostic) => {
                self.errors.push(diagnostic);
                return None;
            }
        };
        let content = &resolved.item.content;
        let Some((media_type, media)) = content.iter().find(|(name, _)| name.contains("json"))
        else {
            if !content.is_empty() {
                let offered = content.keys().cloned().collect::<Vec<_>>().join("`, `");
                self.warnings.push(
                    Diagnostic::new(format!("{}/content", resolved.pointer), format!("response media type `{offered}` is not decoded"))
                        .with_help("the method returns `()` and drops the body; describe the body as `application/json` to decode it"),
                );
            }
            return Some(Response::Empty);
        };
        let MediaType { schema, .. } = media;
        let Some(schema) = schema else {
            return Some(Response::Plain(TypeRef::Json));
        };
        let escaped = media_type.replace('~', "~0").replace('/', "~1");
        let schema_at = format!("{}/content/{escaped}/schema", resolved.pointer);

        if let Some(envelope) = envelope {
            if let Some(payload) = self.payload(schema, &schema_at, envelope, type_prefix) {
                return Some(Response::Enveloped(payload));
            }
        }
        let context = format!("{type_prefix}Response");
        let facts = self.schema_facts(schema.into(), &schema_at, &context)?;
        self.response_roots.push(facts.ty.clone());
        Some(Response::Plain(facts.ty))
    }

    /// Warns about 2xx responses other than the one the method decodes.
    fn warn_other_successes(&mut self, responses: &Responses, chosen: &str, at: &str) {
        for code in responses.responses.keys() {
            let code = code.to_string();
            if code.starts_with('2') && code != chosen {
                self.warnings.push(
                    Diagnostic::new(format!("{at}/responses/{code}"), format!("response `{code}` is ignored; the method decodes the `{chosen}` response"))
                        .with_help("describe every success in one 2xx response"),
                );
            }
        }
    }

    /// Lowers an enveloped response: every property beside the header is payload.
    ///
    /// Returns `None` when the schema has no header property, so it is a plain response.
    fn payload(
        &mut self,
        schema: &ReferenceOr<openapiv3::Schema>,
        at: &str,
        envelope: &Envelope,
        type_prefix: &str,
    ) -> Option<Payload> {
        let resolved = resolve_schema(self.document, self.pointers, schema, at).ok()?;
        let object = object_view(resolved.item)?;
        if !object.properties.contains_key(&envelope.property) {
            return None;
        }

        let mut scope = Scope::with_reserved(&["header"]);
        let mut fields = Vec::new();
        for (wire_name, slot) in object.properties {
            if *wire_name == envelope.property {
                continue;
            }
            let escaped = wire_name.replace('~', "~0").replace('/', "~1");
            let field_at = format!("{}/properties/{escaped}", resolved.pointer);
            let context = format!("{type_prefix}{}", names::pascal_case(wire_name));
            let Some(facts) = self.schema_facts(SchemaSlot::from(slot), &field_at, &context) else {
                continue;
            };
            self.response_roots.push(facts.ty.clone());
            let name = self.claim_name(&mut scope, names::snake_case(wire_name), wire_name, "property", &field_at);
            fields.push(PayloadField {
                name,
                wire_name: wire_name.clone(),
                ty: facts.ty,
                required: object.required.contains(wire_name) && !facts.nullable,
            });
        }

        let envelope_type = self.envelope_type_name(resolved.component, type_prefix);
        let output_type = (fields.len() > 1).then(|| self.output_type(type_prefix, &fields, &resolved.pointer));
        Some(Payload {
            envelope_type,
            fields,
            output_type,
        })
    }

    /// Names the private envelope struct after the response component, or after the
    /// operation for an inline schema; one component always gets the same name.
    pub(super) fn envelope_type_name(&mut self, component: Option<&str>, type_prefix: &str) -> String {
        if let Some(component) = component {
            if let Some(existing) = self.envelope_names.get(component) {
                return existing.clone();
            }
            let name = self.envelope_scope.claim(names::pascal_case(component));
            self.envelope_names.insert(component.to_owned(), name.clone());
            return name;
        }
        self.envelope_scope.claim(format!("{type_prefix}Response"))
    }

    /// Adds a public struct that carries a payload of several properties.
    fn output_type(&mut self, type_prefix: &str, fields: &[PayloadField], at: &str) -> String {
        let name = self.type_scope.claim(format!("{type_prefix}Output"));
        let fields = fields
            .iter()
            .map(|field| Field {
                name: field.name.clone(),
                wire_name: field.wire_name.clone(),
                doc: None,
                ty: field.ty.clone(),
                required: field.required,
                nullable: false,
                default: None,
                read_only: false,
                constraints: Default::default(),
            })
            .collect();
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                doc: Some("The payload of a response, without its result header.".to_owned()),
                pointer: at.to_owned(),
                kind: TypeKind::Struct(StructDef { fields }),
                in_request: false,
                in_response: true,
            },
        );
        name
    }
}

/// The lowest explicit 2xx response, else a `2XX` range response.
fn success_response(responses: &Responses) -> Option<(String, &ReferenceOr<openapiv3::Response>)> {
    let explicit = responses
        .responses
        .iter()
        .filter_map(|(code, response)| match code {
            StatusCode::Code(value) if (200..300).contains(value) => Some((*value, response)),
            _ => None,
        })
        .min_by_key(|(value, _)| *value)
        .map(|(value, response)| (value.to_string(), response));
    explicit.or_else(|| {
        responses.responses.iter().find_map(|(code, response)| match code {
            StatusCode::Range(2) => Some(("2XX".to_owned(), response)),
            _ => None,
        })
    })
}
