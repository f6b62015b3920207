//! `Client::from_lookup` and `Client::builder_from_lookup`: which variables are read and what
//! a missing one reports. The process environment is never changed, so tests can run in
//! parallel.

mod common;

use std::collections::HashMap;

use common::*;
use toast_compute_instance::Client;
use toast_compute_instance::runtime::Error;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn lookup_in(variables: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = variables
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}

fn config_message(variables: &[(&str, &str)]) -> String {
    match Client::from_lookup(lookup_in(variables)) {
        Err(Error::Config { message }) => message,
        Err(other) => panic!("expected a config error, got {other:?}"),
        Ok(client) => panic!("expected a config error, got {client:?}"),
    }
}

#[test]
fn env_missing_appkey() {
    let message = config_message(&[("TOAST_TOKEN", "tok")]);
    assert!(message.contains("TOAST_APPKEY"), "{message}");
    assert!(message.contains("appkey of the project"), "{message}");
}

#[test]
fn env_blank_appkey_is_missing() {
    let message = config_message(&[("TOAST_APPKEY", "  "), ("TOAST_TOKEN", "tok")]);
    assert!(
        message.contains("missing environment variable TOAST_APPKEY"),
        "{message}"
    );
}

#[test]
fn env_missing_credentials() {
    let message = config_message(&[("TOAST_APPKEY", APPKEY)]);
    assert!(message.contains("TOAST_TOKEN"), "{message}");
    assert!(message.contains("TOAST_USERNAME"), "{message}");
    assert!(message.contains("TOAST_API_PASSWORD"), "{message}");
}

#[test]
fn env_missing_password() {
    let message = config_message(&[("TOAST_APPKEY", APPKEY), ("TOAST_USERNAME", USERNAME)]);
    assert!(
        message.starts_with("missing environment variable TOAST_API_PASSWORD"),
        "{message}"
    );
    assert!(message.contains("TOAST_TOKEN instead"), "{message}");
}

#[test]
fn env_missing_username() {
    let message = config_message(&[("TOAST_APPKEY", APPKEY), ("TOAST_API_PASSWORD", PASSWORD)]);
    assert!(
        message.starts_with("missing environment variable TOAST_USERNAME"),
        "{message}"
    );
    assert!(!message.contains(PASSWORD), "{message}");
}

#[test]
fn env_empty_token_is_missing() {
    let message = config_message(&[("TOAST_APPKEY", APPKEY), ("TOAST_TOKEN", "")]);
    assert!(message.starts_with("missing credentials"), "{message}");
}

#[test]
fn env_default_endpoint() {
    let client = Client::from_lookup(lookup_in(&[
        ("TOAST_APPKEY", APPKEY),
        ("TOAST_TOKEN", "tok"),
    ]))
    .unwrap();
    assert_eq!(
        client.core().base_url(),
        "https://api-compute.cloud.toast.com/compute"
    );
}

#[test]
fn env_endpoint_overrides() {
    let client = Client::from_lookup(lookup_in(&[
        ("TOAST_APPKEY", APPKEY),
        ("TOAST_TOKEN", "tok"),
        (
            "TOAST_COMPUTE_ENDPOINT",
            " https://proxy.example.com/compute/ ",
        ),
    ]))
    .unwrap();
    assert_eq!(
        client.core().base_url(),
        "https://proxy.example.com/compute"
    );
}

#[test]
fn env_invalid_endpoint() {
    let message = config_message(&[
        ("TOAST_APPKEY", APPKEY),
        ("TOAST_TOKEN", "tok"),
        ("TOAST_COMPUTE_ENDPOINT", "ftp://example.com"),
    ]);
    assert!(message.contains("\"ftp://example.com\""), "{message}");
}

#[test]
fn env_builder_takes_more_settings() {
    let builder = Client::builder_from_lookup(lookup_in(&[
        ("TOAST_APPKEY", APPKEY),
        ("TOAST_TOKEN", "tok"),
    ]));
    let client = builder.unwrap().user_agent("my-tool/1.0").build();
    assert!(client.is_ok(), "{client:?}");
}

#[tokio::test]
async fn env_token_wins_over_password() {
    let server = MockServer::start().await;
    Mock::given(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ZONES_PATH))
        .and(header("X-Auth-Token", "tok-env"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let client = Client::from_lookup(lookup_in(&[
        ("TOAST_APPKEY", APPKEY),
        ("TOAST_TOKEN", " tok-env\n"),
        ("TOAST_USERNAME", USERNAME),
        ("TOAST_API_PASSWORD", PASSWORD),
        ("TOAST_COMPUTE_ENDPOINT", &uri),
    ]))
    .unwrap();

    let zones = client.list_availability_zones().await;

    assert!(zones.is_ok(), "{zones:?}");
}

#[tokio::test]
async fn env_password_issues_token() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-issued", 3600)))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(ZONES_PATH))
        .and(header("X-Auth-Token", "tok-issued"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let client = Client::from_lookup(lookup_in(&[
        ("TOAST_APPKEY", APPKEY),
        ("TOAST_USERNAME", USERNAME),
        ("TOAST_API_PASSWORD", PASSWORD),
        ("TOAST_COMPUTE_ENDPOINT", &uri),
    ]))
    .unwrap();

    let zones = client.list_availability_zones().await;

    assert!(zones.is_ok(), "{zones:?}");
}
