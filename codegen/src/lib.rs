//! Generates a typed Rust client from an OpenAPI 3.0 spec.
//!
//! The pipeline has four steps, each in its own module:
//!
//! 1. [`load`] parses YAML into an `openapiv3::OpenAPI` document;
//! 2. [`lower`] checks the supported subset and builds the [`model::Api`];
//! 3. [`emit`] turns the model into one token stream per generated file;
//! 4. [`render`] formats each token stream with prettyplease.
//!
//! Every problem in the spec becomes a [`Diagnostic`]; nothing here panics on spec input.
//! `codegen/README.md` lists the supported OpenAPI constructs and the `x-` extensions.

pub mod diagnostics;
pub mod emit;
pub mod load;
pub mod locate;
pub mod lower;
pub mod model;
pub mod names;
pub mod render;

pub use diagnostics::{Diagnostic, Diagnostics};
pub use emit::Config;

use std::path::{Path, PathBuf};

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the output directory, such as `types.rs`.
    pub path: PathBuf,
    /// Formatted Rust source, starting with the `@generated` banner.
    pub contents: String,
}

/// The result of a successful run.
#[derive(Debug, Clone)]
pub struct Output {
    /// The generated files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// Things worth knowing that did not prevent generation.
    pub warnings: Diagnostics,
}

/// Reads the spec at `spec_path` and generates the client modules.
///
/// # Errors
///
/// Returns every problem found in the spec, each naming its JSON pointer and, where the
/// pointer exists in the text, its line and column.
pub fn generate(spec_path: &Path, config: &Config) -> Result<Output, Diagnostics> {
    let text = load::read(spec_path)?;
    generate_from_str(spec_path, &text, config)
}

/// Generates the client modules from spec text; `spec_path` only names the file in messages.
///
/// # Errors
///
/// As [`generate`].
pub fn generate_from_str(spec_path: &Path, text: &str, config: &Config) -> Result<Output, Diagnostics> {
    let result = load::parse(spec_path, text).and_then(|document| generate_document(spec_path, &document, config));
    match result {
        Ok(mut output) => {
            locate::add_locations(&mut output.warnings, text);
            Ok(output)
        }
        Err(mut errors) => {
            locate::add_locations(&mut errors, text);
            Err(errors)
        }
    }
}

/// Builds the model of a spec without emitting code.
///
/// # Errors
///
/// As [`generate`].
pub fn model_from_str(spec_path: &Path, text: &str) -> Result<model::Api, Diagnostics> {
    let document = load::parse(spec_path, text)?;
    let lowered = lower::lower(&document);
    match lowered.api {
        Some(api) => Ok(api),
        None => {
            let mut errors = Diagnostics {
                file: spec_path.to_path_buf(),
                items: lowered.errors,
            };
            locate::add_locations(&mut errors, text);
            Err(errors)
        }
    }
}

fn generate_document(
    spec_path: &Path,
    document: &openapiv3::OpenAPI,
    config: &Config,
) -> Result<Output, Diagnostics> {
    let lowered = lower::lower(document);
    let warnings = Diagnostics {
        file: spec_path.to_path_buf(),
        items: lowered.warnings,
    };
    if let Err(diagnostic) = emit::check_config(config) {
        return Err(Diagnostics::single(spec_path, diagnostic));
    }
    let Some(api) = lowered.api else {
        return Err(Diagnostics {
            file: spec_path.to_path_buf(),
            items: lowered.errors,
        });
    };

    let mut files = Vec::new();
    for module in emit::emit(&api, config) {
        let contents = render::render(&module.tokens).map_err(|error| {
            let diagnostic = Diagnostic::new("", format!("generated module `{}` is not valid Rust: {error}", module.file))
                .with_help("this is a generator bug; please report it with the spec that triggers it");
            Diagnostics::single(spec_path, diagnostic)
        })?;
        files.push(GeneratedFile {
            path: PathBuf::from(module.file),
            contents,
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files, warnings })
}
