//! The request that each of the nine action methods sends through `performInstanceAction`,
//! and the value it returns, against a wiremock server on 127.0.0.1.

mod common;

use common::{Expected, answer_once, api_path, assert_request, client, envelope, only_request};
use serde_json::{Value, json};
use toast_compute_instance::{CreatedImage, RebootType};
use wiremock::MockServer;

const INSTANCE_ID: &str = "f4e3a1b2-7c9d-4e8f-a1b2-c3d4e5f6a7b8";

/// Starts a server that accepts one action with the success header alone.
async fn server_accepting_action() -> MockServer {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({}))).await;
    server
}

/// Checks that the one request was `POST .../instances/{INSTANCE_ID}/action` with `body`.
async fn assert_action_sent(server: &MockServer, body: Value) {
    let request = only_request(server).await;
    assert_request(
        &request,
        &Expected {
            method: "POST",
            path: api_path(&format!("/instances/{INSTANCE_ID}/action")),
            query: None,
            token: true,
            body: Some(body),
        },
    );
}

/// Checks that the body sent has no `parameters` key, as the guide shows for start and stop.
async fn assert_no_parameters_key(server: &MockServer) {
    let request = only_request(server).await;
    let sent: Value = serde_json::from_slice(&request.body).expect("the request body is JSON");
    assert!(
        sent.get("parameters").is_none(),
        "start and stop send no parameters key, got {sent}"
    );
}

#[tokio::test]
async fn start_instance_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server).start_instance(INSTANCE_ID).await;

    assert!(outcome.is_ok(), "start_instance fails: {outcome:?}");
    assert_action_sent(&server, json!({"action": "start"})).await;
    assert_no_parameters_key(&server).await;
}

#[tokio::test]
async fn stop_instance_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server).stop_instance(INSTANCE_ID).await;

    assert!(outcome.is_ok(), "stop_instance fails: {outcome:?}");
    assert_action_sent(&server, json!({"action": "stop"})).await;
    assert_no_parameters_key(&server).await;
}

#[tokio::test]
async fn reboot_instance_hard() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .reboot_instance(INSTANCE_ID, RebootType::Hard)
        .await;

    assert!(outcome.is_ok(), "reboot_instance fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({"action": "reboot", "parameters": {"type": "HARD"}}),
    )
    .await;
}

#[tokio::test]
async fn reboot_instance_soft() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .reboot_instance(INSTANCE_ID, RebootType::Soft)
        .await;

    assert!(outcome.is_ok(), "reboot_instance fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({"action": "reboot", "parameters": {"type": "SOFT"}}),
    )
    .await;
}

#[tokio::test]
async fn resize_instance_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .resize_instance(INSTANCE_ID, "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a")
        .await;

    assert!(outcome.is_ok(), "resize_instance fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({
            "action": "resize",
            "parameters": {"flavor": "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a"}
        }),
    )
    .await;
}

#[tokio::test]
async fn upload_image_body_and_image() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "createdImage": {
                "id": "e1f3a5c7-9b2d-4f6e-8a0c-2d4f6b8a0e1c",
                "name": "web-01-2017-05-16"
            }
        })),
    )
    .await;

    let image = client(&server)
        .upload_image(INSTANCE_ID, "web-01-2017-05-16")
        .await
        .expect("upload_image succeeds");

    assert_action_sent(
        &server,
        json!({"action": "uploadImage", "parameters": {"name": "web-01-2017-05-16"}}),
    )
    .await;
    let expected = CreatedImage {
        id: "e1f3a5c7-9b2d-4f6e-8a0c-2d4f6b8a0e1c".to_owned(),
        name: "web-01-2017-05-16".to_owned(),
    };
    assert_eq!(image, expected, "decoded image");
}

#[tokio::test]
async fn add_floating_ip_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .add_floating_ip(INSTANCE_ID, "133.186.150.32", "192.168.0.23")
        .await;

    assert!(outcome.is_ok(), "add_floating_ip fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({
            "action": "addFloatingIp",
            "parameters": {"address": "133.186.150.32", "ipAddress": "192.168.0.23"}
        }),
    )
    .await;
}

#[tokio::test]
async fn remove_floating_ip_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .remove_floating_ip(INSTANCE_ID, "133.186.150.32")
        .await;

    assert!(outcome.is_ok(), "remove_floating_ip fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({"action": "removeFloatingIp", "parameters": {"address": "133.186.150.32"}}),
    )
    .await;
}

#[tokio::test]
async fn add_security_group_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .add_security_group(INSTANCE_ID, "web-ingress")
        .await;

    assert!(outcome.is_ok(), "add_security_group fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({"action": "addSecurityGroup", "parameters": {"name": "web-ingress"}}),
    )
    .await;
}

#[tokio::test]
async fn remove_security_group_body() {
    let server = server_accepting_action().await;

    let outcome = client(&server)
        .remove_security_group(INSTANCE_ID, "web-ingress")
        .await;

    assert!(outcome.is_ok(), "remove_security_group fails: {outcome:?}");
    assert_action_sent(
        &server,
        json!({"action": "removeSecurityGroup", "parameters": {"name": "web-ingress"}}),
    )
    .await;
}
