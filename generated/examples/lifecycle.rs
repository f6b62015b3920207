//! Walks one instance through its whole life and prints each step.
//!
//! The example reads the client settings from the environment, as `Client::from_env` does
//! (`TOAST_APPKEY`, then `TOAST_TOKEN` or `TOAST_USERNAME` with `TOAST_API_PASSWORD`, and
//! `TOAST_COMPUTE_ENDPOINT`), plus the resources an instance needs:
//!
//! | variable | default | meaning |
//! | --- | --- | --- |
//! | `TOAST_IMAGE_ID` | `ubuntu-22.04` | image to install |
//! | `TOAST_NETWORK_ID` | `default-network` | network to connect |
//! | `TOAST_VOLUME_ID` | `example-volume` | block storage volume to attach and detach |
//!
//! Against the fake server of this repository, which accepts any image, network and
//! volume ID:
//!
//! ```sh
//! cargo run -p compile-tests --bin fake-server          # prints the variables to export
//! cargo run -p toast-compute-instance --example lifecycle
//! ```
//!
//! Against the real service, export real credentials and IDs instead. The example creates and
//! deletes one instance, one keypair and one image, which the service bills for.

use std::error::Error;
use std::io::Write;
use std::time::Duration;

use toast_compute_instance::{
    Client, InstanceStatus, NetworkRef, NewInstance, NewInstanceVolume, NewKeypair,
    NewVolumeAttachment, RebootType, SecurityGroupRef, WaitOptions,
};

/// The resources that the example uses, and how it waits for status changes.
pub struct Settings {
    /// Image to install.
    pub image: String,
    /// Network to connect.
    pub network: String,
    /// Volume to attach and detach.
    pub volume: String,
    /// How the waits poll.
    pub wait: WaitOptions,
}

impl Settings {
    /// Reads the resource IDs from the environment, with defaults that the fake accepts.
    pub fn from_env() -> Self {
        let read =
            |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
        Settings {
            image: read("TOAST_IMAGE_ID", "ubuntu-22.04"),
            network: read("TOAST_NETWORK_ID", "default-network"),
            volume: read("TOAST_VOLUME_ID", "example-volume"),
            wait: WaitOptions::default(),
        }
    }
}

/// Creates a keypair and an instance, walks the instance through attach, reboot, stop,
/// image upload, start and detach, then deletes both, writing one line per step to `out`.
///
/// # Errors
///
/// Returns the first failed step's error. Resources created before it are left in place.
pub async fn run(
    client: &Client,
    settings: &Settings,
    out: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    let zones = client.list_availability_zones().await?;
    let zone = zones
        .iter()
        .find(|zone| zone.zone_state.available)
        .ok_or("no availability zone is available")?;
    let flavors = client.list_flavors().await?;
    let flavor = flavors
        .iter()
        .min_by_key(|flavor| flavor.ram)
        .ok_or("the service lists no flavor")?;
    writeln!(out, "zone {}, flavor {}", zone.zone_name, flavor.name)?;

    let keypair_name = format!("lifecycle-example-{}", std::process::id());
    let keypair = client
        .create_keypair(&NewKeypair {
            name: keypair_name.clone(),
            public_key: None,
        })
        .await?;
    writeln!(
        out,
        "created keypair {} ({})",
        keypair.name, keypair.fingerprint
    )?;

    let created = client
        .create_instance(&NewInstance {
            name: "lifecycle-example".to_owned(),
            image: settings.image.clone(),
            flavor: flavor.id.clone(),
            networks: vec![NetworkRef {
                id: settings.network.clone(),
            }],
            availability_zone: zone.zone_name.clone(),
            key_name: keypair_name.clone(),
            count: 1,
            volumes: vec![NewInstanceVolume { size: 20 }],
            security_groups: vec![SecurityGroupRef {
                name: "default".to_owned(),
            }],
        })
        .await?;
    let id = created.id.as_str();
    writeln!(out, "created instance {id} ({})", created.status)?;

    wait_for(client, id, InstanceStatus::Active, settings, out).await?;

    let volume = NewVolumeAttachment {
        volume_id: settings.volume.clone(),
    };
    let attachment = client.attach_volume(id, &volume).await?;
    let device = attachment.device.as_deref().unwrap_or("an unnamed device");
    writeln!(out, "attached volume {} as {device}", attachment.volume_id)?;

    client.reboot_instance(id, RebootType::Soft).await?;
    writeln!(out, "rebooting")?;
    wait_for(client, id, InstanceStatus::Active, settings, out).await?;

    client.stop_instance(id).await?;
    writeln!(out, "stopping")?;
    wait_for(client, id, InstanceStatus::Stop, settings, out).await?;

    let image = client.upload_image(id, "lifecycle-example-image").await?;
    writeln!(out, "uploaded image {} ({})", image.name, image.id)?;

    client.start_instance(id).await?;
    writeln!(out, "starting")?;
    wait_for(client, id, InstanceStatus::Active, settings, out).await?;

    client.detach_volume(id, &settings.volume).await?;
    writeln!(out, "detached volume {}", settings.volume)?;

    client.delete_instance(id).await?;
    writeln!(out, "deleting instance {id}")?;
    client.wait_until_deleted(id, settings.wait).await?;
    writeln!(out, "instance {id} is gone")?;

    client.delete_keypair(&keypair_name).await?;
    writeln!(out, "deleted keypair {keypair_name}")?;
    Ok(())
}

async fn wait_for(
    client: &Client,
    id: &str,
    status: InstanceStatus,
    settings: &Settings,
    out: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    let instance = client
        .wait_for_status(id, status.clone(), settings.wait)
        .await?;
    writeln!(out, "instance {id} is {}", instance.status)?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let client = Client::from_env()?;
    let mut settings = Settings::from_env();
    settings.wait = WaitOptions::default().initial_interval(Duration::from_millis(500));
    run(&client, &settings, &mut std::io::stdout()).await
}
