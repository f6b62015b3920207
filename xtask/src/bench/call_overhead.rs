//! Call overhead group: `list_instance_details` through the generated client against raw
//! reqwest, both against a loopback server.

use super::{Report, duration, run_bench_target, table, verdict};

/// Goal for the generated client's per-call time as a multiple of raw reqwest's.
const RATIO_GOAL: f64 = 1.05;

pub(super) fn run(quick: bool) -> Result<Report, String> {
    let records = run_bench_target("call_overhead", quick)?;

    let mut rows = Vec::new();
    let mut missed = Vec::new();
    for record in &records {
        let instances = record.number("instances")?;
        let generated = record.number("generated_ns")?;
        let raw = record.number("raw_ns")?;
        let ratio = record.number("ratio")?;
        let met = ratio <= RATIO_GOAL;
        if !met {
            missed.push(format!(
                "a call with {instances:.0} instances takes {ratio:.3}× raw reqwest"
            ));
        }
        rows.push(vec![
            format!("{instances:.0}"),
            format!("{:.0}", record.number("rounds")?),
            duration(generated),
            duration(raw),
            duration(generated - raw),
            format!("{ratio:.3}×"),
            format!("≤ {RATIO_GOAL}× ({})", verdict(met)),
        ]);
    }

    let mut text = String::from("## Call overhead\n\n");
    text.push_str(
        "`client.list_instance_details(None)` against the same GET sent with the same \
         `reqwest::Client` and headers and decoded into the same types, alternating batches, \
         against a server on 127.0.0.1. Times are medians per call. Ratio: generated / raw per \
         round, median.\n\n",
    );
    text.push_str(&table(
        &["instances in body", "rounds", "generated", "raw reqwest", "difference", "ratio", "goal"],
        &rows,
    ));
    Ok(Report { text, missed })
}
