//! The response envelope: a result header beside the payload of each operation.

use serde::de::DeserializeOwned;

/// A decoded response of one operation: the result header plus the payload. The generator
/// implements it on a private struct per operation.
pub trait Envelope: DeserializeOwned {
    /// Name of the JSON property that holds the header, such as `header`.
    const HEADER_PROPERTY: &'static str;

    /// Type of the result header.
    type Header: ResultHeader + DeserializeOwned;

    /// What the operation returns to the caller once the header is checked.
    type Payload;

    /// Returns the result header.
    fn header(&self) -> &Self::Header;

    /// Turns the envelope into the payload.
    ///
    /// # Errors
    ///
    /// [`MissingField`] when a property that a successful response must carry is absent.
    /// Payload properties are optional in the envelope type because a failed response omits
    /// them, so this is where their presence is checked.
    fn into_payload(self) -> Result<Self::Payload, MissingField>;
}

/// The result header of a response.
pub trait ResultHeader {
    /// Returns whether the service reports success (`isSuccessful`).
    fn is_successful(&self) -> bool;

    /// Returns the result code (`resultCode`): 0 on success.
    fn result_code(&self) -> i64;

    /// Returns the human-readable result (`resultMessage`), such as `SUCCESS`.
    fn result_message(&self) -> &str;
}

/// Name of a payload property that a successful response lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingField(pub &'static str);

impl std::fmt::Display for MissingField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the required property `{}` is missing", self.0)
    }
}

impl std::error::Error for MissingField {}
