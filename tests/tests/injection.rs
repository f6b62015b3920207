//! IDs and names with URL syntax in them (`/`, `..`, `?`, `#`, `%`, `&`, `+`, spaces and
//! non-ASCII text) must reach the server as one percent-encoded path segment or one query
//! value, never as extra segments, parameters or a fragment.
//!
//! Each case mounts a mock for the exact encoded URL with `expect(1)` and a catch-all with
//! `expect(0)`, so a request that lands on any other route fails the case.

mod common;

use common::{APPKEY, TOKEN, envelope};
use percent_encoding::percent_decode_str;
use serde_json::json;
use toast_compute_instance::Client;
use toast_compute_instance::runtime::RetryConfig;
use wiremock::matchers::{any, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Raw values and their encoding as one URL component: every byte outside the RFC 3986
/// unreserved set `A-Z a-z 0-9 - . _ ~` as `%XX`. The encodings are written out by hand so
/// that the test does not share an encoder with the client.
const CASES: [(&str, &str); 10] = [
    ("a/../b?c#d", "a%2F..%2Fb%3Fc%23d"),
    ("../../flavors", "..%2F..%2Fflavors"),
    ("%2F", "%252F"),
    ("100%", "100%25"),
    ("인스턴스 1", "%EC%9D%B8%EC%8A%A4%ED%84%B4%EC%8A%A4%201"),
    ("web 01", "web%2001"),
    ("x&id=y", "x%26id%3Dy"),
    ("a+b", "a%2Bb"),
    ("?#", "%3F%23"),
    ("é~._-", "%C3%A9~._-"),
];

fn client_for(server: &MockServer, appkey: &str) -> Client {
    Client::builder()
        .base_url(server.uri())
        .appkey(appkey)
        .token(TOKEN)
        .retry(RetryConfig::disabled())
        .build()
        .expect("a client for a loopback mock server builds")
}

/// Starts a server where only `exact` responds, once, and any other request is a failure.
async fn server_with_only(exact: Mock) -> MockServer {
    let server = MockServer::start().await;
    exact.expect(1).mount(&server).await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404))
        .expect(0)
        .named("any other route")
        .mount(&server)
        .await;
    server
}

fn success() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(envelope(json!({})))
}

/// Returns the one request that `server` received.
async fn only_request(server: &MockServer, raw: &str) -> Request {
    let requests = server
        .received_requests()
        .await
        .expect("the mock server records requests");
    assert_eq!(requests.len(), 1, "{raw:?}: number of requests");
    requests.into_iter().next().expect("one request")
}

/// Returns the percent-decoded path segment at `index`.
fn decoded_segment(request: &Request, index: usize) -> String {
    let segment = request
        .url
        .path()
        .split('/')
        .nth(index)
        .unwrap_or_default()
        .to_owned();
    percent_decode_str(&segment)
        .decode_utf8()
        .expect("the segment is UTF-8")
        .into_owned()
}

#[tokio::test]
async fn instance_id_in_path() {
    for (raw, encoded) in CASES {
        let exact_path = format!("/v1.0/appkeys/{APPKEY}/instances/{encoded}/action");
        let server = server_with_only(
            Mock::given(method("POST"))
                .and(path(exact_path.as_str()))
                .respond_with(success()),
        )
        .await;

        let outcome = client_for(&server, APPKEY).start_instance(raw).await;

        assert!(outcome.is_ok(), "{raw:?}: start_instance failed: {outcome:?}");
        let request = only_request(&server, raw).await;
        assert_eq!(request.url.path(), exact_path, "{raw:?}: raw path");
        assert_eq!(request.url.query(), None, "{raw:?}: no query string");
        assert_eq!(request.url.fragment(), None, "{raw:?}: no fragment");
        assert_eq!(decoded_segment(&request, 5), raw, "{raw:?}: decoded segment");
        server.verify().await;
    }
}

#[tokio::test]
async fn query_value_of_list() {
    for (raw, encoded) in CASES {
        let server = server_with_only(
            Mock::given(method("GET"))
                .and(path(format!("/v1.0/appkeys/{APPKEY}/instances")))
                .and(query_param("id", raw))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(envelope(json!({"instances": []}))),
                ),
        )
        .await;

        let outcome = client_for(&server, APPKEY).list_instances(Some(raw)).await;

        assert!(outcome.is_ok(), "{raw:?}: list_instances failed: {outcome:?}");
        let request = only_request(&server, raw).await;
        let expected_query = format!("id={encoded}");
        assert_eq!(
            request.url.query(),
            Some(expected_query.as_str()),
            "{raw:?}: raw query"
        );
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [("id".to_owned(), raw.to_owned())],
            "{raw:?}: decoded query pairs"
        );
        assert_eq!(request.url.fragment(), None, "{raw:?}: no fragment");
        server.verify().await;
    }
}

#[tokio::test]
async fn keypair_name_in_query() {
    for (raw, encoded) in CASES {
        let server = server_with_only(
            Mock::given(method("DELETE"))
                .and(path(format!("/v1.0/appkeys/{APPKEY}/keypairs")))
                .and(query_param("name", raw))
                .respond_with(success()),
        )
        .await;

        let outcome = client_for(&server, APPKEY).delete_keypair(raw).await;

        assert!(outcome.is_ok(), "{raw:?}: delete_keypair failed: {outcome:?}");
        let request = only_request(&server, raw).await;
        let expected_query = format!("name={encoded}");
        assert_eq!(
            request.url.query(),
            Some(expected_query.as_str()),
            "{raw:?}: raw query"
        );
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            [("name".to_owned(), raw.to_owned())],
            "{raw:?}: decoded query pairs"
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn path_and_query_together() {
    for (raw, encoded) in CASES {
        let exact_path = format!("/v1.0/appkeys/{APPKEY}/instances/{encoded}/attachments");
        let server = server_with_only(
            Mock::given(method("DELETE"))
                .and(path(exact_path.as_str()))
                .and(query_param("volumeId", raw))
                .respond_with(success()),
        )
        .await;

        let outcome = client_for(&server, APPKEY).detach_volume(raw, raw).await;

        assert!(outcome.is_ok(), "{raw:?}: detach_volume failed: {outcome:?}");
        let request = only_request(&server, raw).await;
        assert_eq!(request.url.path(), exact_path, "{raw:?}: raw path");
        let expected_query = format!("volumeId={encoded}");
        assert_eq!(
            request.url.query(),
            Some(expected_query.as_str()),
            "{raw:?}: raw query"
        );
        assert_eq!(decoded_segment(&request, 5), raw, "{raw:?}: decoded segment");
        server.verify().await;
    }
}

#[tokio::test]
async fn appkey_in_path() {
    for (raw, encoded) in CASES {
        let exact_path = format!("/v1.0/appkeys/{encoded}/flavors");
        let server = server_with_only(
            Mock::given(method("GET"))
                .and(path(exact_path.as_str()))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(envelope(json!({"flavors": []}))),
                ),
        )
        .await;

        let outcome = client_for(&server, raw).list_flavors().await;

        assert!(outcome.is_ok(), "{raw:?}: list_flavors failed: {outcome:?}");
        let request = only_request(&server, raw).await;
        assert_eq!(request.url.path(), exact_path, "{raw:?}: raw path");
        assert_eq!(decoded_segment(&request, 3), raw, "{raw:?}: decoded segment");
        server.verify().await;
    }
}

#[tokio::test]
async fn dot_segments_as_id() {
    for raw in [".", "..", ""] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(success())
            .named("any route")
            .mount(&server)
            .await;

        let outcome = client_for(&server, APPKEY).start_instance(raw).await;

        let requests = server
            .received_requests()
            .await
            .expect("the mock server records requests");
        let paths: Vec<String> = requests.iter().map(|r| r.url.path().to_owned()).collect();
        // A URL parser removes `.` and `..` segments (RFC 3986 section 5.2.4). The WHATWG URL
        // standard that the `url` crate follows also removes `%2E` and `%2E%2E`, so no encoding
        // keeps them and the client must reject such an ID before sending.
        assert!(
            matches!(outcome, Err(toast_compute_instance::runtime::Error::Validation { .. })),
            "{raw:?}: expected a validation error, got {outcome:?}"
        );
        assert!(paths.is_empty(), "{raw:?}: expected no request, got requests to {paths:?}");
    }
}

#[tokio::test]
async fn token_header_not_injectable() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(success())
        .expect(0)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .appkey(APPKEY)
        .token("abc\r\nX-Injected: 1")
        .retry(RetryConfig::disabled())
        .build()
        .expect("the builder does not inspect the token");

    let error = client
        .delete_keypair("deploy-key")
        .await
        .expect_err("a token with a line break is rejected");

    let message = error.to_string();
    assert!(
        matches!(error, toast_compute_instance::runtime::Error::Config { .. }),
        "expected Error::Config, got {error:?}"
    );
    assert!(
        !message.contains("X-Injected"),
        "the message hides the token: {message}"
    );
    server.verify().await;
}
