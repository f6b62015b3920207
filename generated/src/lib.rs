//! Typed async client for the TOAST (NHN Cloud) Compute Instance API v1.0.
//!
//! The API's types and one method per operation are generated from the OpenAPI spec in
//! `spec/toast-compute-instance.yaml`; [`runtime`] holds the hand-written transport, errors,
//! retries and validation that the generated code calls.
//!
//! # Quick start
//!
//! ```no_run
//! use toast_compute_instance::{Client, InstanceStatus, RebootType, WaitOptions};
//!
//! # async fn quick_start() -> Result<(), Box<dyn std::error::Error>> {
//! // TOAST_APPKEY plus TOAST_TOKEN, or TOAST_USERNAME and TOAST_API_PASSWORD.
//! let client = Client::from_env()?;
//!
//! for instance in client.list_instances(None).await? {
//!     println!("{} {} {}", instance.id, instance.name, instance.status);
//! }
//!
//! let id = "instance-id";
//! client.reboot_instance(id, RebootType::Soft).await?;
//! client
//!     .wait_for_status(id, InstanceStatus::Active, WaitOptions::default())
//!     .await?;
//! # Ok(())
//! # }
//! ```
//!
//! # What the client does for you
//!
//! - Every method checks the response's result header and returns the payload. A header with
//!   `isSuccessful: false` becomes [`runtime::Error::Api`] even on HTTP 200, and
//!   [`ResultCode::from_code`] classifies its code.
//! - Requests are checked against the spec's constraints before they are sent
//!   ([`runtime::Error::Validation`]), and path and query values are percent-encoded.
//! - GET requests are retried on transient failures; see [`runtime::RetryConfig`] for
//!   DELETE, actions and creation.
//! - Tokens can be issued and refreshed from the account's e-mail and API password
//!   ([`PasswordTokenProvider`]).
//! - The token, the API password and returned private keys are [`runtime::Secret`]s, which
//!   never appear in `Debug` output, errors or logs.
#![deny(missing_docs)]

mod api;
mod auth;
mod env;
pub mod runtime;
mod waiters;

pub use api::*;
pub use auth::PasswordTokenProvider;
pub use waiters::{WaitError, WaitOptions, WaitTarget};

/// The code examples of README.md and README.ko.md, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
#[doc = include_str!("../../README.ko.md")]
struct ReadmeDoctests;
