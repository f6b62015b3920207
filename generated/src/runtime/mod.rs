//! Hand-written support code that the generated API calls: configuration, transport, envelope
//! checks, errors, retries, validation and tokens.
//!
//! # Tracing
//!
//! Every call runs in a `tracing` span named `toast_request` with the fields `operation`,
//! `method`, `path_template`, `status`, `result_code`, `attempt` and `duration_ms`; retries
//! log a debug event with the delay and the cause. No field carries the token, a request or
//! response body, or a filled-in path, so IDs and the appkey stay out of logs. Any `tracing`
//! subscriber collects them:
//!
//! ```no_run
//! # async fn example() -> Result<(), Box<dyn std::error::Error>> {
//! tracing_subscriber::fmt().with_max_level(tracing::Level::DEBUG).init();
//!
//! let client = toast_compute_instance::Client::from_env()?;
//! client.list_availability_zones().await?;
//! # Ok(())
//! # }
//! ```

mod api_info;
mod auth;
mod builder;
mod core;
mod envelope;
mod error;
pub mod lenient;
mod request;
mod response;
mod retry;
mod secret;
mod telemetry;
mod timestamp;
mod validate;

#[cfg(test)]
mod tests;

pub use self::api_info::ApiInfo;
pub use self::auth::{CachedToken, FreshToken, StaticToken, TokenFuture, TokenProvider};
pub use self::builder::{ClientBuilder, FromCore};
pub use self::core::Core;
pub use self::envelope::{Envelope, MissingField, ResultHeader};
pub use self::error::{ApiError, DecodeKind, Error};
pub use self::request::{Method, OperationInfo, Request, RetryClass};
pub use self::retry::{RetryConfig, parse_retry_after};
pub use self::secret::Secret;
pub use self::timestamp::{Timestamp, TimestampError};
pub use self::validate::{Validate, Validator, Violation, validate};
