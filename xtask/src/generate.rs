//! `cargo xtask generate`: writes the generated client modules, or checks them for drift.

use codegen::{Config, GeneratedFile};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The spec, relative to the repository root.
pub const DEFAULT_SPEC: &str = "spec/toast-compute-instance.yaml";

/// The output directory, relative to the repository root.
pub const DEFAULT_OUTPUT: &str = "generated/src/api";

/// Generates the modules; with `check`, compares instead and fails on any difference.
pub fn run(spec: &Path, out: &Path, check: bool) -> Result<(), String> {
    let root = crate::repository_root();
    let spec_path = root.join(spec);
    let out_dir = root.join(out);

    let output = codegen::generate(&spec_path, &Config::default()).map_err(|diagnostics| {
        format!("{diagnostics}\nnothing was written to {}", out_dir.display())
    })?;
    if !output.warnings.items.is_empty() {
        eprintln!("{}", output.warnings.render("warning"));
    }

    let stale = stale_files(&out_dir, &output.files)?;
    if check {
        return report_check(&out_dir, &output.files, &stale);
    }
    write_changes(&out_dir, &output.files, &stale)
}

/// A difference between the generated files and the directory.
enum Stale {
    /// The file is missing or its content differs.
    Changed(PathBuf),
    /// The directory has a `.rs` file that the generator no longer writes.
    Extra(PathBuf),
}

fn stale_files(out_dir: &Path, files: &[GeneratedFile]) -> Result<Vec<Stale>, String> {
    let mut stale = Vec::new();
    for file in files {
        let path = out_dir.join(&file.path);
        let current = fs::read_to_string(&path).ok();
        if current.as_deref() != Some(file.contents.as_str()) {
            stale.push(Stale::Changed(file.path.clone()));
        }
    }

    let expected: BTreeSet<&Path> = files.iter().map(|file| file.path.as_path()).collect();
    if out_dir.is_dir() {
        let entries = fs::read_dir(out_dir)
            .map_err(|error| format!("cannot list {}: {error}", out_dir.display()))?;
        let mut extra: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| PathBuf::from(entry.file_name()))
            .filter(|name| name.extension().is_some_and(|extension| extension == "rs"))
            .filter(|name| !expected.contains(name.as_path()))
            .collect();
        extra.sort();
        stale.extend(extra.into_iter().map(Stale::Extra));
    }
    Ok(stale)
}

/// Lines of diff shown per stale file; the rest is summarized.
const DIFF_LINES: usize = 40;

fn report_check(out_dir: &Path, files: &[GeneratedFile], stale: &[Stale]) -> Result<(), String> {
    if stale.is_empty() {
        println!("{} is up to date", out_dir.display());
        return Ok(());
    }
    let mut lines: Vec<String> = Vec::new();
    for entry in stale {
        match entry {
            Stale::Changed(path) => {
                let full = out_dir.join(path);
                lines.push(format!("  stale: {}", full.display()));
                if let Some(file) = files.iter().find(|file| file.path == *path) {
                    let committed = fs::read_to_string(&full).unwrap_or_default();
                    lines.push(diff_excerpt(&committed, &file.contents));
                }
            }
            Stale::Extra(path) => {
                lines.push(format!("  not generated: {}", out_dir.join(path).display()));
            }
        }
    }
    Err(format!(
        "generated code is out of date with the spec:\n{}\nrun `cargo xtask generate` and commit the result",
        lines.join("\n")
    ))
}

/// The start of a unified diff from the file on disk to the generated text.
fn diff_excerpt(committed: &str, generated: &str) -> String {
    let diff = similar::TextDiff::from_lines(committed, generated);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header("on disk", "generated")
        .to_string();
    let total = text.lines().count();
    let mut excerpt: Vec<&str> = text.lines().take(DIFF_LINES).collect();
    let omitted = format!("... {} more diff lines", total.saturating_sub(DIFF_LINES));
    if total > DIFF_LINES {
        excerpt.push(&omitted);
    }
    excerpt
        .iter()
        .map(|line| format!("    {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn write_changes(out_dir: &Path, files: &[GeneratedFile], stale: &[Stale]) -> Result<(), String> {
    fs::create_dir_all(out_dir)
        .map_err(|error| format!("cannot create {}: {error}", out_dir.display()))?;
    for entry in stale {
        match entry {
            Stale::Changed(path) => {
                let full = out_dir.join(path);
                let Some(file) = files.iter().find(|file| file.path == *path) else {
                    continue;
                };
                fs::write(&full, &file.contents)
                    .map_err(|error| format!("cannot write {}: {error}", full.display()))?;
                println!("wrote {}", full.display());
            }
            Stale::Extra(path) => {
                let full = out_dir.join(path);
                fs::remove_file(&full)
                    .map_err(|error| format!("cannot remove {}: {error}", full.display()))?;
                println!("removed {}", full.display());
            }
        }
    }
    if stale.is_empty() {
        println!("{} is up to date", out_dir.display());
    }
    Ok(())
}
