// `reboot_instance` needs a `RebootType`; the guide gives the reboot no default.
use toast_compute_instance::Client;

async fn reboot(client: &Client) {
    let _ = client.reboot_instance("f4e3a1b2-7c9d-4e8f-a1b2-c3d4e5f6a7b8").await;
}

fn main() {
    drop(reboot);
}
