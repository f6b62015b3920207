//! Tokens, passwords and private keys stay out of `Debug`, `Display` and tracing output.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use toast_compute_instance::runtime::{ClientBuilder, Error, Secret, StaticToken};
use toast_compute_instance::{
    Access, Client, CreatedKeypair, InstanceStatus, NewKeypair, PasswordTokenProvider, Token,
    TokenCredentials, WaitError, WaitOptions,
};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ISSUED_TOKEN: &str = "tok-155ued-7a1b";
const PRIVATE_KEY_MARKER: &str = "key-5ecret-44d0";

fn private_key() -> String {
    format!("-----BEGIN RSA PRIVATE KEY-----\n{PRIVATE_KEY_MARKER}\n-----END RSA PRIVATE KEY-----")
}

const SECRETS: [&str; 4] = [ISSUED_TOKEN, STATIC_TOKEN, PASSWORD, PRIVATE_KEY_MARKER];

fn assert_no_secret(label: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{label} shows {secret:?}: {text}");
    }
}

fn keypair_body() -> serde_json::Value {
    json!({
        "header": success_header(),
        "keypair": {
            "name": "key-1",
            "publicKey": "ssh-rsa AAAA",
            "privateKey": private_key(),
            "fingerprint": "aa:bb"
        }
    })
}

/// A keypair response without the required `fingerprint`, so that decoding fails on a body
/// that carries a private key.
fn broken_keypair_body() -> serde_json::Value {
    json!({
        "header": success_header(),
        "keypair": {"name": "key-1", "publicKey": "ssh-rsa AAAA", "privateKey": private_key()}
    })
}

/// A token response whose `expires` is not a time, so that decoding fails on a body that
/// carries a token.
fn broken_token_body() -> serde_json::Value {
    json!({
        "header": success_header(),
        "access": {"token": {"id": ISSUED_TOKEN, "expires": "soon"}, "user": {"id": "user-1"}}
    })
}

/// Mounts the token endpoint and a keypair endpoint that returns a private key.
async fn mount_token_and_keypair(server: &MockServer) {
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(token_body(ISSUED_TOKEN, 3600)))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(KEYPAIRS_PATH))
        .and(header("X-Auth-Token", ISSUED_TOKEN))
        .respond_with(ResponseTemplate::new(200).set_body_json(keypair_body()))
        .mount(server)
        .await;
}

fn new_keypair() -> NewKeypair {
    NewKeypair {
        name: "key-1".to_owned(),
        public_key: None,
    }
}

/// One error of each variant that a caller can meet, each from a response or a setting
/// that holds a secret where possible.
async fn errors_of_every_variant() -> Vec<(&'static str, Error)> {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(ZONES_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(failure_body(-3, "Permission denied")),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(FLAVORS_PATH))
        .respond_with(
            ResponseTemplate::new(500).set_body_string("<html>Internal Server Error</html>"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(KEYPAIRS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(broken_keypair_body()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKENS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(broken_token_body()))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DETAILS_PATH))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let client = static_client(&server);
    let slow_client = builder(&server)
        .token(STATIC_TOKEN)
        .timeout(Duration::from_millis(50))
        .retry(toast_compute_instance::runtime::RetryConfig::disabled())
        .build()
        .unwrap();
    let password_client = builder(&server)
        .credentials(USERNAME, PASSWORD)
        .build()
        .unwrap();
    let long_name = toast_compute_instance::NewInstance {
        name: "n".repeat(300),
        image: String::new(),
        flavor: String::new(),
        networks: Vec::new(),
        availability_zone: String::new(),
        key_name: String::new(),
        count: 1,
        volumes: vec![toast_compute_instance::NewInstanceVolume { size: 20 }],
        security_groups: Vec::new(),
    };

    let api = client.list_availability_zones().await.unwrap_err();
    let http = client.list_flavors().await.unwrap_err();
    let decode = client.create_keypair(&new_keypair()).await.unwrap_err();
    let transport = slow_client.list_instance_details(None).await.unwrap_err();
    let validation = client.create_instance(&long_name).await.unwrap_err();
    let token = password_client.list_availability_zones().await.unwrap_err();
    let config = Client::builder().token(STATIC_TOKEN).build().unwrap_err();
    let encode = Error::Encode {
        operation: "createKeypair",
        source: serde_json::from_str::<u8>("x").unwrap_err(),
    };
    vec![
        ("Error::Api", api),
        ("Error::Http", http),
        ("Error::Decode", decode),
        ("Error::Transport", transport),
        ("Error::Validation", validation),
        ("Error::Token", token),
        ("Error::Config", config),
        ("Error::Encode", encode),
    ]
}

#[tokio::test]
async fn errors_hide_secrets() {
    let errors = errors_of_every_variant().await;

    let kinds: Vec<String> = errors
        .iter()
        .map(|(label, error)| format!("{label}: {error:?}"))
        .collect();
    assert!(kinds[0].starts_with("Error::Api: Api("), "{}", kinds[0]);
    assert!(kinds[1].starts_with("Error::Http: Http"), "{}", kinds[1]);
    assert!(
        kinds[2].starts_with("Error::Decode: Decode"),
        "{}",
        kinds[2]
    );
    assert!(
        kinds[3].starts_with("Error::Transport: Transport"),
        "{}",
        kinds[3]
    );
    assert!(
        kinds[4].starts_with("Error::Validation: Validation"),
        "{}",
        kinds[4]
    );
    assert!(kinds[5].starts_with("Error::Token: Token"), "{}", kinds[5]);
    assert!(
        kinds[6].starts_with("Error::Config: Config"),
        "{}",
        kinds[6]
    );
    assert!(
        kinds[7].starts_with("Error::Encode: Encode"),
        "{}",
        kinds[7]
    );
    for (label, error) in &errors {
        assert_no_secret(label, &format!("{error:?}"));
        assert_no_secret(label, &format!("{error:#?}"));
        assert_no_secret(label, &error.to_string());
    }
}

#[tokio::test]
async fn values_hide_secrets() {
    let server = MockServer::start().await;
    mount_token_and_keypair(&server).await;
    let provider = Arc::new(PasswordTokenProvider::new(USERNAME, PASSWORD));
    let client = builder(&server)
        .token_provider(SharedProvider(Arc::clone(&provider)))
        .build()
        .unwrap();
    let keypair: CreatedKeypair = client.create_keypair(&new_keypair()).await.unwrap();
    let access: Access =
        serde_json::from_value(token_body(ISSUED_TOKEN, 3600)["access"].clone()).unwrap();
    let token: Token = access.token.clone();
    let credentials = TokenCredentials {
        username: USERNAME.to_owned(),
        password: Secret::from(PASSWORD),
    };
    let static_builder: ClientBuilder<Client> = builder(&server).token(STATIC_TOKEN);
    let password_builder = builder(&server).credentials(USERNAME, PASSWORD);
    let static_client = static_client(&server);

    // The keypair really carries the key, so the checks below are not vacuous.
    let exposed = keypair.private_key.as_ref().map(Secret::expose_secret);
    assert_eq!(exposed, Some(private_key().as_str()));

    let values: Vec<(&str, String)> = vec![
        ("Client", format!("{client:?} {client:#?}")),
        ("Client with static token", format!("{static_client:?}")),
        ("Core", format!("{:?}", client.core())),
        ("ClientBuilder with token", format!("{static_builder:?}")),
        (
            "ClientBuilder with credentials",
            format!("{password_builder:?}"),
        ),
        ("Secret", format!("{:?}", Secret::from(STATIC_TOKEN))),
        (
            "StaticToken",
            format!("{:?}", StaticToken::new(STATIC_TOKEN)),
        ),
        (
            "TokenCredentials",
            format!("{credentials:?} {credentials:#?}"),
        ),
        ("Token", format!("{token:?}")),
        ("Access", format!("{access:?}")),
        ("CreatedKeypair", format!("{keypair:?} {keypair:#?}")),
        (
            "PasswordTokenProvider with a cached token",
            format!("{provider:?} {provider:#?}"),
        ),
    ];
    for (label, text) in &values {
        assert_no_secret(label, text);
    }
}

#[tokio::test]
async fn wait_errors_hide_secrets() {
    let server = MockServer::start().await;
    let instance =
        json!({"header": success_header(), "instances": [instance_json("i-1", "ERROR")]});
    Mock::given(method("GET"))
        .and(path(DETAILS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(instance))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DETAILS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(empty_details_body()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DETAILS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"header": success_header(), "instances": [instance_json("i-1", "BUILD")]}),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DETAILS_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(failure_body(-3, "Permission denied")),
        )
        .mount(&server)
        .await;
    let client = static_client(&server);
    let options = WaitOptions::default()
        .initial_interval(Duration::from_millis(1))
        .timeout(Duration::ZERO);

    let failed = client
        .wait_for_status("i-1", InstanceStatus::Active, options)
        .await;
    let disappeared = client
        .wait_for_status("i-1", InstanceStatus::Active, options)
        .await;
    let timed_out = client
        .wait_until_deleted("i-1", options)
        .await
        .map(|()| None);
    let request = client
        .wait_until_deleted("i-1", options)
        .await
        .map(|()| None);

    let errors: Vec<WaitError> = [failed.map(Some), disappeared.map(Some), timed_out, request]
        .into_iter()
        .map(|result| result.unwrap_err())
        .collect();
    assert!(
        matches!(errors[0], WaitError::Failed { .. }),
        "{:?}",
        errors[0]
    );
    assert!(
        matches!(errors[1], WaitError::Disappeared { .. }),
        "{:?}",
        errors[1]
    );
    assert!(
        matches!(errors[2], WaitError::TimedOut { .. }),
        "{:?}",
        errors[2]
    );
    assert!(
        matches!(errors[3], WaitError::Request { .. }),
        "{:?}",
        errors[3]
    );
    for error in &errors {
        let label = format!("WaitError {error}");
        assert_no_secret(&label, &format!("{error:?}"));
        assert_no_secret(&label, &error.to_string());
    }
}
