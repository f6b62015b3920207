//! API-wide facts: title, server, security scheme, envelope and result codes.

use super::Lowerer;
use super::extensions::{self, EnvelopeExtension, ResultCodesExtension};
use super::refs::component_name;
use crate::diagnostics::{Diagnostic, pointer};
use crate::model::{
    Envelope, NamedResultCode, ResultCodes, Scalar, ServicePrefix, TypeKind, TypeRef,
};
use crate::names::{self, Scope};
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityScheme};

/// API-wide facts that do not need the type graph.
pub(super) struct ApiInfo {
    pub title: String,
    pub description: Option<String>,
    pub default_base_url: String,
    pub auth_header: Option<String>,
}

impl Lowerer<'_> {
    pub(super) fn api_info(&mut self) -> ApiInfo {
        let info = &self.document.info;
        ApiInfo {
            title: info.title.clone(),
            description: info.description.clone(),
            default_base_url: self.default_base_url(),
            auth_header: self.auth_header(),
        }
    }

    /// The first server's URL with each variable replaced by its default.
    fn default_base_url(&mut self) -> String {
        let Some(server) = self.document.servers.first() else {
            return String::new();
        };
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        if url.contains('{') {
            self.errors.push(
                Diagnostic::new("/servers/0/url", format!("server URL `{url}` has a variable without a definition"))
                    .with_help("declare every `{name}` of the URL under `variables` with a `default`"),
            );
        }
        url.trim_end_matches('/').to_owned()
    }

    /// The header of the first `apiKey` security scheme that lives in a header.
    ///
    /// Other schemes are reported, because the runtime has no way to send them.
    fn auth_header(&mut self) -> Option<String> {
        let components = self.document.components.as_ref()?;
        let mut header = None;
        for (name, scheme) in &components.security_schemes {
            let at = pointer(["components", "securitySchemes", name.as_str()]);
            match scheme {
                ReferenceOr::Item(SecurityScheme::APIKey {
                    location: APIKeyLocation::Header,
                    name: header_name,
                    description: _,
                    extensions: _,
                }) => {
                    header.get_or_insert_with(|| header_name.clone());
                }
                _ => self.errors.push(
                    Diagnostic::new(at, format!("security scheme `{name}` is not supported"))
                        .with_help("use an `apiKey` scheme with `in: header`, which the client sends on every secured operation"),
                ),
            }
        }
        header
    }

    /// Reads `x-envelope` and checks the header schema it names.
    pub(super) fn envelope(&mut self) -> Option<Envelope> {
        let extension: EnvelopeExtension = extensions::read(
            &self.document.extensions,
            "x-envelope",
            "",
            &mut self.errors,
        )?;
        let at = "/x-envelope/schema";
        let component = match component_name(&extension.schema, "schemas", at) {
            Ok(name) => name.to_owned(),
            Err(diagnostic) => {
                self.errors.push(diagnostic);
                return None;
            }
        };
        let header_type = self.named_component(&component, at)?;
        self.response_roots.push(TypeRef::Named(header_type.clone()));

        let success_field = self.header_field(&header_type, &extension.success_field, Scalar::Boolean, "successField");
        let code_field = self.header_field(&header_type, &extension.code_field, Scalar::Integer(crate::model::IntegerWidth::I64), "codeField");
        let message_field = self.header_field(&header_type, &extension.message_field, Scalar::String, "messageField");
        Some(Envelope {
            property: extension.property,
            header_type,
            success_field: success_field?,
            code_field: code_field?,
            message_field: message_field?,
        })
    }

    /// Finds the Rust name of a required header field of the expected scalar kind.
    fn header_field(&mut self, header_type: &str, wire_name: &str, expected: Scalar, key: &str) -> Option<String> {
        let at = format!("/x-envelope/{key}");
        let field = match self.types.get(header_type).map(|def| &def.kind) {
            Some(TypeKind::Struct(def)) => def.fields.iter().find(|field| field.wire_name == wire_name),
            _ => {
                self.errors.push(
                    Diagnostic::new(&at, format!("envelope header `{header_type}` is not an object schema"))
                        .with_help("point `x-envelope.schema` at an object with the success, code and message properties"),
                );
                return None;
            }
        };
        let Some(field) = field else {
            self.errors.push(
                Diagnostic::new(&at, format!("envelope header `{header_type}` has no property `{wire_name}`"))
                    .with_help(format!("add `{wire_name}` to the header schema or fix `x-envelope.{key}`")),
            );
            return None;
        };
        let matches = match (&field.ty, expected) {
            (TypeRef::Scalar(Scalar::Integer(_)), Scalar::Integer(_)) => true,
            (TypeRef::Scalar(actual), expected) => *actual == expected,
            _ => false,
        };
        if !matches || field.is_optional() {
            self.errors.push(
                Diagnostic::new(&at, format!("envelope header property `{wire_name}` must be a required {}", scalar_word(expected)))
                    .with_help(format!("declare `{wire_name}` as a required {} in the header schema", scalar_word(expected))),
            );
            return None;
        }
        Some(field.name.clone())
    }

    /// Reads `x-result-codes`.
    pub(super) fn result_codes(&mut self) -> Option<ResultCodes> {
        let extension: ResultCodesExtension = extensions::read(
            &self.document.extensions,
            "x-result-codes",
            "",
            &mut self.errors,
        )?;
        let mut scope = Scope::with_reserved(&["Service", "Other"]);
        let codes = extension
            .codes
            .into_iter()
            .map(|entry| NamedResultCode {
                code: entry.code,
                name: scope.claim(names::pascal_case(&entry.name)),
                description: entry.description,
                http_status: entry.http_status,
            })
            .collect();
        let mut service_scope = Scope::default();
        let services = extension
            .services
            .into_iter()
            .map(|entry| ServicePrefix {
                prefix: entry.prefix,
                name: service_scope.claim(names::pascal_case(&entry.name)),
                description: entry.description,
            })
            .collect();
        Some(ResultCodes { codes, services })
    }
}

fn scalar_word(scalar: Scalar) -> &'static str {
    match scalar {
        Scalar::Boolean => "boolean",
        Scalar::Integer(_) => "integer",
        _ => "string",
    }
}
