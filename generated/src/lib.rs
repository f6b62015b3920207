//! Typed async client for the TOAST (NHN Cloud) Compute Instance API v1.0.
#![deny(missing_docs)]

mod api;
pub mod runtime;

pub use api::*;
