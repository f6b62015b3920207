//! Runs the `lifecycle` example of the client crate against the fake server, so the example
//! keeps compiling and working.

// The example's `main` reads the real environment; only its `run` function is used here.
#[allow(dead_code)]
#[path = "../../generated/examples/lifecycle.rs"]
mod lifecycle;

use std::time::Duration;

use compile_tests::fake;
use toast_compute_instance::WaitOptions;

#[tokio::test]
async fn lifecycle_example_runs() {
    let server = fake::start().await;
    let client = server.client();
    let settings = lifecycle::Settings {
        image: "ubuntu-22.04".to_owned(),
        network: "default-network".to_owned(),
        volume: "example-volume".to_owned(),
        wait: WaitOptions::default()
            .initial_interval(Duration::from_millis(5))
            .max_interval(Duration::from_millis(20))
            .timeout(Duration::from_secs(10)),
    };
    let mut output = Vec::new();

    let outcome = lifecycle::run(&client, &settings, &mut output).await;

    let text = String::from_utf8_lossy(&output);
    assert!(outcome.is_ok(), "{outcome:?}\n{text}");
    let expected_steps = [
        "created keypair",
        "created instance",
        "is ACTIVE",
        "attached volume example-volume",
        "rebooting",
        "is STOP",
        "uploaded image lifecycle-example-image",
        "detached volume example-volume",
        "is gone",
        "deleted keypair",
    ];
    for step in expected_steps {
        assert!(text.contains(step), "missing {step:?} in:\n{text}");
    }
}
