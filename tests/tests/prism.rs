//! Calls every operation and every action of the generated client against Prism, a mock server
//! that reads the spec on its own.
//!
//! Prism checks each request against the spec and rejects an invalid one with a 4xx status,
//! such as 422 for an invalid body or 401 without a token, and a problem body. The client
//! returns that response as an error. Started with `--errors`, Prism also responds with HTTP 500
//! when its own response breaks the spec. Each response is one of the spec's examples, so these
//! tests also show that the client decodes them.
//!
//! `tests/prism/run.sh` starts Prism and sets `PRISM_URL`. Without `PRISM_URL` every test here
//! prints why it is skipped and passes, so a plain `cargo test` needs no Prism.

use std::time::Duration;

use toast_compute_instance::runtime::RetryConfig;
use toast_compute_instance::{
    Client, InstanceAction, InstanceStatus, NetworkRef, NewInstance, NewInstanceVolume, NewKeypair,
    NewVolumeAttachment, RebootType, SecurityGroupRef, TokenCredentials, UploadImageParameters,
};

const INSTANCE_ID: &str = "3b9f6c1e-2d4a-4f8b-9c7e-5a1d2b3c4e5f";
const VOLUME_ID: &str = "5c3e1a9b-7d2f-4e6a-b8c0-1d3f5a7b9c2e";

/// Returns Prism's base URL, or prints why the calling test is skipped.
fn prism_url(test: &str) -> Option<String> {
    match std::env::var("PRISM_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            println!("{test}: skipped because PRISM_URL is not set; run tests/prism/run.sh");
            None
        }
    }
}

/// Builds a client for Prism that never retries, so that a rejected request fails at once.
/// `prefer` selects a named response example through Prism's `Prefer: example=NAME` header.
fn client(base_url: &str, prefer: Option<&str>) -> Client {
    let mut builder = Client::builder()
        .base_url(base_url)
        .appkey("Y2xpZW50LWFwcGtleQ")
        .token("8f1c3a2e5b7d4c09a6e2f4b8d1c7e3a5")
        .timeout(Duration::from_secs(10))
        .retry(RetryConfig::disabled());
    if let Some(example) = prefer {
        let mut headers = reqwest::header::HeaderMap::new();
        let value = reqwest::header::HeaderValue::from_str(&format!("example={example}"))
            .expect("an example name is a valid header value");
        headers.insert("Prefer", value);
        // Configured like the client's own HTTP client, which follows no redirects.
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client builds");
        builder = builder.http_client(http);
    }
    builder
        .build()
        .expect("the Prism client configuration is valid")
}

/// Returns the client for a test, or `None` when the test is skipped.
fn prism_client(test: &str) -> Option<Client> {
    prism_url(test).map(|url| client(&url, None))
}

fn new_instance() -> NewInstance {
    NewInstance {
        name: "web-01".to_owned(),
        image: "9a7c5e3b-1d2f-4b6a-8c0e-2f4d6b8a0c1e".to_owned(),
        flavor: "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f".to_owned(),
        networks: vec![NetworkRef {
            id: "0d8e6f4a-2b1c-4d3e-9f5a-7b6c8d0e1f2a".to_owned(),
        }],
        availability_zone: "kr-pub-a".to_owned(),
        key_name: "web-key".to_owned(),
        count: 1,
        volumes: vec![NewInstanceVolume { size: 20 }],
        security_groups: vec![SecurityGroupRef {
            name: "default".to_owned(),
        }],
    }
}

#[tokio::test]
async fn issue_token() {
    let Some(url) = prism_url("issue_token") else {
        return;
    };
    // issueToken needs no token, so this client has none.
    let client = Client::builder()
        .base_url(url)
        .appkey("Y2xpZW50LWFwcGtleQ")
        .retry(RetryConfig::disabled())
        .build()
        .expect("the Prism client configuration is valid");
    let credentials = TokenCredentials {
        username: "admin@example.com".to_owned(),
        password: "api-password".into(),
    };

    let access = client
        .issue_token(&credentials)
        .await
        .unwrap_or_else(|error| panic!("issueToken failed: {error}"));

    assert_eq!(
        access.token.id.expose_secret(),
        "8f1c3a2e5b7d4c09a6e2f4b8d1c7e3a5"
    );
    assert_eq!(access.token.expires.as_str(), "2017-05-16T03:17:50Z");
    let issued_at = access.token.issued_at.expect("the example has issued_at");
    assert_eq!(issued_at.as_str(), "2017-05-16T02:17:50.166563");
    assert_eq!(access.user.id, "6b2e4f8a1c3d4e5f9a0b7c6d5e4f3a2b");
}

#[tokio::test]
async fn list_availability_zones() {
    let Some(client) = prism_client("list_availability_zones") else {
        return;
    };

    let zones = client
        .list_availability_zones()
        .await
        .unwrap_or_else(|error| panic!("listAvailabilityZones failed: {error}"));

    let names: Vec<&str> = zones.iter().map(|zone| zone.zone_name.as_str()).collect();
    assert_eq!(names, ["kr-pub-a", "kr-pub-b"]);
    assert!(zones.iter().all(|zone| zone.zone_state.available));
}

#[tokio::test]
async fn list_instances() {
    let Some(client) = prism_client("list_instances") else {
        return;
    };

    let all = client
        .list_instances(None)
        .await
        .unwrap_or_else(|error| panic!("listInstances without id failed: {error}"));
    let filtered = client
        .list_instances(Some(INSTANCE_ID))
        .await
        .unwrap_or_else(|error| panic!("listInstances with id failed: {error}"));

    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, INSTANCE_ID);
    assert_eq!(all[0].status, InstanceStatus::Active);
    assert_eq!(all[1].status, InstanceStatus::Stop);
    // Prism serves the same example whatever the filter.
    assert_eq!(filtered.len(), 2);
}

#[tokio::test]
async fn create_instance() {
    let Some(client) = prism_client("create_instance") else {
        return;
    };

    let created = client
        .create_instance(&new_instance())
        .await
        .unwrap_or_else(|error| panic!("createInstance failed: {error}"));

    assert_eq!(created.id, INSTANCE_ID);
    assert_eq!(created.name, "web-01");
    assert_eq!(created.status, InstanceStatus::Build);
}

#[tokio::test]
async fn delete_instance() {
    let Some(client) = prism_client("delete_instance") else {
        return;
    };

    client
        .delete_instance(INSTANCE_ID)
        .await
        .unwrap_or_else(|error| panic!("deleteInstance failed: {error}"));
}

#[tokio::test]
async fn list_instance_details() {
    let Some(client) = prism_client("list_instance_details") else {
        return;
    };

    client
        .list_instance_details(None)
        .await
        .unwrap_or_else(|error| panic!("listInstanceDetails without id failed: {error}"));
    let instances = client
        .list_instance_details(Some(INSTANCE_ID))
        .await
        .unwrap_or_else(|error| panic!("listInstanceDetails with id failed: {error}"));

    assert_eq!(instances.len(), 1);
    let instance = &instances[0];
    assert_eq!(instance.id, INSTANCE_ID);
    assert_eq!(instance.status, InstanceStatus::Active);
    assert_eq!(instance.flavor.cpu, Some(1));
    assert_eq!(instance.flavor.ram, Some(1024));
    let addresses = instance
        .addresses
        .as_deref()
        .expect("the example has addresses");
    assert_eq!(addresses[0].ip_address, "192.168.0.10");
    assert_eq!(addresses[0].version, Some(4));
    let volumes = instance.volumes.as_ref().expect("the example has volumes");
    assert_eq!(volumes.root.as_ref().map(|root| root.size), Some(20));
    let attachments = volumes
        .attachments
        .as_deref()
        .expect("the example has attachments");
    assert_eq!(attachments[0].id, VOLUME_ID);
    let created_at = instance
        .created_at
        .as_ref()
        .expect("the example has createdAt");
    assert_eq!(created_at.as_str(), "2017-05-16T02:17:50.166563");
}

#[tokio::test]
async fn attach_volume() {
    let Some(client) = prism_client("attach_volume") else {
        return;
    };
    let attachment = NewVolumeAttachment {
        volume_id: VOLUME_ID.to_owned(),
    };

    let attached = client
        .attach_volume(INSTANCE_ID, &attachment)
        .await
        .unwrap_or_else(|error| panic!("attachVolume failed: {error}"));

    assert_eq!(attached.volume_id, VOLUME_ID);
    assert_eq!(attached.device.as_deref(), Some("/dev/vdb"));
}

#[tokio::test]
async fn detach_volume() {
    let Some(client) = prism_client("detach_volume") else {
        return;
    };

    client
        .detach_volume(INSTANCE_ID, VOLUME_ID)
        .await
        .unwrap_or_else(|error| panic!("detachVolume failed: {error}"));
}

#[tokio::test]
async fn perform_instance_action() {
    let Some(url) = prism_url("perform_instance_action") else {
        return;
    };
    let upload = InstanceAction::UploadImage(UploadImageParameters {
        name: "web-01-backup".to_owned(),
    });

    let stopped = client(&url, None)
        .perform_instance_action(INSTANCE_ID, &InstanceAction::Stop)
        .await
        .unwrap_or_else(|error| panic!("performInstanceAction with stop failed: {error}"));
    let uploaded = client(&url, Some("imageCreated"))
        .perform_instance_action(INSTANCE_ID, &upload)
        .await
        .unwrap_or_else(|error| panic!("performInstanceAction with uploadImage failed: {error}"));

    assert_eq!(stopped, None);
    let image = uploaded.expect("the imageCreated example has createdImage");
    assert_eq!(image.name, "web-01-backup");
}

#[tokio::test]
async fn start_instance() {
    let Some(client) = prism_client("start_instance") else {
        return;
    };

    client
        .start_instance(INSTANCE_ID)
        .await
        .unwrap_or_else(|error| panic!("start_instance failed: {error}"));
}

#[tokio::test]
async fn stop_instance() {
    let Some(client) = prism_client("stop_instance") else {
        return;
    };

    client
        .stop_instance(INSTANCE_ID)
        .await
        .unwrap_or_else(|error| panic!("stop_instance failed: {error}"));
}

#[tokio::test]
async fn reboot_instance() {
    let Some(client) = prism_client("reboot_instance") else {
        return;
    };

    for reboot_type in [RebootType::Soft, RebootType::Hard] {
        client
            .reboot_instance(INSTANCE_ID, reboot_type)
            .await
            .unwrap_or_else(|error| panic!("reboot_instance {reboot_type:?} failed: {error}"));
    }
}

#[tokio::test]
async fn resize_instance() {
    let Some(client) = prism_client("resize_instance") else {
        return;
    };

    client
        .resize_instance(INSTANCE_ID, "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a")
        .await
        .unwrap_or_else(|error| panic!("resize_instance failed: {error}"));
}

#[tokio::test]
async fn upload_image() {
    let Some(url) = prism_url("upload_image") else {
        return;
    };

    let image = client(&url, Some("imageCreated"))
        .upload_image(INSTANCE_ID, "web-01-backup")
        .await
        .unwrap_or_else(|error| panic!("upload_image failed: {error}"));

    assert_eq!(image.id, "1e3a5c7b-9d0f-4b2a-8c4e-6f8a0b2c4d6e");
    assert_eq!(image.name, "web-01-backup");
}

#[tokio::test]
async fn upload_image_without_created_image() {
    let Some(url) = prism_url("upload_image_without_created_image") else {
        return;
    };

    // The default example is the header-only response of the other actions.
    let result = client(&url, None)
        .upload_image(INSTANCE_ID, "web-01-backup")
        .await;

    let error = result.expect_err("upload_image must fail when createdImage is missing");
    assert!(error.to_string().contains("createdImage"), "{error}");
}

#[tokio::test]
async fn add_floating_ip() {
    let Some(client) = prism_client("add_floating_ip") else {
        return;
    };

    client
        .add_floating_ip(INSTANCE_ID, "133.186.150.20", "192.168.0.10")
        .await
        .unwrap_or_else(|error| panic!("add_floating_ip failed: {error}"));
}

#[tokio::test]
async fn remove_floating_ip() {
    let Some(client) = prism_client("remove_floating_ip") else {
        return;
    };

    client
        .remove_floating_ip(INSTANCE_ID, "133.186.150.20")
        .await
        .unwrap_or_else(|error| panic!("remove_floating_ip failed: {error}"));
}

#[tokio::test]
async fn add_security_group() {
    let Some(client) = prism_client("add_security_group") else {
        return;
    };

    client
        .add_security_group(INSTANCE_ID, "web")
        .await
        .unwrap_or_else(|error| panic!("add_security_group failed: {error}"));
}

#[tokio::test]
async fn remove_security_group() {
    let Some(client) = prism_client("remove_security_group") else {
        return;
    };

    client
        .remove_security_group(INSTANCE_ID, "web")
        .await
        .unwrap_or_else(|error| panic!("remove_security_group failed: {error}"));
}

#[tokio::test]
async fn list_flavors() {
    let Some(client) = prism_client("list_flavors") else {
        return;
    };

    let flavors = client
        .list_flavors()
        .await
        .unwrap_or_else(|error| panic!("listFlavors failed: {error}"));

    assert_eq!(flavors.len(), 2);
    assert_eq!(flavors[0].name, "t2.c1m1");
    assert_eq!(flavors[0].vcpus, 1);
    assert_eq!(flavors[0].ram, 1024);
    assert_eq!(flavors[0].disabled, Some(false));
    assert_eq!(flavors[1].vcpus, 8);
}

#[tokio::test]
async fn list_keypairs() {
    let Some(client) = prism_client("list_keypairs") else {
        return;
    };

    client
        .list_keypairs(None)
        .await
        .unwrap_or_else(|error| panic!("listKeypairs without name failed: {error}"));
    let keypairs = client
        .list_keypairs(Some("web-key"))
        .await
        .unwrap_or_else(|error| panic!("listKeypairs with name failed: {error}"));

    assert_eq!(keypairs.len(), 1);
    assert_eq!(keypairs[0].name, "web-key");
    assert_eq!(
        keypairs[0].fingerprint,
        "3f:8a:1c:47:92:0b:de:55:61:c4:7e:2a:9d:b3:10:f6"
    );
}

#[tokio::test]
async fn create_keypair() {
    let Some(client) = prism_client("create_keypair") else {
        return;
    };
    let generated = NewKeypair {
        name: "deploy-key".to_owned(),
        public_key: None,
    };
    let uploaded = NewKeypair {
        name: "deploy-key".to_owned(),
        public_key: Some("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC9xQ2k deploy@example".to_owned()),
    };

    let keypair = client
        .create_keypair(&generated)
        .await
        .unwrap_or_else(|error| panic!("createKeypair without publicKey failed: {error}"));
    client
        .create_keypair(&uploaded)
        .await
        .unwrap_or_else(|error| panic!("createKeypair with publicKey failed: {error}"));

    assert_eq!(keypair.name, "deploy-key");
    let private_key = keypair.private_key.expect("the example has privateKey");
    assert!(
        private_key
            .expose_secret()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----")
    );
}

#[tokio::test]
async fn delete_keypair() {
    let Some(client) = prism_client("delete_keypair") else {
        return;
    };

    client
        .delete_keypair("web-key")
        .await
        .unwrap_or_else(|error| panic!("deleteKeypair failed: {error}"));
}

/// Shows that Prism validates requests, so that the tests above can fail.
#[tokio::test]
async fn prism_rejects_invalid_request() {
    let Some(url) = prism_url("prism_rejects_invalid_request") else {
        return;
    };
    let http = reqwest::Client::new();
    let action_url =
        format!("{url}/v1.0/appkeys/Y2xpZW50LWFwcGtleQ/instances/{INSTANCE_ID}/action");

    // A reboot needs `parameters.type`.
    let response = http
        .post(&action_url)
        .header("X-Auth-Token", "8f1c3a2e5b7d4c09a6e2f4b8d1c7e3a5")
        .json(&serde_json::json!({ "action": "reboot" }))
        .send()
        .await
        .expect("Prism responds");
    assert_eq!(response.status(), 422);

    let response = http
        .post(&action_url)
        .json(&serde_json::json!({ "action": "start" }))
        .send()
        .await
        .expect("Prism responds");
    assert_eq!(response.status(), 401, "a request without X-Auth-Token");
}
