//! Hand-written support code that the generated API calls: configuration, transport, envelope
//! checks, errors, retries, validation and tokens.

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
