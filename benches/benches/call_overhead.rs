//! Compares `list_instance_details` through the generated client with the same request made
//! with reqwest directly, against a loopback server that returns a canned body.
//!
//! Both sides share one `reqwest::Client`, send the same headers and decode into the same
//! generated types. The difference is the client's own work: request building, token header,
//! retry loop, tracing span and envelope check.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use benchmarks::instances::{GeneratedEnvelope, detail_list_body};
use benchmarks::{Options, interleave_pair, median, paired_ratio, record};
use reqwest::header::{ACCEPT, HeaderValue, USER_AGENT};
use toast_compute_instance::{Client, Instance};

const APPKEY: &str = "bench-appkey";
const TOKEN: &str = "bench-token";
const AGENT: &str = "toast-compute-instance-bench/0.1";
const TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let options = Options::from_args();
    let sizes: &[usize] = options.pick(&[1], &[1, 100]);
    let rounds = options.pick(7, 41);
    let target = options.pick(Duration::from_millis(20), Duration::from_millis(100));

    // The client runs on the main thread and the server on another, each on a
    // single-threaded runtime, so that no call waits for a wake-up across worker threads.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the Tokio runtime starts");

    for &size in sizes {
        let body = Bytes::from(detail_list_body(size));
        let address = start_server(body);
        let base_url = format!("http://{address}");

        // The generated client's own defaults for a client it builds itself.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the reqwest client builds");
        let client = Client::builder()
            .base_url(&base_url)
            .appkey(APPKEY)
            .token(TOKEN)
            .user_agent(AGENT)
            .timeout(TIMEOUT)
            .http_client(http.clone())
            .build()
            .expect("the generated client builds");
        let url = format!("{base_url}/v1.0/appkeys/{APPKEY}/instances-detail");

        // One call each, checked, before timing.
        let first = runtime.block_on(client.list_instance_details(None)).expect("the generated call succeeds");
        let second = runtime.block_on(raw_call(&http, &url));
        assert_eq!(first.len(), size);
        assert_eq!(first, second);

        let (generated, raw) = interleave_pair(
            rounds,
            target,
            || {
                let instances = runtime
                    .block_on(client.list_instance_details(None))
                    .expect("the generated call succeeds");
                std::hint::black_box(instances);
            },
            || {
                std::hint::black_box(runtime.block_on(raw_call(&http, &url)));
            },
        );
        eprintln!("call overhead: {size} instances done");
        record(&[
            ("group", "call-overhead".to_owned()),
            ("instances", size.to_string()),
            ("rounds", rounds.to_string()),
            ("generated_ns", format!("{:.0}", median(&generated))),
            ("raw_ns", format!("{:.0}", median(&raw))),
            ("ratio", format!("{:.4}", paired_ratio(&generated, &raw))),
        ]);
    }
}

/// Sends the request that `list_instance_details(None)` sends, with reqwest alone, and decodes
/// the envelope into the generated types.
async fn raw_call(http: &reqwest::Client, url: &str) -> Vec<Instance> {
    let mut token = HeaderValue::from_static(TOKEN);
    token.set_sensitive(true);
    let response = http
        .get(url)
        .timeout(TIMEOUT)
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .header(USER_AGENT, HeaderValue::from_static(AGENT))
        .header("X-Auth-Token", token)
        .send()
        .await
        .expect("the loopback server returns a response");
    assert!(response.status().is_success(), "status {}", response.status());
    let body = response.bytes().await.expect("the body arrives");
    let envelope: GeneratedEnvelope = serde_json::from_slice(&body).expect("the body decodes");
    assert!(envelope.header.is_successful, "the header reports failure");
    envelope.instances.expect("the body has instances")
}

/// Starts a server on 127.0.0.1, in a thread of its own, that returns `body` for the detail-list
/// path, and returns its address. The thread ends with the program.
fn start_server(body: Bytes) -> SocketAddr {
    let app = Router::new().route(
        "/v1.0/appkeys/{appkey}/instances-detail",
        get(move || {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
    listener.set_nonblocking(true).expect("the listener switches to non-blocking mode");
    let address = listener.local_addr().expect("the listener has an address");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the server's Tokio runtime starts");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("Tokio takes the listener");
            if let Err(error) = axum::serve(listener, app).await {
                eprintln!("call overhead: the loopback server stopped: {error}");
            }
        });
    });
    address
}
