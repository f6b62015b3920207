//! Helpers shared by the wiremock tests: a client for a mock server, checks of the one
//! request that the server received, and response envelopes.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use serde_json::{Value, json};
use toast_compute_instance::Client;
use toast_compute_instance::runtime::RetryConfig;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

pub const APPKEY: &str = "Kx7Pq2Lm9Rt4Vw6Z";
pub const TOKEN: &str = "gAAAAABmQ7c2-token-for-tests";

/// Builds a client for `server` with retries disabled, so that a failure shows after one
/// request.
pub fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .appkey(APPKEY)
        .token(TOKEN)
        .retry(RetryConfig::disabled())
        .build()
        .expect("a client for a loopback mock server builds")
}

/// Returns `/v1.0/appkeys/{APPKEY}` followed by `rest`.
pub fn api_path(rest: &str) -> String {
    format!("/v1.0/appkeys/{APPKEY}{rest}")
}

/// Returns the success header that every successful response carries.
pub fn success_header() -> Value {
    json!({"isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS"})
}

/// Returns a success envelope: `payload`'s properties beside the success header.
pub fn envelope(payload: Value) -> Value {
    let mut body = payload;
    body["header"] = success_header();
    body
}

/// Responds to every request with HTTP 200 and `body` as JSON, and expects one request.
pub async fn answer_once(server: &MockServer, body: Value) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .expect(1)
        .mount(server)
        .await;
}

/// Responds to every request with `response`.
pub async fn answer_with(server: &MockServer, response: ResponseTemplate) {
    Mock::given(any()).respond_with(response).mount(server).await;
}

/// Returns the one request that `server` received, failing when it received another number.
pub async fn only_request(server: &MockServer) -> Request {
    let requests = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    assert_eq!(requests.len(), 1, "expected exactly one request, got {requests:#?}");
    requests.into_iter().next().expect("one request")
}

/// What a request must look like.
pub struct Expected<'a> {
    pub method: &'a str,
    pub path: String,
    /// The raw query string, or `None` when the URL must have no `?`.
    pub query: Option<&'a str>,
    /// Whether the request carries `X-Auth-Token: TOKEN`. When false, the header must be absent.
    pub token: bool,
    /// The JSON body, or `None` when the request must have no body.
    pub body: Option<Value>,
}

/// Checks each part of `request` against `expected`, one assert per part.
pub fn assert_request(request: &Request, expected: &Expected<'_>) {
    assert_eq!(request.method.as_str(), expected.method, "HTTP method");
    assert_eq!(request.url.path(), expected.path, "encoded path");
    assert_eq!(request.url.query(), expected.query, "raw query string");

    let token = request
        .headers
        .get("x-auth-token")
        .map(|value| value.to_str().expect("the token header is ASCII"));
    let expected_token = expected.token.then_some(TOKEN);
    assert_eq!(token, expected_token, "X-Auth-Token header");

    let content_type = request
        .headers
        .get("content-type")
        .map(|value| value.to_str().expect("the content type is ASCII"));
    match &expected.body {
        Some(body) => {
            assert_eq!(
                content_type.map(essence),
                Some("application/json".to_owned()),
                "Content-Type of a request with a body"
            );
            let sent: Value =
                serde_json::from_slice(&request.body).expect("the request body is JSON");
            assert_eq!(&sent, body, "JSON request body");
        }
        None => {
            assert_eq!(content_type, None, "Content-Type of a request without a body");
            assert!(
                request.body.is_empty(),
                "expected no body, got {:?}",
                String::from_utf8_lossy(&request.body)
            );
        }
    }
}

/// Returns the media type of a `Content-Type` value in lower case, without parameters.
fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
