//! Retries and request validation of the generated client, seen from the wire.

mod common;

use common::*;
use serde_json::json;
use toast_compute_instance::runtime::{Error, RetryConfig};
use toast_compute_instance::{NetworkRef, NewInstance, NewInstanceVolume, SecurityGroupRef};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn new_instance() -> NewInstance {
    NewInstance {
        name: "web-1".to_owned(),
        image: "image-1".to_owned(),
        flavor: "flavor-1".to_owned(),
        networks: vec![NetworkRef {
            id: "network-1".to_owned(),
        }],
        availability_zone: "kr-pub-a".to_owned(),
        key_name: "key-1".to_owned(),
        count: 1,
        volumes: vec![NewInstanceVolume { size: 20 }],
        security_groups: vec![SecurityGroupRef {
            name: "default".to_owned(),
        }],
    }
}

fn created_body() -> serde_json::Value {
    json!({
        "header": success_header(),
        "instance": {"id": "instance-1", "name": "web-1", "status": "BUILD"}
    })
}

/// Answers the first request to `path` and `http_method` with HTTP 503 and every later one
/// with `success`.
async fn mount_503_then(
    server: &MockServer,
    http_method: &str,
    target: &str,
    success: serde_json::Value,
) {
    Mock::given(method(http_method))
        .and(path(target))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method(http_method))
        .and(path(target))
        .respond_with(ResponseTemplate::new(200).set_body_json(success))
        .mount(server)
        .await;
}

#[tokio::test]
async fn get_retries_transient_status() {
    let server = MockServer::start().await;
    mount_503_then(&server, "GET", ZONES_PATH, zones_body()).await;

    let zones = static_client(&server).list_availability_zones().await;

    assert!(zones.is_ok(), "{zones:?}");
    assert_eq!(requests_to(&server, ZONES_PATH).await, 2);
}

#[tokio::test]
async fn get_retries_stop_at_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;

    let error = static_client(&server).list_flavors().await.unwrap_err();

    assert_eq!(error.http_status(), Some(503));
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn create_not_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INSTANCES_PATH))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let error = static_client(&server)
        .create_instance(&new_instance())
        .await
        .unwrap_err();

    assert_eq!(error.http_status(), Some(503));
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn create_retried_when_opted_in() {
    let server = MockServer::start().await;
    mount_503_then(&server, "POST", INSTANCES_PATH, created_body()).await;
    let client = static_client(&server).with_retry(RetryConfig {
        retry_unsafe: true,
        ..fast_retry()
    });

    let created = client.create_instance(&new_instance()).await;

    assert_eq!(
        created.map(|instance| instance.id).ok().as_deref(),
        Some("instance-1")
    );
    assert_eq!(requests_to(&server, INSTANCES_PATH).await, 2);
}

#[tokio::test]
async fn delete_retried_when_idempotent_allowed() {
    let server = MockServer::start().await;
    mount_503_then(
        &server,
        "DELETE",
        INSTANCES_PATH,
        json!({"header": success_header()}),
    )
    .await;
    let client = static_client(&server).with_retry(RetryConfig {
        retry_idempotent: true,
        ..fast_retry()
    });

    let deleted = client.delete_instance("instance-1").await;

    assert!(deleted.is_ok(), "{deleted:?}");
    assert_eq!(requests_to(&server, INSTANCES_PATH).await, 2);
}

/// Sends `instance` to a server that expects no request, and returns the violations.
async fn rejected_violations(instance: NewInstance) -> Vec<(String, String)> {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(created_body()))
        .expect(0)
        .mount(&server)
        .await;

    let error = static_client(&server)
        .create_instance(&instance)
        .await
        .unwrap_err();

    let Error::Validation {
        operation,
        violations,
    } = error
    else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(operation, "createInstance");
    violations
        .into_iter()
        .map(|violation| (violation.field, violation.constraint))
        .collect()
}

// Required properties and enum values need no runtime check: a `NewInstance` cannot be built
// without every required field, and `RebootType` has no variant outside its enum.

#[tokio::test]
async fn validation_valid_request_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(INSTANCES_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(created_body()))
        .expect(1)
        .mount(&server)
        .await;

    let created = static_client(&server)
        .create_instance(&new_instance())
        .await;

    assert!(created.is_ok(), "{created:?}");
}

#[tokio::test]
async fn validation_max_length() {
    let instance = NewInstance {
        name: "n".repeat(256),
        ..new_instance()
    };

    let violations = rejected_violations(instance).await;

    assert_eq!(
        violations,
        [("instance.name".to_owned(), "maxLength 255".to_owned())]
    );
}

#[tokio::test]
async fn validation_maximum() {
    let instance = NewInstance {
        count: 11,
        ..new_instance()
    };

    let violations = rejected_violations(instance).await;

    assert_eq!(
        violations,
        [("instance.count".to_owned(), "maximum 10".to_owned())]
    );
}

#[tokio::test]
async fn validation_minimum() {
    let instance = NewInstance {
        count: 0,
        ..new_instance()
    };

    let violations = rejected_violations(instance).await;

    assert_eq!(
        violations,
        [("instance.count".to_owned(), "minimum 1".to_owned())]
    );
}

#[tokio::test]
async fn validation_max_items() {
    let instance = NewInstance {
        volumes: vec![
            NewInstanceVolume { size: 20 },
            NewInstanceVolume { size: 50 },
        ],
        ..new_instance()
    };

    let violations = rejected_violations(instance).await;

    assert_eq!(
        violations,
        [("instance.volumes".to_owned(), "maxItems 1".to_owned())]
    );
}

#[tokio::test]
async fn validation_message_names_limit() {
    let server = MockServer::start().await;
    let instance = NewInstance {
        name: "n".repeat(256),
        ..new_instance()
    };

    let error = static_client(&server)
        .create_instance(&instance)
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "invalid request for createInstance: instance.name has 256 characters but maxLength \
         is 255; shorten it"
    );
}
