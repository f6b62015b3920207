//! The request that each operation sends and the value it decodes, against a wiremock
//! server on 127.0.0.1. Response bodies follow the shapes of the vendor's guide, including
//! the numbers and booleans that its examples quote as strings.

mod common;

use common::{
    Expected, answer_once, api_path, assert_request, client, envelope, only_request,
};
use serde_json::json;
use toast_compute_instance::runtime::Secret;
use toast_compute_instance::{
    AttachedVolume, AvailabilityZone, CreatedImage, FlavorType, InstanceAction, InstanceAddress,
    InstanceFlavor, InstanceStatus, InstanceSummary, InstanceVolumes, NetworkRef, NewInstance,
    NewInstanceVolume, NewKeypair, NewVolumeAttachment, ResizeParameters, RootVolume,
    SecurityGroupRef, TokenCredentials, UploadImageParameters, VolumeAttachment, ZoneState,
};
use wiremock::MockServer;

const INSTANCE_ID: &str = "f4e3a1b2-7c9d-4e8f-a1b2-c3d4e5f6a7b8";
const VOLUME_ID: &str = "0c2e4a6b-8d1f-4b3c-9e5a-7f0d2b4c6e8a";
const PUBLIC_KEY: &str = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDf2Lm7 dev@laptop";

fn instance_detail_json() -> serde_json::Value {
    json!({
        "addresses": [{
            "macAddress": "fa:16:3e:5c:2b:91",
            "ipAddress": "192.168.0.23",
            "version": "4",
            "floatingIpAddress": "133.186.150.32"
        }],
        "availabilityZone": "kr-pub-a",
        "flavor": {
            "id": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f",
            "name": "m2.c2m4",
            "cpu": "2",
            "ram": "4096"
        },
        "status": "ACTIVE",
        "id": INSTANCE_ID,
        "name": "web-01",
        "image": "a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d",
        "metadata": {"os_distro": "ubuntu"},
        "keyName": "deploy-key",
        "volumes": {
            "root": {"size": "50"},
            "attachments": [{"id": VOLUME_ID, "name": "data-01", "size": "100"}]
        },
        "securityGroups": [{"name": "default"}],
        "launchedAt": "2017-05-16T02:17:50.166563",
        "createdAt": "2017-05-16T02:17:05.000000",
        "updatedAt": "2017-05-16T02:17:50.166563"
    })
}

fn new_instance() -> NewInstance {
    NewInstance {
        name: "web-01".to_owned(),
        image: "a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d".to_owned(),
        flavor: "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f".to_owned(),
        networks: vec![NetworkRef {
            id: "5e7a9c1b-3d5f-4a7b-9c1d-3e5f7a9b1c3d".to_owned(),
        }],
        availability_zone: "kr-pub-a".to_owned(),
        key_name: "deploy-key".to_owned(),
        count: 1,
        volumes: vec![NewInstanceVolume { size: 50 }],
        security_groups: vec![SecurityGroupRef {
            name: "default".to_owned(),
        }],
    }
}

#[tokio::test]
async fn issue_token_request_and_access() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "access": {
                "token": {
                    "id": "8f1c3a2e5b7d4c09a6e2f4b8d1c7e3a5",
                    "expires": "2017-05-16T03:17:50Z",
                    "issued_at": "2017-05-16T02:17:50.166563"
                },
                "user": {
                    "id": "6b2e4f8a1c3d4e5f9a0b7c6d5e4f3a2b",
                    "roles": [{"name": "Member"}]
                }
            }
        })),
    )
    .await;

    let credentials = TokenCredentials {
        username: "dev@example.com".to_owned(),
        password: Secret::new("api-password-1"),
    };
    let access = client(&server)
        .issue_token(&credentials)
        .await
        .expect("issueToken succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path("/tokens"),
            query: None,
            token: false,
            body: Some(json!({
                "auth": {"username": "dev@example.com", "password": "api-password-1"}
            })),
        },
    );
    assert_eq!(
        access.token.id.expose_secret(),
        "8f1c3a2e5b7d4c09a6e2f4b8d1c7e3a5",
        "token ID"
    );
    assert_eq!(access.token.expires.as_str(), "2017-05-16T03:17:50Z", "expires");
    assert_eq!(
        access.token.issued_at.as_ref().map(|t| t.as_str()),
        Some("2017-05-16T02:17:50.166563"),
        "issued_at"
    );
    assert_eq!(access.user.id, "6b2e4f8a1c3d4e5f9a0b7c6d5e4f3a2b", "user ID");
    let roles: Vec<&str> = access
        .user
        .roles
        .iter()
        .flatten()
        .map(|role| role.name.as_str())
        .collect();
    assert_eq!(roles, ["Member"], "user roles");
}

#[tokio::test]
async fn list_availability_zones_request_and_zones() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "zones": [
                {"zoneName": "kr-pub-a", "zoneState": {"available": "true"}},
                {"zoneName": "kr-pub-b", "zoneState": {"available": false}}
            ]
        })),
    )
    .await;

    let zones = client(&server)
        .list_availability_zones()
        .await
        .expect("listAvailabilityZones succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/availability-zones"),
            query: None,
            token: true,
            body: None,
        },
    );
    let expected = vec![
        AvailabilityZone {
            zone_name: "kr-pub-a".to_owned(),
            zone_state: ZoneState { available: true },
        },
        AvailabilityZone {
            zone_name: "kr-pub-b".to_owned(),
            zone_state: ZoneState { available: false },
        },
    ];
    assert_eq!(zones, expected, "decoded zones");
}

#[tokio::test]
async fn list_instances_without_id() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "instances": [
                {"id": INSTANCE_ID, "name": "web-01", "status": "ACTIVE"},
                {"id": "b1d3f5a7-9c2e-4f6a-8b0d-1e3f5a7c9b2d", "name": "web-02", "status": "POWERING_OFF"}
            ]
        })),
    )
    .await;

    let instances = client(&server)
        .list_instances(None)
        .await
        .expect("listInstances succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/instances"),
            query: None,
            token: true,
            body: None,
        },
    );
    let expected = vec![
        InstanceSummary {
            id: INSTANCE_ID.to_owned(),
            name: "web-01".to_owned(),
            status: InstanceStatus::Active,
        },
        InstanceSummary {
            id: "b1d3f5a7-9c2e-4f6a-8b0d-1e3f5a7c9b2d".to_owned(),
            name: "web-02".to_owned(),
            status: InstanceStatus::PoweringOff,
        },
    ];
    assert_eq!(instances, expected, "decoded summaries");
}

#[tokio::test]
async fn list_instances_with_id() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "instances": [{"id": INSTANCE_ID, "name": "web-01", "status": "BUILD"}]
        })),
    )
    .await;

    let instances = client(&server)
        .list_instances(Some(INSTANCE_ID))
        .await
        .expect("listInstances succeeds");

    let query = format!("id={INSTANCE_ID}");
    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/instances"),
            query: Some(&query),
            token: true,
            body: None,
        },
    );
    let expected = vec![InstanceSummary {
        id: INSTANCE_ID.to_owned(),
        name: "web-01".to_owned(),
        status: InstanceStatus::Build,
    }];
    assert_eq!(instances, expected, "decoded summaries");
}

#[tokio::test]
async fn list_instance_details_without_id() {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({"instances": [instance_detail_json()]}))).await;

    let instances = client(&server)
        .list_instance_details(None)
        .await
        .expect("listInstanceDetails succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/instances-detail"),
            query: None,
            token: true,
            body: None,
        },
    );
    assert_eq!(instances.len(), 1, "number of instances");
    let instance = &instances[0];
    assert_eq!(instance.id, INSTANCE_ID, "id");
    assert_eq!(instance.name, "web-01", "name");
    assert_eq!(instance.status, InstanceStatus::Active, "status");
    assert_eq!(
        instance.addresses,
        Some(vec![InstanceAddress {
            mac_address: Some("fa:16:3e:5c:2b:91".to_owned()),
            ip_address: "192.168.0.23".to_owned(),
            version: Some(4),
            floating_ip_address: Some("133.186.150.32".to_owned()),
        }]),
        "addresses, with the version quoted"
    );
    assert_eq!(
        instance.availability_zone.as_deref(),
        Some("kr-pub-a"),
        "availability zone"
    );
    assert_eq!(
        instance.flavor,
        InstanceFlavor {
            id: "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f".to_owned(),
            name: Some("m2.c2m4".to_owned()),
            cpu: Some(2),
            ram: Some(4096),
        },
        "flavor, with cpu and ram quoted"
    );
    assert_eq!(
        instance.image.as_deref(),
        Some("a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d"),
        "image"
    );
    let metadata = instance.metadata.as_ref().expect("metadata is present");
    assert_eq!(
        metadata.get("os_distro").map(String::as_str),
        Some("ubuntu"),
        "metadata value"
    );
    assert_eq!(instance.key_name.as_deref(), Some("deploy-key"), "key name");
    assert_eq!(
        instance.volumes,
        Some(InstanceVolumes {
            root: Some(RootVolume { size: 50 }),
            attachments: Some(vec![AttachedVolume {
                id: VOLUME_ID.to_owned(),
                name: Some("data-01".to_owned()),
                size: Some(100),
            }]),
        }),
        "volumes, with sizes quoted"
    );
    assert_eq!(
        instance.security_groups,
        Some(vec![SecurityGroupRef {
            name: "default".to_owned()
        }]),
        "security groups"
    );
    assert_eq!(
        instance.launched_at.as_ref().map(|t| t.as_str()),
        Some("2017-05-16T02:17:50.166563"),
        "launchedAt text"
    );
    assert_eq!(
        instance
            .launched_at
            .as_ref()
            .map(|t| t.to_offset_date_time().unix_timestamp()),
        Some(1_494_901_070),
        "launchedAt read as UTC"
    );
    assert_eq!(
        instance.created_at.as_ref().map(|t| t.as_str()),
        Some("2017-05-16T02:17:05.000000"),
        "createdAt"
    );
    assert_eq!(
        instance.updated_at.as_ref().map(|t| t.as_str()),
        Some("2017-05-16T02:17:50.166563"),
        "updatedAt"
    );
}

#[tokio::test]
async fn list_instance_details_with_id() {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({"instances": [instance_detail_json()]}))).await;

    let instances = client(&server)
        .list_instance_details(Some(INSTANCE_ID))
        .await
        .expect("listInstanceDetails succeeds");

    let query = format!("id={INSTANCE_ID}");
    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/instances-detail"),
            query: Some(&query),
            token: true,
            body: None,
        },
    );
    let ids: Vec<&str> = instances.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, [INSTANCE_ID], "decoded instance IDs");
}

#[tokio::test]
async fn create_instance_request_and_summary() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "instance": {"id": INSTANCE_ID, "name": "web-01", "status": "BUILD"}
        })),
    )
    .await;

    let created = client(&server)
        .create_instance(&new_instance())
        .await
        .expect("createInstance succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path("/instances"),
            query: None,
            token: true,
            body: Some(json!({
                "instance": {
                    "name": "web-01",
                    "image": "a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d",
                    "flavor": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f",
                    "networks": [{"id": "5e7a9c1b-3d5f-4a7b-9c1d-3e5f7a9b1c3d"}],
                    "availabilityZone": "kr-pub-a",
                    "keyName": "deploy-key",
                    "count": 1,
                    "volumes": [{"size": 50}],
                    "securityGroups": [{"name": "default"}]
                }
            })),
        },
    );
    let expected = InstanceSummary {
        id: INSTANCE_ID.to_owned(),
        name: "web-01".to_owned(),
        status: InstanceStatus::Build,
    };
    assert_eq!(created, expected, "decoded summary");
}

#[tokio::test]
async fn delete_instance_request() {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({}))).await;

    client(&server)
        .delete_instance(INSTANCE_ID)
        .await
        .expect("deleteInstance succeeds");

    let query = format!("id={INSTANCE_ID}");
    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "DELETE",
            path: api_path("/instances"),
            query: Some(&query),
            token: true,
            body: None,
        },
    );
}

#[tokio::test]
async fn attach_volume_request_and_attachment() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "attachment": {"device": "/dev/vdc", "id": VOLUME_ID, "volumeId": VOLUME_ID}
        })),
    )
    .await;

    let attachment = client(&server)
        .attach_volume(
            INSTANCE_ID,
            &NewVolumeAttachment {
                volume_id: VOLUME_ID.to_owned(),
            },
        )
        .await
        .expect("attachVolume succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path(&format!("/instances/{INSTANCE_ID}/attachments")),
            query: None,
            token: true,
            body: Some(json!({"attachment": {"volumeId": VOLUME_ID}})),
        },
    );
    let expected = VolumeAttachment {
        id: VOLUME_ID.to_owned(),
        device: Some("/dev/vdc".to_owned()),
        volume_id: VOLUME_ID.to_owned(),
    };
    assert_eq!(attachment, expected, "decoded attachment");
}

#[tokio::test]
async fn detach_volume_request() {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({}))).await;

    client(&server)
        .detach_volume(INSTANCE_ID, VOLUME_ID)
        .await
        .expect("detachVolume succeeds");

    let query = format!("volumeId={VOLUME_ID}");
    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "DELETE",
            path: api_path(&format!("/instances/{INSTANCE_ID}/attachments")),
            query: Some(&query),
            token: true,
            body: None,
        },
    );
}

#[tokio::test]
async fn perform_instance_action_resize() {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({}))).await;

    let action = InstanceAction::Resize(ResizeParameters {
        flavor: "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a".to_owned(),
    });
    let image = client(&server)
        .perform_instance_action(INSTANCE_ID, &action)
        .await
        .expect("performInstanceAction succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path(&format!("/instances/{INSTANCE_ID}/action")),
            query: None,
            token: true,
            body: Some(json!({
                "action": "resize",
                "parameters": {"flavor": "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a"}
            })),
        },
    );
    assert_eq!(image, None, "a resize returns no image");
}

#[tokio::test]
async fn perform_instance_action_upload_image() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "createdImage": {"id": "e1f3a5c7-9b2d-4f6e-8a0c-2d4f6b8a0e1c", "name": "web-01-snapshot"}
        })),
    )
    .await;

    let action = InstanceAction::UploadImage(UploadImageParameters {
        name: "web-01-snapshot".to_owned(),
    });
    let image = client(&server)
        .perform_instance_action(INSTANCE_ID, &action)
        .await
        .expect("performInstanceAction succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path(&format!("/instances/{INSTANCE_ID}/action")),
            query: None,
            token: true,
            body: Some(json!({
                "action": "uploadImage",
                "parameters": {"name": "web-01-snapshot"}
            })),
        },
    );
    let expected = CreatedImage {
        id: "e1f3a5c7-9b2d-4f6e-8a0c-2d4f6b8a0e1c".to_owned(),
        name: "web-01-snapshot".to_owned(),
    };
    assert_eq!(image, Some(expected), "decoded image");
}

#[tokio::test]
async fn list_flavors_request_and_flavors() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "flavors": [
                {
                    "disabled": "false",
                    "ephemeral": "0",
                    "type": "general",
                    "minVolumeSize": "20",
                    "maxVolumeSize": "1000",
                    "id": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f",
                    "name": "m2.c2m4",
                    "isPublic": "true",
                    "ram": "4096",
                    "vcpus": "2"
                },
                {
                    "disabled": true,
                    "ephemeral": 0,
                    "type": "compute",
                    "minVolumeSize": 20,
                    "maxVolumeSize": 1000,
                    "id": "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a",
                    "name": "c2.c8m8",
                    "isPublic": false,
                    "ram": 8192,
                    "vcpus": 8
                }
            ]
        })),
    )
    .await;

    let flavors = client(&server)
        .list_flavors()
        .await
        .expect("listFlavors succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/flavors"),
            query: None,
            token: true,
            body: None,
        },
    );
    assert_eq!(flavors.len(), 2, "number of flavors");
    let quoted = &flavors[0];
    assert_eq!(quoted.id, "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f", "id");
    assert_eq!(quoted.name, "m2.c2m4", "name");
    assert_eq!(quoted.r#type, Some(FlavorType::General), "type");
    assert_eq!(quoted.disabled, Some(false), "quoted disabled");
    assert_eq!(quoted.ephemeral, Some(0), "quoted ephemeral");
    assert_eq!(quoted.min_volume_size, Some(20), "quoted minVolumeSize");
    assert_eq!(quoted.max_volume_size, Some(1000), "quoted maxVolumeSize");
    assert_eq!(quoted.is_public, Some(true), "quoted isPublic");
    assert_eq!(quoted.ram, 4096, "quoted ram");
    assert_eq!(quoted.vcpus, 2, "quoted vcpus");

    let plain = &flavors[1];
    assert_eq!(plain.r#type, Some(FlavorType::Compute), "type");
    assert_eq!(plain.disabled, Some(true), "disabled");
    assert_eq!(plain.is_public, Some(false), "isPublic");
    assert_eq!(plain.ram, 8192, "ram");
    assert_eq!(plain.vcpus, 8, "vcpus");
}

#[tokio::test]
async fn list_keypairs_without_name() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "keypairs": [
                {"name": "deploy-key", "publicKey": PUBLIC_KEY, "fingerprint": "3f:8a:1c:47:92:0b:de:55:61:c4:7e:2a:9d:b3:10:f6"},
                {"name": "backup-key", "publicKey": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 ops@bastion", "fingerprint": "a4:1e:9b:30:c7:58:2d:f6:0e:83:b1:4c:79:d2:65:ea"}
            ]
        })),
    )
    .await;

    let keypairs = client(&server)
        .list_keypairs(None)
        .await
        .expect("listKeypairs succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/keypairs"),
            query: None,
            token: true,
            body: None,
        },
    );
    let names: Vec<&str> = keypairs.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["deploy-key", "backup-key"], "keypair names");
    assert_eq!(keypairs[0].public_key, PUBLIC_KEY, "public key");
    assert_eq!(
        keypairs[0].fingerprint, "3f:8a:1c:47:92:0b:de:55:61:c4:7e:2a:9d:b3:10:f6",
        "fingerprint"
    );
    assert!(
        keypairs.iter().all(|k| k.created_at.is_none()),
        "an unfiltered list has no createdAt"
    );
}

#[tokio::test]
async fn list_keypairs_with_name() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "keypairs": [{
                "name": "deploy-key",
                "publicKey": PUBLIC_KEY,
                "fingerprint": "3f:8a:1c:47:92:0b:de:55:61:c4:7e:2a:9d:b3:10:f6",
                "createdAt": "2017-05-16T02:17:50.000000"
            }]
        })),
    )
    .await;

    let keypairs = client(&server)
        .list_keypairs(Some("deploy-key"))
        .await
        .expect("listKeypairs succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "GET",
            path: api_path("/keypairs"),
            query: Some("name=deploy-key"),
            token: true,
            body: None,
        },
    );
    assert_eq!(keypairs.len(), 1, "number of keypairs");
    assert_eq!(
        keypairs[0].created_at.as_ref().map(|t| t.as_str()),
        Some("2017-05-16T02:17:50.000000"),
        "createdAt of a filtered list"
    );
}

#[tokio::test]
async fn create_keypair_generated() {
    let server = MockServer::start().await;
    let private_key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n";
    answer_once(
        &server,
        envelope(json!({
            "keypair": {
                "name": "deploy-key",
                "publicKey": PUBLIC_KEY,
                "privateKey": private_key,
                "fingerprint": "a4:1e:9b:30:c7:58:2d:f6:0e:83:b1:4c:79:d2:65:ea"
            }
        })),
    )
    .await;

    let keypair = client(&server)
        .create_keypair(&NewKeypair {
            name: "deploy-key".to_owned(),
            public_key: None,
        })
        .await
        .expect("createKeypair succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path("/keypairs"),
            query: None,
            token: true,
            body: Some(json!({"keypair": {"name": "deploy-key"}})),
        },
    );
    assert_eq!(keypair.name, "deploy-key", "name");
    assert_eq!(keypair.public_key, PUBLIC_KEY, "public key");
    assert_eq!(
        keypair.private_key.as_ref().map(|key| key.expose_secret()),
        Some(private_key),
        "private key"
    );
    assert_eq!(
        keypair.fingerprint, "a4:1e:9b:30:c7:58:2d:f6:0e:83:b1:4c:79:d2:65:ea",
        "fingerprint"
    );
    assert!(
        !format!("{keypair:?}").contains("MIIEpAIBAAKCAQEA"),
        "Debug output hides the private key"
    );
}

#[tokio::test]
async fn create_keypair_uploaded() {
    let server = MockServer::start().await;
    answer_once(
        &server,
        envelope(json!({
            "keypair": {
                "name": "laptop-key",
                "publicKey": PUBLIC_KEY,
                "fingerprint": "3f:8a:1c:47:92:0b:de:55:61:c4:7e:2a:9d:b3:10:f6"
            }
        })),
    )
    .await;

    let keypair = client(&server)
        .create_keypair(&NewKeypair {
            name: "laptop-key".to_owned(),
            public_key: Some(PUBLIC_KEY.to_owned()),
        })
        .await
        .expect("createKeypair succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "POST",
            path: api_path("/keypairs"),
            query: None,
            token: true,
            body: Some(json!({"keypair": {"name": "laptop-key", "publicKey": PUBLIC_KEY}})),
        },
    );
    assert_eq!(keypair.name, "laptop-key", "name");
    assert!(
        keypair.private_key.is_none(),
        "an uploaded key has no private key"
    );
}

#[tokio::test]
async fn delete_keypair_request() {
    let server = MockServer::start().await;
    answer_once(&server, envelope(json!({}))).await;

    client(&server)
        .delete_keypair("deploy-key")
        .await
        .expect("deleteKeypair succeeds");

    assert_request(
        &only_request(&server).await,
        &Expected {
            method: "DELETE",
            path: api_path("/keypairs"),
            query: Some("name=deploy-key"),
            token: true,
            body: None,
        },
    );
}
