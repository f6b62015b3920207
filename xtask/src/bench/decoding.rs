//! Decoding group: detail-list bodies through the generated types against plain structs.

use super::{Report, duration, run_bench_target, table, verdict};

/// Goal for the generated types' throughput as a fraction of the plain structs' throughput.
const THROUGHPUT_RATIO_GOAL: f64 = 0.95;

pub(super) fn run(quick: bool) -> Result<Report, String> {
    let records = run_bench_target("decoding", quick)?;

    let mut rows = Vec::new();
    let mut part_rows = Vec::new();
    let mut missed = Vec::new();
    for record in &records {
        match record.text("group")? {
            "decoding" => {
                let instances = record.number("instances")?;
                let bytes = record.number("body_bytes")?;
                let generated = record.number("generated_ns")?;
                let plain = record.number("hand_written_ns")?;
                let ratio = record.number("ratio")?;
                let met = ratio >= THROUGHPUT_RATIO_GOAL;
                if !met {
                    missed.push(format!(
                        "decoding {instances:.0} instances reaches {ratio:.2}× the plain structs' throughput"
                    ));
                }
                rows.push(vec![
                    format!("{instances:.0}"),
                    format!("{:.0} KiB", bytes / 1024.0),
                    duration(generated),
                    duration(plain),
                    format!("{:.0} MB/s", bytes / generated * 1e3),
                    format!("{:.0} MB/s", bytes / plain * 1e3),
                    format!("{ratio:.2}×"),
                    format!("≥ {THROUGHPUT_RATIO_GOAL}× ({})", verdict(met)),
                ]);
            }
            "decoding-part" => part_rows.push(vec![
                record.text("part")?.to_owned(),
                format!("{:.0}", record.number("values")?),
                format!("{:.1} ns", record.number("generated_ns_per_value")?),
                format!("{:.1} ns", record.number("hand_written_ns_per_value")?),
                format!("{:.2}×", record.number("ratio")?),
            ]),
            other => return Err(format!("unexpected record group `{other}` from the decoding bench")),
        }
    }

    let mut text = String::from("## Decoding\n\n");
    text.push_str(
        "`serde_json::from_slice` of a detail-list body into `{header: ResponseHeader, instances: \
         Option<Vec<Instance>>}` (generated types) and into plain structs of the same shape. \
         Ratio: plain time / generated time per round, median.\n\n",
    );
    text.push_str(&table(
        &["instances", "body", "generated", "plain", "generated rate", "plain rate", "ratio", "goal"],
        &rows,
    ));
    text.push_str("\nOne kind of value at a time (a JSON array of copies), generated type against plain type:\n\n");
    text.push_str(&table(
        &["values", "count", "generated per value", "plain per value", "ratio"],
        &part_rows,
    ));
    Ok(Report { text, missed })
}
