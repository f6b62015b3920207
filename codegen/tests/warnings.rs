//! Constructs that generate but deserve a word: each gives a warning with its pointer.

use codegen::{Config, Diagnostic, Diagnostics};
use std::path::Path;

const SPEC: &str = r##"
openapi: 3.0.3
info:
  title: Warnings
  version: "1"
paths:
  /notes:
    post:
      requestBody:
        content:
          application/json:
            schema:
              $ref: "#/components/schemas/Note"
      responses:
        "200":
          description: Done.
components:
  schemas:
    Note:
      type: object
      properties:
        text:
          type: string
          pattern: "^[a-z]+$"
"##;

fn warnings() -> Result<Vec<Diagnostic>, Diagnostics> {
    let output = codegen::generate_from_str(Path::new("warnings.yaml"), SPEC, &Config::default())?;
    Ok(output.warnings.items)
}

fn find<'a>(warnings: &'a [Diagnostic], text: &str) -> Option<&'a Diagnostic> {
    warnings.iter().find(|warning| warning.message.contains(text))
}

#[test]
fn optional_body_is_reported() -> Result<(), Diagnostics> {
    let warnings = warnings()?;
    let warning = find(&warnings, "optional request body");
    assert!(warning.is_some(), "{warnings:#?}");
    let pointer = warning.map(|warning| warning.pointer.as_str());
    assert_eq!(pointer, Some("/paths/~1notes/post/requestBody"));
    Ok(())
}

#[test]
fn derived_operation_name_is_reported() -> Result<(), Diagnostics> {
    let warnings = warnings()?;
    let warning = find(&warnings, "has no `operationId`");
    assert!(warning.is_some(), "{warnings:#?}");
    let message = warning.map(|warning| warning.message.as_str()).unwrap_or_default();
    assert!(message.contains("post_notes"), "{message}");
    Ok(())
}

#[test]
fn unchecked_pattern_is_reported() -> Result<(), Diagnostics> {
    let warnings = warnings()?;
    assert!(find(&warnings, "pattern").is_some(), "{warnings:#?}");
    Ok(())
}

#[test]
fn warnings_carry_locations() -> Result<(), Diagnostics> {
    let warnings = warnings()?;
    assert!(!warnings.is_empty());
    for warning in &warnings {
        assert!(warning.location.is_some(), "no line for {warning:?}");
    }
    Ok(())
}
