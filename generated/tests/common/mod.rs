//! Helpers shared by the integration tests: local mock servers, clients and response bodies.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use toast_compute_instance::Client;
use toast_compute_instance::runtime::{
    ClientBuilder, Core, RetryConfig, Secret, TokenFuture, TokenProvider,
};
use wiremock::MockServer;

pub const APPKEY: &str = "appkey-1";
pub const TOKENS_PATH: &str = "/v1.0/appkeys/appkey-1/tokens";
pub const ZONES_PATH: &str = "/v1.0/appkeys/appkey-1/availability-zones";
pub const INSTANCES_PATH: &str = "/v1.0/appkeys/appkey-1/instances";
pub const DETAILS_PATH: &str = "/v1.0/appkeys/appkey-1/instances-detail";
pub const KEYPAIRS_PATH: &str = "/v1.0/appkeys/appkey-1/keypairs";
pub const FLAVORS_PATH: &str = "/v1.0/appkeys/appkey-1/flavors";

pub const USERNAME: &str = "me@example.com";
pub const PASSWORD: &str = "pw-5ecret-93c2";
pub const STATIC_TOKEN: &str = "tok-5tatic-0f3e";

/// Retries with waits of at most 2 ms, so that retry tests stay fast.
pub fn fast_retry() -> RetryConfig {
    RetryConfig {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(2),
        ..RetryConfig::default()
    }
}

/// A builder pointed at `server` with the test appkey and fast retries, without a token.
pub fn builder(server: &MockServer) -> ClientBuilder<Client> {
    Client::builder()
        .base_url(server.uri())
        .appkey(APPKEY)
        .retry(fast_retry())
}

/// A client with the fixed token [`STATIC_TOKEN`].
pub fn static_client(server: &MockServer) -> Client {
    builder(server).token(STATIC_TOKEN).build().unwrap()
}

pub fn success_header() -> Value {
    json!({"isSuccessful": true, "resultCode": 0, "resultMessage": "SUCCESS"})
}

pub fn failure_header(code: i64, message: &str) -> Value {
    json!({"isSuccessful": false, "resultCode": code, "resultMessage": message})
}

/// A body with only a failure header.
pub fn failure_body(code: i64, message: &str) -> Value {
    json!({"header": failure_header(code, message)})
}

/// `now + seconds` in RFC 3339, as the service writes `expires`.
pub fn expires_in(seconds: i64) -> String {
    let instant = OffsetDateTime::now_utc() + time::Duration::seconds(seconds);
    instant.format(&Rfc3339).unwrap()
}

/// A successful `issueToken` body with token `id` that expires in `seconds`.
pub fn token_body(id: &str, seconds: i64) -> Value {
    json!({
        "header": success_header(),
        "access": {
            "token": {"id": id, "expires": expires_in(seconds), "issued_at": "2017-05-16T02:17:50.166563"},
            "user": {"id": "user-1", "roles": [{"name": "Member"}]}
        }
    })
}

pub fn zones_body() -> Value {
    json!({
        "header": success_header(),
        "zones": [{"zoneName": "kr-pub-a", "zoneState": {"available": true}}]
    })
}

pub fn instance_json(id: &str, status: &str) -> Value {
    json!({"id": id, "name": "web-1", "status": status, "flavor": {"id": "flavor-1"}})
}

/// A `listInstanceDetails` body with one instance.
pub fn details_body(id: &str, status: &str) -> Value {
    json!({"header": success_header(), "instances": [instance_json(id, status)]})
}

/// A `listInstanceDetails` body without instances.
pub fn empty_details_body() -> Value {
    json!({"header": success_header(), "instances": []})
}

/// Number of requests that `server` received for `path`.
pub async fn requests_to(server: &MockServer, path: &str) -> usize {
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .filter(|request| request.url.path() == path)
        .count()
}

/// Lets a test keep a handle on a token provider that a client owns.
pub struct SharedProvider<P>(pub Arc<P>);

impl<P: TokenProvider> TokenProvider for SharedProvider<P> {
    fn token<'a>(&'a self, core: &'a Core) -> TokenFuture<'a> {
        self.0.token(core)
    }

    fn invalidate(&self, rejected: &Secret) {
        self.0.invalidate(rejected);
    }
}

/// A writer that collects what a tracing subscriber prints.
#[derive(Clone, Default)]
pub struct CapturedLog(pub Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
