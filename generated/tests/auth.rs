//! `PasswordTokenProvider` against a local mock server: issuing, caching, refreshing.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use toast_compute_instance::PasswordTokenProvider;
use toast_compute_instance::runtime::Error;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mount_token(server: &MockServer, token: &str, lifetime_seconds: i64, times: u64) {
    let mut mock = Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(token, lifetime_seconds)))
        .expect(times);
    // wiremock rejects a limit of 0; with `expect(0)` the mock only checks that nothing came.
    if times > 0 {
        mock = mock.up_to_n_times(times);
    }
    mock.mount(server).await;
}

async fn mount_zones(server: &MockServer, token: &str, response: ResponseTemplate, times: u64) {
    Mock::given(method("GET"))
        .and(path(ZONES_PATH))
        .and(header("X-Auth-Token", token))
        .respond_with(response)
        .expect(times)
        .mount(server)
        .await;
}

fn zones_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(zones_body())
}

fn permission_denied() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(failure_body(-3, "Permission denied"))
}

fn password_client(server: &MockServer) -> toast_compute_instance::Client {
    builder(server)
        .token_provider(PasswordTokenProvider::new(USERNAME, PASSWORD))
        .build()
        .unwrap()
}

#[tokio::test]
async fn issue_sends_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .and(body_json(
            json!({"auth": {"username": USERNAME, "password": PASSWORD}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body("tok-1", 3600)))
        .expect(1)
        .mount(&server)
        .await;
    mount_zones(&server, "tok-1", zones_ok(), 1).await;

    let zones = password_client(&server)
        .list_availability_zones()
        .await
        .unwrap();

    assert_eq!(zones.len(), 1);
}

#[tokio::test]
async fn issue_sends_no_token_header() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_zones(&server, "tok-1", zones_ok(), 1).await;

    password_client(&server)
        .list_availability_zones()
        .await
        .unwrap();

    let requests = server.received_requests().await.unwrap();
    let token_request = requests
        .iter()
        .find(|r| r.url.path() == TOKENS_PATH)
        .unwrap();
    assert!(!token_request.headers.contains_key("x-auth-token"));
}

#[tokio::test]
async fn credentials_shortcut_issues_token() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_zones(&server, "tok-1", zones_ok(), 1).await;
    let client = builder(&server)
        .credentials(USERNAME, PASSWORD)
        .build()
        .unwrap();

    let zones = client.list_availability_zones().await;

    assert!(zones.is_ok(), "{zones:?}");
}

#[tokio::test]
async fn token_reused_until_margin() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_zones(&server, "tok-1", zones_ok(), 3).await;
    let client = password_client(&server);

    for _ in 0..3 {
        client.list_availability_zones().await.unwrap();
    }

    assert_eq!(requests_to(&server, TOKENS_PATH).await, 1);
}

#[tokio::test]
async fn expiry_inside_margin_issues_again() {
    let server = MockServer::start().await;
    // 60 s is inside the default 5-minute margin, so the token serves one call only.
    mount_token(&server, "tok-short", 60, 1).await;
    mount_token(&server, "tok-long", 3600, 1).await;
    mount_zones(&server, "tok-short", zones_ok(), 1).await;
    mount_zones(&server, "tok-long", zones_ok(), 2).await;
    let client = password_client(&server);

    for _ in 0..3 {
        client.list_availability_zones().await.unwrap();
    }

    assert_eq!(requests_to(&server, TOKENS_PATH).await, 2);
    assert_eq!(requests_to(&server, ZONES_PATH).await, 3);
}

#[tokio::test]
async fn smaller_margin_keeps_token() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 60, 1).await;
    mount_zones(&server, "tok-1", zones_ok(), 2).await;
    let provider =
        PasswordTokenProvider::new(USERNAME, PASSWORD).with_margin(Duration::from_secs(10));
    let client = builder(&server).token_provider(provider).build().unwrap();

    for _ in 0..2 {
        client.list_availability_zones().await.unwrap();
    }

    assert_eq!(requests_to(&server, TOKENS_PATH).await, 1);
}

#[tokio::test]
async fn permission_denied_refreshes_once() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_token(&server, "tok-2", 3600, 1).await;
    mount_zones(&server, "tok-1", permission_denied(), 1).await;
    mount_zones(&server, "tok-2", zones_ok(), 1).await;

    let zones = password_client(&server).list_availability_zones().await;

    assert!(zones.is_ok(), "{zones:?}");
    assert_eq!(requests_to(&server, TOKENS_PATH).await, 2);
    assert_eq!(requests_to(&server, ZONES_PATH).await, 2);
}

#[tokio::test]
async fn refreshed_token_is_kept() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_token(&server, "tok-2", 3600, 1).await;
    mount_zones(&server, "tok-1", permission_denied(), 1).await;
    mount_zones(&server, "tok-2", zones_ok(), 2).await;
    let client = password_client(&server);

    client.list_availability_zones().await.unwrap();
    client.list_availability_zones().await.unwrap();

    assert_eq!(requests_to(&server, TOKENS_PATH).await, 2);
}

#[tokio::test]
async fn second_denial_is_returned() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_token(&server, "tok-2", 3600, 1).await;
    mount_zones(&server, "tok-1", permission_denied(), 1).await;
    mount_zones(&server, "tok-2", permission_denied(), 1).await;

    let error = password_client(&server)
        .list_availability_zones()
        .await
        .unwrap_err();

    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.result_code(), Some(-3));
    assert_eq!(error.attempts(), 2);
}

#[tokio::test]
async fn same_token_not_repeated() {
    let server = MockServer::start().await;
    // The service issues the rejected token again, so repeating would be pointless.
    mount_token(&server, "tok-1", 3600, 2).await;
    mount_zones(&server, "tok-1", permission_denied(), 1).await;

    let error = password_client(&server)
        .list_availability_zones()
        .await
        .unwrap_err();

    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.attempts(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_issue() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(token_body("tok-shared", 3600))
                .set_delay(Duration::from_millis(200)),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_zones(&server, "tok-shared", zones_ok(), 16).await;
    let client = password_client(&server);

    let mut tasks = Vec::new();
    for _ in 0..16 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            client.list_availability_zones().await
        }));
    }
    for task in tasks {
        let zones = task.await.unwrap();
        assert!(zones.is_ok(), "{zones:?}");
    }

    assert_eq!(requests_to(&server, TOKENS_PATH).await, 1);
}

#[tokio::test]
async fn issue_failure_is_token_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(failure_body(50401, "Invalid password")),
        )
        .expect(1)
        .mount(&server)
        .await;
    mount_zones(&server, "unused", zones_ok(), 0).await;

    let error = password_client(&server)
        .list_availability_zones()
        .await
        .unwrap_err();

    let Error::Token {
        operation, source, ..
    } = &error
    else {
        panic!("expected a token error, got {error:?}");
    };
    assert_eq!(*operation, "listAvailabilityZones");
    assert_eq!(source.result_code(), Some(50401));
    assert!(error.to_string().contains("Invalid password"), "{error}");
}

#[tokio::test]
async fn failed_issue_not_cached() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(failure_body(-1, "Fail")))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_zones(&server, "tok-1", zones_ok(), 1).await;
    let client = password_client(&server);

    let first = client.list_availability_zones().await;
    let second = client.list_availability_zones().await;

    assert!(first.is_err(), "{first:?}");
    assert!(second.is_ok(), "{second:?}");
}

#[tokio::test]
async fn blank_username_rejected_before_request() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 0).await;
    let client = builder(&server)
        .token_provider(PasswordTokenProvider::new(" ", PASSWORD))
        .build()
        .unwrap();

    let error = client.list_availability_zones().await.unwrap_err();

    let message = error.to_string();
    assert!(message.contains("account e-mail"), "{message}");
    assert!(message.contains("PasswordTokenProvider::new"), "{message}");
}

#[tokio::test]
async fn empty_password_rejected_before_request() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 0).await;
    let client = builder(&server).credentials(USERNAME, "").build().unwrap();

    let error = client.list_availability_zones().await.unwrap_err();

    assert!(error.to_string().contains("API password"), "{error}");
}

#[tokio::test]
async fn clear_forces_new_issue() {
    let server = MockServer::start().await;
    mount_token(&server, "tok-1", 3600, 1).await;
    mount_token(&server, "tok-2", 3600, 1).await;
    mount_zones(&server, "tok-1", zones_ok(), 1).await;
    mount_zones(&server, "tok-2", zones_ok(), 1).await;
    let provider = Arc::new(PasswordTokenProvider::new(USERNAME, PASSWORD));
    let client = builder(&server)
        .token_provider(SharedProvider(Arc::clone(&provider)))
        .build()
        .unwrap();

    client.list_availability_zones().await.unwrap();
    provider.clear();
    client.list_availability_zones().await.unwrap();

    assert_eq!(requests_to(&server, TOKENS_PATH).await, 2);
}

#[test]
fn username_returned() {
    let provider = PasswordTokenProvider::new(USERNAME, PASSWORD);
    assert_eq!(provider.username(), USERNAME);
}
