//! Generates a client module from every fixture spec in `fixtures/`, so that the snapshot of
//! each fixture is also compiled as part of this crate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixtures = manifest_dir.join("fixtures");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    println!("cargo::rerun-if-changed={}", fixtures.display());

    let config = codegen::Config {
        runtime_path: "::toast_compute_instance::runtime".to_owned(),
    };
    let mut index = String::new();
    for spec in fixture_specs(&fixtures) {
        let name = spec
            .file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
            .replace('-', "_");
        println!("cargo::rerun-if-changed={}", spec.display());
        let output = match codegen::generate(&spec, &config) {
            Ok(output) => output,
            Err(diagnostics) => panic!("fixture {} does not generate:\n{diagnostics}", spec.display()),
        };
        let module_dir = out_dir.join("fixtures").join(&name);
        write_module(&module_dir, &output.files);
        let mod_rs = module_dir.join("mod.rs");
        let _ = writeln!(index, "#[path = {:?}]\npub mod {name};", mod_rs.display().to_string());
    }
    write_file(&out_dir.join("fixtures.rs"), &index);
}

/// The valid fixture specs: `fixtures/*.yaml`, sorted; `fixtures/invalid/` contains broken ones.
fn fixture_specs(fixtures: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(fixtures)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    specs.sort();
    specs
}

fn write_module(module_dir: &Path, files: &[codegen::GeneratedFile]) {
    if module_dir.exists() {
        let _ = std::fs::remove_dir_all(module_dir);
    }
    for file in files {
        write_file(&module_dir.join(&file.path), &file.contents);
    }
}

fn write_file(path: &Path, contents: &str) {
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(error) = std::fs::write(path, contents) {
        panic!("cannot write {}: {error}", path.display());
    }
}
