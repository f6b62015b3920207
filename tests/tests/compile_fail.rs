//! Misuses of the generated API that must not compile. Each `ui/*.rs` file has the
//! compiler's expected output beside it in a `.stderr` file; regenerate them with
//! `TRYBUILD=overwrite cargo test -p compile-tests --test compile_fail` and review the diff.

#[test]
fn misuse_does_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
