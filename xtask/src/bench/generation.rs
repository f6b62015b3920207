//! Generation group: load, lower, emit and render, for the real spec and synthetic specs.

use super::{Report, duration, run_bench_target, table, verdict};

/// Goal for the real spec, YAML parsing included, in nanoseconds.
const REAL_SPEC_GOAL_NS: f64 = 50e6;

/// Goal for the spread of the time per operation across synthetic sizes.
const PER_OPERATION_SPREAD_GOAL: f64 = 2.0;

pub(super) fn run(quick: bool) -> Result<Report, String> {
    let records = run_bench_target("generation", quick)?;

    let mut rows = Vec::new();
    let mut real_total = None;
    let mut synthetic_per_operation = Vec::new();
    for record in &records {
        let spec = record.text("spec")?;
        let operations = record.number("operations")?;
        let total = record.number("total_ns")?;
        let per_operation = total / operations;
        if spec == "real" {
            real_total = Some(total);
        } else {
            synthetic_per_operation.push((spec.to_owned(), per_operation));
        }
        rows.push(vec![
            spec.to_owned(),
            format!("{operations:.0}"),
            duration(total),
            duration(per_operation),
            duration(record.number("load_ns")?),
            duration(record.number("lower_ns")?),
            duration(record.number("emit_ns")?),
            duration(record.number("render_ns")?),
            format!("{:.0} KiB", record.number("output_bytes")? / 1024.0),
        ]);
    }

    let mut text = String::from("## Generation\n\n");
    text.push_str("Median of interleaved rounds; load includes YAML parsing, render is prettyplease.\n\n");
    text.push_str(&table(
        &["spec", "operations", "total", "per operation", "load", "lower", "emit", "render", "output"],
        &rows,
    ));
    text.push('\n');

    let mut missed = Vec::new();
    let real_total = real_total.ok_or("the generation bench printed no record for the real spec")?;
    let met = real_total < REAL_SPEC_GOAL_NS;
    text.push_str(&format!(
        "- Goal: real spec under {}: {} ({}).\n",
        duration(REAL_SPEC_GOAL_NS),
        duration(real_total),
        verdict(met)
    ));
    if !met {
        missed.push(format!("generation of the real spec took {}", duration(real_total)));
    }

    let fastest = synthetic_per_operation.iter().map(|(_, time)| *time).fold(f64::INFINITY, f64::min);
    let slowest = synthetic_per_operation.iter().map(|(_, time)| *time).fold(0.0, f64::max);
    let spread = slowest / fastest;
    let sizes: Vec<&str> = synthetic_per_operation.iter().map(|(spec, _)| spec.as_str()).collect();
    let met = spread <= PER_OPERATION_SPREAD_GOAL;
    text.push_str(&format!(
        "- Goal: time per operation within {PER_OPERATION_SPREAD_GOAL}× across {}: slowest / fastest = {spread:.2}× ({}).\n",
        sizes.join(", "),
        verdict(met)
    ));
    if !met {
        missed.push(format!("time per operation varies {spread:.2}× across synthetic sizes"));
    }
    Ok(Report { text, missed })
}
