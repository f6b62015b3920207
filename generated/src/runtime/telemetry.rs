//! Tracing spans and events of requests. No field or event carries a token, a body or a filled
//! path; spans record the path template, which contains no IDs.

use std::time::Duration;

use tracing::field::Empty;
use tracing::{Span, debug};

use super::request::OperationInfo;

/// Creates the span of one call of `operation`, with fields filled in as the call goes on.
pub(crate) fn request_span(operation: &OperationInfo) -> Span {
    tracing::info_span!(
        "toast_request",
        operation = operation.id,
        method = operation.method.as_str(),
        path_template = operation.path_template,
        status = Empty,
        result_code = Empty,
        attempt = Empty,
        duration_ms = Empty,
    )
}

pub(crate) fn record_attempt(attempt: u32) {
    Span::current().record("attempt", attempt);
}

pub(crate) fn record_status(status: u16) {
    Span::current().record("status", status);
}

pub(crate) fn record_result_code(code: i64) {
    Span::current().record("result_code", code);
}

pub(crate) fn record_duration(span: &Span, duration: Duration) {
    span.record(
        "duration_ms",
        u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
    );
}

/// Logs a retry. `cause` must be free of secrets; the callers pass a status or a transport
/// error without its URL.
pub(crate) fn retrying(operation: &'static str, attempt: u32, delay: Duration, cause: &str) {
    debug!(
        operation,
        attempt,
        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
        cause,
        "retrying after a transient failure"
    );
}

/// Logs that the service rejected the token and the call is repeated with a new one.
pub(crate) fn repeating_with_new_token(operation: &'static str) {
    debug!(
        operation,
        "token rejected; repeating the request with a new token"
    );
}
