//! Snapshots of the generator's output for the real spec and for each fixture spec.
//!
//! The build script compiles the same fixture output into this crate, and the real spec's
//! output is the `toast-compute-instance` crate itself, so every snapshot here is code that
//! builds. Review changes with `cargo insta review`.

use codegen::{Config, GeneratedFile};
use std::path::{Path, PathBuf};

fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn generate(spec: &Path, runtime_path: &str) -> Vec<GeneratedFile> {
    let config = Config {
        runtime_path: runtime_path.to_owned(),
    };
    match codegen::generate(spec, &config) {
        Ok(output) => output.files,
        Err(diagnostics) => panic!("{} does not generate:\n{diagnostics}", spec.display()),
    }
}

fn snapshot_name(prefix: &str, file: &GeneratedFile) -> String {
    let stem = file
        .path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or_default();
    format!("{prefix}__{stem}")
}

#[test]
fn real_spec_output() {
    let spec = repository_root().join("spec/toast-compute-instance.yaml");
    let files = generate(&spec, "crate::runtime");
    assert!(files.len() >= 5, "expected one file per concern, got {}", files.len());
    for file in &files {
        insta::assert_snapshot!(snapshot_name("toast_compute_instance", file), &file.contents);
    }
}

#[test]
fn fixture_outputs() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .map(|entries| entries.filter_map(Result::ok).map(|entry| entry.path()).collect())
        .unwrap_or_default();
    specs.retain(|path| path.extension().is_some_and(|extension| extension == "yaml"));
    specs.sort();
    assert!(specs.len() >= 7, "expected the construct fixtures, found {specs:?}");

    for spec in &specs {
        let name = spec
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .replace('-', "_");
        for file in generate(spec, "::toast_compute_instance::runtime") {
            insta::assert_snapshot!(snapshot_name(&name, &file), &file.contents);
        }
    }
}

#[test]
fn output_is_deterministic() {
    let spec = repository_root().join("spec/toast-compute-instance.yaml");
    let first = generate(&spec, "crate::runtime");
    let second = generate(&spec, "crate::runtime");
    assert_eq!(first, second);
}
