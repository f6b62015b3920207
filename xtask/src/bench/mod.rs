//! `cargo xtask bench`: runs the benchmark groups and prints one Markdown table per group.
//!
//! Generation, decoding and call overhead run as bench targets of the `benchmarks` crate
//! (`cargo bench -p benchmarks --bench NAME`), so that they are measured in an optimized build.
//! Those targets print `@bench key=value ...` records, which the group modules here turn
//! into tables and compare with the goals. Build cost runs cargo itself from here.

mod build_cost;
mod call_overhead;
mod decoding;
mod generation;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::process::{Command, Stdio};

/// A benchmark group, as named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Group {
    /// Load, lower, emit and render for the real spec and synthetic specs.
    Generation,
    /// Decoding detail-list bodies through the generated types.
    Decoding,
    /// Per-call time of the generated client against raw reqwest.
    CallOverhead,
    /// Cold release build time, peak memory and dependency tree of the client.
    BuildCost,
}

/// Runs `groups`, or every group when it is empty, and prints their tables.
pub fn run(groups: &[Group], quick: bool) -> Result<(), String> {
    let all = [
        Group::Generation,
        Group::Decoding,
        Group::CallOverhead,
        Group::BuildCost,
    ];
    let selected: Vec<Group> = if groups.is_empty() {
        all.to_vec()
    } else {
        all.into_iter().filter(|group| groups.contains(group)).collect()
    };

    print_machine(quick);
    let mut missed = Vec::new();
    for group in selected {
        let report = match group {
            Group::Generation => generation::run(quick)?,
            Group::Decoding => decoding::run(quick)?,
            Group::CallOverhead => call_overhead::run(quick)?,
            Group::BuildCost => build_cost::run(quick)?,
        };
        println!("{}", report.text);
        missed.extend(report.missed);
    }

    if missed.is_empty() {
        println!("Every goal measured in this run was met.");
    } else {
        println!("Goals missed in this run:");
        for goal in &missed {
            println!("- {goal}");
        }
    }
    Ok(())
}

/// The printed section of one group and the goals that it missed.
struct Report {
    text: String,
    missed: Vec<String>,
}

/// Prints the core count, memory and compiler version, which every table depends on.
fn print_machine(quick: bool) {
    let cores = std::thread::available_parallelism().map_or_else(|_| "unknown".to_owned(), |n| n.to_string());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|line| line.starts_with("MemTotal:"))?;
            let kibibytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB", kibibytes / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let rustc = command_output(Command::new("rustc").arg("--version"))
        .map_or_else(|error| format!("unknown ({error})"), |text| text.trim().to_owned());
    println!("# cargo xtask bench{}\n", if quick { " --quick" } else { "" });
    println!("Machine: {cores} cores, {memory} memory, {rustc}.");
    if quick {
        println!("Quick mode: fewer rounds and smaller inputs; use the figures as a smoke test only.");
    }
    println!();
}

/// One `@bench` record: its `key=value` fields.
struct Record {
    fields: BTreeMap<String, String>,
}

impl Record {
    fn text(&self, key: &str) -> Result<&str, String> {
        self.fields
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| format!("bench record is missing the field `{key}`: {:?}", self.fields))
    }

    fn number(&self, key: &str) -> Result<f64, String> {
        let text = self.text(key)?;
        text.parse()
            .map_err(|_| format!("bench record field `{key}` is not a number: {text:?}"))
    }
}

/// Runs the bench target `name` of the `benchmarks` crate and returns its records. Compiler
/// and progress messages go straight to stderr.
fn run_bench_target(name: &str, quick: bool) -> Result<Vec<Record>, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(crate::repository_root())
        .args(["bench", "--quiet", "-p", "benchmarks", "--bench", name, "--"]);
    if quick {
        command.arg("--quick");
    }
    let stdout = command_output(&mut command)?;
    let records: Vec<Record> = stdout
        .lines()
        .filter_map(|line| line.strip_prefix("@bench "))
        .map(|line| Record {
            fields: line
                .split_whitespace()
                .filter_map(|field| field.split_once('='))
                .map(|(key, value)| (key.to_owned(), value.to_owned()))
                .collect(),
        })
        .collect();
    if records.is_empty() {
        return Err(format!("bench target `{name}` printed no @bench records"));
    }
    Ok(records)
}

/// Runs `command` with stderr passed through and returns its stdout.
fn command_output(command: &mut Command) -> Result<String, String> {
    let output = command
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("failed to start {command:?}: {error}"))?;
    if !output.status.success() {
        return Err(format!("{command:?} failed with {}", output.status));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{command:?} printed invalid UTF-8"))
}

/// Formats a Markdown table with padded columns.
fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|header| header.len()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }

    let mut text = String::new();
    let line = |cells: Vec<&str>, text: &mut String| {
        text.push('|');
        for (cell, width) in cells.iter().zip(&widths) {
            let _ = write!(text, " {cell:<width$} |");
        }
        text.push('\n');
    };
    line(headers.to_vec(), &mut text);
    let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
    line(rule.iter().map(String::as_str).collect(), &mut text);
    for row in rows {
        line(row.iter().map(String::as_str).collect(), &mut text);
    }
    text
}

/// Formats nanoseconds with a unit that keeps three or four significant digits.
fn duration(nanoseconds: f64) -> String {
    if nanoseconds >= 1e9 {
        format!("{:.2} s", nanoseconds / 1e9)
    } else if nanoseconds >= 1e6 {
        format!("{:.2} ms", nanoseconds / 1e6)
    } else if nanoseconds >= 1e3 {
        format!("{:.1} µs", nanoseconds / 1e3)
    } else {
        format!("{nanoseconds:.0} ns")
    }
}

/// Returns "met" or "missed".
fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "missed" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_pads_columns() {
        let text = table(&["a", "long header"], &[vec!["wide cell".to_owned(), "1".to_owned()]]);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "| a         | long header |");
        assert_eq!(lines[1], "| --------- | ----------- |");
        assert_eq!(lines[2], "| wide cell | 1           |");
    }

    #[test]
    fn duration_units() {
        assert_eq!(duration(950.0), "950 ns");
        assert_eq!(duration(12_345.0), "12.3 µs");
        assert_eq!(duration(13_061_683.0), "13.06 ms");
        assert_eq!(duration(2_500_000_000.0), "2.50 s");
    }
}
