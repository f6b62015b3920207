//! Calls clients generated from fixture specs against a wiremock server on 127.0.0.1, to show
//! that the generator serves other specs than the Compute one: a plain pet store without an
//! envelope, and a second service in the envelope style.

use compile_tests::fixtures::{envelope, petstore};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn petstore_client(server: &MockServer) -> petstore::Client {
    petstore::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .build()
        .unwrap_or_else(|error| panic!("pet store client does not build: {error}"))
}

fn envelope_client(server: &MockServer) -> envelope::Client {
    envelope::Client::builder()
        .base_url(server.uri())
        .allow_insecure_http(true)
        .client_parameter("project", "p-1")
        .token("storage-token")
        .build()
        .unwrap_or_else(|error| panic!("envelope client does not build: {error}"))
}

#[tokio::test]
async fn petstore_list_pets_sends_query_and_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "2"))
        .and(header("X-Request-ID", "r-7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "name": "Rex", "kind": "dog", "labels": {"color": "brown"}},
            {"id": "2", "name": "Tom", "tag": null, "kind": "ferret"}
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let pets = petstore_client(&server)
        .list_pets(Some(2), Some("r-7"))
        .await
        .unwrap_or_else(|error| panic!("list_pets failed: {error}"));

    assert_eq!(pets.len(), 2);
    assert_eq!(pets[0].id, Some(1));
    assert_eq!(pets[0].name, "Rex");
    assert_eq!(pets[0].kind, Some(petstore::Kind::Dog));
    let color = pets[0].labels.as_ref().and_then(|labels| labels.get("color"));
    assert_eq!(color.map(String::as_str), Some("brown"));
    assert_eq!(pets[1].id, Some(2), "a quoted integer decodes leniently");
    assert_eq!(pets[1].kind, Some(petstore::Kind::Unknown("ferret".to_owned())));
}

#[tokio::test]
async fn petstore_post_without_operation_id_sends_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(body_json(json!({"name": "Rex", "size": 2, "kind": "dog"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 9, "name": "Rex", "size": 2})))
        .expect(1)
        .mount(&server)
        .await;

    let new_pet = petstore::NewPet {
        name: "Rex".to_owned(),
        tag: None,
        size: Some(2),
        kind: Some(petstore::Kind::Dog),
        vaccinated: None,
    };
    let pet = petstore_client(&server)
        .post_pets(&new_pet)
        .await
        .unwrap_or_else(|error| panic!("post_pets failed: {error}"));

    assert_eq!(pet.id, Some(9));
    assert_eq!(pet.name, "Rex");
    assert_eq!(pet.size, Some(2));
}

#[tokio::test]
async fn petstore_default_response_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/5"))
        .and(header("X-Trace", "t-1"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"code": 404, "message": "no pet"})))
        .mount(&server)
        .await;

    let result = petstore_client(&server).show_pet_by_id(5, "t-1").await;

    assert!(result.is_err(), "a 404 must not decode as a pet: {result:?}");
}

#[tokio::test]
async fn envelope_list_volumes_returns_payload() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/projects/p-1/volumes"))
        .and(header("X-Storage-Token", "storage-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result": {"ok": true, "code": 0, "text": "done"},
            "volumes": [{"id": "v-1", "size": 10, "createdAt": "2024-01-02T03:04:05"}],
            "total": 1
        })))
        .expect(1)
        .mount(&server)
        .await;

    let output = envelope_client(&server)
        .list_volumes()
        .await
        .unwrap_or_else(|error| panic!("list_volumes failed: {error}"));

    assert_eq!(output.total, Some(1));
    assert_eq!(output.volumes.len(), 1);
    assert_eq!(output.volumes[0].id, "v-1");
    assert_eq!(output.volumes[0].size, 10);
}

#[tokio::test]
async fn envelope_snapshot_volume_sends_tag_and_returns_property() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/projects/p-1/volumes/v-1/action"))
        .and(body_json(json!({"op": "snapshot"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result": {"ok": true, "code": 0, "text": "done"},
            "snapshot": {"id": "s-1"}
        })))
        .expect(1)
        .mount(&server)
        .await;

    let snapshot = envelope_client(&server)
        .snapshot_volume("v-1")
        .await
        .unwrap_or_else(|error| panic!("snapshot_volume failed: {error}"));

    assert_eq!(snapshot.id, "s-1");
}

#[tokio::test]
async fn envelope_failed_header_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/projects/p-1/volumes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "result": {"ok": false, "code": -5, "text": "no such project"}
        })))
        .mount(&server)
        .await;

    let result = envelope_client(&server).list_volumes().await;

    let error = match result {
        Ok(output) => panic!("a failed header must not succeed: {output:?}"),
        Err(error) => error.to_string(),
    };
    assert!(error.contains("no such project"), "{error}");
}
