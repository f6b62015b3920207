//! Lowers paths and operations.

use super::extensions::{self, RetryExtension};
use super::parameters::ParameterSlot;
use super::{HEADER_ONLY_ENVELOPE, Lowerer};
use crate::diagnostics::{Diagnostic, pointer};
use crate::model::{
    Action, Body, Envelope, HttpMethod, Operation, ParameterLocation, PathPart, Response,
    RetryClass, TypeKind, TypeRef,
};
use crate::names::{self, Scope};
use openapiv3::{PathItem, ReferenceOr};

/// Method names that the generated `Client` already has.
const CLIENT_METHODS: &[&str] = &["builder", "core", "with_retry", "from_core", "clone", "fmt"];

/// Names of local variables in generated methods, which arguments must not shadow.
const LOCAL_NAMES: &[&str] = &["request", "envelope", "action", "value", "payload", "client"];

impl Lowerer<'_> {
    /// Lowers every operation, paths in spec order and methods in a fixed order.
    pub(super) fn operations(&mut self, envelope: Option<&Envelope>) -> Vec<Operation> {
        let mut method_scope = Scope::with_reserved(CLIENT_METHODS);
        let mut operations = Vec::new();
        let document = self.document;
        for (path, item) in &document.paths.paths {
            let path_at = pointer(["paths", path.as_str()]);
            let ReferenceOr::Item(item) = item else {
                self.errors.push(
                    Diagnostic::new(&path_at, "a `$ref` in place of a path item is not supported")
                        .with_help("write the path item inline"),
                );
                continue;
            };
            let PathItem {
                summary: _,
                description: _,
                get,
                put,
                post,
                delete,
                options,
                head,
                patch,
                trace,
                servers,
                parameters,
                extensions: _,
            } = item;
            for (name, operation) in [("options", options), ("head", head), ("trace", trace)] {
                if operation.is_some() {
                    self.warnings.push(
                        Diagnostic::new(format!("{path_at}/{name}"), format!("`{name}` operations are skipped"))
                            .with_help("only GET, PUT, POST, DELETE and PATCH get methods"),
                    );
                }
            }
            if !servers.is_empty() {
                self.warnings.push(
                    Diagnostic::new(format!("{path_at}/servers"), "path-level servers are ignored")
                        .with_help("every operation uses the client's base URL"),
                );
            }
            let methods = [
                (HttpMethod::Get, get),
                (HttpMethod::Put, put),
                (HttpMethod::Post, post),
                (HttpMethod::Delete, delete),
                (HttpMethod::Patch, patch),
            ];
            for (method, operation) in methods {
                let Some(operation) = operation else {
                    continue;
                };
                let context = OperationContext {
                    path,
                    path_at: &path_at,
                    method,
                    path_parameters: parameters,
                    envelope,
                };
                if let Some(lowered) = self.operation(&context, operation, &mut method_scope) {
                    operations.push(lowered);
                }
            }
        }
        operations
    }

    fn operation(
        &mut self,
        context: &OperationContext<'_>,
        operation: &openapiv3::Operation,
        method_scope: &mut Scope,
    ) -> Option<Operation> {
        let openapiv3::Operation {
            tags: _,
            summary,
            description,
            external_docs: _,
            operation_id,
            parameters,
            request_body,
            responses,
            callbacks,
            deprecated,
            security,
            servers,
            extensions,
        } = operation;
        let method_word = context.method.as_str().to_ascii_lowercase();
        let at = format!("{}/{method_word}", context.path_at);

        let id = match operation_id {
            Some(id) => id.clone(),
            None => self.derived_operation_id(context, &at),
        };
        let method_name = self.claim_name(method_scope, names::snake_case(&id), &id, "operation", &at);
        let type_prefix = names::pascal_case(&method_name);
        let path = self.path_parts(context.path, context.path_at)?;

        let mut argument_scope = Scope::with_reserved(LOCAL_NAMES);
        let slots = parameter_slots(context, parameters, &at);
        let lowered_parameters = self.parameters(&slots, &mut argument_scope, &type_prefix);
        self.check_path_parameters(&path, &lowered_parameters, &at);

        let body = request_body.as_ref().and_then(|body| {
            self.body(body, &format!("{at}/requestBody"), &mut argument_scope, &type_prefix)
        });
        let response = self.response(responses, &at, context.envelope, &type_prefix)?;

        if !callbacks.is_empty() {
            self.warnings.push(
                Diagnostic::new(format!("{at}/callbacks"), "callbacks are ignored")
                    .with_help("a client cannot receive callbacks; serve them separately"),
            );
        }
        if !servers.is_empty() {
            self.warnings.push(
                Diagnostic::new(format!("{at}/servers"), "operation-level servers are ignored")
                    .with_help("every operation uses the client's base URL"),
            );
        }

        let requirements = security.as_ref().or(self.document.security.as_ref());
        let secured = requirements
            .is_some_and(|requirements| requirements.iter().any(|requirement| !requirement.is_empty()));
        let retry = self.retry_class(extensions, context.method, &at);
        let actions = self.actions(body.as_ref(), &response, method_scope, &at);

        Some(Operation {
            id,
            method_name,
            type_prefix,
            pointer: at,
            http_method: context.method,
            path_template: context.path.to_owned(),
            path,
            summary: summary.clone(),
            description: description.clone(),
            deprecated: *deprecated,
            parameters: lowered_parameters,
            body,
            response,
            secured,
            retry,
            actions,
        })
    }

    fn derived_operation_id(&mut self, context: &OperationContext<'_>, at: &str) -> String {
        let words = context
            .path
            .split('/')
            .map(|segment| segment.trim_matches(|c| c == '{' || c == '}'))
            .filter(|segment| !segment.is_empty())
            .collect::<Vec<_>>()
            .join("_");
        let id = format!("{}_{words}", context.method.as_str().to_ascii_lowercase());
        self.warnings.push(
            Diagnostic::new(at, format!("operation has no `operationId`; its method is named `{}`", names::snake_case(&id)))
                .with_help("add an `operationId` to choose the method name"),
        );
        id
    }

    /// Splits a path template into literal text and `{parameter}` placeholders.
    fn path_parts(&mut self, template: &str, at: &str) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(length) = rest[open..].find('}') else {
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            parts.push(PathPart::Parameter(rest[open + 1..open + length].to_owned()));
            rest = &rest[open + length + 1..];
        }
        if rest.contains('{') || rest.contains('}') {
            self.errors.push(
                Diagnostic::new(at, format!("path `{template}` has an unbalanced `{{` or `}}`"))
                    .with_help("write each path parameter as `{name}`"),
            );
            return None;
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        Some(parts)
    }

    fn check_path_parameters(
        &mut self,
        path: &[PathPart],
        parameters: &[crate::model::Parameter],
        at: &str,
    ) {
        for part in path {
            let PathPart::Parameter(name) = part else {
                continue;
            };
            let declared = parameters
                .iter()
                .any(|parameter| parameter.location == ParameterLocation::Path && parameter.wire_name == *name);
            if !declared {
                self.errors.push(
                    Diagnostic::new(at, format!("path parameter `{name}` is not declared"))
                        .with_help(format!("add a parameter with `name: {name}` and `in: path`")),
                );
            }
        }
        for parameter in parameters {
            let in_template = path
                .iter()
                .any(|part| matches!(part, PathPart::Parameter(name) if *name == parameter.wire_name));
            if parameter.location == ParameterLocation::Path && !in_template {
                self.errors.push(
                    Diagnostic::new(at, format!("path parameter `{}` does not appear in the path", parameter.wire_name))
                        .with_help("add the placeholder to the path or declare the parameter `in: query`"),
                );
            }
        }
    }

    fn retry_class(
        &mut self,
        extensions: &indexmap::IndexMap<String, serde_json::Value>,
        method: HttpMethod,
        at: &str,
    ) -> RetryClass {
        let declared: Option<RetryExtension> =
            extensions::read(extensions, "x-retry", at, &mut self.errors);
        match (declared, method) {
            (Some(RetryExtension::Safe), _) => RetryClass::Safe,
            (Some(RetryExtension::Idempotent), _) => RetryClass::Idempotent,
            (Some(RetryExtension::Unsafe), _) => RetryClass::Unsafe,
            (None, HttpMethod::Get) => RetryClass::Safe,
            (None, HttpMethod::Put | HttpMethod::Delete) => RetryClass::Idempotent,
            (None, HttpMethod::Post | HttpMethod::Patch) => RetryClass::Unsafe,
        }
    }

    /// Builds one method per union variant that declares `x-action-method`.
    fn actions(
        &mut self,
        body: Option<&Body>,
        response: &Response,
        method_scope: &mut Scope,
        at: &str,
    ) -> Vec<Action> {
        let Some(Body {
            ty: TypeRef::Named(union_name),
            ..
        }) = body
        else {
            return Vec::new();
        };
        let Some(TypeKind::Union(union)) = self.types.get(union_name).map(|def| def.kind.clone())
        else {
            return Vec::new();
        };

        let mut actions = Vec::new();
        for variant in &union.variants {
            let Some(method) = &variant.action_method else {
                continue;
            };
            let data_type = match &variant.data {
                None => None,
                Some(TypeRef::Named(name))
                    if matches!(self.types.get(name).map(|def| &def.kind), Some(TypeKind::Struct(_))) =>
                {
                    Some(name.clone())
                }
                Some(_) => {
                    self.errors.push(
                        Diagnostic::new(at, format!("action `{method}` carries data that is not an object"))
                            .with_help("give the action's parameters an object schema, or remove `x-action-method`"),
                    );
                    continue;
                }
            };
            let returns = match (&variant.action_returns, response) {
                (None, _) => None,
                (Some(property), Response::Enveloped(payload)) => {
                    let field = payload.fields.iter().find(|field| field.wire_name == *property);
                    let Some(field) = field else {
                        self.errors.push(
                            Diagnostic::new(at, format!("`x-action-returns` of `{method}` names `{property}`, which the response does not have"))
                                .with_help("name a property of the operation's success response"),
                        );
                        continue;
                    };
                    let mut field = field.clone();
                    field.required = true;
                    Some(field)
                }
                (Some(_), _) => {
                    self.errors.push(
                        Diagnostic::new(at, format!("`x-action-returns` of `{method}` needs an enveloped response"))
                            .with_help("declare `x-envelope` at the root, or remove `x-action-returns`"),
                    );
                    continue;
                }
            };
            let method_name = method_scope.claim(names::snake_case(method));
            let envelope_type = match &returns {
                Some(_) => self
                    .envelope_scope
                    .claim(format!("{}Response", names::pascal_case(method))),
                None => HEADER_ONLY_ENVELOPE.to_owned(),
            };
            actions.push(Action {
                method_name,
                variant: variant.name.clone(),
                doc: variant.doc.clone(),
                data_type,
                returns,
                envelope_type,
            });
        }
        actions
    }
}

/// Path-level facts that an operation inherits.
struct OperationContext<'a> {
    path: &'a str,
    path_at: &'a str,
    method: HttpMethod,
    path_parameters: &'a [ReferenceOr<openapiv3::Parameter>],
    envelope: Option<&'a Envelope>,
}

fn parameter_slots<'a>(
    context: &OperationContext<'a>,
    parameters: &'a [ReferenceOr<openapiv3::Parameter>],
    at: &str,
) -> Vec<ParameterSlot<'a>> {
    let path_level = context
        .path_parameters
        .iter()
        .enumerate()
        .map(|(index, item)| ParameterSlot {
            item,
            pointer: format!("{}/parameters/{index}", context.path_at),
        });
    let operation_level = parameters
        .iter()
        .enumerate()
        .map(|(index, item)| ParameterSlot {
            item,
            pointer: format!("{at}/parameters/{index}"),
        });
    path_level.chain(operation_level).collect()
}
