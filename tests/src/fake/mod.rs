//! A stateful fake of the Compute Instance API on an ephemeral port of 127.0.0.1.
//!
//! The fake stores instances, their volume attachments and keypairs in memory, and walks
//! the status transitions of the vendor's guide over a few reads:
//!
//! | request | transitional status | final status |
//! | --- | --- | --- |
//! | `createInstance` | `BUILD` | `ACTIVE` |
//! | `stop` | `POWERING_OFF` | `STOP` |
//! | `start` | `POWERING_ON` | `ACTIVE` |
//! | `reboot` | `REBOOTING` | `ACTIVE` |
//! | `resize` | `RESIZING` | `ACTIVE` |
//! | `deleteInstance` | `DELETING` | removed |
//!
//! Each response of `listInstances` or `listInstanceDetails` that shows an instance counts as
//! one read of it. The transitional status is shown on [`Options::transition_reads`] reads,
//! and the read after those shows the final status, or for a deletion, result code 10404.
//!
//! Failures come back as the service sends them, as HTTP 200 with `isSuccessful: false`
//! and one of these result codes:
//!
//! - -3: the token or the appkey is missing or unknown.
//! - -4: the body is invalid, such as an unknown action, a missing field or a `count`
//!   outside 1 to 10.
//! - -8: the body is not JSON.
//! - -5: an instance has no such attachment, floating IP or security group.
//! - 10404, 11404, 12404, 13404: no such instance, flavor, availability zone or keypair.
//! - 10409: the instance's status does not allow the action.
//! - 13409: a keypair with the name exists already.
//! - 50401: `issueToken` got a wrong password.
//!
//! ```no_run
//! # async fn demo() -> Result<(), toast_compute_instance::runtime::Error> {
//! let server = compile_tests::fake::start().await;
//! let client = server.client();
//! let zones = client.list_availability_zones().await?;
//! assert_eq!(zones.len(), 3);
//! # Ok(())
//! # }
//! ```

mod routes;
mod state;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use toast_compute_instance::{Client, InstanceStatus};

use self::routes::{Shared, lock};
use self::state::State;

/// Settings of a fake server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Number of reads that show a transitional status, such as `BUILD`, before the
    /// instance settles. Values below 1 count as 1.
    pub transition_reads: u32,
}

impl Default for Options {
    /// Two reads per transitional status, so that a poller reads each one at least once.
    fn default() -> Self {
        Options {
            transition_reads: 2,
        }
    }
}

/// A running fake. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeServer {
    address: SocketAddr,
    shared: Shared,
    shutdown: Option<oneshot::Sender<()>>,
}

/// Starts a fake with the default [`Options`] on an ephemeral port of 127.0.0.1.
///
/// Call it inside a Tokio runtime: the server runs as a task of that runtime.
///
/// # Panics
///
/// When no port of 127.0.0.1 can be bound.
pub async fn start() -> FakeServer {
    start_with(Options::default()).await
}

/// Starts a fake with `options` on an ephemeral port of 127.0.0.1.
///
/// # Panics
///
/// When no port of 127.0.0.1 can be bound.
pub async fn start_with(options: Options) -> FakeServer {
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(error) => panic!("failed to bind the fake server to 127.0.0.1: {error}"),
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(error) => panic!("failed to read the fake server's address: {error}"),
    };
    let shared: Shared = Arc::new(Mutex::new(State::new(
        FakeServer::APPKEY,
        FakeServer::TOKEN,
        FakeServer::PASSWORD,
        options.transition_reads,
    )));
    let (shutdown, stopped) = oneshot::channel::<()>();
    let app = routes::router(Arc::clone(&shared));
    tokio::spawn(async move {
        let server = axum::serve(listener, app).with_graceful_shutdown(async move {
            let _ = stopped.await;
        });
        if let Err(error) = server.await {
            eprintln!("the fake server on {address} stopped with an error: {error}");
        }
    });
    FakeServer {
        address,
        shared,
        shutdown: Some(shutdown),
    }
}

impl FakeServer {
    /// The appkey that the fake accepts in paths.
    pub const APPKEY: &'static str = "fake-appkey";

    /// A token that the fake accepts from the start. `issueToken` adds more.
    pub const TOKEN: &'static str = "fake-token";

    /// The API password that `issueToken` accepts, with any user name.
    pub const PASSWORD: &'static str = "fake-api-password";

    /// Returns the base URL, such as `http://127.0.0.1:40123`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns a client for this fake with [`FakeServer::APPKEY`] and [`FakeServer::TOKEN`].
    ///
    /// # Panics
    ///
    /// When the client cannot be built, which would be a bug of the client or of the fake.
    pub fn client(&self) -> Client {
        match Client::builder()
            .base_url(self.url())
            .appkey(Self::APPKEY)
            .token(Self::TOKEN)
            .build()
        {
            Ok(client) => client,
            Err(error) => panic!("failed to build a client for the fake server: {error}"),
        }
    }

    /// Returns an instance's current status without counting a read, or `None` when no
    /// instance has the ID.
    pub fn status(&self, id: &str) -> Option<InstanceStatus> {
        lock(&self.shared)
            .instances
            .get(id)
            .map(|instance| instance.status.clone())
    }

    /// Puts an instance in `status` and cancels its pending transition, for example to test
    /// a poller against `ERROR`. Returns false when no instance has the ID.
    pub fn set_status(&self, id: &str, status: InstanceStatus) -> bool {
        lock(&self.shared).set_status(id, status)
    }

    /// Returns the number of requests that reached a route, failed ones included.
    pub fn request_count(&self) -> u64 {
        lock(&self.shared).request_count
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}
