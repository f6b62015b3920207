//! How the client reports each kind of bad or missing response: the exact `Error` variant
//! and its fields, or the value it decodes from an unusual but valid body.
//!
//! Retries are disabled (see `common::client`), so every case takes one request.

mod common;

use std::time::Duration;

use common::{APPKEY, TOKEN, answer_with, client, envelope, only_request};
use serde_json::json;
use toast_compute_instance::runtime::{ApiError, DecodeKind, Error, RetryConfig};
use toast_compute_instance::{Client, InstanceStatus};
use wiremock::{MockServer, ResponseTemplate};

const INSTANCE_ID: &str = "f4e3a1b2-7c9d-4e8f-a1b2-c3d4e5f6a7b8";

/// Returns a body with a failure header of `code` and `message`, and no payload.
fn failure_body(code: i64, message: &str) -> serde_json::Value {
    json!({
        "header": {"isSuccessful": false, "resultCode": code, "resultMessage": message}
    })
}

/// Returns the [`ApiError`] inside `error`, failing the test for any other variant.
fn api_error(error: Error) -> ApiError {
    match error {
        Error::Api(api) => api,
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Returns the operation, status, snippet and attempts of an [`Error::Http`].
fn http_error(error: Error) -> (&'static str, u16, String, u32) {
    match error {
        Error::Http {
            operation,
            status,
            snippet,
            attempts,
        } => (operation, status, snippet, attempts),
        other => panic!("expected Error::Http, got {other:?}"),
    }
}

/// Returns the status, kind and content type of an [`Error::Decode`].
fn decode_error(error: Error) -> (u16, DecodeKind, Option<String>) {
    match error {
        Error::Decode {
            status,
            kind,
            content_type,
            ..
        } => (status, kind, content_type),
        other => panic!("expected Error::Decode, got {other:?}"),
    }
}

/// Starts a server that responds to every request with `response`.
async fn server_answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    answer_with(&server, response).await;
    server
}

/// Lists the details of [`INSTANCE_ID`] from a server that responds with `response`.
async fn details_from(response: ResponseTemplate) -> Result<Vec<toast_compute_instance::Instance>, Error> {
    let server = server_answering(response).await;
    client(&server).list_instance_details(Some(INSTANCE_ID)).await
}

/// Returns a minimal instance with `fields` added or replaced.
fn instance_with(fields: serde_json::Value) -> serde_json::Value {
    let mut instance = json!({
        "id": INSTANCE_ID,
        "name": "web-01",
        "status": "ACTIVE",
        "flavor": {"id": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f"}
    });
    if let (Some(target), Some(extra)) = (instance.as_object_mut(), fields.as_object()) {
        for (key, value) in extra {
            target.insert(key.clone(), value.clone());
        }
    }
    instance
}

#[tokio::test]
async fn envelope_failure_on_http_200() {
    let error = details_from(
        ResponseTemplate::new(200).set_body_json(failure_body(10404, "Instance not found")),
    )
    .await
    .expect_err("a failure header fails the call");

    let message = error.to_string();
    let api = api_error(error);
    assert_eq!(api.operation, "listInstanceDetails", "operation");
    assert_eq!(api.http_status, 200, "HTTP status");
    assert_eq!(api.result_code, 10404, "result code");
    assert_eq!(api.result_message, "Instance not found", "result message");
    assert_eq!(api.equivalent_status, Some(404), "equivalent status");
    assert_eq!(api.attempts, 1, "attempts");
    assert!(message.contains("10404"), "message names the code: {message}");
}

#[tokio::test]
async fn status_401_with_envelope() {
    let error = details_from(ResponseTemplate::new(401).set_body_json(failure_body(
        -3,
        "Permission denied",
    )))
    .await
    .expect_err("a 401 fails the call");

    assert!(error.is_unauthorized(), "is_unauthorized: {error:?}");
    let api = api_error(error);
    assert_eq!(api.http_status, 401, "HTTP status");
    assert_eq!(api.result_code, -3, "result code");
    assert_eq!(api.equivalent_status, Some(401), "equivalent status");
    assert_eq!(api.attempts, 1, "a static token is not retried");
}

#[tokio::test]
async fn status_401_without_envelope() {
    let error = details_from(ResponseTemplate::new(401).set_body_raw("Unauthorized", "text/plain"))
        .await
        .expect_err("a 401 fails the call");

    assert!(error.is_unauthorized(), "is_unauthorized: {error:?}");
    let (operation, status, snippet, attempts) = http_error(error);
    assert_eq!(operation, "listInstanceDetails", "operation");
    assert_eq!(status, 401, "HTTP status");
    assert_eq!(snippet, "Unauthorized", "body snippet");
    assert_eq!(attempts, 1, "attempts");
}

#[tokio::test]
async fn status_404_with_envelope() {
    let error = details_from(ResponseTemplate::new(404).set_body_json(failure_body(
        -5,
        "Nonexistent",
    )))
    .await
    .expect_err("a 404 fails the call");

    assert!(error.is_not_found(), "is_not_found: {error:?}");
    let api = api_error(error);
    assert_eq!(api.http_status, 404, "HTTP status");
    assert_eq!(api.result_code, -5, "result code");
    assert_eq!(api.equivalent_status, Some(404), "equivalent status");
}

#[tokio::test]
async fn status_404_without_envelope() {
    let error = details_from(ResponseTemplate::new(404))
        .await
        .expect_err("a 404 fails the call");

    assert!(error.is_not_found(), "is_not_found: {error:?}");
    let message = error.to_string();
    let (_, status, snippet, _) = http_error(error);
    assert_eq!(status, 404, "HTTP status");
    assert_eq!(snippet, "", "empty body snippet");
    assert!(message.contains("empty body"), "message: {message}");
}

#[tokio::test]
async fn status_429_with_envelope() {
    let error = details_from(ResponseTemplate::new(429).set_body_json(failure_body(
        10429,
        "Too many requests",
    )))
    .await
    .expect_err("a 429 fails the call");

    let api = api_error(error);
    assert_eq!(api.http_status, 429, "HTTP status");
    assert_eq!(api.result_code, 10429, "result code");
    assert_eq!(api.equivalent_status, Some(429), "equivalent status");
    assert_eq!(api.attempts, 1, "retries are disabled");
}

#[tokio::test]
async fn status_429_without_envelope() {
    let error = details_from(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "1")
            .set_body_raw("rate limit exceeded", "text/plain"),
    )
    .await
    .expect_err("a 429 fails the call");

    let (_, status, snippet, attempts) = http_error(error);
    assert_eq!(status, 429, "HTTP status");
    assert_eq!(snippet, "rate limit exceeded", "body snippet");
    assert_eq!(attempts, 1, "retries are disabled");
}

#[tokio::test]
async fn status_500_with_envelope() {
    let error = details_from(ResponseTemplate::new(500).set_body_json(failure_body(
        -1,
        "Fail",
    )))
    .await
    .expect_err("a 500 fails the call");

    let api = api_error(error);
    assert_eq!(api.http_status, 500, "HTTP status");
    assert_eq!(api.result_code, -1, "result code");
    assert_eq!(api.equivalent_status, Some(500), "equivalent status");
}

#[tokio::test]
async fn status_500_without_envelope() {
    let error = details_from(
        ResponseTemplate::new(500).set_body_json(json!({"error": "internal server error"})),
    )
    .await
    .expect_err("a 500 fails the call");

    let (_, status, snippet, _) = http_error(error);
    assert_eq!(status, 500, "HTTP status");
    assert!(snippet.contains("internal server error"), "snippet: {snippet}");
}

#[tokio::test]
async fn body_not_json() {
    let error = details_from(ResponseTemplate::new(200).set_body_raw("OK", "application/json"))
        .await
        .expect_err("a body that is not JSON fails the call");

    let (status, kind, _) = decode_error(error);
    assert_eq!(status, 200, "HTTP status");
    assert_eq!(kind, DecodeKind::InvalidJson, "decode kind");
}

#[tokio::test]
async fn body_truncated() {
    let error = details_from(ResponseTemplate::new(200).set_body_raw(
        r#"{"header": {"isSuccessful": true, "resultCode": 0, "resultMessage": "SUCC"#,
        "application/json",
    ))
    .await
    .expect_err("a truncated body fails the call");

    let (_, kind, _) = decode_error(error);
    assert_eq!(kind, DecodeKind::Truncated, "decode kind");
}

#[tokio::test]
async fn body_empty() {
    let error = details_from(ResponseTemplate::new(200))
        .await
        .expect_err("an empty body fails the call");

    let (status, kind, _) = decode_error(error);
    assert_eq!(status, 200, "HTTP status");
    assert_eq!(kind, DecodeKind::EmptyBody, "decode kind");
}

#[tokio::test]
async fn html_content_type() {
    let html = "<!DOCTYPE html><html><body><h1>Welcome to nginx!</h1></body></html>";
    let error = details_from(ResponseTemplate::new(200).set_body_raw(html, "text/html"))
        .await
        .expect_err("an HTML page fails the call");

    let message = error.to_string();
    let (status, kind, content_type) = decode_error(error);
    assert_eq!(status, 200, "HTTP status");
    assert_eq!(kind, DecodeKind::InvalidJson, "decode kind");
    assert_eq!(content_type.as_deref(), Some("text/html"), "content type");
    assert!(message.contains("base URL"), "message suggests the fix: {message}");
}

#[tokio::test]
async fn html_on_502() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let error = details_from(ResponseTemplate::new(502).set_body_raw(html, "text/html"))
        .await
        .expect_err("a gateway error fails the call");

    let (_, status, snippet, attempts) = http_error(error);
    assert_eq!(status, 502, "HTTP status");
    assert_eq!(snippet, html, "body snippet");
    assert_eq!(attempts, 1, "retries are disabled");
}

#[tokio::test]
async fn payload_missing() {
    let error = details_from(ResponseTemplate::new(200).set_body_json(envelope(json!({}))))
        .await
        .expect_err("a success without payload fails the call");

    let (_, kind, _) = decode_error(error);
    assert_eq!(kind, DecodeKind::MissingField("instances"), "decode kind");
}

#[tokio::test]
async fn upload_image_without_created_image() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(envelope(json!({}))))
        .await;

    let error = client(&server)
        .upload_image(INSTANCE_ID, "web-01-snapshot")
        .await
        .expect_err("upload_image needs createdImage");

    let (_, kind, _) = decode_error(error);
    assert_eq!(kind, DecodeKind::MissingField("createdImage"), "decode kind");
}

#[tokio::test]
async fn status_unknown_value() {
    let instances = details_from(ResponseTemplate::new(200).set_body_json(envelope(json!({
        "instances": [instance_with(json!({"status": "SHELVED"}))]
    }))))
    .await
    .expect("an unknown status decodes");

    assert_eq!(
        instances[0].status,
        InstanceStatus::Unknown("SHELVED".to_owned()),
        "status kept as received"
    );
    assert_eq!(instances[0].status.as_str(), "SHELVED", "wire value");
}

#[tokio::test]
async fn unknown_fields_ignored() {
    let mut body = envelope(json!({
        "instances": [instance_with(json!({
            "hostId": "c0ffee",
            "flavor": {"id": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f", "disk": 50},
            "tags": ["web", "prod"]
        }))],
        "totalCount": 1
    }));
    body["header"]["traceId"] = json!("a1b2c3");

    let instances = details_from(ResponseTemplate::new(200).set_body_json(body))
        .await
        .expect("unknown fields are ignored");

    assert_eq!(instances.len(), 1, "number of instances");
    assert_eq!(instances[0].id, INSTANCE_ID, "id");
    assert_eq!(
        instances[0].flavor.id, "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f",
        "flavor ID"
    );
}

#[tokio::test]
async fn optional_fields_absent() {
    let instances = details_from(ResponseTemplate::new(200).set_body_json(envelope(json!({
        "instances": [instance_with(json!({}))]
    }))))
    .await
    .expect("a minimal instance decodes");

    let instance = &instances[0];
    assert_eq!(instance.addresses, None, "addresses");
    assert_eq!(instance.availability_zone, None, "availability zone");
    assert_eq!(instance.image, None, "image");
    assert_eq!(instance.metadata, None, "metadata");
    assert_eq!(instance.key_name, None, "key name");
    assert_eq!(instance.volumes, None, "volumes");
    assert_eq!(instance.security_groups, None, "security groups");
    assert_eq!(instance.launched_at, None, "launchedAt");
    assert_eq!(instance.flavor.cpu, None, "flavor cpu");
}

#[tokio::test]
async fn optional_fields_null() {
    let instances = details_from(ResponseTemplate::new(200).set_body_json(envelope(json!({
        "instances": [instance_with(json!({
            "addresses": null,
            "availabilityZone": null,
            "flavor": {"id": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f", "name": null, "cpu": null, "ram": null},
            "image": null,
            "metadata": null,
            "keyName": null,
            "volumes": {"root": null, "attachments": null},
            "securityGroups": null,
            "launchedAt": null,
            "createdAt": null,
            "updatedAt": null
        }))]
    }))))
    .await
    .expect("null optional fields decode");

    let instance = &instances[0];
    assert_eq!(instance.addresses, None, "addresses");
    assert_eq!(instance.availability_zone, None, "availability zone");
    assert_eq!(instance.flavor.name, None, "flavor name");
    assert_eq!(instance.flavor.cpu, None, "flavor cpu");
    assert_eq!(instance.flavor.ram, None, "flavor ram");
    assert_eq!(instance.metadata, None, "metadata");
    let volumes = instance.volumes.as_ref().expect("volumes object is present");
    assert_eq!(volumes.root, None, "root volume");
    assert_eq!(volumes.attachments, None, "attachments");
    assert_eq!(instance.launched_at, None, "launchedAt");
    assert_eq!(instance.created_at, None, "createdAt");
}

#[tokio::test]
async fn quoted_numbers_and_booleans() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "header": {"isSuccessful": "true", "resultCode": "0", "resultMessage": "SUCCESS"},
        "zones": [{"zoneName": "kr-pub-a", "zoneState": {"available": "TRUE"}}],
    })))
    .await;

    let zones = client(&server)
        .list_availability_zones()
        .await
        .expect("quoted header values decode");

    assert_eq!(zones.len(), 1, "number of zones");
    assert!(zones[0].zone_state.available, "quoted \"TRUE\" reads as true");
}

#[tokio::test]
async fn quoted_failure_header() {
    let error = details_from(ResponseTemplate::new(200).set_body_json(json!({
        "header": {"isSuccessful": "false", "resultCode": "-4", "resultMessage": "Invalid parameters"}
    })))
    .await
    .expect_err("a quoted failure header fails the call");

    let api = api_error(error);
    assert_eq!(api.result_code, -4, "quoted result code");
    assert_eq!(api.equivalent_status, Some(400), "equivalent status");
}

#[tokio::test]
async fn quoted_number_invalid() {
    let error = details_from(ResponseTemplate::new(200).set_body_json(envelope(json!({
        "instances": [instance_with(json!({
            "flavor": {"id": "4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f", "cpu": "two"}
        }))]
    }))))
    .await
    .expect_err("a word where a number belongs fails the call");

    let (_, kind, _) = decode_error(error);
    assert_eq!(kind, DecodeKind::UnexpectedShape, "decode kind");
}

#[tokio::test]
async fn timestamp_forms() {
    let forms = [
        "2017-05-16T02:17:50.166563",
        "2017-05-16T02:17:50.166563Z",
        "2017-05-16T02:17:50Z",
        "2017-05-16T02:17:50",
        "2017-05-16T11:17:50.166563+09:00",
    ];
    let instances: Vec<serde_json::Value> = forms
        .iter()
        .map(|form| instance_with(json!({"launchedAt": form, "createdAt": form})))
        .collect();

    let decoded = details_from(
        ResponseTemplate::new(200).set_body_json(envelope(json!({"instances": instances}))),
    )
    .await
    .expect("every timestamp form decodes");

    assert_eq!(decoded.len(), forms.len(), "number of instances");
    for (instance, form) in decoded.iter().zip(forms) {
        let launched = instance.launched_at.as_ref().expect("launchedAt is present");
        assert_eq!(launched.as_str(), form, "text kept as sent");
        assert_eq!(
            launched.to_offset_date_time().unix_timestamp(),
            1_494_901_070,
            "instant of {form}, zone-less read as UTC"
        );
    }
}

#[tokio::test]
async fn timestamp_invalid() {
    let error = details_from(ResponseTemplate::new(200).set_body_json(envelope(json!({
        "instances": [instance_with(json!({"launchedAt": "16/05/2017 02:17"}))]
    }))))
    .await
    .expect_err("an unreadable timestamp fails the call");

    let (_, kind, _) = decode_error(error);
    assert_eq!(kind, DecodeKind::UnexpectedShape, "decode kind");
}

#[tokio::test]
async fn server_never_answers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let address = listener.local_addr().expect("local address");
    // Accepts connections and keeps them open without ever writing a response.
    let silent = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            open.push(socket);
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .appkey(APPKEY)
        .token(TOKEN)
        .timeout(Duration::from_millis(200))
        .retry(RetryConfig::disabled())
        .build()
        .expect("client builds");

    let started = std::time::Instant::now();
    let error = client
        .list_instances(None)
        .await
        .expect_err("a silent server times out");
    let elapsed = started.elapsed();
    silent.abort();

    assert!(error.is_timeout(), "is_timeout: {error:?}");
    assert!(
        matches!(error, Error::Transport { attempts: 1, .. }),
        "expected Error::Transport after one attempt, got {error:?}"
    );
    assert!(
        elapsed < Duration::from_secs(5),
        "the 200 ms timeout applies, took {elapsed:?}"
    );
}

#[tokio::test]
async fn connection_refused() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.local_addr().expect("local address")
    };
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .appkey(APPKEY)
        .token(TOKEN)
        .retry(RetryConfig::disabled())
        .build()
        .expect("client builds");

    let error = client
        .list_instances(None)
        .await
        .expect_err("a closed port refuses the connection");

    assert!(error.is_connect(), "is_connect: {error:?}");
    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "listInstances",
                attempts: 1,
                ..
            }
        ),
        "expected Error::Transport after one attempt, got {error:?}"
    );
}

#[tokio::test]
async fn secret_not_in_decode_error() {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(envelope(json!({
        "access": {
            "token": {"id": "tok-secret-value-123", "expires": 17},
            "user": {"id": "6b2e4f8a1c3d4e5f9a0b7c6d5e4f3a2b"}
        }
    }))))
    .await;
    let credentials = toast_compute_instance::TokenCredentials {
        username: "dev@example.com".to_owned(),
        password: "api-password-1".into(),
    };

    let error = client(&server)
        .issue_token(&credentials)
        .await
        .expect_err("a numeric expiry fails to decode");

    let message = error.to_string();
    assert!(
        !message.contains("tok-secret-value-123"),
        "message hides the token: {message}"
    );
    let (_, kind, _) = decode_error(error);
    assert_eq!(kind, DecodeKind::UnexpectedShape, "decode kind");
    let request = only_request(&server).await;
    assert!(
        request.headers.get("x-auth-token").is_none(),
        "issueToken sends no token"
    );
}
