//! One HTTP request as the generated code builds it: operation metadata, path, query, headers
//! and body.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::error::Error;
use super::validate::Violation;

/// Characters that stay as they are in a path segment or query component: the RFC 3986
/// unreserved set (`A-Z a-z 0-9 - . _ ~`). Everything else is percent-encoded, so `/`, `?`,
/// `#`, `%` and `&` inside a value can never change the shape of the URL.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// Returns the method name in upper case, as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

/// Whether an operation may be sent again after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetryClass {
    /// Reads without side effects, such as `GET`. Retried by default.
    Safe,
    /// Writes that give the same result when repeated, such as `DELETE`, `PUT` or an
    /// operation marked `x-retry: idempotent`. Retried only when
    /// [`RetryConfig::retry_idempotent`](super::RetryConfig::retry_idempotent) is set.
    Idempotent,
    /// Writes that may act twice when repeated, such as creating an instance. Retried only when
    /// [`RetryConfig::retry_unsafe`](super::RetryConfig::retry_unsafe) is set.
    Unsafe,
}

/// Metadata of one operation, built by the generated code as a `static`.
#[derive(Debug, Clone, Copy)]
pub struct OperationInfo {
    /// The spec's `operationId`, such as `listInstances`. Errors and spans name it.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template from the spec, such as `/v1.0/appkeys/{appkey}/instances`. Spans record
    /// this form, which contains no IDs.
    pub path_template: &'static str,
    /// Whether the operation sends the access token.
    pub secured: bool,
    /// Whether the operation may be repeated after a transient failure.
    pub retry: RetryClass,
}

/// One request under construction: the generated code appends the path piece by piece, then
/// the query parameters, headers and body.
#[derive(Debug, Clone)]
pub struct Request {
    operation: &'static OperationInfo,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    segments: usize,
    path_violations: Vec<Violation>,
}

impl Request {
    /// Starts an empty request for `operation`.
    pub fn new(operation: &'static OperationInfo) -> Self {
        Request {
            operation,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            segments: 0,
            path_violations: Vec::new(),
        }
    }

    /// Appends a fixed piece of the path template, such as `/v1.0/appkeys/`, as it is.
    pub fn path_literal(&mut self, literal: &'static str) {
        self.path.push_str(literal);
    }

    /// Appends a path parameter value, percent-encoding every character outside the RFC 3986
    /// unreserved set so that the value stays one segment (`a/../b` becomes `a%2F..%2Fb`).
    ///
    /// An empty value, `.` or `..` cannot be one segment: URL parsers drop or merge dot
    /// segments even when percent-encoded, so the request would reach another route. Such a
    /// value makes sending fail with [`Error::Validation`] before anything is sent.
    pub fn path_segment(&mut self, value: &str) {
        let parameter = self.nth_template_parameter(self.segments);
        self.segments += 1;
        if value.is_empty() || value == "." || value == ".." {
            let problem = if value.is_empty() {
                "is empty".to_owned()
            } else {
                format!("is `{value}`, which URLs treat as a relative path step")
            };
            self.path_violations.push(Violation {
                field: parameter.to_owned(),
                constraint: "one path segment".to_owned(),
                problem,
                fix: "pass the real ID or name".to_owned(),
            });
        }
        self.path.extend(utf8_percent_encode(value, COMPONENT));
    }

    /// Name of the `index`-th `{placeholder}` of the path template, or `path` when the
    /// template has fewer.
    fn nth_template_parameter(&self, index: usize) -> &'static str {
        let template: &'static str = self.operation.path_template;
        template
            .split('{')
            .skip(1)
            .filter_map(|piece| piece.split_once('}').map(|(name, _)| name))
            .nth(index)
            .unwrap_or("path")
    }

    /// Fails with [`Error::Validation`] when a path parameter could not be one segment.
    pub(crate) fn check_path(&self) -> Result<(), Error> {
        if self.path_violations.is_empty() {
            return Ok(());
        }
        Err(Error::Validation {
            operation: self.operation.id,
            violations: self.path_violations.clone(),
        })
    }

    /// Adds a query parameter. The value is percent-encoded like a path segment, so `&`, `=`,
    /// `#` and spaces cannot break the query string.
    pub fn query(&mut self, name: &'static str, value: &str) {
        self.query.push((name, value.to_owned()));
    }

    /// Adds a request header. A value that is not a valid header value, such as one with a
    /// line break, makes sending fail with [`Error::Validation`].
    pub fn header(&mut self, name: &'static str, value: &str) {
        self.headers.push((name, value.to_owned()));
    }

    /// Serializes `body` as the JSON request body.
    ///
    /// # Errors
    ///
    /// [`Error::Encode`] when serialization fails, for example for a map with non-string keys.
    pub fn json_body(&mut self, body: &(impl Serialize + ?Sized)) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|source| Error::Encode {
            operation: self.operation.id,
            source,
        })?;
        self.body = Some(bytes);
        Ok(())
    }

    /// Returns the operation that this request belongs to.
    pub fn operation(&self) -> &'static OperationInfo {
        self.operation
    }

    /// Returns the encoded path followed by the encoded query string, such as
    /// `/v1.0/appkeys/k/instances?id=i%2F1`.
    pub fn path_and_query(&self) -> String {
        let mut target = self.path.clone();
        for (index, (name, value)) in self.query.iter().enumerate() {
            target.push(if index == 0 { '?' } else { '&' });
            target.extend(utf8_percent_encode(name, COMPONENT));
            target.push('=');
            target.extend(utf8_percent_encode(value, COMPONENT));
        }
        target
    }

    pub(crate) fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    pub(crate) fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OPERATION: OperationInfo = OperationInfo {
        id: "getThing",
        method: Method::Get,
        path_template: "/things/{id}",
        secured: true,
        retry: RetryClass::Safe,
    };

    fn encoded_segment(value: &str) -> String {
        let mut request = Request::new(&OPERATION);
        request.path_segment(value);
        request.path_and_query()
    }

    fn encoded_query_value(value: &str) -> String {
        let mut request = Request::new(&OPERATION);
        request.query("q", value);
        let target = request.path_and_query();
        target.trim_start_matches("?q=").to_owned()
    }

    #[test]
    fn dot_and_empty_segments_fail_validation() {
        for value in ["", ".", ".."] {
            let mut request = Request::new(&OPERATION);
            request.path_literal("/things/");
            request.path_segment(value);
            let error = request.check_path().err();
            let message = error.map(|error| error.to_string()).unwrap_or_default();
            assert!(message.contains("id"), "{value:?}: {message}");
            assert!(message.contains("one path segment"), "{value:?}: {message}");
        }
    }

    #[test]
    fn dotted_values_inside_a_segment_pass() {
        for value in ["...", "a.b", ".hidden", "a/../b"] {
            let mut request = Request::new(&OPERATION);
            request.path_segment(value);
            assert!(request.check_path().is_ok(), "{value:?}");
        }
    }

    #[test]
    fn path_segment_encoding_table() {
        let cases = [
            ("plain-id_1.2~x", "plain-id_1.2~x"),
            ("a/b", "a%2Fb"),
            ("..", ".."),
            ("a/../b?c#d", "a%2F..%2Fb%3Fc%23d"),
            ("100%", "100%25"),
            ("a b", "a%20b"),
            ("a+b&c=d", "a%2Bb%26c%3Dd"),
            ("인스턴스", "%EC%9D%B8%EC%8A%A4%ED%84%B4%EC%8A%A4"),
            ("é", "%C3%A9"),
            ("", ""),
        ];
        for (raw, expected) in cases {
            assert_eq!(encoded_segment(raw), expected, "segment {raw:?}");
        }
    }

    #[test]
    fn query_value_encoding_table() {
        let cases = [
            ("abc", "abc"),
            ("a/b", "a%2Fb"),
            ("../..", "..%2F.."),
            ("x?y", "x%3Fy"),
            ("x#y", "x%23y"),
            ("5%", "5%25"),
            ("a b", "a%20b"),
            ("a&b=c", "a%26b%3Dc"),
            ("ü", "%C3%BC"),
        ];
        for (raw, expected) in cases {
            assert_eq!(encoded_query_value(raw), expected, "query value {raw:?}");
        }
    }

    #[test]
    fn path_and_query_joins_pieces() {
        let mut request = Request::new(&OPERATION);
        request.path_literal("/v1.0/appkeys/");
        request.path_segment("key/1");
        request.path_literal("/instances");
        request.query("id", "i 1");
        request.query("name", "n");
        assert_eq!(
            request.path_and_query(),
            "/v1.0/appkeys/key%2F1/instances?id=i%201&name=n"
        );
    }

    #[test]
    fn json_body_serializes() {
        let mut request = Request::new(&OPERATION);
        let outcome = request.json_body(&serde_json::json!({"a": 1}));
        assert!(outcome.is_ok());
        assert_eq!(request.body(), Some(&b"{\"a\":1}"[..]));
    }

    #[test]
    fn json_body_failure_names_operation() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1u8], 1);
        let mut request = Request::new(&OPERATION);
        let error = request.json_body(&map).err();
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("getThing"), "{message}");
    }
}
