//! Reads the `x-` extensions that this generator understands.
//!
//! spec/README.md describes each extension for people writing specs; the types here are the
//! exact shapes accepted.

use crate::diagnostics::Diagnostic;
use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Root `x-envelope`: where the result header sits in every response.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnvelopeExtension {
    pub property: String,
    pub schema: String,
    pub success_field: String,
    pub code_field: String,
    pub message_field: String,
}

/// Root `x-result-codes`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCodesExtension {
    #[serde(default)]
    pub codes: Vec<ResultCodeEntry>,
    #[serde(default)]
    pub services: Vec<ServiceEntry>,
}

/// One entry of `x-result-codes.codes`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResultCodeEntry {
    pub code: i64,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub http_status: Option<u16>,
}

/// One entry of `x-result-codes.services`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceEntry {
    pub prefix: i64,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// Operation `x-retry`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RetryExtension {
    Safe,
    Idempotent,
    Unsafe,
}

/// What each extension looks like, for the help text of a bad value.
fn expected_shape(key: &str) -> &'static str {
    match key {
        "x-envelope" => {
            "an object with `property`, `schema` (a `#/components/schemas/...` reference), \
             `successField`, `codeField` and `messageField`"
        }
        "x-result-codes" => {
            "an object with `codes` (items with `code`, `name`, optional `description` and \
             `httpStatus`) and `services` (items with `prefix`, `name`, optional `description`)"
        }
        "x-retry" => "one of `safe`, `idempotent` or `unsafe`",
        "x-client-parameter" | "x-secret" | "x-timestamp" => "`true` or `false`",
        "x-action-method" | "x-action-returns" => "a string",
        "x-windows-max-length" => "a non-negative integer",
        _ => "the documented shape",
    }
}

/// Reads extension `key` as `T`, recording a diagnostic at `at` when its value has the wrong
/// shape.
pub fn read<T: DeserializeOwned>(
    extensions: &IndexMap<String, Value>,
    key: &str,
    at: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value = extensions.get(key)?;
    match T::deserialize(value) {
        Ok(parsed) => Some(parsed),
        Err(error) => {
            let diagnostic = Diagnostic::new(
                format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                format!("extension `{key}` has an invalid value: {error}"),
            )
            .with_help(format!("`{key}` takes {}", expected_shape(key)));
            errors.push(diagnostic);
            None
        }
    }
}

/// Reads a boolean flag extension; absent means `false`.
pub fn flag(
    extensions: &IndexMap<String, Value>,
    key: &str,
    at: &str,
    errors: &mut Vec<Diagnostic>,
) -> bool {
    read::<bool>(extensions, key, at, errors).unwrap_or(false)
}
