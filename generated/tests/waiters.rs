//! `Client::wait_for_status` and `Client::wait_until_deleted` against a local mock server.
//!
//! The tests use real time with intervals of a few milliseconds. Paused tokio time does not fit:
//! while the runtime waits for the mock server's socket, the paused clock jumps to the next
//! timer, which can be the HTTP client's request timeout.

mod common;

use std::time::Duration;

use common::*;
use toast_compute_instance::{InstanceStatus, WaitError, WaitOptions, WaitTarget};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "instance-1";

fn fast_options() -> WaitOptions {
    WaitOptions::default()
        .initial_interval(Duration::from_millis(2))
        .max_interval(Duration::from_millis(10))
        .timeout(Duration::from_secs(5))
}

/// Answers the next `times` polls (all later ones when `times` is `None`) with `body`.
async fn mount_poll(server: &MockServer, body: serde_json::Value, times: Option<u64>) {
    let mut mock = Mock::given(method("GET"))
        .and(path(DETAILS_PATH))
        .and(query_param("id", ID))
        .respond_with(ResponseTemplate::new(200).set_body_json(body));
    if let Some(times) = times {
        mock = mock.up_to_n_times(times).expect(times);
    }
    mock.mount(server).await;
}

async fn polls(server: &MockServer) -> usize {
    requests_to(server, DETAILS_PATH).await
}

#[tokio::test]
async fn wait_status_reached() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), Some(2)).await;
    mount_poll(&server, details_body(ID, "ACTIVE"), Some(1)).await;
    let client = static_client(&server);

    let instance = client
        .wait_for_status(ID, InstanceStatus::Active, fast_options())
        .await
        .unwrap();

    assert_eq!(instance.status, InstanceStatus::Active);
    assert_eq!(instance.id, ID);
    assert_eq!(polls(&server).await, 3);
}

#[tokio::test]
async fn wait_status_ignores_other_instances() {
    let server = MockServer::start().await;
    let body = serde_json::json!({
        "header": success_header(),
        "instances": [instance_json("instance-2", "ACTIVE"), instance_json(ID, "STOP")]
    });
    mount_poll(&server, body, Some(1)).await;
    let client = static_client(&server);

    let instance = client
        .wait_for_status(ID, InstanceStatus::Stop, fast_options())
        .await
        .unwrap();

    assert_eq!(instance.id, ID);
}

#[tokio::test]
async fn wait_status_error_fails_early() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), Some(1)).await;
    mount_poll(&server, details_body(ID, "ERROR"), Some(1)).await;
    let client = static_client(&server);

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, fast_options())
        .await
        .unwrap_err();

    let WaitError::Failed { instance, .. } = &error else {
        panic!("expected Failed, got {error:?}");
    };
    assert_eq!(instance.status, InstanceStatus::Error);
    assert_eq!(error.id(), ID);
    assert_eq!(
        error.to_string(),
        "instance instance-1 entered status ERROR while waiting for it to reach status ACTIVE"
    );
}

#[tokio::test]
async fn wait_status_error_as_target() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "ERROR"), Some(1)).await;
    let client = static_client(&server);

    let instance = client
        .wait_for_status(ID, InstanceStatus::Error, fast_options())
        .await
        .unwrap();

    assert_eq!(instance.status, InstanceStatus::Error);
}

#[tokio::test]
async fn wait_status_times_out() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), None).await;
    let client = static_client(&server);
    let options = fast_options().timeout(Duration::from_millis(100));

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, options)
        .await
        .unwrap_err();

    let WaitError::TimedOut {
        last_status,
        waited,
        ..
    } = &error
    else {
        panic!("expected TimedOut, got {error:?}");
    };
    assert_eq!(last_status, &Some(InstanceStatus::Build));
    assert!(*waited >= Duration::from_millis(100), "{waited:?}");
    let message = error.to_string();
    assert!(message.starts_with("timed out after "), "{message}");
    assert!(
        message.contains("instance instance-1 to reach status ACTIVE"),
        "{message}"
    );
    assert!(message.contains("last status seen: BUILD"), "{message}");
    assert!(message.contains("WaitOptions::timeout"), "{message}");
}

#[tokio::test]
async fn wait_polls_at_deadline() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), None).await;
    let client = static_client(&server);
    // One wait of about the timeout, then one last poll at the deadline.
    let options = WaitOptions::default()
        .initial_interval(Duration::from_secs(60))
        .timeout(Duration::from_millis(50));

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, options)
        .await
        .unwrap_err();

    assert!(matches!(error, WaitError::TimedOut { .. }), "{error:?}");
    assert_eq!(polls(&server).await, 2);
}

#[tokio::test]
async fn wait_backoff_limits_polls() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), None).await;
    let client = static_client(&server);
    // Every wait is at least half of 40 ms, so 200 ms leave room for at most 11 polls.
    let options = WaitOptions::default()
        .initial_interval(Duration::from_millis(40))
        .max_interval(Duration::from_millis(40))
        .timeout(Duration::from_millis(200));

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, options)
        .await
        .unwrap_err();

    assert!(matches!(error, WaitError::TimedOut { .. }), "{error:?}");
    let count = polls(&server).await;
    assert!(count >= 2, "{count} polls");
    assert!(count <= 11, "{count} polls");
}

#[tokio::test]
async fn wait_status_disappears_from_list() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), Some(1)).await;
    mount_poll(&server, empty_details_body(), Some(1)).await;
    let client = static_client(&server);

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, fast_options())
        .await
        .unwrap_err();

    let WaitError::Disappeared { last_status, .. } = &error else {
        panic!("expected Disappeared, got {error:?}");
    };
    assert_eq!(last_status, &Some(InstanceStatus::Build));
    assert_eq!(
        error.to_string(),
        "instance instance-1 disappeared (last status seen: BUILD) while waiting for it to \
         reach status ACTIVE"
    );
}

#[tokio::test]
async fn wait_status_not_found_code() {
    let server = MockServer::start().await;
    mount_poll(&server, failure_body(10404, "Instance not found"), Some(1)).await;
    let client = static_client(&server);

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, fast_options())
        .await
        .unwrap_err();

    let WaitError::Disappeared { last_status, .. } = &error else {
        panic!("expected Disappeared, got {error:?}");
    };
    assert_eq!(last_status, &None);
    assert_eq!(
        error.to_string(),
        "instance instance-1 was not found while waiting for it to reach status ACTIVE"
    );
}

#[tokio::test]
async fn wait_deleted_on_empty_list() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "DELETING"), Some(2)).await;
    mount_poll(&server, empty_details_body(), Some(1)).await;
    let client = static_client(&server);

    let deleted = client.wait_until_deleted(ID, fast_options()).await;

    assert!(deleted.is_ok(), "{deleted:?}");
    assert_eq!(polls(&server).await, 3);
}

#[tokio::test]
async fn wait_deleted_on_not_found_code() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "DELETING"), Some(1)).await;
    mount_poll(&server, failure_body(10404, "Instance not found"), Some(1)).await;
    let client = static_client(&server);

    let deleted = client.wait_until_deleted(ID, fast_options()).await;

    assert!(deleted.is_ok(), "{deleted:?}");
    assert_eq!(polls(&server).await, 2);
}

#[tokio::test]
async fn wait_deleted_passes_error_status() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "ERROR"), Some(1)).await;
    mount_poll(&server, empty_details_body(), Some(1)).await;
    let client = static_client(&server);

    let deleted = client.wait_until_deleted(ID, fast_options()).await;

    assert!(deleted.is_ok(), "{deleted:?}");
}

#[tokio::test]
async fn wait_deleted_times_out() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "DELETING"), None).await;
    let client = static_client(&server);
    let options = fast_options().timeout(Duration::from_millis(50));

    let error = client.wait_until_deleted(ID, options).await.unwrap_err();

    assert_eq!(error.target(), &WaitTarget::Deleted);
    assert_eq!(error.last_status(), Some(&InstanceStatus::Deleting));
    let message = error.to_string();
    assert!(
        message.contains("instance instance-1 to be deleted"),
        "{message}"
    );
    assert!(message.contains("last status seen: DELETING"), "{message}");
}

#[tokio::test]
async fn wait_poll_failure_is_request_error() {
    let server = MockServer::start().await;
    mount_poll(&server, details_body(ID, "BUILD"), Some(1)).await;
    mount_poll(&server, failure_body(-1, "Fail"), Some(1)).await;
    let client = static_client(&server);

    let error = client
        .wait_for_status(ID, InstanceStatus::Active, fast_options())
        .await
        .unwrap_err();

    let WaitError::Request { source, .. } = &error else {
        panic!("expected Request, got {error:?}");
    };
    assert_eq!(source.result_code(), Some(-1));
    assert_eq!(error.last_status(), Some(&InstanceStatus::Build));
    let message = error.to_string();
    assert!(message.starts_with("polling instance instance-1 while waiting for it to reach status ACTIVE failed (last status seen: BUILD): "), "{message}");
}

#[tokio::test]
async fn wait_bare_404_is_request_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>Not Found</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let client = static_client(&server);

    let error = client
        .wait_until_deleted(ID, fast_options())
        .await
        .unwrap_err();

    assert!(matches!(error, WaitError::Request { .. }), "{error:?}");
}

#[tokio::test]
async fn wait_empty_id_rejected() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_details_body()))
        .expect(0)
        .mount(&server)
        .await;
    let client = static_client(&server);

    let error = client
        .wait_until_deleted("", fast_options())
        .await
        .unwrap_err();

    let message = error.to_string();
    assert!(message.contains("id is empty"), "{message}");
}
