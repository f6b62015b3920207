//! Decodes detail-list bodies through the generated types and through hand-written plain
//! structs, then decodes single kinds of value (timestamps, lenient integers, open enums) the
//! same two ways to show where any difference comes from.

use std::hint::black_box;
use std::time::Duration;

use benchmarks::instances::{GeneratedEnvelope, detail_list_body, hand_written};
use benchmarks::{Options, interleave_pair, median, paired_ratio, record};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use toast_compute_instance::runtime::Timestamp;
use toast_compute_instance::{InstanceFlavor, InstanceStatus, RootVolume};

fn main() {
    let options = Options::from_args();
    let sizes: &[usize] = options.pick(&[10, 1000], &[10, 1000, 10_000]);
    let rounds = options.pick(5, 21);
    let target = options.pick(Duration::from_millis(15), Duration::from_millis(100));

    for &size in sizes {
        let body = detail_list_body(size);
        let (generated, plain) = interleave_pair(
            rounds,
            target,
            || decode_generated(&body),
            || decode_hand_written(&body),
        );
        eprintln!("decoding: {size} instances done");
        record(&[
            ("group", "decoding".to_owned()),
            ("instances", size.to_string()),
            ("body_bytes", body.len().to_string()),
            ("rounds", rounds.to_string()),
            ("generated_ns", format!("{:.0}", median(&generated))),
            ("hand_written_ns", format!("{:.0}", median(&plain))),
            // Throughput ratio: hand-written time over generated time, round by round.
            ("ratio", format!("{:.4}", paired_ratio(&plain, &generated))),
        ]);
    }

    // The plain structs with `Timestamp` in place of the three timestamp strings, against the
    // plain structs: the share of the difference above that timestamp parsing explains.
    let instances = options.pick(1000, 10_000);
    let body = detail_list_body(instances);
    let (with_timestamps, plain) = compare::<hand_written::Envelope<Timestamp>, hand_written::Envelope>(rounds, target, &body);
    record(&[
        ("group", "decoding-part".to_owned()),
        ("part", "instance-plain-with-Timestamp".to_owned()),
        ("values", instances.to_string()),
        ("generated_ns_per_value", format!("{:.2}", median(&with_timestamps) / instances as f64)),
        ("hand_written_ns_per_value", format!("{:.2}", median(&plain) / instances as f64)),
        ("ratio", format!("{:.4}", paired_ratio(&plain, &with_timestamps))),
    ]);

    let values = options.pick(3000, 30_000);
    let parts: [(&str, Value); 6] = [
        ("timestamp-zone-less", repeat(values, json!("2017-05-16T02:17:50.166563"))),
        ("timestamp-utc-z", repeat(values, json!("2017-05-16T02:18:10Z"))),
        ("open-enum", repeat(values, json!("ACTIVE"))),
        ("lenient-integer", repeat(values, json!({"size": 20}))),
        ("lenient-optional-integers", repeat(values, json!({"id": "f9e4", "name": "m1.c1m2", "cpu": 1, "ram": 2048}))),
        ("plain-string", repeat(values, json!("web-server-1"))),
    ];
    for (part, document) in parts {
        let bytes = serde_json::to_vec(&document).expect("a JSON value always serializes");
        let (generated, plain) = match part {
            "timestamp-zone-less" | "timestamp-utc-z" => {
                compare::<Vec<Timestamp>, Vec<String>>(rounds, target, &bytes)
            }
            "open-enum" => compare::<Vec<InstanceStatus>, Vec<String>>(rounds, target, &bytes),
            "lenient-integer" => {
                compare::<Vec<RootVolume>, Vec<hand_written::RootVolume>>(rounds, target, &bytes)
            }
            "lenient-optional-integers" => {
                compare::<Vec<InstanceFlavor>, Vec<hand_written::Flavor>>(rounds, target, &bytes)
            }
            // Both sides decode `String`, which shows how far the two sides of a pair
            // differ by noise alone.
            _ => compare::<Vec<String>, Vec<String>>(rounds, target, &bytes),
        };
        record(&[
            ("group", "decoding-part".to_owned()),
            ("part", part.to_owned()),
            ("values", values.to_string()),
            ("generated_ns_per_value", format!("{:.2}", median(&generated) / values as f64)),
            ("hand_written_ns_per_value", format!("{:.2}", median(&plain) / values as f64)),
            ("ratio", format!("{:.4}", paired_ratio(&plain, &generated))),
        ]);
    }
}

fn decode_generated(body: &[u8]) {
    let envelope: GeneratedEnvelope =
        serde_json::from_slice(black_box(body)).expect("the generated types decode the body");
    black_box(envelope);
}

fn decode_hand_written(body: &[u8]) {
    let envelope: hand_written::Envelope =
        serde_json::from_slice(black_box(body)).expect("the hand-written types decode the body");
    black_box(envelope);
}

/// Decodes `bytes` as `G` and as `H` in interleaved rounds; returns the per-run times.
fn compare<G: DeserializeOwned, H: DeserializeOwned>(
    rounds: usize,
    target: Duration,
    bytes: &[u8],
) -> (Vec<f64>, Vec<f64>) {
    interleave_pair(
        rounds,
        target,
        || {
            let value: G = serde_json::from_slice(black_box(bytes)).expect("decodes as the generated type");
            black_box(value);
        },
        || {
            let value: H = serde_json::from_slice(black_box(bytes)).expect("decodes as the plain type");
            black_box(value);
        },
    )
}

/// Returns a JSON array of `count` copies of `value`.
fn repeat(count: usize, value: Value) -> Value {
    Value::Array(vec![value; count])
}
