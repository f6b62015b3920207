//! Every failure of the client, with the operation, the problem and the fix in each message.

use std::error::Error as StdError;
use std::fmt;

use super::validate::Violation;

/// A failure of an operation or of the client configuration.
///
/// Messages name the operation and never contain a token, password or private key. Response
/// bodies appear only as short snippets, and only in [`Error::Http`]; [`Error::Decode`] keeps
/// its snippet in a field that `Display` leaves out and `Debug` shows only as a length, because
/// a successful body may carry secrets such as an issued token.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with `isSuccessful: false`, whatever the HTTP status.
    #[error(transparent)]
    Api(ApiError),

    /// The service answered with an HTTP error status and a body without a usable result
    /// header, as proxies and load balancers do.
    #[error("{}", describe_http(operation, *status, snippet))]
    Http {
        /// ID of the operation.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// Start of the body, at most about 1 KiB, cut at a character boundary.
        snippet: String,
        /// Number of HTTP requests sent.
        attempts: u32,
    },

    /// The response could not be decoded into the operation's type.
    #[error("{}", describe_decode(operation, *status, kind, content_type.as_deref(), detail))]
    Decode {
        /// ID of the operation.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// What is wrong with the body.
        kind: DecodeKind,
        /// `Content-Type` of the response, if it had one.
        content_type: Option<String>,
        /// The decoder's message, with string values from the body replaced by `"…"`.
        detail: String,
        /// Start of the body, at most about 1 KiB. It may contain secrets of the response,
        /// so log it only where response data may be logged. `Debug` prints only its length.
        snippet: String,
        /// Number of HTTP requests sent.
        attempts: u32,
    },

    /// The request did not complete: connecting failed, it timed out, or the connection
    /// broke.
    #[error("{}", describe_transport(operation, *attempts, source))]
    Transport {
        /// ID of the operation.
        operation: &'static str,
        /// Number of HTTP requests sent.
        attempts: u32,
        /// The HTTP client's error, without the URL.
        source: reqwest::Error,
    },

    /// The request breaks constraints of the spec, so it was not sent.
    #[error("{}", describe_violations(operation, violations))]
    Validation {
        /// ID of the operation.
        operation: &'static str,
        /// Every violated constraint, in the order of the request's properties.
        violations: Vec<Violation>,
    },

    /// The request body could not be serialized as JSON.
    #[error("{operation} could not encode its request body as JSON: {source}")]
    Encode {
        /// ID of the operation.
        operation: &'static str,
        /// The serializer's error.
        source: serde_json::Error,
    },

    /// The client configuration is invalid: a missing client parameter, a bad base URL, or a
    /// secured operation on a client without a token.
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong and which builder method fixes it.
        message: String,
    },

    /// The token provider failed to supply an access token.
    #[error("{operation} needs an access token, but obtaining one failed: {source}")]
    Token {
        /// ID of the operation that needed the token.
        operation: &'static str,
        /// Number of HTTP requests of `operation` sent before the failure.
        attempts: u32,
        /// The provider's error.
        source: Box<Error>,
    },
}

/// Formats like a derived `Debug`, except that the snippet of [`Error::Decode`] appears only as
/// its length: a body that failed to decode may still carry an issued token or a private key,
/// and `Debug` output ends up in panics and logs.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(error) => f.debug_tuple("Api").field(error).finish(),
            Error::Http {
                operation,
                status,
                snippet,
                attempts,
            } => f
                .debug_struct("Http")
                .field("operation", operation)
                .field("status", status)
                .field("snippet", snippet)
                .field("attempts", attempts)
                .finish(),
            Error::Decode {
                operation,
                status,
                kind,
                content_type,
                detail,
                snippet,
                attempts,
            } => f
                .debug_struct("Decode")
                .field("operation", operation)
                .field("status", status)
                .field("kind", kind)
                .field("content_type", content_type)
                .field("detail", detail)
                .field(
                    "snippet",
                    &format_args!("[REDACTED: {} bytes]", snippet.len()),
                )
                .field("attempts", attempts)
                .finish(),
            Error::Transport {
                operation,
                attempts,
                source,
            } => f
                .debug_struct("Transport")
                .field("operation", operation)
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
            Error::Validation {
                operation,
                violations,
            } => f
                .debug_struct("Validation")
                .field("operation", operation)
                .field("violations", violations)
                .finish(),
            Error::Encode { operation, source } => f
                .debug_struct("Encode")
                .field("operation", operation)
                .field("source", source)
                .finish(),
            Error::Config { message } => {
                f.debug_struct("Config").field("message", message).finish()
            }
            Error::Token {
                operation,
                attempts,
                source,
            } => f
                .debug_struct("Token")
                .field("operation", operation)
                .field("attempts", attempts)
                .field("source", source)
                .finish(),
        }
    }
}

/// A failure that the service reported in the result header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// ID of the operation.
    pub operation: &'static str,
    /// HTTP status of the response, usually 200.
    pub http_status: u16,
    /// `resultCode` of the header.
    pub result_code: i64,
    /// `resultMessage` of the header.
    pub result_message: String,
    /// HTTP status that the result code stands for, such as 404 for 10404.
    pub equivalent_status: Option<u16>,
    /// Number of HTTP requests sent.
    pub attempts: u32,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with result code {} ({:?})",
            self.operation, self.result_code, self.result_message
        )?;
        if self.http_status != 200 {
            write!(f, " and HTTP status {}", self.http_status)?;
        }
        if let Some(status) = self.equivalent_status {
            write!(f, "; the code stands for HTTP {status}")?;
            if let Some(hint) = status_hint(status) {
                write!(f, ", so {hint}")?;
            }
        }
        Ok(())
    }
}

impl StdError for ApiError {}

/// What is wrong with a response body that could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeKind {
    /// The body is empty or only whitespace.
    EmptyBody,
    /// The body is not valid JSON, such as an HTML error page.
    InvalidJson,
    /// The JSON ends early, as when the connection is cut.
    Truncated,
    /// The body is JSON, but not of the expected shape.
    UnexpectedShape,
    /// A successful response lacks a required payload property.
    MissingField(&'static str),
}

impl Error {
    /// Returns the `resultCode` of an [`Error::Api`].
    pub fn result_code(&self) -> Option<i64> {
        match self {
            Error::Api(error) => Some(error.result_code),
            _ => None,
        }
    }

    /// Returns the HTTP status of the response, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Api(error) => Some(error.http_status),
            Error::Http { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Returns whether the resource does not exist: HTTP 404, or a result code that stands
    /// for 404.
    pub fn is_not_found(&self) -> bool {
        self.is_status(404)
    }

    /// Returns whether the service rejected the token: HTTP 401, or a result code that stands
    /// for 401.
    pub fn is_unauthorized(&self) -> bool {
        self.is_status(401)
    }

    /// Returns whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// Returns whether connecting to the server failed.
    pub fn is_connect(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_connect())
    }

    /// Returns the number of HTTP requests sent for the operation, retries and the repeat
    /// after a token refresh included. It is 0 for failures before sending, such as
    /// [`Error::Validation`] and [`Error::Config`].
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(error) => error.attempts,
            Error::Http { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Token { attempts, .. } => *attempts,
            Error::Validation { .. } | Error::Encode { .. } | Error::Config { .. } => 0,
        }
    }

    pub(crate) fn with_attempts(mut self, count: u32) -> Self {
        match &mut self {
            Error::Api(error) => error.attempts = count,
            Error::Http { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::Token { attempts, .. } => *attempts = count,
            Error::Validation { .. } | Error::Encode { .. } | Error::Config { .. } => {}
        }
        self
    }

    fn is_status(&self, wanted: u16) -> bool {
        match self {
            Error::Api(error) => {
                error.equivalent_status == Some(wanted) || error.http_status == wanted
            }
            Error::Http { status, .. } => *status == wanted,
            _ => false,
        }
    }
}

fn status_hint(status: u16) -> Option<&'static str> {
    match status {
        400 | 422 => Some("check the request values"),
        401 => Some("check the access token"),
        403 => Some("check the token's permissions"),
        404 => Some("check that the resource exists"),
        409 => Some("check the resource's current status"),
        429 => Some("send requests less often"),
        500..=599 => Some("try again later"),
        _ => None,
    }
}

fn describe_decode(
    operation: &str,
    status: u16,
    kind: &DecodeKind,
    content_type: Option<&str>,
    detail: &str,
) -> String {
    let problem = match kind {
        DecodeKind::EmptyBody => "the body is empty".to_owned(),
        DecodeKind::InvalidJson => format!("the body is not valid JSON ({detail})"),
        DecodeKind::Truncated => format!("the JSON body ends early ({detail})"),
        DecodeKind::UnexpectedShape => {
            format!("the JSON body does not match the expected shape ({detail})")
        }
        DecodeKind::MissingField(field) => {
            format!("the successful response lacks the required property `{field}`")
        }
    };
    let mut message = format!(
        "{operation} returned a response that could not be decoded (HTTP status {status}): {problem}"
    );
    match content_type {
        Some(content_type) if !is_json_content_type(content_type) => {
            message.push_str(&format!(
                "; the content type is {content_type:?}, not JSON, so check that the base URL \
                 points at the API"
            ));
        }
        None if matches!(kind, DecodeKind::InvalidJson) => {
            message.push_str("; the response has no content type");
        }
        _ => {}
    }
    message
}

pub(crate) fn is_json_content_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn describe_http(operation: &str, status: u16, snippet: &str) -> String {
    let hint = status_hint(status).map_or(String::new(), |hint| format!("; {hint}"));
    if snippet.trim().is_empty() {
        format!("{operation} failed with HTTP status {status} and an empty body{hint}")
    } else {
        format!(
            "{operation} failed with HTTP status {status} and no result header in the body{hint}; \
             the body starts with: {snippet}"
        )
    }
}

fn describe_transport(operation: &str, attempts: u32, source: &reqwest::Error) -> String {
    let mut causes = source.to_string();
    let mut cause = source.source();
    while let Some(inner) = cause {
        causes.push_str(": ");
        causes.push_str(&inner.to_string());
        cause = inner.source();
    }
    let tries = plural(attempts, "attempt");
    if source.is_timeout() {
        format!(
            "{operation} timed out after {tries} ({causes}); raise ClientBuilder::timeout or \
             check that the server is up"
        )
    } else if source.is_connect() {
        format!(
            "{operation} could not connect to the server after {tries} ({causes}); check the \
             base URL and the network"
        )
    } else {
        format!("{operation} failed after {tries}: {causes}")
    }
}

fn describe_violations(operation: &str, violations: &[Violation]) -> String {
    let listed: Vec<String> = violations.iter().map(Violation::to_string).collect();
    match listed.as_slice() {
        [one] => format!("invalid request for {operation}: {one}"),
        many => format!(
            "invalid request for {operation}: {} problems: {}",
            many.len(),
            many.join(". ")
        ),
    }
}

fn plural(count: u32, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// Replaces string values quoted in a serde message (`invalid type: string "abc"`) with
/// `"…"`, because such a value may be a token or a private key from the response.
pub(crate) fn redact_quoted_strings(message: &str) -> String {
    const MARKER: &str = "string \"";
    let mut redacted = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(start) = rest.find(MARKER) {
        let value_start = start + MARKER.len();
        redacted.push_str(&rest[..value_start]);
        let value = &rest[value_start..];
        let mut escaped = false;
        let mut end = None;
        for (index, character) in value.char_indices() {
            match character {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(index);
                    break;
                }
                _ => escaped = false,
            }
        }
        redacted.push('…');
        match end {
            Some(end) => rest = &value[end..],
            None => {
                rest = "";
            }
        }
    }
    redacted.push_str(rest);
    redacted
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(code: i64, equivalent: Option<u16>) -> Error {
        Error::Api(ApiError {
            operation: "listInstances",
            http_status: 200,
            result_code: code,
            result_message: "Instance not found".to_owned(),
            equivalent_status: equivalent,
            attempts: 1,
        })
    }

    #[test]
    fn api_error_message() {
        assert_eq!(
            api_error(10404, Some(404)).to_string(),
            "listInstances failed with result code 10404 (\"Instance not found\"); the code \
             stands for HTTP 404, so check that the resource exists"
        );
    }

    #[test]
    fn not_found_from_result_code_or_status() {
        assert!(api_error(10404, Some(404)).is_not_found());
        assert!(!api_error(-1, None).is_not_found());
        let http = Error::Http {
            operation: "listInstances",
            status: 404,
            snippet: String::new(),
            attempts: 1,
        };
        assert!(http.is_not_found());
        assert_eq!(http.http_status(), Some(404));
        assert_eq!(http.result_code(), None);
    }

    #[test]
    fn debug_hides_decode_snippet() {
        let error = Error::Decode {
            operation: "issueToken",
            status: 200,
            kind: DecodeKind::UnexpectedShape,
            content_type: None,
            detail: "invalid type".to_owned(),
            snippet: "{\"id\":\"tok-secret\"}".to_owned(),
            attempts: 1,
        };
        let printed = format!("{error:?} {error:#?}");
        assert!(!printed.contains("tok-secret"), "{printed}");
        assert!(printed.contains("[REDACTED: 19 bytes]"), "{printed}");
        assert!(printed.contains("UnexpectedShape"), "{printed}");
    }

    #[test]
    fn attempts_update() {
        let error = api_error(-1, None).with_attempts(3);
        assert_eq!(error.attempts(), 3);
        let config = Error::Config {
            message: "x".to_owned(),
        };
        assert_eq!(config.with_attempts(2).attempts(), 0);
    }

    #[test]
    fn redacts_quoted_strings() {
        let cases = [
            (
                "invalid type: string \"gAAAAsecret\", expected u32 at line 1 column 20",
                "invalid type: string \"…\", expected u32 at line 1 column 20",
            ),
            (
                "invalid type: string \"a\\\"b\", expected x",
                "invalid type: string \"…\", expected x",
            ),
            ("missing field `expires`", "missing field `expires`"),
            ("string \"unterminated", "string \"…"),
        ];
        for (raw, expected) in cases {
            assert_eq!(redact_quoted_strings(raw), expected, "{raw}");
        }
    }

    #[test]
    fn json_content_types() {
        assert!(is_json_content_type("application/json"));
        assert!(is_json_content_type("Application/JSON; charset=utf-8"));
        assert!(is_json_content_type("application/problem+json"));
        assert!(!is_json_content_type("text/html"));
    }
}
