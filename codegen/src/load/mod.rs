//! Reads a spec file into an `openapiv3::OpenAPI` document.

mod refine;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::locate;
use openapiv3::OpenAPI;
use serde_yaml::Value;
use std::path::Path;

/// Reads the spec text at `path`.
///
/// # Errors
///
/// Returns one diagnostic when the file cannot be read or is not UTF-8.
pub fn read(path: &Path) -> Result<String, Diagnostics> {
    std::fs::read_to_string(path).map_err(|error| {
        let diagnostic = Diagnostic::new("", format!("cannot read the spec: {error}"))
            .with_help("pass the path of an OpenAPI 3.0 YAML or JSON file");
        Diagnostics::single(path, diagnostic)
    })
}

/// Reads and parses the spec at `path`.
///
/// # Errors
///
/// As [`read`] and [`parse`].
pub fn load(path: &Path) -> Result<OpenAPI, Diagnostics> {
    let text = read(path)?;
    parse(path, &text)
}

/// Parses spec text; `path` is used only to name the file in diagnostics.
///
/// # Errors
///
/// Returns one diagnostic when the text is not valid YAML, declares a version other than
/// OpenAPI 3.0.x, or does not have the structure of an OpenAPI 3.0 document.
pub fn parse(path: &Path, text: &str) -> Result<OpenAPI, Diagnostics> {
    let value: Value = serde_yaml::from_str(text)
        .map_err(|error| Diagnostics::single(path, syntax_error(&error)))?;
    if let Some(diagnostic) = version_error(&value, text) {
        return Err(Diagnostics::single(path, diagnostic));
    }

    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer)
        .map_err(|error| Diagnostics::single(path, structure_error(&error, &value, text)))
}

fn syntax_error(error: &serde_yaml::Error) -> Diagnostic {
    let message = format!("invalid YAML: {}", strip_location(&error.to_string()));
    let diagnostic = Diagnostic::new("", message)
        .with_help("fix the YAML syntax at this position; a JSON document is valid YAML too");
    match error.location() {
        Some(location) => diagnostic.at(location.line(), location.column()),
        None => diagnostic,
    }
}

/// Rejects documents that are not OpenAPI 3.0, before their structure produces confusing
/// errors.
fn version_error(document: &Value, text: &str) -> Option<Diagnostic> {
    let version = document.get("openapi");
    let diagnostic = match (version, document.get("swagger")) {
        (None, Some(_)) => Diagnostic::new("/swagger", "Swagger 2.0 documents are not supported")
            .with_help("convert the document to OpenAPI 3.0.x"),
        (Some(Value::String(version)), _) if !version.starts_with("3.0.") => Diagnostic::new(
            "/openapi",
            format!("openapi version `{version}` is not supported"),
        )
        .with_help("write the spec as OpenAPI 3.0.x, for example `openapi: 3.0.3`"),
        (Some(Value::Number(version)), _) => Diagnostic::new(
            "/openapi",
            format!("openapi version `{version}` is a number, not a string"),
        )
        .with_help("quote the version and give all three parts, for example `openapi: \"3.0.3\"`"),
        _ => return None,
    };
    let location = locate::locate(text, &diagnostic.pointer);
    Some(match location {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    })
}

fn structure_error(
    error: &serde_path_to_error::Error<serde_yaml::Error>,
    document: &Value,
    text: &str,
) -> Diagnostic {
    let (tokens, message) = match refine::innermost_error(document) {
        Some(innermost) => (innermost.tokens, innermost.message),
        None => (refine::path_tokens(error.path()), error.inner().to_string()),
    };
    let pointer = crate::diagnostics::pointer(&tokens);
    let diagnostic = Diagnostic::new(pointer, strip_location(&message)).with_help(
        "give the element the shape that the OpenAPI 3.0.3 specification defines for it",
    );
    let location = locate::locate_nearest(text, &diagnostic.pointer)
        .or_else(|| error.inner().location().map(|location| (location.line(), location.column())));
    match location {
        Some((line, column)) => diagnostic.at(line, column),
        None => diagnostic,
    }
}

/// Drops serde_yaml's " at line L column C" suffix, because the diagnostic shows the location.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> Diagnostic {
        match parse(Path::new("spec.yaml"), text) {
            Ok(_) => Diagnostic::new("", "parsed without error"),
            Err(diagnostics) => diagnostics.items[0].clone(),
        }
    }

    #[test]
    fn yaml_syntax_error_has_location() {
        let diagnostic = parse_error("openapi: 3.0.3\ninfo: [unclosed\n");
        assert!(diagnostic.location.is_some(), "{diagnostic:?}");
    }

    #[test]
    fn wrong_structure_names_pointer() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses: 5\n";
        let diagnostic = parse_error(text);
        assert_eq!(diagnostic.pointer, "/paths/~1a/get/responses");
        assert!(diagnostic.message.contains("invalid type"), "{diagnostic:?}");
    }

    #[test]
    fn openapi_31_is_rejected() {
        let text = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";
        let diagnostic = parse_error(text);
        assert_eq!(diagnostic.pointer, "/openapi");
        assert!(diagnostic.message.contains("3.1.0"));
    }
}
