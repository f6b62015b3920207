//! The fake's failures and transitions, checked through the client and, for bodies that the
//! typed client cannot send, through raw HTTP requests.

use compile_tests::fake::{self, FakeServer, Options};
use serde_json::{Value, json};
use toast_compute_instance::runtime::{Error, Secret};
use toast_compute_instance::{
    Client, InstanceStatus, NetworkRef, NewInstance, NewInstanceVolume, NewKeypair,
    SecurityGroupRef, TokenCredentials,
};

const FLAVOR_ID: &str = "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f";
const OTHER_FLAVOR_ID: &str = "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a";

fn new_instance(key_name: &str) -> NewInstance {
    NewInstance {
        name: "fake-01".to_owned(),
        image: "a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d".to_owned(),
        flavor: FLAVOR_ID.to_owned(),
        networks: vec![NetworkRef {
            id: "5e7a9c1b-3d5f-4a7b-9c1d-3e5f7a9b1c3d".to_owned(),
        }],
        availability_zone: "kr-pub-a".to_owned(),
        key_name: key_name.to_owned(),
        count: 1,
        volumes: vec![NewInstanceVolume { size: 50 }],
        security_groups: vec![SecurityGroupRef {
            name: "default".to_owned(),
        }],
    }
}

/// Creates a keypair and an instance, and polls until the instance is ACTIVE.
async fn active_instance(client: &Client) -> String {
    client
        .create_keypair(&NewKeypair {
            name: "fake-key".to_owned(),
            public_key: None,
        })
        .await
        .expect("createKeypair succeeds");
    let created = client
        .create_instance(&new_instance("fake-key"))
        .await
        .expect("createInstance succeeds");
    for _ in 0..10 {
        let instances = client
            .list_instances(Some(&created.id))
            .await
            .expect("listInstances succeeds");
        if instances[0].status == InstanceStatus::Active {
            return created.id;
        }
    }
    panic!("instance {} did not become ACTIVE", created.id);
}

/// Returns the result code of an [`Error::Api`], failing the test for any other error.
fn result_code<T: std::fmt::Debug>(outcome: Result<T, Error>) -> i64 {
    match outcome {
        Err(Error::Api(api)) => {
            assert_eq!(api.http_status, 200, "the fake reports failures under HTTP 200");
            api.result_code
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Posts `body` to `path` under the fake's appkey with its token, and returns the
/// response's HTTP status and JSON body.
async fn post_raw(server: &FakeServer, path: &str, body: &str) -> (u16, Value) {
    let url = format!(
        "{}/v1.0/appkeys/{}{path}",
        server.url(),
        FakeServer::APPKEY
    );
    let response = reqwest::Client::new()
        .post(url)
        .header("X-Auth-Token", FakeServer::TOKEN)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("the fake answers");
    let status = response.status().as_u16();
    let json = response.json().await.expect("the fake answers with JSON");
    (status, json)
}

#[tokio::test]
async fn unknown_instance_10404() {
    let server = fake::start().await;
    let client = server.client();

    let listed = client.list_instance_details(Some("no-such-instance")).await;
    assert_eq!(result_code(listed), 10404, "listInstanceDetails");
    let started = client.start_instance("no-such-instance").await;
    assert_eq!(result_code(started), 10404, "start");
    let deleted = client.delete_instance("no-such-instance").await;
    assert_eq!(result_code(deleted), 10404, "deleteInstance");
}

#[tokio::test]
async fn unknown_keypair_13404() {
    let server = fake::start().await;
    let client = server.client();

    let listed = client.list_keypairs(Some("no-such-key")).await;
    assert_eq!(result_code(listed), 13404, "listKeypairs");
    let deleted = client.delete_keypair("no-such-key").await;
    assert_eq!(result_code(deleted), 13404, "deleteKeypair");
    let created = client.create_instance(&new_instance("no-such-key")).await;
    assert_eq!(result_code(created), 13404, "createInstance with an unknown key");
}

#[tokio::test]
async fn bad_token_minus_3() {
    let server = fake::start().await;
    let client = Client::builder()
        .base_url(server.url())
        .appkey(FakeServer::APPKEY)
        .token("expired-token")
        .build()
        .expect("client builds");

    let outcome = client.list_flavors().await;

    let error = outcome.expect_err("a bad token fails");
    assert!(error.is_unauthorized(), "is_unauthorized: {error:?}");
    assert_eq!(result_code::<()>(Err(error)), -3, "result code");
}

#[tokio::test]
async fn issued_token_accepted() {
    let server = fake::start().await;
    let anonymous = Client::builder()
        .base_url(server.url())
        .appkey(FakeServer::APPKEY)
        .build()
        .expect("client builds");

    let wrong = anonymous
        .issue_token(&TokenCredentials {
            username: "dev@example.com".to_owned(),
            password: Secret::new("wrong-password"),
        })
        .await;
    assert_eq!(result_code(wrong), 50401, "wrong password");

    let access = anonymous
        .issue_token(&TokenCredentials {
            username: "dev@example.com".to_owned(),
            password: Secret::new(FakeServer::PASSWORD),
        })
        .await
        .expect("issueToken succeeds");
    let client = Client::builder()
        .base_url(server.url())
        .appkey(FakeServer::APPKEY)
        .token(access.token.id.clone())
        .build()
        .expect("client builds");
    let zones = client.list_availability_zones().await;
    assert!(zones.is_ok(), "the issued token works: {zones:?}");
}

#[tokio::test]
async fn unknown_action_minus_4() {
    let server = fake::start().await;
    let id = active_instance(&server.client()).await;

    let (status, body) = post_raw(
        &server,
        &format!("/instances/{id}/action"),
        r#"{"action": "hibernate"}"#,
    )
    .await;

    assert_eq!(status, 200, "HTTP status");
    assert_eq!(body["header"]["isSuccessful"], json!(false), "isSuccessful");
    assert_eq!(body["header"]["resultCode"], json!(-4), "result code");
}

#[tokio::test]
async fn reboot_without_parameters_minus_4() {
    let server = fake::start().await;
    let id = active_instance(&server.client()).await;

    let (_, body) = post_raw(
        &server,
        &format!("/instances/{id}/action"),
        r#"{"action": "reboot"}"#,
    )
    .await;

    assert_eq!(body["header"]["resultCode"], json!(-4), "result code");
}

#[tokio::test]
async fn missing_field_minus_4() {
    let server = fake::start().await;
    let mut body = serde_json::to_value(new_instance("fake-key")).expect("serializes");
    body.as_object_mut().map(|fields| fields.remove("flavor"));

    let (_, response) = post_raw(&server, "/instances", &json!({"instance": body}).to_string()).await;

    assert_eq!(response["header"]["resultCode"], json!(-4), "result code");
}

#[tokio::test]
async fn count_over_10_minus_4() {
    let server = fake::start().await;
    let mut body = serde_json::to_value(new_instance("fake-key")).expect("serializes");
    body["count"] = json!(11);

    let (_, response) = post_raw(&server, "/instances", &json!({"instance": body}).to_string()).await;
    assert_eq!(response["header"]["resultCode"], json!(-4), "result code");

    let requests_before = server.request_count();
    let mut request = new_instance("fake-key");
    request.count = 11;
    let outcome = server.client().create_instance(&request).await;
    assert!(
        matches!(outcome, Err(Error::Validation { .. })),
        "the client rejects count 11 itself: {outcome:?}"
    );
    assert_eq!(
        server.request_count(),
        requests_before,
        "nothing is sent for an invalid count"
    );
}

#[tokio::test]
async fn body_not_json_minus_8() {
    let server = fake::start().await;

    let (_, response) = post_raw(&server, "/keypairs", "{\"keypair\": ").await;

    assert_eq!(response["header"]["resultCode"], json!(-8), "result code");
}

#[tokio::test]
async fn action_in_wrong_status_10409() {
    let server = fake::start().await;
    let client = server.client();
    let id = active_instance(&client).await;

    let outcome = client.start_instance(&id).await;

    assert_eq!(result_code(outcome), 10409, "start of an ACTIVE instance");
}

#[tokio::test]
async fn resize_walks_resizing() {
    let server = fake::start_with(Options {
        transition_reads: 1,
    })
    .await;
    let client = server.client();
    let id = active_instance(&client).await;

    client
        .resize_instance(&id, OTHER_FLAVOR_ID)
        .await
        .expect("resize succeeds");

    let first = client
        .list_instance_details(Some(&id))
        .await
        .expect("listInstanceDetails succeeds");
    assert_eq!(first[0].status, InstanceStatus::Resizing, "first read");
    let second = client
        .list_instance_details(Some(&id))
        .await
        .expect("listInstanceDetails succeeds");
    assert_eq!(second[0].status, InstanceStatus::Active, "second read");
    assert_eq!(second[0].flavor.id, OTHER_FLAVOR_ID, "new flavor");
}

#[tokio::test]
async fn error_status_then_stop() {
    let server = fake::start().await;
    let client = server.client();
    let id = active_instance(&client).await;

    assert!(server.set_status(&id, InstanceStatus::Error), "set_status finds the instance");
    let listed = client.list_instances(Some(&id)).await.expect("listInstances succeeds");
    assert_eq!(listed[0].status, InstanceStatus::Error, "status after set_status");

    client.stop_instance(&id).await.expect("an instance in ERROR can be stopped");
    assert_eq!(
        server.status(&id),
        Some(InstanceStatus::PoweringOff),
        "status after stop"
    );
}

#[tokio::test]
async fn floating_ip_and_security_group() {
    let server = fake::start().await;
    let client = server.client();
    let id = active_instance(&client).await;
    let details = client
        .list_instance_details(Some(&id))
        .await
        .expect("listInstanceDetails succeeds");
    let fixed_ip = details[0].addresses.as_ref().expect("addresses")[0]
        .ip_address
        .clone();

    client
        .add_floating_ip(&id, "133.186.150.32", &fixed_ip)
        .await
        .expect("addFloatingIp succeeds");
    client
        .add_security_group(&id, "web-ingress")
        .await
        .expect("addSecurityGroup succeeds");
    let details = client
        .list_instance_details(Some(&id))
        .await
        .expect("listInstanceDetails succeeds");
    let address = &details[0].addresses.as_ref().expect("addresses")[0];
    assert_eq!(
        address.floating_ip_address.as_deref(),
        Some("133.186.150.32"),
        "floating IP after add"
    );
    let groups: Vec<&str> = details[0]
        .security_groups
        .iter()
        .flatten()
        .map(|group| group.name.as_str())
        .collect();
    assert_eq!(groups, ["default", "web-ingress"], "security groups after add");

    client
        .remove_floating_ip(&id, "133.186.150.32")
        .await
        .expect("removeFloatingIp succeeds");
    let again = client.remove_floating_ip(&id, "133.186.150.32").await;
    assert_eq!(result_code(again), -5, "removing a detached floating IP");
    let missing_group = client.remove_security_group(&id, "no-such-group").await;
    assert_eq!(result_code(missing_group), -5, "removing an unregistered group");
}
