//! The same check as `cargo xtask generate --check`: the committed generated/src/api/ must
//! match what the generator writes for the committed spec.

use std::path::Path;

#[test]
fn generated_api_matches_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = root.join("spec/toast-compute-instance.yaml");
    let output = match codegen::generate(&spec, &codegen::Config::default()) {
        Ok(output) => output,
        Err(diagnostics) => panic!("the spec does not generate:\n{diagnostics}"),
    };

    let api_dir = root.join("generated/src/api");
    let mut stale = Vec::new();
    for file in &output.files {
        let path = api_dir.join(&file.path);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != file.contents {
            let diff = similar::TextDiff::from_lines(&committed, &file.contents)
                .unified_diff()
                .context_radius(2)
                .header("committed", "generated")
                .to_string();
            stale.push(format!("{}\n{diff}", path.display()));
        }
    }
    let on_disk = std::fs::read_dir(&api_dir)
        .map(|entries| entries.filter_map(Result::ok).count())
        .unwrap_or_default();

    assert!(
        stale.is_empty(),
        "stale generated files; run `cargo xtask generate` and commit the result:\n{}",
        stale.join("\n")
    );
    assert_eq!(
        on_disk,
        output.files.len(),
        "generated/src/api holds files the generator does not write; run `cargo xtask generate`"
    );
}
