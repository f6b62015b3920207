//! The decision rules that turn one HTTP response into a payload or an [`Error`].

use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::api_info::ApiInfo;
use super::envelope::{Envelope, MissingField, ResultHeader};
use super::error::{ApiError, DecodeKind, Error, redact_quoted_strings};
use super::telemetry;

/// Maximum number of body bytes kept for error messages.
const SNIPPET_LIMIT: usize = 1024;

/// A response whose body has been read completely.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<String>,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: Vec<u8>,
}

/// Decodes an enveloped response.
///
/// A header with `isSuccessful: false` always gives [`Error::Api`], whatever the HTTP status.
/// When the whole envelope does not decode, the header alone is tried, so that a failure
/// without payload still reports its result code. Otherwise an HTTP error status gives
/// [`Error::Http`] and a success status gives [`Error::Decode`].
pub(crate) fn decode_envelope<E: Envelope>(
    api: &ApiInfo,
    operation: &'static str,
    response: &RawResponse,
) -> Result<E::Payload, Error> {
    let full_error = match serde_json::from_slice::<E>(&response.body) {
        Ok(envelope) => return check_envelope(api, operation, response, envelope),
        Err(error) => error,
    };

    if let Some(header) = decode_header::<E::Header>(&response.body, E::HEADER_PROPERTY) {
        telemetry::record_result_code(header.result_code());
        if !header.is_successful() {
            return Err(api_error(api, operation, response.status, &header));
        }
    }
    if !response.status.is_success() {
        return Err(http_error(operation, response));
    }
    Err(decode_error(operation, response, &full_error))
}

fn check_envelope<E: Envelope>(
    api: &ApiInfo,
    operation: &'static str,
    response: &RawResponse,
    envelope: E,
) -> Result<E::Payload, Error> {
    let header = envelope.header();
    telemetry::record_result_code(header.result_code());
    if !header.is_successful() {
        return Err(api_error(api, operation, response.status, header));
    }
    if !response.status.is_success() {
        return Err(http_error(operation, response));
    }
    envelope
        .into_payload()
        .map_err(|MissingField(field)| Error::Decode {
            operation,
            status: response.status.as_u16(),
            kind: DecodeKind::MissingField(field),
            content_type: response.content_type.clone(),
            detail: format!("missing field `{field}`"),
            snippet: snippet(&response.body),
            attempts: 0,
        })
}

/// Decodes a response without envelope. An empty body decodes as JSON `null`, so `()` and
/// `Option<T>` accept it.
pub(crate) fn decode_plain<T: DeserializeOwned>(
    operation: &'static str,
    response: &RawResponse,
) -> Result<T, Error> {
    if !response.status.is_success() {
        return Err(http_error(operation, response));
    }
    let body: &[u8] = if response.body.trim_ascii().is_empty() {
        b"null"
    } else {
        &response.body
    };
    serde_json::from_slice(body).map_err(|error| decode_error(operation, response, &error))
}

fn decode_header<H: DeserializeOwned>(body: &[u8], property: &str) -> Option<H> {
    let mut document: serde_json::Value = serde_json::from_slice(body).ok()?;
    let header = document.get_mut(property)?.take();
    serde_json::from_value(header).ok()
}

fn api_error(
    api: &ApiInfo,
    operation: &'static str,
    status: StatusCode,
    header: &impl ResultHeader,
) -> Error {
    let result_code = header.result_code();
    Error::Api(ApiError {
        operation,
        http_status: status.as_u16(),
        result_code,
        result_message: header.result_message().to_owned(),
        equivalent_status: api.equivalent_status(result_code),
        attempts: 0,
    })
}

fn http_error(operation: &'static str, response: &RawResponse) -> Error {
    Error::Http {
        operation,
        status: response.status.as_u16(),
        snippet: snippet(&response.body),
        attempts: 0,
    }
}

fn decode_error(
    operation: &'static str,
    response: &RawResponse,
    error: &serde_json::Error,
) -> Error {
    use serde_json::error::Category;

    let kind = if response.body.trim_ascii().is_empty() {
        DecodeKind::EmptyBody
    } else {
        match error.classify() {
            Category::Eof => DecodeKind::Truncated,
            Category::Data => DecodeKind::UnexpectedShape,
            Category::Syntax | Category::Io => DecodeKind::InvalidJson,
        }
    };
    Error::Decode {
        operation,
        status: response.status.as_u16(),
        kind,
        content_type: response.content_type.clone(),
        detail: redact_quoted_strings(&error.to_string()),
        snippet: snippet(&response.body),
        attempts: 0,
    }
}

/// Returns the start of `body` as text: at most [`SNIPPET_LIMIT`] bytes, cut before a UTF-8
/// continuation byte so that no character is split, with `…` when something was cut.
pub(crate) fn snippet(body: &[u8]) -> String {
    if body.len() <= SNIPPET_LIMIT {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut end = SNIPPET_LIMIT;
    // A UTF-8 character has at most 3 continuation bytes; stop there for invalid input.
    while end > SNIPPET_LIMIT - 3 && is_continuation_byte(body[end]) {
        end -= 1;
    }
    let mut text = String::from_utf8_lossy(&body[..end]).into_owned();
    text.push('…');
    text
}

fn is_continuation_byte(byte: u8) -> bool {
    byte & 0b1100_0000 == 0b1000_0000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_short_body_whole() {
        assert_eq!(snippet(b"{\"a\":1}"), "{\"a\":1}");
        assert_eq!(snippet(b""), "");
    }

    #[test]
    fn snippet_cuts_at_char_boundary() {
        let body = "가".repeat(1000);
        let text = snippet(body.as_bytes());
        assert!(text.ends_with('…'));
        let kept = text.trim_end_matches('…');
        assert!(kept.len() <= SNIPPET_LIMIT);
        assert!(kept.chars().all(|c| c == '가'), "no replacement characters");
        assert_eq!(kept.chars().count(), SNIPPET_LIMIT / 3);
    }

    #[test]
    fn snippet_of_ascii_is_limit() {
        let body = "x".repeat(5000);
        let text = snippet(body.as_bytes());
        assert_eq!(text.trim_end_matches('…').len(), SNIPPET_LIMIT);
    }

    #[test]
    fn snippet_of_invalid_utf8_does_not_panic() {
        let body = vec![0x80u8; 4000];
        let text = snippet(&body);
        assert!(text.ends_with('…'));
    }
}
