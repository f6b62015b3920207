//! Runs the fake Compute Instance API on 127.0.0.1 until Ctrl-C, for trying the client and its
//! examples by hand.
//!
//! It prints the environment variables that point `Client::from_env` at it.

use compile_tests::fake::{self, FakeServer};

#[tokio::main]
async fn main() {
    let server = fake::start().await;
    println!("The fake Compute Instance API listens on {}", server.url());
    println!("Point the client at it with:");
    println!();
    println!("export TOAST_COMPUTE_ENDPOINT={}", server.url());
    println!("export TOAST_APPKEY={}", FakeServer::APPKEY);
    println!("export TOAST_TOKEN={}", FakeServer::TOKEN);
    println!();
    println!("Press Ctrl-C to stop.");

    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("failed to wait for Ctrl-C: {error}; stopping");
    }
    drop(server);
}
