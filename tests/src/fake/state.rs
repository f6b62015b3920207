//! The fake's in-memory data and the rules that change it, without any HTTP.
//!
//! Every method returns either the new data or a [`Failure`]: the result code and message
//! that the route sends back in the response header.

use std::collections::BTreeMap;
use std::time::Duration;

use time::OffsetDateTime;
use time::macros::format_description;
use toast_compute_instance::{InstanceAction, InstanceStatus, NewInstance, RebootType};

/// Result codes that the fake sends, from the spec's `x-result-codes`.
pub(crate) mod code {
    /// The token is missing, invalid or expired.
    pub const PERMISSION_DENIED: i32 = -3;
    /// A parameter is missing or has an invalid value.
    pub const INVALID_PARAMETERS: i32 = -4;
    /// A resource inside an instance, such as an attachment, does not exist.
    pub const NONEXISTENT: i32 = -5;
    /// The request body is not valid JSON.
    pub const JSON_PARSING_ERROR: i32 = -8;
    /// The instance does not exist.
    pub const INSTANCE_NOT_FOUND: i32 = 10404;
    /// The instance's status does not allow the request.
    pub const INSTANCE_CONFLICT: i32 = 10409;
    /// The flavor does not exist.
    pub const FLAVOR_NOT_FOUND: i32 = 11404;
    /// The availability zone does not exist.
    pub const ZONE_NOT_FOUND: i32 = 12404;
    /// The keypair does not exist.
    pub const KEYPAIR_NOT_FOUND: i32 = 13404;
    /// A keypair with the name exists already.
    pub const KEYPAIR_CONFLICT: i32 = 13409;
    /// The token request's credentials are wrong.
    pub const TOKEN_UNAUTHORIZED: i32 = 50401;
}

/// A failed request: the result code and message of the response header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }
}

/// A flavor that instances can be created with or resized to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FlavorSpec {
    pub id: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub vcpus: i32,
    pub ram: i32,
}

/// The flavors that the fake offers, in the order that `listFlavors` returns them.
pub(crate) const FLAVORS: [FlavorSpec; 3] = [
    FlavorSpec {
        id: "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f",
        name: "t2.c1m1",
        kind: "general",
        vcpus: 1,
        ram: 1024,
    },
    FlavorSpec {
        id: "2a6c0e4b-8d1f-4c3a-b5e7-9f1b3d5c7e0a",
        name: "c2.c8m8",
        kind: "compute",
        vcpus: 8,
        ram: 8192,
    },
    FlavorSpec {
        id: "7b3e1d5f-9a2c-4e6b-8d0f-1c3e5a7b9d2f",
        name: "r2.c2m16",
        kind: "memory",
        vcpus: 2,
        ram: 16384,
    },
];

/// The availability zones that the fake offers. Only available zones accept instances.
pub(crate) const ZONES: [(&str, bool); 3] = [
    ("kr-pub-a", true),
    ("kr-pub-b", true),
    ("kr-pub-c", false),
];

/// Where a pending transition ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The instance settles in this status.
    Status(InstanceStatus),
    /// The instance is deleted.
    Gone,
}

/// A transitional status on its way to `target`.
#[derive(Debug, Clone)]
pub(crate) struct Transition {
    pub target: Target,
    /// Number of reads that still show the transitional status.
    pub reads_left: u32,
}

/// A block storage volume attached to an instance.
#[derive(Debug, Clone)]
pub(crate) struct Attachment {
    pub volume_id: String,
    pub device: String,
}

/// An instance as the fake stores it.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub id: String,
    pub name: String,
    pub status: InstanceStatus,
    pub transition: Option<Transition>,
    pub flavor: FlavorSpec,
    pub image: String,
    pub key_name: String,
    pub zone: String,
    pub fixed_ip: String,
    pub mac_address: String,
    pub floating_ip: Option<String>,
    pub root_size: i32,
    pub security_groups: Vec<String>,
    pub attachments: Vec<Attachment>,
    pub created_at: String,
    pub updated_at: String,
    pub launched_at: Option<String>,
}

/// A keypair as the fake stores it.
#[derive(Debug, Clone)]
pub(crate) struct Keypair {
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub created_at: String,
}

/// A created keypair and its private key, present only when the fake generated the key.
#[derive(Debug, Clone)]
pub(crate) struct CreatedKeypair {
    pub keypair: Keypair,
    pub private_key: Option<String>,
}

/// An issued token with its timestamps, as `issueToken` returns it.
#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub id: String,
    pub expires: String,
    pub issued_at: String,
}

/// Everything that the fake stores.
#[derive(Debug)]
pub(crate) struct State {
    pub appkey: String,
    pub password: String,
    tokens: Vec<String>,
    pub instances: BTreeMap<String, Instance>,
    pub keypairs: BTreeMap<String, Keypair>,
    transition_reads: u32,
    next_serial: u64,
    pub request_count: u64,
}

impl State {
    pub fn new(appkey: &str, token: &str, password: &str, transition_reads: u32) -> Self {
        State {
            appkey: appkey.to_owned(),
            password: password.to_owned(),
            tokens: vec![token.to_owned()],
            instances: BTreeMap::new(),
            keypairs: BTreeMap::new(),
            transition_reads: transition_reads.max(1),
            next_serial: 1,
            request_count: 0,
        }
    }

    /// Checks the appkey of the path and the `X-Auth-Token` header of a secured request.
    pub fn authorize(&self, appkey: &str, token: Option<&str>) -> Result<(), Failure> {
        self.check_appkey(appkey)?;
        match token {
            Some(token) if self.tokens.iter().any(|known| known == token) => Ok(()),
            Some(_) => Err(Failure::new(
                code::PERMISSION_DENIED,
                "Permission denied: the X-Auth-Token is invalid or expired",
            )),
            None => Err(Failure::new(
                code::PERMISSION_DENIED,
                "Permission denied: the X-Auth-Token header is missing",
            )),
        }
    }

    pub fn check_appkey(&self, appkey: &str) -> Result<(), Failure> {
        if appkey == self.appkey {
            Ok(())
        } else {
            Err(Failure::new(
                code::PERMISSION_DENIED,
                format!("Permission denied: unknown appkey {appkey:?}"),
            ))
        }
    }

    pub fn issue_token(&mut self, password: &str) -> Result<IssuedToken, Failure> {
        if password != self.password {
            return Err(Failure::new(
                code::TOKEN_UNAUTHORIZED,
                "Unauthorized: wrong username or API password",
            ));
        }
        let serial = self.next_serial();
        let id = format!("fake-token-{serial:04}");
        self.tokens.push(id.clone());
        let now = OffsetDateTime::now_utc();
        Ok(IssuedToken {
            id,
            expires: format_with_zone(now + Duration::from_secs(3600)),
            issued_at: format_zone_less(now),
        })
    }

    /// Stores the instances of a create request and returns the first one.
    pub fn create_instances(&mut self, request: &NewInstance) -> Result<Instance, Failure> {
        check_new_instance(request)?;
        let flavor = find_flavor(&request.flavor)?;
        match ZONES.iter().find(|(name, _)| *name == request.availability_zone) {
            Some((_, true)) => {}
            Some((name, false)) => {
                return Err(Failure::new(
                    code::INVALID_PARAMETERS,
                    format!("Invalid parameters: availability zone {name} is not available"),
                ));
            }
            None => {
                return Err(Failure::new(
                    code::ZONE_NOT_FOUND,
                    format!(
                        "Availability zone not found: {:?}",
                        request.availability_zone
                    ),
                ));
            }
        }
        if !self.keypairs.contains_key(&request.key_name) {
            return Err(Failure::new(
                code::KEYPAIR_NOT_FOUND,
                format!("Keypair not found: {:?}", request.key_name),
            ));
        }

        let now = format_zone_less(OffsetDateTime::now_utc());
        let mut created = Vec::new();
        for index in 1..=request.count {
            let serial = self.next_serial();
            let name = if request.count == 1 {
                request.name.clone()
            } else {
                format!("{}-{index}", request.name)
            };
            let instance = Instance {
                id: format!("3f1c9a2e-5b7d-4c09-a6e2-{serial:012x}"),
                name,
                status: InstanceStatus::Build,
                transition: Some(self.transition(Target::Status(InstanceStatus::Active))),
                flavor,
                image: request.image.clone(),
                key_name: request.key_name.clone(),
                zone: request.availability_zone.clone(),
                fixed_ip: format!("192.168.0.{}", 10 + serial % 240),
                mac_address: format!("fa:16:3e:00:{:02x}:{:02x}", serial / 256 % 256, serial % 256),
                floating_ip: None,
                root_size: request.volumes[0].size,
                security_groups: request
                    .security_groups
                    .iter()
                    .map(|group| group.name.clone())
                    .collect(),
                attachments: Vec::new(),
                created_at: now.clone(),
                updated_at: now.clone(),
                launched_at: None,
            };
            created.push(instance.clone());
            self.instances.insert(instance.id.clone(), instance);
        }
        Ok(created.remove(0))
    }

    /// Returns the instances to show for a list request and advances each one's transition.
    ///
    /// An ID that matches no instance gives the instance service's not-found code.
    pub fn read_instances(&mut self, id: Option<&str>) -> Result<Vec<Instance>, Failure> {
        let ids: Vec<String> = match id {
            Some(id) => {
                self.instance(id)?;
                vec![id.to_owned()]
            }
            None => self.instances.keys().cloned().collect(),
        };
        let mut listed = Vec::new();
        for id in ids {
            if let Some(instance) = self.instances.get(&id) {
                listed.push(instance.clone());
            }
            self.advance(&id);
        }
        Ok(listed)
    }

    pub fn delete_instance(&mut self, id: &str) -> Result<(), Failure> {
        let transition = self.transition(Target::Gone);
        let instance = self.instance_mut(id)?;
        if instance.status == InstanceStatus::Deleting {
            return Ok(());
        }
        instance.status = InstanceStatus::Deleting;
        instance.transition = Some(transition);
        touch(instance);
        Ok(())
    }

    pub fn attach_volume(&mut self, id: &str, volume_id: &str) -> Result<Attachment, Failure> {
        if volume_id.trim().is_empty() {
            return Err(Failure::new(
                code::INVALID_PARAMETERS,
                "Invalid parameters: attachment.volumeId is empty",
            ));
        }
        let instance = self.instance_mut(id)?;
        if instance.status == InstanceStatus::Deleting {
            return Err(status_conflict(id, &instance.status, "attach a volume"));
        }
        if instance.attachments.iter().any(|a| a.volume_id == volume_id) {
            return Err(Failure::new(
                code::INSTANCE_CONFLICT,
                format!("Volume {volume_id} is already attached to instance {id}"),
            ));
        }
        // Devices follow the root disk `/dev/vda`: `/dev/vdb`, `/dev/vdc`, and so on.
        let letter = char::from(b'b' + (instance.attachments.len() % 24) as u8);
        let attachment = Attachment {
            volume_id: volume_id.to_owned(),
            device: format!("/dev/vd{letter}"),
        };
        instance.attachments.push(attachment.clone());
        touch(instance);
        Ok(attachment)
    }

    pub fn detach_volume(&mut self, id: &str, volume_id: &str) -> Result<(), Failure> {
        let instance = self.instance_mut(id)?;
        let before = instance.attachments.len();
        instance.attachments.retain(|a| a.volume_id != volume_id);
        if instance.attachments.len() == before {
            return Err(Failure::new(
                code::NONEXISTENT,
                format!("Volume {volume_id:?} is not attached to instance {id}"),
            ));
        }
        touch(instance);
        Ok(())
    }

    /// Applies an instance action and returns the image that `uploadImage` creates.
    pub fn perform_action(
        &mut self,
        id: &str,
        action: &InstanceAction,
    ) -> Result<Option<(String, String)>, Failure> {
        let serial = self.next_serial();
        let reads = self.transition_reads;
        let instance = self.instance_mut(id)?;
        if instance.transition.is_some() {
            return Err(status_conflict(id, &instance.status, action_name(action)));
        }
        let status = instance.status.clone();
        let steady = |allowed: &[InstanceStatus]| -> Result<(), Failure> {
            if allowed.contains(&status) {
                Ok(())
            } else {
                Err(status_conflict(id, &status, action_name(action)))
            }
        };

        let mut created_image = None;
        match action {
            InstanceAction::Start => {
                steady(&[InstanceStatus::Stop])?;
                begin(instance, InstanceStatus::PoweringOn, InstanceStatus::Active, reads);
            }
            InstanceAction::Stop => {
                steady(&[InstanceStatus::Active, InstanceStatus::Error])?;
                begin(instance, InstanceStatus::PoweringOff, InstanceStatus::Stop, reads);
            }
            InstanceAction::Reboot(parameters) => {
                // A hard reboot also recovers an instance in ERROR, as in OpenStack.
                match parameters.r#type {
                    RebootType::Hard => steady(&[InstanceStatus::Active, InstanceStatus::Error])?,
                    RebootType::Soft => steady(&[InstanceStatus::Active])?,
                }
                begin(instance, InstanceStatus::Rebooting, InstanceStatus::Active, reads);
            }
            InstanceAction::Resize(parameters) => {
                steady(&[InstanceStatus::Active, InstanceStatus::Stop])?;
                instance.flavor = find_flavor(&parameters.flavor)?;
                begin(instance, InstanceStatus::Resizing, InstanceStatus::Active, reads);
            }
            InstanceAction::UploadImage(parameters) => {
                steady(&[InstanceStatus::Active, InstanceStatus::Stop])?;
                require_non_empty("parameters.name", &parameters.name)?;
                let image_id = format!("9d4b2f6e-1a3c-4e5f-8b7d-{serial:012x}");
                created_image = Some((image_id, parameters.name.clone()));
            }
            InstanceAction::AddFloatingIp(parameters) => {
                steady(&[InstanceStatus::Active, InstanceStatus::Stop])?;
                require_non_empty("parameters.address", &parameters.address)?;
                if parameters.ip_address != instance.fixed_ip {
                    return Err(Failure::new(
                        code::INVALID_PARAMETERS,
                        format!(
                            "Invalid parameters: instance {id} has no fixed IP address {:?}",
                            parameters.ip_address
                        ),
                    ));
                }
                instance.floating_ip = Some(parameters.address.clone());
            }
            InstanceAction::RemoveFloatingIp(parameters) => {
                if instance.floating_ip.as_deref() != Some(parameters.address.as_str()) {
                    return Err(Failure::new(
                        code::NONEXISTENT,
                        format!(
                            "Floating IP {:?} is not attached to instance {id}",
                            parameters.address
                        ),
                    ));
                }
                instance.floating_ip = None;
            }
            InstanceAction::AddSecurityGroup(parameters) => {
                require_non_empty("parameters.name", &parameters.name)?;
                if !instance.security_groups.contains(&parameters.name) {
                    instance.security_groups.push(parameters.name.clone());
                }
            }
            InstanceAction::RemoveSecurityGroup(parameters) => {
                let before = instance.security_groups.len();
                instance.security_groups.retain(|name| *name != parameters.name);
                if instance.security_groups.len() == before {
                    return Err(Failure::new(
                        code::NONEXISTENT,
                        format!(
                            "Security group {:?} is not registered on instance {id}",
                            parameters.name
                        ),
                    ));
                }
            }
        }
        touch(instance);
        Ok(created_image)
    }

    pub fn list_keypairs(&self, name: Option<&str>) -> Result<Vec<Keypair>, Failure> {
        match name {
            Some(name) => Ok(vec![self.keypair(name)?.clone()]),
            None => Ok(self.keypairs.values().cloned().collect()),
        }
    }

    pub fn create_keypair(
        &mut self,
        name: &str,
        public_key: Option<&str>,
    ) -> Result<CreatedKeypair, Failure> {
        require_non_empty("keypair.name", name)?;
        if self.keypairs.contains_key(name) {
            return Err(Failure::new(
                code::KEYPAIR_CONFLICT,
                format!("Keypair {name:?} already exists"),
            ));
        }
        let serial = self.next_serial();
        let (public_key, private_key) = match public_key {
            Some(key) => {
                require_non_empty("keypair.publicKey", key)?;
                (key.to_owned(), None)
            }
            None => (
                format!("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{serial:06} Generated-by-Nova"),
                Some(format!(
                    "-----BEGIN RSA PRIVATE KEY-----\nfake key {serial} for {name}\n\
                     -----END RSA PRIVATE KEY-----\n"
                )),
            ),
        };
        let keypair = Keypair {
            name: name.to_owned(),
            fingerprint: fingerprint(&public_key),
            public_key,
            created_at: format_zone_less(OffsetDateTime::now_utc()),
        };
        self.keypairs.insert(name.to_owned(), keypair.clone());
        Ok(CreatedKeypair {
            keypair,
            private_key,
        })
    }

    pub fn delete_keypair(&mut self, name: &str) -> Result<(), Failure> {
        self.keypair(name)?;
        self.keypairs.remove(name);
        Ok(())
    }

    /// Sets an instance's status and cancels its transition. Returns false for an unknown ID.
    pub fn set_status(&mut self, id: &str, status: InstanceStatus) -> bool {
        match self.instances.get_mut(id) {
            Some(instance) => {
                instance.status = status;
                instance.transition = None;
                touch(instance);
                true
            }
            None => false,
        }
    }

    fn instance(&self, id: &str) -> Result<&Instance, Failure> {
        self.instances.get(id).ok_or_else(|| instance_not_found(id))
    }

    fn instance_mut(&mut self, id: &str) -> Result<&mut Instance, Failure> {
        self.instances.get_mut(id).ok_or_else(|| instance_not_found(id))
    }

    fn keypair(&self, name: &str) -> Result<&Keypair, Failure> {
        self.keypairs.get(name).ok_or_else(|| {
            Failure::new(code::KEYPAIR_NOT_FOUND, format!("Keypair not found: {name:?}"))
        })
    }

    fn transition(&self, target: Target) -> Transition {
        Transition {
            target,
            reads_left: self.transition_reads,
        }
    }

    /// Counts one read of instance `id` against its transition, and settles the instance
    /// when the transition has no reads left.
    fn advance(&mut self, id: &str) {
        let Some(instance) = self.instances.get_mut(id) else {
            return;
        };
        let Some(transition) = &mut instance.transition else {
            return;
        };
        transition.reads_left = transition.reads_left.saturating_sub(1);
        if transition.reads_left > 0 {
            return;
        }
        match transition.target.clone() {
            Target::Gone => {
                self.instances.remove(id);
            }
            Target::Status(status) => {
                if status == InstanceStatus::Active {
                    instance.launched_at = Some(format_zone_less(OffsetDateTime::now_utc()));
                }
                instance.status = status;
                instance.transition = None;
                touch(instance);
            }
        }
    }

    fn next_serial(&mut self) -> u64 {
        let serial = self.next_serial;
        self.next_serial += 1;
        serial
    }
}

/// Checks the constraints of the spec that the service enforces on a new instance.
fn check_new_instance(request: &NewInstance) -> Result<(), Failure> {
    require_non_empty("instance.name", &request.name)?;
    require_non_empty("instance.image", &request.image)?;
    if request.name.chars().count() > 255 {
        return Err(Failure::new(
            code::INVALID_PARAMETERS,
            "Invalid parameters: instance.name is longer than 255 characters",
        ));
    }
    if !(1..=10).contains(&request.count) {
        return Err(Failure::new(
            code::INVALID_PARAMETERS,
            format!(
                "Invalid parameters: instance.count is {}, but it must be from 1 to 10",
                request.count
            ),
        ));
    }
    if request.networks.is_empty() {
        return Err(Failure::new(
            code::INVALID_PARAMETERS,
            "Invalid parameters: instance.networks is empty",
        ));
    }
    if request.volumes.len() != 1 {
        return Err(Failure::new(
            code::INVALID_PARAMETERS,
            format!(
                "Invalid parameters: instance.volumes has {} items, but it must have exactly 1",
                request.volumes.len()
            ),
        ));
    }
    Ok(())
}

fn find_flavor(id: &str) -> Result<FlavorSpec, Failure> {
    FLAVORS
        .iter()
        .find(|flavor| flavor.id == id)
        .copied()
        .ok_or_else(|| Failure::new(code::FLAVOR_NOT_FOUND, format!("Flavor not found: {id:?}")))
}

fn require_non_empty(field: &str, value: &str) -> Result<(), Failure> {
    if value.trim().is_empty() {
        Err(Failure::new(
            code::INVALID_PARAMETERS,
            format!("Invalid parameters: {field} is empty"),
        ))
    } else {
        Ok(())
    }
}

fn instance_not_found(id: &str) -> Failure {
    Failure::new(code::INSTANCE_NOT_FOUND, format!("Instance not found: {id:?}"))
}

fn status_conflict(id: &str, status: &InstanceStatus, request: &str) -> Failure {
    Failure::new(
        code::INSTANCE_CONFLICT,
        format!("Instance {id} is in {status} status, which does not allow it to {request}"),
    )
}

/// Puts `instance` in the transitional status `through` on its way to `target`.
fn begin(instance: &mut Instance, through: InstanceStatus, target: InstanceStatus, reads: u32) {
    instance.status = through;
    instance.transition = Some(Transition {
        target: Target::Status(target),
        reads_left: reads,
    });
}

fn action_name(action: &InstanceAction) -> &'static str {
    match action {
        InstanceAction::Start => "start",
        InstanceAction::Stop => "stop",
        InstanceAction::Reboot(_) => "reboot",
        InstanceAction::Resize(_) => "resize",
        InstanceAction::UploadImage(_) => "upload an image",
        InstanceAction::AddFloatingIp(_) => "add a floating IP",
        InstanceAction::RemoveFloatingIp(_) => "remove a floating IP",
        InstanceAction::AddSecurityGroup(_) => "add a security group",
        InstanceAction::RemoveSecurityGroup(_) => "remove a security group",
    }
}

fn touch(instance: &mut Instance) {
    instance.updated_at = format_zone_less(OffsetDateTime::now_utc());
}

/// Derives a colon-separated fingerprint in the MD5 layout from the key text. It uses
/// FNV-1a, not MD5, because a client only needs the layout and one value per key.
fn fingerprint(public_key: &str) -> String {
    let mut hash: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for byte in public_key.bytes() {
        hash ^= u128::from(byte);
        hash = hash.wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b);
    }
    let bytes = hash.to_be_bytes();
    let pairs: Vec<String> = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    pairs.join(":")
}

/// Formats `instant` as the guide's example does: UTC, microseconds, no zone suffix.
pub(crate) fn format_zone_less(instant: OffsetDateTime) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]");
    instant.format(&format).unwrap_or_default()
}

/// Formats `instant` in UTC with a `Z` suffix and whole seconds, as token expiry times are.
fn format_with_zone(instant: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    instant.format(&format).unwrap_or_default()
}
