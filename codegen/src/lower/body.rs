//! Lowers the JSON request body of one operation.

use super::Lowerer;
use super::refs::{SchemaSlot, resolve, resolve_schema};
use super::schema::object_view;
use crate::diagnostics::Diagnostic;
use crate::model::{Body, TypeRef};
use crate::names::{self, Scope};
use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema};

impl Lowerer<'_> {
    /// Lowers a request body. A body that is an object with exactly one required property of a
    /// named type is unwrapped: the method takes that property and wraps it when sending.
    pub(super) fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        at: &str,
        scope: &mut Scope,
        type_prefix: &str,
    ) -> Option<Body> {
        let map = self
            .document
            .components
            .as_ref()
            .map(|components| &components.request_bodies);
        let resolved = match resolve(body, at, "requestBodies", map, self.pointers) {
            Ok(resolved) => resolved,
            Err(diagnostic) => {
                self.errors.push(diagnostic);
                return None;
            }
        };
        let RequestBody {
            description,
            content,
            required,
            extensions: _,
        } = resolved.item;
        let body_at = resolved.pointer.to_owned();
        if !required {
            self.warnings.push(
                Diagnostic::new(&body_at, "an optional request body is always sent")
                    .with_help("the generated method takes the body as a required argument; mark it `required: true` to silence this"),
            );
        }

        let Some((media_type, media)) = content.iter().find(|(name, _)| is_json(name)) else {
            let offered = content.keys().cloned().collect::<Vec<_>>().join(", ");
            self.errors.push(
                Diagnostic::new(format!("{body_at}/content"), format!("request body media type `{offered}` is not supported"))
                    .with_help("describe the body as `application/json`"),
            );
            return None;
        };
        let MediaType {
            schema,
            example: _,
            examples: _,
            encoding: _,
            extensions: _,
        } = media;
        let escaped = media_type.replace('~', "~0").replace('/', "~1");
        let schema_at = format!("{body_at}/content/{escaped}/schema");
        let Some(schema) = schema else {
            self.errors.push(
                Diagnostic::new(&schema_at, "request body has no schema")
                    .with_help("add a `schema` to the JSON media type"),
            );
            return None;
        };

        let body = match self.wrapped_body(schema, &schema_at, type_prefix) {
            Some(body) => body,
            None => {
                let context = format!("{type_prefix}Body");
                let facts = self.schema_facts(schema.into(), &schema_at, &context)?;
                Body {
                    argument: "body".to_owned(),
                    ty: facts.ty,
                    wrapper: None,
                    doc: description.clone().or(facts.doc),
                }
            }
        };
        let body = Body {
            argument: scope.claim(body.argument),
            ..body
        };
        self.request_roots.push(body.ty.clone());
        Some(body)
    }

    fn wrapped_body(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &str,
        type_prefix: &str,
    ) -> Option<Body> {
        let resolved = resolve_schema(self.document, self.pointers, schema, at).ok()?;
        let object = object_view(resolved.item)?;
        let [(property, slot)] = object.properties.iter().collect::<Vec<_>>()[..] else {
            return None;
        };
        if !object.required.contains(property) {
            return None;
        }
        if matches!(SchemaSlot::from(slot), SchemaSlot::Inline(_)) {
            return None;
        }
        let escaped = property.replace('~', "~0").replace('/', "~1");
        let property_at = format!("{}/properties/{escaped}", resolved.pointer);
        let context = format!("{type_prefix}{}", names::pascal_case(property));
        let facts = self.schema_facts(slot.into(), &property_at, &context)?;
        if !matches!(facts.ty, TypeRef::Named(_)) {
            return None;
        }
        Some(Body {
            argument: names::snake_case(property),
            ty: facts.ty,
            wrapper: Some(property.clone()),
            doc: facts.doc,
        })
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_media_types() {
        assert!(is_json("application/json"));
        assert!(is_json("application/json;charset=UTF-8"));
        assert!(is_json("application/problem+json"));
        assert!(!is_json("multipart/form-data"));
        assert!(!is_json("text/plain"));
    }
}
