//! Typed async client for the TOAST (NHN Cloud) Compute Instance API v1.0.
#![deny(missing_docs)]

mod api;
mod auth;
mod env;
pub mod runtime;
mod waiters;

pub use api::*;
pub use auth::PasswordTokenProvider;
pub use waiters::{WaitError, WaitOptions, WaitTarget};
