//! Reads a spec file into an `openapiv3::OpenAPI` document.

use crate::diagnostics::{Diagnostic, Diagnostics};
use openapiv3::OpenAPI;
use std::path::Path;

/// Reads and parses the spec at `path`.
///
/// # Errors
///
/// Returns one diagnostic when the file cannot be read, is not valid YAML, does not have the
/// structure of an OpenAPI 3.0 document, or declares another OpenAPI version.
pub fn load(path: &Path) -> Result<OpenAPI, Diagnostics> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        let diagnostic = Diagnostic::new("", format!("cannot read the spec: {error}"))
            .with_help("pass the path of an OpenAPI 3.0 YAML or JSON file");
        Diagnostics::single(path, diagnostic)
    })?;
    parse(path, &text)
}

/// Parses spec text; `path` is used only to name the file in diagnostics.
///
/// # Errors
///
/// As [`load`], except for reading the file.
pub fn parse(path: &Path, text: &str) -> Result<OpenAPI, Diagnostics> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let document: OpenAPI = serde_path_to_error::deserialize(deserializer)
        .map_err(|error| Diagnostics::single(path, structure_error(&error)))?;

    if !document.openapi.starts_with("3.0.") {
        let diagnostic = Diagnostic::new(
            "/openapi",
            format!("openapi version `{}` is not supported", document.openapi),
        )
        .with_help("write the spec as OpenAPI 3.0.x, for example `openapi: 3.0.3`");
        return Err(Diagnostics::single(path, diagnostic));
    }

    Ok(document)
}

fn structure_error(error: &serde_path_to_error::Error<serde_yaml::Error>) -> Diagnostic {
    let inner = error.inner();
    let pointer = path_to_pointer(error.path());
    let message = strip_location(&inner.to_string());
    let diagnostic = Diagnostic::new(pointer, message).with_help(
        "fix the YAML syntax or the element's shape; the OpenAPI 3.0.3 specification lists \
         the fields each object takes",
    );
    match inner.location() {
        Some(location) => diagnostic.at(location.line(), location.column()),
        None => diagnostic,
    }
}

/// Converts serde_path_to_error's dotted path into a JSON pointer.
fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;

    let tokens = path.iter().filter_map(|segment| match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    });
    crate::diagnostics::pointer(tokens)
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
