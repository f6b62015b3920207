//! The client's tracing output never contains a token, a password or a private key.
//!
//! This test has its own binary. Tracing caches per call site whether anyone listens, so a
//! test on another thread that reaches a call site first, before this test installs its
//! thread-local subscriber, could make the spans of this test disappear.

mod common;

use common::*;
use serde_json::json;
use toast_compute_instance::NewKeypair;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ISSUED_TOKEN: &str = "tok-155ued-7a1b";
const PRIVATE_KEY_MARKER: &str = "key-5ecret-44d0";

/// Serializes the tests of this file: tracing caches per call site whether any subscriber
/// listens, and two thread-local subscribers set up in parallel can race on that cache.
static SUBSCRIBER_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn private_key() -> String {
    format!("-----BEGIN RSA PRIVATE KEY-----\n{PRIVATE_KEY_MARKER}\n-----END RSA PRIVATE KEY-----")
}

fn keypair(with_fingerprint: bool) -> serde_json::Value {
    let mut keypair =
        json!({"name": "key-1", "publicKey": "ssh-rsa AAAA", "privateKey": private_key()});
    if with_fingerprint {
        keypair["fingerprint"] = json!("aa:bb");
    }
    json!({"header": success_header(), "keypair": keypair})
}

#[tokio::test]
async fn tracing_hides_secrets() {
    let _serial = SUBSCRIBER_LOCK.lock().await;
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ISSUED_TOKEN, 3600)))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(KEYPAIRS_PATH))
        .and(header("X-Auth-Token", ISSUED_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(keypair(true)))
        .mount(&server)
        .await;
    // A transient failure whose body holds the key, so that the retry is logged.
    Mock::given(method("GET"))
        .and(path(FLAVORS_PATH))
        .respond_with(ResponseTemplate::new(503).set_body_string(private_key()))
        .mount(&server)
        .await;
    // A body that fails to decode while holding the key.
    Mock::given(method("GET"))
        .and(path(KEYPAIRS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(keypair(false)))
        .mount(&server)
        .await;
    let client = builder(&server)
        .credentials(USERNAME, PASSWORD)
        .build()
        .unwrap();
    let new_keypair = NewKeypair {
        name: "key-1".to_owned(),
        public_key: None,
    };

    let created = client.create_keypair(&new_keypair).await;
    let flavors = client.list_flavors().await;
    let keypairs = client.list_keypairs(None).await;

    assert!(created.is_ok(), "{created:?}");
    assert!(flavors.is_err(), "{flavors:?}");
    assert!(keypairs.is_err(), "{keypairs:?}");
    let text = log.text();
    assert!(text.contains("issued an access token"), "{text}");
    assert!(text.contains("operation=\"issueToken\""), "{text}");
    assert!(text.contains("operation=\"createKeypair\""), "{text}");
    assert!(
        text.contains("retrying after a transient failure"),
        "{text}"
    );
    assert!(!text.contains(ISSUED_TOKEN), "{text}");
    assert!(!text.contains(PASSWORD), "{text}");
    assert!(!text.contains(PRIVATE_KEY_MARKER), "{text}");
}

/// The request span carries the operation, method, path template, status, result code,
/// attempt and duration, and never the appkey that fills the template.
#[tokio::test]
async fn tracing_span_fields() {
    let _serial = SUBSCRIBER_LOCK.lock().await;
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(FLAVORS_PATH))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(FLAVORS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "header": {"isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS"},
            "flavors": []
        })))
        .mount(&server)
        .await;
    let client = builder(&server).token(ISSUED_TOKEN).build().unwrap();

    let flavors = client.list_flavors().await;

    assert!(flavors.is_ok(), "{flavors:?}");
    let text = log.text();
    assert!(text.contains("operation=\"listFlavors\""), "{text}");
    assert!(text.contains("method=\"GET\""), "{text}");
    assert!(text.contains("path_template=\"/v1.0/appkeys/{appkey}/flavors\""), "{text}");
    assert!(text.contains("status=200"), "{text}");
    assert!(text.contains("result_code=0"), "{text}");
    assert!(text.contains("attempt=2"), "{text}");
    assert!(text.contains("duration_ms="), "{text}");
    assert!(text.contains("HTTP status 503"), "{text}");
    assert!(!text.contains(ISSUED_TOKEN), "{text}");
}
