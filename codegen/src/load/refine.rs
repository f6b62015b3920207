//! Finds the innermost element that makes a document fail to deserialize.
//!
//! openapiv3 reads every `$ref`-or-item position through an untagged enum and every map of
//! paths or components through `#[serde(flatten)]`. Serde buffers such content, so an error
//! inside it loses its path: a bad `responses` deep in an operation is reported as
//! "data did not match any variant of untagged enum ReferenceOr" at `/paths`. This module
//! walks the YAML value from the root, deserializing each element as the type that its
//! position holds, and returns the deepest error with its full path and message.

use openapiv3::{
    AnySchema, ArrayType, BooleanType, Components, IntegerType, MediaType, NumberType, ObjectType,
    OpenAPI, Operation, Parameter, PathItem, RequestBody, Response, Schema, SchemaData,
    SecurityScheme, StringType,
};
use serde::de::DeserializeOwned;
use serde_yaml::Value;

/// The path below the root and the message of the innermost deserialization error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Innermost {
    /// Reference tokens of the failing element.
    pub tokens: Vec<String>,
    /// What serde reported, without serde_yaml's position suffix.
    pub message: String,
}

/// The innermost error of deserializing `document` as an OpenAPI document, if it fails.
pub fn innermost_error(document: &Value) -> Option<Innermost> {
    let document = with_string_keys(document);
    refine(Position::Root, &document)
}

/// What an element of the document is, judged by the keys on the path to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Root,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    SecurityScheme,
    /// A map or list whose entries all hold the given position.
    Entries(Entry),
    /// Anything this module does not refine, such as `info` or an example.
    Other,
}

/// Kind of element that each entry of a map or list contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Entry {
    PathItem,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    SecurityScheme,
}

impl Entry {
    fn position(self) -> Position {
        match self {
            Entry::PathItem => Position::PathItem,
            Entry::Parameter => Position::Parameter,
            Entry::RequestBody => Position::RequestBody,
            Entry::Response => Position::Response,
            Entry::MediaType => Position::MediaType,
            Entry::Schema => Position::Schema,
            Entry::SecurityScheme => Position::SecurityScheme,
        }
    }
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

impl Position {
    /// The position of the child under `token`.
    fn child(self, token: &str) -> Position {
        match (self, token) {
            (Position::Root, "paths") => Position::Entries(Entry::PathItem),
            (Position::Root, "components") => Position::Components,
            (Position::Components, "schemas") => Position::Entries(Entry::Schema),
            (Position::Components, "parameters") => Position::Entries(Entry::Parameter),
            (Position::Components, "requestBodies") => Position::Entries(Entry::RequestBody),
            (Position::Components, "responses") => Position::Entries(Entry::Response),
            (Position::Components, "securitySchemes") => Position::Entries(Entry::SecurityScheme),
            (Position::PathItem, method) if METHODS.contains(&method) => Position::Operation,
            (Position::PathItem | Position::Operation, "parameters") => {
                Position::Entries(Entry::Parameter)
            }
            (Position::Operation, "requestBody") => Position::RequestBody,
            (Position::Operation, "responses") => Position::Entries(Entry::Response),
            (Position::Parameter | Position::RequestBody | Position::Response, "content") => {
                Position::Entries(Entry::MediaType)
            }
            (Position::Parameter | Position::MediaType, "schema") => Position::Schema,
            (Position::Schema, "properties") => Position::Entries(Entry::Schema),
            (Position::Schema, "allOf" | "oneOf" | "anyOf") => Position::Entries(Entry::Schema),
            (Position::Schema, "items" | "not" | "additionalProperties") => Position::Schema,
            (Position::Entries(entry), _) => entry.position(),
            _ => Position::Other,
        }
    }
}

fn refine(position: Position, value: &Value) -> Option<Innermost> {
    match position {
        Position::Root => refine_as::<OpenAPI>(position, value),
        Position::Components => refine_as::<Components>(position, value),
        Position::PathItem => refine_as::<PathItem>(position, value),
        Position::Operation => refine_as::<Operation>(position, value),
        Position::Parameter => refine_as::<Parameter>(position, value),
        Position::RequestBody => refine_as::<RequestBody>(position, value),
        Position::Response => refine_as::<Response>(position, value),
        Position::MediaType => refine_as::<MediaType>(position, value),
        Position::Schema => refine_schema(value),
        Position::SecurityScheme => refine_as::<SecurityScheme>(position, value),
        Position::Entries(_) => refine_entries(position, value),
        Position::Other => None,
    }
}

/// Deserializes `value` as `T`; on failure, looks for a deeper error below the failing path.
fn refine_as<T: DeserializeOwned>(position: Position, value: &Value) -> Option<Innermost> {
    if is_reference(value) {
        return None;
    }
    let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let tokens = path_tokens(error.path());
    let message = error.inner().to_string();
    if tokens.is_empty() {
        let inner = refine_children(position, value);
        return inner.or(Some(Innermost { tokens, message }));
    }

    let mut child_position = position;
    let mut child_value = value;
    for token in &tokens {
        child_position = child_position.child(token);
        match child(child_value, token) {
            Some(next) => child_value = next,
            None => return Some(Innermost { tokens, message }),
        }
    }
    match refine(child_position, child_value) {
        Some(deeper) => Some(Innermost {
            tokens: tokens.into_iter().chain(deeper.tokens).collect(),
            message: deeper.message,
        }),
        None => Some(Innermost { tokens, message }),
    }
}

/// Refines a schema through its parts, because openapiv3 flattens both `SchemaData` and the
/// kind-specific keywords into `Schema`, which hides the path of an error in either.
fn refine_schema(value: &Value) -> Option<Innermost> {
    let whole = refine_as::<Schema>(Position::Schema, value)?;
    if !whole.tokens.is_empty() {
        return Some(whole);
    }
    let kind = match value.get("type").and_then(Value::as_str) {
        Some("object") => refine_as::<ObjectType>(Position::Schema, value),
        Some("array") => refine_as::<ArrayType>(Position::Schema, value),
        Some("string") => refine_as::<StringType>(Position::Schema, value),
        Some("integer") => refine_as::<IntegerType>(Position::Schema, value),
        Some("number") => refine_as::<NumberType>(Position::Schema, value),
        Some("boolean") => refine_as::<BooleanType>(Position::Schema, value),
        _ => refine_as::<AnySchema>(Position::Schema, value),
    };
    kind.or_else(|| refine_as::<SchemaData>(Position::Schema, value))
        .or(Some(whole))
}

/// Refines the first failing child of a mapping whose type this module recognizes. serde
/// reports such errors at the parent when the child is read through `#[serde(flatten)]` or a
/// tagged enum, such as the `schema` of a parameter.
fn refine_children(position: Position, value: &Value) -> Option<Innermost> {
    let mapping = value.as_mapping()?;
    mapping.iter().find_map(|(key, entry)| {
        let token = key.as_str()?;
        let child_position = position.child(token);
        if child_position == Position::Other {
            return None;
        }
        let deeper = refine(child_position, entry)?;
        Some(Innermost {
            tokens: std::iter::once(token.to_owned()).chain(deeper.tokens).collect(),
            message: deeper.message,
        })
    })
}

/// Refines the first entry of a map or list that fails.
fn refine_entries(position: Position, value: &Value) -> Option<Innermost> {
    let entries: Vec<(String, &Value)> = match value {
        Value::Mapping(mapping) => mapping
            .iter()
            .filter_map(|(key, entry)| key.as_str().map(|key| (key.to_owned(), entry)))
            .collect(),
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .map(|(index, entry)| (index.to_string(), entry))
            .collect(),
        _ => return None,
    };
    entries.into_iter().find_map(|(token, entry)| {
        let deeper = refine(position.child(&token), entry)?;
        Some(Innermost {
            tokens: std::iter::once(token).chain(deeper.tokens).collect(),
            message: deeper.message,
        })
    })
}

fn is_reference(value: &Value) -> bool {
    value.as_mapping().is_some_and(|mapping| mapping.contains_key("$ref"))
}

fn child<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Mapping(mapping) => mapping.get(token),
        Value::Sequence(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    }
}

/// Converts serde_path_to_error's path into reference tokens.
pub fn path_tokens(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;

    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

/// A copy of `value` whose mapping keys are all strings, as a JSON document's are: YAML reads
/// `200:` as a number, which openapiv3's string keys reject when read from a `Value`.
fn with_string_keys(value: &Value) -> Value {
    match value {
        Value::Mapping(mapping) => Value::Mapping(
            mapping
                .iter()
                .map(|(key, entry)| (Value::String(key_text(key)), with_string_keys(entry)))
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(items.iter().map(with_string_keys).collect()),
        Value::Tagged(tagged) => with_string_keys(&tagged.value),
        other => other.clone(),
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        other => serde_yaml::to_string(other).unwrap_or_default().trim_end().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn innermost(text: &str) -> Option<Innermost> {
        let value: Value = serde_yaml::from_str(text).ok()?;
        innermost_error(&value)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn valid_document_has_no_error() {
        let text = format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        200: {{description: ok}}\n");
        assert_eq!(innermost(&text), None);
    }

    #[test]
    fn error_inside_path_item_keeps_full_path() {
        let text = format!("{HEAD}paths:\n  /a:\n    get:\n      responses: 5\n");
        let error = innermost(&text);
        let tokens = error.as_ref().map(|error| error.tokens.join("/"));
        assert_eq!(tokens.as_deref(), Some("paths//a/get/responses"));
        let message = error.map(|error| error.message).unwrap_or_default();
        assert!(message.contains("invalid type: integer `5`"), "{message}");
    }

    #[test]
    fn error_inside_component_schema_property() {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          type: string\n          maxLength: many\n"
        );
        let tokens = innermost(&text).map(|error| error.tokens.join("/"));
        assert_eq!(tokens.as_deref(), Some("components/schemas/A/properties/b/maxLength"));
    }

    #[test]
    fn missing_field_names_its_object() {
        let text = format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200': {{}}\n");
        let error = innermost(&text);
        let tokens = error.as_ref().map(|error| error.tokens.join("/"));
        assert_eq!(tokens.as_deref(), Some("paths//a/get/responses/200"));
        let message = error.map(|error| error.message).unwrap_or_default();
        assert!(message.contains("missing field `description`"), "{message}");
    }
}
