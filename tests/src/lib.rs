//! Tests of the generator and of the generated client, run with `cargo test --workspace`.
//!
//! - [`fixtures`] contains a client generated from each spec in `fixtures/`, so every snapshot of
//!   generated code is also compiled.
//! - [`fake`] is a stateful fake of the API on 127.0.0.1, for tests and examples that drive
//!   the client through whole instance lifecycles.
//! - `tests/` holds the snapshot tests, the drift check, and the tests of the generated client
//!   against servers on 127.0.0.1.

pub mod fake;

/// Clients generated from the fixture specs in `fixtures/` by the build script.
pub mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
}
