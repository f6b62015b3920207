//! End-to-end tests of `Core::send` and `Core::send_plain` against local wiremock servers.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

fn classify(code: i64) -> Option<u16> {
    match code {
        -3 => Some(401),
        10_000..=99_999 => u16::try_from(code % 1000).ok(),
        _ => None,
    }
}

static API: ApiInfo = ApiInfo {
    title: "Test Compute API",
    default_base_url: "https://api.example.com/compute",
    client_parameters: &["appkey"],
    auth_header: Some("X-Auth-Token"),
    classify_result: classify,
};

static LIST_ZONES: OperationInfo = OperationInfo {
    id: "listAvailabilityZones",
    method: Method::Get,
    path_template: "/v1.0/appkeys/{appkey}/availability-zones",
    secured: true,
    retry: RetryClass::Safe,
};

static CREATE_INSTANCE: OperationInfo = OperationInfo {
    id: "createInstance",
    method: Method::Post,
    path_template: "/v1.0/appkeys/{appkey}/instances",
    secured: true,
    retry: RetryClass::Unsafe,
};

static DELETE_INSTANCE: OperationInfo = OperationInfo {
    id: "deleteInstance",
    method: Method::Delete,
    path_template: "/v1.0/appkeys/{appkey}/instances",
    secured: true,
    retry: RetryClass::Idempotent,
};

static ISSUE_TOKEN: OperationInfo = OperationInfo {
    id: "issueToken",
    method: Method::Post,
    path_template: "/v1.0/appkeys/{appkey}/tokens",
    secured: false,
    retry: RetryClass::Unsafe,
};

const ZONES_PATH: &str = "/v1.0/appkeys/key/availability-zones";

#[derive(Debug, Deserialize)]
struct Header {
    #[serde(rename = "isSuccessful")]
    is_successful: bool,
    #[serde(rename = "resultCode")]
    result_code: i64,
    #[serde(rename = "resultMessage")]
    result_message: String,
}

impl ResultHeader for Header {
    fn is_successful(&self) -> bool {
        self.is_successful
    }

    fn result_code(&self) -> i64 {
        self.result_code
    }

    fn result_message(&self) -> &str {
        &self.result_message
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Zone {
    #[serde(rename = "zoneName")]
    name: String,
}

#[derive(Debug, Deserialize)]
struct ZonesEnvelope {
    header: Header,
    zones: Option<Vec<Zone>>,
}

impl Envelope for ZonesEnvelope {
    const HEADER_PROPERTY: &'static str = "header";
    type Header = Header;
    type Payload = Vec<Zone>;

    fn header(&self) -> &Header {
        &self.header
    }

    fn into_payload(self) -> Result<Vec<Zone>, MissingField> {
        self.zones.ok_or(MissingField("zones"))
    }
}

#[derive(Debug, Deserialize)]
struct EmptyEnvelope {
    header: Header,
}

impl Envelope for EmptyEnvelope {
    const HEADER_PROPERTY: &'static str = "header";
    type Header = Header;
    type Payload = ();

    fn header(&self) -> &Header {
        &self.header
    }

    fn into_payload(self) -> Result<(), MissingField> {
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
struct TokenEnvelope {
    header: Header,
    access: Option<Access>,
}

#[derive(Debug, Deserialize)]
struct Access {
    token: IssuedToken,
}

#[derive(Debug, Deserialize)]
struct IssuedToken {
    id: Secret,
    expires: Timestamp,
}

impl Envelope for TokenEnvelope {
    const HEADER_PROPERTY: &'static str = "header";
    type Header = Header;
    type Payload = Access;

    fn header(&self) -> &Header {
        &self.header
    }

    fn into_payload(self) -> Result<Access, MissingField> {
        self.access.ok_or(MissingField("access"))
    }
}

fn success_header() -> serde_json::Value {
    json!({"isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS"})
}

fn failure_header(code: i64, message: &str) -> serde_json::Value {
    json!({"isSuccessful": false, "resultCode": code, "resultMessage": message})
}

fn zones_body() -> serde_json::Value {
    json!({"header": success_header(), "zones": [{"zoneName": "kr-pub-a"}]})
}

fn fast_retry() -> RetryConfig {
    RetryConfig {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(20),
        ..RetryConfig::default()
    }
}

fn builder(server: &MockServer) -> ClientBuilder<Core> {
    ClientBuilder::new(&API)
        .base_url(server.uri())
        .appkey("key")
        .retry(fast_retry())
}

fn core(server: &MockServer) -> Core {
    builder(server)
        .token("tok-1")
        .build()
        .expect("valid test configuration")
}

fn list_zones(core: &Core) -> Request {
    let mut request = Request::new(&LIST_ZONES);
    request.path_literal("/v1.0/appkeys/");
    request.path_segment(core.client_parameter("appkey"));
    request.path_literal("/availability-zones");
    request
}

fn create_instance(core: &Core) -> Request {
    let mut request = Request::new(&CREATE_INSTANCE);
    request.path_literal("/v1.0/appkeys/");
    request.path_segment(core.client_parameter("appkey"));
    request.path_literal("/instances");
    request
        .json_body(&json!({"instance": {"name": "web"}}))
        .expect("body encodes");
    request
}

fn delete_instance(core: &Core, id: &str) -> Request {
    let mut request = Request::new(&DELETE_INSTANCE);
    request.path_literal("/v1.0/appkeys/");
    request.path_segment(core.client_parameter("appkey"));
    request.path_literal("/instances");
    request.query("id", id);
    request
}

async fn mount_zones(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(ZONES_PATH))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn list_error(server: &MockServer, response: ResponseTemplate) -> Error {
    mount_zones(server, response).await;
    let core = core(server);
    match core.send::<ZonesEnvelope>(list_zones(&core)).await {
        Ok(zones) => panic!("expected an error, got {zones:?}"),
        Err(error) => error,
    }
}

#[tokio::test]
async fn send_returns_payload() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ZONES_PATH))
        .and(header("X-Auth-Token", "tok-1"))
        .and(header("Accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(1)
        .mount(&server)
        .await;
    let core = core(&server);
    let zones = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .expect("success");
    assert_eq!(
        zones,
        [Zone {
            name: "kr-pub-a".to_owned()
        }]
    );
}

#[tokio::test]
async fn path_values_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/appkeys/a%2F..%2Fb%3Fc%23d/availability-zones"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(1)
        .mount(&server)
        .await;
    let core = builder(&server)
        .appkey("a/../b?c#d")
        .token("t")
        .build()
        .expect("valid");
    let zones = core.send::<ZonesEnvelope>(list_zones(&core)).await;
    assert!(zones.is_ok(), "{zones:?}");
}

#[tokio::test]
async fn query_values_are_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1.0/appkeys/key/instances"))
        .and(query_param("id", "i d&x=1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"header": success_header()})))
        .expect(1)
        .mount(&server)
        .await;
    let core = core(&server);
    let deleted = core
        .send::<EmptyEnvelope>(delete_instance(&core, "i d&x=1"))
        .await;
    assert!(deleted.is_ok(), "{deleted:?}");
}

#[tokio::test]
async fn json_body_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/appkeys/key/instances"))
        .and(header("Content-Type", "application/json"))
        .and(body_json(json!({"instance": {"name": "web"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"header": success_header()})))
        .expect(1)
        .mount(&server)
        .await;
    let core = core(&server);
    let created = core.send::<EmptyEnvelope>(create_instance(&core)).await;
    assert!(created.is_ok(), "{created:?}");
}

#[tokio::test]
async fn failure_header_on_200_is_api_error() {
    let server = MockServer::start().await;
    let body = json!({"header": failure_header(12404, "Zone not found")});
    let error = list_error(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}");
    };
    assert_eq!(api.operation, "listAvailabilityZones");
    assert_eq!(api.http_status, 200);
    assert_eq!(api.result_code, 12404);
    assert_eq!(api.result_message, "Zone not found");
    assert_eq!(api.equivalent_status, Some(404));
    assert_eq!(api.attempts, 1);
    assert!(error.is_not_found());
    assert_eq!(error.result_code(), Some(12404));
    assert_eq!(error.http_status(), Some(200));
}

#[tokio::test]
async fn failure_header_on_500_is_api_error() {
    let server = MockServer::start().await;
    let body = json!({"header": failure_header(-2, "Unknown exception")});
    let error = list_error(&server, ResponseTemplate::new(500).set_body_json(body)).await;
    assert_eq!(error.result_code(), Some(-2));
    assert_eq!(error.http_status(), Some(500));
    assert!(error.to_string().contains("HTTP status 500"), "{error}");
}

#[tokio::test]
async fn failure_header_with_bad_payload_is_api_error() {
    let server = MockServer::start().await;
    let body = json!({"header": failure_header(-4, "Invalid parameters"), "zones": "oops"});
    let error = list_error(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(error.result_code(), Some(-4), "{error:?}");
}

#[tokio::test]
async fn error_status_without_header_is_http_error() {
    let server = MockServer::start().await;
    let response =
        ResponseTemplate::new(500).set_body_raw("<html>Internal Server Error</html>", "text/html");
    let error = list_error(&server, response).await;
    let Error::Http {
        status,
        snippet,
        attempts,
        ..
    } = &error
    else {
        panic!("expected an HTTP error, got {error:?}");
    };
    assert_eq!(*status, 500);
    assert_eq!(snippet, "<html>Internal Server Error</html>");
    assert_eq!(*attempts, 1);
    assert_eq!(
        error.to_string(),
        "listAvailabilityZones failed with HTTP status 500 and no result header in the body; \
         try again later; the body starts with: <html>Internal Server Error</html>"
    );
}

#[tokio::test]
async fn success_header_on_error_status_is_http_error() {
    let server = MockServer::start().await;
    let error = list_error(
        &server,
        ResponseTemplate::new(404).set_body_json(zones_body()),
    )
    .await;
    assert!(
        matches!(error, Error::Http { status: 404, .. }),
        "{error:?}"
    );
    assert!(error.is_not_found());
}

#[tokio::test]
async fn large_error_body_is_cut() {
    let server = MockServer::start().await;
    let error = list_error(
        &server,
        ResponseTemplate::new(400).set_body_string("é".repeat(4000)),
    )
    .await;
    let Error::Http { snippet, .. } = &error else {
        panic!("expected an HTTP error, got {error:?}");
    };
    assert!(
        snippet.len() <= 1024 + '…'.len_utf8(),
        "{} bytes",
        snippet.len()
    );
    assert!(snippet.trim_end_matches('…').chars().all(|c| c == 'é'));
}

fn decode_kind(error: &Error) -> DecodeKind {
    match error {
        Error::Decode { kind, .. } => *kind,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn empty_body_is_decode_error() {
    let server = MockServer::start().await;
    let error = list_error(&server, ResponseTemplate::new(200)).await;
    assert_eq!(decode_kind(&error), DecodeKind::EmptyBody);
    assert!(error.to_string().contains("the body is empty"), "{error}");
}

#[tokio::test]
async fn html_body_is_decode_error() {
    let server = MockServer::start().await;
    let response =
        ResponseTemplate::new(200).set_body_raw("<html>login</html>", "text/html; charset=utf-8");
    let error = list_error(&server, response).await;
    assert_eq!(decode_kind(&error), DecodeKind::InvalidJson);
    let message = error.to_string();
    assert!(message.contains("not valid JSON"), "{message}");
    assert!(message.contains("text/html"), "{message}");
    assert!(message.contains("base URL"), "{message}");
}

#[tokio::test]
async fn truncated_json_is_decode_error() {
    let server = MockServer::start().await;
    let response = ResponseTemplate::new(200).set_body_raw(
        r#"{"header": {"isSuccessful": true, "resultCode": 0"#,
        "application/json",
    );
    let error = list_error(&server, response).await;
    assert_eq!(decode_kind(&error), DecodeKind::Truncated);
    let message = error.to_string();
    assert!(message.contains("ends early"), "{message}");
    assert!(!message.contains("content type"), "{message}");
}

#[tokio::test]
async fn wrong_shape_is_decode_error_without_values() {
    let server = MockServer::start().await;
    let body = json!({"header": success_header(), "zones": "gAAAAsecret-token"});
    let error = list_error(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(decode_kind(&error), DecodeKind::UnexpectedShape);
    let message = error.to_string();
    assert!(message.contains("expected a sequence"), "{message}");
    assert!(!message.contains("gAAAAsecret-token"), "{message}");
}

#[tokio::test]
async fn missing_payload_names_field() {
    let server = MockServer::start().await;
    let body = json!({"header": success_header()});
    let error = list_error(&server, ResponseTemplate::new(200).set_body_json(body)).await;
    assert_eq!(decode_kind(&error), DecodeKind::MissingField("zones"));
    let message = error.to_string();
    assert!(message.contains("`zones`"), "{message}");
    assert!(message.contains("listAvailabilityZones"), "{message}");
}

#[tokio::test]
async fn send_plain_decodes_json() {
    #[derive(Debug, Deserialize, PartialEq)]
    struct Thing {
        id: u32,
    }
    let server = MockServer::start().await;
    mount_zones(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"id": 7})),
    )
    .await;
    let core = core(&server);
    let thing = core
        .send_plain::<Thing>(list_zones(&core))
        .await
        .expect("decodes");
    assert_eq!(thing, Thing { id: 7 });
}

#[tokio::test]
async fn send_plain_empty_body_as_null() {
    let server = MockServer::start().await;
    mount_zones(&server, ResponseTemplate::new(204)).await;
    let core = core(&server);
    let unit = core.send_plain::<()>(list_zones(&core)).await;
    assert!(unit.is_ok(), "{unit:?}");
    let nothing = core.send_plain::<Option<u32>>(list_zones(&core)).await;
    assert_eq!(nothing.ok(), Some(None));
    let error = core
        .send_plain::<Vec<u32>>(list_zones(&core))
        .await
        .unwrap_err();
    assert_eq!(decode_kind(&error), DecodeKind::EmptyBody);
}

#[tokio::test]
async fn send_plain_error_status() {
    let server = MockServer::start().await;
    let body = json!({"header": failure_header(10404, "not found")});
    mount_zones(&server, ResponseTemplate::new(404).set_body_json(body)).await;
    let core = core(&server);
    let error = core
        .send_plain::<serde_json::Value>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Http { status: 404, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn safe_operation_retries_transient_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(1)
        .mount(&server)
        .await;
    let core = core(&server);
    let zones = core.send::<ZonesEnvelope>(list_zones(&core)).await;
    assert!(zones.is_ok(), "{zones:?}");
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .expect(3)
        .mount(&server)
        .await;
    let core = core(&server);
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Http { status: 429, .. }),
        "{error:?}"
    );
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn non_transient_status_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let core = core(&server);
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn retry_after_is_capped() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "120"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .mount(&server)
        .await;
    let core = core(&server);
    let started = std::time::Instant::now();
    let zones = core.send::<ZonesEnvelope>(list_zones(&core)).await;
    assert!(zones.is_ok(), "{zones:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "waited {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn unsafe_operation_retried_only_when_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let core = core(&server);
    let error = core
        .send::<EmptyEnvelope>(create_instance(&core))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);

    let opted_in = core.with_retry(RetryConfig {
        retry_unsafe: true,
        ..fast_retry()
    });
    let error = opted_in
        .send::<EmptyEnvelope>(create_instance(&core))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn idempotent_operation_retried_only_when_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    let core = core(&server);
    let error = core
        .send::<EmptyEnvelope>(delete_instance(&core, "i"))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);

    let opted_in = core.with_retry(RetryConfig {
        retry_idempotent: true,
        max_attempts: 2,
        ..fast_retry()
    });
    let error = opted_in
        .send::<EmptyEnvelope>(delete_instance(&core, "i"))
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 2);
}

#[tokio::test]
async fn connection_refused_is_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
        listener.local_addr().expect("bound address").port()
    };
    let core = ClientBuilder::<Core>::new(&API)
        .base_url(format!("http://127.0.0.1:{port}"))
        .appkey("key")
        .token("t")
        .retry(fast_retry())
        .build()
        .expect("valid");
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.attempts(), 3);
    let message = error.to_string();
    assert!(message.contains("could not connect"), "{message}");
    assert!(!message.contains("/v1.0/appkeys/key"), "{message}");
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = MockServer::start().await;
    mount_zones(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(zones_body())
            .set_delay(Duration::from_secs(2)),
    )
    .await;
    let core = builder(&server)
        .token("t")
        .timeout(Duration::from_millis(100))
        .retry(RetryConfig::disabled())
        .build()
        .expect("valid");
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[tokio::test]
async fn secured_call_without_token_is_config_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let core = builder(&server).build().expect("valid");
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, Error::Config { .. }), "{error:?}");
    assert!(message.contains("ClientBuilder::token"), "{message}");
}

#[tokio::test]
async fn invalid_header_value_is_validation_error() {
    let server = MockServer::start().await;
    let core = core(&server);
    let mut request = list_zones(&core);
    request.header("X-Trace", "a\r\nInjected: 1");
    let error = core.send::<ZonesEnvelope>(request).await.unwrap_err();
    let Error::Validation { violations, .. } = &error else {
        panic!("expected a validation error, got {error:?}");
    };
    assert_eq!(violations[0].field, "X-Trace");
}

/// A provider that hands out `t1`, `t2`, ... and counts fetches and invalidations.
#[derive(Default)]
struct CountingProvider {
    fetches: AtomicU32,
    invalidated: Mutex<Vec<String>>,
}

impl TokenProvider for CountingProvider {
    fn token<'a>(&'a self, _core: &'a Core) -> TokenFuture<'a> {
        Box::pin(async move {
            let number = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(Secret::from(format!("t{number}")))
        })
    }

    fn invalidate(&self, rejected: &Secret) {
        if let Ok(mut invalidated) = self.invalidated.lock() {
            invalidated.push(rejected.expose_secret().to_owned());
        }
    }
}

#[tokio::test]
async fn rejected_token_is_refreshed_once() {
    let server = MockServer::start().await;
    Mock::given(header("X-Auth-Token", "t1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"header": failure_header(-3, "expired")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("X-Auth-Token", "t2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(1)
        .mount(&server)
        .await;
    let provider = Arc::new(CountingProvider::default());
    let core = builder(&server)
        .token_provider(SharedProvider(Arc::clone(&provider)))
        .build()
        .expect("valid");
    let zones = core.send::<ZonesEnvelope>(list_zones(&core)).await;
    assert!(zones.is_ok(), "{zones:?}");
    assert_eq!(provider.fetches.load(Ordering::SeqCst), 2);
    let invalidated = provider
        .invalidated
        .lock()
        .map(|v| v.clone())
        .unwrap_or_default();
    assert_eq!(invalidated, ["t1"]);
}

#[tokio::test]
async fn second_rejection_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).set_body_string("unauthorized"))
        .expect(2)
        .mount(&server)
        .await;
    let provider = Arc::new(CountingProvider::default());
    let core = builder(&server)
        .token_provider(SharedProvider(Arc::clone(&provider)))
        .build()
        .expect("valid");
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.attempts(), 2);
}

#[tokio::test]
async fn static_token_rejection_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"header": failure_header(-3, "denied")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let core = core(&server);
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    assert_eq!(error.attempts(), 1);
}

/// Lets a test keep a handle on a provider that the client owns.
struct SharedProvider<P>(Arc<P>);

impl<P: TokenProvider> TokenProvider for SharedProvider<P> {
    fn token<'a>(&'a self, core: &'a Core) -> TokenFuture<'a> {
        self.0.token(core)
    }

    fn invalidate(&self, rejected: &Secret) {
        self.0.invalidate(rejected);
    }
}

struct FailingProvider;

impl TokenProvider for FailingProvider {
    fn token<'a>(&'a self, _core: &'a Core) -> TokenFuture<'a> {
        Box::pin(async {
            Err(Error::Config {
                message: "no credentials configured".to_owned(),
            })
        })
    }
}

#[tokio::test]
async fn provider_failure_is_token_error() {
    let server = MockServer::start().await;
    let core = builder(&server)
        .token_provider(FailingProvider)
        .build()
        .expect("valid");
    let error = core
        .send::<ZonesEnvelope>(list_zones(&core))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Token { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("listAvailabilityZones needs an access token"),
        "{message}"
    );
    assert!(message.contains("no credentials configured"), "{message}");
}

/// A provider shaped like the one the crate root will offer: it calls the unsecured token
/// operation through the core and caches the result.
struct IssuingProvider {
    cache: CachedToken,
}

impl TokenProvider for IssuingProvider {
    fn token<'a>(&'a self, core: &'a Core) -> TokenFuture<'a> {
        Box::pin(self.cache.get_or_refresh(move || async move {
            let mut request = Request::new(&ISSUE_TOKEN);
            request.path_literal("/v1.0/appkeys/");
            request.path_segment(core.client_parameter("appkey"));
            request.path_literal("/tokens");
            request.json_body(&json!({"auth": {"username": "u", "password": "p"}}))?;
            let access = core.send::<TokenEnvelope>(request).await?;
            Ok(FreshToken {
                token: access.token.id,
                expires_at: access.token.expires.to_system_time(),
            })
        }))
    }

    fn invalidate(&self, rejected: &Secret) {
        self.cache.invalidate(rejected);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issuing_provider_fetches_once_for_concurrent_calls() {
    let server = MockServer::start().await;
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let expires = expires
        .format(&time::format_description::well_known::Rfc3339)
        .expect("formats");
    Mock::given(method("POST"))
        .and(path("/v1.0/appkeys/key/tokens"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({
                    "header": success_header(),
                    "access": {"token": {"id": "issued-token", "expires": expires}}
                }))
                .set_delay(Duration::from_millis(100)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("X-Auth-Token", "issued-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(zones_body()))
        .expect(8)
        .mount(&server)
        .await;
    let core = builder(&server)
        .token_provider(IssuingProvider {
            cache: CachedToken::new(),
        })
        .build()
        .expect("valid");

    let mut tasks = Vec::new();
    for _ in 0..8 {
        let core = core.clone();
        tasks.push(tokio::spawn(async move {
            core.send::<ZonesEnvelope>(list_zones(&core))
                .await
                .map(|zones| zones.len())
        }));
    }
    for task in tasks {
        let zones = task.await.expect("task finishes");
        assert_eq!(zones.ok(), Some(1));
    }
}

#[test]
fn retry_after_date_in_future() {
    let now = SystemTime::now();
    let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
    let wait = parse_retry_after(&later, now).expect("a valid HTTP date");
    assert!(
        wait <= Duration::from_secs(30) && wait >= Duration::from_secs(28),
        "{wait:?}"
    );
}
