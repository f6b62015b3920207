//! One instance's whole life, driven through the client against the stateful fake:
//! keypair, create, attach, reboot, stop, image, start, detach, delete.

use std::time::Duration;

use compile_tests::fake;
use toast_compute_instance::runtime::Error;
use toast_compute_instance::{
    Client, InstanceStatus, WaitOptions, NetworkRef, NewInstance, NewInstanceVolume, NewKeypair,
    NewVolumeAttachment, RebootType, SecurityGroupRef,
};

/// Polls every 10 to 20 ms, because the fake settles a transition after three reads.
fn quick_polls() -> WaitOptions {
    WaitOptions::default()
        .initial_interval(Duration::from_millis(10))
        .max_interval(Duration::from_millis(20))
        .timeout(Duration::from_secs(5))
}

/// Waits until instance `id` is in `status` and returns that status.
async fn wait_for(client: &Client, id: &str, status: InstanceStatus) -> InstanceStatus {
    match client.wait_for_status(id, status.clone(), quick_polls()).await {
        Ok(instance) => instance.status,
        Err(error) => panic!("waiting for {status} failed: {error}"),
    }
}

#[tokio::test]
async fn instance_full_lifecycle() {
    let server = fake::start().await;
    let client = server.client();

    // Keypair, and the zone and flavor to create the instance with.
    let keypair = client
        .create_keypair(&NewKeypair {
            name: "lifecycle-key".to_owned(),
            public_key: None,
        })
        .await
        .expect("createKeypair succeeds");
    assert!(
        keypair.private_key.is_some(),
        "a generated keypair comes with its private key"
    );
    let zones = client
        .list_availability_zones()
        .await
        .expect("listAvailabilityZones succeeds");
    let zone = zones
        .iter()
        .find(|zone| zone.zone_state.available)
        .expect("the fake has an available zone");
    let flavors = client.list_flavors().await.expect("listFlavors succeeds");
    let flavor = flavors.first().expect("the fake has flavors");

    // Create: BUILD, then ACTIVE.
    let created = client
        .create_instance(&NewInstance {
            name: "lifecycle-01".to_owned(),
            image: "a3b5c7d9-1e2f-4a6b-8c0d-2e4f6a8b0c1d".to_owned(),
            flavor: flavor.id.clone(),
            networks: vec![NetworkRef {
                id: "5e7a9c1b-3d5f-4a7b-9c1d-3e5f7a9b1c3d".to_owned(),
            }],
            availability_zone: zone.zone_name.clone(),
            key_name: keypair.name.clone(),
            count: 1,
            volumes: vec![NewInstanceVolume { size: 50 }],
            security_groups: vec![SecurityGroupRef {
                name: "default".to_owned(),
            }],
        })
        .await
        .expect("createInstance succeeds");
    let id = created.id.as_str();
    assert_eq!(created.status, InstanceStatus::Build, "status after create");
    let status = wait_for(&client, id, InstanceStatus::Active).await;
    assert_eq!(status, InstanceStatus::Active, "status after create and wait");

    let details = client
        .list_instance_details(Some(id))
        .await
        .expect("listInstanceDetails succeeds");
    let instance = &details[0];
    assert_eq!(instance.key_name.as_deref(), Some("lifecycle-key"), "key name");
    assert_eq!(instance.flavor.id, flavor.id, "flavor");
    assert!(instance.launched_at.is_some(), "an ACTIVE instance has launchedAt");

    // Attach a volume.
    let attachment = client
        .attach_volume(
            id,
            &NewVolumeAttachment {
                volume_id: "0c2e4a6b-8d1f-4b3c-9e5a-7f0d2b4c6e8a".to_owned(),
            },
        )
        .await
        .expect("attachVolume succeeds");
    assert_eq!(attachment.device.as_deref(), Some("/dev/vdb"), "device");
    let attached = attached_volume_ids(&client, id).await;
    assert_eq!(
        attached,
        ["0c2e4a6b-8d1f-4b3c-9e5a-7f0d2b4c6e8a"],
        "attachments after attach"
    );

    // Reboot: REBOOTING, then ACTIVE.
    client
        .reboot_instance(id, RebootType::Soft)
        .await
        .expect("reboot succeeds");
    assert_eq!(server.status(id), Some(InstanceStatus::Rebooting), "status after reboot");
    let status = wait_for(&client, id, InstanceStatus::Active).await;
    assert_eq!(status, InstanceStatus::Active, "status after reboot and wait");

    // Stop: POWERING_OFF, then STOP.
    client.stop_instance(id).await.expect("stop succeeds");
    assert_eq!(server.status(id), Some(InstanceStatus::PoweringOff), "status after stop");
    let status = wait_for(&client, id, InstanceStatus::Stop).await;
    assert_eq!(status, InstanceStatus::Stop, "status after stop and wait");

    // Upload an image of the stopped instance; the status stays STOP.
    let image = client
        .upload_image(id, "lifecycle-01-image")
        .await
        .expect("uploadImage succeeds");
    assert_eq!(image.name, "lifecycle-01-image", "image name");
    assert!(!image.id.is_empty(), "image ID");
    assert_eq!(server.status(id), Some(InstanceStatus::Stop), "status after image");

    // Start: POWERING_ON, then ACTIVE.
    client.start_instance(id).await.expect("start succeeds");
    assert_eq!(server.status(id), Some(InstanceStatus::PoweringOn), "status after start");
    let status = wait_for(&client, id, InstanceStatus::Active).await;
    assert_eq!(status, InstanceStatus::Active, "status after start and wait");

    // Detach the volume.
    client
        .detach_volume(id, &attachment.volume_id)
        .await
        .expect("detachVolume succeeds");
    let attached = attached_volume_ids(&client, id).await;
    assert!(attached.is_empty(), "attachments after detach: {attached:?}");

    // Delete: DELETING, then gone.
    client.delete_instance(id).await.expect("deleteInstance succeeds");
    assert_eq!(server.status(id), Some(InstanceStatus::Deleting), "status after delete");
    let waited = client.wait_until_deleted(id, quick_polls()).await;
    assert!(waited.is_ok(), "waiting for the deletion failed: {waited:?}");
    assert_eq!(server.status(id), None, "the fake no longer stores the instance");
    let remaining = client.list_instances(None).await.expect("listInstances succeeds");
    assert!(remaining.is_empty(), "instances after delete: {remaining:?}");

    // Delete the keypair.
    client
        .delete_keypair("lifecycle-key")
        .await
        .expect("deleteKeypair succeeds");
    let error = client
        .list_keypairs(Some("lifecycle-key"))
        .await
        .expect_err("the keypair is gone");
    assert_eq!(error.result_code(), Some(13404), "result code of a deleted keypair");
    assert!(
        matches!(error, Error::Api(_)),
        "expected Error::Api, got {error:?}"
    );
}

/// Returns the IDs of the volumes attached to instance `id`, from its details.
async fn attached_volume_ids(client: &Client, id: &str) -> Vec<String> {
    let details = client
        .list_instance_details(Some(id))
        .await
        .expect("listInstanceDetails succeeds");
    details
        .iter()
        .filter_map(|instance| instance.volumes.as_ref())
        .filter_map(|volumes| volumes.attachments.as_ref())
        .flatten()
        .map(|volume| volume.id.clone())
        .collect()
}
