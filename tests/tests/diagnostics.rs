//! Snapshots of the diagnostics for each broken spec in `fixtures/invalid/`.
//!
//! Each spec has one kind of defect, except `two-defects.yaml`, whose two independent defects
//! must both be reported. Messages name the file by its path relative to this crate, so the
//! snapshots do not depend on where the repository is checked out.

use codegen::Config;
use std::path::{Path, PathBuf};

/// Every case, by file stem; `every_invalid_fixture_has_a_case` keeps this list complete.
const CASES: &[&str] = &[
    "all-of-conflict",
    "bad-extension-placement",
    "bad-extension-value",
    "cyclic-ref",
    "dangling-ref",
    "missing-path-parameter",
    "name-collision",
    "no-success-response",
    "openapi-3-1",
    "two-defects",
    "unsupported-any-of",
    "unsupported-cookie-parameter",
    "unsupported-multipart-body",
    "unsupported-not",
    "wrong-structure",
    "yaml-syntax",
];

fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid")
}

/// The diagnostics of one case as the generator prints them.
fn diagnostics(case: &str) -> String {
    let file = format!("{case}.yaml");
    let text = std::fs::read_to_string(invalid_dir().join(&file))
        .unwrap_or_else(|error| panic!("cannot read fixture {file}: {error}"));
    let relative = Path::new("fixtures/invalid").join(&file);
    match codegen::generate_from_str(&relative, &text, &Config::default()) {
        Ok(_) => panic!("{file} generated without errors"),
        Err(diagnostics) => {
            assert!(!diagnostics.items.is_empty(), "{file} failed with an empty list");
            diagnostics.to_string()
        }
    }
}

macro_rules! diagnostic_case {
    ($test:ident, $case:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(concat!("invalid__", $case), diagnostics($case));
        }
    };
}

diagnostic_case!(all_of_conflict, "all-of-conflict");
diagnostic_case!(bad_extension_placement, "bad-extension-placement");
diagnostic_case!(bad_extension_value, "bad-extension-value");
diagnostic_case!(cyclic_ref, "cyclic-ref");
diagnostic_case!(dangling_ref, "dangling-ref");
diagnostic_case!(missing_path_parameter, "missing-path-parameter");
diagnostic_case!(name_collision, "name-collision");
diagnostic_case!(no_success_response, "no-success-response");
diagnostic_case!(openapi_3_1, "openapi-3-1");
diagnostic_case!(unsupported_any_of, "unsupported-any-of");
diagnostic_case!(unsupported_cookie_parameter, "unsupported-cookie-parameter");
diagnostic_case!(unsupported_multipart_body, "unsupported-multipart-body");
diagnostic_case!(unsupported_not, "unsupported-not");
diagnostic_case!(wrong_structure, "wrong-structure");
diagnostic_case!(yaml_syntax, "yaml-syntax");

#[test]
fn two_defects_reports_both() {
    let text = diagnostics("two-defects");
    assert!(text.contains("#/components/schemas/Pets"), "dangling reference missing:\n{text}");
    assert!(text.contains("operation has no 2xx response"), "missing 2xx not reported:\n{text}");
    assert!(text.ends_with("2 errors in fixtures/invalid/two-defects.yaml"), "{text}");
    insta::assert_snapshot!("invalid__two-defects", text);
}

#[test]
fn every_invalid_fixture_has_a_case() {
    let mut stems: Vec<String> = std::fs::read_dir(invalid_dir())
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|extension| extension == "yaml"))
                .filter_map(|path| path.file_stem()?.to_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    stems.sort();
    assert_eq!(stems, CASES);
}

#[test]
fn every_located_diagnostic_points_into_its_file() {
    for case in CASES {
        let file = invalid_dir().join(format!("{case}.yaml"));
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let line_count = text.lines().count();
        let Err(diagnostics) = codegen::generate(&file, &Config::default()) else {
            panic!("{case} generated without errors");
        };
        for item in &diagnostics.items {
            if let Some((line, column)) = item.location {
                assert!((1..=line_count + 1).contains(&line), "{case}: line {line} of {line_count}");
                assert!(column >= 1, "{case}: column {column}");
            }
        }
    }
}
