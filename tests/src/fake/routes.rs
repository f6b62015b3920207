//! HTTP routes of the fake: request decoding, token checks and response envelopes.
//!
//! Every response is HTTP 200 with a `header`, as the service sends it. Failures set
//! `isSuccessful: false` and a result code. Only unknown paths and methods get axum's plain
//! 404 and 405.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State as Extract};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use toast_compute_instance::{
    InstanceAction, NewInstance, NewKeypair, NewVolumeAttachment, TokenCredentials,
};

use super::state::{FLAVORS, Failure, Instance, Keypair, State, ZONES, code};

/// The state that every route locks.
pub(crate) type Shared = Arc<Mutex<State>>;

type QueryMap = Query<HashMap<String, String>>;

/// Builds the router of the thirteen operations.
pub(crate) fn router(shared: Shared) -> Router {
    Router::new()
        .route("/v1.0/appkeys/{appkey}/tokens", post(issue_token))
        .route(
            "/v1.0/appkeys/{appkey}/availability-zones",
            get(list_availability_zones),
        )
        .route(
            "/v1.0/appkeys/{appkey}/instances",
            get(list_instances)
                .post(create_instance)
                .delete(delete_instance),
        )
        .route(
            "/v1.0/appkeys/{appkey}/instances-detail",
            get(list_instance_details),
        )
        .route(
            "/v1.0/appkeys/{appkey}/instances/{instance_id}/attachments",
            post(attach_volume).delete(detach_volume),
        )
        .route(
            "/v1.0/appkeys/{appkey}/instances/{instance_id}/action",
            post(perform_instance_action),
        )
        .route("/v1.0/appkeys/{appkey}/flavors", get(list_flavors))
        .route(
            "/v1.0/appkeys/{appkey}/keypairs",
            get(list_keypairs)
                .post(create_keypair)
                .delete(delete_keypair),
        )
        .with_state(shared)
}

#[derive(Deserialize)]
struct IssueTokenBody {
    auth: TokenCredentials,
}

#[derive(Deserialize)]
struct CreateInstanceBody {
    instance: NewInstance,
}

#[derive(Deserialize)]
struct AttachVolumeBody {
    attachment: NewVolumeAttachment,
}

#[derive(Deserialize)]
struct CreateKeypairBody {
    keypair: NewKeypair,
}

async fn issue_token(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    body: Bytes,
) -> Response {
    run(|| {
        let mut state = lock(&shared);
        state.request_count += 1;
        state.check_appkey(&appkey)?;
        let body: IssueTokenBody = decode(&body)?;
        let token = state.issue_token(body.auth.password.expose_secret())?;
        Ok(json!({
            "access": {
                "token": {
                    "id": token.id,
                    "expires": token.expires,
                    "issued_at": token.issued_at,
                },
                "user": {
                    "id": "6b2e4f8a1c3d4e5f9a0b7c6d5e4f3a2b",
                    "roles": [{"name": "Member"}],
                },
            },
        }))
    })
}

async fn list_availability_zones(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    headers: HeaderMap,
) -> Response {
    run(|| {
        drop(authorize(&shared, &appkey, &headers)?);
        let zones: Vec<Value> = ZONES
            .iter()
            .map(|(name, available)| {
                json!({"zoneName": name, "zoneState": {"available": available}})
            })
            .collect();
        Ok(json!({"zones": zones}))
    })
}

async fn list_instances(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    Query(query): QueryMap,
    headers: HeaderMap,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let instances = state.read_instances(query.get("id").map(String::as_str))?;
        let summaries: Vec<Value> = instances.iter().map(summary_json).collect();
        Ok(json!({"instances": summaries}))
    })
}

async fn list_instance_details(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    Query(query): QueryMap,
    headers: HeaderMap,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let instances = state.read_instances(query.get("id").map(String::as_str))?;
        let details: Vec<Value> = instances.iter().map(detail_json).collect();
        Ok(json!({"instances": details}))
    })
}

async fn create_instance(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let body: CreateInstanceBody = decode(&body)?;
        let instance = state.create_instances(&body.instance)?;
        Ok(json!({"instance": summary_json(&instance)}))
    })
}

async fn delete_instance(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    Query(query): QueryMap,
    headers: HeaderMap,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let id = required_query(&query, "id")?;
        state.delete_instance(id)?;
        Ok(json!({}))
    })
}

async fn attach_volume(
    Extract(shared): Extract<Shared>,
    Path((appkey, instance_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let body: AttachVolumeBody = decode(&body)?;
        let attachment = state.attach_volume(&instance_id, &body.attachment.volume_id)?;
        // OpenStack uses the volume ID as the attachment ID.
        Ok(json!({
            "attachment": {
                "device": attachment.device,
                "id": attachment.volume_id,
                "volumeId": attachment.volume_id,
            },
        }))
    })
}

async fn detach_volume(
    Extract(shared): Extract<Shared>,
    Path((appkey, instance_id)): Path<(String, String)>,
    Query(query): QueryMap,
    headers: HeaderMap,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let volume_id = required_query(&query, "volumeId")?;
        state.detach_volume(&instance_id, volume_id)?;
        Ok(json!({}))
    })
}

async fn perform_instance_action(
    Extract(shared): Extract<Shared>,
    Path((appkey, instance_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let action: InstanceAction = decode(&body)?;
        match state.perform_action(&instance_id, &action)? {
            Some((id, name)) => Ok(json!({"createdImage": {"id": id, "name": name}})),
            None => Ok(json!({})),
        }
    })
}

async fn list_flavors(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    headers: HeaderMap,
) -> Response {
    run(|| {
        drop(authorize(&shared, &appkey, &headers)?);
        let flavors: Vec<Value> = FLAVORS
            .iter()
            .map(|flavor| {
                json!({
                    "disabled": false,
                    "ephemeral": 0,
                    "type": flavor.kind,
                    "minVolumeSize": 20,
                    "maxVolumeSize": 1000,
                    "id": flavor.id,
                    "name": flavor.name,
                    "isPublic": true,
                    "ram": flavor.ram,
                    "vcpus": flavor.vcpus,
                })
            })
            .collect();
        Ok(json!({"flavors": flavors}))
    })
}

async fn list_keypairs(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    Query(query): QueryMap,
    headers: HeaderMap,
) -> Response {
    run(|| {
        let state = authorize(&shared, &appkey, &headers)?;
        let name = query.get("name").map(String::as_str);
        let keypairs = state.list_keypairs(name)?;
        // The vendor's guide lists `createdAt` only for a list filtered by name.
        let with_created_at = name.is_some();
        let listed: Vec<Value> = keypairs
            .iter()
            .map(|keypair| keypair_json(keypair, with_created_at))
            .collect();
        Ok(json!({"keypairs": listed}))
    })
}

async fn create_keypair(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let body: CreateKeypairBody = decode(&body)?;
        let created =
            state.create_keypair(&body.keypair.name, body.keypair.public_key.as_deref())?;
        let mut keypair = json!({
            "name": created.keypair.name,
            "publicKey": created.keypair.public_key,
            "fingerprint": created.keypair.fingerprint,
        });
        if let Some(private_key) = created.private_key {
            keypair["privateKey"] = Value::String(private_key);
        }
        Ok(json!({"keypair": keypair}))
    })
}

async fn delete_keypair(
    Extract(shared): Extract<Shared>,
    Path(appkey): Path<String>,
    Query(query): QueryMap,
    headers: HeaderMap,
) -> Response {
    run(|| {
        let mut state = authorize(&shared, &appkey, &headers)?;
        let name = required_query(&query, "name")?;
        state.delete_keypair(name)?;
        Ok(json!({}))
    })
}

/// Locks the state. A panicking route cannot leave the data half-changed in a way that
/// matters to a test, so a poisoned lock is used as it is.
pub(crate) fn lock(shared: &Shared) -> MutexGuard<'_, State> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Counts the request, then checks its appkey and token.
fn authorize<'a>(
    shared: &'a Shared,
    appkey: &str,
    headers: &HeaderMap,
) -> Result<MutexGuard<'a, State>, Failure> {
    let mut state = lock(shared);
    state.request_count += 1;
    let token = headers
        .get("x-auth-token")
        .and_then(|value| value.to_str().ok());
    state.authorize(appkey, token)?;
    Ok(state)
}

/// Decodes a JSON body: -8 when it is not JSON, -4 when it lacks a field or has a wrong value.
fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Failure> {
    let value: Value = serde_json::from_slice(body).map_err(|error| {
        Failure::new(
            code::JSON_PARSING_ERROR,
            format!("JSON parsing error: {error}"),
        )
    })?;
    serde_json::from_value(value).map_err(|error| {
        Failure::new(
            code::INVALID_PARAMETERS,
            format!("Invalid parameters: {error}"),
        )
    })
}

fn required_query<'a>(query: &'a HashMap<String, String>, name: &str) -> Result<&'a str, Failure> {
    match query.get(name) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(Failure::new(
            code::INVALID_PARAMETERS,
            format!("Invalid parameters: the query parameter {name} is missing"),
        )),
    }
}

/// Runs a route's work and wraps its payload or failure in the envelope, always with
/// HTTP 200.
fn run(work: impl FnOnce() -> Result<Value, Failure>) -> Response {
    let body = match work() {
        Ok(mut payload) => {
            payload["header"] = json!({
                "isSuccessful": true,
                "resultCode": 0,
                "resultMessage": "SUCCESS",
            });
            payload
        }
        Err(failure) => json!({
            "header": {
                "isSuccessful": false,
                "resultCode": failure.code,
                "resultMessage": failure.message,
            },
        }),
    };
    axum::Json(body).into_response()
}

fn summary_json(instance: &Instance) -> Value {
    json!({
        "id": instance.id,
        "name": instance.name,
        "status": instance.status.as_str(),
    })
}

fn detail_json(instance: &Instance) -> Value {
    let attachments: Vec<Value> = instance
        .attachments
        .iter()
        .map(|attachment| json!({"id": attachment.volume_id}))
        .collect();
    let security_groups: Vec<Value> = instance
        .security_groups
        .iter()
        .map(|name| json!({"name": name}))
        .collect();
    json!({
        "addresses": [{
            "macAddress": instance.mac_address,
            "ipAddress": instance.fixed_ip,
            "version": 4,
            "floatingIpAddress": instance.floating_ip,
        }],
        "availabilityZone": instance.zone,
        "flavor": {
            "id": instance.flavor.id,
            "name": instance.flavor.name,
            "cpu": instance.flavor.vcpus,
            "ram": instance.flavor.ram,
        },
        "status": instance.status.as_str(),
        "id": instance.id,
        "name": instance.name,
        "image": instance.image,
        "metadata": {},
        "keyName": instance.key_name,
        "volumes": {
            "root": {"size": instance.root_size},
            "attachments": attachments,
        },
        "securityGroups": security_groups,
        "launchedAt": instance.launched_at,
        "createdAt": instance.created_at,
        "updatedAt": instance.updated_at,
    })
}

fn keypair_json(keypair: &Keypair, with_created_at: bool) -> Value {
    let mut listed = json!({
        "name": keypair.name,
        "publicKey": keypair.public_key,
        "fingerprint": keypair.fingerprint,
    });
    if with_created_at {
        listed["createdAt"] = Value::String(keypair.created_at.clone());
    }
    listed
}
