//! Detail-list response bodies and the two sets of types that decode them.
//!
//! [`GeneratedEnvelope`] decodes through the generated types, the way the client's private
//! envelope does. [`hand_written`] contains plain serde structs of the same shape, with
//! `String`, `i64`, `Option` and `Vec` fields and no lenient decoding, as a baseline.

use serde::Deserialize;
use serde_json::{Value, json};
use toast_compute_instance::{Instance, ResponseHeader};

/// The detail-list envelope decoded through the generated types. It mirrors the client's
/// private `ListInstanceDetailsResponse`, including the optional `instances` property.
#[derive(Debug, Deserialize)]
pub struct GeneratedEnvelope {
    /// The result header.
    pub header: ResponseHeader,
    /// The instances, absent when the request failed.
    #[serde(default)]
    pub instances: Option<Vec<Instance>>,
}

/// Plain serde structs of the same shape as the generated ones.
pub mod hand_written {
    use std::collections::BTreeMap;

    use serde::Deserialize;

    /// The detail-list envelope. `T` is the type of the three timestamps; the decoding bench
    /// also uses `Timestamp` there to measure what timestamp parsing alone costs.
    #[derive(Debug, Deserialize)]
    pub struct Envelope<T = String> {
        /// The result header.
        pub header: Header,
        /// The instances.
        pub instances: Vec<Instance<T>>,
    }

    /// The result header.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Header {
        /// Whether the request succeeded.
        pub is_successful: bool,
        /// Result code, 0 on success.
        pub result_code: i64,
        /// Human-readable result.
        pub result_message: String,
    }

    /// Details of an instance.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Instance<T = String> {
        /// ID of the instance.
        pub id: String,
        /// Name of the instance.
        pub name: String,
        /// Status, such as `ACTIVE`.
        pub status: String,
        /// Network interfaces.
        pub addresses: Option<Vec<Address>>,
        /// Availability zone.
        pub availability_zone: Option<String>,
        /// The flavor.
        pub flavor: Flavor,
        /// ID of the image.
        pub image: Option<String>,
        /// User metadata.
        pub metadata: Option<BTreeMap<String, String>>,
        /// Name of the keypair.
        pub key_name: Option<String>,
        /// Root and attached volumes.
        pub volumes: Option<Volumes>,
        /// Security groups.
        pub security_groups: Option<Vec<SecurityGroup>>,
        /// When the instance last booted, as sent.
        pub launched_at: Option<T>,
        /// When the instance was created, as sent.
        pub created_at: Option<T>,
        /// When the instance was last changed, as sent.
        pub updated_at: Option<T>,
    }

    /// A network interface.
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Address {
        /// MAC address.
        pub mac_address: Option<String>,
        /// Fixed IP address.
        pub ip_address: String,
        /// IP version.
        pub version: Option<i64>,
        /// Floating IP address.
        pub floating_ip_address: Option<String>,
    }

    /// The flavor of an instance.
    #[derive(Debug, Deserialize)]
    pub struct Flavor {
        /// ID of the flavor.
        pub id: String,
        /// Name of the flavor.
        pub name: Option<String>,
        /// Number of virtual CPU cores.
        pub cpu: Option<i64>,
        /// Memory size in MB.
        pub ram: Option<i64>,
    }

    /// Root and attached volumes.
    #[derive(Debug, Deserialize)]
    pub struct Volumes {
        /// The root volume.
        pub root: Option<RootVolume>,
        /// Attached block storage.
        pub attachments: Option<Vec<AttachedVolume>>,
    }

    /// The root volume.
    #[derive(Debug, Deserialize)]
    pub struct RootVolume {
        /// Size in GB.
        pub size: i64,
    }

    /// An attached block storage volume.
    #[derive(Debug, Deserialize)]
    pub struct AttachedVolume {
        /// ID of the volume.
        pub id: String,
        /// Name of the volume.
        pub name: Option<String>,
        /// Size in GB.
        pub size: Option<i64>,
    }

    /// A security group reference.
    #[derive(Debug, Deserialize)]
    pub struct SecurityGroup {
        /// Name of the security group.
        pub name: String,
    }
}

/// Returns one instance in the style of the vendor guide's example, varied by `index`.
pub fn sample_instance(index: usize) -> Value {
    let statuses = ["ACTIVE", "STOP", "BUILD", "ERROR"];
    json!({
        "id": format!("7b2f6a4e-1c3d-4e5f-8a9b-{index:012}"),
        "name": format!("web-server-{index}"),
        "status": statuses[index % statuses.len()],
        "addresses": [{
            "macAddress": format!("fa:16:3e:{:02x}:{:02x}:{:02x}", index % 256, (index / 256) % 256, 7),
            "ipAddress": format!("192.168.{}.{}", (index / 250) % 250, index % 250 + 2),
            "version": 4,
            "floatingIpAddress": if index % 3 == 0 { Value::from("133.186.150.7") } else { Value::Null },
        }],
        "availabilityZone": "kr-pub-a",
        "flavor": {
            "id": "f9e4ef05-a4b6-4a9c-9f2e-7a7d3a0b7e01",
            "name": "m1.c1m2",
            "cpu": 1,
            "ram": 2048,
        },
        "image": "9f5c6b4e-2d1a-4c3b-8e7f-0a1b2c3d4e5f",
        "metadata": {"os_distro": "centos", "os_version": "7.3", "description": "CentOS 7.3 (2017.04.25)"},
        "keyName": "my-keypair",
        "volumes": {
            "root": {"size": 20},
            "attachments": [{"id": "5c8d4e3f-1a2b-4c5d-9e8f-7a6b5c4d3e2f", "name": "data", "size": 100}],
        },
        "securityGroups": [{"name": "default"}],
        "launchedAt": "2017-05-16T02:17:50.166563",
        "createdAt": "2017-05-16T02:17:30.000000",
        "updatedAt": "2017-05-16T02:18:10Z",
    })
}

/// Returns a successful detail-list response body with `count` instances.
pub fn detail_list_body(count: usize) -> Vec<u8> {
    let instances: Vec<Value> = (0..count).map(sample_instance).collect();
    let body = json!({
        "header": {"isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS"},
        "instances": instances,
    });
    serde_json::to_vec(&body).expect("a JSON value always serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_decodes_both_ways() {
        let body = detail_list_body(3);
        let generated: GeneratedEnvelope =
            serde_json::from_slice(&body).expect("the generated types decode the body");
        let plain: hand_written::Envelope =
            serde_json::from_slice(&body).expect("the hand-written types decode the body");
        let instances = generated.instances.expect("instances are present");
        assert_eq!(instances.len(), 3);
        assert_eq!(plain.instances.len(), 3);
        assert!(generated.header.is_successful);
        assert_eq!(instances[1].name, plain.instances[1].name);
        assert_eq!(instances[1].status.as_str(), plain.instances[1].status);
        assert!(instances[2].launched_at.is_some());
        assert!(instances[2].updated_at.is_some());
    }
}
